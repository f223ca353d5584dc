"""The HTML page of an experiment batch: one self-contained file (no scripts, no images).

Rendered from the Jinja2 template ``templates/batch.html.j2`` with the tables of an
:class:`~commonsim.experiments.analyse.Analysis`; bars are drawn with CSS so the page
needs nothing beside itself.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from commonsim.experiments.analyse import Analysis
from commonsim.experiments.spec import regime_names


def _records(frame) -> list[dict]:
    return [] if frame is None or frame.empty else frame.to_dict("records")


def render(a: Analysis) -> str:
    """The batch report as one HTML string."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("commonsim.experiments", "templates"),
        autoescape=True, undefined=jinja2.StrictUndefined)
    runs = a.runs
    status = [f"{n} {s}" for s, n in runs["status"].value_counts().items()] if len(runs) else []
    failed = runs[runs["status"] == "failed"] if len(runs) else runs
    return env.get_template("batch.html.j2").render(
        info=a.info, spec=a.info.spec, points=len(a.info.design),
        factors=list(a.info.design.columns), regimes=regime_names(a.info.spec),
        status=status, notes=a.notes, robustness=_records(a.robustness),
        horizons=a.horizons,
        sensitivity={k: _records(v) for k, v in a.sensitivity.items()},
        attribution=_records(a.attribution),
        boxes=[{"label": b.label, "part": b.part, "stats": b.stats,
                "limits": _records(b.limits)} for b in a.boxes],
        failed=_records(failed))


def write_report(a: Analysis, out_dir: Path) -> Path:
    """Write ``index.html`` into `out_dir` (created if needed); returns its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render(a))
    return path
