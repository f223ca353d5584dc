"""The dashboard page (Solara): choose a preset, change its institutions, run, compare, judge.

Solara is the framework of Mesa's visualisation, so people coming from Mesa find the same
reactive components; it renders with its own bundled assets (the ``solara-assets`` package),
so the page works offline. All model calls go through :mod:`commonsim.dashboard.adapter`;
this module only lays out state and widgets.
"""

from __future__ import annotations

import functools
import os
from html import escape
from typing import Any

import solara
import solara.lab

from commonsim.claims import FAILS, HOLDS, INCONCLUSIVE
from commonsim.dashboard import adapter, figures
from commonsim.dashboard.controls import Control, by_characteristic, control, group_title
from commonsim.dashboard.prose import Prose, bold
from commonsim.dashboard.stored_view import StoredRuns
from commonsim.dashboard.transition_view import TransitionEditor, changes
from commonsim.economy.engine import check_size
from commonsim.errors import ConfigError
from commonsim.params import Parameters
from commonsim.regimes import (
    Change,
    load_regime,
    parse_assignment,
    preset_names,
    scenario_names,
)

# -- page state (one local user: module-level reactive values) -----------------------------

preset = solara.reactive("commons-partner-state")
reference = solara.reactive("proprietary-weak-labour")
edits: solara.Reactive[dict[str, Any]] = solara.reactive({})  # dotted key -> new value
households = solara.reactive(300)
years = solara.reactive(20)
seeds = solara.reactive(3)
with_claims = solara.reactive(True)
message = solara.reactive("")  # the one-line error of the last bad input
status = solara.reactive("")

TIME_SERIES = ("gdp", "consumption", "income_gini", "wealth_gini", "unemployment",
               "poverty_rate", "commons_stock", "state_debt_to_gdp")
VERDICT_COLOUR = {HOLDS: "green", FAILS: "red", INCONCLUSIVE: "orange"}


def store_path() -> str:
    """The results store the dashboard reads (set by ``commonsim dashboard --store``)."""
    return os.environ.get("COMMONSIM_STORE", "commonsim.duckdb")


@functools.lru_cache(maxsize=16)
def preset_parameters(name: str) -> Parameters:
    """A preset's parameters, read once (every control shows one of them)."""
    return load_regime(name).params


def preset_value(key: str) -> Any:
    """The chosen preset's value of a dotted key."""
    section, _, name = key.partition(".")
    return getattr(getattr(preset_parameters(preset.value), section), name)


def set_value(control: Control, text: str | bool) -> None:
    """Take a user's value through the CLI's own parser and validation."""
    try:
        key, value = (control.key, text) if isinstance(text, bool) else parse_assignment(
            f"{control.key}={text}")
        trial = {**edits.value, key: value}
        adapter.resolve(preset.value, trial, transitions())
    except ConfigError as exc:
        message.value = str(exc)
        return
    message.value = ""
    edits.value = trial


def transitions() -> list[Change]:
    """The scheduled changes the transition editor holds."""
    return list(changes.value)


# -- the run -------------------------------------------------------------------------------


@solara.lab.task
def run_task() -> tuple[adapter.Runs, list[adapter.Verdict]]:
    """Run the settings and the reference over seeds (and the essay's presets for claims)."""
    regime = adapter.resolve(preset.value, edits.value, transitions())
    jobs = [(adapter.YOURS, regime)]
    labels = [reference.value]
    stands_for = adapter.model_label(preset.value)
    if with_claims.value:
        labels += [p for label, p in adapter.REGIMES.items() if label != stands_for]
    jobs += [(name, load_regime(name)) for name in dict.fromkeys(labels)]

    def progress(share: float, what: str) -> None:
        run_task.progress = 100 * share
        status.value = f"running {what}"

    runs = adapter.run_all(jobs, households.value, years.value, seeds.value, progress)
    verdicts = adapter.claim_verdicts(runs.frame, stands_for) if with_claims.value else []
    status.value = f"done: {len(runs.outputs)} runs"
    return runs, verdicts


def start_run() -> None:
    """Check every input first (as the CLI does), then start the run in the background."""
    try:
        adapter.resolve(preset.value, edits.value, transitions())
        check_size(households.value, years.value)
        if seeds.value < 1:
            raise ConfigError(f"seeds = {seeds.value}: allowed: an integer >= 1")
    except ConfigError as exc:
        message.value = str(exc)
        return
    message.value = ""
    run_task()


# -- components ----------------------------------------------------------------------------


@solara.component
def ControlField(control: Control) -> None:
    """One parameter: its value, ID, meaning and source."""
    current = edits.value.get(control.key, preset_value(control.key))
    with solara.Column(gap="0px", classes=["commonsim-control"]):
        if control.type == "bool":
            solara.Checkbox(label=control.label, value=bool(current),
                            on_value=lambda v: set_value(control, v))
        else:
            solara.InputText(control.label, value=str(current),
                             on_value=lambda text: set_value(control, text))
        bounds = "" if control.low is None else f" Allowed: [{control.low}, {control.high}]."
        solara.Text(f"{control.meaning}.{bounds}", style={"font-size": "12px"})
        if control.source:
            solara.Text(f"Source: {control.source}",
                        style={"font-size": "11px", "color": "#555"})


@solara.component
def PoliticalSwitch() -> None:
    """The political rule on or off: institutions respond to the constituencies."""
    switch = control("politics.enabled")
    on = bool(edits.value.get(switch.key, preset_value(switch.key)))
    with solara.Column(gap="0px", classes=["commonsim-politics"]):
        solara.Checkbox(label="Political rule: institutions follow the constituencies",
                        value=on, on_value=lambda v: set_value(switch, v))
        solara.Text("Bargaining, basic income, commons support ... move each year towards"
                    " what workers, owners and commoners favour, weighted by their power"
                    " (the politics.* keys).", style={"font-size": "12px"})


@solara.component
def Controls() -> None:
    """The preset, sizes and the institutional controls grouped by characteristic."""
    solara.Select("Preset", values=preset_names() + scenario_names(), value=preset,
                  on_value=lambda _: edits.set({}))
    solara.Select("Reference preset", values=preset_names(), value=reference)
    with solara.Row():
        solara.InputInt("Households", value=households)
        solara.InputInt("Years", value=years)
        solara.InputInt("Seeds", value=seeds)
    solara.Checkbox(label="Check the essay's claims (runs the other models too)",
                    value=with_claims)
    PoliticalSwitch()
    with solara.Column():  # a fixed slot, so the panels below keep their open/closed state
        if edits.value:
            solara.Text("Changed: " + ", ".join(f"{k} = {v}" for k, v in edits.value.items()),
                        classes=["commonsim-changed"])
    for cid, controls in by_characteristic().items():
        with solara.Details(summary=group_title(cid)):
            for c in controls:
                ControlField(c)


@solara.component
def Results() -> None:
    """Progress while running; figures and claims once done."""
    if run_task.pending:
        with solara.Column(classes=["commonsim-progress"]):
            solara.ProgressLinear(run_task.progress or True)
            solara.Text(status.value)
    if run_task.error:
        solara.Error(f"the run failed: {run_task.exception}")
    if not run_task.finished or run_task.value is None:
        if not run_task.pending:
            solara.Info("Choose settings and press Run.")
        return
    runs, verdicts = run_task.value
    shown = adapter.Runs([o for o in runs.outputs
                          if o.regime in (adapter.YOURS, reference.value)])
    solara.Text(status.value, classes=["commonsim-status"])
    with solara.Column(classes=["commonsim-results"]), solara.lab.Tabs():
        with solara.lab.Tab("Time series"):
            with solara.ColumnsResponsive(12, large=6):
                for variable in TIME_SERIES:
                    solara.FigureMatplotlib(figures.time_series(shown, variable), format="png")
        with solara.lab.Tab("Inequality and income"):
            with solara.ColumnsResponsive(12, large=6):
                solara.FigureMatplotlib(figures.lorenz(shown, "income"), format="png")
                solara.FigureMatplotlib(figures.lorenz(shown, "wealth"), format="png")
            solara.FigureMatplotlib(figures.income_shares(shown), format="png")
        with solara.lab.Tab("Institutions"), solara.Column(classes=["commonsim-institutions"]):
            solara.FigureMatplotlib(figures.institutions(shown), format="png")
            solara.FigureMatplotlib(figures.scenario_plane(shown), format="png")
        with solara.lab.Tab("Claims"):
            Claims(verdicts)


@solara.component
def Claims(verdicts: list[adapter.Verdict]) -> None:
    """Which of the essay's claims hold for these settings."""
    if not verdicts:
        solara.Info("Claims not checked: tick 'Check the essay's claims' and run again.")
        return
    stands = adapter.model_label(preset.value)
    if stands:
        Prose("Your settings stand in for model ", bold(stands), ".")
    else:
        Prose("Your preset is none of the essay's four models: the claims below judge the"
              " presets alone.")
    for v in verdicts:
        colour = VERDICT_COLOUR.get(v.verdict, "grey")
        with solara.Card(margin=0):
            solara.HTML(tag="p", unsafe_innerHTML=f"{bold(v.id)} <span style='color:{colour}'>"
                        f"{escape(v.verdict)}</span>: {escape(v.text)}")
            solara.Text(v.figures, style={"font-size": "11px"})


@solara.component
def Explore() -> None:
    """Settings on the left, results on the right."""
    with solara.Columns([1, 2]):
        with solara.Column():
            solara.Button("Run", on_click=start_run, color="primary",
                          disabled=run_task.pending, classes=["commonsim-run"])
            with solara.Column():  # a fixed slot, so the controls below are not rebuilt
                if message.value:
                    solara.Error(message.value, classes=["commonsim-error"])
            Controls()
        with solara.Column():
            Results()


@solara.component
def Page() -> None:
    """The whole dashboard."""
    solara.Title("commonsim dashboard")
    Prose("commonsim: Bauwens' three models of value creation", tag="h2")
    with solara.lab.Tabs():
        with solara.lab.Tab("Explore"):
            Explore()
        with solara.lab.Tab("Transition"):
            TransitionEditor(preset.value, edits.value)
        with solara.lab.Tab("Stored runs"):
            StoredRuns(store_path())
