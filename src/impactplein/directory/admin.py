"""Administration of the directory's records, with their change history.

Scans are read-only here: their scores are computed from the answers, never typed in.
"""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from simple_history.admin import SimpleHistoryAdmin

from impactplein.directory.models import Certification, ImpactFigure, ImpactProfile, ImpactScan


class ImpactFigureInline(admin.TabularInline):
    model = ImpactFigure
    extra = 0


@admin.register(ImpactProfile)
class ImpactProfileAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "status", "sells_to_buyers", "published_at", "updated_at")
    list_filter = ("status", "sells_to_buyers")
    search_fields = ("organisation__name", "pitch")
    autocomplete_fields = ("organisation",)
    filter_horizontal = ("themes", "sdgs")
    readonly_fields = ("version", "created_at", "updated_at")
    inlines = [ImpactFigureInline]


@admin.register(Certification)
class CertificationAdmin(SimpleHistoryAdmin):
    list_display = ("organisation", "kind", "level", "valid_from", "valid_until", "verified_at")
    list_filter = ("kind",)
    search_fields = ("organisation__name",)
    autocomplete_fields = ("organisation",)
    readonly_fields = ("verified_by", "verified_at", "created_at")


@admin.register(ImpactScan)
class ImpactScanAdmin(admin.ModelAdmin):
    list_display = ("organisation", "taken_at", "total", "level")
    list_filter = ("level",)
    search_fields = ("organisation__name",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
