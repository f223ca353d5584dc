"""Comparison of regimes: runs, the claims table, the side-by-side report and the ODD document.

    commonsim compare            # the essay's four regimes, 20 seeds x 100 years -> report/
    commonsim claims             # every claim part: class, effect, floor, verdicts at 50, 100
    python -m commonsim.report.odd > docs/ODD.md   # regenerate the ODD document
    python -m commonsim.report.claims_doc          # regenerate docs/claims.md

The pieces are pure functions of the long comparison frame (regime, replicate, period,
variable, value): :mod:`commonsim.stats` (windows, intervals, trends), :mod:`commonsim.claims`,
:mod:`.build` (the report folder); :mod:`.runs` runs the regimes on a pluggable evaluator.
"""
