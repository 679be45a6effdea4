"""Who may do what with an organisation (auto-discovered by ``rules``).

Members (owner or editor) may view and change their own organisation; owners also manage its
members. Staff act on any organisation when one of their roles grants the model permission, e.g.
``organisations.change_organisation``. Django's ``ModelBackend`` answers ``False`` for every
object check, so each object rule here accepts the global permission itself. Code asks for these
permissions, never for a group.
"""

import rules

from impactplein.core.permissions import has_model_perm
from impactplein.organisations.constants import MembershipRole
from impactplein.organisations.models import Organisation
from impactplein.organisations.selectors import membership_role


def _role_of(user: object, organisation: object) -> str | None:
    if not isinstance(organisation, Organisation):
        return None
    return membership_role(user=user, organisation=organisation)


@rules.predicate
def is_member(user: object, organisation: object) -> bool:
    return _role_of(user, organisation) is not None


@rules.predicate
def is_owner(user: object, organisation: object) -> bool:
    return _role_of(user, organisation) == MembershipRole.OWNER


can_view_any = has_model_perm("organisations.view_organisation") | has_model_perm(
    "organisations.change_organisation"
)
can_change_any = has_model_perm("organisations.change_organisation")

rules.add_perm("organisations.view_organisation", is_member | can_view_any)
rules.add_perm("organisations.change_organisation", is_member | can_change_any)
rules.add_perm(
    "organisations.delete_organisation", has_model_perm("organisations.delete_organisation")
)
rules.add_perm(
    "organisations.manage_memberships",
    is_owner | has_model_perm("organisations.manage_memberships"),
)
# Anyone with an active account may register an organisation (and becomes its owner).
rules.add_perm("organisations.register_organisation", rules.is_authenticated & rules.is_active)
