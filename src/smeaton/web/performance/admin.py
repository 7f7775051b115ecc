from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from smeaton.web.admin import AuditedAdmin
from smeaton.web.performance.models import PublishedLoad, Target


@admin.register(Target)
class TargetAdmin(AuditedAdmin):
    list_display = ["indicator", "year", "value", "tolerance", "illustrative"]
    list_filter = ["indicator"]


@admin.register(PublishedLoad)
class PublishedLoadAdmin(ObjectPermissionsModelAdmin):
    """The catalogue of published files loaded: read-only (no rule lets anyone add,
    change or delete one), since it is a record."""

    list_display = ["file_name", "kind", "loaded_at", "loaded_by", "added", "changed"]
