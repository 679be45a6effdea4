"""KPIs of the programme: definitions per objective, targets per year, values entered by hand
and the "turn the curve" narrative per period.

A definition is either *computed* (``source_key`` names a source in ``core.kpis``, registered by
a feature app) or *manual* (``source_key`` blank: values are entered with a date and a note).
Which number a period gets is decided in one place, ``selectors.kpis.kpi_value``.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.programme.models.partnership import Objective

KPI_DIGITS = {"max_digits": 14, "decimal_places": 2}


class KpiUnit(models.TextChoices):
    COUNT = "count", _("aantal")
    EURO = "euro", _("euro")
    PERCENT = "percent", _("procent")


class KpiDirection(models.TextChoices):
    HIGHER = "higher", _("hoger is beter")
    LOWER = "lower", _("lager is beter")


class KpiDefinition(models.Model):
    """What the partnership measures for an objective, and how a value is obtained."""

    objective = models.ForeignKey(
        Objective, on_delete=models.PROTECT, related_name="kpis", verbose_name=_("doel")
    )
    name = models.CharField(_("naam"), max_length=200)
    unit = models.CharField(_("eenheid"), max_length=10, choices=KpiUnit.choices)
    direction = models.CharField(
        _("richting"), max_length=10, choices=KpiDirection.choices, default=KpiDirection.HIGHER
    )
    source_key = models.CharField(
        _("berekend uit"),
        max_length=80,
        blank=True,
        help_text=_("Leeg: de waarden worden met de hand ingevoerd."),
    )
    description = models.TextField(_("toelichting"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van KPI"))

    class Meta:
        ordering = ["objective__order", "objective__code", "order", "name", "pk"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPI's")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__in=KpiUnit.values), name="kpidefinition_unit_valid"
            ),
            models.CheckConstraint(
                condition=Q(direction__in=KpiDirection.values),
                name="kpidefinition_direction_valid",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="kpidefinition_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_computed(self) -> bool:
        return bool(self.source_key)


class KpiTarget(models.Model):
    """The value a KPI should reach in a calendar year."""

    definition = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="targets", verbose_name=_("KPI")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    value = models.DecimalField(_("streefwaarde"), **KPI_DIGITS)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van streefwaarde"))

    class Meta:
        ordering = ["definition", "year"]
        verbose_name = _("streefwaarde")
        verbose_name_plural = _("streefwaarden")
        constraints = [
            models.UniqueConstraint(fields=["definition", "year"], name="kpitarget_unique_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="kpitarget_year_plausible"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} {self.year}: {self.value}"


class KpiValue(models.Model):
    """A value of a manual KPI, measured on ``date``; the latest one of a period counts."""

    definition = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="values", verbose_name=_("KPI")
    )
    date = models.DateField(_("datum"))
    value = models.DecimalField(_("waarde"), **KPI_DIGITS)
    note = models.TextField(_("toelichting"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    created_at = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van KPI-waarde"))

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("KPI-waarde")
        verbose_name_plural = _("KPI-waarden")
        indexes = [models.Index(fields=["definition", "date"], name="kpivalue_definition_date")]

    def __str__(self) -> str:
        return f"{self.definition} {self.date}: {self.value}"


class KpiNarrative(models.Model):
    """The story behind a KPI's curve ("turn the curve") for a year or one of its quarters,
    with who helps, what works and the plan (Results-Based Accountability's questions)."""

    definition = models.ForeignKey(
        KpiDefinition, on_delete=models.CASCADE, related_name="narratives", verbose_name=_("KPI")
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    quarter = models.PositiveSmallIntegerField(
        _("kwartaal"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(4)],
        help_text=_("Leeg voor het hele jaar."),
    )
    story = models.TextField(_("het verhaal achter de curve"))
    partners = models.TextField(_("partners die kunnen helpen"), blank=True)
    what_works = models.TextField(_("wat werkt"), blank=True)
    action_plan = models.TextField(_("actieplan"), blank=True)
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
    history = HistoricalRecords(verbose_name=_("historie van verhaal achter de curve"))

    class Meta:
        ordering = ["definition", "year", "quarter"]
        verbose_name = _("verhaal achter de curve")
        verbose_name_plural = _("verhalen achter de curve")
        constraints = [
            models.UniqueConstraint(
                fields=["definition", "year", "quarter"],
                condition=Q(quarter__isnull=False),
                name="kpinarrative_unique_quarter",
            ),
            models.UniqueConstraint(
                fields=["definition", "year"],
                condition=Q(quarter__isnull=True),
                name="kpinarrative_unique_year",
            ),
            models.CheckConstraint(
                condition=Q(quarter__isnull=True) | Q(quarter__gte=1, quarter__lte=4),
                name="kpinarrative_quarter_1_4",
            ),
        ]

    def __str__(self) -> str:
        period = f"{self.year} Q{self.quarter}" if self.quarter else str(self.year)
        return f"{self.definition} {period}"
