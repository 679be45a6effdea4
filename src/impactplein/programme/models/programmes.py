"""Yearly action programmes, their activities and the activities' timelines."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.programme.constants import ActivityStatus, ProgrammeStatus
from impactplein.programme.models.partnership import Objective, Partner, Partnership


class ActionProgramme(models.Model):
    """The action programme of one calendar year: drafted, then adopted at the overlegtafel."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="programmes",
        verbose_name=_("samenwerking"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    status = models.CharField(
        _("status"), max_length=20, choices=ProgrammeStatus.choices, default=ProgrammeStatus.DRAFT
    )
    introduction = models.TextField(_("inleiding"), blank=True)
    adopted_on = models.DateField(_("vastgesteld op"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgesteld door"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van actieprogramma"))

    class Meta:
        ordering = ["-year", "pk"]
        verbose_name = _("actieprogramma")
        verbose_name_plural = _("actieprogramma's")
        permissions = [
            ("adopt_actionprogramme", _("Mag een actieprogramma vaststellen")),
            ("import_activities", _("Mag activiteiten in bulk bijwerken met een bestand")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="programme_unique_year"),
            models.CheckConstraint(
                condition=Q(status=ProgrammeStatus.DRAFT) | Q(adopted_on__isnull=False),
                name="programme_adopted_has_date",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Actieprogramma %(year)s") % {"year": self.year})

    @property
    def is_adopted(self) -> bool:
        return self.status == ProgrammeStatus.ADOPTED


class Activity(models.Model):
    """An activity of a year's programme, owned by a partner, serving one objective.

    ``weight`` is published: an objective's progress is the weighted mean of its activities'
    progress (``rollup.py``). ``continues`` points at last year's activity this one carries on.
    A meeting's decision will later point at the activity it created or changed.
    """

    programme = models.ForeignKey(
        ActionProgramme,
        on_delete=models.CASCADE,
        related_name="activities",
        verbose_name=_("actieprogramma"),
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="activities", verbose_name=_("doel")
    )
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("trekker (partner)"),
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    planned_start = models.DateField(_("geplande start"), null=True, blank=True)
    planned_end = models.DateField(_("gepland einde"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(
        _("voortgang (%)"),
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
        help_text=_("Een heel getal van 0 tot en met 100."),
    )
    weight = models.DecimalField(
        _("gewicht"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("1"),
        validators=[MinValueValidator(Decimal("0.01"))],
        help_text=_("Hoe zwaar de activiteit meetelt in de voortgang van haar doel; groter dan 0."),
    )
    continues = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="continuations",
        verbose_name=_("vervolg op"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van activiteit"))

    class Meta:
        ordering = ["objective__order", "objective__code", "title", "pk"]
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        permissions = [
            ("update_activity_progress", _("Mag voortgang, status en tijdlijn bijwerken")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress__gte=0, progress__lte=100), name="activity_progress_0_100"
            ),
            models.CheckConstraint(condition=Q(weight__gt=0), name="activity_weight_positive"),
            models.CheckConstraint(
                condition=Q(planned_start__isnull=True)
                | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
                name="activity_end_after_start",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="activity_version_positive"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.planned_start and self.planned_end and self.planned_end < self.planned_start:
            errors["planned_end"] = _("Het geplande einde ligt vóór de geplande start.")
        same = self.programme.partnership_id if self.programme_id else None
        if same and self.objective_id and self.objective.partnership_id != same:
            errors["objective"] = _("Dit doel hoort niet bij deze samenwerking.")
        if same and self.partner_id and self.partner.partnership_id != same:
            errors["partner"] = _("Deze partner hoort niet bij deze samenwerking.")
        if errors:
            raise ValidationError(errors)


class TimelineEntry(models.Model):
    """A dated entry in an activity's timeline; entries are added, never edited."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="timeline", verbose_name=_("activiteit")
    )
    date = models.DateField(_("datum"))
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("beschrijving"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("auteur"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("tijdlijnbericht")
        verbose_name_plural = _("tijdlijn")

    def __str__(self) -> str:
        return f"{self.date}: {self.title}"
