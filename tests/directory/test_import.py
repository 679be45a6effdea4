"""Staff import: a file is checked whole, nothing is written until it is valid and confirmed, and
the confirmation applies exactly the checked plan through the services, or nothing when the
database changed since the check. Small files are checked and applied at once; larger ones by the
worker (tests run its tasks at once, after the commit).

A row is matched to an organisation by its id, else by its KvK number, else it is new. Every bad
row is named with its column and a Dutch message. Possible duplicates (similar names in the same
municipality) are shown. A file exported from the showcase imports as "unchanged" throughout.
"""

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.utils import timezone, translation

import pytest

from impactplein.core.models import Theme
from impactplein.directory import imports, indexing, services, tabular
from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import ImpactProfile, ImportBatch
from impactplein.directory.services import profile_publish
from impactplein.organisations import services as organisation_services
from impactplein.organisations.models import Organisation
from impactplein.organisations.services import organisation_update
from tests.directory.factories import OrganisationFactory, UserFactory, profile
from tests.organisations.factories import area, municipality

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _dutch() -> Iterator[None]:
    """The messages are asserted in Dutch, whatever language an earlier test left active."""
    with translation.override("nl"):
        yield


MINIMAL = ["naam", "soort", "rechtsvorm", "gemeente_cbs_code"]


def csv_bytes(headers: list[str], *rows: list[str]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerows([headers, *rows])
    return out.getvalue().encode()


def exported_row(profile: ImpactProfile) -> dict[str, str]:
    """The profile's row as the showcase exports it (the publication date in local time)."""
    published = profile.published_at
    published_on = timezone.localdate(published) if published else None
    return tabular.profile_row(profile, published_on=published_on)


def export(*profiles: ImpactProfile) -> bytes:
    out = io.StringIO(newline="")
    tabular.write_csv([exported_row(p) for p in profiles], out)
    return out.getvalue().encode("utf-8")


def upload(data: bytes, user=None, filename: str = "import.csv"):  # type: ignore[no-untyped-def]
    """Upload and check a file: the person, the stored plan and the batch (None if refused)."""
    user = user or UserFactory()
    try:
        batch = imports.import_upload(actor=user, data=data, filename=filename)
    except imports.FileRefused as refused:
        return user, imports.Plan(file_error=refused.message), None
    return user, imports.stored_plan(batch), batch


def confirm(user, batch, sha256: str | None = None) -> ImportBatch:  # type: ignore[no-untyped-def]
    return imports.import_confirm(
        actor=user, batch_pk=batch.pk, sha256=sha256 if sha256 is not None else batch.sha256
    )


def full_profile() -> ImpactProfile:
    organisation = OrganisationFactory(
        name="Fietsfabriek Dordrecht",
        kvk_number="12345678",
        establishment_number="000012345678",
        house_number_addition="a",
        area=area("binnenstad"),
        website="https://fietsfabriek.example",
        email="info@fietsfabriek.example",
        sbi_code="4540",
        sbi_version="2008",
    )
    record = profile(
        organisation,
        pitch="=Fietsen voor iedereen",
        story="- eerste regel\n- tweede regel; met puntkomma",
        impact_models=["employment", "environmental"],
        target_groups=["statushouders", "jongeren"],
        sells_to_buyers=True,
        offer="Fietsreparatie",
        themes=list(Theme.objects.all()[:2]),
    )
    record.sdgs.set([8, 12])
    # Late in the evening: in UTC still the day before its date in the Netherlands.
    late = datetime(2026, 3, 1, 23, 30, tzinfo=UTC)
    return profile_publish(actor=None, profile=record, published_at=late)


def test_an_exported_file_imports_as_unchanged_throughout() -> None:
    first = full_profile()
    second = profile(OrganisationFactory(name="Kringloop Oost", house_number=None, phone=""))
    assert exported_row(first)["gepubliceerd_op"] == "2026-03-02"  # the Dutch date

    for filename, data in (
        ("etalage.csv", export(first, second)),
        ("etalage.xlsx", tabular.write_xlsx([exported_row(first), exported_row(second)])),
    ):
        user, plan, batch = upload(data, filename=filename)
        assert [(row.errors, row.action) for row in plan.rows] == [([], "unchanged")] * 2

        confirm(user, batch)

    first.refresh_from_db()
    assert first.version == 2  # created, published; the imports changed nothing
    assert first.organisation.version == 1


def test_a_visitors_export_goes_round_without_touching_the_contact_details(client) -> None:
    first = full_profile()
    indexing.index_profiles([first.pk])

    data = b"".join(client.get("/ondernemers/export.csv").streaming_content)  # a visitor's
    user, plan, batch = upload(data)
    assert [(row.errors, row.action) for row in plan.rows] == [([], "unchanged")]
    confirm(user, batch)

    first.organisation.refresh_from_db()
    assert first.organisation.email == "info@fietsfabriek.example"
    assert first.organisation.version == 1


def test_a_valid_file_creates_and_updates_only_after_confirmation() -> None:
    existing = OrganisationFactory(name="Bakkerij Korenaar", kvk_number="87654321")
    data = csv_bytes(
        [*MINIMAL, "kvk_nummer", "pitch", "themas", "sdgs", "status", "gepubliceerd_op"],
        ["Bakkerij De Korenaar", "company", "bv", "GM0505", "87654321", "Brood", "", "", "", ""],
        ["Groene Hoek", "social_enterprise", "stichting", "GM0590", "", "Groen", "", "3;8",
         "published", "2026-03-01"],
    )  # fmt: skip
    user, plan, batch = upload(data)

    assert plan.is_valid
    assert [row.action for row in plan.rows] == ["update", "create"]
    assert plan.rows[0].changed_columns == ["naam", "pitch"]
    assert not Organisation.objects.filter(name="Groene Hoek").exists()
    assert Organisation.objects.get(pk=existing.pk).name == "Bakkerij Korenaar"

    confirm(user, batch)

    existing.refresh_from_db()
    assert existing.name == "Bakkerij De Korenaar"
    assert existing.history.first().history_user == user
    created = Organisation.objects.get(name="Groene Hoek")
    assert not created.memberships.exists()  # staff do not become owners
    record = created.impact_profile
    assert record.status == ProfileStatus.PUBLISHED
    assert timezone.localdate(record.published_at) == date(2026, 3, 1)
    assert sorted(record.sdgs.values_list("number", flat=True)) == [3, 8]
    assert record.history.first().history_user == user
    assert ImportBatch.objects.get(pk=batch.pk).status == ImportBatch.Status.APPLIED


def test_one_bad_row_writes_nothing_and_every_bad_row_is_named() -> None:
    data = csv_bytes(
        [*MINIMAL, "postcode", "huisnummer", "sdgs", "gebied"],
        ["Goed", "company", "bv", "GM0505", "3311 AB", "1", "", ""],
        ["Fout een", "winkel", "bv", "GM0505", "3311 AB", "1", "", ""],
        ["Fout twee", "company", "bv", "GM9999", "0311 AB", "x", "19", ""],
        ["Fout drie", "company", "bv", "GM0505", "3311 AB", "1", "", "nergens"],
        ["", "company", "bv", "GM0505", "", "", "", ""],
    )
    _, plan, batch = upload(data)

    assert batch.status == ImportBatch.Status.CHECKED
    assert batch.valid is False
    assert not plan.is_valid
    errors = {row.number: [(e.column, e.message) for e in row.errors] for row in plan.error_rows}
    assert list(errors) == [3, 4, 5, 6]
    assert errors[3][0][0] == "soort"
    assert "winkel" in errors[3][0][1]
    assert {column for column, _ in errors[4]} == {"huisnummer", "sdgs"}
    assert errors[5] == [("gebied", "Er is geen gebied 'nergens' in deze gemeente.")]
    assert errors[6] == [("naam", "Vul deze kolom in.")]
    assert not Organisation.objects.exists()


def test_model_rules_are_reported_per_column() -> None:
    OrganisationFactory(kvk_number="11112222")
    data = csv_bytes(
        [*MINIMAL, "kvk_nummer", "postcode", "telefoon", "pitch", "levert_aan_inkopers", "aanbod"],
        ["Nieuw", "company", "bv", "GM0505", "1234", "0311 AB", "12", "Brood", "ja", ""],
    )
    _, plan, _ = upload(data)

    columns = {error.column for error in plan.rows[0].errors}
    assert columns == {"kvk_nummer", "postcode", "telefoon", "aanbod"}


def test_an_unknown_municipality_is_named() -> None:
    _, plan, _ = upload(csv_bytes(MINIMAL, ["A", "company", "bv", "GM9999"]))
    assert plan.rows[0].errors == [
        imports.RowError("gemeente_cbs_code", "Er is geen gemeente met CBS-code 'GM9999'.")
    ]


def test_a_taken_kvk_number_on_an_id_row_is_refused() -> None:
    first = OrganisationFactory(kvk_number="11112222")
    second = OrganisationFactory(kvk_number="33334444")
    data = csv_bytes(
        ["id", "kvk_nummer", *MINIMAL], [str(second.pk), "11112222", "B", "company", "bv", "GM0505"]
    )
    _, plan, _ = upload(data)
    assert [e.column for e in plan.rows[0].errors] == ["kvk_nummer"]
    assert first.kvk_number == "11112222"


def test_an_unknown_id_and_repeated_rows_are_errors() -> None:
    organisation = OrganisationFactory(kvk_number="11112222")
    data = csv_bytes(
        ["id", "kvk_nummer", *MINIMAL],
        ["999999", "", "A", "company", "bv", "GM0505"],
        [str(organisation.pk), "", "B", "company", "bv", "GM0505"],
        [str(organisation.pk), "", "C", "company", "bv", "GM0505"],
        ["", "55556666", "D", "company", "bv", "GM0505"],
        ["", "55556666", "E", "company", "bv", "GM0505"],
    )
    _, plan, _ = upload(data)

    messages = {row.number: [e.message for e in row.errors] for row in plan.rows}
    assert messages[2] == ["Er is geen organisatie met id 999999."]
    assert messages[3] == []
    assert messages[4] == ["Deze organisatie staat ook in rij 3."]
    assert messages[6] == ["Dit KvK-nummer staat ook in rij 5."]


def test_similar_names_in_the_same_municipality_are_shown_as_possible_duplicates() -> None:
    existing = OrganisationFactory(name="Bakkerij De Korenaar B.V.", kvk_number=None)
    OrganisationFactory(name="Bakkerij Korenaar", municipality=municipality("GM0590"))
    data = csv_bytes(
        MINIMAL,
        ["bakkerij korenaar", "company", "bv", "GM0505"],
        ["Stichting Bakkerij Korenaar", "company", "stichting", "GM0505"],
    )
    _, plan, _batch = upload(data)

    assert plan.is_valid  # a possible duplicate is for the person to judge, not an error
    first, second = plan.rows
    assert [(d.organisation_pk, d.reason) for d in first.duplicates] == [
        (existing.pk, "similar_name")
    ]
    assert [d.row_number for d in second.duplicates] == [None, 2]


def test_an_organisation_without_profile_columns_gets_no_profile() -> None:
    user, _plan, batch = upload(csv_bytes(MINIMAL, ["Zonder profiel", "company", "bv", "GM0505"]))
    confirm(user, batch)
    organisation = Organisation.objects.get(name="Zonder profiel")
    assert not ImpactProfile.objects.filter(organisation=organisation).exists()


CP1252 = "naam;soort;rechtsvorm;gemeente_cbs_code\r\nCaf\u00e9;company;bv;GM0505".encode("cp1252")


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "leeg.csv", "Het bestand is leeg"),
        (b"naam;soort;rechtsvorm;gemeente_cbs_code\r\n", "kop.csv", "Het bestand is leeg"),
        (CP1252, "a.csv", "UTF-8"),
        (b"naam;kleur;soort;rechtsvorm;gemeente_cbs_code\r\n", "a.csv", "kolom(men): kleur"),
        (b"naam;soort\r\n", "a.csv", "ontbreken: rechtsvorm, gemeente_cbs_code"),
        (b"%PDF-1.7", "a.pdf", "Kies een CSV-bestand"),
    ],
)  # fmt: skip
def test_a_file_that_cannot_be_read_gets_a_clear_message(
    data: bytes, filename: str, message: str
) -> None:
    _, plan, batch = upload(data, filename=filename)
    assert message in plan.file_error
    assert batch is None


def test_the_confirmation_applies_only_the_stored_file_of_the_same_person() -> None:
    user, _, batch = upload(csv_bytes(MINIMAL, ["A", "company", "bv", "GM0505"]))
    other = UserFactory()

    with pytest.raises(imports.BatchGone):
        confirm(other, batch)
    with pytest.raises(imports.BatchGone):
        confirm(user, batch, sha256="0" * 64)
    ImportBatch.objects.filter(pk=batch.pk).update(content=b"tampered")
    with pytest.raises(imports.BatchGone):
        confirm(user, batch)
    assert not Organisation.objects.exists()


def test_a_batch_is_applied_once() -> None:
    user, _, batch = upload(csv_bytes(MINIMAL, ["A", "company", "bv", "GM0505"]))
    assert confirm(user, batch).status == ImportBatch.Status.APPLIED
    with pytest.raises(imports.BatchGone):
        confirm(user, batch)
    assert Organisation.objects.filter(name="A").count() == 1


def test_a_row_that_no_longer_fits_at_confirmation_writes_nothing() -> None:
    existing = OrganisationFactory(name="Bestaat nog")
    data = csv_bytes(
        ["id", *MINIMAL],
        ["", "Nieuw", "company", "bv", "GM0505"],
        [str(existing.pk), "Bestaat nog", "company", "bv", "GM0505"],
    )
    user, plan, batch = upload(data)
    assert plan.is_valid
    existing.delete()  # meanwhile, someone removes the organisation of row 3

    batch = confirm(user, batch)

    assert batch.status == ImportBatch.Status.FAILED
    assert "(rij 3)" in batch.message
    assert "Er is niets opgeslagen" in batch.message
    assert not Organisation.objects.filter(name="Nieuw").exists()


def test_old_unconfirmed_batches_are_removed_at_the_next_upload() -> None:
    user, _, old = upload(csv_bytes(MINIMAL, ["A", "company", "bv", "GM0505"]))
    ImportBatch.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=2))

    upload(csv_bytes(MINIMAL, ["B", "company", "bv", "GM0505"]), user=user)

    assert not ImportBatch.objects.filter(pk=old.pk).exists()


def test_a_change_to_a_matched_organisation_since_the_check_refuses_the_apply() -> None:
    existing = OrganisationFactory(name="Bakkerij Korenaar", kvk_number="87654321")
    data = csv_bytes(
        [*MINIMAL, "kvk_nummer"],
        ["Nieuw", "company", "bv", "GM0505", ""],
        ["Bakkerij De Korenaar", "company", "bv", "GM0505", "87654321"],
    )
    user, plan, batch = upload(data)
    assert plan.is_valid
    organisation_update(  # meanwhile, the member edits the organisation of row 3
        actor=None, organisation=existing, expected_version=existing.version, city="Zwijndrecht"
    )

    batch = confirm(user, batch)

    assert batch.status == ImportBatch.Status.FAILED
    assert "(rij 3)" in batch.message
    existing.refresh_from_db()
    assert (existing.name, existing.city) == ("Bakkerij Korenaar", "Zwijndrecht")
    assert not Organisation.objects.filter(name="Nieuw").exists()


def test_a_kvk_number_taken_since_the_check_refuses_the_apply() -> None:
    data = csv_bytes([*MINIMAL, "kvk_nummer"], ["Nieuw", "company", "bv", "GM0505", "55556666"])
    user, plan, batch = upload(data)
    assert plan.rows[0].action == "create"
    OrganisationFactory(name="Sneller", kvk_number="55556666")  # registered meanwhile

    batch = confirm(user, batch)

    assert batch.status == ImportBatch.Status.FAILED
    assert "(rij 2)" in batch.message
    assert not Organisation.objects.filter(name="Nieuw").exists()


TWO_NEW_ROWS = csv_bytes(
    [*MINIMAL, "pitch"],
    ["Eerste", "company", "bv", "GM0505", "Een"],
    ["Tweede", "company", "bv", "GM0505", "Twee"],
)


def test_an_organisation_refused_at_apply_time_leaves_nothing_written(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user, _plan, batch = upload(TWO_NEW_ROWS)
    errors = organisation_services.organisation_errors

    def refuse_the_second(organisation):  # type: ignore[no-untyped-def]
        if organisation.name == "Tweede":  # a rule the check did not know yet
            return {"name": ["Deze naam mag niet."]}
        return errors(organisation)

    monkeypatch.setattr(organisation_services, "organisation_errors", refuse_the_second)

    batch = confirm(user, batch)

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message == (
        "Rij 3 kon niet worden opgeslagen: Deze naam mag niet. Er is niets opgeslagen."
    )
    assert not Organisation.objects.exists()
    assert not ImpactProfile.objects.exists()


def test_a_profile_refused_at_apply_time_leaves_nothing_written(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user, _plan, batch = upload(TWO_NEW_ROWS)
    clean = ImpactProfile.clean

    def refuse_the_second(profile):  # type: ignore[no-untyped-def]
        if profile.pitch == "Twee":
            raise ValidationError({"pitch": ["Deze pitch mag niet."]})
        clean(profile)

    monkeypatch.setattr(ImpactProfile, "clean", refuse_the_second)

    batch = confirm(user, batch)

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message == (
        "Rij 3 kon niet worden opgeslagen: Deze pitch mag niet. Er is niets opgeslagen."
    )
    assert not Organisation.objects.exists()  # both were written, and rolled back
    assert not ImpactProfile.objects.exists()


def test_an_unexpected_error_fails_the_apply_with_a_message_and_writes_nothing(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    user, _plan, batch = upload(TWO_NEW_ROWS)
    monkeypatch.setattr(services, "profiles_create", lambda **kwargs: 1 / 0)

    batch = confirm(user, batch)

    assert batch.status == ImportBatch.Status.FAILED
    assert "Er is niets opgeslagen" in batch.message
    assert not Organisation.objects.exists()  # written before the error, and rolled back


def test_a_large_file_is_checked_and_applied_by_the_worker_after_the_commit(
    monkeypatch, django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(imports, "INLINE_ROWS", 1)
    user = UserFactory()
    data = csv_bytes(MINIMAL, ["A", "company", "bv", "GM0505"], ["B", "company", "bv", "GM0505"])

    with django_capture_on_commit_callbacks(execute=True) as queued:
        batch = imports.import_upload(actor=user, data=data, filename="twee.csv")
    assert len(queued) == 1
    batch.refresh_from_db()
    assert (batch.status, batch.valid, batch.row_count) == (ImportBatch.Status.CHECKED, True, 2)
    assert batch.summary == {"create": 2, "update": 0, "unchanged": 0, "errors": 0}

    with django_capture_on_commit_callbacks(execute=False) as queued:
        batch = confirm(user, batch)
    assert batch.status == ImportBatch.Status.APPLYING
    assert not Organisation.objects.exists()
    for callback in queued:
        callback()
    batch.refresh_from_db()
    assert batch.status == ImportBatch.Status.APPLIED
    assert Organisation.objects.count() == 2


def test_a_check_that_breaks_fails_the_batch_with_a_message(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    def broken(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("kapot")

    monkeypatch.setattr(imports, "plan_file", broken)
    _user, _plan, batch = upload(csv_bytes(MINIMAL, ["A", "company", "bv", "GM0505"]))

    assert batch.status == ImportBatch.Status.FAILED
    assert batch.message == "De controle van het bestand is mislukt. Er is niets opgeslagen."
