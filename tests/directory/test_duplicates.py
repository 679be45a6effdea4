"""Before a second record of one organisation is made, the join flow finds the first: by KvK
number anywhere, or by a similar name in the same municipality."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impactplein.directory.duplicates import (
    Candidate,
    name_similarity,
    normalise_name,
    possible_duplicates,
)

DORDRECHT, ZWIJNDRECHT = "GM0505", "GM0642"


@pytest.mark.parametrize(
    ("written", "normalised"),
    [
        ("Bakkerij De Korenaar B.V.", "bakkerij korenaar"),
        ("bakkerij korenaar", "bakkerij korenaar"),
        ("Stichting Buurtkracht Wielwijk", "buurtkracht wielwijk"),
        ("Kringloop Sámen V.O.F.", "kringloop samen"),
        ("Café 't Zuid", "cafe zuid"),
        ("COÖPERATIE Energie Dordt U.A.", "energie dordt"),
        ("  ", ""),
    ],
)
def test_names_are_compared_without_case_accents_legal_forms_and_filler_words(written, normalised):
    assert normalise_name(written) == normalised


def test_similar_names_score_high_and_different_ones_low():
    assert name_similarity("Bakkerij De Korenaar B.V.", "bakkerij korenaar") == 1.0
    assert name_similarity("Bakkerij Korenaar", "Bakkerij Korenar") > 0.9  # a typo
    assert name_similarity("Fietsherstel Op Weg", "Fietsherstel Samen") < 0.85
    assert name_similarity("Stichting", "B.V.") == 0.0  # nothing left to compare


def candidates() -> list[Candidate]:
    return [
        Candidate("1", "Bakkerij De Korenaar B.V.", DORDRECHT, "12345678"),
        Candidate("2", "Bakkerij Korenaar", ZWIJNDRECHT, None),
        Candidate("3", "Fietsherstel Op Weg", DORDRECHT, "87654321"),
        Candidate("4", "Bakkerij Korenaer", DORDRECHT, None),
    ]


def test_same_kvk_number_is_found_in_any_municipality_and_comes_first():
    found = possible_duplicates(
        name="Heel Andere Naam", municipality=ZWIJNDRECHT, kvk_number="87654321",
        candidates=candidates(),
    )  # fmt: skip
    assert [(d.candidate.key, d.reason) for d in found] == [("3", "kvk_number")]


def test_similar_names_are_found_only_in_the_same_municipality_best_first():
    found = possible_duplicates(
        name="bakkerij korenaar", municipality=DORDRECHT, kvk_number=None, candidates=candidates()
    )
    assert [(d.candidate.key, d.reason) for d in found] == [
        ("1", "similar_name"),
        ("4", "similar_name"),
    ]
    assert found[0].similarity == 1.0
    assert found[0].similarity > found[1].similarity


def test_nothing_alike_finds_nothing():
    found = possible_duplicates(
        name="Drukkerij Het Anker", municipality=DORDRECHT, kvk_number="11112222",
        candidates=candidates(),
    )  # fmt: skip
    assert found == []


@given(st.text(max_size=200), st.text(max_size=200))
def test_similarity_is_bounded_and_normalising_is_stable_for_any_text(first, second):
    forward = name_similarity(first, second)
    assert 0.0 <= forward <= 1.0
    assert normalise_name(first) == normalise_name(normalise_name(first))
    if normalise_name(first) == normalise_name(second) and normalise_name(first):
        assert forward == 1.0
