from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from smeaton.web.returns.models import Load


@admin.register(Load)
class LoadAdmin(ObjectPermissionsModelAdmin):
    """Every load from the browser: read-only (no rule lets anyone add, change or delete
    one here), since it is a record. Its pages are under Returns."""

    list_display = ["__str__", "status", "uploaded_by", "uploaded_at", "rows_stored",
                    "errors", "warnings"]
    list_filter = ["status", "illustrative"]
