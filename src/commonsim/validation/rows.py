"""One line of a validation report: what was checked, what was expected, what the engine gave."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

#: How `got` is judged: within `tolerance` of `expected`, or on the right side of a bound.
Mode = Literal["within", "at least", "at most"]


@dataclass(frozen=True)
class CheckRow:
    """The outcome of one check.

    ``expected`` comes from a publication or a closed-form result stated in
    ``docs/validation.md``; ``got`` always comes from running the engine. With mode
    ``"within"`` a check passes when ``|got - expected| <= tolerance``; with ``"at least"``
    (``"at most"``) when ``got >= expected`` (``<=``).
    """

    group: str
    name: str
    expected: float
    got: float
    tolerance: float
    passed: bool
    note: str = ""
    mode: Mode = "within"

    def expected_text(self) -> str:
        """The expectation as a reader would write it, e.g. ``38.462 ± 0.001`` or ``>= 0.5``."""
        if self.mode == "at least":
            return f">= {self.expected:.6g}"
        if self.mode == "at most":
            return f"<= {self.expected:.6g}"
        if self.tolerance == 0:
            return f"{self.expected:.6g}"
        return f"{self.expected:.6g} ± {self.tolerance:.3g}"

    def got_text(self) -> str:
        """The measured value as text."""
        return "error" if math.isnan(self.got) else f"{self.got:.6g}"


def compare(
    group: str, name: str, expected: float, got: float, tolerance: float, note: str = ""
) -> CheckRow:
    """A row that passes when `got` is finite and within `tolerance` of `expected`."""
    got = float(got)
    ok = math.isfinite(got) and abs(got - float(expected)) <= tolerance
    return CheckRow(group, name, float(expected), got, float(tolerance), ok, note)


def bound(group: str, name: str, mode: Mode, limit: float, got: float, note: str = "") -> CheckRow:
    """A row that passes when `got` is at least (or at most) `limit`."""
    got = float(got)
    if mode == "at least":
        ok = math.isfinite(got) and got >= limit
    else:
        ok = math.isfinite(got) and got <= limit
    return CheckRow(group, name, float(limit), got, 0.0, ok, note, mode)


def failed(group: str, name: str, expected: float, tolerance: float, why: str) -> CheckRow:
    """A row for a check the engine could not even run (an error is a failure, not a skip)."""
    return CheckRow(group, name, float(expected), math.nan, float(tolerance), False, why)
