"""Impact profiles for most demo organisations, so the showcase has something to show.

Runs after ``organisations/demo.py``. Every record goes through the directory's services: a
profile is saved as a draft with its figures (``joining.profile_save``) and published with
``services.profile_publish`` at a date in the last two years; certifications (some expired) and
impact scans are recorded through their services. A handful of profiles stay draft or submitted,
so the review queue has work. The texts are made up but follow what social enterprises and
companies in the Drechtsteden do (the trades of ``organisations/demo.py``). At the end the search
index is rebuilt in one go, so the showcase is complete without waiting for the worker.
"""

from datetime import timedelta
from decimal import Decimal
from typing import Any, NamedTuple

from django.utils import timezone

from impactplein.core.demo import DemoContext
from impactplein.core.models import SDG, Theme
from impactplein.directory import indexing, joining, scan, services
from impactplein.directory.constants import (
    CertificationKind,
    CertificationLevel,
    FigureKind,
    ImpactModel,
)
from impactplein.directory.models import PITCH_MAX_LENGTH
from impactplein.organisations.constants import OrganisationKind
from impactplein.organisations.models import Organisation

EMPLOYMENT = ImpactModel.EMPLOYMENT
PRODUCT = ImpactModel.SOCIAL_PRODUCT
ENVIRONMENT = ImpactModel.ENVIRONMENTAL
COMMUNITY = ImpactModel.COMMUNITY

# The share of each kind of organisation that has an impact profile.
PROFILE_SHARE = {
    OrganisationKind.SOCIAL_ENTERPRISE: 1.0,
    OrganisationKind.COMPANY: 0.65,
    OrganisationKind.SOCIAL_ORGANISATION: 0.5,
    OrganisationKind.EDUCATION: 0.5,
}
UNPUBLISHED = {"draft": 4, "submitted": 6}


class Trade(NamedTuple):
    """What an organisation of a trade does, and the impact it typically makes."""

    does: str  # one sentence, "{place}" is filled in
    models: tuple[str, ...]
    themes: tuple[str, ...]
    sdgs: tuple[int, ...]
    targets: tuple[str, ...]
    offer: str = ""  # what it sells to buyers, if anything


TRADES: dict[str, Trade] = {
    # Social enterprises (organisations/demo.py SOCIAL_ENTERPRISES).
    "Werkplaats": Trade(
        "Onze werkplaats in {place} monteert en verpakt in opdracht van bedrijven uit de regio.",
        (EMPLOYMENT,),
        ("arbeidsparticipatie",),
        (8, 10),
        ("mensen met een arbeidsbeperking", "mensen in de bijstand"),
        "Assemblage, inpakwerk en mailings, ook in kleine series.",
    ),
    "Kringloop": Trade(
        "Wij geven meubels, kleding en huisraad in {place} een tweede leven.",
        (EMPLOYMENT, ENVIRONMENT),
        ("circulaire-economie", "arbeidsparticipatie"),
        (8, 12),
        ("mensen met een afstand tot de arbeidsmarkt", "statushouders"),
        "Ophalen en leeghalen van woningen en kantoren, inrichten met gebruikt meubilair.",
    ),
    "Fietsherstel": Trade(
        "Wij maken fietsen weer rijklaar en verkopen ze met garantie, vanuit {place}.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "duurzaamheid-klimaat"),
        (8, 11, 12),
        ("jongeren zonder startkwalificatie", "statushouders"),
        "Onderhoud van dienstfietsen en een fietsenstalling bij evenementen.",
    ),
    "Koffiebranderij": Trade(
        "Wij branden koffie van kleine boerencoöperaties in onze branderij in {place}.",
        (EMPLOYMENT, PRODUCT),
        ("arbeidsparticipatie", "voedsel"),
        (1, 8, 12),
        ("jongeren met autisme", "mensen met een arbeidsbeperking"),
        "Koffie voor kantoren en vergaderingen, met onderhoud van de machines.",
    ),
    "Schoonmaak": Trade(
        "Wij maken kantoren, scholen en trappenhuizen in {place} en omgeving schoon.",
        (EMPLOYMENT,),
        ("arbeidsparticipatie", "bestaanszekerheid"),
        (1, 8),
        ("mensen in de bijstand", "55-plussers zonder werk"),
        "Dagelijkse schoonmaak, glasbewassing en opleveringen.",
    ),
    "Groenonderhoud": Trade(
        "Wij onderhouden parken, plantsoenen en bedrijfstuinen in {place}.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "wijk-leefbaarheid", "duurzaamheid-klimaat"),
        (8, 11, 15),
        ("mensen met een arbeidsbeperking", "jongeren zonder startkwalificatie"),
        "Groenonderhoud, natuurvriendelijke tuinen en het vergroenen van schoolpleinen.",
    ),
    "Naaiatelier": Trade(
        "In ons atelier in {place} naaien wij tassen en bedrijfskleding van reststoffen.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "circulaire-economie", "eenzaamheid-cohesie"),
        (5, 8, 12),
        ("vrouwen met een migratieachtergrond", "statushouders"),
        "Relatiegeschenken en bedrijfskleding, ook van uw eigen afgedankte banners.",
    ),
    "Lunchroom": Trade(
        "Onze lunchroom in {place} is een leerwerkplek voor de horeca, met een eerlijke kaart.",
        (EMPLOYMENT, PRODUCT),
        ("arbeidsparticipatie", "voedsel", "eenzaamheid-cohesie"),
        (2, 8),
        ("jongeren uit het praktijkonderwijs", "mensen met een arbeidsbeperking"),
        "Lunches en catering voor vergaderingen en bijeenkomsten.",
    ),
    "Drukkerij": Trade(
        "Wij drukken folders, visitekaartjes en boekjes op gerecycled papier in {place}.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "circulaire-economie"),
        (8, 12),
        ("mensen met een arbeidsbeperking",),
        "Drukwerk, mailings en afwerking voor bedrijven en gemeenten.",
    ),
    "Timmerwerkplaats": Trade(
        "In onze timmerwerkplaats in {place} maken wij meubels van sloophout.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "circulaire-economie"),
        (8, 12),
        ("jongeren zonder startkwalificatie", "ex-gedetineerden"),
        "Meubels op maat, inrichting van kantoren en buurthuizen.",
    ),
    # Companies (organisations/demo.py COMPANY_SECTORS and DREDGING).
    "Scheepsbouw": Trade(
        "Wij bouwen en repareren binnenvaartschepen aan de Merwede bij {place}.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "duurzaamheid-klimaat"),
        (8, 9, 13),
        ("leerlingen in de bbl", "zij-instromers"),
    ),
    "Logistiek": Trade(
        "Wij slaan goederen op en bezorgen ze in de Drechtsteden vanuit {place}.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "duurzaamheid-klimaat"),
        (8, 13),
        ("mensen met een arbeidsbeperking", "statushouders"),
    ),
    "Transport": Trade(
        "Ons transportbedrijf in {place} rijdt voor de bouw en de maritieme industrie.",
        (EMPLOYMENT, ENVIRONMENT),
        ("arbeidsparticipatie", "duurzaamheid-klimaat"),
        (8, 13),
        ("zij-instromers",),
    ),
    "Recycling": Trade(
        "Wij scheiden en verwerken bedrijfsafval van ondernemers in {place}.",
        (ENVIRONMENT, EMPLOYMENT),
        ("circulaire-economie", "duurzaamheid-klimaat"),
        (11, 12, 13),
        ("mensen met een afstand tot de arbeidsmarkt",),
        "Inzameling van gescheiden bedrijfsafval en advies over minder afval.",
    ),
    "Bakkerij": Trade(
        "Wij bakken elke nacht brood en banket voor {place}.",
        (EMPLOYMENT, COMMUNITY),
        ("voedsel", "arbeidsparticipatie"),
        (2, 8, 12),
        ("jongeren uit het praktijkonderwijs",),
        "Lunchbrood en gebak voor vergaderingen, bezorgd in de regio.",
    ),
    "Thuiszorg": Trade(
        "Wij verlenen thuiszorg en huishoudelijke hulp in {place}.",
        (PRODUCT, EMPLOYMENT),
        ("gezondheid-zorg", "mantelzorg", "eenzaamheid-cohesie"),
        (3, 8),
        ("ouderen", "mantelzorgers"),
    ),
    "Kinderopvang": Trade(
        "Onze kinderopvang in {place} heeft plek voor kinderen uit alle buurten.",
        (PRODUCT, COMMUNITY),
        ("jeugd-onderwijs", "bestaanszekerheid"),
        (4, 5),
        ("kinderen uit gezinnen met weinig geld", "alleenstaande ouders"),
    ),
    "IT-diensten": Trade(
        "Wij beheren computers en netwerken van het mkb in {place}.",
        (EMPLOYMENT, COMMUNITY),
        ("arbeidsparticipatie", "jeugd-onderwijs"),
        (4, 8, 9),
        ("jongeren met autisme", "zij-instromers"),
        "Beheer van werkplekken, opgeknapte laptops voor scholen en buurthuizen.",
    ),
    "Restaurant": Trade(
        "Ons restaurant in {place} kookt met groente van boeren uit de Alblasserwaard.",
        (EMPLOYMENT, ENVIRONMENT),
        ("voedsel", "arbeidsparticipatie"),
        (8, 12),
        ("jongeren uit het praktijkonderwijs", "statushouders"),
        "Catering voor bijeenkomsten, met vegetarische en seizoensgerechten.",
    ),
    "Hotel": Trade(
        "Ons hotel in {place} leidt mensen op in housekeeping en keuken.",
        (EMPLOYMENT,),
        ("arbeidsparticipatie", "cultuur-sport"),
        (8,),
        ("statushouders", "mensen in de bijstand"),
    ),
    "Baggerwerken": Trade(
        "Wij baggeren havens en vaarwegen vanuit {place}, in binnen- en buitenland.",
        (ENVIRONMENT, EMPLOYMENT),
        ("duurzaamheid-klimaat", "arbeidsparticipatie"),
        (9, 13, 14),
        ("leerlingen in de bbl",),
    ),
    "Waterbouw": Trade(
        "Wij versterken dijken en oevers langs de rivieren rond {place}.",
        (ENVIRONMENT, EMPLOYMENT),
        ("duurzaamheid-klimaat", "veiligheid"),
        (6, 9, 13),
        ("leerlingen in de bbl", "zij-instromers"),
    ),
    # Social organisations (organisations/demo.py SOCIAL_ORGANISATIONS).
    "Buurtkracht": Trade(
        "Bewoners van {place} helpen elkaar: met klussen, boodschappen en een luisterend oor.",
        (COMMUNITY,),
        ("eenzaamheid-cohesie", "wijk-leefbaarheid"),
        (3, 10, 11),
        ("bewoners van de wijk", "ouderen"),
    ),
    "Taalmaatjes": Trade(
        "Wij koppelen vrijwillige taalmaatjes aan nieuwkomers in {place}.",
        (COMMUNITY,),
        ("jeugd-onderwijs", "eenzaamheid-cohesie"),
        (4, 10),
        ("statushouders", "laaggeletterden"),
    ),
    "Samen Sporten": Trade(
        "Wij maken sporten in {place} betaalbaar voor kinderen en volwassenen.",
        (COMMUNITY,),
        ("cultuur-sport", "gezondheid-zorg"),
        (3, 10),
        ("kinderen uit gezinnen met weinig geld",),
    ),
    "Schuldhulp": Trade(
        "Onze vrijwilligers helpen inwoners van {place} hun geldzaken op orde te krijgen.",
        (COMMUNITY,),
        ("bestaanszekerheid",),
        (1, 10),
        ("mensen met schulden",),
    ),
    "Mantelzorg": Trade(
        "Wij ondersteunen mantelzorgers in {place} met advies, respijtzorg en lotgenoten.",
        (COMMUNITY,),
        ("mantelzorg", "gezondheid-zorg"),
        (3, 5),
        ("mantelzorgers",),
    ),
    "Jongerenwerk": Trade(
        "Ons jongerenwerk in {place} biedt een plek, activiteiten en hulp bij school en werk.",
        (COMMUNITY,),
        ("jeugd-onderwijs", "veiligheid"),
        (4, 16),
        ("jongeren in de wijk",),
    ),
    "Maaltijd": Trade(
        "Wij koken elke week een gezamenlijke maaltijd voor wie in {place} alleen eet.",
        (COMMUNITY,),
        ("eenzaamheid-cohesie", "voedsel"),
        (2, 3),
        ("ouderen", "alleenstaanden"),
    ),
    "Buurthuis": Trade(
        "Ons buurthuis in {place} is open voor koffie, cursussen en het spreekuur.",
        (COMMUNITY,),
        ("wijk-leefbaarheid", "eenzaamheid-cohesie"),
        (11,),
        ("bewoners van de wijk",),
    ),
    "Natuur in de Wijk": Trade(
        "Met bewoners leggen wij moestuinen en geveltuinen aan in {place}.",
        (COMMUNITY, ENVIRONMENT),
        ("duurzaamheid-klimaat", "wijk-leefbaarheid"),
        (11, 13, 15),
        ("bewoners van de wijk",),
    ),
    "Digitaal Meedoen": Trade(
        "Wij helpen inwoners van {place} met de computer, DigiD en online bankieren.",
        (COMMUNITY,),
        ("bestaanszekerheid", "jeugd-onderwijs"),
        (4, 10),
        ("ouderen", "laaggeletterden"),
    ),
    "Voorleesmaatjes": Trade(
        "Onze vrijwilligers lezen thuis voor aan kinderen in {place}.",
        (COMMUNITY,),
        ("jeugd-onderwijs",),
        (4,),
        ("kinderen met een taalachterstand",),
    ),
    "Klussendienst": Trade(
        "Vrijwilligers doen kleine klussen bij inwoners van {place} die het zelf niet kunnen.",
        (COMMUNITY,),
        ("wijk-leefbaarheid", "mantelzorg"),
        (10, 11),
        ("ouderen", "mensen met een beperking"),
    ),
}
# What the other companies do; their impact is one of COMPANY_IMPACT.
DOES = {
    "Hydrauliek": "Wij ontwerpen en onderhouden hydraulische systemen voor schepen en kranen.",
    "Offshore Services": "Wij leveren mensen en materieel voor windparken op de Noordzee.",
    "Opslag en Overslag": "Wij slaan containers en bulkgoederen op en over aan de kade.",
    "Metaalbewerking": "Wij lassen, zetten en frezen staal en aluminium voor de scheepsbouw.",
    "Elektrotechniek": "Wij leggen elektrische installaties aan in woningen en bedrijfspanden.",
    "Installatietechniek": "Wij installeren warmtepompen, ventilatie en sanitair in de regio.",
    "Machinebouw": "Wij bouwen machines op maat voor de voedings- en verpakkingsindustrie.",
    "Dredging Equipment": "Wij bouwen baggerpompen en installaties voor de waterbouw.",
    "Fietsenmaker": "Onze fietsenwinkel in {place} repareert en verkoopt fietsen voor jong en oud.",
    "Kapsalon": "Onze kapsalon in {place} knipt de hele buurt, van peuter tot opa.",
    "Administratiekantoor": "Wij doen de boekhouding en de aangifte voor zzp'ers en het mkb.",
    "Schildersbedrijf": "Ons schildersbedrijf schildert woningen, scholen en kantoren in {place}.",
    "Supermarkt": "Onze supermarkt in {place} is er voor de dagelijkse boodschappen.",
    "Loodgieter": "Wij verhelpen lekkages en installeren cv-ketels in {place} en omgeving.",
    "Koffiebar": "Onze koffiebar in {place} schenkt koffie van een branderij uit de regio.",
    "Boekhandel": "Onze boekhandel in {place} verkoopt boeken en organiseert lezingen.",
    "Reclamebureau": "Ons reclamebureau maakt campagnes voor bedrijven en goede doelen.",
    "Architecten": "Ons bureau ontwerpt woningen en scholen, circulair waar het kan.",
    "Advocaten": "Ons kantoor in {place} staat ondernemers en particulieren bij.",
    "Modewinkel": "Onze modewinkel in {place} verkoopt kleding van eerlijke merken.",
}
COMPANY_IMPACT = (
    Trade(
        "Wij zijn een onderneming in {place}.",
        (EMPLOYMENT,),
        ("arbeidsparticipatie",),
        (8, 10),
        ("mensen met een arbeidsbeperking", "mensen in de bijstand"),
    ),
    Trade(
        "Wij zijn een onderneming in {place}.",
        (ENVIRONMENT,),
        ("duurzaamheid-klimaat", "circulaire-economie"),
        (7, 12, 13),
        (),
    ),
    Trade(
        "Wij zijn een onderneming in {place}.",
        (COMMUNITY,),
        ("wijk-leefbaarheid", "jeugd-onderwijs"),
        (4, 11, 17),
        ("jongeren in de wijk",),
    ),
)
SOCIAL_ORGANISATION = Trade(
    "Wij zijn een vrijwilligersorganisatie in {place}.",
    (COMMUNITY,),
    ("eenzaamheid-cohesie", "wijk-leefbaarheid"),
    (3, 10, 11),
    ("bewoners van de wijk", "ouderen"),
)
EDUCATION = Trade(
    "Wij leiden jongeren in {place} op voor een vak.",
    (COMMUNITY, EMPLOYMENT),
    ("jeugd-onderwijs", "arbeidsparticipatie"),
    (4, 8),
    ("jongeren zonder startkwalificatie", "leerlingen uit het praktijkonderwijs"),
)
IMPACT_SENTENCES = {
    EMPLOYMENT: (
        "Bij ons werken {targets} mee in vaste teams, met een jobcoach naast zich.",
        "Wij bieden leerwerkplekken met begeleiding, zodat {targets} een diploma halen.",
        "{n} collega's kwamen bij ons via het Werkgeversservicepunt Drechtsteden.",
    ),
    ENVIRONMENT: (
        "Wij rijden elektrisch en liggen met zonnepanelen op het dak op koers voor 2030.",
        "Restmateriaal gaat bij ons terug de kringloop in; we storten bijna niets meer.",
        "Wij halveren onze CO2-uitstoot voor 2030 en meten dat elk jaar.",
    ),
    PRODUCT: (
        "Wat wij maken, helpt mensen die het niet vanzelf krijgen.",
        "Een deel van onze opbrengst gaat naar mensen die het minder breed hebben.",
    ),
    COMMUNITY: (
        "Wij steunen buurtinitiatieven in {place} met vakkennis, materiaal en vrijwillige uren.",
        "Onze medewerkers geven gastlessen op scholen in de wijk.",
        "Wij organiseren elke maand een open middag voor de buurt.",
    ),
}
STORY = (
    "{name} begon in {year} met een eenvoudig idee: goed werk leveren en iedereen een plek "
    "geven. {impact} Samen met partners in de Drechtsteden groeien we stap voor stap. Wie bij ons "
    "binnenloopt, merkt dat meteen: hier wordt gewerkt, geleerd en gelachen."
)
SCAN_COUNT = 24


def _trade(organisation: Organisation, rng: Any) -> Trade:
    """What the organisation does, recognised by the trade word in its name."""
    name = organisation.name.lower()
    for word, trade in TRADES.items():
        if word.lower() in name:
            return trade
    if organisation.kind == OrganisationKind.SOCIAL_ORGANISATION:
        return SOCIAL_ORGANISATION
    if organisation.kind == OrganisationKind.EDUCATION:
        return EDUCATION
    impact = rng.choice(COMPANY_IMPACT)
    for word, does in DOES.items():
        if word.lower() in name:
            return impact._replace(does=does)
    return impact


def _pitch(organisation: Organisation, trade: Trade, rng: Any) -> str:
    place = organisation.city
    targets = " en ".join(trade.targets[:2]) if trade.targets else "mensen uit de buurt"
    sentence = trade.does.format(place=place)
    impact = rng.choice(IMPACT_SENTENCES[trade.models[0]]).format(
        place=place, targets=targets, n=rng.randint(3, 25)
    )
    pitch = f"{sentence} {impact}"
    return pitch if len(pitch) <= PITCH_MAX_LENGTH else sentence


def _figures(trade: Trade, rng: Any, this_year: int) -> list[dict[str, Any]]:
    fte = rng.randint(4, 80)
    figures = [
        {"year": this_year - 1, "kind": FigureKind.TOTAL_FTE, "value": Decimal(fte)},
    ]
    if EMPLOYMENT in trade.models:
        jobs = rng.randint(2, max(3, fte // 2))
        figures += [
            {"year": this_year - 1, "kind": FigureKind.TARGET_GROUP_JOBS, "value": Decimal(jobs)},
            {
                "year": this_year - 2,
                "kind": FigureKind.TARGET_GROUP_JOBS,
                "value": Decimal(max(1, jobs - rng.randint(0, 3))),
            },
            {
                "year": this_year - 1,
                "kind": FigureKind.TRAINING_PLACES,
                "value": Decimal(rng.randint(1, 12)),
            },
        ]
    if ENVIRONMENT in trade.models and rng.random() < 0.5:
        figures.append(
            {
                "year": this_year - 1,
                "kind": FigureKind.OTHER,
                "label": "ton CO2 minder dan in 2020",
                "value": Decimal(rng.randint(5, 400)),
            }
        )
    return figures


def _certify(organisation: Organisation, trade: Trade, rng: Any, today: Any) -> int:
    """Zero, one or two certifications; about one in five has expired."""
    kinds: list[tuple[str, str]] = []
    if organisation.kind == OrganisationKind.SOCIAL_ENTERPRISE:
        if rng.random() < 0.5:
            kinds.append((CertificationKind.CODE_SOCIALE_ONDERNEMINGEN, ""))
        if rng.random() < 0.4:
            kinds.append((CertificationKind.SOCIAL_ENTERPRISE_NL, ""))
    elif organisation.kind == OrganisationKind.COMPANY:
        if EMPLOYMENT in trade.models and rng.random() < 0.35:
            level = rng.choice(
                [
                    CertificationLevel.PSO_ASPIRANT,
                    CertificationLevel.PSO_BASIS,
                    CertificationLevel.PSO_TREDE_1,
                    CertificationLevel.PSO_TREDE_2,
                    CertificationLevel.PSO_TREDE_3,
                    CertificationLevel.PSO_30_PLUS,
                ]
            )
            kinds.append((CertificationKind.PSO, level))
        if ENVIRONMENT in trade.models and rng.random() < 0.3:
            level = rng.choice(
                [CertificationLevel.CO2_3, CertificationLevel.CO2_4, CertificationLevel.CO2_5]
            )
            kinds.append((CertificationKind.CO2_PRESTATIELADDER, level))
        if rng.random() < 0.05:
            kinds.append((CertificationKind.B_CORP, ""))
        if rng.random() < 0.05:
            kinds.append((CertificationKind.ISO_26000, ""))
    for kind, level in kinds:
        if rng.random() < 0.2:  # expired
            valid_until = today - timedelta(days=rng.randint(10, 400))
        else:
            valid_until = today + timedelta(days=rng.randint(20, 900))
        services.certification_add(
            actor=None,
            organisation=organisation,
            kind=kind,
            level=level,
            valid_from=valid_until - timedelta(days=3 * 365),
            valid_until=valid_until,
        )
    return len(kinds)


def _scan_answers(rng: Any, strength: float) -> dict[int, int | None]:
    answers: dict[int, int | None] = {}
    for question in scan.QUESTIONS:
        if rng.random() < 0.08:
            answers[question.number] = None
        else:
            answers[question.number] = max(0, min(4, round(rng.gauss(strength, 1.0))))
    return answers


def seed(context: DemoContext) -> None:
    rng = context.rng
    now = timezone.now()
    today = timezone.localdate()
    themes = {theme.slug: theme for theme in Theme.objects.all()}
    sdgs = {sdg.number: sdg for sdg in SDG.objects.all()}
    organisations: list[Organisation] = [
        organisation
        for organisation in context.get("organisations")
        if rng.random() < PROFILE_SHARE.get(organisation.kind, 0.0)
    ]
    entrepreneur = context.get("organisation:entrepreneur")
    # The last few stay unpublished (the demo entrepreneur's own profile is published).
    unpublished = [o for o in organisations if o.pk != entrepreneur.pk][
        -(UNPUBLISHED["draft"] + UNPUBLISHED["submitted"]) :
    ]
    drafts = {o.pk for o in unpublished[: UNPUBLISHED["draft"]]}
    submitted = {o.pk for o in unpublished[UNPUBLISHED["draft"] :]}

    published = certified = 0
    for organisation in organisations:
        trade = _trade(organisation, rng)
        sells = bool(trade.offer) and rng.random() < 0.8
        data = joining.ProfileInput(
            fields={
                "pitch": _pitch(organisation, trade, rng),
                "story": STORY.format(
                    name=organisation.name,
                    year=rng.randint(1995, 2022),
                    impact=rng.choice(IMPACT_SENTENCES[trade.models[-1]]).format(
                        place=organisation.city,
                        targets=" en ".join(trade.targets[:1]) or "buurtbewoners",
                        n=rng.randint(3, 25),
                    ),
                ),
                "impact_models": list(trade.models),
                "target_groups": list(trade.targets),
                "sells_to_buyers": sells,
                "offer": trade.offer if sells else "",
            },
            themes=[themes[slug] for slug in trade.themes if slug in themes],
            sdgs=[sdgs[number] for number in trade.sdgs if number in sdgs],
            figures=_figures(trade, rng, today.year),
        )
        result = joining.profile_save(
            actor=None,
            organisation=organisation,
            expected_version=None,
            data=data,
            submit=organisation.pk in submitted,
        )
        if organisation.pk in drafts or organisation.pk in submitted:
            continue
        services.profile_publish(
            actor=None,
            profile=result.profile,
            published_at=now - timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 1440)),
        )
        published += 1
        certified += _certify(organisation, trade, rng, today)

    scanned = rng.sample(organisations, min(SCAN_COUNT, len(organisations)))
    for index, organisation in enumerate(scanned):
        strength = rng.uniform(1.2, 3.6)
        if index % 4 == 0:  # an earlier scan too, so the history shows progress
            services.scan_record(
                actor=None, organisation=organisation, answers=_scan_answers(rng, strength - 0.8)
            )
        services.scan_record(
            actor=None, organisation=organisation, answers=_scan_answers(rng, strength)
        )

    indexed = indexing.index_all_profiles()
    context.say(
        f"{len(organisations)} impact profiles ({published} published, {len(submitted)} waiting "
        f"for review, {len(drafts)} drafts), {certified} certifications, {len(scanned)} "
        f"organisations with an impact scan; {indexed} profiles in the search index"
    )
    seed_stories(context)


# --- stories -------------------------------------------------------------------------------------
# Made-up stories about published demo enterprises; the photos are generated blocks of colour, one
# of them "with people" and a recorded (made-up) consent, so every state of the rules shows.

STORIES = (
    (
        "Van fietswrak tot vaste baan",
        "In de werkplaats leren mensen zonder werk het vak, en rijden afgedankte fietsen weer.",
        "Elke week komen er tientallen fietsen binnen die niemand meer wil hebben. In de "
        "werkplaats worden ze uit elkaar gehaald, nagekeken en weer opgebouwd.\n\nWie hier "
        "begint, heeft vaak lang niet gewerkt. Na een jaar heeft de helft een vaste baan bij een "
        "fietsenzaak.",
    ),
    (
        "Koffie met een tweede kans",
        "Een lunchroom waar statushouders het vak leren en de buurt samenkomt.",
        "De lunchroom draait op een team van koks, baristas en leerlingen. Iedereen begint met "
        "een proefperiode en een eigen begeleider.\n\nDe buurt komt voor de koffie en blijft voor "
        "de gesprekken.",
    ),
    (
        "Zonnepanelen op het buurthuis",
        "Bewoners leggen samen panelen en delen de opbrengst.",
        "Het begon met een vraag op een bewonersavond: kan ons dak niet meer doen?\n\nTwee jaar "
        "later liggen er tachtig panelen, geplaatst door een leerwerkbedrijf uit de regio.",
    ),
    (
        "Drukwerk dat mensen verbindt",
        "Een drukkerij waar iedereen meetelt, ook wie een afstand tot werk heeft.",
        "Aan de persen staan vakmensen naast mensen die nieuw zijn in het vak.\n\nDe drukkerij "
        "levert aan de gemeente en aan ondernemers uit de Drechtsteden.",
    ),
    (
        "Groen onderhoud met aandacht",
        "Een hoveniersbedrijf dat werk maakt van talent dat anderen over het hoofd zien.",
        "De ploegen onderhouden parken en bedrijventerreinen.\n\nIeder teamlid heeft een "
        "leerplan; wie wil, haalt een diploma.",
    ),
)


def _demo_picture(rng: Any) -> Any:
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile

    from PIL import Image

    colour = (rng.randint(40, 200), rng.randint(80, 200), rng.randint(40, 160))
    picture = Image.new("RGB", (960, 540), colour)
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile("demo.png", buffer.getvalue(), content_type="image/png")


def seed_stories(context: DemoContext) -> None:
    from impactplein.directory.constants import ConsentMethod, ConsentScope, ProfileStatus
    from impactplein.directory.models import ImpactProfile, Story

    rng = context.rng
    editor = context.get("user:editor")
    entrepreneur = context.get("organisation:entrepreneur")
    others = list(
        Organisation.objects.filter(impact_profile__status=ProfileStatus.PUBLISHED)
        .exclude(pk=entrepreneur.pk)
        .order_by("pk")[:20]
    )
    if not ImpactProfile.objects.filter(organisation=entrepreneur).exists() or not others:
        return
    subjects = [entrepreneur, *rng.sample(others, min(len(STORIES), len(others)))]
    published = 0
    for index, (title, lead, body) in enumerate(STORIES):
        story = services.story_create(
            actor=editor, organisations=[subjects[index]], title=title, lead=lead, body=body
        )
        with_people = index == 0
        consent_values = (
            {
                "consent_given_by": "Sam Jansen (verzonnen demopersoon)",
                "consent_given_on": timezone.localdate() - timedelta(days=30),
                "consent_scope": [ConsentScope.WEB, ConsentScope.PRINT],
                "consent_method": ConsentMethod.SIGNED_FORM,
            }
            if with_people
            else {}
        )
        services.story_photo_add(
            actor=editor,
            story=story,
            image=_demo_picture(rng),
            alt_text="Een gekleurd vlak: voorbeeldfoto van de demo",
            caption=title,
            shows_people=with_people,
            **consent_values,
        )
        story = services.story_publish(actor=editor, story=story, expected_version=story.version)
        Story.objects.filter(pk=story.pk).update(
            published_at=timezone.now() - timedelta(days=7 * index + rng.randint(0, 6))
        )
        published += 1
    # One waiting for the editors, written by the demo entrepreneur.
    writer = context.get("user:entrepreneur")
    waiting = services.story_create(
        actor=writer,
        organisations=[entrepreneur],
        title="Ons eerste jaar met leerwerkplekken",
        lead="Wat we leerden van vijf leerlingen in de werkplaats.",
        body="Een concept van de demo-ondernemer, ingediend bij de redactie.",
    )
    services.story_submit(actor=writer, story=waiting, expected_version=waiting.version)
    indexed = indexing.index_all_stories()
    context.say(f"{published} published stories and 1 waiting for review; {indexed} in the index")
