"""The ODD document is generated from the code and the committed copy is current."""

from __future__ import annotations

from pathlib import Path

from commonsim.economy.schedule import SCHEDULE
from commonsim.params import all_keys, key_kind
from commonsim.report.odd import render

ODD = Path(__file__).resolve().parents[1] / "docs" / "ODD.md"


def test_committed_odd_is_current():
    assert ODD.read_text(encoding="utf-8") == render(), (
        "docs/ODD.md is stale: regenerate it with"
        " `PYTHONPATH=src python -m commonsim.report.odd > docs/ODD.md`")


def test_odd_has_the_seven_sections_in_order():
    text = render()
    heads = ["## 1 Purpose and patterns", "## 2 Entities, state variables, and scales",
             "## 3 Process overview and scheduling", "## 4 Design concepts",
             "## 5 Initialization", "## 6 Input data", "## 7 Submodels"]
    positions = [text.index(h) for h in heads]
    assert positions == sorted(positions)


def test_odd_covers_the_schedule_and_every_parameter():
    text = render()
    for name, fn, _ in SCHEDULE:
        assert f"`{name}`" in text and fn.__name__ in text
    for key in all_keys():
        assert f"`{key}`" in text
    institutional = [k for k in all_keys() if key_kind(k) == "institutional"]
    presets = text[text.index("Presets: institutional settings"):]
    assert all(f"`{k}`" in presets for k in institutional)
