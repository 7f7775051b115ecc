from django.contrib import admin
from rules.contrib.admin import ObjectPermissionsModelAdmin

from smeaton.web.reminders.models import Email, Preferences


@admin.register(Email)
class EmailAdmin(ObjectPermissionsModelAdmin):
    """Every reminder queued, sent or failed: read-only (no rule lets anyone add, change
    or delete one), since it is a record of what was sent."""

    list_display = ["subject", "to", "kind", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "kind"]
    search_fields = ["to", "subject"]
    readonly_fields = ["key", "kind", "recipient", "to", "about", "subject", "text", "status",
                       "created_at", "attempts", "last_attempt_at", "sent_at", "last_error"]
    exclude = ["html"]


@admin.register(Preferences)
class PreferencesAdmin(ObjectPermissionsModelAdmin):
    """People's choices, read-only here: each person changes their own on their account."""

    list_display = ["person", "round_opened", "round_due_soon", "update_overdue",
                    "update_returned", "weekly_digest"]
