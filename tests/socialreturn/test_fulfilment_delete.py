"""Deleting a draft entry: only a draft, only by who may edit it, only over the version the user
saw; the contract's entries are valued again, the evidence files go, the history stays with who
deleted it. The page asks first (works without JavaScript), refuses a stale or non-draft entry
with a clear message and changes nothing.
"""

from datetime import date
from decimal import Decimal

from django.contrib.auth.models import Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest

from impactplein.socialreturn.constants import EntryKind, EntryStatus
from impactplein.socialreturn.models import EntryEvidence, FulfilmentEntry
from impactplein.socialreturn.selectors.dashboards import contract_progress
from impactplein.socialreturn.services import fulfilment
from impactplein.socialreturn.services.fulfilment import StaleEntryError
from tests.organisations.factories import UserFactory
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


def placement(actor, contract, candidate, **fields):
    values = {
        "candidate": candidate,
        "target_group": "participatiewet",
        "hours_per_week": Decimal("36"),
        "start_date": date(2026, 1, 1),
        "end_date": date(2026, 12, 31),
    }
    values.update(fields)
    return fulfilment.entry_create(
        actor=actor, contract=contract, kind=EntryKind.PLACEMENT, **values
    )


def history_of(pk):
    return FulfilmentEntry.history.filter(id=pk).order_by("history_date", "history_id")


# --- the service ---------------------------------------------------------------------------------


def test_a_member_deletes_a_draft_its_evidence_goes_and_its_history_stays(
    contract, member, django_capture_on_commit_callbacks
):
    upload = SimpleUploadedFile("factuur.pdf", PDF, content_type="application/pdf")
    entry = cost_item(member, contract, evidence=upload)
    stored = entry.evidence.get().file
    storage, name = stored.storage, stored.name
    assert storage.exists(name)

    with django_capture_on_commit_callbacks(execute=True):
        fulfilment.entry_delete(actor=member, entry=entry, version=entry.version)

    assert not FulfilmentEntry.objects.filter(pk=entry.pk).exists()
    assert not EntryEvidence.objects.filter(entry_id=entry.pk).exists()
    assert not storage.exists(name)
    records = list(history_of(entry.pk))
    assert [record.history_type for record in records] == ["+", "-"]
    assert records[-1].history_change_reason == "deleted"
    assert records[-1].history_user == member
    assert records[-1].description == "Jobcoach"  # what was deleted can still be read


def test_deleting_a_draft_takes_its_value_out_of_the_contracts_totals(contract, member):
    draft = cost_item(member, contract, amount=Decimal("2500"))
    kept = cost_item(member, contract, amount=Decimal("1200"), description="Werkplek")
    submitted = fulfilment.entry_submit(actor=member, entry=kept, version=kept.version)
    before = contract_progress(contract)
    assert (before.draft, before.pending) == (Decimal("2500"), Decimal("1200"))

    fulfilment.entry_delete(actor=member, entry=draft, version=draft.version)

    after = contract_progress(contract)
    assert (after.draft, after.pending) == (Decimal("0"), Decimal("1200"))
    submitted.refresh_from_db()
    assert submitted.value == Decimal("1200")


def test_deleting_a_draft_values_the_other_entries_again():
    # Participatiewet counts for at most 24 months per candidate. A draft of 2026 (12 months)
    # comes before a draft of 2027-2028 (24 months) and leaves it 12; without it, all 24 count.
    contract = f.contract(start_date=date(2026, 1, 1), end_date=date(2028, 12, 31))
    member = f.supplier_member(contract)
    candidate = f.candidate("K-DDDDDD")
    later = placement(
        member, contract, candidate, start_date=date(2027, 1, 1), end_date=date(2028, 12, 31)
    )
    first = placement(member, contract, candidate)
    later.refresh_from_db()
    assert (first.value, later.value) == (Decimal("40000"), Decimal("40000"))

    fulfilment.entry_delete(actor=member, entry=first, version=first.version)

    later.refresh_from_db()
    assert later.value == Decimal("80000")
    assert contract_progress(contract).draft == Decimal("80000")
    assert history_of(later.pk).last().history_change_reason == "waardering"


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (EntryStatus.SUBMITTED, "is ingediend en wacht op beoordeling"),
        (EntryStatus.APPROVED, "is goedgekeurd en staat vast"),
        (EntryStatus.REJECTED, "is afgewezen en blijft bewaard"),
    ],
)
def test_only_a_draft_can_be_deleted(contract, member, status, message):
    entry = f.entry(contract, block="opleiding", status=status, entered_by=member)
    with pytest.raises(ValidationError) as error:
        fulfilment.entry_delete(actor=member, entry=entry, version=entry.version)
    assert message in str(error.value)
    assert "alleen een concept kan worden verwijderd" in str(error.value)
    assert FulfilmentEntry.objects.filter(pk=entry.pk, status=status).exists()


def test_a_delete_over_an_older_version_is_refused_and_changes_nothing(contract, member):
    entry = cost_item(member, contract)
    seen = entry.version
    fulfilment.entry_update(
        actor=f.supplier_member(contract),
        entry=entry,
        version=seen,
        block="opleiding",
        amount=Decimal("3000"),
        description="Door een collega gewijzigd",
    )
    with pytest.raises(StaleEntryError) as stale:
        fulfilment.entry_delete(actor=member, entry=entry, version=seen)
    assert stale.value.current.description == "Door een collega gewijzigd"
    assert FulfilmentEntry.objects.get(pk=entry.pk).amount == Decimal("3000")
    assert contract_progress(contract).draft == Decimal("3000")


def test_only_who_may_edit_the_entry_may_delete_it(contract, member):
    entry = cost_item(member, contract)
    other_supplier = f.supplier_member(f.contract())
    with pytest.raises(PermissionDenied):
        fulfilment.entry_delete(actor=other_supplier, entry=entry, version=entry.version)
    assert FulfilmentEntry.objects.filter(pk=entry.pk).exists()
    # An officer, who may edit on the supplier's behalf, may delete too.
    fulfilment.entry_delete(actor=f.officer(), entry=entry, version=entry.version)
    assert not FulfilmentEntry.objects.filter(pk=entry.pk).exists()


# --- the pages -----------------------------------------------------------------------------------


def test_the_page_shows_what_will_be_deleted_and_the_post_deletes_it(client, contract, member):
    upload = SimpleUploadedFile("werkplekfoto.pdf", PDF, content_type="application/pdf")
    entry = cost_item(member, contract, amount=Decimal("2500"), evidence=upload)
    client.force_login(member)
    url = reverse("socialreturn:entry_delete", args=[entry.pk])

    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert f"Invulling #{entry.pk} verwijderen" in body
    assert "Jobcoach" in body
    assert "€ 2.500" in body
    assert "werkplekfoto.pdf" in body
    assert f'<input type="hidden" name="version" value="{entry.version}">' in body
    assert FulfilmentEntry.objects.filter(pk=entry.pk).exists()  # asking deletes nothing

    response = client.post(url, {"version": entry.version}, follow=True)
    entries_url = reverse("socialreturn:contract_entries", args=[contract.pk])
    assert response.redirect_chain[-1][0] == entries_url
    body = response.content.decode()
    assert f"Invulling #{entry.pk} is verwijderd" in body
    assert "Nog geen invullingen" in body
    assert not FulfilmentEntry.objects.filter(pk=entry.pk).exists()
    assert client.get(reverse("socialreturn:entry", args=[entry.pk])).status_code == 404
    assert history_of(entry.pk).last().history_user == member


def test_the_entries_page_totals_drop_after_the_deletion(client, contract, member):
    draft = cost_item(member, contract, amount=Decimal("2500"))
    f.entry(contract, block="opleiding", status=EntryStatus.APPROVED, amount=Decimal("4000"))
    client.force_login(member)
    entries_url = reverse("socialreturn:contract_entries", args=[contract.pk])

    def concept_total(body):
        return body.split(">Concept</dt>")[1].split("</dd>")[0]

    assert "€ 2.500" in concept_total(client.get(entries_url).content.decode())
    client.post(reverse("socialreturn:entry_delete", args=[draft.pk]), {"version": draft.version})
    body = client.get(entries_url).content.decode()
    assert "€ 0" in concept_total(body)
    assert "€ 4.000" in body.split(">Goedgekeurd</dt>")[1].split("</dd>")[0]


def test_a_delete_link_is_offered_for_drafts_only(client, contract, member):
    draft = cost_item(member, contract)
    submitted = f.entry(contract, block="opleiding", status=EntryStatus.SUBMITTED)
    client.force_login(member)
    list_page = client.get(
        reverse("socialreturn:contract_entries", args=[contract.pk])
    ).content.decode()
    assert reverse("socialreturn:entry_delete", args=[draft.pk]) in list_page
    assert reverse("socialreturn:entry_delete", args=[submitted.pk]) not in list_page
    assert f'Verwijderen<span class="impactplein-visually-hidden"> invulling #{draft.pk}' in (
        list_page
    )
    detail = client.get(reverse("socialreturn:entry", args=[draft.pk])).content.decode()
    assert reverse("socialreturn:entry_delete", args=[draft.pk]) in detail
    detail = client.get(reverse("socialreturn:entry", args=[submitted.pk])).content.decode()
    assert reverse("socialreturn:entry_delete", args=[submitted.pk]) not in detail


def test_a_list_without_drafts_has_no_actions_column(client, contract, member):
    f.entry(contract, block="opleiding", status=EntryStatus.SUBMITTED)
    client.force_login(member)
    page = client.get(reverse("socialreturn:contract_entries", args=[contract.pk]))
    assert ">Acties</th>" not in page.content.decode()


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_submitted_entry_is_refused_with_a_message_and_kept(client, contract, member, method):
    entry = cost_item(member, contract)
    entry = fulfilment.entry_submit(actor=member, entry=entry, version=entry.version)
    client.force_login(member)
    url = reverse("socialreturn:entry_delete", args=[entry.pk])
    response = getattr(client, method)(url, {"version": entry.version}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("socialreturn:entry", args=[entry.pk])
    assert "alleen een concept kan worden verwijderd" in response.content.decode()
    entry.refresh_from_db()
    assert entry.status == EntryStatus.SUBMITTED


def test_a_stale_delete_shows_the_newest_data_and_deletes_nothing(client, contract, member):
    entry = cost_item(member, contract)
    seen = entry.version
    fulfilment.entry_update(
        actor=f.supplier_member(contract),
        entry=entry,
        version=seen,
        block="opleiding",
        amount=Decimal("3000"),
        description="Door een collega gewijzigd",
    )
    client.force_login(member)
    url = reverse("socialreturn:entry_delete", args=[entry.pk])
    response = client.post(url, {"version": seen})
    assert response.status_code == 409
    body = response.content.decode()
    assert "Iemand anders heeft deze invulling intussen gewijzigd. Er is niets verwijderd" in body
    assert "Door een collega gewijzigd" in body
    assert f'name="version" value="{seen + 1}"' in body  # confirming again uses the new version
    assert FulfilmentEntry.objects.filter(pk=entry.pk).exists()
    assert client.post(url, {"version": seen + 1}).status_code == 302
    assert not FulfilmentEntry.objects.filter(pk=entry.pk).exists()


def test_a_delete_submitted_meanwhile_is_refused_as_no_longer_a_draft(client, contract, member):
    entry = cost_item(member, contract)
    seen = entry.version
    fulfilment.entry_submit(actor=f.supplier_member(contract), entry=entry, version=seen)
    client.force_login(member)
    response = client.post(
        reverse("socialreturn:entry_delete", args=[entry.pk]), {"version": seen}, follow=True
    )
    assert "is ingediend en wacht op beoordeling" in response.content.decode()
    assert FulfilmentEntry.objects.get(pk=entry.pk).status == EntryStatus.SUBMITTED


def test_a_post_without_a_version_deletes_nothing(client, contract, member):
    entry = cost_item(member, contract)
    client.force_login(member)
    response = client.post(reverse("socialreturn:entry_delete", args=[entry.pk]), {})
    assert response.status_code == 400
    assert "Er is niets verwijderd" in response.content.decode()
    assert FulfilmentEntry.objects.filter(pk=entry.pk).exists()


def test_who_may_not_edit_the_entry_cannot_delete_it(client, contract, member):
    entry = cost_item(member, contract)
    url = reverse("socialreturn:entry_delete", args=[entry.pk])
    # Not logged in: to the login page.
    response = client.post(url, {"version": entry.version})
    assert response.status_code == 302
    assert "login" in response["Location"]
    # A member of another supplier: the entry does not exist for them.
    client.force_login(f.supplier_member(f.contract()))
    assert client.get(url).status_code == 404
    assert client.post(url, {"version": entry.version}).status_code == 404
    # Someone who may look at entries but not change them.
    reader = UserFactory()
    reader.user_permissions.add(
        Permission.objects.get(codename="view_fulfilmententry"),
        Permission.objects.get(codename="view_contract"),
    )
    client.force_login(reader)
    assert client.get(url).status_code == 403
    assert client.post(url, {"version": entry.version}).status_code == 403
    detail = client.get(reverse("socialreturn:entry", args=[entry.pk])).content.decode()
    assert url not in detail
    assert FulfilmentEntry.objects.filter(pk=entry.pk).exists()


def test_the_delete_page_answers_in_english(client, contract, member):
    entry = cost_item(member, contract)
    client.force_login(member)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("socialreturn:entry_delete", args=[entry.pk])).content.decode()
    assert f"Delete entry #{entry.pk}" in body
    assert "cannot be undone" in body
