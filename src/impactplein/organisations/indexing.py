"""Keeps organisations findable through the core search engine.

The services enqueue :func:`index_organisation` with ``transaction.on_commit``, so the index only
ever sees committed data. While ``impactplein.core.search`` offers no indexing interface this is a
no-op.
"""

from importlib.util import find_spec

from impactplein.organisations.models import Organisation

DOC_TYPE = "organisation"


def search_available() -> bool:
    return find_spec("impactplein.core.search") is not None


def index_organisation(pk: int) -> None:
    if not search_available():
        return
    organisation = Organisation.objects.select_related("municipality", "area").filter(pk=pk).first()
    del organisation
