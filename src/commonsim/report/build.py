"""Write the comparison report folder: index.html (self-contained), SVG figures, summary.md.

The report is a pure function of the comparison frame, the Lorenz points and the claim
results, so it can be rebuilt from stored data without running anything again. Its pages
come from the Jinja2 templates in ``templates/``; numbers go through :mod:`.formatting`.
"""

from __future__ import annotations

import base64
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import pandas as pd
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

from commonsim.claims import (
    FAILS,
    MISSING,
    TRANSIENT,
    ClaimResult,
    PartResult,
    claims_frame,
    headline_text,
    inputs,
)
from commonsim.experiments.claim_parts import part_label
from commonsim.mechanisms.politics import INSTITUTION_METRICS
from commonsim.report import figures
from commonsim.report.dimensions import (
    FIGURE_METRICS,
    REPORT_ONLY,
    characteristics_by_dimension,
    grouped,
)
from commonsim.report.formatting import (
    interval_text,
    markdown_table,
    number,
    trend_text,
)
from commonsim.report.glossary import glossary_rows, label, unit_of
from commonsim.report.legend import CITATION, ESSAY_TITLE, legend_rows
from commonsim.report.scenario_plane import X_METRIC, Y_METRIC, plane_figure
from commonsim.report.trace import traceability
from commonsim.stats import early_periods, final_periods, horizon, summary_table

if TYPE_CHECKING:  # the lookup pulls in the analyses; the report needs only its result
    from commonsim.report.robustness import StoredRobustness


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
    #: Limitations that depend on how the regimes were run (report.limitations).
    limitations: list[str] = field(default_factory=list)


@dataclass
class Figure:
    """A figure of the report: its file, title and caption."""

    path: Path
    title: str
    caption: str

    @property
    def data_uri(self) -> str:
        """The SVG inlined as a data URI, so the page opens offline on its own."""
        data = base64.b64encode(self.path.read_bytes()).decode("ascii")
        return f"data:image/svg+xml;base64,{data}"


def cell(row: pd.Series) -> str:
    """A side-by-side cell: final mean [interval], then the trend in words."""
    return (f"{interval_text(row['final'], row['final_low'], row['final_high'])};"
            f" {trend_text(row['trend'], row['trend_low'], row['trend_high'])}")


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
            row: dict[str, str] = {"metric": label(m), "unit": unit_of(m)}
            for r in regimes:
                hit = table[(table["regime"] == r) & (table["variable"] == m)]
                row[r] = cell(hit.iloc[0]) if len(hit) else "not reported"
            rows.append(row)
        out[dim] = pd.DataFrame(rows).set_index("metric")
    return out


def _frame_rows(t: pd.DataFrame) -> tuple[list[str], list[list[object]]]:
    """Columns and rows of a table with its index as the first column."""
    columns = [t.index.name or ""] + [str(c) for c in t.columns]
    return columns, [[idx, *row] for idx, row in zip(t.index, t.itertuples(index=False),
                                                     strict=True)]


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def make_figures(frame: pd.DataFrame, lorenz: pd.DataFrame, figdir: Path,
                 wealth_measure: str) -> list[Figure]:
    """Every figure of the report, written as SVG, with its caption."""
    metrics = [m for m in pd.unique(frame["variable"]) if m not in REPORT_ONLY]
    figs: list[Figure] = []
    for i, (dim, ms) in enumerate(grouped(metrics).items(), start=1):
        shown = ms[:FIGURE_METRICS]
        path = figures.timeseries(frame, shown, figdir / f"{i:02d}-{_slug(dim)}.svg",
                                  title=dim)
        figs.append(Figure(path, dim, f"{dim}: {', '.join(map(label, shown))} by year; lines"
                           " are means over replicates, bands 95% intervals; dotted"
                           " vertical lines mark scheduled changes of institutions."
                           + (f" {len(ms) - len(shown)} more metrics of this dimension are"
                              " in its table." if len(ms) > len(shown) else "")))
    if len(lorenz):
        figs.append(Figure(figures.lorenz(lorenz, figdir / "lorenz.svg", wealth_measure),
                           "Lorenz curves", "Lorenz curves of disposable income and of"
                           f" wealth ({wealth_measure}) in the final year, mean over"
                           " replicates; the dashed diagonal is equality."))
    figs.append(Figure(figures.income_figure(frame, figdir / "income.svg"),
                       "Where income goes", "Final-window shares of national income by"
                       " claimant (left) and of household income by source (right)."))
    return figs + political_figures(frame, figdir)


def political_figures(frame: pd.DataFrame, figdir: Path) -> list[Figure]:
    """The scenario plane over time, and the institutions the political rule moves."""
    figs = []
    if {X_METRIC, Y_METRIC} <= set(pd.unique(frame["variable"])):
        figs.append(Figure(plane_figure(frame, figdir / "scenario-plane.svg"),
                           "The scenario plane", "Every regime's path on Bauwens &"
                           " Kostakis' (2014) plane: commons_orientation (capital -1 to"
                           " commons +1) against control_centralisation (distributed -1 to"
                           " centralised +1), means over replicates; open circle the first"
                           " year, filled circle the last."))
    levels = [m for m in INSTITUTION_METRICS if m in set(pd.unique(frame["variable"]))]
    if levels:
        figs.append(Figure(figures.timeseries(frame, levels, figdir / "institutions.svg",
                                              title="Institutions over time"),
                           "Institutions over time", "The level of every institution the"
                           " political rule may move, by year (flat where the rule is off"
                           " or no constituency with power cares about it); means over"
                           " replicates, bands 95% intervals."))
    return figs


def explain_failures(frame: pd.DataFrame, results: list[ClaimResult], figdir: Path
                     ) -> list[dict[str, object]]:
    """For each failing or transient claim, its failing parts in words and one figure."""
    out = []
    for r in results:
        bad = [p for p in r.parts if p.verdict in (FAILS, TRANSIENT) and p.cls == "E"]
        if r.verdict not in (FAILS, TRANSIENT) or not bad:
            continue
        pairs = [pair for p in bad for pair in inputs(p.part, frame)]
        metrics = list(dict.fromkeys(v for _, v in pairs))[:FIGURE_METRICS]
        regimes = list(dict.fromkeys(reg for reg, _ in pairs))
        path = figures.timeseries(frame, metrics, figdir / f"claim-{_slug(r.id)}.svg",
                                  title=f"{r.id}: what the failing parts compare",
                                  regimes=regimes)
        caption = (f"{r.id}: {', '.join(map(label, metrics))} in "
                   f"{', '.join(regimes)}, by year (means and 95% bands).")
        out.append({"id": r.id, "verdict": r.verdict, "text": r.claim.text,
                    "parts": [part_story(p) for p in bad],
                    "figure": Figure(path, r.id, caption)})
    return out


def part_story(p: PartResult) -> str:
    """A failing or transient part in words, from its figures at each horizon."""
    said = []
    for h, j in p.at.items():
        if j.verdict == MISSING:
            said.append(f"at year {h} it cannot be evaluated ({j.note})")
            continue
        said.append(f"at year {h} the left side is {number(j.left.mean)} and the right side"
                    f" {number(j.right.mean)}, a difference of"
                    f" {interval_text(j.effect.mean, j.effect.low, j.effect.high)} against a"
                    f" floor of {number(j.floor)}: {j.verdict}")
    return f"{p.text}: " + "; ".join(said) + "."


def claim_rows(results: list[ClaimResult], stored: StoredRobustness | None = None
               ) -> list[dict[str, object]]:
    """The claims table: one row per part, with the claim's cells on its first row.

    With `stored` robustness and attribution batches, each part also gets its share of the
    global sample holding and its institutions' shares ("" where the batch has none).
    """
    rows = []
    holds = stored.holds if stored is not None else {}
    shares = stored.attribution if stored is not None else {}
    for r in results:
        for i, p in enumerate(r.parts):
            j = p.last
            rows.append({"first": i == 0, "span": len(r.parts), "id": r.id,
                         "robust": holds.get(part_label(r.id, i), ""),
                         "attribution": shares.get(part_label(r.id, i), ""),
                         "claim": r.claim.text, "claim_verdict": r.verdict, "part": p.text,
                         "cls": p.cls, "floor": p.part.floor_text(),
                         "at": {h: v.verdict for h, v in p.at.items()},
                         "verdict": p.verdict,
                         "effect": j.note if j.verdict == MISSING else
                         f"{interval_text(j.effect.mean, j.effect.low, j.effect.high)}"
                         f" (floor {number(j.floor)})",
                         "note": p.note})
    return rows


def markdown_rows(context: dict[str, object], horizons: list[int]) -> dict[str, object]:
    """The rows of summary.md's tables that are not already tables (legend, claims ...)."""
    legend = context["legend"]
    claims = context["claims"]
    glossary = context["glossary"]
    assert isinstance(legend, list) and isinstance(claims, list)
    assert isinstance(glossary, list)
    return {
        "legend_table": [[r.regime, r.model, r.description] for r in legend],
        "claims_columns": ["ID", "claim verdict", "part", "class",
                           *[f"year {h}" for h in horizons], "verdict", "effect"],
        "claims_table": [[r["id"] if r["first"] else "", r["claim_verdict"] if r["first"]
                          else "", r["part"], r["cls"], *[r["at"][h] for h in horizons],
                          r["verdict"], r["effect"]] for r in claims],
        "glossary_table": [[g.label, g.unit, g.definition] for g in glossary],
    }


def environment() -> Environment:
    """The Jinja2 environment of the report's templates (HTML escaped automatically)."""
    env = Environment(loader=PackageLoader("commonsim.report", "templates"),
                      autoescape=select_autoescape(enabled_extensions=("html.j2",)),
                      undefined=StrictUndefined, keep_trailing_newline=True)
    env.filters["number"] = number
    env.globals["markdown_table"] = markdown_table
    return env


def write_report(frame: pd.DataFrame, lorenz: pd.DataFrame, results: list[ClaimResult],
                 outdir: str | Path, info: ReportInfo,
                 stored: StoredRobustness | None = None) -> Path:
    """Write index.html, summary.md, figures/*.svg and the data behind them; return index.

    `stored`: robustness and attribution columns from experiment batches, or the sentence
    saying how to produce them (None: not looked up, nothing said).
    """
    out = Path(outdir)
    figdir = out / "figures"
    figdir.mkdir(parents=True, exist_ok=True)
    figs = make_figures(frame, lorenz, figdir, info.wealth_measure)
    failures = explain_failures(frame, results, figdir)
    summary = summary_table(frame)
    tables = side_by_side(frame, summary)
    frame.to_parquet(out / "metrics.parquet", index=False)
    claims_frame(results).to_csv(out / "claims.csv", index=False)
    lorenz.to_csv(out / "lorenz.csv", index=False)
    summary.to_csv(out / "table.csv", index=False)
    national, household = figures.income_split(frame)
    years = horizon(frame)
    horizons = sorted({h for r in results for p in r.parts for h in p.at})
    context = {
        "essay_title": ESSAY_TITLE, "citation": CITATION, "info": info,
        "final": final_periods(years), "early": early_periods(years), "years": years,
        "horizons": horizons, "headline": headline_text(results),
        "notes": list(dict.fromkeys(n for n in info.notes if n)),
        "legend": legend_rows(info.regimes), "claims": claim_rows(results, stored),
        "stored": {"robust": bool(stored and stored.holds),
                   "attribution": bool(stored and stored.attribution),
                   "note": stored.note if stored else ""},
        "failures": failures, "traces": traceability(results),
        "tables": {dim: _frame_rows(t) for dim, t in tables.items()},
        "by_dim": characteristics_by_dimension(),
        "verdicts": {r.id: r.verdict for r in results},
        "national": _frame_rows(national.map(number)),
        "household": _frame_rows(household.map(number)),
        "figures": figs, "glossary": glossary_rows(
            [m for m in pd.unique(frame["variable"]) if m not in REPORT_ONLY]),
        "files": ["summary.md", "claims.csv", "table.csv", "lorenz.csv", "metrics.parquet"],
    }
    context.update(markdown_rows(context, horizons))
    env = environment()
    index = out / "index.html"
    index.write_text(env.get_template("report.html.j2").render(**context), encoding="utf-8")
    (out / "summary.md").write_text(env.get_template("summary.md.j2").render(**context),
                                    encoding="utf-8")
    return index
