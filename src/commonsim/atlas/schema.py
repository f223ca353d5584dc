"""What a case study in the atlas must contain, checked field by field.

A case is one real example that illustrates one or more characteristics of the essay's models.
The rules live here so that a bad entry in ``cases.toml`` is refused with a message that names
the field and what it may hold, before anything downstream reads the data.
"""

from __future__ import annotations

import re
from typing import Literal
from urllib.parse import urlparse

from pydantic import BaseModel, ConfigDict, Field, ValidationInfo, field_validator

from commonsim.characteristics import CHARACTERISTICS

ATLAS_IDS: tuple[str, ...] = tuple(k for k, c in CHARACTERISTICS.items() if c.model != "C")
"""The IDs a case can illustrate: all characteristics of models 1-3 (C.1 is the atlas itself)."""

Confidence = Literal["primary", "secondary", "unverified"]

_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_YEARS = re.compile(r"^(\d{4})(?:-(\d{4})?)?$")
_DATE = re.compile(r"^\d{4}(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")
_DIGIT = re.compile(r"\d")

FIELD_HELP: dict[str, str] = {
    "id": "a unique lowercase slug such as 'mondragon' or 'uber-uk-workers'",
    "name": "a non-empty name",
    "country": "a non-empty country or region, e.g. 'US', 'IT, NL, ES' or 'Global'",
    "years": "'YYYY', 'YYYY-YYYY' or 'YYYY-' (still running), start not after end",
    "characteristics": "a non-empty list of IDs from " + ", ".join(ATLAS_IDS),
    "models": "a non-empty list of '1', '2', '3': exactly the models of the case's characteristics",
    "summary": "a non-empty summary in the project's own words",
    "facts": "a non-empty list of key facts, at least one with a number",
    "sources": "at least one [[case.sources]] table with url, title and date",
    "url": "an http(s) address with a host, e.g. 'https://example.org/page'",
    "title": "a non-empty title",
    "date": "'YYYY', 'YYYY-MM' or 'YYYY-MM-DD'",
    "confidence": "'primary' (primary source checked), 'secondary' (checked in a secondary "
    "source) or 'unverified' (not checked)",
    "note": "an optional remark, e.g. what was corrected from the research notes",
}
"""What each field may hold, in words; the loader appends this to every error about the field."""


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty")
    return value.strip()


class Source(BaseModel):
    """Where a fact comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    title: str
    date: str

    @field_validator("url")
    @classmethod
    def check_url(cls, value: str) -> str:
        """An http(s) address with a host name."""
        parts = urlparse(value.strip())
        if parts.scheme not in ("http", "https") or "." not in parts.netloc:
            raise ValueError(f"{value!r} is not a web address")
        return value.strip()

    check_title = field_validator("title")(_not_blank)

    @field_validator("date")
    @classmethod
    def check_date(cls, value: str) -> str:
        """A date written YYYY-MM-DD."""
        if not _DATE.match(value):
            raise ValueError(f"{value!r} is not a date")
        return value


class Case(BaseModel):
    """One case study: a real institution or event that illustrates some characteristics."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    name: str
    country: str
    years: str
    characteristics: tuple[str, ...] = Field(min_length=1)
    models: tuple[Literal["1", "2", "3"], ...] = Field(min_length=1)
    summary: str
    facts: tuple[str, ...] = Field(min_length=1)
    sources: tuple[Source, ...] = Field(min_length=1)
    confidence: Confidence
    note: str = ""

    check_text = field_validator("name", "country", "summary")(_not_blank)

    @field_validator("id")
    @classmethod
    def check_id(cls, value: str) -> str:
        """A lowercase slug."""
        if not _SLUG.match(value):
            raise ValueError(f"{value!r} is not a lowercase slug")
        return value

    @field_validator("years")
    @classmethod
    def check_years(cls, value: str) -> str:
        """A year or a range of years, the start not after the end."""
        match = _YEARS.match(value)
        if not match:
            raise ValueError(f"{value!r} is malformed")
        start, end = match.group(1), match.group(2)
        if end is not None and int(end) < int(start):
            raise ValueError(f"{value!r} ends before it starts")
        return value

    @field_validator("characteristics")
    @classmethod
    def check_characteristics(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """Only characteristic IDs the atlas knows."""
        unknown = [v for v in value if v not in ATLAS_IDS]
        if unknown:
            raise ValueError(f"unknown ID {', '.join(map(repr, unknown))}")
        if len(set(value)) != len(value):
            raise ValueError("lists an ID twice")
        return value

    @field_validator("models")
    @classmethod
    def check_models(cls, value: tuple[str, ...], info: ValidationInfo) -> tuple[str, ...]:
        """Models that agree with the case's characteristics."""
        chars = info.data.get("characteristics")
        if chars is None:  # already reported as a bad characteristics field
            return value
        expected = sorted({CHARACTERISTICS[c].model for c in chars})
        if sorted(set(value)) != expected or len(set(value)) != len(value):
            raise ValueError(f"{list(value)} does not match the characteristics {expected}")
        return value

    @field_validator("facts")
    @classmethod
    def check_facts(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        """No empty fact."""
        if any(not f.strip() for f in value):
            raise ValueError("has an empty fact")
        if not any(_DIGIT.search(f) for f in value):
            raise ValueError("has no fact with a number")
        return value

    @property
    def start_year(self) -> int:
        """First year of the case."""
        return int(self.years[:4])

    @property
    def end_year(self) -> int | None:
        """Last year of the case (the start year for a one-year case), None while running."""
        if len(self.years) == 4:
            return self.start_year
        end = self.years[5:]
        return int(end) if end else None
