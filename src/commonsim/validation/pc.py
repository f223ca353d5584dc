"""Godley & Lavoie's model PC (ch. 4), run on the full engine (the ``pc`` preset).

PC is SIM with state bills: households split their wealth between money and bills by
Tobin's rule, the central bank holds the bills households do not, and interest on bills
is income (taxed) in the period it is paid. The engine runs it with its own households,
producer, bank (the consolidated central bank), state and ledger
(:mod:`commonsim.mechanisms.portfolio`).

Expected values: the stationary state published with the book's PC (V = 86.49, bills
64.87 and money 21.62 held by households, Y = 106.49; Zezza's EViews programs for the
book), the stationary state of PC's equations for other parameters, and, for the path
after a shock, PC's equations (4.1-4.11) iterated period by period from the same
stationary state (:func:`book_path`), the book's own experiment being a rise of the bills
rate from 2.5% to 3.5% (figures 4.3-4.4). What the engine gives is read from its outputs:
Y is the ``gdp`` metric, V the ``household_deposits`` metric, B_s the ``state_bonds``
metric, bills the households' portfolio memo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from commonsim.api import Result, simulate
from commonsim.regimes import Change, load_regime
from commonsim.validation.rows import CheckRow, compare
from commonsim.validation.sim import SimParameters

#: The stationary state the book's PC starts from (standard parameters, r = 2.5%).
PUBLISHED_STATE = {"V": 86.49, "B_h": 64.87, "H": 21.62, "Y": 106.49}
#: The published values have two decimals.
PUBLISHED_TOLERANCE = 0.01
#: The engine's path must follow PC's equations to this.
TOLERANCE = 1e-6
#: Periods run from zero stocks before a shock, and after it (the gap to the stationary
#: state shrinks by a factor of at most 0.885 a period for every parameter set below, so
#: it is then below 1e-10 of it).
SETTLE = 200
#: Identities are checked to this precision relative to wealth (output is solved to order
#: to 1e-11 a period; 400 periods accumulate the rest).
IDENTITY_TOLERANCE = 1e-9
#: Periods compared after the shock.
AFTER = 30


@dataclass(frozen=True)
class PcParameters:
    """PC's parameters in the book's notation."""

    G: float  # noqa: N815 - the book's symbol
    theta: float
    alpha1: float
    alpha2: float
    r: float
    lambda0: float
    lambda1: float
    lambda2: float

    def overrides(self, households: int) -> dict[str, float]:
        """The engine keys that play PC's parameters for `households` agents."""
        sim = SimParameters(self.G, self.theta, self.alpha1, self.alpha2)
        return {
            **sim.overrides(households),
            "finance.bond_rate": self.r,
            "finance.bills_lambda0": self.lambda0,
            "finance.bills_lambda1": self.lambda1,
            "finance.bills_lambda2": self.lambda2,
        }

    def label(self) -> str:
        """The parameters as a short label for check names."""
        return (f"G={self.G:g} theta={self.theta:g} a1={self.alpha1:g} a2={self.alpha2:g}"
                f" r={self.r:g}")

    def steady_state(self) -> dict[str, float]:
        """Stationary state of PC's equations: V = (1 - a1) / a2 YD, balanced budget."""
        k = (1.0 - self.alpha1) / self.alpha2
        share = self.lambda0 + self.lambda1 * self.r - self.lambda2 / k
        yd = (1.0 - self.theta) * self.G / (
            1.0 - (1.0 - self.theta) * (1.0 + self.r * share * k))
        v = k * yd
        return {"Y": yd + self.G, "YD": yd, "V": v, "B_h": share * v, "H": (1.0 - share) * v}


def book_path(p: PcParameters, start: dict[str, float], r_before: float,
              periods: int) -> list[dict[str, float]]:
    """PC's equations 4.1-4.11 iterated from `start` (V, B_h), bills bought at `r_before`.

    Each period, Y solves Y = G + a1 YD + a2 V[-1] with YD = (1 - theta)(Y + r[-1] B_h[-1]).
    """
    v, bills, rate = start["V"], start["B_h"], r_before
    out = []
    for _ in range(periods):
        interest = rate * bills
        y = (p.G + p.alpha2 * v + p.alpha1 * (1.0 - p.theta) * interest) / (
            1.0 - p.alpha1 * (1.0 - p.theta))
        yd = (1.0 - p.theta) * (y + interest)
        c = p.alpha1 * yd + p.alpha2 * v
        v = v + yd - c
        bills = v * (p.lambda0 + p.lambda1 * p.r) - p.lambda2 * yd
        rate = p.r
        out.append({"Y": y, "V": v, "B_h": bills})
    return out


STANDARD = PcParameters(G=20.0, theta=0.2, alpha1=0.6, alpha2=0.4, r=0.025, lambda0=0.635,
                        lambda1=5.0, lambda2=0.01)

#: Shocks run from the standard stationary state: the book's rise of the rate to 3.5%, its
#: rise of the propensity to consume to 0.7, and other valid parameter sets.
SHOCKS: tuple[PcParameters, ...] = (
    replace(STANDARD, r=0.035),
    replace(STANDARD, alpha1=0.7),
    replace(STANDARD, r=0.01, theta=0.25, G=25.0),
    replace(STANDARD, lambda0=0.5, lambda1=8.0, lambda2=0.05, alpha2=0.3),
)


def run_pc(before: PcParameters, after: PcParameters | None, households: int,
           years: int, shock_year: int = SETTLE) -> Result:
    """Run the ``pc`` preset from zero stocks with `before`, switching to `after`."""
    regime = load_regime("pc", before.overrides(households))
    if after is not None:
        regime.schedule.append(Change(shock_year, after.overrides(households), "PC shock"))
    return simulate(regime, households=households, years=years, seed=0, keep_matrices=False)


def check_pc_steady_state(households: Sequence[int] = (1, 10, 1000), settle: int = SETTLE
                          ) -> list[CheckRow]:
    """The engine settles at the book's published stationary state, for several N."""
    rows: list[CheckRow] = []
    for n in households:
        result = run_pc(STANDARD, None, n, settle)
        got = _stocks(result, -1)
        group = f"PC stationary state, N={n}"
        for key, expected in PUBLISHED_STATE.items():
            rows.append(compare(group, key, expected, got[key], PUBLISHED_TOLERANCE))
        rows.append(_hidden(group, got))
    return rows


def check_pc_paths(households: int = 1, shocks: Sequence[PcParameters] = SHOCKS,
                   settle: int = SETTLE) -> list[CheckRow]:
    """After each shock, Y, V and bills follow PC's equations; new stationary state."""
    rows: list[CheckRow] = []
    start = STANDARD.steady_state()
    for after in shocks:
        result = run_pc(STANDARD, after, households, 2 * settle, shock_year=settle)
        expected = book_path(after, start, STANDARD.r, AFTER)
        group = f"PC path after shock to {after.label()}"
        worst = {key: 0.0 for key in ("Y", "V", "B_h")}
        for t, row in enumerate(expected):
            got = _stocks(result, settle + t)
            for key in worst:
                worst[key] = max(worst[key], abs(got[key] - row[key]))
        for key, gap in worst.items():
            rows.append(compare(group, f"largest |{key} - book| over {AFTER} periods", 0.0, gap,
                                TOLERANCE))
        final = _stocks(result, -1)
        for key, value in after.steady_state().items():
            if key in final:
                rows.append(compare(group, f"new stationary state {key} ({settle} periods on)",
                                    value, final[key], TOLERANCE))
        rows.append(_hidden(group, final))
    return rows


def _hidden(group: str, stocks: dict[str, float]) -> CheckRow:
    """PC's redundant equation, relative to wealth.

    The money the bank issued (the bills it holds, B_s - B_h) equals the money households
    hold (V - B_h).
    """
    gap = (stocks["B_s"] - stocks["V"]) / max(abs(stocks["V"]), 1.0)
    return compare(group, "hidden equation (H_s - H_h) / V", 0.0, gap, IDENTITY_TOLERANCE)


def _stocks(result: Result, period: int) -> dict[str, float]:
    """Y, V, B_s and households' bills and money in `period` (bills only at the end)."""
    m = result.metrics.iloc[period]
    out = {"Y": float(m["gdp"]), "V": float(m["household_deposits"]),
           "B_s": float(m["state_bonds"]), "B_h": float(m["household_bills"])}
    out["H"] = out["V"] - out["B_h"]
    return out
