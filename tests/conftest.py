"""Settings every test shares: fast password hashing, static files from the finders, tasks run
at once. Browser-test fixtures live in ``tests/browser/conftest.py``."""

import shutil
import tempfile
from pathlib import Path

import pytest


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Keep the project's queues (e-mail has its own): only the backend changes.
    settings.TASKS = {
        "default": {
            **settings.TASKS["default"],
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
        }
    }
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    # Uploads of the tests (logos, photos, evidence) go to a folder removed after the run.
    media = Path(tempfile.mkdtemp(prefix="impactplein-test-media-"))
    config.add_cleanup(lambda: shutil.rmtree(media, ignore_errors=True))
    settings.MEDIA_ROOT = media / "public"
    settings.PRIVATE_MEDIA_ROOT = media / "private"
    # No test asks the PDOK Locatieserver; geocoding tests pass a fake fetcher.
    settings.GEOCODING_ENABLED = False
    # Django is set up before this hook, and importing the apps' tasks has already built the
    # task backends from the project's settings: tell django-tasks to build them again.
    from django.core.signals import setting_changed

    setting_changed.send(sender=None, setting="TASKS", value=settings.TASKS, enter=True)
    # One in-process cache, emptied before every test: rate-limit counters of one test must not
    # refuse the logins of the next (the live server runs in a thread of this process).
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    }


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _reference_data_in_transactional_tests(request: pytest.FixtureRequest) -> None:
    """Give every test that commits (live-server and ``transaction=True`` tests) the reference data.

    pytest-django runs those tests after the others and empties the database after each one,
    which removes the rows the data migrations loaded (municipalities, areas, themes, SDGs, SBI).
    The flush's post-migrate step restores permissions and role groups, not this data, so it is
    loaded again here (idempotent). Other tests see the migrated data inside their transaction.
    """
    marker = request.node.get_closest_marker("django_db")
    transactional = "live_server" in request.fixturenames or "transactional_db" in (
        request.fixturenames
    )
    if marker is not None and marker.kwargs.get("transaction"):
        transactional = True
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    from impactplein.core import reference_data

    reference_data.load(apps)


@pytest.fixture(autouse=True)
def _dutch_by_default() -> None:
    """A request in English leaves English active in the thread; every test starts in Dutch."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
