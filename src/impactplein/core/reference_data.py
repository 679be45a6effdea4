"""The reference data every app shares, with the public source of each value.

Data migrations load these rows (``core/migrations/0002_reference_data.py``) with
``update_or_create`` on a natural key, so loading twice changes nothing and a later migration can
add rows or correct a value by calling :func:`load` again. Rows are never deleted by a migration:
organisations and reports may refer to them; an administrator switches a municipality off with
``is_active`` instead.

Unless named otherwise, facts come from the project's domain research note
``domain/impact-matching-and-region.md`` (cited below as "domain note §n"), which gives the public
URL of each fact. Values marked *to verify* are the best public value we found; check them with the
programme partners or the live source before relying on them.

This module imports nothing from Django, so the values can be read and tested on their own.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any


@dataclass(frozen=True)
class MunicipalityRow:
    cbs_code: str
    name: str
    latitude: Decimal
    longitude: Decimal
    postcode_ranges: tuple[tuple[int, int], ...]
    region: str = "Drechtsteden"
    province: str = "Zuid-Holland"
    is_active: bool = True


@dataclass(frozen=True)
class AreaRow:
    municipality: str  # CBS code
    slug: str
    name: str
    kind: str  # core.constants.AreaKind value


@dataclass(frozen=True)
class ThemeRow:
    slug: str
    name_nl: str
    name_en: str
    position: int


@dataclass(frozen=True)
class SDGRow:
    number: int
    name_nl: str
    name_en: str
    colour: str


@dataclass(frozen=True)
class SBISectionRow:
    version: str  # core.constants.SBIVersion value
    code: str
    name_nl: str
    name_en: str


# --- municipalities ------------------------------------------------------------------------------
# CBS codes and 4-digit postcode ranges: domain note §3.1 (codes confirmed against a 2004
# government table of municipality codes; postcodes from the encyclopaedia pages cited there).
# Coordinates: the centre of the main town as published by GeoNames and Wikipedia, rounded to four
# decimals. They place a municipality on a map; they are not a surveyed centroid.
# Hardinxveld-Giessendam (GM0523) joined the Drechtsteden in 2018 (domain note §3.1); the note
# gives no postcodes for it, the range 3370-3373 is PostNL's 337x area for the town (to verify).
MUNICIPALITIES: tuple[MunicipalityRow, ...] = (
    MunicipalityRow(
        "GM0482", "Alblasserdam", Decimal("51.8658"), Decimal("4.6600"), ((2951, 2954),)
    ),
    # Dordrecht: 3300-3329 for the whole municipality; street addresses mostly 3311-3329.
    MunicipalityRow("GM0505", "Dordrecht", Decimal("51.8133"), Decimal("4.6901"), ((3300, 3329),)),
    MunicipalityRow(
        "GM0531", "Hendrik-Ido-Ambacht", Decimal("51.8442"), Decimal("4.6389"), ((3340, 3344),)
    ),
    MunicipalityRow(
        "GM0590", "Papendrecht", Decimal("51.8317"), Decimal("4.6875"), ((3350, 3356),)
    ),
    # Sliedrecht: 3360-3364 (de.wikipedia); other snapshots give 3361-3364 and 3366 (to verify).
    MunicipalityRow("GM0610", "Sliedrecht", Decimal("51.8208"), Decimal("4.7764"), ((3360, 3364),)),
    # Zwijndrecht includes Heerjansdam (2995) since 2003.
    MunicipalityRow(
        "GM0642",
        "Zwijndrecht",
        Decimal("51.8150"),
        Decimal("4.6333"),
        ((3331, 3336), (2995, 2995)),
    ),
    MunicipalityRow(
        "GM0523",
        "Hardinxveld-Giessendam",
        Decimal("51.8258"),
        Decimal("4.8431"),
        ((3370, 3373),),
    ),
)

DORDRECHT = "GM0505"

# --- areas of Dordrecht --------------------------------------------------------------------------
# The city centre and districts: domain note §3.2 (names confirmed in the sources listed there).
# Districts the note marks unverified (Zuidhoven, Staart, Oudland, Nieuwe Dordtse Biesbosch, Land
# van Valk) are left out until checked against the CBS Wijk- en Buurtkaart.
# Business parks: domain note §3.3. The Westelijke Dordtse Oever (WDO) is the umbrella over Dordtse
# Kil and Zeehaven; it is not a separate area, so an organisation sits in exactly one park.
DORDRECHT_AREAS: tuple[AreaRow, ...] = (
    AreaRow(DORDRECHT, "binnenstad", "Binnenstad", "centre"),
    # districts
    AreaRow(DORDRECHT, "noordflank", "Noordflank", "district"),
    AreaRow(DORDRECHT, "reeland", "Reeland", "district"),
    AreaRow(DORDRECHT, "oud-krispijn", "Oud-Krispijn", "district"),
    AreaRow(DORDRECHT, "nieuw-krispijn", "Nieuw-Krispijn", "district"),
    AreaRow(DORDRECHT, "wielwijk", "Wielwijk", "district"),
    AreaRow(DORDRECHT, "crabbehof", "Crabbehof", "district"),
    AreaRow(DORDRECHT, "sterrenburg", "Sterrenburg", "district"),
    AreaRow(DORDRECHT, "stadspolders", "Stadspolders", "district"),
    AreaRow(DORDRECHT, "de-hoven", "De Hoven", "district"),
    AreaRow(DORDRECHT, "dubbeldam", "Dubbeldam", "district"),
    AreaRow(DORDRECHT, "buitengebied", "Dordtse buitengebied", "district"),
    # business parks
    AreaRow(DORDRECHT, "dordtse-kil-1", "Dordtse Kil I", "business_park"),
    AreaRow(DORDRECHT, "dordtse-kil-2", "Dordtse Kil II", "business_park"),
    AreaRow(DORDRECHT, "dordtse-kil-3", "Dordtse Kil III", "business_park"),
    AreaRow(DORDRECHT, "dordtse-kil-4", "Dordtse Kil IV", "business_park"),
    AreaRow(DORDRECHT, "zeehaven", "Zeehaven Dordrecht", "business_park"),
    AreaRow(DORDRECHT, "louterbloemen", "Louterbloemen", "business_park"),
    AreaRow(DORDRECHT, "kilkade", "Kilkade", "business_park"),
    AreaRow(DORDRECHT, "wilhelminahaven", "Wilhelminahaven", "business_park"),
    AreaRow(DORDRECHT, "merwedehavens", "Merwedehavens", "business_park"),
    AreaRow(DORDRECHT, "amstelwijck", "Businesspark Amstelwijck", "business_park"),
    AreaRow(DORDRECHT, "krabbepolder", "Krabbepolder", "business_park"),
    AreaRow(DORDRECHT, "distripark", "Distripark Dordrecht", "business_park"),
)

# --- social themes -------------------------------------------------------------------------------
# The local vocabulary of maatschappelijke thema's: domain note §7.2 (``SocialTheme``). The English
# names are our translation.
THEMES: tuple[ThemeRow, ...] = (
    ThemeRow(
        "bestaanszekerheid", "Bestaanszekerheid en armoede", "Financial security and poverty", 10
    ),
    ThemeRow("arbeidsparticipatie", "Arbeidsparticipatie", "Labour participation", 20),
    ThemeRow("jeugd-onderwijs", "Jeugd en onderwijs", "Youth and education", 30),
    ThemeRow("gezondheid-zorg", "Gezondheid en zorg", "Health and care", 40),
    ThemeRow("mantelzorg", "Mantelzorg", "Informal care", 50),
    ThemeRow(
        "eenzaamheid-cohesie",
        "Eenzaamheid en sociale cohesie",
        "Loneliness and social cohesion",
        60,
    ),
    ThemeRow("wijk-leefbaarheid", "Wijk en leefbaarheid", "Neighbourhood and liveability", 70),
    ThemeRow("duurzaamheid-klimaat", "Duurzaamheid en klimaat", "Sustainability and climate", 80),
    ThemeRow("circulaire-economie", "Circulaire economie", "Circular economy", 90),
    ThemeRow("voedsel", "Voedsel", "Food", 100),
    ThemeRow("cultuur-sport", "Cultuur en sport", "Culture and sport", 110),
    ThemeRow("veiligheid", "Veiligheid", "Safety", 120),
)

# --- the 17 Sustainable Development Goals --------------------------------------------------------
# Names in English and Dutch: domain note §2.6 (English from the UN goal titles; Dutch 1-9 from
# sdgnederland.nl, 10-17 as used in Dutch SDG icon sets). Colours: the United Nations' "Sustainable
# Development Goals - Guidelines for the use of the SDG logo including the colour wheel, and 17
# icons" (UN Department of Global Communications). The domain note lists the same values and
# confirmed SDG 15 and 16 in public code; stored in lower case.
SDGS: tuple[SDGRow, ...] = (
    SDGRow(1, "Geen armoede", "No Poverty", "#e5243b"),
    SDGRow(2, "Geen honger", "Zero Hunger", "#dda63a"),
    SDGRow(3, "Goede gezondheid en welzijn", "Good Health and Well-being", "#4c9f38"),
    SDGRow(4, "Kwaliteitsonderwijs", "Quality Education", "#c5192d"),
    SDGRow(5, "Gendergelijkheid", "Gender Equality", "#ff3a21"),
    SDGRow(6, "Schoon water en sanitair", "Clean Water and Sanitation", "#26bde2"),
    SDGRow(7, "Betaalbare en duurzame energie", "Affordable and Clean Energy", "#fcc30b"),
    SDGRow(8, "Eerlijk werk en economische groei", "Decent Work and Economic Growth", "#a21942"),
    SDGRow(
        9,
        "Industrie, innovatie en infrastructuur",
        "Industry, Innovation and Infrastructure",
        "#fd6925",
    ),
    SDGRow(10, "Ongelijkheid verminderen", "Reduced Inequalities", "#dd1367"),
    SDGRow(
        11, "Duurzame steden en gemeenschappen", "Sustainable Cities and Communities", "#fd9d24"
    ),
    SDGRow(
        12,
        "Verantwoorde consumptie en productie",
        "Responsible Consumption and Production",
        "#bf8b2e",
    ),
    SDGRow(13, "Klimaatactie", "Climate Action", "#3f7e44"),
    SDGRow(14, "Leven in het water", "Life Below Water", "#0a97d9"),
    SDGRow(15, "Leven op het land", "Life on Land", "#56c02b"),
    SDGRow(
        16,
        "Vrede, justitie en sterke publieke diensten",
        "Peace, Justice and Strong Institutions",
        "#00689d",
    ),
    SDGRow(
        17, "Partnerschap om doelstellingen te bereiken", "Partnerships for the Goals", "#19486a"
    ),
)

# --- SBI sections --------------------------------------------------------------------------------
# SBI 2008, sections A-U: domain note §4.1 (Dutch titles as used by CBS,
# cbs.nl "SBI 2008 - Standaard Bedrijfsindeling 2008"; English titles are the NACE Rev. 2 section
# names).
SBI_2008: tuple[SBISectionRow, ...] = (
    SBISectionRow(
        "2008", "A", "Landbouw, bosbouw en visserij", "Agriculture, forestry and fishing"
    ),
    SBISectionRow("2008", "B", "Winning van delfstoffen", "Mining and quarrying"),
    SBISectionRow("2008", "C", "Industrie", "Manufacturing"),
    SBISectionRow(
        "2008",
        "D",
        "Productie en distributie van en handel in elektriciteit, aardgas, stoom en gekoelde lucht",
        "Electricity, gas, steam and air conditioning supply",
    ),
    SBISectionRow(
        "2008",
        "E",
        "Winning en distributie van water; afval- en afvalwaterbeheer en sanering",
        "Water supply; sewerage, waste management and remediation",
    ),
    SBISectionRow("2008", "F", "Bouwnijverheid", "Construction"),
    SBISectionRow(
        "2008",
        "G",
        "Groot- en detailhandel; reparatie van auto's",
        "Wholesale and retail trade; repair of motor vehicles",
    ),
    SBISectionRow("2008", "H", "Vervoer en opslag", "Transportation and storage"),
    SBISectionRow(
        "2008",
        "I",
        "Logies-, maaltijd- en drankverstrekking",
        "Accommodation and food service activities",
    ),
    SBISectionRow("2008", "J", "Informatie en communicatie", "Information and communication"),
    SBISectionRow("2008", "K", "Financiële instellingen", "Financial and insurance activities"),
    SBISectionRow("2008", "L", "Verhuur van en handel in onroerend goed", "Real estate activities"),
    SBISectionRow(
        "2008",
        "M",
        "Advisering, onderzoek en overige specialistische zakelijke dienstverlening",
        "Professional, scientific and technical activities",
    ),
    SBISectionRow(
        "2008",
        "N",
        "Verhuur van roerende goederen en overige zakelijke dienstverlening",
        "Administrative and support service activities",
    ),
    SBISectionRow(
        "2008",
        "O",
        "Openbaar bestuur, overheidsdiensten en verplichte sociale verzekeringen",
        "Public administration and defence; compulsory social security",
    ),
    SBISectionRow("2008", "P", "Onderwijs", "Education"),
    SBISectionRow(
        "2008", "Q", "Gezondheids- en welzijnszorg", "Human health and social work activities"
    ),
    SBISectionRow("2008", "R", "Cultuur, sport en recreatie", "Arts, entertainment and recreation"),
    SBISectionRow("2008", "S", "Overige dienstverlening", "Other service activities"),
    SBISectionRow(
        "2008",
        "T",
        "Huishoudens als werkgever; niet-gedifferentieerde productie van goederen en diensten "
        "door huishoudens voor eigen gebruik",
        "Activities of households as employers; undifferentiated production for own use",
    ),
    SBISectionRow(
        "2008",
        "U",
        "Extraterritoriale organisaties en lichamen",
        "Activities of extraterritorial organisations and bodies",
    ),
)

# SBI 2025, sections A-V, used by the KVK since 7 September 2025: domain note §4.2. SBI 2025
# follows NACE Rev. 2.1; the English titles are the section titles of NACE Rev. 2.1 in the Annex
# to Commission Delegated Regulation (EU) 2023/137 (the note confirmed J, K and L independently).
# Dutch titles: where a section keeps the content of an SBI 2008 section we use that CBS title;
# G, J, K and S changed content and their Dutch titles are our translation until the CBS titles
# are checked (open item in domain note §8).
SBI_2025: tuple[SBISectionRow, ...] = (
    SBISectionRow(
        "2025", "A", "Landbouw, bosbouw en visserij", "Agriculture, forestry and fishing"
    ),
    SBISectionRow("2025", "B", "Winning van delfstoffen", "Mining and quarrying"),
    SBISectionRow("2025", "C", "Industrie", "Manufacturing"),
    SBISectionRow(
        "2025",
        "D",
        "Productie en distributie van en handel in elektriciteit, aardgas, stoom en gekoelde lucht",
        "Electricity, gas, steam and air conditioning supply",
    ),
    SBISectionRow(
        "2025",
        "E",
        "Winning en distributie van water; afval- en afvalwaterbeheer en sanering",
        "Water supply; sewerage, waste management and remediation activities",
    ),
    SBISectionRow("2025", "F", "Bouwnijverheid", "Construction"),
    SBISectionRow("2025", "G", "Groot- en detailhandel", "Wholesale and retail trade"),
    SBISectionRow("2025", "H", "Vervoer en opslag", "Transportation and storage"),
    SBISectionRow(
        "2025",
        "I",
        "Logies-, maaltijd- en drankverstrekking",
        "Accommodation and food service activities",
    ),
    SBISectionRow(
        "2025",
        "J",
        "Uitgeverijen, omroepen en productie en distributie van content",
        "Publishing, broadcasting, and content production and distribution activities",
    ),
    SBISectionRow(
        "2025",
        "K",
        "Telecommunicatie, computerprogrammering, advisering, computerinfrastructuur en overige "
        "informatiedienstverlening",
        "Telecommunication, computer programming, consulting, computing infrastructure and other "
        "information service activities",
    ),
    SBISectionRow("2025", "L", "Financiële instellingen", "Financial and insurance activities"),
    SBISectionRow("2025", "M", "Verhuur van en handel in onroerend goed", "Real estate activities"),
    SBISectionRow(
        "2025",
        "N",
        "Advisering, onderzoek en overige specialistische zakelijke dienstverlening",
        "Professional, scientific and technical activities",
    ),
    SBISectionRow(
        "2025",
        "O",
        "Verhuur van roerende goederen en overige zakelijke dienstverlening",
        "Administrative and support service activities",
    ),
    SBISectionRow(
        "2025",
        "P",
        "Openbaar bestuur, overheidsdiensten en verplichte sociale verzekeringen",
        "Public administration and defence; compulsory social security",
    ),
    SBISectionRow("2025", "Q", "Onderwijs", "Education"),
    SBISectionRow(
        "2025", "R", "Gezondheids- en welzijnszorg", "Human health and social work activities"
    ),
    SBISectionRow("2025", "S", "Kunst, sport en recreatie", "Arts, sports and recreation"),
    SBISectionRow("2025", "T", "Overige dienstverlening", "Other service activities"),
    SBISectionRow(
        "2025",
        "U",
        "Huishoudens als werkgever; niet-gedifferentieerde productie van goederen en diensten "
        "door huishoudens voor eigen gebruik",
        "Activities of households as employers; undifferentiated goods- and services-producing "
        "activities of households for own use",
    ),
    SBISectionRow(
        "2025",
        "V",
        "Extraterritoriale organisaties en lichamen",
        "Activities of extraterritorial organisations and bodies",
    ),
)

SBI_SECTIONS: tuple[SBISectionRow, ...] = SBI_2008 + SBI_2025


def _values(row: Any, *natural_key: str) -> tuple[dict[str, Any], dict[str, Any]]:
    data = asdict(row)
    key = {name: data.pop(name) for name in natural_key}
    return key, data


def _upsert(model: Any, rows: Iterable[Any], *natural_key: str) -> None:
    for row in rows:
        key, defaults = _values(row, *natural_key)
        model.objects.update_or_create(**key, defaults=defaults)


def load(apps: Any, schema_editor: Any = None) -> None:
    """Create or update every reference row; safe to run any number of times.

    Takes the migration's historical ``apps`` so it works from any later data migration too.
    """
    municipality_model = apps.get_model("core", "Municipality")
    for municipality_row in MUNICIPALITIES:
        key, defaults = _values(municipality_row, "cbs_code")
        defaults["postcode_ranges"] = [list(pair) for pair in municipality_row.postcode_ranges]
        municipality_model.objects.update_or_create(**key, defaults=defaults)

    area_model = apps.get_model("core", "Area")
    for area_row in DORDRECHT_AREAS:
        municipality = municipality_model.objects.get(cbs_code=area_row.municipality)
        area_model.objects.update_or_create(
            municipality=municipality,
            slug=area_row.slug,
            defaults={"name": area_row.name, "kind": area_row.kind},
        )

    _upsert(apps.get_model("core", "Theme"), THEMES, "slug")
    _upsert(apps.get_model("core", "SDG"), SDGS, "number")
    _upsert(apps.get_model("core", "SBISection"), SBI_SECTIONS, "version", "code")
