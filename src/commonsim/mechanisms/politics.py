"""The political rule: institutions respond to the constituencies of the economy (issue 19).

Bauwens calls the three models *competing*; here they compete for institutions. At the end
of each year three constituencies are measured from the economy, each gets a political
power, and every institution listed in :data:`INSTITUTIONS` moves, slowly and within its
bounds, towards the level the constituencies that care about it favour:

- organised labour: wage earners (employees and task workers) as a share of households,
  times union density (``politics.union_density``);
- owners of the proprietary firms, the platform and the bank: their share of positive net
  worth (wealth, the base Gilens & Page 2014 find carries independent influence);
- commoners: the mean of cooperative members' and civic contributors' share of households
  and of the income they earn as members, stipends and solidarity.

The form is the political-support function of Grossman & Helpman (1994) with quadratic
losses: each constituency wants its favoured bound; the policy that maximises the weighted
sum of their welfare is the power-weighted mean of those bounds. Reform is slow: the level
moves towards that target by at most ``speed x (high - low)`` a year (an assumption: a
reform takes about a decade). With every weight at zero (or the rule off) nothing moves and
the regime is its fixed preset; a constituency that alone cares about an institution moves
it to its bound and no further.

Institutions whose own institution is off (IP rent without proprietary knowledge, commons
support without a commons pool ...) are left alone: moving them would change nothing or
break a declared requirement (``params.REQUIRES``).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from commonsim.economy.balance import net_worth
from commonsim.economy.economy import Economy
from commonsim.economy.state import EMPLOYEE, GIG
from commonsim.params import REQUIRES, Parameters, flat_values, is_on

IMPLEMENTS = ("M1.5", "M1.6", "M2.6", "M3.6", "M3.11")

LABOUR, CAPITAL, COMMONS = "labour", "capital", "commons"
#: The constituencies, in the order their powers are reported.
CONSTITUENCIES: tuple[str, ...] = (LABOUR, CAPITAL, COMMONS)

#: Income kinds that count as commoners' income.
COMMONS_INCOME = ("coop_pay", "coop_surplus", "stipends", "solidarity")


@dataclass(frozen=True)
class Institution:
    """One institutional parameter the political rule may move."""

    key: str
    low: float
    high: float
    #: Most the level moves in a year, as a share of ``high - low``.
    speed: float
    raise_: tuple[str, ...]
    lower: tuple[str, ...]
    #: Keys that must be on for this institution to mean anything.
    needs: tuple[str, ...]
    source: str


_DECADE = 0.1  # assumption: a reform from one bound to the other takes about ten years

#: Every institution the political rule may move: bounds, speed, who favours which way.
INSTITUTIONS: tuple[Institution, ...] = (
    Institution("labour.bargaining", 0.55, 0.70, _DECADE, (LABOUR, COMMONS), (CAPITAL,), (),
                "BLS nonfarm labour share 58.4% (2016) to 65.8% (1947), widened by 3 points"),
    Institution("state.benefit_replacement", 0.3, 0.7, _DECADE, (LABOUR,), (CAPITAL,), (),
                "assumption: around the 0.5 of the presets"),
    Institution("state.basic_income", 0.0, 0.5, _DECADE, (COMMONS,), (CAPITAL,), (),
                "assumption: up to twice model 3's quarter of median income"),
    Institution("state.commons_support", 0.0, 0.01, _DECADE, (COMMONS,), (CAPITAL,),
                ("commons.enabled",), "assumption: up to twice model 3's 0.5% of GDP"),
    Institution("state.externality_tax", 0.0, 0.26, _DECADE, (COMMONS,), (CAPITAL,), (),
                "up to twice the 0.13 of unpriced natural-capital costs (Trucost for TEEB"
                " 2013)"),
    Institution("ip.rent_rate", 0.0, 0.10, _DECADE, (CAPITAL,), (COMMONS,), ("ip.enabled",),
                "assumption: up to twice the 0.05 of the presets"),
    Institution("platforms.take_rate", 0.1, 0.3, _DECADE, (CAPITAL,), (LABOUR, COMMONS),
                ("platforms.enabled",),
                "app stores 15-30%, MTurk 20%, Uber 21-23% (params.platforms.take_rate)"),
    Institution("state.support_to_finance", 0.0, 0.02, _DECADE, (CAPITAL,),
                (LABOUR, COMMONS), (), "assumption: up to 2% of GDP a year"),
    Institution("market.procurement_preference", 0.0, 2.0, _DECADE, (COMMONS,), (CAPITAL,),
                ("cooperatives.enabled",), "assumption: up to twice model 3's 1.0"),
)

#: Each institution by key.
BY_KEY: dict[str, Institution] = {i.key: i for i in INSTITUTIONS}


def level_metric(key: str) -> str:
    """The name of the metric that reports institution `key`'s level (metrics.py)."""
    return f"institution_{key.replace('.', '_')}"


#: The level metrics of every institution, in table order.
INSTITUTION_METRICS: tuple[str, ...] = tuple(level_metric(i.key) for i in INSTITUTIONS)


def constituency_bases(e: Economy) -> dict[str, float]:
    """Each constituency's base in [0, 1], measured from the finished year."""
    hh, inc = e.state.households, e.ledger.income
    wage_earners = float(np.isin(hh.status, (EMPLOYEE, GIG)).mean())
    worth = np.maximum(net_worth(e), 0.0)
    total_worth = float(worth.sum())
    owners = float(worth[hh.stake > 0].sum()) / total_worth if total_worth > 0 else 0.0
    commoners = (hh.member_of >= 0) | (inc["stipends"] + inc["solidarity"] > 0)
    total_income = float(sum(v.sum() for v in inc.values()))
    commons_income = float(sum(inc[k].sum() for k in COMMONS_INCOME))
    income_share = max(commons_income, 0.0) / total_income if total_income > 0 else 0.0
    return {
        LABOUR: wage_earners * e.params.politics.union_density,
        CAPITAL: owners,
        COMMONS: 0.5 * (float(commoners.mean()) + min(income_share, 1.0)),
    }


def powers(params: Parameters, bases: dict[str, float]) -> dict[str, float]:
    """Each constituency's political power: its weight times its base."""
    pol = params.politics
    weight = {LABOUR: pol.labour_weight, CAPITAL: pol.capital_weight,
              COMMONS: pol.commons_weight}
    return {c: weight[c] * max(bases[c], 0.0) for c in CONSTITUENCIES}


def target(inst: Institution, power: dict[str, float]) -> float | None:
    """The power-weighted mean of the bounds the interested constituencies favour.

    None when no constituency with power cares about `inst` (the level then stays).
    """
    up = sum(p for c, p in power.items() if p > 0 and c in inst.raise_)
    down = sum(p for c, p in power.items() if p > 0 and c in inst.lower)
    if up + down <= 0:
        return None
    if down <= 0 or up <= 0:  # one side alone: exactly its bound
        return inst.high if up > 0 else inst.low
    return (up * inst.high + down * inst.low) / (up + down)


def next_level(inst: Institution, level: float, goal: float | None) -> float:
    """The level after one year of reform towards `goal`, at most `speed` of the range."""
    if goal is None:
        return level
    most = inst.speed * (inst.high - inst.low)
    if abs(goal - level) <= most:
        return goal
    return level + (most if goal > level else -most)


def movable(inst: Institution, values: dict[str, object]) -> bool:
    """Whether `inst` means anything in this regime (its own and declared needs are on)."""
    needs = inst.needs + REQUIRES.get(inst.key, ((), ""))[0]
    return all(is_on(values[need]) for need in needs)


def new_levels(params: Parameters, power: dict[str, float]) -> dict[str, float]:
    """Every institution's level after this year's reform, for those that move."""
    values = flat_values(params)
    changed = {}
    for inst in INSTITUTIONS:
        if not movable(inst, values):
            continue
        level = float(values[inst.key])
        new = next_level(inst, level, target(inst, power))
        if new != level:
            changed[inst.key] = new
    return changed


def with_levels(params: Parameters, levels: dict[str, float]) -> Parameters:
    """A copy of `params` with the dotted `levels` set (the regime's own object is kept)."""
    out = params.model_copy(deep=True)
    for key, value in levels.items():
        section, _, name = key.partition(".")
        setattr(getattr(out, section), name, value)
    return out


def apply_political_rule(e: Economy) -> None:
    """Move each institution towards what the weighted constituencies favour.

    Runs at the end of the year; the new levels apply from next year.

    Equations:
        B_labour  = (employees + task workers) / households * union_density
        B_capital = sum of owners' positive net worth / sum of all positive net worth
        B_commons = (share of households that are members or receive stipends/solidarity
                     + commoners' income / all household income) / 2
        P_c = w_c * B_c                        (w_c: politics.<c>_weight)
        T_k = sum_c P_c * b_kc / sum_c P_c     over constituencies c that favour a
                                               direction for k; b_kc is high_k if c
                                               favours raising k, low_k if lowering
        x_k' = x_k + clip(T_k - x_k, -s_k * (high_k - low_k), s_k * (high_k - low_k))
        (x_k unchanged when no constituency with power cares about k; s_k: speed)
    """
    power = powers(e.params, constituency_bases(e))
    changed = new_levels(e.params, power)
    before = flat_values(e.params)
    e.period.political_power = power
    e.period.institution_changes = {k: v - float(before[k]) for k, v in changed.items()}
    if changed:
        e.params = with_levels(e.params, changed)
