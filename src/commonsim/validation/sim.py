"""Godley & Lavoie's model SIM, run on the full engine (the ``sim`` preset).

Parameter mapping (the preset's comment says the same): G is total government purchases,
``state.purchases_per_household`` times the number of households; theta is
``state.income_tax``; alpha1 is ``households.propensity_income``; alpha2 is
``households.propensity_wealth``. The checks set ``purchases_per_household = G / N`` so
that the engine's aggregates are the book's numbers for any N.

What the engine gives is read from its own outputs: Y is the ``gdp`` metric, C the
``consumption`` metric, H the ``household_deposits`` metric, T the ``income_tax`` row of the
transaction-flow matrix (the state's receipts), YD the households' disposable income in the
final state. The expected values are the book's published path and the closed-form results
stated in ``research/validation.md`` (steady state, first period).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from commonsim.api import Result, simulate
from commonsim.validation.rows import CheckRow, compare

#: Book Table 3.4 (Godley & Lavoie 2007), standard parameters, all stocks zero at start.
PUBLISHED_Y: tuple[float, ...] = (
    38.462, 47.929, 55.940, 62.718, 68.454, 73.307, 77.414, 80.889, 83.829, 86.317,
)
PUBLISHED_H: tuple[float, ...] = (12.308, 22.722, 31.534, 38.990, 45.299)

#: The published values have three decimals; the engine must match them to this.
TOLERANCE = 1e-3
#: Identities that hold by construction are checked to this relative precision.
IDENTITY_TOLERANCE = 1e-9


@dataclass(frozen=True)
class SimParameters:
    """SIM's four parameters in the book's notation."""

    G: float  # noqa: N815 - the book's symbol
    theta: float
    alpha1: float
    alpha2: float

    def overrides(self, households: int) -> dict[str, float]:
        """The engine keys that play G, theta, alpha1 and alpha2 for `households` agents."""
        return {
            "state.purchases_per_household": self.G / households,
            "state.income_tax": self.theta,
            "households.propensity_income": self.alpha1,
            "households.propensity_wealth": self.alpha2,
        }

    def label(self) -> str:
        """The parameter set as a short label."""
        return f"G={self.G:g} theta={self.theta:g} a1={self.alpha1:g} a2={self.alpha2:g}"

    # -- expected values: the general closed forms of research/validation.md ---------------
    def first_output(self) -> float:
        """Y in the first period from zero stocks: G / (1 - alpha1 (1 - theta))."""
        return self.G / (1.0 - self.alpha1 * (1.0 - self.theta))

    def steady_state(self) -> dict[str, float]:
        """Y* = G / theta, T* = G, YD* = C* = Y* - T*, H* = (1 - alpha1) / alpha2 YD*."""
        y = self.G / self.theta
        yd = y - self.G
        return {"Y": y, "T": self.G, "YD": yd, "C": yd, "H": (1.0 - self.alpha1) / self.alpha2 * yd}

    def periods_to_settle(self, precision: float = 1e-9, most: int = 2000) -> int:
        """Periods after which the gap to the steady state is below `precision` of it.

        The gap shrinks by 1 - theta alpha2 / (1 - alpha1 (1 - theta)) each period; this only
        decides how long to run, the steady-state values still come from the engine.
        """
        rate = 1.0 - self.theta * self.alpha2 / (1.0 - self.alpha1 * (1.0 - self.theta))
        if rate <= 0.0:
            return 10
        return min(most, 10 + math.ceil(math.log(precision) / math.log(rate)))


STANDARD = SimParameters(G=20.0, theta=0.2, alpha1=0.6, alpha2=0.4)

#: Other valid parameter sets (0 < theta <= 1, 0 <= alpha1 < 1, 0 < alpha2 <= 1).
ALTERNATIVES: tuple[SimParameters, ...] = (
    SimParameters(G=30.0, theta=0.25, alpha1=0.7, alpha2=0.3),
    SimParameters(G=50.0, theta=0.4, alpha1=0.8, alpha2=0.5),
    SimParameters(G=12.5, theta=0.1, alpha1=0.5, alpha2=0.8),
)


def run_sim(
    params: SimParameters, households: int, years: int, seed: int = 0,
    extra: dict[str, Any] | None = None,
) -> Result:
    """Run the ``sim`` preset of the engine with SIM's parameters set to `params`.

    `extra` overrides other engine keys (tests use it to break the configuration).
    """
    return simulate("sim", households=households, years=years, seed=seed,
                    overrides={**params.overrides(households), **(extra or {})})


def taxes(result: Result, period: int) -> float:
    """T: the state's income-tax receipts in the transaction-flow matrix of `period`."""
    return float(result.tfm(period).loc["income_tax", "state"])


def check_published_path(
    households: Sequence[int] = (1, 10, 1000), params: SimParameters = STANDARD
) -> list[CheckRow]:
    """Y for the first 10 periods and H for the first 5 against the book, for several N."""
    rows: list[CheckRow] = []
    for n in households:
        result = run_sim(params, n, len(PUBLISHED_Y))
        m = result.metrics
        group = f"SIM published path, N={n}"
        for t, y in enumerate(PUBLISHED_Y):
            rows.append(compare(group, f"Y period {t + 1}", y, m["gdp"].iloc[t], TOLERANCE))
        for t, h in enumerate(PUBLISHED_H):
            rows.append(compare(group, f"H period {t + 1}", h, m["household_deposits"].iloc[t],
                                TOLERANCE))
    return rows


def steady_state_rows(group: str, result: Result, params: SimParameters) -> list[CheckRow]:
    """Y*, T*, YD*, C*, H* of the last period of `result` against the closed forms."""
    m, last = result.metrics, result.years - 1
    got = {
        "Y": m["gdp"].iloc[last],
        "T": taxes(result, last),
        "YD": float(result.state.households.disposable.sum()),
        "C": m["consumption"].iloc[last],
        "H": m["household_deposits"].iloc[last],
    }
    expected = params.steady_state()
    return [
        compare(group, f"{k}* after {result.years} periods", expected[k], got[k], TOLERANCE)
        for k in ("Y", "T", "YD", "C", "H")
    ]


def check_steady_state(households: int = 1000, params: SimParameters = STANDARD) -> list[CheckRow]:
    """SIM with standard parameters settles at Y* = 100, T* = 20, YD* = C* = 80, H* = 80."""
    result = run_sim(params, households, params.periods_to_settle())
    return steady_state_rows(f"SIM steady state, N={households}", result, params)


def check_alternatives(
    households: int = 100, sets: Sequence[SimParameters] = ALTERNATIVES
) -> list[CheckRow]:
    """Other valid parameters: first-period Y and the steady state follow the general formulas."""
    rows: list[CheckRow] = []
    for params in sets:
        group = f"SIM {params.label()}, N={households}"
        result = run_sim(params, households, params.periods_to_settle())
        rows.append(compare(group, "Y period 1", params.first_output(),
                            result.metrics["gdp"].iloc[0], TOLERANCE))
        rows += steady_state_rows(group, result, params)
    return rows


def check_hidden_equation(
    households: Sequence[int] = (1, 1000), years: int = 60, params: SimParameters = STANDARD,
    extra: dict[str, Any] | None = None,
) -> list[CheckRow]:
    """SIM's redundant equation: money held by households equals the state's debt.

    In the engine the state's debt is the bonds it sold to the bank net of its own deposit;
    the equation closes only if no other sector keeps money and the bank makes no profit.
    The row reports the largest gap over all periods, relative to household money.
    """
    rows: list[CheckRow] = []
    for n in households:
        result = run_sim(params, n, years, extra=extra)
        worst = 0.0
        for t in range(years):
            bsm = result.bsm(t)
            money = float(bsm.loc["deposits", "households"])
            debt = -float(bsm.loc["bonds", "state"]) - float(bsm.loc["deposits", "state"])
            worst = max(worst, abs(money - debt) / max(abs(money), 1.0))
        name = f"household money vs state debt: largest relative gap in {years} periods"
        rows.append(compare(f"SIM hidden equation, N={n}", name, 0.0, worst, IDENTITY_TOLERANCE))
    return rows
