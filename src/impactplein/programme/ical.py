"""A small iCalendar (RFC 5545) writer for the overlegtafel's meetings.

Follows RFC 5545: CRLF line endings (3.1), lines folded at 75 octets with a leading space on the
continuation (3.1, never inside a UTF-8 sequence), TEXT escaping of backslash, semicolon, comma
and newline (3.3.11), UTC date-times with a trailing Z (3.3.5), and STATUS:CANCELLED for a
cancelled event (3.8.1.11). Pure: no Django, no database.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

CRLF = "\r\n"
LIMIT = 75  # octets per line, CRLF not counted


@dataclass(frozen=True)
class Event:
    uid: str
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    confirmed: bool = False


def escape(text: str) -> str:
    """Escape a TEXT value: backslash, semicolon, comma, and newlines as ``\\n``."""
    text = text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def fold(line: str) -> str:
    """Split a content line into pieces of at most 75 octets, joined by CRLF and a space."""
    pieces: list[str] = []
    current, size = "", 0
    limit = LIMIT
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
            limit = LIMIT - 1  # the leading space of a continuation line counts
        current += char
        size += width
    pieces.append(current)
    return (CRLF + " ").join(pieces)


def utc(moment: datetime) -> str:
    if moment.tzinfo is None:
        raise ValueError("an aware datetime is needed")
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(events: Iterable[Event], *, prodid: str, name: str, stamp: datetime) -> str:
    """The whole VCALENDAR as text with CRLF line endings."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event.uid}",
            f"DTSTAMP:{utc(stamp)}",
            f"DTSTART:{utc(event.starts_at)}",
            f"DTEND:{utc(event.ends_at)}",
            f"SUMMARY:{escape(event.summary)}",
        ]
        if event.location:
            lines.append(f"LOCATION:{escape(event.location)}")
        if event.description:
            lines.append(f"DESCRIPTION:{escape(event.description)}")
        if event.url:
            lines.append(f"URL:{event.url}")
        if event.cancelled:
            lines.append("STATUS:CANCELLED")
        elif event.confirmed:
            lines.append("STATUS:CONFIRMED")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + CRLF for line in lines)
