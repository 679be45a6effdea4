"""Mijn etalage: a member reaches every page of their organisations' showcase entry from one
place, and staff see how much waits in the queues they may work in — and only those."""

from django.urls import reverse

import pytest

from impactplein.accounts.services import user_grant_role
from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import ImpactProfile
from tests.directory.factories import profile
from tests.organisations.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def ImpactProfileFactory(status: str, organisation=None) -> ImpactProfile:
    made = profile(organisation)
    ImpactProfile.objects.filter(pk=made.pk).update(status=status)
    made.refresh_from_db()
    return made


URL = "/etalage/"


def test_a_visitor_is_sent_to_log_in(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_member_without_organisations_is_invited_to_join(client):
    client.force_login(UserFactory())

    response = client.get(URL)

    assert response.status_code == 200
    assert reverse("directory:join") in response.text
    assert "Werkvoorraad" not in response.text


def test_a_member_sees_each_organisation_with_its_profile_status_and_pages(client):
    owner = UserFactory()
    published = OrganisationFactory(owner=owner, name="Bakkerij Het Anker")
    ImpactProfileFactory(ProfileStatus.PUBLISHED, organisation=published)
    bare = OrganisationFactory(owner=owner, name="Atelier De Vonk")
    OrganisationFactory(name="Iemand Anders BV")
    client.force_login(owner)

    text = client.get(URL).text

    assert text.index("Atelier De Vonk") < text.index("Bakkerij Het Anker")
    assert "Iemand Anders BV" not in text
    assert "Impactprofiel: gepubliceerd" in text
    assert "nog geen impactprofiel" in text
    assert published.impact_profile.get_absolute_url() in text
    for organisation in (published, bare):
        assert reverse("directory:profile_edit", args=[organisation.pk]) in text
        assert reverse("directory:certifications", args=[organisation.pk]) in text
        assert reverse("directory:scan", args=[organisation.pk]) in text


def test_a_coordinator_sees_the_queues_with_what_waits(client, settings):
    settings.STAFF_MFA_REQUIRED = False  # the second factor is tested in tests/accounts
    coordinator = UserFactory()
    user_grant_role(user=coordinator, role_slug="programme-coordinator")
    ImpactProfileFactory(ProfileStatus.SUBMITTED)
    ImpactProfileFactory(ProfileStatus.SUBMITTED)
    ImpactProfileFactory(ProfileStatus.DRAFT)
    client.force_login(coordinator)

    text = client.get(URL).text

    assert "2 profielen en aanvragen te beoordelen" in text
    assert reverse("directory:certification_queue") in text
    assert reverse("directory:import") in text


def test_a_member_does_not_see_staff_queues(client):
    member = UserFactory()
    OrganisationFactory(owner=member)
    ImpactProfileFactory(ProfileStatus.SUBMITTED)
    client.force_login(member)

    text = client.get(URL).text

    assert "Werkvoorraad" not in text
    assert reverse("directory:review_queue") not in text
