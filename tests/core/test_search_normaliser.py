"""The search normaliser and query builder: any text becomes safe tokens, the Dutch way.

Pure tests, no database: folding, word splitting, classic Dutch stemming, stop words, and the
engine queries written from what a user typed.
"""

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impactplein.core.search.query import (
    MAX_TERMS,
    doc_type_token,
    facet_token,
    filter_groups,
    fts5_match,
    parse_query,
    prefix_tokens,
    tsquery_filter,
    tsquery_parts,
    tsquery_prefix,
    tsquery_terms,
)
from impactplein.core.search.stemming import (
    MAX_WORD_LENGTH,
    STOP_WORDS,
    fold,
    folded_words,
    sort_key,
    stem,
    stems,
    words,
)

SAFE_WORD = re.compile(r"^(?:[0-9]|[^\W\d_])+$")
SAFE_TOKEN = re.compile(r"^[ft]_[0-9a-f]+$")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Café", "cafe"),
        ("ÉÉN Cooperatie", "een cooperatie"),
        ("Coöperatie", "cooperatie"),
        ("Ørsted Straße", "orsted strasse"),
        ("Œuvre Æsop", "oeuvre aesop"),
        ("İstanbul", "istanbul"),
        ("already plain", "already plain"),
    ],
)
def test_fold_lowercases_and_removes_accents(text, expected):
    assert fold(text) == expected


def test_words_split_on_everything_but_letters_and_digits():
    assert words("'s-Gravendeel: zorg&welzijn (2024) e-mail_adres") == [
        "s",
        "gravendeel",
        "zorg",
        "welzijn",
        "2024",
        "e",
        "mail",
        "adres",
    ]


def test_words_drop_over_long_words():
    assert words("kort " + "x" * (MAX_WORD_LENGTH + 1)) == ["kort"]


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("duurzame", "duurzaamheid"),
        ("vrijwilligers", "vrijwilliger"),
        ("ondernemers", "ondernemer"),
        ("projecten", "project"),
        ("scholen", "school"),
    ],
)
def test_classic_dutch_stemming_merges_forms_of_one_word(first, second):
    assert stem(first) == stem(second)


def test_classic_dutch_stemming_keeps_begeleiding_apart_from_beleid():
    assert stem("begeleiding") != stem("beleid")


def test_words_with_digits_are_not_stemmed():
    assert stem("covid19") == "covid19"
    assert stem("2024") == "2024"


def test_stems_leave_out_stop_words():
    assert stems("De bakker en het brood") == [stem("bakker"), stem("brood")]
    assert "de" in STOP_WORDS
    assert "en" in STOP_WORDS


def test_folded_words_is_what_postgresql_indexes():
    assert folded_words("Café de Kroon!") == "cafe de kroon"


def test_sort_key_ignores_case_punctuation_and_accents():
    assert sort_key("'s-Gravendeel Zorg") == "s gravendeel zorg"
    assert sort_key("Éénhoorn") < sort_key("Zorg")
    assert len(sort_key("lange naam " * 100)) == 200


def test_query_words_must_all_match_and_the_last_may_be_a_prefix():
    parsed = parse_query("duurzame energie")
    assert parsed.words == ("duurzame", "energie")
    assert parsed.stems == (stem("duurzame"), stem("energie"))
    assert parsed.prefix is True
    assert fts5_match(parsed, []) == f'"{stem("duurzame")}" AND "{stem("energie")}" *'
    assert tsquery_terms(parsed) == "'duurzame' & 'energie':*"


def test_short_last_word_is_not_a_prefix():
    assert parse_query("zorg ab").prefix is False


def test_query_syntax_is_ignored():
    parsed = parse_query('"zorg" AND (armoede OR NOT) NEAR/3 werk* -wonen ^2 titel:test')
    assert parsed.words == ("zorg", "armoede", "3", "werk", "wonen", "2", "titel", "test")


def test_operator_words_in_capitals_are_left_out():
    assert parse_query("zorg AND armoede").words == ("zorg", "armoede")


def test_stop_words_alone_give_an_empty_query():
    parsed = parse_query("de het een")
    assert parsed.is_empty
    assert parsed.text == "de het een"
    assert fts5_match(parsed, []) == ""
    assert tsquery_terms(parsed) == ""


def test_query_is_capped_in_length_and_in_terms():
    assert parse_query("a" * 10_000, max_length=200).words == ()  # one over-long word
    assert parse_query("zorg " * 2_000, max_length=200).words == ("zorg",)
    long_query = " ".join(f"woord{n}" for n in range(100))
    assert len(parse_query(long_query, max_length=10_000).words) == MAX_TERMS
    assert len(parse_query("x" * 10_000, max_length=200).text) <= 200


def test_repeated_stems_count_once():
    assert parse_query("vrijwilliger vrijwilligers").stems == (stem("vrijwilliger"),)


def test_non_text_input_is_an_empty_query():
    assert parse_query(None).is_empty
    assert parse_query(42).is_empty


def test_filter_groups_or_within_a_key_and_across_keys():
    groups = filter_groups(
        ["organisation"], {"theme": ["zorg", "armoede"], "kind": ["company"], "empty": []}
    )
    assert groups == [
        [doc_type_token("organisation")],
        [facet_token("kind", "company")],
        sorted([facet_token("theme", "zorg"), facet_token("theme", "armoede")]),
    ]
    expression = fts5_match(parse_query(""), groups)
    assert expression.count(" AND ") == 2
    assert " OR " in expression
    assert tsquery_filter(groups).count(" & ") == 2


def test_facet_tokens_differ_per_key_and_value_and_are_safe():
    assert facet_token("theme", "zorg") != facet_token("kind", "zorg")
    assert facet_token("theme", "zorg") != facet_token("theme", "zorg ")
    assert SAFE_TOKEN.match(facet_token("theme", 'x" OR 1=1 --\x00'))
    assert SAFE_TOKEN.match(doc_type_token("organisation"))


@given(st.text())
def test_any_text_yields_safe_words_and_stems(text):
    for word in words(text):
        assert SAFE_WORD.match(word)
        assert len(word) <= MAX_WORD_LENGTH
    for token in stems(text):
        assert SAFE_WORD.match(token)


@given(st.text(), st.integers(min_value=0, max_value=500))
def test_any_query_yields_safe_engine_queries(text, max_length):
    parsed = parse_query(text, max_length=max_length)
    assert len(parsed.words) == len(parsed.stems) <= MAX_TERMS
    for word in (*parsed.words, *parsed.stems):
        assert SAFE_WORD.match(word)
    assert not set(parsed.words) & STOP_WORDS
    match = fts5_match(parsed, [])
    # Only quoted words, "AND" and a final "*" remain: nothing a user typed is syntax.
    stripped = re.sub(r'"(?:[0-9]|[^\W\d_])+"', "", match).replace(" AND ", "").replace(" *", "")
    assert stripped.strip() == ""
    terms = tsquery_terms(parsed)
    stripped = re.sub(r"'(?:[0-9]|[^\W\d_])+'", "", terms).replace(" & ", "").replace(":*", "")
    assert stripped.strip() == ""


@given(st.text())
def test_any_text_folds_to_lowercase_without_combining_marks(text):
    folded = fold(text)
    assert folded == folded.lower() or not folded.isascii()
    assert words(folded) == words(text)


def test_excluded_tokens_need_something_to_match():
    parsed = parse_query("zorg")
    excluded = [doc_type_token("event")]
    assert fts5_match(parsed, [], excluded) == f'("{stem("zorg")}" *) NOT ("{excluded[0]}")'
    assert fts5_match(parse_query(""), [], excluded) == ""
    assert tsquery_filter([], excluded) == f"!('{excluded[0]}')"


def test_a_document_is_indexed_by_the_prefixes_of_its_stems():
    tokens = prefix_tokens(["zorgboerderij", "zorg", "op", "bak"])
    assert tokens == sorted(set(tokens))
    # 3 to 8 characters of each stem, each prefix once; a stem shorter than 3 gives none.
    assert tokens == [
        "p_bak", "p_zor", "p_zorg", "p_zorgb", "p_zorgbo", "p_zorgboe", "p_zorgboer",
    ]  # fmt: skip


def test_postgresql_matches_a_prefix_of_up_to_eight_letters_by_its_token():
    parsed = parse_query("duurzame energie")
    assert tsquery_terms(parsed, prefix_token=True) == "'duurzame'"
    assert tsquery_prefix(parsed) == f"'p_{stem('energie')}'"
    # A longer prefix has no token: the engine's own prefix search matches it.
    longer = parse_query("duurzame zorgboerderij")
    assert tsquery_terms(longer, prefix_token=True) == "'duurzame' & 'zorgboerderij':*"
    assert tsquery_prefix(longer) == ""
    # A short last word is no prefix at all.
    assert tsquery_prefix(parse_query("zorg ab")) == ""


def test_postgresql_selects_a_prefix_by_its_token_up_to_eight_letters():
    assert tsquery_parts(parse_query("duurzame zorg")) == ("'duurzame'", "'p_zorg'")
    long = parse_query("duurzame samenwerking")
    assert len(stem("samenwerking")) > 8
    assert tsquery_parts(long) == ("'duurzame' & 'samenwerking':*", "")
    assert tsquery_parts(parse_query("zorg ab")) == ("'zorg' & 'ab'", "")
