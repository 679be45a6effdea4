"""Each preset values a full-time year exactly as its published table says.

A placement at the scheme's base hours for the whole of 2024 (12 months, contract 2024) is worth
the table's annual amount. Figures as given in ../shared/domain/social-return-and-employment.md §1,
with the source of each table in the preset's ``source``.
"""

from datetime import date
from decimal import Decimal

import pytest

from impactplein.socialreturn.valuation import Placement, evaluate, load_preset

from .builders import terms

TABLES = [
    # Den Haag / Haaglanden 2023, €/year at 36 h
    ("den-haag-2023", "geen_uitkering", None, 5000),
    ("den-haag-2023", "jongere_zonder_startkwalificatie", None, 10000),
    ("den-haag-2023", "stage_mbo_hbo", None, 5000),
    ("den-haag-2023", "stage_vso_pro", None, 7500),
    ("den-haag-2023", "bbl_niveau_2", None, 25000),
    ("den-haag-2023", "bbl_niveau_3", None, 15000),
    ("den-haag-2023", "ww", None, 20000),
    ("den-haag-2023", "wia", None, 30000),
    ("den-haag-2023", "participatiewet", None, 40000),
    ("den-haag-2023", "banenafspraak", None, 50000),
    # Utrecht (current), € per one-year contract at 36 h
    ("utrecht", "participatiewet", None, 40000),
    ("utrecht", "doelgroepregister", None, 50000),
    ("utrecht", "leerwerkplek_pro_vso_mbo1", None, 35000),
    ("utrecht", "wia_wao", None, 40000),
    ("utrecht", "ww", None, 20000),
    ("utrecht", "bbl", None, 35000),
    ("utrecht", "bol", None, 20000),
    ("utrecht", "geen_uitkering", None, 10000),
    # Utrecht (older table), 40 h basis
    ("utrecht-older", "participatiewet", 12, 30000),
    ("utrecht-older", "participatiewet", 36, 40000),
    ("utrecht-older", "ww", 6, 15000),
    ("utrecht-older", "ww", 18, 20000),
    ("utrecht-older", "wia_wao", None, 30000),
    ("utrecht-older", "banenafspraak", None, 35000),
    ("utrecht-older", "bbl", None, 15000),
    ("utrecht-older", "bol", None, 10000),
    ("utrecht-older", "geen_uitkering", None, 10000),
    # Oost-Nederland V05
    ("oost-nederland-v05", "participatiewet", 12, 30000),
    ("oost-nederland-v05", "participatiewet", 30, 40000),
    ("oost-nederland-v05", "doelgroepregister", None, 40000),
    ("oost-nederland-v05", "ww", 6, 10000),
    ("oost-nederland-v05", "ww", 18, 15000),
    ("oost-nederland-v05", "nug", None, 10000),
    ("oost-nederland-v05", "bbl_1_2", None, 20000),
    # Leiden region 2023
    ("leiden-2023", "geen_uitkering", None, 5000),
    ("leiden-2023", "geen_uitkering_beperking", None, 10000),
    ("leiden-2023", "bol_stage", None, 10000),
    ("leiden-2023", "bbl", None, 25000),
    ("leiden-2023", "pro_vso", None, 25000),
    ("leiden-2023", "ww", None, 15000),
    ("leiden-2023", "wia", None, 40000),
    ("leiden-2023", "wajong", None, 25000),
    ("leiden-2023", "participatiewet", None, 30000),
    ("leiden-2023", "participatiewet_beperking", None, 50000),
    ("leiden-2023", "wsw", None, 50000),
    # Rijnvicus
    ("rijnvicus", "geen_uitkering", None, 5000),
    ("rijnvicus", "geen_uitkering_beperking", None, 10000),
    ("rijnvicus", "bol", None, 5000),
    ("rijnvicus", "bbl", None, 25000),
    ("rijnvicus", "pro_vso", None, 25000),
    ("rijnvicus", "ww", None, 10000),
    ("rijnvicus", "wia", None, 20000),
    ("rijnvicus", "wajong", None, 25000),
    ("rijnvicus", "participatiewet", 12, 25000),
    ("rijnvicus", "participatiewet", 30, 30000),
    ("rijnvicus", "participatiewet_beperking", None, 50000),
    ("rijnvicus", "wsw", None, 50000),
    # Harlingen, 36 h
    ("harlingen", "participatiewet", 12, 35000),
    ("harlingen", "participatiewet", 30, 40000),
    ("harlingen", "ww", 6, 15000),
    ("harlingen", "ww", 18, 20000),
    ("harlingen", "wia_wao", None, 35000),
    ("harlingen", "wajong_banenafspraak", None, 40000),
    ("harlingen", "werkervaringsplaats", None, 7500),
    ("harlingen", "bbl_nieuw", None, 15000),
    ("harlingen", "bbl_bestaand", None, 10000),
    ("harlingen", "stage_mbo12", None, 5000),
    ("harlingen", "stage_mbo34_hbo", None, 2500),
]


@pytest.mark.parametrize(("slug", "group", "benefit_months", "annual"), TABLES)
def test_a_full_time_year_is_worth_the_published_amount(slug, group, benefit_months, annual):
    scheme = load_preset(slug)
    item = Placement(
        id="P-1",
        candidate="K-1",
        target_group=group,
        hours_per_week=scheme.base_hours,
        start=date(2024, 1, 1),
        end=date(2024, 12, 31),
        benefit_duration_months=benefit_months,
    )
    contract = terms(start=date(2024, 1, 1), end=date(2024, 12, 31))
    assert evaluate(contract, [item], scheme).items[0].amount == Decimal(annual)


@pytest.mark.parametrize(
    ("slug", "bonus", "amount"),
    [
        ("den-haag-2023", "bonus-55", 10000),
        ("den-haag-2023", "bonus-na-stage", 25000),
        ("den-haag-2023", "bonus-arbeidsbeperking", 10000),
        ("utrecht", "bonus-50", 10000),
        ("utrecht", "bonus-statushouder", 10000),
        ("utrecht", "bonus-vast-contract", 10000),
        ("utrecht-older", "bonus-vast", 10000),
        ("utrecht-older", "bonus-50", 5000),
        ("leiden-2023", "bonus-55", 15000),
        ("leiden-2023", "bonus-na-stage", 10000),
        ("rijnvicus", "bonus-55", 10000),
        ("harlingen", "bonus-50", 5000),
        ("harlingen", "bonus-55", 7500),
    ],
)
def test_bonus_amounts_are_the_published_ones(slug, bonus, amount):
    assert load_preset(slug).block(bonus).amount == Decimal(amount)


@pytest.mark.parametrize(
    ("slug", "block", "unit", "amount"),
    [
        ("utrecht", "activiteit-uren", "per_hour", 100),
        ("utrecht-older", "activiteit-uren", "per_hour", 100),
        ("leiden-2023", "maatschappelijke-activiteit", "per_day_max", 1000),
        ("rijnvicus", "maatschappelijke-activiteit", "per_day_max", 1000),
        ("oost-nederland-v05", "werkervaringsplaats", "per_month", 750),
    ],
)
def test_rates_of_activities_and_monthly_blocks(slug, block, unit, amount):
    found = load_preset(slug).block(block)
    assert (found.unit, found.amount) == (unit, Decimal(amount))
