"""The coordinator sets the partnership and the budgets up in the admin; activities and
expenditure are read only there (their pages keep the rules), and a save raises the version."""

import pytest

from impactplein.accounts.services import user_grant_role
from impactplein.programme.models import Partnership
from tests.programme.factories import UserFactory, activity, setup

pytestmark = pytest.mark.django_db


@pytest.fixture
def coordinator(client, settings):  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False
    user = UserFactory()
    user_grant_role(user=user, role_slug="programme-coordinator")
    client.force_login(user)
    return user


def test_the_partnership_page_shows_partners_objectives_and_team(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    made = setup()
    response = client.get(f"/beheer/programme/partnership/{made.partnership.pk}/change/")
    assert response.status_code == 200
    assert "Zichtbaarheid" in response.content.decode()


def test_activities_are_read_only_in_the_admin(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    made = setup()
    item = activity(made)
    assert client.get("/beheer/programme/activity/").status_code == 200
    assert client.get("/beheer/programme/activity/add/").status_code == 403
    response = client.post(f"/beheer/programme/activity/{item.pk}/change/", {"title": "X"})
    assert response.status_code == 403


def test_saving_the_partnership_raises_its_version(client, coordinator) -> None:  # type: ignore[no-untyped-def]
    made = setup()
    admin_url = f"/beheer/programme/partnership/{made.partnership.pk}/change/"
    data = {
        "name": "Ondernemen met impact Drechtsteden",
        "ambition": "",
        "start_year": "2026",
        "duration_years": "4",
        "reevaluation_after_years": "2",
    }
    for prefix in ("partners", "objectives", "team"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(admin_url, data)
    assert response.status_code == 302
    partnership = Partnership.objects.get(pk=made.partnership.pk)
    assert (partnership.duration_years, partnership.version) == (4, 2)
