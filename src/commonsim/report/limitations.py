"""Limitations the report states that depend on how the compared regimes were run.

The report's fixed limitations are in its template; this module words the ones that
depend on the runs' parameters, so that the report never says an institution is absent
when the runs had it (or the reverse). Today: whether the fiscal rule was on.
"""

from __future__ import annotations

from collections.abc import Iterable

from commonsim.regimes import load_regime
from commonsim.report.runs import RunSpec

RULE_KEY = "state.fiscal_rule"


def fiscal_rule_used(spec: RunSpec) -> bool:
    """Whether the run's regime has the fiscal rule on at the start or from a later year."""
    regime = load_regime(spec.regime, dict(spec.overrides))
    if regime.params.state.fiscal_rule != "none":
        return True
    return any(change.values.get(RULE_KEY, "none") != "none" for change in regime.schedule)


def fiscal_rule_limitation(specs: Iterable[RunSpec]) -> str:
    """One sentence on the fiscal rule in the compared runs (by regime name)."""
    used: dict[str, bool] = {}
    for spec in specs:
        used[spec.regime] = used.get(spec.regime, False) or fiscal_rule_used(spec)
    on = [name for name, flag in used.items() if flag]
    off = [name for name, flag in used.items() if not flag]
    if not on:
        return ("There is no fiscal rule in these runs (state.fiscal_rule is none in every"
                " regime compared): tax rates are fixed by each regime, so public debt may"
                " grow without a response.")
    if not off:
        return ("Every regime compared runs the fiscal rule (state.fiscal_rule): tax rates"
                " move to bring public debt back to its target, so what a regime's"
                " programmes cost shows in its tax rates (income_tax_rate, profit_tax_rate)"
                " rather than in its debt.")
    return (f"The fiscal rule is on in {', '.join(on)} and off in {', '.join(off)}: their"
            " public debt is not comparable as it stands, since only the former have tax"
            " rates that respond to it.")


def run_limitations(specs: Iterable[RunSpec]) -> list[str]:
    """The limitations that depend on the runs, in the order the report lists them."""
    return [fiscal_rule_limitation(list(specs))]
