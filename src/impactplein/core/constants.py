from django.db import models
from django.utils.translation import gettext_lazy as _


class AreaKind(models.TextChoices):
    CITY_CENTRE = "centre", _("binnenstad")
    BUSINESS_PARK = "business_park", _("bedrijventerrein")
    DISTRICT = "district", _("wijk")


class SBIVersion(models.TextChoices):
    SBI_2008 = "2008", "SBI 2008"
    SBI_2025 = "2025", "SBI 2025"
