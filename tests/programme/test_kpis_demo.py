"""The demo's KPIs: computed ones for O1 and O3 from the registry, manual ones for O2, O4 and O5,
targets for both programme years, values entered by hand and one narrative; a computed KPI of the
demo shows what the directory's demo data holds."""

from datetime import date

from django.utils import timezone

import pytest

from impactplein.accounts import demo as accounts_demo
from impactplein.core.demo import DemoContext
from impactplein.directory import demo as directory_demo
from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import ImpactProfile
from impactplein.organisations import demo as organisations_demo
from impactplein.programme import demo
from impactplein.programme.models import KpiDefinition, KpiNarrative, KpiTarget, KpiValue
from impactplein.programme.selectors import kpis as selectors

pytestmark = pytest.mark.django_db


def test_the_demo_has_kpis_for_every_objective() -> None:
    context = DemoContext(scale=0.1)
    accounts_demo.seed(context)
    organisations_demo.seed(context)
    directory_demo.seed(context)
    demo.seed(context)
    year = timezone.localdate().year
    kpis = list(KpiDefinition.objects.select_related("objective"))
    by_code: dict[str, list[KpiDefinition]] = {}
    for kpi in kpis:
        by_code.setdefault(kpi.objective.code, []).append(kpi)
    assert set(by_code) == {"O1", "O2", "O3", "O4", "O5"}
    for code in ("O1", "O3"):
        assert all(kpi.is_computed for kpi in by_code[code])
        assert len(by_code[code]) == 3
    for code in ("O2", "O4", "O5"):
        assert not any(kpi.is_computed for kpi in by_code[code])
        assert KpiValue.objects.filter(definition__in=by_code[code]).exists()
    for kpi in kpis:
        assert set(KpiTarget.objects.filter(definition=kpi).values_list("year", flat=True)) == {
            year - 1,
            year,
        }
    assert KpiNarrative.objects.count() == 1

    showcase = next(k for k in by_code["O1"] if k.source_key == "directory.published_profiles")
    published = ImpactProfile.objects.filter(status=ProfileStatus.PUBLISHED).count()
    assert published > 0
    assert selectors.kpi_series(showcase, year).total.value == published
    first_year = selectors.kpi_series(showcase, year - 1)
    assert first_year.target is not None
    manual = by_code["O4"][0]
    series = selectors.kpi_series(manual, year - 1)
    assert series.total.value is not None
    assert series.target is not None
    assert selectors.kpi_value(manual, date(year - 1, 1, 1), date(year - 1, 3, 31)) is not None
