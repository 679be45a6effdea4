"""Users, organisations and memberships for the organisations tests.

Organisations are built through the service, as the pages build them, so they are normalised,
validated and carry a history; municipalities and areas come from the reference-data migration.
"""

from django.contrib.auth.models import Permission

import factory

from impactplein.accounts.models import User
from impactplein.core.models import Area, Municipality
from impactplein.organisations.constants import LegalForm, MembershipRole, OrganisationKind
from impactplein.organisations.models import Membership, Organisation
from impactplein.organisations.services import membership_add, organisation_create

PASSWORD = "a-long-test-password"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"lid{n}@example.org")
    display_name = factory.Sequence(lambda n: f"Lid {n}")
    password = factory.django.Password(PASSWORD)


def grant(user: User, *perms: str) -> User:
    """Give ``user`` model permissions directly (as a role would) and return a fresh copy."""
    for perm in perms:
        app_label, codename = perm.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return User.objects.get(pk=user.pk)  # a fresh object: the permission cache is per object


def municipality(cbs_code: str = "GM0505") -> Municipality:
    return Municipality.objects.get(cbs_code=cbs_code)


def area(slug: str, cbs_code: str = "GM0505") -> Area:
    return Area.objects.get(municipality__cbs_code=cbs_code, slug=slug)


class OrganisationFactory(factory.Factory):
    """``OrganisationFactory(owner=user)`` makes ``user`` the owner; without it, no members."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.COMPANY
    legal_form = LegalForm.BV
    kvk_number = factory.Sequence(lambda n: f"{10000000 + n:08d}")
    establishment_number = None
    street = "Voorstraat"
    house_number = 1
    postcode = "3311 AB"
    city = "Dordrecht"
    municipality = factory.LazyFunction(municipality)
    phone = "078 123 45 67"

    @classmethod
    def _create(cls, model_class: type, *args: object, owner: User | None = None, **kwargs: object):
        return organisation_create(actor=owner, **kwargs)

    @classmethod
    def _build(cls, model_class: type, *args: object, owner: User | None = None, **kwargs: object):
        return model_class(**kwargs)


def member(organisation: Organisation, role: str = MembershipRole.EDITOR, **user_kwargs: object):
    """A new user who is a member of ``organisation`` in ``role``."""
    user = UserFactory(**user_kwargs)
    membership_add(actor=None, organisation=organisation, user=user, role=role)
    return user


def membership(organisation: Organisation, user: User) -> Membership:
    return Membership.objects.get(organisation=organisation, user=user)
