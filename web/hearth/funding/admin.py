from __future__ import annotations

from django.contrib import admin

from .models import Fund, Process, Project


@admin.register(Fund)
class FundAdmin(admin.ModelAdmin):
    list_display = ["name", "budget", "match_percent", "match_cap", "active"]


@admin.register(Process)
class ProcessAdmin(admin.ModelAdmin):
    list_display = ["name", "phase", "budget", "rule"]
    exclude = ["meta"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "target", "deadline"]
    list_filter = ["status"]
    exclude = ["contact_name", "contact_email"]
