"""The one place experiments call the claims harness: each claim part's verdict and effect.

Everything else in this package sees claim parts only through :func:`part_outcomes`, a
table with one row per part. A part's class (D/E) and verdict are the harness's own
(verdict rule v2 of claims.md: floors, Holm, negligible, transient). The claims list
judges at years 50 and 100 of the same runs; a batch is judged at those of the two its
runs reach (a 50-year batch at year 50 only, never as if it had reached 100), and a batch
shorter than 50 years at its own end. The table says which horizons each verdict rests on.
"""

from __future__ import annotations

import pandas as pd

from commonsim import claims
from commonsim.stats import horizon, truncate

HOLDS, FAILS = claims.HOLDS, claims.FAILS

#: The claims list's horizons ("Two horizons": years 50 and 100 of the same runs).
LIST_HORIZONS = (50, 100)

#: Columns of :func:`part_outcomes`.
COLUMNS = ("claim", "part_no", "part", "cls", "emergent", "verdict", "horizons", "effect",
           "effect_low", "effect_high", "n")


def judged_horizons(years: int) -> tuple[int, ...]:
    """The claims list's horizons that runs of `years` reach (or their end if none)."""
    return tuple(h for h in LIST_HORIZONS if h <= years) or (years,)


def part_outcomes(frame: pd.DataFrame, regimes: dict[str, str] | None = None) -> pd.DataFrame:
    """Verdict (rule v2) and effect (with its interval) of every claim part.

    Args:
        frame: long comparison frame (regime, replicate, period, variable, value).
        regimes: which regime names play 1a, 1b, 2 and 3 (default: the essay's presets).

    Returns:
        One row per part: claim, part_no (0-based within the claim), part text, cls (the
        harness's D or E), emergent, verdict across the judged horizons, horizons (e.g.
        "50" or "50, 100"), effect at the last of them (left minus right over replicates)
        with its interval (Holm-adjusted for emergent parts), n.
    """
    judged = judged_horizons(horizon(frame))
    cut = truncate(frame, judged[-1]) if judged[-1] < horizon(frame) else frame
    rows = []
    for result in claims.evaluate_all(cut, regimes):
        for i, part in enumerate(result.parts):
            verdict, _ = claims.across_horizons([part.at[h].verdict for h in judged])
            last = part.at[judged[-1]]
            rows.append({
                "claim": result.id, "part_no": i, "part": part.text, "cls": part.cls,
                "emergent": part.cls == claims.EMERGENT, "verdict": verdict,
                "horizons": ", ".join(str(h) for h in judged),
                "effect": last.effect.mean, "effect_low": last.effect.low,
                "effect_high": last.effect.high, "n": last.effect.n,
            })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def part_label(claim: str, part_no: int) -> str:
    """Short name of a part, e.g. ``M3.4#2`` (third part of M3.4)."""
    return f"{claim}#{part_no}"
