"""The demo has stories: published ones with a photo (one of people, with recorded consent) and one
waiting for the editors, all published ones in the search index."""

import pytest

from impactplein.core.demo import seed_demo
from impactplein.core.search import search
from impactplein.directory import selectors
from impactplein.directory.constants import StoryStatus
from impactplein.directory.indexing import STORY_DOC_TYPE
from impactplein.directory.models import Story, StoryPhoto

pytestmark = pytest.mark.django_db


def test_the_demo_has_stories_to_read_and_one_to_review(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    seed_demo()
    published = Story.objects.filter(status=StoryStatus.PUBLISHED)
    assert published.count() == 5
    assert list(selectors.stories_for_review().values_list("title", flat=True)) == [
        "Ons eerste jaar met leerwerkplekken"
    ]
    with_people = StoryPhoto.objects.get(shows_people=True)
    assert with_people.may_show
    assert all(selectors.public_photos(story) for story in published)
    assert search("", doc_types=[STORY_DOC_TYPE]).total == 5
