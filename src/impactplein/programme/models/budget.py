"""The budget of each year: lines, funding sources and expenditure with private evidence."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.core.storage import file_extension, private_storage, random_name
from impactplein.programme.constants import BudgetCategory, FundingKind
from impactplein.programme.models.partnership import Partner, Partnership

MONEY = {"max_digits": 12, "decimal_places": 2}


class Budget(models.Model):
    """The budget of one calendar year of the partnership."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="budgets",
        verbose_name=_("samenwerking"),
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    notes = models.TextField(_("toelichting"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van begroting"))

    class Meta:
        ordering = ["year", "pk"]
        verbose_name = _("begroting")
        verbose_name_plural = _("begrotingen")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "year"], name="budget_unique_year")
        ]

    def __str__(self) -> str:
        return str(_("Begroting %(year)s") % {"year": self.year})


class BudgetLine(models.Model):
    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="lines", verbose_name=_("begroting")
    )
    category = models.CharField(_("categorie"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(
        _("bedrag (euro)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    history = HistoricalRecords(verbose_name=_("historie van begrotingsregel"))

    class Meta:
        ordering = ["category", "pk"]
        verbose_name = _("begrotingsregel")
        verbose_name_plural = _("begrotingsregels")
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gte=0), name="budgetline_amount_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.description


class FundingSource(models.Model):
    """Money promised (committed) for a year, and how much of it has come in (received)."""

    budget = models.ForeignKey(
        Budget, on_delete=models.CASCADE, related_name="funding", verbose_name=_("begroting")
    )
    kind = models.CharField(_("soort bron"), max_length=20, choices=FundingKind.choices)
    name = models.CharField(_("naam"), max_length=200)
    partner = models.ForeignKey(
        Partner,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funding",
        verbose_name=_("partner die financiert"),
    )
    funder = models.CharField(
        _("financier"),
        max_length=200,
        blank=True,
        help_text=_("Wie het geld geeft, als dat geen partner is."),
    )
    committed = models.DecimalField(
        _("toegezegd (euro)"), **MONEY, validators=[MinValueValidator(Decimal("0"))]
    )
    received = models.DecimalField(
        _("ontvangen (euro)"),
        **MONEY,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    history = HistoricalRecords(verbose_name=_("historie van financieringsbron"))

    class Meta:
        ordering = ["pk"]
        verbose_name = _("financieringsbron")
        verbose_name_plural = _("financieringsbronnen")
        constraints = [
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(received__gte=0),
                name="funding_amounts_not_negative",
            )
        ]

    def __str__(self) -> str:
        return self.name


def evidence_upload_to(instance: "Expenditure", filename: str) -> str:
    return random_name("programme/evidence", file_extension(filename))


class Expenditure(models.Model):
    """Money spent, with its category and the evidence (an invoice or receipt), kept private."""

    budget = models.ForeignKey(
        Budget, on_delete=models.PROTECT, related_name="expenditure", verbose_name=_("begroting")
    )
    date = models.DateField(_("datum"))
    category = models.CharField(_("categorie"), max_length=20, choices=BudgetCategory.choices)
    description = models.CharField(_("omschrijving"), max_length=200)
    amount = models.DecimalField(
        _("bedrag (euro)"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    evidence = models.FileField(
        _("bewijsstuk"),
        storage=private_storage,
        upload_to=evidence_upload_to,
        blank=True,
        help_text=_("Factuur of bon als PDF, PNG of JPEG, hoogstens 10 MB."),
    )
    evidence_name = models.CharField(_("bestandsnaam bewijsstuk"), max_length=200, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    created_at = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)
    history = HistoricalRecords(verbose_name=_("historie van uitgave"))

    class Meta:
        ordering = ["-date", "-pk"]
        verbose_name = _("uitgave")
        verbose_name_plural = _("uitgaven")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive")
        ]

    def __str__(self) -> str:
        return self.description
