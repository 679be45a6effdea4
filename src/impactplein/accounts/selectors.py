"""Reads of accounts data that pages share."""

from dataclasses import dataclass

from django.utils.translation import gettext

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator

from impactplein.accounts.models import User
from impactplein.accounts.roles import ROLES_BY_NAME


@dataclass(frozen=True)
class RoleLabel:
    name: str
    is_declared: bool  # False for a group made by hand, outside roles.ROLES


def user_roles(*, user: User) -> list[RoleLabel]:
    """The roles (groups) of ``user``, with the declared roles' names in the active language."""
    labels = []
    for name in user.groups.order_by("name").values_list("name", flat=True):
        declared = name in ROLES_BY_NAME
        labels.append(RoleLabel(name=gettext(name) if declared else name, is_declared=declared))
    return labels


def user_has_totp(*, user: User) -> bool:
    """Whether ``user`` has an active authenticator app (TOTP)."""
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def user_email_addresses(*, user: User) -> list[EmailAddress]:
    """The e-mail addresses of ``user``, primary first."""
    return list(EmailAddress.objects.filter(user=user).order_by("-primary", "email"))
