"""Search finds Dutch words in their other forms and ranks alike on SQLite and PostgreSQL.

Every test here runs on whichever database the suite runs on (CI runs both), with the same
expected answers: that is what "the same results on both engines" means.
"""

from django.db import connection

import pytest

from impactplein.core.search import index_documents, search
from impactplein.core.search.stemming import STOP_WORDS, stem, words

from .test_search_corpus import ORGANISATIONS, ids, organisation_documents

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    index_documents(organisation_documents())


def test_duurzame_finds_duurzaamheid(corpus):
    assert "1" in ids(search("duurzame"))  # "Duurzaamheidscentrum": only "duurzaamheid" in body


def test_vrijwilligers_finds_vrijwilliger(corpus):
    assert "5" in ids(search("vrijwilligers"))  # "Buurthuis De Vrijwilliger"


def test_begeleiding_does_not_find_beleid(corpus):
    found = ids(search("begeleiding", per_page=50))
    assert "6" in found
    assert not {"7", "8", "29"} & set(found)  # documents about "beleid" only


def test_accents_do_not_matter(corpus):
    assert ids(search("cooperatie")) == ids(search("Coöperatie")) == ["40"]


def test_stop_words_do_not_empty_a_query(corpus):
    assert ids(search("de bakker")) == ["3"]
    assert search("de het een").total == 40


def test_all_words_must_match(corpus):
    assert ids(search("zorg thuis")) == ["12"]
    assert search("zorg zonnepanelen").total == 0


def test_last_word_matches_as_prefix(corpus):
    assert ids(search("zonnepan")) == ids(search("zonnepanelen"))
    assert search("zon").total == 2  # "Zon op Dordt", "zonnepanelen": a prefix from 3 letters
    assert search("wa").total == 0  # shorter is no prefix, and no word of the corpus


def test_a_prefix_finds_the_compound_words_it_begins_on_every_engine():
    from impactplein.core.search import Document

    index_documents(
        [
            Document("organisation", "1", "Zorgboerderij De Hoeve", body="dagbesteding"),
            Document("organisation", "2", "Bakkerij Korenaar", body="wij bakken voor de zorg"),
            Document("organisation", "3", "Fietsenmaker", body="een zorgzame werkplaats"),
            Document("organisation", "4", "Drukkerij", body="borg en zorro"),
        ]
    )
    assert sorted(ids(search("zorg"))) == ["1", "2", "3"]
    assert ids(search("zorgboer")) == ["1"]  # eight letters: a prefix token of its own
    assert ids(search("zorgboerde")) == ["1"]  # longer: the engine's own prefix search
    assert ids(search("hoeve zorgb")) == ["1"]
    assert ids(search("dagbesteding zorg")) == ["1"]
    assert search("zorgboerderijen").total == 1  # the same stem
    assert search("zorgx").total == 0


@pytest.mark.parametrize(
    ("query", "expected_top"),
    [
        ("duurzaam", ["2", "1", "3", "23", "28"]),
        ("vrijwilligers", ["4", "30", "5", "13", "17"]),
        ("begeleiding", ["6", "25", "26", "40", "39"]),
        ("beleid", ["7", "8", "29"]),
        ("zorg", ["11", "12", "29", "33"]),
        ("werk", ["40", "6", "29", "24", "27"]),
        ("drechtsteden", ["25", "4", "36", "23", "2"]),
        ("dordrecht", ["1", "13", "17", "28"]),
        ("energie", ["15", "38"]),
        ("mensen uitkering", ["40", "10"]),
        ("mensen met een afstand tot werk", ["6", "27"]),
        ("wonen", ["23", "16", "29", "38"]),
    ],
)
def test_same_top_results_on_every_engine(corpus, query, expected_top):
    """A title match ranks above a body match, shorter texts above longer ones; equal ranks
    keep indexing order."""
    assert ids(search(query, per_page=len(expected_top))) == expected_top


def test_relevance_ranks_are_descending(corpus):
    ranks = [hit.rank for hit in search("drechtsteden").hits]
    assert ranks == sorted(ranks, reverse=True)
    assert all(rank > 0 for rank in ranks)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL itself")
def test_python_stems_equal_postgresql_dutch_stems():
    """SQLite's stems are made in Python; they must be exactly PostgreSQL's ``dutch`` stems."""
    vocabulary = sorted(
        {word for row in ORGANISATIONS for text in row[1:3] for word in words(text)}
        | {"begeleiding", "beleid", "duurzame", "vrijwilligers", "ondernemers", "organisaties"}
        | {"bedrijven", "gemeenten", "kinderen", "activiteiten", "ingrediënten", "zorgen"}
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT w, ts_lexize('dutch_stem', w) FROM unnest(%s::text[]) AS w", [vocabulary]
        )
        postgresql = dict(cursor.fetchall())
    for word in vocabulary:
        if word in STOP_WORDS:
            assert postgresql[word] == [], word
        elif word.isalpha():
            assert postgresql[word] == [stem(word)], word
