"""The reference data every app shares is loaded by migrations, complete and idempotent.

The six Drechtsteden municipalities and Hardinxveld-Giessendam with their CBS codes, postcode
ranges and map positions; Dordrecht's city centre, districts and business parks; the social themes
and the 17 SDGs in Dutch and English with their colours; SBI sections of both versions. Loading
again changes nothing and adds no rows; a row changed in the database is put right.
"""

import re
from decimal import Decimal
from itertools import pairwise
from pathlib import Path

from django.apps import apps as django_apps
from django.urls import reverse

import pytest

from impactplein.core import reference_data
from impactplein.core.constants import AreaKind, SBIVersion
from impactplein.core.models import SDG, Area, Municipality, SBISection, Theme

pytestmark = pytest.mark.django_db

DRECHTSTEDEN = {
    "GM0482": "Alblasserdam",
    "GM0505": "Dordrecht",
    "GM0531": "Hendrik-Ido-Ambacht",
    "GM0590": "Papendrecht",
    "GM0610": "Sliedrecht",
    "GM0642": "Zwijndrecht",
    "GM0523": "Hardinxveld-Giessendam",
}


def counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Municipality, Area, Theme, SDG, SBISection)
    }


def test_the_municipalities_are_there_with_their_cbs_codes():
    assert dict(Municipality.objects.values_list("cbs_code", "name")) == DRECHTSTEDEN
    assert all(m.is_active for m in Municipality.objects.all())


def test_every_municipality_has_postcodes_and_a_position_in_the_region():
    for municipality in Municipality.objects.all():
        assert municipality.postcode_ranges, municipality
        for low, high in municipality.postcode_ranges:
            assert 1000 <= low <= high <= 9999
        # The Drechtsteden lie between 51.7-51.9 N and 4.5-4.9 E.
        assert Decimal("51.7") < municipality.latitude < Decimal("51.9")
        assert Decimal("4.5") < municipality.longitude < Decimal("4.9")


@pytest.mark.parametrize(
    ("postcode", "cbs_code"),
    [("3311 AB", "GM0505"), ("2951 AA", "GM0482"), ("2995 XA", "GM0642"), ("3361 AB", "GM0610")],
)
def test_a_postcode_points_to_its_municipality(postcode, cbs_code):
    covering = [m.cbs_code for m in Municipality.objects.all() if m.covers_postcode(postcode)]
    assert covering == [cbs_code]


def test_postcode_ranges_of_municipalities_do_not_overlap():
    ranges = [
        (low, high, m.cbs_code)
        for m in Municipality.objects.all()
        for low, high in m.postcode_ranges
    ]
    ranges.sort()
    for (_low, high, code), (next_low, _high, next_code) in pairwise(ranges):
        assert high < next_low, (code, next_code)


def test_dordrecht_has_a_city_centre_districts_and_business_parks():
    areas = Area.objects.filter(municipality__cbs_code="GM0505")
    kinds = {kind: set(areas.filter(kind=kind).values_list("name", flat=True)) for kind in AreaKind}
    assert kinds[AreaKind.CITY_CENTRE] == {"Binnenstad"}
    assert {"Wielwijk", "Crabbehof", "Nieuw-Krispijn", "Sterrenburg", "Dubbeldam"} <= kinds[
        AreaKind.DISTRICT
    ]
    assert {"Dordtse Kil IV", "Zeehaven Dordrecht", "Louterbloemen", "Merwedehavens"} <= kinds[
        AreaKind.BUSINESS_PARK
    ]


def test_social_themes_have_dutch_and_english_names():
    themes = list(Theme.objects.all())
    assert len(themes) == len(reference_data.THEMES) == 12
    for theme in themes:
        assert theme.name_nl
        assert theme.name_en
    assert [t.slug for t in themes][:2] == ["bestaanszekerheid", "arbeidsparticipatie"]


def test_the_seventeen_sdgs_have_names_in_both_languages_and_the_un_colours():
    sdgs = list(SDG.objects.all())
    assert [s.number for s in sdgs] == list(range(1, 18))
    assert all(re.fullmatch(r"#[0-9a-f]{6}", s.colour) for s in sdgs)
    assert len({s.colour for s in sdgs}) == 17
    first, fifteenth, sixteenth = sdgs[0], sdgs[14], sdgs[15]
    assert (first.name_nl, first.name_en, first.colour) == ("Geen armoede", "No Poverty", "#e5243b")
    # The two colours the domain note confirmed in public code.
    assert (fifteenth.colour, sixteenth.colour) == ("#56c02b", "#00689d")


def test_sdg_names_follow_the_active_language():
    from django.utils import translation

    sdg = SDG.objects.get(number=13)
    with translation.override("nl"):
        assert sdg.name == "Klimaatactie"
    with translation.override("en"):
        assert sdg.name == "Climate Action"


def test_sbi_sections_of_both_versions():
    sections = SBISection.objects.all()
    v2008 = sections.filter(version=SBIVersion.SBI_2008).values_list("code", flat=True)
    v2025 = sections.filter(version=SBIVersion.SBI_2025).values_list("code", flat=True)
    assert "".join(v2008) == "ABCDEFGHIJKLMNOPQRSTU"
    assert "".join(v2025) == "ABCDEFGHIJKLMNOPQRSTUV"
    assert sections.get(version="2008", code="J").name_nl == "Informatie en communicatie"
    assert sections.get(version="2025", code="L").name_en == "Financial and insurance activities"


def test_loading_again_changes_nothing():
    before = counts()
    reference_data.load(django_apps)
    reference_data.load(django_apps)
    assert counts() == before


def test_loading_again_puts_a_changed_value_right_and_keeps_added_rows():
    Municipality.objects.filter(cbs_code="GM0505").update(name="Dordt", is_active=False)
    SDG.objects.filter(number=1).update(colour="#000000")
    extra = Municipality.objects.create(
        cbs_code="GM0599", name="Rotterdam", latitude=Decimal("51.92"), longitude=Decimal("4.48")
    )
    reference_data.load(django_apps)
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    assert (dordrecht.name, dordrecht.is_active) == ("Dordrecht", True)
    assert SDG.objects.get(number=1).colour == "#e5243b"
    assert Municipality.objects.filter(pk=extra.pk).exists()


def test_the_values_module_names_its_sources():
    source = Path(reference_data.__file__).read_text(encoding="utf-8")
    for mention in ("§3.1", "§3.2", "§3.3", "§2.6", "§4.1", "§4.2", "§7.2", "2023/137"):
        assert mention in source


@pytest.mark.parametrize("model", ["municipality", "area", "theme", "sdg", "sbisection"])
def test_administrators_see_the_reference_data(client, settings, django_user_model, model):
    settings.STAFF_MFA_REQUIRED = False  # multi-factor login is tested with the accounts
    root = django_user_model.objects.create_superuser("beheer@example.org", "x")
    client.force_login(root, backend="django.contrib.auth.backends.ModelBackend")
    response = client.get(reverse(f"admin:core_{model}_changelist"))
    assert response.status_code == 200
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    change = client.get(reverse("admin:core_municipality_change", args=[dordrecht.pk]))
    assert "Wielwijk" in change.content.decode()  # its areas are inline
