"""``manage.py rebuild_search_index`` builds every app's documents again from the records.

Each type is replaced as a whole: what is on record (and published) is found, a document left
over from a record that is gone disappears, and a type that is not named is left alone.
"""

from datetime import UTC, datetime
from io import StringIO
from typing import Any

from django.core.management import CommandError, call_command

import pytest

from impactplein.core.search import Document, clear_index, index_documents, search
from impactplein.directory.indexing import DOC_TYPE as PROFILE
from impactplein.directory.indexing import STORY_DOC_TYPE as STORY
from impactplein.directory.services import profile_publish
from impactplein.organisations.indexing import DOC_TYPE as ORGANISATION
from tests.directory.factories import OrganisationFactory, profile

pytestmark = pytest.mark.django_db


def titles(doc_type: str) -> list[str]:
    return [hit.title for hit in search("", doc_types=[doc_type], order="title").hits]


@pytest.fixture
def records(django_capture_on_commit_callbacks: Any) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        published = profile(OrganisationFactory(name="Kringloop Meedoen"))
        profile_publish(
            actor=None, profile=published, published_at=datetime(2026, 2, 1, tzinfo=UTC)
        )
        profile(OrganisationFactory(name="Naaiatelier Concept"))  # a draft: not in the showcase
    clear_index()
    index_documents(
        [
            Document(PROFILE, "999999", "Verdwenen profiel"),
            Document(STORY, "999999", "Verdwenen verhaal"),
            Document(ORGANISATION, "999999", "Verdwenen organisatie"),
        ]
    )


def run(*types: str) -> str:
    out = StringIO()
    call_command("rebuild_search_index", *types, stdout=out)
    return out.getvalue()


def test_every_type_is_rebuilt_from_the_records(records: None) -> None:
    output = run()
    assert titles(ORGANISATION) == ["Kringloop Meedoen", "Naaiatelier Concept"]
    assert titles(PROFILE) == ["Kringloop Meedoen"]
    assert titles(STORY) == []
    assert f"{ORGANISATION}: 2 document(s) indexed in" in output
    assert f"{PROFILE}: 1 document(s) indexed in" in output
    assert f"{STORY}: 0 document(s) indexed in" in output


def test_only_the_named_types_are_rebuilt(records: None) -> None:
    run(PROFILE)
    assert titles(PROFILE) == ["Kringloop Meedoen"]
    assert titles(ORGANISATION) == ["Verdwenen organisatie"]
    assert titles(STORY) == ["Verdwenen verhaal"]


def test_an_unknown_type_is_named_and_nothing_is_rebuilt(records: None) -> None:
    with pytest.raises(CommandError, match=r"Unknown document type\(s\): profiel\. Known types: "):
        run(PROFILE, "profiel")
    assert titles(PROFILE) == ["Verdwenen profiel"]
