from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smeaton.web.performance.models import PublishedLoad, Target


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "value", "tolerance", "illustrative"]
    list_filter = ["indicator"]


@admin.register(PublishedLoad)
class PublishedLoadAdmin(admin.ModelAdmin):
    """The catalogue of published files loaded: read-only, since it is a record."""

    list_display = ["file_name", "kind", "loaded_at", "loaded_by", "added", "changed"]
    readonly_fields = [f.name for f in PublishedLoad._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
