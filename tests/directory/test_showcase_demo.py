"""The demo world gives the showcase something to show: most organisations have an impact profile.

``seed_demo`` publishes most profiles at dates over the last two years, with themes, SDGs,
figures and certifications (some expired), leaves a handful as drafts or submitted for the review
queue, records impact scans, and leaves the search index complete, without the worker.
"""

from collections import Counter
from datetime import timedelta
from typing import Any

from django.utils import timezone

import pytest

from impactplein.core.demo import seed_demo
from impactplein.core.search import clear_index, search
from impactplein.directory import certifications, indexing
from impactplein.directory.constants import ProfileStatus
from impactplein.directory.models import Certification, ImpactFigure, ImpactProfile, ImpactScan
from impactplein.organisations.models import Organisation

pytestmark = pytest.mark.django_db


def test_the_demo_fills_the_showcase(client: Any) -> None:
    clear_index(indexing.DOC_TYPE)
    seed_demo()

    profiles = ImpactProfile.objects.all()
    assert profiles.count() >= Organisation.objects.count() * 0.55
    statuses = Counter(profiles.values_list("status", flat=True))
    assert statuses[ProfileStatus.SUBMITTED] >= 3
    assert statuses[ProfileStatus.DRAFT] >= 3
    published = profiles.filter(status=ProfileStatus.PUBLISHED)
    dates = sorted(published.values_list("published_at", flat=True))
    now = timezone.now()
    assert dates[0] >= now - timedelta(days=732)
    assert dates[-1] - dates[0] > timedelta(days=365)

    for profile in published.prefetch_related("themes", "sdgs")[:40]:
        assert 20 <= len(profile.pitch) <= 280
        assert profile.impact_models
        assert profile.themes.all()
        assert profile.sdgs.all()
        if profile.sells_to_buyers:
            assert profile.offer
    assert ImpactFigure.objects.filter(profile__status=ProfileStatus.PUBLISHED).exists()
    assert published.filter(sells_to_buyers=True).count() >= 10

    today = timezone.localdate()
    statuses_today = Counter(c.status_on(today) for c in Certification.objects.all())
    assert statuses_today[certifications.Status.EXPIRED] >= 2
    assert statuses_today[certifications.Status.VALID] >= 10
    assert ImpactScan.objects.values("organisation").distinct().count() >= 10

    # The index holds every published profile, and nothing else of the directory.
    result = search("", doc_types=[indexing.DOC_TYPE])
    assert result.total == published.count()
    response = client.get("/ondernemers/", {"theme": "arbeidsparticipatie"})
    assert response.status_code == 200
    assert "ondernemers gevonden" in response.content.decode()
