"""The ODD document is generated from the code, states every step's equations, and is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from commonsim.economy import schedule as schedule_module
from commonsim.economy.schedule import SCHEDULE
from commonsim.mechanisms.consumption import consume
from commonsim.mechanisms.entities import found_entities
from commonsim.mechanisms.goods import buy
from commonsim.metrics import METRICS
from commonsim.params import Parameters, all_keys, field_info, key_kind
from commonsim.regimes import load_regime, preset_names
from commonsim.report import odd
from commonsim.report.equations import (
    calls_transitively,
    equations_of,
    missing_equations,
    split_docstring,
    switches,
)

ROOT = Path(__file__).resolve().parents[1]
ODD = ROOT / "docs" / "ODD.md"


@pytest.fixture(scope="module")
def text() -> str:
    return odd.render()


def test_committed_odd_is_current(text):
    assert ODD.read_text(encoding="utf-8") == text, (
        "docs/ODD.md is stale: regenerate it with"
        " `PYTHONPATH=src python -m commonsim.report.odd > docs/ODD.md`")


def test_odd_has_the_seven_sections_in_order(text):
    heads = ["## 1 Purpose and patterns", "## 2 Entities, state variables, and scales",
             "## 3 Process overview and scheduling", "## 4 Design concepts",
             "## 5 Initialization", "## 6 Input data", "## 7 Submodels"]
    positions = [text.index(h) for h in heads]
    assert positions == sorted(positions)


def test_odd_covers_the_schedule_and_every_parameter(text):
    for name, fn, _ in SCHEDULE:
        assert f"`{name}`" in text and fn.__name__ in text
    for key in all_keys():
        assert f"`{key}`" in text
    presets = text[text.index("Presets shipped"):]
    values = {n: load_regime(n).params.model_dump() for n in preset_names()}
    differing = [k for k in all_keys()
                 if len({repr(v[k.split(".")[0]][k.split(".")[1]]) for v in values.values()}) > 1]
    assert any(key_kind(k) == "institutional" for k in differing)
    assert all(f"`{k}`" in presets for k in differing)


def test_every_schedule_step_states_its_equations():
    assert missing_equations(SCHEDULE) == []


def test_a_step_without_equations_is_caught_and_stops_the_document(monkeypatch):
    def undocumented_step(e):
        """Does something, but says no equations."""

    def empty_section(e):
        """Says it has equations.

        Equations:
        """

    fake = [("undocumented", undocumented_step, lambda p: True),
            ("empty", empty_section, lambda p: True), *SCHEDULE[:1]]
    assert missing_equations(fake) == ["undocumented", "empty"]
    monkeypatch.setattr(odd, "SCHEDULE", fake)
    with pytest.raises(odd.MissingEquationsError, match="undocumented, empty"):
        odd.render()


def test_each_step_appears_in_order_with_its_equations(text):
    submodels = text[text.index("## 7 Submodels"):]
    positions = []
    for name, fn, _ in SCHEDULE:
        head = re.search(rf"^### 7\.\d+ `{name}`$", submodels, re.M)
        assert head, name
        positions.append(head.start())
        assert equations_of(fn) in submodels[head.start():]
    assert positions == sorted(positions)


def test_equations_section_is_split_from_the_prose():
    doc = """Summary line.

    Why it is so.

    Equations:
        y = a * x
            continued
        where y is output.

    Note: after the section.
    """
    parts = split_docstring(doc)
    assert parts.equations == "y = a * x\n    continued\nwhere y is output."
    assert parts.prose == "Summary line.\n\nWhy it is so.\n\nNote: after the section."
    assert split_docstring("No section here.").equations == ""


def test_shown_switches_are_the_code_s_switches():
    """Each step's switch, as printed, decides the same as the schedule's own function."""
    shown = switches(schedule_module)
    assert set(shown) == {name for name, _, _ in SCHEDULE}
    for name in preset_names():
        p = load_regime(name).params
        sections = {s: getattr(p, s) for s in Parameters.model_fields}
        for step, _, on in SCHEDULE:
            expression = "True" if shown[step] == "always" else shown[step]
            assert eval(expression, {}, sections) == on(p), (name, step)  # noqa: S307


def test_goods_market_buyers_are_found_through_the_calls():
    assert calls_transitively(consume, buy)
    assert not calls_transitively(found_entities, buy)
    buyers = odd.steps_calling(buy)
    order = [name for name, _, _ in SCHEDULE]
    assert "consume" in buyers and buyers == sorted(buyers, key=order.index)


def test_every_metric_is_defined_in_the_odd(text):
    for metric in METRICS.values():
        assert metric.definition.strip(), metric.name
        assert f"| `{metric.name}` | {metric.unit} |" in text, metric.name


def test_odd_cites_only_files_in_the_repository(text):
    cited = set(re.findall(r"[\w.-]+(?:/[\w.-]+)+\.(?:md|py|toml|j2|parquet|json|csv)", text))
    assert cited
    bases = (ROOT, ROOT / "src" / "commonsim")
    missing = sorted(c for c in cited if not any((b / c).exists() for b in bases))
    assert missing == []


@pytest.mark.parametrize("document", ["docs/models.md", "docs/ODD.md"])
def test_numbers_quoted_beside_a_key_are_its_default(document):
    """"(`section.key`, 0.068 ...)" in prose must be the schema's value, not a stale copy."""
    quoted = re.findall(r"`(\w+\.\w+)`,\s*(-?\d+(?:\.\d+)?)\b(?!\s*%)",
                        (ROOT / document).read_text(encoding="utf-8"))
    assert quoted or document.endswith("ODD.md")
    for key, number in quoted:
        cls, name = field_info(key)
        assert float(number) == pytest.approx(float(cls.model_fields[name].default)), key
