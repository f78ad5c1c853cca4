from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the audit trail cannot be edited, even by administrators."""

    list_display = [
        "at",
        "actor_label",
        "action",
        "object_type",
        "object_label",
        "personal",
    ]
    list_filter = ["action", "personal", "object_type"]
    search_fields = ["actor_label", "object_type", "object_id"]
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
