"""The directory's KPIs for the programme: registered by name, and they follow the data.

Publishing one more profile raises the published-enterprises KPI by one (and only from the day it
was published); a certification counts for the enterprises with a valid certification only on the
days it is valid; a story counts in the period it was published.
"""

from datetime import UTC, date, datetime
from decimal import Decimal

import pytest

from impactplein.core import kpis
from impactplein.directory.services import profile_publish
from tests.directory.factories import certification, profile

pytestmark = pytest.mark.django_db

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


def value(key: str, start: date, end: date) -> Decimal:
    source = kpis.source(key)
    assert source is not None, key
    return source.value(start, end)


def test_discovery_finds_the_directorys_sources() -> None:
    keys = {source.key for source in kpis.sources() if source.app == "directory"}
    assert keys == {
        "directory.published_profiles",
        "directory.certified_profiles",
        "directory.stories_published",
    }
    assert kpis.source("directory.published_profiles").is_stock  # type: ignore[union-attr]
    assert not kpis.source("directory.stories_published").is_stock  # type: ignore[union-attr]


def test_publishing_one_more_profile_raises_the_kpi_by_one() -> None:
    first = profile()
    profile_publish(actor=None, profile=first, published_at=datetime(2026, 2, 10, 12, tzinfo=UTC))
    before = value("directory.published_profiles", *YEAR)
    assert before == 1
    second = profile()
    assert value("directory.published_profiles", *YEAR) == before  # a draft does not count
    profile_publish(actor=None, profile=second, published_at=datetime(2026, 5, 3, 12, tzinfo=UTC))
    assert value("directory.published_profiles", *YEAR) == before + 1
    # A stock: on 31 March only the first was published.
    assert value("directory.published_profiles", date(2026, 1, 1), date(2026, 3, 31)) == 1


def test_certified_enterprises_count_certifications_valid_on_the_last_day() -> None:
    made = profile()
    profile_publish(actor=None, profile=made, published_at=datetime(2026, 1, 5, 12, tzinfo=UTC))
    certification(made.organisation, valid_from=date(2026, 4, 1), valid_until=date(2026, 9, 30))
    assert value("directory.certified_profiles", date(2026, 1, 1), date(2026, 3, 31)) == 0
    assert value("directory.certified_profiles", date(2026, 4, 1), date(2026, 6, 30)) == 1
    assert value("directory.certified_profiles", *YEAR) == 0  # expired by 31 December
    other = profile()  # certified, but not published: not in the showcase
    certification(other.organisation, valid_from=date(2026, 1, 1), valid_until=None)
    assert value("directory.certified_profiles", date(2026, 4, 1), date(2026, 6, 30)) == 1


def test_stories_count_in_the_period_they_were_published() -> None:
    from impactplein.directory.constants import StoryStatus
    from impactplein.directory.models import Story

    story = Story.objects.create(title="Fietsen", slug="fietsen", lead="Kort.", body="Lang.")
    assert value("directory.stories_published", *YEAR) == 0
    Story.objects.filter(pk=story.pk).update(
        status=StoryStatus.PUBLISHED, published_at=datetime(2026, 8, 1, 10, tzinfo=UTC)
    )
    assert value("directory.stories_published", *YEAR) == 1
    assert value("directory.stories_published", date(2026, 7, 1), date(2026, 9, 30)) == 1
    assert value("directory.stories_published", date(2026, 1, 1), date(2026, 6, 30)) == 0
