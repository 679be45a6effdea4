"""The impact scan: a self-assessment in five areas, scored without any Django import.

The questions and the scoring follow the proposal in the domain research note
(``domain/impact-matching-and-region.md`` §2.8), which draws on the B Impact Assessment areas, the
Code Sociale Ondernemingen, the Social Enterprise NL criteria, Impactpad and MVO Start.

Scoring, in short:

- every question is answered on a maturity scale of 0 to 4, or marked *not applicable*, which takes
  it out of the area's maximum (``None``);
- an area's score is its points as a percentage of its maximum; an area with only
  not-applicable answers has no score and no weight;
- the total is the weighted mean of the scored areas (equal weights unless a programme year sets
  others);
- levels: *Starter* below 40, *Op weg* from 40, *Koploper* from 70 — but only when every scored area
  reaches 40, so one strong area cannot hide a weak one.

Scores are ``Decimal`` with one decimal, rounded half up, so a page, a report and an export show
the same figure.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Final


class Area(StrEnum):
    MISSION = "mission"
    PEOPLE = "people"
    COMMUNITY = "community"
    ENVIRONMENT = "environment"
    PRODUCT = "product"


class Level(StrEnum):
    STARTER = "starter"
    ON_THE_WAY = "op_weg"
    FRONT_RUNNER = "koploper"


AREA_NAMES: Final[dict[Area, tuple[str, str]]] = {
    Area.MISSION: ("Missie & bestuur", "Mission & governance"),
    Area.PEOPLE: ("Mens & werk", "People & work"),
    Area.COMMUNITY: ("Samenleving & regio", "Community & region"),
    Area.ENVIRONMENT: ("Milieu & klimaat", "Environment & climate"),
    Area.PRODUCT: ("Product & klant", "Product & customer"),
}

# The maturity scale; None means "not applicable to us".
SCALE: Final[dict[int, tuple[str, str]]] = {
    0: ("nee, nog niet", "no, not yet"),
    1: ("voornemen", "intention"),
    2: ("losse acties", "ad-hoc action"),
    3: ("beleid en gemeten", "policy, and measured"),
    4: ("doel gehaald en extern getoetst", "target met and externally verified"),
}
MAX_POINTS: Final = 4

STARTER_BELOW: Final = Decimal(40)
FRONT_RUNNER_FROM: Final = Decimal(70)
AREA_MINIMUM_FOR_FRONT_RUNNER: Final = Decimal(40)
_ONE_DECIMAL: Final = Decimal("0.1")


@dataclass(frozen=True)
class Question:
    number: int
    area: Area
    text_nl: str
    text_en: str
    sdgs: tuple[int, ...]


QUESTIONS: Final[tuple[Question, ...]] = (
    Question(
        1,
        Area.MISSION,
        (
            "Onze maatschappelijke of ecologische missie staat op papier (bij 'impact first' "
            "in de statuten)."
        ),
        (
            "Our social or ecological mission is written down (for 'impact first' companies, "
            "in the articles of association)."
        ),
        (17,),
    ),
    Question(
        2,
        Area.MISSION,
        "We hebben concrete impactdoelen en indicatoren (een verandertheorie).",
        "We have concrete impact goals and indicators (a theory of change).",
        (17,),
    ),
    Question(
        3,
        Area.MISSION,
        "We meten onze impact en rapporteren er jaarlijks openbaar over.",
        "We measure our impact and report on it publicly every year.",
        (12, 16),
    ),
    Question(
        4,
        Area.MISSION,
        "We kennen onze belanghebbenden en zijn met hen in gesprek.",
        "We know our stakeholders and are in dialogue with them.",
        (16, 17),
    ),
    Question(
        5,
        Area.MISSION,
        (
            "We hebben beleid voor de besteding van winst (herinvesteren, beperkte "
            "dividenduitkering)."
        ),
        "We have a policy for the use of profit (reinvestment, limited dividend).",
        (8, 10),
    ),
    Question(
        6,
        Area.PEOPLE,
        "We bieden werk aan mensen met een afstand tot de arbeidsmarkt.",
        "We employ people with a distance to the labour market.",
        (8, 10),
    ),
    Question(
        7,
        Area.PEOPLE,
        "We bieden leerwerkplekken, stages en werkervaringsplaatsen.",
        "We offer learning-and-working places, internships and work-experience places.",
        (4, 8),
    ),
    Question(
        8,
        Area.PEOPLE,
        "We zorgen voor eerlijke beloning, welzijn, gezondheid en veiligheid.",
        "We provide fair pay, wellbeing, health and safety.",
        (3, 8),
    ),
    Question(
        9,
        Area.PEOPLE,
        "We werken aan diversiteit en inclusie in team en leiding.",
        "We work on diversity and inclusion in staff and management.",
        (5, 10),
    ),
    Question(
        10,
        Area.COMMUNITY,
        "We kopen zoveel mogelijk lokaal in, in de Drechtsteden.",
        "We buy locally, in the Drechtsteden, as much as we can.",
        (8, 11),
    ),
    Question(
        11,
        Area.COMMUNITY,
        "We kopen in bij sociale ondernemingen en voldoen aan social return.",
        "We buy from social enterprises and fulfil social return obligations.",
        (8, 12),
    ),
    Question(
        12,
        Area.COMMUNITY,
        ("Onze medewerkers zetten zich als vrijwilliger in, bijvoorbeeld via de beursvloer."),
        "Our employees volunteer, for example through the matching market.",
        (11, 17),
    ),
    Question(
        13,
        Area.COMMUNITY,
        "We hebben vaste samenwerkingen met maatschappelijke organisaties.",
        "We have lasting partnerships with social organisations.",
        (17,),
    ),
    Question(
        14,
        Area.COMMUNITY,
        "We doneren, sponsoren of delen ruimte en materiaal.",
        "We donate, sponsor, or share space and materials.",
        (11, 17),
    ),
    Question(
        15,
        Area.ENVIRONMENT,
        "We meten ons energieverbruik en verminderen onze CO2-uitstoot.",
        "We measure our energy use and reduce our CO2 emissions.",
        (7, 13),
    ),
    Question(
        16,
        Area.ENVIRONMENT,
        "We werken circulair: minder afval, scheiden en hergebruiken.",
        "We work circularly: less waste, separation and reuse.",
        (12,),
    ),
    Question(
        17,
        Area.ENVIRONMENT,
        "We beperken de uitstoot van vervoer en logistiek.",
        "We limit the emissions of transport and logistics.",
        (11, 13),
    ),
    Question(
        18,
        Area.ENVIRONMENT,
        "We zorgen voor water, groen en klimaatadaptatie.",
        "We take care of water, green space and climate adaptation.",
        (6, 13, 15),
    ),
    Question(
        19,
        Area.PRODUCT,
        ("Ons product of onze dienst lost zelf een maatschappelijk of ecologisch probleem op."),
        "Our product or service itself solves a social or ecological problem.",
        (9, 12),
    ),
    Question(
        20,
        Area.PRODUCT,
        "We bedienen groepen die anders buiten de boot vallen.",
        "We serve groups that are otherwise left out.",
        (1, 10),
    ),
    Question(
        21,
        Area.PRODUCT,
        "We volgen wat ons product of onze dienst oplevert voor klanten of deelnemers.",
        "We follow the outcomes of our product or service for customers or beneficiaries.",
        (3, 12),
    ),
    Question(
        22,
        Area.PRODUCT,
        ("We letten op een verantwoorde keten: leveranciers, eerlijke handel, mensenrechten."),
        "We look after a responsible chain: suppliers, fair trade, human rights.",
        (8, 12),
    ),
)
QUESTION_NUMBERS: Final = frozenset(question.number for question in QUESTIONS)

Answers = Mapping[int, int | None]  # question number -> 0..4, or None for "not applicable"


class ScanError(ValueError):
    """The answers cannot be scored; the message says which question and why."""


@dataclass(frozen=True)
class ScanResult:
    area_scores: dict[Area, Decimal | None]  # None: every question of the area not applicable
    total: Decimal
    level: Level
    weights: dict[Area, Decimal]

    @property
    def weakest_area(self) -> Area | None:
        scored = {area: score for area, score in self.area_scores.items() if score is not None}
        return min(scored, key=lambda area: (scored[area], list(Area).index(area)), default=None)


def check_answers(answers: Answers) -> None:
    """Raise ``ScanError`` unless every question has an answer 0-4 or ``None``."""
    unknown = sorted(set(answers) - QUESTION_NUMBERS)
    if unknown:
        raise ScanError(f"Unknown question number(s): {', '.join(map(str, unknown))}")
    missing = sorted(QUESTION_NUMBERS - set(answers))
    if missing:
        raise ScanError(f"Question(s) not answered: {', '.join(map(str, missing))}")
    for number, value in sorted(answers.items()):
        if value is None:
            continue
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_POINTS:
            raise ScanError(f"Question {number}: the answer must be 0 to 4, or not applicable")


def _rounded(value: Decimal) -> Decimal:
    return value.quantize(_ONE_DECIMAL, rounding=ROUND_HALF_UP)


def area_score(answers: Answers, area: Area) -> Decimal | None:
    applicable = [
        answers[question.number]
        for question in QUESTIONS
        if question.area is area and answers[question.number] is not None
    ]
    if not applicable:
        return None
    points = sum(value for value in applicable if value is not None)
    return Decimal(points * 100) / Decimal(len(applicable) * MAX_POINTS)


def equal_weights() -> dict[Area, Decimal]:
    return {area: Decimal(1) for area in Area}


def score(answers: Answers, weights: Mapping[Area, Decimal] | None = None) -> ScanResult:
    """Score a complete set of answers; ``weights`` per area (default equal) may be set per year."""
    check_answers(answers)
    weights = dict(weights) if weights is not None else equal_weights()
    if set(weights) != set(Area) or any(weight < 0 for weight in weights.values()):
        raise ScanError("Give every area a weight of zero or more")

    exact = {area: area_score(answers, area) for area in Area}
    counted = {area: weights[area] for area, value in exact.items() if value is not None}
    weight_sum = sum(counted.values(), Decimal(0))
    if weight_sum == 0:
        total = Decimal(0)
    else:
        total = (
            sum(
                (exact[area] * weight for area, weight in counted.items()),  # type: ignore[operator]
                Decimal(0),
            )
            / weight_sum
        )

    area_scores = {
        area: None if value is None else _rounded(value) for area, value in exact.items()
    }
    total = _rounded(total)
    return ScanResult(
        area_scores=area_scores, total=total, level=level_for(total, area_scores), weights=weights
    )


def level_for(total: Decimal, area_scores: Mapping[Area, Decimal | None]) -> Level:
    if total < STARTER_BELOW:
        return Level.STARTER
    scored = [value for value in area_scores.values() if value is not None]
    if total >= FRONT_RUNNER_FROM and all(v >= AREA_MINIMUM_FOR_FRONT_RUNNER for v in scored):
        return Level.FRONT_RUNNER
    return Level.ON_THE_WAY
