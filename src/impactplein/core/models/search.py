"""Tables of the search index. Only :mod:`impactplein.core.search` writes them.

Besides these tables the index has one engine-specific part, created by migration
``0003_search_index`` for the database in use and not described here, because Django has no
portable field for it:

- on SQLite, the FTS5 table ``core_search_fts`` whose rowid is the document's id, and a trigger
  that deletes a document's FTS row with the document (a later migration that makes SQLite
  rebuild ``core_searchdocument`` must create that trigger again);
- on PostgreSQL, the column ``core_searchdocument.search_vector`` (``tsvector``) with a GIN index.
  A rebuild of most of the index replaces the whole table (``replacing_documents`` in
  ``core.search.backends.postgresql``), keeping its columns, indexes, constraints and privileges:
  give no other table a foreign key to it and build no view on it, or the rebuild cannot drop it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    """One indexed document: what a hit shows and what it is ordered by.

    The body is not kept: only the engine's index holds it, as stems or lexemes.
    """

    doc_type = models.CharField(_("soort document"), max_length=50)
    doc_id = models.CharField(_("sleutel"), max_length=64)
    title = models.TextField(_("titel"))
    # Folded title (see core.search.stemming.sort_key): orders titles alike on both engines.
    sort_title = models.CharField(_("sorteertitel"), max_length=200)
    published_at = models.DateTimeField(_("gepubliceerd op"))
    # The ids of the document's SearchFacetValue rows, space-separated. Facet counts of a search
    # read them from the matching rows in the same pass that finds them, without a join.
    facet_value_ids = models.TextField(_("facetwaarden"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "doc_id"], name="searchdocument_unique_key"
            ),
        ]
        # The indexes that serve "order by title" and "newest" are created per engine by the
        # migration (PostgreSQL needs the "C" collation to order titles as SQLite does).
        verbose_name = _("zoekdocument")
        verbose_name_plural = _("zoekdocumenten")

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.doc_id}"


class SearchFacetValue(models.Model):
    """A facet value of one document type, with the number of indexed documents that have it.

    The counts answer the facet counts of an unfiltered listing without touching the documents.
    """

    doc_type = models.CharField(_("soort document"), max_length=50)
    key = models.CharField(_("facet"), max_length=50)
    value = models.CharField(_("waarde"), max_length=200)
    document_count = models.PositiveIntegerField(_("aantal documenten"), default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "key", "value"], name="searchfacetvalue_unique_value"
            ),
        ]
        verbose_name = _("facetwaarde")
        verbose_name_plural = _("facetwaarden")

    def __str__(self) -> str:
        return f"{self.doc_type}:{self.key}={self.value}"
