"""Evidence files of an entry: checked by content and size, stored privately under a random name."""

import io
import zipfile
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from impactplein.core.images import clean_image
from impactplein.socialreturn.constants import EntryStatus
from impactplein.socialreturn.models import EntryEvidence, FulfilmentEntry
from impactplein.socialreturn.services.fulfilment.common import LOCKED, locked_entry

EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
EVIDENCE_MAX_PIXELS = 40_000_000
# An office file is a zip archive; refuse one that would unpack to more than this (a zip bomb).
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "jpg": "image/jpeg",
    "png": "image/png",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
EVIDENCE_EMPTY = _("Dit bestand is leeg.")
EVIDENCE_TOO_LARGE = _("Dit bestand is te groot: een bewijsstuk mag hoogstens 10 MB zijn.")
EVIDENCE_UNKNOWN = _(
    "Dit bestand is geen PDF, JPEG, PNG, Excel-bestand (XLSX) of Word-document (DOCX). Kies een "
    "bewijsstuk in een van die formaten."
)
EVIDENCE_BROKEN_PDF = _(
    "Deze PDF is beschadigd of onvolledig. Sla het bewijsstuk opnieuw op als PDF en probeer het "
    "nog eens."
)
EVIDENCE_MACROS = _(
    "Dit Office-bestand bevat macro's of is beschadigd. Sla het op als gewoon XLSX- of "
    "DOCX-bestand zonder macro's, of als PDF."
)


def _read_upload(upload: Any) -> bytes:
    size = getattr(upload, "size", None)
    if isinstance(size, int) and size > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": ValidationError(EVIDENCE_TOO_LARGE, code="too_large")})
    if hasattr(upload, "seek"):
        upload.seek(0)
    content = upload.read(EVIDENCE_MAX_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    if len(content) > EVIDENCE_MAX_BYTES:
        raise ValidationError({"file": ValidationError(EVIDENCE_TOO_LARGE, code="too_large")})
    if not content:
        raise ValidationError({"file": ValidationError(EVIDENCE_EMPTY, code="empty")})
    return bytes(content)


def _pdf_complete(tail: bytes) -> bool:
    end = tail.rfind(b"%%EOF")
    if end < 0:
        return False
    pointer = tail.rfind(b"startxref", 0, end)
    return pointer >= 0 and tail[pointer + len(b"startxref") : end].strip().isdigit()


def _office_kind(content: bytes) -> str | None:
    """``"xlsx"`` or ``"docx"`` for an Office Open XML file without macros, else ``None``."""
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            infos = archive.infolist()
            if sum(info.file_size for info in infos) > MAX_UNPACKED_BYTES:
                return None
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                return None
            if any(name.lower().endswith("vbaproject.bin") for name in names):
                return None
            types = archive.read("[Content_Types].xml")
            if b"macroEnabled" in types:
                return None
    except (zipfile.BadZipFile, OSError, KeyError, ValueError):
        return None
    if "xl/workbook.xml" in names:
        return "xlsx"
    if "word/document.xml" in names:
        return "docx"
    return None


def evidence_kind(content: bytes) -> str | None:
    """The extension of what ``content`` is, judged by its bytes: pdf, jpg, png, xlsx, docx."""
    head = content[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(content)
    return None


def clean_evidence(upload: Any) -> File:
    """A checked copy of ``upload``: PDF and Office files as they are, images re-encoded.

    Judged by content, never by the name or the browser's content type: a script renamed to
    ``.pdf`` is refused. Raises ``ValidationError`` on ``file`` and stores nothing.
    """
    content = _read_upload(upload)
    kind = evidence_kind(content)
    if kind is None:
        message = EVIDENCE_MACROS if content.startswith(b"PK\x03\x04") else EVIDENCE_UNKNOWN
        raise ValidationError({"file": ValidationError(message, code="unknown_type")})
    if kind == "pdf" and not _pdf_complete(content[-2048:]):
        raise ValidationError({"file": ValidationError(EVIDENCE_BROKEN_PDF, code="broken_pdf")})
    if kind in ("jpg", "png"):
        try:
            return clean_image(
                io.BytesIO(content),
                max_bytes=EVIDENCE_MAX_BYTES,
                max_pixels=EVIDENCE_MAX_PIXELS,
                name_prefix="bewijs",
            )
        except ValidationError as error:
            raise ValidationError({"file": error.messages}, code="invalid") from error
    return ContentFile(content, name=f"bewijs.{kind}")


def _original_name(upload: Any, stored: File) -> str:
    name = str(getattr(upload, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
    extension = str(stored.name).rsplit(".", 1)[-1]
    stem = name.rsplit(".", 1)[0][:150] if name else "bewijs"
    return f"{stem or 'bewijs'}.{extension}"


def store_evidence(
    entry: FulfilmentEntry, checked: File, upload: Any, actor: Model
) -> EntryEvidence:
    item = EntryEvidence(
        entry=entry, original_name=_original_name(upload, checked), uploaded_by=actor
    )
    # The model's upload_to gives a random name under socialreturn/ in the private storage.
    item.file.save(checked.name or "bewijs", checked, save=False)
    item.save()
    return item


@transaction.atomic
def evidence_add(*, actor: Model, entry: FulfilmentEntry, upload: Any) -> EntryEvidence:
    """Attach a file to an entry that is not approved; stored privately under a random name."""
    current = locked_entry(entry.pk)
    if current.status == EntryStatus.APPROVED:
        raise ValidationError({"file": ValidationError(LOCKED, code="locked")})
    checked = clean_evidence(upload)
    item = store_evidence(current, checked, upload, actor)
    current._history_user = actor  # type: ignore[attr-defined]
    current._change_reason = "evidence"  # type: ignore[attr-defined]
    current.save(update_fields=["updated_at"])
    return item
