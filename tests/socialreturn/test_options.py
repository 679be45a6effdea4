"""Fulfilment options: social enterprises that sell to buyers, in the Drechtsteden first, with
what a purchase would count under the contract's scheme (Den Haag 2023 preset: Code register and
PSO trede 1–3 count 100%, Social Enterprise NL and PSO basis or aspirant 50%, others 0%)."""

from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import reverse

import pytest
import time_machine
from bs4 import BeautifulSoup

from impactplein.core.models import Municipality
from impactplein.directory.constants import CertificationKind
from impactplein.directory.services import profile_publish
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.selectors.options import fulfilment_options
from tests.directory.factories import certification, profile
from tests.organisations.factories import OrganisationFactory, municipality
from tests.socialreturn import factories

pytestmark = pytest.mark.django_db

TODAY = date(2026, 4, 1)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield


@pytest.fixture(autouse=True)
def _no_mfa(settings):
    settings.STAFF_MFA_REQUIRED = False


def _rotterdam() -> Municipality:
    place, _made = Municipality.objects.get_or_create(
        cbs_code="GM0599",
        defaults={
            "name": "Rotterdam",
            "region": "Rijnmond",
            "latitude": Decimal("51.9225"),
            "longitude": Decimal("4.4792"),
        },
    )
    return place


def _seller(name: str, *, cbs: str = "GM0505", sells: bool = True, **certs: str) -> None:
    organisation = OrganisationFactory(name=name, municipality=municipality())
    if cbs == "GM0599":  # outside the region (the service places an address in the region)
        Organisation.objects.filter(pk=organisation.pk).update(municipality=_rotterdam())
        organisation.refresh_from_db()
    record = profile(organisation, sells_to_buyers=sells, offer=f"Catering door {name}")
    profile_publish(actor=None, profile=record)
    for kind, level in certs.items():
        certification(
            organisation,
            kind=kind,
            level=level,
            valid_from=date(2025, 1, 1),
            valid_until=date(2027, 12, 31),
        )


def _contract():
    contract = factories.contract(obligation=Decimal("50000"))
    factories.entry(contract, status=EntryStatus.APPROVED, value=Decimal("10000"))
    return contract


def _page(client: Client, contract, **params: str):
    return client.get(reverse("socialreturn:options", args=[contract.pk]), params)


def _rows(response) -> list[tuple[str, str, str]]:
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    return [
        (
            row["data-option"],
            row.select_one("[data-weight]").get_text(strip=True),
            row.select_one("[data-value]").get_text(strip=True),
        )
        for row in soup.select("tr[data-option]")
    ]


def test_values_follow_the_schemes_weights_and_the_region_comes_first() -> None:
    _seller(
        "Aanbieder Zonder",
    )
    _seller("Buurtbedrijf Code", code_sociale_ondernemingen="")
    _seller("Catering SENL", social_enterprise_nl="")
    _seller("Drukkerij PSO", pso="trede_2")
    _seller("Elders Code", cbs="GM0599", code_sociale_ondernemingen="")
    _seller("Verborgen", sells=False, code_sociale_ondernemingen="")
    contract = _contract()
    client = Client()
    client.force_login(factories.officer())

    response = _page(client, contract)

    assert response.status_code == 200
    assert _rows(response) == [
        ("Buurtbedrijf Code", "100,0%", "€ 40.000"),
        ("Drukkerij PSO", "100,0%", "€ 40.000"),
        ("Catering SENL", "50,0%", "€ 20.000"),
        ("Aanbieder Zonder", "0,0%", "€ 0"),
        ("Elders Code", "100,0%", "€ 40.000"),
    ]
    assert 'value="40000"' in response.content.decode()  # the remaining obligation by default


def test_a_chosen_amount_in_the_address() -> None:
    _seller("Catering SENL", social_enterprise_nl="")
    contract = _contract()
    client = Client()
    client.force_login(factories.supplier_member(contract))

    assert _rows(_page(client, contract, bedrag="12.500")) == [
        ("Catering SENL", "50,0%", "€ 6.250")
    ]
    bad = _page(client, contract, bedrag="veel")
    assert "&#x27;veel&#x27; is geen bedrag" in bad.content.decode()
    assert _rows(bad) == [("Catering SENL", "50,0%", "€ 20.000")]


def test_an_expired_certification_does_not_count() -> None:
    organisation = OrganisationFactory(name="Verlopen BV", municipality=municipality("GM0505"))
    profile_publish(actor=None, profile=profile(organisation, sells_to_buyers=True, offer="Groen"))
    certification(
        organisation,
        kind=CertificationKind.CODE_SOCIALE_ONDERNEMINGEN,
        valid_from=date(2023, 1, 1),
        valid_until=date(2025, 12, 31),
    )
    contract = _contract()

    found = fulfilment_options(contract, amount=Decimal("1000"), today=TODAY)

    assert [(o.name, o.weight, o.value) for o in found.options] == [
        ("Verlopen BV", Decimal("0"), Decimal("0"))
    ]


def test_only_who_may_see_the_contract_sees_its_options() -> None:
    contract = _contract()
    other = Client()
    other.force_login(factories.supplier_member(factories.contract()))

    assert _page(other, contract).status_code == 404
    assert _page(Client(), contract).status_code == 302
