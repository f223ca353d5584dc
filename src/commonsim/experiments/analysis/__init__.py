"""Analyses of an experiment batch, each a pure function of plain tables (X, Y, verdicts).

One module per question: :mod:`.sensitivity` (which parameters move an output: Sobol'
indices and Morris screening, by SALib), :mod:`.robustness` (in what share of the plausible
parameter space a claim part holds), :mod:`.attribution` (which institution accounts for a
part's effect: Shapley values over switching institutions on), :mod:`.discovery` (where in
the parameter space a part fails: PRIM boxes).
"""
