"""The shipped atlas data and the loader's refusal of bad entries."""

from pathlib import Path

import pytest

from commonsim.atlas import (
    ATLAS_IDS,
    AtlasError,
    Case,
    cases_for,
    coverage,
    default_cases,
    gaps,
    load_cases,
)
from commonsim.atlas.query import status
from commonsim.characteristics import CHARACTERISTICS

# --- the shipped data ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def cases() -> list[Case]:
    return load_cases()


def test_at_least_60_cases(cases):
    assert len(cases) >= 60


def test_no_duplicate_ids(cases):
    ids = [c.id for c in cases]
    assert len(set(ids)) == len(ids)


def test_every_referenced_id_exists(cases):
    for case in cases:
        for char_id in case.characteristics:
            assert char_id in CHARACTERISTICS, (case.id, char_id)


def test_every_case_has_a_checkable_source(cases):
    for case in cases:
        assert case.sources, case.id
        for source in case.sources:
            assert source.url.startswith(("http://", "https://")), case.id
            assert source.title and source.date


def test_models_one_and_two_have_at_least_two_cases_each(cases):
    counts = coverage(cases)
    thin = {k: n for k, n in counts.items() if k[1] in "12" and n < 2}
    assert not thin


def test_model_three_is_covered_or_shown_as_gap(cases):
    counts, missing = coverage(cases), gaps(cases)
    for char_id in (k for k in ATLAS_IDS if k.startswith("M3")):
        assert counts[char_id] > 0 or char_id in missing


def test_coverage_counts_every_tag_once(cases):
    counts = coverage(cases)
    assert list(counts) == list(ATLAS_IDS)
    assert sum(counts.values()) == sum(len(c.characteristics) for c in cases)
    for char_id, n in counts.items():
        assert len(cases_for(char_id, cases)) == n


def test_models_match_characteristics(cases):
    for case in cases:
        assert set(case.models) == {CHARACTERISTICS[k].model for k in case.characteristics}


def test_confidence_mix_is_honest(cases):
    # The notes flagged some cases as unconfirmed; the atlas must not present all as checked.
    assert {c.confidence for c in cases} == {"primary", "secondary", "unverified"}


def test_default_cases_is_the_shipped_file(cases):
    assert [c.id for c in default_cases()] == [c.id for c in cases]


def test_query_functions_default_to_shipped_data(cases):
    assert coverage() == coverage(cases)
    assert gaps() == gaps(cases)
    assert [c.id for c in cases_for("M1.2")] == [c.id for c in cases_for("M1.2", cases)]


def test_cases_for_unknown_id():
    with pytest.raises(AtlasError, match="M9.9.*allowed: M1.1"):
        cases_for("M9.9")


def test_cases_for_c1_is_not_a_case_characteristic():
    with pytest.raises(AtlasError):
        cases_for("C.1")


def test_gaps_and_status_on_a_small_set(cases):
    one = [c for c in cases if c.id == "taylor-bethlehem-steel"]
    missing = gaps(one)
    assert "M1.2" not in missing and "M3.11" in missing
    states = status(one)
    assert states["M1.2"] == "thin" and states["M3.11"] == "gap"
    assert status(cases)["M2.2"] == "covered"


def test_years_parse(cases):
    by_id = {c.id: c for c in cases}
    assert (
        by_id["taylor-bethlehem-steel"].start_year,
        by_id["taylor-bethlehem-steel"].end_year,
    ) == (
        1898,
        1901,
    )
    assert by_id["mondragon"].end_year is None
    assert by_id["reddit-google-data"].end_year == 2024


# --- bad entries -----------------------------------------------------------------------------

GOOD = """
[[case]]
id = "good-case"
name = "A good case"
country = "US"
years = "2001-2003"
characteristics = ["M1.3"]
models = ["1"]
summary = "Something that happened."
facts = ["It cost $5."]
confidence = "secondary"

[[case.sources]]
url = "https://example.org/report"
title = "A report"
date = "2003-05"
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "cases.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, text: str) -> str:
    with pytest.raises(AtlasError) as info:
        load_cases(write(tmp_path, text))
    return str(info.value)


def test_good_file_loads(tmp_path):
    (case,) = load_cases(write(tmp_path, GOOD))
    assert case.id == "good-case" and case.sources[0].date == "2003-05"


def test_unknown_characteristic(tmp_path):
    msg = error_for(tmp_path, GOOD.replace('["M1.3"]', '["M1.3", "M4.2"]'))
    assert "cases.toml" in msg and "case 'good-case' (entry 1)" in msg
    assert "field 'characteristics'" in msg and "'M4.2'" in msg and "M3.11" in msg


def test_c1_is_not_allowed_on_a_case(tmp_path):
    msg = error_for(tmp_path, GOOD.replace('["M1.3"]', '["C.1"]').replace('["1"]', '["C"]'))
    assert "field 'characteristics'" in msg and "'C.1'" in msg


def test_missing_sources(tmp_path):
    msg = error_for(tmp_path, GOOD.split("[[case.sources]]")[0])
    assert "case 'good-case'" in msg and "field 'sources': missing" in msg
    assert "url, title and date" in msg


def test_empty_sources(tmp_path):
    text = GOOD.split("[[case.sources]]")[0].replace(
        'years = "2001-2003"', 'years = "2001-2003"\nsources = []'
    )
    msg = error_for(tmp_path, text)
    assert "field 'sources'" in msg and "at least one" in msg


def test_bad_confidence(tmp_path):
    msg = error_for(tmp_path, GOOD.replace('"secondary"', '"probably"'))
    assert "case 'good-case'" in msg and "field 'confidence'" in msg
    assert "'primary'" in msg and "'unverified'" in msg


def test_duplicate_id(tmp_path):
    msg = error_for(tmp_path, GOOD + GOOD)
    assert "case 'good-case' (entries 1 and 2)" in msg and "field 'id'" in msg
    assert "duplicate" in msg


@pytest.mark.parametrize(
    "url", ["example.org/report", "ftp://example.org/x", "https://", "not a url"]
)
def test_bad_url(tmp_path, url):
    msg = error_for(tmp_path, GOOD.replace("https://example.org/report", url))
    assert "case 'good-case'" in msg and "field 'sources[0].url'" in msg and "http(s)" in msg


@pytest.mark.parametrize("years", ["2001-03", "01-2003", "2001–2003", "circa 2001", "2003-2001"])
def test_malformed_years(tmp_path, years):
    msg = error_for(tmp_path, GOOD.replace('"2001-2003"', f'"{years}"'))
    assert "case 'good-case'" in msg and "field 'years'" in msg and "YYYY-YYYY" in msg


@pytest.mark.parametrize("date", ["May 2003", "2003-13", "2003/05/01", ""])
def test_bad_source_date(tmp_path, date):
    msg = error_for(tmp_path, GOOD.replace('"2003-05"', f'"{date}"'))
    assert "field 'sources[0].date'" in msg and "YYYY-MM-DD" in msg


def test_models_must_match_characteristics(tmp_path):
    msg = error_for(tmp_path, GOOD.replace('models = ["1"]', 'models = ["1", "3"]'))
    assert "case 'good-case'" in msg and "field 'models'" in msg


def test_bad_model_value(tmp_path):
    msg = error_for(tmp_path, GOOD.replace('models = ["1"]', 'models = ["4"]'))
    assert "field 'models[0]'" in msg


def test_facts_need_a_number(tmp_path):
    msg = error_for(tmp_path, GOOD.replace("It cost $5.", "It was expensive."))
    assert "field 'facts'" in msg and "number" in msg


def test_bad_slug(tmp_path):
    msg = error_for(tmp_path, GOOD.replace('id = "good-case"', 'id = "Good Case"'))
    assert "case 'Good Case' (entry 1)" in msg and "field 'id'" in msg and "slug" in msg


def test_missing_field_without_id_names_entry(tmp_path):
    msg = error_for(tmp_path, GOOD + GOOD.replace('id = "good-case"\n', ""))
    assert "entry 2: field 'id': missing" in msg


def test_unknown_field(tmp_path):
    msg = error_for(tmp_path, GOOD.replace('country = "US"', 'country = "US"\ncolour = "red"'))
    assert "field 'colour': unknown field" in msg and "characteristics" in msg


def test_empty_text(tmp_path):
    msg = error_for(
        tmp_path, GOOD.replace('summary = "Something that happened."', 'summary = "  "')
    )
    assert "field 'summary'" in msg and "empty" in msg


def test_every_problem_is_reported(tmp_path):
    bad = GOOD.replace('"secondary"', '"maybe"').replace('"2001-2003"', '"soon"')
    msg = error_for(tmp_path, bad)
    assert "field 'confidence'" in msg and "field 'years'" in msg


def test_invalid_toml(tmp_path):
    msg = error_for(tmp_path, GOOD + "\nthis is = = not toml\n")
    assert "cases.toml" in msg and "not valid TOML" in msg


def test_missing_file(tmp_path):
    with pytest.raises(AtlasError, match="cannot read"):
        load_cases(tmp_path / "nowhere.toml")


def test_no_cases(tmp_path):
    assert "no [[case]] tables" in error_for(tmp_path, "# empty\n")


def test_unknown_top_level_key(tmp_path):
    assert "top-level key 'title'" in error_for(tmp_path, 'title = "x"\n' + GOOD)
