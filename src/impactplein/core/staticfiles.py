"""Serve the few front-end files the pages use straight from ``node_modules``.

npm packages ship far more than a page needs (the design-token package alone is 15 MB, with CSS
that points at files it does not contain), so instead of adding whole package folders to
``STATICFILES_DIRS`` we name each file we use in ``settings.NODE_MODULES_STATIC``:
``{"static/path/file.css": "package/dist/file.css"}``. The file name must stay the same.
"""

from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.checks import CheckMessage, Error
from django.core.files.storage import FileSystemStorage


class NodeModulesFinder(BaseFinder):
    def _files(self) -> dict[str, Path]:
        return {
            static_path: Path(settings.NODE_MODULES) / package_path
            for static_path, package_path in settings.NODE_MODULES_STATIC.items()
        }

    def check(self, **kwargs: Any) -> list[CheckMessage]:
        errors: list[CheckMessage] = []
        for static_path, source in self._files().items():
            if PurePosixPath(static_path).name != source.name:
                errors.append(
                    Error(f"NODE_MODULES_STATIC: {static_path} must keep the name of {source}")
                )
        return errors

    def find(self, path: str, find_all: bool = False, **kwargs: Any) -> str | list[str]:
        source = self._files().get(path)
        if source is None or not source.exists():
            return [] if find_all else ""
        return [str(source)] if find_all else str(source)

    def list(self, ignore_patterns: list[str] | None) -> Iterator[tuple[str, FileSystemStorage]]:
        for static_path, source in self._files().items():
            if not source.exists():
                continue
            storage = FileSystemStorage(location=str(source.parent))
            storage.prefix = str(PurePosixPath(static_path).parent)  # type: ignore[attr-defined]
            yield source.name, storage
