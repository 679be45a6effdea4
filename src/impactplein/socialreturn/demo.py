"""Demo contracts with a social-return obligation (``manage.py seed_demo``).

Twelve made-up contracts of the municipality of Dordrecht's departments, with suppliers from the
demo organisations (one of them the demo entrepreneur's, so that account sees its own contract).
No Drechtsteden table has been published yet (domain note §1.2: it must be requested from Unit
SROI), so the contracts are pinned to the published regional presets. Every obligation is
computed by the contract service, exactly as for a contract entered by hand. Deterministic: fixed
dates and values, suppliers chosen by position in the demo's organisation list.

The contracts are remembered as ``socialreturn:contracts`` (by reference under
``contract:<reference>``). On the contracts that have started, the fulfilment follows: candidates
issued by the employer-services desk, placements, purchases from the demo's social enterprises
and cost items, entered through the same services as the pages, in every status (the officer
approves what the desk entered; nobody approves their own entry). Last, two years of the
municipality's spend per supplier for the Buy Social share.
"""

from datetime import date, timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from impactplein.core.demo import DemoContext
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.models import Organisation
from impactplein.socialreturn import valuing
from impactplein.socialreturn.constants import ContractStatus, EntryKind
from impactplein.socialreturn.models import Contract, SpendImport, ValuationScheme
from impactplein.socialreturn.selectors.contracts import supplier_pso_level_on
from impactplein.socialreturn.services import candidates as candidate_services
from impactplein.socialreturn.services import fulfilment
from impactplein.socialreturn.services.contracts import ContractData, contract_register_or_update
from impactplein.socialreturn.services.schemes import schemes_sync_presets
from impactplein.socialreturn.services.spend import spend_import_create


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
    _seed_fulfilment(context, contracts)
    _seed_spend(context, suppliers)


# --- fulfilment ----------------------------------------------------------------------------------

#: Made-up people behind the demo's candidate codes (seen by the employer-services desk only).
CANDIDATE_NAMES = (
    "Noor Bakker", "Daan Visser", "Fatima El Idrissi", "Kees van Leeuwen", "Lisa Jansen",
    "Mehmet Yilmaz", "Priya Ramdin", "Tom de Graaf", "Yara Haddad", "Bas Verhoef",
    "Sanne Mulder", "Ahmed Benali", "Femke de Wit", "Joris Smit", "Ilse Bos", "Rachid Amrani",
)  # fmt: skip
PREFERRED_GROUPS = ("participatiewet", "banenafspraak", "wia", "ww", "pw-lang", "pw_gt_2")
DEMO_TODAY = date(2026, 10, 31)  # entries end by this date, so the demo reads the same every day


def _first_block(contract: Contract, kind: str, units: tuple[str, ...]) -> str:
    """The scheme's first block of ``kind`` valued in one of ``units`` ("" if it has none)."""
    scheme = valuing.scheme_of(contract)
    blocks = [block.code for block in scheme.blocks if block.kind == kind and block.unit in units]
    return blocks[0] if blocks else ""


def _target_group(contract: Contract, position: int) -> str:
    groups = [code for code, _label in valuing.scheme_of(contract).target_groups()]
    preferred = [code for code in PREFERRED_GROUPS if code in groups] or groups
    return preferred[position % len(preferred)] if preferred else ""


def _seed_fulfilment(context: DemoContext, contracts: list[Contract]) -> None:
    desk = context.objects.get("user:employer_adviser")
    officer = context.objects.get("user:procurement")
    entrepreneur = context.objects.get("user:entrepreneur")
    if desk is None or officer is None:
        return
    social_enterprises = list(
        Organisation.objects.filter(kind=OrganisationKind.SOCIAL_ENTERPRISE).order_by("pk")[:12]
    )
    names = iter(CANDIDATE_NAMES * 4)
    count = 0
    for index, contract in enumerate(contracts):
        if contract.start_date >= DEMO_TODAY or contract.entries.exists():
            continue  # not started, or seeded before
        # The entrepreneur reports on its own contract; the desk enters the others' placements.
        reporter = entrepreneur if contract.reference == OWN_CONTRACT and entrepreneur else desk
        start = contract.start_date + timedelta(days=31)
        end = min(start + timedelta(days=270 + 30 * (index % 4)), contract.end_date, DEMO_TODAY)
        if end <= start:
            continue
        entries = []
        for position in range(2):
            candidate = candidate_services.candidate_issue(
                actor=desk,
                full_name=next(names),
                retain_until=date(2032, 12, 31),
            )
            entries.append(
                fulfilment.entry_create(
                    actor=reporter,
                    contract=contract,
                    kind=EntryKind.PLACEMENT,
                    candidate=candidate,
                    target_group=_target_group(contract, index + position),
                    benefit_duration_months=30,
                    age_at_reference_date=(24, 57)[position],
                    hours_per_week=Decimal(("32", "24")[position]),
                    start_date=start + timedelta(days=45 * position),
                    end_date=end,
                    permanent_contract=position == 0,
                    description="Medewerker groen en schoonmaak"
                    if position
                    else "Allround medewerker",
                )
            )
        purchase_block = _first_block(contract, "purchase", ("invoice_excl_vat",))
        if purchase_block and social_enterprises:
            entries.append(
                fulfilment.entry_create(
                    actor=reporter,
                    contract=contract,
                    kind=EntryKind.PURCHASE,
                    block=purchase_block,
                    invoice_number=f"F{contract.start_date.year}-{index + 1:03d}",
                    invoice_date=min(start + timedelta(days=60), DEMO_TODAY),
                    amount=Decimal(12500 + 2500 * (index % 5)),
                    social_enterprise=social_enterprises[index % len(social_enterprises)],
                    description="Catering en schoonmaak door een sociale onderneming",
                )
            )
        cost_block = _first_block(contract, "cost_item", ("actual_cost",))
        if cost_block:
            entries.append(
                fulfilment.entry_create(
                    actor=reporter,
                    contract=contract,
                    kind=EntryKind.COST_ITEM,
                    block=cost_block,
                    amount=Decimal("3200"),
                    description="Opleiding tot werkbegeleider voor twee voormannen",
                )
            )
        # Every status: the first entry approved, the others too on every other contract (else
        # they wait), the last one a draft, and the purchase on the contract not being met sent
        # back.
        for position, entry in enumerate(entries):
            if position == len(entries) - 1 and len(entries) > 2:
                continue  # stays a draft
            entry = fulfilment.entry_submit(actor=reporter, entry=entry, version=None)
            if contract.status == ContractStatus.NON_COMPLIANT and entry.kind == EntryKind.PURCHASE:
                fulfilment.entry_reject(
                    actor=officer,
                    entry=entry,
                    version=None,
                    reason="De factuur is van vóór de looptijd van het contract; stuur de juiste.",
                )
            elif position == 0 or index % 2 == 0:
                fulfilment.entry_approve(actor=officer, entry=entry, version=None)
        count += len(entries)
    context.say(f"{count} social-return entries on {len(contracts)} contracts")


# --- Buy Social spend ----------------------------------------------------------------------------


def _seed_spend(context: DemoContext, suppliers: list[Organisation]) -> None:
    """The municipality's spend per supplier in 2024 and 2025, social enterprises among them."""
    if SpendImport.objects.exists():
        return
    officer = context.objects.get("user:procurement")
    social = list(
        Organisation.objects.filter(
            kind=OrganisationKind.SOCIAL_ENTERPRISE, kvk_number__isnull=False
        ).order_by("pk")[:10]
    )
    companies = list({o.pk: o for o in suppliers if o.kvk_number}.values())[:30]
    for year, growth in ((2024, 0), (2025, 1)):
        lines = []
        chosen = {o.pk: o for o in [*companies, *social[: 6 + 4 * growth]]}.values()
        for number, organisation in enumerate(chosen, start=2):
            amount = 40_000 + (number * 7_919) % 260_000
            if organisation.kind == OrganisationKind.SOCIAL_ENTERPRISE:
                amount = 8_000 + (number * 3_571) % 60_000 + 15_000 * growth
            lines.append([str(number), organisation.kvk_number, organisation.name, str(amount)])
        spend_import_create(
            actor=officer,
            label=f"Crediteurenanalyse {year}",
            period_start=date(year, 1, 1),
            period_end=date(year, 12, 31),
            file_name=f"crediteuren-{year}.xlsx",
            lines=lines,
        )
    context.say("spend per supplier for 2024 and 2025")
