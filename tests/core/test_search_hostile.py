"""Whatever a user types is a valid search: never an error, never the engine's query syntax.

Each hostile input must answer with results or an empty list, on SQLite and on PostgreSQL, in
the query, in the filters, and in indexed text.
"""

import pytest

from impactplein.core.search import Document, index_documents, search

from .test_search_corpus import organisation_documents

pytestmark = pytest.mark.django_db

HOSTILE_QUERIES = [
    "",
    " ",
    '"',
    '"zorg',
    "'",
    "''",
    "(",
    ")(",
    "((zorg)",
    "[zorg]",
    "{title}: zorg",
    "title:zorg",
    "zorg:*",
    "zorg:AB",
    "*",
    "zorg*",
    "-zorg",
    "^zorg",
    "+zorg",
    "AND",
    "OR NOT",
    "zorg AND",
    "zorg OR armoede NOT werk",
    "NEAR(zorg armoede, 2)",
    "zorg NEAR/3 armoede",
    "zorg <-> armoede",
    "zorg & !armoede | werk",
    "!!!",
    "'; DROP TABLE core_searchdocument; --",
    "1 OR 1=1",
    "%s %(name)s %%",
    "\\",
    "\\'",
    "$$",
    "\x00",
    "zorg\x00armoede",
    "\x01\x02\x1b[31m\x7f",
    "\t\n\r\v\f",
    "\ud800",
    "zorg\udfff",
    "😀",
    "zorg 🏳️‍🌈 armoede",
    "\u202ezorg",
    "\u200b\u200d",
    "\u0301\u0301",
    "\uff5a\uff4f\uff52\uff47",  # zorg in full-width letters
    "Ελληνικά 中文 العربية",
    "1e5",
    "0x1f",
    "NaN",
    "a" * 10_000,
    "zorg " * 2_000,
    "de het een van",
    "z",
]


@pytest.fixture
def corpus():
    index_documents(organisation_documents())


@pytest.mark.parametrize("query", HOSTILE_QUERIES)
@pytest.mark.parametrize("order", ["relevance", "title", "newest"])
def test_hostile_query_answers_without_error(corpus, query, order):
    result = search(query, order=order, facet_keys=["kind", "theme"])
    assert 0 <= result.total <= 40
    assert len(result.hits) == min(result.total, 20)
    assert len(result.query) <= 200


@pytest.mark.parametrize("value", HOSTILE_QUERIES)
def test_hostile_filters_and_types_answer_without_error(corpus, value):
    result = search(
        value,
        doc_types=[value, "organisation"],
        filters={value or "x": [value], "kind": [value, "company"]},
        facet_keys=[value, "kind"],
    )
    assert result.total >= 0


def test_operators_are_words_or_nothing(corpus):
    assert search("schulden AND armoede").total == search("schulden armoede").total == 1
    assert search("zorg OR werk").total == search("zorg werk").total


def test_fullwidth_letters_are_plain_letters(corpus):
    assert search("\uff5a\uff4f\uff52\uff47").total == search("zorg").total > 0


def test_hostile_text_can_be_indexed_and_found():
    index_documents(
        [
            Document(
                "note",
                "1",
                'Kroon\x00"; DROP TABLE x; -- \ud800 NEAR(a b) {title}: *',
                body="\x1b[31m emoji 😀 e\u0301cole",
                facets={"kind": ["\x00'\"", "\udfff"]},
            )
        ]
    )
    assert [hit.doc_id for hit in search("kroon").hits] == ["1"]
    assert [hit.doc_id for hit in search("ecole").hits] == ["1"]
    assert search("", facet_keys=["kind"]).facet_counts["kind"] == {"'\"": 1, "?": 1}
