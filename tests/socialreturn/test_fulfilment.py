"""The fulfilment workflow: draft → submitted → approved (locked) or rejected (with a reason,
corrected and submitted again); four eyes; optimistic locking; every change in the history;
evidence checked by content and size.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest

from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import EntryEvidence, FulfilmentEntry
from impactplein.socialreturn.services import fulfilment
from impactplein.socialreturn.services.fulfilment import StaleEntryError
from tests.socialreturn import factories as f
from tests.socialreturn.factories import cost_item

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"xref\n0 3\n0000000000 65535 f \ntrailer<</Size 3/Root 1 0 R>>\nstartxref\n110\n%%EOF\n"
)


@pytest.fixture
def contract():
    return f.contract()


@pytest.fixture
def member(contract):
    return f.supplier_member(contract)


@pytest.fixture
def officer():
    return f.officer()


def test_a_supplier_member_records_a_draft_valued_with_its_scheme(contract, member):
    entry = cost_item(member, contract)
    assert entry.status == EntryStatus.DRAFT
    assert entry.value == Decimal("2500")  # Den Haag 2023 "opleiding": actual cost
    assert entry.entered_by == member
    assert entry.entered_on_behalf is False


def test_an_officer_entering_for_the_supplier_is_marked_on_behalf(contract, officer):
    entry = cost_item(officer, contract)
    assert entry.entered_on_behalf is True


def test_submit_approve_locks_the_entry(contract, member, officer):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    assert entry.status == EntryStatus.SUBMITTED
    entry = fulfilment.entry_approve(actor=officer, entry=entry, version=entry.version)
    assert entry.status == EntryStatus.APPROVED
    assert entry.decided_by == officer
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_update(
            actor=member, entry=entry, version=entry.version, amount=Decimal("1"), block="opleiding"
        )
    assert "staat vast" in str(error.value)
    with pytest.raises(ValidationError):
        fulfilment.entry_delete(actor=member, entry=entry, version=entry.version)
    upload = SimpleUploadedFile("factuur.pdf", PDF, content_type="application/pdf")
    with pytest.raises(ValidationError):
        fulfilment.evidence_add(actor=member, entry=entry, upload=upload)
    entry.refresh_from_db()
    assert entry.amount == Decimal("2500")
    assert not EntryEvidence.objects.filter(entry=entry).exists()


def test_the_person_who_entered_the_entry_cannot_approve_it(contract):
    officer = f.officer()
    entry = cost_item(officer, contract)  # entered on behalf of the supplier
    entry = fulfilment.entry_submit(actor=f.supplier_member(contract), entry=entry, version=None)
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_approve(actor=officer, entry=entry, version=entry.version)
    assert "zelf hebt ingevoerd" in str(error.value)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_the_person_who_last_changed_the_entry_cannot_approve_it(contract, member):
    colleague = f.officer()
    entry = cost_item(member, contract)
    entry = fulfilment.entry_update(
        actor=colleague,
        entry=entry,
        version=entry.version,
        block="opleiding",
        amount=Decimal("3000"),
        description="Jobcoach en opleiding",
    )
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    # The colleague changed the data last (the member only submitted it): a third decides.
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_approve(actor=colleague, entry=entry, version=entry.version)
    assert "als laatste hebt gewijzigd" in str(error.value)
    approved = fulfilment.entry_approve(actor=f.officer(), entry=entry, version=entry.version)
    assert approved.status == EntryStatus.APPROVED


def test_rejection_needs_a_reason_and_the_entry_can_be_corrected_and_submitted_again(
    contract, member, officer
):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_reject(actor=officer, entry=entry, version=entry.version, reason="  ")
    assert "reden" in str(error.value)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED
    entry = fulfilment.entry_reject(
        actor=officer, entry=entry, version=entry.version, reason="Factuur ontbreekt"
    )
    assert entry.status == EntryStatus.REJECTED
    assert entry.rejection_reason == "Factuur ontbreekt"
    entry = fulfilment.entry_update(
        actor=member,
        entry=entry,
        version=entry.version,
        block="opleiding",
        amount=Decimal("2400"),
        description="Jobcoach (factuur bijgevoegd)",
    )
    assert entry.status == EntryStatus.REJECTED
    assert entry.value == Decimal("2400")
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    assert entry.status == EntryStatus.SUBMITTED


def test_a_stale_edit_is_refused_and_changes_nothing(contract, member):
    entry = cost_item(member, contract)
    seen = entry.version
    fulfilment.entry_update(
        actor=member,
        entry=entry,
        version=seen,
        block="opleiding",
        amount=Decimal("2600"),
        description="Eerste wijziging",
    )
    with pytest.raises(StaleEntryError) as error:
        fulfilment.entry_update(
            actor=f.supplier_member(contract),
            entry=entry,
            version=seen,
            block="opleiding",
            amount=Decimal("9999"),
            description="Tweede wijziging op oude versie",
        )
    assert error.value.current.amount == Decimal("2600")
    entry.refresh_from_db()
    assert entry.amount == Decimal("2600")
    assert entry.description == "Eerste wijziging"


def test_a_stale_approval_is_refused(contract, member, officer):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    with pytest.raises(StaleEntryError):
        fulfilment.entry_approve(actor=officer, entry=entry, version=entry.version - 1)
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_every_change_is_in_the_history(contract, member, officer):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    entry = fulfilment.entry_approve(actor=officer, entry=entry, version=entry.version)
    reasons = list(
        entry.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "history_user_id"
        )
    )
    assert ("created", member.pk) in reasons
    assert ("submitted", member.pk) in reasons
    assert reasons[-1] == ("approved", officer.pk)


def test_the_invoice_number_is_unique_per_contract(contract, member):
    from tests.organisations.factories import OrganisationFactory

    enterprise = OrganisationFactory(name="Drechtwerk")
    values = {
        "block": "inkoop-sociale-onderneming",
        "invoice_number": "F-1",
        "invoice_date": date(2026, 3, 1),
        "amount": Decimal("1000"),
        "social_enterprise": enterprise,
    }
    fulfilment.entry_create(actor=member, contract=contract, kind=EntryKind.PURCHASE, **values)
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_create(
            actor=member,
            contract=contract,
            kind=EntryKind.PURCHASE,
            **{**values, "invoice_number": "f-1"},
        )
    assert "invoice_number" in error.value.message_dict
    other = f.contract(supplier=contract.supplier)
    fulfilment.entry_create(actor=member, contract=other, kind=EntryKind.PURCHASE, **values)
    assert FulfilmentEntry.objects.filter(invoice_number="F-1").count() == 2


def test_missing_fields_and_dates_in_the_wrong_order_are_refused(contract, member):
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_create(
            actor=member,
            contract=contract,
            kind=EntryKind.PLACEMENT,
            candidate=f.candidate(),
            target_group="participatiewet",
            hours_per_week=Decimal("20"),
            start_date=date(2026, 6, 1),
            end_date=date(2026, 5, 1),
        )
    assert error.value.message_dict["end_date"] == ["De einddatum ligt voor de startdatum."]
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_create(actor=member, contract=contract, kind=EntryKind.COST_ITEM)
    assert set(error.value.message_dict) >= {"block", "amount", "description"}
    assert not FulfilmentEntry.objects.exists()


def test_a_target_group_the_scheme_lacks_is_refused_at_its_field(contract, member):
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_create(
            actor=member,
            contract=contract,
            kind=EntryKind.PLACEMENT,
            candidate=f.candidate(),
            target_group="onbekend",
            hours_per_week=Decimal("20"),
            start_date=date(2026, 1, 1),
        )
    assert "target_group" in error.value.message_dict
    assert not FulfilmentEntry.objects.exists()


# --- evidence ------------------------------------------------------------------------------------


def test_a_pdf_is_stored_privately_under_a_random_name(contract, member, settings):
    entry = cost_item(member, contract)
    upload = SimpleUploadedFile("factuur juni.pdf", PDF, content_type="application/pdf")
    item = fulfilment.evidence_add(actor=member, entry=entry, upload=upload)
    assert item.original_name == "factuur juni.pdf"
    assert item.file.name.startswith("socialreturn/")
    assert "factuur" not in item.file.name
    assert str(settings.PRIVATE_MEDIA_ROOT) in item.file.path
    with pytest.raises(ValueError, match="no URL"):
        item.file.url  # noqa: B018 - private files have no URL


def test_a_script_renamed_to_pdf_is_refused(contract, member):
    entry = cost_item(member, contract)
    upload = SimpleUploadedFile(
        "factuur.pdf", b"#!/bin/sh\nrm -rf /\n", content_type="application/pdf"
    )
    with pytest.raises(ValidationError) as error:
        fulfilment.evidence_add(actor=member, entry=entry, upload=upload)
    assert "geen PDF" in str(error.value)
    assert not EntryEvidence.objects.exists()


def test_an_oversize_file_is_refused(contract, member):
    entry = cost_item(member, contract)
    big = PDF[:-6] + b" " * (fulfilment.EVIDENCE_MAX_BYTES) + b"%%EOF\n"
    upload = SimpleUploadedFile("groot.pdf", big, content_type="application/pdf")
    with pytest.raises(ValidationError) as error:
        fulfilment.evidence_add(actor=member, entry=entry, upload=upload)
    assert "10 MB" in str(error.value)
    assert not EntryEvidence.objects.exists()


def test_an_excel_workbook_is_accepted_and_a_macro_workbook_is_refused(contract, member):
    import io
    import zipfile

    from impactplein.core.tabular import write_xlsx

    entry = cost_item(member, contract)
    workbook = write_xlsx([{"Uren": "12"}], ["Uren"])
    item = fulfilment.evidence_add(
        actor=member, entry=entry, upload=SimpleUploadedFile("uren.xlsx", workbook)
    )
    assert item.file.name.endswith(".xlsx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(workbook)) as source, zipfile.ZipFile(buffer, "w") as target:
        for info in source.infolist():
            target.writestr(info, source.read(info))
        target.writestr("xl/vbaProject.bin", b"macro")
    with pytest.raises(ValidationError):
        fulfilment.evidence_add(
            actor=member, entry=entry, upload=SimpleUploadedFile("uren.xlsx", buffer.getvalue())
        )
    assert EntryEvidence.objects.count() == 1


def test_the_history_shows_each_step_once_with_the_value_it_led_to(contract, member):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_update(
        actor=member,
        entry=entry,
        version=entry.version,
        block="opleiding",
        amount=Decimal("3100"),
        description="Jobcoach",
    )
    records = list(
        entry.history.order_by("history_date", "history_id").values_list(
            "history_change_reason", "value"
        )
    )
    assert records == [("created", Decimal("2500")), ("changed", Decimal("3100"))]
