"""Organisations are written only through the services, which keep the record whole.

Registering makes the registering person the owner; identifiers are normalised and unique where
given (blank ones any number of times); an edit made on an older version is refused and changes
nothing, even when the version moved between the check and the write; every change is in the
history with the person who made it; a failing write leaves nothing half-saved; an organisation
always keeps an owner.
"""

import threading
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

import pytest

from impactplein.organisations import services
from impactplein.organisations.constants import LegalForm, MembershipRole, OrganisationKind
from impactplein.organisations.models import Membership, Organisation
from impactplein.organisations.services import (
    StaleOrganisationError,
    membership_add,
    membership_change_role,
    membership_remove,
    organisation_create,
    organisation_update,
)
from tests.organisations.factories import (
    OrganisationFactory,
    UserFactory,
    area,
    member,
    membership,
    municipality,
)

pytestmark = pytest.mark.django_db


def register(actor=None, **overrides):
    fields = {
        "name": "Stichting Buurtkracht",
        "kind": OrganisationKind.SOCIAL_ORGANISATION,
        "legal_form": LegalForm.STICHTING,
        "municipality": municipality(),
        **overrides,
    }
    return organisation_create(actor=actor, **fields)


# --- registering ---------------------------------------------------------------------------------


def test_the_person_who_registers_becomes_the_owner(user):
    organisation = register(actor=user)
    assert membership(organisation, user).role == MembershipRole.OWNER
    assert organisation.version == 1


def test_system_registration_has_no_members():
    organisation = register(actor=None)
    assert not organisation.memberships.exists()


def test_identifiers_are_stored_in_their_canonical_form():
    organisation = register(
        kvk_number=" 1234 5678 ",
        establishment_number="0000 1234 5678",
        postcode="3311ab",
        phone="078-123 45 67",
        sbi_code="88.99",
        sbi_version="2008",
    )
    organisation.refresh_from_db()
    assert organisation.kvk_number == "12345678"
    assert organisation.establishment_number == "000012345678"
    assert organisation.postcode == "3311 AB"
    assert organisation.phone == "+31781234567"
    assert organisation.sbi_code == "8899"
    assert organisation.sbi_section.code == "Q"


def test_blank_identifiers_are_stored_as_null_and_may_repeat():
    first = register(name="Eén", kvk_number="", establishment_number="  ")
    second = register(name="Twee", kvk_number=None)
    assert Organisation.objects.filter(kvk_number__isnull=True).count() == 2
    assert first.establishment_number is None
    assert second.establishment_number is None


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("kvk_number", "1234567"),
        ("establishment_number", "12345678"),
        ("postcode", "0311 AB"),
        ("postcode", "3311 SS"),
        ("phone", "+32 2 123 45 67"),
        ("sbi_code", "6201"),  # SBI 2025 codes have 5 digits
    ],
)
def test_invalid_identifiers_are_refused_and_nothing_is_saved(field, value):
    extra = {"sbi_version": "2025"} if field == "sbi_code" else {}
    with pytest.raises(ValidationError) as info:
        register(**{field: value, **extra})
    assert field in info.value.message_dict
    assert not Organisation.objects.exists()


def test_a_kvk_number_belongs_to_one_organisation():
    register(name="Eerste", kvk_number="12345678", establishment_number="000012345678")
    with pytest.raises(ValidationError) as info:
        register(name="Tweede", kvk_number="1234 5678")
    assert "kvk_number" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        register(name="Derde", establishment_number="000012345678")
    assert "establishment_number" in info.value.message_dict
    assert Organisation.objects.count() == 1


def test_the_database_itself_refuses_a_second_kvk_number_and_empty_strings():
    register(name="Eerste", kvk_number="12345678")
    duplicate = Organisation(
        name="Tweede", kind="company", legal_form="bv", municipality=municipality(),
        kvk_number="12345678",
    )  # fmt: skip
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()
    blank = Organisation(
        name="Leeg", kind="company", legal_form="bv", municipality=municipality(), kvk_number=""
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        blank.save()


def test_a_kvk_number_taken_by_a_concurrent_write_is_reported_on_the_field(monkeypatch):
    register(name="Eerste", kvk_number="12345678")
    # The other write lands after our validation: skip the check so only the constraint is left.
    monkeypatch.setattr(Organisation, "_identifier_taken_errors", lambda self: {})
    monkeypatch.setattr(Organisation, "validate_constraints", lambda self, exclude=None: None)
    with pytest.raises(ValidationError) as info:
        register(name="Tweede", kvk_number="12345678")
    assert "kvk_number" in info.value.message_dict
    assert Organisation.objects.count() == 1


def test_the_area_must_lie_in_the_municipality():
    with pytest.raises(ValidationError) as info:
        register(municipality=municipality("GM0610"), area=area("wielwijk"))
    assert "area" in info.value.message_dict
    assert register(area=area("wielwijk")).area.slug == "wielwijk"


def test_an_sbi_code_needs_its_version():
    with pytest.raises(ValidationError) as info:
        register(sbi_code="6201")
    assert "sbi_version" in info.value.message_dict


def test_unknown_fields_are_a_programming_error():
    with pytest.raises(TypeError):
        register(version=7)


def test_a_failing_owner_membership_rolls_the_registration_back(user, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("membership table unavailable")

    monkeypatch.setattr(services, "membership_add", broken)
    with pytest.raises(RuntimeError):
        register(actor=user)
    assert not Organisation.objects.exists()
    assert not Organisation.history.exists()


# --- editing with optimistic locking ------------------------------------------------------------


def test_an_edit_on_the_current_version_is_saved_and_raises_the_version(user):
    organisation = OrganisationFactory(owner=user)
    saved = organisation_update(
        actor=user, organisation=organisation, expected_version=1, name="Nieuwe naam"
    )
    assert saved.version == organisation.version == 2
    organisation.refresh_from_db()
    assert organisation.name == "Nieuwe naam"


def test_an_edit_on_an_older_version_is_refused_and_carries_the_current_record(user):
    organisation = OrganisationFactory(owner=user, name="Oud")
    organisation_update(actor=user, organisation=organisation, expected_version=1, name="Nieuw")
    with pytest.raises(StaleOrganisationError) as info:
        organisation_update(
            actor=user, organisation=organisation, expected_version=1, name="Mijn versie"
        )
    assert info.value.current.name == "Nieuw"
    assert info.value.current.version == 2
    organisation.refresh_from_db()
    assert organisation.name == "Nieuw"
    assert organisation.history.count() == 2  # created, one change; the refused edit left none


def test_of_two_saves_of_the_same_version_only_the_first_wins(user):
    first = OrganisationFactory(owner=user, phone="")
    second = Organisation.objects.get(pk=first.pk)
    organisation_update(actor=user, organisation=first, expected_version=1, phone="0781111111")
    with pytest.raises(StaleOrganisationError):
        organisation_update(actor=user, organisation=second, expected_version=1, city="Zwijndrecht")
    first.refresh_from_db()
    assert (first.phone, first.city, first.version) == ("+31781111111", "Dordrecht", 2)


def test_the_conditional_update_refuses_even_when_the_version_moved_after_the_check(
    user, monkeypatch
):
    organisation = OrganisationFactory(owner=user, name="Oud")
    looked_at = Organisation.objects.get(pk=organisation.pk)  # version 1, as read before...
    organisation_update(actor=user, organisation=organisation, expected_version=1, name="Nieuw")
    # ...the concurrent save: our check still sees version 1, only the UPDATE can notice.
    stale_reads = iter([looked_at])
    load = services._current
    monkeypatch.setattr(services, "_current", lambda pk: next(stale_reads, None) or load(pk))
    with pytest.raises(StaleOrganisationError) as info:
        organisation_update(actor=user, organisation=looked_at, expected_version=1, name="Ander")
    assert info.value.current.version == 2
    organisation.refresh_from_db()
    assert organisation.name == "Nieuw"


def test_an_edit_without_changes_keeps_the_version(user):
    organisation = OrganisationFactory(owner=user, name="Gelijk")
    organisation_update(actor=user, organisation=organisation, expected_version=1, name="Gelijk")
    organisation.refresh_from_db()
    assert organisation.version == 1
    assert organisation.history.count() == 1


def test_an_invalid_edit_changes_nothing(user):
    organisation = OrganisationFactory(owner=user, postcode="3311 AB")
    with pytest.raises(ValidationError):
        organisation_update(
            actor=user, organisation=organisation, expected_version=1, postcode="0311 AB",
            name="Andere naam",
        )  # fmt: skip
    organisation.refresh_from_db()
    assert (organisation.name, organisation.postcode, organisation.version) == (
        organisation.name, "3311 AB", 1,
    )  # fmt: skip


def test_an_edit_may_not_take_another_organisations_kvk_number(user):
    OrganisationFactory(kvk_number="11111111")
    organisation = OrganisationFactory(owner=user, kvk_number="22222222")
    with pytest.raises(ValidationError) as info:
        organisation_update(
            actor=user, organisation=organisation, expected_version=1, kvk_number="11111111"
        )
    assert "kvk_number" in info.value.message_dict
    organisation.refresh_from_db()
    assert organisation.kvk_number == "22222222"


# --- history -------------------------------------------------------------------------------------


def test_history_records_who_changed_which_fields(user):
    editor = UserFactory()
    organisation = OrganisationFactory(owner=user, name="Oud", city="Dordrecht")
    organisation_update(
        actor=editor,
        organisation=organisation,
        expected_version=1,
        name="Nieuw",
        phone="0612345678",
    )
    created, changed = organisation.history.order_by("history_date", "history_id")
    assert (created.history_type, created.history_user) == ("+", user)
    assert (changed.history_type, changed.history_user) == ("~", editor)
    delta = changed.diff_against(created, excluded_fields=["updated_at", "version"])
    assert {(c.field, c.old, c.new) for c in delta.changes} == {
        ("name", "Oud", "Nieuw"),
        ("phone", "+31781234567", "+31612345678"),
    }
    assert changed.version == 2


def test_membership_history_records_the_actor(user):
    organisation = OrganisationFactory(owner=user)
    newcomer = UserFactory()
    added = membership_add(
        actor=user, organisation=organisation, user=newcomer, role=MembershipRole.EDITOR
    )
    membership_remove(actor=user, membership=added)
    records = Membership.history.filter(user=newcomer).order_by("history_date", "history_id")
    assert [(r.history_type, r.history_user) for r in records] == [("+", user), ("-", user)]


# --- memberships ---------------------------------------------------------------------------------


def test_a_user_is_a_member_of_an_organisation_once(user):
    organisation = OrganisationFactory(owner=user)
    with pytest.raises(ValidationError):
        membership_add(actor=user, organisation=organisation, user=user, role=MembershipRole.EDITOR)
    assert organisation.memberships.count() == 1


def test_the_last_owner_cannot_leave_or_step_down(user):
    organisation = OrganisationFactory(owner=user)
    owner = membership(organisation, user)
    with pytest.raises(ValidationError):
        membership_remove(actor=user, membership=owner)
    with pytest.raises(ValidationError):
        membership_change_role(actor=user, membership=owner, role=MembershipRole.EDITOR)
    assert membership(organisation, user).role == MembershipRole.OWNER


def test_an_owner_may_leave_once_someone_else_owns_the_organisation(user):
    organisation = OrganisationFactory(owner=user)
    other = member(organisation, role=MembershipRole.EDITOR)
    membership_change_role(
        actor=user, membership=membership(organisation, other), role=MembershipRole.OWNER
    )
    membership_remove(actor=user, membership=membership(organisation, user))
    assert list(organisation.memberships.values_list("user", "role")) == [
        (other.pk, MembershipRole.OWNER)
    ]


@pytest.mark.django_db(transaction=True)
def test_two_concurrent_saves_of_one_version_never_both_win():
    """Two requests save version 1 at the same moment, each in its own connection and thread.

    On PostgreSQL both have read version 1 before either writes, so only the conditional UPDATE
    can tell them apart. SQLite takes the write lock when the transaction begins (IMMEDIATE), so
    there one save follows the other.
    """
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner, name="Oud")
    both_read = threading.Barrier(2, timeout=10)
    race = connection.vendor == "postgresql"
    load = services._current
    waited = threading.local()
    outcomes: list[str] = []

    def read_then_wait(pk):
        current = load(pk)
        if race and not getattr(waited, "done", False):
            waited.done = True
            both_read.wait()  # neither writes before both have read version 1
        return current

    def save(name):
        try:
            organisation_update(
                actor=owner, organisation=Organisation.objects.get(pk=organisation.pk),
                expected_version=1, name=name,
            )  # fmt: skip
            outcomes.append("saved")
        except StaleOrganisationError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with mock.patch.object(services, "_current", read_then_wait):
        threads = [threading.Thread(target=save, args=(name,)) for name in ("Eerste", "Tweede")]
        for thread in threads:
            thread.start()
            if not race:
                # SQLite's shared in-memory test database locks whole tables instead of waiting.
                thread.join(timeout=30)
        for thread in threads:
            thread.join(timeout=30)

    assert sorted(outcomes) == ["refused", "saved"]
    organisation.refresh_from_db()
    assert organisation.version == 2
    assert organisation.name in {"Eerste", "Tweede"}
    assert organisation.history.count() == 2
