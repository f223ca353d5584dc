"""The one place experiments call the claims harness: each claim part's verdict and effect.

Everything else in this package sees claim parts only through :func:`part_outcomes`, a
table with one row per part, so the harness can change (verdict rule v2 of claims.md)
by re-pointing this function alone.
"""

from __future__ import annotations

import pandas as pd

from commonsim import claims

#: Class of each part, in the order of the claim (claims.md, "Class of each part"):
#: E emergent, D definitional. Used when the harness does not say so itself.
PART_CLASSES: dict[str, str] = {
    "M1.1": "DD", "M1.2": "EEE", "M1.3": "DD", "M1.4": "EE", "M1.5": "EE", "M1.6": "DEE",
    "M2.1": "E", "M2.2": "ED", "M2.3": "EE", "M2.4": "EE", "M2.5": "ED", "M2.6": "DE",
    "M3.1": "EE", "M3.2": "EE", "M3.3": "EE", "M3.4": "EEE", "M3.5": "EE", "M3.6": "E",
    "M3.7": "E", "M3.8": "EEE", "M3.9": "EE", "M3.10": "E", "M3.11": "DEEE",
}

HOLDS, FAILS = claims.HOLDS, claims.FAILS

#: Columns of :func:`part_outcomes`.
COLUMNS = ("claim", "part_no", "part", "emergent", "verdict", "effect", "effect_low",
           "effect_high", "n")


def _emergent(claim: str, part_no: int, parts: int) -> bool:
    """The class of a part; a model-1 claim repeats its parts for 1a and 1b."""
    classes = PART_CLASSES.get(claim, "")
    if not classes or parts % len(classes):
        return False
    return classes[part_no % len(classes)] == "E"


def part_outcomes(frame: pd.DataFrame, regimes: dict[str, str] | None = None) -> pd.DataFrame:
    """Verdict and effect (with its interval over replicates) of every claim part.

    Args:
        frame: long comparison frame (regime, replicate, period, variable, value).
        regimes: which regime names play 1a, 1b, 2 and 3 (default: the essay's presets).

    Returns:
        One row per part: claim, part_no (0-based within the claim), part text, emergent,
        verdict, effect (mean of left minus right over replicates), its 95% interval, n.
    """
    rows = []
    for result in claims.evaluate_all(frame, regimes):
        for i, part in enumerate(result.parts):
            emergent = getattr(part, "emergent", None)
            if emergent is None:
                emergent = _emergent(result.id, i, len(result.parts))
            rows.append({
                "claim": result.id, "part_no": i, "part": part.text,
                "emergent": bool(emergent),
                "verdict": part.verdict, "effect": part.effect.mean,
                "effect_low": part.effect.low, "effect_high": part.effect.high,
                "n": part.effect.n,
            })
    return pd.DataFrame(rows, columns=list(COLUMNS))


def part_label(claim: str, part_no: int) -> str:
    """Short name of a part, e.g. ``M3.4#2`` (third part of M3.4)."""
    return f"{claim}#{part_no}"
