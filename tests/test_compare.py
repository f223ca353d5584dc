"""Running a comparison: specs, evaluators, the long frame, storage and the CLI commands."""

from __future__ import annotations

import math
import re
import signal
import subprocess
import time
from pathlib import Path

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
from commonsim.store import Store

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

    def new_run(regime, households, years, seed, batch=None):
        calls.append(("start", regime.name, households, years, seed, batch))
        return {"run_id": f"run-{len(calls)}"}

    def save_finished(path, row, metrics, extras=None, *, lock_timeout=None):
        calls.append(("finish", row["run_id"], tuple(metrics.columns), path, sorted(extras)))

    monkeypatch.setattr("commonsim.report.compare.new_run", new_run)
    monkeypatch.setattr("commonsim.report.compare.save_finished", save_finished)
    note, where = store_outputs(tiny_outputs, "x.duckdb", "batch-1")
    starts = [c for c in calls if c[0] == "start"]
    finishes = [c for c in calls if c[0] == "finish"]
    assert len(starts) == len(finishes) == len(tiny_outputs)
    assert {c[5] for c in starts} == {"batch-1"}
    assert starts[0][1:5] == ("proprietary-weak-labour", 200, 12, 0)
    assert all(not set(REPORT_ONLY) & set(c[2]) for c in finishes)
    assert "gdp" in finishes[0][2]
    assert finishes[0][4] == ["lorenz", "wealth_measure"]
    assert "stored 4 runs" in note and where == "x.duckdb"


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
    svgs = sorted(p.name for p in (out / "figures").glob("*.svg"))
    assert "lorenz.svg" in svgs and "income.svg" in svgs
    assert index.count("data:image/svg+xml;base64,") == len(svgs)
    summary = (out / "summary.md").read_text()
    for dim in ("value extraction", "class structure", "knowledge logics",
                "solidarity models", "balance of power", "dominant model versus alternatives",
                "forms of democracy"):
        assert f"## {dim}" in summary
    frame = pd.read_parquet(out / "metrics.parquet")
    assert set(frame["regime"]) == set(DEFAULT_REGIMES)

    again = runner.invoke(cli(), ["claims", "--from", str(out), "--format", "csv", "--out",
                                  str(tmp_path / "m.csv")])
    assert again.exit_code == 0, again.output
    matrix = pd.read_csv(tmp_path / "m.csv")
    assert sorted(set(matrix["claim"])) == sorted(
        {f"M{m}.{i}" for m, k in ((1, 6), (2, 6), (3, 11)) for i in range(1, k + 1)})
    # Claims read back from the report agree with those written into it.
    written = pd.read_csv(out / "claims.csv")
    assert written["verdict"].tolist() == matrix["verdict"].tolist()
    as_json = runner.invoke(cli(), ["claims", "--from", str(out), "--format", "json"])
    assert as_json.exit_code == 0, as_json.output
    assert '"claim":"M1.1"' in as_json.stdout.replace(" ", "")


def test_commands_refuse_bad_input(tmp_path):
    runner = CliRunner()
    bad = runner.invoke(cli(), ["compare", "nowhere-regime", "--no-store", "--quiet"])
    assert bad.exit_code == 2 and "unknown regime" in bad.output
    zero = runner.invoke(cli(), ["claims", "-r", "0", "--quiet"])
    assert zero.exit_code == 2 and "replicates" in zero.output
    fmt = runner.invoke(cli(), ["claims", "--format", "xml", "--store",
                                str(tmp_path / "none.duckdb")])
    assert fmt.exit_code == 2 and "csv" in fmt.output
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


def test_claims_reuse_the_last_stored_comparison(tmp_path, tiny_outputs, monkeypatch):
    path = tmp_path / "s.duckdb"
    store_outputs(tiny_outputs, path, "compare-20000101T000000")
    store_outputs(tiny_outputs, path, "compare-20000102T000000")

    def no_runs(*args, **kwargs):
        raise AssertionError("claims ran new runs although a comparison is stored")

    monkeypatch.setattr("commonsim.report.stored.run_and_store", no_runs)
    result = CliRunner().invoke(cli(), ["claims", "--store", str(path)])
    assert result.exit_code == 0, result.output
    assert "Reused stored comparison compare-20000102T000000" in result.output
    assert "emergent parts" in result.output


# -- outputs checked first, the store, resuming, --set, workers that end with their parent --

PAIR = ["compare", "1b", "2", "-n", "200", "-t", "8", "--workers", "1", "--quiet"]


@pytest.fixture
def quick_report(monkeypatch):
    """Replace the (slow) report writer: keep each comparison's frame, write index.html."""
    import commonsim.report.compare as compare_module

    frames = []

    def write_report(frame, lorenz, claims, outdir, info, stored=None):
        frames.append(frame)
        index = Path(outdir) / "index.html"
        index.write_text("report")
        return index

    monkeypatch.setattr(compare_module, "write_report", write_report)
    return frames


@pytest.fixture
def runs_done(monkeypatch):
    """Record the specs actually run (sequential evaluation runs them in this process)."""
    import commonsim.report.runs as runs_module

    done = []
    real = runs_module.run_spec

    def counting(spec):
        done.append((spec.regime, spec.seed))
        return real(spec)

    monkeypatch.setattr(runs_module, "run_spec", counting)
    return done


def test_compare_refuses_an_unusable_out_before_any_run(tmp_path, runs_done):
    runner = CliRunner()
    store = tmp_path / "s.duckdb"
    a_file = tmp_path / "report.txt"
    a_file.write_text("mine\n")
    for out, why in ((a_file, "is a file"), (a_file / "sub", "cannot write")):
        res = runner.invoke(cli(), [*PAIR, "-r", "1", "--out", str(out), "--store", str(store)])
        assert res.exit_code == 2, res.output
        assert len(res.output.strip().splitlines()) == 1 and why in res.output
    assert runs_done == [] and not store.exists()
    assert a_file.read_text() == "mine\n"


def test_compare_resumes_from_the_store_it_is_given(tmp_path, monkeypatch, quick_report,
                                                    runs_done):
    monkeypatch.setattr("commonsim.store.code_version", lambda: "9.9+gabcdef123456")
    monkeypatch.setattr("commonsim.report.compare.code_version", lambda: "9.9+gabcdef123456")
    runner = CliRunner()
    store = tmp_path / "s.duckdb"
    out = str(tmp_path / "rep")
    # COMMONSIM_STORE is honoured (the README promises it for every command).
    first = runner.invoke(cli(), [*PAIR, "-r", "1", "--out", out],
                          env={"COMMONSIM_STORE": str(store)})
    assert first.exit_code == 0, first.output
    assert runs_done == [("proprietary-weak-labour", 0), ("netarchical", 0)]
    with Store(store, read_only=True) as db:
        assert len(db.runs()) == 2

    runs_done.clear()
    second = runner.invoke(cli(), [*PAIR, "-r", "2", "--out", out, "--store", str(store)])
    assert second.exit_code == 0, second.output
    assert runs_done == [("proprietary-weak-labour", 1), ("netarchical", 1)]
    assert "reused 2 runs" in " ".join(second.output.split())
    with Store(store, read_only=True) as db:
        runs = db.runs()
    assert len(runs) == 4 and runs["batch"].nunique() == 1  # the batch is continued

    runs_done.clear()
    fresh = runner.invoke(cli(), [*PAIR, "-r", "2", "--out", out, "--no-store"])
    assert fresh.exit_code == 0, fresh.output
    assert len(runs_done) == 4
    key = ["regime", "replicate", "period", "variable"]
    resumed, direct = (f.sort_values(key).reset_index(drop=True) for f in quick_report[1:])
    pd.testing.assert_frame_equal(resumed, direct)

    # Other parameters, another code version, or uncommitted code: nothing is reused.
    runs_done.clear()
    other = runner.invoke(cli(), [*PAIR, "-r", "1", "--out", out, "--store", str(store),
                                  "--set", "labour.bargaining=0.3"])
    assert other.exit_code == 0, other.output
    assert len(runs_done) == 2
    from commonsim.report.compare import plan, reusable_runs

    specs = plan(["1b", "2"], 2, 200, 8)
    assert all(r is not None for r in reusable_runs(store, specs)[0])
    for version in ("9.9+g000000000000", "9.9+gabcdef123456-dirty"):
        monkeypatch.setattr("commonsim.report.compare.code_version", lambda v=version: v)
        assert reusable_runs(store, specs)[0] == [None] * 4


def test_compare_set_applies_to_every_regime_and_is_checked_as_run_does(
        tmp_path, runs_done, quick_report, request):
    cli_app = request.getfixturevalue("cli")
    runner = CliRunner()
    store = tmp_path / "s.duckdb"
    res = runner.invoke(cli(), [*PAIR, "-r", "1", "--out", str(tmp_path / "rep"), "--store",
                                str(store), "--set", "labour.bargaining=0.31",
                                "--set", "state.income_tax=0.22"])
    assert res.exit_code == 0, res.output
    with Store(store, read_only=True) as db:
        params = [db.run(r)["parameters"] for r in db.runs()["run_id"]]
    assert len(params) == 2
    assert all(p["labour.bargaining"] == 0.31 and p["state.income_tax"] == 0.22
               for p in params)
    runs_done.clear()
    for bad in ("labour.bargainin=0.3", "labour.bargaining=lots", "nokey"):
        by_run = cli_app("run", "sim", "--no-store", "--set", bad)
        assert by_run.exit_code == 2
        message = by_run.stderr.strip().removeprefix("commonsim: error: ")
        by_compare = runner.invoke(cli(), [*PAIR, "-r", "1", "--no-store", "--set", bad])
        assert by_compare.exit_code == 2
        assert " ".join(message.split()) in " ".join(by_compare.output.split())
    assert runs_done == []


def test_compare_workers_end_with_their_parent(tmp_path, python, child_env):
    from process_helpers import descendants, kill_all, reaped, wait_gone

    child = subprocess.Popen(
        [python, "-m", "commonsim.cli", "compare", "1b", "2", "-r", "2", "-n", "300",
         "-t", "100000", "--workers", "2", "--no-store", "--quiet",
         "--out", str(tmp_path / "rep")],
        env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    workers: set[int] = set()
    with reaped(child):
        deadline = time.monotonic() + 60
        while len(workers) < 2 and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.2)
            workers = descendants(child.pid)
        assert len(workers) >= 2, f"no workers started: {child.poll()}"
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    left = wait_gone(workers, timeout=10)
    kill_all(left)
    assert left == set(), "worker processes outlived their parent"
