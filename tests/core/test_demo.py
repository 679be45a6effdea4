"""The demo world: a believable, deterministic Drechtsteden with one account per role.

`make run` loads it into an empty database; a newcomer logs in as each demo user.
"""

from collections import Counter

from django.apps import apps as django_apps
from django.core.management import call_command

import pytest

from impactplein.accounts.models import User
from impactplein.accounts.roles import ROLES, STAFF_AREA_PERMISSION
from impactplein.core.demo import DEMO_PASSWORD, DemoContext, seed_demo
from impactplein.core.models import Municipality
from impactplein.core.search import clear_index
from impactplein.organisations import demo as organisation_demo
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """Seeding takes seconds, so the module builds the world once and removes it afterwards."""
    with django_db_blocker.unblock():
        context = seed_demo()
    yield context
    with django_db_blocker.unblock():
        # Every app's demo records, their history and their search documents go; the apps that
        # point at organisations first, each app's records in reverse order (protected links).
        # The valuation schemes are no demo: the migrations ship them, published and immutable.
        for app in ("programme", "socialreturn", "directory"):
            for model in reversed(list(django_apps.get_app_config(app).get_models())):
                if model._meta.model_name not in ("valuationscheme", "historicalvaluationscheme"):
                    model.objects.all().delete()
        Organisation.objects.all().delete()
        Organisation.history.all().delete()
        Membership.history.all().delete()
        User.objects.all().delete()
        for doc_type in ("organisation", "impact_profile", "story"):
            clear_index(doc_type)


def test_about_300_organisations_of_every_kind_in_every_municipality(demo):
    assert 280 <= Organisation.objects.count() <= 320
    kinds = Counter(Organisation.objects.values_list("kind", flat=True))
    assert set(kinds) == set(OrganisationKind.values)
    for municipality in Municipality.objects.filter(is_active=True):
        assert municipality.organisations.exists(), municipality.name
    assert Organisation.objects.filter(area__isnull=False).count() > 50


def test_demo_records_are_valid_and_identifiers_unique(demo):
    numbers = [n for n in Organisation.objects.values_list("kvk_number", flat=True) if n]
    assert len(numbers) == len(set(numbers))
    for organisation in Organisation.objects.all()[:50]:
        organisation.full_clean()


def test_each_demo_user_logs_in_and_each_role_has_a_user(demo, client):
    users = User.objects.filter(email__endswith="@demo.impactplein.nl")
    assert users.count() == 8
    for user in users:
        assert client.login(username=user.email, password=DEMO_PASSWORD), user.email
        client.logout()
    granted = {group for user in users for group in user.groups.values_list("name", flat=True)}
    assert granted == {role.name for role in ROLES}
    staff = [user for user in users if user.has_perm(STAFF_AREA_PERMISSION)]
    assert len(staff) == len(ROLES)


def test_demo_members_belong_to_their_organisation(demo):
    entrepreneur = User.objects.get(email="ondernemer@demo.impactplein.nl")
    social = User.objects.get(email="maatschappelijk@demo.impactplein.nl")
    assert entrepreneur.organisation_memberships.get().organisation.kind == (
        OrganisationKind.SOCIAL_ENTERPRISE
    )
    assert social.organisation_memberships.get().organisation.kind == (
        OrganisationKind.SOCIAL_ORGANISATION
    )


def test_the_generated_world_is_the_same_every_time():
    def names() -> list[str]:
        generator = organisation_demo._Generator(DemoContext())
        return [spec["name"] for spec in organisation_demo._specs(generator)]

    assert names() == names()


def test_if_empty_leaves_an_existing_database_alone(demo):
    before = Organisation.objects.count()
    call_command("seed_demo", "--if-empty")
    assert Organisation.objects.count() == before
