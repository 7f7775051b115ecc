"""The plan's pages. Every view checks the rule for its record before it acts; reads
come from queries.py and changes go through services.py."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.views.decorators.http import require_POST, require_safe

from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.forms import sent
from smeaton.web.plan import queries, services
from smeaton.web.plan.extensions import priority_sections, sections_for
from smeaton.web.plan.forms import (
    DeadlineForm,
    DecisionForm,
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
    UpdateRound,
    forecast_to_offer,
)
from smeaton.web.plan.queries import RAG_ORDER, current_plan, rate
from smeaton.years import year_label


@require_safe
def overview(request):
    return _overview(request, current_plan())


@require_safe
def plan_overview(request, pk):
    """Any plan, the last one kept read-only or the next being drafted."""
    return _overview(request, get_object_or_403(request.user, Plan, pk=pk))


def _overview(request, plan):
    require(request.user, "view", plan)
    open_round = queries.open_round_of(plan)
    return render(request, "plan/overview.html", {
        "plan": plan, "plans": Plan.objects.order_by("-first_year"),
        "is_current": plan == current_plan(),
        "summary": queries.year_summary(plan),
        "rag_order": RAG_ORDER,
        "latest_updates": queries.latest_updates(plan),
        "open_round": open_round,
        "round_progress": queries.round_progress(open_round) if open_round else None,
        "last_closed": plan.rounds.filter(state=UpdateRound.State.CLOSED).first(),
    })


@require_safe
def priority_detail(request, pk):
    priority = get_object_or_403(request.user, Priority.objects.select_related("plan", "lead"),
                                 pk=pk)
    year = priority.plan.current_year()
    milestones = rate(priority.milestones.select_related("owner", "outcome"), year=year)
    years = [{"label": label, "milestones": [m for m in milestones if m.plan_year == start],
              "drafting": queries.drafting(priority.plan, start)}
             for start, label in priority.plan.year_choices()]
    return render(request, "plan/priority.html", {
        "priority": priority, "years": years, "outcomes": priority.outcomes.all(),
        "versions": priority.versions.select_related("revised_by"),
        "sections": sections_for(priority_sections, priority),
    })


def priority_edit(request, pk):
    priority = get_object_or_403(request.user, Priority, "change", pk=pk)
    form = PriorityForm(sent(request), instance=priority)
    outcomes = OutcomeFormSet(sent(request), instance=priority)
    if (request.method == "POST" and not {"title", "description"} & set(form.changed_data)
            and not outcomes.has_changed()):
        messages.success(request, "Nothing was changed, so the priority is as it was.")
        return redirect("plan:priority", pk=priority.pk)
    if request.method == "POST" and form.is_valid() and outcomes.is_valid():
        data = form.cleaned_data
        try:
            services.refocus_priority(
                priority, request.user, title=data["title"], description=data["description"],
                reason=data["reason"], takes_effect=data["takes_effect"],
                change_outcomes=outcomes.save)
        except services.PlanError as refusal:  # someone else refocused it a moment ago
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "The priority has been saved. Its earlier wording is "
                                      "kept on its page.")
            return redirect("plan:priority", pk=priority.pk)
    return render(request, "plan/priority_form.html",
                  {"priority": priority, "form": form, "outcomes": outcomes})


def _settled(request, pk):
    """A milestone that can no longer change (decided, or of a closed year) sends the
    person back to it saying why, rather than refusing them as if they had no right."""
    milestone = get_object_or_403(request.user, Milestone.objects.select_related(
        "priority__plan"), pk=pk)
    if problem := milestone.why_settled():
        messages.error(request, f"{problem}.")
        return redirect("plan:milestone", pk=pk)
    return None


@require_safe
def milestone_detail(request, pk):
    milestone = get_object_or_403(
        request.user, Milestone.objects.select_related(
            "priority__plan", "priority__lead", "owner", "outcome", "carried_from", "replaces"),
        pk=pk)
    [rated] = rate([milestone], year=milestone.priority.plan.current_year())
    updates = milestone.updates.select_related("author", "returned_by", "round").prefetch_related(
        "evidence")
    return render(request, "plan/milestone.html", {
        "milestone": rated, "updates": updates,
        "decidable": queries.decidable(milestone),
        "withdrawable": services.why_not_withdrawable(milestone) is None,
        "open_entry": milestone.round_entries.filter(round__state=UpdateRound.State.OPEN)
                      .select_related("round", "update").first(),
    })


def milestone_add(request, priority_pk):
    priority = get_object_or_403(request.user, Priority.objects.select_related("plan"),
                                 "add_milestone", pk=priority_pk)
    form = MilestoneForm(sent(request), priority=priority,
                         initial={"plan_year": priority.plan.current_year()})
    if request.method == "POST" and form.is_valid():
        milestone = services.add_milestone(priority, request.user, **form.details())
        messages.success(request, f"Milestone “{milestone}” has been added.")
        return redirect("plan:milestone", pk=milestone.pk)
    return render(request, "plan/milestone_form.html", {"priority": priority, "form": form})


def milestone_edit(request, pk):
    if settled := _settled(request, pk):
        return settled
    milestone = get_object_or_403(request.user, Milestone.objects.select_related("priority__plan"),
                                  "change", pk=pk)
    form = MilestoneForm(sent(request), instance=milestone, priority=milestone.priority)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_milestone(milestone, request.user,
                                      seen_version=form.cleaned_data["version"], **form.details())
        except services.PlanError as refusal:
            # Someone else saved first: show the milestone as it now is, with the message.
            milestone.refresh_from_db()
            fresh = MilestoneForm(instance=milestone, priority=milestone.priority)
            fresh._errors = ErrorDict({NON_FIELD_ERRORS: fresh.error_class([str(refusal)])})
            form = fresh
        else:
            messages.success(request, "The milestone has been saved.")
            return redirect("plan:milestone", pk=milestone.pk)
    return render(request, "plan/milestone_form.html",
                  {"priority": milestone.priority, "form": form, "milestone": milestone})


def post_update(request, pk):
    if settled := _settled(request, pk):
        return settled
    milestone = get_object_or_403(request.user, Milestone.objects.select_related("priority"),
                                  "post_update", pk=pk)
    entry = milestone.round_entries.filter(round__state=UpdateRound.State.OPEN).first()
    initial = {"version": milestone.version, "progress": milestone.progress,
               "forecast": forecast_to_offer(milestone.forecast),
               "round": entry.round_id if entry else None}
    form = UpdateForm(sent(request), initial=initial, milestone=milestone)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_update(
                milestone, request.user, progress=data["progress"], forecast=data["forecast"],
                commentary=data["commentary"], evidence=form.evidence(),
                seen_version=data["version"], round_id=data["round"],
            )
        except services.PlanError as refusal:
            # Shown again as it now stands: a round that has closed is no longer asked.
            data = request.POST.copy()
            data["round"], data["version"] = entry.round_id if entry else "", milestone.version
            form = UpdateForm(data, initial=initial, milestone=milestone)
            form.is_valid()
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "Your update has been posted.")
            return redirect("plan:milestone", pk=milestone.pk)
    return render(request, "plan/update_form.html",
                  {"milestone": milestone, "form": form, "entry": entry})


def override_rag(request, pk):
    if settled := _settled(request, pk):
        return settled
    milestone = get_object_or_403(request.user, Milestone.objects.select_related("priority"),
                                  "override", pk=pk)
    rules_rag = milestone.assessment().rag
    form = OverrideForm(sent(request), rules_rag=rules_rag, initial={
        "version": milestone.version, "rag": milestone.rag_override,
        "reason": milestone.override_reason})
    if request.method == "POST" and form.is_valid():
        try:
            services.override_rag(milestone, request.user, rag=form.cleaned_data["rag"],
                                  reason=form.cleaned_data["reason"],
                                  seen_version=form.cleaned_data["version"])
        except services.PlanError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            unchanged = not form.cleaned_data["rag"] and not milestone.rag_override
            messages.success(request, "The rules' RAG already stood: nothing has changed."
                             if unchanged else "The RAG has been saved.")
            return redirect("plan:milestone", pk=milestone.pk)
    return render(request, "plan/override_form.html", {"milestone": milestone, "form": form})


@require_safe
def my_milestones(request):
    plan = current_plan()
    open_round = queries.open_round_of(plan)
    mine = rate(Milestone.objects.filter(owner=request.user, priority__plan=plan)
                .select_related("priority"), year=plan.current_year())
    waiting = {}
    if open_round:
        waiting = {entry.milestone_id: entry for entry in
                   queries.awaiting_update(open_round, request.user).select_related("update")}
    for milestone in mine:
        entry = waiting.get(milestone.pk)
        milestone.returned_update = entry.update if entry and entry.update else None
    return render(request, "plan/mine.html", {
        "open_round": open_round,
        "needs_update": [m for m in mine if m.pk in waiting],
        "others": [m for m in mine if m.pk not in waiting],
    })


def rounds(request):
    plan = current_plan()
    require(request.user, "list", UpdateRound)
    form = None
    if can(request.user, "run_rounds", plan):
        form = OpenRoundForm(sent(request), plan=plan,
                             initial={"plan_year": plan.current_year()})
        if request.method == "POST" and form.is_valid():
            try:
                update_round = services.open_round(plan, request.user, **form.cleaned_data)
            except services.PlanError as refusal:
                form.add_error(refusal.field, str(refusal))
            else:
                messages.success(request, f"The {update_round} update round is open.")
                return redirect("plan:round", pk=update_round.pk)
    elif request.method == "POST":
        require(request.user, "run_rounds", plan)
    return render(request, "plan/rounds.html", {
        "plan": plan, "rounds": plan.rounds.all(), "form": form,
        "open_round": queries.open_round_of(plan),
    })


@require_safe
def round_detail(request, pk):
    update_round = get_object_or_403(request.user, UpdateRound.objects.select_related("plan"),
                                     pk=pk)
    entries = update_round.entries.select_related(
        "milestone__priority", "milestone__owner", "update__author")
    rated = {}
    if update_round.is_open:
        year = update_round.plan.current_year()
        rated = {r.pk: r for r in rate((e.milestone for e in entries), year=year)}
    return render(request, "plan/round.html", {
        "round": update_round,
        "entries": [(e, rated.get(e.milestone_id)) for e in entries],
        "progress": queries.round_progress(update_round) if update_round.is_open else None,
    })


def round_deadline(request, pk):
    update_round = get_object_or_403(request.user, UpdateRound, "run", pk=pk)
    if not update_round.is_open:
        return render(request, "plan/round_closed.html", {"round": update_round})
    form = DeadlineForm(sent(request), instance=update_round)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_deadline(update_round, request.user,
                                     deadline=form.cleaned_data["deadline"])
        except services.PlanError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"Updates in the {update_round} round are now due by "
                             f"{form.cleaned_data['deadline']:%-d %B %Y}.")
            return redirect("plan:round", pk=update_round.pk)
    return render(request, "plan/deadline_form.html", {"round": update_round, "form": form})


def round_close(request, pk):
    """Ask first, saying what closing does and how many updates are still waiting."""
    update_round = get_object_or_403(request.user, UpdateRound, "run", pk=pk)
    if not update_round.is_open:
        return render(request, "plan/round_closed.html", {"round": update_round})
    if request.method == "POST":
        try:
            services.close_round(update_round, request.user)
        except services.PlanError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"The {update_round} round is closed and its snapshot kept.")
        return redirect("plan:round", pk=update_round.pk)
    return render(request, "plan/round_close.html", {
        "round": update_round, "progress": queries.round_progress(update_round)})


def return_update(request, pk):
    update = get_object_or_403(
        request.user, MilestoneUpdate.objects.select_related("milestone", "round", "author"),
        "return", pk=pk)
    if problem := services.why_not_returnable(update):
        return render(request, "plan/return_refused.html", {"update": update, "problem": problem})
    form = ReturnForm(sent(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.return_update(update, request.user, challenge=form.cleaned_data["challenge"])
        except services.PlanError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"The update has been returned to {update.author}.")
            return redirect("plan:round", pk=update.round_id)
    return render(request, "plan/return_form.html", {"update": update, "form": form})


def reassign(request):
    """Choose the leaver and successor, see what would move, then confirm."""
    plan = current_plan()
    require(request.user, "reassign", plan)
    form = ReassignForm(sent(request))
    if request.method != "POST" or not form.is_valid():
        return render(request, "plan/reassign.html", {"form": form})
    leaver, successor = form.cleaned_data["leaver"], form.cleaned_data["successor"]
    try:
        if "confirm" not in request.POST:
            moving = services.check_reassign(leaver, successor)
            return render(request, "plan/reassign_confirm.html", {
                "form": form, "leaver": leaver, "successor": successor, "moving": moving})
        moved = services.reassign(leaver, successor, request.user)
    except services.PlanError as refusal:
        form.add_error(refusal.field, str(refusal))
        return render(request, "plan/reassign.html", {"form": form})
    count, led = len(moved.milestones), len(moved.priorities)
    what = [f"{count} milestone{pluralize(count)}" if count else "",
            f"{led} priorit{pluralize(led, 'y,ies')}" if led else ""]
    messages.success(request, f"{' and '.join(w for w in what if w)} moved from {leaver} "
                     f"to {successor}.")
    return redirect("plan:reassign")


# --- The year-end review ---------------------------------------------------------------


@require_safe
def year_ends(request):
    plan = current_plan()
    require(request.user, "view", plan)
    return render(request, "plan/year_ends.html", {
        "plan": plan, "years": queries.review_years(plan)})


def _review_year(request, year: int, action: str = "view"):
    plan = current_plan()
    require(request.user, action, plan)
    if year not in plan.year_starts:
        raise Http404("Not a year of the plan.")
    return plan


@require_safe
def year_end_detail(request, year):
    plan = _review_year(request, year)
    return render(request, "plan/year_end.html", {
        "plan": plan, "review": queries.review(plan, year), "rag_order": RAG_ORDER,
        "can_start": queries.why_review_cannot_begin(plan, year) is None})


@require_POST
def year_end_start(request, year):
    plan = _review_year(request, year, "review_year")
    try:
        year_end = services.open_year_end(plan, request.user, plan_year=year)
    except services.PlanError as refusal:
        messages.error(request, str(refusal))
        return redirect("plan:year-ends")
    messages.success(request, f"The {year_end} has begun.")
    return redirect("plan:year-end", year=year)


def milestone_decide(request, pk):
    milestone = get_object_or_403(request.user, Milestone.objects.select_related(
        "priority__plan", "owner"), "decide", pk=pk)
    if problem := queries.why_not_decidable(milestone):
        messages.error(request, problem)
        return redirect("plan:milestone", pk=milestone.pk)
    form = DecisionForm(sent(request), initial={
        "version": milestone.version, "successors": milestone.title})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            made = services.decide(milestone, request.user, decision=data["decision"],
                                   reason=data["reason"], successors=form.successor_list(),
                                   seen_version=data["version"])
        except services.PlanError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"“{milestone}” is decided"
                             + (f": {len(made)} milestone{pluralize(len(made))} added to "
                                f"{year_label(milestone.plan_year + 1)}." if made else "."))
            return redirect("plan:year-end", year=milestone.plan_year)
    return render(request, "plan/decide_form.html", {"milestone": milestone, "form": form})


def withdraw_decision(request, pk):
    """Ask first, listing the next year's milestones that withdrawing removes."""
    milestone = get_object_or_403(request.user, Milestone.objects.select_related(
        "priority__plan"), "decide", pk=pk)
    if problem := services.why_not_withdrawable(milestone):
        messages.error(request, problem)
        return redirect("plan:milestone", pk=pk)
    if request.method == "POST":
        services.withdraw_decision(milestone, request.user)
        messages.success(request, f"The decision on “{milestone}” is withdrawn: decide it again.")
        return redirect("plan:year-end", year=milestone.plan_year)
    return render(request, "plan/withdraw_decision.html", {
        "milestone": milestone, "successors": services.successors_of(milestone)})


def year_end_close(request, year):
    """Ask first, saying what closing does and what is still undecided."""
    plan = _review_year(request, year, "review_year")
    review = queries.review(plan, year)
    if review.year_end is None or not review.year_end.is_open:
        messages.error(request, f"The {year_label(year)} review is not open.")
        return redirect("plan:year-end", year=year)
    if request.method == "POST":
        try:
            services.close_year_end(review.year_end, request.user)
        except services.PlanError as refusal:
            messages.error(request, str(refusal))
        else:
            messages.success(request, f"{review.label} is closed and its summary kept.")
        return redirect("plan:year-end", year=year)
    return render(request, "plan/year_end_close.html", {"review": review})


def year_end_agree(request, year):
    """Ask first: agreeing the next year's milestones cannot be undone."""
    plan = _review_year(request, year, "review_year")
    year_end = plan.year_ends.filter(plan_year=year).first()
    if year_end is None:
        raise Http404("No review of this year.")
    if request.method != "POST":
        return render(request, "plan/year_end_agree.html", {
            "year_end": year_end, "milestones": Milestone.objects.filter(
                priority__plan=plan, plan_year=year + 1).count()})
    try:
        services.agree_next_year(year_end, request.user)
    except services.PlanError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"The {year_end.next_label} milestones are agreed.")
    return redirect("plan:year-end", year=year)
