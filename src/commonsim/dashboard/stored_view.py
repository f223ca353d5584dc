"""The stored-runs tab: runs and experiment batches of the results store."""

from __future__ import annotations

import solara
from matplotlib.figure import Figure

from commonsim.dashboard import stored
from commonsim.dashboard.prose import Prose, bold
from commonsim.errors import ConfigError

chosen = solara.reactive("")
KEY_SERIES = ("gdp", "income_gini", "wealth_gini", "unemployment", "poverty_rate")


@solara.component
def StoredRuns(path: str) -> None:
    """List the store's runs and batches; show one run's key series."""
    try:
        frame = stored.runs(path)
        batch_frame = stored.batches(path)
    except ConfigError as exc:
        solara.Info(f"No stored runs to show: {exc}")
        return
    Prose(bold(str(len(frame))), f" complete run(s) in {path}.")
    if batch_frame is not None:
        Prose(bold("Experiment batches"), f" ({len(batch_frame)})")
        solara.DataFrame(batch_frame, items_per_page=10)
    if frame.empty:
        return
    solara.Select("Open run", values=list(frame["run_id"]), value=chosen)
    solara.DataFrame(frame.astype(str), items_per_page=10)
    if chosen.value:
        StoredRun(path, chosen.value)


@solara.component
def StoredRun(path: str, run_id: str) -> None:
    """One stored run: its record and its key metrics over time."""
    try:
        one = stored.run(path, run_id)
    except (ConfigError, KeyError) as exc:
        solara.Error(str(exc))
        return
    r = one.record
    Prose(bold(r["regime"]), f" ({r.get('model') or '-'}), {r['households']:,}"
          f" households, {r['years']} years, seed {r['seed']}")
    names = [n for n in KEY_SERIES if n in one.metrics]
    if not names:
        solara.Info("This run has none of the key series.")
        return
    fig = Figure(figsize=(6.4, 1.4 * len(names) + 0.6), dpi=100, layout="constrained")
    axes = fig.subplots(len(names), 1, sharex=True, squeeze=False)[:, 0]
    for ax, name in zip(axes, names, strict=True):
        ax.plot(one.metrics.index, one.metrics[name])
        ax.set_ylabel(name, fontsize=8)
        ax.grid(alpha=0.3)
    axes[-1].set_xlabel("year")
    solara.FigureMatplotlib(fig, format="png")
