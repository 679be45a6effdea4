"""The programme's KPIs.

A KPI is computed from a registered source or entered by hand. Its value per quarter and per
year comes from one selector, so the KPI page, the list and the export show the same number, and
that number follows the underlying data. A target is met depending on the KPI's direction.
Manual values: the latest within a period counts; a future date or a negative count is refused.
Definitions and narratives are edited with optimistic locking. Overlegtafel members and partners'
members read, the coordinator edits, strangers see nothing.
"""

import csv
import io
from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup
from openpyxl import load_workbook

from impactplein.accounts.services import user_grant_role
from impactplein.core import kpis as registry
from impactplein.directory.services import profile_publish
from impactplein.programme.models import KpiDirection, KpiUnit, KpiValue
from impactplein.programme.selectors import kpis as selectors
from impactplein.programme.services import kpis as services
from tests.directory.factories import profile
from tests.programme.factories import UserFactory, member, setup

pytestmark = pytest.mark.django_db

TODAY = date.today()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def made():  # type: ignore[no-untyped-def]
    return setup(start_year=YEAR - 1)


def with_role(slug: str):  # type: ignore[no-untyped-def]
    user = UserFactory()
    user_grant_role(user=user, role_slug=slug)
    return type(user).objects.get(pk=user.pk)


def computed(made, key="directory.published_profiles", **fields):  # type: ignore[no-untyped-def]
    values = {
        "objective": made.objectives["O1"],
        "name": "Impactondernemers in de etalage",
        "unit": KpiUnit.COUNT,
        "source_key": key,
    }
    values.update(fields)
    return services.kpi_definition_create(actor=None, **values)


def manual(made, **fields):  # type: ignore[no-untyped-def]
    values = {
        "objective": made.objectives["O4"],
        "name": "Plaatsingen via het WSP",
        "unit": KpiUnit.COUNT,
    }
    values.update(fields)
    return services.kpi_definition_create(actor=None, **values)


def publish(day: date) -> None:
    made = profile()
    profile_publish(
        actor=None,
        profile=made,
        published_at=datetime(day.year, day.month, day.day, 12, tzinfo=UTC),
    )


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


def dutch_number(text: str) -> Decimal:
    return Decimal(text.replace("€", "").replace("\xa0", "").replace(".", "").replace(",", "."))


# --- the registry ---------------------------------------------------------------------------------


def test_the_registry_finds_the_apps_sources_by_name() -> None:
    apps = {source.app for source in registry.sources()}
    assert {"directory", "socialreturn"} <= apps
    assert registry.source("no.such_source") is None


def test_a_source_refuses_a_bad_unit_and_a_second_source_under_the_same_key() -> None:
    def nothing(start: date, end: date) -> Decimal:
        return Decimal(0)

    with pytest.raises(ValueError, match="Unknown unit"):
        registry.KpiSource("test.x", "X", "litre", nothing, "", "tests")
    first = registry.register(registry.KpiSource("test.once", "X", "count", nothing, "", "tests"))
    try:
        assert registry.register(first) is first  # again: harmless
        with pytest.raises(ValueError, match="Another KPI source"):
            registry.register(registry.KpiSource("test.once", "Y", "count", nothing, "", "tests"))
    finally:
        registry.unregister("test.once")


# --- values and series ----------------------------------------------------------------------------


def test_a_computed_kpi_follows_the_data(made) -> None:  # type: ignore[no-untyped-def]
    definition = computed(made)
    start, end = date(YEAR, 1, 1), date(YEAR, 12, 31)
    publish(date(YEAR, 1, 2))
    before = selectors.kpi_value(definition, start, end)
    assert before == 1
    publish(date(YEAR, 1, 3))
    assert selectors.kpi_value(definition, start, end) == before + 1


def test_the_series_per_quarter_of_a_stock(made) -> None:  # type: ignore[no-untyped-def]
    definition = computed(made)
    last = YEAR - 1
    publish(date(last, 2, 1))
    publish(date(last, 5, 1))
    publish(date(last, 5, 2))
    publish(date(last, 11, 30))
    services.kpi_target_set(actor=None, definition=definition, year=last, value=Decimal("4"))
    series = selectors.kpi_series(definition, last)
    assert [point.value for point in series.quarters] == [1, 3, 3, 4]
    assert series.total.value == 4
    assert series.target == 4
    assert series.met is True


def test_a_quarter_that_has_not_begun_has_no_value(made) -> None:  # type: ignore[no-untyped-def]
    definition = computed(made)
    series = selectors.kpi_series(definition, YEAR, today=date(YEAR, 5, 1))
    assert [point.value is None for point in series.quarters] == [False, False, True, True]


@pytest.mark.parametrize(
    ("value", "target", "direction", "met"),
    [
        ("10", "10", KpiDirection.HIGHER, True),
        ("9", "10", KpiDirection.HIGHER, False),
        ("10", "10", KpiDirection.LOWER, True),
        ("11", "10", KpiDirection.LOWER, False),
        ("3", "10", KpiDirection.LOWER, True),
        (None, "10", KpiDirection.HIGHER, None),
        ("10", None, KpiDirection.HIGHER, None),
    ],
)
def test_a_target_is_met_by_direction(value, target, direction, met) -> None:  # type: ignore[no-untyped-def]
    def as_decimal(text: str | None) -> Decimal | None:
        return None if text is None else Decimal(text)

    assert selectors.target_met(as_decimal(value), as_decimal(target), direction) is met


def test_a_manual_kpi_takes_the_latest_value_within_each_period(made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made, direction=KpiDirection.HIGHER)
    last = YEAR - 1
    for day, value in ((date(last, 2, 1), "5"), (date(last, 3, 15), "8"), (date(last, 8, 1), "12")):
        services.kpi_value_add(actor=None, definition=definition, date=day, value=Decimal(value))
    services.kpi_value_add(
        actor=None,
        definition=definition,
        date=date(last, 3, 15),
        value=Decimal("9"),
        note="herzien",
    )
    services.kpi_target_set(actor=None, definition=definition, year=last, value=Decimal("15"))
    series = selectors.kpi_series(definition, last)
    assert [point.value for point in series.quarters] == [9, None, 12, None]
    assert series.total.value == 12
    assert series.met is False


def test_manual_values_are_refused_with_a_reason_and_nothing_changes(made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made)
    with pytest.raises(ValidationError) as future:
        services.kpi_value_add(
            actor=None, definition=definition, date=date(YEAR + 1, 1, 1), value=Decimal("1")
        )
    assert "toekomst" in str(future.value)
    with pytest.raises(ValidationError):
        services.kpi_value_add(actor=None, definition=definition, date=TODAY, value=Decimal("-1"))
    with pytest.raises(ValidationError):
        services.kpi_value_add(
            actor=None, definition=computed(made), date=TODAY, value=Decimal("1")
        )
    assert not KpiValue.objects.exists()


def test_a_definition_must_name_a_registered_source_of_its_unit(made) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as unknown:
        computed(made, key="no.such_source")
    assert "source_key" in unknown.value.error_dict
    with pytest.raises(ValidationError) as unit:
        computed(made, unit=KpiUnit.EURO)
    assert "unit" in unit.value.error_dict


def test_a_stale_edit_of_a_definition_is_refused(made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made)
    services.kpi_definition_update(
        actor=None, definition=definition, expected_version=1, name="Plaatsingen (WSP)"
    )
    with pytest.raises(services.StaleKpiError):
        services.kpi_definition_update(
            actor=None, definition=definition, expected_version=1, name="Oud"
        )
    definition.refresh_from_db()
    assert definition.name == "Plaatsingen (WSP)"
    assert definition.version == 2
    assert definition.history.count() == 2  # type: ignore[attr-defined]


def test_a_stale_narrative_is_refused(made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made)
    first = services.kpi_narrative_save(
        actor=None, definition=definition, year=YEAR, quarter=1, expected_version=None, story="A"
    )
    services.kpi_narrative_save(
        actor=None, definition=definition, year=YEAR, quarter=1, expected_version=1, story="B"
    )
    with pytest.raises(services.StaleKpiError):
        services.kpi_narrative_save(
            actor=None, definition=definition, year=YEAR, quarter=1, expected_version=1, story="C"
        )
    first.refresh_from_db()
    assert first.story == "B"


def test_a_target_outside_the_partnership_is_refused(made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made)
    with pytest.raises(ValidationError):
        services.kpi_target_set(
            actor=None, definition=definition, year=YEAR + 10, value=Decimal("1")
        )


# --- pages and export -----------------------------------------------------------------------------


def test_the_same_number_on_the_page_the_list_and_the_export(client, made) -> None:  # type: ignore[no-untyped-def]
    definition = computed(made)
    publish(date(YEAR, 1, 2))
    publish(date(YEAR, 1, 3))
    client.force_login(with_role("overlegtafel-member"))

    def numbers() -> tuple[Decimal, Decimal, Decimal, Decimal]:
        detail = soup(client.get(f"/programma/kpi/{definition.pk}/?jaar={YEAR}"))
        listed = soup(client.get(f"/programma/kpis/?jaar={YEAR}"))
        cell = listed.select_one(f"#kpi-row-{definition.pk} [data-kpi-value]")
        sheet = load_workbook(
            io.BytesIO(client.get(f"/programma/kpis/{YEAR}/export.xlsx").content)
        ).active
        rows = list(sheet.iter_rows(values_only=True))
        row = dict(zip(rows[0], rows[1], strict=True))
        text = client.get(f"/programma/kpis/{YEAR}/export.csv").content.decode("utf-8-sig")
        csv_row = next(iter(csv.DictReader(io.StringIO(text), delimiter=";")))
        return (
            dutch_number(detail.select_one("#kpi-year-value").get_text(strip=True)),
            dutch_number(cell.get_text(strip=True)),
            dutch_number(row["jaar"]),
            dutch_number(csv_row["jaar"]),
        )

    assert numbers() == (2, 2, 2, 2)
    publish(date(YEAR, 1, 4))
    assert numbers() == (3, 3, 3, 3)


def test_a_euro_kpi_shows_the_same_amount_on_page_and_export(client, made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made, unit=KpiUnit.EURO, name="Fondsen geworven")
    services.kpi_value_add(
        actor=None, definition=definition, date=date(YEAR, 1, 1), value=Decimal("12345.5")
    )
    client.force_login(with_role("overlegtafel-member"))
    page = soup(client.get(f"/programma/kpi/{definition.pk}/?jaar={YEAR}"))
    shown = page.select_one("#kpi-year-value").get_text(strip=True)
    assert shown == "€\xa012.345,50"
    text = client.get(f"/programma/kpis/{YEAR}/export.csv").content.decode("utf-8-sig")
    row = next(iter(csv.DictReader(io.StringIO(text), delimiter=";")))
    assert dutch_number(row["jaar"]) == dutch_number(shown) == Decimal("12345.5")


def test_the_coordinator_enters_a_manual_value_on_the_page(client, made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made)
    client.force_login(with_role("programme-coordinator"))
    response = client.post(
        f"/programma/kpi/{definition.pk}/waarde/",
        {"date": TODAY.isoformat(), "value": "17", "note": "telling WSP"},
    )
    assert response.status_code == 302
    page = soup(client.get(f"/programma/kpi/{definition.pk}/?jaar={YEAR}"))
    assert page.select_one("#kpi-year-value").get_text(strip=True) == "17"
    bad = client.post(f"/programma/kpi/{definition.pk}/waarde/", {"date": "", "value": "x"})
    assert bad.status_code == 400
    assert KpiValue.objects.count() == 1


def test_the_coordinator_adds_and_edits_a_definition_and_a_narrative(client, made) -> None:  # type: ignore[no-untyped-def]
    client.force_login(with_role("programme-coordinator"))
    assert client.get("/programma/kpis/nieuw/").status_code == 200
    response = client.post(
        "/programma/kpis/nieuw/",
        {
            "objective": made.objectives["O1"].pk,
            "name": "Verhalen",
            "unit": "count",
            "direction": "higher",
            "source_key": "directory.stories_published",
            "description": "",
            "order": "1",
        },
    )
    assert response.status_code == 302
    definition = made.objectives["O1"].kpis.get()
    assert definition.source_key == "directory.stories_published"
    stale = client.post(
        f"/programma/kpi/{definition.pk}/bewerken/",
        {
            "objective": made.objectives["O1"].pk,
            "name": "Verhalen gepubliceerd",
            "unit": "count",
            "direction": "higher",
            "source_key": "directory.stories_published",
            "order": "1",
            "version": "7",
        },
    )
    assert stale.status_code == 409
    narrative = client.post(
        f"/programma/kpi/{definition.pk}/verhaal/{YEAR}/2/",
        {"story": "Meer verhalen na de campagne.", "partners": "DOV"},
    )
    assert narrative.status_code == 302
    page = client.get(f"/programma/kpi/{definition.pk}/?jaar={YEAR}")
    assert "Meer verhalen na de campagne." in page.content.decode()


def test_who_reads_and_who_edits(client, made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made)
    partnership = made.partnership
    table = with_role("overlegtafel-member")
    coordinator = with_role("programme-coordinator")
    partner = member(made.partners["WSP"].organisation)
    stranger = UserFactory()
    for user in (table, coordinator, partner):
        assert user.has_perm("programme.view_kpidefinition", partnership)
    assert not stranger.has_perm("programme.view_kpidefinition", partnership)
    for perm in (
        "add_kpidefinition",
        "change_kpidefinition",
        "add_kpivalue",
        "change_kpinarrative",
    ):
        assert coordinator.has_perm(f"programme.{perm}", partnership)
        assert not table.has_perm(f"programme.{perm}", partnership)
        assert not partner.has_perm(f"programme.{perm}", partnership)
    client.force_login(partner)
    page = client.get(f"/programma/kpi/{definition.pk}/")
    assert page.status_code == 200
    assert "value-form" not in page.content.decode()
    assert (
        client.post(
            f"/programma/kpi/{definition.pk}/waarde/", {"date": TODAY.isoformat(), "value": "1"}
        ).status_code
        == 403
    )
    client.force_login(stranger)
    assert client.get("/programma/kpis/").status_code == 403
    assert client.get(f"/programma/kpis/{YEAR}/export.csv").status_code == 403


def test_the_list_in_english(client, made) -> None:  # type: ignore[no-untyped-def]
    manual(made)
    client.force_login(with_role("overlegtafel-member"))
    client.cookies["django_language"] = "en"
    page = client.get("/programma/kpis/").content.decode()
    assert "KPIs in" in page


def test_the_coordinator_sets_a_target_on_the_page_and_the_status_follows(client, made) -> None:  # type: ignore[no-untyped-def]
    definition = manual(made, direction=KpiDirection.LOWER, name="Wachttijd vraagbaak (dagen)")
    services.kpi_value_add(actor=None, definition=definition, date=TODAY, value=Decimal("4"))
    client.force_login(with_role("programme-coordinator"))
    response = client.post(
        f"/programma/kpi/{definition.pk}/streefwaarde/",
        {"target-year": str(YEAR), "target-value": "5"},
    )
    assert response.status_code == 302
    page = soup(client.get(f"/programma/kpi/{definition.pk}/?jaar={YEAR}"))
    assert page.select_one("#kpi-target").get_text(strip=True) == "5"
    assert page.select_one("#kpi-status").get_text(strip=True) == "gehaald"
    refused = client.post(
        f"/programma/kpi/{definition.pk}/streefwaarde/",
        {"target-year": str(YEAR + 20), "target-value": "5"},
    )
    assert refused.status_code == 400
    assert definition.targets.count() == 1
