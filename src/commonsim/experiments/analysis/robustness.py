"""Verdict robustness: the share of a global sample in which each claim part holds.

claims.md calls an emergent part *robust* when it holds in at least 90% of a global sample
over the documented plausible ranges of the behavioural parameters. The share comes with a
95% Clopper-Pearson interval over the sample's points. Each point's verdict is the claims
harness's (rule v2, over that point's replicates) at the claims list's horizons the runs
reach, named in the table's ``horizons`` column.
"""

from __future__ import annotations

import pandas as pd
from scipy import stats

from commonsim.claims import MISSING
from commonsim.experiments.claim_parts import FAILS, HOLDS

#: claims.md's threshold: robust means holding in at least this share of the sample.
ROBUST_SHARE = 0.9


def share_interval(k: int, n: int, level: float = 0.95) -> tuple[float, float]:
    """Clopper-Pearson (exact binomial) interval of a share k/n."""
    if n == 0:
        return float("nan"), float("nan")
    alpha = 1 - level
    low = 0.0 if k == 0 else float(stats.beta.ppf(alpha / 2, k, n - k + 1))
    high = 1.0 if k == n else float(stats.beta.ppf(1 - alpha / 2, k + 1, n - k))
    return low, high


def robustness(parts: pd.DataFrame) -> pd.DataFrame:
    """Per claim part: points evaluated, shares holding and failing, interval, robust or not.

    Shares are over the points where the part could be evaluated; points where it could not
    (every run a verdict needs failed) are counted in ``not_evaluated``.

    Args:
        parts: the per-point claim table; parts that cannot be evaluated at any point
            (a regime they compare was not run) are left out.
            Columns: point, label, claim, part_no, part, emergent, verdict, horizons ...,
            as :func:`commonsim.experiments.outcomes.claim_outputs`.
    """
    rows = []
    keys = ["label", "claim", "part_no", "part", "emergent"]
    for (label, claim, part_no, text, emergent), g in parts.groupby(keys, sort=False):
        evaluated = g[g["verdict"] != MISSING]
        if evaluated.empty:
            continue  # the batch did not run what the part compares
        # A point whose runs all failed (e.g. its spin-up did not settle) says nothing
        # either way about the part; it is counted apart, not as a point where it fails.
        n = len(evaluated)
        held = int((evaluated["verdict"] == HOLDS).sum())
        failed = int((evaluated["verdict"] == FAILS).sum())
        low, high = share_interval(held, n)
        rows.append({"label": label, "claim": claim, "part_no": part_no, "part": text,
                     "emergent": bool(emergent), "horizons": str(g["horizons"].iloc[0]),
                     "points": n, "not_evaluated": len(g) - n, "holds": held / n,
                     "holds_low": low, "holds_high": high, "fails": failed / n,
                     "robust": held / n >= ROBUST_SHARE})
    return pd.DataFrame(rows)


def horizons_note(table: pd.DataFrame) -> str:
    """Which horizons the verdicts rest on, said plainly when year 100 was not reached."""
    if table.empty:
        return ""
    judged = sorted(set(table["horizons"]))
    said = " / ".join(judged)
    if all(h == "50, 100" for h in judged):
        return "verdicts judged at years 50 and 100, as the claims list asks"
    return (f"verdicts judged at year {said} only: the runs do not reach the claims list's"
            " year 100, so a part holding here may still be transient")
