"""The EMA Workbench adapter (an optional extra: skipped when ema_workbench is absent)."""

from __future__ import annotations

import pytest

ema = pytest.importorskip("ema_workbench")


def test_commonsim_runs_as_an_ema_model():
    from commonsim.experiments.ema import commonsim_model

    model = commonsim_model("proprietary-weak-labour", households=60, years=8,
                            uncertainties={"households.need_share": (0.1, 0.5)},
                            levers={"state.benefit_replacement": (0.1, 0.5)},
                            outcomes=("wealth_gini", "gdp"))
    experiments, outcomes = ema.perform_experiments(model, scenarios=2, policies=1)
    assert len(experiments) == 2
    assert set(outcomes) == {"wealth_gini", "gdp"}
    assert ((outcomes["wealth_gini"] > 0) & (outcomes["wealth_gini"] < 1)).all()
    assert experiments["households__need_share"].between(0.1, 0.5).all()
