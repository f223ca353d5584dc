"""Stock-flow consistency of whole runs: every identity, every period, every preset.

:func:`commonsim.economy.ledger.check_period` proves that one period's books close (rows and
columns of the transaction-flow matrix sum to zero, financial claims cancel, net worth is
the tangible stock). :func:`sfc_problems` adds what one period cannot see: that each
period opens with the stocks the previous one closed with, i.e. that the change in every
sector's deposits, loans and bonds between consecutive balance sheets is exactly the
capital-account row the transaction-flow matrix recorded for it. A stock changed between
periods, outside the ledger's books, shows up there.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from commonsim.api import Result, simulate
from commonsim.economy.balance import by_sector
from commonsim.economy.ledger import check_period
from commonsim.regimes import preset_names
from commonsim.validation.rows import CheckRow, compare, failed

#: Balance-sheet row -> the transaction-flow row recording its change. The TFM writes
#: acquiring an asset as a use (-) and taking on a liability as a source (+); the BSM writes
#: assets + and liabilities -; so for every sector, TFM row = -(change of BSM row).
STOCK_ROW = {"deposits": "d_deposits", "loans": "d_loans", "bonds": "d_bonds"}


def sfc_problems(result: Result, rel_tol: float = 1e-9) -> list[str]:
    """Every failed stock-flow identity of a run (empty when all periods are consistent)."""
    problems: list[str] = []
    for t in range(len(result.transaction_flows)):
        tfm, bsm = result.tfm(t), result.bsm(t)
        problems += [f"period {t}: {p}" for p in check_period(tfm, bsm, rel_tol)]
        tfm = by_sector(tfm)  # the balance sheet has one firms' column
        if t == 0:
            continue
        before = result.bsm(t - 1)
        scale = max(float(np.abs(tfm.to_numpy()).max()), float(np.abs(bsm.to_numpy()).max()),
                    float(np.abs(before.to_numpy()).max()), 1.0)
        for stock, flow_row in STOCK_ROW.items():
            change = bsm.loc[stock] - before.loc[stock]
            gap = tfm.loc[flow_row] + change
            for sector, value in gap.items():
                if abs(value) > rel_tol * scale:
                    problems.append(
                        f"period {t}: {sector} {stock} changed by {float(change[sector]):.6g}"
                        f" but the flow accounts record {-float(tfm.loc[flow_row, sector]):.6g}"
                    )
    return problems


def check_presets(
    presets: Sequence[str] | None = None, households: int = 300, years: int = 40, seed: int = 0
) -> list[CheckRow]:
    """Run every preset briefly and count the stock-flow identities that fail.

    Runs are long enough for the transition preset's scheduled changes to take effect. The
    engine's own per-period assertion is switched off so that every period is re-checked
    here and counted, instead of stopping at the first failure.
    """
    rows: list[CheckRow] = []
    for name in presets if presets is not None else preset_names():
        group = "Stock-flow consistency"
        label = f"{name}: failed identities, N={households}, {years} periods"
        try:
            result = simulate(name, households=households, years=years, seed=seed,
                              overrides={"engine.check_accounts": False})
        except Exception as exc:  # a preset that cannot run is a failure to report
            rows.append(failed(group, label, 0.0, 0.0, f"run failed: {exc}"))
            continue
        problems = sfc_problems(result)
        rows.append(compare(group, label, 0.0, len(problems), 0.0,
                            problems[0] if problems else ""))
    return rows
