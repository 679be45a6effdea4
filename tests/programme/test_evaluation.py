"""The yearly evaluation.

Per objective the evaluation shows the weighted progress of its activities and its KPIs against
the year's targets, read live while it is open (the same numbers as the KPI pages) and kept as
they stood when it closes. The coordinator writes a narrative and a decision per objective
(continue, adjust, stop); closing needs a decision for every objective and drafts next year's
programme from the open activities, leaving out those of stopped objectives. Stale writes are
refused and keep the author's text; a closed evaluation no longer changes.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest
from bs4 import BeautifulSoup

from impactplein.accounts.services import user_grant_role
from impactplein.directory.services import profile_publish
from impactplein.programme import services
from impactplein.programme.constants import ActivityStatus, ProgrammeStatus
from impactplein.programme.models import (
    ActionProgramme,
    EvaluationDecision,
    EvaluationStatus,
    KpiUnit,
    ObjectiveEvaluation,
    YearEvaluation,
)
from impactplein.programme.selectors.evaluation import evaluation_results
from impactplein.programme.services import evaluation as writes
from impactplein.programme.services import kpis as kpi_services
from tests.directory.factories import profile
from tests.programme.factories import UserFactory, activity, member, setup

pytestmark = pytest.mark.django_db

YEAR = date.today().year
CONTINUE, ADJUST, STOP = (
    EvaluationDecision.CONTINUE,
    EvaluationDecision.ADJUST,
    EvaluationDecision.STOP,
)


@pytest.fixture(autouse=True)
def _no_mfa(settings) -> None:  # type: ignore[no-untyped-def]
    settings.STAFF_MFA_REQUIRED = False


@pytest.fixture
def made():  # type: ignore[no-untyped-def]
    """This year's adopted programme (the partnership began last year) with three activities:
    a running and a done one under O1, a planned one under O4; a computed KPI on O1 and a
    manual KPI on O4, each with a target for this year."""
    made = setup(start_year=YEAR - 1, year=YEAR)
    activity(made, title="Etalage bouwen", status=ActivityStatus.RUNNING, progress=60)
    activity(made, title="Lancering", status=ActivityStatus.DONE, progress=100, weight=Decimal(3))
    activity(
        made,
        title="Werkgeversontbijt",
        objective=made.objectives["O4"],
        partner=made.partners["WSP"],
        status=ActivityStatus.PLANNED,
        progress=0,
    )
    services.programme_adopt(
        actor=None, programme=made.programme, expected_version=made.programme.version
    )
    made.programme.refresh_from_db()
    made.published = kpi_services.kpi_definition_create(
        actor=None,
        objective=made.objectives["O1"],
        name="Impactondernemers in de etalage",
        unit=KpiUnit.COUNT,
        source_key="directory.published_profiles",
    )
    made.placements = kpi_services.kpi_definition_create(
        actor=None, objective=made.objectives["O4"], name="Plaatsingen", unit=KpiUnit.COUNT
    )
    for definition, target in ((made.published, "2"), (made.placements, "10")):
        kpi_services.kpi_target_set(
            actor=None, definition=definition, year=YEAR, value=Decimal(target)
        )
    kpi_services.kpi_value_add(
        actor=None, definition=made.placements, date=date.today(), value=Decimal("12")
    )
    return made


def publish_profile() -> None:
    today = date.today()
    profile_publish(
        actor=None,
        profile=profile(),
        published_at=datetime(today.year, today.month, today.day, 9, tzinfo=UTC),
    )


def decide(evaluation, objective, decision, *, adjustment=""):  # type: ignore[no-untyped-def]
    row = ObjectiveEvaluation.objects.get(evaluation=evaluation, objective=objective)
    return writes.objective_evaluation_update(
        actor=None,
        evaluation=evaluation,
        objective=objective,
        expected_version=row.version,
        narrative=f"Wat er met {objective.code} gebeurde.",
        decision=decision,
        adjustment=adjustment,
    )


def close(evaluation):  # type: ignore[no-untyped-def]
    evaluation.refresh_from_db()
    return writes.evaluation_close(
        actor=None, evaluation=evaluation, expected_version=evaluation.version
    )


def results_by_code(made, evaluation):  # type: ignore[no-untyped-def]
    results = evaluation_results(programme=made.programme, evaluation=evaluation)
    return {result.objective.code: result for result in results.objectives}


def with_role(slug: str):  # type: ignore[no-untyped-def]
    user = UserFactory()
    user_grant_role(user=user, role_slug=slug)
    return type(user).objects.get(pk=user.pk)


def soup(response) -> BeautifulSoup:  # type: ignore[no-untyped-def]
    return BeautifulSoup(response.content.decode(), "html.parser")


# --- starting --------------------------------------------------------------------------------


def test_the_evaluation_starts_with_a_row_per_objective_and_only_once(made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    assert evaluation.status == EvaluationStatus.OPEN
    assert sorted(evaluation.objectives.values_list("objective__code", flat=True)) == ["O1", "O4"]
    with pytest.raises(ValidationError, match="al begonnen"):
        writes.evaluation_start(actor=None, programme=made.programme)
    assert YearEvaluation.objects.count() == 1


def test_a_draft_programme_is_not_evaluated(made) -> None:  # type: ignore[no-untyped-def]
    draft = services.programme_for_next_year(
        actor=None, partnership=made.partnership, year=YEAR + 1
    )
    with pytest.raises(ValidationError, match="concept"):
        writes.evaluation_start(actor=None, programme=draft)
    assert not YearEvaluation.objects.exists()


# --- results -----------------------------------------------------------------------------------


def test_the_results_are_the_programmes_progress_and_the_kpis_against_targets(made) -> None:  # type: ignore[no-untyped-def]
    publish_profile()
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    results = results_by_code(made, evaluation)
    # O1: (60 × 1 + 100 × 3) / 4 = 90
    assert results["O1"].progress == Decimal("90.0")
    assert (results["O1"].activities, results["O1"].open_activities) == (2, 1)
    published = results["O1"].kpis[0]
    assert (published.value, published.target, published.met) == (Decimal("1.00"), 2, False)
    placements = results["O4"].kpis[0]
    assert (placements.value, placements.met) == (Decimal("12.00"), True)
    # An open evaluation follows the data.
    publish_profile()
    assert results_by_code(made, evaluation)["O1"].kpis[0].met is True


# --- writing per objective --------------------------------------------------------------------


def test_adjusting_needs_what_changes_and_a_decision_needs_a_narrative(made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    objective = made.objectives["O1"]
    with pytest.raises(ValidationError) as refused:
        writes.objective_evaluation_update(
            actor=None,
            evaluation=evaluation,
            objective=objective,
            expected_version=1,
            narrative="",
            decision=ADJUST,
        )
    assert set(refused.value.message_dict) == {"adjustment", "narrative"}
    row = ObjectiveEvaluation.objects.get(evaluation=evaluation, objective=objective)
    assert (row.decision, row.version) == ("", 1)
    decided = decide(evaluation, objective, ADJUST, adjustment="Meer bedrijven uit Zwijndrecht.")
    assert (decided.decision, decided.adjustment, decided.version) == (
        ADJUST,
        "Meer bedrijven uit Zwijndrecht.",
        2,
    )
    # Continuing drops what was to change; the history keeps it.
    assert decide(evaluation, objective, CONTINUE).adjustment == ""
    assert row.history.count() == 3


def test_a_stale_write_changes_nothing(made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    objective = made.objectives["O4"]
    decide(evaluation, objective, CONTINUE)
    with pytest.raises(writes.StaleEvaluationError) as refused:
        writes.objective_evaluation_update(
            actor=None,
            evaluation=evaluation,
            objective=objective,
            expected_version=1,
            narrative="Mijn oudere tekst",
            decision=STOP,
        )
    assert refused.value.current.decision == CONTINUE
    assert ObjectiveEvaluation.objects.get(objective=objective).decision == CONTINUE
    writes.evaluation_summary_update(
        actor=None, evaluation=evaluation, expected_version=1, summary="Een goed jaar."
    )
    with pytest.raises(writes.StaleEvaluationError):
        writes.evaluation_summary_update(
            actor=None, evaluation=evaluation, expected_version=1, summary="Een slecht jaar."
        )
    evaluation.refresh_from_db()
    assert evaluation.summary == "Een goed jaar."


def test_an_objective_added_later_gets_its_row_and_needs_a_decision(made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    later = services.objective_add(
        actor=None,
        partnership=made.partnership,
        code="O5",
        title="Verantwoording",
        order=5,
        shared_by_all=True,
    )
    decide(evaluation, made.objectives["O1"], CONTINUE)
    decide(evaluation, made.objectives["O4"], CONTINUE)
    with pytest.raises(ValidationError, match="O5"):
        close(evaluation)
    writes.objective_evaluation_update(
        actor=None,
        evaluation=evaluation,
        objective=later,
        expected_version=1,
        narrative="Nieuw doel.",
        decision=CONTINUE,
    )
    assert close(evaluation).is_closed


# --- closing -----------------------------------------------------------------------------------


def test_closing_is_refused_while_an_objective_is_undecided(made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    decide(evaluation, made.objectives["O4"], CONTINUE)
    with pytest.raises(ValidationError) as refused:
        close(evaluation)
    assert "O1" in refused.value.messages[0]
    assert "O4" not in refused.value.messages[0]
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.OPEN
    assert not ActionProgramme.objects.filter(year=YEAR + 1).exists()


def test_closing_drafts_next_year_without_the_stopped_objectives_activities(made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    decide(evaluation, made.objectives["O1"], ADJUST, adjustment="Ook de regio.")
    decide(evaluation, made.objectives["O4"], STOP)
    closed = close(evaluation)
    assert closed.status == EvaluationStatus.CLOSED
    assert closed.closed_on == date.today()
    draft = closed.next_programme
    assert (draft.year, draft.status) == (YEAR + 1, ProgrammeStatus.DRAFT)
    # The running O1 activity carries over; the done one and O4's planned one stay behind.
    assert list(draft.activities.values_list("title", flat=True)) == ["Etalage bouwen"]


def test_closing_links_a_programme_that_already_exists_without_changing_it(made) -> None:  # type: ignore[no-untyped-def]
    existing = services.programme_for_next_year(
        actor=None, partnership=made.partnership, year=YEAR + 1
    )
    titles = sorted(existing.activities.values_list("title", flat=True))
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    decide(evaluation, made.objectives["O1"], CONTINUE)
    decide(evaluation, made.objectives["O4"], STOP)
    closed = close(evaluation)
    assert closed.next_programme == existing
    assert sorted(existing.activities.values_list("title", flat=True)) == titles


def test_the_last_year_of_the_partnership_closes_without_a_next_programme() -> None:
    made = setup(start_year=YEAR - 4, year=YEAR)  # five years: this one is the last
    activity(made, status=ActivityStatus.RUNNING)
    services.programme_adopt(actor=None, programme=made.programme, expected_version=1)
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    for objective in made.objectives.values():
        decide(evaluation, objective, CONTINUE)
    closed = close(evaluation)
    assert closed.is_closed
    assert closed.next_programme is None
    assert not ActionProgramme.objects.filter(year=YEAR + 1).exists()


def test_a_closed_evaluation_keeps_its_figures_and_refuses_changes(made) -> None:  # type: ignore[no-untyped-def]
    publish_profile()
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    for objective in made.objectives.values():
        decide(evaluation, objective, CONTINUE)
    close(evaluation)
    # The data moves on after closing ...
    publish_profile()
    first = made.programme.activities.get(title="Etalage bouwen")
    services.activity_update(
        actor=None, activity=first, expected_version=first.version, progress=100
    )
    evaluation.refresh_from_db()
    results = results_by_code(made, evaluation)
    # ... the closed evaluation does not.
    assert results["O1"].progress == Decimal("90.0")
    assert (results["O1"].kpis[0].value, results["O1"].kpis[0].met) == (Decimal("1.00"), False)
    assert results["O4"].kpis[0].value == Decimal("12.00")
    with pytest.raises(ValidationError, match="afgesloten"):
        decide(evaluation, made.objectives["O1"], STOP)
    with pytest.raises(ValidationError, match="afgesloten"):
        writes.evaluation_summary_update(
            actor=None, evaluation=evaluation, expected_version=evaluation.version, summary="x"
        )


def test_a_stale_close_is_refused(made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    for objective in made.objectives.values():
        decide(evaluation, objective, CONTINUE)
    writes.evaluation_summary_update(
        actor=None, evaluation=evaluation, expected_version=1, summary="Samengevat."
    )
    with pytest.raises(writes.StaleEvaluationError):
        writes.evaluation_close(actor=None, evaluation=evaluation, expected_version=1)
    evaluation.refresh_from_db()
    assert evaluation.status == EvaluationStatus.OPEN


# --- pages -------------------------------------------------------------------------------------


def test_the_coordinator_runs_the_evaluation_on_its_pages(client, made) -> None:  # type: ignore[no-untyped-def]
    coordinator = with_role("programme-coordinator")
    client.force_login(coordinator)
    url = f"/programma/{YEAR}/evaluatie/"
    page = soup(client.get(url))
    assert page.find("button", string="Evaluatie beginnen")
    assert client.post(url).status_code == 302
    evaluation = YearEvaluation.objects.get()
    o1 = made.objectives["O1"]
    form_url = f"{url}doel/{o1.pk}/"
    refused = client.post(form_url, {"narrative": "", "decision": ADJUST, "version": "1"})
    assert refused.status_code == 400
    assert "Schrijf bij bijstellen wat er het volgende jaar verandert." in refused.content.decode()
    saved = client.post(
        form_url,
        {
            "narrative": "De etalage staat.",
            "decision": ADJUST,
            "adjustment": "Regio erbij.",
            "version": "1",
        },
    )
    assert saved.status_code == 302
    assert saved["Location"].endswith("#doel-o1")
    o4 = made.objectives["O4"]
    client.post(
        f"{url}doel/{o4.pk}/", {"narrative": "Geen plaatsingen.", "decision": STOP, "version": "1"}
    )
    page = soup(client.get(url))
    assert page.select_one("[data-decision='adjust']")
    assert "Regio erbij." in page.get_text()
    confirm = soup(client.get(f"{url}afsluiten/"))
    note = confirm.select_one("#next-programme-note").get_text(" ", strip=True)
    assert f"concept-actieprogramma {YEAR + 1}" in note
    assert "1 open activiteit" in note
    done = client.post(
        f"{url}afsluiten/",
        {"closed_on": date.today().isoformat(), "version": str(evaluation.version)},
    )
    assert done.status_code == 302
    assert done["Location"] == f"/programma/{YEAR + 1}/"
    assert "Afgesloten op" in client.get(url).content.decode()
    # Closed: the forms answer with a message, not a change.
    after = client.post(form_url, {"narrative": "Later", "decision": STOP, "version": "3"})
    assert after.status_code == 302
    assert ObjectiveEvaluation.objects.get(objective=o1).decision == ADJUST


def test_a_stale_form_keeps_the_authors_text_and_shows_what_was_saved(client, made) -> None:  # type: ignore[no-untyped-def]
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    decide(evaluation, made.objectives["O1"], CONTINUE)  # someone else saved meanwhile
    client.force_login(with_role("programme-coordinator"))
    response = client.post(
        f"/programma/{YEAR}/evaluatie/doel/{made.objectives['O1'].pk}/",
        {"narrative": "Mijn lange verhaal", "decision": STOP, "version": "1"},
    )
    assert response.status_code == 409
    page = soup(response)
    assert page.find("textarea", {"name": "narrative"}).get_text().strip() == "Mijn lange verhaal"
    assert page.find("input", {"name": "version"})["value"] == "2"
    assert "Wat er met O1 gebeurde." in page.select_one("#saved-text").get_text()
    assert ObjectiveEvaluation.objects.get(objective=made.objectives["O1"]).decision == CONTINUE


def test_the_evaluation_shows_the_same_kpi_value_as_the_kpi_list(client, made) -> None:  # type: ignore[no-untyped-def]
    publish_profile()
    client.force_login(with_role("overlegtafel-member"))
    listed = soup(client.get(f"/programma/kpis/?jaar={YEAR}"))
    on_list = listed.select_one(f"#kpi-row-{made.published.pk} [data-kpi-value]").get_text()
    evaluation = soup(client.get(f"/programma/{YEAR}/evaluatie/"))
    shown = [cell.get_text() for cell in evaluation.select("[data-evaluation-value]")]
    assert on_list in shown
    assert on_list.strip() == "1"


def test_who_reads_and_who_writes(client, made) -> None:  # type: ignore[no-untyped-def]
    writes.evaluation_start(actor=None, programme=made.programme)
    url = f"/programma/{YEAR}/evaluatie/"
    o1 = made.objectives["O1"].pk
    for reader in (
        with_role("overlegtafel-member"),
        member(made.partners["WSP"].organisation),
    ):
        client.force_login(reader)
        page = client.get(url)
        assert page.status_code == 200
        assert "Samenvatting schrijven" not in page.content.decode()
        assert client.get(f"{url}doel/{o1}/").status_code == 403
        assert client.get(f"{url}afsluiten/").status_code == 403
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_evaluation_in_english(client, made) -> None:  # type: ignore[no-untyped-def]
    writes.evaluation_start(actor=None, programme=made.programme)
    client.force_login(with_role("programme-coordinator"))
    client.cookies["django_language"] = "en"
    page = client.get(f"/programma/{YEAR}/evaluatie/").content.decode()
    assert f"Annual evaluation {YEAR}" in page
    assert "No decision yet" in page


def test_the_evaluation_as_pdf_reads_back_with_decisions_and_kept_figures(client, made) -> None:  # type: ignore[no-untyped-def]
    import io

    from pypdf import PdfReader

    publish_profile()
    evaluation = writes.evaluation_start(actor=None, programme=made.programme)
    decide(evaluation, made.objectives["O1"], ADJUST, adjustment="Ook de regio erbij.")
    decide(evaluation, made.objectives["O4"], STOP)
    close(evaluation)
    publish_profile()  # after closing: the PDF keeps the figure of the day it closed
    client.force_login(with_role("overlegtafel-member"))
    page = soup(client.get(f"/programma/{YEAR}/evaluatie/"))
    href = page.select_one("[data-evaluation-pdf]")["href"]
    response = client.get(href)
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    for expected in (
        f"Jaarevaluatie {YEAR}",
        "Afgesloten op",
        "O1 Zichtbaarheid",
        "Bijstellen",
        "Stoppen",
        "Ook de regio erbij.",
        "Wat er met O4 gebeurde.",
        "Impactondernemers in de etalage 1 2 nog niet gehaald",
    ):
        assert expected in text, expected
    client.force_login(UserFactory())
    assert client.get(href).status_code == 403
    assert client.get(f"/rapportages/jaarevaluatie-{YEAR + 5}.pdf").status_code in (403, 404)


def test_beginning_twice_at_the_same_moment_is_answered_not_crashed(made) -> None:  # type: ignore[no-untyped-def]
    from unittest import mock

    first = writes.evaluation_start(actor=None, programme=made.programme)
    # The second request read "no evaluation yet" before the first one committed.
    with (
        mock.patch.object(
            YearEvaluation.objects, "filter", return_value=YearEvaluation.objects.none()
        ),
        pytest.raises(ValidationError, match="al begonnen"),
    ):
        writes.evaluation_start(actor=None, programme=made.programme)
    assert list(YearEvaluation.objects.all()) == [first]
