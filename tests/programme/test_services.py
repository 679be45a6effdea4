"""Action programmes are built and kept through the services.

Next year's draft takes over last year's open activities (and only those), linked to what they
continue; an edit on an old version is refused and changes nothing; adopting is once, with
activities; objectives are owned by named partners or by all together, never both.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError

import pytest

from impactplein.programme import services
from impactplein.programme.constants import ActivityStatus, ProgrammeStatus
from impactplein.programme.models import ActionProgramme, Activity
from tests.programme.factories import activity, setup

pytestmark = pytest.mark.django_db


def test_next_years_draft_copies_only_the_open_activities() -> None:
    made = setup()
    running = activity(
        made,
        title="Loopt door",
        status=ActivityStatus.RUNNING,
        progress=40,
        weight=Decimal("2.5"),
        planned_start=date(2026, 3, 1),
        planned_end=date(2027, 6, 30),
    )
    postponed = activity(made, title="Uitgesteld", status=ActivityStatus.POSTPONED)
    activity(made, title="Klaar", status=ActivityStatus.DONE, progress=100)
    activity(made, title="Gestopt", status=ActivityStatus.STOPPED)

    draft = services.programme_for_next_year(actor=None, partnership=made.partnership, year=2027)

    copies = {a.title: a for a in draft.activities.all()}
    assert set(copies) == {"Loopt door", "Uitgesteld"}
    assert draft.status == ProgrammeStatus.DRAFT
    carried = copies["Loopt door"]
    assert carried.continues == running
    assert (carried.status, carried.progress, carried.weight) == (
        ActivityStatus.RUNNING,
        40,
        Decimal("2.50"),
    )
    assert (carried.planned_start, carried.planned_end) == (date(2027, 1, 1), date(2027, 6, 30))
    assert copies["Uitgesteld"].status == ActivityStatus.PLANNED
    assert copies["Uitgesteld"].continues == postponed
    # Last year's programme is untouched.
    assert made.programme.activities.count() == 4


def test_next_year_is_refused_twice_without_a_previous_year_or_outside_the_period() -> None:
    made = setup()
    services.programme_for_next_year(actor=None, partnership=made.partnership, year=2027)
    with pytest.raises(ValidationError, match="al een actieprogramma voor 2027"):
        services.programme_for_next_year(actor=None, partnership=made.partnership, year=2027)
    with pytest.raises(ValidationError, match="geen actieprogramma voor 2028"):
        services.programme_for_next_year(actor=None, partnership=made.partnership, year=2029)
    with pytest.raises(ValidationError, match="buiten de looptijd"):
        services.programme_for_next_year(actor=None, partnership=made.partnership, year=2031)
    assert ActionProgramme.objects.count() == 2


def test_an_edit_on_an_old_version_is_refused_and_changes_nothing() -> None:
    made = setup()
    item = activity(made, progress=10)
    services.activity_update(actor=None, activity=item, expected_version=1, progress=30)

    with pytest.raises(services.StaleActivityError) as refused:
        services.activity_update(actor=None, activity=item, expected_version=1, progress=90)

    assert refused.value.current.progress == 30
    stored = Activity.objects.get(pk=item.pk)
    assert (stored.progress, stored.version) == (30, 2)
    assert stored.history.count() == 2


def test_a_partner_may_change_only_status_and_progress() -> None:
    made = setup()
    item = activity(made)
    with pytest.raises(TypeError):
        services.activity_update(
            actor=None,
            activity=item,
            expected_version=1,
            allowed=services.PROGRESS_FIELDS,
            weight=Decimal("9"),
        )
    assert Activity.objects.get(pk=item.pk).weight == Decimal("1.00")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"progress": 101}, "progress"),
        ({"weight": Decimal("0")}, "weight"),
        ({"planned_start": date(2026, 5, 1), "planned_end": date(2026, 4, 1)}, "planned_end"),
    ],
)
def test_impossible_values_are_refused_with_a_dutch_message(fields, field) -> None:  # type: ignore[no-untyped-def]
    made = setup()
    with pytest.raises(ValidationError) as refused:
        activity(made, **fields)
    assert field in refused.value.message_dict
    assert not Activity.objects.exists()


def test_adopting_needs_activities_and_happens_once() -> None:
    made = setup()
    with pytest.raises(ValidationError, match="zonder activiteiten"):
        services.programme_adopt(actor=None, programme=made.programme, expected_version=1)
    activity(made)
    adopted = services.programme_adopt(
        actor=None, programme=made.programme, expected_version=1, on=date(2026, 2, 1)
    )
    assert (adopted.status, adopted.adopted_on) == (ProgrammeStatus.ADOPTED, date(2026, 2, 1))
    with pytest.raises(services.StaleProgrammeError):
        services.programme_adopt(actor=None, programme=made.programme, expected_version=1)


def test_an_objective_is_owned_by_partners_or_by_all_together_not_both() -> None:
    made = setup()
    with pytest.raises(ValidationError):
        services.objective_add(
            actor=None,
            partnership=made.partnership,
            code="O9",
            title="Beide",
            shared_by_all=True,
            owners=[made.partners["MBO"]],
        )
    with pytest.raises(ValidationError):
        services.objective_add(actor=None, partnership=made.partnership, code="O9", title="Geen")
    assert made.objectives["O1"].owners.count() == 0
    assert list(made.objectives["O4"].owners.all()) == [made.partners["WSP"]]


def test_a_timeline_entry_records_its_author() -> None:
    made = setup()
    item = activity(made)
    from tests.programme.factories import UserFactory

    author = UserFactory()
    entry = services.timeline_entry_add(
        actor=author, activity=item, date=date(2026, 3, 5), title="Kick-off", description="Gestart"
    )
    assert entry.author == author
    assert list(item.timeline.values_list("title", flat=True)) == ["Kick-off"]
