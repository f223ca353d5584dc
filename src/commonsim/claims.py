"""The essay as a test suite: every "shows" of characteristics.md as a machine-checkable claim.

The claims are those of ``shared/essay/claims.md``, written once from the text and never
tuned. Each claim is a conjunction of parts; a part computes one number per replicate (a
difference between regimes or windows, a ratio minus its bound ...) and states how that
number must compare with a bound. A part *holds* when its 95% interval over replicates lies
on the claimed side, *fails* when it lies on the other side, and is *inconclusive*
otherwise; a part whose data are missing *cannot be evaluated* and says what is missing.
A claim holds when every part holds and fails when any part fails.

Replicates of different regimes are paired by replicate number: a comparison runs every
regime with the same seeds (common random numbers), so differences are taken seed by seed.
Everything here is a pure function of the long comparison frame (regime, replicate,
period, variable, value), so it can be tested on constructed data.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from commonsim.stats import (
    Interval,
    check_frame,
    early_periods,
    final_periods,
    horizon,
    interval,
    regimes_in,
    series,
    slope,
    window_mean,
)

#: The essay's regimes as claims.md names them.
REGIMES: dict[str, str] = {
    "1a": "proprietary-balanced",
    "1b": "proprietary-weak-labour",
    "2": "netarchical",
    "3": "commons-partner-state",
}

HOLDS, FAILS, INCONCLUSIVE, MISSING = "holds", "fails", "inconclusive", "cannot be evaluated"

#: Absolute tolerance under which a quantity claimed to be zero counts as zero.
ZERO_TOL = 1e-9


class Missing(Exception):  # noqa: N818 - a condition, not a failure of the harness
    """The data a part needs are not in the frame; the message says what is missing."""


# -- per-replicate quantities ----------------------------------------------------------


@dataclass
class Context:
    """The frame plus its windows, and the regime names to use for 1a, 1b, 2, 3."""

    frame: pd.DataFrame
    regimes: dict[str, str]

    @property
    def years(self) -> int:
        """Number of periods in the frame."""
        return horizon(self.frame)

    def name(self, label: str) -> str:
        """The regime name a claim's label stands for (it must be in the frame)."""
        name = self.regimes.get(label, label)
        if name not in regimes_in(self.frame):
            raise Missing(f"regime {label} ({name}) was not run")
        return name

    def need(self, label: str, variable: str) -> str:
        """The regime name for `label`, checking that it recorded `variable`."""
        name = self.name(label)
        if series(self.frame, name, variable).empty:
            raise Missing(f"metric {variable!r} is not reported")
        return name


Quantity = Callable[[Context], pd.Series]


def final(label: str, variable: str) -> Quantity:
    """The final-window mean of `variable` in the regime `label`, per replicate."""
    def q(c: Context) -> pd.Series:
        return window_mean(c.frame, c.need(label, variable), variable, final_periods(c.years))
    q.__doc__ = f"final {variable} in {label}"
    return q


def early(label: str, variable: str) -> Quantity:
    """The early-window mean of `variable` in the regime `label`, per replicate."""
    def q(c: Context) -> pd.Series:
        return window_mean(c.frame, c.need(label, variable), variable, early_periods(c.years))
    q.__doc__ = f"early {variable} in {label}"
    return q


def cumulative(label: str, variable: str) -> Quantity:
    """The sum over all periods of `variable` in the regime `label`, per replicate."""
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


def decade_trend(label: str, variable: str, offset: int = 0) -> Quantity:
    """Slope per year over the last decade (offset=10: the decade before it)."""
    def q(c: Context) -> pd.Series:
        t = series(c.frame, c.need(label, variable), variable)
        hi = c.years - offset
        lo = max(hi - 10, 0)
        cols = [p for p in t.columns if lo <= p < hi]
        if len(cols) < 3:
            raise Missing(f"fewer than 3 years for a decade trend (horizon {c.years})")
        periods = np.asarray(cols)
        return t[cols].apply(lambda r: slope(r.to_numpy(float), periods), axis=1)
    q.__doc__ = f"trend of {variable} in {label}"
    return q


def plus(a: Quantity, b: Quantity) -> Quantity:
    """The quantity `a + b`."""
    return lambda c: a(c) + b(c)


def minus(a: Quantity, b: Quantity) -> Quantity:
    """The quantity `a - b`."""
    return lambda c: a(c) - b(c)


def times(k: float, a: Quantity) -> Quantity:
    """The quantity `k * a`."""
    return lambda c: k * a(c)


def product(a: Quantity, b: Quantity) -> Quantity:
    """The quantity `a * b`."""
    return lambda c: a(c) * b(c)


def ratio(a: Quantity, b: Quantity) -> Quantity:
    """A / b per replicate; undefined (NaN) where b is not positive."""
    def q(c: Context) -> pd.Series:
        den = b(c)
        return a(c) / den.where(den > 0)
    return q


# -- parts and claims ------------------------------------------------------------------


@dataclass
class Part:
    """One checkable statement: ``left - right`` compared with zero, per replicate.

    relation is ">" (left above right), "<" (below), "<=" (not above) or "==" (equal
    within ZERO_TOL in every replicate).
    """

    text: str
    left: Quantity
    relation: str
    right: Quantity | float = 0.0


@dataclass
class PartResult:
    """The verdict of one part of a claim, with its figures."""
    text: str
    verdict: str
    effect: Interval  # left - right, over replicates
    left: Interval
    right: Interval
    note: str = ""

    def figures(self) -> str:
        """The part's figures as text (or why they are missing)."""
        if self.verdict == MISSING:
            return self.note
        text = (f"{self.left.format()} vs {self.right.format()}; "
                f"difference {self.effect.format()} (n={self.effect.n})")
        return text + (f"; {self.note}" if self.note else "")


@dataclass
class Claim:
    """A claim of claims.md: its parts, plus any part needing a rule of its own (`special`)."""

    id: str
    text: str
    parts: list[Part]
    special: Callable[[Context], list[PartResult]] | None = None


@dataclass
class ClaimResult:
    """A claim's verdict and the results of its parts."""
    claim: Claim
    verdict: str
    parts: list[PartResult] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The claim's ID."""
        return self.claim.id


def _values(q: Quantity | float, c: Context, index: pd.Index) -> pd.Series:
    if callable(q):
        return q(c).astype(float)
    return pd.Series(float(q), index=index)


def evaluate_part(part: Part, c: Context) -> PartResult:
    """The verdict, effect size and interval of one part."""
    empty = interval([])
    try:
        left = part.left(c).astype(float)
        right = _values(part.right, c, left.index)
    except Missing as exc:
        return PartResult(part.text, MISSING, empty, empty, empty, str(exc))
    both = pd.concat([left.rename("l"), right.rename("r")], axis=1, join="inner")
    diff = (both["l"] - both["r"]).replace([np.inf, -np.inf], np.nan)
    defined = diff.dropna()
    eff, li, ri = interval(defined), interval(both["l"]), interval(both["r"])
    note = ""
    if len(defined) < len(diff):
        note = f"{len(diff) - len(defined)} replicate(s) undefined"
    if part.relation == "==":
        if len(defined) == 0:
            return PartResult(part.text, MISSING, eff, li, ri, "no defined replicate")
        if (defined.abs() <= ZERO_TOL).all():
            verdict = HOLDS
        elif eff.excludes_zero():
            verdict = FAILS
        else:
            verdict = INCONCLUSIVE
        return PartResult(part.text, verdict, eff, li, ri, note)
    if len(defined) < 2:
        return PartResult(part.text, INCONCLUSIVE, eff, li, ri,
                          note or "fewer than 2 replicates with a defined value")
    if part.relation in (">", "<") and (defined == 0).all():
        note = "; ".join(x for x in (note, "both sides equal in every replicate") if x)
    if part.relation == ">":
        verdict = HOLDS if eff.low > 0 else FAILS if eff.high < 0 else INCONCLUSIVE
    elif part.relation == "<":
        verdict = HOLDS if eff.high < 0 else FAILS if eff.low > 0 else INCONCLUSIVE
    elif part.relation == "<=":
        verdict = HOLDS if eff.high <= 0 else FAILS if eff.low > 0 else INCONCLUSIVE
    else:
        raise ValueError(f"relation {part.relation!r}: allowed: >, <, <=, ==")
    return PartResult(part.text, verdict, eff, li, ri, note)


def combine(verdicts: list[str]) -> str:
    """A claim fails if any part fails, holds if all hold; otherwise the weaker verdict."""
    if FAILS in verdicts:
        return FAILS
    if verdicts and all(v == HOLDS for v in verdicts):
        return HOLDS
    if MISSING in verdicts:
        return MISSING
    return INCONCLUSIVE


def evaluate(claim: Claim, frame: pd.DataFrame, regimes: dict[str, str] | None = None
             ) -> ClaimResult:
    """Evaluate `claim` on the comparison `frame` by the verdict rule."""
    check_frame(frame)
    c = Context(frame, regimes or REGIMES)
    parts = [evaluate_part(p, c) for p in claim.parts]
    if claim.special is not None:
        parts += claim.special(c)
    return ClaimResult(claim, combine([p.verdict for p in parts]), parts)


def evaluate_all(frame: pd.DataFrame, regimes: dict[str, str] | None = None,
                 claims: list[Claim] | None = None) -> list[ClaimResult]:
    """Evaluate every claim of the essay (or `claims`) on a comparison frame."""
    return [evaluate(cl, frame, regimes) for cl in (claims if claims is not None else CLAIMS)]


# -- the claims of claims.md -----------------------------------------------------------

COMMONS_INCOME = ("income_from_stipends", "income_from_solidarity", "income_from_coop_pay",
                  "income_from_coop_surplus")


def _model1(build: Callable[[str], list[Part]]) -> list[Part]:
    return build("1a") + build("1b")


def _stipend_total(label: str) -> Quantity:
    """Total civic income: mean per contributor x contributors' share x households."""
    return product(product(final(label, "civic_income"), final(label, "civic_contributors_share")),
                   final(label, "households"))


def debt_bounded(label: str) -> Callable[[Context], list[PartResult]]:
    """State debt/GDP "does not grow without bound" (M3.11), as one part.

    Bounded means: over the last decade the ratio does not rise (its trend per year is not
    positive), or it rises more slowly than over the decade before (growth is slowing).
    It fails when both intervals say the opposite: the ratio rises, and ever faster.
    Otherwise it is inconclusive. The last-decade trend is reported as the effect.
    """
    variable = "state_debt_to_gdp"
    level_part = Part("", decade_trend(label, variable), "<=", 0.0)
    accel_part = Part("", decade_trend(label, variable), "<",
                      decade_trend(label, variable, offset=10))

    def special(c: Context) -> list[PartResult]:
        level, accel = evaluate_part(level_part, c), evaluate_part(accel_part, c)
        note = f"trend of the decade before: {accel.right.format()}"
        if MISSING in (level.verdict, accel.verdict):
            verdict, note = MISSING, level.note or accel.note
        elif HOLDS in (level.verdict, accel.verdict):
            verdict = HOLDS
        elif level.verdict == FAILS and accel.verdict == FAILS:
            verdict = FAILS
            note = "rises ever faster over the last two decades; " + note
        else:
            verdict = INCONCLUSIVE
        text = (f"{label}: state debt/GDP does not grow without bound (last-decade trend per"
                " year <= 0, or below the decade before's)")
        return [PartResult(text, verdict, level.effect, level.left, level.right, note)]

    return special


CLAIMS: list[Claim] = [
    Claim("M1.1", "In 1a and 1b, households receive no income from commons or civic"
          " contribution; the market income of households that own no firm is wages plus"
          " interest on their deposits, nothing else.",
          _model1(lambda r: [
              Part(f"{r}: income from commons, cooperatives and civic contribution is zero in"
                   " every period", largest_abs(r, COMMONS_INCOME), "==", 0.0),
              Part(f"{r}: non-owners' market income other than wages and interest is zero"
                   " (final period)",
                   final(r, "nonowner_other_market_income_share"), "==", 0.0),
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
                   smallest(r, "ip_rent_share", 5), ">", 0.0),
              Part(f"{r}: commons stock is zero in every period",
                   largest_abs(r, ("commons_stock",)), "==", 0.0),
          ])),
    Claim("M1.4", "In 1a and 1b, the profit share of income is positive; at final, the mean"
          " net worth of shareholder households is more than three times that of other"
          " households.",
          _model1(lambda r: [
              Part(f"{r}: final profit share > 0", final(r, "profit_share"), ">", 0.0),
              Part(f"{r}: final mean net worth of owners > 3 x that of others",
                   final(r, "owner_net_worth"), ">", times(3.0, final(r, "other_net_worth"))),
          ])),
    Claim("M1.5", "In 1a, net fiscal transfers to the bottom half of households (transfers"
          " plus public services minus taxes) are positive; final wealth Gini of 1a < 1b.",
          [Part("1a: final net fiscal transfer per bottom-half household > 0",
                final("1a", "net_fiscal_transfer_bottom_half"), ">", 0.0),
           Part("final wealth Gini: 1a < 1b", final("1a", "wealth_gini"), "<",
                final("1b", "wealth_gini"))]),
    Claim("M1.6", "Cumulative state transfers to finance: 1b > 1a. In 1b at final, more than"
          " half of households are debt-dependent, and median household debt-to-income at"
          " final > early.",
          [Part("cumulative transfers to finance: 1b > 1a",
                cumulative("1b", "transfers_finance"), ">",
                cumulative("1a", "transfers_finance")),
           Part("1b: final debt-dependent share > 0.5",
                final("1b", "debt_dependent_share"), ">", 0.5),
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
                0.0)]),
    Claim("M2.3", "Precarious share of workers at final: 2 > 1a and 2 > 1b.",
          [Part("final precarious share: 2 > 1a", final("2", "precarious_share"), ">",
                final("1a", "precarious_share")),
           Part("final precarious share: 2 > 1b", final("2", "precarious_share"), ">",
                final("1b", "precarious_share"))]),
    Claim("M2.4", "In 2, the poverty rate of civic contributors > the overall poverty rate;"
          " commons-oriented ventures fail more often than conventional firms.",
          [Part("2: final civic contributors' poverty rate > overall poverty rate",
                final("2", "civic_poverty_rate"), ">", final("2", "poverty_rate")),
           Part("2: final failure rate, commons-oriented entities > proprietary firms",
                final("2", "entity_failure_rate"), ">", final("2", "firm_failure_rate"))]),
    Claim("M2.5", "In 2, for-benefit institutions receive more funding from capital than"
          " from contributors; no solidarity transfers exist.",
          [Part("2: cumulative for-benefit funding from capital > from contributors",
                cumulative("2", "fb_funding_capital"), ">",
                cumulative("2", "fb_funding_contributors")),
           Part("2: solidarity transfers are zero in every period",
                largest_abs("2", ("solidarity_transfers",)), "==", 0.0)]),
    Claim("M2.6", "In 2, cumulative state transfers to finance > cumulative state support to"
          " the commons; public services per head at final: 2 < 1a.",
          [Part("2: cumulative transfers to finance > to the commons",
                cumulative("2", "transfers_finance"), ">",
                cumulative("2", "transfers_commons")),
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
                final("3", "civic_poverty_rate"), "<", final("2", "civic_poverty_rate"))]),
    Claim("M3.3", "In 3, cooperative members' mean net worth at final > early, and the"
          " cooperative share of output at final > early.",
          [Part("3: members' mean net worth, final > early", final("3", "member_net_worth"),
                ">", early("3", "member_net_worth")),
           Part("3: cooperative share of output, final > early",
                final("3", "coop_output_share"), ">", early("3", "coop_output_share"))]),
    Claim("M3.4", "Waste (share of output unsold) at final: 3 < 2 and 3 < 1b; standard"
          " deviation of output growth: 3 <= 2.",
          [Part("final waste: 3 < 2", final("3", "waste"), "<", final("2", "waste")),
           Part("final waste: 3 < 1b", final("3", "waste"), "<", final("1b", "waste")),
           Part("sd of output (GDP) growth after start-up: 3 <= 2", growth_sd("3"), "<=",
                growth_sd("2"))]),
    Claim("M3.5", "Precarious share of workers at final: 3 < 2; income volatility of"
          " commoners: 3 < 2.",
          [Part("final precarious share: 3 < 2", final("3", "precarious_share"), "<",
                final("2", "precarious_share")),
           Part("final commoners' income volatility: 3 < 2",
                final("3", "commoner_income_volatility"), "<",
                final("2", "commoner_income_volatility"))]),
    Claim("M3.6", "Growth rate of the commons stock (early to final): 3 > 2.",
          [Part("yearly growth of the commons stock, early to final: 3 > 2",
                stock_growth("3", "commons_stock"), ">", stock_growth("2", "commons_stock"))]),
    Claim("M3.7", "In 3, the market share of commons-oriented entities at final > early.",
          [Part("3: commons-oriented entities' market share, final > early",
                final("3", "commons_entity_market_share"), ">",
                early("3", "commons_entity_market_share"))]),
    Claim("M3.8", "In 3, the cooperative share of output at final > 50%; environmental damage"
          " per unit of output at final: 3 < 2; value returned to the commons over value"
          " drawn from it: 3 > 2.",
          [Part("3: final cooperative share of output > 0.5", final("3", "coop_output_share"),
                ">", 0.5),
           Part("final damage per unit of output: 3 < 2", final("3", "damage_per_output"), "<",
                final("2", "damage_per_output")),
           Part("final commons returned / drawn: 3 > 2",
                ratio(final("3", "commons_returned"), final("3", "commons_drawn")), ">",
                ratio(final("2", "commons_returned"), final("2", "commons_drawn")))]),
    Claim("M3.9", "Capital's share of income (profits, rents, interest to owners) at final:"
          " 3 < 2 and 3 < 1b.",
          [Part("final capital share: 3 < 2", final("3", "capital_share"), "<",
                final("2", "capital_share")),
           Part("final capital share: 3 < 1b", final("3", "capital_share"), "<",
                final("1b", "capital_share"))]),
    Claim("M3.10", "Public services delivered per unit of tax at final: 3 > 2.",
          [Part("final public services per unit of tax: 3 > 2",
                final("3", "services_per_tax"), ">", final("2", "services_per_tax"))]),
    Claim("M3.11", "Paid hours per worker at final: 3 < 2; civic contribution hours: 3 > 2;"
          " poverty rate: 3 < 2; and state debt to GDP in 3 does not grow without bound"
          " (report its final-decade trend; if it explodes, the claim fails on"
          " sustainability).",
          [Part("final paid hours per worker: 3 < 2", final("3", "paid_hours_per_worker"), "<",
                final("2", "paid_hours_per_worker")),
           Part("final civic hours per household: 3 > 2",
                final("3", "civic_hours_per_household"), ">",
                final("2", "civic_hours_per_household")),
           Part("final poverty rate: 3 < 2", final("3", "poverty_rate"), "<",
                final("2", "poverty_rate"))],
          special=debt_bounded("3")),
]


def run_claims(frame: pd.DataFrame, regimes: dict[str, str] | None = None) -> list[ClaimResult]:
    """Every claim of claims.md on a comparison frame (alias of :func:`evaluate_all`)."""
    return evaluate_all(frame, regimes)


def claims_frame(results: list[ClaimResult]) -> pd.DataFrame:
    """One row per part: claim id, claim verdict, part, part verdict, effect and interval."""
    rows = []
    for r in results:
        for p in r.parts:
            rows.append({"claim": r.id, "verdict": r.verdict, "part": p.text,
                         "part_verdict": p.verdict, "effect": p.effect.mean,
                         "effect_low": p.effect.low, "effect_high": p.effect.high,
                         "left": p.left.mean, "right": p.right.mean, "n": p.effect.n,
                         "note": p.note})
    return pd.DataFrame(rows)
