"""The transition editor: a schedule of institutional changes, saved as a regime file."""

from __future__ import annotations

from typing import Any

import solara

from commonsim.dashboard.controls import institutional
from commonsim.dashboard.prose import Prose, bold
from commonsim.dashboard.transition import save_regime
from commonsim.errors import ConfigError
from commonsim.regimes import Change, apply_values, load_regime, parse_assignment

changes: solara.Reactive[list[Change]] = solara.reactive([])
year = solara.reactive(10)
key = solara.reactive("labour.bargaining")
value = solara.reactive("")
note = solara.reactive("")
file_name = solara.reactive("my-transition.toml")
regime_name = solara.reactive("my-transition")
feedback = solara.reactive(("", ""))  # (kind, text): kind "error" or "saved"


def add_change(preset: str, edits: dict[str, Any]) -> None:
    """Add one change after the regime loader's own checks of its key and value."""
    try:
        k, v = parse_assignment(f"{key.value}={value.value}")
        if year.value < 0:
            raise ConfigError(f"schedule: year = {year.value}; allowed: an integer >= 0")
        params = load_regime(preset, edits or None).params
        apply_values(params, {k: v}, f"schedule year {year.value}")
    except ConfigError as exc:
        feedback.value = ("error", str(exc))
        return
    feedback.value = ("", "")
    changes.value = [*changes.value, Change(year.value, {k: v}, note.value)]


def save(preset: str, edits: dict[str, Any]) -> None:
    """Write the preset, the edits and the schedule as a regime file."""
    try:
        regime = save_regime(file_name.value, regime_name.value, preset, edits, changes.value)
    except ConfigError as exc:
        feedback.value = ("error", str(exc))
        return
    feedback.value = ("saved", f"saved {file_name.value}: regime {regime.name} with"
                               f" {len(regime.schedule)} scheduled change(s);"
                               f" run it with `commonsim run {file_name.value}`")


@solara.component
def TransitionEditor(preset: str, edits: dict[str, Any]) -> None:
    """Edit the schedule on top of the chosen preset and the values changed in Explore."""
    Prose("Changes take effect from the start of their year, on top of ", bold(preset),
          " and the values changed in Explore. They also apply to the next run.")
    with solara.Row():
        solara.InputInt("Year", value=year)
        solara.Select("Parameter", values=[c.key for c in institutional()], value=key)
        solara.InputText("New value", value=value, continuous_update=True)
        solara.InputText("Note", value=note, continuous_update=True)
        solara.Button("Add change", on_click=lambda: add_change(preset, edits))
    for i, change in enumerate(changes.value):
        with solara.Row():
            values = ", ".join(f"{k} = {v}" for k, v in change.values.items())
            solara.Text(f"from year {change.year}: {values}"
                        + (f" ({change.note})" if change.note else ""))
            solara.Button("remove", text=True, on_click=lambda i=i: changes.set(
                [c for j, c in enumerate(changes.value) if j != i]))
    with solara.Row():
        solara.InputText("Regime name", value=regime_name, continuous_update=True)
        solara.InputText("File", value=file_name, continuous_update=True)
        solara.Button("Save regime file", on_click=lambda: save(preset, edits))
    kind, text = feedback.value
    if kind == "error":
        solara.Error(text)
    elif kind == "saved":
        solara.Success(text)
