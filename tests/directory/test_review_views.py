"""The review pages: the queue lists submissions, revisions and claims oldest first for those who
may review; the review page shows a revision as a visible diff and records the decision; nobody
reviews their own submission; an owner decides a claim on their organisation."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

import pytest

from impactplein.core.models import Theme
from impactplein.directory import joining
from impactplein.directory.constants import ClaimStatus, ImpactModel, ProfileStatus
from impactplein.directory.models import ImpactProfile, OrganisationClaim
from impactplein.organisations.constants import MembershipRole
from impactplein.organisations.models import Membership
from tests.directory.factories import OrganisationFactory, UserFactory, grant

pytestmark = pytest.mark.django_db

QUEUE = "/etalage/beoordelen/"


@pytest.fixture(autouse=True)
def _no_mfa(settings, tmp_path):
    # Multi-factor login for staff has its own tests; here the pages themselves are tested.
    settings.STAFF_MFA_REQUIRED = False
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def reviewer():
    return grant(
        UserFactory(email="beoordelaar@example.org", display_name="Rita Beoordelaar"),
        "directory.review_impactprofile",
        "accounts.access_staff_area",
    )


def submit(name: str, pitch: str = "Wij maken werk van fietsen, met mensen die werk zoeken."):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner, name=name)
    result = joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=None,
        data=joining.ProfileInput(
            fields={
                "pitch": pitch,
                "story": "",
                "impact_models": [ImpactModel.EMPLOYMENT],
                "target_groups": [],
                "sells_to_buyers": False,
                "offer": "",
            },
            themes=list(Theme.objects.order_by("pk")[:1]),
        ),
        submit=True,
    )
    return owner, result.profile


def test_the_queue_needs_the_review_permission(client):
    client.force_login(UserFactory())
    assert client.get(QUEUE).status_code == 403


def test_the_queue_lists_submissions_and_claims_oldest_first(client, reviewer):
    submit("Nieuwe Onderneming")
    _, older = submit("Oude Onderneming")
    ImpactProfile.objects.filter(pk=older.pk).update(
        submitted_at=timezone.now() - timedelta(days=3)
    )
    claim = joining.claim_request(
        actor=UserFactory(), organisation=OrganisationFactory(name="Kringloop")
    )
    OrganisationClaim.objects.filter(pk=claim.pk).update(
        created_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(reviewer)

    content = client.get(QUEUE).content.decode()

    assert content.index("Oude Onderneming") < content.index("Kringloop")
    assert content.index("Kringloop") < content.index("Nieuwe Onderneming")
    assert "aanvraag om de organisatie te beheren" in content


def test_approving_from_the_review_page_publishes(client, reviewer):
    _, profile = submit("Fietsfabriek")
    client.force_login(reviewer)

    page = client.get(reverse("directory:review", args=[profile.pk])).content.decode()
    assert "Wij maken werk van fietsen" in page
    response = client.post(
        reverse("directory:review", args=[profile.pk]), {"decision": "approve", "message": ""}
    )

    assert response.status_code == 302
    assert ImpactProfile.objects.get(pk=profile.pk).status == ProfileStatus.PUBLISHED


def test_asking_for_changes_without_a_message_is_refused_on_the_page(client, reviewer):
    _, profile = submit("Fietsfabriek")
    client.force_login(reviewer)

    response = client.post(
        reverse("directory:review", args=[profile.pk]), {"decision": "changes", "message": ""}
    )

    assert response.status_code == 200
    assert "Schrijf de organisatie waarom" in response.content.decode()
    assert ImpactProfile.objects.get(pk=profile.pk).status == ProfileStatus.SUBMITTED


def test_a_revision_is_shown_as_a_diff_with_the_published_version_still_online(client, reviewer):
    owner, profile = submit("Fietsfabriek")
    profile = joining.profile_approve(actor=reviewer, profile=profile)
    new_theme = Theme.objects.order_by("-pk").first()
    joining.profile_save(
        actor=owner,
        organisation=profile.organisation,
        expected_version=profile.version,
        data=joining.ProfileInput(
            fields={
                "pitch": "Een nieuwe pitch over fietsen en scootmobielen in Dordrecht.",
                "story": "",
                "impact_models": [ImpactModel.EMPLOYMENT],
                "target_groups": [],
                "sells_to_buyers": False,
                "offer": "",
            },
            themes=[new_theme],
        ),
    )
    client.force_login(reviewer)

    response = client.get(reverse("directory:review", args=[profile.pk]))

    content = response.content.decode()
    assert 'data-diff="pitch"' in content
    assert "<del>Wij maken werk van fietsen" in content
    assert "<ins>Een nieuwe pitch" in content
    assert f"<ins>{new_theme}</ins>" in content
    assert ImpactProfile.objects.get(pk=profile.pk).pitch.startswith("Wij maken werk")


def test_a_reviewer_cannot_decide_on_their_own_submission(client, reviewer):
    organisation = OrganisationFactory(owner=reviewer, name="Eigen Zaak")
    joining.profile_save(
        actor=reviewer,
        organisation=organisation,
        expected_version=None,
        data=joining.ProfileInput(
            fields={
                "pitch": "Mijn eigen onderneming die ik zelf niet mag goedkeuren.",
                "impact_models": [ImpactModel.COMMUNITY],
            },
            themes=list(Theme.objects.order_by("pk")[:1]),
        ),
        submit=True,
    )
    profile = ImpactProfile.objects.get(organisation=organisation)
    client.force_login(reviewer)

    page = client.get(reverse("directory:review", args=[profile.pk])).content.decode()
    response = client.post(reverse("directory:review", args=[profile.pk]), {"decision": "approve"})

    assert "U kunt niet beoordelen wat u zelf heeft ingediend." in page
    assert 'name="decision"' not in page
    assert response.status_code == 403
    assert ImpactProfile.objects.get(pk=profile.pk).status == ProfileStatus.SUBMITTED


def test_an_owner_decides_a_claim_on_their_organisation(client):
    owner = UserFactory()
    organisation = OrganisationFactory(owner=owner)
    claimant = UserFactory()
    claim = joining.claim_request(actor=claimant, organisation=organisation)
    client.force_login(owner)

    response = client.post(
        reverse("directory:review_claim", args=[claim.pk]), {"decision": "approve"}
    )

    assert response.status_code == 302
    assert OrganisationClaim.objects.get().status == ClaimStatus.APPROVED
    assert Membership.objects.get(user=claimant).role == MembershipRole.OWNER


def test_someone_else_cannot_open_a_claim(client):
    claim = joining.claim_request(actor=UserFactory(), organisation=OrganisationFactory())
    client.force_login(UserFactory())
    assert client.get(reverse("directory:review_claim", args=[claim.pk])).status_code == 403
