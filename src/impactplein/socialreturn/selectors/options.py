"""Fulfilment options: which social enterprises a supplier could buy from, and what it counts.

A supplier with a remaining obligation often does not know its options (domain note §8, "a
catalogue of fulfilment options"). This lists the published impact profiles that sell to buyers
(the directory's Buy Social listing), those in the Drechtsteden municipalities first, each with
its offer, the certifications valid today, and how much a purchase of a chosen amount would count
under the contract's pinned scheme: the engine values a purchase item with the enterprise's
certifications (``valuation.purchase_weight`` for the percentage, ``valuation.evaluate`` for the
euros, with the scheme's purchase block). Sorted by that weight, then by name.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Q

from impactplein.directory.constants import CertificationKind, ProfileStatus
from impactplein.directory.models import Certification, ImpactProfile
from impactplein.socialreturn import valuation
from impactplein.socialreturn.models import Contract

REGION = "Drechtsteden"  # core reference data: the municipalities' region
OUTSIDE_REGION_LIMIT = 50  # enterprises elsewhere, after the region's own


@dataclass(frozen=True)
class FulfilmentOption:
    profile: ImpactProfile
    name: str
    municipality: str
    in_region: bool
    offer: str
    certifications: tuple[str, ...]  # labels of the certifications valid today
    weight: Decimal  # percent a purchase counts for
    value: Decimal  # what a purchase of the chosen amount counts, whole euros


@dataclass(frozen=True)
class Options:
    amount: Decimal
    block: str  # the scheme's purchase block used ("" when the scheme has none)
    block_label: str
    scheme_label: str
    options: tuple[FulfilmentOption, ...]


def _engine_codes(certifications: Iterable[Certification]) -> tuple[str, ...]:
    codes = set()
    for certification in certifications:
        if certification.kind == CertificationKind.PSO and certification.level:
            codes.add(f"pso:{certification.level}")
        else:
            codes.add(str(certification.kind))
    return tuple(sorted(codes))


def _label(certification: Certification) -> str:
    name = str(certification.get_kind_display())
    if certification.level:
        name = f"{name} ({certification.get_level_display()})"
    return name


def _profiles(in_region: bool) -> list[ImpactProfile]:
    profiles = ImpactProfile.objects.filter(
        status=ProfileStatus.PUBLISHED, sells_to_buyers=True
    ).select_related("organisation", "organisation__municipality")
    region = Q(organisation__municipality__region=REGION)
    if in_region:
        return list(profiles.filter(region))
    # Elsewhere, only enterprises with a certification a scheme may weigh, by name.
    certified = Certification.objects.filter(
        kind__in=[
            CertificationKind.CODE_SOCIALE_ONDERNEMINGEN,
            CertificationKind.SOCIAL_ENTERPRISE_NL,
            CertificationKind.PSO,
        ]
    ).values("organisation_id")
    return list(
        profiles.exclude(region)
        .filter(organisation_id__in=certified)
        .order_by("organisation__name")[: OUTSIDE_REGION_LIMIT * 4]
    )


def _valid_today(organisation_ids: list[int], today: date) -> dict[int, list[Certification]]:
    found: dict[int, list[Certification]] = {}
    for certification in Certification.objects.filter(
        Q(valid_until__isnull=True) | Q(valid_until__gte=today),
        organisation_id__in=organisation_ids,
        valid_from__lte=today,
    ).order_by("kind", "level"):
        found.setdefault(certification.organisation_id, []).append(certification)
    return found


def fulfilment_options(contract: Contract, *, amount: Decimal, today: date) -> Options:
    """The social enterprises a supplier of ``contract`` could buy ``amount`` from, and what
    each purchase would count under the contract's scheme."""
    scheme = valuation.load_scheme(contract.scheme.definition)
    blocks = scheme.blocks_of_kind("purchase")
    block = blocks[0] if blocks else None
    terms = valuation.ContractTerms(
        reference=contract.reference,
        contract_type=contract.contract_type,
        value=contract.value,
        start=contract.start_date,
        end=contract.end_date,
        awarded_on=contract.awarded_on,
        labour_share=contract.labour_share,
        offered_percentage=contract.offered_percentage,
        supplier_pso_level=contract.supplier_pso_level or "",
    )
    values: dict[tuple[str, ...], Decimal] = {}

    def value_of(codes: tuple[str, ...]) -> Decimal:
        if block is None or amount <= 0:
            return Decimal(0)
        if codes not in values:
            item = valuation.Purchase(
                id="option",
                block=block.code,
                invoice_number="-",
                invoice_date=today,
                amount_excl_vat=amount,
                supplier_certifications=codes,
            )
            values[codes] = valuation.evaluate(terms, [item], scheme).items[0].amount
        return values[codes]

    chosen: list[FulfilmentOption] = []
    for in_region in (True, False):
        profiles = _profiles(in_region)
        certifications = _valid_today([p.organisation_id for p in profiles], today)
        group = []
        for profile in profiles:
            held = certifications.get(profile.organisation_id, [])
            codes = _engine_codes(held)
            weight = valuation.purchase_weight(scheme, codes)
            organisation = profile.organisation
            place = organisation.municipality.name if organisation.municipality else ""
            group.append(
                FulfilmentOption(
                    profile=profile,
                    name=organisation.name,
                    municipality=place,
                    in_region=in_region,
                    offer=profile.offer,
                    certifications=tuple(_label(c) for c in held),
                    weight=weight,
                    value=value_of(codes),
                )
            )
        group.sort(key=lambda option: (-option.weight, option.name.lower()))
        chosen.extend(group if in_region else group[:OUTSIDE_REGION_LIMIT])
    return Options(
        amount=amount,
        block=block.code if block else "",
        block_label=block.label if block else "",
        scheme_label=f"{contract.scheme.name} ({contract.scheme.version})",
        options=tuple(chosen),
    )
