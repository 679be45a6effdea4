"""Who may do what in the directory (auto-discovered by ``rules``).

Members of an organisation edit its impact profile, record its scans and add its certifications;
staff act on any organisation when one of their roles grants the model permission. Verifying a
certification's evidence needs ``directory.verify_certification`` itself, so no organisation
verifies its own. The object of a check is the organisation or one of its directory records.
"""

import rules

from impactplein.core.permissions import has_model_perm
from impactplein.directory.constants import StoryStatus
from impactplein.directory.models import (
    Certification,
    ImpactProfile,
    ImpactScan,
    OrganisationClaim,
    Story,
    StoryPhoto,
)
from impactplein.organisations.constants import MembershipRole
from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import membership_role


def _organisation_of(obj: object) -> Organisation | None:
    if isinstance(obj, Organisation):
        return obj
    if isinstance(obj, ImpactProfile | Certification | ImpactScan):
        return obj.organisation
    return None


@rules.predicate
def is_member(user: object, obj: object) -> bool:
    organisation = _organisation_of(obj)
    if organisation is None:
        return False
    return membership_role(user=user, organisation=organisation) is not None


for _perm in (
    "directory.add_impactprofile",
    "directory.change_impactprofile",
    "directory.add_impactscan",
    "directory.add_certification",
):
    rules.add_perm(_perm, is_member | has_model_perm(_perm))

rules.add_perm("directory.view_impactscan", is_member | has_model_perm("directory.view_impactscan"))
rules.add_perm("directory.verify_certification", has_model_perm("directory.verify_certification"))


# --- certifications: members keep their own; evidence is seen by members and staff only ----------
for _perm in (
    "directory.view_certification",
    "directory.change_certification",
    "directory.delete_certification",
):
    rules.add_perm(_perm, is_member | has_model_perm(_perm))

# Who checks evidence must be able to open it.
rules.add_perm(
    "directory.view_certification_evidence",
    is_member
    | has_model_perm("directory.view_certification")
    | has_model_perm("directory.verify_certification"),
)


# --- stories: members of the organisations write, editors review and publish ---------------------


def _story_of(obj: object) -> Story | None:
    if isinstance(obj, Story):
        return obj
    if isinstance(obj, StoryPhoto):
        return obj.story
    return None


@rules.predicate
def is_story_writer(user: object, obj: object) -> bool:
    """The author, or a member of one of the organisations the story is about."""
    story = _story_of(obj)
    if story is None or not getattr(user, "is_authenticated", False):
        return False
    if story.author_id is not None and story.author_id == getattr(user, "pk", None):
        return True
    return any(
        membership_role(user=user, organisation=organisation) is not None
        for organisation in story.organisations.all()
    )


@rules.predicate
def is_unpublished(user: object, obj: object) -> bool:
    story = _story_of(obj)
    return story is not None and story.status != StoryStatus.PUBLISHED


@rules.predicate
def is_member_anywhere(user: object) -> bool:
    from impactplein.organisations.selectors import memberships_of_user

    if not (getattr(user, "is_authenticated", False) and getattr(user, "is_active", False)):
        return False
    return memberships_of_user(user=user).exists()  # type: ignore[arg-type]


_EDITOR = has_model_perm("directory.change_story")
_REVIEWER = has_model_perm("directory.review_story")

# Writing a new story: a member of some organisation (the form offers their own), or an editor.
rules.add_perm("directory.add_story", is_member_anywhere | has_model_perm("directory.add_story"))
# A published story is changed by editors only; writers send it in again after a request.
rules.add_perm("directory.change_story", (is_story_writer & is_unpublished) | _EDITOR)
rules.add_perm(
    "directory.view_story",
    is_story_writer | _EDITOR | _REVIEWER | has_model_perm("directory.view_story"),
)
rules.add_perm("directory.review_story", _REVIEWER)
# Consent can be withdrawn on a published story too, by its writers as by the editors.
rules.add_perm("directory.withdraw_photo_consent", is_story_writer | _EDITOR | _REVIEWER)


# --- join flow: claims of an organisation, the yearly confirmation ------------------------------


@rules.predicate
def is_owner_of_claimed(user: object, claim: object) -> bool:
    if not isinstance(claim, OrganisationClaim):
        return False
    role = membership_role(user=user, organisation=claim.organisation)
    return role == MembershipRole.OWNER


# A claim is decided by a reviewer, or by an owner of the organisation when it has owners.
rules.add_perm(
    "directory.decide_organisationclaim",
    is_owner_of_claimed | has_model_perm("directory.review_impactprofile"),
)
