"""The header navigation per role.

Each entry names the permission that shows it, never a group: a role is only a bundle of
permissions. Apps add their entries here as they arrive.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None = None  # None: visible to everyone
    requires_login: bool = False

    @property
    def url(self) -> str:
        return reverse(self.url_name)


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Home"), "core:home"),
    NavItem(_("Organisaties"), "organisations:list"),
    NavItem(_("Mijn organisaties"), "organisations:mine", requires_login=True),
    NavItem(_("Beheer"), "admin:index", permission="accounts.access_staff_area"),
)


def navigation_for(user: object) -> list[NavItem]:
    is_authenticated = getattr(user, "is_authenticated", False)
    items = []
    for item in NAVIGATION:
        if item.requires_login and not is_authenticated:
            continue
        if item.permission and not (is_authenticated and user.has_perm(item.permission)):  # type: ignore[attr-defined]
            continue
        items.append(item)
    return items
