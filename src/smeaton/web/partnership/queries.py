"""What the partnership plan's pages read: its shared priorities and actions with their
RAG worked out, and the count at each RAG by organisation. Changes live in services.py;
these never change a record.
"""

from collections import Counter
from dataclasses import dataclass

from smeaton.web.accounts.models import Organisation
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan, SharedPriority
from smeaton.web.plan.delivery import RatedAction, rag_counts, rate
from smeaton.web.plan.models import Plan, Priority
from smeaton.web.plan.queries import RAG_ORDER
from smeaton.web.rag import Rag

__all__ = ["RatedAction", "rag_counts", "rate"]


def partnership_plan_of(plan: Plan) -> PartnershipPlan | None:
    """The partnership plan serving the council's plan: the latest set up, if several."""
    return PartnershipPlan.objects.filter(plan=plan).select_related("plan").first()


def actions_of(partnership_plan: PartnershipPlan,
               organisation: Organisation | None = None) -> list[RatedAction]:
    """The plan's actions, by shared priority and due date; one organisation's if given."""
    actions = PartnerAction.objects.filter(shared_priority__partnership_plan=partnership_plan)
    if organisation is not None:
        actions = actions.filter(organisation=organisation)
    return rate(actions.select_related("organisation", "owner", "shared_priority")
                .order_by("shared_priority__number", "due", "pk"))


@dataclass(frozen=True)
class SharedPriorityRow:
    shared_priority: SharedPriority
    priorities: list[Priority]  # the council's, that it serves
    actions: list[RatedAction]

    @property
    def caption(self) -> str:
        return f"Actions for shared priority {self.shared_priority.number}"


def shared_priorities_of(partnership_plan: PartnershipPlan,
                         actions: list[RatedAction]) -> list[SharedPriorityRow]:
    by_priority: dict[int, list[RatedAction]] = {}
    for action in actions:
        by_priority.setdefault(action.shared_priority_id, []).append(action)
    return [SharedPriorityRow(sp, list(sp.priorities.all()), by_priority.get(sp.pk, []))
            for sp in partnership_plan.shared_priorities.prefetch_related("priorities")]


@dataclass(frozen=True)
class OrganisationRow:
    organisation: Organisation
    counts: list[tuple[Rag, int]]  # every RAG, in RAG_ORDER, with zeros: a table's columns
    total: int


def counts_by_organisation(actions: list[RatedAction]) -> list[OrganisationRow]:
    """How many of each organisation's actions are at each RAG, organisations by name."""
    counted: dict[int, Counter] = {}
    organisations: dict[int, Organisation] = {}
    for action in actions:
        organisations[action.organisation_id] = action.organisation
        counted.setdefault(action.organisation_id, Counter())[action.rag] += 1
    return [OrganisationRow(org, [(rag, counted[pk][rag]) for rag in RAG_ORDER],
                            sum(counted[pk].values()))
            for pk, org in sorted(organisations.items(), key=lambda item: item[1].name)]


def actions_serving(priority: Priority) -> list[RatedAction]:
    """The partnership actions under every shared priority mapped to a council priority,
    for the priority's page."""
    return rate(PartnerAction.objects.filter(shared_priority__priorities=priority)
                .select_related("organisation", "owner", "shared_priority")
                .order_by("shared_priority__number", "due", "pk").distinct())
