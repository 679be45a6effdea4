"""Administration of organisations, with their change history (django-simple-history).

Saves go through the services, so the admin respects optimistic locking and records the actor
like every other page: a form opened on an older version is refused instead of overwriting.
"""

from typing import Any

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from simple_history.admin import SimpleHistoryAdmin

from impactplein.organisations import services
from impactplein.organisations.forms import formfield_for
from impactplein.organisations.models import Membership, Organisation


class OrganisationAdminForm(forms.ModelForm):
    # Not named "version": the model's version is not editable, so the admin would refuse it.
    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Organisation
        fields = services.EDITABLE_FIELDS
        formfield_callback = formfield_for

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expected_version"].initial = self.instance.version

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.instance.pk:
            saved = Organisation.objects.filter(pk=self.instance.pk).values_list(
                "version", flat=True
            )
            if cleaned.get("expected_version") != saved.first():
                raise ValidationError(
                    _(
                        "Iemand anders heeft deze organisatie intussen gewijzigd. Open de pagina "
                        "opnieuw om de nieuwste gegevens te zien."
                    ),
                    code="stale",
                )
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role", "created_at"]
    readonly_fields = ["user", "role", "created_at"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    form = OrganisationAdminForm
    list_display = ["name", "kind", "municipality", "kvk_number", "updated_at"]
    list_filter = ["kind", "legal_form", "municipality"]
    search_fields = ["name", "kvk_number", "establishment_number", "city"]
    autocomplete_fields: list[str] = []
    readonly_fields = ["created_at", "updated_at"]
    inlines = [MembershipInline]
    history_list_display = ["version"]

    def formfield_for_dbfield(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if isinstance(db_field, models.URLField):
            kwargs.setdefault("assume_scheme", "https")
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Organisation]:
        return super().get_queryset(request).select_related("municipality", "area")

    def save_model(self, request: HttpRequest, obj: Organisation, form: Any, change: bool) -> None:
        fields = {name: form.cleaned_data.get(name) for name in services.EDITABLE_FIELDS}
        if change:
            saved = services.organisation_update(
                actor=request.user,
                organisation=obj,
                expected_version=form.cleaned_data["expected_version"],
                **fields,
            )
        else:
            saved = services.organisation_create(
                actor=request.user, make_actor_owner=False, **fields
            )
        obj.pk = saved.pk
        obj.version = saved.version


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organisation", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "user__email"]
    raw_id_fields = ["organisation", "user"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Roles change and members leave through the services, which keep an owner.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: Membership, form: Any, change: bool) -> None:
        saved = services.membership_add(
            actor=request.user, organisation=obj.organisation, user=obj.user, role=obj.role
        )
        obj.pk = saved.pk
