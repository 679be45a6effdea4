"""Private uploads (evidence, consent forms, unpublished photos): out of reach of the web server.

Files go to ``PRIVATE_MEDIA_ROOT``, which has no URL of its own; pages serve them through views
that check who asks. Names are random, so knowing one file's name says nothing about another's.
Apps keep their own ``upload_to`` functions, built with ``random_name``.
"""

import os
import secrets
from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible
class PrivateStorage(FileSystemStorage):
    """``FileSystemStorage`` rooted at ``settings.PRIVATE_MEDIA_ROOT``, read when used."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    @property  # type: ignore[override]
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property  # type: ignore[override]
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise ValueError("Private files have no URL; serve them through a view.")


private_storage = PrivateStorage()


def random_name(folder: str, extension: str) -> str:
    """``folder/<32 random hex digits>.<extension>``: a name nobody can guess."""
    return f"{folder}/{secrets.token_hex(16)}.{extension}"


def file_extension(filename: str) -> str:
    # Services name a cleaned file after its checked content (e.g. "x.png"), never the upload.
    return os.path.splitext(filename)[1].lstrip(".").lower() or "bin"
