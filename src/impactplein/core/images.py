"""Checking and cleaning uploaded images before they are stored.

An upload is judged by what it contains, never by its name or the content type the browser sent:
Pillow must recognise it as JPEG, PNG or WebP. Its size in bytes and in pixels is checked before the
pixels are decoded, so a decompression bomb is refused without filling the memory. What is stored is
a fresh encoding of the pixels, turned upright by the EXIF orientation and shrunk to a bounded size;
EXIF (with GPS positions), XMP, ICC profiles and comments are left behind. The stored name is
generated, so nothing of the uploader's file name reaches the storage or the page.
"""

import io
import uuid
import warnings
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext_lazy as _

from PIL import Image, ImageOps, UnidentifiedImageError

# Formats accepted by content. A JPEG with extra pictures (phone cameras) opens as "MPO".
ACCEPTED_FORMATS: tuple[str, ...] = ("JPEG", "PNG", "WEBP")
OUTPUT_FORMAT = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
# A 40-megapixel photo is about the largest a phone makes; decoding it takes some 160 MB.
DEFAULT_MAX_PIXELS = 40_000_000
DEFAULT_MAX_DIMENSION = 2000
JPEG_QUALITY = 85

NOT_AN_IMAGE = _(
    "Dit bestand is geen JPEG-, PNG- of WebP-afbeelding. Kies een afbeelding in een van die "
    "formaten."
)
BROKEN_IMAGE = _("Deze afbeelding is beschadigd of onvolledig en kan niet worden gelezen.")
TOO_LARGE = _("Dit bestand is %(size)s MB; een afbeelding mag hoogstens %(max)s MB zijn.")
TOO_MANY_PIXELS = _(
    "Deze afbeelding heeft meer dan %(max)s pixels (breedte maal hoogte). Verklein de afbeelding "
    "en probeer het opnieuw."
)
EMPTY_FILE = _("Dit bestand is leeg.")


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",").replace(",0", "")


def _count(number: int) -> str:
    return f"{number:,}".replace(",", ".")


def _too_many_pixels(max_pixels: int) -> ValidationError:
    return ValidationError(
        TOO_MANY_PIXELS, code="too_many_pixels", params={"max": _count(max_pixels)}
    )


def _read_limited(uploaded_file: IO[bytes] | Any, max_bytes: int) -> bytes:
    declared = getattr(uploaded_file, "size", None)
    if isinstance(declared, int) and declared > max_bytes:
        raise ValidationError(
            TOO_LARGE,
            code="too_large",
            params={"size": _megabytes(declared), "max": _megabytes(max_bytes)},
        )
    if hasattr(uploaded_file, "seek"):
        uploaded_file.seek(0)
    if hasattr(uploaded_file, "chunks"):
        data = bytearray()
        for chunk in uploaded_file.chunks():
            data.extend(chunk)
            if len(data) > max_bytes:
                break
        content = bytes(data)
    else:
        content = uploaded_file.read(max_bytes + 1)
    if len(content) > max_bytes:
        raise ValidationError(
            TOO_LARGE,
            code="too_large",
            params={
                "size": _megabytes(max(len(content), declared or 0)),
                "max": _megabytes(max_bytes),
            },
        )
    if not content:
        raise ValidationError(EMPTY_FILE, code="empty")
    return content


def _has_alpha(image: Image.Image) -> bool:
    return image.mode in ("RGBA", "LA", "PA") or (
        image.mode == "P" and "transparency" in image.info
    )


def _normalised_mode(image: Image.Image, output_format: str) -> Image.Image:
    if output_format == "JPEG":
        return image if image.mode in ("RGB", "L") else image.convert("RGB")
    if _has_alpha(image):
        return image if image.mode == "RGBA" else image.convert("RGBA")
    return image if image.mode in ("RGB", "L") else image.convert("RGB")


def clean_image(
    uploaded_file: IO[bytes] | Any,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_pixels: int = DEFAULT_MAX_PIXELS,
    max_dimension: int = DEFAULT_MAX_DIMENSION,
    name_prefix: str = "afbeelding",
) -> ContentFile[bytes]:
    """Return a cleaned copy of ``uploaded_file`` as a ``ContentFile`` with a generated name.

    Raises ``ValidationError`` with a Dutch message (codes ``too_large``, ``empty``,
    ``not_an_image``, ``too_many_pixels``, ``broken``) and stores nothing when the file is refused.
    ``max_pixels`` bounds the decoded size (width times height) of the upload; ``max_dimension``
    bounds the longest side of what is stored.
    """
    content = _read_limited(uploaded_file, max_bytes)
    with warnings.catch_warnings():
        # Pillow warns (and past twice its limit raises) on very large images; both are refusals.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(content), formats=ACCEPTED_FORMATS)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels(max_pixels) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image") from error
        source_format = image.format or ""
        if source_format not in OUTPUT_FORMAT:
            raise ValidationError(NOT_AN_IMAGE, code="not_an_image")
        width, height = image.size
        if width <= 0 or height <= 0 or width * height > max_pixels:
            raise _too_many_pixels(max_pixels)
        try:
            image.seek(0)  # the first frame of an animation is the picture we keep
            image.load()
            upright = ImageOps.exif_transpose(image)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise _too_many_pixels(max_pixels) from error
        except (OSError, SyntaxError, ValueError, EOFError) as error:
            raise ValidationError(BROKEN_IMAGE, code="broken") from error

    output_format = OUTPUT_FORMAT[source_format]
    picture = _normalised_mode(upright, output_format)
    if max(picture.size) > max_dimension:
        picture = picture.copy()
        picture.thumbnail((max_dimension, max_dimension), Image.Resampling.LANCZOS)
    # A copy of the pixels only: no EXIF, GPS, XMP, ICC profile, comments or text chunks.
    clean = Image.new(picture.mode, picture.size)
    clean.paste(picture)

    buffer = io.BytesIO()
    if output_format == "JPEG":
        clean.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif output_format == "WEBP":
        clean.save(buffer, "WEBP", quality=JPEG_QUALITY, method=4)
    else:
        clean.save(buffer, "PNG", optimize=True)
    name = f"{name_prefix}-{uuid.uuid4().hex}.{EXTENSIONS[output_format]}"
    return ContentFile(buffer.getvalue(), name=name)
