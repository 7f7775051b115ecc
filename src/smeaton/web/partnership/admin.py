from django import forms
from django.contrib import admin

from smeaton.web.admin import AuditedAdmin
from smeaton.web.forms import GovukErrorsMixin
from smeaton.web.partnership.models import PartnershipPlan, SharedPriority


@admin.register(PartnershipPlan)
class PartnershipPlanAdmin(AuditedAdmin):
    """An administrator sets up the partnership plan; its shared priorities follow, and the
    programme office adds their actions on the partnership plan's page."""

    list_display = ["title", "board", "plan", "illustrative"]


class SharedPriorityForm(GovukErrorsMixin, forms.ModelForm):
    """The admin site's form, with GOV.UK's error messages as every form has."""

    class Meta:
        model = SharedPriority
        fields = ["partnership_plan", "number", "title", "description", "priorities"]

    def clean(self):
        cleaned = super().clean()
        partnership_plan = cleaned.get("partnership_plan")
        elsewhere = [p for p in cleaned.get("priorities") or []
                     if partnership_plan and p.plan_id != partnership_plan.plan_id]
        if elsewhere:
            self.add_error("priorities", "Choose priorities of the council's plan that the "
                                         "partnership plan serves")
        return cleaned


@admin.register(SharedPriority)
class SharedPriorityAdmin(AuditedAdmin):
    form = SharedPriorityForm
    list_display = ["__str__", "partnership_plan"]
    list_filter = ["partnership_plan"]
    filter_horizontal = ["priorities"]
