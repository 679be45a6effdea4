"""Uploaded images are judged by their content, size-limited, turned upright and re-encoded.

A file is accepted only when it really is a JPEG, PNG or WebP; what is stored is a fresh encoding
without EXIF (GPS), XMP or ICC metadata, under a generated name.
"""

import io
import struct
import zlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

import pytest
from PIL import Image

from impactplein.core.images import clean_image

GPS_IFD = 0x8825
ORIENTATION = 0x0112


def _image_bytes(fmt: str, size=(40, 20), colour=(200, 30, 30), **save_options) -> bytes:
    mode = "RGBA" if fmt == "PNG" and save_options.pop("alpha", False) else "RGB"
    image = Image.new(mode, size, colour)
    buffer = io.BytesIO()
    image.save(buffer, fmt, **save_options)
    return buffer.getvalue()


def _png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims ``width`` x ``height``: the shape of a decompression bomb."""
    content = _image_bytes("PNG", size=(1, 1))
    header = b"IHDR" + struct.pack(">II", width, height) + content[24:29]
    return content[:12] + header + struct.pack(">I", zlib.crc32(header)) + content[33:]


def test_a_bomb_beyond_pillows_own_limit_is_refused_too():
    with pytest.raises(ValidationError) as error:
        clean_image(_upload(_png_claiming(60000, 60000), name="bom.png"))

    assert error.value.code == "too_many_pixels"


def _upload(content: bytes, name="foto.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def _exif_with_gps_and_orientation(orientation: int) -> Image.Exif:
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "Camera maker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (51.0, 48.0, 0.0), 3: "E", 4: (4.0, 40.0, 0.0)})
    return exif


@pytest.mark.parametrize(("fmt", "ext"), [("JPEG", "jpg"), ("PNG", "png"), ("WEBP", "webp")])
def test_real_images_are_accepted_under_a_generated_name(fmt, ext):
    cleaned = clean_image(_upload(_image_bytes(fmt), name="../../etc/passwd.jpg"))

    assert cleaned.name.endswith(f".{ext}")
    assert "passwd" not in cleaned.name
    assert "/" not in cleaned.name
    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.format == fmt
        assert stored.size == (40, 20)


def test_exif_and_gps_are_removed_and_orientation_is_applied():
    # Orientation 6: the camera was turned; the picture must be rotated 90 degrees to stand up.
    content = _image_bytes("JPEG", size=(60, 20), exif=_exif_with_gps_and_orientation(6).tobytes())
    with Image.open(io.BytesIO(content)) as original:
        assert original.getexif().get_ifd(GPS_IFD)

    cleaned = clean_image(_upload(content))

    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.size == (20, 60)
        assert not stored.getexif()
        assert "exif" not in stored.info
        assert "icc_profile" not in stored.info
        assert "xmp" not in stored.info


def test_icc_profile_and_png_text_are_removed():
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Author", "Jan Jansen, Dordrecht")
    content = _image_bytes("PNG", pnginfo=info, icc_profile=b"not-really-a-profile")

    cleaned = clean_image(_upload(content, name="logo.png", content_type="image/png"))

    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert "Author" not in stored.info
        assert "icc_profile" not in stored.info


def test_transparency_of_a_logo_is_kept():
    content = _image_bytes("PNG", colour=(0, 0, 0, 0), alpha=True)

    cleaned = clean_image(_upload(content, name="logo.png", content_type="image/png"))

    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.mode == "RGBA"
        assert stored.getpixel((0, 0))[3] == 0


def test_a_large_picture_is_shrunk_to_the_maximum_dimension():
    cleaned = clean_image(_upload(_image_bytes("JPEG", size=(900, 300))), max_dimension=300)

    with Image.open(io.BytesIO(cleaned.read())) as stored:
        assert stored.size == (300, 100)


def test_a_text_file_renamed_to_jpg_is_refused():
    upload = _upload(b"#!/bin/sh\nrm -rf /\n", name="foto.jpg", content_type="image/jpeg")

    with pytest.raises(ValidationError) as error:
        clean_image(upload)

    assert error.value.code == "not_an_image"
    assert "geen JPEG-, PNG- of WebP-afbeelding" in error.value.messages[0]


def test_an_svg_with_script_is_refused():
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'

    with pytest.raises(ValidationError) as error:
        clean_image(_upload(svg, name="logo.png", content_type="image/png"))

    assert error.value.code == "not_an_image"


def test_a_gif_is_refused_although_it_is_an_image():
    with pytest.raises(ValidationError) as error:
        clean_image(_upload(_image_bytes("GIF"), name="logo.gif", content_type="image/gif"))

    assert error.value.code == "not_an_image"


def test_a_file_over_the_byte_limit_is_refused_before_it_is_read():
    upload = _upload(b"\xff" * 2048)

    with pytest.raises(ValidationError) as error:
        clean_image(upload, max_bytes=1024)

    assert error.value.code == "too_large"
    assert "hoogstens" in error.value.messages[0]


def test_a_fifty_megabyte_upload_is_refused_with_its_size():
    upload = _upload(b"\0" * (50 * 1024 * 1024))

    with pytest.raises(ValidationError) as error:
        clean_image(upload)

    assert error.value.messages == ["Dit bestand is 50 MB; een afbeelding mag hoogstens 5 MB zijn."]


def test_a_decompression_bomb_is_refused_without_decoding_it():
    # A small file claiming 20000 x 20000 pixels: a few bytes that would decode to 1.2 GB.
    bomb = _png_claiming(20000, 20000)
    assert len(bomb) < 1024

    with pytest.raises(ValidationError) as error:
        clean_image(_upload(bomb, name="bom.png", content_type="image/png"))

    assert error.value.code == "too_many_pixels"
    assert "40.000.000 pixels" in error.value.messages[0]


def test_a_truncated_image_is_refused_as_broken():
    content = _image_bytes("JPEG", size=(400, 400))[:300]

    with pytest.raises(ValidationError) as error:
        clean_image(_upload(content))

    assert error.value.code in {"broken", "not_an_image"}


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError) as error:
        clean_image(_upload(b""))

    assert error.value.code == "empty"
