"""The public profile of an impact enterprise and the form that relays a message to it.

A profile is public once published. Before that only the organisation's members and staff who
may view profiles see it, under a banner that says it is not published. The page carries the
profile as schema.org ``Organization`` (JSON-LD), OpenGraph and Twitter-card tags and a canonical
link; the JSON-LD holds the organisation's public facts only, never a person's data.
"""

import json
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import redirect, render
from django.utils import formats, timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from allauth.account.adapter import get_adapter

from impactplein.directory import selectors, services
from impactplein.directory.constants import (
    CertificationStatus,
    ImpactModel,
    ProfileStatus,
)
from impactplein.directory.forms import ContactForm, contact_token
from impactplein.directory.models import ImpactProfile
from impactplein.directory.views.scan import level_rules, scan_result

# JSON inside <script> must not be able to close the element or open a comment.
_JSON_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def _absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _file_url(file: Any) -> str:
    if not file:
        return ""
    try:
        return str(file.url)
    except ValueError:  # no file attached
        return ""


def _may_see_unpublished(request: HttpRequest, profile: ImpactProfile) -> bool:
    user = request.user
    return user.has_perm("directory.view_impactprofile") or user.has_perm(
        "directory.change_impactprofile", profile
    )


def _load(request: HttpRequest, pk: int) -> ImpactProfile:
    try:
        profile = selectors.profile_for_page(pk=pk)
    except ImpactProfile.DoesNotExist as error:
        raise Http404 from error
    if profile.status != ProfileStatus.PUBLISHED and not _may_see_unpublished(request, profile):
        raise Http404
    return profile


def _photos(profile: ImpactProfile) -> list[dict[str, str]]:
    photos = getattr(profile, "photos", None)
    if photos is None:
        return []
    shown = []
    for photo in photos.all():
        url = _file_url(getattr(photo, "image", None))
        if url:
            shown.append({"url": url, "alt": getattr(photo, "alt_text", "")})
    return shown


def _figures(profile: ImpactProfile) -> list[dict[str, Any]]:
    return [
        {
            "year": figure.year,
            "label": figure.label or figure.get_kind_display(),
            "value": formats.number_format(
                figure.value, decimal_pos=0 if figure.value == figure.value.to_integral() else 2
            ),
        }
        for figure in sorted(profile.figures.all(), key=lambda f: (-f.year, f.kind, f.label))
    ]


def _certifications(profile: ImpactProfile) -> list[dict[str, Any]]:
    rows = []
    for certification, status in selectors.certifications_on(
        profile.organisation, timezone.localdate()
    ):
        name = certification.get_kind_display()
        if certification.level:
            name = f"{name} – {certification.get_level_display()}"
        rows.append(
            {
                "name": name,
                "status": status.value,
                "status_label": CertificationStatus(status.value).label,
                "valid_from": certification.valid_from,
                "valid_until": certification.valid_until,
                "verified": certification.is_verified,
            }
        )
    return rows


def _json_ld(profile: ImpactProfile, canonical: str, logo: str) -> SafeString:
    """schema.org Organization with the organisation's public facts only."""
    organisation = profile.organisation
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "Organization",
        "name": organisation.name,
        "url": canonical,
        "description": profile.pitch,
        # The place only: the street address of a one-person business is a home address.
        "address": {
            "@type": "PostalAddress",
            "addressLocality": organisation.city or organisation.municipality.name,
            "addressRegion": organisation.municipality.name,
            "addressCountry": "NL",
        },
    }
    if logo:
        data["logo"] = logo
    if organisation.website:
        data["sameAs"] = [organisation.website]
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES))  # noqa: S308


def profile_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    profile = _load(request, pk)
    canonical_path = profile.get_absolute_url()
    if slug != profile.slug:
        return HttpResponsePermanentRedirect(canonical_path)
    organisation = profile.organisation
    canonical = _absolute(canonical_path)
    logo = _file_url(getattr(profile, "logo", None))
    photos = _photos(profile)
    latest = selectors.latest_scan(organisation)
    published = profile.status == ProfileStatus.PUBLISHED
    image = logo or (photos[0]["url"] if photos else "")
    context = {
        "profile": profile,
        "organisation": organisation,
        "published": published,
        "can_edit": request.user.has_perm("directory.change_impactprofile", profile),
        "can_scan": request.user.has_perm("directory.add_impactscan", organisation),
        "logo_url": logo,
        "photos": photos,
        "themes": list(profile.themes.all()),
        "sdgs": list(profile.sdgs.all()),
        "impact_models": [
            ImpactModel(model).label for model in profile.impact_models if model in ImpactModel
        ],
        "figures": _figures(profile),
        "certifications": _certifications(profile),
        "scan": scan_result(latest, chart_id="profile-scan-chart") if latest else None,
        "rules": level_rules(),
        "canonical_url": canonical,
        "og_image": _absolute(image) if image.startswith("/") else image,
        "json_ld": _json_ld(profile, canonical, _absolute(logo) if logo.startswith("/") else logo)
        if published
        else "",
        "may_contact": published and bool(selectors.contact_recipients(organisation=organisation)),
    }
    return render(request, "directory/profile/detail.html", context)


def profile_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """An address without the name (``/ondernemers/12/``) goes to the profile's own address."""
    return profile_detail(request, pk, slug="")


def _client_ip(request: HttpRequest) -> str:
    """The visitor's address as the login rate limits see it (``TRUSTED_PROXY_COUNT``)."""
    try:
        return str(get_adapter(request).get_client_ip(request))
    except PermissionDenied:
        return "unknown"


def contact(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        profile = selectors.profile_for_page(pk=pk)
    except ImpactProfile.DoesNotExist as error:
        raise Http404 from error
    if profile.status != ProfileStatus.PUBLISHED:
        raise Http404
    organisation = profile.organisation
    can_receive = bool(selectors.contact_recipients(organisation=organisation))
    refusal = ""
    status = 200
    if request.method == "POST":
        form = ContactForm(request.POST, profile_pk=profile.pk)
        if form.is_valid():
            try:
                services.contact_relay(
                    profile=profile,
                    sender_name=form.cleaned_data["name"],
                    sender_email=form.cleaned_data["email"],
                    message=form.cleaned_data["message"],
                    client_ip=_client_ip(request),
                )
            except services.ContactRefused as error:
                refusal = str(error)
                status = 429
            else:
                messages.success(
                    request,
                    _(
                        "Uw bericht is doorgestuurd naar %(name)s. De onderneming antwoordt "
                        "rechtstreeks aan uw e-mailadres."
                    )
                    % {"name": organisation.name},
                )
                return redirect(profile.get_absolute_url())
        else:
            status = 400
        # Keep what the visitor typed, leave the honeypot empty and hand out a fresh token.
        data = request.POST.copy()
        data["website"] = ""
        form.data = data
    else:
        form = ContactForm(profile_pk=profile.pk)
    context = {
        "profile": profile,
        "organisation": organisation,
        "form": form,
        "token": contact_token(profile.pk),
        "refusal": refusal,
        "can_receive": can_receive,
    }
    return render(request, "directory/profile/contact.html", context, status=status)
