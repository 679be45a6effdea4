"""Choices and fixed values of the programme's governance."""

from django.db import models
from django.utils.translation import gettext_lazy as _

# The council letter (raadsinformatiebrief "Ondernemen met impact") speaks of "a minimum of 4
# years" and of "5 years"; the partnership chooses one of the two.
DURATION_CHOICES = ((4, _("4 jaar")), (5, _("5 jaar")))
# "Na de twee jaren wordt ... de financiële middelen voor de volgende jaren bezien."
DEFAULT_REEVALUATION_AFTER_YEARS = 2


class ProgrammeStatus(models.TextChoices):
    """A yearly action programme is drafted, then adopted at the overlegtafel."""

    DRAFT = "draft", _("concept")
    ADOPTED = "adopted", _("vastgesteld")


class ActivityStatus(models.TextChoices):
    PLANNED = "planned", _("gepland")
    RUNNING = "running", _("loopt")
    DONE = "done", _("afgerond")
    POSTPONED = "postponed", _("uitgesteld")
    STOPPED = "stopped", _("gestopt")


# An activity that is not done and not stopped carries over into next year's draft.
OPEN_STATUSES: tuple[str, ...] = (
    ActivityStatus.PLANNED,
    ActivityStatus.RUNNING,
    ActivityStatus.POSTPONED,
)


class BudgetCategory(models.TextChoices):
    """What the programme's money is spent on (budget lines and expenditure share the list)."""

    STAFF = "staff", _("personeel en uitvoering")
    ACTIVITIES = "activities", _("activiteiten en bijeenkomsten")
    COMMUNICATION = "communication", _("communicatie en platform")
    OFFICE = "office", _("organisatie en huisvesting")
    OTHER = "other", _("overig")


class FundingKind(models.TextChoices):
    """The three sources the letter names, and room for others after the re-evaluation."""

    BUSINESS = "business", _("bijdrage bedrijfsleven")
    LABOUR_MARKET = "labour_market", _("middelen arbeidsmarktbeleid")
    PARTICIPATION = "participation", _("participatiemiddelen")
    OTHER = "other", _("andere bron")
