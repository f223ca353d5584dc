"""Write the comparison report folder: index.html (self-contained), PNG figures, summary.md.

The report is a pure function of the comparison frame, the Lorenz points and the claim
results, so it can be rebuilt from stored data without running anything again.
"""

from __future__ import annotations

import base64
import html
import math
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from commonsim.claims import FAILS, HOLDS, INCONCLUSIVE, MISSING, ClaimResult, claims_frame
from commonsim.report import figures
from commonsim.report.dimensions import (
    FIGURE_METRICS,
    REPORT_ONLY,
    characteristics_by_dimension,
    grouped,
)
from commonsim.report.trace import Trace, traceability
from commonsim.stats import (
    early_periods,
    final_periods,
    horizon,
    summary_table,
)

VERDICT_COLOURS = {HOLDS: "#d4edda", FAILS: "#f8d7da", INCONCLUSIVE: "#fff3cd",
                   MISSING: "#e2e3e5"}


@dataclass
class ReportInfo:
    """How the comparison was run (shown at the top of the report)."""

    regimes: list[str]
    replicates: int
    households: int
    years: int
    seconds: float = 0.0
    store: str = ""
    batch: str = ""
    wealth_measure: str = "net worth"
    notes: list[str] = field(default_factory=list)


def fmt(x: float, digits: int = 3) -> str:
    """A number for a table: `digits` significant digits, n/a for missing."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "n/a"
    if math.isinf(x):
        return "inf" if x > 0 else "-inf"
    if x != 0 and (abs(x) >= 1e5 or abs(x) < 1e-3):
        return f"{x:.{digits - 1}e}"
    return f"{x:.{digits}g}"


def trend_arrow(t: float, low: float, high: float) -> str:
    """An arrow for a trend whose interval is (`low`, `high`)."""
    if math.isnan(t):
        return "n/a"
    mark = "↑" if low > 0 else "↓" if high < 0 else "→"
    return f"{mark} {fmt(t)}/yr"


def side_by_side(frame: pd.DataFrame, table: pd.DataFrame | None = None
                 ) -> dict[str, pd.DataFrame]:
    """Per dimension, a table with one row per metric and, per regime, final and trend."""
    table = summary_table(frame) if table is None else table
    regimes = list(pd.unique(frame["regime"]))
    metrics = [m for m in pd.unique(frame["variable"]) if m not in REPORT_ONLY]
    out = {}
    for dim, ms in grouped(metrics).items():
        rows = []
        for m in ms:
            row: dict[str, str] = {"metric": m}
            for r in regimes:
                hit = table[(table["regime"] == r) & (table["variable"] == m)]
                if hit.empty:
                    row[r] = "n/a"
                    continue
                h = hit.iloc[0]
                row[r] = (f"{fmt(h['final'])} [{fmt(h['final_low'])}, {fmt(h['final_high'])}]"
                          f" {trend_arrow(h['trend'], h['trend_low'], h['trend_high'])}")
            rows.append(row)
        out[dim] = pd.DataFrame(rows).set_index("metric")
    return out


def _img(path: Path) -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    return (f'<figure><img alt="{html.escape(path.stem)}" src="data:image/png;base64,{data}">'
            f"<figcaption>{html.escape(path.name)}</figcaption></figure>")


def _verdict_cell(v: str) -> str:
    return f'<td style="background:{VERDICT_COLOURS.get(v, "#fff")}"><b>{html.escape(v)}</b></td>'


def _claims_html(results: list[ClaimResult]) -> str:
    rows = []
    for r in results:
        n = len(r.parts)
        for i, p in enumerate(r.parts):
            head = ""
            if i == 0:
                head = (f'<td rowspan="{n}"><b>{r.id}</b></td>'
                        f'<td rowspan="{n}">{html.escape(r.claim.text)}</td>'
                        + _verdict_cell(r.verdict).replace("<td", f'<td rowspan="{n}"', 1))
            rows.append(f"<tr>{head}<td>{html.escape(p.text)}</td>{_verdict_cell(p.verdict)}"
                        f"<td>{html.escape(p.figures())}</td></tr>")
    return ("<table><tr><th>ID</th><th>claim</th><th>verdict</th><th>part</th>"
            "<th>part verdict</th><th>left vs right; difference [95% CI]</th></tr>"
            + "".join(rows) + "</table>")


def _trace_html(traces: list[Trace]) -> str:
    rows = []
    for t in traces:
        verdict = t.claim.verdict if t.claim else ""
        cases = f"{len(t.cases)}: " + ", ".join(t.cases[:4]) + (" ..." if len(t.cases) > 4
                                                                  else "") if t.cases else "-"
        rows.append(
            f"<tr><td><b>{t.id}</b><br><small>{html.escape(t.title)}</small></td>"
            f"<td>{'<br>'.join(map(html.escape, t.mechanisms)) or '-'}</td>"
            f"<td>{'<br>'.join(map(html.escape, t.parameters)) or '-'}</td>"
            f"<td>{html.escape(cases)}</td>{_verdict_cell(verdict)}</tr>")
    return ("<table><tr><th>characteristic</th><th>mechanisms (module.function)</th>"
            "<th>institutional parameters</th><th>atlas cases</th><th>claim verdict</th></tr>"
            + "".join(rows) + "</table>")


VERDICT_RULE = (
    "Each claim of shared/essay/claims.md is a conjunction of parts. A part holds when its"
    " 95% interval over replicates (differences taken seed by seed) lies on the claimed side,"
    " fails when it lies on the other side, and is inconclusive otherwise; a claim fails if"
    " any part fails and holds if all parts hold. Claims are measured, never tuned.")

CSS = """body{font-family:system-ui,sans-serif;margin:2em;max-width:1400px;color:#222}
table{border-collapse:collapse;margin:1em 0;font-size:13px}
td,th{border:1px solid #ccc;padding:3px 6px;vertical-align:top}
th{background:#f0f0f0}figure{display:inline-block;margin:0.5em}
img{max-width:100%}h2{border-bottom:1px solid #ccc;margin-top:2em}"""


def write_report(frame: pd.DataFrame, lorenz: pd.DataFrame, results: list[ClaimResult],
                 outdir: str | Path, info: ReportInfo) -> Path:
    """Write index.html, summary.md, figures/*.png and the data behind them; return index."""
    out = Path(outdir)
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    metrics = [m for m in pd.unique(frame["variable"]) if m not in REPORT_ONLY]
    groups = grouped(metrics)
    figs: list[Path] = []
    for i, (dim, ms) in enumerate(groups.items(), start=1):
        slug = dim.replace(" ", "-")
        figs.append(figures.timeseries(frame, ms[:FIGURE_METRICS],
                                       figdir / f"{i:02d}-{slug}.png", title=dim))
    if len(lorenz):
        figs.append(figures.lorenz(lorenz, figdir / "lorenz.png", info.wealth_measure))
    figs.append(figures.income_figure(frame, figdir / "income.png"))
    summary = summary_table(frame)
    tables = side_by_side(frame, summary)
    traces = traceability(results)
    claims = claims_frame(results)
    frame.to_parquet(out / "metrics.parquet", index=False)
    claims.to_csv(out / "claims.csv", index=False)
    lorenz.to_csv(out / "lorenz.csv", index=False)
    summary.to_csv(out / "table.csv", index=False)
    national, household = figures.income_split(frame)

    years = horizon(frame)
    fw, ew = final_periods(years), early_periods(years)
    counts = {v: sum(r.verdict == v for r in results)
              for v in (HOLDS, FAILS, INCONCLUSIVE, MISSING)}
    head = (f"{len(info.regimes)} regimes x {info.replicates} replicates (seeds 0-"
            f"{info.replicates - 1}, the same for every regime), {info.households:,} households,"
            f" {info.years} years. Final = mean of periods {fw[0]}-{fw[1] - 1}; early = mean of"
            f" periods {ew[0]}-{ew[1] - 1}; intervals are 95% t-intervals over replicates;"
            " trends are least-squares slopes per year after start-up.")
    verdict_line = ", ".join(f"{k}: {v}" for k, v in counts.items())

    parts = [f"<!doctype html><html><head><meta charset='utf-8'><title>commonsim: regime"
             f" comparison</title><style>{CSS}</style></head><body>",
             "<h1>commonsim: the essay's regimes side by side</h1>",
             f"<p>{html.escape(head)}</p>",
             f"<p>Run time {info.seconds:.1f} s." + (f" Stored in {html.escape(info.store)}"
                                                     f" (batch {html.escape(info.batch)})."
                                                     if info.store else "") + "</p>"]
    parts += [f"<p><i>{html.escape(n)}</i></p>" for n in info.notes]
    parts += ["<h2>Claims</h2>", f"<p>{html.escape(VERDICT_RULE)}</p>",
              f"<p><b>{html.escape(verdict_line)}</b></p>", _claims_html(results),
              "<h2>Traceability</h2>", _trace_html(traces),
              "<h2>Side-by-side, by the essay's seven dimensions</h2>",
              "<p>Each cell: final mean [95% interval], then the trend per year (↑/↓ when its"
              " interval excludes zero).</p>"]
    by_dim = characteristics_by_dimension()
    verdicts = {r.id: r.verdict for r in results}
    for dim, t in tables.items():
        parts.append(f"<h3>{html.escape(dim)}</h3>")
        if by_dim.get(dim):
            parts.append("<p>Characteristics: " + ", ".join(
                f"{cid} ({html.escape(verdicts.get(cid, 'no claim'))})"
                for cid in by_dim[dim]) + "</p>")
        parts.append(t.to_html(escape=True))
    parts += ["<h2>Where income goes (final)</h2>", national.to_html(float_format=fmt),
              household.to_html(float_format=fmt), "<h2>Figures</h2>"]
    parts += [_img(p) for p in figs]
    parts += ["</body></html>"]
    index = out / "index.html"
    index.write_text("\n".join(parts), encoding="utf-8")

    md = ["# commonsim: regime comparison", "", head, "", f"Claims: {verdict_line}.", "",
          "| ID | verdict | parts: effect (left - right) [95% CI] |", "|---|---|---|"]
    for r in results:
        detail = "; ".join(f"{p.text}: {p.verdict}, {p.effect.format()}" if p.verdict != MISSING
                           else f"{p.text}: cannot be evaluated ({p.note})" for p in r.parts)
        md.append(f"| {r.id} | {r.verdict} | {detail} |")
    for dim, t in tables.items():
        md += ["", f"## {dim}", "", _md_table(t)]
    md += ["", "## Where income goes (final)", "", _md_table(national.map(fmt)), "",
           _md_table(household.map(fmt)), "", "Figures: " + ", ".join(
               f"[{p.name}](figures/{p.name})" for p in figs), ""]
    (out / "summary.md").write_text("\n".join(md), encoding="utf-8")
    return index


def _md_table(t: pd.DataFrame) -> str:
    cols = [t.index.name or ""] + [str(c) for c in t.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for idx, row in t.iterrows():
        lines.append("| " + " | ".join([str(idx)] + [str(v) for v in row]) + " |")
    return "\n".join(lines)
