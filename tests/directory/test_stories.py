"""Stories: members write, editors review and publish, and photos of people need consent.

A member writes a draft about their organisation and submits it; an editor (association editor
or coordinator) publishes it or asks for changes (the author is mailed). A story with a photo of
people without consent for the web cannot be submitted or published. A withdrawn consent removes
the photo from the public page at once and deletes its file. Concurrent edits are refused with
the newer version kept. Visitors see only published stories, newest first, filterable by theme,
with OpenGraph tags; drafts and their photos stay private. Published stories are found in the
core search (doc type "story").
"""

from datetime import date, timedelta

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

import pytest

from impactplein.accounts.roles import role
from impactplein.core.models import Theme
from impactplein.core.search import search
from impactplein.directory import selectors, services
from impactplein.directory.constants import StoryStatus
from impactplein.directory.indexing import STORY_DOC_TYPE
from impactplein.directory.models import Story, StoryPhoto
from tests.directory.factories import OrganisationFactory, UserFactory, grant, member, profile
from tests.directory.uploads import jpeg, pdf, png, script_as

pytestmark = pytest.mark.django_db

EDITOR_PERMS = (
    "directory.view_story",
    "directory.add_story",
    "directory.change_story",
    "directory.review_story",
)
CONSENT = {
    "consent_given_by": "Fatima el Amrani",
    "consent_given_on": date(2026, 5, 1),
    "consent_scope": ["web", "print"],
    "consent_method": "signed_form",
}


@pytest.fixture(autouse=True)
def private_root(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


def files(root) -> list:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


@pytest.fixture
def editor():
    return grant(UserFactory(email="redactie@example.org"), *EDITOR_PERMS)


def write(organisation=None, author=None, **fields) -> Story:
    organisation = organisation or OrganisationFactory()
    values = {
        "title": "Van fietswrak tot baan",
        "lead": "Hoe een fietsenmakerij mensen aan werk helpt.",
        "body": "Eerste alinea.\n\nTweede alinea.",
    }
    values.update(fields)
    return services.story_create(actor=author, organisations=[organisation], **values)


def add_photo(story, *, shows_people=True, image=None, **consent) -> StoryPhoto:
    return services.story_photo_add(
        actor=None,
        story=story,
        image=image or png(),
        alt_text="Twee monteurs aan een fiets",
        shows_people=shows_people,
        **consent,
    )


def publish(story, editor) -> Story:
    return services.story_publish(actor=editor, story=story, expected_version=story.version)


# --- writing and reviewing -----------------------------------------------------------------------


def test_a_member_writes_submits_and_an_editor_publishes(client, editor):
    organisation = OrganisationFactory()
    writer = member(organisation)
    client.force_login(writer)
    response = client.post(
        reverse("directory:story_create"),
        {
            "organisations": [organisation.pk],
            "title": "Van fietswrak tot baan",
            "lead": "Hoe een fietsenmakerij mensen aan werk helpt.",
            "body": "Eerste alinea.",
        },
    )
    story = Story.objects.get()
    assert response.status_code == 302
    assert story.status == StoryStatus.DRAFT
    assert story.slug == "van-fietswrak-tot-baan"
    assert story.author == writer

    client.post(
        reverse("directory:story_submit", kwargs={"pk": story.pk}), {"version": story.version}
    )
    story.refresh_from_db()
    assert story.status == StoryStatus.SUBMITTED

    # The member may not publish; the editor may.
    refused = client.post(
        reverse("directory:story_review", kwargs={"pk": story.pk}),
        {"action": "publish", "version": story.version},
    )
    assert refused.status_code == 403
    client.force_login(editor)
    queue = client.get(reverse("directory:story_review_queue")).content.decode()
    assert "Van fietswrak tot baan" in queue
    client.post(
        reverse("directory:story_review", kwargs={"pk": story.pk}),
        {"action": "publish", "version": story.version},
    )
    story.refresh_from_db()
    assert story.status == StoryStatus.PUBLISHED
    assert story.published_at is not None
    assert story.history.first().history_user == editor


def test_an_editor_asks_for_changes_and_the_author_is_mailed(editor):
    author = UserFactory(email="schrijver@example.org")
    story = write(author=author)
    with pytest.raises(ValidationError):
        services.story_request_changes(
            actor=editor, story=story, expected_version=story.version, message=" "
        )
    story = services.story_request_changes(
        actor=editor, story=story, expected_version=story.version, message="Noem de wijk."
    )
    assert story.status == StoryStatus.CHANGES_REQUESTED
    assert mail.outbox[-1].to == ["schrijver@example.org"]
    assert "Noem de wijk." in mail.outbox[-1].body


def test_a_member_cannot_publish_through_the_service():
    organisation = OrganisationFactory()
    story = write(organisation)
    with pytest.raises(PermissionDenied):
        publish(story, member(organisation))


def test_an_edit_on_an_older_version_is_refused_and_keeps_the_newer(client):
    organisation = OrganisationFactory()
    writer = member(organisation)
    story = write(organisation, author=writer)
    services.story_update(actor=writer, story=story, expected_version=1, title="Nieuwe titel")
    client.force_login(writer)
    response = client.post(
        reverse("directory:story_edit", kwargs={"pk": story.pk}),
        {
            "organisations": [organisation.pk],
            "title": "Mijn titel",
            "lead": "Mijn inleiding",
            "body": "Mijn tekst",
            "version": 1,
        },
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Mijn inleiding" in page  # what the user typed is shown, not lost
    story.refresh_from_db()
    assert story.title == "Nieuwe titel"


def test_a_story_needs_an_organisation_and_a_title(client):
    organisation = OrganisationFactory()
    client.force_login(member(organisation))
    response = client.post(
        reverse("directory:story_create"), {"title": "", "lead": "Kort", "body": "Tekst"}
    )
    assert response.status_code == 200
    assert not Story.objects.exists()
    assert "Kort</textarea>" in response.content.decode()


# --- permissions ---------------------------------------------------------------------------------


def test_who_may_do_what_with_a_story(editor):
    organisation = OrganisationFactory()
    writer = member(organisation)
    stranger = member(OrganisationFactory())
    story = write(organisation)

    assert writer.has_perm("directory.change_story", story)
    assert writer.has_perm("directory.view_story", story)
    assert not writer.has_perm("directory.review_story", story)
    assert not stranger.has_perm("directory.view_story", story)
    assert not stranger.has_perm("directory.change_story", story)
    assert editor.has_perm("directory.review_story", story)

    published = publish(story, editor)
    # Once published only editors change it; writers can still withdraw photo consent.
    assert not writer.has_perm("directory.change_story", published)
    assert writer.has_perm("directory.withdraw_photo_consent", published)
    assert editor.has_perm("directory.change_story", published)


def test_the_roles_association_editor_and_coordinator_review_stories():
    for slug in ("association-editor", "programme-coordinator"):
        permissions = role(slug).permissions
        assert "directory.review_story" in permissions or "directory.*" in permissions
    assert "directory.review_story" not in role("procurement-officer").permissions


def test_a_user_without_organisation_may_not_write(client):
    client.force_login(UserFactory())
    assert client.get(reverse("directory:story_create")).status_code == 403


# --- photos and consent --------------------------------------------------------------------------


def test_a_photo_is_re_encoded_without_metadata_and_stored_privately(private_root):
    photo = add_photo(write(), image=jpeg(exif=True), **CONSENT)
    stored = photo.image.read()
    assert b"Camera Maker" not in stored
    assert (photo.width, photo.height) == (40, 30)
    assert photo.image.name.startswith("stories/")
    assert len(files(private_root)) == 1


@pytest.mark.parametrize("upload", [script_as("foto.png"), pdf("foto.png")])
def test_a_photo_is_refused_by_content(upload, private_root):
    story = write()
    with pytest.raises(ValidationError) as refused:
        add_photo(story, image=upload, **CONSENT)
    assert "image" in refused.value.message_dict
    assert not StoryPhoto.objects.exists()
    assert files(private_root) == []


def test_partial_consent_is_refused_field_by_field():
    with pytest.raises(ValidationError) as refused:
        add_photo(write(), consent_given_by="Jan", consent_scope=["web"])
    assert set(refused.value.message_dict) == {"consent_given_on", "consent_method"}


def test_a_future_consent_date_is_refused():
    with pytest.raises(ValidationError, match="toekomst"):
        add_photo(
            write(), **{**CONSENT, "consent_given_on": timezone.localdate() + timedelta(days=1)}
        )


def test_no_publication_while_a_photo_of_people_lacks_consent(editor):
    story = write()
    photo = add_photo(story)  # people, no consent yet
    add_photo(story, shows_people=False)  # no people: no consent needed
    with pytest.raises(ValidationError, match="toestemming"):
        publish(story, editor)
    with pytest.raises(ValidationError, match="toestemming"):
        services.story_submit(actor=editor, story=story, expected_version=story.version)

    # Consent for print only is not enough for the web.
    services.story_photo_consent_record(
        actor=None, photo=photo, **{**CONSENT, "consent_scope": ["print"]}
    )
    with pytest.raises(ValidationError):
        publish(story, editor)

    services.story_photo_consent_record(actor=None, photo=photo, **CONSENT)
    assert publish(story, editor).status == StoryStatus.PUBLISHED


def test_withdrawn_consent_takes_the_photo_off_the_page_at_once_and_deletes_it(
    client, editor, private_root, django_capture_on_commit_callbacks
):
    story = write()
    photo = add_photo(story, **CONSENT)
    story = publish(story, editor)
    photo_url = reverse("directory:story_photo", kwargs={"pk": photo.pk})
    story_url = reverse("directory:story", kwargs={"pk": story.pk, "slug": story.slug})
    assert photo_url in client.get(story_url).content.decode()
    assert client.get(photo_url).status_code == 200

    writer = member(story.organisations.get())
    client.force_login(writer)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("directory:story_photo_consent", kwargs={"pk": photo.pk}),
            {"action": "withdraw"},
        )
    client.logout()
    photo.refresh_from_db()
    assert photo.consent_withdrawn_at is not None
    assert photo.consent_given_by == "Fatima el Amrani"  # the record of consent stays
    assert not photo.image
    assert files(private_root) == []
    assert photo_url not in client.get(story_url).content.decode()
    assert client.get(photo_url).status_code == 404


def test_draft_photos_and_consent_evidence_are_private(client, editor, private_root):
    organisation = OrganisationFactory()
    story = write(organisation)
    photo = add_photo(story, consent_evidence=pdf(), **CONSENT)
    photo_url = reverse("directory:story_photo", kwargs={"pk": photo.pk})
    evidence_url = reverse("directory:story_consent_evidence", kwargs={"pk": photo.pk})
    assert client.get(photo_url).status_code == 404
    client.force_login(member(OrganisationFactory()))
    assert client.get(photo_url).status_code == 404
    assert client.get(evidence_url).status_code == 403
    client.force_login(member(organisation))
    assert client.get(photo_url).status_code == 200
    assert client.get(evidence_url).status_code == 200


# --- public pages and search ---------------------------------------------------------------------


def test_visitors_see_published_stories_newest_first_with_opengraph(client, editor):
    older = publish(write(title="Oud verhaal"), editor)
    Story.objects.filter(pk=older.pk).update(published_at=timezone.now() - timedelta(days=5))
    newer = write(title="Nieuw verhaal")
    add_photo(newer, **CONSENT)
    newer = publish(newer, editor)
    write(title="Geheim concept")

    page = client.get(reverse("directory:stories")).content.decode()
    assert page.index("Nieuw verhaal") < page.index("Oud verhaal")
    assert "Geheim concept" not in page

    detail = client.get(reverse("directory:story", kwargs={"pk": newer.pk, "slug": newer.slug}))
    html = detail.content.decode()
    assert '<meta property="og:title" content="Nieuw verhaal">' in html
    assert 'property="og:image"' in html
    assert "<p>Eerste alinea.</p>" in html


def test_a_draft_is_not_public_and_a_wrong_slug_redirects(client, editor):
    draft = write()
    url = reverse("directory:story", kwargs={"pk": draft.pk, "slug": draft.slug})
    assert client.get(url).status_code == 404
    published = publish(draft, editor)
    wrong = reverse("directory:story", kwargs={"pk": published.pk, "slug": "iets-anders"})
    assert client.get(wrong).status_code == 301


def test_stories_filter_by_the_theme_of_the_organisations_profile(client, editor):
    theme = Theme.objects.order_by("pk").first()
    with_theme = profile()
    with_theme.themes.set([theme])
    publish(write(with_theme.organisation, title="Met thema"), editor)
    publish(write(title="Zonder thema"), editor)
    page = client.get(reverse("directory:stories"), {"theme": theme.slug}).content.decode()
    assert "Met thema" in page
    assert "Zonder thema" not in page
    unknown = client.get(reverse("directory:stories"), {"theme": "bestaat-niet"})
    assert "Zonder thema" in unknown.content.decode()


def test_stories_for_an_organisation_lists_its_published_stories():
    organisation = OrganisationFactory()
    editor = grant(UserFactory(), *EDITOR_PERMS)
    published = publish(write(organisation), editor)
    write(organisation, title="Concept")
    assert list(selectors.stories_for(organisation)) == [published]


def test_published_stories_are_found_in_search(editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        story = write(body="Een verhaal over hergebruik van fietsonderdelen.")
    assert search("fietsonderdelen", doc_types=[STORY_DOC_TYPE]).total == 0
    with django_capture_on_commit_callbacks(execute=True):
        story = publish(story, editor)
    assert search("fietsonderdelen", doc_types=[STORY_DOC_TYPE]).total == 1
    with django_capture_on_commit_callbacks(execute=True):
        services.story_request_changes(
            actor=editor, story=story, expected_version=story.version, message="Graag aanvullen."
        )
    assert search("fietsonderdelen", doc_types=[STORY_DOC_TYPE]).total == 0


def test_the_story_links_to_the_published_profile_of_its_organisation(client, editor):
    from impactplein.directory.services import profile_publish

    shown = profile()
    profile_publish(actor=None, profile=shown)
    story = publish(write(shown.organisation), editor)
    html = client.get(
        reverse("directory:story", kwargs={"pk": story.pk, "slug": story.slug})
    ).content.decode()
    assert f'href="{shown.get_absolute_url()}"' in html


def test_the_story_pages_speak_english_when_chosen(client, settings, editor):
    story = publish(write(), editor)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    listing = client.get(reverse("directory:stories")).content.decode()
    assert '<h1 class="utrecht-heading-1">Stories</h1>' in listing
    detail = client.get(
        reverse("directory:story", kwargs={"pk": story.pk, "slug": story.slug})
    ).content.decode()
    assert "More stories" in detail
