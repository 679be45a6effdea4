"""Reference data shared by every app: municipalities, areas, social themes, SDGs and SBI sections.

The rows are loaded by data migrations (see ``core/reference_data.py`` for the values and their
sources) and may be extended by an administrator for a regional roll-out.
"""

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from impactplein.core.constants import AreaKind, SBIVersion


class BilingualName(models.Model):
    """A record with a Dutch and an English name; ``name`` follows the active language."""

    name_nl = models.CharField(_("naam (Nederlands)"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "nl")[:2]
        return self.name_en if language == "en" and self.name_en else self.name_nl


class Municipality(models.Model):
    cbs_code = models.CharField(
        _("CBS-code"),
        max_length=6,
        unique=True,
        validators=[
            RegexValidator(r"^GM\d{4}$", _("Een CBS-gemeentecode is GM gevolgd door 4 cijfers."))
        ],
    )
    name = models.CharField(_("naam"), max_length=100, unique=True)
    province = models.CharField(_("provincie"), max_length=50, default="Zuid-Holland")
    region = models.CharField(_("regio"), max_length=100, default="Drechtsteden")
    latitude = models.DecimalField(_("breedtegraad"), max_digits=9, decimal_places=6)
    longitude = models.DecimalField(_("lengtegraad"), max_digits=9, decimal_places=6)
    postcode_ranges = models.JSONField(
        _("postcodegebieden"),
        default=list,
        blank=True,
        help_text=_("Lijst van [van, tot] viercijferige postcodes, beide inclusief."),
    )
    is_active = models.BooleanField(_("actief"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")

    def __str__(self) -> str:
        return self.name

    def covers_postcode(self, postcode: str) -> bool:
        digits = int(postcode[:4])
        return any(low <= digits <= high for low, high in self.postcode_ranges)


class Area(models.Model):
    municipality = models.ForeignKey(
        Municipality, on_delete=models.PROTECT, related_name="areas", verbose_name=_("gemeente")
    )
    slug = models.SlugField(_("korte naam"), max_length=80)
    name = models.CharField(_("naam"), max_length=100)
    kind = models.CharField(_("soort"), max_length=20, choices=AreaKind.choices)

    class Meta:
        ordering = ["municipality__name", "kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "slug"], name="area_unique_slug"),
        ]
        verbose_name = _("gebied")
        verbose_name_plural = _("gebieden")

    def __str__(self) -> str:
        return self.name


class Theme(BilingualName):
    slug = models.SlugField(_("korte naam"), max_length=60, unique=True)
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)

    class Meta:
        ordering = ["position", "name_nl"]
        verbose_name = _("maatschappelijk thema")
        verbose_name_plural = _("maatschappelijke thema's")


class SDG(BilingualName):
    number = models.PositiveSmallIntegerField(
        _("nummer"), unique=True, validators=[MinValueValidator(1), MaxValueValidator(17)]
    )
    colour = models.CharField(
        _("kleur"), max_length=7, validators=[RegexValidator(r"^#[0-9a-f]{6}$")]
    )

    class Meta:
        ordering = ["number"]
        verbose_name = _("duurzaam ontwikkelingsdoel (SDG)")
        verbose_name_plural = _("duurzame ontwikkelingsdoelen (SDG's)")

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class SBISection(BilingualName):
    version = models.CharField(_("versie"), max_length=4, choices=SBIVersion.choices)
    code = models.CharField(_("sectie"), max_length=1, validators=[RegexValidator(r"^[A-V]$")])

    class Meta:
        ordering = ["version", "code"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="sbisection_unique_code"),
        ]
        verbose_name = _("SBI-sectie")
        verbose_name_plural = _("SBI-secties")

    def __str__(self) -> str:
        return f"{self.code} – {self.name} (SBI {self.version})"
