"""The commonsim command line: run, regimes, runs, show, export."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import pandas as pd
import pytest
from process_helpers import reaped

import commonsim
from commonsim.cli import KEY_METRICS, _fmt
from commonsim.store import Store

SMALL = ("--households", 300, "--years", 5)


@pytest.fixture
def stored(tmp_path, cli):
    """A store holding one run made through the CLI, and that run's id."""
    path = tmp_path / "runs.duckdb"
    res = cli("run", "proprietary-weak-labour", *SMALL, "--seed", 3,
              "--set", "labour.bargaining=0.5", "--set", "state.income_tax=0.25",
              "--store", path)
    assert res.exit_code == 0, res.output
    with Store(path, read_only=True) as store:
        (run_id,) = store.runs()["run_id"]
    return path, run_id, res


def test_run_stores_the_same_numbers_as_simulate(stored):
    path, run_id, res = stored
    expected = commonsim.simulate(
        "proprietary-weak-labour", households=300, years=5, seed=3,
        overrides={"labour.bargaining": 0.5, "state.income_tax": 0.25})
    with Store(path, read_only=True) as store:
        row = store.run(run_id)
        pd.testing.assert_frame_equal(store.wide(run_id), expected.metrics)
    assert row["status"] == "complete"
    assert row["parameters"] == expected.parameters
    assert row["parameters"]["labour.bargaining"] == 0.5
    assert (row["households"], row["years"], row["seed"]) == (300, 5, 3)
    # The summary shows the final-year key metrics and the run id.
    final = expected.metrics.iloc[-1]
    assert run_id in res.stdout
    for name in ("gdp", "wealth_gini", "labour_share"):
        line = next(ln for ln in res.stdout.splitlines() if f" {name} " in ln)
        assert _fmt(float(final[name])) in line
    assert f"run {run_id}" in res.stderr  # recorded as running before simulating


def test_same_seed_same_numbers_different_seed_different(tmp_path, cli):
    path = tmp_path / "s.duckdb"
    for seed in (4, 4, 5):
        assert cli("run", "netarchical", *SMALL, "--seed", seed, "--store", path).exit_code == 0
    with Store(path, read_only=True) as store:
        a, b, c = (store.wide(r) for r in store.runs()["run_id"])
    pd.testing.assert_frame_equal(a, b)
    assert not a["wealth_gini"].equals(c["wealth_gini"])


def test_run_from_a_user_regime_file(tmp_path, cli):
    regime = tmp_path / "mine.toml"
    regime.write_text('extends = "netarchical"\n[meta]\nname = "mine"\n'
                      "[labour]\nbargaining = 0.4\n")
    path = tmp_path / "s.duckdb"
    res = cli("run", regime, *SMALL, "--store", path)
    assert res.exit_code == 0, res.output
    with Store(path, read_only=True) as store:
        row = store.run(store.runs()["run_id"].iloc[0])
    assert row["regime"] == "mine"
    assert row["regime_source"] == str(regime)
    assert row["parameters"]["labour.bargaining"] == 0.4


def test_no_store_and_default_store(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("COMMONSIM_STORE", raising=False)
    res = cli("run", "sim", *SMALL, "--no-store")
    assert res.exit_code == 0 and "not stored" in res.stdout
    assert not (tmp_path / "commonsim.duckdb").exists()
    assert cli("run", "sim", *SMALL).exit_code == 0
    with Store(tmp_path / "commonsim.duckdb", read_only=True) as store:
        assert store.runs()["regime"].tolist() == ["sim"]


def test_runs_lists_complete_runs_with_their_batch(tmp_path, cli):
    path = tmp_path / "s.duckdb"
    assert cli("run", "sim", *SMALL, "--store", path).exit_code == 0
    assert cli("run", "sim", *SMALL, "--store", path, "--batch", "trial").exit_code == 0
    res = cli("runs", "--store", path)
    assert res.exit_code == 0, res.output
    with Store(path, read_only=True) as store:
        first, second = store.runs()["run_id"]
    line = {run_id: next(ln for ln in res.stdout.splitlines() if run_id in ln)
            for run_id in (first, second)}
    assert "trial" in line[second] and "trial" not in line[first]
    assert "trial" in cli("runs", "--store", path, "--batch", "trial").stdout
    assert first not in cli("runs", "--store", path, "--batch", "trial").stdout


def test_regimes_lists_every_preset_once(cli):
    res = cli("regimes")
    assert res.exit_code == 0
    lines = res.stdout.strip().splitlines()
    assert [ln.split()[0] for ln in lines] == commonsim.preset_names()
    for line, name in zip(lines, commonsim.preset_names(), strict=True):
        regime = commonsim.load_regime(name)
        assert regime.description in line
        assert line.split()[1] == (regime.model or "-")


def test_show_accepts_a_prefix(stored, cli):
    path, run_id, _ = stored
    res = cli("show", run_id[:6], "--store", path)
    assert res.exit_code == 0, res.output
    out = res.stdout
    assert run_id in out and "complete" in out
    changed = {ln.split()[1] for ln in out.splitlines() if ln.startswith("│ ")}
    assert {"labour.bargaining", "state.income_tax"} <= changed
    assert "technology.productivity" not in changed  # at its default
    with Store(path, read_only=True) as store:
        final = store.wide(run_id).iloc[-1]
    gdp_line = next(ln for ln in out.splitlines() if " gdp " in ln)
    assert _fmt(float(final["gdp"])) in gdp_line
    shown = [m for m in KEY_METRICS if f" {m} " in out]
    assert shown == [m for m in KEY_METRICS if m in final.index]
    every = cli("show", run_id, "--store", path, "--all-metrics").stdout
    assert all(f" {m} " in every for m in final.index)


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
@pytest.mark.parametrize("layout", ["long", "wide"])
def test_export_round_trips(stored, cli, tmp_path, fmt, layout):
    path, run_id, _ = stored
    out = tmp_path / f"m.{fmt}"
    res = cli("export", run_id[:8], "--format", fmt, "--layout", layout, "--out", out,
              "--store", path)
    assert res.exit_code == 0, res.output
    if fmt == "csv":
        back = pd.read_csv(out)
    else:
        back = pd.read_parquet(out)
    with Store(path, read_only=True) as store:
        if layout == "long":
            expected = store.metrics([run_id])
            back["period"] = back["period"].astype(expected["period"].dtype)
            pd.testing.assert_frame_equal(back, expected)
        else:
            expected = store.wide(run_id)
            pd.testing.assert_frame_equal(back.set_index("period"), expected)


def test_runs_lists_stale_running_run_after_sigkill(tmp_path, cli, child_env, python):
    path = tmp_path / "s.duckdb"
    assert cli("run", "sim", *SMALL, "--store", path).exit_code == 0
    # A run far too long to finish: the CLI prints "run ID: ..." once it is recorded as
    # running, and is then killed while it simulates.
    child = subprocess.Popen(
        [python, "-m", "commonsim.cli", "run", "netarchical", "--households", "300",
         "--years", "1000000", "--store", str(path)],
        env=child_env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    with reaped(child):
        first = child.stderr.readline()
        assert first.startswith("run "), first + child.stderr.read()
        killed = first.split()[1].rstrip(":")
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    listed = cli("runs", "--store", path, "--all")
    assert listed.exit_code == 0
    line = next(ln for ln in listed.stdout.splitlines() if killed in ln)
    assert "running (stale)" in line
    assert killed not in cli("runs", "--store", path).stdout
    shown = cli("show", killed, "--store", path)
    assert shown.exit_code == 0 and "no metrics: the run is running" in shown.stdout
    assert "stale" in shown.stdout


@pytest.mark.parametrize("error", [RuntimeError("engine broke"), KeyboardInterrupt()])
def test_run_that_stops_is_marked_failed(tmp_path, cli, monkeypatch, error):
    import commonsim.api

    def broken(*args, progress=None, **kwargs):
        progress(1, 5)
        raise error

    monkeypatch.setattr(commonsim.api, "simulate", broken)
    path = tmp_path / "s.duckdb"
    res = cli("run", "sim", *SMALL, "--store", path)
    assert res.exit_code != 0
    with Store(path, read_only=True) as store:
        runs = store.runs(status=None)
        assert runs["status"].tolist() == ["failed"]
        assert type(error).__name__ in runs["error"].iloc[0]
        assert store.metrics().empty


# -- export never loses data ---------------------------------------------------------------

def _one_error_line(res) -> str:
    """The single error line of a refused command (exit 2, no traceback)."""
    assert res.exit_code == 2, res.output
    assert "Traceback" not in res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    return lines[0]


def test_export_refuses_an_existing_file_unless_forced(stored, cli, tmp_path):
    path, run_id, _ = stored
    out = tmp_path / "mine.csv"
    out.write_text("precious\n")
    line = _one_error_line(cli("export", run_id, "--out", out, "--store", path))
    assert "exists" in line and "--force" in line
    assert out.read_text() == "precious\n"
    res = cli("export", run_id, "--out", out, "--store", path, "--force")
    assert res.exit_code == 0, res.output
    assert len(pd.read_csv(out)) > 0
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_export_never_writes_over_the_store(stored, cli, tmp_path, monkeypatch):
    path, run_id, _ = stored
    before = path.read_bytes()
    link = tmp_path / "link.duckdb"
    link.symlink_to(path)
    monkeypatch.chdir(tmp_path)
    for target in (path, Path(path.name), link, Path(f"{path}.wal")):
        line = _one_error_line(cli("export", run_id, "--format", "csv", "--out", target,
                                   "--store", path, "--force"))
        assert "results store" in line
    assert path.read_bytes() == before
    assert not Path(f"{path}.wal").exists()
    with Store(path, read_only=True) as store:
        assert store.runs()["run_id"].tolist() == [run_id]


def test_export_to_a_folder_or_nowhere_is_one_line(stored, cli, tmp_path):
    path, run_id, _ = stored
    assert "directory" in _one_error_line(cli("export", run_id, "--out", tmp_path,
                                              "--store", path))
    missing = tmp_path / "no" / "such.csv"
    assert "does not exist" in _one_error_line(cli("export", run_id, "--out", missing,
                                                   "--store", path))
    if os.geteuid() != 0:  # root may write anywhere
        locked = tmp_path / "ro"
        locked.mkdir(mode=0o500)
        line = _one_error_line(cli("export", run_id, "--out", locked / "m.csv",
                                   "--store", path))
        assert "cannot write" in line


def test_a_failed_export_leaves_no_half_file(stored, cli, tmp_path, monkeypatch):
    path, run_id, _ = stored
    out = tmp_path / "m.csv"
    out.write_text("old\n")

    def half_then_full_disk(self, target, **kwargs):
        Path(target).write_text("run_id,period\nabc,")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pd.DataFrame, "to_csv", half_then_full_disk)
    line = _one_error_line(cli("export", run_id, "--out", out, "--store", path, "--force"))
    assert "No space left" in line
    assert out.read_text() == "old\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.csv", "runs.duckdb"]


# -- stores that are not commonsim's, and a store locked when a run ends -------------------

def test_a_foreign_duckdb_file_is_refused_by_every_command(cli, tmp_path):
    import duckdb

    theirs = tmp_path / "theirs.duckdb"
    con = duckdb.connect(str(theirs))
    con.execute("CREATE TABLE runs (id INTEGER, km DOUBLE); INSERT INTO runs VALUES (1, 5)")
    con.close()
    before = theirs.read_bytes()
    for args in (("run", "sim", *SMALL), ("runs",), ("show", "abc"),
                 ("export", "abc", "--out", tmp_path / "x.csv")):
        line = _one_error_line(cli(*args, "--store", theirs))
        assert "not a commonsim store" in line
    assert theirs.read_bytes() == before


def test_a_run_finishing_on_a_locked_store_is_saved_aside(tmp_path, cli, monkeypatch,
                                                          hold_lock):
    import commonsim.api

    path = tmp_path / "s.duckdb"
    real = commonsim.api.simulate
    holder = []

    def simulate_then_someone_opens_the_store(*args, **kwargs):
        out = real(*args, **kwargs)
        holder.append(hold_lock(path))
        return out

    monkeypatch.setattr(commonsim.api, "simulate", simulate_then_someone_opens_the_store)
    monkeypatch.setenv("COMMONSIM_STORE_WAIT", "1")
    res = cli("run", "netarchical", *SMALL, "--seed", 2, "--store", path)
    assert res.exit_code == 0, res.output
    assert "locked by another process, waiting up to 1 s" in res.stderr
    (aside,) = tmp_path.glob("s.duckdb.run-*.parquet")
    assert f"commonsim store import {aside}" in res.stderr
    holder[0].kill()
    holder[0].wait()

    run_id = aside.name.split("run-")[1].split(".")[0]
    listed = cli("runs", "--store", path, "--all").stdout
    assert "saved-aside" in next(ln for ln in listed.splitlines() if run_id in ln)
    assert f"commonsim store import {aside}" in cli("show", run_id, "--store", path).stdout
    first = cli("store", "import", aside, "--store", path)
    assert first.exit_code == 0 and "imported" in first.stdout
    again = cli("store", "import", aside, "--store", path)
    assert again.exit_code == 0 and "nothing imported" in again.stdout
    expected = real("netarchical", households=300, years=5, seed=2, keep_matrices=False)
    with Store(path, read_only=True) as store:
        assert store.runs()["run_id"].tolist() == [run_id]
        pd.testing.assert_frame_equal(store.wide(run_id), expected.metrics)
        assert len(store.metrics()) == expected.metrics.size
    bad = _one_error_line(cli("store", "import", tmp_path / "none.parquet", "--store", path))
    assert "none.parquet" in bad
