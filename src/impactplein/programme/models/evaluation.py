"""The yearly evaluation of an action programme: per objective what was achieved against the
targets, the story behind it and the decision for next year (continue, adjust, stop).

While the evaluation is open its figures are read live (``selectors.evaluation``); closing it
keeps the figures as they were that day (``EvaluatedKpi``, ``ObjectiveEvaluation.progress``), so
a closed evaluation reads the same in five years, and drafts next year's programme.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.programme.models.kpis import KPI_DIGITS, KpiDefinition, KpiDirection, KpiUnit
from impactplein.programme.models.partnership import Objective
from impactplein.programme.models.programmes import ActionProgramme


class EvaluationStatus(models.TextChoices):
    OPEN = "open", _("open")
    CLOSED = "closed", _("afgesloten")


class EvaluationDecision(models.TextChoices):
    """What the overlegtafel decides for an objective's next year."""

    CONTINUE = "continue", _("voortzetten")
    ADJUST = "adjust", _("bijstellen")
    STOP = "stop", _("stoppen")


class YearEvaluation(models.Model):
    """The evaluation of one year's action programme."""

    programme = models.OneToOneField(
        ActionProgramme,
        on_delete=models.PROTECT,
        related_name="evaluation",
        verbose_name=_("actieprogramma"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=EvaluationStatus.choices, default=EvaluationStatus.OPEN
    )
    summary = models.TextField(_("samenvatting"), blank=True)
    closed_on = models.DateField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("afgesloten door"),
    )
    next_programme = models.ForeignKey(
        ActionProgramme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="drafted_by_evaluation",
        verbose_name=_("volgend actieprogramma"),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van jaarevaluatie"))

    class Meta:
        verbose_name = _("jaarevaluatie")
        verbose_name_plural = _("jaarevaluaties")
        permissions = [("close_yearevaluation", _("Mag een jaarevaluatie afsluiten"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=EvaluationStatus.values), name="evaluation_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=EvaluationStatus.OPEN) | Q(closed_on__isnull=False),
                name="evaluation_closed_has_date",
            ),
            models.CheckConstraint(condition=Q(version__gte=1), name="evaluation_version_positive"),
        ]

    def __str__(self) -> str:
        return str(_("Jaarevaluatie %(year)s") % {"year": self.programme.year})

    @property
    def is_closed(self) -> bool:
        return self.status == EvaluationStatus.CLOSED


class ObjectiveEvaluation(models.Model):
    """One objective in a year's evaluation: narrative, decision and, once closed, progress."""

    evaluation = models.ForeignKey(
        YearEvaluation,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("jaarevaluatie"),
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("doel")
    )
    narrative = models.TextField(_("wat bereikt is en wat niet"), blank=True)
    decision = models.CharField(
        _("besluit"), max_length=10, choices=EvaluationDecision.choices, blank=True
    )
    adjustment = models.TextField(
        _("wat er verandert"),
        blank=True,
        help_text=_("Nodig bij bijstellen: wat het volgende jaar anders gaat."),
    )
    # Kept when the evaluation closes: the weighted progress of the objective's activities.
    progress = models.DecimalField(
        _("voortgang (%)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("bijgewerkt door"),
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van doelevaluatie"))

    class Meta:
        ordering = ["objective__order", "objective__code"]
        verbose_name = _("evaluatie van een doel")
        verbose_name_plural = _("evaluaties van doelen")
        constraints = [
            models.UniqueConstraint(
                fields=["evaluation", "objective"], name="objective_evaluation_unique"
            ),
            models.CheckConstraint(
                condition=Q(decision="") | Q(decision__in=EvaluationDecision.values),
                name="objective_evaluation_decision_valid",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="objective_evaluation_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.evaluation}: {self.objective.code}"


class EvaluatedKpi(models.Model):
    """A KPI's value and target for the year as they stood when the evaluation was closed."""

    objective_evaluation = models.ForeignKey(
        ObjectiveEvaluation,
        on_delete=models.CASCADE,
        related_name="kpis",
        verbose_name=_("evaluatie van een doel"),
    )
    definition = models.ForeignKey(
        KpiDefinition,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("KPI"),
    )
    name = models.CharField(_("naam"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=10, choices=KpiUnit.choices)
    direction = models.CharField(_("richting"), max_length=10, choices=KpiDirection.choices)
    computed = models.BooleanField(_("berekend"), default=False)
    value = models.DecimalField(_("waarde"), null=True, blank=True, **KPI_DIGITS)
    target = models.DecimalField(_("streefwaarde"), null=True, blank=True, **KPI_DIGITS)
    met = models.BooleanField(_("gehaald"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["objective_evaluation", "order", "pk"]
        verbose_name = _("geëvalueerde KPI")
        verbose_name_plural = _("geëvalueerde KPI's")

    def __str__(self) -> str:
        return f"{self.name}: {self.value}"
