from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import Asset, AssetImport, AssetRevision


@admin.register(Asset)
class AssetAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "status", "lad_code", "review_due", "source"]
    list_filter = ["status", "category", "source"]
    search_fields = ["name", "postcode", "source_id"]
    exclude = ["photo"]


@admin.register(AssetRevision)
class AssetRevisionAdmin(admin.ModelAdmin):
    list_display = ["asset", "action", "at", "by"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False


@admin.register(AssetImport)
class AssetImportAdmin(admin.ModelAdmin):
    list_display = ["file_name", "kind", "outcome", "created", "updated", "at"]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
