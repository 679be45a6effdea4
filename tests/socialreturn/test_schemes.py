"""Valuation schemes: every shipped preset is in the database after ``migrate`` (Drechtsteden as a
draft to fill in), a draft is edited through the engine's checks with every problem in Dutch and
its path, a stale edit is refused, publication is final (service and model refuse a change), and
a change is a new version that starts as a draft."""

import json
from datetime import date

from django.db import transaction
from django.utils import translation

import pytest

from impactplein.socialreturn import valuation
from impactplein.socialreturn.constants import SchemeStatus
from impactplein.socialreturn.models import ValuationScheme
from impactplein.socialreturn.selectors.schemes import scheme_valid_on
from impactplein.socialreturn.services import schemes as services
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False  # the second factor is tested in tests/accounts


def test_every_preset_is_in_the_database_after_migrate() -> None:
    for slug in valuation.preset_names():
        definition = valuation.preset_definition(slug)
        stored = ValuationScheme.objects.get(
            slug=definition["slug"], version=str(definition["version"])
        )
        assert stored.is_preset
        assert stored.definition == definition
        expected = SchemeStatus.DRAFT if slug == "drechtsteden" else SchemeStatus.PUBLISHED
        assert stored.status == expected


def test_the_preset_sync_is_idempotent_and_keeps_an_edited_draft() -> None:
    draft = ValuationScheme.objects.get(slug="drechtsteden")
    ValuationScheme.objects.filter(pk=draft.pk).update(name="Drechtsteden (ingevuld)")
    count = ValuationScheme.objects.count()
    assert services.schemes_sync_presets() == []
    assert ValuationScheme.objects.count() == count
    assert ValuationScheme.objects.get(pk=draft.pk).name == "Drechtsteden (ingevuld)"


def _draft() -> ValuationScheme:
    return factories.scheme(
        status=SchemeStatus.DRAFT, published_at=None, version="concept-1", slug="testmodel"
    )


def _update(scheme: ValuationScheme, definition: dict, **kwargs):  # type: ignore[no-untyped-def]
    return services.scheme_update(
        actor=None,
        scheme=scheme,
        expected_version=kwargs.pop("expected_version", scheme.version_lock),
        definition=definition,
        name=kwargs.pop("name", "Testmodel"),
        region="Drechtsteden",
        valid_from=date(2027, 1, 1),
        **kwargs,
    )


def test_a_draft_is_saved_with_its_metadata_in_the_definition() -> None:
    draft = _draft()
    saved = _update(draft, dict(draft.definition))
    assert saved.version_lock == draft.version_lock + 1
    assert saved.definition["name"] == "Testmodel"
    assert saved.definition["valid_from"] == "2027-01-01"
    assert saved.definition["slug"] == "testmodel"
    assert saved.valid_from == date(2027, 1, 1)


def test_an_invalid_definition_names_every_problem_in_dutch_and_saves_nothing() -> None:
    draft = _draft()
    definition = dict(draft.definition)
    definition["base_hours"] = "veel"
    blocks = [dict(block) for block in definition["blocks"]]
    blocks[1]["unit"] = "per_week"
    definition["blocks"] = blocks
    with translation.override("nl"), pytest.raises(services.InvalidSchemeDefinition) as caught:
        _update(draft, definition)
    problems = {problem.path: problem.message for problem in caught.value.problems}
    assert problems["base_hours"] == "'base_hours' moet een getal zijn, niet 'veel'."
    assert "blocks[1].unit" in problems
    assert "geen toegestane waarde" in problems["blocks[1].unit"]
    draft.refresh_from_db()
    assert draft.version_lock == 1
    assert draft.definition["base_hours"] != "veel"


def test_json_that_does_not_parse_names_its_line() -> None:
    with translation.override("nl"), pytest.raises(services.InvalidSchemeDefinition) as caught:
        services.parse_definition_text('{\n  "slug": "x",\n  oops\n}')
    assert "regel 3" in caught.value.problems[0].message


def test_a_stale_edit_is_refused_in_dutch() -> None:
    draft = _draft()
    _update(draft, dict(draft.definition))
    with translation.override("nl"), pytest.raises(services.StaleSchemeError) as caught:
        _update(draft, dict(draft.definition), expected_version=1, name="Oud")
    assert "Iemand anders heeft dit waarderingsmodel intussen gewijzigd" in str(caught.value)
    assert ValuationScheme.objects.get(pk=draft.pk).name == "Testmodel"


def test_publishing_makes_a_draft_final() -> None:
    draft = _draft()
    published = services.scheme_publish(actor=None, scheme=draft, expected_version=1)
    assert published.status == SchemeStatus.PUBLISHED
    assert published.published_at is not None
    assert published.definition["status"] == "published"
    with pytest.raises(services.PublishedSchemeError):
        _update(published, dict(published.definition), expected_version=published.version_lock)


def test_the_model_refuses_any_change_to_a_published_scheme() -> None:
    published = factories.scheme()
    published.definition = {**published.definition, "base_hours": 40}
    with pytest.raises(services.PublishedSchemeError):
        published.save()
    published.refresh_from_db()
    published.name = "Anders"
    with pytest.raises(services.PublishedSchemeError):
        published.save()
    with pytest.raises(services.PublishedSchemeError), transaction.atomic():
        published.delete()
    assert ValuationScheme.objects.get(pk=published.pk).name != "Anders"


def test_a_draft_without_building_blocks_cannot_be_published() -> None:
    definition = {**factories.preset_definition(), "blocks": [], "slug": "leeg"}
    empty = factories.scheme(
        definition=definition, slug="leeg", status=SchemeStatus.DRAFT, published_at=None
    )
    with translation.override("nl"), pytest.raises(services.InvalidSchemeDefinition) as caught:
        services.scheme_publish(actor=None, scheme=empty, expected_version=1)
    assert caught.value.problems[0].path == "blocks"
    assert ValuationScheme.objects.get(pk=empty.pk).status == SchemeStatus.DRAFT


def test_the_drechtsteden_draft_can_be_filled_in_and_published() -> None:
    draft = ValuationScheme.objects.get(slug="drechtsteden")
    filled = _update(draft, dict(draft.definition), name="Drechtsteden 2027")
    published = services.scheme_publish(
        actor=None, scheme=filled, expected_version=filled.version_lock
    )
    assert published.is_published
    assert valuation.load_scheme(published.definition).name == "Drechtsteden 2027"


def test_a_new_version_copies_a_published_scheme_into_a_draft() -> None:
    published = factories.scheme()
    copy = services.scheme_new_version(actor=None, scheme=published, version="2027")
    assert copy.status == SchemeStatus.DRAFT
    assert (copy.slug, copy.version) == (published.slug, "2027")
    assert copy.definition["version"] == "2027"
    assert copy.definition["blocks"] == published.definition["blocks"]
    assert not copy.is_preset
    with translation.override("nl"), pytest.raises(services.VersionTakenError) as caught:
        services.scheme_new_version(actor=None, scheme=published, version="2027")
    assert "bestaat al" in str(caught.value)


def test_the_scheme_valid_on_a_day_is_published_and_in_force() -> None:
    scheme = scheme_valid_on(date(2024, 1, 1))
    assert scheme is not None
    assert scheme.is_published
    assert scheme.valid_from is None or scheme.valid_from <= date(2024, 1, 1)


def test_the_definition_download_is_the_stored_json(client) -> None:  # type: ignore[no-untyped-def]
    client.force_login(factories.officer())
    published = factories.scheme()
    response = client.get(f"/social-return/modellen/{published.pk}/?download=json")
    assert response.status_code == 200
    assert json.loads(response.content) == published.definition
