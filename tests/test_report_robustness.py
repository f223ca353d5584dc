"""Robustness and attribution columns of the comparison report, from a constructed store."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import stats

from commonsim.claims import run_claims
from commonsim.experiments.batch import BatchStore
from commonsim.experiments.designs import design_points
from commonsim.experiments.spec import parse_spec
from commonsim.experiments.tasks import RunTask
from commonsim.regimes import load_regime
from commonsim.report.build import ReportInfo, write_report
from commonsim.report.robustness import ROBUSTNESS_SPEC, how_to, stored_robustness
from commonsim.report.synthetic import constructed_frame
from commonsim.store import Store

VERSION = "9.9+gabcdef123456"
YEARS = 12


def robustness_spec(name: str = "robustness"):
    return parse_spec({
        "name": name, "regimes": ["netarchical"], "households": 20, "years": YEARS,
        "replicates": 3, "design": {"kind": "latin", "samples": 4, "seed": 1},
        "parameters": {"households.need_share": {"low": 0.1, "high": 0.5}},
        "outputs": {"metrics": ["commons_stock"], "claims": True}}, "robustness.toml")


def stock(rising: bool, replicate: int) -> pd.DataFrame:
    """Model 2's commons stock, rising (or falling) 10 a year, as a run's wide metrics."""
    t = np.arange(YEARS, dtype=float)
    slope = 10.0 if rising else -10.0
    return pd.DataFrame({"commons_stock": 10.0 + slope * t + 0.5 * replicate * (t % 3)},
                        index=pd.Index(range(YEARS), name="period"))


def store_batch(path, monkeypatch, version: str = VERSION) -> str:
    """A robustness batch of 4 points x 3 replicates; M2.1 holds at points 0-2, not at 3."""
    for where in ("commonsim.store", "commonsim.experiments.batch"):
        monkeypatch.setattr(f"{where}.code_version", lambda: version)
    spec = robustness_spec()
    regime = load_regime("netarchical")
    with Store(path) as db:
        batches = BatchStore(db)
        batch_id = batches.attach(spec, design_points(spec))
        for point in range(4):
            for replicate, seed in enumerate(spec.seeds):
                run_id = db.start_run(regime, 20, YEARS, seed, batch_id)
                db.finish_run(run_id, stock(point < 3, replicate))
                task = RunTask(point, "netarchical", replicate, regime, 20, YEARS, seed)
                batches.link(batch_id, task, f"k{point}-{replicate}", run_id)
    return batch_id


def test_a_robustness_batch_gives_each_emergent_part_its_share(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    batch_id = store_batch(path, monkeypatch)
    got = stored_robustness(path, VERSION)
    assert got.robustness_batch == batch_id and got.attribution_batches == []
    # 3 of 4 points hold; the 95% Clopper-Pearson interval of 3/4.
    low, high = stats.beta.ppf(0.025, 3, 2), stats.beta.ppf(0.975, 4, 1)
    assert (round(low, 2), round(high, 2)) == (0.19, 0.99)
    assert got.holds == {"M2.1#0": "75% [19%, 99%]"}  # only what the batch can judge
    assert f"batch {batch_id}" in got.note and "year 12 only" in got.note

    # Another code version, or uncommitted code: the batch does not count.
    for other in ("9.9+g000000000000", VERSION + "-dirty"):
        none = stored_robustness(path, other)
        assert none.holds == {} and none.note == how_to(other)


def written(tmp_path, stored) -> str:
    frame = constructed_frame({("2", "commons_stock"): lambda r, t: 100.0 + 10 * t + r},
                              replicates=3, years=20)
    lorenz = pd.DataFrame({"regime": "netarchical", "quantity": "income",
                           "population": np.linspace(0, 1, 11),
                           "share": np.linspace(0, 1, 11) ** 2})
    index = write_report(frame, lorenz, run_claims(frame), tmp_path / "rep",
                         ReportInfo(["netarchical"], 3, 100, 20), stored)
    return index.read_text()


def test_the_report_shows_the_columns_or_says_how_to_get_them(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    store_batch(path, monkeypatch)
    text = written(tmp_path / "with", stored_robustness(path, VERSION))
    assert "holds in the global sample" in text
    row = text[text.index("2: commons stock, final &gt; early"):]
    row = row[:row.index("</tr>")]
    assert "75% [19%, 99%]" in row

    bare = tmp_path / "bare.duckdb"
    with Store(bare):
        pass  # a store without any experiment
    for source in (bare, tmp_path / "missing.duckdb"):
        text = written(tmp_path / "without", stored_robustness(source, VERSION))
        assert "holds in the global sample" not in text
        assert text.count(f"`commonsim experiment {ROBUSTNESS_SPEC}`") == 1
        assert how_to(VERSION) in text
        assert how_to(VERSION) in (tmp_path / "without" / "rep" / "summary.md").read_text()



def store_switches(path) -> str:
    """An attribution batch: model 3 built from model 2 with labour and/or state switched on.

    The commons entities' market share grows 0.01 a year, plus 0.01 with labour on and 0.03
    with state on, so M3.7's effect (final minus early, years 7-11 against 5-9) is 0.02 +
    0.02 labour + 0.06 state: additive, so the Shapley shares are 25% and 75%.
    """
    spec = parse_spec({
        "name": "attribution", "regimes": ["commons-partner-state"], "households": 20,
        "years": YEARS, "replicates": 2,
        "design": {"kind": "switches", "from": "netarchical", "to": "commons-partner-state",
                   "groups": {"labour": ["labour.bargaining"], "state": ["state.top_tax"]}},
        "outputs": {"claims": True}}, "attribution.toml")
    regime = load_regime("commons-partner-state")
    t = np.arange(YEARS, dtype=float)
    with Store(path) as db:
        batches = BatchStore(db)
        design = design_points(spec)
        batch_id = batches.attach(spec, design)
        for point, on in design.iterrows():
            rate = 0.01 + 0.01 * on["labour"] + 0.03 * on["state"]
            for replicate, seed in enumerate(spec.seeds):
                run_id = db.start_run(regime, 20, YEARS, 100 * point + seed, batch_id)
                share = 0.1 + rate * t + 0.001 * replicate * (t % 2)
                db.finish_run(run_id, pd.DataFrame({"commons_entity_market_share": share},
                                                   index=pd.Index(range(YEARS), name="period")))
                task = RunTask(int(point), regime.name, replicate, regime, 20, YEARS, seed)
                batches.link(batch_id, task, f"a{point}-{replicate}", run_id)
    return batch_id


def test_an_attribution_batch_adds_institution_shares(tmp_path, monkeypatch):
    path = tmp_path / "s.duckdb"
    robust = store_batch(path, monkeypatch)
    switches = store_switches(path)
    got = stored_robustness(path, VERSION)
    assert got.robustness_batch == robust and got.attribution_batches == [switches]
    assert got.attribution == {
        "M3.7#0": "labour 25%, state 75% (from netarchical to commons-partner-state)"}
    text = written(tmp_path, got)
    assert "attribution (institutions' shares of the effect)" in text
    assert "labour 25%, state 75%" in text and "75% [19%, 99%]" in text
