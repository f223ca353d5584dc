"""Fuzzing the command line: random regime files and ``--set`` lists.

For every example the command exits with 0 or 2, never prints a traceback, and after an
exit 2 the store is byte for byte what it was. The default run is a few hundred small
examples; ``COMMONSIM_FUZZ=long`` selects a long run (see the README's testing notes).
"""

from __future__ import annotations

import hashlib
import os
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from commonsim.cli import app
from commonsim.params import all_keys
from commonsim.regimes import preset_names

_HEALTH = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
settings.register_profile("fuzz-default", max_examples=250, deadline=None,
                          suppress_health_check=_HEALTH)
settings.register_profile("fuzz-long", max_examples=5_000, deadline=None,
                          suppress_health_check=_HEALTH)
FUZZ = settings.get_profile("fuzz-long" if os.environ.get("COMMONSIM_FUZZ") == "long"
                            else "fuzz-default")

KEYS = all_keys()
VALID_NAMES = st.sampled_from(KEYS)
# Mostly real keys (so that values and combinations get tested), sometimes misspelt ones.
NAMES = st.one_of(VALID_NAMES, VALID_NAMES, VALID_NAMES, VALID_NAMES.map(lambda k: k[:-1]),
                  st.text(string.ascii_lowercase + "._", min_size=1, max_size=12))
VALUES = st.one_of(
    st.booleans(),
    st.integers(-3, 60),
    st.floats(-0.5, 2.0, allow_nan=False),
    st.sampled_from([0.0, 1.0, 1e-9, 1e300, float("inf"), float("nan"), 2**63, -(2**70)]),
    st.sampled_from(["to-order", "to-forecast", "none", "random-pair", "saving", "yard-sale",
                     "boltzmann", "", "é", "abc"]),
)


def _toml(value) -> str:
    """A value written as TOML (nan and inf included), or a broken literal now and then."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        if value != value:
            return "nan"
        if value in (float("inf"), float("-inf")):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, int):
        return str(value)
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@st.composite
def regime_files(draw) -> dict[str, bytes]:
    """A main regime file, maybe a base it extends, as raw bytes (valid TOML or not)."""
    def body(extends_choices):
        lines = []
        extends = draw(st.sampled_from(extends_choices))
        if extends is not None:
            lines.append(f"extends = {_toml(extends)}")
        if draw(st.booleans()):
            lines.append('[meta]\nname = "fuzz"')
        tables: dict[str, list[str]] = {}
        for key, value in draw(st.lists(st.tuples(NAMES, VALUES), max_size=6)):
            section, _, name = key.partition(".")
            tables.setdefault(section, []).append(f"{name or 'x'} = {_toml(value)}")
        for section, entries in tables.items():
            lines.append(f"[{section}]\n" + "\n".join(dict.fromkeys(entries)))
        for year, sets in draw(st.lists(st.tuples(st.integers(-1, 4),
                                                  st.lists(st.tuples(NAMES, VALUES),
                                                           min_size=0, max_size=3)),
                                        max_size=3)):
            pairs = ", ".join(f'"{k}" = {_toml(v)}' for k, v in dict(sets).items())
            lines.append(f"[[schedule]]\nyear = {year}\nset = {{{pairs}}}")
        text = "\n".join(lines) + "\n"
        damage = draw(st.sampled_from(["none", "none", "none", "cut", "bytes", "latin"]))
        data = text.encode()
        if damage == "cut":
            data = data[: draw(st.integers(0, len(data)))]
        elif damage == "bytes":
            data += draw(st.binary(min_size=1, max_size=8))
        elif damage == "latin":
            data = text.replace("fuzz", "r\xe9gime").encode("latin-1", "replace")
        return data

    presets = [None, *preset_names(), "nosuch", ""]
    base = body(presets)
    main = body([None, *presets, "base.toml", "main.toml", "missing.toml", "./base.toml"])
    return {"base.toml": base, "main.toml": main}


ASSIGNMENTS = st.tuples(NAMES, VALUES).map(lambda kv: f"{kv[0]}={_toml(kv[1])}")
SET_LISTS = st.lists(
    # Mostly key=value; now and then any text at all.
    st.one_of(ASSIGNMENTS, ASSIGNMENTS, ASSIGNMENTS, st.text(string.printable, max_size=15)),
    max_size=4,
)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    """A folder for the regime files and a store that already holds one run."""
    folder = tmp_path_factory.mktemp("fuzz")
    store = folder / "store.duckdb"
    first = CliRunner().invoke(app, ["run", "sim", "--households", "20", "--years", "2",
                                     "--store", str(store)])
    assert first.exit_code == 0, first.output
    return folder, store


@FUZZ
@given(files=regime_files(), sets=SET_LISTS, use_file=st.booleans(),
       preset=st.sampled_from(preset_names()))
def test_cli_fuzz_exits_cleanly_and_never_damages_the_store(workspace, files, sets, use_file,
                                                             preset):
    folder, store = workspace
    for name, data in files.items():
        (folder / name).write_bytes(data)
    regime = str(folder / "main.toml") if use_file else preset
    args = ["run", regime, "--households", "20", "--years", "2", "--store", str(store)]
    for assignment in sets:
        args += ["--set", assignment]
    before = _digest(store)
    res = CliRunner().invoke(app, args)
    detail = f"args={args}\nfiles={files}\noutput={res.output}\nexception={res.exception!r}"
    assert res.exit_code in (0, 2), detail
    assert "Traceback" not in res.output, detail
    if res.exit_code == 2:
        assert _digest(store) == before, detail
        lines = res.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("commonsim: error: "), detail
