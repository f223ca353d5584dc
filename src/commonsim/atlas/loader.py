"""Reading ``cases.toml`` and turning any problem into one clear error.

The house rule is that bad input is refused before any work starts, with a message naming the
file, the entry and the field, and saying what is allowed. Validation itself is in ``schema``;
this module reads the file, runs it, and words the errors.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from commonsim.atlas.schema import FIELD_HELP, Case

DEFAULT_FILE = "cases.toml"


class AtlasError(ValueError):
    """A case file that cannot be used, with every problem found spelled out."""


def load_cases(path: str | Path | None = None) -> list[Case]:
    """Load and check the case studies; the file shipped in the package by default.

    Raises:
        AtlasError: naming the file, the case (id or entry number) and the field for each bad
            entry, and what the field may hold.
    """
    if path is None:
        source = resources.files("commonsim.atlas").joinpath(DEFAULT_FILE)
        where, raw = str(source), source.read_bytes()
    else:
        where = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise AtlasError(f"{where}: cannot read the file ({exc.strerror})") from exc
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise AtlasError(f"{where}: not valid TOML: {exc}") from exc
    return _check(data, where)


@lru_cache(maxsize=1)
def default_cases() -> tuple[Case, ...]:
    """The shipped atlas, read once per process (the query functions and CLI use this)."""
    return tuple(load_cases())


def _check(data: Mapping[str, Any], where: str) -> list[Case]:
    extra = sorted(set(data) - {"case"})
    if extra:
        raise AtlasError(
            f"{where}: top-level key {extra[0]!r} is not allowed; the file holds [[case]] "
            "tables only"
        )
    entries = data.get("case")
    if not isinstance(entries, list) or not entries:
        raise AtlasError(f"{where}: no [[case]] tables found")

    cases: list[Case] = []
    problems: list[str] = []
    for number, entry in enumerate(entries, start=1):
        label = _label(entry, number)
        if not isinstance(entry, dict):
            problems.append(f"{where}: {label}: is not a table; write it as [[case]]")
            continue
        try:
            cases.append(Case.model_validate(entry))
        except ValidationError as exc:
            problems.extend(f"{where}: {label}: {line}" for line in _explain(exc))

    first_seen: dict[str, int] = {}
    for number, entry in enumerate(entries, start=1):
        cid = entry.get("id") if isinstance(entry, dict) else None
        if not isinstance(cid, str):
            continue
        if cid in first_seen:
            problems.append(
                f"{where}: case {cid!r} (entries {first_seen[cid]} and {number}): field 'id': "
                f"duplicate id. Allowed: {FIELD_HELP['id']}"
            )
        else:
            first_seen[cid] = number

    if problems:
        raise AtlasError("\n".join(problems))
    return cases


def _label(entry: object, number: int) -> str:
    cid = entry.get("id") if isinstance(entry, dict) else None
    return f"case {cid!r} (entry {number})" if isinstance(cid, str) else f"entry {number}"


def _explain(exc: ValidationError) -> list[str]:
    """One line per problem: field path, what is wrong, what is allowed."""
    errors = exc.errors()
    nested = {e["loc"][0] for e in errors if len(e["loc"]) > 1}
    lines = []
    for err in errors:
        loc: Sequence[str | int] = err["loc"]
        if err["type"] == "too_short" and len(loc) == 1 and loc[0] in nested:
            continue  # a bad item already explains why the list came out short
        field = _field_path(loc)
        if err["type"] == "extra_forbidden":
            lines.append(f"field {field!r}: unknown field; allowed fields: {_allowed(loc)}")
            continue
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] == "missing":
            message = "missing"
        help_key = next((p for p in reversed(loc) if isinstance(p, str)), "")
        lines.append(f"field {field!r}: {message}. Allowed: {FIELD_HELP.get(help_key, '?')}")
    return lines


def _field_path(loc: Sequence[str | int]) -> str:
    path = ""
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else (f".{part}" if path else part)
    return path


def _allowed(loc: Sequence[str | int]) -> str:
    in_source = len(loc) > 1 and loc[0] == "sources"
    fields = ("url", "title", "date") if in_source else tuple(Case.model_fields)
    return ", ".join(fields)
