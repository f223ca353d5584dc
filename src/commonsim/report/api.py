"""``commonsim.compare``: regimes side by side from Python, with a short repr for notebooks.

A thin layer over :func:`commonsim.report.compare.compare` (the comparison the
``commonsim compare`` command runs): it returns the runs and the claims, and writes the
report only when asked.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from commonsim.claims import ClaimResult, claims_frame
from commonsim.report.compare import Comparison, write
from commonsim.report.compare import compare as run_compare


@dataclass
class ComparisonResult:
    """Regimes run side by side: the runs (a long frame) and the essay's claims judged on them.

    Attributes:
        comparison: everything the comparison produced (runs, Lorenz points, claims).
    """

    comparison: Comparison
    households: int
    years: int
    replicates: int

    @property
    def runs(self) -> pd.DataFrame:
        """Every run's metrics: regime, replicate, period, variable, value."""
        return self.comparison.frame

    @property
    def claims(self) -> list[ClaimResult]:
        """The verdict of every claim, with its parts and figures."""
        return self.comparison.claims

    def verdicts(self) -> dict[str, str]:
        """Claim id -> verdict."""
        return {r.id: r.verdict for r in self.claims}

    def claims_table(self) -> pd.DataFrame:
        """One row per claim part: verdicts, effects and intervals."""
        return claims_frame(self.claims)

    def write_report(self, outdir: str | Path, store: str | Path | None = None,
                     save: bool = False) -> Path:
        """Write the HTML report folder (and store the runs if `save`); return index.html."""
        return write(self.comparison, outdir, store, self.replicates, self.households,
                     self.years, save=save)

    def _counts(self) -> str:
        counts: dict[str, int] = {}
        for verdict in self.verdicts().values():
            counts[verdict] = counts.get(verdict, 0) + 1
        return ", ".join(f"{n} {v}" for v, n in counts.items())

    def __repr__(self) -> str:
        """A few lines: the regimes, sizes and the count of each verdict."""
        regimes = ", ".join(pd.unique(self.runs["regime"]))
        return "\n".join([
            f"ComparisonResult: {regimes}",
            f"  {self.replicates} replicate(s) of {self.households:,} households over"
            f" {self.years} years",
            f"  claims: {self._counts()}  (.claims_table(), .runs, .write_report(dir))",
        ])

    def _repr_html_(self) -> str:
        """The claims and their verdicts as a small table."""
        rows = "".join(f"<tr><td>{html.escape(r.id)}</td><td>{html.escape(r.verdict)}</td></tr>"
                       for r in self.claims)
        head = html.escape(self.__repr__().splitlines()[0])
        return (f"<p><b>{head}</b></p><table><tr><th>claim</th><th>verdict</th></tr>{rows}"
                "</table>")


def compare(
    regimes: Sequence[str] | None = None,
    replicates: int = 3,
    households: int = 1_000,
    years: int = 30,
    workers: int | None = None,
    progress: bool = False,
) -> ComparisonResult:
    """Run regimes side by side (seeds 0..replicates-1) and judge the essay's claims.

    The same comparison as ``commonsim compare``, with notebook-sized defaults; nothing is
    stored and no report is written unless you call ``write_report``.

    Args:
        regimes: preset names, 1a/1b/2/3 or regime files (default: the essay's four).
        replicates: runs per regime; replicate r uses seed r.
        households: households per run.
        years: years per run (the claims read the first ten and the last five).
        workers: worker processes (default: the CPUs available).
        progress: show a progress bar.
    """
    done = run_compare(regimes, replicates, households, years, workers=workers,
                       progress=progress)
    return ComparisonResult(done, households, years, replicates)
