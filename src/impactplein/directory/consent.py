"""When a story photo may be shown and when a story may be published; no Django import.

A photo of people is shown on the web only with the recorded consent of the people portrayed (or
their representative): who gave it, when, and a scope that includes the web. A photo whose
consent was withdrawn is never shown again (its file is deleted). A photo without people needs
no consent, but must say so. A story may be published only when none of its remaining photos of
people lacks consent for the web.
"""

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Scope(StrEnum):
    WEB = "web"
    PRINT = "print"
    SOCIAL_MEDIA = "social_media"


class Problem(StrEnum):
    NO_CONSENT = "no_consent"
    NOT_FOR_WEB = "not_for_web"
    WITHDRAWN = "withdrawn"


@dataclass(frozen=True)
class PhotoConsent:
    shows_people: bool
    given_by: str = ""
    given_on: date | None = None
    scope: Collection[str] = ()
    withdrawn: bool = False


def problem(photo: PhotoConsent) -> Problem | None:
    """Why ``photo`` may not be shown on the web, or ``None`` when it may."""
    if photo.withdrawn:
        return Problem.WITHDRAWN
    if not photo.shows_people:
        return None
    if not photo.given_by.strip() or photo.given_on is None:
        return Problem.NO_CONSENT
    if Scope.WEB not in photo.scope:
        return Problem.NOT_FOR_WEB
    return None


def may_show(photo: PhotoConsent) -> bool:
    return problem(photo) is None


def blocking(photos: Iterable[PhotoConsent]) -> list[PhotoConsent]:
    """The photos that keep a story from being published (withdrawn ones are gone, not blocking)."""
    return [photo for photo in photos if not photo.withdrawn and problem(photo) is not None]
