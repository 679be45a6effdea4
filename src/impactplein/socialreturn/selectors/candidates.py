"""Reads of pseudonymous candidates.

``candidate_by_code`` answers a supplier's form without revealing anything but whether the code
exists. The list and the detail, which show who a code stands for, are for the employer-services
desk only: their views require ``socialreturn.view_candidateidentity``.
"""

from django.db.models import Count, Q, QuerySet

from impactplein.socialreturn.constants import EntryKind
from impactplein.socialreturn.models import Candidate, FulfilmentEntry

PER_PAGE = 50


def candidate_by_code(code: str) -> Candidate | None:
    """The candidate with ``code`` as typed (case and separators do not matter), or ``None``."""
    from impactplein.socialreturn.services.candidates import normalised_code

    normalised = normalised_code(code or "")
    if not normalised:
        return None
    return Candidate.objects.filter(code=normalised).first()


def candidate_list(*, query: str = "") -> QuerySet[Candidate]:
    """Every candidate with its identity (if kept) and number of placements, newest first.

    ``query`` matches a code or a name. For the employer-services desk only.
    """
    candidates = Candidate.objects.select_related("identity").annotate(
        placement_count=Count("placements", filter=Q(placements__kind=EntryKind.PLACEMENT))
    )
    query = (query or "").strip()
    if query:
        candidates = candidates.filter(
            Q(code__icontains=query) | Q(identity__full_name__icontains=query)
        )
    return candidates.order_by("-created_at", "-pk")


def candidate_get(*, pk: int) -> Candidate:
    return Candidate.objects.select_related("identity", "created_by").get(pk=pk)


def candidate_placements(candidate: Candidate) -> QuerySet[FulfilmentEntry]:
    """The placements reported under ``candidate``'s code, on any contract, by start date."""
    return (
        FulfilmentEntry.objects.filter(candidate=candidate, kind=EntryKind.PLACEMENT)
        .select_related("contract", "contract__supplier")
        .order_by("start_date", "pk")
    )
