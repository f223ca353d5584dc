"""The report folder, its templates, figures, formatting and links, on constructed data."""

from __future__ import annotations

import re
import types

import numpy as np
import pandas as pd
import pytest

from commonsim.claims import run_claims
from commonsim.report.build import ReportInfo, side_by_side, write_report
from commonsim.report.dimensions import DIMENSION_METRICS, OTHER, dimension_of, grouped
from commonsim.report.figures import income_split, timeseries
from commonsim.report.formatting import interval_text, markdown_table, number, trend_text
from commonsim.report.glossary import glossary_rows
from commonsim.report.legend import REGIME_STYLE, schedule_marks, style_of
from commonsim.report.synthetic import constructed_frame
from commonsim.report.trace import (
    mechanism_modules,
    parameter_ids,
    scheduled_functions,
    traceability,
)
from commonsim.stats import band, summary_table


def small_frame() -> pd.DataFrame:
    return constructed_frame({
        ("1a", "wealth_gini"): lambda r, t: 0.5 + 0.01 * t + 0.001 * r,
        ("3", "wealth_gini"): lambda r, t: 0.4 - 0.002 * t + 0.001 * r,
        ("1a", "labour_share"): 0.66, ("3", "labour_share"): 0.7,
        ("1a", "gdp"): lambda r, t: 100.0 + t, ("3", "gdp"): 90.0,
        ("1a", "income_from_wages"): 0.7, ("1a", "income_from_dividends"): 0.3,
        ("3", "income_from_wages"): 0.5, ("3", "income_from_coop_surplus"): 0.2,
        ("3", "income_from_basic_income"): 0.3,
    }, replicates=4, years=20)


def test_summary_table_final_and_trend():
    table = summary_table(small_frame())
    row = table[(table["regime"] == "proprietary-balanced") & (table["variable"] == "gdp")]
    assert row["final"].iloc[0] == pytest.approx(100.0 + 17.0)  # mean of periods 15-19
    assert row["trend"].iloc[0] == pytest.approx(1.0)
    flat = table[(table["regime"] == "commons-partner-state") & (table["variable"] == "gdp")]
    assert flat["trend"].iloc[0] == pytest.approx(0.0)
    gini = table[(table["regime"] == "proprietary-balanced")
                 & (table["variable"] == "wealth_gini")].iloc[0]
    assert gini["final_low"] < gini["final"] < gini["final_high"]


def test_band_matches_the_interval_per_period():
    b = band(small_frame(), "proprietary-balanced", "wealth_gini")
    values = 0.5 + 0.01 * 3 + 0.001 * np.arange(4)
    assert b.loc[3, "mean"] == pytest.approx(values.mean())
    assert b.loc[3, "high"] > b.loc[3, "mean"] > b.loc[3, "low"]


def test_every_dimension_is_named_and_metrics_fall_into_one():
    assert list(DIMENSION_METRICS) == [
        "value extraction", "class structure", "knowledge logics", "solidarity models",
        "balance of power", "dominant model versus alternatives", "forms of democracy"]
    listed = [m for ms in DIMENSION_METRICS.values() for m in ms]
    assert len(listed) == len(set(listed))
    assert dimension_of("wealth_gini") == "class structure"
    assert dimension_of("gdp") == OTHER
    groups = grouped(["gdp", "labour_share", "wealth_gini"])
    assert groups == {"value extraction": ["labour_share"],
                      "class structure": ["wealth_gini"], OTHER: ["gdp"]}


def test_side_by_side_cells_show_final_interval_and_trend():
    tables = side_by_side(small_frame())
    cell = tables[OTHER].loc["gdp", "proprietary-balanced"]
    assert cell.startswith("117 [117 to 117]") and "rising (+1/yr)" in cell
    assert tables[OTHER].loc["gdp", "commons-partner-state"].endswith("flat")
    from commonsim.metrics import METRICS

    assert tables[OTHER].loc["gdp", "unit"] == METRICS["gdp"].unit


def test_income_split_sums_household_sources():
    national, household = income_split(small_frame())
    assert household.loc["commons-partner-state"].sum() == pytest.approx(1.0)
    assert household.loc["commons-partner-state", "basic income"] == pytest.approx(0.3)
    assert household.loc["proprietary-balanced", "profits (dividends)"] == pytest.approx(0.3)
    assert national.loc["commons-partner-state", "wages and labour pay"] == pytest.approx(0.7)


def written_report(tmp_path):
    frame = small_frame()
    lorenz = pd.DataFrame({"regime": "proprietary-balanced", "quantity": "income",
                           "population": np.linspace(0, 1, 11),
                           "share": np.linspace(0, 1, 11) ** 2})
    results = run_claims(frame)
    note = "stored 8 runs in x.duckdb (batch compare-1)"
    index = write_report(frame, lorenz, results, tmp_path, ReportInfo(
        ["proprietary-balanced", "commons-partner-state"], 4, 100, 20, store="x.duckdb",
        batch="compare-1", notes=[note, note]))
    return index, results


def test_write_report_is_self_contained(tmp_path):
    index, results = written_report(tmp_path)
    text = index.read_text()
    assert not re.search(r"""(src|href)=["']https?://""", text)
    svgs = list((tmp_path / "figures").glob("*.svg"))
    assert svgs and text.count("data:image/svg+xml;base64,") == len(svgs)
    assert not list((tmp_path / "figures").glob("*.png"))
    # Claims whose regimes were not run say so rather than guessing.
    assert "cannot be evaluated" in text and "proprietary-weak-labour" in text
    claims = pd.read_csv(tmp_path / "claims.csv")
    assert set(claims["claim"]) == {r.id for r in results}
    assert (tmp_path / "summary.md").read_text().startswith("# The essay")
    assert text.count("stored 8 runs") == 1  # a note is said once


def test_report_names_the_essay_and_explains_itself(tmp_path):
    index, _ = written_report(tmp_path)
    text = index.read_text()
    assert "Bauwens" in text and "2013" in text and "Three Competing Societal" in text
    for section in ("contents", "legend", "claims", "failing", "glossary", "limitations"):
        assert f'id="{section}"' in text and f'href="#{section}"' in text or (
            section == "contents")
    assert "model 1a" in text and "model 3" in text  # the legend maps presets to models
    from commonsim.metrics import METRICS

    assert METRICS["wealth_gini"].definition in text  # glossary: the declared definition
    # Numbers are for people: no scientific notation, NaN or inf anywhere in the text.
    body = re.sub(r"data:image/svg\+xml;base64,[A-Za-z0-9+/=]+", "", text)
    assert not re.search(r"\d[eE][-+]\d", body)
    assert not re.search(r"\b(nan|inf|n/a)\b", body)


def test_every_link_of_the_report_resolves(tmp_path):
    index, _ = written_report(tmp_path)
    text = index.read_text()
    ids = set(re.findall(r'id="([^"]+)"', text))
    links = re.findall(r'href="([^"]+)"', text)
    assert links
    for link in links:
        if link.startswith("#"):
            assert link[1:] in ids, link
        else:
            assert (tmp_path / link).is_file(), link
    summary = (tmp_path / "summary.md").read_text()
    for link in re.findall(r"\]\(([^)]+)\)", summary):
        assert (tmp_path / link).is_file(), link


def test_report_is_built_from_templates():
    import inspect

    from commonsim.report import build

    source = inspect.getsource(build)
    assert "<table" not in source and "<html" not in source and "|---" not in source
    env = build.environment()
    assert {"report.html.j2", "summary.md.j2", "claims.md.j2"} <= set(env.list_templates())
    assert env.autoescape("report.html.j2")  # HTML: escaped
    assert not env.autoescape("summary.md.j2")  # Markdown: as written


def test_regime_colours_are_declared_not_positional(tmp_path):
    frame = small_frame()
    a = timeseries(frame, ["gdp"], tmp_path / "a.svg",
                   regimes=["proprietary-balanced", "commons-partner-state"]).read_text()
    b = timeseries(frame, ["gdp"], tmp_path / "b.svg",
                   regimes=["commons-partner-state"]).read_text()
    green = REGIME_STYLE["commons-partner-state"][0]
    assert green in a and green in b
    assert REGIME_STYLE["proprietary-balanced"][0] not in b
    assert len({c for c, _ in REGIME_STYLE.values()}) == len(REGIME_STYLE)
    assert style_of("my-own-regime") == style_of("my-own-regime")
    assert style_of("my-own-regime")[0] not in {c for c, _ in REGIME_STYLE.values()}


def test_schedule_changes_are_marked():
    marks = schedule_marks("transition")
    assert marks and marks[0][0] == 10 and "M3" in marks[0][1]
    assert schedule_marks("netarchical") == [] and schedule_marks("no-such-regime") == []


def test_glossary_reads_the_metric_declarations(monkeypatch):
    import commonsim.metrics as metrics

    rows = {r.name: r for r in glossary_rows(["wealth_gini", "gdp", "unheard_of"])}
    gini = metrics.METRICS["wealth_gini"]
    assert (rows["wealth_gini"].unit, rows["wealth_gini"].definition) == (gini.unit,
                                                                          gini.definition)
    assert rows["unheard_of"].definition == "not declared"
    assert {r.name for r in glossary_rows()} == set(metrics.METRICS)
    declared = types.SimpleNamespace(name="gdp", unit="money/yr", dimension="macro",
                                     definition="declared definition")
    monkeypatch.setattr(metrics, "METRICS", {"gdp": declared}, raising=False)
    row = glossary_rows(["gdp"])[0]
    assert (row.unit, row.dimension, row.definition) == ("money/yr", "macro",
                                                         "declared definition")


def test_numbers_for_people():
    assert number(1.52e-20) == "0" and number(-1.73e-13) == "0"
    assert number(float("nan")) == "no value" and number(None) == "no value"
    assert number(float("inf")) == "unbounded"
    assert number(0.123456) == "0.123" and number(0.000451) == "0.000451"
    assert number(12345.6) == "12,346" and number(-2.5e6) == "-2.5 million"
    assert number(100.0) == "100" and number(3) == "3"
    assert interval_text(0.5, float("-inf"), float("inf")) == (
        "0.5, no interval (one replicate)")
    assert interval_text(0.5, 0.4, 0.6) == "0.5 [0.4 to 0.6]"
    assert trend_text(0.01, 0.005, 0.02) == "rising (+0.01/yr)"
    assert trend_text(1e-20, -1.0, 1.0) == "flat"
    table = markdown_table(["a", "b"], [["x|y", 1.5e-20], ["z", float("nan")]])
    assert table.splitlines() == ["| a | b |", "|---|---|", "| x\\|y | 0 |",
                                  "| z | no value |"]


def test_claims_table_fits_80_columns_without_breaking_words():
    from rich.console import Console

    from commonsim.report.cli import print_claims

    frame = constructed_frame({("2", "precarious_share"): lambda r, t: 0.3 + 0.01 * r,
                               ("1a", "precarious_share"): 0.0,
                               ("1b", "precarious_share"): 0.0}, replicates=3, years=40)
    results = run_claims(frame)
    console = Console(width=80, record=True, color_system=None)
    print_claims(console, results)
    out = console.export_text()
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    words = set(out.split())
    for r in results:
        assert r.id in words
        for p in r.parts:
            for word in p.text.split():
                assert word in words, word
    assert "year 20" in out and "year 40" in out and "[interval]; floor" in out


def test_traceability_is_discovered_from_the_code():
    modules = mechanism_modules()
    assert "M2.3" in modules["labour"]
    assert "assign_task_work" in scheduled_functions()["labour"]
    params = parameter_ids()
    assert "M2.3" in params["platforms.crowdsourcing"]
    frame = constructed_frame({("2", "precarious_share"): 0.3}, replicates=2, years=12)
    rows = {t.id: t for t in traceability(run_claims(frame))}
    assert "labour.assign_task_work" in rows["M2.3"].mechanisms
    assert "platforms.crowdsourcing" in rows["M2.3"].parameters
    # Every characteristic a mechanism declares has a claim row, and vice versa.
    declared = {i for ids in modules.values() for i in ids}
    assert declared <= set(rows)
