"""Reads for the join and review pages: finding an organisation, the queue and the diff."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from impactplein.core.models import SDG, Theme
from impactplein.directory import duplicates
from impactplein.directory.constants import (
    ClaimStatus,
    FigureKind,
    ImpactModel,
    ProfileStatus,
    RevisionStatus,
)
from impactplein.directory.joining.common import (
    open_revision,
)
from impactplein.directory.joining.profiles import (
    current_state,
)
from impactplein.directory.models import (
    ImpactProfile,
    OrganisationClaim,
    ProfileRevision,
)
from impactplein.directory.services import (
    EDITABLE_FIELDS,
)
from impactplein.organisations.models import Membership, Organisation

MAX_CANDIDATES = 2000


@dataclass(frozen=True)
class FoundOrganisation:
    organisation: Organisation
    reason: str  # "kvk_number", "similar_name" or "name_contains"
    has_members: bool
    has_profile: bool


def find_organisations(
    *, kvk_number: str = "", name: str = "", municipality: str = "", limit: int = 20
) -> list[FoundOrganisation]:
    """Registered organisations that may be the one a person is joining for.

    The same KvK number anywhere, a similar name in the same municipality (``duplicates``), and
    names that contain what was typed, best matches first.
    """
    query = Q(pk__in=[])
    if kvk_number:
        query |= Q(kvk_number=kvk_number)
    if municipality and name:
        # Only names that contain one of the typed words are compared, so a large municipality
        # is not read whole (the KvK number finds the rest exactly).
        words = [word for word in duplicates.normalise_name(name).split() if len(word) >= 3]
        by_word = Q(pk__in=[])
        for word in words[:5]:
            by_word |= Q(name__icontains=word)
        query |= Q(municipality__cbs_code=municipality) & (by_word if words else Q())
    rows = list(
        Organisation.objects.filter(query).values_list(
            "pk", "name", "municipality__cbs_code", "kvk_number"
        )[:MAX_CANDIDATES]
    )
    candidates = [
        duplicates.Candidate(key=str(pk), name=org_name, municipality=code, kvk_number=kvk)
        for pk, org_name, code, kvk in rows
    ]
    found = duplicates.possible_duplicates(
        name=name, municipality=municipality, kvk_number=kvk_number or None, candidates=candidates
    )
    reasons = {int(item.candidate.key): item.reason for item in found}
    typed = duplicates.normalise_name(name) if name else ""
    if typed:
        for pk, org_name, code, _kvk in rows:
            if (
                code == municipality
                and pk not in reasons
                and typed in duplicates.normalise_name(org_name)
            ):
                reasons[pk] = "name_contains"
    order = list(reasons)[:limit]
    organisations = Organisation.objects.in_bulk(order)
    with_members = set(
        Membership.objects.filter(organisation_id__in=order).values_list(
            "organisation_id", flat=True
        )
    )
    with_profile = set(
        ImpactProfile.objects.filter(organisation_id__in=order).values_list(
            "organisation_id", flat=True
        )
    )
    return [
        FoundOrganisation(organisations[pk], reasons[pk], pk in with_members, pk in with_profile)
        for pk in order
        if pk in organisations
    ]


@dataclass(frozen=True)
class QueueItem:
    kind: str  # "submission", "revision" or "claim"
    organisation: Organisation
    since: datetime
    by: Any
    url: str


def review_queue(*, user: Any) -> list[QueueItem]:
    """What waits for a reviewer, oldest first: submissions, revisions and claims."""
    items: list[QueueItem] = []
    for profile in ImpactProfile.objects.filter(status=ProfileStatus.SUBMITTED).select_related(
        "organisation", "submitted_by"
    ):
        items.append(
            QueueItem(
                "submission",
                profile.organisation,
                profile.submitted_at or profile.updated_at,
                profile.submitted_by,
                reverse("directory:review", kwargs={"pk": profile.pk}),
            )
        )
    for revision in ProfileRevision.objects.filter(status=RevisionStatus.PENDING).select_related(
        "profile__organisation", "author"
    ):
        items.append(
            QueueItem(
                "revision",
                revision.profile.organisation,
                revision.created_at,
                revision.author,
                reverse("directory:review", kwargs={"pk": revision.profile_id}),
            )
        )
    for claim in OrganisationClaim.objects.filter(status=ClaimStatus.PENDING).select_related(
        "organisation", "user"
    ):
        items.append(
            QueueItem(
                "claim",
                claim.organisation,
                claim.created_at,
                claim.user,
                reverse("directory:review_claim", kwargs={"pk": claim.pk}),
            )
        )
    return sorted(items, key=lambda item: (item.since, item.organisation.name))


@dataclass(frozen=True)
class DiffRow:
    """One field of a proposed change: the old and new text, or what was added and removed."""

    name: str
    label: str
    old: str = ""
    new: str = ""
    added: tuple[str, ...] = ()
    removed: tuple[str, ...] = ()

    @property
    def is_list(self) -> bool:
        return bool(self.added or self.removed)


def _field_label(name: str) -> str:
    return str(ImpactProfile._meta.get_field(name).verbose_name).capitalize()


def figure_text(row: Mapping[str, Any]) -> str:
    kind = row["label"] or str(FigureKind(row["kind"]).label)
    value = Decimal(str(row["value"])).normalize()
    return f"{row['year']}, {kind}: {value:f}".replace(".", ",")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    return str(value or "")


def revision_diff(profile: ImpactProfile, revision: ProfileRevision) -> list[DiffRow]:
    """The changes a revision proposes, field by field, against the published profile."""
    state = current_state(profile)
    proposal = revision.changes
    rows: list[DiffRow] = []
    old_fields, new_fields = state["fields"], proposal.get("fields", {})
    for name in EDITABLE_FIELDS:
        old, new = old_fields.get(name), new_fields.get(name, old_fields.get(name))
        if old == new:
            continue
        if name == "impact_models":
            labels = dict(ImpactModel.choices)
            rows.append(
                DiffRow(
                    name,
                    _field_label(name),
                    added=tuple(str(labels.get(v, v)) for v in new if v not in old),
                    removed=tuple(str(labels.get(v, v)) for v in old if v not in new),
                )
            )
        elif name == "target_groups":
            rows.append(
                DiffRow(
                    name,
                    _field_label(name),
                    added=tuple(v for v in new if v not in old),
                    removed=tuple(v for v in old if v not in new),
                )
            )
        else:
            rows.append(DiffRow(name, _field_label(name), old=_text(old), new=_text(new)))
    for name, model in (("themes", Theme), ("sdgs", SDG)):
        old_set, new_set = set(state[name]), set(proposal.get(name, state[name]))
        if old_set != new_set:
            names = {obj.pk: str(obj) for obj in model.objects.filter(pk__in=old_set | new_set)}
            rows.append(
                DiffRow(
                    name,
                    _field_label(name),
                    added=tuple(sorted(names[pk] for pk in new_set - old_set if pk in names)),
                    removed=tuple(sorted(names[pk] for pk in old_set - new_set if pk in names)),
                )
            )
    old_figures = [figure_text(row) for row in state["figures"]]
    new_figures = [figure_text(row) for row in proposal.get("figures", state["figures"])]
    if old_figures != new_figures:
        rows.append(
            DiffRow(
                "figures",
                str(_("Impactcijfers")),
                added=tuple(f for f in new_figures if f not in old_figures),
                removed=tuple(f for f in old_figures if f not in new_figures),
            )
        )
    if revision.logo or (proposal.get("remove_logo") and profile.logo):
        rows.append(
            DiffRow(
                "logo",
                str(_("Logo")),
                old=str(_("huidig logo")) if profile.logo else "",
                new=str(_("nieuw logo")) if revision.logo else str(_("geen logo")),
            )
        )
    removed_photos = tuple(
        profile.photos.filter(pk__in=proposal.get("remove_photos", [])).values_list(
            "alt_text", flat=True
        )
    )
    added_photos = tuple(revision.photos.values_list("alt_text", flat=True))
    if removed_photos or added_photos:
        rows.append(DiffRow("photos", str(_("Foto's")), added=added_photos, removed=removed_photos))
    return rows


def form_state(profile: ImpactProfile | None) -> dict[str, Any] | None:
    """What the edit form starts from: the open revision of a published profile, if any."""
    if profile is None:
        return None
    revision = open_revision(profile) if profile.status == ProfileStatus.PUBLISHED else None
    return revision.changes if revision is not None else current_state(profile)
