"""Indexing the whole country in bulk gives each published profile the same search document as
indexing it on its own (``directory.indexing``), so ``make bench`` measures what the pages find."""

from datetime import UTC, date, datetime

import pytest

from impactplein.core.models import SDG, Area, Theme
from impactplein.directory.constants import CertificationKind, ProfileStatus
from impactplein.directory.indexing import (
    indexable_profiles,
    profile_document,
    profile_documents_in_bulk,
)
from impactplein.directory.models import ImpactProfile
from tests.directory.factories import certification, profile

pytestmark = pytest.mark.django_db

DAY = date(2026, 11, 27)


def _comparable(document):
    facets = {key: sorted(values) for key, values in document.facets.items() if values}
    return (document.doc_id, document.title, document.body, facets, document.published_at)


def test_bulk_documents_are_the_documents_of_each_profile():
    themes, sdgs = list(Theme.objects.all()), list(SDG.objects.all())
    made = []
    for number in range(5):
        made.append(profile(sells_to_buyers=number % 2 == 0, offer="Catering en drukwerk"))
        made[-1].themes.set(themes[number : number + 2])
        made[-1].sdgs.set(sdgs[number : number + 3])
    area = Area.objects.first()
    if area is not None:
        organisation = made[1].organisation
        type(organisation).objects.filter(pk=organisation.pk).update(
            area=area, municipality=area.municipality
        )
    certification(made[0].organisation, kind=CertificationKind.B_CORP)
    certification(
        made[0].organisation,
        kind=CertificationKind.ISO_26000,
        valid_from=date(2020, 1, 1),
        valid_until=date(2021, 1, 1),
    )
    published = [item.pk for item in made[:4]]
    ImpactProfile.objects.filter(pk__in=published).update(
        status=ProfileStatus.PUBLISHED, published_at=datetime(2026, 5, 1, tzinfo=UTC)
    )

    one_by_one = [
        _comparable(profile_document(item, DAY))
        for item in indexable_profiles().filter(pk__in=published).order_by("pk")
    ]
    in_bulk = [_comparable(document) for document in profile_documents_in_bulk(DAY, chunk_size=3)]

    assert in_bulk == one_by_one
    assert len(in_bulk) == 4
    assert in_bulk[0][3]["certification"] == [CertificationKind.B_CORP]
