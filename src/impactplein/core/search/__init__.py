"""Impactplein's one search engine: any app indexes documents and searches them.

One interface, two engines: SQLite FTS5 over text stemmed in Python with Snowball's classic Dutch
stemmer, or PostgreSQL's ``tsvector`` with the ``dutch`` configuration and a GIN index. The same
documents give the same results on both.

Usage::

    from impactplein.core.search import Document, index_documents, search

    index_documents([Document("organisation", "42", "Bakkerij De Korenaar", body="...",
                              facets={"kind": ["company"], "municipality": ["GM0505"]})])
    result = search("bakkerij", filters={"municipality": ["GM0505"]}, facet_keys=["kind"])

Apps index from their services with ``transaction.on_commit`` and never write the index tables
themselves. Modules: :mod:`.stemming` (text to tokens, pure), :mod:`.query` (user input to engine
queries, pure), :mod:`.index` (writes), :mod:`.searching` (reads), :mod:`.backends` (engines).
"""

from .index import clear_index, index_documents, rebuild_index, remove_documents
from .records import Document, Hit, SearchResult
from .searching import search

__all__ = [
    "Document",
    "Hit",
    "SearchResult",
    "clear_index",
    "index_documents",
    "rebuild_index",
    "remove_documents",
    "search",
]
