"""docs/claims.md: the claims judged by verdict rule version 2, and what moved since before.

The document is generated from data files: ``docs/claims-runs.parquet`` holds the metrics the
claims read for every run of one stored comparison (batch and code version in its metadata);
``docs/claims-runs-previous.parquet`` the same for the previous version of the model. The same
rule judges both, so every verdict that moved is measured, not argued; why it moved is written
by people in ``docs/claims-changes.toml``, and a test checks that exactly the claims whose
verdicts moved have a reason. A test also regenerates the text from the data files::

    python -m commonsim.report.claims_doc --store commonsim.duckdb --keep-previous  # new runs
    python -m commonsim.report.claims_doc                                           # re-render
"""

from __future__ import annotations

import dataclasses
import json
import tomllib
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
    MISSING,
    ClaimResult,
    Judgement,
    PartResult,
    headline_text,
    horizons_of,
    inputs,
    run_claims,
)
from commonsim.report.formatting import interval_text, markdown_table, number
from commonsim.report.stored import latest_comparison
from commonsim.stats import horizon

DOCS = Path(__file__).resolve().parents[3] / "docs"
DATA = "claims-runs.parquet"
#: The runs of the previous version of the model, judged by the same rule for comparison.
PREVIOUS = "claims-runs-previous.parquet"
#: Why each claim's verdicts moved since the previous version: written by people, checked
#: by a test to cover exactly the claims whose verdicts moved.
CHANGES = "claims-changes.toml"
#: Shown for a claim whose verdicts moved when no reason has been written yet.
NO_REASON = "(no reason written yet)"


def used_variables(frame: pd.DataFrame) -> set[str]:
    """The metrics the claims read (found by evaluating them once on `frame`)."""
    return {v for claim in CLAIMS for part in claim.parts for _, v in inputs(part, frame)}


def _fig(j: Judgement) -> str:
    return interval_text(j.effect.mean, j.effect.low, j.effect.high)


def effect_text(part: PartResult) -> str:
    """The effect at the last horizon with its interval and floor (or why it is missing)."""
    j = part.last
    return j.note if j.verdict == MISSING else f"{_fig(j)}; floor {number(j.floor)}"


@dataclasses.dataclass
class Row:
    """One part of one claim as the document shows it, now and in the previous version."""

    claim: str
    text: str
    cls: str
    floor: str
    at: dict[int, str]
    verdict: str
    effect: str
    before: str = ""
    before_effect: str = ""


def _row(claim: str, part: PartResult, previous: PartResult | None) -> Row:
    row = Row(claim, part.text, part.cls, part.part.floor_text(),
              {h: v.verdict for h, v in part.at.items()}, part.verdict, effect_text(part))
    if previous is not None and previous.text == part.text:
        row.before, row.before_effect = previous.verdict, effect_text(previous)
    elif previous is not None:
        row.before = "(new part)"
    return row


def rows_and_claims(frame: pd.DataFrame, previous: pd.DataFrame | None
                    ) -> tuple[list[Row], dict[str, tuple[str, str, str]], list[ClaimResult],
                               list[ClaimResult] | None]:
    """Per part both versions' verdicts; per claim the previous and current verdict."""
    results = run_claims(frame)
    earlier = run_claims(previous) if previous is not None else None
    rows, claims = [], {}
    for i, (claim, result) in enumerate(zip(CLAIMS, results, strict=True)):
        before = earlier[i] if earlier is not None else None
        for k, part in enumerate(result.parts):
            old = before.parts[k] if before is not None and k < len(before.parts) else None
            rows.append(_row(claim.id, part, old))
        claims[claim.id] = (before.verdict if before is not None else "", result.verdict,
                            claim_reason(result))
    return rows, claims, results, earlier


def changed_claims(rows: list[Row]) -> list[str]:
    """Claims with a part whose verdict differs from the previous version's, in order."""
    out: list[str] = []
    for r in rows:
        if r.before and r.before != r.verdict and r.claim not in out:
            out.append(r.claim)
    return out


def claim_reason(result: ClaimResult) -> str:
    """Why a claim's verdict is what it is, when classes decide it."""
    if result.verdict == DEFINITIONAL:
        return "every part is definitional: listed, not counted"
    n = sum(p.cls != EMERGENT for p in result.parts)
    return f"{n} definitional part(s) listed, not counted" if n else ""


def missing_parts(results: list[ClaimResult]) -> list[str]:
    """Parts the model cannot evaluate, with what is missing."""
    return [f"{r.id}: {p.text} ({p.last.note})" for r in results for p in r.parts
            if p.verdict == MISSING]


def load_reasons(path: Path) -> dict[str, str]:
    """The written reasons per claim ID (empty when the file does not exist)."""
    if not path.exists():
        return {}
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    return {cid: str(entry["reason"]).strip() for cid, entry in data.items()}


def render(frame: pd.DataFrame, meta: dict[str, str], previous: pd.DataFrame | None = None,
           previous_meta: dict[str, str] | None = None,
           reasons: dict[str, str] | None = None) -> str:
    """The text of docs/claims.md for the runs in `frame` (and the previous version's)."""
    rows, claims, results, earlier = rows_and_claims(frame, previous)
    env = Environment(loader=PackageLoader("commonsim.report", "templates"),
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.globals["markdown_table"] = markdown_table
    years = horizon(frame)
    horizons = horizons_of(years)
    compared = earlier is not None
    part_columns = ["part", "class", "floor", *[f"year {h}" for h in horizons], "verdict",
                    f"effect at year {horizons[-1]} [interval]",
                    *(["previous version", "previous effect"] if compared else [])]
    part_tables = {c.id: [[r.text, r.cls, r.floor, *[r.at[h] for h in horizons],
                           f"**{r.verdict}**", r.effect,
                           *([r.before, r.before_effect] if compared else [])]
                          for r in rows if r.claim == c.id] for c in CLAIMS}
    reasons = reasons or {}
    changed = changed_claims(rows)
    return env.get_template("claims.md.j2").render(
        meta=meta, previous_meta=previous_meta or {}, compared=compared, rows=rows,
        claims=claims, CLAIMS=CLAIMS, horizons=horizons, part_columns=part_columns,
        part_tables=part_tables,
        claim_table=[[c.id, *(claims[c.id] if compared else claims[c.id][1:])]
                     for c in CLAIMS],
        headline=headline_text(results),
        previous_headline=headline_text(earlier) if compared else "",
        changed=changed, reasons={c: reasons.get(c, NO_REASON) for c in changed},
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


def load_all(docs: Path) -> dict[str, object]:
    """Everything :func:`render` needs from the folder of claims.md."""
    frame, meta = load(docs / DATA)
    previous, previous_meta = load(docs / PREVIOUS) if (docs / PREVIOUS).exists() else (None,
                                                                                        None)
    return {"frame": frame, "meta": meta, "previous": previous,
            "previous_meta": previous_meta, "reasons": load_reasons(docs / CHANGES)}


def main(
    store: Annotated[Path | None, typer.Option(
        help="Take the newest stored comparison from this store (else reuse the data"
             " file)", show_default=False)] = None,
    batch: Annotated[str | None, typer.Option(help="A named compare batch instead",
                                              show_default=False)] = None,
    keep_previous: Annotated[bool, typer.Option(
        help="With --store: keep today's data file as the previous version's first")] = False,
    docs: Annotated[Path, typer.Option(help="Folder of claims.md and its data")] = DOCS,
) -> None:
    """Regenerate docs/claims.md (and, with --store, its data file)."""
    if store is not None or batch is not None:
        if keep_previous and (docs / DATA).exists():
            (docs / DATA).replace(docs / PREVIOUS)
        extract(store, batch, docs / DATA)
    (docs / "claims.md").write_text(render(**load_all(docs)), encoding="utf-8")


if __name__ == "__main__":
    typer.run(main)
