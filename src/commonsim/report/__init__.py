"""Comparison of regimes: runs, the claims table, the side-by-side report and the ODD document.

    commonsim compare            # the essay's four regimes, 10 seeds each -> report/index.html
    commonsim claims             # the traceability matrix with every claim's verdict
    python -m commonsim.report.odd > docs/ODD.md   # regenerate the ODD document

The pieces are pure functions of the long comparison frame (regime, replicate, period,
variable, value): :mod:`commonsim.stats` (windows, intervals, trends), :mod:`commonsim.claims`,
:mod:`.build` (the report folder); :mod:`.runs` runs the regimes on a pluggable evaluator.
"""
