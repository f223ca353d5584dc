"""docs/claims.md: the claims judged by verdict rule version 2, and what changed since version 1.

The document is generated from a data file, ``docs/claims-runs.parquet``: the metrics the
claims read, for every run of one stored comparison, with the batch and code version in its
metadata. Both verdict rules are applied to the same runs, so every change of verdict is
measured, not argued; a test regenerates the text from the data file and compares::

    python -m commonsim.report.claims_doc --store commonsim.duckdb   # newest comparison
    python -m commonsim.report.claims_doc                             # from the data file
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Annotated

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import typer
from jinja2 import Environment, PackageLoader, StrictUndefined

from commonsim.claims import (
    CLAIMS,
    DEFINITIONAL,
    EMERGENT,
    FAILS,
    HOLDS,
    INCONCLUSIVE,
    MISSING,
    NEGLIGIBLE,
    REGIMES,
    TRANSIENT,
    BoundedDebt,
    ClaimResult,
    Context,
    Judgement,
    Part,
    PartResult,
    headline_text,
    horizons_of,
    inputs,
    run_claims,
)
from commonsim.report.formatting import interval_text, markdown_table, number
from commonsim.report.stored import latest_comparison
from commonsim.stats import difference, horizon, series, slope, truncate

DOCS = Path(__file__).resolve().parents[3] / "docs"
DATA = "claims-runs.parquet"
#: The horizon version 1 judged at (its default run length).
V1_YEARS = 50


def used_variables(frame: pd.DataFrame) -> set[str]:
    """The metrics the claims read (found by evaluating them once on `frame`)."""
    return {v for claim in CLAIMS for part in claim.parts for _, v in inputs(part, frame)}


def _regimes() -> dict[str, str]:
    return dict(REGIMES)


def version1(part: Part, c: Context) -> str:
    """The verdict version 1 gave: a plain 95% interval on the claimed side, no floor."""
    if isinstance(part, BoundedDebt):
        return _version1_debt(part, c)
    m = dataclasses.replace(part.measure(c), floor=0.0)
    verdict = part.judge(m, 0.95).verdict
    return INCONCLUSIVE if verdict == NEGLIGIBLE else verdict


def _version1_debt(part: BoundedDebt, c: Context) -> str:
    """Version 1's "does not grow without bound": last-decade trend <= 0, or slowing."""
    table = series(c.frame, c.regimes[part.label], part.variable)
    if table.empty or c.years < 20:
        return MISSING

    def decade(hi: int) -> pd.Series:
        cols = [p for p in table.columns if hi - 10 <= p < hi]
        return table[cols].apply(lambda r: slope(r.to_numpy(float), r.index.to_numpy(float)),
                                 axis=1)

    last, before = decade(c.years), decade(c.years - 10)
    level = difference(last, last * 0).interval(0.95)
    accel = difference(last, before).interval(0.95)
    if level.high <= 0 or accel.high < 0:
        return HOLDS
    if level.low > 0 and accel.low > 0:
        return FAILS
    return INCONCLUSIVE


def why(part: PartResult, before: str) -> str:
    """Why the verdict differs from version 1's at year 50 (empty when it does not)."""
    p, at = part.part, part.at
    first, last = min(at), max(at)
    if isinstance(p, BoundedDebt):
        return ("bounded is newly defined: trend over years 80-100 at most 0.005/yr and"
                " year 100 at most 1.5 x year 50 (or below 1); version 1 accepted a falling"
                f" or slowing last-decade trend ({part.last.note})")
    if part.verdict == before:
        return ""
    j, k = at[first], at[last]
    if k.verdict == HOLDS and j.verdict != HOLDS:
        return (f"holds at year {last} ({_fig(k)}) but is {j.verdict} at year {first}"
                f" ({_fig(j)}); a part holds only if it holds at both")
    if part.verdict == TRANSIENT:
        return f"holds at year {first} but is {k.verdict} at year {last}: {_fig(k)}"
    if part.verdict == NEGLIGIBLE:
        return f"effect {_fig(k)} lies within the floor of plus or minus {number(k.floor)}"
    if j.verdict != before and j.verdict in (INCONCLUSIVE, NEGLIGIBLE):
        if abs(j.effect.mean) <= j.floor:
            return (f"at year {first} the effect {number(j.effect.mean)} does not exceed the"
                    f" floor {number(j.floor)}")
        return (f"at year {first} the Holm-adjusted {j.confidence:.2%} interval"
                f" ({interval_text(j.effect.mean, j.effect.low, j.effect.high)}) includes"
                " zero")
    return f"at year {last} it is {k.verdict}: {_fig(k)}"


def _fig(j: Judgement) -> str:
    return interval_text(j.effect.mean, j.effect.low, j.effect.high)


@dataclasses.dataclass
class Row:
    """One part of one claim as the document shows it."""

    claim: str
    text: str
    cls: str
    floor: str
    before: str
    at: dict[int, str]
    verdict: str
    effect: str
    reason: str


def rows_and_claims(frame: pd.DataFrame
                    ) -> tuple[list[Row], dict[str, tuple[str, str, str]], list[ClaimResult]]:
    """Per part the verdicts of both rules; per claim version 1's and version 2's verdict."""
    results = run_claims(frame)
    old = Context(truncate(frame, V1_YEARS), _regimes())
    rows, claims = [], {}
    for claim, result in zip(CLAIMS, results, strict=True):
        befores = [version1(p, old) for p in claim.parts]
        for part, before in zip(result.parts, befores, strict=True):
            j = part.last
            effect = j.note if j.verdict == MISSING else (
                f"{_fig(j)}; floor {number(j.floor)}")
            rows.append(Row(claim.id, part.text, part.cls, part.part.floor_text(), before,
                            {h: v.verdict for h, v in part.at.items()}, part.verdict, effect,
                            why(part, before)))
        claims[claim.id] = (_combine1(befores), result.verdict, claim_reason(result))
    return rows, claims, results


def claim_reason(result: ClaimResult) -> str:
    """Why a claim's verdict is what it is under version 2, when classes decide it."""
    if result.verdict == DEFINITIONAL:
        return "every part is definitional: listed, not counted"
    n = sum(p.cls != EMERGENT for p in result.parts)
    return f"{n} definitional part(s) listed, not counted" if n else ""


def _combine1(verdicts: list[str]) -> str:
    """Version 1's claim verdict: every part counted, definitional or not."""
    if FAILS in verdicts:
        return FAILS
    if verdicts and all(v == HOLDS for v in verdicts):
        return HOLDS
    return MISSING if MISSING in verdicts else INCONCLUSIVE


def missing_parts(results: list[ClaimResult]) -> list[str]:
    """Parts the model cannot evaluate, with what is missing."""
    return [f"{r.id}: {p.text} ({p.last.note})" for r in results for p in r.parts
            if p.verdict == MISSING]


def render(frame: pd.DataFrame, meta: dict[str, str]) -> str:
    """The text of docs/claims.md for the runs in `frame` (described by `meta`)."""
    rows, claims, results = rows_and_claims(frame)
    env = Environment(loader=PackageLoader("commonsim.report", "templates"),
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.globals["markdown_table"] = markdown_table
    years = horizon(frame)
    horizons = horizons_of(years)
    part_columns = ["part", "class", "floor", "v1", *[f"year {h}" for h in horizons],
                    "verdict", f"effect at year {horizons[-1]} [interval]"]
    part_tables = {c.id: [[r.text, r.cls, r.floor, r.before, *[r.at[h] for h in horizons],
                           f"**{r.verdict}**", r.effect] for r in rows if r.claim == c.id]
                   for c in CLAIMS}
    v1_counts = {v: sum(c[0] == v for c in claims.values())
                 for v in (HOLDS, FAILS, INCONCLUSIVE, MISSING)}
    return env.get_template("claims.md.j2").render(
        meta=meta, rows=rows, claims=claims, CLAIMS=CLAIMS, horizons=horizons,
        part_columns=part_columns, part_tables=part_tables,
        claim_table=[[c.id, *claims[c.id]] for c in CLAIMS],
        headline=headline_text(results), v1_counts=v1_counts, v1_years=V1_YEARS,
        missing=missing_parts(results), emergent=EMERGENT,
        replicates=frame["replicate"].nunique(), regimes=frame["regime"].nunique(),
        years=years)


def extract(store: Path | None, batch: str | None, path: Path) -> None:
    """Write the claims' metrics of a stored comparison, with its description, to `path`."""
    found = latest_comparison(store, batch)
    if found is None:
        raise typer.BadParameter("no stored compare batch of this code version; run"
                                 " `commonsim compare` first")
    frame = found.frame[found.frame["variable"].isin(used_variables(found.frame))]
    frame = frame.sort_values(["regime", "variable", "replicate", "period"])
    households = int(found.frame.loc[found.frame["variable"] == "households", "value"].max())
    meta = {"batch": found.batch, "code_version": found.code_version,
            "created": found.created, "households": f"{households:,}"}
    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}),
                                           b"commonsim": json.dumps(meta).encode()})
    pq.write_table(table, path, compression="zstd")


def load(path: Path) -> tuple[pd.DataFrame, dict[str, str]]:
    """The frame and description stored by :func:`extract`."""
    table = pq.read_table(path)
    meta = json.loads((table.schema.metadata or {}).get(b"commonsim", b"{}"))
    return table.to_pandas(), meta


def main(
    store: Annotated[Path | None, typer.Option(
        help="Take the newest stored comparison from this store (else reuse the data"
             " file)", show_default=False)] = None,
    batch: Annotated[str | None, typer.Option(help="A named compare batch instead",
                                              show_default=False)] = None,
    docs: Annotated[Path, typer.Option(help="Folder of claims.md and its data")] = DOCS,
) -> None:
    """Regenerate docs/claims.md (and, with --store, its data file)."""
    if store is not None or batch is not None:
        extract(store, batch, docs / DATA)
    frame, meta = load(docs / DATA)
    (docs / "claims.md").write_text(render(frame, meta), encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)
