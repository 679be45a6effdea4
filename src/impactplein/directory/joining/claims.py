"""Claiming an organisation that is already registered: the user becomes owner only when a
reviewer (or, for an organisation with owners, one of its owners) approves."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.directory.constants import (
    ClaimStatus,
)
from impactplein.directory.joining.common import (
    ALREADY_MEMBER,
    CLAIM_DECIDED,
    CLAIM_PENDING,
    MESSAGE_REQUIRED,
    OWN_CLAIM,
    _mail,
    _site_url,
    members_of,
)
from impactplein.directory.models import (
    OrganisationClaim,
)
from impactplein.organisations.constants import MembershipRole
from impactplein.organisations.models import Membership, Organisation
from impactplein.organisations.services import membership_add


@transaction.atomic
def claim_request(
    *, actor: Any, organisation: Organisation, motivation: str = ""
) -> OrganisationClaim:
    """Ask to become owner of a registered organisation; its owners (if any) are mailed."""
    if Membership.objects.filter(user=actor, organisation=organisation).exists():
        raise ValidationError(ALREADY_MEMBER, code="member")
    if OrganisationClaim.objects.filter(
        user=actor, organisation=organisation, status=ClaimStatus.PENDING
    ).exists():
        raise ValidationError(CLAIM_PENDING, code="pending")
    claim = OrganisationClaim(organisation=organisation, user=actor, motivation=motivation.strip())
    claim.full_clean()
    claim._history_user = actor  # type: ignore[attr-defined]
    claim.save()
    owners = members_of(organisation, role=MembershipRole.OWNER)
    _mail(
        owners,
        template="directory/review/mail/claim_requested",
        context={
            "claim": claim,
            "organisation": organisation,
            "url": _site_url("review_claim", pk=claim.pk),
        },
    )
    return claim


def _decide_claim(actor: Any, claim: OrganisationClaim) -> OrganisationClaim:
    claim = (
        OrganisationClaim.objects.select_for_update()
        .select_related("organisation")
        .get(pk=claim.pk)
    )
    if claim.user_id == actor.pk:
        raise PermissionDenied(OWN_CLAIM)
    if not actor.has_perm("directory.decide_organisationclaim", claim):
        raise PermissionDenied(_("U mag niet over deze aanvraag beslissen."))
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(CLAIM_DECIDED, code="decided")
    return claim


@transaction.atomic
def claim_approve(*, actor: Any, claim: OrganisationClaim, message: str = "") -> OrganisationClaim:
    """Make the claimant an owner of the organisation and tell them."""
    claim = _decide_claim(actor, claim)
    if not Membership.objects.filter(user=claim.user, organisation=claim.organisation).exists():
        membership_add(
            actor=actor, organisation=claim.organisation, user=claim.user, role=MembershipRole.OWNER
        )
    return _close_claim(actor, claim, ClaimStatus.APPROVED, message)


@transaction.atomic
def claim_reject(*, actor: Any, claim: OrganisationClaim, message: str) -> OrganisationClaim:
    claim = _decide_claim(actor, claim)
    if not message.strip():
        raise ValidationError({"message": MESSAGE_REQUIRED}, code="required")
    return _close_claim(actor, claim, ClaimStatus.REJECTED, message)


def _close_claim(
    actor: Any, claim: OrganisationClaim, status: str, message: str
) -> OrganisationClaim:
    claim.status = status
    claim.message = message.strip()
    claim.decided_by = actor
    claim.decided_at = timezone.now()
    claim._history_user = actor  # type: ignore[attr-defined]
    claim.save()
    _mail(
        [claim.user],
        template="directory/review/mail/claim_decided",
        context={
            "claim": claim,
            "organisation": claim.organisation,
            "approved": status == ClaimStatus.APPROVED,
            "url": _site_url("profile_edit", organisation_pk=claim.organisation_id),
            "join_url": _site_url("join"),
        },
    )
    return claim
