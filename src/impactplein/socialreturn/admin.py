"""Administration of valuation schemes and contracts: to look, not to change.

Schemes and contracts change only through their pages (``/social-return/``), whose services
check the engine's rules, compute the obligation and keep the version and history; the admin
shows the records and their history, read-only, for administrators.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from simple_history.admin import SimpleHistoryAdmin

from impactplein.socialreturn.models import Contract, ValuationScheme


class ReadOnlyAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(ValuationScheme)
class ValuationSchemeAdmin(ReadOnlyAdmin):
    list_display = ("name", "version", "region", "valid_from", "valid_until", "status", "is_preset")
    list_filter = ("status", "is_preset")
    search_fields = ("name", "slug", "region")


@admin.register(Contract)
class ContractAdmin(ReadOnlyAdmin):
    list_display = (
        "reference",
        "title",
        "supplier",
        "buyer_department",
        "contract_type",
        "value",
        "obligation",
        "status",
    )
    list_filter = ("status", "contract_type", "buyer_department")
    search_fields = ("reference", "title", "supplier__name", "supplier__kvk_number")
    list_select_related = ("supplier", "scheme")
    raw_id_fields = ("supplier", "scheme")
