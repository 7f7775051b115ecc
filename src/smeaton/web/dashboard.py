"""The home page: what matters now to the person signed in.

Each panel is declared once, with what it needs and who it is for; each role sees its
panels in the order that fits its work (a Director starts with the plan's RAG, an owner
with the milestones they must update, an analyst with the latest loads). A panel with
nothing to show is left out. Every panel asks the same rules as the pages it links to.
"""

from collections.abc import Callable
from dataclasses import dataclass

from smeaton.analytics.published import benchmarks
from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can
from smeaton.web.boards import queries as boards
from smeaton.web.partnership import queries as partnership
from smeaton.web.partnership.models import PartnershipPlan
from smeaton.web.performance import scorecard
from smeaton.web.performance.models import Area, Indicator, PublishedLoad
from smeaton.web.plan import queries
from smeaton.web.plan.queries import RAG_ORDER
from smeaton.web.rag import Rag
from smeaton.web.risks import queries as risks
from smeaton.web.risks.models import Risk

ATTENTION_SHOWN = 6
MINE_SHOWN = 8
LOADS_SHOWN = 5


@dataclass(frozen=True)
class Panel:
    name: str
    template: str
    build: Callable[..., dict | None]  # (user, plan) -> what the template needs, or None


def plan_this_year(user, plan) -> dict | None:
    if plan is None or not can(user, "view", plan):
        return None
    summary = queries.year_summary(plan)
    return {"summary": summary, "rag_order": RAG_ORDER}


def attention(user, plan) -> dict | None:
    if plan is None or not can(user, "view", plan):
        return None
    found = queries.year_summary(plan).attention
    return {"milestones": found[:ATTENTION_SHOWN], "total": len(found)}


def update_round(user, plan) -> dict | None:
    if plan is None or not can(user, "view", plan):
        return None
    open_round = queries.open_round_of(plan)
    return {"round": open_round,
            "progress": queries.round_progress(open_round) if open_round else None,
            "last_closed": plan.rounds.filter(state="closed").first(),
            "runs_rounds": can(user, "run_rounds", plan)}


def year_end_review(user, plan) -> dict | None:
    """An open year-end review, to those who decide: the programme office all of it, a
    lead their own priorities' milestones."""
    if plan is None:
        return None
    year_end = plan.year_ends.filter(state="open").first()
    if year_end is None:
        return None
    undecided = queries.undecided(plan, year_end.plan_year)
    if not can(user, "review_year", plan):
        undecided = undecided.filter(priority__lead=user)
        if not undecided.exists():
            return None
    return {"year_end": year_end, "undecided": undecided.count(),
            "closes": can(user, "review_year", plan)}


def my_milestones(user, plan) -> dict | None:
    if plan is None:
        return None
    summary = queries.year_summary(plan, owner=user)
    mine = [m for m in summary.milestones if m.rag != Rag.COMPLETE]
    if not mine:
        return None
    open_round = queries.open_round_of(plan)
    waiting = {}
    if open_round:
        waiting = {e.milestone_id: e for e in
                   queries.awaiting_update(open_round, user).select_related("update")}
    for milestone in mine:
        entry = waiting.get(milestone.pk)
        milestone.asked = entry is not None
        milestone.returned_update = entry.update if entry and entry.update else None
    # What the round asks for first (a returned update first of all), then by due date.
    mine.sort(key=lambda m: (not m.returned_update, not m.asked, m.due))
    return {"milestones": mine[:MINE_SHOWN], "total": len(mine), "round": open_round,
            "waiting": len(waiting)}


def our_partnership_actions(user, plan) -> dict | None:
    """A partner's organisation's actions in the partnership plan, not yet complete."""
    if plan is None or user.organisation is None or not can(user, "list", PartnershipPlan):
        return None
    partnership_plan = partnership.partnership_plan_of(plan)
    if partnership_plan is None:
        return None
    ours = [a for a in partnership.actions_of(partnership_plan, user.organisation)
            if a.rag != Rag.COMPLETE]
    if not ours:
        return None
    ours.sort(key=lambda a: (RAG_ORDER.index(a.rag), a.due))  # the worst first
    return {"actions": ours[:MINE_SHOWN], "total": len(ours),
            "organisation": user.organisation}


def my_board_actions(user, plan) -> dict | None:
    """The person's own board actions not yet complete, the overdue first."""
    mine = boards.actions_owned_by(user)
    if not mine:
        return None
    return {"actions": mine[:MINE_SHOWN], "total": len(mine),
            "overdue": sum(a.is_overdue for a in mine)}
def risks_needing_attention(user, plan) -> dict | None:
    """For the programme office: open risks in the highest band, and reviews overdue."""
    if not can(user, "change", Risk):
        return None
    found, total = risks.needing_attention()
    if not found:
        return None
    return {"risks": found[:ATTENTION_SHOWN], "total": len(found), "open": total}


def my_risk_reviews(user, plan) -> dict | None:
    """The person's own risks due for review within a fortnight, or overdue."""
    if not can(user, "list", Risk):
        return None
    due = risks.reviews_due(user)
    return {"risks": due[:MINE_SHOWN], "total": len(due)} if due else None


def my_priorities(user, plan) -> dict | None:
    if plan is None:
        return None
    summary = queries.year_summary(plan)
    rows = [row for row in summary.by_priority if row["priority"].lead_id == user.pk]
    return {"rows": rows, "rag_order": RAG_ORDER, "label": summary.label} if rows else None


def indicators_of_concern(user, plan) -> dict | None:
    """Indicators Red against their target, or worse than the year before."""
    if not can(user, "list", Indicator):
        return None
    try:
        rows = scorecard.build(Indicator.objects.all())
    except Area.DoesNotExist:
        return None  # no published statistics loaded yet
    concern = [row for row in rows if row.rag == benchmarks.RED
               or row.direction == benchmarks.WORSENING]
    return {"rows": concern, "of": len(rows)}


def latest_loads(user, plan) -> dict | None:
    if not can(user, "view", PublishedLoad):
        return None
    loads = list(PublishedLoad.objects.select_related("loaded_by")[:LOADS_SHOWN])
    return {"loads": loads}


PANELS = {panel.name: panel for panel in [
    Panel("mine", "dashboard/mine.html", my_milestones),
    Panel("partnership", "dashboard/partnership.html", our_partnership_actions),
    Panel("board_actions", "dashboard/board_actions.html", my_board_actions),
    Panel("risk_reviews", "dashboard/risk_reviews.html", my_risk_reviews),
    Panel("risks", "dashboard/risks.html", risks_needing_attention),
    Panel("priorities", "dashboard/priorities.html", my_priorities),
    Panel("plan", "dashboard/plan.html", plan_this_year),
    Panel("round", "dashboard/round.html", update_round),
    Panel("review", "dashboard/review.html", year_end_review),
    Panel("attention", "dashboard/attention.html", attention),
    Panel("indicators", "dashboard/indicators.html", indicators_of_concern),
    Panel("loads", "dashboard/loads.html", latest_loads),
]}

# Each role's panels, most pressing first. A person who owns milestones or leads
# priorities, or whose organisation owns partnership actions, or who owns a board's
# actions, sees those first whatever their role.
BY_ROLE = {
    Role.LEADERSHIP: ["plan", "attention", "risks", "round", "review", "indicators"],
    Role.ADMINISTRATOR: ["round", "review", "plan", "attention", "risks", "loads"],
    Role.PRIORITY_LEAD: ["round", "review", "attention", "plan", "indicators"],
    Role.CONTRIBUTOR: ["round", "plan"],
    Role.VIEWER: ["plan", "indicators", "attention"],
    Role.ANALYST: ["loads", "indicators", "plan"],
    Role.PARTNER: ["plan", "indicators", "attention"],
    Role.COUNCILLOR: ["plan", "indicators", "attention"],
    Role.QA_LEAD: ["plan", "indicators", "attention"],
    Role.PARTICIPATION_LEAD: ["plan", "attention"],
}
ALWAYS_FIRST = ["priorities", "mine", "risk_reviews", "partnership", "board_actions"]


def panels_for(user) -> list[tuple[str, dict]]:
    """(template, context) for each panel this person sees, in order."""
    plan = queries.plan_in_force()
    names = ALWAYS_FIRST + [name for name in BY_ROLE.get(user.role, []) if name not in
                            ALWAYS_FIRST]
    shown = []
    for name in names:
        panel = PANELS[name]
        context = panel.build(user, plan)
        if context is not None:
            shown.append((panel.template, context))
    return shown
