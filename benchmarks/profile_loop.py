"""Profile of the per-period loop: where a full regime spends its time.

Runs ``commonsim.simulate`` under cProfile (one preset, many households, a few years) and
reports the engine's and mechanisms' functions by their own time. The notes below the table
record what earlier profiles found and what was changed; the table is measured anew on
every run.
"""

from __future__ import annotations

import cProfile
import pstats
from collections.abc import Callable
from typing import Any

TITLE = "Profile of the per-period loop"
KEY = "profile_loop"

PRESET = "commons-partner-state"

NOTES = """\
What the profiles showed, and what was changed (the runs checked gave the same numbers
before and after each change):

- Hiring sorted the whole population by priority every period (`argsort`, about 0.11 s a
  period at 1,000,000 households). Priority never changes, so the hiring order is now
  computed once when the economy is built (`Households.queue`) and filtered each period.
- The precarity metric found each household's main income source by stacking the eleven
  income arrays and taking `argmax` (two 88 MB temporaries a period); it now keeps a
  running maximum over the arrays in place.
- The M1.1 metric used dot products, which go through BLAS; with `OPENBLAS_CORETYPE` set
  on this machine they ran at a fraction of memory speed. It now sums masked arrays.
- A quarter of a 1,000,000-household run was spent in the kernel, faulting in pages:
  glibc gave every freed household-sized temporary back to the system (a fresh `mmap`, or
  a trim of the heap's top) and the next period touched it anew. The engine now keeps
  freed blocks in the heap (`economy/heap.py`, set when the engine is imported); Dask's
  own workers had the same trouble from Dask's trim setting, which our local cluster no
  longer passes on.
- In compiled passes, a NumPy boolean used as a number converts with a branch, which a
  mixed mask mispredicts half the time (4.5 ms per million entries against 0.8 ms when the
  mask is read as bytes). The metrics' masked means and sums read masks as bytes
  (`economy/census.py`) and share one sort each of income and net worth.
- The per-period mechanisms of models 2 and 3 made many passes over household arrays
  that live in main memory (a million households do not fit in the cache): masked copies
  for `bincount`s, `ufunc.at`, a `lexsort` of the task seekers (60 ms), powers computed
  for every household (a few hundred distinct values), the hiring queue re-ranked by
  gathering every priority at random. They are now compiled passes (`arrays.group_sum`,
  `group_count`, `in_order`, `power_by_value`, `stable_argsort`, `shares_of`), the queue
  is filled reading capacities only as far as it hires, heirs are placed by bisection,
  and income to households is booked in deposits, income by kind, disposable and taxable
  income in one pass (`Ledger.transfer(also=...)`). At 1,000,000 households x 50 years
  (one run each, load about 1): model 2 44.6 -> 36.5 s, model 3 55.2 -> 40.5 s, model 1b
  unchanged (29.8 -> 29.9 s); the same numbers to the last bit.
- The period's step still made passes over a million households for a few hundred:
  home sales, new mortgages, retirees' estates and overdrafts touched every account
  (arrays of zeros but for the few). They are now booked on the few accounts alone
  (`Ledger.transfer_at`, `lend_at`, `repay_at`, `write_off_at`), their totals summed in
  NumPy's pairwise order from the few entries (`arrays.sparse_sum`); overdrafts switch
  to one pass over all when many are overdrawn (model 2). The balance sheet, built twice
  a period, summed the sector totals three times and counted entity members twice; pay
  weights were computed in two steps; `begin_period` made a dozen passes; a payment that
  one holder receives in full was summed by the caller and again by the ledger
  (`TOTAL`); sums and counts by firm branched on every household (now spare slots).
  Late periods at 1,000,000 households, step only: model 3 about 0.77 -> 0.60 s, model
  2 about 0.70 -> 0.59 s; 1,000,000 x 50 years (three before/after pairs on a shared
  machine that varied by 15%): model 3 43.4 -> 36.8, 38.9 -> 31.2, 40.7 -> 34.1 s, model
  2 40.0 -> 38.1, 34.4 -> 33.9, 35.4 -> 30.7 s; the same numbers to the last bit. Tried and
  dropped: a radix sort for the task seekers (not faster than NumPy's sort), the skill
  passes fused through a compiled helper (calls with many arrays were slower), the
  hired members found from the hired alone (random reads, slower in model 2).
- The metrics are computed on two threads from 50,000 households on (each thread every
  other metric; sorts, NumPy and the compiled census passes release Python's lock), and
  income volatility in one compiled pass: late model-3 periods at 1,000,000 households,
  metrics 0.197 -> 0.115 s (quiet machine), the same values. Task work sorts only the
  front of the idle households' order that the work asked for reaches (model 3: about
  a fifth), 32 -> 13 ms a period, the same hires.
- Passes over the households in which each household's entries depend on its own alone
  (about forty compiled loops: credits to accounts, pay weights, activity and skills,
  consumption plans, lending tests, taxes, time use...) run in two halves on two threads
  from 50,000 households on (`economy/halves.py`), and large float totals are summed in
  NumPy's two top-level pairwise halves on two threads; both give the same bits. A
  single thread does not use all the memory bandwidth, so even passes that mostly move
  memory gain: credits to four accounts 4.2 -> 2.3 ms, activity shares 14 -> 7 ms at
  1,000,000. Late model-3 periods, in one process, alternating: step 0.60 -> 0.52 s,
  with metrics 0.69 -> 0.61 s (medians of 8). Workers of a pool with a worker per core
  stay on one thread (`share_cores`). Hiring reads each place's capacity through the
  queue (a random read per place): the capacities the fill will reach are now gathered
  ahead on two threads (hire, late periods: model 2 77 -> 63 ms, model 3 65 -> 50 ms).
  Re-ranking the queue splits its three passes (keep, place, write) in halves (model 2,
  20 years, whole process, paired: 0.97 of before).
  Tried and dropped: computing a period's metrics on a frozen copy while the next period
  runs (the copy of about 320 MiB takes 45 ms on two threads, and the two periods then
  compete for the cores: 0.63 against 0.62 s a period, no gain); huge pages for the
  heap, and 32-bit employer and membership indices (no gain measured in paired runs);
  the pay pools and bills summed on two threads, one kind of sum each (slower: 22
  against 19 ms, both loops wait on the same memory).
- While the metrics run on their two threads, the passes they start run whole (a split
  put a third thread on two cores: late model-3 periods, metrics 106 -> 97 ms, medians
  of 10, alternating); the two income volatilities take each household's log once; net
  worth reads the equity claims the closing balance sheet valued, not valuing them again
  (6 ms). Model 3, 1,000,000 households x 20 years, whole process, paired: 0.95 of before.
  The two metric threads then share the metrics by the times each took the period
  before, longest first (the even split had left one thread 105 ms of work and the
  other 67): model 3 metrics 121 -> 116 ms, model 2 114 -> 106 ms (medians of 12,
  alternating, the same values). Net worth is one compiled pass over the households
  (5.5 -> 3.7 ms on one thread): compiled loops do not vectorise over NumPy booleans, so
  the home flags, like the census masks, are read as bytes (7.7 ms as booleans).
- What remains is spread thinly: labour allocation and pay (a cumulative sum and a few
  `bincount`s over all households), the per-period metrics (two sorts for the Gini
  coefficients, partitions for medians and top shares), and resetting the period's income
  arrays. Each is a handful of passes over the household arrays, so time grows linearly
  with the number of households.
"""


def run(quick: bool = False, log: Callable[[str], None] = print) -> list[dict[str, Any]]:
    import commonsim

    households, years = (20_000, 3) if quick else (1_000_000, 5)
    commonsim.simulate(PRESET, households=200, years=2, seed=0, keep_matrices=False)
    profiler = cProfile.Profile()
    profiler.enable()
    commonsim.simulate(PRESET, households=households, years=years, seed=1,
                       keep_matrices=False)
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt
    rows = []
    for (path, line, name), (_, calls, own, cumulative, _) in stats.stats.items():
        if "commonsim" not in path:
            continue
        short = path.split("commonsim/", 1)[-1]
        rows.append({
            "function": f"{short}:{line} {name}", "calls": calls, "own_seconds": own,
            "cumulative_seconds": cumulative, "own_share": own / total if total else 0.0,
            "households": households, "years": years, "total_seconds": total,
        })
    rows.sort(key=lambda r: -r["own_seconds"])
    log(f"profiled {PRESET} at {households:,} households x {years} years: {total:.2f} s")
    return rows[:15]


def render(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return NOTES
    head = rows[0]
    lines = [
        f"`{PRESET}`, {head['households']:,} households x {head['years']} years, under"
        f" cProfile (total {head['total_seconds']:.2f} s; profiling slows it somewhat)."
        " The fifteen commonsim functions with the most time of their own:",
        "",
        "| function | calls | own time (s) | share of total | cumulative (s) |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        lines.append(f"| `{r['function']}` | {r['calls']} | {r['own_seconds']:.3f} |"
                     f" {r['own_share']:.1%} | {r['cumulative_seconds']:.3f} |")
    return "\n".join(lines) + "\n\n" + NOTES
