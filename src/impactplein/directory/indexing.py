"""Keeps the published impact profiles findable: the showcase searches these documents.

One document per *published* profile (doc type ``impact_profile``, id = the profile's pk). Facet
keys and their values are the showcase's filters, so a URL such as ``?theme=armoede&sdg=8`` is a
filter on the index:

======================  ============================================================
``kind``                the organisation's kind (``OrganisationKind`` value)
``municipality``        CBS code of the municipality, e.g. ``GM0505``
``area``                slug of the area (business park, centre, district), if any
``theme``               theme slugs
``sdg``                 SDG numbers as strings, ``"1"`` .. ``"17"``
``certification``       kinds of the certifications valid today (``CertificationKind``)
``model``               impact models (``ImpactModel`` values)
``sells``               ``"yes"`` when the enterprise sells to buyers (Buy Social)
======================  ============================================================

Services call :func:`schedule_profile` (after commit, through the worker); a profile that is
not published is removed from the index. :func:`index_all_profiles` rebuilds the whole type.
"""

from collections.abc import Iterable, Iterator
from datetime import date

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from impactplein.core.search import Document, index_documents, remove_documents
from impactplein.directory import certifications
from impactplein.directory.constants import ImpactModel, ProfileStatus
from impactplein.directory.models import Certification, ImpactProfile

DOC_TYPE = "impact_profile"
FACET_KEYS = ("kind", "municipality", "area", "theme", "sdg", "certification", "model", "sells")


def indexable_profiles() -> QuerySet[ImpactProfile]:
    """Published profiles with everything a document needs, in a handful of queries."""
    return (
        ImpactProfile.objects.filter(status=ProfileStatus.PUBLISHED)
        .select_related("organisation__municipality", "organisation__area")
        .prefetch_related(
            "themes",
            "sdgs",
            Prefetch(
                "organisation__certifications",
                queryset=Certification.objects.only(
                    "organisation_id", "kind", "valid_from", "valid_until"
                ),
            ),
        )
    )


def valid_certification_kinds(profile: ImpactProfile, day: date) -> list[str]:
    valid = {certifications.Status.VALID, certifications.Status.EXPIRING}
    return sorted(
        {
            certification.kind
            for certification in profile.organisation.certifications.all()
            if certification.status_on(day) in valid
        }
    )


def profile_document(profile: ImpactProfile, day: date | None = None) -> Document:
    """The published profile as a search document: the organisation's name as title."""
    day = day or timezone.localdate()
    organisation = profile.organisation
    themes = list(profile.themes.all())
    sdgs = list(profile.sdgs.all())
    # Labels go in in Dutch: the index stems Dutch, whatever language the writer browsed in.
    with translation.override("nl"):
        parts = [
            profile.pitch,
            profile.story,
            profile.offer,
            " ".join(profile.target_groups),
            " ".join(theme.name_nl for theme in themes),
            " ".join(sdg.name_nl for sdg in sdgs),
            " ".join(str(ImpactModel(model).label) for model in profile.impact_models),
            organisation.get_kind_display(),
            organisation.city,
            organisation.municipality.name,
            organisation.area.name if organisation.area else "",
        ]
    facets: dict[str, list[str]] = {
        "kind": [organisation.kind],
        "municipality": [organisation.municipality.cbs_code],
        "theme": [theme.slug for theme in themes],
        "sdg": [str(sdg.number) for sdg in sdgs],
        "certification": valid_certification_kinds(profile, day),
        "model": list(profile.impact_models),
    }
    if organisation.area:
        facets["area"] = [organisation.area.slug]
    if profile.sells_to_buyers:
        facets["sells"] = ["yes"]
    return Document(
        doc_type=DOC_TYPE,
        doc_id=str(profile.pk),
        title=organisation.name,
        body=" ".join(part for part in parts if part),
        facets=facets,
        published_at=profile.published_at,
    )


def index_profile(pk: int) -> None:
    """Bring the index in line with profile ``pk``: in it when published, out of it otherwise."""
    profile = indexable_profiles().filter(pk=pk).first()
    if profile is None:
        remove_documents(DOC_TYPE, [str(pk)])
    else:
        index_documents([profile_document(profile)])


def index_organisation_profile(organisation_pk: int) -> None:
    pk = (
        ImpactProfile.objects.filter(organisation_id=organisation_pk)
        .values_list("pk", flat=True)
        .first()
    )
    if pk is not None:
        index_profile(pk)


def _documents(profiles: Iterable[ImpactProfile], day: date) -> Iterator[Document]:
    for profile in profiles:
        yield profile_document(profile, day)


def index_all_profiles() -> int:
    day = timezone.localdate()
    profiles = indexable_profiles().order_by("pk").iterator(chunk_size=1000)
    return index_documents(_documents(profiles, day))


def schedule_profile(profile: ImpactProfile) -> None:
    """Have the worker re-index the profile once the current transaction has committed."""
    from impactplein.directory import tasks

    pk = profile.pk
    transaction.on_commit(lambda: tasks.index_profile.enqueue(pk))
