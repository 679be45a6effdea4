"""Administration of the directory's records, with their change history.

Scans are read-only here: their scores are computed from the answers, never typed in.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from simple_history.admin import SimpleHistoryAdmin

from impactplein.directory import services
from impactplein.directory.models import (
    Certification,
    CertificationReminder,
    ImpactFigure,
    ImpactProfile,
    ImpactScan,
    Story,
    StoryPhoto,
)
from impactplein.directory.services import EDITABLE_FIELDS

STALE_ADMIN_EDIT = _(
    "Iemand anders heeft dit profiel intussen gewijzigd. Open het opnieuw; uw wijzigingen zijn "
    "niet opgeslagen."
)


class ImpactFigureInline(admin.TabularInline):
    model = ImpactFigure
    extra = 0


class ImpactProfileAdminForm(forms.ModelForm):
    """Carries the version the page was loaded with, so a stale save is refused, not merged."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = ImpactProfile
        fields = ("organisation", *EDITABLE_FIELDS, "themes", "sdgs")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["expected_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            current = ImpactProfile.objects.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if current.first() != expected:
                raise forms.ValidationError(STALE_ADMIN_EDIT, code="stale")
        return cleaned

    def _post_clean(self) -> None:
        # The services validate the whole profile; the model is not cleaned twice here.
        pass


@admin.register(ImpactProfile)
class ImpactProfileAdmin(SimpleHistoryAdmin):
    """Changes go through ``profile_create`` and ``profile_update`` (validation, version check,
    history, index); the status changes only through the review."""

    form = ImpactProfileAdminForm
    list_display = ("organisation", "status", "sells_to_buyers", "published_at", "updated_at")
    list_filter = ("status", "sells_to_buyers")
    search_fields = ("organisation__name", "pitch")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("themes", "sdgs")
    readonly_fields = (
        "status",
        "logo",
        "version",
        "submitted_at",
        "submitted_by",
        "review_message",
        "published_at",
        "confirmed_at",
        "reminded_at",
        "created_at",
        "updated_at",
    )
    inlines = [ImpactFigureInline]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fields = tuple(self.readonly_fields)
        return (*fields, "organisation") if obj is not None else fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        fields = {name: data[name] for name in EDITABLE_FIELDS if name in data}
        try:
            if change:
                saved = services.profile_update(
                    actor=request.user,
                    profile=obj,
                    expected_version=data.get("expected_version") or obj.version,
                    themes=data.get("themes"),
                    sdgs=data.get("sdgs"),
                    **fields,
                )
            else:
                saved = services.profile_create(
                    actor=request.user,
                    organisation=data["organisation"],
                    themes=data.get("themes") or (),
                    sdgs=data.get("sdgs") or (),
                    **fields,
                )
        except services.StaleProfileError as error:
            raise PermissionDenied(STALE_ADMIN_EDIT) from error
        obj.pk = saved.pk
        obj.version = saved.version

    def save_related(self, request: HttpRequest, form: Any, formsets: Any, change: bool) -> None:
        # Themes and SDGs were set by the service; only the inlines (figures) are saved here.
        for formset in formsets:
            self.save_formset(request, form, formset, change=change)


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "kind", "level", "valid_from", "valid_until", "verified_at")
    list_filter = ("kind",)
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)
    # Evidence is private and checked by content: it is uploaded and opened on the pages only.
    exclude = ("evidence", "indexed_status")
    readonly_fields = ("has_evidence", "verified_by", "verified_at", "created_at", "version")

    @admin.display(boolean=True, description=_("bewijs"))
    def has_evidence(self, obj: Certification) -> bool:
        return bool(obj.evidence)


@admin.register(ImpactScan)
class ImpactScanAdmin(admin.ModelAdmin):
    list_display = ("organisation", "taken_at", "total", "level")
    list_filter = ("level",)
    search_fields = ("organisation__name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# --- stories: editors work on the pages; the admin is for corrections, with the history ---------


class StoryPhotoInline(admin.StackedInline):
    model = StoryPhoto
    extra = 0
    # Files are private, checked and cleaned by the pages; they are added and withdrawn there.
    exclude = ("image", "consent_evidence")
    readonly_fields = ("width", "height", "consent_withdrawn_at")


@admin.register(Story)
class StoryAdmin(SimpleHistoryAdmin):
    list_display = ("title", "status", "published_at", "updated_at")
    list_filter = ("status",)
    search_fields = ("title", "lead")
    autocomplete_fields = ("organisations",)
    readonly_fields = ("version", "created_at", "updated_at", "author")
    inlines = [StoryPhotoInline]


@admin.register(CertificationReminder)
class CertificationReminderAdmin(admin.ModelAdmin):
    list_display = ("certification", "days_before", "sent_on")
    search_fields = ("certification__organisation__name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
