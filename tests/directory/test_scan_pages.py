"""The impact scan page: members take the scan and see their result; staff may look at it.

The form shows the 22 questions grouped by area, each answered 0-4 with its label or "not
applicable". A missing answer is named in the error summary, nothing is saved and the other
answers stay. A saved scan shows its level, a bar chart per area with the same figures in a table,
what the top level asks, and the history of every scan; a new scan keeps the earlier ones.
Visitors are sent to the login page; members of other organisations get 403; staff with the
permission to view scans see them without the form.
"""

import re

from django.test import Client
from django.urls import reverse

import pytest
import time_machine

from impactplein.directory import scan
from impactplein.directory.models import ImpactScan
from impactplein.directory.services import scan_record
from tests.directory.factories import OrganisationFactory, UserFactory, answers, grant, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Fietsfabriek Dordt")


@pytest.fixture
def member_client(client: Client, organisation) -> Client:
    client.force_login(member(organisation))
    return client


def scan_url(organisation) -> str:
    return reverse("directory:scan", kwargs={"organisation_pk": organisation.pk})


def post_data(values: dict[int, int | None]) -> dict[str, str]:
    return {f"q{n}": "nvt" if v is None else str(v) for n, v in values.items()}


def test_the_form_groups_the_22_questions_by_area(member_client: Client, organisation) -> None:
    html = member_client.get(scan_url(organisation)).content.decode()
    legends = re.findall(r'<legend[^>]*><h3 class="utrecht-heading-3">(.*?)</h3></legend>', html)
    assert legends == [
        "Missie &amp; bestuur",
        "Mens &amp; werk",
        "Samenleving &amp; regio",
        "Milieu &amp; klimaat",
        "Product &amp; klant",
    ]
    for question in scan.QUESTIONS:
        assert f'name="q{question.number}"' in html
    radios = re.findall(r'<input type="radio" name="q1" value="(\w+)"', html)
    assert radios == ["0", "1", "2", "3", "4", "nvt"]
    for label in (
        "0 – nee, nog niet",
        "4 – doel gehaald en extern getoetst",
        "niet van toepassing",
    ):
        assert label in html
    assert "nog niet ingevuld" in html


def test_a_member_saves_a_scan_and_sees_the_result(member_client: Client, organisation) -> None:
    values = answers(3, q15=None, q16=None, q17=None, q18=None)
    response = member_client.post(scan_url(organisation), post_data(values))

    assert response.status_code == 302
    assert response["Location"] == scan_url(organisation) + "#resultaat"
    record = ImpactScan.objects.get(organisation=organisation)
    assert record.answers_by_number[15] is None
    assert record.answers_by_number[1] == 3
    html = member_client.get(response["Location"]).content.decode()
    assert "Uw impactscan is opgeslagen." in html
    assert "Niveau <strong>Koploper</strong>, totaalscore 75,0 van 100" in html
    chart = re.search(r'<svg[^>]*role="img".*?</svg>', html, re.S).group(0)
    assert 'aria-labelledby="scan-result-chart-title scan-result-chart-desc"' in chart
    table = re.search(r"<caption[^>]*>Score per onderdeel.*?</table>", html, re.S).group(0)
    assert re.search(r"Missie &amp; bestuur</th>\s*<td[^>]*>75,0</td>", table)
    assert re.search(r"Milieu &amp; klimaat</th>\s*<td[^>]*>niet van toepassing</td>", table)
    assert "in elk onderdeel dat van toepassing is minstens 40,0" in html


def test_a_missing_answer_is_named_and_nothing_is_saved(
    member_client: Client, organisation
) -> None:
    values = post_data(answers(2))
    del values["q7"]
    values["q1"] = "4"
    response = member_client.post(scan_url(organisation), values)

    assert response.status_code == 400
    assert not ImpactScan.objects.exists()
    html = response.content.decode()
    summary = html[html.index("impactplein-error-summary") :]
    assert 'href="#id_q7_0"' in summary
    assert "7. We bieden leerwerkplekken" in summary
    assert "Kies een antwoord bij deze vraag." in summary
    # The answers given stay chosen.
    assert re.search(r'name="q1" value="4"[^>]*checked', html)


def test_an_answer_outside_the_scale_is_refused(member_client: Client, organisation) -> None:
    values = post_data(answers(2)) | {"q3": "5"}
    response = member_client.post(scan_url(organisation), values)
    assert response.status_code == 400
    assert "Kies een van de antwoorden bij deze vraag." in response.content.decode()
    assert not ImpactScan.objects.exists()


def test_a_new_scan_keeps_the_history(member_client: Client, organisation) -> None:
    with time_machine.travel("2025-11-03 10:00 +01:00"):
        scan_record(actor=None, organisation=organisation, answers=answers(1))
    with time_machine.travel("2026-02-14 10:00 +01:00"):
        member_client.post(scan_url(organisation), post_data(answers(3)))

    assert ImpactScan.objects.filter(organisation=organisation).count() == 2
    html = member_client.get(scan_url(organisation)).content.decode()
    history = re.search(r'id="history-caption".*?</table>', html, re.S).group(0)
    rows = re.findall(r"<tr class=\"utrecht-table__row\">(.*?)</tr>", history, re.S)[1:]
    assert len(rows) == 2
    assert "14 februari 2026" in rows[0]
    assert "Koploper" in rows[0]
    assert "3 november 2025" in rows[1]
    assert "Starter" in rows[1]
    assert "25,0" in rows[1]
    # With two scans the total over time is drawn as well.
    assert "Totaalscore per impactscan" in html


def test_the_form_starts_from_the_previous_answers(member_client: Client, organisation) -> None:
    scan_record(actor=None, organisation=organisation, answers=answers(2, q9=4, q10=None))
    html = member_client.get(scan_url(organisation)).content.decode()
    assert re.search(r'name="q9" value="4"[^>]*checked', html)
    assert re.search(r'name="q10" value="nvt"[^>]*checked', html)
    assert "De scan opnieuw invullen" in html


def test_a_visitor_is_sent_to_the_login_page(client: Client, organisation) -> None:
    response = client.get(scan_url(organisation))
    assert response.status_code == 302
    assert "/account/login/" in response["Location"]


def test_a_member_of_another_organisation_may_not_see_or_take_it(
    client: Client, organisation
) -> None:
    scan_record(actor=None, organisation=organisation, answers=answers(2))
    client.force_login(member(OrganisationFactory()))
    assert client.get(scan_url(organisation)).status_code == 403
    assert client.post(scan_url(organisation), post_data(answers(4))).status_code == 403
    assert ImpactScan.objects.count() == 1


def test_staff_who_may_view_scans_see_the_result_but_no_form(client: Client, organisation) -> None:
    scan_record(actor=None, organisation=organisation, answers=answers(2))
    client.force_login(grant(UserFactory(), "directory.view_impactscan"))
    response = client.get(scan_url(organisation))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Niveau <strong>Op weg</strong>" in html
    assert 'name="q1"' not in html
    assert client.post(scan_url(organisation), post_data(answers(4))).status_code == 403
    assert ImpactScan.objects.count() == 1


def test_an_unknown_organisation_is_not_found(member_client: Client) -> None:
    assert member_client.get("/etalage/999999/impactscan/").status_code == 404


def test_the_questions_are_in_english_when_chosen(member_client: Client, organisation) -> None:
    member_client.cookies["django_language"] = "en"
    html = member_client.get(scan_url(organisation)).content.decode()
    assert "Mission &amp; governance" in html
    assert "1. Our social or ecological mission is written down" in html
    assert "0 – no, not yet" in html
    assert "not applicable" in html
    assert "Save the scan and see the result" in html
