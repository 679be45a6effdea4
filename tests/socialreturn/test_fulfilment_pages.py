"""The fulfilment pages: forms per kind without JavaScript, the entry page with its value and how
it came about, a stale edit, four eyes and the rejection reason as a user meets them, the queue.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

import pytest

from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.models import FulfilmentEntry
from impactplein.socialreturn.services import fulfilment
from tests.organisations.factories import OrganisationFactory
from tests.socialreturn import factories as f
from tests.socialreturn.factories import cost_item
from tests.socialreturn.test_fulfilment import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings):
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def contract():
    return f.contract()


@pytest.fixture
def member(contract):
    return f.supplier_member(contract)


def test_a_member_adds_a_placement_and_sees_its_value_explained(client, contract, member):
    candidate = f.candidate("K-7F3Q2A")
    client.force_login(member)
    url = reverse("socialreturn:entry_create", args=[contract.pk, "plaatsing"])
    page = client.get(url).content.decode()
    assert "Participatiewet" in page  # target groups of the pinned scheme
    assert "burgerservicenummer" in page
    response = client.post(
        url,
        {
            "candidate_code": candidate.code,
            "target_group": "participatiewet",
            "block": "",
            "hours_per_week": "18",
            "start_date": "2026-01-01",
            "end_date": "2026-06-30",
            "evidence": SimpleUploadedFile("arbeidsovereenkomst.pdf", PDF),
        },
    )
    entry = FulfilmentEntry.objects.get()
    assert response.status_code == 302
    detail = client.get(response["Location"]).content.decode()
    assert "10.000" in detail
    assert "den-haag-2023" in detail
    assert "Getelde maanden" in detail
    assert '<ol class="utrecht-ordered-list" lang="nl" id="valuation-steps">' in detail
    assert "€ 40.000 × 18/36 × 6/12 = € 10.000." in detail  # the steps in the reader's language
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get(response["Location"]).content.decode()
    assert '<ol class="utrecht-ordered-list" lang="en" id="valuation-steps">' in english
    assert "€40,000 × 18/36 × 6/12 = €10,000." in english
    assert "arbeidsovereenkomst.pdf" in detail
    assert entry.evidence.count() == 1
    assert "Indienen" in detail


def test_a_purchase_form_lists_social_enterprises_and_refuses_a_duplicate_invoice(
    client, contract, member
):
    enterprise = OrganisationFactory(name="Drechtwerk")
    from impactplein.directory.models import Certification

    Certification.objects.create(
        organisation=enterprise, kind="social_enterprise_nl", valid_from=date(2025, 1, 1)
    )
    client.force_login(member)
    url = reverse("socialreturn:entry_create", args=[contract.pk, "inkoop"])
    assert "Drechtwerk" in client.get(url).content.decode()
    form = {
        "block": "inkoop-sociale-onderneming",
        "invoice_number": "2026-044",
        "invoice_date": "2026-04-01",
        "amount": "1000,00",
        "social_enterprise": enterprise.pk,
    }
    assert client.post(url, form).status_code == 302
    assert FulfilmentEntry.objects.get().value == Decimal("500")  # SE NL member: 50%
    response = client.post(url, form)
    assert response.status_code == 400
    assert "Factuurnummer 2026-044 is voor dit contract al ingevoerd" in response.content.decode()
    assert FulfilmentEntry.objects.count() == 1


def test_a_stale_edit_says_so_and_changes_nothing(client, contract, member):
    entry = cost_item(member, contract)
    client.force_login(member)
    url = reverse("socialreturn:entry_edit", args=[entry.pk])
    old_version = entry.version
    fulfilment.entry_update(
        actor=f.supplier_member(contract),
        entry=entry,
        version=old_version,
        block="opleiding",
        amount=Decimal("3000"),
        description="Door een collega gewijzigd",
    )
    response = client.post(
        url,
        {"version": old_version, "block": "opleiding", "amount": "10", "description": "Oud"},
    )
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft deze invulling intussen gewijzigd" in body
    assert "Door een collega gewijzigd" in body  # the stored value ...
    assert '<td class="utrecht-table__cell">Oud</td>' in body  # ... beside what was typed
    entry.refresh_from_db()
    assert entry.amount == Decimal("3000")


def test_an_officer_cannot_approve_what_they_entered_and_a_colleague_can(client, contract):
    officer = f.officer()
    entry = cost_item(officer, contract)
    entry = fulfilment.entry_submit(actor=officer, entry=entry, version=entry.version)
    client.force_login(officer)
    detail = client.get(reverse("socialreturn:entry", args=[entry.pk])).content.decode()
    assert "Een andere medewerker moet haar goedkeuren of afwijzen" in detail
    assert 'value="approve"' not in detail
    response = client.post(
        reverse("socialreturn:entry_decide", args=[entry.pk]),
        {"decision": "approve", "version": entry.version},
        follow=True,
    )
    assert "U kunt deze invulling niet beoordelen" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED

    colleague = f.officer()
    client.force_login(colleague)
    response = client.post(
        reverse("socialreturn:entry_decide", args=[entry.pk]),
        {"decision": "approve", "version": entry.version},
        follow=True,
    )
    assert "goedgekeurd en staat nu vast" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.APPROVED


def test_a_rejection_without_reason_is_refused_at_the_field(client, contract, member):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    client.force_login(f.officer())
    url = reverse("socialreturn:entry_decide", args=[entry.pk])
    response = client.post(url, {"decision": "reject", "version": entry.version, "reason": " "})
    assert response.status_code == 400
    assert "Geef de reden van de afwijzing" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    client.post(url, {"decision": "reject", "version": entry.version, "reason": "Geen factuur"})
    entry.refresh_from_db()
    assert entry.status == EntryStatus.REJECTED
    client.force_login(member)
    page = client.get(reverse("socialreturn:entry", args=[entry.pk])).content.decode()
    assert "Geen factuur" in page
    assert "Opnieuw indienen" in page


def test_an_approved_entry_offers_no_edit_and_no_upload(client, contract, member):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    fulfilment.entry_approve(actor=f.officer(), entry=entry, version=entry.version)
    client.force_login(member)
    page = client.get(reverse("socialreturn:entry", args=[entry.pk])).content.decode()
    assert reverse("socialreturn:entry_edit", args=[entry.pk]) not in page
    assert reverse("socialreturn:evidence_upload", args=[entry.pk]) not in page
    response = client.get(reverse("socialreturn:entry_edit", args=[entry.pk]), follow=True)
    assert "staat vast" in response.content.decode()
    response = client.post(
        reverse("socialreturn:evidence_upload", args=[entry.pk]),
        {"file": SimpleUploadedFile("x.pdf", PDF)},
    )
    assert response.status_code == 400
    assert entry.evidence.count() == 0


def test_a_script_renamed_to_pdf_is_refused_on_the_page(client, contract, member):
    entry = cost_item(member, contract)
    client.force_login(member)
    response = client.post(
        reverse("socialreturn:evidence_upload", args=[entry.pk]),
        {"file": SimpleUploadedFile("factuur.pdf", b"<?php system($_GET['c']); ?>")},
    )
    assert response.status_code == 400
    assert "Dit bestand is geen PDF, JPEG, PNG" in response.content.decode()
    assert entry.evidence.count() == 0


def test_the_queue_shows_the_longest_waiting_first_and_filters(client):
    first_contract, second_contract = f.contract(), f.contract()
    now = timezone.now()
    older = f.entry(second_contract, block="opleiding", submitted_at=now - timedelta(days=9))
    newer = f.entry(first_contract, block="opleiding", submitted_at=now - timedelta(days=1))
    f.entry(first_contract, block="opleiding", status=EntryStatus.DRAFT)
    client.force_login(f.officer())
    page = client.get(reverse("socialreturn:approval_queue")).content.decode()
    assert page.index(f"#{older.pk} ") < page.index(f"#{newer.pk} ")
    assert "2 invullingen wachten op beoordeling" in page
    filtered = client.get(
        reverse("socialreturn:approval_queue"), {"supplier": first_contract.supplier_id}
    ).content.decode()
    assert f"#{newer.pk} " in filtered
    assert f"#{older.pk} " not in filtered
    by_kind = client.get(reverse("socialreturn:approval_queue"), {"kind": "placement"})
    assert "Niets te beoordelen" in by_kind.content.decode()


def test_a_member_cannot_open_the_queue(client, contract, member):
    client.force_login(member)
    assert client.get(reverse("socialreturn:approval_queue")).status_code == 403


def test_the_entries_tab_filters_totals_and_exports(client, contract, member):
    cost_item(member, contract)
    approved = f.entry(
        contract, block="opleiding", status=EntryStatus.APPROVED, value=Decimal("4000")
    )
    client.force_login(member)
    url = reverse("socialreturn:contract_entries", args=[contract.pk])
    page = client.get(url).content.decode()
    assert "4.000" in page  # approved total from the contract's progress
    assert f'<a href="{url}" aria-current="page">Invulling</a>' in page
    filtered = client.get(url, {"status": "approved"}).content.decode()
    assert f"#{approved.pk} " in filtered
    assert "Jobcoach" not in filtered
    export = client.get(reverse("socialreturn:contract_entries_export", args=[contract.pk]))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_the_reports_tab_submits_a_report(client, contract, member):
    cost_item(member, contract)
    client.force_login(member)
    page = client.get(reverse("socialreturn:contract_reports", args=[contract.pk])).content.decode()
    assert "Eindrapportage" in page
    report = contract.reports.get()
    response = client.post(
        reverse("socialreturn:report_submit", args=[report.pk]), {"note": "Alles compleet"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.note == "Alles compleet"
    assert FulfilmentEntry.objects.get().status == EntryStatus.SUBMITTED


def test_pages_answer_in_english_after_the_language_switch(client, contract, member):
    cost_item(member, contract)
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("socialreturn:contract_entries", args=[contract.pk])).content.decode()
    assert "Entries of contract" in page
