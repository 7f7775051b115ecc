from django.contrib import admin

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


class BandInline(admin.TabularInline):
    model = ScoreBand
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
