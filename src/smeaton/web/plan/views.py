"""The plan's pages. Every view checks the rule for its record before it acts."""

from collections import Counter

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.performance import scorecard
from smeaton.web.plan import services
from smeaton.web.plan.forms import (
    MilestoneForm,
    OpenRoundForm,
    OutcomeFormSet,
    OverrideForm,
    PriorityForm,
    ReassignForm,
    ReturnForm,
    UpdateForm,
)
from smeaton.web.plan.models import (
    Milestone,
    MilestoneUpdate,
    Plan,
    Priority,
    RagSettings,
    UpdateRound,
)
from smeaton.web.plan.rag import Rag
from smeaton.years import year_label

RAG_ORDER = [Rag.RED, Rag.AMBER, Rag.GREEN, Rag.NOT_STARTED, Rag.COMPLETE]


class Rated:
    """A milestone with its RAG worked out once, for a page to show."""

    def __init__(self, milestone: Milestone, today, policy):
        self.milestone = milestone
        self.assessment = milestone.assessment(today, policy)
        self.rag = milestone.rag(assessment=self.assessment)

    def __getattr__(self, name):
        return getattr(self.milestone, name)


def rate(milestones, today=None, policy=None) -> list[Rated]:
    today = today or timezone.localdate()
    policy = policy or RagSettings.policy()
    return [Rated(m, today, policy) for m in milestones]


def current_plan() -> Plan:
    plan = Plan.objects.first()
    if plan is None:
        raise Http404("No plan has been set up yet.")
    return plan


def overview(request):
    plan = current_plan()
    require(request.user, "view", plan)
    year = plan.current_year()
    milestones = rate(Milestone.objects.filter(priority__plan=plan, plan_year=year)
                      .select_related("priority", "owner"))
    by_priority: dict[int, Counter] = {}
    for rated in milestones:
        by_priority.setdefault(rated.priority_id, Counter())[rated.rag] += 1
    priorities = [
        {"priority": p, "counts": [by_priority.get(p.pk, Counter())[rag] for rag in RAG_ORDER]}
        for p in plan.priorities.select_related("lead")
    ]
    totals = Counter(rated.rag for rated in milestones)
    open_round = services.open_round_of(plan)
    return render(request, "plan/overview.html", {
        "plan": plan,
        "year_label": year_label(year),
        "rag_order": RAG_ORDER,
        "priorities": priorities,
        "totals": [totals[rag] for rag in RAG_ORDER],
        "attention": [m for m in milestones if m.rag == Rag.RED or m.assessment.update_overdue],
        "latest_updates": MilestoneUpdate.objects.filter(milestone__priority__plan=plan)
                          .select_related("milestone", "author")[:6],
        "open_round": open_round,
        "round_progress": round_progress(open_round) if open_round else None,
        "last_closed": plan.rounds.filter(state=UpdateRound.State.CLOSED).first(),
    })


def round_progress(update_round: UpdateRound) -> dict:
    entries = update_round.entries.count()
    waiting = services.awaiting_update(update_round).count()
    return {"asked": entries, "answered": entries - waiting, "waiting": waiting}


def priority_detail(request, pk):
    priority = get_object_or_403(request.user, Priority.objects.select_related("plan", "lead"),
                                 pk=pk)
    milestones = rate(priority.milestones.select_related("owner", "outcome"))
    years = [
        {"label": year_label(year), "milestones": [m for m in milestones
                                                         if m.plan_year == year]}
        for year in priority.plan.year_starts
    ]
    return render(request, "plan/priority.html", {
        "priority": priority, "years": years, "outcomes": priority.outcomes.all(),
        "indicators": scorecard.for_priority(priority),
    })


def priority_edit(request, pk):
    priority = get_object_or_403(request.user, Priority, "change", pk=pk)
    form = PriorityForm(request.POST or None, instance=priority)
    outcomes = OutcomeFormSet(request.POST or None, instance=priority)
    if request.method == "POST" and form.is_valid() and outcomes.is_valid():
        with transaction.atomic():
            form.save()
            outcomes.save()
        messages.success(request, "The priority has been saved.")
        return redirect("plan:priority", pk=priority.pk)
    return render(request, "plan/priority_form.html",
                  {"priority": priority, "form": form, "outcomes": outcomes})


def milestone_detail(request, pk):
    milestone = get_object_or_403(
        request.user, Milestone.objects.select_related("priority__plan", "priority__lead",
                                                       "owner", "outcome"), pk=pk)
    [rated] = rate([milestone])
    updates = milestone.updates.select_related("author", "returned_by", "round").prefetch_related(
        "evidence")
    return render(request, "plan/milestone.html", {
        "milestone": rated, "updates": updates,
        "open_entry": milestone.round_entries.filter(round__state=UpdateRound.State.OPEN)
                      .select_related("round", "update").first(),
    })


def milestone_add(request, priority_pk):
    priority = get_object_or_403(request.user, Priority.objects.select_related("plan"),
                                 "add_milestone", pk=priority_pk)
    form = MilestoneForm(request.POST or None, priority=priority,
                         initial={"plan_year": priority.plan.current_year()})
    if request.method == "POST" and form.is_valid():
        milestone = form.save()
        messages.success(request, f"Milestone “{milestone}” has been added.")
        return redirect("plan:milestone", pk=milestone.pk)
    return render(request, "plan/milestone_form.html", {"priority": priority, "form": form})


def milestone_edit(request, pk):
    milestone = get_object_or_403(request.user, Milestone.objects.select_related("priority__plan"),
                                  "change", pk=pk)
    form = MilestoneForm(request.POST or None, instance=milestone, priority=milestone.priority)
    if request.method == "POST":
        if form.is_valid():
            form.save()
            messages.success(request, "The milestone has been saved.")
            return redirect("plan:milestone", pk=milestone.pk)
        if form.non_field_errors():  # someone else saved first: show their version
            milestone.refresh_from_db()
            fresh = MilestoneForm(instance=milestone, priority=milestone.priority)
            fresh._errors = form.errors  # keep the message; the fields show the saved values
            form = fresh
    return render(request, "plan/milestone_form.html",
                  {"priority": milestone.priority, "form": form, "milestone": milestone})


def post_update(request, pk):
    milestone = get_object_or_403(request.user, Milestone.objects.select_related("priority"),
                                  "post_update", pk=pk)
    entry = milestone.round_entries.filter(round__state=UpdateRound.State.OPEN).first()
    initial = {"version": milestone.version, "progress": milestone.progress,
               "forecast": milestone.forecast, "round": entry.round_id if entry else None}
    form = UpdateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_update(
                milestone, request.user, progress=data["progress"], forecast=data["forecast"],
                commentary=data["commentary"], evidence=form.evidence(),
                seen_version=data["version"], round_id=data["round"],
            )
        except services.PlanError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "Your update has been posted.")
            return redirect("plan:milestone", pk=milestone.pk)
    return render(request, "plan/update_form.html",
                  {"milestone": milestone, "form": form, "entry": entry})


def override_rag(request, pk):
    milestone = get_object_or_403(request.user, Milestone.objects.select_related("priority"),
                                  "override", pk=pk)
    rules_rag = milestone.assessment().rag
    form = OverrideForm(request.POST or None, rules_rag=rules_rag, initial={
        "version": milestone.version, "rag": milestone.rag_override,
        "reason": milestone.override_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.override_rag(milestone, request.user, rag=form.cleaned_data["rag"],
                                  reason=form.cleaned_data["reason"],
                                  seen_version=form.cleaned_data["version"])
        except services.PlanError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, "The RAG has been saved.")
            return redirect("plan:milestone", pk=milestone.pk)
    return render(request, "plan/override_form.html", {"milestone": milestone, "form": form})


def my_milestones(request):
    plan = current_plan()
    open_round = services.open_round_of(plan)
    mine = rate(Milestone.objects.filter(owner=request.user, priority__plan=plan)
                .select_related("priority"))
    waiting_ids = set()
    if open_round:
        waiting_ids = set(services.awaiting_update(open_round, request.user)
                          .values_list("milestone_id", flat=True))
    return render(request, "plan/mine.html", {
        "open_round": open_round,
        "needs_update": [m for m in mine if m.pk in waiting_ids],
        "others": [m for m in mine if m.pk not in waiting_ids],
    })


def rounds(request):
    plan = current_plan()
    require(request.user, "list", UpdateRound)
    form = None
    if can(request.user, "run_rounds", plan):
        form = OpenRoundForm(request.POST or None, plan=plan,
                             initial={"plan_year": plan.current_year()})
        if request.method == "POST" and form.is_valid():
            try:
                update_round = services.open_round(plan, request.user, **form.cleaned_data)
            except services.PlanError as refusal:
                form.add_error(None, str(refusal))
            else:
                messages.success(request, f"The {update_round} update round is open.")
                return redirect("plan:round", pk=update_round.pk)
    elif request.method == "POST":
        require(request.user, "run_rounds", plan)
    return render(request, "plan/rounds.html", {
        "plan": plan, "rounds": plan.rounds.all(), "form": form,
        "open_round": services.open_round_of(plan),
    })


def round_detail(request, pk):
    update_round = get_object_or_403(request.user, UpdateRound, pk=pk)
    entries = update_round.entries.select_related(
        "milestone__priority", "milestone__owner", "update__author")
    rated = {r.pk: r for r in rate(e.milestone for e in entries)} if update_round.is_open else {}
    return render(request, "plan/round.html", {
        "round": update_round,
        "entries": [(e, rated.get(e.milestone_id)) for e in entries],
        "progress": round_progress(update_round) if update_round.is_open else None,
    })


@require_POST
def round_close(request, pk):
    update_round = get_object_or_403(request.user, UpdateRound, "run", pk=pk)
    try:
        services.close_round(update_round, request.user)
    except services.PlanError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The {update_round} round is closed and its snapshot kept.")
    return redirect("plan:round", pk=update_round.pk)


def return_update(request, pk):
    update = get_object_or_403(
        request.user, MilestoneUpdate.objects.select_related("milestone", "round", "author"),
        "return", pk=pk)
    form = ReturnForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.return_update(update, request.user, challenge=form.cleaned_data["challenge"])
        except services.PlanError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"The update has been returned to {update.author}.")
            return redirect("plan:round", pk=update.round_id)
    return render(request, "plan/return_form.html", {"update": update, "form": form})


def reassign(request):
    plan = current_plan()
    require(request.user, "reassign", plan)
    form = ReassignForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        leaver, successor = form.cleaned_data["leaver"], form.cleaned_data["successor"]
        try:
            milestones, priorities = services.reassign(leaver, successor, request.user)
        except services.PlanError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, f"{milestones} milestone{'s' * (milestones != 1)} and "
                             f"{priorities} priorit{'ies' if priorities != 1 else 'y'} moved "
                             f"from {leaver} to {successor}.")
            return redirect("plan:reassign")
    return render(request, "plan/reassign.html", {"form": form})

