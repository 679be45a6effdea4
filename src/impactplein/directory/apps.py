from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "impactplein.directory"
    label = "directory"
    verbose_name = _("Etalage")

    def ready(self) -> None:
        from impactplein.directory import signals
        from impactplein.organisations.signals import organisation_changed

        organisation_changed.connect(
            signals.organisation_changed, dispatch_uid="directory.organisation_changed"
        )
