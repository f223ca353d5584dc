"""Questions other modules ask of the atlas: which cases, how many, where the gaps are.

Each function reads the shipped atlas unless given a list of cases, so reports and tests can
ask the same questions of any set of cases.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from commonsim.atlas import loader
from commonsim.atlas.schema import ATLAS_IDS, Case


def _cases(cases: Sequence[Case] | None) -> Sequence[Case]:
    return loader.default_cases() if cases is None else cases


def cases_for(char_id: str, cases: Sequence[Case] | None = None) -> list[Case]:
    """The cases that illustrate one characteristic, in file order.

    Raises:
        AtlasError: if ``char_id`` is not a characteristic a case can illustrate.
    """
    if char_id not in ATLAS_IDS:
        raise loader.AtlasError(
            f"unknown characteristic {char_id!r}; allowed: {', '.join(ATLAS_IDS)}"
        )
    return [c for c in _cases(cases) if char_id in c.characteristics]


def coverage(cases: Sequence[Case] | None = None) -> dict[str, int]:
    """Number of cases per characteristic of models 1-3, in the essay's order."""
    counts = dict.fromkeys(ATLAS_IDS, 0)
    for case in _cases(cases):
        for char_id in case.characteristics:
            counts[char_id] += 1
    return counts


def gaps(cases: Sequence[Case] | None = None) -> list[str]:
    """Characteristics no case illustrates yet: the holes in the patchwork."""
    return [char_id for char_id, n in coverage(cases).items() if n == 0]


Status = Literal["gap", "thin", "covered"]


def status(cases: Sequence[Case] | None = None, checked_needed: int = 2) -> dict[str, Status]:
    """How well each characteristic is covered, for colouring the patchwork.

    "gap": no case at all; "thin": some cases, but fewer than ``checked_needed`` whose facts
    were checked (confidence other than "unverified"); "covered": otherwise.
    """
    counts = coverage(cases)
    checked = coverage([c for c in _cases(cases) if c.confidence != "unverified"])
    return {
        char_id: "gap" if n == 0 else "thin" if checked[char_id] < checked_needed else "covered"
        for char_id, n in counts.items()
    }
