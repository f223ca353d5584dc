"""The essay as a test suite: every "shows" of characteristics.md as a machine-checkable claim.

The claims are those of the essay's claims list (verdict rule version 2), written once from
the text and never tuned. Each claim is a conjunction of parts; a part computes one number
per replicate on each side (a regime's final level, a window mean, a bound ...) and states
how the two sides must compare. Every part is

- *definitional* (D: true of a regime by the essay's definition of it) or *emergent* (E: an
  outcome of behaviour shared by every regime), as the claims list's table states; only
  emergent parts count in the headline;
- judged against a *materiality floor*: 0.01 for shares, rates and Gini coefficients, 5% of
  the larger compared magnitude for levels, stocks and ratios, or a floor of its own with
  its reason;
- judged at two *horizons* of the same runs (by default years 50 and 100), each with its own
  final window (the last five years of the horizon); early is years 5-9.

At one horizon a part *holds* when its interval excludes the reverse and its effect exceeds
the floor on the claimed side, *fails* when the reverse holds the same way, is *negligible*
when its whole interval lies within plus or minus the floor, and is *inconclusive*
otherwise; a part whose data are missing *cannot be evaluated* and says what is missing.
Across horizons a part holds only if it holds at both; holding at the first but not the
last is *transient*.

Intervals are over replicates. A comparison runs every regime on the same seeds (common
random numbers), so differences between regimes are paired seed by seed; sides without the
same replicates get Welch's interval instead. The intervals of all emergent parts at a
horizon are Holm-Bonferroni adjusted to a family-wise 5% (a part must hold at both horizons,
an intersection of tests, which needs no adjustment across horizons). Definitional parts get
plain 95% intervals. Everything here is a pure function of the long comparison frame
(regime, replicate, period, variable, value), so it can be tested on constructed data.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from commonsim.errors import ConfigError
from commonsim.regimes import load_regime
from commonsim.stats import (
    Estimate,
    Interval,
    check_frame,
    difference,
    early_periods,
    estimate,
    final_periods,
    holm_levels,
    horizon,
    regimes_in,
    series,
    slope,
    truncate,
    window_mean,
)

#: The essay's regimes as claims.md names them.
REGIMES: dict[str, str] = {
    "1a": "proprietary-balanced",
    "1b": "proprietary-weak-labour",
    "2": "netarchical",
    "3": "commons-partner-state",
}

HOLDS, FAILS, NEGLIGIBLE, INCONCLUSIVE = "holds", "fails", "negligible", "inconclusive"
TRANSIENT, MISSING = "transient", "cannot be evaluated"
#: A claim with no emergent part is listed as definitional, not counted.
DEFINITIONAL = "definitional"
#: Every verdict a part can get, in the order tables count them.
VERDICTS = (HOLDS, FAILS, TRANSIENT, NEGLIGIBLE, INCONCLUSIVE, MISSING)

#: The classes of a part (claims list, "Class of each part").
EMERGENT, DEFINITION = "E", "D"
#: Scales, each with its default materiality floor.
SHARE, LEVEL = "share", "level"
#: Floor for shares, rates and Gini coefficients (one percentage point).
SHARE_FLOOR = 0.01
#: Floor for levels, stocks and ratios, as a fraction of the larger compared magnitude.
LEVEL_FLOOR = 0.05
#: Family-wise error rate over the emergent parts at a horizon.
ALPHA = 0.05

#: Absolute tolerance under which a quantity claimed to be zero counts as zero.
ZERO_TOL = 1e-9


class Missing(Exception):  # noqa: N818 - a condition, not a failure of the harness
    """The data a part needs are not in the frame; the message says what is missing."""


# -- per-replicate quantities ----------------------------------------------------------


@dataclass
class Context:
    """The frame cut to one horizon, and the regime names to use for 1a, 1b, 2, 3."""

    frame: pd.DataFrame
    regimes: dict[str, str]

    @property
    def years(self) -> int:
        """The horizon: number of periods in the (cut) frame."""
        return horizon(self.frame)

    def name(self, label: str) -> str:
        """The regime name of a label; Missing if that regime was not run."""
        name = self.regimes.get(label, label)
        if name not in regimes_in(self.frame):
            raise Missing(f"regime {label} ({name}) was not run")
        return name

    def need(self, label: str, variable: str) -> str:
        """The regime name of a label; Missing if it does not report `variable`."""
        name = self.name(label)
        if series(self.frame, name, variable).empty:
            raise Missing(f"metric {variable!r} is not reported")
        return name


Quantity = Callable[[Context], pd.Series]


def final(label: str, variable: str) -> Quantity:
    """Per-replicate mean over the final window (last five years of the horizon)."""
    def q(c: Context) -> pd.Series:
        return window_mean(c.frame, c.need(label, variable), variable, final_periods(c.years))
    q.__doc__ = f"final {variable} in {label}"
    return q


def early(label: str, variable: str) -> Quantity:
    """Per-replicate mean over the early window (years 5-9)."""
    def q(c: Context) -> pd.Series:
        return window_mean(c.frame, c.need(label, variable), variable, early_periods(c.years))
    q.__doc__ = f"early {variable} in {label}"
    return q


def cumulative(label: str, variable: str) -> Quantity:
    """Per-replicate sum over every period up to the horizon."""
    def q(c: Context) -> pd.Series:
        return series(c.frame, c.need(label, variable), variable).sum(axis=1, min_count=1)
    q.__doc__ = f"cumulative {variable} in {label}"
    return q


def largest_abs(label: str, variables: tuple[str, ...], start: int = 0) -> Quantity:
    """Largest absolute value of the sum of `variables` in any period from `start` on."""
    def q(c: Context) -> pd.Series:
        total = None
        for v in variables:
            t = series(c.frame, c.need(label, v), v)
            total = t if total is None else total.add(t, fill_value=0.0)
        assert total is not None
        cols = [p for p in total.columns if p >= start]
        return total[cols].abs().max(axis=1)
    q.__doc__ = f"largest |{' + '.join(variables)}| in {label}"
    return q


def smallest(label: str, variable: str, after: int) -> Quantity:
    """Smallest value of `variable` in any period after `after`."""
    def q(c: Context) -> pd.Series:
        t = series(c.frame, c.need(label, variable), variable)
        cols = [p for p in t.columns if p > after]
        if not cols:
            raise Missing(f"no period after {after} (horizon {c.years})")
        return t[cols].min(axis=1)
    q.__doc__ = f"smallest {variable} after year {after} in {label}"
    return q


def growth_sd(label: str, variable: str = "gdp") -> Quantity:
    """Standard deviation of the yearly log growth of `variable` after start-up."""
    def q(c: Context) -> pd.Series:
        t = series(c.frame, c.need(label, variable), variable)
        cols = [p for p in t.columns if p >= early_periods(c.years)[0]]
        x = t[cols].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            g = np.diff(np.log(np.where(x > 0, x, np.nan)), axis=1)
        return pd.Series(np.nanstd(g, axis=1, ddof=1) if g.shape[1] > 1 else np.nan,
                         index=t.index)
    q.__doc__ = f"sd of {variable} growth in {label}"
    return q


def stock_growth(label: str, variable: str) -> Quantity:
    """Yearly log growth rate of a stock from the early to the final window."""
    def q(c: Context) -> pd.Series:
        e, f = early_periods(c.years), final_periods(c.years)
        lo = window_mean(c.frame, c.need(label, variable), variable, e)
        hi = window_mean(c.frame, c.need(label, variable), variable, f)
        span = (f[0] + f[1] - e[0] - e[1]) / 2.0
        if span <= 0:
            raise Missing(f"early and final windows coincide (horizon {c.years})")
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(hi.where(hi > 0) / lo.where(lo > 0)) / span
    q.__doc__ = f"growth rate of {variable} in {label}"
    return q


def late_trend(label: str, variable: str, share: float = 0.2) -> Quantity:
    """Slope per year over the last `share` of the horizon (years 80-100 of 100)."""
    def q(c: Context) -> pd.Series:
        t = series(c.frame, c.need(label, variable), variable)
        lo = c.years - round(share * c.years)
        cols = [p for p in t.columns if lo <= p < c.years]
        if len(cols) < 3:
            raise Missing(f"fewer than 3 years for a trend (horizon {c.years})")
        periods = np.asarray(cols)
        return t[cols].apply(lambda r: slope(r.to_numpy(float), periods), axis=1)
    q.__doc__ = f"trend of {variable} over the last {share:.0%} of the horizon in {label}"
    return q


def value_at(label: str, variable: str, share: float = 1.0) -> Quantity:
    """Value at the end of year `share` x horizon (year 100, or year 50 with share 0.5)."""
    def q(c: Context) -> pd.Series:
        t = series(c.frame, c.need(label, variable), variable)
        period = round(share * c.years) - 1
        if period not in t.columns:
            raise Missing(f"{variable} has no value in year {period + 1}")
        return t[period]
    q.__doc__ = f"{variable} at year {share:g} x horizon in {label}"
    return q


def plus(a: Quantity, b: Quantity) -> Quantity:
    """A + b per replicate."""
    return lambda c: a(c) + b(c)


def minus(a: Quantity, b: Quantity) -> Quantity:
    """A - b per replicate."""
    return lambda c: a(c) - b(c)


def times(k: float, a: Quantity) -> Quantity:
    """K x a per replicate."""
    return lambda c: k * a(c)


def product(a: Quantity, b: Quantity) -> Quantity:
    """A x b per replicate."""
    return lambda c: a(c) * b(c)


def ratio(a: Quantity, b: Quantity) -> Quantity:
    """A / b per replicate; undefined (NaN) where b is not positive."""
    def q(c: Context) -> pd.Series:
        den = b(c)
        return a(c) / den.where(den > 0)
    return q


# -- parts, verdicts and claims --------------------------------------------------------


@dataclass
class Measured:
    """A part measured at one horizon, before its interval level is known."""

    effect: Estimate  # left - right over replicates
    left: Estimate
    right: Estimate
    floor: float
    all_zero: bool = False  # for "==": every replicate exactly zero (within ZERO_TOL)
    note: str = ""
    missing: str = ""  # non-empty: the part cannot be evaluated, and why
    components: dict[str, Estimate] = field(default_factory=dict)

    def p_value(self) -> float:
        """The p-value that places this part in the Holm order."""
        return self.effect.p_value()


@dataclass
class Judgement:
    """A part's verdict at one horizon, with the figures it rests on."""

    verdict: str
    effect: Interval
    left: Interval
    right: Interval
    floor: float
    confidence: float  # of the interval shown (Holm-adjusted for emergent parts)
    paired: bool = True
    note: str = ""


def directional(relation: str, effect: Interval, floor: float) -> str:
    """The verdict of a one-sided comparison from its interval and floor.

    `effect` is left - right; the claimed side is positive for ">" and ">=", negative for
    "<" and "<=". Holds: the interval excludes the reverse and the mean is beyond the
    floor on the claimed side; fails: the same on the other side; negligible: the whole
    interval within plus or minus the floor; inconclusive otherwise.
    """
    if relation not in (">", ">=", "<", "<="):
        raise ValueError(f"relation {relation!r}: allowed: >, >=, <, <=, ==")
    sign = 1.0 if relation.startswith(">") else -1.0
    lo, hi = sorted((sign * effect.low, sign * effect.high))
    mean = sign * effect.mean
    if math.isnan(mean) or math.isnan(lo) or math.isnan(hi):
        return INCONCLUSIVE
    excludes_reverse = lo > 0 if relation in (">", "<") else lo >= 0
    if excludes_reverse and mean > floor:
        return HOLDS
    if hi < 0 and mean < -floor:
        return FAILS
    if -floor <= lo and hi <= floor:
        return NEGLIGIBLE
    return INCONCLUSIVE


def zero_verdict(m: Measured, effect: Interval) -> str:
    """The verdict of "is zero": exactly zero holds; otherwise the interval and floor."""
    if m.all_zero:
        return HOLDS
    if effect.excludes_zero() and abs(effect.mean) > m.floor:
        return FAILS
    if -m.floor <= effect.low and effect.high <= m.floor:
        return NEGLIGIBLE
    return INCONCLUSIVE


@dataclass
class Part:
    """One checkable statement: ``left`` compared with ``right``, per replicate.

    relation is ">", ">=", "<", "<=" or "==" (zero within ZERO_TOL in every replicate).
    cls is EMERGENT or DEFINITION as the claims list's table states; class_reason argues a
    different class where one is used. scale is SHARE (floor 0.01) or LEVEL (5% of the
    larger compared magnitude); a stated `floor` replaces either, with `floor_reason`.
    """

    text: str
    left: Quantity
    relation: str
    right: Quantity | float = 0.0
    cls: str = EMERGENT
    scale: str = LEVEL
    floor: float | None = None
    floor_reason: str = ""
    class_reason: str = ""

    def floor_text(self) -> str:
        """How the floor is set, in words (shown with the part)."""
        if self.floor is not None:
            return f"{self.floor:g} ({self.floor_reason})"
        if self.scale == SHARE:
            return f"{SHARE_FLOOR:g} (share, rate or Gini)"
        return f"{LEVEL_FLOOR:.0%} of the larger side (level, stock or ratio)"

    def floor_value(self, left: float, right: float) -> float:
        """The floor at one horizon, given the means of both sides."""
        if self.floor is not None:
            return self.floor
        if self.scale == SHARE:
            return SHARE_FLOOR
        sides = [abs(x) for x in (left, right) if math.isfinite(x)]
        return LEVEL_FLOOR * max(sides) if sides else float("nan")

    def measure(self, c: Context) -> Measured:
        """Both sides and their difference over replicates at the context's horizon."""
        nothing = estimate([])
        try:
            left = self.left(c).astype(float)
            right = _values(self.right, c, left.index)
        except Missing as exc:
            return Measured(nothing, nothing, nothing, float("nan"), missing=str(exc))
        effect = difference(left, right)
        le, ri = estimate(left), estimate(right)
        m = Measured(effect, le, ri, self.floor_value(le.mean, ri.mean))
        undefined = len(left) - effect.n
        if undefined > 0:
            m.note = f"{undefined} replicate(s) undefined"
        if self.relation == "==":
            diff = (left - right).dropna()
            m.all_zero = len(diff) > 0 and bool((diff.abs() <= ZERO_TOL).all())
        if effect.n == 0:
            m.missing = "no replicate with a defined value"
        return m

    def judge(self, m: Measured, confidence: float) -> Judgement:
        """The verdict at one horizon from a measurement and the interval's confidence."""
        if m.missing:
            empty = Interval(float("nan"), float("nan"), float("nan"), 0)
            return Judgement(MISSING, empty, empty, empty, m.floor, confidence, note=m.missing)
        effect = m.effect.interval(confidence)
        if self.relation == "==":
            verdict = zero_verdict(m, effect)
        else:
            verdict = directional(self.relation, effect, m.floor)
        return Judgement(verdict, effect, m.left.interval(confidence),
                         m.right.interval(confidence), m.floor, confidence, m.effect.paired,
                         m.note)


def _values(q: Quantity | float, c: Context, index: pd.Index) -> pd.Series:
    if callable(q):
        return q(c).astype(float)
    return pd.Series(float(q), index=index)


@dataclass
class BoundedDebt(Part):
    """State debt to GDP is bounded (M3.11): a slow late trend and a limited rise.

    Over the last fifth of the horizon (years 80-100 of 100) the trend per year is at most
    `max_trend`, and the value at the horizon is at most `max_ratio` times the value at half
    the horizon (year 50) or below `low_level`. It holds when the trend's interval lies at
    or below the bound and one of the two level tests holds by its interval; it fails when
    the trend exceeds the bound by its interval, or both level tests fail. The bounds are
    the claim's own tolerance, so the floor is 0. The effect shown is trend - max_trend.
    """

    label: str = "3"
    variable: str = "state_debt_to_gdp"
    max_trend: float = 0.005
    max_ratio: float = 1.5
    low_level: float = 1.0

    def measure(self, c: Context) -> Measured:
        """The late trend, the rise from half the horizon and the final level."""
        label, variable = self.label, self.variable
        nothing = estimate([])
        try:
            trend = late_trend(label, variable)(c)
            end, half = value_at(label, variable)(c), value_at(label, variable, 0.5)(c)
        except Missing as exc:
            return Measured(nothing, nothing, nothing, 0.0, missing=str(exc))
        rise = end / half.where(half > 0)
        m = Measured(estimate(trend - self.max_trend), estimate(trend),
                     estimate(pd.Series(self.max_trend, index=trend.index)), 0.0)
        m.components = {"rise": estimate(rise - self.max_ratio),
                        "level": estimate(end - self.low_level)}
        m.note = fiscal_note(c)
        return m

    def judge(self, m: Measured, confidence: float) -> Judgement:
        """Trend and (rise or level), each by its interval at the part's confidence."""
        base = Part.judge(self, m, confidence)
        if m.missing:
            return base
        # Two level tests, either of which suffices: Bonferroni over the two.
        half = 1 - (1 - confidence) / 2
        rise = m.components["rise"].interval(half)
        level = m.components["level"].interval(half)
        trend_ok, trend_bad = base.effect.high <= 0, base.effect.low > 0
        rise_ok, rise_bad = rise.high <= 0, rise.low > 0
        level_ok, level_bad = level.high < 0, level.low >= 0
        if trend_ok and (rise_ok or level_ok):
            verdict = HOLDS
        elif trend_bad or (rise_bad and level_bad):
            verdict = FAILS
        else:
            verdict = INCONCLUSIVE
        note = (f"year-H / year-H/2 ratio {rise.mean + self.max_ratio:.3g}; level at H"
                f" {level.mean + self.low_level:.3g}")
        base.verdict, base.note = verdict, "; ".join(x for x in (note, m.note) if x)
        return base


def fiscal_note(c: Context) -> str:
    """Model 3's final deficit and tax take, and its statutory tax rates (as available)."""
    out = []
    try:
        balance = final("3", "state_balance_to_gdp")(c).mean()
        out.append(f"state balance/GDP at final {balance:+.3f}")
    except Missing:
        pass
    try:
        services = final("3", "public_services_per_head")(c) * final("3", "households")(c)
        taxes = services / final("3", "services_per_tax")(c).replace(0, np.nan)
        out.append(f"tax revenue/GDP {(taxes / final('3', 'gdp')(c)).mean():.3f}")
    except Missing:
        pass
    rates = statutory_rates(c.regimes.get("3", "3"))
    if rates:
        out.append("statutory rates " + rates + " (fixed: the model has no fiscal rule)")
    return "; ".join(out)


def statutory_rates(regime: str) -> str:
    """The tax rates a preset sets ("" when it is not a loadable regime)."""
    try:
        state = load_regime(regime).params.state
    except (ConfigError, OSError, ValueError):
        return ""
    return (f"income {state.income_tax:g}, top {state.top_tax:g}, profit"
            f" {state.profit_tax:g}")


@dataclass
class PartResult:
    """A part's verdicts at every horizon and across them."""

    part: Part
    at: dict[int, Judgement]
    verdict: str
    note: str = ""

    @property
    def text(self) -> str:
        """The part's statement."""
        return self.part.text

    @property
    def cls(self) -> str:
        """EMERGENT or DEFINITION."""
        return self.part.cls

    @property
    def last(self) -> Judgement:
        """The judgement at the longest horizon."""
        return self.at[max(self.at)]

    @property
    def effect(self) -> Interval:
        """Effect (left - right) and interval at the longest horizon."""
        return self.last.effect


def across_horizons(verdicts: list[str]) -> tuple[str, str]:
    """One verdict from a part's verdicts at each horizon (shortest first), with a note."""
    first, last = verdicts[0], verdicts[-1]
    if all(v == HOLDS for v in verdicts):
        return HOLDS, ""
    if first == HOLDS and last != MISSING:
        return TRANSIENT, f"holds at the first horizon, {last} at the last"
    if last == HOLDS:
        return INCONCLUSIVE, f"holds at the last horizon only ({first} at the first)"
    return last, ""


@dataclass
class Claim:
    """A claim of the claims list and its parts."""

    id: str
    text: str
    parts: list[Part]


@dataclass
class ClaimResult:
    """A claim's verdict (from its emergent parts) and every part's result."""

    claim: Claim
    verdict: str
    parts: list[PartResult] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The characteristic's ID."""
        return self.claim.id


def combine(verdicts: list[str]) -> str:
    """A claim's verdict from its emergent parts' verdicts (definitional if there are none).

    Any failing part fails the claim; all holding holds it; otherwise the weakest reason
    why not: transient, cannot be evaluated, negligible (when every other part holds),
    inconclusive.
    """
    if not verdicts:
        return DEFINITIONAL
    if FAILS in verdicts:
        return FAILS
    if all(v == HOLDS for v in verdicts):
        return HOLDS
    for v in (TRANSIENT, MISSING):
        if v in verdicts:
            return v
    if all(v in (HOLDS, NEGLIGIBLE) for v in verdicts):
        return NEGLIGIBLE
    return INCONCLUSIVE


def horizons_of(years: int) -> tuple[int, ...]:
    """The horizons judged: half the run and the whole run (50 and 100 of 100 years).

    A run too short for two horizons that both reach past the early window is judged at
    its end only.
    """
    half = years // 2
    return (half, years) if half >= 2 * EARLY_END else (years,)


#: Early window ends at year 10; a horizon needs at least twice that to be judged apart.
EARLY_END = 10


def judge_all(claims: list[Claim], contexts: dict[int, Context]
              ) -> dict[int, list[list[Judgement]]]:
    """Every part of every claim judged at every horizon, Holm-adjusted per horizon."""
    out: dict[int, list[list[Judgement]]] = {}
    for h, c in contexts.items():
        measured = [[p.measure(c) for p in cl.parts] for cl in claims]
        family = [(i, j) for i, cl in enumerate(claims) for j, p in enumerate(cl.parts)
                  if p.cls == EMERGENT and not measured[i][j].missing]
        levels, _ = holm_levels([measured[i][j].p_value() for i, j in family], ALPHA)
        confidence = {key: 1 - lv for key, lv in zip(family, levels, strict=True)}
        out[h] = [[p.judge(measured[i][j], confidence.get((i, j), 1 - ALPHA))
                   for j, p in enumerate(cl.parts)] for i, cl in enumerate(claims)]
    return out


def evaluate_all(frame: pd.DataFrame, regimes: dict[str, str] | None = None,
                 claims: list[Claim] | None = None) -> list[ClaimResult]:
    """Evaluate every claim of the essay (or `claims`) on a comparison frame.

    The claims evaluated together form the Holm family (their emergent parts).
    """
    check_frame(frame)
    chosen = claims if claims is not None else CLAIMS
    names = regimes or REGIMES
    cuts = {h: truncate(frame, h) for h in horizons_of(horizon(frame))}
    judged = judge_all(chosen, {h: Context(f, names) for h, f in cuts.items()})
    results = []
    for i, cl in enumerate(chosen):
        parts = []
        for j, p in enumerate(cl.parts):
            at = {h: judged[h][i][j] for h in cuts}
            verdict, note = across_horizons([at[h].verdict for h in cuts])
            parts.append(PartResult(p, at, verdict, note))
        emergent = [r.verdict for r in parts if r.cls == EMERGENT]
        results.append(ClaimResult(cl, combine(emergent), parts))
    return results


def evaluate(claim: Claim, frame: pd.DataFrame, regimes: dict[str, str] | None = None
             ) -> ClaimResult:
    """Evaluate one claim (its emergent parts are the Holm family)."""
    return evaluate_all(frame, regimes, [claim])[0]


def headline(results: list[ClaimResult]) -> dict[str, int]:
    """Emergent parts counted by verdict, plus the number of definitional parts."""
    parts = [p for r in results for p in r.parts]
    counts = {v: sum(p.verdict == v for p in parts if p.cls == EMERGENT) for v in VERDICTS}
    counts[DEFINITIONAL] = sum(p.cls == DEFINITION for p in parts)
    return counts


def headline_text(results: list[ClaimResult]) -> str:
    """The headline in words: emergent parts by verdict; definitional parts listed apart."""
    counts = headline(results)
    emergent = sum(counts[v] for v in VERDICTS)
    shown = ", ".join(f"{counts[v]} {v}" for v in VERDICTS if counts[v])
    return (f"{emergent} emergent parts: {shown or 'none'}; {counts[DEFINITIONAL]}"
            " definitional parts listed apart, not counted")


# -- the claims of the claims list -----------------------------------------------------

COMMONS_INCOME = ("income_from_stipends", "income_from_solidarity", "income_from_coop_pay",
                  "income_from_coop_surplus")

D, E = DEFINITION, EMERGENT


def _model1(build: Callable[[str], list[Part]]) -> list[Part]:
    return build("1a") + build("1b")


def _stipend_total(label: str) -> Quantity:
    """Total civic income: mean per contributor x contributors' share x households."""
    return product(product(final(label, "civic_income"), final(label, "civic_contributors_share")),
                   final(label, "households"))


CLAIMS: list[Claim] = [
    Claim("M1.1", "In 1a and 1b, households receive no income from commons or civic"
          " contribution; the market income of households that own no firm is wages plus"
          " interest on their deposits, nothing else.",
          _model1(lambda r: [
              Part(f"{r}: income from commons, cooperatives and civic contribution is zero in"
                   " every period", largest_abs(r, COMMONS_INCOME), "==", 0.0, D, SHARE),
              Part(f"{r}: non-owners' market income other than wages and interest is zero"
                   " (final)", final(r, "nonowner_other_market_income_share"), "==", 0.0,
                   D, SHARE),
          ])),
    Claim("M1.2", "In 1a and 1b, the ratio of mean skill (and of mean pay) of the"
          " managerial-engineering layer to that of line workers is higher at final than"
          " early; line workers' mean skill at final is not above early.",
          _model1(lambda r: [
              Part(f"{r}: manager/line skill ratio, final > early",
                   ratio(final(r, "skill_managers"), final(r, "skill_line")), ">",
                   ratio(early(r, "skill_managers"), early(r, "skill_line"))),
              Part(f"{r}: manager/line pay ratio, final > early",
                   ratio(final(r, "pay_managers"), final(r, "pay_line")), ">",
                   ratio(early(r, "pay_managers"), early(r, "pay_line"))),
              Part(f"{r}: line workers' skill, final <= early",
                   final(r, "skill_line"), "<=", early(r, "skill_line")),
          ])),
    Claim("M1.3", "In 1a and 1b, IP rent is a positive share of national income in every"
          " year after year 5; the commons stock is zero.",
          _model1(lambda r: [
              Part(f"{r}: smallest IP-rent share after year 5 > 0",
                   smallest(r, "ip_rent_share", 5), ">", 0.0, D, SHARE),
              Part(f"{r}: commons stock is zero in every period",
                   largest_abs(r, ("commons_stock",)), "==", 0.0, D),
          ])),
    Claim("M1.4", "In 1a and 1b, the profit share of income is positive; at final, the mean"
          " net worth of shareholder households is more than three times that of other"
          " households.",
          _model1(lambda r: [
              Part(f"{r}: final profit share > 0", final(r, "profit_share"), ">", 0.0, E,
                   SHARE),
              Part(f"{r}: final mean net worth of owners > 3 x that of others",
                   final(r, "owner_net_worth"), ">", times(3.0, final(r, "other_net_worth"))),
          ])),
    Claim("M1.5", "In 1a, net fiscal transfers to the bottom half of households (transfers"
          " plus public services minus taxes) are positive; final wealth Gini of 1a < 1b.",
          [Part("1a: final net fiscal transfer per bottom-half household > 0",
                final("1a", "net_fiscal_transfer_bottom_half"), ">", 0.0),
           Part("final wealth Gini: 1a < 1b", final("1a", "wealth_gini"), "<",
                final("1b", "wealth_gini"), E, SHARE)]),
    Claim("M1.6", "Cumulative state transfers to finance: 1b > 1a. In 1b at final, more than"
          " half of households are debt-dependent, and median household debt-to-income at"
          " final > early.",
          [Part("cumulative transfers to finance: 1b > 1a",
                cumulative("1b", "transfers_finance"), ">",
                cumulative("1a", "transfers_finance"), D),
           Part("1b: final debt-dependent share > 0.5",
                final("1b", "debt_dependent_share"), ">", 0.5, E, SHARE),
           Part("1b: median debt-to-income, final > early",
                final("1b", "median_debt_to_income"), ">",
                early("1b", "median_debt_to_income"))]),
    Claim("M2.1", "In 2, the commons stock at final > early.",
          [Part("2: commons stock, final > early", final("2", "commons_stock"), ">",
                early("2", "commons_stock"))]),
    Claim("M2.2", "In 2, value drawn from the commons by firms and platforms plus platform"
          " rent is more than twice the income civic contributors receive for contributing;"
          " platform rent is a positive share of income.",
          [Part("2: final (commons drawn + platform rent) > 2 x civic contributors' income",
                plus(final("2", "commons_drawn"), final("2", "platform_rent")), ">",
                times(2.0, _stipend_total("2"))),
           Part("2: final platform-rent share > 0", final("2", "platform_rent_share"), ">",
                0.0, D, SHARE)]),
    Claim("M2.3", "Precarious share of workers at final: 2 > 1a and 2 > 1b.",
          [Part("final precarious share: 2 > 1a", final("2", "precarious_share"), ">",
                final("1a", "precarious_share"), E, SHARE),
           Part("final precarious share: 2 > 1b", final("2", "precarious_share"), ">",
                final("1b", "precarious_share"), E, SHARE)]),
    Claim("M2.4", "In 2, the poverty rate of civic contributors > the overall poverty rate;"
          " commons-oriented ventures fail more often than conventional firms.",
          [Part("2: final civic contributors' poverty rate > overall poverty rate",
                final("2", "civic_poverty_rate"), ">", final("2", "poverty_rate"), E, SHARE),
           Part("2: final failure rate (per year), commons-oriented entities > proprietary"
                " firms", final("2", "entity_failure_rate"), ">",
                final("2", "firm_failure_rate"), E, SHARE)]),
    Claim("M2.5", "In 2, for-benefit institutions receive more funding from capital than"
          " from contributors; no solidarity transfers exist.",
          [Part("2: cumulative for-benefit funding from capital > from contributors",
                cumulative("2", "fb_funding_capital"), ">",
                cumulative("2", "fb_funding_contributors")),
           Part("2: solidarity transfers are zero in every period",
                largest_abs("2", ("solidarity_transfers",)), "==", 0.0, D)]),
    Claim("M2.6", "In 2, cumulative state transfers to finance > cumulative state support to"
          " the commons; public services per head at final: 2 < 1a.",
          [Part("2: cumulative transfers to finance > to the commons",
                cumulative("2", "transfers_finance"), ">",
                cumulative("2", "transfers_commons"), D),
           Part("final public services per head: 2 < 1a",
                final("2", "public_services_per_head"), "<",
                final("1a", "public_services_per_head"))]),
    Claim("M3.1", "In 3, mean skill of non-managerial producers at final > early, and at"
          " final 3 > 1b.",
          [Part("3: producers' skill, final > early", final("3", "skill_producers"), ">",
                early("3", "skill_producers")),
           Part("final producers' skill: 3 > 1b", final("3", "skill_producers"), ">",
                final("1b", "skill_producers"))]),
    Claim("M3.2", "Mean income of civic contributors at final: 3 > 2; their poverty rate:"
          " 3 < 2.",
          [Part("final mean income of civic contributors: 3 > 2",
                final("3", "civic_contributor_income"), ">",
                final("2", "civic_contributor_income")),
           Part("final civic contributors' poverty rate: 3 < 2",
                final("3", "civic_poverty_rate"), "<", final("2", "civic_poverty_rate"), E,
                SHARE)]),
    Claim("M3.3", "In 3, cooperative members' mean net worth at final > early, and the"
          " cooperative share of output at final > early.",
          [Part("3: members' mean net worth, final > early", final("3", "member_net_worth"),
                ">", early("3", "member_net_worth")),
           Part("3: cooperative share of output, final > early",
                final("3", "coop_output_share"), ">", early("3", "coop_output_share"), E,
                SHARE)]),
    Claim("M3.4", "Waste (share of output unsold) at final: 3 < 2 and 3 < 1b; standard"
          " deviation of output growth: 3 <= 2.",
          [Part("final waste: 3 < 2", final("3", "waste"), "<", final("2", "waste"), E,
                SHARE),
           Part("final waste: 3 < 1b", final("3", "waste"), "<", final("1b", "waste"), E,
                SHARE),
           Part("sd of output (GDP) growth after start-up: 3 <= 2", growth_sd("3"), "<=",
                growth_sd("2"))]),
    Claim("M3.5", "Precarious share of workers at final: 3 < 2; income volatility of"
          " commoners: 3 < 2.",
          [Part("final precarious share: 3 < 2", final("3", "precarious_share"), "<",
                final("2", "precarious_share"), E, SHARE),
           Part("final commoners' income volatility: 3 < 2",
                final("3", "commoner_income_volatility"), "<",
                final("2", "commoner_income_volatility"))]),
    Claim("M3.6", "Growth rate of the commons stock (early to final): 3 > 2.",
          [Part("yearly growth of the commons stock, early to final: 3 > 2",
                stock_growth("3", "commons_stock"), ">", stock_growth("2", "commons_stock"),
                E, SHARE)]),
    Claim("M3.7", "In 3, the market share of commons-oriented entities at final > early.",
          [Part("3: commons-oriented entities' market share, final > early",
                final("3", "commons_entity_market_share"), ">",
                early("3", "commons_entity_market_share"), E, SHARE)]),
    Claim("M3.8", "In 3, the cooperative share of output at final > 50%; environmental damage"
          " per unit of output at final: 3 < 2; value returned to the commons over value"
          " drawn from it: 3 > 2.",
          [Part("3: final cooperative share of output > 0.5", final("3", "coop_output_share"),
                ">", 0.5, E, SHARE),
           Part("final damage per unit of output: 3 < 2", final("3", "damage_per_output"), "<",
                final("2", "damage_per_output")),
           Part("final commons returned / drawn: 3 > 2",
                ratio(final("3", "commons_returned"), final("3", "commons_drawn")), ">",
                ratio(final("2", "commons_returned"), final("2", "commons_drawn")))]),
    Claim("M3.9", "Capital's share of income (profits, rents, interest to owners) at final:"
          " 3 < 2 and 3 < 1b.",
          [Part("final capital share: 3 < 2", final("3", "capital_share"), "<",
                final("2", "capital_share"), E, SHARE),
           Part("final capital share: 3 < 1b", final("3", "capital_share"), "<",
                final("1b", "capital_share"), E, SHARE)]),
    Claim("M3.10", "Public services delivered per unit of tax at final: 3 > 2.",
          [Part("final public services per unit of tax: 3 > 2",
                final("3", "services_per_tax"), ">", final("2", "services_per_tax"))]),
    Claim("M3.11", "Paid hours per worker at final: 3 < 2; civic contribution hours: 3 > 2;"
          " poverty rate: 3 < 2; and state debt to GDP in 3 is bounded: its trend over years"
          " 80-100 is at most 0.005 a year and its value at year 100 is at most 1.5 times"
          " that at year 50 (or below 1). Report the deficit and the tax rates the fiscal"
          " rule needed.",
          [Part("final paid hours per worker: 3 < 2", final("3", "paid_hours_per_worker"), "<",
                final("2", "paid_hours_per_worker"), D),
           Part("final civic hours per household: 3 > 2",
                final("3", "civic_hours_per_household"), ">",
                final("2", "civic_hours_per_household")),
           Part("final poverty rate: 3 < 2", final("3", "poverty_rate"), "<",
                final("2", "poverty_rate"), E, SHARE),
           BoundedDebt("3: state debt/GDP bounded: trend over the last fifth of the horizon"
                       " <= 0.005/yr, and value at the horizon <= 1.5 x at half of it (or"
                       " < 1)", late_trend("3", "state_debt_to_gdp"), "<=", 0.005, E,
                       floor=0.0, floor_reason="the claim's bounds are its tolerance")]),
]

def inputs(part: Part, frame: pd.DataFrame, regimes: dict[str, str] | None = None
           ) -> list[tuple[str, str]]:
    """The (regime, metric) pairs a part reads, in the order it reads them."""
    seen: list[tuple[str, str]] = []

    class Recording(Context):
        def need(self, label: str, variable: str) -> str:
            name = super().need(label, variable)
            if (name, variable) not in seen:
                seen.append((name, variable))
            return name

    part.measure(Recording(frame, regimes or REGIMES))
    return seen


def run_claims(frame: pd.DataFrame, regimes: dict[str, str] | None = None) -> list[ClaimResult]:
    """Every claim of the claims list on a comparison frame (alias of :func:`evaluate_all`)."""
    return evaluate_all(frame, regimes)


def claims_frame(results: list[ClaimResult]) -> pd.DataFrame:
    """One row per part: claim, class, floor, verdict across horizons and per horizon.

    Per horizon h: verdict_h, effect_h (left - right), low_h and high_h (the interval at
    confidence_h, Holm-adjusted for emergent parts), floor_h, left_h and right_h (means).
    """
    rows = []
    for r in results:
        for p in r.parts:
            row = {"claim": r.id, "claim_verdict": r.verdict, "part": p.text, "class": p.cls,
                   "relation": p.part.relation, "floor_rule": p.part.floor_text(),
                   "class_reason": p.part.class_reason, "verdict": p.verdict,
                   "n": p.last.effect.n, "paired": p.last.paired, "note": p.note}
            for h, j in p.at.items():
                row.update({f"verdict_{h}": j.verdict, f"effect_{h}": j.effect.mean,
                            f"low_{h}": j.effect.low, f"high_{h}": j.effect.high,
                            f"confidence_{h}": j.confidence, f"floor_{h}": j.floor,
                            f"left_{h}": j.left.mean, f"right_{h}": j.right.mean,
                            f"note_{h}": j.note})
            rows.append(row)
    return pd.DataFrame(rows)
