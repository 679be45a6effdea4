"""The partnership: who works together, for how long, towards which objectives, and who executes."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from simple_history.models import HistoricalRecords

from impactplein.organisations.models import Organisation
from impactplein.programme.constants import DEFAULT_REEVALUATION_AFTER_YEARS, DURATION_CHOICES


class Partnership(models.Model):
    """The collaboration of the partners for a period of 4 or 5 calendar years."""

    name = models.CharField(_("naam"), max_length=200)
    ambition = models.TextField(_("gezamenlijke ambitie"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("eerste jaar"))
    duration_years = models.PositiveSmallIntegerField(
        _("looptijd in jaren"), choices=DURATION_CHOICES, default=5
    )
    reevaluation_after_years = models.PositiveSmallIntegerField(
        _("financiering herijken na (jaren)"),
        default=DEFAULT_REEVALUATION_AFTER_YEARS,
        help_text=_("Na dit aantal jaren wordt de financiering voor de volgende jaren herijkt."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    version = models.PositiveIntegerField(_("versie"), default=1, editable=False)
    history = HistoricalRecords(verbose_name=_("historie van samenwerking"))

    class Meta:
        ordering = ["-start_year", "pk"]
        verbose_name = _("samenwerking")
        verbose_name_plural = _("samenwerkingen")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_years__in=(4, 5)), name="partnership_duration_4_or_5"
            ),
            models.CheckConstraint(
                condition=Q(start_year__gte=2000, start_year__lte=2100),
                name="partnership_start_year_plausible",
            ),
            models.CheckConstraint(
                condition=Q(reevaluation_after_years__gte=1),
                name="partnership_reevaluation_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def end_year(self) -> int:
        return self.start_year + self.duration_years - 1

    @property
    def years(self) -> range:
        return range(self.start_year, self.end_year + 1)

    @property
    def reevaluation_year(self) -> int:
        """The first year whose funding follows from the re-evaluation."""
        return self.start_year + self.reevaluation_after_years

    def clean(self) -> None:
        after, duration = self.reevaluation_after_years, self.duration_years
        if after and duration and after >= duration:
            raise ValidationError(
                {
                    "reevaluation_after_years": _(
                        "De herijking moet binnen de looptijd van de samenwerking vallen."
                    )
                }
            )


class Partner(models.Model):
    """An organisation taking part in the partnership, with its short name and its role."""

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="partners",
        verbose_name=_("samenwerking"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="programme_partnerships",
        verbose_name=_("organisatie"),
    )
    short_name = models.CharField(_("korte naam"), max_length=40)
    role = models.TextField(_("rol in de samenwerking"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords(verbose_name=_("historie van partner"))

    class Meta:
        ordering = ["order", "short_name", "pk"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "organisation"], name="partner_unique_organisation"
            ),
            models.UniqueConstraint(
                fields=["partnership", "short_name"], name="partner_unique_short_name"
            ),
        ]

    def __str__(self) -> str:
        return self.short_name


class Objective(models.Model):
    """One of the partnership's objectives (O1–O5 in the letter).

    An objective is owned by one or more partners (O5 by DOV and Werkgevers Drechtsteden
    together), or by all partners together (O1): then ``shared_by_all`` is set and ``owners``
    stays empty, so a partner joining later shares it too. KPIs will point at an objective.
    """

    partnership = models.ForeignKey(
        Partnership,
        on_delete=models.CASCADE,
        related_name="objectives",
        verbose_name=_("samenwerking"),
    )
    code = models.CharField(_("code"), max_length=10)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    shared_by_all = models.BooleanField(_("van alle partners samen"), default=False)
    owners = models.ManyToManyField(
        Partner, blank=True, related_name="objectives", verbose_name=_("eigenaren")
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords(verbose_name=_("historie van doel"), m2m_fields=[owners])

    class Meta:
        ordering = ["order", "code", "pk"]
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        constraints = [
            models.UniqueConstraint(fields=["partnership", "code"], name="objective_unique_code")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class TeamMember(models.Model):
    """A post in the executing team, seconded by a partner (optionally with a user account)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="team", verbose_name=_("samenwerking")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.PROTECT, related_name="team_members", verbose_name=_("partner")
    )
    role_description = models.CharField(_("rol"), max_length=200)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_team_roles",
        verbose_name=_("gebruiker"),
    )
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    history = HistoricalRecords(verbose_name=_("historie van teamlid"))

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("lid uitvoeringsteam")
        verbose_name_plural = _("uitvoeringsteam")

    def __str__(self) -> str:
        return f"{self.partner}: {self.role_description}"
