"""Turning what a user typed, and the facet filters chosen, into engine queries.

Whatever a user types is reduced to plain words by :mod:`.stemming` before it comes near an
engine: quotes, brackets, operators (``AND``, ``OR``, ``NOT``, ``NEAR``), ``*``, ``-``, ``:``,
``^``, emoji, control characters and NUL bytes only separate words. The engines then receive
queries that this module writes itself, from words that hold only letters and digits, so no user
input reaches FTS5 or ``tsquery`` syntax unescaped.

Meaning of a query: every word must match (AND); the last word also matches as a prefix when it
is at least :data:`MIN_PREFIX_LENGTH` letters long; stop words are ignored; a query with no words
left matches everything.

On PostgreSQL prefixes are tokens too: every stem of a document is also indexed by its first 3
to :data:`MAX_PREFIX_TOKEN_LENGTH` letters (:func:`prefix_tokens`), so "zorg" finds
"zorgboerderij" by reading one list from the GIN index, as a whole word would. SQLite's FTS5
table has prefix indexes of its own for the same lengths.

Facet values and document types become tokens in the same index. Their tokens carry an
underscore, which the word splitter never produces, so a typed word can never match a facet token.

This module has no Django import so it can be tested in isolation.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

from .stemming import is_stop_word, stem, words

__all__ = [
    "MAX_PREFIX_TOKEN_LENGTH",
    "MAX_TERMS",
    "MIN_PREFIX_LENGTH",
    "OPERATOR_WORDS",
    "SAMPLE_BUCKETS",
    "SAMPLE_GROUP_SIZE",
    "ParsedQuery",
    "doc_type_token",
    "facet_token",
    "filter_groups",
    "fts5_match",
    "parse_query",
    "prefix_token",
    "prefix_tokens",
    "sample_bucket",
    "sample_group_token",
    "sample_token",
    "tsquery_filter",
    "tsquery_parts",
    "tsquery_prefix",
    "tsquery_terms",
]

#: At most this many words of a query are used; the rest is ignored.
MAX_TERMS = 16
#: The last word is prefix-matched from this many characters of its stem on.
MIN_PREFIX_LENGTH = 3
#: Stems are indexed by their prefixes of MIN_PREFIX_LENGTH up to this many characters; a longer
#: prefix is matched by the engine's own prefix search (it is rare, and matches few words).
MAX_PREFIX_TOKEN_LENGTH = 8
#: How the tokens of prefixes begin: ``p_zorg`` stands for every stem that begins with "zorg".
PREFIX_TOKEN_PREFIX = "p_"  # noqa: S105 - not a secret
#: Written in capitals these are query operators elsewhere; here they are left out.
OPERATOR_WORDS = frozenset({"AND", "OR", "NOT", "NEAR"})

_TOKEN_DIGEST_LENGTH = 20
#: How the tokens of sample buckets begin (see sample_token()).
SAMPLE_TOKEN_PREFIX = "s_"  # noqa: S105 - not a secret
_OPERATORS = re.compile(r"\b(?:AND|OR|NOT|NEAR)\b")  # OPERATOR_WORDS


@dataclass(frozen=True)
class ParsedQuery:
    """A user query reduced to words.

    ``words`` are folded words (what PostgreSQL stems), ``stems`` their classic Dutch stems (what
    SQLite FTS5 matches); ``prefix`` tells whether the last word also matches as a prefix.
    ``text`` is the normalised query shown back to the user.
    """

    words: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()
    prefix: bool = False
    text: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.words


def parse_query(raw: object, *, max_length: int = 200) -> ParsedQuery:
    """Reduce anything a user typed to a :class:`ParsedQuery`; never raises.

    Only the first ``max_length`` characters count. Words are deduplicated by stem, keeping the
    first occurrence, and at most :data:`MAX_TERMS` words are used.
    """
    text = raw if isinstance(raw, str) else ""
    text = text[: max(max_length, 0)]
    # Lone surrogates and other unencodable code points cannot be stored or sent anywhere.
    text = text.encode("utf-8", "replace").decode("utf-8")
    text = _OPERATORS.sub(" ", text)
    kept_words: list[str] = []
    kept_stems: list[str] = []
    shown: list[str] = []
    for word in words(text):
        shown.append(word)
        if is_stop_word(word):
            continue
        stemmed = stem(word)
        if stemmed in kept_stems or len(kept_stems) >= MAX_TERMS:
            continue
        kept_words.append(word)
        kept_stems.append(stemmed)
    prefix = bool(kept_stems) and len(kept_stems[-1]) >= MIN_PREFIX_LENGTH
    return ParsedQuery(
        words=tuple(kept_words), stems=tuple(kept_stems), prefix=prefix, text=" ".join(shown)
    )


@lru_cache(maxsize=65_536)
def _token(kind: str, *parts: str) -> str:
    digest = hashlib.blake2b("\x1f".join(parts).encode("utf-8", "replace"), digest_size=16)
    return f"{kind}_{digest.hexdigest()[:_TOKEN_DIGEST_LENGTH]}"


def prefix_token(prefix: str) -> str:
    """The index token of a stem prefix (``"zorg"`` -> ``"p_zorg"``); the prefix holds only
    letters and digits, and the underscore keeps it apart from any word."""
    return PREFIX_TOKEN_PREFIX + prefix


@lru_cache(maxsize=262_144)
def _stem_prefix_tokens(stem: str) -> tuple[str, ...]:
    longest = min(len(stem), MAX_PREFIX_TOKEN_LENGTH)
    return tuple(prefix_token(stem[:n]) for n in range(MIN_PREFIX_LENGTH, longest + 1))


def prefix_tokens(stems: Iterable[str]) -> list[str]:
    """The prefix tokens of a document with these stems: each prefix of
    :data:`MIN_PREFIX_LENGTH` to :data:`MAX_PREFIX_TOKEN_LENGTH` characters once, in a
    stable order. A stem of three letters is its own prefix token too."""
    found: set[str] = set()
    for stemmed in set(stems):
        found.update(_stem_prefix_tokens(stemmed))
    return sorted(found)


def _prefix_by_token(query: ParsedQuery) -> str | None:
    """The token that answers the query's last word as a prefix, or None (no prefix, or one
    longer than the prefix tokens)."""
    if not query.prefix or not query.stems:
        return None
    last = query.stems[-1]
    return prefix_token(last) if len(last) <= MAX_PREFIX_TOKEN_LENGTH else None


def facet_token(key: str, value: str) -> str:
    """The index token of one facet value, e.g. ``f_3c0b...`` for ``("kind", "company")``."""
    return _token("f", key, value)


def doc_type_token(doc_type: str) -> str:
    """The index token of a document type, so a type filter is answered by the index too."""
    return _token("t", doc_type)


#: Every document belongs to one of this many sample buckets, by a hash of its type and id, and
#: carries the bucket's token: a search too broad to count exactly counts a few buckets and
#: scales up (see :mod:`.searching`). At a million documents a bucket holds about a thousand,
#: the size of a sample. Changing it means indexing everything again (migration core.0005).
SAMPLE_BUCKETS = 1024


def sample_bucket(doc_type: str, doc_id: str) -> int:
    """The sample bucket of a document: spread evenly, whatever the ids look like."""
    digest = hashlib.blake2b(f"{doc_type}\x1f{doc_id}".encode("utf-8", "replace"), digest_size=8)
    return int.from_bytes(digest.digest(), "big") % SAMPLE_BUCKETS


#: Sample buckets come in groups of this many (bucket // SAMPLE_GROUP_SIZE), and a document also
#: carries its group's token, so that a sample of many buckets names a few groups instead.
SAMPLE_GROUP_SIZE = 16


def sample_group_token(group: int) -> str:
    """The index token of the group of sample buckets ``group`` (see SAMPLE_GROUP_SIZE)."""
    return _token("s", f"group {group}")


def sample_token(bucket: int) -> str:
    """The index token of sample bucket ``bucket`` (0 .. SAMPLE_BUCKETS - 1)."""
    return _token("s", str(bucket))


def filter_groups(
    doc_types: Sequence[str] | None, filters: Mapping[str, Sequence[str]] | None
) -> list[list[str]]:
    """Facet filters as groups of tokens: any token of a group, and every group, must match.

    Keys with no values impose nothing. Groups come out in a stable order (by key).
    """
    groups: list[list[str]] = []
    if doc_types:
        groups.append(sorted({doc_type_token(str(doc_type)) for doc_type in doc_types}))
    for key in sorted(str(key) for key in (filters or {})):
        values = [str(value) for value in (filters or {})[key] if str(value)]
        if values:
            groups.append(sorted({facet_token(key, value) for value in values}))
    return groups


def fts5_match(
    query: ParsedQuery, groups: Sequence[Sequence[str]], exclude: Sequence[str] = ()
) -> str:
    """An FTS5 MATCH expression: every stem (the last maybe as prefix), every filter group, and
    none of the ``exclude`` tokens.

    Each stem and token is written as an FTS5 string in double quotes; they contain only letters,
    digits and underscores, so nothing inside can be read as syntax. Returns ``""`` when there is
    nothing to match (then every document matches); ``exclude`` needs something to match.
    """
    parts = [f'"{term}"' for term in query.stems]
    if query.prefix and parts:
        parts[-1] += " *"
    for group in groups:
        alternatives = " OR ".join(f'"{token}"' for token in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    expression = " AND ".join(parts)
    if expression and exclude:
        excluded = " OR ".join(f'"{token}"' for token in exclude)
        expression = f"({expression}) NOT ({excluded})"
    return expression


def tsquery_terms(query: ParsedQuery, *, any_word: bool = False, prefix_token: bool = False) -> str:
    """The words of ``query`` in ``to_tsquery`` syntax, for PostgreSQL's ``dutch`` configuration.

    Each word is single-quoted and holds only letters and digits; PostgreSQL stems it the way
    :func:`.stemming.stem` does. The words are joined with AND, or with OR for ``any_word``.
    With ``prefix_token`` a last word that :func:`tsquery_prefix` answers by its prefix token is
    left out here. Returns ``""`` for an empty query.
    """
    parts = [f"'{word}'" for word in query.words]
    if prefix_token and not any_word and _prefix_by_token(query) is not None:
        parts.pop()
    elif query.prefix and parts:
        parts[-1] += ":*"
    return (" | " if any_word else " & ").join(parts)


def tsquery_parts(query: ParsedQuery) -> tuple[str, str]:
    """How PostgreSQL selects the words of ``query``: (words for ``to_tsquery('dutch', ...)``,
    the prefix token to cast with ``::tsquery``), each ``""`` when there is none.

    A last word of up to :data:`MAX_PREFIX_TOKEN_LENGTH` letters is selected by its prefix
    token. A longer one stays a prefix search of the engine: GIN then collects every entry of
    every word it begins, which costs what those words' documents cost; a long prefix is mostly
    one rare compound. (Selecting by its first eight letters' token and testing each row costs
    more: "boerderijbedrijf" would test every "boerderij".)
    """
    words = [f"'{word}'" for word in query.words]
    if not query.prefix or not words:
        return " & ".join(words), ""
    last = query.stems[-1]
    if len(last) <= MAX_PREFIX_TOKEN_LENGTH:
        return " & ".join(words[:-1]), f"'{prefix_token(last)}'"
    words[-1] += ":*"
    return " & ".join(words), ""


def tsquery_prefix(query: ParsedQuery) -> str:
    """The prefix token of the last word as ``tsquery`` text (to cast with ``::tsquery``), or
    ``""`` when ``tsquery_terms(prefix_token=True)`` matches the last word itself. Relevance
    ranking does not use it: ``tsquery_terms(any_word=True)`` ranks by the words' own
    occurrences."""
    by_token = _prefix_by_token(query)
    return f"'{by_token}'" if by_token is not None else ""


def tsquery_filter(groups: Sequence[Sequence[str]], exclude: Sequence[str] = ()) -> str:
    """Filter groups, and tokens to exclude, as ``tsquery`` text to cast with ``::tsquery``."""
    clauses = []
    for group in groups:
        alternatives = " | ".join(f"'{token}'" for token in group)
        clauses.append(f"({alternatives})" if len(group) > 1 else alternatives)
    if exclude:
        clauses.append("!(" + " | ".join(f"'{token}'" for token in exclude) + ")")
    return " & ".join(clauses)
