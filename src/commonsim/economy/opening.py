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
from commonsim.mechanisms.prices import open_prices
from commonsim.mechanisms.production import knowledge_gains
from commonsim.mechanisms.wages import pay_per_labour_year


def open_balances(e: Economy) -> None:
    """Opening deposits, bonds, capital, expectations and homes of period 0.

    Equations:
        Y0 = 0.93 * A * (1 + g_P) * h * sum_i s_i      (0 when producing to order)
        Xe_j = Y0 / nP;  K_j = technology.capital_output * Xe_j   (proprietary firms)
        w0 = labour.bargaining * A * mean_i s_i
        Dtot = households.initial_deposits * w0 * N
        D_i = opening_deposits(Dtot)_i;  B = sum_i D_i   (the bank holds the bonds)
        GDP = Y0;  wbar = w0;  Ybar = Ymed = labour.bargaining * Y0 / N;  YD_i = Ybar
        homes and mortgages: open_homes (where housing.enabled)
        where A = technology.productivity, g_P the productivity gain of a proprietary
        firm from the knowledge it can use at the opening (production.set_productivity:
        the public and proprietary stocks, and the commons where it exists),
        h = labour.standard_hours, s_i household i's skill, 0.93 the
        opening utilisation of potential output, nP the number of proprietary firms, Xe_j
        and K_j firm j's expected sales and capital, w0 the opening wage per full-time
        effective year, N the number of households, D_i its deposits, B the bonds,
        wbar, Ybar, Ymed the mean wage and mean and median disposable income that period
        0's decisions read, and YD_i household i's (last) disposable income.
    """
    p, hh, firms, agg = e.params, e.state.households, e.state.firms, e.state.agg
    n = hh.n
    prop = firms.form == PROPRIETARY
    if p.engine.production == "to-order":
        y0 = 0.0
    else:
        gain = 1.0 + float(knowledge_gains(e)[0][prop][0])
        y0 = p.technology.productivity * gain * hh.skill.sum() * p.labour.standard_hours * 0.93
    open_prices(e)
    firms.expected[prop] = y0 / prop.sum()
    firms.capital[prop] = p.technology.capital_output * firms.expected[prop]
    mean_wage = pay_per_labour_year(agg.unit_wage, p.technology.productivity) * float(
        hh.skill.mean())
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
