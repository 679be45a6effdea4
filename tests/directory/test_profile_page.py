"""The public profile page of an impact enterprise.

A visitor sees a published profile with everything it tells: name, pitch, story, themes, SDGs,
impact models, target groups, the Buy Social offer, figures by year, certifications with today's
status (expired ones as expired, checked ones marked), the latest impact scan as a chart with its
table, the place and the website. A draft is not found, except by the organisation's members and
staff who may view profiles, who see it under a "not published" banner. A wrong or missing name
in the address leads to the profile's own address. Search engines and link previews get
schema.org JSON-LD without personal data, OpenGraph and Twitter-card tags and a canonical link.
"""

import json
import re
from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import NoReverseMatch, reverse

import pytest
import time_machine

from impactplein.core.models import SDG, Theme
from impactplein.directory.constants import CertificationKind, FigureKind, ImpactModel
from impactplein.directory.models import ImpactFigure, ImpactProfile
from impactplein.directory.services import (
    certification_verify,
    profile_publish,
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


def published(organisation=None, **fields) -> ImpactProfile:
    return profile_publish(actor=None, profile=profile(organisation, **fields))


def url(item: ImpactProfile) -> str:
    return item.get_absolute_url()


def json_ld(html: str) -> dict:
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "no JSON-LD on the page"
    return json.loads(match.group(1))


def meta(html: str, key: str) -> str:
    match = re.search(rf'<meta (?:property|name)="{re.escape(key)}" content="([^"]*)"', html)
    assert match, f"no meta tag {key}"
    return match.group(1)


@pytest.fixture
def organisation():
    return OrganisationFactory(
        name="Fietsfabriek Dordt",
        website="https://fietsfabriek.example.nl",
        email="info@fietsfabriek.example.nl",
        phone="078 765 43 21",
        street="Voorstraat",
        house_number=12,
    )


def test_a_visitor_sees_everything_a_published_profile_tells(client: Client, organisation) -> None:
    item = published(
        organisation,
        story="Begonnen in een schuur aan de Voorstraat.",
        impact_models=[ImpactModel.EMPLOYMENT, ImpactModel.ENVIRONMENTAL],
        target_groups=["statushouders", "jongeren zonder startkwalificatie"],
        sells_to_buyers=True,
        offer="Onderhoud van dienstfietsen voor gemeenten.",
    )
    item.themes.set(Theme.objects.order_by("position")[:1])
    item.sdgs.set(SDG.objects.filter(number=8))
    ImpactFigure.objects.create(profile=item, year=2025, kind=FigureKind.TARGET_GROUP_JOBS, value=7)
    ImpactFigure.objects.create(profile=item, year=2024, kind=FigureKind.TOTAL_FTE, value="12.50")

    response = client.get(url(item))

    assert response.status_code == 200
    html = response.content.decode()
    assert '<h1 class="utrecht-heading-1">Fietsfabriek Dordt</h1>' in html
    for text in (
        item.pitch,
        "Begonnen in een schuur aan de Voorstraat.",
        "Werk voor mensen met een afstand tot de arbeidsmarkt",
        "Milieu en klimaat",
        "statushouders",
        "jongeren zonder startkwalificatie",
        Theme.objects.order_by("position").first().name_nl,
        SDG.objects.get(number=8).name_nl,
        "Onderhoud van dienstfietsen voor gemeenten.",
        "Dordrecht",
        "https://fietsfabriek.example.nl",
    ):
        assert text in html, text
    figures = re.search(r'id="figures-caption".*?</table>', html, re.S).group(0)
    assert re.search(r"2025</th>\s*<td[^>]*>Banen voor doelgroepen</td>\s*<td[^>]*>7</td>", figures)
    assert re.search(r"2024</th>\s*<td[^>]*>Totaal aantal fte</td>\s*<td[^>]*>12,50</td>", figures)
    assert figures.index("2025") < figures.index("2024")


def test_the_page_never_shows_the_organisations_mail_address_or_phone(
    client: Client, organisation
) -> None:
    item = published(organisation)
    html = client.get(url(item)).content.decode()
    assert "info@fietsfabriek.example.nl" not in html
    assert "765 43 21" not in html
    assert reverse("directory:contact", args=[item.pk]) in html


def test_no_contact_link_when_nobody_can_receive_messages(client: Client) -> None:
    item = published(OrganisationFactory(email=""))
    html = client.get(url(item)).content.decode()
    assert reverse("directory:contact", args=[item.pk]) not in html


def test_certifications_show_their_status_of_today(client: Client, organisation) -> None:
    staff = grant(UserFactory(), "directory.verify_certification")
    valid = certification(
        organisation, kind=CertificationKind.B_CORP, valid_until=date(2027, 12, 31)
    )
    certification_verify(actor=staff, certification=valid)
    certification(
        organisation,
        kind=CertificationKind.PSO,
        level="trede_2",
        valid_from=date(2023, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    item = published(organisation)

    with time_machine.travel(date(2026, 6, 1)):
        html = client.get(url(item)).content.decode()

    rows = re.findall(r'<tr class="utrecht-table__row" data-status="(\w+)">(.*?)</tr>', html, re.S)
    by_name = {
        re.search(r"<th[^>]*>(.*?)</th>", row).group(1): (status, row) for status, row in rows
    }
    b_corp_status, b_corp = by_name["B Corp"]
    assert b_corp_status == "valid"
    assert "Geldig" in b_corp
    assert "Gecontroleerd door Impactplein" in b_corp
    pso_status, pso = by_name["Prestatieladder Socialer Ondernemen (PSO) – PSO trede 2"]
    assert pso_status == "expired"
    assert "Verlopen" in pso
    assert "Nog niet gecontroleerd" in pso


def test_the_latest_scan_shows_as_a_chart_with_its_table(client: Client, organisation) -> None:
    with time_machine.travel("2026-01-10 12:00 +01:00"):
        scan_record(actor=None, organisation=organisation, answers=answers(1))
    with time_machine.travel("2026-03-10 12:00 +01:00"):
        scan_record(actor=None, organisation=organisation, answers=answers(3, q15=None))
    item = published(organisation)

    html = client.get(url(item)).content.decode()

    assert "Niveau <strong>Koploper</strong>, totaalscore 75,0 van 100" in html
    assert "10 maart 2026" in html
    svg = re.search(r"<svg[^>]*role=\"img\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg
    assert '<title id="profile-scan-chart-title">Score per onderdeel' in svg
    table = re.search(r"<caption[^>]*>Score per onderdeel.*?</table>", html, re.S).group(0)
    assert re.search(r"Missie &amp; bestuur</th>\s*<td[^>]*>75,0</td>", table)
    assert "minimum voor Koploper" not in table  # the explanation is below, not in the table
    assert "Koploper: een totaalscore vanaf 70,0" in html


def test_a_draft_is_not_found_by_visitors_or_other_members(client: Client, organisation) -> None:
    item = profile(organisation)
    assert client.get(url(item)).status_code == 404
    outsider = member(OrganisationFactory())
    client.force_login(outsider)
    assert client.get(url(item)).status_code == 404


def test_members_see_their_draft_under_a_banner_with_an_edit_link(
    client: Client, organisation
) -> None:
    item = profile(organisation)
    client.force_login(member(organisation))
    response = client.get(url(item))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dit profiel is niet gepubliceerd." in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "application/ld+json" not in html
    try:
        edit_url = reverse("directory:profile_edit", args=[organisation.pk])
    except NoReverseMatch:
        edit_url = None
    if edit_url:
        assert f'href="{edit_url}"' in html
    assert reverse("directory:scan", args=[organisation.pk]) in html


def test_staff_who_may_view_profiles_see_a_draft(client: Client, organisation) -> None:
    item = profile(organisation)
    client.force_login(grant(UserFactory(), "directory.view_impactprofile"))
    response = client.get(url(item))
    assert response.status_code == 200
    assert "Dit profiel is niet gepubliceerd." in response.content.decode()
    assert "Profiel bewerken" not in response.content.decode()


def test_visitors_of_a_published_profile_see_no_banner_and_no_edit_link(
    client: Client, organisation
) -> None:
    html = client.get(url(published(organisation))).content.decode()
    assert "niet gepubliceerd" not in html
    assert "Profiel bewerken" not in html


def test_a_wrong_or_missing_name_in_the_address_redirects_permanently(
    client: Client, organisation
) -> None:
    item = published(organisation)
    assert url(item) == f"/ondernemers/{item.pk}-fietsfabriek-dordt/"
    for wrong in (f"/ondernemers/{item.pk}-oude-naam/", f"/ondernemers/{item.pk}/"):
        response = client.get(wrong)
        assert response.status_code == 301
        assert response["Location"] == url(item)


def test_an_unknown_profile_is_not_found(client: Client) -> None:
    assert client.get("/ondernemers/999999-niets/").status_code == 404


def test_after_a_rename_the_old_address_leads_to_the_new_one(client: Client, organisation) -> None:
    item = published(organisation)
    old = url(item)
    organisation.name = "Fietsfabriek Drechtsteden"
    organisation.save()
    response = client.get(old)
    assert response.status_code == 301
    assert response["Location"].endswith("-fietsfabriek-drechtsteden/")


def test_json_ld_describes_the_organisation_without_personal_data(
    client: Client, organisation, settings
) -> None:
    settings.SITE_URL = "https://impactplein.example.nl"
    item = published(organisation)
    html = client.get(url(item)).content.decode()
    data = json_ld(html)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Organization"
    assert data["name"] == "Fietsfabriek Dordt"
    assert data["url"] == f"https://impactplein.example.nl{url(item)}"
    assert data["description"] == item.pitch
    assert data["sameAs"] == ["https://fietsfabriek.example.nl"]
    assert data["address"]["addressLocality"] == "Dordrecht"
    assert data["address"]["addressCountry"] == "NL"
    text = json.dumps(data)
    for private in ("info@fietsfabriek", "765 43 21", "Voorstraat", "3311"):
        assert private not in text


def test_json_ld_cannot_be_broken_out_of(client: Client) -> None:
    item = published(
        OrganisationFactory(name="Evil </script><script>alert(1)</script>"),
        pitch="</script><!-- <script>",
    )
    html = client.get(url(item)).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block
    assert json.loads(block)["name"] == "Evil </script><script>alert(1)</script>"


def test_link_previews_and_canonical_link(client: Client, organisation, settings) -> None:
    settings.SITE_URL = "https://impactplein.example.nl"
    item = published(organisation)
    html = client.get(f"/ondernemers/{item.pk}-fietsfabriek-dordt/?utm_source=x").content.decode()
    canonical = f"https://impactplein.example.nl{url(item)}"
    assert f'<link rel="canonical" href="{canonical}">' in html
    assert meta(html, "og:title") == "Fietsfabriek Dordt"
    assert meta(html, "og:url") == canonical
    assert meta(html, "og:description") == item.pitch
    assert meta(html, "og:type") == "website"
    assert meta(html, "twitter:card") == "summary"
    assert meta(html, "twitter:title") == "Fietsfabriek Dordt"


def _png() -> bytes:
    from io import BytesIO

    from PIL import Image

    buffer = BytesIO()
    Image.new("RGB", (8, 8), "teal").save(buffer, "PNG")
    return buffer.getvalue()


def test_logo_and_photos_show_with_their_text_alternatives(
    client: Client, organisation, settings, tmp_path
) -> None:
    settings.MEDIA_ROOT = tmp_path
    settings.SITE_URL = "https://impactplein.example.nl"
    item = published(organisation)
    item.logo = SimpleUploadedFile("logo.png", _png(), content_type="image/png")
    item.save()
    from impactplein.directory.models import ProfilePhoto

    ProfilePhoto.objects.create(
        profile=item,
        image=SimpleUploadedFile("werkplaats.png", _png(), content_type="image/png"),
        alt_text="Twee monteurs aan het werk in de werkplaats",
        position=1,
    )

    html = client.get(url(item)).content.decode()

    assert 'alt="Logo van Fietsfabriek Dordt"' in html
    assert 'alt="Twee monteurs aan het werk in de werkplaats"' in html
    assert meta(html, "og:image").startswith("https://impactplein.example.nl/media/")
    assert meta(html, "twitter:card") == "summary_large_image"
    assert json_ld(html)["logo"].startswith("https://impactplein.example.nl/media/")


def test_the_page_is_in_english_when_chosen(client: Client, organisation) -> None:
    item = published(organisation)
    ImpactFigure.objects.create(profile=item, year=2025, kind=FigureKind.TARGET_GROUP_JOBS, value=7)
    scan_record(actor=None, organisation=organisation, answers=answers(3))
    client.cookies["django_language"] = "en"
    html = client.get(url(item)).content.decode()
    assert '<html lang="en"' in html
    assert "How we make an impact" in html
    assert "Impact figures per year, newest first" in html
    assert "Level <strong>Front runner</strong>, total score 75.0 out of 100" in html
    assert "Mission &amp; governance" in html
    assert "Send Fietsfabriek Dordt a message" in html


def test_an_edit_shows_on_the_page(client: Client, organisation) -> None:
    item = published(organisation)
    profile_update(
        actor=None, profile=item, expected_version=item.version, pitch="Nieuwe pitch voor iedereen."
    )
    assert "Nieuwe pitch voor iedereen." in client.get(url(item)).content.decode()
