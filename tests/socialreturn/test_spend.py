"""Buy Social spend: an all-or-nothing import with Dutch messages per row, matched by KvK number,
and the share spent with social enterprises and PSO-certified suppliers on the period's end."""

import io
from datetime import date
from decimal import Decimal

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

import pytest
from openpyxl import Workbook, load_workbook

from impactplein.directory.constants import CertificationKind
from impactplein.organisations.constants import OrganisationKind
from impactplein.socialreturn.models import SpendImport, SpendLine
from impactplein.socialreturn.selectors.spend import buy_social_share
from impactplein.socialreturn.services.spend import parse_amount, spend_import_create
from tests.directory.factories import certification
from tests.organisations.factories import OrganisationFactory, UserFactory
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _officer_client() -> Client:
    client = Client()
    client.force_login(factories.officer())
    return client


def _csv(*rows: str) -> SimpleUploadedFile:
    text = "\n".join(["kvk_nummer;naam;bedrag", *rows]) + "\n"
    return SimpleUploadedFile("uitgaven.csv", text.encode(), content_type="text/csv")


def _upload(client: Client, file: SimpleUploadedFile, **fields: str):
    data = {
        "label": "Inkoop 2025",
        "period_start": "2025-01-01",
        "period_end": "2025-12-31",
        "file": file,
        **fields,
    }
    return client.post(reverse("socialreturn:spend_import"), data)


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1234,56", Decimal("1234.56")),
        ("1.234,56", Decimal("1234.56")),
        ("€ 1 234,56", Decimal("1234.56")),
        ("1234.56", Decimal("1234.56")),
        ("1,234.56", Decimal("1234.56")),
        ("1.234", Decimal("1234")),
        ("12000", Decimal("12000")),
        ("-5", Decimal("-5")),
        ("veel", None),
        ("1,2,3.4.5", None),
    ],
)
def test_amounts_as_dutch_and_english_files_write_them(text: str, value: Decimal | None) -> None:
    assert parse_amount(text) == value


def test_a_file_with_bad_rows_is_refused_whole_with_a_dutch_message_per_row() -> None:
    client = _officer_client()

    response = _upload(
        client,
        _csv(
            "12345678;Goede Leverancier BV;1000,00",
            "1234;Te kort;500",
            "23456789;Geen bedrag;veel",
            "34567890;Min;-20",
            "12345678;Dubbel;10",
        ),
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "4 rijen kloppen niet" in html
    assert "&#x27;1234&#x27; is geen KvK-nummer" in html
    assert "&#x27;veel&#x27; is geen bedrag" in html
    assert "Het bedrag -20 is negatief" in html
    assert "KvK-nummer 12345678 staat ook in rij 2" in html
    assert 'data-row="3"' in html
    assert "Importeren bevestigen" not in html
    assert not SpendImport.objects.exists()
    assert not SpendLine.objects.exists()


def test_a_good_file_is_shown_first_and_saved_on_confirmation_matched_by_kvk() -> None:
    known = OrganisationFactory(kvk_number="12345678", name="Werkbedrijf Drechtsteden")
    client = _officer_client()

    preview = _upload(client, _csv("12345678;Werkbedrijf;1.000,50", "87654321;Onbekend BV;250"))

    assert preview.status_code == 200
    assert "Werkbedrijf Drechtsteden" in preview.content.decode()
    assert "niet gevonden in de etalage" in preview.content.decode()
    assert not SpendImport.objects.exists()  # nothing yet
    token = client.session["socialreturn_spend_import"]["token"]

    done = client.post(reverse("socialreturn:spend_import"), {"token": token})

    spend_import = SpendImport.objects.get()
    assert done.status_code == 302
    assert done["Location"].endswith(f"?periode={spend_import.pk}")
    assert spend_import.label == "Inkoop 2025"
    assert spend_import.period_end == date(2025, 12, 31)
    lines = {line.kvk_number: line for line in spend_import.lines.all()}
    assert lines["12345678"].organisation == known
    assert lines["12345678"].amount == Decimal("1000.50")
    assert lines["87654321"].organisation is None
    # A second confirmation of the same token writes nothing again.
    client.post(reverse("socialreturn:spend_import"), {"token": token})
    assert SpendImport.objects.count() == 1


def test_an_excel_file_is_read_too() -> None:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["kvk_nummer", "naam", "bedrag"])
    sheet.append(["12345678", "Leverancier", 1234.5])
    buffer = io.BytesIO()
    workbook.save(buffer)
    file = SimpleUploadedFile("uitgaven.xlsx", buffer.getvalue())

    response = _upload(_officer_client(), file)

    assert response.status_code == 200
    assert "1.234,50" in response.content.decode()


def test_a_period_that_ends_before_it_starts_is_refused() -> None:
    response = _upload(_officer_client(), _csv("12345678;X;1"), period_end="2024-12-31")

    assert response.status_code == 400
    assert "De periode eindigt voor ze begint" in response.content.decode()


def _spend(lines: list[tuple[str, str]], period_end: date = date(2025, 12, 31)) -> SpendImport:
    return spend_import_create(
        actor=None,
        label=f"Periode tot {period_end}",
        period_start=date(period_end.year, 1, 1),
        period_end=period_end,
        file_name="uitgaven.csv",
        lines=[[str(i + 2), kvk, "", amount] for i, (kvk, amount) in enumerate(lines)],
    )


def test_the_shares_count_social_enterprises_and_pso_on_the_period_end() -> None:
    OrganisationFactory(kvk_number="11111111", kind=OrganisationKind.SOCIAL_ENTERPRISE)
    code = OrganisationFactory(kvk_number="22222222")
    certification(
        code,
        kind=CertificationKind.CODE_SOCIALE_ONDERNEMINGEN,
        valid_from=date(2025, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    expired = OrganisationFactory(kvk_number="33333333")
    certification(
        expired,
        kind=CertificationKind.SOCIAL_ENTERPRISE_NL,
        valid_from=date(2024, 1, 1),
        valid_until=date(2025, 6, 30),
    )
    pso = OrganisationFactory(kvk_number="44444444")
    certification(
        pso,
        kind=CertificationKind.PSO,
        level="trede_2",
        valid_from=date(2025, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    aspirant = OrganisationFactory(kvk_number="55555555")
    certification(
        aspirant,
        kind=CertificationKind.PSO,
        level="aspirant",
        valid_from=date(2025, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    _spend(
        [
            ("11111111", "1000"),
            ("22222222", "2000"),
            ("33333333", "3000"),
            ("44444444", "1000"),
            ("55555555", "1000"),
            ("99999999", "2000"),  # not in the directory
        ]
    )

    share = buy_social_share(date(2025, 1, 1), date(2025, 12, 31))

    assert share.figures.total == Decimal("10000")
    assert share.figures.social_enterprise == Decimal("3000")  # by kind and the Code register
    assert share.figures.social_enterprise_share == Decimal("30.0")
    assert share.figures.pso == Decimal("1000")  # trede 2; not the aspirant
    assert share.figures.pso_share == Decimal("10.0")
    assert share.figures.unmatched_suppliers == 1
    assert buy_social_share(date(2026, 1, 1), date(2026, 12, 31)).figures.total == 0


def test_the_overview_and_its_export_show_the_same_figures() -> None:
    OrganisationFactory(kvk_number="11111111", kind=OrganisationKind.SOCIAL_ENTERPRISE)
    _spend([("11111111", "250"), ("99999999", "750")], period_end=date(2024, 12, 31))
    latest = _spend([("11111111", "400"), ("99999999", "600")])
    client = _officer_client()

    page = client.get(reverse("socialreturn:spend"))
    export = client.get(reverse("socialreturn:spend_export"), {"periode": latest.pk})

    html = page.content.decode()
    assert page.status_code == 200
    assert "€ 1.000" in html
    assert "40,0%" in html  # the latest period's share, in the table and the chart's table
    assert "25,0%" in html  # the earlier period
    assert "99999999" in html  # the unmatched KvK number is listed
    sheets = load_workbook(io.BytesIO(export.content), read_only=True)
    periods = list(sheets["Perioden"].values)
    assert periods[1][0] == latest.label
    assert periods[1][3:6] == (1000, 400, Decimal("40.0")) or periods[1][3:6] == (1000, 400, 40)
    suppliers = list(sheets["Leveranciers"].values)
    assert [row[0] for row in suppliers[1:]] == ["99999999", "11111111"]


def test_spend_pages_need_their_permissions() -> None:
    contract = factories.contract()
    outsider = Client()
    outsider.force_login(factories.supplier_member(contract))
    nobody = Client()
    nobody.force_login(UserFactory())

    for url in ("socialreturn:spend", "socialreturn:spend_import", "socialreturn:spend_export"):
        assert outsider.get(reverse(url)).status_code == 403
        assert nobody.get(reverse(url)).status_code == 403
        assert Client().get(reverse(url)).status_code == 302
    overleg = Client()
    overleg.force_login(factories.user_with_role("overlegtafel-member"))
    assert overleg.get(reverse("socialreturn:spend")).status_code == 403
