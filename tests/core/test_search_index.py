"""The search index keeps what apps give it, and search filters, counts, orders and pages it.

Indexing replaces a document with the same type and id, removing takes it out, clearing empties
a type; filters combine with AND across facet keys and OR within a key; facet counts cover the
whole filtered result; pages out of range are empty, never an error.
"""

from datetime import UTC, datetime

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

import pytest

from impactplein.core.search import (
    Document,
    clear_index,
    index_documents,
    rebuild_index,
    remove_documents,
    search,
)

from .test_search_corpus import (
    DORDRECHT,
    PAPENDRECHT,
    SLIEDRECHT,
    ZWIJNDRECHT,
    ids,
    organisation_documents,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def corpus():
    index_documents(organisation_documents())


def test_index_returns_the_number_written_and_everything_is_found(corpus):
    assert index_documents([]) == 0
    result = search("")
    assert result.total == 40
    assert result.num_pages == 2
    assert len(result.hits) == 20


def test_empty_query_orders_by_title(corpus):
    titles = [hit.title for hit in search("", per_page=40).hits]
    assert titles[:3] == [
        "Adviesbureau Beleid & Strategie",
        "Architectenbureau Nieuw Dordt",
        "Bakkerij De Korenaar",
    ]
    assert ids(search("", order="relevance", per_page=40)) == ids(
        search("", order="title", per_page=40)
    )


def test_order_by_title_with_a_query(corpus):
    assert [hit.title for hit in search("beleid", order="title").hits] == [
        "Adviesbureau Beleid & Strategie",
        "Gemeente Zwijndrecht",
        "Gemeentelijk Beleidsbureau",
    ]


def test_order_by_newest(corpus):
    assert ids(search("", order="newest", per_page=3)) == ["40", "39", "38"]
    assert ids(search("beleid", order="newest")) == ["29", "8", "7"]


def test_unknown_order_means_relevance(corpus):
    assert ids(search("beleid", order="; DROP TABLE")) == ids(search("beleid"))


def test_filter_by_one_value(corpus):
    result = search("", filters={"municipality": [SLIEDRECHT]}, per_page=50)
    assert sorted(ids(result), key=int) == ["8", "11", "16", "24", "30", "37"]
    assert result.total == 6


def test_filter_values_of_one_key_combine_with_or(corpus):
    result = search("", filters={"municipality": [SLIEDRECHT, ZWIJNDRECHT]})
    assert result.total == 6 + 8


def test_filter_keys_combine_with_and(corpus):
    result = search("", filters={"municipality": [SLIEDRECHT], "kind": ["company"]})
    assert sorted(ids(result), key=int) == ["8", "16"]
    result = search("", filters={"municipality": [SLIEDRECHT], "kind": ["company", "social"]})
    assert sorted(ids(result), key=int) == ["8", "11", "16", "30", "37"]


def test_filters_combine_with_words(corpus):
    result = search("zorg", filters={"municipality": [DORDRECHT]})
    assert ids(result) == ["33"]


def test_unknown_or_empty_filters(corpus):
    assert search("", filters={"municipality": ["GM9999"]}).total == 0
    assert search("", filters={"nonsense": ["x"]}).total == 0
    assert search("", filters={"municipality": []}).total == 40


def test_facet_counts_cover_the_whole_filtered_result(corpus):
    result = search(
        "", filters={"kind": ["company"]}, facet_keys=["municipality", "kind"], per_page=1
    )
    assert len(result.hits) == 1
    assert result.facet_counts == {
        "kind": {"company": 9},
        "municipality": {DORDRECHT: 3, PAPENDRECHT: 3, SLIEDRECHT: 2, ZWIJNDRECHT: 1},
    }
    assert list(result.facet_counts["municipality"]) == [
        DORDRECHT,
        PAPENDRECHT,
        SLIEDRECHT,
        ZWIJNDRECHT,
    ]  # highest count first, then by value


def test_facet_counts_with_words(corpus):
    result = search("duurzaam", facet_keys=["theme", "kind"])
    assert result.facet_counts["theme"] == {
        "milieu": 6,
        "werk": 2,
        "wonen": 2,
        "mobiliteit": 1,
        "onderwijs": 1,
    }
    assert sum(result.facet_counts["kind"].values()) == result.total == 7


def test_facet_counts_without_query_or_filters(corpus):
    result = search("", facet_keys=["kind", "municipality", "unknown"])
    assert result.facet_counts == {
        "kind": {
            "social": 16,
            "company": 9,
            "social_enterprise": 9,
            "education": 3,
            "government": 3,
        },
        "municipality": {DORDRECHT: 20, ZWIJNDRECHT: 8, PAPENDRECHT: 6, SLIEDRECHT: 6},
        "unknown": {},
    }


def test_facet_counts_are_empty_when_nothing_matches(corpus):
    assert search("xyzzy", facet_keys=["kind"]).facet_counts == {"kind": {}}


def test_upsert_replaces_a_document(corpus):
    index_documents(
        [Document("organisation", "3", "Broodbakkerij Noord", facets={"kind": ["social"]})]
    )
    assert search("").total == 40
    assert ids(search("korenaar")) == []
    assert ids(search("broodbakkerij")) == ["3"]
    counts = search("", facet_keys=["kind", "municipality"]).facet_counts
    assert sum(counts["kind"].values()) == 40
    assert sum(counts["municipality"].values()) == 39  # the new version has no municipality
    assert search("", filters={"kind": ["social"]}, facet_keys=["kind"]).facet_counts["kind"] == {
        "social": search("", filters={"kind": ["social"]}).total
    }


def test_upsert_keeps_the_first_publication_date_when_none_is_given():
    index_documents([Document("news", "a", "Oud", published_at=datetime(2020, 1, 1, tzinfo=UTC))])
    index_documents([Document("news", "b", "Nieuw")])
    index_documents([Document("news", "a", "Oud, bijgewerkt")])
    assert ids(search("", order="newest")) == ["b", "a"]


def test_a_document_given_twice_counts_once():
    written = index_documents([Document("news", "a", "Eerste"), Document("news", "a", "Tweede")])
    assert written == 1
    assert [hit.title for hit in search("").hits] == ["Tweede"]


def test_remove_documents(corpus):
    assert remove_documents("organisation", ["3", "5", "999"]) == 2
    assert remove_documents("news", ["3"]) == 0
    assert search("").total == 38
    assert ids(search("bakkerij")) == []
    assert sum(search("", facet_keys=["kind"]).facet_counts["kind"].values()) == 38
    assert search("bakkerij", facet_keys=["kind"]).facet_counts == {"kind": {}}


def test_clear_index_empties_one_type(corpus):
    index_documents([Document("news", "n1", "Nieuws over zorg", facets={"kind": ["news"]})])
    assert clear_index("organisation") == 40
    assert ids(search("zorg")) == ["n1"]
    assert search("", facet_keys=["kind"]).facet_counts == {"kind": {"news": 1}}
    assert clear_index() == 1
    assert search("").total == 0


def test_rebuild_index_replaces_one_type(corpus):
    index_documents([Document("news", "n1", "Nieuws over zorg")])
    written = rebuild_index("organisation", organisation_documents()[:5])
    assert written == 5
    assert search("", doc_types=["organisation"]).total == 5
    assert ids(search("", doc_types=["news"])) == ["n1"]
    assert sum(search("", facet_keys=["kind"]).facet_counts["kind"].values()) == 5


def test_a_rebuild_given_a_document_twice_keeps_the_last_one(corpus):
    # The second "r1" comes in a later batch than the first: the rebuild, which does not look
    # up documents of the type it cleared, must still replace it rather than fail.
    documents = [Document("organisation", "r1", "Eerste versie", body="oud")]
    documents += [Document("organisation", f"x{n}", f"Vulling {n}") for n in range(1200)]
    documents += [Document("organisation", "r1", "Tweede versie", body="nieuw")]
    documents += [Document("news", "n1", "Nieuws", body="nieuw")]
    assert rebuild_index("organisation", documents) == 1203
    assert search("", doc_types=["organisation"]).total == 1201
    assert ids(search("nieuw", doc_types=["organisation"])) == ["r1"]
    assert search("oud").total == 0
    assert ids(search("", doc_types=["news"])) == ["n1"]


def test_doc_types_filter(corpus):
    index_documents([Document("event", "e1", "Zorgmarkt Dordrecht", facets={"kind": ["market"]})])
    assert search("").total == 41
    assert search("", doc_types=["organisation"]).total == 40
    assert ids(search("", doc_types=["event"])) == ["e1"]
    assert ids(search("zorgmarkt", doc_types=["event", "organisation"])) == ["e1"]
    assert ids(search("zorgmarkt", doc_types=["organisation"])) == []
    assert search("", doc_types=["event"], facet_keys=["kind"]).facet_counts == {
        "kind": {"market": 1}
    }
    assert search("", doc_types=["event"], filters={"kind": ["market"]}).total == 1
    assert search("", doc_types=["organisation"], filters={"kind": ["market"]}).total == 0
    assert [hit.doc_type for hit in search("zorgmarkt").hits] == ["event"]


def test_paging(corpus):
    first = search("", per_page=15, page=1)
    third = search("", per_page=15, page=3)
    assert first.num_pages == third.num_pages == 3
    assert len(third.hits) == 10
    assert not set(ids(first)) & set(ids(third))
    assert (first.has_previous, first.has_next) == (False, True)
    assert (third.has_previous, third.has_next) == (True, False)
    everything = ids(search("", per_page=40))
    pages = [ids(search("", per_page=15, page=page)) for page in (1, 2, 3)]
    assert [doc_id for page in pages for doc_id in page] == everything


@pytest.mark.parametrize("page", [0, -1, 4, 10**12])
def test_pages_out_of_range_are_empty(corpus, page):
    result = search("", per_page=15, page=page)
    assert result.hits == []
    assert result.total == 40


def test_per_page_is_kept_within_bounds(corpus):
    assert search("", per_page=0).per_page == 1
    assert search("", per_page=10_000).per_page == 100


def test_result_reports_the_normalised_query(corpus):
    assert search('  "Duurzame"  AND (Energie) ').query == "duurzame energie"


def test_indexing_is_part_of_the_callers_transaction(corpus):
    seen_inside = []

    def index_then_fail():
        with transaction.atomic():
            index_documents([Document("organisation", "41", "Nieuwe Bakkerij")])
            seen_inside.extend(ids(search("nieuwe bakkerij")))
            raise RuntimeError

    with pytest.raises(RuntimeError):
        index_then_fail()
    assert seen_inside == ["41"]
    assert search("nieuwe bakkerij").total == 0
    assert search("").total == 40


def test_documents_are_checked():
    with pytest.raises(ValueError, match="doc_type"):
        Document("", "1", "Titel")
    with pytest.raises(ValueError, match="doc_id"):
        Document("organisation", "x" * 65, "Titel")
    with pytest.raises(ValueError, match="sequence"):
        Document("organisation", "1", "Titel", facets={"kind": "company"})


def test_large_batches_are_written_in_parts():
    documents = (
        Document("item", str(n), f"Product {n}", facets={"even": [str(n % 2 == 0)]})
        for n in range(2500)
    )
    assert index_documents(documents, batch_size=1000) == 2500
    result = search("product", facet_keys=["even"], per_page=5)
    assert result.total == 2500
    assert result.facet_counts == {"even": {"False": 1250, "True": 1250}}


def test_a_batch_that_fails_in_the_writer_fails_the_indexing_and_writes_nothing(corpus):
    """Batches are written on a second thread while the next is made: a batch's error must
    reach the caller, and the transaction must write nothing of the build."""
    from impactplein.core.search.backends import Row, backend_for

    def rows(doc_type):
        return [
            Row(None, doc_type, str(n), "Titel", "", "titel", timezone.now(), "", "t_x")
            for n in range(3)
        ]

    def build():
        backend = backend_for(connection)
        with transaction.atomic(), connection.cursor() as cursor, backend.writer(cursor) as writer:
            writer.write(rows("item"))
            writer.write(rows("item-2"))
            writer.write(rows("item"))  # the same keys again: the unique key refuses the batch
            writer.write(rows("item-3"))

    with pytest.raises(IntegrityError):
        build()
    assert search("titel").total == 0
    assert search("").total == 40


def test_a_document_without_words_or_facets_alone_in_its_batch_is_indexed():
    assert index_documents([Document("item", "1", "...", body="")]) == 1
    assert [hit.doc_id for hit in search("", doc_types=["item"]).hits] == ["1"]


def test_rebuilding_the_only_type_replaces_its_words(corpus):
    assert search("duurzaam").total > 0
    assert rebuild_index("organisation", [Document("organisation", "99", "Zeepziederij")]) == 1
    assert ids(search("zeepziederij")) == ["99"]
    assert search("duurzaam").total == 0
    assert search("").total == 1


def test_a_rebuild_that_fails_keeps_the_index_it_replaced(corpus):
    found_before = ids(search("duurzaam"))

    def documents():
        yield Document("organisation", "99", "Zeepziederij")
        raise RuntimeError

    with pytest.raises(RuntimeError):
        rebuild_index("organisation", documents())
    assert ids(search("duurzaam")) == found_before
    assert search("zeepziederij").total == 0
    assert search("").total == 40


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's planner statistics")
def test_a_rebuild_is_not_misled_by_statistics_of_an_empty_index():
    """FTS5 deletes merged pages by a range of ids; statistics taken while the index was empty
    would have the planner scan its whole data table for every merge of a large build."""
    plan = "EXPLAIN QUERY PLAN DELETE FROM core_search_fts_data WHERE id >= 1 AND id <= 5"
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
        rebuild_index("organisation", organisation_documents())
        cursor.execute(plan)
        assert "SCAN" not in str(cursor.fetchall())


def _document_table() -> tuple[int, list[str], str]:
    """The document table's oid, every index and constraint as PostgreSQL states it, and the
    search path."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 'core_searchdocument'::regclass::oid, current_setting('search_path')"
        )
        oid, search_path = cursor.fetchone()
        cursor.execute(
            "SELECT pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = %s "
            "UNION ALL SELECT conname || ' ' || pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = %s ORDER BY 1",
            [oid, oid],
        )
        return oid, [definition for (definition,) in cursor.fetchall()], search_path


postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL's swapped document table"
)


@postgresql_only
def test_a_rebuild_of_most_of_the_index_swaps_in_a_table_with_the_same_indexes(corpus):
    index_documents([Document("news", "n1", "Nieuws over zorg", facets={"kind": ["news"]})])
    news_id = ids_by_key()[("news", "n1")]
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE impactplein_test_reader")
        cursor.execute("GRANT SELECT ON core_searchdocument TO impactplein_test_reader")
    oid, definitions, search_path = _document_table()
    assert any("USING gin (search_vector)" in definition for definition in definitions)
    last_id = max(ids_by_key().values())
    with transaction.atomic():  # a caller's transaction goes on after the rebuild
        assert rebuild_index("organisation", organisation_documents()[:5]) == 5
        new_oid, new_definitions, new_search_path = _document_table()
        assert new_oid != oid
        assert new_definitions == definitions
        assert new_search_path == search_path
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT has_table_privilege('impactplein_test_reader', 'core_searchdocument', "
                "'SELECT'), has_table_privilege('impactplein_test_reader', "
                "'core_searchdocument', 'INSERT')"
            )
            assert cursor.fetchone() == (True, False)
    assert search("", doc_types=["organisation"]).total == 5
    assert search("duurzaam").total > 0
    # The other type's document came along, with its id, words and facets.
    assert ids_by_key()[("news", "n1")] == news_id
    assert ids(search("nieuws zorg")) == ["n1"]
    assert search("", facet_keys=["kind"], filters={"kind": ["news"]}).total == 1
    # New documents get ids after the old table's, and the unique key still holds.
    rebuilt = ids(search("", doc_types=["organisation"]))
    assert min(ids_by_key()[("organisation", doc_id)] for doc_id in rebuilt) > last_id
    assert index_documents([Document("organisation", "z1", "Nieuwe zeepziederij")]) == 1
    assert ids(search("zeepziederij")) == ["z1"]
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO core_searchdocument (doc_type, doc_id, title, sort_title, "
            "published_at, facet_value_ids) SELECT doc_type, doc_id, title, sort_title, "
            "published_at, facet_value_ids FROM core_searchdocument LIMIT 1"
        )


@postgresql_only
def test_a_rebuild_of_a_small_part_of_the_index_writes_in_place(corpus):
    oid = _document_table()[0]
    assert rebuild_index("news", [Document("news", "n1", "Nieuws over zorg")]) == 1
    assert _document_table()[0] == oid
    assert ids(search("", doc_types=["news"])) == ["n1"]
    assert search("", doc_types=["organisation"]).total == 40


def ids_by_key() -> dict[tuple[str, str], int]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT doc_type, doc_id, id FROM core_searchdocument")
        return {(doc_type, doc_id): id_ for doc_type, doc_id, id_ in cursor.fetchall()}


@postgresql_only
def test_a_rebuild_by_a_role_that_may_not_swap_tables_writes_in_place(corpus):
    with connection.cursor() as cursor:
        cursor.execute("CREATE ROLE impactplein_test_writer")
        cursor.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO impactplein_test_writer")
        cursor.execute("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO impactplein_test_writer")
        cursor.execute("SET LOCAL ROLE impactplein_test_writer")
    oid, definitions, _ = _document_table()
    assert rebuild_index("organisation", organisation_documents()[:5]) == 5
    assert _document_table()[:2] == (oid, definitions)
    assert search("", doc_types=["organisation"]).total == 5


@postgresql_only
def test_the_ranking_length_made_in_python_is_the_one_postgresql_counts():
    """Each document's ``rank_length`` is the number of positions in its vector (prefix tokens
    left out) and 1 per filter token, as PostgreSQL counts them, at its limits too."""
    many = " ".join(f"woord{n} ander{n}" for n in range(300))
    documents = [
        Document("t", "plain", "De Kringloop van Dordrecht", body="Wij geven de meubels een "
                 "tweede leven; CO2-neutraal sinds 2026, café's en coöperaties.",
                 facets={"kind": ["social_enterprise"], "theme": ["zorg", "werk"]}),
        Document("t", "repeated", "zorg " * 300, body="zorg " * 300),
        Document("t", "concatenated", "zorg " * 200, body="zorgen " * 100),
        Document("t", "many words", many, body=many),
        Document("t", "stop words", "de en van", body=""),
        Document("t", "scripts", "Ελληνικά καφέ", body="Мир дружба Straße ørsted ÆØÅ"),
        Document("t", "very long", "Lang verhaal", body="woord ander " * 9_000),
    ]  # fmt: skip
    assert index_documents(documents) == len(documents)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT doc_id, rank_length, (SELECT sum(greatest(coalesce(cardinality("
            "l.positions), 0), 1)) FROM unnest(search_vector) l WHERE l.lexeme NOT LIKE 'p\\_%%') "
            "FROM core_searchdocument WHERE doc_type = 't' ORDER BY doc_id"
        )
        lengths = {doc_id: (stored, counted) for doc_id, stored, counted in cursor.fetchall()}
    assert all(stored == counted for stored, counted in lengths.values()), lengths
    # One lexeme at the limit, and the type, sample bucket and bucket group tokens.
    assert lengths["repeated"][0] == 256 + 3


def test_the_ranking_length_is_counted_in_python_below_postgresqls_last_position():
    from impactplein.core.search.backends.postgresql import rank_length

    assert rank_length(["kringloop", "dordrecht"], ["meubel", "kringloop"], 7) == 4
    assert rank_length(["zorg"] * 300, ["zorg"] * 300, 600) == 256
    assert rank_length(["zorg"] * 300, [], 300) == 255
    assert rank_length(["zorg"] * 200, ["zorg"] * 40 + ["werk"] * 300, 540) == 240 + 255
    assert rank_length(["woord"], ["woord"] * 9_000, 18_001) is None
