"""Organisations are findable through the core search engine once their write has committed.

Registering and editing enqueue indexing with ``transaction.on_commit``: a rolled-back write
leaves nothing in the index, a committed one can be found by its name (Dutch stemming), filtered
by kind and municipality, and an edit replaces the document instead of adding one.
"""

from django.db import transaction

import pytest

from impactplein.core.search import search
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.indexing import DOC_TYPE, index_all_organisations
from impactplein.organisations.services import organisation_update
from tests.organisations.factories import OrganisationFactory, area, municipality

pytestmark = pytest.mark.django_db


def found(query: str, **filters) -> list[str]:
    result = search(query, doc_types=[DOC_TYPE], filters=filters or None)
    return [hit.title for hit in result.hits]


def test_a_registered_organisation_is_indexed_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        OrganisationFactory(
            name="Stichting Vrijwilligerscentrale", kind=OrganisationKind.SOCIAL_ORGANISATION
        )
    assert found("vrijwilligerscentrale") == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert found("vrijwilligerscentrale") == ["Stichting Vrijwilligerscentrale"]


def test_facets_filter_by_kind_municipality_and_area(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        OrganisationFactory(name="Bakkerij Dordt", area=area("binnenstad"))
        OrganisationFactory(
            name="Bakkerij Sliedrecht", municipality=municipality("GM0610"), postcode="3361 AB"
        )
        OrganisationFactory(name="Bakkerij Samen", kind=OrganisationKind.SOCIAL_ENTERPRISE)
    assert sorted(found("bakkerij")) == ["Bakkerij Dordt", "Bakkerij Samen", "Bakkerij Sliedrecht"]
    assert found("bakkerij", municipality=["GM0610"]) == ["Bakkerij Sliedrecht"]
    assert found("bakkerij", kind=["social_enterprise"]) == ["Bakkerij Samen"]
    assert found("", area=["binnenstad"]) == ["Bakkerij Dordt"]


def test_an_edit_replaces_the_document(django_capture_on_commit_callbacks, user):
    with django_capture_on_commit_callbacks(execute=True):
        organisation = OrganisationFactory(owner=user, name="Fietsenmaker Oud")
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(
            actor=user, organisation=organisation, expected_version=1, name="Fietsherstel Nieuw"
        )
    assert found("fietsenmaker") == []
    assert found("fietsherstel") == ["Fietsherstel Nieuw"]


def register_then_fail() -> None:
    with transaction.atomic():
        OrganisationFactory(name="Kringloop Nooit")
        raise RuntimeError("the request failed after the write")


def test_a_rolled_back_registration_is_never_indexed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks, pytest.raises(RuntimeError):
        register_then_fail()
    assert callbacks == []
    assert found("kringloop") == []


def test_the_whole_type_can_be_rebuilt():
    OrganisationFactory(name="Koffiebar De Kil")
    OrganisationFactory(name="Koffiebranderij Merwede", sbi_code="1083", sbi_version="2008")
    assert index_all_organisations() == 2
    assert sorted(found("koffie")) == ["Koffiebar De Kil", "Koffiebranderij Merwede"]
    assert found("industrie") == ["Koffiebranderij Merwede"]  # its SBI section is in the body
