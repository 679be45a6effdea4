"""Demo contracts with a social-return obligation (``manage.py seed_demo``).

Twelve made-up contracts of the municipality of Dordrecht's departments, with suppliers from the
demo organisations (one of them the demo entrepreneur's, so that account sees its own contract).
No Drechtsteden table has been published yet (domain note §1.2: it must be requested from Unit
SROI), so the contracts are pinned to the published regional presets. Every obligation is
computed by the contract service, exactly as for a contract entered by hand. Deterministic: fixed
dates and values, suppliers chosen by position in the demo's organisation list.

The contracts are remembered as ``socialreturn:contracts`` (by reference under
``contract:<reference>``) for the fulfilment demo that follows.
"""

from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from impactplein.core.demo import DemoContext
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.constants import ContractStatus
from impactplein.socialreturn.models import ValuationScheme
from impactplein.socialreturn.selectors.contracts import supplier_pso_level_on
from impactplein.socialreturn.services.contracts import ContractData, contract_register_or_update
from impactplein.socialreturn.services.schemes import schemes_sync_presets


class DemoContract(NamedTuple):
    reference: str
    title: str
    department: str
    contract_type: str
    value: str
    awarded_on: date
    start: date
    end: date
    scheme: str  # preset slug
    status: str
    labour_share: str | None = None
    offered: str | None = None
    co2: int | None = None
    mvi: str = ""
    penalty: str = ""


CONTRACTS: tuple[DemoContract, ...] = (
    DemoContract(
        "DOR-2024-0117", "Groenonderhoud Dordrecht-West en Sterrenburg", "Stadsbeheer", "services",
        "1450000", date(2023, 11, 20), date(2024, 1, 1), date(2027, 12, 31), "den-haag-2023",
        ContractStatus.RUNNING, labour_share="62", co2=3,
        mvi="Elektrisch klein materieel; groenafval wordt lokaal gecomposteerd.",
    ),
    DemoContract(
        "DOR-2024-0142", "Schoonmaak stadskantoor en wijkcentra", "Vastgoed", "services",
        "880000", date(2024, 2, 12), date(2024, 4, 1), date(2026, 3, 31), "leiden-2023",
        ContractStatus.FINAL_REPORT_DUE, labour_share="85", offered="6",
        mvi="Schoonmaakmiddelen met EU Ecolabel.",
    ),
    DemoContract(
        "DOR-2024-0163", "Renovatie sporthal Crabbehof", "Vastgoed", "works",
        "2950000", date(2024, 3, 4), date(2024, 6, 1), date(2025, 9, 30), "den-haag-2023",
        ContractStatus.NON_COMPLIANT, labour_share="40", co2=4,
        mvi="Circulair slopen; minimaal 30% hergebruikt materiaal.",
        penalty=(
            "Verplichting voor 38% ingevuld; boete van € 45.000 opgelegd conform artikel 12 van "
            "de overeenkomst (besluit 14 januari 2026)."
        ),
    ),
    DemoContract(
        "DOR-2024-0188", "Leerlingenvervoer regio Drechtsteden", "Sociaal Domein", "services",
        "2400000", date(2024, 5, 15), date(2024, 8, 1), date(2027, 7, 31), "utrecht",
        ContractStatus.RUNNING, labour_share="70",
        mvi="Zero-emissievoertuigen vanaf schooljaar 2025-2026.",
    ),
    DemoContract(
        "DOR-2024-0201", "Werkplekapparatuur en beheer", "ICT", "supplies",
        "640000", date(2024, 6, 3), date(2024, 7, 1), date(2026, 6, 30), "oost-nederland-v05",
        ContractStatus.FINAL_REPORT_DUE, labour_share="15",
        mvi="Refurbished laptops waar mogelijk; terugname aan het eind van de levensduur.",
    ),
    DemoContract(
        "DOR-2024-0230", "Onderhoud verkeersregelinstallaties", "Stadsbeheer", "services",
        "420000", date(2024, 9, 9), date(2024, 10, 1), date(2025, 9, 30), "rijnvicus",
        ContractStatus.CLOSED, labour_share="55",
    ),
    DemoContract(
        "DOR-2025-0012", "Herinrichting Spuiboulevard", "Stadsbeheer", "works",
        "3000000", date(2025, 1, 20), date(2025, 3, 1), date(2026, 12, 31), "den-haag-2023",
        ContractStatus.RUNNING, labour_share="45", offered="7", co2=5,
        mvi="CO2-prestatieladder niveau 5; emissieloze bouwplaats in de binnenstad.",
    ),
    DemoContract(
        "DOR-2025-0047", "Maaltijdvoorziening en boodschappendienst Wmo", "Sociaal Domein",
        "services", "560000", date(2025, 3, 10), date(2025, 5, 1), date(2027, 4, 30),
        "leiden-2023", ContractStatus.RUNNING, labour_share="75",
    ),
    DemoContract(
        "DOR-2025-0089", "Beveiliging en receptiediensten stadhuis", "Vastgoed", "services",
        "730000", date(2025, 6, 2), date(2025, 7, 1), date(2027, 6, 30), "harlingen",
        ContractStatus.RUNNING, labour_share="90",
    ),
    DemoContract(
        "DOR-2025-0114", "Cloudhosting zaaksysteem", "ICT", "services",
        "310000", date(2025, 9, 1), date(2025, 10, 1), date(2027, 9, 30), "utrecht",
        ContractStatus.RUNNING, labour_share="25",
    ),
    DemoContract(
        "DOR-2025-0150", "Inzameling grof huishoudelijk afval", "Stadsbeheer", "services",
        "1100000", date(2025, 11, 17), date(2026, 1, 1), date(2027, 12, 31), "oost-nederland-v05",
        ContractStatus.RUNNING, labour_share="65", co2=3,
    ),
    DemoContract(
        "DOR-2026-0021", "Kantoormeubilair nieuwe Stadswinkel", "Vastgoed", "supplies",
        "150000", date(2026, 10, 5), date(2027, 1, 1), date(2027, 6, 30), "rijnvicus",
        ContractStatus.AWARDED, labour_share="20",
        mvi="Minimaal 50% gerecycled of refurbished meubilair.",
    ),
)  # fmt: skip


OWN_CONTRACT = "DOR-2025-0047"


def _suppliers(context: DemoContext) -> list[Organisation]:
    """Companies from the demo organisations in a fixed order; the entrepreneur's first."""
    organisations: list[Any] = list(context.objects.get("organisations", []))
    companies = [o for o in organisations if o.kind == OrganisationKind.COMPANY]
    if not companies:
        companies = list(Organisation.objects.order_by("pk")[:12])
    entrepreneur = context.objects.get("organisation:entrepreneur")
    ordered = ([entrepreneur] if entrepreneur is not None else []) + companies
    return ordered


def seed(context: DemoContext) -> None:
    schemes_sync_presets()
    schemes = {
        scheme.slug: scheme
        for scheme in ValuationScheme.objects.filter(status="published", is_preset=True)
    }
    suppliers = _suppliers(context)
    if not suppliers:
        context.say("no organisations: no social-return contracts")
        return
    actor = context.objects.get("user:procurement")
    contracts = []
    for index, spec in enumerate(CONTRACTS):
        # The entrepreneur's organisation holds the running Wmo contract; the others in turn.
        others = suppliers[1:] or suppliers
        supplier = suppliers[0] if spec.reference == OWN_CONTRACT else others[index % len(others)]
        data = ContractData(
            reference=spec.reference,
            title=spec.title,
            buyer_department=spec.department,
            supplier=supplier,
            contract_type=spec.contract_type,
            value=Decimal(spec.value),
            awarded_on=spec.awarded_on,
            start_date=spec.start,
            end_date=spec.end,
            labour_share=Decimal(spec.labour_share) if spec.labour_share else None,
            offered_percentage=Decimal(spec.offered) if spec.offered else None,
            scheme=schemes[spec.scheme],
            supplier_pso_level=supplier_pso_level_on(supplier, spec.awarded_on),
            co2_ladder_level=spec.co2,
            mvi_criteria=spec.mvi,
        )
        contract, _created = contract_register_or_update(
            actor=actor, data=data, status=spec.status, penalty_note=spec.penalty
        )
        context.remember(f"contract:{contract.reference}", contract)
        contracts.append(contract)
    context.remember("socialreturn:contracts", contracts)
    total = sum(contract.obligation for contract in contracts)
    context.say(f"{len(contracts)} social-return contracts with € {total} of obligations")
