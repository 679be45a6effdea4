"""The join pages: a visitor is sent to sign up and comes back; a member finds the organisation,
claims it or registers it (after seeing possible duplicates) and lands on the profile form."""

from django.core import mail
from django.urls import reverse

import pytest

from impactplein.core.models import Municipality
from impactplein.directory import joining
from impactplein.directory.constants import ClaimStatus
from impactplein.directory.models import OrganisationClaim
from impactplein.organisations.constants import LegalForm, MembershipRole, OrganisationKind
from impactplein.organisations.models import Membership, Organisation
from tests.directory.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

JOIN = "/etalage/aanmelden/"


@pytest.fixture
def user(client):
    user = UserFactory(email="ondernemer@example.org")
    client.force_login(user)
    return user


def test_a_visitor_is_sent_to_sign_up_and_back(client):
    response = client.get(JOIN)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_signup')}?next=%2Fetalage%2Faanmelden%2F"


def test_searching_by_kvk_number_shows_the_registered_organisation(client, user):
    organisation = OrganisationFactory(name="Fietsfabriek", kvk_number="12345678")

    response = client.get(JOIN, {"kvk_number": "1234 5678"})

    content = response.content.decode()
    assert response.status_code == 200
    assert "Fietsfabriek" in content
    assert "zelfde KvK-nummer" in content
    assert reverse("directory:join_claim", args=[organisation.pk]) in content


def test_searching_needs_a_kvk_number_or_a_name_with_a_municipality(client, user):
    response = client.get(JOIN, {"name": "Fietsfabriek"})

    assert "Kies de gemeente waar de organisatie gevestigd is." in response.content.decode()


def test_claiming_sends_a_request_and_does_not_make_a_member(client, user):
    organisation = OrganisationFactory(name="Fietsfabriek")

    response = client.post(
        reverse("directory:join_claim", args=[organisation.pk]), {"motivation": "Ik ben directeur"}
    )

    assert response.status_code == 302
    claim = OrganisationClaim.objects.get()
    assert (claim.user, claim.status, claim.motivation) == (
        user,
        ClaimStatus.PENDING,
        "Ik ben directeur",
    )
    assert not Membership.objects.filter(user=user).exists()
    page = client.get(JOIN).content.decode()
    assert "wacht op beoordeling" in page


def _new_organisation(**overrides):
    values = {
        "name": "Buurtkeuken Crabbehof",
        "kind": OrganisationKind.SOCIAL_ENTERPRISE,
        "legal_form": LegalForm.BV,
        "kvk_number": "8765 4321",
        "postcode": "3317ab",
        "house_number": "12",
        "street": "Crabbehoflaan",
        "city": "Dordrecht",
        "municipality": str(Municipality.objects.get(cbs_code="GM0505").pk),
    }
    values.update(overrides)
    return values


def test_registering_a_new_organisation_makes_the_user_its_owner(client, user):
    response = client.post(reverse("directory:join_create"), _new_organisation())

    organisation = Organisation.objects.get(name="Buurtkeuken Crabbehof")
    assert response.status_code == 302
    assert response["Location"] == reverse("directory:profile_edit", args=[organisation.pk])
    assert organisation.kvk_number == "87654321"
    assert organisation.postcode == "3317 AB"
    assert Membership.objects.get(user=user).role == MembershipRole.OWNER


def test_a_similar_organisation_must_be_looked_at_before_registering(client, user):
    OrganisationFactory(name="Buurtkeuken Crabbehof B.V.", kvk_number="11112222")

    response = client.post(reverse("directory:join_create"), _new_organisation())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Staat uw organisatie hier al bij?" in content
    assert "Vraag er een aan als het de uwe is" in content
    assert Organisation.objects.filter(name="Buurtkeuken Crabbehof").count() == 0
    # The typed values stay in the form.
    assert 'value="Buurtkeuken Crabbehof"' in content

    response = client.post(reverse("directory:join_create"), _new_organisation(confirm_new="on"))
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Buurtkeuken Crabbehof").count() == 1


def test_a_taken_kvk_number_is_named_at_its_field(client, user):
    OrganisationFactory(name="Iets heel anders", kvk_number="87654321")

    response = client.post(reverse("directory:join_create"), _new_organisation(confirm_new="on"))

    assert response.status_code == 200
    assert response.context["form"].errors["kvk_number"]
    assert not Membership.objects.filter(user=user).exists()


def test_owners_are_mailed_when_their_organisation_is_claimed(client, user):
    owner = UserFactory(email="baas@example.org")
    organisation = OrganisationFactory(owner=owner)
    mail.outbox.clear()

    client.post(reverse("directory:join_claim", args=[organisation.pk]), {"motivation": ""})

    assert [m.to for m in mail.outbox] == [["baas@example.org"]]


def test_every_form_that_posts_carries_the_csrf_token(client, user):
    organisation = OrganisationFactory(owner=user)
    claim = joining.claim_request(actor=UserFactory(), organisation=organisation)
    pages = [
        reverse("directory:join_claim", args=[OrganisationFactory().pk]),
        reverse("directory:join_create"),
        reverse("directory:profile_edit", args=[organisation.pk]),
        reverse("directory:review_claim", args=[claim.pk]),
    ]
    for page in pages:
        content = client.get(page).content.decode()
        # The language switch, the logout button and the page's own form.
        assert content.count('name="csrfmiddlewaretoken"') == 3, page


def test_the_join_page_speaks_english_after_the_language_switch(client, user):
    client.post(reverse("set_language"), {"language": "en", "next": JOIN})

    content = client.get(JOIN).content.decode()

    assert "Join the showcase" in content
    assert "Step 1: find your organisation" in content
