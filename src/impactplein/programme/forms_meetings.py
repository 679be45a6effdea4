"""The meetings' forms: they parse and show errors; the services decide."""

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from impactplein.programme.constants import ActivityStatus
from impactplein.programme.forms import DateInput, ServiceErrorsMixin
from impactplein.programme.models import (
    ActionProgramme,
    Activity,
    AgendaItem,
    AttendanceStatus,
    KpiDefinition,
    Meeting,
    MeetingStatus,
    Partner,
    Partnership,
)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class MeetingForm(ServiceErrorsMixin, forms.Form):
    number = forms.IntegerField(
        label=_("Nummer"),
        min_value=1,
        required=False,
        help_text=_("Leeg laten: het volgende vrije nummer."),
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    day = forms.DateField(label=_("Datum"), widget=DateInput())
    start = forms.TimeField(label=_("Begintijd"), widget=TimeInput())
    end = forms.TimeField(label=_("Eindtijd"), widget=TimeInput())
    place = forms.CharField(label=_("Plaats"), max_length=200, required=False)
    online_url = forms.URLField(
        label=_("Link voor online deelname"), required=False, assume_scheme="https"
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=MeetingStatus.choices, initial=MeetingStatus.PLANNED
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, start, end = data.get("day"), data.get("start"), data.get("end")
        if day and start and end:
            tz = timezone.get_default_timezone()
            data["starts_at"] = timezone.make_aware(datetime.combine(day, start), tz)
            data["ends_at"] = timezone.make_aware(datetime.combine(day, end), tz)
            if end <= start:
                self.add_error("end", _("De eindtijd ligt niet na de begintijd."))
        if (
            not data.get("place", "").strip()
            and not data.get("online_url")
            and not (self.errors.get("online_url"))
        ):
            self.add_error("place", _("Vul een plaats of een link voor online deelname in."))
        return data

    def meeting_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "number": data["number"],
            "title": data["title"],
            "starts_at": data["starts_at"],
            "ends_at": data["ends_at"],
            "place": data["place"],
            "online_url": data["online_url"],
            "status": data["status"],
        }

    @staticmethod
    def initial_for(meeting: Meeting) -> dict[str, Any]:
        starts = timezone.localtime(meeting.starts_at)
        ends = timezone.localtime(meeting.ends_at)
        return {
            "number": meeting.number,
            "title": meeting.title,
            "day": starts.date(),
            "start": starts.time().replace(second=0, microsecond=0),
            "end": ends.time().replace(second=0, microsecond=0),
            "place": meeting.place,
            "online_url": meeting.online_url,
            "status": meeting.status,
            "version": meeting.version,
        }


class AgendaItemForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput, required=False)
    order = forms.IntegerField(label=_("Volgorde"), min_value=1, max_value=999, required=False)
    title = forms.CharField(label=_("Agendapunt"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    objective = forms.ModelChoiceField(
        label=_("Over doel"), queryset=None, required=False, empty_label=_("geen")
    )
    activity = forms.ModelChoiceField(
        label=_("Over activiteit"), queryset=None, required=False, empty_label=_("geen")
    )
    kpi = forms.ModelChoiceField(
        label=_("Over KPI"), queryset=None, required=False, empty_label=_("geen")
    )
    delete = forms.BooleanField(label=_("Agendapunt verwijderen"), required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["objective"].queryset = partnership.objectives.order_by("order", "code")  # type: ignore[attr-defined]
        self.fields["activity"].queryset = (
            Activity.objects.filter(  # type: ignore[attr-defined]
                programme__partnership=partnership
            )
            .select_related("programme")
            .order_by("-programme__year", "title")
        )
        self.fields["activity"].label_from_instance = (  # type: ignore[attr-defined]
            lambda activity: f"{activity.programme.year}: {activity.title}"
        )
        self.fields["objective"].label_from_instance = (  # type: ignore[attr-defined]
            lambda objective: f"{objective.code} {objective.title}"
        )
        self.fields["kpi"].queryset = (
            KpiDefinition.objects.filter(  # type: ignore[attr-defined]
                objective__partnership=partnership
            )
            .select_related("objective")
            .order_by("objective__order", "objective__code", "name")
        )
        self.fields["kpi"].label_from_instance = (  # type: ignore[attr-defined]
            lambda kpi: f"{kpi.objective.code}: {kpi.name}"
        )
        if not self.initial.get("item"):
            del self.fields["delete"]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        filled = any(data.get(name) for name in ("description", "objective", "activity", "kpi"))
        if not data.get("title") and (filled or data.get("item")) and not data.get("delete"):
            self.add_error("title", _("Geef het agendapunt een titel."))
        return data

    def row(self) -> dict[str, Any] | None:
        """The service's row, or ``None`` for an empty extra row."""
        data = self.cleaned_data
        if not data.get("item") and not data.get("title"):
            return None
        row: dict[str, Any] = {
            "order": data.get("order") or 1,
            "title": data.get("title") or "",
            "description": data.get("description") or "",
            "objective": data.get("objective"),
            "activity": data.get("activity"),
            "kpi": data.get("kpi"),
        }
        if data.get("item"):
            row["pk"] = data["item"]
            row["delete"] = bool(data.get("delete"))
        return row


AGENDA_EXTRA = 3


def agenda_forms(
    partnership: Partnership, items: list[AgendaItem], data: Any = None
) -> list[AgendaItemForm]:
    """One form per existing item and ``AGENDA_EXTRA`` empty rows: works without JavaScript."""
    initials: list[dict[str, Any]] = [
        {
            "item": item.pk,
            "order": item.order,
            "title": item.title,
            "description": item.description,
            "objective": item.objective_id,
            "activity": item.activity_id,
            "kpi": item.kpi_id,
        }
        for item in items
    ]
    start = max((item.order for item in items), default=0)
    initials += [{"order": start + n + 1} for n in range(AGENDA_EXTRA)]
    return [
        AgendaItemForm(data, prefix=f"agenda-{index}", initial=initial, partnership=partnership)
        for index, initial in enumerate(initials)
    ]


class AttendanceForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Aanwezigheid"),
        choices=AttendanceStatus.choices,
        initial=AttendanceStatus.ABSENT,
        widget=forms.RadioSelect,
    )
    attendee = forms.CharField(
        label=_("Namens de partner"),
        max_length=200,
        required=False,
        help_text=_("Alleen de naam; geen contactgegevens."),
    )

    def __init__(self, *args: Any, partner: Partner, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.partner = partner


class MinutesForm(ServiceErrorsMixin, forms.Form):
    status = forms.ChoiceField(label=_("Status van het overleg"), choices=MeetingStatus.choices)
    minutes = forms.CharField(
        label=_("Verslag"), required=False, widget=forms.Textarea(attrs={"rows": 10})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class DecisionEffect:
    NONE = "none"
    CREATE = "create"
    CHANGE = "change"


class DecisionForm(ServiceErrorsMixin, forms.Form):
    text = forms.CharField(label=_("Besluit"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ModelChoiceField(
        label=_("Bij agendapunt"), queryset=None, required=False, empty_label=_("geen")
    )
    effect = forms.ChoiceField(
        label=_("Gevolg voor het actieprogramma"),
        choices=(
            (DecisionEffect.NONE, _("geen")),
            (DecisionEffect.CREATE, _("een nieuwe activiteit")),
            (DecisionEffect.CHANGE, _("een bestaande activiteit wijzigen")),
        ),
        initial=DecisionEffect.NONE,
        widget=forms.RadioSelect,
    )
    create_in = forms.ModelChoiceField(
        label=_("Nieuwe activiteit in actieprogramma"), queryset=None, required=False
    )
    new_title = forms.CharField(label=_("Titel van de nieuwe activiteit"), required=False)
    new_objective = forms.ModelChoiceField(
        label=_("Doel van de nieuwe activiteit"), queryset=None, required=False
    )
    new_partner = forms.ModelChoiceField(
        label=_("Trekker van de nieuwe activiteit"), queryset=None, required=False
    )
    change = forms.ModelChoiceField(
        label=_("Te wijzigen activiteit"), queryset=None, required=False
    )
    change_status = forms.ChoiceField(
        label=_("Nieuwe status"),
        choices=(("", _("ongewijzigd")), *ActivityStatus.choices),
        required=False,
    )
    change_progress = forms.IntegerField(
        label=_("Nieuwe voortgang (%)"), min_value=0, max_value=100, required=False
    )
    change_start = forms.DateField(
        label=_("Nieuwe geplande start"), required=False, widget=DateInput()
    )
    change_end = forms.DateField(label=_("Nieuw gepland einde"), required=False, widget=DateInput())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        partnership = meeting.partnership
        fields = self.fields
        fields["agenda_item"].queryset = meeting.agenda.order_by("order", "pk")  # type: ignore[attr-defined]
        fields["create_in"].queryset = ActionProgramme.objects.filter(  # type: ignore[attr-defined]
            partnership=partnership
        ).order_by("year")
        fields["create_in"].label_from_instance = lambda programme: str(programme.year)  # type: ignore[attr-defined]
        fields["new_objective"].queryset = partnership.objectives.order_by("order", "code")  # type: ignore[attr-defined]
        fields["new_objective"].label_from_instance = (  # type: ignore[attr-defined]
            lambda objective: f"{objective.code} {objective.title}"
        )
        fields["new_partner"].queryset = partnership.partners.order_by("order", "short_name")  # type: ignore[attr-defined]
        fields["new_partner"].label_from_instance = lambda partner: partner.short_name  # type: ignore[attr-defined]
        fields["change"].queryset = (
            Activity.objects.filter(  # type: ignore[attr-defined]
                programme__partnership=partnership
            )
            .select_related("programme")
            .order_by("-programme__year", "title")
        )
        fields["change"].label_from_instance = (  # type: ignore[attr-defined]
            lambda activity: f"{activity.programme.year}: {activity.title}"
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        effect = data.get("effect")
        if effect == DecisionEffect.CREATE:
            for name, message in (
                ("create_in", _("Kies het actieprogramma van de nieuwe activiteit.")),
                ("new_title", _("Geef de nieuwe activiteit een titel.")),
                ("new_objective", _("Kies het doel van de nieuwe activiteit.")),
                ("new_partner", _("Kies de trekker van de nieuwe activiteit.")),
            ):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
        elif effect == DecisionEffect.CHANGE:
            if not data.get("change") and "change" not in self.errors:
                self.add_error("change", _("Kies de activiteit die verandert."))
            elif not any(
                data.get(name) not in (None, "")
                for name in ("change_status", "change_progress", "change_start", "change_end")
            ):
                self.add_error("change_status", _("Kies wat er aan de activiteit verandert."))
        return data

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        kwargs: dict[str, Any] = {"text": data["text"], "agenda_item": data.get("agenda_item")}
        if data["effect"] == DecisionEffect.CREATE:
            kwargs["create_in"] = data["create_in"]
            kwargs["new_activity"] = {
                "title": data["new_title"],
                "objective": data["new_objective"],
                "partner": data["new_partner"],
            }
        elif data["effect"] == DecisionEffect.CHANGE:
            kwargs["change"] = data["change"]
            kwargs["changes"] = {
                "status": data.get("change_status") or None,
                "progress": data.get("change_progress"),
                "planned_start": data.get("change_start"),
                "planned_end": data.get("change_end"),
            }
        return kwargs


class ActionForm(ServiceErrorsMixin, forms.Form):
    description = forms.CharField(label=_("Actie"), widget=forms.Textarea(attrs={"rows": 2}))
    agenda_item = forms.ModelChoiceField(
        label=_("Bij agendapunt"), queryset=None, required=False, empty_label=_("geen")
    )
    owner_partner = forms.ModelChoiceField(label=_("Eigenaar (partner)"), queryset=None)
    owner_person = forms.CharField(
        label=_("Uitvoerder"),
        max_length=200,
        required=False,
        help_text=_("Optioneel: alleen de naam."),
    )
    due_date = forms.DateField(label=_("Uiterlijk op"), widget=DateInput())

    def __init__(self, *args: Any, meeting: Meeting, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda.order_by("order", "pk")  # type: ignore[attr-defined]
        self.fields["owner_partner"].queryset = meeting.partnership.partners.order_by(  # type: ignore[attr-defined]
            "order", "short_name"
        )
        self.fields["owner_partner"].label_from_instance = lambda partner: partner.short_name  # type: ignore[attr-defined]


class ActionFilterForm(forms.Form):
    partner = forms.ModelChoiceField(
        label=_("Eigenaar"), queryset=None, required=False, empty_label=_("alle partners")
    )

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["partner"].queryset = partnership.partners.order_by("order", "short_name")  # type: ignore[attr-defined]
        self.fields["partner"].label_from_instance = lambda partner: partner.short_name  # type: ignore[attr-defined]


__all__ = [
    "AGENDA_EXTRA",
    "ActionFilterForm",
    "ActionForm",
    "AgendaItemForm",
    "AttendanceForm",
    "DecisionForm",
    "MeetingForm",
    "MinutesForm",
    "VersionForm",
    "agenda_forms",
]
