"""The admin shows schemes and contracts to administrators, read-only: changes go through the
social-return pages, whose services compute the obligation and keep the history."""

import pytest

from tests.socialreturn import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_second_factor(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


def test_administrators_read_contracts_and_schemes_but_cannot_change_them(client) -> None:  # type: ignore[no-untyped-def]
    contract = factories.contract()
    admin_user = factories.user_with_role("administrator")
    admin_user.is_staff = True
    admin_user.save()
    client.force_login(admin_user)
    listing = client.get("/beheer/socialreturn/contract/")
    assert listing.status_code == 200
    assert contract.reference in listing.content.decode()
    detail = client.get(f"/beheer/socialreturn/contract/{contract.pk}/change/")
    assert detail.status_code == 200
    assert b'name="_save"' not in detail.content
    assert client.get("/beheer/socialreturn/contract/add/").status_code == 403
    assert client.get("/beheer/socialreturn/valuationscheme/").status_code == 200
    post = client.post(f"/beheer/socialreturn/contract/{contract.pk}/change/", {"title": "Anders"})
    assert post.status_code == 403
    contract.refresh_from_db()
    assert contract.title != "Anders"
