"""The records refuse data that makes no sense, whichever way it arrives.

A pitch has at most 280 characters; impact models come from the list; selling to buyers needs a
description of the offer; a PSO or CO2-prestatieladder certification needs a level of its own, the
other kinds none; a certification cannot end before it starts; a figure is given once per year and
kind, and "other" figures say what they count.
"""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

import pytest

from impactplein.directory.constants import CertificationKind, FigureKind
from impactplein.directory.models import Certification, ImpactFigure
from tests.directory.factories import OrganisationFactory, certification, profile

pytestmark = pytest.mark.django_db


def test_pitch_of_280_characters_accepted_281_refused():
    assert len(profile(pitch="x" * 280).pitch) == 280
    with pytest.raises(ValidationError) as refused:
        profile(pitch="x" * 281)
    assert "pitch" in refused.value.message_dict


@pytest.mark.parametrize("value", [["bakery"], "employment", ["employment", "employment"]])
def test_impact_models_from_the_list_only(value):
    with pytest.raises(ValidationError) as refused:
        profile(impact_models=value)
    assert "impact_models" in refused.value.message_dict


def test_target_groups_are_short_texts():
    with pytest.raises(ValidationError) as refused:
        profile(target_groups=["", 3])
    assert "target_groups" in refused.value.message_dict


def test_selling_to_buyers_needs_an_offer():
    with pytest.raises(ValidationError) as refused:
        profile(sells_to_buyers=True, offer="  ")
    assert "offer" in refused.value.message_dict
    assert profile(sells_to_buyers=True, offer="Catering en schoonmaak.").sells_to_buyers


def test_pso_level_required_for_pso():
    with pytest.raises(ValidationError) as refused:
        certification(kind=CertificationKind.PSO, level="")
    assert "level" in refused.value.message_dict
    assert certification(kind=CertificationKind.PSO, level="30plus").level == "30plus"


def test_level_refused_for_b_corp():
    with pytest.raises(ValidationError) as refused:
        certification(kind=CertificationKind.B_CORP, level="trede_1")
    assert "level" in refused.value.message_dict


def test_co2_level_must_be_a_co2_level():
    with pytest.raises(ValidationError):
        certification(kind=CertificationKind.CO2_PRESTATIELADDER, level="trede_1")
    assert certification(kind=CertificationKind.CO2_PRESTATIELADDER, level="5").level == "5"


def test_database_refuses_end_before_start():
    organisation = OrganisationFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Certification.objects.create(
            organisation=organisation,
            kind=CertificationKind.B_CORP,
            valid_from=date(2026, 2, 1),
            valid_until=date(2026, 1, 1),
        )


def test_figure_once_per_year_and_kind():
    owner = profile()
    ImpactFigure.objects.create(
        profile=owner, year=2025, kind=FigureKind.TOTAL_FTE, value=Decimal("12.5")
    )
    ImpactFigure.objects.create(
        profile=owner, year=2026, kind=FigureKind.TOTAL_FTE, value=Decimal("14")
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        ImpactFigure.objects.create(
            profile=owner, year=2025, kind=FigureKind.TOTAL_FTE, value=Decimal("1")
        )
    duplicate = ImpactFigure(profile=owner, year=2025, kind=FigureKind.TOTAL_FTE, value=1)
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_other_figure_says_what_it_counts():
    owner = profile()
    figure = ImpactFigure(profile=owner, year=2025, kind=FigureKind.OTHER, value=Decimal(3))
    with pytest.raises(ValidationError) as refused:
        figure.full_clean()
    assert "label" in refused.value.message_dict
    figure.label = "repaircafés"
    figure.full_clean()
    labelled = ImpactFigure(
        profile=owner, year=2025, kind=FigureKind.TOTAL_FTE, label="x", value=Decimal(3)
    )
    with pytest.raises(ValidationError):
        labelled.full_clean()


def test_negative_figure_refused_by_the_database():
    owner = profile()
    with pytest.raises(IntegrityError), transaction.atomic():
        ImpactFigure.objects.create(
            profile=owner, year=2025, kind=FigureKind.TOTAL_FTE, value=Decimal(-1)
        )
