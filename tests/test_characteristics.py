"""The characteristic registry is the single source of truth for IDs; check its shape."""

import dataclasses

import pytest

from commonsim.characteristics import CHARACTERISTICS, DIMENSIONS, by_model, lookup

ESSAY_DIMENSIONS = [
    "value extraction",
    "class structure",
    "knowledge logics",
    "solidarity models",
    "balance of power",
    "dominant model versus alternatives",
    "forms of democracy",
]


def test_all_24_ids_in_essay_order():
    expected = (
        [f"M1.{i}" for i in range(1, 7)]
        + [f"M2.{i}" for i in range(1, 7)]
        + [f"M3.{i}" for i in range(1, 12)]
        + ["C.1"]
    )
    assert list(CHARACTERISTICS) == expected


def test_fields_are_consistent():
    slugs = [c.slug for c in CHARACTERISTICS.values()]
    assert len(set(slugs)) == len(slugs)
    for key, char in CHARACTERISTICS.items():
        assert char.id == key
        assert char.model == ("C" if key == "C.1" else key[1])
        for text in (char.title, char.rule, char.shows):
            assert text.strip()
        for text in (char.rule, char.shows):  # one sentence each
            assert text.endswith(".") and text.count(". ") == 0, key


def test_known_slugs():
    assert CHARACTERISTICS["M1.3"].slug == "ip-rent"
    assert CHARACTERISTICS["M3.6"].slug == "partner-state"
    assert CHARACTERISTICS["C.1"].slug == "case-patchwork"


def test_frozen():
    with pytest.raises(dataclasses.FrozenInstanceError):
        CHARACTERISTICS["M1.1"].title = "changed"  # type: ignore[misc]


def test_by_model_counts():
    assert [len(by_model(m)) for m in "123C"] == [6, 6, 11, 1]


def test_dimensions_are_the_essays_seven():
    assert list(DIMENSIONS) == ESSAY_DIMENSIONS


def test_every_model_characteristic_has_a_dimension():
    in_dimensions = {i for ids in DIMENSIONS.values() for i in ids}
    assert in_dimensions <= set(CHARACTERISTICS)
    model_ids = {k for k, c in CHARACTERISTICS.items() if c.model != "C"}
    assert model_ids <= in_dimensions
    for ids in DIMENSIONS.values():
        assert len(set(ids)) == len(ids)
        assert {CHARACTERISTICS[i].model for i in ids} == {"1", "2", "3"}


@pytest.mark.parametrize("key", ["M3.5", "m3.5", " for-benefit-solidarity "])
def test_lookup_by_id_or_slug(key):
    assert lookup(key) is CHARACTERISTICS["M3.5"]


def test_lookup_unknown():
    assert lookup("M9.9") is None
