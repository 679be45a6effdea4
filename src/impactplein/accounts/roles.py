"""The roles of Impactplein, declared in one table.

A role is a Django group with a fixed set of permissions. ``roles_sync()`` (in ``services``)
makes the groups in the database match this table after every ``migrate``. Code never asks for a
role or a group name: it asks for a permission (``user.has_perm("app_label.codename")``), so a
role is only a convenient bundle that an administrator hands out.

Each permission is written ``"app_label.codename"``; ``"app_label.*"`` means every permission of
that app. A permission of an app that does not exist yet is skipped until it does, so later apps
add their permissions here before or together with their models.

The group name is the role's Dutch name (stored in the database as is and shown through
``gettext`` in the interface). Renaming a role therefore means renaming its group as well.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_noop

STAFF_AREA_PERMISSION = "accounts.access_staff_area"

ORGANISATION_MANAGEMENT = (
    "organisations.view_organisation",
    "organisations.add_organisation",
    "organisations.change_organisation",
    "organisations.delete_organisation",
    "organisations.manage_memberships",
)

# Impact profiles, figures, scans and certifications, including verifying certifications.
DIRECTORY_MANAGEMENT = ("directory.*",)

# Writing, reviewing and publishing inspiration stories (the association editors' work).
STORY_EDITING = (
    "directory.view_story",
    "directory.add_story",
    "directory.change_story",
    "directory.review_story",
)

# The social-return officer's work: schemes, contracts, approving fulfilment, spend, the portfolio.
# Who a candidate code stands for is not part of it (see CANDIDATE_IDENTITIES).
SOCIAL_RETURN_MANAGEMENT = (
    "socialreturn.view_valuationscheme",
    "socialreturn.add_valuationscheme",
    "socialreturn.change_valuationscheme",
    "socialreturn.view_contract",
    "socialreturn.add_contract",
    "socialreturn.change_contract",
    "socialreturn.import_contract",
    "socialreturn.view_portfolio",
    "socialreturn.view_fulfilmententry",
    "socialreturn.add_fulfilmententry",
    "socialreturn.change_fulfilmententry",
    "socialreturn.approve_fulfilmententry",
    "socialreturn.view_periodreport",
    "socialreturn.change_periodreport",
    "socialreturn.view_candidate",
    "socialreturn.view_spendimport",
    "socialreturn.add_spendimport",
)

# Pseudonymous candidates and the key to who they are: the employer-services desk (WSP) only.
CANDIDATE_IDENTITIES = (
    "socialreturn.view_candidate",
    "socialreturn.add_candidate",
    "socialreturn.change_candidate",
    "socialreturn.view_candidateidentity",
    "socialreturn.add_candidateidentity",
    "socialreturn.change_candidateidentity",
    "socialreturn.delete_candidateidentity",
)

# Reading the programme's governance: partnership, action programmes, activities, budget.
PROGRAMME_READING = (
    "programme.view_partnership",
    "programme.view_partner",
    "programme.view_objective",
    "programme.view_teammember",
    "programme.view_actionprogramme",
    "programme.view_activity",
    "programme.view_timelineentry",
    "programme.view_budget",
    "programme.view_budgetline",
    "programme.view_fundingsource",
    "programme.view_expenditure",
    "programme.view_kpidefinition",
    "programme.view_kpitarget",
    "programme.view_kpivalue",
    "programme.view_kpinarrative",
    "programme.view_meeting",
    "programme.view_agendaitem",
    "programme.view_attendance",
    "programme.view_decision",
    "programme.view_actionitem",
    "programme.view_yearevaluation",
    "programme.view_objectiveevaluation",
)

USER_MANAGEMENT = (
    "accounts.view_user",
    "accounts.add_user",
    "accounts.change_user",
    "accounts.delete_user",
    "auth.view_group",
    "auth.add_group",
    "auth.change_group",
    "auth.delete_group",
)


@dataclass(frozen=True)
class Role:
    slug: str
    name: str  # Dutch; also the group's name
    permissions: tuple[str, ...]

    @property
    def is_staff_role(self) -> bool:
        return STAFF_AREA_PERMISSION in self.permissions


ROLES: tuple[Role, ...] = (
    Role(
        slug="programme-coordinator",
        name=gettext_noop("Programmacoördinator"),
        permissions=(
            STAFF_AREA_PERMISSION,
            *ORGANISATION_MANAGEMENT,
            *DIRECTORY_MANAGEMENT,
            "programme.*",
        ),
    ),
    Role(
        slug="procurement-officer",
        name=gettext_noop("Inkoper / social-return-adviseur"),
        permissions=(STAFF_AREA_PERMISSION, *SOCIAL_RETURN_MANAGEMENT),
    ),
    Role(
        slug="employer-adviser",
        name=gettext_noop("Werkgeversadviseur"),
        permissions=(
            STAFF_AREA_PERMISSION,
            *CANDIDATE_IDENTITIES,
            # The WSP's Unit SROI enters placements on a supplier's behalf and sees progress.
            "socialreturn.view_contract",
            "socialreturn.view_fulfilmententry",
            "socialreturn.add_fulfilmententry",
            "socialreturn.change_fulfilmententry",
        ),
    ),
    Role(
        slug="association-editor",
        name=gettext_noop("Redacteur ondernemersvereniging"),
        permissions=(STAFF_AREA_PERMISSION, *STORY_EDITING),
    ),
    Role(
        slug="overlegtafel-member",
        name=gettext_noop("Lid overlegtafel"),
        permissions=(STAFF_AREA_PERMISSION, "socialreturn.view_portfolio", *PROGRAMME_READING),
    ),
    Role(
        slug="administrator",
        name=gettext_noop("Beheerder"),
        permissions=(
            STAFF_AREA_PERMISSION,
            *ORGANISATION_MANAGEMENT,
            *DIRECTORY_MANAGEMENT,
            *USER_MANAGEMENT,
            *SOCIAL_RETURN_MANAGEMENT,
            "core.*",
            # Failed background tasks must be visible to administrators.
            "django_tasks_database.view_dbtaskresult",
        ),
    ),
)

ROLES_BY_SLUG: dict[str, Role] = {role.slug: role for role in ROLES}
ROLES_BY_NAME: dict[str, Role] = {role.name: role for role in ROLES}


def role(slug: str) -> Role:
    """The role with this slug; ``KeyError`` for an unknown slug."""
    return ROLES_BY_SLUG[slug]


def split_permission(permission: str) -> tuple[str, str]:
    """``"app_label.codename"`` → ``("app_label", "codename")``; the codename may be ``*``."""
    app_label, separator, codename = permission.partition(".")
    if not separator or not app_label or not codename:
        raise ValueError(f"A permission is written 'app_label.codename', not {permission!r}")
    return app_label, codename
