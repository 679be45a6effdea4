"""The directory is written only through its services, which keep the records whole.

An organisation has one impact profile; an edit on an older version is refused with the current
profile and changes nothing; every change is in the history with its author. A scan is stored with
the result the scoring computes and the weights it used; a new scan keeps the earlier ones; bad
answers are refused naming the question. A certification's status follows the calendar, and only
someone with the verification permission can verify it, and is then recorded as the verifier.
"""

from datetime import date, timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError

import pytest
import time_machine

from impactplein.core.models import SDG, Theme
from impactplein.directory import scan, selectors
from impactplein.directory.certifications import Status
from impactplein.directory.constants import CertificationKind, ImpactModel, ScanLevel
from impactplein.directory.models import Certification, ImpactProfile, ImpactScan
from impactplein.directory.services import (
    StaleProfileError,
    certification_verify,
    profile_create,
    profile_update,
    scan_record,
)
from tests.directory.factories import (
    OrganisationFactory,
    UserFactory,
    answers,
    certification,
    grant,
    member,
    profile,
)

pytestmark = pytest.mark.django_db


def test_profile_created_as_draft_with_themes_and_history():
    organisation = OrganisationFactory()
    author = member(organisation)
    theme = Theme.objects.first()
    sdg = SDG.objects.get(number=8)
    created = profile_create(
        actor=author,
        organisation=organisation,
        pitch="  Werk voor iedereen.  ",
        impact_models=[ImpactModel.EMPLOYMENT, ImpactModel.COMMUNITY],
        themes=[theme],
        sdgs=[sdg],
    )
    assert created.status == "draft"
    assert created.version == 1
    assert created.pitch == "Werk voor iedereen."
    assert list(created.themes.all()) == [theme]
    assert list(created.sdgs.all()) == [sdg]
    assert created.history.get().history_user == author


def test_second_profile_for_an_organisation_refused():
    existing = profile()
    with pytest.raises(ValidationError, match="al een impactprofiel"):
        profile(existing.organisation)
    assert ImpactProfile.objects.count() == 1


def test_update_raises_version_and_records_author():
    record = profile()
    editor = member(record.organisation)
    saved = profile_update(
        actor=editor, profile=record, expected_version=1, pitch="Nieuwe pitch.", story="Verhaal."
    )
    assert saved.version == 2
    stored = ImpactProfile.objects.get(pk=record.pk)
    assert (stored.pitch, stored.story, stored.version) == ("Nieuwe pitch.", "Verhaal.", 2)
    latest = stored.history.order_by("-history_date", "-history_id").first()
    assert latest.history_user == editor
    assert latest.pitch == "Nieuwe pitch."


def test_stale_edit_refused_with_current_record_and_nothing_lost():
    record = profile()
    first = profile_update(actor=None, profile=record, expected_version=1, pitch="Eerste pitch.")
    with pytest.raises(StaleProfileError) as refused:
        profile_update(
            actor=None, profile=record, expected_version=1, pitch="Tweede pitch.", story="Weg?"
        )
    assert refused.value.current.version == first.version == 2
    assert refused.value.current.pitch == "Eerste pitch."
    stored = ImpactProfile.objects.get(pk=record.pk)
    assert stored.pitch == "Eerste pitch."
    assert stored.story == record.story
    assert stored.history.count() == 2


def test_themes_replaced_on_update_and_version_raised():
    record = profile()
    themes = list(Theme.objects.all()[:2])
    saved = profile_update(actor=None, profile=record, expected_version=1, themes=themes)
    assert set(saved.themes.all()) == set(themes)
    assert saved.version == 2


def test_unchanged_update_writes_nothing():
    record = profile()
    saved = profile_update(actor=None, profile=record, expected_version=1, pitch=record.pitch)
    assert saved.version == 1
    assert record.history.count() == 1


def test_invalid_update_leaves_profile_as_it_was():
    record = profile()
    with pytest.raises(ValidationError) as refused:
        profile_update(actor=None, profile=record, expected_version=1, pitch="x" * 281)
    assert "pitch" in refused.value.message_dict
    stored = ImpactProfile.objects.get(pk=record.pk)
    assert stored.pitch == record.pitch
    assert stored.version == 1


def test_unknown_field_is_a_programming_error():
    with pytest.raises(TypeError, match="status"):
        profile(status="published")


def test_scan_stored_with_computed_result_and_weights():
    organisation = OrganisationFactory()
    author = member(organisation)
    given = answers(3, q6=None)
    recorded = scan_record(actor=author, organisation=organisation, answers=given)
    expected = scan.score(given)
    stored = ImpactScan.objects.get(pk=recorded.pk)
    assert stored.total == expected.total == Decimal("75.0")
    assert stored.level == ScanLevel.FRONT_RUNNER
    assert stored.area_scores == {
        area.value: str(value) for area, value in expected.area_scores.items()
    }
    assert stored.weights == {area.value: "1" for area in scan.Area}
    assert stored.answers_by_number == given
    assert stored.taken_by == author


def test_scan_weights_are_the_inputs_used():
    organisation = OrganisationFactory()
    weights = {area: Decimal(1) for area in scan.Area} | {scan.Area.PEOPLE: Decimal(3)}
    given = answers(2, q6=4, q7=4, q8=4, q9=4)
    recorded = scan_record(actor=None, organisation=organisation, answers=given, weights=weights)
    assert recorded.total == scan.score(given, weights).total == Decimal("71.4")
    assert recorded.weights["people"] == "3"


def test_new_scan_keeps_history_and_latest_is_newest():
    organisation = OrganisationFactory()
    with time_machine.travel("2026-03-01 10:00Z", tick=False):
        first = scan_record(actor=None, organisation=organisation, answers=answers(1))
    with time_machine.travel("2026-09-01 10:00Z", tick=False):
        second = scan_record(actor=None, organisation=organisation, answers=answers(4))
    scan_record(actor=None, organisation=OrganisationFactory(), answers=answers(0))
    assert list(selectors.scan_history(organisation)) == [second, first]
    assert selectors.latest_scan(organisation) == second
    assert first.level == ScanLevel.STARTER
    assert second.level == ScanLevel.FRONT_RUNNER
    assert selectors.latest_scan(OrganisationFactory()) is None


def test_string_question_numbers_from_a_form_accepted():
    organisation = OrganisationFactory()
    recorded = scan_record(
        actor=None,
        organisation=organisation,
        answers={str(number): value for number, value in answers(2).items()},
    )
    assert recorded.total == Decimal("50.0")
    assert recorded.level == ScanLevel.ON_THE_WAY


@pytest.mark.parametrize(
    ("given", "named"),
    [
        (answers(2, q7=5), "Question 7"),
        (dict.fromkeys(range(1, 22), 2), "22"),
        (answers(2) | {23: 1}, "23"),
        (answers(2) | {"zes": 1}, "zes"),
    ],
)
def test_bad_answers_refused_naming_the_question(given, named):
    organisation = OrganisationFactory()
    with pytest.raises(ValidationError) as refused:
        scan_record(actor=None, organisation=organisation, answers=given)
    assert named in refused.value.message_dict["answers"][0]
    assert not ImpactScan.objects.exists()


def test_certification_status_over_time():
    organisation = OrganisationFactory()
    held = certification(
        organisation,
        kind=CertificationKind.PSO,
        level="trede_2",
        valid_from=date(2026, 1, 1),
        valid_until=date(2026, 12, 31),
    )
    for moment, expected in [
        ("2025-12-31", Status.NOT_YET_VALID),
        ("2026-06-01", Status.VALID),
        ("2026-11-15", Status.EXPIRING),
        ("2027-01-01", Status.EXPIRED),
    ]:
        with time_machine.travel(f"{moment} 12:00Z", tick=False):
            today = date.today()
            assert selectors.certifications_on(organisation, today) == [(held, expected)]
            assert held.status_on(today) is expected


def test_certifications_on_lists_only_the_organisations_own():
    organisation = OrganisationFactory()
    own = certification(organisation, valid_until=None)
    certification()
    listed = selectors.certifications_on(organisation, date(2026, 5, 1))
    assert [(entry.certification, entry.status) for entry in listed] == [(own, Status.VALID)]


def test_member_cannot_verify_certification():
    held = certification()
    with pytest.raises(PermissionDenied):
        certification_verify(actor=member(held.organisation), certification=held)
    held.refresh_from_db()
    assert held.verified_at is None
    assert held.verified_by is None


def test_verifier_with_permission_recorded():
    held = certification()
    verifier = grant(UserFactory(), "directory.verify_certification")
    with time_machine.travel("2026-04-02 09:30Z", tick=False):
        verified = certification_verify(actor=verifier, certification=held)
    stored = Certification.objects.get(pk=held.pk)
    assert stored.verified_by == verifier == verified.verified_by
    assert stored.verified_at.date() == date(2026, 4, 2)
    assert stored.is_verified
    assert stored.history.order_by("-history_id").first().history_user == verifier


def test_change_permission_alone_does_not_verify():
    held = certification()
    staff = grant(UserFactory(), "directory.change_certification")
    with pytest.raises(PermissionDenied):
        certification_verify(actor=staff, certification=held)


def test_expired_end_before_start_refused():
    with pytest.raises(ValidationError):
        certification(valid_from=date(2026, 1, 1), valid_until=date(2026, 1, 1) - timedelta(1))
