"""The report folder and its tables, built from constructed data."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from commonsim.claims import run_claims
from commonsim.report.build import ReportInfo, side_by_side, write_report
from commonsim.report.dimensions import DIMENSION_METRICS, OTHER, dimension_of, grouped
from commonsim.report.figures import income_split
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
    assert cell.startswith("117 [117, 117]") and "↑ 1/yr" in cell
    assert "→" in tables[OTHER].loc["gdp", "commons-partner-state"]


def test_income_split_sums_household_sources():
    national, household = income_split(small_frame())
    assert household.loc["commons-partner-state"].sum() == pytest.approx(1.0)
    assert household.loc["commons-partner-state", "basic income"] == pytest.approx(0.3)
    assert household.loc["proprietary-balanced", "profits (dividends)"] == pytest.approx(0.3)
    assert national.loc["commons-partner-state", "wages and labour pay"] == pytest.approx(0.7)


def test_write_report_is_self_contained(tmp_path):
    frame = small_frame()
    lorenz = pd.DataFrame({"regime": "proprietary-balanced", "quantity": "income",
                           "population": np.linspace(0, 1, 11),
                           "share": np.linspace(0, 1, 11) ** 2})
    results = run_claims(frame)
    index = write_report(frame, lorenz, results, tmp_path, ReportInfo(
        ["proprietary-balanced", "commons-partner-state"], 4, 100, 20))
    text = index.read_text()
    assert not re.search(r"""(src|href)=["']https?://""", text)
    pngs = list((tmp_path / "figures").glob("*.png"))
    assert pngs and text.count("data:image/png;base64,") == len(pngs)
    # Claims whose regimes were not run say so rather than guessing.
    assert "cannot be evaluated" in text and "proprietary-weak-labour" in text
    claims = pd.read_csv(tmp_path / "claims.csv")
    assert set(claims["claim"]) == {r.id for r in results}
    assert (tmp_path / "summary.md").read_text().startswith("# commonsim")


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
