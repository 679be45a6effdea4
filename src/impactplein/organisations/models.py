"""The one record of an organisation that every feature uses, and who may act for it.

Write through ``services.py`` (which normalises, validates, bumps ``version`` and records history);
read through ``selectors.py``.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.core.constants import SBIVersion
from impactplein.core.models import Area, Municipality, SBISection
from impactplein.organisations import identifiers
from impactplein.organisations.constants import (
    LegalForm,
    LocationSource,
    MembershipRole,
    OrganisationKind,
)
from impactplein.organisations.validators import (
    as_validation_error,
    validate_establishment_number,
    validate_kvk_number,
    validate_phone,
    validate_postcode,
)

KVK_TAKEN = _("Er is al een organisatie met dit KvK-nummer.")
ESTABLISHMENT_TAKEN = _("Er is al een organisatie met dit vestigingsnummer.")


class Organisation(models.Model):
    name = models.CharField(_("naam"), max_length=200, db_index=True)
    kind = models.CharField(_("soort organisatie"), max_length=30, choices=OrganisationKind.choices)
    legal_form = models.CharField(_("rechtsvorm"), max_length=20, choices=LegalForm.choices)
    # Blank identifiers are stored as NULL, so "unique where given" is a plain conditional
    # constraint and any number of organisations may leave them empty.
    kvk_number = models.CharField(  # noqa: DJ001 - NULL when blank, see above
        _("KvK-nummer"),
        max_length=8,
        null=True,
        blank=True,
        validators=[validate_kvk_number],
        help_text=_("8 cijfers, zoals op het uittreksel van de Kamer van Koophandel."),
    )
    establishment_number = models.CharField(  # noqa: DJ001 - NULL when blank, see above
        _("vestigingsnummer"),
        max_length=12,
        null=True,
        blank=True,
        validators=[validate_establishment_number],
        help_text=_("12 cijfers, het nummer van deze vestiging in het Handelsregister."),
    )

    street = models.CharField(_("straat"), max_length=200, blank=True)
    house_number = models.PositiveIntegerField(_("huisnummer"), null=True, blank=True)
    house_number_addition = models.CharField(_("toevoeging"), max_length=10, blank=True)
    postcode = models.CharField(
        _("postcode"), max_length=7, blank=True, validators=[validate_postcode]
    )
    city = models.CharField(_("plaats"), max_length=100, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="organisations",
        verbose_name=_("gemeente"),
    )
    area = models.ForeignKey(
        Area,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organisations",
        verbose_name=_("gebied"),
        help_text=_("Wijk, binnenstad of bedrijventerrein, als dat van toepassing is."),
    )

    # Filled by the service from the address (see geocoding.py): the municipality's centre at
    # once, the address's own point from the PDOK Locatieserver afterwards when it can be reached.
    latitude = models.DecimalField(
        _("breedtegraad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("lengtegraad"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    location_source = models.CharField(
        _("herkomst van de locatie"),
        max_length=20,
        choices=LocationSource.choices,
        blank=True,
    )

    sbi_code = models.CharField(
        _("SBI-code"),
        max_length=5,
        blank=True,
        help_text=_("De hoofdactiviteit volgens de KvK, bijvoorbeeld 62010."),
    )
    sbi_version = models.CharField(
        _("SBI-versie"), max_length=4, choices=SBIVersion.choices, blank=True
    )

    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(
        _("telefoonnummer"), max_length=20, blank=True, validators=[validate_phone]
    )

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # Optimistic locking: every write raises the version by one, and an edit is accepted only
    # if it was made on the version that is still current (see services.organisation_update).
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)

    history = HistoricalRecords(
        verbose_name=_("historie van organisatie"),
        verbose_name_plural=_("historie van organisaties"),
    )

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        permissions = [("manage_memberships", _("Mag de leden van een organisatie beheren"))]
        constraints = [
            models.UniqueConstraint(
                fields=["kvk_number"],
                condition=Q(kvk_number__isnull=False),
                name="organisation_unique_kvk_number",
                violation_error_message=KVK_TAKEN,
            ),
            models.UniqueConstraint(
                fields=["establishment_number"],
                condition=Q(establishment_number__isnull=False),
                name="organisation_unique_establishment_number",
                violation_error_message=ESTABLISHMENT_TAKEN,
            ),
            models.CheckConstraint(
                condition=~Q(kvk_number="") & ~Q(establishment_number=""),
                name="organisation_blank_identifiers_are_null",
            ),
            models.CheckConstraint(
                condition=(Q(sbi_code="") & Q(sbi_version=""))
                | (~Q(sbi_code="") & ~Q(sbi_version="")),
                name="organisation_sbi_code_has_version",
            ),
            models.CheckConstraint(
                condition=Q(version__gte=1), name="organisation_version_positive"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors: dict[str, ValidationError | str] = {}
        if (
            self.area_id
            and self.municipality_id
            and self.area.municipality_id != self.municipality_id
        ):
            errors["area"] = _("Dit gebied ligt niet in de gekozen gemeente.")
        errors.update(self._sbi_errors())
        errors.update(self._identifier_taken_errors())
        if errors:
            raise ValidationError(errors)

    def _sbi_errors(self) -> dict[str, ValidationError | str]:
        if not self.sbi_code and not self.sbi_version:
            return {}
        if not self.sbi_version:
            return {"sbi_version": _("Kies bij de SBI-code ook de versie.")}
        if not self.sbi_code:
            return {"sbi_code": _("Vul de SBI-code in, of laat de versie leeg.")}
        try:
            canonical = identifiers.normalise_sbi_code(self.sbi_code, self.sbi_version)
        except identifiers.IdentifierError as error:
            return {"sbi_code": as_validation_error(error)}
        if canonical != self.sbi_code:
            return {"sbi_code": _("Deze waarde is niet in de juiste vorm opgeslagen.")}
        return {}

    def _identifier_taken_errors(self) -> dict[str, ValidationError | str]:
        # The constraints would report these too, but without naming the field; here the
        # message lands on the field the user has to change.
        errors: dict[str, ValidationError | str] = {}
        others = Organisation.objects.exclude(pk=self.pk)
        if self.kvk_number and others.filter(kvk_number=self.kvk_number).exists():
            errors["kvk_number"] = ValidationError(KVK_TAKEN, code="unique")
        if (
            self.establishment_number
            and others.filter(establishment_number=self.establishment_number).exists()
        ):
            errors["establishment_number"] = ValidationError(ESTABLISHMENT_TAKEN, code="unique")
        return errors

    @property
    def address_lines(self) -> list[str]:
        number = " ".join(
            str(part) for part in (self.house_number, self.house_number_addition) if part
        )
        first = " ".join(part for part in (self.street, number) if part)
        second = " ".join(part for part in (self.postcode, self.city) if part)
        return [line for line in (first, second) if line]

    @property
    def phone_display(self) -> str:
        return identifiers.format_phone(self.phone) if self.phone else ""

    @property
    def sbi_section(self) -> SBISection | None:
        if not (self.sbi_code and self.sbi_version):
            return None
        try:
            letter = identifiers.sbi_section(self.sbi_code, self.sbi_version)
        except identifiers.IdentifierError:
            return None
        return SBISection.objects.filter(version=self.sbi_version, code=letter).first()


class Membership(models.Model):
    """A user who may act for an organisation, as owner or editor."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("gebruiker"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="memberships",
        verbose_name=_("organisatie"),
    )
    role = models.CharField(_("rol"), max_length=10, choices=MembershipRole.choices)
    created_at = models.DateTimeField(_("lid sinds"), auto_now_add=True)

    history = HistoricalRecords(
        verbose_name=_("historie van lidmaatschap"),
        verbose_name_plural=_("historie van lidmaatschappen"),
    )

    class Meta:
        ordering = ["organisation__name", "role", "user__email"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                name="membership_unique_user_organisation",
                violation_error_message=_("Deze gebruiker is al lid van deze organisatie."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user}, {self.organisation} ({self.get_role_display()})"
