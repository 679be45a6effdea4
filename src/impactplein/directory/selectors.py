"""Reading the directory: the latest scan and its history, certifications on a given day, and
the public showcase (search, map, feed, export)."""

import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from django.db.models import Min, QuerySet
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import SDG, Area, Municipality, Theme
from impactplein.core.search import SearchResult, search
from impactplein.directory import certifications, consent, indexing
from impactplein.directory.constants import (
    CertificationKind,
    ClaimStatus,
    ImpactModel,
    ProfileStatus,
    RevisionStatus,
    StoryStatus,
)
from impactplein.directory.models import (
    Certification,
    ImpactProfile,
    ImpactScan,
    OrganisationClaim,
    ProfileRevision,
    Story,
    StoryPhoto,
)
from impactplein.organisations.constants import MembershipRole, OrganisationKind
from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import memberships_of_user


def latest_scan(organisation: Organisation) -> ImpactScan | None:
    return scan_history(organisation).first()


def scan_history(organisation: Organisation) -> QuerySet[ImpactScan]:
    """Every scan of the organisation, newest first."""
    return ImpactScan.objects.filter(organisation=organisation).order_by("-taken_at", "-pk")


class CertificationOnDay(NamedTuple):
    certification: Certification
    status: certifications.Status


def certifications_on(
    organisation: Organisation,
    day: date,
    warn_days: int = certifications.DEFAULT_WARN_DAYS,
) -> list[CertificationOnDay]:
    """Every certification of the organisation with its status on ``day`` (expired ones too)."""
    return [
        CertificationOnDay(certification, certification.status_on(day, warn_days))
        for certification in Certification.objects.filter(organisation=organisation)
        .select_related("verified_by")
        .order_by("kind", "-valid_from", "pk")
    ]


# --- showcase: the public search, its map, feed and export ---------------------------------------

#: The showcase's orders as the address shows them -> the search engine's orders.
SHOWCASE_ORDERS = {"relevance": "relevance", "name": "title", "newest": "newest"}
SHOWCASE_PER_PAGE = 20
#: The search engine hands out at most this many hits per call; longer lists are fetched in pages.
_ENGINE_PAGE = 100


@dataclass(frozen=True)
class ShowcaseQuery:
    """What a visitor asked the showcase: words, facet filters (key -> values) and an order."""

    text: str = ""
    filters: Mapping[str, Sequence[str]] = field(default_factory=dict)
    order: str = "relevance"


def showcase_search(
    query: ShowcaseQuery,
    *,
    page: int = 1,
    per_page: int = SHOWCASE_PER_PAGE,
    with_facets: bool = True,
) -> SearchResult:
    """One page of published profiles matching ``query``, with the facet counts of the result."""
    return search(
        query.text,
        doc_types=[indexing.DOC_TYPE],
        filters={key: list(values) for key, values in query.filters.items() if values},
        facet_keys=indexing.FACET_KEYS if with_facets else (),
        order=SHOWCASE_ORDERS.get(query.order, "relevance"),
        page=page,
        per_page=per_page,
    )


class ShowcaseCard(NamedTuple):
    """What a result card shows of a published profile: plain values, no model instances."""

    pk: int
    name: str
    pitch: str
    municipality: str
    sells_to_buyers: bool
    logo_url: str
    themes: list[str]  # names in the active language


def showcase_cards(doc_ids: Iterable[str]) -> list[ShowcaseCard]:
    """The cards of the published profiles behind search hits, in the hits' order.

    Two queries however many hits (the profiles with their organisation and municipality, then
    their themes), reading only the columns a card shows: the page is measured at a million
    profiles. A hit whose profile is no longer published (the index follows a moment later) is
    left out.
    """
    pks = [int(doc_id) for doc_id in doc_ids if str(doc_id).isdigit()]
    if not pks:
        return []
    rows = (
        ImpactProfile.objects.filter(pk__in=pks, status=ProfileStatus.PUBLISHED)
        .order_by()
        .values_list(
            "pk",
            "organisation__name",
            "pitch",
            "organisation__municipality__name",
            "sells_to_buyers",
            "logo",
        )
    )
    english = get_language() == "en"
    themes: dict[int, list[str]] = {}
    for profile_pk, name_nl, name_en in (
        ImpactProfile.themes.through.objects.filter(impactprofile_id__in=pks)
        .order_by("theme__position", "theme__slug")
        .values_list("impactprofile_id", "theme__name_nl", "theme__name_en")
    ):
        themes.setdefault(profile_pk, []).append(name_en if english and name_en else name_nl)
    storage = ImpactProfile._meta.get_field("logo").storage  # type: ignore[union-attr]
    by_pk = {
        pk: ShowcaseCard(
            pk,
            name,
            pitch,
            municipality,
            sells,
            storage.url(logo) if logo else "",
            themes.get(pk, []),
        )
        for pk, name, pitch, municipality, sells, logo in rows
    }
    return [by_pk[pk] for pk in pks if pk in by_pk]


def showcase_hit_ids(query: ShowcaseQuery, *, limit: int) -> tuple[list[str], int]:
    """The ids of the first ``limit`` documents of the result, and the result's total."""
    ids: list[str] = []
    page, total = 1, 0
    while len(ids) < limit:
        result = showcase_search(query, page=page, per_page=_ENGINE_PAGE, with_facets=False)
        total = result.total
        ids += [hit.doc_id for hit in result.hits]
        if not result.has_next or not result.hits:
            break
        page += 1
    return ids[:limit], total


class ShowcaseMarker(NamedTuple):
    pk: int
    name: str
    pitch: str
    municipality: str
    latitude: Decimal
    longitude: Decimal


class ShowcaseLocations(NamedTuple):
    markers: list[ShowcaseMarker]
    total: int  # documents in the whole result
    considered: int  # of those, how many were looked at (at most the cap)
    without_location: int  # of the considered, how many have no coordinates yet


def showcase_locations(query: ShowcaseQuery, *, limit: int) -> ShowcaseLocations:
    """Map markers for the first ``limit`` profiles of the result, with their coordinates."""
    ids, total = showcase_hit_ids(query, limit=limit)
    pks = [int(doc_id) for doc_id in ids if doc_id.isdigit()]
    rows = (
        ImpactProfile.objects.filter(pk__in=pks, status=ProfileStatus.PUBLISHED)
        .filter(organisation__latitude__isnull=False, organisation__longitude__isnull=False)
        .values_list(
            "pk",
            "organisation__name",
            "pitch",
            "organisation__municipality__name",
            "organisation__latitude",
            "organisation__longitude",
        )
    )
    by_pk = {row[0]: ShowcaseMarker(*row) for row in rows}
    markers = [by_pk[pk] for pk in pks if pk in by_pk]
    return ShowcaseLocations(markers, total, len(ids), len(ids) - len(markers))


def showcase_export_profiles(
    doc_ids: Sequence[str], *, chunk: int = 500
) -> Iterator[ImpactProfile]:
    """The published profiles behind ``doc_ids`` in that order, with what an export row needs,
    read a chunk at a time so a long export never holds every profile in memory."""
    pks = [int(doc_id) for doc_id in doc_ids if str(doc_id).isdigit()]
    for start in range(0, len(pks), chunk):
        part = pks[start : start + chunk]
        by_pk = {
            profile.pk: profile
            for profile in ImpactProfile.objects.filter(pk__in=part, status=ProfileStatus.PUBLISHED)
            .select_related("organisation__municipality", "organisation__area")
            .prefetch_related("themes", "sdgs")
        }
        yield from (by_pk[pk] for pk in part if pk in by_pk)


def newest_profiles(limit: int = 50) -> QuerySet[ImpactProfile]:
    """The most recently published profiles, newest first (the showcase's feed)."""
    return (
        ImpactProfile.objects.filter(status=ProfileStatus.PUBLISHED, published_at__isnull=False)
        .select_related("organisation__municipality")
        .prefetch_related("themes")
        .order_by("-published_at", "-pk")[:limit]
    )


#: How long a process keeps the labels of the reference data (themes, SDGs, municipalities,
#: areas); they change with a release or a rare edit in the admin, not per request.
REFERENCE_LABELS_SECONDS = 300
_reference_labels_cache: dict[str, tuple[float, dict[str, dict[str, str]]]] = {}


def _reference_labels() -> dict[str, dict[str, str]]:
    """Every theme, SDG, municipality and area value with its label in the active language.

    Kept per process for a few minutes: four small tables, read on every showcase request
    otherwise.
    """
    language = get_language() or "nl"
    cached = _reference_labels_cache.get(language)
    now = time.monotonic()
    if cached is not None and cached[0] > now:
        return cached[1]
    english = language == "en"
    labels = {
        "theme": {
            slug: name_en if english and name_en else name_nl
            for slug, name_nl, name_en in Theme.objects.values_list("slug", "name_nl", "name_en")
        },
        "sdg": {str(sdg.number): str(sdg) for sdg in SDG.objects.all()},
        "municipality": dict(Municipality.objects.values_list("cbs_code", "name")),
        # Area slugs repeat between municipalities ("centrum"): one row per slug, whatever the
        # number of municipalities, named by the first of its names.
        "area": dict(
            Area.objects.order_by()
            .values("slug")
            .annotate(label=Min("name"))
            .values_list("slug", "label")
        ),
    }
    _reference_labels_cache[language] = (now + REFERENCE_LABELS_SECONDS, labels)
    return labels


def showcase_facet_labels(values: Mapping[str, Iterable[str]]) -> dict[str, dict[str, str]]:
    """Labels in the active language of the given facet values: key -> value -> label.

    Values that are not known (a made-up theme in an address) are missing from the answer.
    """
    wanted = {key: {str(value) for value in values.get(key, ())} for key in indexing.FACET_KEYS}
    labels: dict[str, dict[str, str]] = {
        "kind": _choice_labels(OrganisationKind.choices, wanted["kind"]),
        "certification": _choice_labels(CertificationKind.choices, wanted["certification"]),
        "model": _choice_labels(ImpactModel.choices, wanted["model"]),
        "sells": {"yes": str(_("levert aan inkopers"))} if "yes" in wanted["sells"] else {},
    }
    if any(wanted[key] for key in ("theme", "sdg", "municipality", "area")):
        reference = _reference_labels()
        for key in ("theme", "sdg", "municipality", "area"):
            known = reference[key]
            labels[key] = {value: known[value] for value in wanted[key] if value in known}
    else:
        labels.update(theme={}, sdg={}, municipality={}, area={})
    return labels


def _choice_labels(choices: Sequence[tuple[str, Any]], wanted: set[str]) -> dict[str, str]:
    return {value: str(label) for value, label in choices if value in wanted}


# --- public profile and contact relay -------------------------------------------------------------


def profile_for_page(*, pk: int) -> ImpactProfile:
    """The profile with everything its page shows; raises ``ImpactProfile.DoesNotExist``."""
    profiles = ImpactProfile.objects.select_related(
        "organisation__municipality", "organisation__area"
    ).prefetch_related("themes", "sdgs", "figures")
    if hasattr(ImpactProfile, "photos"):
        profiles = profiles.prefetch_related("photos")
    return profiles.get(pk=pk)


def contact_recipients(*, organisation: Organisation) -> list[str]:
    """Where the contact form's messages go: the organisation's address, else its owners'."""
    if organisation.email:
        return [organisation.email]
    return list(
        organisation.memberships.filter(role=MembershipRole.OWNER, user__is_active=True)
        .exclude(user__email="")
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


# --- certifications: the organisation's list, its history, the verification queue --------------


def certification_get(*, organisation: Organisation, pk: int) -> Certification:
    """The certification ``pk`` of ``organisation`` (``Certification.DoesNotExist`` otherwise)."""
    return Certification.objects.select_related("organisation", "verified_by").get(
        organisation=organisation, pk=pk
    )


def certification_history(*, organisation: Organisation, limit: int = 50) -> list[Any]:
    """Who added, changed or removed which certification of the organisation, newest first."""
    return list(
        Certification.history.filter(organisation_id=organisation.pk)  # type: ignore[attr-defined]
        .select_related("history_user")
        .order_by("-history_date", "-history_id")[:limit]
    )


def certification_queue() -> QuerySet[Certification]:
    """Unverified certifications with evidence that was not sent back, oldest first."""
    return (
        Certification.objects.filter(verified_at__isnull=True, returned_at__isnull=True)
        .exclude(evidence="")
        .select_related("organisation")
        .order_by("created_at", "pk")
    )


# --- stories: public lists, an organisation's stories, the writers' and the editors' lists -------
STORIES_PER_PAGE = 12


def published_stories(*, theme: str = "") -> QuerySet[Story]:
    """Published stories, newest first; ``theme`` (a slug) keeps the stories about organisations
    whose impact profile has that theme."""
    stories = Story.objects.filter(status=StoryStatus.PUBLISHED)
    if theme:
        ids = Story.objects.filter(
            status=StoryStatus.PUBLISHED, organisations__impact_profile__themes__slug=theme
        ).values("pk")
        stories = stories.filter(pk__in=ids)
    return stories.prefetch_related("organisations").order_by("-published_at", "-pk")


def stories_for(organisation: Organisation) -> QuerySet[Story]:
    """The published stories about ``organisation``, newest first (for its public profile)."""
    return published_stories().filter(organisations=organisation)


def story_public_get(*, pk: int) -> Story:
    """A published story (``Story.DoesNotExist`` for drafts and unknown ones)."""
    return Story.objects.prefetch_related(
        "organisations__impact_profile", "organisations__municipality"
    ).get(pk=pk, status=StoryStatus.PUBLISHED)


def story_get(*, pk: int) -> Story:
    return Story.objects.select_related("author").prefetch_related("organisations").get(pk=pk)


def public_photos(story: Story) -> list[StoryPhoto]:
    """The photos a visitor may see: with a file, and with consent for the web where needed."""
    return [photo for photo in story.photos.all() if photo.may_show]


def stories_of_user(*, user: Any) -> QuerySet[Story]:
    """The stories ``user`` wrote or that are about one of their organisations, newest first."""
    from django.db.models import Q

    from impactplein.organisations.models import Membership

    organisations = Membership.objects.filter(user=user).values("organisation_id")
    return (
        Story.objects.filter(Q(author=user) | Q(organisations__in=organisations))
        .distinct()
        .prefetch_related("organisations")
        .order_by("-updated_at", "-pk")
    )


def stories_for_review() -> QuerySet[Story]:
    """Stories waiting for an editor, oldest first."""
    return (
        Story.objects.filter(status=StoryStatus.SUBMITTED)
        .select_related("author")
        .prefetch_related("organisations")
        .order_by("updated_at", "pk")
    )


def story_themes() -> QuerySet[Theme]:
    """The themes that at least one published story is about (for the filter)."""
    return (
        Theme.objects.filter(impact_profiles__organisation__stories__status=StoryStatus.PUBLISHED)
        .distinct()
        .order_by("name_nl")
    )


def story_photos_without_consent(story: Story) -> list[StoryPhoto]:
    """The story's photos of people still lacking consent for the web (withdrawn ones left out):
    while there is one, the story cannot be published."""
    return [
        photo
        for photo in story.photos.all()
        if not photo.consent_record.withdrawn and consent.problem(photo.consent_record) is not None
    ]


# --- the workspace: a member's organisations and what waits for staff ----------------------------
@dataclass(frozen=True)
class WorkspaceOrganisation:
    organisation: Organisation
    profile: ImpactProfile | None
    has_pending_revision: bool


def workspace_organisations(*, user: Any) -> list[WorkspaceOrganisation]:
    """The user's organisations with their impact profile, by name."""
    memberships = memberships_of_user(user=user).select_related("organisation__impact_profile")
    organisations = [membership.organisation for membership in memberships]
    pending = set(
        ProfileRevision.objects.filter(
            status=RevisionStatus.PENDING,
            profile__organisation__in=[organisation.pk for organisation in organisations],
        ).values_list("profile__organisation_id", flat=True)
    )
    return [
        WorkspaceOrganisation(
            organisation=organisation,
            profile=getattr(organisation, "impact_profile", None),
            has_pending_revision=organisation.pk in pending,
        )
        for organisation in organisations
    ]


class StaffQueues(NamedTuple):
    profiles: int | None  # None: the user may not see this queue
    certifications: int | None
    stories: int | None
    may_import: bool

    @property
    def any(self) -> bool:
        return self.may_import or any(
            count is not None for count in (self.profiles, self.certifications, self.stories)
        )


def staff_queues(*, user: Any) -> StaffQueues:
    """How much waits in each review queue the user may work in."""
    profiles = None
    if user.has_perm("directory.review_impactprofile"):
        profiles = (
            ImpactProfile.objects.filter(status=ProfileStatus.SUBMITTED).count()
            + ProfileRevision.objects.filter(status=RevisionStatus.PENDING).count()
            + OrganisationClaim.objects.filter(status=ClaimStatus.PENDING).count()
        )
    return StaffQueues(
        profiles=profiles,
        certifications=certification_queue().count()
        if user.has_perm("directory.verify_certification")
        else None,
        stories=stories_for_review().count() if user.has_perm("directory.review_story") else None,
        may_import=user.has_perm("directory.import_impactprofile"),
    )
