"""What the service plans' pages read: actions with their RAG worked out, and the matrix
of priorities by service area. Changes live in services.py; these never change a record.
"""

from dataclasses import dataclass

from django.db.models import Count, QuerySet

from smeaton.web.accounts.models import ServiceArea
from smeaton.web.plan.delivery import RatedAction, rag_counts, rate
from smeaton.web.plan.models import Plan, Priority
from smeaton.web.rag import Rag
from smeaton.web.service_plans.models import ServiceAction, ServicePlan

__all__ = ["RatedAction", "actions_of", "actions_serving", "matrix", "rag_counts", "rate"]


def service_plans_of(plan: Plan, year: int) -> QuerySet[ServicePlan]:
    return (ServicePlan.objects.filter(plan=plan, plan_year=year)
            .select_related("service_area", "lead").annotate(action_count=Count("actions"))
            .order_by("service_area__name"))


def years_with_service_plans(plan: Plan) -> list[int]:
    return sorted(set(ServicePlan.objects.filter(plan=plan).values_list("plan_year", flat=True)))


def actions_of(plan: Plan, year: int, priority: Priority | None = None,
               service_area: ServiceArea | None = None) -> list[RatedAction]:
    """A year's service actions, narrowed to a priority or a service area if given."""
    actions = ServiceAction.objects.filter(service_plan__plan=plan, service_plan__plan_year=year)
    if priority is not None:
        actions = actions.filter(priorities=priority)
    if service_area is not None:
        actions = actions.filter(service_plan__service_area=service_area)
    return rate(actions.select_related("owner", "service_plan__service_area")
                .prefetch_related("priorities")
                .order_by("service_plan__service_area__name", "due", "pk"))


def actions_serving(priority: Priority) -> list[RatedAction]:
    """Every year's service actions aligned to a priority, for the priority's page."""
    actions = (ServiceAction.objects.filter(priorities=priority)
               .select_related("owner", "service_plan__service_area")
               .order_by("service_plan__plan_year", "service_plan__service_area__name", "due"))
    return rate(actions)


@dataclass(frozen=True)
class Cell:
    priority: Priority
    service_area: ServiceArea
    actions: list[RatedAction]

    @property
    def count(self) -> int:
        return len(self.actions)

    @property
    def counts(self) -> list[tuple[Rag, int]]:
        return rag_counts(self.actions)


@dataclass(frozen=True)
class Matrix:
    """Priorities down, service areas across: each cell the actions serving the priority
    in that service area's plan for the year. An action serving two priorities counts
    in both rows."""

    year: int
    service_areas: list[ServiceArea]
    rows: list[tuple[Priority, list[Cell]]]


def matrix(plan: Plan, year: int) -> Matrix:
    service_plans = list(service_plans_of(plan, year))
    areas = [sp.service_area for sp in service_plans]
    by_cell: dict[tuple[int, int], list[RatedAction]] = {}
    for action in actions_of(plan, year):
        for priority in action.priorities.all():
            key = (priority.pk, action.service_plan.service_area_id)
            by_cell.setdefault(key, []).append(action)
    rows = [(priority, [Cell(priority, area, by_cell.get((priority.pk, area.pk), []))
                        for area in areas])
            for priority in plan.priorities.all()]
    return Matrix(year, areas, rows)
