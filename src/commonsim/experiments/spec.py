"""The experiment file: what to vary, how to sample it, what to run and what to keep.

An experiment is declared, not programmed (as EMA Workbench declares uncertainties and
outcomes). The TOML file is read into :class:`ExperimentSpec`; any mistake is reported as
one line naming the file and key, before anything runs or is stored::

    name = "smoke"
    regimes = ["proprietary-balanced", "netarchical"]
    households = 200
    years = 12
    replicates = 2

    [design]
    kind = "latin"          # factorial | latin | sobol | morris | switches
    samples = 4

    [parameters."households.propensity_income"]
    low = 0.7
    high = 0.9

    [outputs]
    metrics = ["wealth_gini"]
    claims = true
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from commonsim.errors import ConfigError
from commonsim.mechanisms.mixed_start import check_entity_slots
from commonsim.params import all_keys, field_info, key_kind, plausible_range
from commonsim.regimes import load_regime

DESIGNS = ("factorial", "latin", "sobol", "morris", "switches")
DISTRIBUTIONS = ("uniform", "triangular", "normal", "lognormal")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ParameterRange(_Strict):
    """One varied parameter: a range with a distribution, or a list of levels."""

    low: float | None = None
    high: float | None = None
    levels: list[Any] | None = None
    distribution: Literal["uniform", "triangular", "normal", "lognormal"] = "uniform"
    #: Mode (triangular) or mean (normal, lognormal of the log); sd for normal/lognormal.
    centre: float | None = None
    sd: float | None = Field(default=None, gt=0)

    @model_validator(mode="after")
    def _one_form(self) -> ParameterRange:
        if self.levels is not None:
            if not self.levels:
                raise ValueError("levels must list at least one value")
            return self
        if self.distribution in ("normal", "lognormal"):
            if self.centre is None or self.sd is None:
                raise ValueError(f"a {self.distribution} distribution needs centre and sd")
            return self
        if self.low is None or self.high is None:
            raise ValueError("give low and high, or levels")
        if not self.low < self.high:
            raise ValueError(f"low ({self.low}) must be below high ({self.high})")
        if self.distribution == "triangular" and (
            self.centre is None or not self.low <= self.centre <= self.high
        ):
            raise ValueError("a triangular distribution needs centre between low and high")
        return self


class Design(_Strict):
    """How the parameter space is sampled (SALib samplers), or which institutions switch."""

    kind: Literal["factorial", "latin", "sobol", "morris", "switches"]
    #: latin: points; sobol: base sample N (a power of 2); morris: trajectories.
    samples: int = Field(default=8, ge=1, le=1_000_000)
    #: morris: grid levels.
    levels: int = Field(default=4, ge=2, le=100)
    #: sobol: also sample for second-order indices.
    second_order: bool = False
    #: Seed of the sampler: the same file gives the same design.
    seed: int = Field(default=0, ge=0, le=2**32 - 1)
    #: switches: the neighbouring regime every institution starts from, and the regime
    #: whose institutions are switched on one group at a time.
    base: str | None = Field(default=None, alias="from")
    target: str | None = Field(default=None, alias="to")
    #: switches: institution groups (name -> dotted keys); default: one group per section.
    groups: dict[str, list[str]] | None = None

    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    @model_validator(mode="after")
    def _switches(self) -> Design:
        if self.kind == "switches" and (self.base is None or self.target is None):
            raise ValueError("a switches design needs from and to (regime names)")
        if self.kind == "sobol" and self.samples & (self.samples - 1):
            raise ValueError(f"samples = {self.samples}: a sobol design needs a power of 2")
        return self


class Outputs(_Strict):
    """What is kept for analysis: metrics (final-window means) and the claim parts."""

    metrics: list[str] = Field(default_factory=list)
    claims: bool = True


class ExperimentSpec(_Strict):
    """A whole experiment file, validated."""

    name: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
    description: str = ""
    regimes: list[str] = Field(default_factory=lambda: ["essay"])
    households: int = Field(default=2_000, ge=1, le=10_000_000)
    years: int = Field(default=50, ge=1, le=1_000)
    replicates: int = Field(default=3, ge=1, le=10_000)
    #: Seed of the first replicate; replicates use seeds first_seed .. first_seed + n - 1.
    first_seed: int = Field(default=0, ge=0, le=2**62)
    design: Design
    #: Vary every parameter of this kind over its documented plausible range (params.py).
    plausible: Literal["behavioural"] | None = None
    parameters: dict[str, ParameterRange] = Field(default_factory=dict)
    outputs: Outputs = Field(default_factory=Outputs)

    @property
    def seeds(self) -> list[int]:
        """The replicate seeds (common random numbers: the same for every point)."""
        return list(range(self.first_seed, self.first_seed + self.replicates))

    def digest(self) -> str:
        """Short hash of everything that decides which runs the experiment asks for."""
        text = json.dumps(self.model_dump(mode="json", by_alias=True), sort_keys=True)
        return hashlib.sha256(text.encode()).hexdigest()[:10]

    @property
    def batch_id(self) -> str:
        """The batch this spec writes to: the same spec always names the same batch."""
        return f"{self.name}-{self.digest()}"


#: The four regimes of the essay, in order; `regimes = ["essay"]` means all of them.
ESSAY = ("proprietary-balanced", "proprietary-weak-labour", "netarchical",
         "commons-partner-state")


def regime_names(spec: ExperimentSpec) -> list[str]:
    """The spec's regimes with "essay" expanded to the four regimes of the essay."""
    out: list[str] = []
    for name in spec.regimes:
        for n in (ESSAY if name == "essay" else (name,)):
            if n not in out:
                out.append(n)
    return out


def varied(spec: ExperimentSpec) -> dict[str, ParameterRange]:
    """Every varied parameter: the declared ones plus, if asked, the plausible ranges."""
    out: dict[str, ParameterRange] = {}
    if spec.plausible is not None:
        for key in all_keys():
            span = plausible_range(key)
            if key_kind(key) == spec.plausible and span is not None:
                out[key] = ParameterRange(low=span[0], high=span[1])
    out.update(spec.parameters)
    return out


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(f'"{p}"' if isinstance(p, str) and "." in p else str(p) for p in loc)


def _check_semantics(spec: ExperimentSpec, origin: str) -> None:
    """Checks the schema cannot express: keys exist, regimes load, design fits."""
    for key in spec.parameters:
        try:
            field_info(key)
        except KeyError:
            raise ConfigError(f"{origin}: parameters.{key}: unknown parameter key; see"
                              " `commonsim regimes` and params.py for the allowed keys") from None
    names = regime_names(spec)
    if spec.design.kind == "switches":
        names += [spec.design.base or "", spec.design.target or ""]
    for name in names:
        try:
            load_regime(name)
        except ConfigError as exc:
            raise ConfigError(f"{origin}: regimes: {exc}") from None
    ranges = varied(spec)
    kind = spec.design.kind
    if kind == "switches":
        if ranges:
            raise ConfigError(f"{origin}: parameters: a switches design varies institutions,"
                              " not parameters; remove [parameters] and plausible")
        return
    if not ranges:
        raise ConfigError(f"{origin}: parameters: declare at least one parameter to vary"
                          " (or plausible = \"behavioural\")")
    for key, r in ranges.items():
        if kind == "factorial" and r.levels is None:
            raise ConfigError(f"{origin}: parameters.{key}: a factorial design needs levels")
        if kind != "factorial" and r.levels is not None:
            raise ConfigError(f"{origin}: parameters.{key}: levels are for factorial designs;"
                              f" a {kind} design needs low and high")
    for key, r in ranges.items():
        for value in r.levels or [v for v in (r.low, r.high, r.centre) if v is not None]:
            try:
                check_entity_slots(load_regime(names[0], {key: value}).params,
                                   spec.households)
            except ConfigError as exc:
                why = str(exc).removeprefix("overrides: ")
                raise ConfigError(f"{origin}: parameters.{key}: {why}") from None


def parse_spec(data: dict[str, Any], origin: str) -> ExperimentSpec:
    """Validate a parsed experiment table; raises ConfigError with one line naming the key."""
    try:
        spec = ExperimentSpec.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = _where(err["loc"]) or "(top level)"
        msg = err["msg"].removeprefix("Value error, ")
        got = repr(err.get("input"))
        got = got if len(got) <= 60 else got[:57] + "..."
        raise ConfigError(f"{origin}: {where}: {msg} (got {got})") from None
    _check_semantics(spec, origin)
    return spec


def load_spec(path: str | Path) -> ExperimentSpec:
    """Read and validate an experiment file (see the module docstring for its layout)."""
    path = Path(path)
    if not path.is_file():
        raise ConfigError(f"{path}: no such experiment file")
    try:
        data = tomllib.loads(path.read_text())
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: malformed TOML: {exc}") from None
    return parse_spec(data, str(path))
