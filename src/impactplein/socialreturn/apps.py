from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SocialReturnConfig(AppConfig):
    name = "impactplein.socialreturn"
    label = "socialreturn"
    verbose_name = _("Social return")
