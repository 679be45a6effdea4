"""The social-return monitor's records: valuation schemes, contracts, fulfilment and spend.

Write through ``services/`` (which validates, bumps ``version`` and records the actor in the
history); read through ``selectors/``. Money is ``Decimal`` euros; an obligation and an entry's
value are whole euros, computed by the pure engine in ``valuation/`` and stored together with the
inputs and the scheme version they were computed with, so every figure can be reproduced.

Privacy: a placement names a pseudonymous ``Candidate`` by its code. Who the code stands for is
kept in ``CandidateIdentity``, which only the employer-services role may read.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.core.storage import file_extension, private_storage, random_name
from impactplein.organisations.models import Organisation
from impactplein.socialreturn.constants import (
    ContractStatus,
    ContractType,
    EntryKind,
    EntryStatus,
    PSOLevel,
    ReportKind,
    ReportStatus,
    SchemeStatus,
)

MONEY = {"max_digits": 14, "decimal_places": 2}
WHOLE_EUROS = {"max_digits": 14, "decimal_places": 0}
PERCENTAGE = {
    "max_digits": 5,
    "decimal_places": 2,
    "validators": [MinValueValidator(0), MaxValueValidator(100)],
}


def evidence_path(instance: object, filename: str) -> str:
    return random_name("socialreturn", file_extension(filename))


class ValuationScheme(models.Model):
    """One version of a region's valuation table (*bouwblokken*) and obligation rules.

    ``definition`` holds the scheme in the documented file format (``docs/socialreturn.md``) and is
    read by ``valuation.load_scheme``. A published version never changes: contracts pin it at award.
    """

    slug = models.SlugField(_("code"), max_length=60)
    version = models.CharField(_("versie"), max_length=30)
    name = models.CharField(_("naam"), max_length=200)
    region = models.CharField(_("regio"), max_length=200, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    source_url = models.URLField(_("bron"), max_length=500, blank=True)
    definition = models.JSONField(_("definitie"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=SchemeStatus.choices, default=SchemeStatus.DRAFT
    )
    is_preset = models.BooleanField(_("meegeleverd"), default=False)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    version_lock = models.PositiveIntegerField(_("wijzigingsnummer"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name", "-valid_from", "version"]
        verbose_name = _("waarderingsmodel")
        verbose_name_plural = _("waarderingsmodellen")
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="scheme_unique_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.version})"

    @property
    def is_published(self) -> bool:
        return self.status == SchemeStatus.PUBLISHED


class Contract(models.Model):
    """A contract with a social-return obligation, pinned to the scheme version of its award."""

    reference = models.CharField(_("kenmerk"), max_length=60, unique=True)
    title = models.CharField(_("omschrijving"), max_length=200)
    buyer_department = models.CharField(_("afdeling opdrachtgever"), max_length=120)
    supplier = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="socialreturn_contracts",
        verbose_name=_("opdrachtnemer"),
    )
    contract_type = models.CharField(
        _("soort opdracht"), max_length=20, choices=ContractType.choices
    )
    value = models.DecimalField(_("opdrachtwaarde (excl. btw)"), **MONEY)
    awarded_on = models.DateField(_("gegund op"))
    start_date = models.DateField(_("startdatum"))
    end_date = models.DateField(_("einddatum"))
    labour_share = models.DecimalField(
        _("loonkostenaandeel (%)"), null=True, blank=True, **PERCENTAGE
    )
    offered_percentage = models.DecimalField(
        _("aangeboden percentage social return"), null=True, blank=True, **PERCENTAGE
    )
    supplier_pso_level = models.CharField(
        _("PSO-niveau opdrachtnemer bij gunning"),
        max_length=10,
        choices=PSOLevel.choices,
        blank=True,
    )
    scheme = models.ForeignKey(
        ValuationScheme,
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("waarderingsmodel"),
    )
    obligation = models.DecimalField(_("verplichting (€)"), **WHOLE_EUROS)
    # What the engine was given and answered: scheme version, base, percentage, rules applied.
    obligation_inputs = models.JSONField(_("berekening verplichting"), default=dict)
    co2_ladder_level = models.PositiveSmallIntegerField(
        _("CO2-prestatieladder niveau"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    mvi_criteria = models.TextField(_("MVI-criteria"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ContractStatus.choices, default=ContractStatus.AWARDED
    )
    penalty_note = models.TextField(_("toelichting boete"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    version = models.PositiveIntegerField(_("wijzigingsnummer"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-awarded_on", "reference"]
        verbose_name = _("contract")
        verbose_name_plural = _("contracten")
        permissions = [
            ("import_contract", _("contracten importeren")),
            ("view_portfolio", _("portefeuille social return inzien")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="contract_period_order"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="contract_value_not_negative"),
        ]
        indexes = [
            models.Index(fields=["status"]),
            models.Index(fields=["buyer_department"]),
            models.Index(fields=["awarded_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"


class Candidate(models.Model):
    """A person placed through social return, known to suppliers and officers by a code only."""

    code = models.CharField(_("kandidaatcode"), max_length=20, unique=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    # After this date the identity is erased and the code stays as a bare pseudonym.
    retain_until = models.DateField(_("bewaren tot"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("kandidaat")
        verbose_name_plural = _("kandidaten")

    def __str__(self) -> str:
        return self.code


class CandidateIdentity(models.Model):
    """Who a candidate code stands for: readable by the employer-services role only."""

    candidate = models.OneToOneField(
        Candidate, on_delete=models.CASCADE, related_name="identity", verbose_name=_("kandidaat")
    )
    full_name = models.CharField(_("naam"), max_length=200)
    note = models.TextField(_("notitie"), blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("identiteit van kandidaat")
        verbose_name_plural = _("identiteiten van kandidaten")

    def __str__(self) -> str:
        return f"{self.candidate.code}"


class PeriodReport(models.Model):
    """A report the supplier owes on a contract: interim ones and the final one."""

    contract = models.ForeignKey(
        Contract, on_delete=models.CASCADE, related_name="reports", verbose_name=_("contract")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=ReportKind.choices)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    due_date = models.DateField(_("uiterste datum"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReportStatus.choices, default=ReportStatus.OPEN
    )
    note = models.TextField(_("toelichting"), blank=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    # Reminders sent, as the number of days before the due date ("14", "0", "-7"), never twice.
    reminders_sent = models.JSONField(_("herinneringen verstuurd"), default=list, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "due_date"]
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "kind", "period_end"], name="report_unique_period"
            ),
        ]
        indexes = [models.Index(fields=["status", "due_date"])]

    def __str__(self) -> str:
        return f"{self.contract.reference}: {self.get_kind_display()} {self.period_end}"


class FulfilmentEntry(models.Model):
    """One reported way of fulfilling a contract's obligation, valued by the contract's scheme.

    The kind decides which fields apply (placement: candidate, target group, hours, period and
    bonuses; purchase: invoice and social enterprise; activity: hours or days; cost item: amount).
    ``value`` and ``valuation`` are written by the service from the engine's answer.
    Approved entries are locked; every change is in the history.
    """

    contract = models.ForeignKey(
        Contract, on_delete=models.PROTECT, related_name="entries", verbose_name=_("contract")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=EntryKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=EntryStatus.choices, default=EntryStatus.DRAFT
    )
    report = models.ForeignKey(
        PeriodReport,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="entries",
        verbose_name=_("rapportage"),
    )
    # The scheme's building block this entry is valued by ("" = the engine chooses by target group).
    block = models.CharField(_("bouwblok"), max_length=60, blank=True)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)

    # placement
    candidate = models.ForeignKey(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="placements",
        verbose_name=_("kandidaat"),
    )
    target_group = models.CharField(_("doelgroep"), max_length=60, blank=True)
    benefit_duration_months = models.PositiveSmallIntegerField(
        _("duur uitkering (maanden)"), null=True, blank=True
    )
    age_at_reference_date = models.PositiveSmallIntegerField(
        _("leeftijd op peildatum"), null=True, blank=True
    )
    hours_per_week = models.DecimalField(
        _("uren per week"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    start_date = models.DateField(_("startdatum"), null=True, blank=True)
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    permanent_contract = models.BooleanField(_("vast contract"), default=False)
    status_holder = models.BooleanField(_("statushouder"), default=False)
    wage_subsidy_until = models.DateField(_("loonkostensubsidie tot"), null=True, blank=True)

    # purchase
    invoice_number = models.CharField(_("factuurnummer"), max_length=60, blank=True)
    invoice_date = models.DateField(_("factuurdatum"), null=True, blank=True)
    social_enterprise = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="socialreturn_purchases",
        verbose_name=_("sociale onderneming"),
    )
    # purchase (amount excl. VAT) and cost item (actual cost)
    amount = models.DecimalField(_("bedrag (excl. btw)"), null=True, blank=True, **MONEY)

    # activity
    hours = models.DecimalField(_("uren"), max_digits=8, decimal_places=2, null=True, blank=True)
    persons = models.PositiveSmallIntegerField(_("aantal medewerkers"), null=True, blank=True)
    days = models.PositiveSmallIntegerField(_("dagen"), null=True, blank=True)

    value = models.DecimalField(_("waarde (€)"), null=True, blank=True, **WHOLE_EUROS)
    valuation = models.JSONField(_("waardering"), default=dict, blank=True)

    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("ingevoerd door"),
    )
    entered_on_behalf = models.BooleanField(_("ingevoerd namens opdrachtnemer"), default=False)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van afwijzing"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), default=timezone.now)
    version = models.PositiveIntegerField(_("wijzigingsnummer"), default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["contract", "created_at", "pk"]
        verbose_name = _("invulling")
        verbose_name_plural = _("invullingen")
        permissions = [("approve_fulfilmententry", _("invullingen goedkeuren"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(value__isnull=True) | Q(value__gte=0), name="entry_value_not_negative"
            ),
            # An invoice counts once per contract, whoever reports it.
            models.UniqueConstraint(
                fields=["contract", "invoice_number"],
                condition=Q(kind="purchase") & ~Q(invoice_number=""),
                name="entry_invoice_once_per_contract",
            ),
        ]
        indexes = [
            models.Index(fields=["contract", "status"]),
            models.Index(fields=["status", "kind"]),
        ]

    def __str__(self) -> str:
        return f"{self.contract.reference}: {self.get_kind_display()} #{self.pk}"

    @property
    def is_locked(self) -> bool:
        return self.status == EntryStatus.APPROVED


class EntryEvidence(models.Model):
    """A file that supports an entry (contract of employment, invoice, attendance list)."""

    entry = models.ForeignKey(
        FulfilmentEntry,
        on_delete=models.CASCADE,
        related_name="evidence",
        verbose_name=_("invulling"),
    )
    # Private: served only to the supplier's members and officers, under a random name.
    file = models.FileField(
        _("bestand"), upload_to=evidence_path, storage=private_storage, max_length=200
    )
    original_name = models.CharField(_("oorspronkelijke naam"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), default=timezone.now)

    class Meta:
        ordering = ["entry", "uploaded_at"]
        verbose_name = _("bewijsstuk")
        verbose_name_plural = _("bewijsstukken")

    def __str__(self) -> str:
        return self.original_name


class SpendImport(models.Model):
    """One upload of the municipality's spend per supplier (Buy Social)."""

    label = models.CharField(_("omschrijving"), max_length=200)
    period_start = models.DateField(_("periode vanaf"))
    period_end = models.DateField(_("periode tot en met"))
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    uploaded_at = models.DateTimeField(_("geüpload op"), default=timezone.now)

    class Meta:
        ordering = ["-period_end", "-uploaded_at"]
        verbose_name = _("inkoopuitgaven-import")
        verbose_name_plural = _("inkoopuitgaven-imports")

    def __str__(self) -> str:
        return self.label


class SpendLine(models.Model):
    """The spend with one supplier in one import, matched to its organisation record by KvK."""

    spend_import = models.ForeignKey(
        SpendImport, on_delete=models.CASCADE, related_name="lines", verbose_name=_("import")
    )
    kvk_number = models.CharField(_("KvK-nummer"), max_length=8)
    supplier_name = models.CharField(_("naam leverancier"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisatie"),
    )
    amount = models.DecimalField(_("bedrag (excl. btw)"), **MONEY)

    class Meta:
        ordering = ["spend_import", "-amount"]
        verbose_name = _("inkoopuitgave")
        verbose_name_plural = _("inkoopuitgaven")
        indexes = [models.Index(fields=["kvk_number"])]

    def __str__(self) -> str:
        return f"{self.kvk_number}: {self.amount}"
