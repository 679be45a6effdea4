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

import functools
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.utils import timezone, translation

from impactplein.core.models import Theme
from impactplein.core.search import Document, index_documents, rebuild_index, remove_documents
from impactplein.core.tasks import enqueue_for_records
from impactplein.directory import certifications
from impactplein.directory.constants import ImpactModel, ProfileStatus, StoryStatus
from impactplein.directory.models import Certification, ImpactProfile, Story
from impactplein.organisations.models import Organisation

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


@functools.cache
def _model_labels_nl() -> dict[str, str]:
    """Impact model labels in Dutch, the language the index stems."""
    with translation.override("nl"):
        return {value: str(label) for value, label in ImpactModel.choices}


def _profile_document(
    *,
    pk: int,
    name: str,
    pitch: str,
    story: str,
    offer: str,
    target_groups: Iterable[str],
    themes: Iterable[Theme],
    sdgs: Iterable[Any],
    impact_models: Iterable[str],
    kind: str,
    kind_label: str,
    city: str,
    municipality_code: str,
    municipality_name: str,
    area: tuple[str, str] | None,  # (slug, name)
    certification_kinds: Iterable[str],
    sells: bool,
    published_at: datetime | None,
) -> Document:
    """The one place that says what a profile's search document holds; both ways of reading
    profiles (one at a time, or in bulk as plain values) hand their values to it."""
    themes, sdgs, impact_models = list(themes), list(sdgs), list(impact_models)
    parts = [
        pitch,
        story,
        offer,
        " ".join(target_groups),
        " ".join(theme.name_nl for theme in themes),
        " ".join(sdg.name_nl for sdg in sdgs),
        " ".join(_model_labels_nl()[model] for model in impact_models),
        kind_label,
        city,
        municipality_name,
        area[1] if area else "",
    ]
    facets: dict[str, list[str]] = {
        "kind": [kind],
        "municipality": [municipality_code],
        "theme": [theme.slug for theme in themes],
        "sdg": [str(sdg.number) for sdg in sdgs],
        "certification": sorted(certification_kinds),
        "model": impact_models,
    }
    if area:
        facets["area"] = [area[0]]
    if sells:
        facets["sells"] = ["yes"]
    return Document(
        doc_type=DOC_TYPE,
        doc_id=str(pk),
        title=name,
        body=" ".join(part for part in parts if part),
        facets=facets,
        published_at=published_at,
    )


def profile_document(profile: ImpactProfile, day: date | None = None) -> Document:
    """The published profile as a search document: the organisation's name as title."""
    organisation = profile.organisation
    # Labels go in in Dutch: the index stems Dutch, whatever language the writer browsed in.
    with translation.override("nl"):
        kind_label = str(organisation.get_kind_display())
    return _profile_document(
        pk=profile.pk,
        name=organisation.name,
        pitch=profile.pitch,
        story=profile.story,
        offer=profile.offer,
        target_groups=profile.target_groups,
        themes=profile.themes.all(),
        sdgs=profile.sdgs.all(),
        impact_models=profile.impact_models,
        kind=organisation.kind,
        kind_label=kind_label,
        city=organisation.city,
        municipality_code=organisation.municipality.cbs_code,
        municipality_name=organisation.municipality.name,
        area=(organisation.area.slug, organisation.area.name) if organisation.area else None,
        certification_kinds=valid_certification_kinds(profile, day or timezone.localdate()),
        sells=profile.sells_to_buyers,
        published_at=profile.published_at,
    )


def index_profiles(pks: Iterable[int]) -> None:
    """Bring the index in line with profiles ``pks``: each in it when published, out of it
    otherwise."""
    wanted = [str(pk) for pk in pks]
    day = timezone.localdate()
    documents = [
        profile_document(profile, day) for profile in indexable_profiles().filter(pk__in=wanted)
    ]
    index_documents(documents)
    indexed = {document.doc_id for document in documents}
    remove_documents(DOC_TYPE, [pk for pk in wanted if pk not in indexed])


def index_organisation_profiles(organisation_pks: Iterable[int]) -> None:
    """Re-index the profiles of organisations ``organisation_pks`` (those that have one)."""
    index_profiles(
        ImpactProfile.objects.filter(organisation_id__in=list(organisation_pks)).values_list(
            "pk", flat=True
        )
    )


def index_all_profiles() -> int:
    """Replace the whole type by the documents of every published profile (read in bulk)."""
    return rebuild_index(DOC_TYPE, profile_documents_in_bulk())


def profile_documents_in_bulk(
    day: date | None = None, chunk_size: int = 5000
) -> Iterator[Document]:
    """The documents :func:`profile_document` makes, for every published profile, read as plain
    values a chunk of profiles at a time (five queries per chunk, no model instances): the way to
    index a whole country within minutes. The same profile gives the same document either way."""
    from impactplein.core.models import SDG, Area, Municipality, Theme

    day = day or timezone.localdate()
    valid = {certifications.Status.VALID, certifications.Status.EXPIRING}
    themes = {theme.pk: theme for theme in Theme.objects.all()}
    theme_rank = {pk: rank for rank, pk in enumerate(Theme.objects.values_list("pk", flat=True))}
    sdgs = {sdg.pk: sdg for sdg in SDG.objects.all()}
    municipalities = dict(Municipality.objects.values_list("pk", "cbs_code"))
    municipality_names = dict(Municipality.objects.values_list("pk", "name"))
    areas = {pk: (slug, name) for pk, slug, name in Area.objects.values_list("pk", "slug", "name")}
    kind_field = ImpactProfile._meta.get_field("organisation").related_model._meta.get_field("kind")
    with translation.override("nl"):
        kind_labels = {value: str(label) for value, label in kind_field.flatchoices}
    last = 0
    while True:
        rows = list(
            ImpactProfile.objects.filter(status=ProfileStatus.PUBLISHED, pk__gt=last)
            .order_by("pk")
            .values_list(
                "pk", "pitch", "story", "offer", "target_groups", "impact_models",
                "sells_to_buyers", "published_at", "organisation_id", "organisation__name",
                "organisation__kind", "organisation__city", "organisation__municipality_id",
                "organisation__area_id",
            )[:chunk_size]
        )  # fmt: skip
        if not rows:
            return
        first, last = rows[0][0], rows[-1][0]
        profile_themes: dict[int, list[Theme]] = {}
        links = ImpactProfile.themes.through.objects.filter(
            impactprofile_id__gte=first, impactprofile_id__lte=last
        )
        for profile_id, theme_id in links.values_list("impactprofile_id", "theme_id"):
            profile_themes.setdefault(profile_id, []).append(themes[theme_id])
        profile_sdgs: dict[int, list[SDG]] = {}
        links = ImpactProfile.sdgs.through.objects.filter(
            impactprofile_id__gte=first, impactprofile_id__lte=last
        )
        for profile_id, sdg_id in links.values_list("impactprofile_id", "sdg_id"):
            profile_sdgs.setdefault(profile_id, []).append(sdgs[sdg_id])
        kinds: dict[int, set[str]] = {}
        held = Certification.objects.filter(organisation_id__in=[row[8] for row in rows])
        for organisation_id, kind, valid_from, valid_until in held.values_list(
            "organisation_id", "kind", "valid_from", "valid_until"
        ):
            if certifications.status_on(day, valid_from, valid_until) in valid:
                kinds.setdefault(organisation_id, set()).add(kind)
        for (
            pk, pitch, story, offer, target_groups, impact_models, sells, published_at,
            organisation_id, name, kind, city, municipality_id, area_id,
        ) in rows:  # fmt: skip
            yield _profile_document(
                pk=pk,
                name=name,
                pitch=pitch,
                story=story,
                offer=offer,
                target_groups=target_groups,
                themes=sorted(profile_themes.get(pk, []), key=lambda t: theme_rank[t.pk]),
                sdgs=sorted(profile_sdgs.get(pk, []), key=lambda sdg: sdg.number),
                impact_models=impact_models,
                kind=kind,
                kind_label=kind_labels.get(kind, kind),
                city=city,
                municipality_code=municipalities[municipality_id],
                municipality_name=municipality_names[municipality_id],
                area=areas.get(area_id) if area_id else None,
                certification_kinds=kinds.get(organisation_id, ()),
                sells=sells,
                published_at=published_at,
            )


def schedule_profile(*profiles: ImpactProfile) -> None:
    """Have the worker re-index the profiles once the current transaction has committed."""
    from impactplein.directory import tasks

    enqueue_for_records(tasks.index_profiles, [profile.pk for profile in profiles])


# --- stories -------------------------------------------------------------------------------------
# One document per *published* story (doc type ``story``, id = the story's pk), its title as title
# and its lead and text as body. Facets: ``theme`` (slugs of the themes of the profiles of the
# organisations it is about) and ``organisation`` (their pks).

STORY_DOC_TYPE = "story"


def story_document(story: Story) -> Document:
    organisations = list(story.organisations.all())
    themes = sorted(
        {theme.slug for organisation in organisations for theme in _profile_themes(organisation)}
    )
    return Document(
        doc_type=STORY_DOC_TYPE,
        doc_id=str(story.pk),
        title=story.title,
        body=" ".join(
            part for part in [story.lead, story.body, *(o.name for o in organisations)] if part
        ),
        facets={"theme": themes, "organisation": [str(o.pk) for o in organisations]},
        published_at=story.published_at,
    )


def _profile_themes(organisation: Organisation) -> list[Theme]:
    profile = getattr(organisation, "impact_profile", None)
    return list(profile.themes.all()) if profile is not None else []


def index_story(pk: int) -> None:
    """In the index when published, out of it otherwise."""
    story = (
        Story.objects.filter(pk=pk, status=StoryStatus.PUBLISHED)
        .prefetch_related("organisations__impact_profile__themes")
        .first()
    )
    if story is None:
        remove_documents(STORY_DOC_TYPE, [str(pk)])
    else:
        index_documents([story_document(story)])


def index_all_stories() -> int:
    """Replace every story document by one per story now published."""
    stories = (
        Story.objects.filter(status=StoryStatus.PUBLISHED)
        .prefetch_related("organisations__impact_profile__themes")
        .order_by("pk")
    )
    return rebuild_index(
        STORY_DOC_TYPE, (story_document(story) for story in stories.iterator(chunk_size=500))
    )


def schedule_story(story: Story) -> None:
    """Have the worker re-index the story once the current transaction has committed."""
    from impactplein.directory import tasks

    pk = story.pk
    transaction.on_commit(lambda: tasks.index_story.enqueue(pk))


#: The document types this app indexes and how each is rebuilt (``manage.py rebuild_search_index``).
REBUILDERS = {DOC_TYPE: index_all_profiles, STORY_DOC_TYPE: index_all_stories}
