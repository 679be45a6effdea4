"""The admin changes impact profiles through the versioned service: a change is validated and
recorded, and a save on a page loaded before someone else's save is refused."""

import pytest

from impactplein.core.models import Theme
from impactplein.directory.models import ImpactProfile
from tests.directory.factories import UserFactory, profile

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, settings):
    settings.STAFF_MFA_REQUIRED = False
    user = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


def post_data(record: ImpactProfile, **overrides):
    values = {
        "expected_version": record.version,
        "pitch": record.pitch,
        "story": record.story,
        "impact_models": '["employment"]',
        "target_groups": '["statushouders"]',
        "offer": "",
        "themes": [Theme.objects.order_by("pk").first().pk],
        "figures-TOTAL_FORMS": "0",
        "figures-INITIAL_FORMS": "0",
        "figures-MIN_NUM_FORMS": "0",
        "figures-MAX_NUM_FORMS": "1000",
    }
    values.update(overrides)
    return values


def url(record):
    return f"/beheer/directory/impactprofile/{record.pk}/change/"


def test_an_admin_change_raises_the_version_and_keeps_history(admin_client):
    record = profile()

    response = admin_client.post(url(record), post_data(record, pitch="Aangepast in het beheer."))

    assert response.status_code == 302, response.content.decode()[:2000]
    saved = ImpactProfile.objects.get()
    assert saved.pitch == "Aangepast in het beheer."
    assert saved.version == record.version + 1
    assert saved.history.count() == 2
    assert list(saved.themes.all()) == [Theme.objects.order_by("pk").first()]


def test_an_admin_save_on_an_older_version_is_refused(admin_client):
    record = profile()
    admin_client.post(url(record), post_data(record, pitch="Eerste wijziging in het beheer."))

    response = admin_client.post(url(record), post_data(record, pitch="Tweede, op oude versie."))

    assert response.status_code == 200
    assert "Iemand anders heeft dit profiel intussen gewijzigd" in response.content.decode()
    assert ImpactProfile.objects.get().pitch == "Eerste wijziging in het beheer."
