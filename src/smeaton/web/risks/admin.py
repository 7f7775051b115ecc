from django.contrib import admin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from smeaton.web.admin import AuditedAdmin
from smeaton.web.risks.models import (
    Category,
    ImpactLevel,
    LikelihoodLevel,
    RiskMatrix,
    ScoreBand,
)


class FiveLevels(admin.TabularInline):
    """The five levels of the matrix, reworded here; none is added or taken away."""

    extra = 0
    max_num = 5
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class LikelihoodInline(FiveLevels):
    model = LikelihoodLevel
    fields = ["level", "name", "description"]
    readonly_fields = ["level"]


class ImpactInline(FiveLevels):
    model = ImpactLevel
    fields = ["level", "name", "finance", "service", "people", "reputation"]
    readonly_fields = ["level"]


class Bands(BaseInlineFormSet):
    """Bands may leave gaps (a score in one takes the band below) but never overlap: a
    score must have one band."""

    def clean(self):
        super().clean()
        kept = sorted((form.cleaned_data["lowest"], form.cleaned_data["highest"],
                       form.cleaned_data["name"]) for form in self.forms
                      if form.cleaned_data and not form.cleaned_data.get("DELETE")
                      and {"lowest", "highest", "name"} <= set(form.cleaned_data))
        for (_, highest, name), (lowest, _, next_name) in zip(kept, kept[1:], strict=False):
            if lowest <= highest:
                raise ValidationError(f"The bands {name} and {next_name} overlap: give each "
                                      "score one band")


class BandInline(admin.TabularInline):
    model = ScoreBand
    formset = Bands
    extra = 0
    fields = ["name", "lowest", "highest", "colour", "meaning"]


@admin.register(RiskMatrix)
class RiskMatrixAdmin(AuditedAdmin):
    """The council's 5x5 matrix: the words for each level of likelihood and impact, the
    score bands and the risk appetite, as the register and heat map show them."""

    inlines = [LikelihoodInline, ImpactInline, BandInline]
    fields = ["appetite"]


@admin.register(Category)
class CategoryAdmin(AuditedAdmin):
    """Risk categories, each with its own appetite if it differs from the matrix's.
    Nobody deletes one: the risks in it refer to it."""

    list_display = ["name", "appetite", "description"]
