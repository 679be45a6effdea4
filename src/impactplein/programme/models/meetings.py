"""The overlegtafel's meetings: agenda, attendance, minutes, decisions and action items.

Attendance holds a partner's status and, as free text, who came: no accounts, no contact data.
An action item stays open across meetings until it is closed; a decision may point at the
activity it created or changed in a year's programme (through the programme's services).
"""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.programme.models.partnership import Objective, Partner, Partnership
from impactplein.programme.models.programmes import Activity


class MeetingStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    HELD = "held", _("gehouden")
    CANCELLED = "cancelled", _("geannuleerd")


class AttendanceStatus(models.TextChoices):
    PRESENT = "present", _("aanwezig")
    ABSENT = "absent", _("afwezig")
    EXCUSED = "excused", _("afgemeld")


class ActionStatus(models.TextChoices):
    OPEN = "open", _("open")
    DONE = "done", _("afgerond")


class Meeting(models.Model):
    """One meeting of the overlegtafel; ``uid`` names it in calendars for good."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="meetings",
        verbose_name=_("samenwerking"),
    )
    uid = models.UUIDField(_("kalender-id"), default=uuid.uuid4, unique=True, editable=False)
    number = models.PositiveSmallIntegerField(_("nummer"))
    title = models.CharField(_("titel"), max_length=200)
    starts_at = models.DateTimeField(_("begin"))
    ends_at = models.DateTimeField(_("einde"))
    place = models.CharField(_("plaats"), max_length=200, blank=True)
    online_url = models.URLField(_("link voor online deelname"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    minutes = models.TextField(_("verslag"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van overleg"))

    class Meta:
        ordering = ["-starts_at", "-pk"]
        verbose_name = _("overleg")
        verbose_name_plural = _("overleggen")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "number"], name="meeting_unique_number"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="meeting_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Het einde ligt niet na het begin.")})
        if not self.place.strip() and not self.online_url:
            raise ValidationError(
                {"place": _("Vul een plaats of een link voor online deelname in.")}
            )

    @property
    def is_cancelled(self) -> bool:
        return self.status == MeetingStatus.CANCELLED


class AgendaItem(models.Model):
    """A point on a meeting's agenda, optionally about an objective, an activity or a KPI."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda", verbose_name=_("overleg")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=1)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True)
    objective = models.ForeignKey(
        Objective,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("doel"),
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("activiteit"),
    )
    kpi = models.ForeignKey(
        "programme.KpiDefinition",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("KPI"),
    )

    class Meta:
        ordering = ["meeting", "order", "pk"]
        verbose_name = _("agendapunt")
        verbose_name_plural = _("agendapunten")

    def __str__(self) -> str:
        return f"{self.order}. {self.title}"


class Attendance(models.Model):
    """Whether a partner was at a meeting, and who came for it (names as free text)."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("overleg")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("partner")
    )
    status = models.CharField(
        _("aanwezigheid"),
        max_length=20,
        choices=AttendanceStatus.choices,
        default=AttendanceStatus.ABSENT,
    )
    attendee = models.CharField(_("namens de partner"), max_length=200, blank=True)

    class Meta:
        ordering = ["meeting", "partner__order", "partner__short_name"]
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "partner"], name="attendance_one_per_partner"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_status_display()}"


class Decision(models.Model):
    """What the table decided; may have created or changed an activity of a programme."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("overleg")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("agendapunt"),
    )
    text = models.TextField(_("besluit"))
    created_activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="created_by_decisions",
        verbose_name=_("nieuwe activiteit"),
    )
    changed_activity = models.ForeignKey(
        Activity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="changed_by_decisions",
        verbose_name=_("gewijzigde activiteit"),
    )
    change_summary = models.TextField(_("wijziging"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van besluit"))

    class Meta:
        ordering = ["meeting", "pk"]
        verbose_name = _("besluit")
        verbose_name_plural = _("besluiten")

    def __str__(self) -> str:
        return self.text[:80]


class ActionItem(models.Model):
    """An action agreed at a meeting; open until someone closes it."""

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="actions", verbose_name=_("overleg")
    )
    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("agendapunt"),
    )
    description = models.TextField(_("actie"))
    owner_partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="actions", verbose_name=_("eigenaar")
    )
    owner_person = models.CharField(_("uitvoerder"), max_length=200, blank=True)
    due_date = models.DateField(_("uiterlijk op"))
    status = models.CharField(
        _("status"), max_length=10, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("afgerond op"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgerond door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van actiepunt"))

    class Meta:
        ordering = ["due_date", "pk"]
        verbose_name = _("actiepunt")
        verbose_name_plural = _("actiepunten")
        permissions = [("close_actionitem", _("Mag een actiepunt afronden"))]
        constraints = [
            models.CheckConstraint(
                condition=(Q(status=ActionStatus.OPEN) & Q(done_on__isnull=True))
                | (Q(status=ActionStatus.DONE) & Q(done_on__isnull=False)),
                name="action_done_has_date",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="action_version_positive"),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def is_open(self) -> bool:
        return self.status == ActionStatus.OPEN


def _new_token() -> str:
    return secrets.token_urlsafe(32)


class MeetingFeedToken(models.Model):
    """A user's secret for subscribing to the meetings' calendar; a new one revokes the old."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="meeting_feed_token",
        verbose_name=_("gebruiker"),
    )
    token = models.CharField(_("sleutel"), max_length=64, unique=True, default=_new_token)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("agendasleutel")
        verbose_name_plural = _("agendasleutels")

    def __str__(self) -> str:
        return str(_("agendasleutel van %(user)s") % {"user": self.user})
