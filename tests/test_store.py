"""The results store: round trips, prefixes, failed writes, and runs killed with SIGKILL."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import textwrap
import uuid
from pathlib import Path

import pandas as pd
import pytest
from process_helpers import reaped

import commonsim
from commonsim.store import Store, StoreError


@pytest.fixture(scope="module")
def result() -> commonsim.Result:
    return commonsim.simulate("netarchical", households=300, years=5, seed=1,
                              keep_matrices=False)


def test_save_result_round_trips_metrics_and_parameters(tmp_path, result):
    with Store(tmp_path / "s.duckdb") as store:
        run_id = store.save_result(result, batch="b1")
        pd.testing.assert_frame_equal(store.wide(run_id), result.metrics)
        row = store.run(run_id)
        assert row["status"] == "complete"
        assert row["finished_at"] >= row["created_at"]
        assert row["parameters"] == result.parameters
        assert (row["regime"], row["households"], row["years"], row["seed"], row["batch"]) == (
            "netarchical", 300, 5, 1, "b1")
        assert row["code_version"].startswith(commonsim.__version__)
        long = store.metrics([run_id], ["gdp", "wealth_gini"])
        assert list(long.columns) == ["run_id", "period", "variable", "value"]
        assert set(long["variable"]) == {"gdp", "wealth_gini"}
        gdp = long[long["variable"] == "gdp"].set_index("period")["value"]
        assert gdp.tolist() == result.metrics["gdp"].tolist()
        assert len(store.metrics()) == result.metrics.size


def test_schedule_is_stored(tmp_path):
    res = commonsim.simulate("transition", households=200, years=2, keep_matrices=False)
    with Store(tmp_path / "s.duckdb") as store:
        row = store.run(store.save_result(res))
    assert [c["year"] for c in row["schedule"]] == [c.year for c in res.regime.schedule]
    assert [c["set"] for c in row["schedule"]] == [c.values for c in res.regime.schedule]
    assert row["schedule"], "the transition preset has scheduled changes"


def test_run_ids_accept_unique_prefixes(tmp_path, result, monkeypatch):
    ids = iter([uuid.UUID("abcd0000" + "0" * 24), uuid.UUID("abcd1111" + "0" * 24)])
    monkeypatch.setattr("commonsim.store.uuid4", lambda: next(ids))
    with Store(tmp_path / "s.duckdb") as store:
        first, second = store.save_result(result), store.save_result(result)
        assert store.run("abcd0")["run_id"] == first
        assert store.resolve("abcd1") == second
        with pytest.raises(KeyError, match="ambiguous"):
            store.run("abcd")
        with pytest.raises(KeyError, match="no run 'ffff'"):
            store.run("ffff")


def test_runs_filters_by_status_and_batch(tmp_path, result):
    with Store(tmp_path / "s.duckdb") as store:
        done = store.save_result(result, batch="a")
        other = store.save_result(result, batch="b")
        pending = store.start_run(result.regime, 300, 5, 1, batch="a")
        assert store.runs()["run_id"].tolist() == [done, other]
        assert store.runs(batch="a")["run_id"].tolist() == [done]
        assert store.runs(status=None, batch="a")["run_id"].tolist() == [done, pending]
        assert store.runs(status="running")["run_id"].tolist() == [pending]
        with pytest.raises(StoreError, match="allowed"):
            store.runs(status="done")


class _BrokenWrite(Store):
    """Fails after the metric rows are inserted, inside the transaction."""

    def _insert_metrics(self, long):
        super()._insert_metrics(long)
        raise RuntimeError("disk on fire")


def test_failed_write_rolls_back_and_marks_failed(tmp_path, result):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        kept = store.save_result(result)
    with _BrokenWrite(path) as store:
        run_id = store.start_run(result.regime, 300, 5, 1)
        with pytest.raises(RuntimeError, match="disk on fire"):
            store.finish_run(run_id, result.metrics)
    with Store(path, read_only=True) as store:
        row = store.run(run_id)
        assert row["status"] == "failed"
        assert "disk on fire" in row["error"]
        assert store.metrics([run_id]).empty
        assert store.runs()["run_id"].tolist() == [kept]
        pd.testing.assert_frame_equal(store.wide(kept), result.metrics)


def test_non_numeric_metrics_fail_cleanly(tmp_path, result):
    with Store(tmp_path / "s.duckdb") as store:
        run_id = store.start_run(result.regime, 300, 5, 1)
        bad = result.metrics.assign(gdp="lots")
        with pytest.raises(ValueError):
            store.finish_run(run_id, bad)
        assert store.run(run_id)["status"] == "failed"
        assert store.metrics([run_id]).empty
        with pytest.raises(StoreError, match="failed, not running"):
            store.finish_run(run_id, result.metrics)


def test_unusable_store_paths_are_clear_errors(tmp_path):
    with pytest.raises(StoreError, match="no such store"):
        Store(tmp_path / "absent.duckdb", read_only=True)
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "no" / "dir.duckdb")
    text = tmp_path / "notes.duckdb"
    text.write_text("not a database\n" * 100)
    with pytest.raises(StoreError, match="notes.duckdb"):
        Store(text)
    assert text.read_text() == "not a database\n" * 100


# -- SIGKILL ------------------------------------------------------------------------------

_CHILD = """
import sys, time
import commonsim
from commonsim.store import Store

class Store2(Store):
    def _insert_metrics(self, long):
        super()._insert_metrics(long)
        print("WRITING", flush=True)   # rows inserted, transaction not committed
        time.sleep(600)

path, phase = sys.argv[1], sys.argv[2]
store = (Store2 if phase == "write" else Store)(path)
regime = commonsim.load_regime("proprietary-weak-labour")
run_id = store.start_run(regime, 300, 50, 7)
print("STARTED", run_id, flush=True)

def progress(done, total):
    if phase == "simulate" and done == 3:
        print("SIMULATING", flush=True)    # store still open, run half done
        time.sleep(600)

res = commonsim.simulate(regime, 300, 50, 7, progress=progress, keep_matrices=False)
store.finish_run(run_id, res.metrics)
print("FINISHED", flush=True)
"""


@pytest.mark.parametrize("phase,marker", [("simulate", "SIMULATING"), ("write", "WRITING")])
def test_sigkill_leaves_earlier_runs_intact(tmp_path, result, child_env, python, phase,
                                            marker):
    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        earlier = store.save_result(result)
        before = store.wide(earlier)
    script = tmp_path / "child.py"
    script.write_text(textwrap.dedent(_CHILD))
    child = subprocess.Popen([python, str(script), str(path), phase], env=child_env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    with reaped(child):
        started = child.stdout.readline().split()
        assert started[0] == "STARTED", child.stderr.read()
        killed_id = started[1]
        assert child.stdout.readline().strip() == marker
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=60)
    assert child.returncode == -signal.SIGKILL

    with Store(path) as store:
        pd.testing.assert_frame_equal(store.wide(earlier), before)
        assert store.runs()["run_id"].tolist() == [earlier]
        stale = store.runs(status=None).set_index("run_id")
        assert stale.loc[killed_id, "status"] == "running"
        assert store.metrics([killed_id]).empty
        # The store stays writable after the crash.
        again = store.save_result(result)
        pd.testing.assert_frame_equal(store.wide(again), result.metrics)


def test_is_stale_only_for_running_runs_of_dead_processes(python):
    from commonsim.store import is_stale

    host = socket.gethostname()
    dead = subprocess.run([python, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    dead_pid = int(dead.stdout)
    assert is_stale("running", host, dead_pid)
    assert not is_stale("running", host, os.getpid())
    assert not is_stale("complete", host, dead_pid)
    assert not is_stale("running", host + "-elsewhere", dead_pid)
    assert not is_stale("running", host, None)


def test_code_version_names_the_checked_out_commit():
    from commonsim.store import code_version

    here = Path(commonsim.__file__).parent
    head = subprocess.run(["git", "rev-parse", "--short=12", "HEAD"], cwd=here,
                          capture_output=True, text=True)
    if head.returncode != 0:
        pytest.skip("not running from a git checkout")
    assert code_version().startswith(f"{commonsim.__version__}+g{head.stdout.strip()}")


# -- what is a commonsim store ----------------------------------------------------------------

def _foreign(path: Path, sql: str) -> bytes:
    import duckdb

    con = duckdb.connect(str(path))
    con.execute(sql)
    con.close()
    return path.read_bytes()


@pytest.mark.parametrize("sql", [
    "CREATE TABLE runs (id INTEGER, athlete TEXT, km DOUBLE); INSERT INTO runs VALUES (1, 'a', 5)",
    "CREATE TABLE orders (id INTEGER, total DOUBLE); INSERT INTO orders VALUES (1, 9.5)",
])
def test_another_applications_duckdb_file_is_refused_untouched(tmp_path, sql):
    path = tmp_path / "theirs.duckdb"
    before = _foreign(path, sql)
    for read_only in (False, True):
        with pytest.raises(StoreError, match="not a commonsim store"):
            Store(path, read_only=read_only)
    assert path.read_bytes() == before
    assert not (tmp_path / "theirs.duckdb.wal").exists()


def test_new_store_is_marked_and_first_stores_are_upgraded(tmp_path, result):
    import duckdb

    from commonsim.store import _TABLES, SCHEMA_VERSION

    new = tmp_path / "new.duckdb"
    with Store(new):
        pass
    con = duckdb.connect(str(new), read_only=True)
    assert con.execute("SELECT value FROM commonsim_meta").fetchall() == [
        (str(SCHEMA_VERSION),)]
    con.close()

    # A store made before the marker existed: exactly the runs and metrics tables.
    old = tmp_path / "old.duckdb"
    with Store(tmp_path / "donor.duckdb") as donor:
        run_id = donor.save_result(result)
        runs, long = donor.runs(), donor.metrics()
    con = duckdb.connect(str(old))
    con.execute(_TABLES)
    con.register("old_runs", runs)
    con.register("old_metrics", long)
    con.execute("INSERT INTO runs SELECT * FROM old_runs")
    con.execute("INSERT INTO metrics SELECT * FROM old_metrics")
    con.close()
    with Store(old, read_only=True) as store:  # readable as it is
        pd.testing.assert_frame_equal(store.wide(run_id), result.metrics)
    with Store(old) as store:  # and upgraded when opened for writing
        pd.testing.assert_frame_equal(store.wide(run_id), result.metrics)
        store.save_result(result)
    con = duckdb.connect(str(old), read_only=True)
    assert con.execute("SELECT value FROM commonsim_meta").fetchall() == [
        (str(SCHEMA_VERSION),)]
    con.close()


# -- a store locked by another process ---------------------------------------------------------

def test_locked_store_saves_the_run_aside_and_import_is_idempotent(tmp_path, result,
                                                                   hold_lock, capsys):
    from commonsim.store import new_run, save_finished

    path = tmp_path / "s.duckdb"
    with Store(path) as store:
        earlier = store.save_result(result)
        row = new_run(result.regime, 300, 5, 1, batch="b")
        store.insert_run(row)
    holder = hold_lock(path)
    aside = save_finished(path, row, result.metrics, {"note": [1, 2]}, lock_timeout=0.5)
    assert "locked by another process, waiting up to 0.5 s" in capsys.readouterr().err
    assert aside is not None and aside.parent == tmp_path and aside.is_file()
    assert row["run_id"] in aside.name
    holder.kill()
    holder.wait()

    with Store(path) as store:
        assert store.run(row["run_id"])["status"] == "running"  # not lost, only not here
        assert store.import_aside(aside) == (row["run_id"], True)
        assert store.import_aside(aside) == (row["run_id"], False)
        done = store.run(row["run_id"])
        assert done["status"] == "complete" and "imported from" in done["error"]
        assert "store locked" in done["error"]
        pd.testing.assert_frame_equal(store.wide(row["run_id"]), result.metrics)
        assert len(store.metrics([row["run_id"]])) == result.metrics.size  # not twice
        assert store.extras(row["run_id"]) == {"note": [1, 2]}
        pd.testing.assert_frame_equal(store.wide(earlier), result.metrics)
    # Into a store that never saw the run (e.g. a copy elsewhere): the whole row comes along.
    with Store(tmp_path / "other.duckdb") as other:
        assert other.import_aside(aside) == (row["run_id"], True)
        got = other.run(row["run_id"])
        assert (got["regime"], got["seed"], got["batch"]) == ("netarchical", 1, "b")
        assert got["parameters"] == result.parameters
        pd.testing.assert_frame_equal(other.wide(row["run_id"]), result.metrics)


def test_import_refuses_files_not_saved_aside(tmp_path, result):
    other = tmp_path / "m.parquet"
    result.metrics.to_parquet(other)
    with Store(tmp_path / "s.duckdb") as store, pytest.raises(StoreError, match="saved aside"):
        store.import_aside(other)
