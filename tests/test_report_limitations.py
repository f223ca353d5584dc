"""The report's limitations say whether the compared runs had the fiscal rule."""

from __future__ import annotations

from commonsim.report.limitations import fiscal_rule_used, run_limitations
from commonsim.report.runs import RunSpec

RULE = (("state.fiscal_rule", "debt-target"),)  # the default, stated
NO_RULE = (("state.fiscal_rule", "none"),)


def spec(regime: str, overrides: tuple = ()) -> RunSpec:
    return RunSpec(regime, households=50, years=5, seed=0, overrides=overrides)


def test_rule_is_read_from_the_run_s_parameters():
    assert fiscal_rule_used(spec("proprietary-weak-labour"))  # on by default
    assert not fiscal_rule_used(spec("proprietary-weak-labour", NO_RULE))
    assert fiscal_rule_used(spec("proprietary-weak-labour", RULE))


def test_runs_without_the_rule_say_there_is_none():
    (text,) = run_limitations([spec("proprietary-balanced", NO_RULE),
                               spec("netarchical", NO_RULE)])
    assert text.startswith("There is no fiscal rule")


def test_runs_with_the_rule_everywhere_say_so():
    (text,) = run_limitations([spec("proprietary-balanced", RULE), spec("netarchical", RULE)])
    assert text.startswith("Every regime compared runs the fiscal rule")


def test_mixed_runs_name_the_regimes_on_each_side():
    (text,) = run_limitations([spec("proprietary-balanced", RULE), spec("netarchical", NO_RULE),
                               spec("proprietary-balanced", RULE)])
    assert "on in proprietary-balanced and off in netarchical" in text
