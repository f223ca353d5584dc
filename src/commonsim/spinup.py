"""One opening for every regime: a spin-up under reference institutions, cached.

Each essay preset starts from the same year-0 economy, so that what differs at the end is
what the institutions did, not where each regime happened to start. The opening balance
sheets (:mod:`commonsim.economy.opening`) are built under the reference institutions
(:data:`REFERENCE`, model 1b's preset: the calibrated present, with the fiscal rule on as
in every preset) and run for ``engine.spinup_years`` years with the run's households,
seed and behavioural, technological and engine parameters. Period 0 of the run is one more
year under the reference institutions (so every preset's year 0 is identical); the
regime's own institutions act from year 1 (:func:`open_institutions`).

Institutions that need a stock start small at a documented size, the same in every preset
that has them: the commons pool starts at one year of the civic hours (times skill) that
volunteers gave in year 0; the platform slot comes alive with no capital and earns what
its rates give it from year 1; commons-oriented entities are founded by their own rule
from year 1. The fiscal rule's tax adjustment reached by the spin-up is carried over, so
the rates in force in year 1 are the regime's statutory rates plus that adjustment.

The spun-up economy is cached on disk (key: a hash of the reference parameters, the
households, the seed, the spin-up years and the engine's source code) so runs stay fast;
a run from the cache is identical to one that computes the spin-up (tested). A spin-up
that does not settle (a trend over its last years beyond :data:`SETTLE_BOUNDS` by more
than three standard errors) is bad
input: :class:`~commonsim.errors.ConfigError` naming ``engine.spinup_years``, before
anything is stored.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import pickle
from functools import lru_cache
from pathlib import Path

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.economy.engine import build_economy, step_period
from commonsim.economy.state import PLATFORM, initial_firms
from commonsim.errors import ConfigError
from commonsim.mechanisms.mixed_start import open_mixed_sectors
from commonsim.metrics import METRICS, Books
from commonsim.params import Parameters, flat_values, key_kind
from commonsim.regimes import apply_values, load_regime
from commonsim.version import __version__

#: The reference institutions of the spin-up: model 1b's preset (fiscal rule on).
REFERENCE = "proprietary-weak-labour"
#: Where spun-up economies are kept (environment override).
CACHE_ENV = "COMMONSIM_SPINUP_CACHE"
#: Set to "0" to compute every spin-up afresh and store nothing.
CACHE_SWITCH_ENV = "COMMONSIM_SPINUP_CACHE_ON"
#: The largest rise (either way) of the least-squares line over the spin-up's last
#: :data:`SETTLE_YEARS` years: the stationarity check's bound on state debt/GDP
#: (validation/stationarity.py). Debt is what drifted before the fiscal rule and the
#: payout of firms' free cash; unemployment is not checked here because the economy has
#: a long cycle (unemployment from about 0 to 15% and back over 50-100 years) that a
#: 50-year window cannot tell from drift: `commonsim validate` checks it over 150 years.
SETTLE_BOUNDS = {"state_debt_to_gdp": 0.6}
SETTLE_YEARS = 50
#: Shorter spin-ups (tests, quick looks) are not checked: too few years to see a trend.
MIN_SETTLE_YEARS = 10


def reference_params(params: Parameters) -> Parameters:
    """The reference preset's institutions with `params`' every other key."""
    shared = {key: value for key, value in flat_values(params).items()
              if key_kind(key) != "institutional" and key != "engine.spinup_years"}
    return apply_values(load_regime(REFERENCE).params, shared, "spin-up reference")


@lru_cache(maxsize=1)
def source_hash() -> str:
    """Hash of the engine's source and presets: a cached spin-up is stale when code moves."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    files = [root / "params.py", root / "metrics.py", root / "spinup.py"]
    for folder in ("economy", "mechanisms", "regimes"):
        files += sorted((root / folder).glob("*.py")) + sorted((root / folder).glob("*.toml"))
    for path in files:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def spinup_key(reference: Parameters, households: int, seed: int, years: int) -> str:
    """The cache key of one spin-up."""
    text = json.dumps({"params": flat_values(reference), "households": households,
                       "seed": seed, "years": years, "code": source_hash()},
                      sort_keys=True, default=str)
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def cache_dir() -> Path:
    """The folder of cached spin-ups."""
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "commonsim" / "spinup"


def trend_and_error(values: list[float]) -> tuple[float, float]:
    """Rise of the least-squares line through `values` over their span, and its std. error.

    Equations:
        y_k = a + b k + e_k,  k = 0..n-1 (OLS);  rise = b (n - 1)
        se(rise) = (n - 1) * sqrt(sum e_k^2 / (n - 2) / sum (k - mean k)^2)
    """
    y = np.asarray(values, dtype=float)
    if y.size < 3 or not np.isfinite(y).all():
        return float("nan"), 0.0
    x = np.arange(y.size, dtype=float)
    slope, intercept = np.polyfit(x, y, 1)
    residual = y - (intercept + slope * x)
    spread = float(np.sum((x - x.mean()) ** 2))
    se = float(np.sqrt(np.sum(residual**2) / (y.size - 2) / spread))
    return float(slope * (y.size - 1)), se * (y.size - 1)


def check_settled(series: dict[str, list[float]], years: int) -> None:
    """Refuse a spin-up whose last years still trend beyond :data:`SETTLE_BOUNDS`.

    A trend fails when it exceeds its bound by more than three standard errors, so that
    sampling noise of small economies is not taken for drift.

    Raises:
        ConfigError: naming ``engine.spinup_years``, the series and its trend.
    """
    for name, bound in SETTLE_BOUNDS.items():
        rise, error = trend_and_error(series[name])
        if not abs(rise) - 3.0 * error <= bound:
            raise ConfigError(
                f"engine.spinup_years = {years}: the spin-up under {REFERENCE}'s"
                f" institutions does not settle: {name} moves {rise:+.3f} (std. error"
                f" {error:.3f}) over its last {len(series[name])} years (allowed: at most"
                f" {bound} either way); allowed: more years, or behavioural parameters with"
                " which it settles")


def spin_up(params: Parameters, households: int, seed: int) -> Economy:
    """The economy after ``engine.spinup_years`` years under the reference institutions.

    Raises:
        ConfigError: the spin-up did not settle (named key, series and trend).
    """
    years = params.engine.spinup_years
    reference = reference_params(params)
    economy = build_economy(reference, households, seed)
    window = min(SETTLE_YEARS, years)
    series: dict[str, list[float]] = {name: [] for name in SETTLE_BOUNDS}
    for t in range(years):
        step_period(economy)
        if t >= years - window:
            books = Books(economy)
            for name in SETTLE_BOUNDS:
                series[name].append(METRICS[name].function(books))
    if window >= MIN_SETTLE_YEARS:
        check_settled(series, years)
    economy.t = 0
    return economy


def opening_economy(params: Parameters, households: int, seed: int) -> Economy:
    """Year 0's opening: built directly (no spin-up) or spun up, from the cache if there."""
    years = params.engine.spinup_years
    if years <= 0:
        return build_economy(params, households, seed)
    if os.environ.get(CACHE_SWITCH_ENV) == "0":
        return spin_up(params, households, seed)
    folder = cache_dir()
    key = spinup_key(reference_params(params), households, seed, years)
    path = folder / f"{key}.pickle"
    folder.mkdir(parents=True, exist_ok=True)
    # One process computes a spin-up; others asking for the same key wait, then load it.
    with open(folder / f"{key}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if path.exists():
            with open(path, "rb") as fh:
                return pickle.load(fh)
        economy = spin_up(params, households, seed)
        partial = path.with_suffix(f".{os.getpid()}.part")
        with open(partial, "wb") as fh:
            pickle.dump(economy, fh, protocol=pickle.HIGHEST_PROTOCOL)
        partial.replace(path)
    return economy


def open_institutions(e: Economy, params: Parameters) -> None:
    """From year 1 the regime's institutions act on the common opening.

    The platform slot lives where the regime has platforms; the knowledge owners are the
    regime's; a commons pool starts at one year of volunteers' civic hours (times skill);
    a mixed regime's starting sectors open now (mechanisms/mixed_start.py).
    """
    e.params = params
    f, hh, agg = e.state.firms, e.state.households, e.state.agg
    fresh = initial_firms(params)
    f.ip_owner[:] = fresh.ip_owner
    platform = fresh.form == PLATFORM
    f.alive[platform] = fresh.alive[platform]
    if params.commons.enabled and agg.commons <= 0:
        agg.commons = float((hh.hours_civic * hh.skill).sum())
    open_mixed_sectors(e)
