"""Who may enter the staff area, for views of every app.

Views of later apps protect their staff pages with :func:`staff_permission_required`. Whether a
staff user has set up multi-factor login is not checked here: ``StaffMultiFactorMiddleware``
sends such a user to the set-up page before any staff page is reached.
"""

from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from impactplein.accounts.roles import STAFF_AREA_PERMISSION
from impactplein.accounts.selectors import user_has_totp

ViewFunc = TypeVar("ViewFunc", bound=Callable[..., Any])


def is_staff_user(user: Any) -> bool:
    """Whether ``user`` holds a staff role (or is technical staff or a superuser)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(user.is_staff or user.is_superuser or user.has_perm(STAFF_AREA_PERMISSION))


def must_set_up_mfa(user: Any) -> bool:
    """Whether ``user`` must set up an authenticator app before reaching staff pages."""
    return settings.STAFF_MFA_REQUIRED and is_staff_user(user) and not user_has_totp(user=user)


STAFF_MFA_MESSAGE = _(
    "Je hebt een rol met toegang tot het beheer van Impactplein. Stel daarom eerst "
    "tweestapsverificatie in met een authenticator-app; daarna kun je verder."
)


def tell_to_set_up_mfa(request: HttpRequest) -> None:
    """Say why the user is sent to the authenticator set-up (once per request)."""
    if not getattr(request, "_staff_mfa_told", False):
        messages.warning(request, STAFF_MFA_MESSAGE)
        request._staff_mfa_told = True  # type: ignore[attr-defined]


def staff_permission_required(perm: str | tuple[str, ...]) -> Callable[[ViewFunc], ViewFunc]:
    """Decorate a view: log in first, then hold ``perm`` (one or several), else 403.

    Usage::

        @staff_permission_required("socialreturn.change_contract")
        def contract_edit(request, pk): ...
    """

    def decorator(view: ViewFunc) -> ViewFunc:
        checked = permission_required(perm, raise_exception=True)(view)
        return login_required(checked)  # type: ignore[return-value]

    return decorator
