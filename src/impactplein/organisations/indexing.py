"""Keeps organisations findable through the core search engine.

The services call :func:`index_organisations` from ``transaction.on_commit``, so the index only
ever holds committed data. :func:`index_all_organisations` rebuilds the whole type, for imports
and for a fresh index.
"""

from collections.abc import Iterable, Iterator

from django.utils import translation

from impactplein.core.models import SBISection
from impactplein.core.search import Document, index_documents, rebuild_index, remove_documents
from impactplein.organisations import identifiers
from impactplein.organisations.models import Organisation

DOC_TYPE = "organisation"


SectionNames = dict[tuple[str, str], str]


def _section_names() -> SectionNames:
    return {(s.version, s.code): s.name_nl for s in SBISection.objects.all()}


def _section_name(organisation: Organisation, sections: SectionNames) -> str:
    if not (organisation.sbi_code and organisation.sbi_version):
        return ""
    try:
        letter = identifiers.sbi_section(organisation.sbi_code, organisation.sbi_version)
    except identifiers.IdentifierError:
        return ""
    return sections.get((organisation.sbi_version, letter), "")


def organisation_document(
    organisation: Organisation, sections: SectionNames | None = None
) -> Document:
    """The organisation as a search document: name as title, the rest of the record as body."""
    if sections is None:
        sections = _section_names()
    # Labels go in in Dutch: the index stems Dutch, whatever language the writer browsed in.
    with translation.override("nl"):
        parts = [
            organisation.get_kind_display(),
            organisation.get_legal_form_display(),
            " ".join(organisation.address_lines),
            organisation.municipality.name,
            organisation.area.name if organisation.area else "",
            _section_name(organisation, sections),
            organisation.kvk_number or "",
        ]
    facets = {
        "kind": [organisation.kind],
        "municipality": [organisation.municipality.cbs_code],
        "legal_form": [organisation.legal_form],
    }
    if organisation.area:
        facets["area"] = [organisation.area.slug]
    return Document(
        doc_type=DOC_TYPE,
        doc_id=str(organisation.pk),
        title=organisation.name,
        body=" ".join(part for part in parts if part),
        facets=facets,
    )


def _documents(organisations: Iterable[Organisation]) -> Iterator[Document]:
    sections = _section_names()
    for organisation in organisations:
        yield organisation_document(organisation, sections)


def index_organisations(pks: Iterable[int]) -> None:
    """Bring the index in line with organisations ``pks``: a document for each one on record,
    none for one deleted meanwhile."""
    wanted = [str(pk) for pk in pks]
    organisations = Organisation.objects.select_related("municipality", "area").filter(
        pk__in=wanted
    )
    documents = list(_documents(organisations))
    index_documents(documents)
    found = {document.doc_id for document in documents}
    remove_documents(DOC_TYPE, [pk for pk in wanted if pk not in found])


def index_all_organisations() -> int:
    """Replace every organisation document by one per organisation now on record."""
    organisations = Organisation.objects.select_related("municipality", "area").order_by("pk")
    return rebuild_index(DOC_TYPE, _documents(organisations.iterator(chunk_size=1000)))


#: The document types this app indexes and how each is rebuilt (``manage.py rebuild_search_index``).
REBUILDERS = {DOC_TYPE: index_all_organisations}
