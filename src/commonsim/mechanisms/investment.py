"""Firms' investment in physical capital, bought from other firms' output.

Firms aim at a capital stock of ``technology.capital_output`` times expected sales,
replacing depreciation and closing part of the gap each year. Investment is demand for
output like any other; capital is the economy's tangible wealth.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.mechanisms.goods import buy

IMPLEMENTS: tuple[str, ...] = ()


def invest(e: Economy) -> None:
    """Firms and entities buy capital goods towards their target stock.

    Equations:
        gap_j = technology.capital_output * Xe_j - K_j
        Id_j = max(technology.depreciation * K_j + technology.investment_adjust * gap_j, 0)
        Id_j = min(Id_j, max(D_j, 0))   for entities where cooperatives.credit is off
        I_j = buy(Id_j);  K_j = K_j + I_j
        where Xe_j is firm j's expected sales, K_j its capital, D_j its deposits, Id_j
        the investment it wants (live firms and entities, not the platform) and I_j what
        the goods market delivered.
    """
    p, f = e.params, e.state.firms
    tech = p.technology
    investing = f.alive & (firm_attribute(p, f, "sells_goods") > 0)
    # Capital is held at cost in money; the target is priced at this year's price level.
    gap = tech.capital_output * f.expected * e.state.agg.price_index - f.capital
    wanted = tech.depreciation * f.capital + tech.investment_adjust * gap
    wanted = np.where(investing, np.maximum(wanted, 0.0), 0.0)
    # Without credit a producer can only invest the money it holds.
    cash = np.maximum(e.ledger.deposits["firms"], 0.0)
    credit = firm_attribute(p, f, "credit_access") > 0
    wanted = np.where(credit, wanted, np.minimum(wanted, cash))
    spent = buy(e, "investment", "firms", wanted)
    f.capital += spent
    e.period.investment = float(np.sum(spent))
    e.period.investment_by_firm = spent


def depreciate(e: Economy) -> None:
    """Capital wears out at ``technology.depreciation`` a year.

    Equations:
        K_j = (1 - technology.depreciation) * K_j
        where K_j is firm j's capital.
    """
    f = e.state.firms
    e.period.depreciation = e.params.technology.depreciation * float(f.capital.sum())
    f.capital *= 1.0 - e.params.technology.depreciation
