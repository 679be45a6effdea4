"""Mijn etalage in a real browser: no axe-core violations, in Dutch and in English, and the
pages of an organisation's entry are reached by keyboard."""

from typing import Any

from playwright.sync_api import expect

from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import ImpactProfile
from tests.browser.axe import assert_no_axe_violations
from tests.directory.factories import profile
from tests.organisations.factories import OrganisationFactory


def test_mijn_etalage_is_accessible_and_leads_to_the_profile_form(
    browser_page: Any, live_server: Any, login_in_browser: Any, verified_user: Any
) -> None:
    organisation = OrganisationFactory(owner=verified_user, name="Kringloop De Wissel")
    made = profile(organisation)
    ImpactProfile.objects.filter(pk=made.pk).update(status=ProfileStatus.PUBLISHED)
    page = browser_page
    login_in_browser(page, live_server, verified_user)

    page.goto("/etalage/")
    expect(page.get_by_role("heading", name="Kringloop De Wissel")).to_be_visible()
    assert_no_axe_violations(page)

    edit = page.get_by_role("link", name="Impactprofiel bewerken")
    edit.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/etalage/{organisation.pk}/profiel/")

    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto("/etalage/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My showcase")
    assert_no_axe_violations(page)
