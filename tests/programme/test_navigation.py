"""Who finds the programme in the header: the table, the coordinator and the partners' members."""

import pytest

from impactplein.core.navigation import navigation_for
from tests.organisations.factories import OrganisationFactory
from tests.programme.factories import UserFactory, member, setup
from tests.socialreturn.factories import user_with_role

pytestmark = pytest.mark.django_db


def _labels(user: object) -> list[str]:
    return [str(item.label) for item in navigation_for(user)]


def test_the_coordinator_and_the_table_find_the_programme() -> None:
    assert "Programma" in _labels(user_with_role("programme-coordinator"))
    assert "Programma" in _labels(user_with_role("overlegtafel-member"))


def test_a_member_of_a_partner_finds_the_programme() -> None:
    made = setup()
    assert "Programma" in _labels(member(made.partners["WSP"].organisation))


def test_members_of_other_organisations_and_visitors_do_not() -> None:
    setup()
    assert "Programma" not in _labels(member(OrganisationFactory()))
    assert "Programma" not in _labels(UserFactory())


def test_a_meeting_leads_to_its_progress_report(client, settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from bs4 import BeautifulSoup

    from impactplein.programme.services import meetings
    from tests.socialreturn.factories import user_with_role

    made = setup()
    coordinator = user_with_role("programme-coordinator")
    meeting = meetings.meeting_create(
        actor=coordinator,
        partnership=made.partnership,
        title="Overlegtafel maart",
        starts_at=datetime(2026, 3, 12, 15, tzinfo=ZoneInfo("Europe/Amsterdam")),
        ends_at=datetime(2026, 3, 12, 17, tzinfo=ZoneInfo("Europe/Amsterdam")),
        place="Stadskantoor",
    )
    client.force_login(coordinator)
    page = BeautifulSoup(client.get(f"/programma/overleg/{meeting.pk}/").content, "html.parser")
    assert page.select_one("[data-report-link]")["href"] == (
        f"/rapportages/voortgang/?overleg={meeting.pk}"
    )
