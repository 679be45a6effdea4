"""Story pages: the public list and story (/verhalen/), and where members and editors write,
add photos with the consent of the people on them, and review and publish (/etalage/verhalen/).

Photos are served by :func:`story_photo`, which shows a photo to visitors only while its story is
published and the consent allows it; a withdrawn consent takes it off every page at once.
"""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from impactplein.directory import selectors, services
from impactplein.directory.constants import StoryStatus
from impactplein.directory.forms import (
    PhotoConsentForm,
    StoryFilterForm,
    StoryForm,
    StoryPhotoForm,
    StoryReviewForm,
)
from impactplein.directory.models import Story, StoryPhoto
from impactplein.directory.views.certifications import login_required, serve_private_file
from impactplein.organisations.models import Organisation

View = Callable[..., HttpResponse]

# --- public pages ---------------------------------------------------------------------------------


def stories(request: HttpRequest) -> HttpResponse:
    themes = list(selectors.story_themes())
    form = StoryFilterForm(request.GET or None, themes=themes)
    theme = form.cleaned_data.get("theme", "") if form.is_valid() else ""
    page = Paginator(selectors.published_stories(theme=theme), selectors.STORIES_PER_PAGE)
    return render(
        request,
        "directory/stories/list.html",
        {
            "form": form,
            "page_obj": page.get_page(request.GET.get("page")),
            "theme_refused": bool(request.GET.get("theme")) and not form.is_valid(),
        },
    )


def story(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    try:
        found = selectors.story_public_get(pk=pk)
    except Story.DoesNotExist as error:
        raise Http404 from error
    if slug != found.slug:
        return redirect("directory:story", pk=found.pk, slug=found.slug, permanent=True)
    photos = selectors.public_photos(found)
    return render(
        request,
        "directory/stories/detail.html",
        {
            "story": found,
            "photos": photos,
            "organisations": list(found.organisations.all()),
            "canonical_url": request.build_absolute_uri(),
            "og_image": request.build_absolute_uri(
                reverse("directory:story_photo", kwargs={"pk": photos[0].pk})
            )
            if photos
            else "",
        },
    )


def story_photo(request: HttpRequest, pk: int) -> HttpResponse:
    """The picture of a photo: public while shown on a published story, else writers only."""
    try:
        photo = StoryPhoto.objects.select_related("story").get(pk=pk)
    except StoryPhoto.DoesNotExist as error:
        raise Http404 from error
    if not photo.image:
        raise Http404
    public = photo.story.is_published and photo.may_show
    if not public and not request.user.has_perm("directory.view_story", photo.story):
        raise Http404
    extension = photo.image.name.rsplit(".", 1)[-1]
    response = serve_private_file(photo.image, download_name=f"foto-{photo.pk}.{extension}")
    if public:
        # Short: a withdrawn consent must take the photo off caches soon, too.
        response["Cache-Control"] = "public, max-age=300"
    return response


# --- writing and reviewing ----------------------------------------------------------------------


def _story(request: HttpRequest, pk: int, perm: str) -> Story:
    try:
        found = selectors.story_get(pk=pk)
    except Story.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm(perm, found):
        raise PermissionDenied
    return found


def _photo(request: HttpRequest, pk: int, perm: str) -> StoryPhoto:
    try:
        photo = StoryPhoto.objects.select_related("story").get(pk=pk)
    except StoryPhoto.DoesNotExist as error:
        raise Http404 from error
    if not request.user.has_perm(perm, photo.story):
        raise PermissionDenied
    return photo


def writable_organisations(user: Any, story: Story | None = None) -> QuerySet[Organisation]:
    """The organisations ``user`` may write about: their own; editors any with a profile.

    The organisations a story is already about stay choosable for it.
    """
    allowed = Q(memberships__user=user)
    if user.has_perm("directory.change_story"):
        allowed |= Q(impact_profile__isnull=False)
    if story is not None:
        allowed |= Q(stories=story)
    return Organisation.objects.filter(allowed).distinct().order_by("name", "pk")


@login_required
def story_mine(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "directory/stories/mine.html",
        {
            "stories": selectors.stories_of_user(user=user),
            "can_add": user.has_perm("directory.add_story"),
            "can_review": user.has_perm("directory.review_story"),
        },
    )


@login_required
def story_create(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.add_story"):
        raise PermissionDenied
    form = StoryForm(request.POST or None, organisations=writable_organisations(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            created = services.story_create(
                actor=request.user,
                organisations=form.cleaned_data["organisations"],
                title=form.cleaned_data["title"],
                lead=form.cleaned_data["lead"],
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(
                request, _("Het verhaal is opgeslagen als concept. Voeg foto's toe of dien het in.")
            )
            return redirect("directory:story_edit", pk=created.pk)
    return render(request, "directory/stories/form.html", {"form": form, "story": None})


def _edit_context(request: HttpRequest, found: Story, **extra: Any) -> dict[str, Any]:
    user = request.user
    photos = list(found.photos.all())
    context = {
        "story": found,
        "photos": photos,
        "missing_consent": selectors.story_photos_without_consent(found),
        "can_change": user.has_perm("directory.change_story", found),
        "can_review": user.has_perm("directory.review_story", found),
        "can_submit": user.has_perm("directory.change_story", found)
        and found.status in (StoryStatus.DRAFT, StoryStatus.CHANGES_REQUESTED),
        "review_form": StoryReviewForm(initial={"version": found.version}),
    }
    if "form" not in extra and context["can_change"]:
        context["form"] = StoryForm(
            initial={
                "organisations": list(found.organisations.all()),
                "title": found.title,
                "lead": found.lead,
                "body": found.body,
                "version": found.version,
            },
            organisations=_choices_for(request, found),
        )
    context.update(extra)
    return context


def _choices_for(request: HttpRequest, found: Story) -> QuerySet[Organisation]:
    return writable_organisations(request.user, found)


@login_required
def story_edit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _story(request, pk, "directory.view_story")
    if request.method != "POST":
        return render(request, "directory/stories/edit.html", _edit_context(request, found))
    if not request.user.has_perm("directory.change_story", found):
        raise PermissionDenied
    form = StoryForm(request.POST, organisations=_choices_for(request, found))
    if form.is_valid():
        try:
            services.story_update(
                actor=request.user,
                story=found,
                expected_version=form.cleaned_data.get("version") or 0,
                organisations=form.cleaned_data["organisations"],
                title=form.cleaned_data["title"],
                lead=form.cleaned_data["lead"],
                body=form.cleaned_data["body"],
            )
        except services.StaleStoryError as stale:
            current = stale.current
            context = _edit_context(request, current)
            context.update(
                stale=True,
                typed=[
                    (form.fields[name].label, form.cleaned_data[name])
                    for name in ("title", "lead", "body")
                ],
            )
            return render(request, "directory/stories/edit.html", context, status=409)
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De wijzigingen zijn opgeslagen."))
            return redirect("directory:story_edit", pk=found.pk)
    return render(request, "directory/stories/edit.html", _edit_context(request, found, form=form))


def _version(request: HttpRequest) -> int:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return 0


STALE_MESSAGE = (
    "Iemand anders heeft dit verhaal intussen gewijzigd. Bekijk de nieuwste versie en probeer het "
    "opnieuw."
)


@login_required
@require_POST
def story_submit(request: HttpRequest, pk: int) -> HttpResponse:
    found = _story(request, pk, "directory.change_story")
    try:
        services.story_submit(actor=request.user, story=found, expected_version=_version(request))
    except services.StaleStoryError:
        messages.warning(request, _(STALE_MESSAGE))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Het verhaal is ingediend bij de redactie."))
    return redirect("directory:story_edit", pk=found.pk)


@login_required
@require_POST
def story_review(request: HttpRequest, pk: int) -> HttpResponse:
    found = _story(request, pk, "directory.review_story")
    form = StoryReviewForm(request.POST)
    action = request.POST.get("action")
    if form.is_valid():
        try:
            if action == "publish":
                services.story_publish(
                    actor=request.user, story=found, expected_version=form.cleaned_data["version"]
                )
                messages.success(request, _("Het verhaal is gepubliceerd."))
                return redirect("directory:story_edit", pk=found.pk)
            if action == "changes":
                services.story_request_changes(
                    actor=request.user,
                    story=found,
                    expected_version=form.cleaned_data["version"],
                    message=form.cleaned_data["message"],
                )
                messages.success(request, _("Het verhaal is teruggestuurd naar de schrijver."))
                return redirect("directory:story_edit", pk=found.pk)
            form.add_error(None, _("Kies: publiceren of om wijzigingen vragen."))
        except services.StaleStoryError:
            messages.warning(request, _(STALE_MESSAGE))
            return redirect("directory:story_edit", pk=found.pk)
        except ValidationError as error:
            form.add_service_errors(error)
    return render(
        request,
        "directory/stories/edit.html",
        _edit_context(request, found, review_form=form),
        status=400,
    )


@login_required
def story_photo_add(request: HttpRequest, pk: int) -> HttpResponse:
    found = _story(request, pk, "directory.change_story")
    form = StoryPhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.story_photo_add(
                actor=request.user,
                story=found,
                image=form.cleaned_data["image"],
                alt_text=form.cleaned_data["alt_text"],
                caption=form.cleaned_data["caption"],
                shows_people=form.cleaned_data["shows_people"],
                consent_evidence=form.cleaned_data.get("consent_evidence"),
                **form.consent_fields(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        else:
            messages.success(request, _("De foto is toegevoegd."))
            return redirect("directory:story_edit", pk=found.pk)
    return render(request, "directory/stories/photo_form.html", {"form": form, "story": found})


@login_required
def story_photo_consent(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo(request, pk, "directory.withdraw_photo_consent")
    can_change = request.user.has_perm("directory.change_story", photo.story)
    form = None
    if can_change and photo.consent_withdrawn_at is None:
        form = PhotoConsentForm(
            request.POST or None,
            request.FILES or None,
            initial={
                "consent_given_by": photo.consent_given_by,
                "consent_given_on": photo.consent_given_on,
                "consent_scope": photo.consent_scope,
                "consent_method": photo.consent_method,
            },
        )
    if request.method == "POST":
        if request.POST.get("action") == "withdraw":
            services.story_photo_consent_withdraw(actor=request.user, photo=photo)
            messages.success(
                request,
                _("De toestemming is ingetrokken. De foto staat nergens meer en is verwijderd."),
            )
            return redirect("directory:story_edit", pk=photo.story_id)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.story_photo_consent_record(
                    actor=request.user,
                    photo=photo,
                    consent_evidence=form.cleaned_data.get("consent_evidence"),
                    **form.consent_fields(),
                )
            except ValidationError as error:
                form.add_service_errors(error)
            else:
                messages.success(request, _("De toestemming is vastgelegd."))
                return redirect("directory:story_edit", pk=photo.story_id)
    return render(
        request,
        "directory/stories/consent.html",
        {"photo": photo, "story": photo.story, "form": form},
    )


@login_required
def story_consent_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo(request, pk, "directory.withdraw_photo_consent")
    if not photo.consent_evidence:
        raise Http404
    extension = photo.consent_evidence.name.rsplit(".", 1)[-1]
    return serve_private_file(
        photo.consent_evidence, download_name=f"toestemming-{photo.pk}.{extension}"
    )


@login_required
@require_POST
def story_photo_remove(request: HttpRequest, pk: int) -> HttpResponse:
    photo = _photo(request, pk, "directory.change_story")
    services.story_photo_remove(actor=request.user, photo=photo)
    messages.success(request, _("De foto is verwijderd."))
    return redirect("directory:story_edit", pk=photo.story_id)


@login_required
def story_review_queue(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("directory.review_story"):
        raise PermissionDenied
    return render(
        request, "directory/stories/review_queue.html", {"stories": selectors.stories_for_review()}
    )
