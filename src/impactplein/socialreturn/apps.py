from django.apps import AppConfig
from django.db.models.signals import post_migrate, pre_delete, pre_save
from django.utils.translation import gettext_lazy as _


class SocialReturnConfig(AppConfig):
    name = "impactplein.socialreturn"
    label = "socialreturn"
    verbose_name = _("Social return")

    def ready(self) -> None:
        from impactplein.socialreturn import signals
        from impactplein.socialreturn.models import ValuationScheme

        post_migrate.connect(
            signals.sync_presets_after_migrate,
            dispatch_uid="impactplein.socialreturn.sync_presets_after_migrate",
        )
        pre_save.connect(
            signals.refuse_changing_published_scheme,
            sender=ValuationScheme,
            dispatch_uid="impactplein.socialreturn.refuse_changing_published_scheme",
        )
        pre_delete.connect(
            signals.refuse_deleting_published_scheme,
            sender=ValuationScheme,
            dispatch_uid="impactplein.socialreturn.refuse_deleting_published_scheme",
        )
