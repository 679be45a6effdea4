"""About 300 made-up organisations of every kind across the Drechtsteden (``seed_demo``).

Real geography (municipalities, postcode areas, districts and business parks from the reference
data), fictional names and numbers. Sectors follow the region's profile (domain note §3.4, §7.4):
maritime industry and logistics on the business parks, dredging in Sliedrecht, care, retail and
hospitality in the districts.
"""

from impactplein.core.constants import AreaKind
from impactplein.core.demo import DemoContext
from impactplein.core.models import Area, Municipality
from impactplein.organisations.constants import LegalForm, MembershipRole, OrganisationKind
from impactplein.organisations.services import membership_add, organisation_create

TOTAL = 300

# The programme's partners (BRIEF.md) and the participating municipalities are real bodies; their
# addresses and numbers here are fictional.
PARTNERS = (
    ("Stichting Maatschappelijk Betrokken Ondernemen Dordrecht", LegalForm.STICHTING),
    ("Werkgeversservicepunt Baanbrekend Drechtsteden", LegalForm.OTHER),
    ("Dordrechtse Ondernemersvereniging (DOV)", LegalForm.VERENIGING),
    ("Werkgevers Drechtsteden", LegalForm.VERENIGING),
)

PLACE_WORDS = (
    "Merwede",
    "Drechtstad",
    "Biesbosch",
    "Kil",
    "Oude Maas",
    "Noord",
    "Wantij",
    "Dordtse",
    "Zwijndrechtse Waard",
    "Alblas",
    "Baanhoek",
    "Kinderdijk",
    "Riviera",
    "Kreek",
    "Polder",
    "Heerjansdam",
    "Devel",
    "Thuredrecht",
    "Stadswerven",
    "Waterpoort",
)
COMPANY_SECTORS = {
    # area kind -> (name ending, SBI 2008 code)
    AreaKind.BUSINESS_PARK: (
        ("Scheepsbouw", "3011"),
        ("Logistiek", "4941"),
        ("Hydrauliek", "2812"),
        ("Offshore Services", "0910"),
        ("Opslag en Overslag", "5210"),
        ("Metaalbewerking", "2562"),
        ("Elektrotechniek", "4321"),
        ("Installatietechniek", "4322"),
        ("Recycling", "3832"),
        ("Transport", "4941"),
        ("Machinebouw", "2829"),
    ),
    AreaKind.DISTRICT: (
        ("Thuiszorg", "8810"),
        ("Bakkerij", "1071"),
        ("Fietsenmaker", "9529"),
        ("Kapsalon", "9602"),
        ("Administratiekantoor", "6920"),
        ("Schildersbedrijf", "4334"),
        ("Supermarkt", "4711"),
        ("Kinderopvang", "8891"),
        ("Loodgieter", "4322"),
        ("IT-diensten", "6202"),
    ),
    AreaKind.CITY_CENTRE: (
        ("Koffiebar", "5630"),
        ("Boekhandel", "4761"),
        ("Restaurant", "5610"),
        ("Reclamebureau", "7311"),
        ("Architecten", "7111"),
        ("Advocaten", "6910"),
        ("Modewinkel", "4771"),
        ("Hotel", "5510"),
    ),
}
DREDGING = (("Baggerwerken", "4291"), ("Waterbouw", "4291"), ("Dredging Equipment", "3011"))
SOCIAL_ENTERPRISES = (
    ("Werkplaats", "3299"),
    ("Kringloop", "4779"),
    ("Fietsherstel", "9529"),
    ("Koffiebranderij", "1083"),
    ("Schoonmaak", "8121"),
    ("Groenonderhoud", "8130"),
    ("Naaiatelier", "1413"),
    ("Lunchroom", "5610"),
    ("Drukkerij", "1812"),
    ("Timmerwerkplaats", "1623"),
)
SOCIAL_WORDS = (
    "Samen",
    "Op Weg",
    "Nieuwe Kansen",
    "Vakwerk",
    "Meedoen",
    "Talent",
    "Doorstart",
    "Kracht",
    "Ruimte",
    "Buurtwerk",
)
SOCIAL_ORGANISATIONS = (
    "Stichting Buurtkracht",
    "Stichting Taalmaatjes",
    "Vereniging Samen Sporten",
    "Stichting Schuldhulp Samen",
    "Stichting Mantelzorg Steunpunt",
    "Stichting Jongerenwerk",
    "Stichting Maaltijd Samen",
    "Vereniging Buurthuis",
    "Stichting Natuur in de Wijk",
    "Stichting Digitaal Meedoen",
    "Stichting Voorleesmaatjes",
    "Stichting Klussendienst",
)
SCHOOLS = (
    ("Praktijkschool", "8531"),
    ("Vakcollege", "8531"),
    ("Basisschool De Regenboog", "8520"),
    ("Leerwerkcentrum", "8559"),
    ("Opleidingscentrum Techniek", "8532"),
)
STREETS = (
    "Industrieweg",
    "Handelsweg",
    "Kerkstraat",
    "Dorpsstraat",
    "Havenkade",
    "Molenstraat",
    "Stationsweg",
    "Rijksstraatweg",
    "Nijverheidsweg",
    "Marktplein",
    "Lindenlaan",
    "Dijkweg",
    "Ambachtsweg",
    "Schoolstraat",
    "Parallelweg",
    "Julianastraat",
)
LETTERS = "ABCDEFGHJKLMNPRTVWXZ"
AREA_CODES = {"GM0610": "0184", "GM0523": "0184"}  # the others dial 078
LEGAL_FORMS_BY_KIND = {
    OrganisationKind.COMPANY: (LegalForm.BV, LegalForm.BV, LegalForm.EENMANSZAAK, LegalForm.VOF),
    OrganisationKind.SOCIAL_ENTERPRISE: (LegalForm.BV, LegalForm.STICHTING, LegalForm.COOPERATIE),
    OrganisationKind.SOCIAL_ORGANISATION: (LegalForm.STICHTING, LegalForm.VERENIGING),
    OrganisationKind.EDUCATION: (LegalForm.STICHTING,),
}


class _Generator:
    def __init__(self, context: DemoContext) -> None:
        self.rng = context.rng
        self.municipalities = list(Municipality.objects.filter(is_active=True).order_by("cbs_code"))
        self.areas: dict[int, list[Area]] = {}
        for area in Area.objects.order_by("slug"):
            self.areas.setdefault(area.municipality_id, []).append(area)
        self.used_names: set[str] = set()
        self.used_numbers: set[str] = set()

    def number(self, digits: int) -> str:
        while True:
            value = str(self.rng.randrange(10 ** (digits - 1), 10**digits))
            if value not in self.used_numbers:
                self.used_numbers.add(value)
                return value

    def unique(self, name: str) -> str:
        candidate, counter = name, 2
        while candidate in self.used_names:
            candidate = f"{name} {counter}"
            counter += 1
        self.used_names.add(candidate)
        return candidate

    def municipality(self) -> Municipality:
        # Dordrecht is the centre of the programme: about half of the organisations are there.
        if self.rng.random() < 0.5:
            return next(m for m in self.municipalities if m.cbs_code == "GM0505")
        return self.rng.choice(self.municipalities)

    def area(self, municipality: Municipality, kinds: tuple[str, ...]) -> Area | None:
        choices = [a for a in self.areas.get(municipality.pk, []) if a.kind in kinds]
        return self.rng.choice(choices) if choices else None

    def address(self, municipality: Municipality) -> dict[str, object]:
        low, high = self.rng.choice(municipality.postcode_ranges)
        letters = ""
        while letters in ("", "SA", "SD", "SS"):
            letters = self.rng.choice(LETTERS) + self.rng.choice(LETTERS)
        area_code = AREA_CODES.get(municipality.cbs_code, "078")
        subscriber_length = 10 - len(area_code)
        return {
            "street": self.rng.choice(STREETS),
            "house_number": self.rng.randint(1, 250),
            "postcode": f"{self.rng.randint(low, high)} {letters}",
            "city": municipality.name,
            "municipality": municipality,
            "phone": area_code
            + str(self.rng.randrange(2 * 10 ** (subscriber_length - 1), 10**subscriber_length)),
        }

    def fields(
        self,
        *,
        name: str,
        kind: str,
        legal_form: str,
        municipality: Municipality,
        area: Area | None,
        sbi_code: str = "",
    ) -> dict[str, object]:
        name = self.unique(name)
        slug = "".join(ch for ch in name.lower() if ch.isalnum())[:40]
        has_kvk = kind != OrganisationKind.GOVERNMENT
        return {
            "name": name,
            "kind": kind,
            "legal_form": legal_form,
            "kvk_number": self.number(8) if has_kvk else None,
            "establishment_number": self.number(12) if has_kvk else None,
            "area": area,
            "sbi_code": sbi_code,
            "sbi_version": "2008" if sbi_code else "",
            "website": f"https://www.{slug}.example.nl",
            "email": f"info@{slug}.example.nl",
            **self.address(municipality),
        }


def _specs(gen: _Generator) -> list[dict[str, object]]:
    rng = gen.rng
    dordrecht = next(m for m in gen.municipalities if m.cbs_code == "GM0505")
    specs = [
        gen.fields(
            name=name,
            kind=OrganisationKind.PROGRAMME_PARTNER,
            legal_form=form,
            municipality=dordrecht,
            area=gen.area(dordrecht, (AreaKind.CITY_CENTRE,)),
        )
        for name, form in PARTNERS
    ]
    specs += [
        gen.fields(
            name=f"Gemeente {m.name}",
            kind=OrganisationKind.GOVERNMENT,
            legal_form=LegalForm.OVERHEID,
            municipality=m,
            area=None,
            sbi_code="8411",
        )
        for m in gen.municipalities
    ]
    for index in range(60):
        municipality = gen.municipality()
        base = SOCIAL_ORGANISATIONS[index % len(SOCIAL_ORGANISATIONS)]
        area = gen.area(municipality, (AreaKind.DISTRICT, AreaKind.CITY_CENTRE))
        where = area.name if area else municipality.name
        specs.append(
            gen.fields(
                name=f"{base} {where}",
                kind=OrganisationKind.SOCIAL_ORGANISATION,
                legal_form=rng.choice(LEGAL_FORMS_BY_KIND[OrganisationKind.SOCIAL_ORGANISATION]),
                municipality=municipality,
                area=area,
                sbi_code=rng.choice(("8899", "9499", "9312")),
            )
        )
    for _index in range(12):
        municipality = gen.municipality()
        school, sbi = rng.choice(SCHOOLS)
        specs.append(
            gen.fields(
                name=f"{school} {rng.choice(PLACE_WORDS)}",
                kind=OrganisationKind.EDUCATION,
                legal_form=LegalForm.STICHTING,
                municipality=municipality,
                area=gen.area(municipality, (AreaKind.DISTRICT,)),
                sbi_code=sbi,
            )
        )
    for _index in range(50):
        municipality = gen.municipality()
        trade, sbi = rng.choice(SOCIAL_ENTERPRISES)
        specs.append(
            gen.fields(
                name=f"{trade} {rng.choice(SOCIAL_WORDS)}",
                kind=OrganisationKind.SOCIAL_ENTERPRISE,
                legal_form=rng.choice(LEGAL_FORMS_BY_KIND[OrganisationKind.SOCIAL_ENTERPRISE]),
                municipality=municipality,
                area=gen.area(municipality, (AreaKind.DISTRICT, AreaKind.CITY_CENTRE)),
                sbi_code=sbi,
            )
        )
    while len(specs) < TOTAL:
        municipality = gen.municipality()
        kind = rng.choice(list(COMPANY_SECTORS))
        area = gen.area(municipality, (kind,))
        sectors = COMPANY_SECTORS[area.kind if area else AreaKind.DISTRICT]
        if municipality.cbs_code == "GM0610" and rng.random() < 0.5:
            sectors = DREDGING
        trade, sbi = rng.choice(sectors)
        specs.append(
            gen.fields(
                name=f"{rng.choice(PLACE_WORDS)} {trade}",
                kind=OrganisationKind.COMPANY,
                legal_form=rng.choice(LEGAL_FORMS_BY_KIND[OrganisationKind.COMPANY]),
                municipality=municipality,
                area=area,
                sbi_code=sbi,
            )
        )
    return specs


def seed(context: DemoContext) -> None:
    generator = _Generator(context)
    organisations = [organisation_create(actor=None, **spec) for spec in _specs(generator)]
    by_kind: dict[str, list] = {}
    for organisation in organisations:
        by_kind.setdefault(organisation.kind, []).append(organisation)
    context.remember("organisations", organisations)

    company = by_kind[OrganisationKind.SOCIAL_ENTERPRISE][0]
    social = by_kind[OrganisationKind.SOCIAL_ORGANISATION][0]
    membership_add(
        actor=None,
        organisation=company,
        user=context.get("user:entrepreneur"),
        role=MembershipRole.OWNER,
    )
    membership_add(
        actor=None, organisation=social, user=context.get("user:social"), role=MembershipRole.OWNER
    )
    context.remember("organisation:entrepreneur", company)
    context.remember("organisation:social", social)
    context.say(
        f"{len(organisations)} organisations; {company.name} belongs to the demo "
        f"entrepreneur, {social.name} to the social-organisation member"
    )
