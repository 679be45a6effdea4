"""The header navigation per role, the account links and breadcrumbs.

Each entry names the permission that shows it, never a group: a role is only a bundle of
permissions. Apps add their entries to ``NAVIGATION`` as they arrive.
"""

from dataclasses import dataclass
from functools import lru_cache

from django.urls import NoReverseMatch, get_resolver, get_script_prefix, get_urlconf, reverse
from django.urls.resolvers import URLResolver
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: str | Promise
    url_name: str
    permission: str | None = None  # None: visible to everyone who may see the item otherwise
    requires_login: bool = False
    anonymous_only: bool = False  # e.g. "log in": hidden once logged in
    hidden_by: str | None = None  # a permission that shows a better entry instead of this one

    @property
    def url(self) -> str:
        # Every page asks for each item's address several times; it only changes with the URL
        # configuration (a new resolver) and the prefix the site is served under.
        return _reverse(get_resolver(get_urlconf()), get_script_prefix(), self.url_name)


@lru_cache(maxsize=128)
def _reverse(resolver: URLResolver, script_prefix: str, url_name: str) -> str:
    """``reverse(url_name)``, remembered per resolver and prefix (the ones in force now)."""
    return reverse(url_name)


@dataclass(frozen=True)
class Crumb:
    """One step of a breadcrumb trail; the current page has an empty ``url``."""

    label: str | Promise
    url: str = ""


NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Startpagina"), "core:home"),
    NavItem(_("Ondernemers met impact"), "directory:showcase"),
    NavItem(_("Verhalen"), "directory:stories"),
    NavItem(_("Monitor"), "reports:monitor"),
    NavItem(_("Organisaties"), "organisations:list", permission="organisations.view_organisation"),
    NavItem(_("Mijn organisaties"), "organisations:mine", requires_login=True),
    NavItem(_("Mijn etalage"), "directory:workspace", requires_login=True),
    NavItem(_("Programma"), "programme:overview", permission="programme.open_programme"),
    NavItem(_("Social return"), "socialreturn:portfolio", permission="socialreturn.view_portfolio"),
    # A supplier's members (and officers without the portfolio) see their contracts.
    NavItem(
        _("Mijn social return"),
        "socialreturn:contracts",
        permission="socialreturn.list_contracts",
        hidden_by="socialreturn.view_portfolio",
    ),
    # The employer-services desk keeps the key to who a candidate code stands for.
    NavItem(
        _("Kandidaten"),
        "socialreturn:candidates",
        permission="socialreturn.view_candidateidentity",
    ),
    NavItem(_("Beheer"), "admin:index", permission="accounts.access_staff_area"),
)

# Shown at the top right of the header; the log-out button is a form in base.html.
ACCOUNT_NAVIGATION: tuple[NavItem, ...] = (
    NavItem(_("Inloggen"), "account_login", anonymous_only=True),
    NavItem(_("Account aanmaken"), "account_signup", anonymous_only=True),
    NavItem(_("Mijn account"), "accounts:profile", requires_login=True),
)


def _visible(item: NavItem, user: object) -> bool:
    is_authenticated = getattr(user, "is_authenticated", False)
    if item.anonymous_only and is_authenticated:
        return False
    if item.requires_login and not is_authenticated:
        return False
    if item.permission and not (is_authenticated and user.has_perm(item.permission)):  # type: ignore[attr-defined]
        return False
    if item.hidden_by and is_authenticated and user.has_perm(item.hidden_by):  # type: ignore[attr-defined]
        return False
    try:
        item.url  # noqa: B018 - an app that is switched off hides its entries
    except NoReverseMatch:
        return False
    return True


def navigation_for(user: object) -> list[NavItem]:
    return [item for item in NAVIGATION if _visible(item, user)]


def account_navigation_for(user: object) -> list[NavItem]:
    return [item for item in ACCOUNT_NAVIGATION if _visible(item, user)]


def current_url(items: list[NavItem], path: str) -> str:
    """The url of the item the visitor is in: the longest item url that ``path`` starts with."""
    matches = [
        item.url
        for item in items
        if path == item.url or (item.url != "/" and path.startswith(item.url))
    ]
    return max(matches, key=len, default="")
