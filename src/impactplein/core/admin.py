"""Administration of the reference data.

Rows come from migrations (``core/reference_data.py``); administrators may add municipalities and
areas for a regional roll-out and switch municipalities off, but natural keys stay fixed because
migrations find rows by them.
"""

from django.contrib import admin
from django.http import HttpRequest

from impactplein.core.models import SDG, Area, Municipality, SBISection, Theme


class AreaInline(admin.TabularInline):
    model = Area
    extra = 0
    fields = ["name", "slug", "kind"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "cbs_code", "region", "province", "is_active"]
    list_filter = ["is_active", "region", "province"]
    search_fields = ["name", "cbs_code"]
    inlines = [AreaInline]

    def get_readonly_fields(
        self, request: HttpRequest, obj: Municipality | None = None
    ) -> list[str]:
        return ["cbs_code"] if obj else []


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "municipality"]
    list_filter = ["kind", "municipality"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_nl", "name_en", "slug", "position"]
    search_fields = ["name_nl", "name_en", "slug"]
    ordering = ["position"]


@admin.register(SDG)
class SDGAdmin(admin.ModelAdmin):
    list_display = ["number", "name_nl", "name_en", "colour"]
    search_fields = ["name_nl", "name_en"]

    def get_readonly_fields(self, request: HttpRequest, obj: SDG | None = None) -> list[str]:
        return ["number"] if obj else []


@admin.register(SBISection)
class SBISectionAdmin(admin.ModelAdmin):
    list_display = ["code", "version", "name_nl", "name_en"]
    list_filter = ["version"]
    search_fields = ["name_nl", "name_en", "code"]
