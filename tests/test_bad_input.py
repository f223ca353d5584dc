"""Bad input: one clear line naming the file or key and what is allowed, exit code 2,
and nothing written to the store."""

from __future__ import annotations

import hashlib

import pytest

from commonsim.store import Store

SMALL = ["--households", "300", "--years", "3"]

# name -> (regime file text or None, extra CLI arguments, fragments the message must contain)
CASES = {
    "unknown preset": (None, ["nosuch"], ["'nosuch'", "netarchical", ".toml"]),
    "missing file": (None, ["{tmp}/absent.toml"], ["absent.toml", "no such regime file"]),
    "misspelt --set key": (None, ["netarchical", "--set", "labour.bargain=0.5"],
                           ["'labour.bargain'", "did you mean labour.bargaining",
                            "allowed: labour.bargaining, labour.manager_share"]),
    "misspelt --set section": (None, ["netarchical", "--set", "labor.bargaining=0.5"],
                               ["'labor.bargaining'", "did you mean labour.bargaining",
                                "sections are households"]),
    "--set without =": (None, ["netarchical", "--set", "labour.bargaining"],
                        ["labour.bargaining", "key=value"]),
    "misspelt key in file": ("[labour]\nbargainign = 0.5\n", ["{file}"],
                             ["bad.toml", "'labour.bargainign'",
                              "did you mean labour.bargaining", "allowed: labour.bargaining"]),
    "misspelt key in schedule": (
        'extends = "netarchical"\n[[schedule]]\nyear = 2\nset = {"state.basic_incom" = 0.1}\n',
        ["{file}"], ["bad.toml", "schedule[0]", "did you mean state.basic_income"]),
    "mistyped --set value": (None, ["netarchical", "--set", "labour.bargaining=abc"],
                             ["labour.bargaining", "'abc'", "float in [0, 1]"]),
    "mistyped value in file": ('[labour]\nbargaining = "high"\n', ["{file}"],
                               ["bad.toml", "labour.bargaining", "'high'", "float in [0, 1]"]),
    "rate above 1": (None, ["netarchical", "--set", "finance.loan_rate=1.5"],
                     ["finance.loan_rate", "1.5", "[0, 1]"]),
    "rate below 0": (None, ["netarchical", "--set", "state.income_tax=-0.1"],
                     ["state.income_tax", "-0.1", "[0, 1]"]),
    "rate out of range in file": ("[state]\nincome_tax = 2\n", ["{file}"],
                                  ["bad.toml", "state.income_tax", "[0, 1]"]),
    "fiscal target out of range": (None, ["netarchical", "--set", "state.debt_target=9"],
                                   ["state.debt_target", "9", "[0, 5]"]),
    "unknown fiscal rule": ("[state]\nfiscal_rule = \"balanced\"\n", ["{file}"],
                            ["bad.toml", "state.fiscal_rule", "'balanced'", "debt-target"]),
    "unknown tax for the rule": (None, ["netarchical", "--set", "state.rule_taxes=wealth"],
                                 ["state.rule_taxes", "'wealth'", "income-and-profit"]),
    "markup ceiling out of range": (None, ["netarchical", "--set", "market.max_markup=0"],
                                    ["market.max_markup", "0", "(0, 100]"]),
    "markup step out of range": ("[market]\nmarkup_step = 0.9\n", ["{file}"],
                                 ["bad.toml", "market.markup_step", "[0, 0.5]"]),
    "policy spread out of range": (None, ["netarchical", "--set", "finance.loan_rate=1.5"],
                                   ["finance.loan_rate", "1.5", "[0, 1]"]),
    "unknown policy rule": (None, ["netarchical", "--set", "finance.policy_rule=friedman"],
                            ["finance.policy_rule", "'friedman'", "taylor"]),
    "Taylor coefficient out of range": (
        None, ["netarchical", "--set", "finance.taylor_inflation=-1"],
        ["finance.taylor_inflation", "-1", "[0, 5]"]),
    "malformed TOML": ("[labour\nbargaining = 0.5\n", ["{file}"],
                       ["bad.toml", "malformed TOML", "line 1"]),
    "no households": (None, ["netarchical", "--households", "0"],
                      ["households = 0", "integer >= 1"]),
    "negative years": (None, ["netarchical", "--years", "-3"],
                       ["years = -3", "integer in [1, 2**31 - 1]"]),
    "negative seed": (None, ["netarchical", "--seed", "-1"], ["seed = -1", "integer in [0,"]),
    "seed too big": (None, ["netarchical", "--seed", str(2**64)], [f"seed = {2**64}", "2**63"]),
    "too big for memory": (None, ["netarchical", "--households", str(10**12)],
                           ["households = 1,000,000,000,000", "GiB", "allowed at most"]),
}


def _args(tmp_path, text, extra):
    file = tmp_path / "bad.toml"
    if text is not None:
        file.write_text(text)
    return [a.format(tmp=tmp_path, file=file) for a in extra]


def _one_line_error(res, fragments):
    assert res.exit_code == 2, res.output
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1, res.stderr
    assert lines[0].startswith("commonsim: error: ")
    assert "Traceback" not in res.output
    for fragment in fragments:
        assert fragment in lines[0]
    assert res.stdout == ""


@pytest.mark.parametrize("case", list(CASES))
def test_bad_run_input_writes_no_store(tmp_path, cli, case):
    text, extra, fragments = CASES[case]
    store = tmp_path / "s.duckdb"
    args = _args(tmp_path, text, extra)
    for option, value in (("--households", "300"), ("--years", "3")):
        if option not in args:
            args += [option, value]
    res = cli("run", *args, "--store", store)
    _one_line_error(res, fragments)
    assert not store.exists()


def _digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("case", ["misspelt --set key", "too big for memory", "negative seed"])
def test_bad_run_input_leaves_existing_store_unchanged(tmp_path, cli, case):
    store = tmp_path / "s.duckdb"
    assert cli("run", "sim", *SMALL, "--store", store).exit_code == 0
    before = _digest(store)
    text, extra, fragments = CASES[case]
    res = cli("run", *_args(tmp_path, text, extra), "--store", store)
    _one_line_error(res, fragments)
    assert _digest(store) == before


def test_store_in_missing_directory(tmp_path, cli):
    store = tmp_path / "nowhere" / "s.duckdb"
    res = cli("run", "sim", *SMALL, "--store", store)
    _one_line_error(res, [str(store), "does not exist"])
    assert not store.parent.exists()


def test_store_that_is_not_a_database(tmp_path, cli):
    store = tmp_path / "notes.txt"
    store.write_text("shopping list\n" * 50)
    res = cli("run", "sim", *SMALL, "--store", store)
    _one_line_error(res, [str(store)])
    assert store.read_text() == "shopping list\n" * 50


@pytest.mark.parametrize("command", [["show", "ffff"], ["export", "ffff", "--out", "{tmp}/x.csv"]])
def test_unknown_run_id(tmp_path, cli, command):
    store = tmp_path / "s.duckdb"
    assert cli("run", "sim", *SMALL, "--store", store).exit_code == 0
    res = cli(*[a.format(tmp=tmp_path) for a in command], "--store", store)
    _one_line_error(res, ["no run 'ffff'", str(store)])
    assert not (tmp_path / "x.csv").exists()


def test_show_without_a_store(tmp_path, cli):
    store = tmp_path / "absent.duckdb"
    res = cli("show", "abc", "--store", store)
    _one_line_error(res, [str(store), "no such store"])
    assert not store.exists()


def test_export_to_missing_directory(tmp_path, cli):
    store = tmp_path / "s.duckdb"
    assert cli("run", "sim", *SMALL, "--store", store).exit_code == 0
    with Store(store, read_only=True) as db:
        run_id = db.runs()["run_id"].iloc[0]
    res = cli("export", run_id, "--out", tmp_path / "no" / "x.csv", "--store", store)
    _one_line_error(res, ["--out", "does not exist"])
