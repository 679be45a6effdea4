"""Files to upload in the certification and story tests: real images and PDFs, and fakes."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from PIL import Image

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
    b"xref\n0 3\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
    b"trailer\n<< /Size 3 /Root 1 0 R >>\nstartxref\n110\n%%EOF\n"
)


def pdf(name: str = "certificaat.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_bytes(fmt: str = "PNG", size: tuple[int, int] = (40, 30), exif: bool = False) -> bytes:
    picture = Image.new("RGB", size, (200, 80, 40))
    buffer = io.BytesIO()
    if exif:
        data = Image.Exif()
        data[0x010F] = "Camera Maker"  # Make
        picture.save(buffer, fmt, exif=data)
    else:
        picture.save(buffer, fmt)
    return buffer.getvalue()


def png(name: str = "foto.png", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("PNG", **kwargs), content_type="image/png")


def jpeg(name: str = "foto.jpg", **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes("JPEG", **kwargs), content_type="image/jpeg")


def script_as(name: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"#!/bin/sh\nrm -rf /\n", content_type="image/png")
