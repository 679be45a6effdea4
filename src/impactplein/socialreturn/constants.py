"""Choices of the social-return monitor."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SchemeStatus(models.TextChoices):
    """A draft scheme may be edited; a published one is immutable (a change is a new version)."""

    DRAFT = "draft", _("concept")
    PUBLISHED = "published", _("gepubliceerd")


class ContractType(models.TextChoices):
    WORKS = "works", _("werken")
    SERVICES = "services", _("diensten")
    SUPPLIES = "supplies", _("leveringen")


class ContractStatus(models.TextChoices):
    AWARDED = "awarded", _("gegund")
    RUNNING = "running", _("lopend")
    FINAL_REPORT_DUE = "final_report_due", _("eindverantwoording verwacht")
    CLOSED = "closed", _("afgesloten")
    NON_COMPLIANT = "non_compliant", _("niet nagekomen")


class EntryKind(models.TextChoices):
    """The forms of fulfilment a supplier reports."""

    PLACEMENT = "placement", _("plaatsing")
    PURCHASE = "purchase", _("inkoop bij sociale onderneming")
    ACTIVITY = "activity", _("maatschappelijke activiteit")
    COST_ITEM = "cost_item", _("kostenpost")


class EntryStatus(models.TextChoices):
    DRAFT = "draft", _("concept")
    SUBMITTED = "submitted", _("ingediend")
    APPROVED = "approved", _("goedgekeurd")
    REJECTED = "rejected", _("afgewezen")


class ReportKind(models.TextChoices):
    INTERIM = "interim", _("tussenrapportage")
    FINAL = "final", _("eindrapportage")


class ReportStatus(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "submitted", _("ingediend")
    ACCEPTED = "accepted", _("geaccepteerd")


# The PSO levels a supplier can hold at award (the directory's certification levels, same values).
class PSOLevel(models.TextChoices):
    NONE = "", _("geen")
    ASPIRANT = "aspirant", _("PSO aspirant")
    BASIS = "basis", _("PSO basis")
    TREDE_1 = "trede_1", _("PSO trede 1")
    TREDE_2 = "trede_2", _("PSO trede 2")
    TREDE_3 = "trede_3", _("PSO trede 3")
    PLUS_30 = "30plus", _("PSO 30+")
