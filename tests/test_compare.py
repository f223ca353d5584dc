"""Running a comparison: specs, evaluators, the long frame, storage and the CLI commands."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
import pytest
import typer
from typer.testing import CliRunner

from commonsim.errors import ConfigError
from commonsim.report.cli import claims_command, compare_command
from commonsim.report.compare import compare, resolve_regimes, store_outputs
from commonsim.report.dimensions import REPORT_ONLY
from commonsim.report.runs import (
    DEFAULT_REGIMES,
    Evaluator,
    RunSpec,
    long_frame,
    lorenz_frame,
    lorenz_points,
    make_specs,
    run_spec,
)

TINY = dict(households=200, years=12)


@pytest.fixture(scope="module")
def tiny_outputs():
    specs = make_specs(["proprietary-weak-labour", "netarchical"], 2, **TINY)
    with Evaluator("sequential") as ev:
        return ev.map(run_spec, specs)


def test_specs_use_the_same_seeds_for_every_regime():
    specs = make_specs(["a", "b"], 3, 10, 5)
    assert [(s.regime, s.seed) for s in specs] == [("a", 0), ("a", 1), ("a", 2), ("b", 0),
                                                   ("b", 1), ("b", 2)]


def test_lorenz_points():
    equal = lorenz_points(np.ones(50))
    assert np.allclose(equal, np.linspace(0, 1, equal.size))
    one_rich = lorenz_points(np.r_[np.zeros(99), 1.0])
    assert one_rich[0] == 0 and one_rich[-1] == pytest.approx(1.0)
    assert one_rich[98] == pytest.approx(0.0)  # 98% of people hold nothing
    debt = lorenz_points(np.array([-1.0, 1.0, 2.0]))
    assert debt.min() < 0  # people in debt pull the curve below zero


def test_evaluators_agree_and_keep_order():
    items = [9.0, 4.0, 1.0, 16.0]
    seen = []
    with Evaluator("sequential") as ev:
        seq = ev.map(math.sqrt, items, on_done=lambda i, r: seen.append(i))
    with Evaluator("process", workers=2) as ev:
        par = ev.map(math.sqrt, items)
    assert seq == par == [3.0, 2.0, 1.0, 4.0]
    assert sorted(seen) == sorted(items)
    with pytest.raises(ValueError, match="allowed"):
        Evaluator("cluster")


def test_one_seed_one_result():
    spec = RunSpec("netarchical", 150, 6, 4)
    a, b = run_spec(spec), run_spec(spec)
    pd.testing.assert_frame_equal(a.metrics, b.metrics)
    assert np.array_equal(a.lorenz["wealth"], b.lorenz["wealth"])


def test_long_frame_layout(tiny_outputs):
    frame = long_frame(tiny_outputs)
    assert list(frame.columns) == ["regime", "replicate", "period", "variable", "value"]
    assert set(frame["regime"]) == {"proprietary-weak-labour", "netarchical"}
    assert set(frame["replicate"]) == {0, 1}
    assert frame["period"].max() == TINY["years"] - 1
    gdp = frame[(frame["variable"] == "gdp") & (frame["regime"] == "netarchical")
                & (frame["replicate"] == 1)].sort_values("period")["value"].to_numpy()
    assert np.allclose(gdp, tiny_outputs[3].metrics["gdp"].to_numpy())
    # The final-state figure exists only for the last period.
    m11 = frame[frame["variable"] == "nonowner_other_market_income_share"]
    assert set(m11["period"]) == set(range(TINY["years"]))
    curves = lorenz_frame(tiny_outputs)
    assert set(curves["quantity"]) == {"income", "wealth"}
    last = curves[curves["population"] == 1.0]
    assert np.allclose(last["share"], 1.0)


def test_nonowners_live_on_wages_and_interest_in_model_1(tiny_outputs):
    out = tiny_outputs[0]
    assert out.regime == "proprietary-weak-labour"
    assert out.metrics["nonowner_other_market_income_share"].iloc[-1] == 0.0


def test_regimes_resolve_and_bad_ones_are_refused():
    assert resolve_regimes(None) == list(DEFAULT_REGIMES)
    assert resolve_regimes(["1b", "3"]) == ["proprietary-weak-labour", "commons-partner-state"]
    with pytest.raises(ConfigError, match="unknown regime"):
        resolve_regimes(["no-such-regime"])
    with pytest.raises(ConfigError, match="replicates"):
        compare(["1a"], replicates=0, households=10, years=5, progress=False)


def test_storage_uses_the_store_api(tiny_outputs, monkeypatch):
    calls = []

    class FakeStore:
        def __init__(self, path, read_only=False):
            calls.append(("open", path))

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            calls.append(("close",))

        def start_run(self, regime, households, years, seed, batch=None):
            calls.append(("start", regime.name, households, years, seed, batch))
            return f"run-{len(calls)}"

        def finish_run(self, run_id, metrics):
            calls.append(("finish", run_id, tuple(metrics.columns)))

    monkeypatch.setattr("commonsim.report.compare.Store", FakeStore)
    note, where = store_outputs(tiny_outputs, "x.duckdb", "batch-1")
    starts = [c for c in calls if c[0] == "start"]
    finishes = [c for c in calls if c[0] == "finish"]
    assert len(starts) == len(finishes) == len(tiny_outputs)
    assert {c[5] for c in starts} == {"batch-1"}
    assert starts[0][1:5] == ("proprietary-weak-labour", 200, 12, 0)
    assert all(not set(REPORT_ONLY) & set(c[2]) for c in finishes)
    assert "gdp" in finishes[0][2]
    assert calls[-1] == ("close",) and "stored 4 runs" in note and where == "x.duckdb"


def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("compare")(compare_command)
    app.command("claims")(claims_command)
    return app


def test_compare_and_claims_commands(tmp_path):
    out = tmp_path / "rep"
    runner = CliRunner()
    result = runner.invoke(cli(), ["compare", "-r", "2", "-n", "200", "-t", "12", "--out",
                                   str(out), "--no-store", "--quiet", "--workers", "1"])
    assert result.exit_code == 0, result.output
    assert "Report:" in result.output and "M3.11" in result.output
    index = (out / "index.html").read_text()
    assert not re.search(r"""(src|href)=["']https?://""", index)  # opens offline
    pngs = sorted(p.name for p in (out / "figures").glob("*.png"))
    assert "lorenz.png" in pngs and "income.png" in pngs
    assert index.count("data:image/png;base64,") == len(pngs)
    summary = (out / "summary.md").read_text()
    for dim in ("value extraction", "class structure", "knowledge logics",
                "solidarity models", "balance of power", "dominant model versus alternatives",
                "forms of democracy"):
        assert f"## {dim}" in summary
    frame = pd.read_parquet(out / "metrics.parquet")
    assert set(frame["regime"]) == set(DEFAULT_REGIMES)

    again = runner.invoke(cli(), ["claims", "--from", str(out), "--csv",
                                  str(tmp_path / "m.csv")])
    assert again.exit_code == 0, again.output
    matrix = pd.read_csv(tmp_path / "m.csv")
    assert sorted(set(matrix["characteristic"])) == sorted(
        {f"M{m}.{i}" for m, k in ((1, 6), (2, 6), (3, 11)) for i in range(1, k + 1)})
    # Claims read back from the report agree with those written into it.
    written = pd.read_csv(out / "claims.csv").groupby("claim")["verdict"].first()
    reread = matrix.groupby("characteristic")["verdict"].first()
    assert written.sort_index().tolist() == reread.sort_index().tolist()


def test_commands_refuse_bad_input(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli(), ["compare", "nowhere-regime", "--no-store", "--quiet"])
    assert bad.exit_code == 2 and "unknown regime" in bad.output
    zero = runner.invoke(cli(), ["claims", "-r", "0", "--quiet"])
    assert zero.exit_code == 2 and "replicates" in zero.output
    missing = runner.invoke(cli(), ["claims", "--from", str(tmp_path)])
    assert missing.exit_code == 2 and "metrics.parquet" in missing.output


def test_claims_from_a_real_store_batch(tmp_path, tiny_outputs):
    from commonsim.report.compare import frame_from_store

    path = tmp_path / "s.duckdb"
    note, where = store_outputs(tiny_outputs, path, "compare-test")
    assert where, note
    stored = frame_from_store(path, "latest")
    direct = long_frame(tiny_outputs)
    key = ["regime", "replicate", "period", "variable"]
    a = stored.sort_values(key).reset_index(drop=True)
    b = direct.sort_values(key).reset_index(drop=True)
    assert len(a) == len(b)
    assert np.allclose(a["value"], b["value"], equal_nan=True)
    with pytest.raises(ConfigError, match="no complete runs"):
        frame_from_store(path, "compare-none")
