"""Opening balance sheets and expectations at the start of period 0.

Initial conditions, not transactions: households hold deposits that the bank matches with
state bonds (past deficits), firms own capital outright (owned by shareholders), homeowners
carry the mortgages of past purchases (:func:`commonsim.mechanisms.housing.open_homes`), so
every balance sheet closes before the first period opens.
"""

from __future__ import annotations

from commonsim.economy.economy import Economy
from commonsim.economy.state import PROPRIETARY, opening_deposits
from commonsim.mechanisms.housing import open_homes
from commonsim.mechanisms.mixed_start import open_mixed_sectors
from commonsim.mechanisms.wages import pay_per_labour_year


def open_balances(e: Economy) -> None:
    """Opening deposits, bonds, capital, expectations and homes of period 0."""
    p, hh, firms, agg = e.params, e.state.households, e.state.firms, e.state.agg
    n = hh.n
    prop = firms.form == PROPRIETARY
    if p.engine.production == "to-order":
        y0 = 0.0
    else:
        gain = 1.0 + (p.technology.ip_productivity if p.ip.enabled else 0.0)
        y0 = p.technology.productivity * gain * hh.skill.sum() * p.labour.standard_hours * 0.93
    firms.expected[prop] = y0 / prop.sum()
    firms.capital[prop] = p.technology.capital_output * firms.expected[prop]
    mean_wage = pay_per_labour_year(p, p.technology.productivity) * float(hh.skill.mean())
    total = p.households.initial_deposits * mean_wage * n
    if total > 0:
        deposits = opening_deposits(total, hh.stake)
        e.ledger.deposits["households"][:] = deposits
        e.ledger.bonds = float(deposits.sum())
    agg.gdp = y0
    agg.mean_wage = mean_wage
    agg.mean_income = p.labour.bargaining * y0 / n
    agg.median_income = agg.mean_income
    hh.disposable[:] = agg.mean_income
    if p.housing.enabled:
        open_homes(e)
    open_mixed_sectors(e)
