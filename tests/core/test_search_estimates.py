"""Broad searches: above ``SEARCH_EXACT_COUNT_LIMIT`` matches the total and the facet counts are
estimated from sample buckets and the result says so; the hits stay real, complete and in order.

The limits are made small here so that a few hundred documents make a search broad.
"""

from datetime import UTC, datetime, timedelta

import pytest

from impactplein.core.search import Document, index_documents, search

pytestmark = pytest.mark.django_db

COUNT = 640
START = datetime(2025, 1, 1, tzinfo=UTC)


def _documents():
    for number in range(COUNT):
        words = ["werkplaats"]
        if number % 2 == 0:
            words.append("zorg")
        if number % 40 == 0:
            words.append("zeldzaam")
        yield Document(
            doc_type="organisation",
            doc_id=str(number),
            # Titles out of step with ids and dates, so every order is a different order.
            title=f"Onderneming {(number * 7919) % COUNT:04d}",
            body=" ".join(words),
            facets={"kind": ["company" if number % 4 == 0 else "social"], "n": [str(number % 3)]},
            published_at=START + timedelta(hours=(number * 31) % COUNT),
        )


@pytest.fixture
def broad(settings):
    settings.SEARCH_EXACT_COUNT_LIMIT = 100
    settings.SEARCH_SAMPLE_SIZE = 60
    index_documents(_documents())
    return settings


def _exact(settings, *args, **kwargs):
    limit = settings.SEARCH_EXACT_COUNT_LIMIT
    settings.SEARCH_EXACT_COUNT_LIMIT = 0
    try:
        return search(*args, **kwargs)
    finally:
        settings.SEARCH_EXACT_COUNT_LIMIT = limit


def _all_pages(*args, **kwargs):
    found = []
    page = 1
    while hits := search(*args, page=page, per_page=50, **kwargs).hits:
        found += [hit.doc_id for hit in hits]
        page += 1
    return found


def test_a_broad_search_says_its_counts_are_estimates_and_they_are_close(broad):
    result = search("werkplaats", facet_keys=["kind"])
    assert result.estimated
    assert 0.6 * COUNT <= result.total <= 1.4 * COUNT
    assert 0.6 * COUNT * 3 / 4 <= result.facet_counts["kind"]["social"] <= 1.4 * COUNT * 3 / 4
    assert 0.5 * COUNT / 4 <= result.facet_counts["kind"]["company"] <= 1.5 * COUNT / 4
    assert len(result.hits) == 20


def test_the_same_broad_search_gives_the_same_estimate(broad):
    first = search("zorg", facet_keys=["kind", "n"])
    again = search("zorg", facet_keys=["kind", "n"])
    assert first.estimated
    assert (first.total, first.facet_counts) == (again.total, again.facet_counts)


def test_a_narrow_search_is_counted_exactly(broad):
    result = search("zeldzaam", facet_keys=["kind"])
    assert not result.estimated
    assert result.total == COUNT // 40
    assert result.facet_counts["kind"] == {"company": COUNT // 40}


def test_without_a_limit_everything_is_exact(broad):
    broad.SEARCH_EXACT_COUNT_LIMIT = 0
    result = search("werkplaats", facet_keys=["kind"])
    assert not result.estimated
    assert result.total == COUNT
    assert result.facet_counts["kind"] == {"social": COUNT * 3 // 4, "company": COUNT // 4}


@pytest.mark.parametrize("order", ["relevance", "title", "newest"])
def test_every_match_of_a_broad_search_is_on_exactly_one_page(broad, order):
    found = _all_pages("zorg", order=order)
    assert len(found) == len(set(found)) == COUNT // 2
    assert {int(doc_id) % 2 for doc_id in found} == {0}


@pytest.mark.parametrize("order", ["title", "newest"])
def test_a_broad_search_by_title_or_date_is_in_the_exact_order(broad, order):
    exact = _exact(broad, "zorg", order=order, page=3, per_page=20)
    result = search("zorg", order=order, page=3, per_page=20)
    assert result.estimated
    assert [hit.doc_id for hit in result.hits] == [hit.doc_id for hit in exact.hits]


def test_broad_facet_filters_without_words_are_estimated_and_listed_by_title(broad):
    result = search("", filters={"kind": ["social"]}, facet_keys=["n"], per_page=30)
    exact = _exact(broad, "", filters={"kind": ["social"]}, facet_keys=["n"], per_page=30)
    assert result.estimated
    assert not exact.estimated
    assert [hit.title for hit in result.hits] == [hit.title for hit in exact.hits]
    assert set(result.facet_counts["n"]) == {"0", "1", "2"}


def test_a_broad_search_by_relevance_ranks_its_first_page(broad):
    result = search("zorg werkplaats")
    assert result.estimated
    assert all(hit.rank > 0 for hit in result.hits)
    ranks = [hit.rank for hit in result.hits]
    assert ranks == sorted(ranks, reverse=True)


def test_a_broad_search_within_a_document_type_keeps_to_that_type(broad):
    index_documents(
        [Document("story", str(n), f"Verhaal {n}", body="werkplaats zorg") for n in range(150)]
    )
    result = search("zorg", doc_types=["organisation"])
    assert result.estimated
    assert {hit.doc_type for hit in result.hits} == {"organisation"}
    found = _all_pages("zorg", doc_types=["story"])
    assert len(found) == 150


def test_a_sample_thinned_within_its_bucket_still_pages_every_match_once(broad):
    # A sample size far below one bucket's matches: every n-th document of the bucket is ranked.
    broad.SEARCH_SAMPLE_SIZE = 3
    result = search("werkplaats", facet_keys=["kind"])
    assert result.estimated
    assert COUNT / 3 <= result.total <= COUNT * 3
    assert sum(result.facet_counts["kind"].values()) > 0
    found = _all_pages("werkplaats")
    assert len(found) == len(set(found)) == COUNT


@pytest.mark.parametrize("order", ["title", "newest"])
def test_matches_beyond_the_walk_of_the_order_are_sorted_after_all(broad, monkeypatch, order):
    from impactplein.core.search.backends import postgresql, sqlite

    monkeypatch.setattr(sqlite, "WALK_ROWS", 25)
    monkeypatch.setattr(postgresql, "WALK_ROWS", 0)
    monkeypatch.setattr(postgresql, "MAX_WALK_ROWS", 25)
    exact = _exact(broad, "zorg", order=order, page=2, per_page=20)
    result = search("zorg", order=order, page=2, per_page=20)
    assert result.estimated
    assert [hit.doc_id for hit in result.hits] == [hit.doc_id for hit in exact.hits]


def test_a_broad_search_for_a_long_prefix_pages_every_match_once(settings):
    # A last word of more than eight letters has no prefix token of its own: PostgreSQL's own
    # prefix search selects it, within the sample as everywhere.
    settings.SEARCH_EXACT_COUNT_LIMIT = 100
    settings.SEARCH_SAMPLE_SIZE = 60
    index_documents(
        Document(
            "organisation",
            str(number),
            f"Onderneming {number}",
            # "samenwerpen" shares the first eight letters but not the prefix.
            body="samenwerkingsverband" if number % 3 else "samenwerpen",
        )
        for number in range(COUNT)
    )
    wanted = {str(number) for number in range(COUNT) if number % 3}
    result = search("samenwerking")
    assert result.estimated
    assert 0.6 * len(wanted) <= result.total <= 1.4 * len(wanted)
    assert {hit.doc_id for hit in result.hits} <= wanted
    found = _all_pages("samenwerking")
    assert len(found) == len(set(found))
    assert set(found) == wanted
    for order in ("title", "newest"):
        assert set(_all_pages("samenwerking", order=order)) == wanted
