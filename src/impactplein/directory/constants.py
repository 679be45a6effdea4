from django.db import models
from django.utils.translation import gettext_lazy as _

from impactplein.directory import certifications, consent, scan


class ProfileStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SUBMITTED = "submitted", _("ingediend")
    PUBLISHED = "published", _("gepubliceerd")
    CHANGES_REQUESTED = "changes_requested", _("wijzigingen gevraagd")
    REJECTED = "rejected", _("afgewezen")


class RevisionStatus(models.TextChoices):
    """A proposed change to a published profile, as the review decides on it."""

    PENDING = "pending", _("wacht op beoordeling")
    APPROVED = "approved", _("goedgekeurd")
    CHANGES_REQUESTED = "changes_requested", _("wijzigingen gevraagd")
    REJECTED = "rejected", _("afgewezen")
    WITHDRAWN = "withdrawn", _("ingetrokken")


class ClaimStatus(models.TextChoices):
    """A request to become owner of an organisation that is already registered."""

    PENDING = "pending", _("wacht op beoordeling")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


class ImpactModel(models.TextChoices):
    """How an enterprise makes its impact (domain note ``impact-matching-and-region.md`` §2)."""

    EMPLOYMENT = "employment", _("werk voor mensen met een afstand tot de arbeidsmarkt")
    SOCIAL_PRODUCT = "social_product", _("product of dienst met maatschappelijke waarde")
    ENVIRONMENTAL = "environmental", _("milieu en klimaat")
    COMMUNITY = "community", _("gemeenschap")


class FigureKind(models.TextChoices):
    TARGET_GROUP_JOBS = "target_group_jobs", _("banen voor doelgroepen")
    TOTAL_FTE = "total_fte", _("totaal aantal fte")
    TRAINING_PLACES = "training_places", _("mensen op leerwerkplekken")
    OTHER = "other", _("anders")


class CertificationKind(models.TextChoices):
    CODE_SOCIALE_ONDERNEMINGEN = (
        certifications.Kind.CODE_SOCIALE_ONDERNEMINGEN.value,
        _("Register Code Sociale Ondernemingen"),
    )
    SOCIAL_ENTERPRISE_NL = (
        certifications.Kind.SOCIAL_ENTERPRISE_NL.value,
        _("lid van Social Enterprise NL"),
    )
    B_CORP = certifications.Kind.B_CORP.value, _("B Corp")
    PSO = certifications.Kind.PSO.value, _("Prestatieladder Socialer Ondernemen (PSO)")
    CO2_PRESTATIELADDER = certifications.Kind.CO2_PRESTATIELADDER.value, _("CO2-prestatieladder")
    ISO_26000 = certifications.Kind.ISO_26000.value, _("ISO 26000 (zelfverklaring)")


class CertificationLevel(models.TextChoices):
    """Every level of every kind; ``certifications.LEVELS_BY_KIND`` says which kind takes which."""

    PSO_ASPIRANT = "aspirant", _("PSO aspirant")
    PSO_BASIS = "basis", _("PSO basis")
    PSO_TREDE_1 = "trede_1", _("PSO trede 1")
    PSO_TREDE_2 = "trede_2", _("PSO trede 2")
    PSO_TREDE_3 = "trede_3", _("PSO trede 3")
    PSO_30_PLUS = "30plus", _("PSO 30+")
    CO2_1 = "1", _("niveau 1")
    CO2_2 = "2", _("niveau 2")
    CO2_3 = "3", _("niveau 3")
    CO2_4 = "4", _("niveau 4")
    CO2_5 = "5", _("niveau 5")


class CertificationStatus(models.TextChoices):
    NOT_YET_VALID = certifications.Status.NOT_YET_VALID.value, _("nog niet geldig")
    VALID = certifications.Status.VALID.value, _("geldig")
    EXPIRING = certifications.Status.EXPIRING.value, _("verloopt binnenkort")
    EXPIRED = certifications.Status.EXPIRED.value, _("verlopen")


class ScanLevel(models.TextChoices):
    STARTER = scan.Level.STARTER.value, _("Starter")
    ON_THE_WAY = scan.Level.ON_THE_WAY.value, _("Op weg")
    FRONT_RUNNER = scan.Level.FRONT_RUNNER.value, _("Koploper")


class StoryStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SUBMITTED = "submitted", _("ingediend")
    PUBLISHED = "published", _("gepubliceerd")
    CHANGES_REQUESTED = "changes_requested", _("wijzigingen gevraagd")


class ConsentScope(models.TextChoices):
    WEB = consent.Scope.WEB.value, _("website")
    PRINT = consent.Scope.PRINT.value, _("drukwerk")
    SOCIAL_MEDIA = consent.Scope.SOCIAL_MEDIA.value, _("sociale media")


class ConsentMethod(models.TextChoices):
    SIGNED_FORM = "signed_form", _("ondertekend toestemmingsformulier")
    EMAIL = "email", _("per e-mail")
    ONLINE_FORM = "online_form", _("online formulier")
    VERBAL = "verbal", _("mondeling, vastgelegd door de schrijver")
