"""The profile form: members save a draft or submit it, uploads are checked, a stale save answers
409 with the newer data and the user's own input, and an edit of a published profile waits for
the review while the published version stays."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

import pytest
from PIL import Image

from impactplein.core.models import SDG, Theme
from impactplein.directory import joining
from impactplein.directory.constants import ImpactModel, ProfileStatus, RevisionStatus
from impactplein.directory.models import ImpactProfile
from tests.directory.factories import OrganisationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

PITCH = "Wij knappen fietsen op met mensen die werk zoeken, midden in Dordrecht."


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def owner(client):
    user = UserFactory(email="eigenaar@example.org")
    client.force_login(user)
    return user


@pytest.fixture
def organisation(owner):
    return OrganisationFactory(owner=owner, name="Fietsfabriek")


def url(organisation):
    return reverse("directory:profile_edit", args=[organisation.pk])


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (200, 40, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def form_data(version="", **overrides):
    values = {
        "version": version,
        "pitch": PITCH,
        "story": "Sinds 2019.",
        "impact_models": [ImpactModel.EMPLOYMENT],
        "themes": [Theme.objects.order_by("pk").first().pk],
        "sdgs": [SDG.objects.get(number=8).pk],
        "target_groups": "statushouders\njongeren zonder startkwalificatie",
        "offer": "",
        "figures-TOTAL_FORMS": "2",
        "figures-INITIAL_FORMS": "0",
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
        "figures-0-year": "2025",
        "figures-0-kind": "target_group_jobs",
        "figures-0-label": "",
        "figures-0-value": "12",
        "figures-1-year": "",
        "figures-1-kind": "",
        "figures-1-label": "",
        "figures-1-value": "",
        "photos-TOTAL_FORMS": "2",
        "photos-INITIAL_FORMS": "0",
        "photos-MIN_NUM_FORMS": "0",
        "photos-MAX_NUM_FORMS": "2",
        "photos-0-alt_text": "",
        "photos-1-alt_text": "",
    }
    values.update(overrides)
    return values


def test_the_empty_form_shows_the_pitch_hint_with_the_characters_left(client, organisation):
    response = client.get(url(organisation))

    content = response.content.decode()
    assert response.status_code == 200
    assert "Nog 280 tekens over." in content
    assert 'maxlength="280"' in content
    assert "Indienen ter beoordeling" in content


def test_another_organisation_s_profile_is_forbidden(client, owner):
    other = OrganisationFactory()
    assert client.get(url(other)).status_code == 403


def test_saving_a_draft_keeps_everything_and_submitting_hands_it_to_the_review(
    client, organisation
):
    response = client.post(
        url(organisation),
        form_data(**{"logo": SimpleUploadedFile("logo.jpg", jpeg(), "image/jpeg")}),
    )
    assert response.status_code == 302
    profile = ImpactProfile.objects.get()
    assert profile.status == ProfileStatus.DRAFT
    assert profile.target_groups == ["statushouders", "jongeren zonder startkwalificatie"]
    assert profile.logo
    assert joining.figure_rows_of(profile)[0]["value"] == "12"

    page = client.get(url(organisation)).content.decode()
    assert "Het concept is opgeslagen." in page
    assert f"Nog {280 - len(PITCH)} tekens over." in page

    client.post(url(organisation), form_data(version=profile.version, submit="1"))
    assert ImpactProfile.objects.get().status == ProfileStatus.SUBMITTED


def test_a_text_file_renamed_to_jpg_is_refused_and_nothing_is_saved(client, organisation):
    response = client.post(
        url(organisation),
        form_data(
            **{
                "photos-0-image": SimpleUploadedFile(
                    "foto.jpg", b"<?php system($_GET['c']); ?>", "image/jpeg"
                ),
                "photos-0-alt_text": "Onze werkplaats",
            }
        ),
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "geen JPEG-, PNG- of WebP-afbeelding" in content
    assert "data-error-summary" in content
    assert PITCH in content  # what was typed stays
    assert not ImpactProfile.objects.exists()


def test_a_photo_needs_a_description(client, organisation):
    response = client.post(
        url(organisation),
        form_data(**{"photos-0-image": SimpleUploadedFile("foto.jpg", jpeg(), "image/jpeg")}),
    )
    assert "Beschrijf wat er op de foto te zien is." in response.content.decode()
    assert not ImpactProfile.objects.exists()


def test_a_stale_save_answers_409_with_the_newer_data_and_the_users_input(client, organisation):
    client.post(url(organisation), form_data())
    profile = ImpactProfile.objects.get()
    old_version = profile.version
    client.post(
        url(organisation),
        form_data(version=old_version, pitch="Opgeslagen in het andere tabblad, als eerste."),
    )

    response = client.post(
        url(organisation),
        form_data(version=old_version, pitch="Mijn eigen tekst die ik niet kwijt wil raken."),
    )

    content = response.content.decode()
    assert response.status_code == 409
    assert "Iemand anders heeft dit profiel intussen gewijzigd" in content
    assert "Mijn eigen tekst die ik niet kwijt wil raken." in content
    assert "Opgeslagen in het andere tabblad, als eerste." in content
    assert ImpactProfile.objects.get().pitch == "Opgeslagen in het andere tabblad, als eerste."


def test_an_edit_of_a_published_profile_waits_for_the_review(client, owner, organisation):
    reviewer = grant(UserFactory(), "directory.review_impactprofile")
    client.post(url(organisation), form_data(submit="1"))
    profile = joining.profile_approve(actor=reviewer, profile=ImpactProfile.objects.get())

    response = client.post(
        url(organisation),
        form_data(version=profile.version, pitch="Een nieuwe pitch die nog beoordeeld wordt."),
    )

    assert response.status_code == 302
    current = ImpactProfile.objects.get()
    assert current.pitch == PITCH
    assert current.revisions.get().status == RevisionStatus.PENDING
    page = client.get(url(organisation)).content.decode()
    assert "uw wijzigingen wachten op beoordeling" in page
    # The form goes on from the proposal, so the member sees what they proposed.
    assert "Een nieuwe pitch die nog beoordeeld wordt." in page


def test_confirming_a_published_profile_takes_one_click(client, owner, organisation):
    reviewer = grant(UserFactory(), "directory.review_impactprofile")
    client.post(url(organisation), form_data(submit="1"))
    joining.profile_approve(actor=reviewer, profile=ImpactProfile.objects.get())
    ImpactProfile.objects.update(confirmed_at=None)
    confirm = reverse("directory:profile_confirm", args=[organisation.pk])

    assert "Ja, alles klopt nog" in client.get(confirm).content.decode()
    response = client.post(confirm)

    assert response.status_code == 302
    assert ImpactProfile.objects.get().confirmed_at is not None
