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

from impactplein.core.models import Theme
from impactplein.core.search import Document, index_documents, remove_documents
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
        model_labels = {value: str(label) for value, label in ImpactModel.choices}
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
            own_themes = sorted(profile_themes.get(pk, []), key=lambda t: theme_rank[t.pk])
            own_sdgs = sorted(profile_sdgs.get(pk, []), key=lambda sdg: sdg.number)
            area = areas.get(area_id) if area_id else None
            parts = [
                pitch,
                story,
                offer,
                " ".join(target_groups),
                " ".join(theme.name_nl for theme in own_themes),
                " ".join(sdg.name_nl for sdg in own_sdgs),
                " ".join(model_labels[model] for model in impact_models),
                kind_labels.get(kind, kind),
                city,
                municipality_names[municipality_id],
                area[1] if area else "",
            ]
            facets: dict[str, list[str]] = {
                "kind": [kind],
                "municipality": [municipalities[municipality_id]],
                "theme": [theme.slug for theme in own_themes],
                "sdg": [str(sdg.number) for sdg in own_sdgs],
                "certification": sorted(kinds.get(organisation_id, ())),
                "model": list(impact_models),
            }
            if area:
                facets["area"] = [area[0]]
            if sells:
                facets["sells"] = ["yes"]
            yield Document(
                doc_type=DOC_TYPE,
                doc_id=str(pk),
                title=name,
                body=" ".join(part for part in parts if part),
                facets=facets,
                published_at=published_at,
            )


def schedule_profile(profile: ImpactProfile) -> None:
    """Have the worker re-index the profile once the current transaction has committed."""
    from impactplein.directory import tasks

    pk = profile.pk
    transaction.on_commit(lambda: tasks.index_profile.enqueue(pk))


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
    stories = (
        Story.objects.filter(status=StoryStatus.PUBLISHED)
        .prefetch_related("organisations__impact_profile__themes")
        .order_by("pk")
    )
    return index_documents(story_document(story) for story in stories.iterator(chunk_size=500))


def schedule_story(story: Story) -> None:
    """Have the worker re-index the story once the current transaction has committed."""
    from impactplein.directory import tasks

    pk = story.pk
    transaction.on_commit(lambda: tasks.index_story.enqueue(pk))
