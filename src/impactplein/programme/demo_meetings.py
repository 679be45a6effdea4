"""Demo: three meetings of the overlegtafel across the demo's two programme years.

The first (autumn of year one) looks back on the first year and decides on a new activity for
year two; the second (early in year two) changes an activity's planning and progress; the third
is the next meeting, still planned, with its agenda. Actions: some done, some open, one overdue.
Attendees are fictitious names, as free text.
"""

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from impactplein.core.demo import DemoContext
from impactplein.programme.constants import ActivityStatus
from impactplein.programme.models import Activity, MeetingStatus, Partnership
from impactplein.programme.services import meetings as writes
from impactplein.programme.services.programmes import timeline_entry_add

PRESENT = "present"
# Per meeting: partner short name -> (status, who came)
ATTENDANCE = (
    {
        "MBO Dordrecht": (PRESENT, "Marieke Bos (programmamanager)"),
        "DOV": (PRESENT, "Kees van Dijk"),
        "WD": ("excused", ""),
        "WSP": (PRESENT, "Fatima el Amrani"),
        "Gemeente": (PRESENT, "Peter Smit (Dordt Onderneemt)"),
    },
    {
        "MBO Dordrecht": (PRESENT, "Marieke Bos (programmamanager)"),
        "DOV": ("absent", ""),
        "WD": (PRESENT, "Linda Verhoeven"),
        "WSP": (PRESENT, "Fatima el Amrani"),
        "Gemeente": (PRESENT, "Peter Smit (Dordt Onderneemt)"),
    },
)


def _at(day: date, start: time, end: time) -> tuple[datetime, datetime]:
    tz = timezone.get_default_timezone()
    return (
        timezone.make_aware(datetime.combine(day, start), tz),
        timezone.make_aware(datetime.combine(day, end), tz),
    )


def _by_title(partnership: Partnership, year: int, title: str) -> Activity | None:
    return Activity.objects.filter(
        programme__partnership=partnership, programme__year=year, title=title
    ).first()


def _attendance(meeting: Any, partners: dict[str, Any], rows: dict[str, tuple[str, str]]) -> None:
    writes.attendance_record(
        actor=None,
        meeting=meeting,
        expected_version=meeting.version,
        rows=[
            (partners[name], status, who)
            for name, (status, who) in rows.items()
            if name in partners
        ],
    )


def seed_meetings(context: DemoContext, *, partnership: Partnership, coordinator: Any) -> None:
    today = timezone.localdate()
    first_year, second_year = partnership.start_year, partnership.start_year + 1
    partners = {partner.short_name: partner for partner in partnership.partners.all()}
    objectives = {objective.code: objective for objective in partnership.objectives.all()}
    second = partnership.programmes.filter(year=second_year).first()
    fallback = next(iter(partners.values()))

    # 1. Autumn of year one: looking back, and a new activity for year two.
    starts, ends = _at(date(first_year, 10, 7), time(15, 0), time(17, 0))
    autumn = writes.meeting_create(
        actor=coordinator,
        partnership=partnership,
        title="Overlegtafel najaar: terugblik en plannen",
        starts_at=starts,
        ends_at=ends,
        place="Stadskantoor Dordrecht, Spuiboulevard 300",
        status=MeetingStatus.HELD,
        agenda=[
            {"order": 1, "title": "Opening en mededelingen"},
            {
                "order": 2,
                "title": "Zichtbaarheid van impactondernemers",
                "description": "Resultaten van de etalage en de impactprijs.",
                "objective": objectives.get("O1"),
            },
            {
                "order": 3,
                "title": "Matching van kandidaten",
                "objective": objectives.get("O4"),
                "activity": _by_title(
                    partnership, first_year, "Matching van kandidaten met impactondernemers"
                ),
            },
            {"order": 4, "title": "Rondvraag en sluiting"},
        ],
    )
    _attendance(autumn, partners, ATTENDANCE[0])
    autumn = writes.meeting_update(
        actor=coordinator,
        meeting=autumn,
        expected_version=autumn.version + 1,
        minutes=(
            "De etalage en de impactprijs zijn afgerond en goed bezocht. De matching van "
            "kandidaten loopt, maar trager dan gehoopt.\n"
            "Afgesproken: in het nieuwe jaar ondernemerscafés in de wijken."
        ),
    )
    items = {item.order: item for item in autumn.agenda.all()}
    if second is not None and "O1" in objectives:
        created = writes.decision_add(
            actor=coordinator,
            meeting=autumn,
            agenda_item=items[2],
            text="In het volgende actieprogramma komen ondernemerscafés in de wijken.",
            create_in=second,
            new_activity={
                "title": "Ondernemerscafés in de wijken",
                "objective": objectives["O1"],
                "partner": partners.get("DOV", fallback),
                "status": ActivityStatus.PLANNED,
                "planned_start": date(second_year, 9, 1),
                "planned_end": date(second_year, 12, 15),
            },
        )
        if created.created_activity is not None:
            timeline_entry_add(
                actor=coordinator,
                activity=created.created_activity,
                date=date(first_year, 10, 7),
                title="Besloten aan de overlegtafel",
                description="Opgenomen in het actieprogramma na het najaarsoverleg.",
            )
    for description, owner, person, due, done in (
        (
            "Resultaten van de impactprijs delen met de gemeenteraad",
            "Gemeente",
            "P. Smit",
            date(first_year, 11, 15),
            date(first_year, 11, 10),
        ),
        (
            "Concept-actieprogramma voor het volgende jaar rondsturen",
            "MBO Dordrecht",
            "M. Bos",
            date(first_year, 12, 1),
            date(first_year, 11, 28),
        ),
        (
            "Overzicht van openstaande vacatures bij impactondernemers maken",
            "WSP",
            "",
            today - timedelta(days=20),
            None,
        ),
    ):
        action = writes.action_add(
            actor=coordinator,
            meeting=autumn,
            agenda_item=items[3] if owner == "WSP" else items[2],
            description=description,
            owner_partner=partners.get(owner, fallback),
            owner_person=person,
            due_date=due,
        )
        if done is not None:
            writes.action_close(actor=coordinator, action=action, expected_version=1, on=done)

    # 2. Early in year two: a change of planning and progress.
    spring_day = min(date(second_year, 3, 12), today - timedelta(days=35))
    starts, ends = _at(spring_day, time(15, 30), time(17, 0))
    spring = writes.meeting_create(
        actor=coordinator,
        partnership=partnership,
        title="Overlegtafel voorjaar: voortgang",
        starts_at=starts,
        ends_at=ends,
        place="",
        online_url="https://overleg.example.org/overlegtafel-voorjaar",
        status=MeetingStatus.HELD,
        agenda=[
            {"order": 1, "title": "Verslag en actiepunten vorig overleg"},
            {
                "order": 2,
                "title": "Gids financiering en markttoegang",
                "objective": objectives.get("O2"),
                "activity": _by_title(
                    partnership, second_year, "Gids financiering en markttoegang"
                ),
            },
            {"order": 3, "title": "Begroting en financiering", "description": "Stand van zaken."},
        ],
    )
    _attendance(spring, partners, ATTENDANCE[1])
    spring = writes.meeting_update(
        actor=coordinator,
        meeting=spring,
        expected_version=spring.version + 1,
        minutes=(
            "De gids is vorig jaar uitgesteld en loopt nu weer. De partners spreken af hem vóór "
            "de zomer te publiceren.\nDe begroting ligt op koers."
        ),
    )
    items = {item.order: item for item in spring.agenda.all()}
    guide = _by_title(partnership, second_year, "Gids financiering en markttoegang")
    if guide is not None:
        writes.decision_add(
            actor=coordinator,
            meeting=spring,
            agenda_item=items[2],
            text="De gids financiering en markttoegang verschijnt vóór 1 juli.",
            change=guide,
            changes={
                "status": ActivityStatus.RUNNING,
                "progress": 70,
                "planned_end": date(second_year, 6, 30),
            },
        )
    writes.decision_add(
        actor=coordinator,
        meeting=spring,
        agenda_item=items[3],
        text="De begroting blijft ongewijzigd; de herijking volgt na het tweede jaar.",
    )
    for description, owner, due, done in (
        (
            "Tekst van de gids laten meelezen door twee ondernemers",
            "MBO Dordrecht",
            spring_day + timedelta(days=30),
            spring_day + timedelta(days=25),
        ),
        (
            "Voorstel voor de herijking van de financiering voorbereiden",
            "Gemeente",
            today + timedelta(days=45),
            None,
        ),
    ):
        action = writes.action_add(
            actor=coordinator,
            meeting=spring,
            agenda_item=items[2] if owner == "MBO Dordrecht" else items[3],
            description=description,
            owner_partner=partners.get(owner, fallback),
            due_date=due,
        )
        if done is not None:
            writes.action_close(actor=coordinator, action=action, expected_version=1, on=done)

    # 3. The next meeting, planned, with its agenda.
    next_day = min(today + timedelta(days=14), date(second_year, 12, 17))
    starts, ends = _at(next_day, time(15, 0), time(17, 0))
    writes.meeting_create(
        actor=coordinator,
        partnership=partnership,
        title="Overlegtafel: evaluatie en actieprogramma volgend jaar",
        starts_at=starts,
        ends_at=ends,
        place="Stadskantoor Dordrecht, Spuiboulevard 300",
        status=MeetingStatus.PLANNED if next_day > today else MeetingStatus.HELD,
        agenda=[
            {"order": 1, "title": "Openstaande actiepunten"},
            {"order": 2, "title": "Jaarevaluatie per doel"},
            {"order": 3, "title": "Concept-actieprogramma volgend jaar"},
        ],
    )
    context.say(
        "programme: three overlegtafel meetings with agendas, attendance, minutes, decisions and "
        "actions (one overdue)"
    )
