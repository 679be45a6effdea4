"""Bulk update of activities through the export's columns: all or nothing, row by row errors.

A round trip of the export changes nothing; a file with one bad row writes nothing and names
each bad row and column in Dutch; an update of an activity that someone changed since the
export is refused for that row; a forged confirmation writes nothing.
"""

from decimal import Decimal

import pytest

from impactplein.core import tabular
from impactplein.programme import imports, services
from impactplein.programme.constants import ActivityStatus
from impactplein.programme.models import Activity
from tests.programme.factories import activity, setup

pytestmark = pytest.mark.django_db


def as_csv(rows: list[dict[str, str]]) -> bytes:
    import io

    buffer = io.StringIO(newline="")
    tabular.write_csv(rows, buffer, imports.HEADERS)
    return buffer.getvalue().encode()


def state() -> list[tuple]:
    return list(
        Activity.objects.order_by("pk").values_list(
            "pk", "title", "status", "progress", "weight", "version"
        )
    )


@pytest.fixture
def made():  # type: ignore[no-untyped-def]
    made = setup()
    activity(made, title="Etalage", weight=Decimal("2.5"), progress=40)
    activity(
        made,
        title="Werkgeversontbijt",
        objective=made.objectives["O4"],
        partner=made.partners["WSP"],
        status=ActivityStatus.RUNNING,
    )
    return made


def test_a_round_trip_of_the_export_changes_nothing(made) -> None:  # type: ignore[no-untyped-def]
    before = state()
    rows = imports.export_rows(list(made.programme.activities.all()))
    xlsx = tabular.write_xlsx(rows, imports.HEADERS)
    for data, name in ((as_csv(rows), "a.csv"), (xlsx, "a.xlsx")):
        plan = imports.plan_file(made.programme, data, name)
        assert plan.is_valid
        assert {row.action for row in plan.rows} == {imports.UNCHANGED}
        imports.import_apply(
            actor=None, programme=made.programme, token=imports.plan_token(made.programme, plan)
        )
    assert state() == before


def test_changed_rows_are_written_and_new_rows_created(made) -> None:  # type: ignore[no-untyped-def]
    rows = imports.export_rows(list(made.programme.activities.order_by("pk")))
    rows[0]["voortgang"] = "75"
    rows[0]["gewicht"] = "3,5"
    rows.append(
        {
            "doel": "O4",
            "partner": "wsp",
            "titel": "Banenmarkt",
            "status": "gepland",
            "voortgang": "0",
            "gewicht": "1",
        }
    )
    plan = imports.plan_file(made.programme, as_csv(rows), "a.csv")
    assert plan.is_valid
    assert [row.action for row in plan.rows] == [imports.UPDATE, imports.UNCHANGED, imports.CREATE]
    assert plan.rows[0].changed == ["voortgang", "gewicht"]

    imports.import_apply(
        actor=None, programme=made.programme, token=imports.plan_token(made.programme, plan)
    )
    first = Activity.objects.get(title="Etalage")
    assert (first.progress, first.weight, first.version) == (75, Decimal("3.50"), 2)
    assert Activity.objects.get(title="Banenmarkt").partner == made.partners["WSP"]


def test_a_file_with_bad_rows_writes_nothing_and_names_each_bad_row(made) -> None:  # type: ignore[no-untyped-def]
    before = state()
    rows = imports.export_rows(list(made.programme.activities.order_by("pk")))
    rows[0]["voortgang"] = "150"
    rows[1]["status"] = "bezig"
    rows.append(
        {
            "doel": "O7",
            "partner": "MBO",
            "titel": "X",
            "status": "gepland",
            "voortgang": "1",
            "gewicht": "0",
        }
    )
    plan = imports.plan_file(made.programme, as_csv(rows), "a.csv")

    assert not plan.is_valid
    errors = {(row.number, e.column): e.message for row in plan.rows for e in row.errors}
    assert "100" in errors[(2, "voortgang")]
    assert "'bezig' is geen status" in errors[(3, "status")]
    assert "geen doel met code 'O7'" in errors[(4, "doel")]
    with pytest.raises(imports.ImportRefused):
        imports.import_apply(
            actor=None, programme=made.programme, token=imports.plan_token(made.programme, plan)
        )
    assert state() == before


def test_a_row_of_an_activity_changed_since_the_export_is_refused(made) -> None:  # type: ignore[no-untyped-def]
    rows = imports.export_rows(list(made.programme.activities.order_by("pk")))
    first = Activity.objects.get(title="Etalage")
    services.activity_update(actor=None, activity=first, expected_version=1, progress=55)
    rows[0]["voortgang"] = "60"
    rows[1]["voortgang"] = "10"

    plan = imports.plan_file(made.programme, as_csv(rows), "a.csv")

    assert [e.column for e in plan.rows[0].errors] == ["versie"]
    assert "Iemand anders heeft deze activiteit" in plan.rows[0].errors[0].message
    assert not plan.rows[1].errors
    assert Activity.objects.get(pk=first.pk).progress == 55


def test_a_change_between_preview_and_confirmation_writes_nothing(made) -> None:  # type: ignore[no-untyped-def]
    rows = imports.export_rows(list(made.programme.activities.order_by("pk")))
    rows[0]["voortgang"] = "60"
    rows[1]["voortgang"] = "10"
    plan = imports.plan_file(made.programme, as_csv(rows), "a.csv")
    token = imports.plan_token(made.programme, plan)
    first = Activity.objects.get(title="Etalage")
    services.activity_update(actor=None, activity=first, expected_version=1, progress=55)
    before = state()

    with pytest.raises(imports.ImportRefused) as refused:
        imports.import_apply(actor=None, programme=made.programme, token=token)

    assert refused.value.plan is not None
    assert refused.value.plan.rows[0].errors
    assert state() == before


def test_a_forged_confirmation_writes_nothing(made) -> None:  # type: ignore[no-untyped-def]
    before = state()
    with pytest.raises(imports.ImportRefused, match="verlopen of ongeldig"):
        imports.import_apply(actor=None, programme=made.programme, token="nep:token")
    assert state() == before


def test_unknown_and_doubled_ids_and_formulas_are_named(made) -> None:  # type: ignore[no-untyped-def]
    rows = imports.export_rows(list(made.programme.activities.order_by("pk")))
    rows.append(dict(rows[0]))
    rows.append({**rows[1], "id": "99999"})
    data = as_csv(rows).replace(b"Werkgeversontbijt", b"=1+1", 1)
    plan = imports.plan_file(made.programme, data, "a.csv")
    messages = {(row.number, e.column): e.message for row in plan.rows for e in row.errors}
    assert "ook in rij 2" in messages[(4, "id")]
    assert "geen activiteit met id 99999" in messages[(5, "id")]
    assert "formule" in messages[(3, "titel")]


def test_a_file_that_cannot_be_read_gives_its_reason(made) -> None:  # type: ignore[no-untyped-def]
    plan = imports.plan_file(made.programme, b"naam;iets\r\nx;y\r\n", "a.csv")
    assert "Onbekende kolom" in plan.file_error
    assert not plan.is_valid
