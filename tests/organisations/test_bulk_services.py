"""Writing many organisations at once (the staff import) keeps the rules of writing one.

``organisations_create`` and ``organisations_update`` validate every record as the single-record
services do and write nothing when one breaks a rule, naming it by its position; identifiers
stay unique, also within the same write; an organisation saved since the version the change was
made on is refused; each written record has one history entry with the actor; indexing and
geocoding are queued a chunk of organisations per task, not one task per organisation.
"""

import pytest

from impactplein.core import tasks as core_tasks
from impactplein.organisations import services
from impactplein.organisations.constants import LegalForm, LocationSource, OrganisationKind
from impactplein.organisations.models import KVK_TAKEN, Organisation
from impactplein.organisations.services import (
    OrganisationChange,
    RecordsInvalid,
    StaleOrganisationError,
    organisation_update,
    organisations_create,
    organisations_update,
)
from tests.organisations.factories import OrganisationFactory, area, municipality

pytestmark = pytest.mark.django_db


def record(number: int, **overrides: object) -> dict[str, object]:
    return {
        "name": f"Werkplaats {number}",
        "kind": OrganisationKind.SOCIAL_ENTERPRISE,
        "legal_form": LegalForm.BV,
        "kvk_number": f"{40000000 + number:08d}",
        "postcode": "3311ab",
        "house_number": number,
        "municipality": municipality(),
        **overrides,
    }


def test_many_organisations_are_created_normalised_located_and_in_the_history(user) -> None:
    created = organisations_create(actor=user, records=[record(1), record(2)])

    assert [o.name for o in Organisation.objects.order_by("name")] == [
        "Werkplaats 1",
        "Werkplaats 2",
    ]
    first = Organisation.objects.get(pk=created[0].pk)
    assert first.postcode == "3311 AB"
    assert first.version == 1
    assert first.location_source == LocationSource.MUNICIPALITY
    assert first.latitude is not None
    assert [(h.history_type, h.history_user) for h in first.history.all()] == [("+", user)]
    assert not first.memberships.exists()  # an import makes nobody a member


def test_one_invalid_record_writes_none_and_is_named_by_its_position() -> None:
    with pytest.raises(RecordsInvalid) as refused:
        organisations_create(
            actor=None, records=[record(1), record(2, postcode="abc"), record(3, name="")]
        )

    assert set(refused.value.errors) == {1, 2}
    assert "postcode" in refused.value.errors[1]
    assert "name" in refused.value.errors[2]
    assert not Organisation.objects.exists()


def test_a_kvk_number_taken_before_or_earlier_in_the_same_write_is_refused() -> None:
    OrganisationFactory(kvk_number="40000001")

    with pytest.raises(RecordsInvalid) as refused:
        organisations_create(
            actor=None, records=[record(1), record(2), record(3, kvk_number="4000 0002")]
        )

    assert refused.value.errors == {
        0: {"kvk_number": [str(KVK_TAKEN)]},
        2: {"kvk_number": [str(KVK_TAKEN)]},
    }
    assert Organisation.objects.count() == 1


def test_an_area_outside_the_municipality_is_refused() -> None:
    with pytest.raises(RecordsInvalid) as refused:
        organisations_create(
            actor=None,
            records=[record(1, area=area("wielwijk"), municipality=municipality("GM0610"))],
        )

    assert "area" in refused.value.errors[0]


def test_indexing_and_geocoding_are_queued_a_chunk_of_organisations_per_task(
    monkeypatch, settings, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    settings.GEOCODING_ENABLED = True
    monkeypatch.setattr(core_tasks, "TASK_CHUNK", 2)
    queued: list[tuple[str, list[int]]] = []

    class Queue:
        def __init__(self, name: str) -> None:
            self.name = name

        def enqueue(self, pks: list[int]) -> None:
            queued.append((self.name, pks))

    for name in ("index_organisations", "geocode_organisations"):
        monkeypatch.setattr(services.tasks, name, Queue(name))

    with django_capture_on_commit_callbacks(execute=True):
        created = organisations_create(
            actor=None, records=[record(1), record(2), record(3, postcode="", house_number=None)]
        )

    pks = [o.pk for o in created]
    assert queued == [
        ("index_organisations", pks[:2]),
        ("index_organisations", pks[2:]),
        ("geocode_organisations", pks[:2]),  # the third has no address to look up
    ]


def test_many_organisations_change_in_one_write_and_unchanged_ones_are_left_alone(user) -> None:
    first, second = organisations_create(actor=None, records=[record(1), record(2)])

    changed = organisations_update(
        actor=user,
        changes=[
            OrganisationChange(first, 1, {"name": "Werkplaats Een", "city": "Dordrecht"}),
            OrganisationChange(second, 1, {"name": "Werkplaats 2"}),  # as it is
        ],
    )

    assert changed == 1
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.name, first.city, first.version) == ("Werkplaats Een", "Dordrecht", 2)
    assert second.version == 1
    assert [h.history_type for h in first.history.all()] == ["~", "+"]
    assert first.history.first().history_user == user


def test_a_change_made_on_an_older_version_is_refused_and_nothing_is_written() -> None:
    first, second = organisations_create(actor=None, records=[record(1), record(2)])
    read_before = Organisation.objects.get(pk=second.pk)
    organisation_update(actor=None, organisation=second, expected_version=1, name="Door iemand")

    with pytest.raises(StaleOrganisationError) as refused:
        organisations_update(
            actor=None,
            changes=[
                OrganisationChange(first, 1, {"name": "Nieuw 1"}),
                OrganisationChange(read_before, 1, {"name": "Nieuw 2"}),
            ],
        )

    assert refused.value.current.name == "Door iemand"
    assert Organisation.objects.get(pk=first.pk).name == "Werkplaats 1"


def test_a_change_that_takes_anothers_kvk_number_is_refused() -> None:
    first, second = organisations_create(actor=None, records=[record(1), record(2)])

    with pytest.raises(RecordsInvalid) as refused:
        organisations_update(
            actor=None,
            changes=[
                OrganisationChange(first, 1, {"city": "Zwijndrecht"}),
                OrganisationChange(second, 1, {"kvk_number": first.kvk_number}),
            ],
        )

    assert refused.value.errors == {1: {"kvk_number": [str(KVK_TAKEN)]}}
    assert Organisation.objects.get(pk=first.pk).city == ""
