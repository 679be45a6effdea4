"""Pseudonymous candidates: the employer-services desk issues codes and keeps who they stand for.

A supplier reports a placement under a code it got from the desk (WSP), never under a name or a
BSN (domain note ``social-return-and-employment.md`` §6: only the municipal and WSP side may hold
identities; suppliers work with pseudonyms). The code is random and cannot be guessed from
another one, so knowing one code says nothing about the next. The name and a note, if kept at
all, live in ``CandidateIdentity`` until ``retain_until``; :func:`identities_erase_expired` then
erases them and the code stays as a bare pseudonym, so approved placements keep their history.
"""

import secrets
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.socialreturn.models import Candidate, CandidateIdentity

# No 0/O, 1/I/L, so a code read out over the phone is not mistaken for another.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
CODE_PREFIX = "K-"
RETAIN_IN_PAST = _("Een bewaartermijn ligt in de toekomst.")


def new_code() -> str:
    """A fresh random code like ``K-7F3Q2A`` (31^6, about 887 million possibilities)."""
    return CODE_PREFIX + "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalised_code(text: str) -> str:
    """A code as typed (``k 7f3q2a``, ``K-7F3Q2A``) in its stored form ``K-7F3Q2A``."""
    cleaned = "".join(character for character in text.upper() if character.isalnum())
    if cleaned.startswith("K") and len(cleaned) == CODE_LENGTH + 1:
        cleaned = cleaned[1:]
    return CODE_PREFIX + cleaned if cleaned else ""


@transaction.atomic
def candidate_issue(
    *,
    actor: Model,
    full_name: str = "",
    note: str = "",
    retain_until: date | None = None,
) -> Candidate:
    """Issue a new candidate code; keep the name and note with it when given.

    The caller checks ``socialreturn.add_candidate`` (the employer-services role).
    """
    if retain_until is not None and retain_until <= timezone.localdate():
        raise ValidationError({"retain_until": ValidationError(RETAIN_IN_PAST, code="past")})
    for _attempt in range(10):
        try:
            with transaction.atomic():
                candidate = Candidate(code=new_code(), created_by=actor, retain_until=retain_until)
                candidate._history_user = actor  # type: ignore[attr-defined]
                candidate.save()
                break
        except IntegrityError:  # the same code drawn twice: draw again
            continue
    else:  # pragma: no cover - 10 collisions in a space of 887 million
        raise RuntimeError("Could not draw a free candidate code")
    full_name, note = full_name.strip(), note.strip()
    if full_name or note:
        identity = CandidateIdentity(candidate=candidate, full_name=full_name, note=note)
        identity._history_user = actor  # type: ignore[attr-defined]
        identity.save()
    return candidate


@transaction.atomic
def identities_erase_expired(*, today: date | None = None) -> int:
    """Erase the identities of candidates whose ``retain_until`` has passed; keep their codes.

    The identity's history rows go too, or the name would survive there. Returns how many.
    """
    today = today or timezone.localdate()
    expired = CandidateIdentity.objects.filter(candidate__retain_until__lt=today)
    candidate_ids = list(expired.values_list("candidate_id", flat=True))
    if not candidate_ids:
        return 0
    CandidateIdentity.history.filter(candidate_id__in=candidate_ids).delete()
    CandidateIdentity.objects.filter(candidate_id__in=candidate_ids).delete()
    # Deleting records a "-" history row holding the name once more: remove it as well.
    CandidateIdentity.history.filter(candidate_id__in=candidate_ids).delete()
    return len(candidate_ids)
