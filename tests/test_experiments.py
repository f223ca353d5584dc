"""Experiments: specs, designs, resume, failed and interrupted runs, tidy export, docs."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
from typer.testing import CliRunner

from commonsim.cli import app
from commonsim.experiments import tasks as tasks_module
from commonsim.experiments.analyse import analyse
from commonsim.experiments.batch import BatchStore
from commonsim.experiments.designs import design_points, switch_groups
from commonsim.experiments.evaluators import Evaluator
from commonsim.experiments.export import tidy_tables
from commonsim.experiments.report import render
from commonsim.experiments.robustness_doc import robustness_markdown
from commonsim.experiments.runner import plan, run_experiment
from commonsim.experiments.spec import load_spec, parse_spec
from commonsim.params import plausible_range
from commonsim.store import Store

TINY = """
name = "tiny"
regimes = ["proprietary-balanced", "proprietary-weak-labour"]
households = 60
years = 12
replicates = 2

[design]
kind = "latin"
samples = 2

[parameters."households.propensity_income"]
low = 0.8
high = 0.9

[outputs]
metrics = ["wealth_gini"]
"""


def spec_file(tmp_path: Path, text: str = TINY, name: str = "spec.toml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text))
    return path


def parsed(extra: dict) -> object:
    base = {"name": "t", "regimes": ["netarchical"], "design": {"kind": "latin"},
            "parameters": {"households.need_share": {"low": 0.1, "high": 0.5}}}
    base.update(extra)
    return parse_spec(base, "t.toml")


# -- designs ---------------------------------------------------------------------------


def test_design_sizes_follow_each_method():
    two = {"households.need_share": {"low": 0.1, "high": 0.5},
           "finance.credit_limit": {"low": 1.0, "high": 3.0}}
    sobol = parsed({"design": {"kind": "sobol", "samples": 8}, "parameters": two})
    assert len(design_points(sobol)) == 8 * (2 + 2)  # Saltelli: N (D + 2)
    morris = parsed({"design": {"kind": "morris", "samples": 3, "levels": 4},
                     "parameters": two})
    assert len(design_points(morris)) == 3 * (2 + 1)  # trajectories x (D + 1)
    latin = design_points(parsed({"design": {"kind": "latin", "samples": 5},
                                  "parameters": two}))
    assert len(latin) == 5
    # A Latin hypercube puts exactly one point in each of the 5 strata of every parameter.
    strata = ((latin["households.need_share"] - 0.1) / 0.4 * 5).astype(int)
    assert sorted(strata) == [0, 1, 2, 3, 4]
    fact = parsed({"design": {"kind": "factorial"},
                   "parameters": {"households.need_share": {"levels": [0.1, 0.2]},
                                  "housing.mortgage_term": {"levels": [20, 25, 30]}}})
    table = design_points(fact)
    assert len(table) == 6 and set(table["housing.mortgage_term"]) == {20, 25, 30}


def test_same_spec_same_design_and_seed_changes_it():
    a = design_points(parsed({}))
    assert a.equals(design_points(parsed({})))
    b = design_points(parsed({"design": {"kind": "latin", "seed": 7}}))
    assert not a.equals(b)


def test_switches_design_turns_each_institution_group_on():
    spec = parsed({"design": {"kind": "switches", "from": "netarchical",
                              "to": "commons-partner-state"}, "parameters": {}})
    groups = switch_groups(spec)
    assert {"solidarity", "cooperatives", "market", "state"} <= set(groups)
    table = design_points(spec)
    assert len(table) == 2 ** len(groups)
    assert table.iloc[0].sum() == 0 and table.iloc[-1].sum() == len(groups)
    tasks = plan(spec)[0]
    # All off is the neighbouring regime itself, all on the target itself.
    first = [t for t in tasks if t.point == 0 and t.role == "commons-partner-state"][0]
    last = [t for t in tasks if t.point == len(table) - 1
            and t.role == "commons-partner-state"][0]
    assert first.regime.name == "netarchical" and last.regime.name == "commons-partner-state"


def test_plausible_ranges_are_the_calibration_bounds_where_searched():
    from commonsim.calibration import KNOBS

    for knob in KNOBS:
        span = plausible_range(knob.key)
        if span is not None:
            assert span == (knob.low, knob.high), knob.key
    spec = parsed({"plausible": "behavioural", "parameters": {}})
    assert "households.propensity_income" in design_points(spec).columns


# -- bad specs -------------------------------------------------------------------------

BAD = [
    ("kind = \"latin\"", "kind = \"grid\"", "design.kind"),
    ("samples = 2", "samples = 3\nkind2 = 1", "design.kind2"),
    ("low = 0.8", "low = 0.95", "low (0.95) must be below high"),
    ("households.propensity_income", "households.propensity_incme", "unknown parameter"),
    ("\"proprietary-weak-labour\"", "\"no-such-regime\"", "regimes"),
    ("low = 0.8\nhigh = 0.9", "low = 0.8\nhigh = 1.9", "propensity_income"),
    ("households = 60", "households = 0", "households"),
    ("kind = \"latin\"\nsamples = 2", "kind = \"sobol\"\nsamples = 6", "power of 2"),
]


@pytest.mark.parametrize(("old", "new", "named"), BAD)
def test_bad_spec_is_one_line_exit_2_nothing_stored(tmp_path, old, new, named):
    assert old in TINY
    path = spec_file(tmp_path, TINY.replace(old, new))
    store = tmp_path / "s.duckdb"
    result = CliRunner().invoke(app, ["experiment", str(path), "--store", str(store),
                                      "--evaluator", "local"])
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and str(path) in lines[0] and named in lines[0], lines
    assert not store.exists()


def test_unknown_evaluator_and_missing_spec(tmp_path):
    runner = CliRunner()
    r = runner.invoke(app, ["experiment", str(tmp_path / "none.toml")])
    assert r.exit_code == 2 and "no such experiment file" in r.output
    r = runner.invoke(app, ["experiment", str(spec_file(tmp_path)), "--evaluator", "local",
                            "--scheduler", "tcp://127.0.0.1:1"])
    assert r.exit_code == 2 and "--scheduler needs --evaluator dask" in r.output


# -- running, resuming, failing --------------------------------------------------------

#: A committed code version: runs of uncommitted ('-dirty') code are never reused, so the
#: resume tests must not depend on whether the checkout running them is clean.
COMMITTED = "9.9+gabcdef123456"


def use_version(monkeypatch, version: str) -> None:
    """Make the experiments and the store see `version` as the running code's version."""
    for where in ("commonsim.store", "commonsim.experiments.tasks",
                  "commonsim.experiments.batch"):
        monkeypatch.setattr(f"{where}.code_version", lambda: version)


@pytest.fixture
def committed(monkeypatch):
    use_version(monkeypatch, COMMITTED)
    return COMMITTED


def test_experiment_resumes_and_records_a_failed_run(tmp_path, monkeypatch, committed):
    real = tasks_module.simulate

    def flaky(regime, **kw):
        if kw["seed"] == 1 and regime.name == "proprietary-weak-labour":
            raise FloatingPointError("constructed failure")
        return real(regime, **kw)

    spec = load_spec(spec_file(tmp_path))
    store = tmp_path / "s.duckdb"
    monkeypatch.setattr(tasks_module, "simulate", flaky)
    first = run_experiment(spec, store, Evaluator())
    assert (first.runs, first.done, first.failed) == (8, 6, 2)
    with Store(store, read_only=True) as db:
        runs = BatchStore(db).runs(first.batch_id)
        failed = runs[runs["status"] == "failed"]
        assert len(failed) == 2 and failed["error"].str.contains("constructed failure").all()
        failing_page = robustness_markdown(BatchStore(db), first.batch_id)
    assert "## Runs that failed" in failing_page
    assert "2 of 8 runs failed" in failing_page
    assert "FloatingPointError: constructed failure" in failing_page

    monkeypatch.setattr(tasks_module, "simulate", real)
    second = run_experiment(spec, store, Evaluator())  # only the failed runs again
    assert (second.skipped, second.done, second.failed) == (6, 2, 0)
    third = run_experiment(spec, store, Evaluator())
    assert (third.skipped, third.done) == (8, 0)
    with Store(store, read_only=True) as db:
        batches = BatchStore(db)
        assert (batches.runs(third.batch_id)["status"] == "complete").all()
        tables = tidy_tables(batches, third.batch_id)
        doc = robustness_markdown(batches, third.batch_id)
        page = render(analyse(batches, "tiny"))
    assert "Verdict robustness" in page and third.batch_id in page
    per_run = tables["runs"]
    assert len(per_run) == 8 and per_run["households.propensity_income"].notna().all()
    assert per_run["wealth_gini"].between(0, 1).all()
    assert len(tables["periods"]) == 8 * 12
    assert committed in doc and "60 households x 12 years" in doc
    assert "Runs that failed" not in doc


class StopAfter(Evaluator):
    """An evaluator interrupted (as by Ctrl-C) after `n` results."""

    def __init__(self, n: int):
        self.n = n

    def map_unordered(self, fn, *iterables):
        for i, out in enumerate(super().map_unordered(fn, *iterables)):
            if i == self.n:
                raise KeyboardInterrupt
            yield out


def test_interrupted_experiment_keeps_finished_runs(tmp_path, committed):
    spec = load_spec(spec_file(tmp_path))
    store = tmp_path / "s.duckdb"
    with pytest.raises(KeyboardInterrupt):
        run_experiment(spec, store, StopAfter(3))
    again = run_experiment(spec, store, Evaluator())
    assert (again.skipped, again.done) == (3, 5)


def test_runs_of_uncommitted_code_are_never_reused(tmp_path, monkeypatch):
    # The same rule as `commonsim compare` (report.compare.reusable_runs).
    spec = load_spec(spec_file(tmp_path, TINY.replace(
        '"proprietary-balanced", "proprietary-weak-labour"', '"proprietary-balanced"')))
    store = tmp_path / "s.duckdb"
    use_version(monkeypatch, COMMITTED)
    assert run_experiment(spec, store, Evaluator()).done == 4
    use_version(monkeypatch, COMMITTED + "-dirty")
    dirty = run_experiment(spec, store, Evaluator())
    assert (dirty.skipped, dirty.done) == (0, 4)
    again = run_experiment(spec, store, Evaluator())  # its own dirty runs are not reused
    assert (again.skipped, again.done) == (0, 4)
    use_version(monkeypatch, COMMITTED)
    clean = run_experiment(spec, store, Evaluator())  # committed runs still are
    assert (clean.skipped, clean.done) == (4, 0)
    with Store(store, read_only=True) as db:
        runs = db.runs()
        assert (runs["code_version"] == COMMITTED + "-dirty").sum() == 8
        reusable = set(BatchStore(db).completed().values())
    assert reusable == set(runs.loc[runs["code_version"] == COMMITTED, "run_id"])


def test_smoke_example_is_valid():
    root = Path(__file__).resolve().parents[1] / "examples" / "experiments"
    for path in sorted(root.glob("*.toml")):
        assert len(design_points(load_spec(path))) > 0, path
    assert len(plan(load_spec(root / "smoke.toml"))[0]) == 16
