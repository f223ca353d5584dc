"""The dashboard without a browser: controls from the schema, the model adapter, the
transition file, the stored-runs reader and the command's checks."""

from __future__ import annotations

import pandas as pd
import pytest

from commonsim.claims import REGIMES
from commonsim.dashboard import adapter, controls, stored
from commonsim.dashboard.server import OFFLINE_ENV, check_port, server_command
from commonsim.dashboard.transition import regime_toml, save_regime
from commonsim.errors import ConfigError
from commonsim.params import all_keys, key_kind
from commonsim.regimes import Change, load_regime


def test_every_institutional_parameter_has_a_control_under_each_of_its_ids():
    groups = controls.by_characteristic()
    institutional = [k for k in all_keys() if key_kind(k) == "institutional"]
    shown = {c.key for cs in groups.values() for c in cs}
    assert shown == set(institutional)
    for cid, cs in groups.items():
        for c in cs:
            assert cid in c.ids and c.meaning
    bargaining = controls.control("labour.bargaining")
    assert (bargaining.type, bargaining.low, bargaining.high) == ("float", 0, 1)
    assert "M1.5" in bargaining.label
    assert controls.group_title("M1.5").startswith("M1.5 ")


def test_resolve_refuses_bad_values_with_the_loaders_message():
    with pytest.raises(ConfigError) as direct:
        load_regime("netarchical", {"labour.bargaining": 1.5})
    with pytest.raises(ConfigError) as via_adapter:
        adapter.resolve("netarchical", {"labour.bargaining": 1.5})
    assert str(via_adapter.value) == str(direct.value)
    assert "\n" not in str(direct.value)
    with pytest.raises(ConfigError, match="schedule year 3: unknown key .labour.nonsense."):
        adapter.resolve("netarchical", {}, [Change(3, {"labour.nonsense": 1})])
    regime = adapter.resolve("netarchical", {"labour.bargaining": 0.5},
                             [Change(4, {"labour.bargaining": 0.7})])
    assert regime.params.labour.bargaining == 0.5
    assert [c.year for c in regime.schedule] == sorted(c.year for c in regime.schedule)
    assert any(c.values == {"labour.bargaining": 0.7} for c in regime.schedule)


@pytest.fixture(scope="module")
def runs():
    jobs = [(adapter.YOURS, load_regime("commons-partner-state", {"state.basic_income": 0.0})),
            *[(name, load_regime(name)) for name in REGIMES.values()]]
    seen: list[float] = []
    out = adapter.run_all(jobs, households=60, years=16, seeds=2,
                          progress=lambda share, _what: seen.append(share))
    return out, seen


def test_run_all_reports_progress_and_keeps_every_run(runs):
    out, seen = runs
    assert len(out.outputs) == 5 * 2
    assert seen == sorted(seen) and seen[-1] == pytest.approx(1.0)
    assert out.labels()[0] == adapter.YOURS
    assert set(out.frame["replicate"]) == {0, 1}


def test_band_factor_shares_lorenz_and_real(runs):
    out, _ = runs
    mine = out.of(adapter.YOURS)
    b = adapter.band(mine, "gdp")
    assert len(b) == 16 and (b["low"] <= b["mean"]).all() and (b["mean"] <= b["high"]).all()
    direct = pd.concat([o.metrics["gdp"] for o in mine], axis=1).mean(axis=1)
    assert b["mean"].to_numpy() == pytest.approx(direct.to_numpy())
    shares = adapter.factor_shares(mine)
    assert set(shares.index) <= set(adapter.FACTOR_SHARES) and shares["labour_share"] > 0
    curve = adapter.mean_lorenz(mine, "income")
    assert curve[0] == pytest.approx(0) and curve[-1] == pytest.approx(1)
    unpriced = mine[0].metrics.drop(columns=adapter.PRICE_LEVEL)
    series, differs = adapter.real(unpriced, "gdp")
    assert not differs and series.equals(unpriced["gdp"])
    with_prices = mine[0].metrics.assign(price_index=2.0)
    halved, differs = adapter.real(with_prices, "gdp")
    assert differs and halved.to_numpy() == pytest.approx(mine[0].metrics["gdp"] / 2)


def test_claims_judge_the_users_settings_in_place_of_their_model(runs):
    out, _ = runs
    frame = out.frame
    mine = adapter.claim_verdicts(frame, "3")
    presets = adapter.claim_verdicts(frame, None)
    assert {v.id for v in mine} == {v.id for v in presets}
    # With the user's settings standing in for model 3, model 3's preset runs are not read:
    without_preset = frame[frame["regime"] != REGIMES["3"]]
    assert adapter.claim_verdicts(without_preset, "3") == mine
    assert adapter.model_label("netarchical") == "2" and adapter.model_label("sim") is None


def test_figures_draw_every_regime(runs):
    from commonsim.dashboard import figures

    out, _ = runs
    shown = adapter.Runs(out.of(adapter.YOURS) + out.of(REGIMES["1b"]))
    fig = figures.time_series(shown, "gdp")
    # Runs carry a price index, so the nominal series is not labelled as equal to the real.
    assert len(fig.axes[0].lines) == 2 and "nominal = real" not in fig.axes[0].get_title()
    assert "nominal" not in figures.time_series(shown, "income_gini").axes[0].get_title()
    assert len(figures.lorenz(shown, "wealth").axes[0].lines) == 3  # two and equality
    assert len(figures.income_shares(shown).axes[0].patches) == 2 * len(adapter.FACTOR_SHARES)


def test_a_transition_is_saved_as_a_regime_file_the_loader_reads(tmp_path):
    changes = [Change(10, {"labour.bargaining": 0.3}, "unions weaken"),
               Change(5, {"commons.enabled": True})]
    path = tmp_path / "mine.toml"
    regime = save_regime(path, "mine", "proprietary-balanced", {"state.income_tax": 0.25},
                         changes)
    assert regime.name == "mine" and regime.params.state.income_tax == 0.25
    again = load_regime(path)
    assert [(c.year, c.values) for c in again.schedule][-2:] == [
        (5, {"commons.enabled": True}), (10, {"labour.bargaining": 0.3})]
    assert 'note = "unions weaken"' in path.read_text()
    text = regime_toml("x", "netarchical", {}, [])
    assert 'extends = "netarchical"' in text


def test_a_bad_transition_writes_nothing(tmp_path):
    path = tmp_path / "bad.toml"
    with pytest.raises(ConfigError, match="labour.bargaining"):
        save_regime(path, "bad", "netarchical", {}, [Change(2, {"labour.bargaining": 7})])
    assert not path.exists()
    with pytest.raises(ConfigError, match=r"\.toml"):
        save_regime(tmp_path / "bad.txt", "bad", "netarchical", {}, [])
    with pytest.raises(ConfigError, match="does not exist"):
        save_regime(tmp_path / "no" / "x.toml", "bad", "netarchical", {}, [])


def test_stored_runs_and_batches(tmp_path):
    import commonsim
    from commonsim.store import Store

    path = tmp_path / "s.duckdb"
    with Store(path) as db:
        run_id = db.save_result(commonsim.simulate("sim", households=10, years=3))
    frame = stored.runs(path)
    assert list(frame["run_id"]) == [run_id]
    one = stored.run(path, run_id[:8])
    assert one.record["regime"] == "sim" and len(one.metrics) == 3
    assert stored.batches(path) is None  # a store without experiments
    with Store(path) as db:
        db._con.execute("CREATE TABLE batches (batch TEXT, design TEXT)")
        db._con.execute("INSERT INTO batches VALUES ('b1', 'sweep')")
    assert list(stored.batches(path)["batch"]) == ["b1"]
    with pytest.raises(ConfigError, match="no such store"):
        stored.runs(tmp_path / "none.duckdb")


def test_dashboard_command_checks_port_and_store_before_starting(cli, tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("dashboard", "--port", port, "--store", tmp_path / "s.duckdb")
    assert result.exit_code == 2
    assert f"--port {port}: already in use" in result.output
    result = cli("dashboard", "--port", 70000)
    assert result.exit_code == 2 and "allowed: an integer in [1, 65535]" in result.output
    with pytest.raises(ConfigError):
        check_port(0)


def test_server_is_local_and_quiet():
    command = server_command(8765)
    assert command[command.index("--host") + 1] == "127.0.0.1"
    assert OFFLINE_ENV["SOLARA_TELEMETRY_MIXPANEL_ENABLE"] == "False"
    assert OFFLINE_ENV["SOLARA_ASSETS_CDN"].startswith("http://127.0.0.1:")
