"""Country names for the atlas's country codes, so a reader can filter by "Spain" as well as "ES".

The atlas writes countries as ISO 3166-1 alpha-2 codes plus a few regional labels ("UK" as
the British write it, "EU", "Global"). A small table covers every code the atlas uses; a test
checks that no case names a code missing here. A full ISO database (pycountry) would add a
dependency for some twenty names and still not know "UK" or "EU".
"""

from __future__ import annotations

#: Code -> English name(s); the first name is the one shown.
NAMES: dict[str, tuple[str, ...]] = {
    "AU": ("Australia",),
    "BE": ("Belgium",),
    "BR": ("Brazil",),
    "CA": ("Canada",),
    "CN": ("China",),
    "DE": ("Germany",),
    "EC": ("Ecuador",),
    "ES": ("Spain",),
    "EU": ("European Union", "Europe"),
    "FI": ("Finland",),
    "FR": ("France",),
    "GB": ("United Kingdom", "Britain", "Great Britain"),
    "IE": ("Ireland",),
    "IT": ("Italy",),
    "KE": ("Kenya",),
    "KR": ("South Korea", "Korea"),
    "NL": ("Netherlands", "Holland"),
    "NZ": ("New Zealand",),
    "SE": ("Sweden",),
    "TW": ("Taiwan",),
    "UK": ("United Kingdom", "Britain", "Great Britain"),
    "US": ("United States", "USA", "America"),
    "VE": ("Venezuela",),
    "Global": ("Global", "worldwide"),
}


def codes(country: str) -> list[str]:
    """The codes of an atlas ``country`` field such as ``"IT, NL, ES"``."""
    return [part.strip() for part in country.split(",") if part.strip()]


def names(country: str) -> list[str]:
    """Every name a reader may search for in an atlas ``country`` field (codes included)."""
    out: list[str] = []
    for code in codes(country):
        out += [code, *NAMES.get(code, ())]
    return out


def unknown_codes(country: str) -> list[str]:
    """Codes of a ``country`` field that have no name in :data:`NAMES`."""
    return [code for code in codes(country) if code not in NAMES]
