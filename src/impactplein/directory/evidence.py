"""What an evidence file may be: a PDF, JPEG or PNG, judged by its content; no Django import.

The name a user gave the file says nothing: a script renamed to ``.pdf`` is refused because its
bytes do not start like a PDF. A PDF is checked as far as is cheap without a PDF library: the
``%PDF-1.x`` or ``%PDF-2.x`` header, and the ``startxref`` pointer and ``%%EOF`` marker that a
complete file ends with (a truncated upload lacks them). Images are recognised here and then
decoded and re-encoded by ``core.images.clean_image``.
"""

import re
from enum import StrEnum
from typing import Final

# Bytes to read from the start and from the end of a file to judge it.
HEAD_BYTES: Final = 1024
TAIL_BYTES: Final = 2048

_PDF_HEADER = re.compile(rb"%PDF-[12]\.\d")


class Kind(StrEnum):
    PDF = "pdf"
    JPEG = "jpeg"
    PNG = "png"


class Problem(StrEnum):
    EMPTY = "empty"
    TOO_LARGE = "too_large"
    UNKNOWN_TYPE = "unknown_type"
    BROKEN_PDF = "broken_pdf"


EXTENSIONS: Final[dict[Kind, str]] = {Kind.PDF: "pdf", Kind.JPEG: "jpg", Kind.PNG: "png"}
CONTENT_TYPES: Final[dict[str, str]] = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def sniff(head: bytes) -> Kind | None:
    """The kind of file that starts with ``head``, or ``None`` when it is none we accept."""
    # A PDF may have a little junk before its header; readers look in the first 1024 bytes.
    if _PDF_HEADER.search(head[:HEAD_BYTES]):
        return Kind.PDF
    if head.startswith(b"\xff\xd8\xff"):
        return Kind.JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Kind.PNG
    return None


def pdf_complete(tail: bytes) -> bool:
    """Whether the last bytes of a PDF hold the ``startxref`` pointer and the ``%%EOF`` marker."""
    end = tail.rfind(b"%%EOF")
    if end < 0:
        return False
    pointer = tail.rfind(b"startxref", 0, end)
    if pointer < 0:
        return False
    offset = tail[pointer + len(b"startxref") : end].strip()
    return offset.isdigit()


def problem(head: bytes, tail: bytes, size: int, max_bytes: int) -> Problem | None:
    """What is wrong with a file of ``size`` bytes starting with ``head`` and ending in ``tail``."""
    if size <= 0:
        return Problem.EMPTY
    if size > max_bytes:
        return Problem.TOO_LARGE
    kind = sniff(head)
    if kind is None:
        return Problem.UNKNOWN_TYPE
    if kind is Kind.PDF and not pdf_complete(tail):
        return Problem.BROKEN_PDF
    return None
