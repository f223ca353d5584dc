"""Numbers for people: the one formatter every table, caption and verdict line uses.

Readers of the report should never meet ``1.52e-20`` (rounding noise that means zero),
``nan`` or ``inf``: noise below :data:`ZERO` is shown as 0, large numbers get thousands
separators or words, and missing values are said in words.
"""

from __future__ import annotations

import math

#: Magnitudes below this are rounding noise of sums over many households, shown as 0.
ZERO = 1e-9
#: What a missing value reads as.
NO_VALUE = "no value"
#: What an interval that cannot be computed (one replicate) reads as.
NO_INTERVAL = "no interval (one replicate)"


def _missing(x: object) -> bool:
    if x is None:
        return True
    try:
        return math.isnan(float(x))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return True


def number(x: float | int | None, digits: int = 3) -> str:
    """`x` with `digits` significant digits, in plain notation, for people.

    Missing values read "no value"; infinities "unbounded"; magnitudes below 1e-9 read 0;
    thousands get separators and millions or billions a word.
    """
    if _missing(x):
        return NO_VALUE
    v = float(x)  # type: ignore[arg-type]
    if math.isinf(v):
        return "unbounded" if v > 0 else "-unbounded"
    if abs(v) < ZERO:
        return "0"
    sign = "-" if v < 0 else ""
    a = abs(v)
    for size, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if a >= size:
            return f"{sign}{_significant(a / size, digits)} {word}"
    if a >= 10 ** (digits - 1) and a >= 1000:
        return f"{sign}{round(a):,}"
    return sign + _significant(a, digits)


def _significant(a: float, digits: int) -> str:
    """A positive number rounded to `digits` significant digits, without trailing zeros."""
    decimals = max(0, digits - 1 - math.floor(math.log10(a)))
    text = f"{round(a, decimals):.{min(decimals, 12)}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def interval_text(mean: float, low: float, high: float) -> str:
    """A mean and its interval: ``0.12 [0.1 to 0.14]``, with missing parts in words."""
    if _missing(mean):
        return NO_VALUE
    if _missing(low) or _missing(high) or math.isinf(low) or math.isinf(high):
        return f"{number(mean)}, {NO_INTERVAL}"
    return f"{number(mean)} [{number(low)} to {number(high)}]"


def signed(x: float | None) -> str:
    """`x` with an explicit sign (for differences); missing values in words."""
    text = number(x)
    if text in (NO_VALUE, "0") or text.startswith("-") or text == "unbounded":
        return text
    return "+" + text


def trend_text(mean: float, low: float, high: float, unit: str = "/yr") -> str:
    """A trend per year with its direction: up, down or flat (interval includes zero)."""
    if _missing(mean):
        return NO_VALUE
    if not _missing(low) and low > 0:
        word = "rising"
    elif not _missing(high) and high < 0:
        word = "falling"
    else:
        word = "flat"
    return f"{word} ({signed(mean)}{unit})" if number(mean) != "0" else "flat"


def markdown_table(columns: list[str], rows: list[list[object]]) -> str:
    """A Markdown table (the one helper every generated Markdown table goes through).

    Cells are strings or numbers (numbers pass through :func:`number`); a ``|`` inside a
    cell is escaped so it cannot break the row.
    """
    def cell(x: object) -> str:
        text = number(x) if isinstance(x, (int, float)) and not isinstance(x, bool) else str(x)
        return text.replace("|", "\\|").replace("\n", " ")

    lines = ["| " + " | ".join(cell(c) for c in columns) + " |",
             "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(cell(x) for x in row) + " |" for row in rows]
    return "\n".join(lines)
