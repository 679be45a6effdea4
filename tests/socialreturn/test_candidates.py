"""Pseudonymous candidates: the employer-services desk issues random codes, optionally keeps a
name and a note until a retention date, after which the name is erased and the code stays.
"""

import re
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse

import pytest
import time_machine

from impactplein.socialreturn.constants import EntryKind
from impactplein.socialreturn.models import Candidate, CandidateIdentity
from impactplein.socialreturn.selectors.candidates import candidate_by_code
from impactplein.socialreturn.services import candidates, fulfilment
from tests.socialreturn import factories as f

pytestmark = pytest.mark.django_db
CODE = re.compile(r"^K-[23456789ABCDEFGHJKMNPQRSTUVWXYZ]{6}$")


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.STAFF_MFA_REQUIRED = False


def test_codes_are_random_and_unique():
    adviser = f.employer_adviser()
    codes = [candidates.candidate_issue(actor=adviser).code for _ in range(40)]
    assert all(CODE.match(code) for code in codes)
    assert len(set(codes)) == 40
    assert codes != sorted(codes)  # not issued in sequence


def test_a_name_and_note_are_kept_apart_from_the_code_only_when_given():
    adviser = f.employer_adviser()
    anonymous = candidates.candidate_issue(actor=adviser)
    assert not CandidateIdentity.objects.filter(candidate=anonymous).exists()
    named = candidates.candidate_issue(
        actor=adviser, full_name="  Fatima El Amrani ", note="Via UWV"
    )
    identity = CandidateIdentity.objects.get(candidate=named)
    assert identity.full_name == "Fatima El Amrani"
    assert named.created_by == adviser


def test_a_retention_date_in_the_past_is_refused():
    with time_machine.travel(date(2026, 11, 27)), pytest.raises(ValidationError) as error:
        candidates.candidate_issue(
            actor=f.employer_adviser(), full_name="X", retain_until=date(2026, 1, 1)
        )
    assert "retain_until" in error.value.message_dict
    assert not Candidate.objects.exists()


def test_a_typed_code_is_found_whatever_its_case_or_separator():
    candidate = f.candidate("K-7F3Q2A")
    for typed in ("K-7F3Q2A", "k-7f3q2a", "k 7f3q2a", "7F3Q2A", " K7F3Q2A "):
        assert candidate_by_code(typed) == candidate, typed
    assert candidate_by_code("K-7F3Q2B") is None
    assert candidate_by_code("") is None


def test_identities_past_their_retention_date_are_erased_and_the_code_stays():
    adviser = f.employer_adviser()
    with time_machine.travel(date(2026, 1, 10)):
        expiring = candidates.candidate_issue(
            actor=adviser, full_name="Piet Puk", retain_until=date(2026, 6, 30)
        )
        kept = candidates.candidate_issue(
            actor=adviser, full_name="Klaas Vaak", retain_until=date(2027, 6, 30)
        )
    contract = f.contract()
    entry = fulfilment.entry_create(
        actor=f.supplier_member(contract),
        contract=contract,
        kind=EntryKind.PLACEMENT,
        candidate=expiring,
        target_group="participatiewet",
        hours_per_week=Decimal("20"),
        start_date=date(2026, 1, 1),
    )
    assert candidates.identities_erase_expired(today=date(2026, 6, 30)) == 0  # on the day: kept
    assert candidates.identities_erase_expired(today=date(2026, 7, 1)) == 1
    assert not CandidateIdentity.objects.filter(candidate=expiring).exists()
    assert not CandidateIdentity.history.filter(full_name="Piet Puk").exists()
    assert CandidateIdentity.objects.get(candidate=kept).full_name == "Klaas Vaak"
    entry.refresh_from_db()
    assert entry.candidate.code == expiring.code


def test_the_adviser_issues_a_code_through_the_page(client):
    adviser = f.employer_adviser()
    client.force_login(adviser)
    url = reverse("socialreturn:candidate_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"full_name": "Anna Bakker", "note": "", "retain_until": ""})
    candidate = Candidate.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("socialreturn:candidate", args=[candidate.pk])
    page = client.get(response["Location"]).content.decode()
    assert candidate.code in page
    assert "Anna Bakker" in page


@pytest.mark.parametrize("who", ["officer", "member"])
def test_officers_and_suppliers_cannot_issue_codes(client, who):
    contract = f.contract()
    client.force_login(f.officer() if who == "officer" else f.supplier_member(contract))
    response = client.post(reverse("socialreturn:candidate_create"), {"full_name": "X"})
    assert response.status_code == 403
    assert not Candidate.objects.exists()
