"""The demo holds the partnership of the council letter with two believable programme years.

Five partners (matched to the demo organisations by name, not duplicated), O1 shared by all and
O5 by DOV and WD, an adopted first year with finished and open activities, a second year built
from the first's open activities plus new ones, and both years' budgets from the letter.
"""

from decimal import Decimal

from django.utils import timezone

import pytest

from impactplein.accounts import demo as accounts_demo
from impactplein.core.demo import DemoContext
from impactplein.organisations import demo as organisations_demo
from impactplein.organisations.models import Membership, Organisation
from impactplein.programme import demo, selectors
from impactplein.programme.constants import ActivityStatus, ProgrammeStatus
from tests.programme.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded() -> DemoContext:
    context = DemoContext(scale=0.1)
    accounts_demo.seed(context)
    organisations_demo.seed(context)
    demo.seed(context)
    return context


def test_the_demo_seeds_the_letters_partnership_years_and_budgets(seeded) -> None:  # type: ignore[no-untyped-def]
    # One seeding (it takes a while) for the three parts: partnership, programme years, budgets.
    partnership_part()
    years_part()
    budgets_part()


def partnership_part() -> None:
    partnership = selectors.partnership_current()
    assert partnership is not None
    partners = {p.short_name: p.organisation.name for p in partnership.partners.all()}
    assert partners["MBO Dordrecht"] == "Stichting Maatschappelijk Betrokken Ondernemen Dordrecht"
    assert partners["Gemeente"] == "Gemeente Dordrecht"
    assert Organisation.objects.filter(name="Werkgevers Drechtsteden").count() == 1
    objectives = {o.code: o for o in selectors.objectives_of(partnership=partnership)}
    assert list(objectives) == ["O1", "O2", "O3", "O4", "O5"]
    assert objectives["O1"].shared_by_all
    assert sorted(o.short_name for o in objectives["O5"].owners.all()) == ["DOV", "WD"]
    assert partnership.team.count() == 3


def years_part() -> None:
    partnership = selectors.partnership_current()
    this_year = timezone.localdate().year
    first, second = selectors.programmes_of(partnership=partnership)
    assert (first.year, second.year) == (this_year - 1, this_year)
    assert first.status == second.status == ProgrammeStatus.ADOPTED
    first_statuses = set(first.activities.values_list("status", flat=True))
    assert {ActivityStatus.DONE, ActivityStatus.RUNNING, ActivityStatus.STOPPED} <= first_statuses
    carried = second.activities.filter(continues__isnull=False)
    assert (
        carried.count()
        == first.activities.exclude(
            status__in=(ActivityStatus.DONE, ActivityStatus.STOPPED)
        ).count()
    )
    assert second.activities.filter(continues__isnull=True).count() >= 3
    assert all(a.timeline.exists() for a in second.activities.all())
    progress = selectors.objective_progress(programme=second)
    assert all(row.percentage is not None for row in progress)


def budgets_part() -> None:
    partnership = selectors.partnership_current()
    overview = selectors.multi_year(partnership=partnership)
    first, second = overview.years[0].figures, overview.years[1].figures
    for figures in (first, second):
        assert figures.budgeted == Decimal("150000.00")
        assert figures.committed == Decimal("155000.00")
        assert figures.surplus == Decimal("5000.00")
    assert first.received == Decimal("155000.00")
    assert 0 < first.spent <= first.budgeted
    assert overview.years[2].is_reevaluation_year


def test_a_partner_account_of_the_demo_becomes_a_member_of_the_wsp() -> None:
    context = DemoContext(scale=0.1)  # without the other demos: the partners are made
    partner = UserFactory(email="partner@example.org")
    context.remember("user:partner", partner)
    demo.seed(context)
    wsp = selectors.partnership_current().partners.get(short_name="WSP").organisation
    assert Membership.objects.filter(user=partner, organisation=wsp).exists()


def test_the_demo_evaluated_the_first_year_and_began_the_running_one(seeded) -> None:  # type: ignore[no-untyped-def]
    from impactplein.programme.models import EvaluationDecision, YearEvaluation
    from impactplein.programme.selectors.evaluation import evaluation_results

    year = timezone.localdate().year
    first = YearEvaluation.objects.get(programme__year=year - 1)
    assert first.is_closed
    assert first.next_programme.year == year
    results = evaluation_results(programme=first.programme, evaluation=first)
    assert not results.undecided
    assert {r.decision for r in results.objectives} >= {
        EvaluationDecision.CONTINUE,
        EvaluationDecision.ADJUST,
    }
    # The KPIs' figures of the first year were kept at closing, with their targets.
    kept = [kpi for result in results.objectives for kpi in result.kpis]
    assert kept
    assert all(kpi.target is not None for kpi in kept)
    running = YearEvaluation.objects.get(programme__year=year)
    assert not running.is_closed
    assert len(evaluation_results(programme=running.programme, evaluation=running).undecided) == 4
