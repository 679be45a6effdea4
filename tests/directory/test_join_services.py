"""The join flow's services: claiming an organisation, keeping a profile and its state machine.

draft → submitted → published / changes_requested / rejected; an edit of a published profile
becomes a revision and leaves the published version alone; a stale save writes nothing.
"""

import io
from decimal import Decimal

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile

import pytest
from PIL import Image

from impactplein.core.models import SDG, Theme
from impactplein.directory import joining
from impactplein.directory.constants import (
    ClaimStatus,
    FigureKind,
    ImpactModel,
    ProfileStatus,
    RevisionStatus,
)
from impactplein.directory.models import ImpactProfile, ProfilePhoto
from impactplein.directory.services import StaleProfileError, profile_update
from impactplein.organisations.constants import MembershipRole
from impactplein.organisations.models import Membership
from tests.directory.factories import OrganisationFactory, UserFactory, grant, member

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def png(colour=(10, 120, 60)) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), colour).save(buffer, "PNG")
    return ContentFile(buffer.getvalue(), name="foto.png")


def data(**overrides) -> joining.ProfileInput:
    fields = {
        "pitch": "Wij knappen fietsen op met mensen die werk zoeken in Dordrecht.",
        "story": "Sinds 2019 in de binnenstad.",
        "impact_models": [ImpactModel.EMPLOYMENT],
        "target_groups": ["statushouders"],
        "sells_to_buyers": False,
        "offer": "",
    }
    fields.update(overrides.pop("fields", {}))
    values = {
        "fields": fields,
        "themes": list(Theme.objects.order_by("pk")[:1]),
        "sdgs": list(SDG.objects.filter(number=8)),
        "figures": [{"year": 2025, "kind": FigureKind.TARGET_GROUP_JOBS, "value": Decimal(12)}],
    }
    values.update(overrides)
    return joining.ProfileInput(**values)


@pytest.fixture
def owner():
    return UserFactory(email="eigenaar@example.org")


@pytest.fixture
def organisation(owner):
    return OrganisationFactory(owner=owner, name="Fietsfabriek Dordrecht")


@pytest.fixture
def reviewer():
    return grant(UserFactory(email="beoordelaar@example.org"), "directory.review_impactprofile")


def submitted(owner, organisation) -> ImpactProfile:
    return joining.profile_save(
        actor=owner, organisation=organisation, expected_version=None, data=data(), submit=True
    ).profile


def published(owner, organisation, reviewer) -> ImpactProfile:
    profile = submitted(owner, organisation)
    return joining.profile_approve(actor=reviewer, profile=profile)


# --- saving and submitting -----------------------------------------------------------------------


def test_a_first_save_makes_a_draft_with_figures_logo_and_photos(owner, organisation):
    result = joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=None,
        data=data(logo=png(), new_photos=[(png(), "Twee monteurs aan het werk")]),
    )

    profile = ImpactProfile.objects.get(pk=result.profile.pk)
    assert profile.status == ProfileStatus.DRAFT
    assert profile.logo.name.startswith("profiles/logos/")
    assert [p.alt_text for p in profile.photos.all()] == ["Twee monteurs aan het werk"]
    assert joining.figure_rows_of(profile) == [
        {"year": 2025, "kind": "target_group_jobs", "label": "", "value": "12"}
    ]
    assert result.revision is None


def test_submitting_moves_a_draft_to_submitted_with_who_and_when(owner, organisation):
    profile = submitted(owner, organisation)

    assert profile.status == ProfileStatus.SUBMITTED
    assert profile.submitted_by == owner
    assert profile.submitted_at is not None


def test_an_incomplete_profile_cannot_be_submitted_and_stays_a_draft(owner, organisation):
    with pytest.raises(ValidationError) as error:
        joining.profile_save(
            actor=owner,
            organisation=organisation,
            expected_version=None,
            data=data(themes=[], fields={"impact_models": []}),
            submit=True,
        )

    assert "Kies minstens één thema." in error.value.messages
    assert "Kies minstens één impactmodel." in error.value.messages
    assert not ImpactProfile.objects.exists()


def test_a_save_on_an_older_version_is_refused_and_writes_nothing(owner, organisation):
    first = joining.profile_save(
        actor=owner, organisation=organisation, expected_version=None, data=data()
    ).profile
    version = first.version
    joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=version,
        data=data(fields={"pitch": "De eerste tab slaat dit op, en dat blijft zo staan."}),
    )

    with pytest.raises(StaleProfileError) as stale:
        joining.profile_save(
            actor=owner,
            organisation=organisation,
            expected_version=version,
            data=data(fields={"pitch": "De tweede tab werkte op een oude versie van het profiel."}),
        )

    assert stale.value.current.pitch == "De eerste tab slaat dit op, en dat blijft zo staan."
    assert ImpactProfile.objects.get().pitch.startswith("De eerste tab")


def test_changing_only_the_figures_raises_the_version(owner, organisation):
    profile = joining.profile_save(
        actor=owner, organisation=organisation, expected_version=None, data=data()
    ).profile
    again = joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=profile.version,
        data=data(figures=[{"year": 2024, "kind": FigureKind.TOTAL_FTE, "value": Decimal("3.5")}]),
    ).profile

    assert again.version == profile.version + 1
    assert joining.figure_rows_of(again)[0]["value"] == "3.5"


def test_the_same_figure_twice_for_one_year_is_refused(owner, organisation):
    row = {"year": 2025, "kind": FigureKind.TOTAL_FTE, "value": Decimal(3)}
    with pytest.raises(ValidationError) as error:
        joining.profile_save(
            actor=owner,
            organisation=organisation,
            expected_version=None,
            data=data(figures=[row, row]),
        )
    assert "twee keer" in error.value.messages[0]


# --- review --------------------------------------------------------------------------------------


def test_approving_publishes_confirms_and_mails_every_member(owner, organisation, reviewer):
    editor = member(organisation, MembershipRole.EDITOR, email="redacteur@example.org")
    profile = submitted(owner, organisation)
    mail.outbox.clear()

    profile = joining.profile_approve(actor=reviewer, profile=profile)

    profile.refresh_from_db()
    assert profile.status == ProfileStatus.PUBLISHED
    assert profile.published_at is not None
    assert profile.confirmed_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted([owner.email, editor.email])
    assert "is goedgekeurd" in mail.outbox[0].subject


@pytest.mark.parametrize(
    ("decide", "status"),
    [
        (joining.profile_request_changes, ProfileStatus.CHANGES_REQUESTED),
        (joining.profile_reject, ProfileStatus.REJECTED),
    ],
)
def test_sending_back_needs_a_message_that_reaches_the_members(
    owner, organisation, reviewer, decide, status
):
    profile = submitted(owner, organisation)
    with pytest.raises(ValidationError):
        decide(actor=reviewer, profile=profile, message="  ")
    mail.outbox.clear()

    decide(actor=reviewer, profile=profile, message="Voeg een foto van de werkplaats toe.")

    profile.refresh_from_db()
    assert profile.status == status
    assert profile.review_message == "Voeg een foto van de werkplaats toe."
    assert "Voeg een foto van de werkplaats toe." in mail.outbox[0].body


def test_a_profile_sent_back_can_be_submitted_again_but_a_rejected_one_cannot(
    owner, organisation, reviewer
):
    profile = submitted(owner, organisation)
    joining.profile_request_changes(actor=reviewer, profile=profile, message="Graag een verhaal.")
    profile.refresh_from_db()
    profile = joining.profile_submit(actor=owner, profile=profile, expected_version=profile.version)
    assert profile.status == ProfileStatus.SUBMITTED

    joining.profile_reject(actor=reviewer, profile=profile, message="Geen sociale onderneming.")
    profile.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        joining.profile_submit(actor=owner, profile=profile, expected_version=profile.version)
    assert error.value.code == "rejected"


def test_a_reviewer_cannot_review_their_own_submission_or_organisation(organisation, reviewer):
    Membership.objects.create(user=reviewer, organisation=organisation, role=MembershipRole.EDITOR)
    profile = submitted(reviewer, organisation)

    with pytest.raises(PermissionDenied):
        joining.profile_approve(actor=reviewer, profile=profile)
    assert ImpactProfile.objects.get().status == ProfileStatus.SUBMITTED


def test_a_member_without_the_permission_cannot_review(owner, organisation):
    profile = submitted(owner, organisation)
    outsider = UserFactory()

    with pytest.raises(PermissionDenied):
        joining.profile_approve(actor=outsider, profile=profile)


def test_a_draft_has_nothing_to_review(owner, organisation, reviewer):
    profile = joining.profile_save(
        actor=owner, organisation=organisation, expected_version=None, data=data()
    ).profile
    with pytest.raises(ValidationError) as error:
        joining.profile_approve(actor=reviewer, profile=profile)
    assert error.value.code == "nothing"


# --- revisions of a published profile ------------------------------------------------------------


def test_an_edit_of_a_published_profile_is_a_revision_and_the_profile_stays(
    owner, organisation, reviewer
):
    profile = published(owner, organisation, reviewer)
    new_theme = Theme.objects.order_by("-pk").first()

    result = joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=profile.version,
        data=data(
            fields={"pitch": "Nieuwe pitch: wij knappen ook scootmobielen op, in Zwijndrecht."},
            themes=[new_theme],
            new_photos=[(png(), "De nieuwe werkplaats")],
        ),
    )

    assert result.revision is not None
    assert result.revision.status == RevisionStatus.PENDING
    online = ImpactProfile.objects.get(pk=profile.pk)
    assert online.pitch == profile.pitch
    assert online.status == ProfileStatus.PUBLISHED
    assert not online.photos.exists()  # the new photo waits for the review
    assert ProfilePhoto.objects.get().revision == result.revision

    diff = {row.name: row for row in joining.revision_diff(online, result.revision)}
    assert diff["pitch"].old == profile.pitch
    assert diff["pitch"].new.startswith("Nieuwe pitch")
    assert diff["themes"].added == (str(new_theme),)
    assert diff["photos"].added == ("De nieuwe werkplaats",)


def test_approving_a_revision_applies_it_through_the_versioned_update(
    owner, organisation, reviewer
):
    profile = published(owner, organisation, reviewer)
    joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=profile.version,
        data=data(
            fields={"pitch": "Nieuwe pitch: wij knappen ook scootmobielen op, in Zwijndrecht."},
            new_photos=[(png(), "De nieuwe werkplaats")],
        ),
    )
    mail.outbox.clear()

    joining.profile_approve(actor=reviewer, profile=profile)

    profile.refresh_from_db()
    assert profile.pitch.startswith("Nieuwe pitch")
    assert [p.alt_text for p in profile.photos.all()] == ["De nieuwe werkplaats"]
    assert profile.revisions.get().status == RevisionStatus.APPROVED
    assert "wijzigingen" in mail.outbox[0].body


def test_a_revision_made_before_another_change_is_not_applied(owner, organisation, reviewer):
    profile = published(owner, organisation, reviewer)
    joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=profile.version,
        data=data(
            fields={"pitch": "Een voorstel dat op een oudere versie is gebaseerd, zo blijkt."}
        ),
    )
    # Staff change the published profile in the meantime.
    current = ImpactProfile.objects.get(pk=profile.pk)
    profile_update(
        actor=reviewer,
        profile=current,
        expected_version=current.version,
        story="Aangepast door het programmateam.",
    )

    with pytest.raises(ValidationError) as error:
        joining.profile_approve(actor=reviewer, profile=profile)

    assert error.value.code == "stale"
    assert ImpactProfile.objects.get(pk=profile.pk).pitch == profile.pitch


def test_rejecting_a_revision_keeps_the_published_profile(owner, organisation, reviewer):
    profile = published(owner, organisation, reviewer)
    joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=profile.version,
        data=data(fields={"pitch": "Een voorstel dat de beoordelaar niet goed genoeg vindt."}),
    )

    joining.profile_reject(actor=reviewer, profile=profile, message="Dit klopt niet.")

    current = ImpactProfile.objects.get(pk=profile.pk)
    assert current.status == ProfileStatus.PUBLISHED
    assert current.pitch == profile.pitch
    assert current.revisions.get().status == RevisionStatus.REJECTED


def test_an_edit_that_changes_nothing_makes_no_revision(owner, organisation, reviewer):
    profile = published(owner, organisation, reviewer)
    result = joining.profile_save(
        actor=owner, organisation=organisation, expected_version=profile.version, data=data()
    )
    assert result.revision is None


# --- claims --------------------------------------------------------------------------------------


def test_a_claim_of_an_organisation_without_members_waits_for_a_reviewer(reviewer):
    organisation = OrganisationFactory(name="Kringloop Zuid")
    claimant = UserFactory(email="nieuw@example.org")

    claim = joining.claim_request(actor=claimant, organisation=organisation, motivation="Directeur")

    assert claim.status == ClaimStatus.PENDING
    assert not Membership.objects.filter(user=claimant).exists()
    assert mail.outbox == []  # no owners to ask; it shows in the review queue
    mail.outbox.clear()

    joining.claim_approve(actor=reviewer, claim=claim)

    membership = Membership.objects.get(user=claimant, organisation=organisation)
    assert membership.role == MembershipRole.OWNER
    assert mail.outbox[0].to == ["nieuw@example.org"]


def test_a_claim_of_an_organisation_with_owners_asks_them_and_they_may_decide(owner, organisation):
    claimant = UserFactory(email="collega@example.org")
    mail.outbox.clear()

    claim = joining.claim_request(actor=claimant, organisation=organisation)

    assert [m.to for m in mail.outbox] == [[owner.email]]
    assert f"/etalage/beoordelen/aanvraag/{claim.pk}/" in mail.outbox[0].body
    joining.claim_reject(actor=owner, claim=claim, message="Onbekend bij ons.")
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.REJECTED
    assert not Membership.objects.filter(user=claimant).exists()


def test_a_stranger_cannot_decide_a_claim_nor_the_claimant_their_own(organisation):
    claimant = UserFactory()
    claim = joining.claim_request(actor=claimant, organisation=organisation)

    with pytest.raises(PermissionDenied):
        joining.claim_approve(actor=UserFactory(), claim=claim)
    with pytest.raises(PermissionDenied):
        joining.claim_approve(actor=claimant, claim=claim)


def test_a_member_cannot_claim_and_nobody_claims_twice(owner, organisation):
    with pytest.raises(ValidationError):
        joining.claim_request(actor=owner, organisation=organisation)
    claimant = UserFactory()
    joining.claim_request(actor=claimant, organisation=organisation)
    with pytest.raises(ValidationError):
        joining.claim_request(actor=claimant, organisation=organisation)


def test_finding_an_organisation_by_kvk_number_and_by_a_similar_name(organisation):
    other = OrganisationFactory(name="Bakkerij De Korenaar B.V.")

    by_kvk = joining.find_organisations(kvk_number=organisation.kvk_number)
    by_name = joining.find_organisations(name="bakkerij korenaar", municipality="GM0505")

    assert [(f.organisation, f.reason, f.has_members) for f in by_kvk] == [
        (organisation, "kvk_number", True)
    ]
    assert [(f.organisation, f.reason) for f in by_name] == [(other, "similar_name")]


def test_a_revision_sent_back_is_taken_up_again_with_its_new_photo(owner, organisation, reviewer):
    profile = published(owner, organisation, reviewer)
    first = joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=profile.version,
        data=data(
            fields={"pitch": "Een eerste voorstel waar de beoordelaar iets aan wil veranderen."},
            new_photos=[(png(), "De werkplaats van binnen")],
        ),
    ).revision
    joining.profile_request_changes(actor=reviewer, profile=profile, message="Kortere pitch.")
    profile.refresh_from_db()

    second = joining.profile_save(
        actor=owner,
        organisation=organisation,
        expected_version=profile.version,
        data=data(fields={"pitch": "Een korter, tweede voorstel voor de pitch."}),
    ).revision

    assert second.pk == first.pk
    assert second.status == RevisionStatus.PENDING
    assert [p.alt_text for p in second.photos.all()] == ["De werkplaats van binnen"]
    joining.profile_approve(actor=reviewer, profile=profile)
    profile.refresh_from_db()
    assert profile.pitch == "Een korter, tweede voorstel voor de pitch."
    assert [p.alt_text for p in profile.photos.all()] == ["De werkplaats van binnen"]
