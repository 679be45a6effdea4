"""Correcting a manual KPI value and changing a year's target, without overwriting anyone.

The coordinator corrects a manual value (number, date, note) over the version they saw; a stale
correction is refused with the value saved now beside what they typed, and nothing is written.
Every correction stays in the history. A computed KPI has no manual values to correct. Bad input
gets a message at its field and changes nothing. A year's target is set over the version of that
year's target the coordinator saw: of two people setting the 2026 target at once, the second gets
a message with the target that stands, and that target is not overwritten, also when both
save in the same moment (each in its own connection).
"""

import threading
import time
from collections.abc import Callable
from datetime import date, timedelta
from decimal import Decimal
from unittest import mock

from django.core.exceptions import ValidationError
from django.db import connection, connections

import pytest
from bs4 import BeautifulSoup

from impactplein.accounts.services import user_grant_role
from impactplein.programme.models import KpiDefinition, KpiTarget, KpiUnit, KpiValue
from impactplein.programme.services import kpis as services
from tests.programme.factories import UserFactory, member, setup

pytestmark = pytest.mark.django_db

TODAY = date.today()
YEAR = TODAY.year
EARLIER = TODAY - timedelta(days=1)


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def made():  # type: ignore[no-untyped-def]
    return setup(start_year=YEAR - 1)


@pytest.fixture
def kpi(made):  # type: ignore[no-untyped-def]
    return services.kpi_definition_create(
        actor=None, objective=made.objectives["O4"], name="Plaatsingen via het WSP", unit="count"
    )


@pytest.fixture
def entry(kpi):  # type: ignore[no-untyped-def]
    return services.kpi_value_add(
        actor=None, definition=kpi, date=EARLIER, value=Decimal("12"), note="telling WSP"
    )


def coordinator():  # type: ignore[no-untyped-def]
    user = UserFactory()
    user_grant_role(user=user, role_slug="programme-coordinator")
    return type(user).objects.get(pk=user.pk)


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def edit_url(entry) -> str:  # type: ignore[no-untyped-def]
    return f"/programma/kpi/{entry.definition_id}/waarde/{entry.pk}/bewerken/"


def unchanged(entry) -> bool:  # type: ignore[no-untyped-def]
    saved = KpiValue.objects.get(pk=entry.pk)
    return (saved.date, saved.value, saved.note, saved.version) == (
        entry.date,
        entry.value,
        entry.note,
        entry.version,
    )


# --- correcting a manual value: the service -------------------------------------------------------


def test_a_correction_changes_the_value_and_the_history_keeps_the_old_one(entry, kpi) -> None:  # type: ignore[no-untyped-def]
    actor = coordinator()
    saved = services.kpi_value_update(
        actor=actor,
        entry=entry,
        expected_version=1,
        date=TODAY,
        value=Decimal("14"),
        note=" herteld ",
    )
    assert (saved.date, saved.value, saved.note, saved.version) == (TODAY, 14, "herteld", 2)
    assert KpiValue.objects.filter(definition=kpi).count() == 1
    history = list(saved.history.order_by("history_id"))  # type: ignore[attr-defined]
    assert [h.value for h in history] == [12, 14]
    assert history[-1].history_user == actor
    assert history[0].note == "telling WSP"


def test_a_stale_correction_is_refused_and_writes_nothing(entry) -> None:  # type: ignore[no-untyped-def]
    services.kpi_value_update(
        actor=None, entry=entry, expected_version=1, date=EARLIER, value=Decimal("13")
    )
    with pytest.raises(services.StaleKpiError) as refused:
        services.kpi_value_update(
            actor=None, entry=entry, expected_version=1, date=EARLIER, value=Decimal("20")
        )
    assert refused.value.current.value == 13  # type: ignore[attr-defined]
    saved = KpiValue.objects.get(pk=entry.pk)
    assert (saved.value, saved.version) == (13, 2)
    assert saved.history.count() == 2  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("day", "value", "field"),
    [
        (TODAY + timedelta(days=1), "5", "date"),
        (TODAY, "-1", "value"),
    ],
)
def test_a_bad_correction_names_its_field_and_changes_nothing(entry, day, value, field) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.kpi_value_update(
            actor=None, entry=entry, expected_version=1, date=day, value=Decimal(value)
        )
    assert field in refused.value.error_dict
    assert unchanged(entry)


def test_a_value_of_a_computed_kpi_is_not_corrected(entry, kpi) -> None:  # type: ignore[no-untyped-def]
    # A KPI entered by hand that was switched to the platform's data before such a switch was
    # refused (see the last test): its old values stay, and are not corrected.
    KpiDefinition.objects.filter(pk=kpi.pk).update(source_key="directory.published_profiles")
    with pytest.raises(ValidationError) as refused:
        services.kpi_value_update(
            actor=None, entry=entry, expected_version=1, date=TODAY, value=Decimal("1")
        )
    assert "berekend" in str(refused.value)
    assert unchanged(entry)


# --- correcting a manual value: the pages ---------------------------------------------------------


def test_the_kpi_page_links_each_value_to_its_correction(client, entry) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator())
    page = soup(client.get(f"/programma/kpi/{entry.definition_id}/?jaar={EARLIER.year}"))
    links = [a["href"] for a in page.select("#waarden ~ div table a")]
    assert links == [edit_url(entry)]
    form = soup(client.get(edit_url(entry)))
    assert form.select_one("#id_value")["value"] == "12,00"
    assert form.select_one("#id_note").get_text().strip() == "telling WSP"
    assert form.select_one("input[name=version]")["value"] == "1"


def test_the_coordinator_corrects_a_value_and_the_page_shows_it(client, entry) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator())
    response = client.post(
        edit_url(entry),
        {"date": TODAY.isoformat(), "value": "15", "note": "herteld", "version": "1"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"/programma/kpi/{entry.definition_id}/?jaar={YEAR}"
    page = soup(client.get(response["Location"]))
    assert page.select_one("#kpi-year-value").get_text(strip=True) == "15"
    assert "De waarde is gecorrigeerd." in page.get_text()


def test_a_stale_correction_on_the_page_shows_the_current_value_and_writes_nothing(
    client, entry
) -> None:  # type: ignore[no-untyped-def]
    services.kpi_value_update(
        actor=None, entry=entry, expected_version=1, date=EARLIER, value=Decimal("13"), note="B"
    )
    client.force_login(coordinator())
    response = client.post(
        edit_url(entry),
        {"date": EARLIER.isoformat(), "value": "20", "note": "mijn telling", "version": "1"},
    )
    assert response.status_code == 409
    page = soup(response)
    assert "Iemand anders heeft deze waarde intussen gewijzigd" in page.select_one(
        "#stale-edit"
    ).get_text(" ", strip=True)
    assert page.select_one("[data-saved=value]").get_text(strip=True) == "13"
    assert page.select_one("[data-typed=value]").get_text(strip=True) == "20"
    assert page.select_one("[data-typed=note]").get_text(strip=True) == "mijn telling"
    # The form now holds the newest value and version, so a second save is deliberate.
    assert page.select_one("#id_value")["value"] == "13,00"
    assert page.select_one("input[name=version]")["value"] == "2"
    saved = KpiValue.objects.get(pk=entry.pk)
    assert (saved.value, saved.note, saved.version) == (13, "B", 2)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"date": "", "value": "3"}, "date", "verplicht"),
        ({"date": TODAY.isoformat(), "value": "drie"}, "value", "getal"),
        ({"date": (TODAY + timedelta(days=3)).isoformat(), "value": "3"}, "date", "toekomst"),
        ({"date": TODAY.isoformat(), "value": "-3"}, "value", "niet negatief"),
    ],
)
def test_bad_input_on_the_page_gets_a_message_at_its_field(
    client, entry, data, field, message
) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator())
    response = client.post(edit_url(entry), {**data, "note": "", "version": "1"})
    assert response.status_code == 400
    page = soup(response)
    field_input = page.select_one(f"#id_{field}")
    assert field_input["aria-invalid"] == "true"
    assert message in page.get_text(" ", strip=True)
    assert unchanged(entry)


def test_a_computed_kpis_value_cannot_be_opened_for_correction(client, entry, kpi) -> None:  # type: ignore[no-untyped-def]
    KpiDefinition.objects.filter(pk=kpi.pk).update(source_key="directory.published_profiles")
    client.force_login(coordinator())
    page = soup(client.get(f"/programma/kpi/{kpi.pk}/?jaar={EARLIER.year}"))
    assert not page.select(f"a[href='{edit_url(entry)}']")
    response = client.post(
        edit_url(entry),
        {"date": TODAY.isoformat(), "value": "1", "note": "", "version": "1"},
        follow=True,
    )
    assert "kan niet worden gewijzigd" in soup(response).get_text(" ", strip=True)
    assert unchanged(entry)


def test_only_the_coordinator_corrects_and_only_values_of_the_kpi_in_the_address(
    client, made, entry
) -> None:  # type: ignore[no-untyped-def]
    data = {"date": TODAY.isoformat(), "value": "1", "note": "", "version": "1"}
    client.force_login(member(made.partners["WSP"].organisation))
    assert client.get(edit_url(entry)).status_code == 403
    assert client.post(edit_url(entry), data).status_code == 403
    other = services.kpi_definition_create(
        actor=None, objective=made.objectives["O1"], name="Fondsen", unit=KpiUnit.EURO
    )
    page = soup(client.get(f"/programma/kpi/{entry.definition_id}/?jaar={EARLIER.year}"))
    assert not page.select(f"a[href='{edit_url(entry)}']")
    client.force_login(coordinator())
    wrong = f"/programma/kpi/{other.pk}/waarde/{entry.pk}/bewerken/"
    assert client.post(wrong, data).status_code == 404
    assert unchanged(entry)


def test_the_correction_page_in_english(client, entry) -> None:  # type: ignore[no-untyped-def]
    client.force_login(coordinator())
    client.cookies["django_language"] = "en"
    page = soup(client.get(edit_url(entry)))
    assert page.select_one("h1").get_text(strip=True) == "Correct a value"
    assert (
        page.select_one("main form button[type=submit]").get_text(strip=True) == "Save correction"
    )


# --- a year's target ------------------------------------------------------------------------------


def test_a_second_writer_of_the_same_years_first_target_is_refused(kpi) -> None:  # type: ignore[no-untyped-def]
    services.kpi_target_set(actor=None, definition=kpi, year=YEAR, value=Decimal("40"))
    with pytest.raises(services.StaleKpiError) as refused:
        services.kpi_target_set(
            actor=None, definition=kpi, year=YEAR, value=Decimal("50"), expected_version=None
        )
    assert refused.value.current.value == 40  # type: ignore[attr-defined]
    assert KpiTarget.objects.get(definition=kpi, year=YEAR).value == 40


def test_a_target_is_changed_over_the_version_seen_and_a_stale_change_is_refused(kpi) -> None:  # type: ignore[no-untyped-def]
    first = services.kpi_target_set(actor=None, definition=kpi, year=YEAR, value=Decimal("40"))
    changed = services.kpi_target_set(
        actor=None, definition=kpi, year=YEAR, value=Decimal("45"), expected_version=1
    )
    assert (changed.pk, changed.value, changed.version) == (first.pk, 45, 2)
    with pytest.raises(services.StaleKpiError):
        services.kpi_target_set(
            actor=None, definition=kpi, year=YEAR, value=Decimal("50"), expected_version=1
        )
    saved = KpiTarget.objects.get(definition=kpi, year=YEAR)
    assert (saved.value, saved.version) == (45, 2)
    assert [h.value for h in saved.history.order_by("history_id")] == [40, 45]  # type: ignore[attr-defined]
    # The same value as what stands overwrites nothing, so it is not a conflict.
    same = services.kpi_target_set(
        actor=None, definition=kpi, year=YEAR, value=Decimal("45"), expected_version=1
    )
    assert same.version == 2


def test_another_years_target_does_not_count_as_a_conflict(kpi) -> None:  # type: ignore[no-untyped-def]
    services.kpi_target_set(actor=None, definition=kpi, year=YEAR - 1, value=Decimal("30"))
    made = services.kpi_target_set(actor=None, definition=kpi, year=YEAR, value=Decimal("40"))
    assert made.version == 1
    assert kpi.targets.count() == 2


def test_two_people_setting_the_target_on_the_page_the_second_gets_a_message(client, kpi) -> None:  # type: ignore[no-untyped-def]
    first, second = coordinator(), coordinator()
    url = f"/programma/kpi/{kpi.pk}/?jaar={YEAR}"
    client.force_login(first)
    seen_by_first = soup(client.get(url)).select_one("#target-form")
    client.force_login(second)
    seen_by_second = soup(client.get(url)).select_one("#target-form")
    assert seen_by_first.select_one("input[name=target-version]").get("value") is None
    assert seen_by_first.select_one("input[name=target-year]")["value"] == str(YEAR)

    def post(form, value):  # type: ignore[no-untyped-def]
        data = {
            field["name"]: field.get("value", "")
            for field in form.select("input[name]")
            if field["name"] != "target-value"
        }
        data["target-value"] = value
        return client.post(form["action"], data)

    client.force_login(first)
    assert post(seen_by_first, "40").status_code == 302
    client.force_login(second)
    refused = post(seen_by_second, "50")
    assert refused.status_code == 409
    page = soup(refused)
    message = page.select_one("#target-stale").get_text(" ", strip=True)
    assert f"streefwaarde voor {YEAR} intussen vastgelegd op 40" in message
    assert "Uw streefwaarde (50) is niet opgeslagen" in message
    assert page.select_one("#target-form input[name=target-value]")["value"] == "40,00"
    assert KpiTarget.objects.get(definition=kpi, year=YEAR).value == 40

    # Now that the second has seen 40, their change goes through.
    client.force_login(second)
    fresh = soup(client.get(url)).select_one("#target-form")
    assert fresh.select_one("input[name=target-version]")["value"] == "1"
    assert post(fresh, "50").status_code == 302
    assert KpiTarget.objects.get(definition=kpi, year=YEAR).value == 50
    assert soup(client.get(url)).select_one("#kpi-target").get_text(strip=True) == "50"


def test_a_bad_target_gets_a_message_at_its_field_and_changes_nothing(client, kpi) -> None:  # type: ignore[no-untyped-def]
    services.kpi_target_set(actor=None, definition=kpi, year=YEAR, value=Decimal("40"))
    client.force_login(coordinator())
    response = client.post(
        f"/programma/kpi/{kpi.pk}/streefwaarde/?jaar={YEAR}",
        {"target-year": str(YEAR), "target-value": "veertig", "target-version": "1"},
    )
    assert response.status_code == 400
    page = soup(response)
    assert page.select_one("#id_target-value")["aria-invalid"] == "true"
    assert "getal" in page.get_text(" ", strip=True)
    assert KpiTarget.objects.get(definition=kpi, year=YEAR).value == 40


# --- two writers at the same moment --------------------------------------------------------------


def _race(writers: list[Callable[[], object]], model: type) -> list[str]:
    """Run the writers in their own threads and connections, as two requests would.

    On PostgreSQL both start together and each holds its write open a moment before saving, so
    the second runs into the first's lock or row. SQLite's shared in-memory test database
    locks whole tables instead of waiting, so there one writer follows the other.
    """
    race = connection.vendor == "postgresql"
    start = threading.Barrier(len(writers), timeout=10)
    outcomes: list[str] = []
    clean = model.full_clean

    def slow_clean(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        clean(self, *args, **kwargs)
        if race:
            time.sleep(0.3)  # the other writer has read by now, or waits for our lock

    def run(write: Callable[[], object]) -> None:
        try:
            if race:
                start.wait()
            write()
            outcomes.append("saved")
        except services.StaleKpiError:
            outcomes.append("refused")
        finally:
            connections.close_all()

    with mock.patch.object(model, "full_clean", slow_clean):
        threads = [threading.Thread(target=run, args=(write,)) for write in writers]
        for thread in threads:
            thread.start()
            if not race:
                thread.join(timeout=30)
        for thread in threads:
            thread.join(timeout=30)
    return sorted(outcomes)


def _definition() -> KpiDefinition:
    made = setup(start_year=YEAR - 1)
    return services.kpi_definition_create(
        actor=None, objective=made.objectives["O4"], name="Plaatsingen", unit="count"
    )


@pytest.mark.django_db(transaction=True)
def test_two_first_targets_for_the_same_year_at_once_one_stands() -> None:
    kpi = _definition()

    def writer(value: str) -> Callable[[], object]:
        return lambda: services.kpi_target_set(
            actor=None, definition=kpi, year=YEAR, value=Decimal(value), expected_version=None
        )

    assert _race([writer("40"), writer("50")], KpiTarget) == ["refused", "saved"]
    saved = KpiTarget.objects.get(definition=kpi, year=YEAR)
    assert saved.value in {40, 50}
    assert saved.version == 1
    assert saved.history.count() == 1  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_two_changes_of_one_target_version_at_once_one_wins() -> None:
    kpi = _definition()
    services.kpi_target_set(actor=None, definition=kpi, year=YEAR, value=Decimal("30"))

    def writer(value: str) -> Callable[[], object]:
        return lambda: services.kpi_target_set(
            actor=None, definition=kpi, year=YEAR, value=Decimal(value), expected_version=1
        )

    assert _race([writer("40"), writer("50")], KpiTarget) == ["refused", "saved"]
    saved = KpiTarget.objects.get(definition=kpi, year=YEAR)
    assert (saved.value in {40, 50}, saved.version) == (True, 2)
    assert saved.history.count() == 2  # type: ignore[attr-defined]


@pytest.mark.django_db(transaction=True)
def test_two_corrections_of_one_value_version_at_once_one_wins() -> None:
    entry = services.kpi_value_add(
        actor=None, definition=_definition(), date=EARLIER, value=Decimal("12")
    )

    def writer(value: str) -> Callable[[], object]:
        return lambda: services.kpi_value_update(
            actor=None,
            entry=KpiValue.objects.get(pk=entry.pk),
            expected_version=1,
            date=EARLIER,
            value=Decimal(value),
        )

    assert _race([writer("13"), writer("14")], KpiValue) == ["refused", "saved"]
    saved = KpiValue.objects.get(pk=entry.pk)
    assert (saved.value in {13, 14}, saved.version) == (True, 2)
    assert saved.history.count() == 2  # type: ignore[attr-defined]


def test_a_kpi_with_manual_values_cannot_become_computed(kpi, entry) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as refused:
        services.kpi_definition_update(
            actor=None,
            definition=kpi,
            expected_version=kpi.version,
            source_key="directory.published_profiles",
        )
    assert "met de hand ingevoerde waarden" in refused.value.message_dict["source_key"][0]
    kpi.refresh_from_db()
    assert kpi.source_key == ""
    assert KpiValue.objects.filter(definition=kpi).count() == 1
