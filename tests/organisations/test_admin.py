"""The admin saves organisations through the services: versioned, validated and with history.

A change made on an older version is refused with a message instead of overwriting; a valid
change raises the version and records the administrator in the history.
"""

from django.urls import reverse

import pytest
from bs4 import BeautifulSoup

from impactplein.organisations.services import organisation_update
from tests.organisations.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, settings):
    # Multi-factor login for staff is the accounts app's concern and tested there.
    settings.STAFF_MFA_REQUIRED = False
    client.force_login(
        UserFactory(is_staff=True, is_superuser=True),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    return client


def change_form_data(client, organisation) -> dict[str, str]:
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    form = BeautifulSoup(client.get(url).content.decode(), "html.parser").find(
        "form", id="organisation_form"
    )
    data = {}
    for field in form.find_all(["input", "select", "textarea"]):
        name = field.get("name")
        if not name or field.get("type") in ("submit", "checkbox"):
            continue
        if field.name == "select":
            chosen = field.find("option", selected=True)
            data[name] = chosen["value"] if chosen else ""
        elif field.name == "textarea":
            data[name] = field.get_text()
        else:
            data[name] = field.get("value", "")
    return data


def test_an_admin_change_is_saved_through_the_service(admin_client):
    organisation = OrganisationFactory(name="Oud")
    data = change_form_data(admin_client, organisation)
    data["name"] = "Nieuw"
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Nieuw", 2)
    assert organisation.history.latest().history_user.is_superuser


def test_a_stale_admin_change_is_refused(admin_client, user):
    organisation = OrganisationFactory(owner=user, name="Oud")
    data = change_form_data(admin_client, organisation)  # opened at version 1
    organisation_update(
        actor=user, organisation=organisation, expected_version=1, name="Tussendoor"
    )
    data["name"] = "Van de beheerder"
    url = reverse("admin:organisations_organisation_change", args=[organisation.pk])
    response = admin_client.post(url, data)
    assert response.status_code == 200
    assert "intussen gewijzigd" in response.content.decode()
    organisation.refresh_from_db()
    assert (organisation.name, organisation.version) == ("Tussendoor", 2)


def test_the_admin_lists_organisations_and_their_history(admin_client):
    organisation = OrganisationFactory(name="Zichtbaar")
    assert (
        "Zichtbaar"
        in admin_client.get(reverse("admin:organisations_organisation_changelist")).content.decode()
    )
    history = reverse("admin:organisations_organisation_history", args=[organisation.pk])
    assert admin_client.get(history).status_code == 200
