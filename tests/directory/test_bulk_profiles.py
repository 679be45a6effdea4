"""Writing many impact profiles at once (the staff import) keeps the rules of writing one.

``profiles_create`` and ``profiles_update`` validate every profile as ``profile_create`` and
``profile_update`` do, write nothing when one breaks a rule (named by its position) or was saved
since the version the change was made on, give each written profile one history entry with the
actor, set or replace its themes and SDGs, and have the published ones found in the showcase.
"""

from datetime import UTC, datetime

import pytest

from impactplein.core.models import SDG, Theme
from impactplein.core.search import clear_index, search
from impactplein.directory import indexing
from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import ImpactProfile
from impactplein.directory.services import (
    PROFILE_TAKEN,
    NewProfile,
    ProfileChange,
    StaleProfileError,
    profile_update,
    profiles_create,
    profiles_update,
)
from impactplein.organisations.services import RecordsInvalid
from tests.directory.factories import OrganisationFactory, UserFactory, profile

pytestmark = pytest.mark.django_db

PUBLISHED = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _empty_index() -> None:
    clear_index(indexing.DOC_TYPE)


def found(query: str) -> list[str]:
    return [hit.title for hit in search(query, doc_types=[indexing.DOC_TYPE]).hits]


def themes(*slugs: str) -> list[Theme]:
    return [Theme.objects.get(slug=slug) for slug in slugs]


def sdgs(*numbers: int) -> list[SDG]:
    return [SDG.objects.get(number=number) for number in numbers]


def test_many_profiles_start_with_their_themes_status_and_history(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    actor = UserFactory()
    theme_slugs = list(Theme.objects.values_list("slug", flat=True)[:2])
    fietsen, koffie = (
        OrganisationFactory(name="Fietsenwerkplaats"),
        OrganisationFactory(name="Koffiebranderij"),
    )

    with django_capture_on_commit_callbacks(execute=True):
        created = profiles_create(
            actor=actor,
            new=[
                NewProfile(
                    fietsen,
                    {"pitch": "Fietsen voor hergebruik"},
                    themes=themes(*theme_slugs),
                    sdgs=sdgs(8, 12),
                    status=ProfileStatus.PUBLISHED,
                    published_at=PUBLISHED,
                ),
                NewProfile(koffie, {"pitch": "Koffie met een verhaal"}),
            ],
        )

    first = ImpactProfile.objects.get(pk=created[0].pk)
    assert sorted(first.themes.values_list("slug", flat=True)) == sorted(theme_slugs)
    assert sorted(first.sdgs.values_list("number", flat=True)) == [8, 12]
    assert (first.status, first.published_at) == (ProfileStatus.PUBLISHED, PUBLISHED)
    assert [(h.history_type, h.history_user) for h in first.history.all()] == [("+", actor)]
    assert ImpactProfile.objects.get(pk=created[1].pk).status == ProfileStatus.DRAFT
    assert found("fietsen") == ["Fietsenwerkplaats"]
    assert found("koffie") == []  # a draft is not in the showcase


def test_one_invalid_profile_writes_none_and_is_named_by_its_position() -> None:
    first, second, third = OrganisationFactory(), OrganisationFactory(), OrganisationFactory()
    profile(third)

    with pytest.raises(RecordsInvalid) as refused:
        profiles_create(
            actor=None,
            new=[
                NewProfile(first, {"pitch": "Goed"}),
                NewProfile(second, {"pitch": "x" * 281}),
                NewProfile(third, {"pitch": "Een tweede profiel"}),
                NewProfile(first, {"pitch": "Nog een voor de eerste"}),
            ],
        )

    assert set(refused.value.errors) == {1, 2, 3}
    assert "pitch" in refused.value.errors[1]
    assert refused.value.errors[2] == {"organisation": [str(PROFILE_TAKEN)]}
    assert refused.value.errors[3] == {"organisation": [str(PROFILE_TAKEN)]}
    assert ImpactProfile.objects.count() == 1


def test_many_profiles_change_their_fields_themes_and_status_in_one_write(
    django_capture_on_commit_callbacks,
) -> None:  # type: ignore[no-untyped-def]
    actor = UserFactory()
    slug = Theme.objects.values_list("slug", flat=True)[0]
    changing = profile(OrganisationFactory(name="Fietsenwerkplaats"), pitch="Oude pitch")
    changing.themes.set(themes(slug))
    alone = profile(pitch="Blijft zo")

    with django_capture_on_commit_callbacks(execute=True):
        written = profiles_update(
            actor=actor,
            changes=[
                ProfileChange(
                    changing,
                    1,
                    {"pitch": "Nieuwe pitch over fietsen"},
                    themes=[],
                    sdgs=sdgs(8),
                    status=ProfileStatus.PUBLISHED,
                    published_at=PUBLISHED,
                ),
                ProfileChange(alone, 1, {"pitch": "Blijft zo"}, themes=None),
            ],
        )

    assert written == 1
    changing = ImpactProfile.objects.get(pk=changing.pk)
    assert (changing.pitch, changing.version, changing.status) == (
        "Nieuwe pitch over fietsen",
        2,
        ProfileStatus.PUBLISHED,
    )
    assert not changing.themes.exists()
    assert list(changing.sdgs.values_list("number", flat=True)) == [8]
    assert changing.history.first().history_user == actor
    assert ImpactProfile.objects.get(pk=alone.pk).version == 1
    assert found("fietsen") == ["Fietsenwerkplaats"]


def test_a_change_made_on_an_older_version_is_refused_and_nothing_is_written() -> None:
    first, second = profile(pitch="Eerste"), profile(pitch="Tweede")
    read_before = ImpactProfile.objects.get(pk=second.pk)
    profile_update(actor=None, profile=second, expected_version=1, pitch="Door iemand")

    with pytest.raises(StaleProfileError) as refused:
        profiles_update(
            actor=None,
            changes=[
                ProfileChange(first, 1, {"pitch": "Nieuw 1"}),
                ProfileChange(read_before, 1, {"pitch": "Nieuw 2"}),
            ],
        )

    assert refused.value.current.pitch == "Door iemand"
    assert ImpactProfile.objects.get(pk=first.pk).pitch == "Eerste"


def test_an_invalid_change_writes_nothing() -> None:
    first, second = profile(pitch="Eerste"), profile(pitch="Tweede")

    with pytest.raises(RecordsInvalid) as refused:
        profiles_update(
            actor=None,
            changes=[
                ProfileChange(first, 1, {"pitch": "Nieuw"}),
                ProfileChange(second, 1, {"sells_to_buyers": True, "offer": ""}),
            ],
        )

    assert list(refused.value.errors) == [1]
    assert "offer" in refused.value.errors[1]
    assert ImpactProfile.objects.get(pk=first.pk).pitch == "Eerste"
