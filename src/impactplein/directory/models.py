"""The directory's records: an organisation's impact profile, its figures, certifications and scans.

Write through ``services.py`` (which validates, bumps ``version`` and records the actor in the
history); read through ``selectors.py``. Scan scores are computed by ``scan.score`` and stored with
the weights they were computed with; they are never typed in.
"""

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.core.models import SDG, Theme
from impactplein.directory import certifications, consent
from impactplein.directory.constants import (
    CertificationKind,
    CertificationLevel,
    ClaimStatus,
    ConsentMethod,
    ConsentScope,
    FigureKind,
    ImpactModel,
    ProfileStatus,
    RevisionStatus,
    ScanLevel,
    StoryStatus,
)
from impactplein.directory.storage import consent_path, evidence_path, photo_path, private_storage
from impactplein.organisations.models import Organisation

PITCH_MAX_LENGTH = 280


def validate_impact_models(value: Any) -> None:
    if not isinstance(value, list) or any(item not in ImpactModel.values for item in value):
        raise ValidationError(_("Kies een of meer impactmodellen uit de lijst."), code="invalid")
    if len(set(value)) != len(value):
        raise ValidationError(_("Kies elk impactmodel maar één keer."), code="duplicate")


def validate_target_groups(value: Any) -> None:
    if not isinstance(value, list) or any(
        not isinstance(item, str) or not item.strip() or len(item) > 100 for item in value
    ):
        raise ValidationError(
            _("Noem elke doelgroep met een korte tekst van hoogstens 100 tekens."), code="invalid"
        )


def profile_slug(name: str) -> str:
    """The name in a profile page's address: the pk finds the profile, the slug reads well."""
    return slugify(name) or "profiel"


class ImpactProfile(models.Model):
    """How an organisation makes its impact, as the showcase shows it; one per organisation."""

    organisation = models.OneToOneField(
        Organisation,
        on_delete=models.CASCADE,
        related_name="impact_profile",
        verbose_name=_("organisatie"),
    )
    pitch = models.CharField(
        _("pitch"),
        max_length=PITCH_MAX_LENGTH,
        help_text=_("Wat doet u en voor wie, in hoogstens 280 tekens."),
    )
    story = models.TextField(_("impactverhaal"), blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="impact_profiles", verbose_name=_("thema's")
    )
    sdgs = models.ManyToManyField(
        SDG, blank=True, related_name="impact_profiles", verbose_name=_("SDG's")
    )
    impact_models = models.JSONField(
        _("impactmodellen"), default=list, blank=True, validators=[validate_impact_models]
    )
    target_groups = models.JSONField(
        _("doelgroepen"), default=list, blank=True, validators=[validate_target_groups]
    )
    sells_to_buyers = models.BooleanField(
        _("levert aan inkopers"),
        default=False,
        help_text=_("Toon deze onderneming in het overzicht voor sociaal inkopen (Buy Social)."),
    )
    offer = models.TextField(
        _("aanbod voor inkopers"),
        blank=True,
        help_text=_("De producten en diensten die u aan inkopers levert."),
    )
    logo = models.ImageField(_("logo"), upload_to="profiles/logos/", blank=True, max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=ProfileStatus.choices, default=ProfileStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingediend door"),
    )
    # The reviewer's last message to the organisation (changes asked for, or why it was rejected).
    review_message = models.TextField(_("bericht van de beoordelaar"), blank=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    # When a member last said the published profile is still right (or when it was published);
    # the yearly reminder asks again a year later, at most once a year (``reminded_at``).
    confirmed_at = models.DateTimeField(_("bevestigd op"), null=True, blank=True)
    reminded_at = models.DateTimeField(_("herinnerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Raised by every save through the services; an edit made on an older version is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    history = HistoricalRecords(
        verbose_name=_("historie van impactprofiel"),
        verbose_name_plural=_("historie van impactprofielen"),
    )

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("impactprofiel")
        verbose_name_plural = _("impactprofielen")
        permissions = [
            ("review_impactprofile", _("Kan impactprofielen beoordelen en publiceren")),
            ("import_impactprofile", _("Kan organisaties en impactprofielen importeren")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ProfileStatus.values),
                name="impactprofile_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return str(self.organisation)

    def get_absolute_url(self) -> str:
        return reverse("directory:profile", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self) -> str:
        return profile_slug(self.organisation.name)

    def clean(self) -> None:
        super().clean()
        if self.sells_to_buyers and not self.offer.strip():
            raise ValidationError(
                {"offer": _("Beschrijf wat u aan inkopers levert.")}, code="required"
            )


class ImpactFigure(models.Model):
    """One figure of one year, e.g. the jobs for target groups in 2025."""

    profile = models.ForeignKey(
        ImpactProfile,
        on_delete=models.CASCADE,
        related_name="figures",
        verbose_name=_("impactprofiel"),
    )
    year = models.PositiveSmallIntegerField(
        _("jaar"), validators=[MinValueValidator(1900), MaxValueValidator(2100)]
    )
    kind = models.CharField(_("soort"), max_length=20, choices=FigureKind.choices)
    label = models.CharField(
        _("omschrijving"),
        max_length=100,
        blank=True,
        help_text=_("Alleen bij 'anders': wat dit getal telt."),
    )
    value = models.DecimalField(
        _("waarde"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    history = HistoricalRecords(
        verbose_name=_("historie van impactcijfer"),
        verbose_name_plural=_("historie van impactcijfers"),
    )

    class Meta:
        ordering = ["profile", "-year", "kind"]
        verbose_name = _("impactcijfer")
        verbose_name_plural = _("impactcijfers")
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "year", "kind"],
                name="impactfigure_unique_profile_year_kind",
                violation_error_message=_("Dit cijfer staat er voor dit jaar al."),
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="impactfigure_value_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.label or self.get_kind_display()} {self.year}: {self.value}"

    def clean(self) -> None:
        super().clean()
        if self.kind == FigureKind.OTHER and not self.label.strip():
            raise ValidationError({"label": _("Zeg wat dit getal telt.")}, code="required")
        if self.kind != FigureKind.OTHER and self.label:
            raise ValidationError(
                {"label": _("Een omschrijving hoort alleen bij 'anders'.")}, code="not_allowed"
            )


LEVEL_MESSAGES = {
    certifications.LevelProblem.REQUIRED: _("Kies het niveau van deze certificering."),
    certifications.LevelProblem.NOT_ALLOWED: _("Deze certificering heeft geen niveau."),
    certifications.LevelProblem.UNKNOWN: _("Dit niveau hoort niet bij deze certificering."),
}


class Certification(models.Model):
    """A certification or membership that an organisation holds, with its evidence and validity."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="certifications",
        verbose_name=_("organisatie"),
    )
    kind = models.CharField(_("soort"), max_length=30, choices=CertificationKind.choices)
    level = models.CharField(
        _("niveau"), max_length=10, choices=CertificationLevel.choices, blank=True
    )
    valid_from = models.DateField(_("geldig vanaf"))
    valid_until = models.DateField(
        _("geldig tot en met"), null=True, blank=True, help_text=_("Leeg als er geen einddatum is.")
    )
    # Private: served only to members and staff by the certification pages, under a random name.
    evidence = models.FileField(
        _("bewijs"),
        upload_to=evidence_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("gecontroleerd door"),
    )
    verified_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    # Staff sent the evidence back: why, and when. Cleared by new evidence or a verification.
    returned_reason = models.TextField(_("reden van terugsturen"), blank=True)
    returned_at = models.DateTimeField(_("teruggestuurd op"), null=True, blank=True)
    # The status the search index last saw; the daily job re-indexes when today's differs.
    indexed_status = models.CharField(
        _("geïndexeerde status"), max_length=20, blank=True, editable=False
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    # Raised by every change through the services; an edit made on an older version is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    history = HistoricalRecords(
        verbose_name=_("historie van certificering"),
        verbose_name_plural=_("historie van certificeringen"),
    )

    class Meta:
        ordering = ["organisation__name", "kind", "-valid_from"]
        verbose_name = _("certificering")
        verbose_name_plural = _("certificeringen")
        permissions = [("verify_certification", _("Kan bewijs van certificeringen controleren"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="certification_valid_until_after_from",
                violation_error_message=_("De einddatum ligt voor de begindatum."),
            ),
        ]

    def __str__(self) -> str:
        name = self.get_kind_display()
        if self.level:
            name = f"{name} ({self.level})"
        return f"{name}, {self.organisation}"

    def clean(self) -> None:
        super().clean()
        if self.kind in CertificationKind.values:
            problem = certifications.level_problem(self.kind, self.level)
            if problem is not None:
                raise ValidationError({"level": LEVEL_MESSAGES[problem]}, code=problem.value)

    def status_on(
        self, day: date, warn_days: int = certifications.DEFAULT_WARN_DAYS
    ) -> certifications.Status:
        return certifications.status_on(day, self.valid_from, self.valid_until, warn_days)

    @property
    def is_verified(self) -> bool:
        return self.verified_at is not None


class ImpactScan(models.Model):
    """One completed impact scan; a new scan is a new row, so the history is every row."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="impact_scans",
        verbose_name=_("organisatie"),
    )
    taken_at = models.DateTimeField(_("ingevuld op"), default=timezone.now, db_index=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingevuld door"),
    )
    # Question number (as a string, JSON has no integer keys) -> 0..4, or null: not applicable.
    answers = models.JSONField(_("antwoorden"))
    # Area -> score with one decimal as a string, or null when the area had no applicable answer.
    area_scores = models.JSONField(_("scores per onderdeel"))
    # Area -> weight as a string: the scoring inputs, so the result can be recomputed and checked.
    weights = models.JSONField(_("wegingen"))
    total = models.DecimalField(_("totaalscore"), max_digits=4, decimal_places=1)
    level = models.CharField(_("niveau"), max_length=10, choices=ScanLevel.choices)

    class Meta:
        ordering = ["organisation", "-taken_at", "-pk"]
        get_latest_by = ["taken_at", "pk"]
        verbose_name = _("impactscan")
        verbose_name_plural = _("impactscans")
        indexes = [
            models.Index(fields=["organisation", "-taken_at"], name="impactscan_org_taken"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(total__gte=0) & Q(total__lte=100), name="impactscan_total_0_100"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation}, {self.taken_at:%Y-%m-%d}: {self.total}"

    @property
    def answers_by_number(self) -> dict[int, int | None]:
        return {int(number): value for number, value in self.answers.items()}


class CertificationReminder(models.Model):
    """A reminder sent before a certification ends: one per threshold, so never twice."""

    certification = models.ForeignKey(
        Certification,
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("certificering"),
    )
    days_before = models.PositiveSmallIntegerField(_("dagen voor het einde"))
    sent_on = models.DateField(_("verstuurd op"))

    class Meta:
        ordering = ["certification", "-days_before"]
        verbose_name = _("herinnering aan verlopen")
        verbose_name_plural = _("herinneringen aan verlopen")
        constraints = [
            models.UniqueConstraint(
                fields=["certification", "days_before"],
                name="certificationreminder_once_per_threshold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.certification}: {self.days_before}"


def validate_consent_scope(value: Any) -> None:
    if not isinstance(value, list) or any(item not in ConsentScope.values for item in value):
        raise ValidationError(_("Kies waarvoor de toestemming geldt uit de lijst."), code="invalid")


class Story(models.Model):
    """An inspiration story about one or more organisations: draft, review, published."""

    organisations = models.ManyToManyField(
        Organisation, related_name="stories", verbose_name=_("organisaties")
    )
    title = models.CharField(_("titel"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=160, allow_unicode=False)
    lead = models.CharField(
        _("inleiding"), max_length=300, help_text=_("Eén of twee zinnen, hoogstens 300 tekens.")
    )
    body = models.TextField(_("tekst"))
    status = models.CharField(
        _("status"), max_length=20, choices=StoryStatus.choices, default=StoryStatus.DRAFT
    )
    review_message = models.TextField(_("bericht van de redactie"), blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("schrijver"),
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Raised by every change through the services; an edit made on an older version is refused.
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    history = HistoricalRecords(
        verbose_name=_("historie van verhaal"), verbose_name_plural=_("historie van verhalen")
    )

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("verhaal")
        verbose_name_plural = _("verhalen")
        permissions = [("review_story", _("Kan verhalen beoordelen en publiceren"))]
        indexes = [models.Index(fields=["status", "-published_at"], name="story_status_published")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=StoryStatus.values), name="story_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.status == StoryStatus.PUBLISHED


class StoryPhoto(models.Model):
    """A photo in a story, with the recorded consent of the people it portrays."""

    story = models.ForeignKey(
        Story, on_delete=models.CASCADE, related_name="photos", verbose_name=_("verhaal")
    )
    # Emptied (and the file deleted) when the consent is withdrawn.
    image = models.FileField(
        _("foto"), upload_to=photo_path, storage=private_storage, blank=True, max_length=200
    )
    width = models.PositiveIntegerField(_("breedte"), null=True, blank=True)
    height = models.PositiveIntegerField(_("hoogte"), null=True, blank=True)
    alt_text = models.CharField(
        _("tekstalternatief"),
        max_length=250,
        help_text=_("Wat er op de foto te zien is, voor wie de foto niet kan zien."),
    )
    caption = models.CharField(_("onderschrift"), max_length=250, blank=True)
    shows_people = models.BooleanField(_("er staan mensen op de foto"), default=True)
    consent_given_by = models.CharField(
        _("toestemming gegeven door"),
        max_length=200,
        blank=True,
        help_text=_("Naam van de persoon op de foto of van zijn of haar vertegenwoordiger."),
    )
    consent_given_on = models.DateField(_("toestemming gegeven op"), null=True, blank=True)
    consent_scope = models.JSONField(
        _("toestemming geldt voor"), default=list, blank=True, validators=[validate_consent_scope]
    )
    consent_method = models.CharField(
        _("manier van toestemming geven"), max_length=20, choices=ConsentMethod.choices, blank=True
    )
    consent_evidence = models.FileField(
        _("bewijs van toestemming"),
        upload_to=consent_path,
        storage=private_storage,
        blank=True,
        max_length=200,
    )
    consent_withdrawn_at = models.DateTimeField(
        _("toestemming ingetrokken op"), null=True, blank=True
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=_("historie van verhaalfoto"),
        verbose_name_plural=_("historie van verhaalfoto's"),
    )

    class Meta:
        ordering = ["story", "position", "pk"]
        verbose_name = _("verhaalfoto")
        verbose_name_plural = _("verhaalfoto's")

    def __str__(self) -> str:
        return self.alt_text

    @property
    def consent_record(self) -> consent.PhotoConsent:
        return consent.PhotoConsent(
            shows_people=self.shows_people,
            given_by=self.consent_given_by,
            given_on=self.consent_given_on,
            scope=tuple(self.consent_scope or ()),
            withdrawn=self.consent_withdrawn_at is not None,
        )

    @property
    def may_show(self) -> bool:
        return bool(self.image) and consent.may_show(self.consent_record)


class ProfilePhoto(models.Model):
    """A photo on an impact profile, cleaned by ``core.images`` before it is stored.

    A photo added to a published profile belongs to the pending revision (``revision``) and has no
    ``profile`` until the revision is approved, so ``profile.photos`` only holds what is online.
    """

    profile = models.ForeignKey(
        ImpactProfile,
        on_delete=models.CASCADE,
        related_name="photos",
        null=True,
        blank=True,
        verbose_name=_("impactprofiel"),
    )
    revision = models.ForeignKey(
        "ProfileRevision",
        on_delete=models.CASCADE,
        related_name="photos",
        null=True,
        blank=True,
        verbose_name=_("voorgestelde wijziging"),
    )
    image = models.ImageField(_("foto"), upload_to="profiles/photos/", max_length=200)
    alt_text = models.CharField(
        _("tekstalternatief"),
        max_length=250,
        help_text=_("Wat er op de foto te zien is, voor wie de foto niet kan zien."),
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("profielfoto")
        verbose_name_plural = _("profielfoto's")
        constraints = [
            models.CheckConstraint(
                condition=Q(profile__isnull=False) | Q(revision__isnull=False),
                name="profilephoto_has_profile_or_revision",
            ),
        ]

    def __str__(self) -> str:
        return self.alt_text


class ProfileRevision(models.Model):
    """Changes proposed to a published profile, which stays online unchanged until approval.

    ``changes`` holds the proposed values by field name (themes and SDGs as lists of primary keys,
    figures as a list of rows, ``remove_photos`` and ``remove_logo``); a new logo waits in
    ``logo`` and new photos in ``photos``. ``base_version`` is the profile version it was made on.
    """

    profile = models.ForeignKey(
        ImpactProfile,
        on_delete=models.CASCADE,
        related_name="revisions",
        verbose_name=_("impactprofiel"),
    )
    changes = models.JSONField(_("voorgestelde wijzigingen"), default=dict)
    logo = models.ImageField(
        _("nieuw logo"), upload_to="profiles/logos/", blank=True, max_length=200
    )
    base_version = models.PositiveIntegerField(_("versie waarop voorgesteld"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voorgesteld door"),
    )
    created_at = models.DateTimeField(_("voorgesteld op"), default=timezone.now)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=RevisionStatus.choices,
        default=RevisionStatus.PENDING,
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordelaar"),
    )
    message = models.TextField(_("bericht van de beoordelaar"), blank=True)
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    history = HistoricalRecords(
        verbose_name=_("historie van voorgestelde wijziging"),
        verbose_name_plural=_("historie van voorgestelde wijzigingen"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("voorgestelde wijziging")
        verbose_name_plural = _("voorgestelde wijzigingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=RevisionStatus.values), name="profilerevision_status_valid"
            ),
            # At most one open proposal per profile: a second edit updates the open one.
            models.UniqueConstraint(
                fields=["profile"],
                condition=Q(status="pending"),
                name="profilerevision_one_pending_per_profile",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.profile}, {self.created_at:%Y-%m-%d}"


class OrganisationClaim(models.Model):
    """A user's request to act for an organisation that is already registered.

    The user becomes owner only when a coordinator (or, for an organisation that has owners, one
    of its owners) approves.
    """

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="claims",
        verbose_name=_("organisatie"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_claims",
        verbose_name=_("aangevraagd door"),
    )
    motivation = models.TextField(
        _("toelichting"),
        max_length=1000,
        blank=True,
        help_text=_("Wat is uw rol in deze organisatie? Dit helpt bij de beoordeling."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ClaimStatus.choices, default=ClaimStatus.PENDING
    )
    created_at = models.DateTimeField(_("aangevraagd op"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    message = models.TextField(_("bericht van de beoordelaar"), blank=True)
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)

    history = HistoricalRecords(
        verbose_name=_("historie van aanvraag"),
        verbose_name_plural=_("historie van aanvragen"),
    )

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("aanvraag om een organisatie te beheren")
        verbose_name_plural = _("aanvragen om een organisatie te beheren")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ClaimStatus.values), name="organisationclaim_status_valid"
            ),
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=Q(status="pending"),
                name="organisationclaim_one_pending_per_user",
                violation_error_message=_("U heeft deze organisatie al aangevraagd."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.organisation}"


class ImportBatch(models.Model):
    """An uploaded import file, from its upload through the worker's check to its application.

    uploaded → checking → checked (``valid`` or not, with the ``plan`` of every row) → applying →
    applied, or failed with a ``message``. The file itself is kept, with its SHA-256, so the
    confirmation applies exactly the file that was checked and nothing a second upload or a
    changed form could slip in. Batches older than a day that were never applied are removed
    when the next file is uploaded.
    """

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("geüpload")
        CHECKING = "checking", _("wordt gecontroleerd")
        CHECKED = "checked", _("gecontroleerd")
        APPLYING = "applying", _("wordt verwerkt")
        APPLIED = "applied", _("verwerkt")
        FAILED = "failed", _("mislukt")

    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("geüpload door"),
    )
    filename = models.CharField(_("bestandsnaam"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    content = models.BinaryField(_("inhoud"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.UPLOADED
    )
    # The uploader's language: the worker writes the row messages of the plan in it.
    language = models.CharField(_("taal"), max_length=10, default="nl")
    row_count = models.PositiveIntegerField(_("aantal rijen"), default=0)
    valid = models.BooleanField(_("klopt"), null=True, blank=True)
    plan = models.JSONField(_("controle per rij"), default=dict, blank=True)
    message = models.TextField(_("melding"), blank=True)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    created_at = models.DateTimeField(_("geüpload op"), default=timezone.now, db_index=True)
    checked_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    applied_at = models.DateTimeField(_("verwerkt op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("importbestand")
        verbose_name_plural = _("importbestanden")

    def __str__(self) -> str:
        return f"{self.filename} ({self.created_at:%Y-%m-%d %H:%M})"
