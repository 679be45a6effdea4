"""Who sees what in fulfilment: a supplier's members only their own contracts' entries, reports
and evidence; candidate names only for the employer-services role, never for a supplier or an
officer — not on entry pages, lists, the approval queue, exports or history.
"""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from openpyxl import load_workbook

from impactplein.socialreturn.constants import EntryKind
from impactplein.socialreturn.services import candidates, fulfilment
from tests.socialreturn import factories as f
from tests.socialreturn.test_fulfilment import PDF

pytestmark = pytest.mark.django_db

NAME = "Jan Jansen-Vermeulen"


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.STAFF_MFA_REQUIRED = False  # multi-factor login is tested with the accounts


@pytest.fixture
def world():
    contract = f.contract()
    member = f.supplier_member(contract)
    adviser = f.employer_adviser()
    candidate = candidates.candidate_issue(
        actor=adviser, full_name=NAME, note="Woont in Dordrecht-West", retain_until=date(2030, 1, 1)
    )
    entry = fulfilment.entry_create(
        actor=member,
        contract=contract,
        kind=EntryKind.PLACEMENT,
        candidate=candidate,
        target_group="participatiewet",
        hours_per_week=Decimal("18"),
        start_date=date(2026, 1, 1),
        end_date=date(2026, 6, 30),
        evidence=SimpleUploadedFile("contract.pdf", PDF),
    )
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    other = f.contract()
    other_member = f.supplier_member(other)
    return {
        "contract": contract,
        "member": member,
        "adviser": adviser,
        "candidate": candidate,
        "entry": entry,
        "other": other,
        "other_member": other_member,
        "evidence": entry.evidence.get(),
    }


def pages(world):
    contract, entry = world["contract"], world["entry"]
    return [
        reverse("socialreturn:contract_entries", args=[contract.pk]),
        reverse("socialreturn:entry", args=[entry.pk]),
        reverse("socialreturn:contract_reports", args=[contract.pk]),
    ]


def test_a_member_sees_the_entries_of_its_own_contract(client, world):
    client.force_login(world["member"])
    for url in pages(world):
        response = client.get(url)
        assert response.status_code == 200, url
    response = client.get(reverse("socialreturn:evidence", args=[world["evidence"].pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_member_of_another_supplier_sees_nothing_of_the_contract(client, world):
    client.force_login(world["other_member"])
    contract, entry = world["contract"], world["entry"]
    for url in [
        *pages(world),
        reverse("socialreturn:contract_entries_export", args=[contract.pk]),
        reverse("socialreturn:entry_edit", args=[entry.pk]),
        reverse("socialreturn:evidence", args=[world["evidence"].pk]),
        reverse("socialreturn:entry_create", args=[contract.pk, "kostenpost"]),
    ]:
        assert client.get(url).status_code in (403, 404), url
    response = client.post(reverse("socialreturn:entry_submit", args=[entry.pk]))
    assert response.status_code in (403, 404)
    response = client.post(
        reverse("socialreturn:evidence_upload", args=[entry.pk]),
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code in (403, 404)
    assert world["entry"].evidence.count() == 1


def test_an_anonymous_visitor_is_sent_to_the_login(client, world):
    response = client.get(pages(world)[1])
    assert response.status_code == 302
    assert "/login" in response["Location"] or "account" in response["Location"]


def _xlsx_text(content: bytes) -> str:
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return " ".join(
        str(cell) for sheet in workbook for row in sheet.iter_rows(values_only=True) for cell in row
    )


@pytest.mark.parametrize("who", ["member", "officer"])
def test_a_supplier_member_and_an_officer_never_see_a_candidates_name(client, world, who):
    user = world["member"] if who == "member" else f.officer()
    client.force_login(user)
    contract, entry = world["contract"], world["entry"]
    urls = [
        *pages(world),
        reverse("socialreturn:entry_edit", args=[entry.pk]),
    ]
    if who == "officer":
        urls.append(reverse("socialreturn:approval_queue"))
    for url in urls:
        response = client.get(url)
        body = response.content.decode()
        assert response.status_code in (200, 302), url
        assert NAME not in body, url
        assert "Dordrecht-West" not in body, url
    detail = client.get(reverse("socialreturn:entry", args=[entry.pk])).content.decode()
    assert world["candidate"].code in detail
    assert "Geschiedenis" in detail
    export = client.get(reverse("socialreturn:contract_entries_export", args=[contract.pk]))
    assert export.status_code == 200
    text = _xlsx_text(export.content)
    assert world["candidate"].code in text
    assert NAME not in text
    for url in (
        reverse("socialreturn:candidates"),
        reverse("socialreturn:candidate", args=[world["candidate"].pk]),
        reverse("socialreturn:candidate_create"),
    ):
        assert client.get(url).status_code == 403, url


def test_the_employer_adviser_sees_who_a_code_stands_for(client, world):
    client.force_login(world["adviser"])
    candidate = world["candidate"]
    listing = client.get(reverse("socialreturn:candidates")).content.decode()
    assert NAME in listing
    detail = client.get(reverse("socialreturn:candidate", args=[candidate.pk])).content.decode()
    assert NAME in detail
    assert world["contract"].reference in detail
    entry_page = client.get(reverse("socialreturn:entry", args=[world["entry"].pk]))
    assert NAME in entry_page.content.decode()


def test_a_supplier_reports_with_a_code_and_an_unknown_code_is_refused(client, world):
    client.force_login(world["member"])
    url = reverse("socialreturn:entry_create", args=[world["contract"].pk, "plaatsing"])
    form = {
        "candidate_code": "K-ZZZZZZ",
        "target_group": "participatiewet",
        "hours_per_week": "20",
        "start_date": "2026-02-01",
    }
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Deze kandidaatcode kennen we niet" in response.content.decode()
    code = world["candidate"].code.lower().replace("-", " ")
    response = client.post(url, {**form, "candidate_code": code})
    assert response.status_code == 302


def test_officers_and_the_employer_adviser_enter_on_the_suppliers_behalf(client, world):
    contract = world["contract"]
    for user in (f.officer(), world["adviser"]):
        client.force_login(user)
        response = client.post(
            reverse("socialreturn:entry_create", args=[contract.pk, "kostenpost"]),
            {"block": "opleiding", "amount": "750", "description": f"Cursus {user.pk}"},
        )
        assert response.status_code == 302
        entry = contract.entries.get(description=f"Cursus {user.pk}")
        assert entry.entered_on_behalf is True
        assert entry.entered_by == user
        page = client.get(response["Location"]).content.decode()
        assert "namens de opdrachtnemer" in page


def test_an_officer_opens_the_evidence_and_a_visitor_without_role_cannot(client, world):
    url = reverse("socialreturn:evidence", args=[world["evidence"].pk])
    client.force_login(f.officer())
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    from tests.organisations.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(url).status_code == 404
