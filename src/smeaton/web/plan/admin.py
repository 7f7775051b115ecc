from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from smeaton.web.plan.models import Outcome, Plan, Priority, RagSettings


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["title", "period", "illustrative"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 1


@admin.register(Priority)
class PriorityAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "lead", "plan"]
    list_display_links = ["title"]
    list_filter = ["plan"]
    inlines = [OutcomeInline]


@admin.register(RagSettings)
class RagSettingsAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "red_delay_months", "update_overdue_days"]

    def has_add_permission(self, request):
        # One row for the council: add it once, then change it.
        return super().has_add_permission(request) and not RagSettings.objects.exists()
