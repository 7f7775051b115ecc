from django.contrib import admin

from smeaton.web.admin import AuditedAdmin
from smeaton.web.plan import services
from smeaton.web.plan.models import Outcome, Plan, Priority, RagSettings, UpdateRound


@admin.register(Plan)
class PlanAdmin(AuditedAdmin):
    list_display = ["title", "period", "illustrative"]


class OutcomeInline(admin.TabularInline):
    model = Outcome
    extra = 1


@admin.register(Priority)
class PriorityAdmin(AuditedAdmin):
    list_display = ["number", "title", "lead", "plan"]
    list_display_links = ["title"]
    list_filter = ["plan"]
    inlines = [OutcomeInline]


@admin.register(RagSettings)
class RagSettingsAdmin(AuditedAdmin):
    list_display = ["__str__", "red_delay_months", "update_overdue_days"]

    def has_add_permission(self, request):
        # One row for the council: add it once, then change it.
        return super().has_add_permission(request) and not RagSettings.objects.exists()


@admin.register(UpdateRound)
class UpdateRoundAdmin(AuditedAdmin):
    """Rounds are opened and closed on the plan's pages, where their milestones are asked
    and their snapshots kept; here an open round's deadline can be corrected."""

    list_display = ["__str__", "plan", "state", "deadline", "opened_at", "closed_at"]
    list_filter = ["plan", "state"]
    readonly_fields = ["plan", "plan_year", "quarter", "state", "opened_at", "opened_by",
                       "closed_at", "closed_by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and (obj is None or obj.is_open)

    def save_model(self, request, obj, form, change):
        services.change_deadline(obj, request.user, deadline=form.cleaned_data["deadline"])
