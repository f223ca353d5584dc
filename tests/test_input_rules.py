"""Settings that crashed, did nothing or were read from the wrong place: each either works
(the accounts close) or is refused before any work with one line naming the keys."""

from __future__ import annotations

import hashlib
import os

import numpy as np
import pytest

import commonsim
from commonsim.economy.ledger import check_period
from commonsim.errors import ConfigError
from commonsim.params import REQUIRES, SETUP_ONLY, is_on
from commonsim.regimes import load_regime, preset_names

SMALL = ["--households", "200", "--years", "3"]


def _one_line(res, *fragments):
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("commonsim: error: ")
    assert "Traceback" not in res.output
    for fragment in fragments:
        assert fragment in lines[0], lines[0]


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _accounts_close(result):
    for t in range(result.years):
        assert check_period(result.tfm(t), result.bsm(t)) == [], t


# -- combinations that crashed the engine --------------------------------------------------


def test_no_owners_is_refused_before_any_work(tmp_path, cli):
    store = tmp_path / "s.duckdb"
    res = cli("run", "proprietary-balanced", *SMALL, "--set", "households.owner_share=0",
              "--store", store)
    _one_line(res, "households.owner_share", "0", "(0, 1]")
    assert not store.exists()


@pytest.mark.parametrize("preset", ["proprietary-balanced", "commons-partner-state"])
def test_production_to_order_runs_on_essay_presets(preset):
    result = commonsim.simulate(preset, households=200, years=3, seed=2,
                                overrides={"engine.production": "to-order"})
    _accounts_close(result)
    gdp = result.metrics["gdp"]
    assert (gdp > 0).all()
    # To order: output is what is demanded, so almost nothing is left unsold.
    assert (result.metrics["waste"] <= 1e-6 * gdp).all()


@pytest.mark.parametrize("kernel", ["random-pair", "saving", "yard-sale", "boltzmann"])
def test_kinetic_exchange_runs_on_essay_presets(kernel):
    result = commonsim.simulate("netarchical", households=200, years=3, seed=1,
                                overrides={"engine.exchange": kernel,
                                           "engine.exchange_steps": 2})
    _accounts_close(result)
    moved = result.tfm(1).loc["exchange"]
    assert abs(moved.sum()) < 1e-9  # money changes hands among households only


def test_exchange_without_sweeps_is_refused(cli):
    res = cli("run", "netarchical", *SMALL, "--no-store", "--set", "engine.exchange=yard-sale")
    _one_line(res, 'engine.exchange = "yard-sale"', "engine.exchange_steps")


# -- declared requirements --------------------------------------------------------------


def _on_value(key):
    value = {"engine.exchange": "random-pair", "engine.exchange_steps": 1}.get(key)
    return value if value is not None else (True if key.endswith(
        ("enabled", "credit", "phyles", "governance")) else 0.1)


@pytest.mark.parametrize("key", list(REQUIRES))
def test_every_requirement_is_checked(key):
    with pytest.raises(ConfigError) as info:
        load_regime("proprietary-balanced", {key: _on_value(key)})
    message = str(info.value)
    assert "\n" not in message
    assert f"{key} = " in message and REQUIRES[key][0][0] in message
    assert message.startswith("preset proprietary-balanced with overrides: ")


def test_requirement_met_is_accepted():
    regime = load_regime("netarchical", {"state.coproduction": 0.1,
                                         "cooperatives.phyles": True})
    assert regime.params.state.coproduction == 0.1


def test_commons_support_without_commons_on_the_command_line(tmp_path, cli):
    store = tmp_path / "s.duckdb"
    assert cli("run", "sim", *SMALL, "--store", store).exit_code == 0
    before = _digest(store)
    res = cli("run", "proprietary-weak-labour", *SMALL, "--store", store,
              "--set", "state.commons_support=0.1")
    _one_line(res, "with --set", "state.commons_support = 0.1", "commons.enabled on")
    assert _digest(store) == before


@pytest.mark.parametrize("name", preset_names())
def test_every_preset_validates(name):
    regime = load_regime(name)
    years = max([c.year for c in regime.schedule] + [0]) + 1
    commonsim.api.check_run(name, 100, years, 0)
    params = regime.params
    for change in regime.schedule:  # every scheduled state meets the requirements too
        params = commonsim.regimes.apply_values(params, change.values, "test")
        for key, (needs, _) in REQUIRES.items():
            if is_on(getattr(getattr(params, key.split(".")[0]), key.split(".")[1])):
                for need in needs:
                    section, name_ = need.split(".")
                    assert is_on(getattr(getattr(params, section), name_)), (name, key)


def _regime_file(tmp_path, text, name="r.toml"):
    path = tmp_path / name
    path.write_text(text)
    return path


def test_schedule_that_breaks_a_requirement_later(tmp_path):
    path = _regime_file(tmp_path, 'extends = "netarchical"\n[[schedule]]\nyear = 2\n'
                                  'set = {"commons.enabled" = false}\n')
    with pytest.raises(ConfigError, match=r"from schedule year 2: cooperatives.enabled = true"
                                          r" needs commons.enabled on"):
        load_regime(path)


def test_schedule_that_switches_a_mechanism_on_without_its_base(tmp_path):
    path = _regime_file(tmp_path, 'extends = "proprietary-balanced"\n[[schedule]]\nyear = 1\n'
                                  'set = {"state.commons_levy" = 0.3}\n')
    with pytest.raises(ConfigError, match=r"r.toml: from schedule year 1: state.commons_levy"):
        load_regime(path)


@pytest.mark.parametrize("key", list(SETUP_ONLY))
def test_schedule_may_not_change_a_setup_only_key(tmp_path, key):
    default = dict(commonsim.api.flat_parameters(load_regime("netarchical")))[key]
    literal = str(default).lower() if isinstance(default, bool) else (
        f'"{default}"' if isinstance(default, str) else repr(default))
    path = _regime_file(tmp_path, f'extends = "netarchical"\n[[schedule]]\nyear = 1\n'
                                  f'set = {{"{key}" = {literal}}}\n')
    with pytest.raises(ConfigError, match=rf"schedule\[0\]: {key} cannot change during a run"):
        load_regime(path)


def test_schedule_beyond_the_horizon(tmp_path, cli):
    res = cli("run", "transition", "--households", "100", "--years", "20", "--no-store")
    _one_line(res, "preset transition", "schedule year 34", "20 years", "at least 35 years")
    path = _regime_file(tmp_path, 'extends = "sim"\n[[schedule]]\nyear = 3\n'
                                  'set = {"state.income_tax" = 0.3}\n')
    with pytest.raises(ConfigError, match="schedule year 3 is beyond this run of 3 years"):
        commonsim.simulate(path, households=10, years=3)
    assert commonsim.simulate(path, households=10, years=4).metrics.shape[0] == 4


# -- regime files: encoding, readability, extends ----------------------------------------


def test_regime_file_not_utf8(tmp_path, cli):
    path = tmp_path / "latin.toml"
    path.write_bytes('[meta]\ndescription = "r\xe9gime"\n'.encode("latin-1"))
    _one_line(cli("run", path, *SMALL, "--no-store"), str(path), "not UTF-8")


def test_regime_path_is_a_directory(tmp_path, cli):
    folder = tmp_path / "dir.toml"
    folder.mkdir()
    _one_line(cli("run", folder, *SMALL, "--no-store"), str(folder), "is a directory")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_regime_file_unreadable(tmp_path, cli):
    path = _regime_file(tmp_path, "[labour]\nbargaining = 0.5\n")
    path.chmod(0)
    _one_line(cli("run", path, *SMALL, "--no-store"), str(path), "cannot read")


def test_extends_is_relative_to_the_file_that_says_it(tmp_path, monkeypatch):
    inner = tmp_path / "a" / "b"
    inner.mkdir(parents=True)
    _regime_file(inner, 'extends = "netarchical"\n[labour]\nbargaining = 0.61\n', "base.toml")
    _regime_file(tmp_path / "a", 'extends = "b/base.toml"\n[state]\nincome_tax = 0.3\n',
                 "middle.toml")
    top = _regime_file(tmp_path / "a", 'extends = "middle.toml"\n[meta]\nname = "top"\n',
                       "top.toml")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    regime = load_regime(top)
    assert regime.params.labour.bargaining == 0.61
    assert regime.params.state.income_tax == 0.3
    assert regime.params.commons.enabled  # from netarchical, at the end of the chain


def test_extends_cycle_is_refused(tmp_path, cli):
    _regime_file(tmp_path, 'extends = "two.toml"\n', "one.toml")
    _regime_file(tmp_path, 'extends = "one.toml"\n', "two.toml")
    _one_line(cli("run", tmp_path / "one.toml", *SMALL, "--no-store"),
              "'extends' makes a cycle", "one.toml -> ", "two.toml -> ")


def test_extends_missing_file_names_where_it_looked(tmp_path):
    path = _regime_file(tmp_path, 'extends = "nothere.toml"\n')
    with pytest.raises(ConfigError, match=str(tmp_path / "nothere.toml")):
        load_regime(path)


# -- the Python API's arguments ----------------------------------------------------------


def test_numpy_integers_are_accepted():
    plain = commonsim.simulate("sim", households=30, years=2, seed=3)
    numpy = commonsim.simulate("sim", households=np.int64(30), years=np.int32(2),
                               seed=np.uint64(3))
    assert numpy.metrics.equals(plain.metrics)
    assert type(numpy.seed) is int and type(numpy.households) is int


@pytest.mark.parametrize("argument, value, allowed", [
    ("seed", 2**63, "[0, 2**63 - 1]"),
    ("seed", -1, "[0, 2**63 - 1]"),
    ("seed", True, "[0, 2**63 - 1]"),
    ("seed", 3.0, "[0, 2**63 - 1]"),
    ("households", np.bool_(True), ">= 1"),
    ("households", 0, ">= 1"),
    ("years", 2.5, "[1, 2**31 - 1]"),
])
def test_bad_arguments_are_refused_before_any_work(monkeypatch, argument, value, allowed):
    def no_work(*args, **kwargs):
        raise AssertionError("work started")

    monkeypatch.setattr(commonsim.api, "opening_economy", no_work)
    with pytest.raises(ConfigError) as info:
        commonsim.simulate("sim", **{"households": 10, "years": 1, argument: value})
    message = str(info.value)
    assert message.startswith(f"{argument}="), message
    assert allowed in message and "--" not in message


def test_largest_seed_is_stored(tmp_path, cli):
    store = tmp_path / "s.duckdb"
    res = cli("run", "sim", "--households", "10", "--years", "1", "--seed", str(2**63 - 1),
              "--store", store)
    assert res.exit_code == 0, res.output


def test_python_errors_name_the_python_argument():
    with pytest.raises(ConfigError) as info:
        commonsim.simulate("sim", households=10, years=1,
                           overrides={"labour.bargaining": "abc"})
    message = str(info.value)
    assert message.startswith("overrides={'labour.bargaining': 'abc'}: ")
    assert "--set" not in message
    with pytest.raises(ConfigError, match=r"^overrides: unknown key 'labour.bargain'"):
        commonsim.simulate("sim", households=10, years=1, overrides={"labour.bargain": 1})
    regime = load_regime("proprietary-balanced")
    with pytest.raises(ConfigError, match=r"with overrides: state.commons_support = 0.1"):
        commonsim.simulate(regime, households=10, years=1,
                           overrides={"state.commons_support": 0.1})
