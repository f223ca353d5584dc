"""Experiments at scale: declared designs, run on an evaluator, stored as one batch, analysed.

A spec file (:mod:`.spec`) declares what varies and how it is sampled (:mod:`.designs`);
its runs (:mod:`.tasks`) execute on an evaluator (:mod:`.evaluators`: in process, a process
pool, or Dask) and stream into the store as a batch (:mod:`.batch`, :mod:`.runner`). The
analyses (sensitivity, robustness, attribution, scenario discovery) are pure functions of
plain tables, so they are tested on constructed data with known answers.
"""
