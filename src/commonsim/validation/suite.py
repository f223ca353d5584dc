"""The validation suite: every check in report order, and :func:`run_all` to run them."""

from __future__ import annotations

from collections.abc import Callable

from commonsim.validation.accounts import check_presets
from commonsim.validation.kinetic import check_random_pair, check_saving, check_yard_sale
from commonsim.validation.pc import check_pc_paths, check_pc_steady_state
from commonsim.validation.rows import CheckRow
from commonsim.validation.sim import (
    check_alternatives,
    check_hidden_equation,
    check_published_path,
    check_steady_state,
)
from commonsim.validation.stationarity import check_stationarity

#: (label, check) in report order; each check runs with its default, full sizes.
CHECKS: tuple[tuple[str, Callable[[], list[CheckRow]]], ...] = (
    ("SIM published path", check_published_path),
    ("SIM steady state", check_steady_state),
    ("SIM other parameters", check_alternatives),
    ("SIM hidden equation", check_hidden_equation),
    ("PC stationary state", check_pc_steady_state),
    ("PC paths after shocks", check_pc_paths),
    ("Kinetic random-pair", check_random_pair),
    ("Kinetic saving propensity", check_saving),
    ("Kinetic yard-sale", check_yard_sale),
    ("Stock-flow consistency of every preset", check_presets),
    ("Stationarity of 1a and 1b over 200 years", check_stationarity),
)


def run_all(progress: Callable[[int, int, str], None] | None = None) -> list[CheckRow]:
    """Run every check and return all rows.

    Args:
        progress: called as ``progress(done, total, label)`` before each check starts
            (``done`` checks finished so far) and once more at the end.
    """
    rows: list[CheckRow] = []
    total = len(CHECKS)
    for done, (label, check) in enumerate(CHECKS):
        if progress is not None:
            progress(done, total, label)
        rows += check()
    if progress is not None:
        progress(total, total, "done")
    return rows
