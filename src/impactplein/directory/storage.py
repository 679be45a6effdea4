"""Where the directory keeps certification evidence, story photos and consent forms.

All of them are private files (``core.storage``): pages serve them through views that check who
asks (evidence: members and staff only; photos: everybody once the story is published and the
consent allows it).
"""

from typing import Any

from impactplein.core.storage import (  # noqa: F401 - PrivateStorage: named by old migrations
    PrivateStorage,
    file_extension,
    private_storage,
    random_name,
)


def evidence_path(instance: Any, filename: str) -> str:
    return random_name("certifications", file_extension(filename))


def photo_path(instance: Any, filename: str) -> str:
    return random_name("stories", file_extension(filename))


def consent_path(instance: Any, filename: str) -> str:
    return random_name("consent", file_extension(filename))
