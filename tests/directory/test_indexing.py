"""The showcase's search index follows the impact profiles: published ones in, the others out.

A profile is indexed after its write commits (the worker runs the task; tests run it at once). A
draft or submitted profile is never in the index; publishing puts it in with the organisation's
name as title and its facets (kind, municipality, area, themes, SDGs, valid certifications,
impact models, Buy Social). A change to the organisation (name, municipality) re-indexes the
profile through the ``organisation_changed`` signal; a rebuild indexes every published profile.
"""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from impactplein.core.models import SDG, Theme
from impactplein.core.search import clear_index, search
from impactplein.directory import indexing
from impactplein.directory.constants import CertificationKind, ImpactModel
from impactplein.directory.services import profile_publish, profile_update
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.services import organisation_update
from tests.directory.factories import OrganisationFactory, certification, profile
from tests.organisations.factories import area, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_index() -> None:
    clear_index(indexing.DOC_TYPE)


def found(query: str = "", **filters: Any) -> list[str]:
    result = search(query, doc_types=[indexing.DOC_TYPE], filters=filters or None, order="title")
    return [hit.title for hit in result.hits]


def facets() -> dict[str, dict[str, int]]:
    return search("", doc_types=[indexing.DOC_TYPE], facet_keys=indexing.FACET_KEYS).facet_counts


@pytest.fixture
def draft(django_capture_on_commit_callbacks: Any) -> Any:
    with django_capture_on_commit_callbacks(execute=True):
        organisation = OrganisationFactory(
            name="Kringloop Meedoen",
            kind=OrganisationKind.SOCIAL_ENTERPRISE,
            area=area("binnenstad"),
        )
        return profile(
            organisation,
            pitch="Wij geven meubels een tweede leven.",
            impact_models=[ImpactModel.EMPLOYMENT, ImpactModel.ENVIRONMENTAL],
            sells_to_buyers=True,
            offer="Ophalen en leeghalen van woningen.",
            themes=Theme.objects.filter(slug__in=["circulaire-economie", "arbeidsparticipatie"]),
            sdgs=SDG.objects.filter(number__in=[8, 12]),
        )


def publish(profile: Any, capture: Any) -> Any:
    with capture(execute=True):
        return profile_publish(
            actor=None, profile=profile, published_at=datetime(2026, 2, 1, tzinfo=UTC)
        )


def test_a_draft_is_not_in_the_index(draft: Any) -> None:
    assert found("meubels") == []


def test_publishing_puts_the_profile_in_after_commit(
    draft: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        profile_publish(actor=None, profile=draft)
    assert found("meubels") == []  # not before the commit
    for callback in callbacks:
        callback()
    assert found("meubels") == ["Kringloop Meedoen"]
    assert found("kringloop") == ["Kringloop Meedoen"]  # the name is the title


def test_the_document_carries_the_showcase_facets(
    draft: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        certification(draft.organisation, kind=CertificationKind.B_CORP)
        certification(
            draft.organisation,
            kind=CertificationKind.SOCIAL_ENTERPRISE_NL,
            valid_from=date(2020, 1, 1),
            valid_until=date(2021, 1, 1),
        )
    publish(draft, django_capture_on_commit_callbacks)
    assert facets() == {
        "kind": {"social_enterprise": 1},
        "municipality": {"GM0505": 1},
        "area": {"binnenstad": 1},
        "theme": {"arbeidsparticipatie": 1, "circulaire-economie": 1},
        "sdg": {"12": 1, "8": 1},
        "certification": {"b_corp": 1},  # the expired membership is not a facet
        "model": {"employment": 1, "environmental": 1},
        "sells": {"yes": 1},
    }


def test_an_edit_of_a_published_profile_replaces_its_document(
    draft: Any, django_capture_on_commit_callbacks: Any
) -> None:
    published = publish(draft, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        profile_update(
            actor=None,
            profile=published,
            expected_version=published.version,
            pitch="Wij repareren fietsen.",
            sells_to_buyers=False,
        )
    assert found("meubels") == []
    assert found("fietsen") == ["Kringloop Meedoen"]
    assert facets()["sells"] == {}


def test_an_organisation_change_reindexes_its_profile(
    draft: Any, django_capture_on_commit_callbacks: Any
) -> None:
    published = publish(draft, django_capture_on_commit_callbacks)
    organisation = published.organisation
    with django_capture_on_commit_callbacks(execute=True):
        organisation_update(
            actor=None,
            organisation=organisation,
            expected_version=organisation.version,
            name="Kringloop Tweede Kans",
            municipality=municipality("GM0590"),
            area=None,
            city="Papendrecht",
            postcode="3351 AB",
        )
    assert found("tweede kans") == ["Kringloop Tweede Kans"]
    assert found(municipality=["GM0590"]) == ["Kringloop Tweede Kans"]
    assert found(municipality=["GM0505"]) == []
    assert found(area=["binnenstad"]) == []


def test_rebuilding_indexes_every_published_profile_and_nothing_else(
    draft: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publish(draft, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        other = profile(OrganisationFactory(name="Drukkerij Vakwerk"), pitch="Wij drukken folders.")
        publish(other, django_capture_on_commit_callbacks)
        profile(OrganisationFactory(name="Naaiatelier Concept"), pitch="Nog een concept.")
    clear_index(indexing.DOC_TYPE)
    assert found() == []
    assert indexing.index_all_profiles() == 2
    assert found() == ["Drukkerij Vakwerk", "Kringloop Meedoen"]
