from django.contrib import admin

from smeaton.web.admin import AuditedAdmin
from smeaton.web.service_plans.models import ServicePlan


@admin.register(ServicePlan)
class ServicePlanAdmin(AuditedAdmin):
    """An administrator sets up each service area's plan for a year and names its lead;
    the lead then adds its actions on the service plan's page."""

    list_display = ["service_area", "plan_year", "lead", "status", "plan"]
    list_filter = ["plan", "plan_year", "status"]
