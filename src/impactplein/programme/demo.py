"""The programme's demo: the partnership of the council letter with two programme years.

Runs after the organisations (and the other apps). The five partners of the letter
(raadsinformatiebrief "Ondernemen met impact", see ../shared/seed/) are matched to the demo
organisations by name and made when missing; their objectives O1–O5 follow the letter. The
partnership started last calendar year, so the demo shows a finished first year and a running
second one, with the re-evaluation of the funding ahead. Budget and funding of both years are the
letter's: EUR 150,000 covered by 50,000 + 30,000 + 75,000, a surplus of 5,000. Activities,
timeline entries and expenses are made up, in the spirit of the letter's action programme.
"""

from datetime import date
from decimal import Decimal

from django.utils import timezone

from impactplein.core.demo import DemoContext
from impactplein.core.models import Municipality
from impactplein.organisations.constants import LegalForm, MembershipRole, OrganisationKind
from impactplein.organisations.models import Organisation
from impactplein.organisations.services import membership_add, organisation_create
from impactplein.programme import services
from impactplein.programme.constants import ActivityStatus, BudgetCategory, FundingKind
from impactplein.programme.models import Activity, Partner, Partnership

AMBITION = (
    "Onze ambitie is het stimuleren van ondernemen met impact door het zichtbaar te maken, te "
    "faciliteren en te versterken, met respect voor wat er al is en gebeurt in de stad en regio."
)

# (short name, names to look for, legal form if made, role in the partnership)
PARTNERS = (
    (
        "MBO Dordrecht",
        ("Stichting Maatschappelijk Betrokken Ondernemen Dordrecht", "Stichting MBO Dordrecht"),
        LegalForm.STICHTING,
        "Voert het programma uit en groeit uit tot kenniscentrum en vraagbaak.",
    ),
    (
        "Gemeente",
        ("Gemeente Dordrecht", "gemeente Dordrecht"),
        LegalForm.OVERHEID,
        "Koopt sociaal en duurzaam in en levert een medewerker van Dordt Onderneemt.",
    ),
    (
        "WSP",
        ("Werkgeversservicepunt Baanbrekend Drechtsteden", "WSP Baanbrekend Drechtsteden"),
        LegalForm.OTHER,
        "Regionale werkgeversdienstverlening; levert de adviseur inclusief werkgeverschap.",
    ),
    (
        "DOV",
        ("Dordrechtse Ondernemersvereniging (DOV)", "DOV"),
        LegalForm.VERENIGING,
        "Agendeert ondernemen met impact bij de eigen leden.",
    ),
    (
        "WD",
        ("Werkgevers Drechtsteden",),
        LegalForm.VERENIGING,
        "Agendeert ondernemen met impact bij de eigen leden.",
    ),
)

# (code, title, owners by short name; () means all partners together)
OBJECTIVES = (
    (
        "O1",
        "Zichtbaarheid van ondernemers met impact",
        "Gezamenlijk bieden we ondernemers met impact zichtbaarheid in onze stad en worden ook "
        "anderen geïnspireerd om mee te doen en hun kennis en innovatiekracht over te dragen.",
        (),
    ),
    (
        "O2",
        "Kenniscentrum en vraagbaak",
        "Stichting MBO Dordrecht ontwikkelt zich tot kenniscentrum en vraagbaak voor ondernemen "
        "met impact en verbindt bedrijven en maatschappelijke organisaties rond maatschappelijke "
        "thema's, vraagstukken of casuïstiek.",
        ("MBO Dordrecht",),
    ),
    (
        "O3",
        "Sociaal en duurzaam inkopen",
        "De gemeente Dordrecht koopt sociaal en duurzaam in en vraagt dit ook van de partijen "
        "waarbij zij aanbesteedt.",
        ("Gemeente",),
    ),
    (
        "O4",
        "Inclusief werkgeverschap aantrekkelijk maken",
        "Door de regionale werkgeversdienstverlening maakt WSP Baanbrekend Drechtsteden het voor "
        "werkgevers aantrekkelijk om mensen met een uitkering of beperking in dienst te nemen.",
        ("WSP",),
    ),
    (
        "O5",
        "Agenderen en lobbyen bij de achterban",
        "DOV en WD zetten zich in om binnen hun eigen achterban ondernemen met impact te "
        "agenderen, hierover actief te lobbyen en kennis te delen.",
        ("DOV", "WD"),
    ),
)

# Year one: (objective, partner, title, weight, status, progress, start month, end month)
FIRST_YEAR = (
    ("O1", "MBO Dordrecht", "Etalage van impactondernemers op Impactplein", "3", "done", 100, 1, 6),
    ("O1", "Gemeente", "Verhalen van impactondernemers in de stadskrant", "1", "done", 100, 3, 12),
    ("O1", "DOV", "Impactprijs Dordrecht", "2", "done", 100, 5, 11),
    ("O2", "MBO Dordrecht", "Vraagbaak voor ondernemers met impact", "3", "running", 60, 2, 12),
    ("O2", "MBO Dordrecht", "Beursvloer Dordrecht", "2", "done", 100, 4, 10),
    ("O2", "MBO Dordrecht", "Gids financiering en markttoegang", "1", "postponed", 20, 6, 12),
    (
        "O3",
        "Gemeente",
        "Social return in alle aanbestedingen boven de drempel",
        "3",
        "running",
        70,
        1,
        12,
    ),
    ("O3", "Gemeente", "Buy Social-lijst voor inkopers", "1", "done", 100, 3, 9),
    ("O4", "WSP", "Werkgeversontbijt inclusief werkgeverschap", "1", "done", 100, 3, 3),
    ("O4", "WSP", "Matching van kandidaten met impactondernemers", "3", "running", 45, 1, 12),
    ("O5", "DOV", "Impactondernemen op de ledenavonden", "1", "done", 100, 2, 11),
    ("O5", "WD", "Lobbyagenda ondernemen met impact", "2", "stopped", 30, 4, 12),
)
# Year two: new activities beside the ones carried over.
SECOND_YEAR_NEW = (
    (
        "O1",
        "Gemeente",
        "Impactondernemers in de gemeentelijke nieuwsbrief",
        "1",
        "running",
        60,
        1,
        12,
    ),
    (
        "O1",
        "MBO Dordrecht",
        "Impactroute langs bedrijven in de Binnenstad",
        "2",
        "running",
        50,
        3,
        10,
    ),
    (
        "O2",
        "MBO Dordrecht",
        "Kennissessies over maatschappelijk ondernemen",
        "1",
        "running",
        40,
        1,
        12,
    ),
    ("O4", "WSP", "Banenafspraak-spreekuur voor werkgevers", "2", "planned", 0, 9, 12),
    ("O5", "WD", "Regionale werkgeverscampagne", "2", "running", 35, 2, 12),
)
# Progress of the carried-over activities during year two, by title.
SECOND_YEAR_PROGRESS = {
    "Vraagbaak voor ondernemers met impact": ("running", 80),
    "Gids financiering en markttoegang": ("running", 55),
    "Social return in alle aanbestedingen boven de drempel": ("running", 85),
    "Matching van kandidaten met impactondernemers": ("running", 65),
}

BUDGET_LINES = (
    (BudgetCategory.STAFF, "Uitvoering door Stichting MBO Dordrecht", "95000"),
    (BudgetCategory.ACTIVITIES, "Bijeenkomsten, beursvloer en impactprijs", "30000"),
    (BudgetCategory.COMMUNICATION, "Platform, website en communicatie", "15000"),
    (BudgetCategory.OFFICE, "Organisatie, huisvesting en administratie", "10000"),
)
# The letter's three sources: "bijdrage bedrijfsleven (€ 50.000,-); middelen vanuit
# Arbeidsmarktbeleid (€ 30.000,-); participatiemiddelen (€ 75.000,-)".
FUNDING = (
    (FundingKind.BUSINESS, "Bijdrage bedrijfsleven", None, "bedrijfsleven", "50000"),
    (FundingKind.LABOUR_MARKET, "Middelen arbeidsmarktbeleid", "Gemeente", "", "30000"),
    (FundingKind.PARTICIPATION, "Participatiemiddelen", "Gemeente", "", "75000"),
)
# (month, day, category, description, amount)
EXPENSES = (
    (1, 31, BudgetCategory.STAFF, "Uitvoering januari–maart", "23750"),
    (2, 14, BudgetCategory.COMMUNICATION, "Inrichting Impactplein", "6500"),
    (3, 20, BudgetCategory.ACTIVITIES, "Werkgeversontbijt: zaal en catering", "1850"),
    (4, 30, BudgetCategory.STAFF, "Uitvoering april–juni", "23750"),
    (5, 15, BudgetCategory.OFFICE, "Werkplek en administratie eerste halfjaar", "4800"),
    (6, 12, BudgetCategory.ACTIVITIES, "Beursvloer Dordrecht", "9200"),
    (7, 31, BudgetCategory.STAFF, "Uitvoering juli–september", "23750"),
    (9, 18, BudgetCategory.COMMUNICATION, "Verhalenreeks en fotografie", "3900"),
    (10, 31, BudgetCategory.STAFF, "Uitvoering oktober–december", "23750"),
    (11, 20, BudgetCategory.ACTIVITIES, "Impactprijs: avond en prijzen", "7400"),
    (12, 10, BudgetCategory.OFFICE, "Werkplek en administratie tweede halfjaar", "4800"),
)


def _partner_organisation(names: tuple[str, ...], legal_form: str) -> Organisation:
    for name in names:
        found = Organisation.objects.filter(name__iexact=name).order_by("pk").first()
        if found is not None:
            return found
    dordrecht = Municipality.objects.get(cbs_code="GM0505")
    return organisation_create(
        actor=None,
        name=names[0],
        kind=(
            OrganisationKind.GOVERNMENT
            if legal_form == LegalForm.OVERHEID
            else OrganisationKind.PROGRAMME_PARTNER
        ),
        legal_form=legal_form,
        municipality=dordrecht,
        city="Dordrecht",
    )


def _partnership(context: DemoContext, start_year: int) -> tuple[Partnership, dict[str, Partner]]:
    partnership = services.partnership_create(
        actor=None,
        name="Ondernemen met impact Dordrecht",
        start_year=start_year,
        duration_years=5,
        ambition=AMBITION,
    )
    partners = {}
    for order, (short, names, legal_form, role) in enumerate(PARTNERS):
        partners[short] = services.partner_add(
            actor=None,
            partnership=partnership,
            organisation=_partner_organisation(names, legal_form),
            short_name=short,
            role=role,
            order=order,
        )
    for order, (code, title, description, owners) in enumerate(OBJECTIVES):
        services.objective_add(
            actor=None,
            partnership=partnership,
            code=code,
            title=title,
            description=description,
            owners=[partners[s] for s in owners],
            shared_by_all=not owners,
            order=order,
        )
    team = (
        (
            "MBO Dordrecht",
            "Programmacoördinator en uitvoering",
            context.objects.get("user:coordinator"),
        ),
        ("WSP", "Adviseur inclusief werkgeverschap", None),
        ("Gemeente", "Medewerker Dordt Onderneemt", None),
    )
    for order, (short, role, user) in enumerate(team):
        services.team_member_add(
            actor=None,
            partnership=partnership,
            partner=partners[short],
            role_description=role,
            user=user,
            order=order,
        )
    return partnership, partners


def _activity(programme, objectives, partners, spec, year: int) -> Activity:  # type: ignore[no-untyped-def]
    code, short, title, weight, status, progress, start, end = spec
    return services.activity_create(
        actor=None,
        programme=programme,
        objective=objectives[code],
        partner=partners[short],
        title=title,
        description="",
        planned_start=date(year, start, 1),
        planned_end=date(year, end, 28),
        status=status,
        progress=progress,
        weight=Decimal(weight),
    )


def _timeline(activity: Activity, year: int, author: object) -> None:
    start = activity.planned_start or date(year, 1, 1)
    services.timeline_entry_add(
        actor=author,  # type: ignore[arg-type]
        activity=activity,
        date=start,
        title="Gestart",
        description="De trekker heeft de aanpak besproken aan de overlegtafel.",
    )
    if activity.status == ActivityStatus.DONE:
        services.timeline_entry_add(
            actor=author,  # type: ignore[arg-type]
            activity=activity,
            date=min(activity.planned_end or start, date(year, 12, 31)),
            title="Afgerond",
            description="Resultaat gedeeld met de partners.",
        )


def _budget(
    partnership: Partnership,
    partners: dict[str, Partner],
    year: int,
    today: date,
    coordinator: object,
) -> None:
    budget = services.budget_create(
        actor=None,
        partnership=partnership,
        year=year,
        notes="Begroting en dekking volgens de raadsinformatiebrief.",
    )
    for category, description, amount in BUDGET_LINES:
        services.budget_line_add(
            actor=None,
            budget=budget,
            category=category,
            description=description,
            amount=Decimal(amount),
        )
    finished = date(year, 12, 31) < today
    for kind, name, partner, funder, amount in FUNDING:
        committed = Decimal(amount)
        services.funding_source_add(
            actor=None,
            budget=budget,
            kind=kind,
            name=name,
            partner=partners[partner] if partner else None,
            funder=funder,
            committed=committed,
            received=_received(kind, committed, finished),
        )
    for month, day, category, description, amount in EXPENSES:
        spent_on = date(year, month, day)
        if spent_on > today:
            continue
        services.expenditure_add(
            actor=coordinator,  # type: ignore[arg-type]
            budget=budget,
            date=spent_on,
            category=category,
            description=description,
            amount=Decimal(amount),
        )


def _received(kind: str, committed: Decimal, finished: bool) -> Decimal:
    """A finished year is paid in full; in the running year the municipal funds are paid at the
    start, while the businesses' contributions come in over the year (three quarters so far)."""
    if finished or kind != FundingKind.BUSINESS:
        return committed
    return (committed * Decimal("0.75")).quantize(Decimal("1"))


def _partner_member(context: DemoContext, partners: dict[str, Partner]) -> object | None:
    """Make the demo's partner account (if accounts/demo.py has one) a member of the WSP, so it
    keeps the WSP's activities up to date without a staff role."""
    user = context.objects.get("user:partner")
    if user is not None:
        membership_add(
            actor=None,
            organisation=partners["WSP"].organisation,
            user=user,
            role=MembershipRole.EDITOR,
        )
    return user


def seed(context: DemoContext) -> None:
    today = timezone.localdate()
    first_year = today.year - 1
    partnership, partners = _partnership(context, first_year)
    objectives = {o.code: o for o in partnership.objectives.all()}
    coordinator = context.objects.get("user:coordinator")

    first = services.programme_create(actor=coordinator, partnership=partnership, year=first_year)
    for spec in FIRST_YEAR:
        _timeline(_activity(first, objectives, partners, spec, first_year), first_year, coordinator)
    services.programme_adopt(
        actor=coordinator, programme=first, expected_version=1, on=date(first_year, 1, 25)
    )

    second_year = first_year + 1
    second = services.programme_for_next_year(
        actor=coordinator, partnership=partnership, year=second_year
    )
    for activity in second.activities.all():
        status, progress = SECOND_YEAR_PROGRESS.get(
            activity.title, (activity.status, activity.progress)
        )
        services.activity_update(
            actor=coordinator,
            activity=activity,
            expected_version=activity.version,
            status=status,
            progress=progress,
        )
        services.timeline_entry_add(
            actor=coordinator,
            activity=activity,
            date=date(second_year, 2, 1),
            title="Voortgezet in het nieuwe actieprogramma",
            description="Overgenomen uit het programma van vorig jaar.",
        )
    for spec in SECOND_YEAR_NEW:
        _timeline(
            _activity(second, objectives, partners, spec, second_year), second_year, coordinator
        )
    services.programme_adopt(
        actor=coordinator, programme=second, expected_version=1, on=date(second_year, 1, 30)
    )

    for year in (first_year, second_year):
        _budget(partnership, partners, year, today, coordinator)
    partner_user = _partner_member(context, partners)
    context.remember("programme:partnership", partnership)
    context.say(
        f"programme {partnership.start_year}–{partnership.end_year}: {len(partners)} partners, "
        f"action programmes {first_year} and {second_year} with "
        f"{Activity.objects.filter(programme__partnership=partnership).count()} activities, "
        "budgets from the council letter"
        + (f"; {partner_user} updates the WSP's activities" if partner_user else "")
    )
    from impactplein.programme.demo_meetings import seed_meetings

    seed_meetings(context, partnership=partnership, coordinator=coordinator)
    from impactplein.programme.demo_kpis import seed_kpis

    seed_kpis(context, partnership=partnership, coordinator=coordinator)
    from impactplein.programme.demo_evaluation import seed_evaluations

    seed_evaluations(context, partnership=partnership, coordinator=coordinator)
