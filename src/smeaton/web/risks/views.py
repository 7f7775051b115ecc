"""The risk and issues log's pages. Every view checks the rule for its record before it
acts; reads come from queries.py and changes go through services.py."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.forms import sent
from smeaton.web.risks import exports, extensions, queries, services
from smeaton.web.risks.forms import (
    ActionForm,
    CloseForm,
    ControlForm,
    EndControlForm,
    EscalateForm,
    IssueForm,
    ResolveForm,
    ReviewForm,
    RiskForm,
    UpdateForm,
)
from smeaton.web.risks.models import Control, Issue, Risk, RiskAction


def attempt(request, form, act: Callable, success: str, record=None):
    """Run the change if the form is valid: its result, or None with the refusal shown
    on the form. A change to ``record`` refused because someone else saved it first
    keeps what the person typed, and takes the record's version now, so that sending it
    again saves it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except services.RiskError as refusal:
        form.add_error(refusal.field, str(refusal))
        if refusal.field is None and record is not None:
            record.refresh_from_db(fields=["version"])
            form.data = form.data.copy()
            form.data["version"] = record.version
        return None
    messages.success(request, success)
    return result


CLOSED = {Risk: "This risk is closed, so it can no longer be reviewed or changed",
          Issue: "This issue is resolved, so it can no longer be changed"}


def no_longer_open(request, records, pk):
    """A closed risk or resolved issue (or an action of one) sends the person back to its
    page saying why, rather than refusing them as if their role did not allow it; None
    while it is open. Those who may not read it are refused as before."""
    record = get_object_or_403(request.user, records, pk=pk)
    treated = record.treats if isinstance(record, RiskAction) else record
    if treated.is_open:
        return None
    messages.error(request, f"{CLOSED[type(treated)]}.")
    return redirect(page_of(treated))


def page_of(record: Risk | Issue | RiskAction) -> str:
    name = {Risk: "risks:risk", Issue: "risks:issue", RiskAction: "risks:action"}
    return reverse(name[type(record)], kwargs={"pk": record.pk})


def form_page(request, form, record, heading: str, button: str, **extra):
    """A one-form page about a risk, an issue or an action, with a link back to it."""
    return render(request, "risks/form.html", {
        "form": form, "record": record, "back_url": page_of(record), "heading": heading,
        "button": button, **extra})


@require_safe
def register(request):
    require(request.user, "list", Risk)
    on = queries.matrix()
    filters = queries.Filters.from_query(request.GET)
    risks = queries.register(filters, on)
    return render(request, "risks/register.html", {
        "risks": risks, "filters": filters, "on": on, "bands": queries.band_counts(risks, on),
        "query": filters.query_string(), "heat_map_query": filters.without_cell()
        .query_string(), "sort_label": queries.SORTS[filters.sort][0],
        "score_kind": queries.SCORE_KINDS[filters.scores],
        "can_add": can(request.user, "add", Risk),
        "illustrative": any(r.illustrative for r in risks), **queries.filter_choices()})


@require_safe
def register_export(request, file_format):
    require(request.user, "list", Risk)
    on = queries.matrix()
    filters = queries.Filters.from_query(request.GET)
    risks = exports.with_controls_and_actions(queries.register(filters, on))
    stem = f"risk-register-{timezone.localdate():%Y-%m-%d}"
    if file_format == "csv":
        response = HttpResponse(exports.as_csv(risks), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(risks, on, f"Risk register at {timezone.localdate():%-d %B %Y}: "
                                       f"{len(risks)} risk{pluralize(len(risks))}"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


@require_safe
def heat_map(request):
    require(request.user, "list", Risk)
    on = queries.matrix()
    filters = queries.Filters.from_query(request.GET).without_cell()
    return render(request, "risks/heat_map.html", {
        "map": queries.heat_map(filters, on), "filters": filters, "on": on,
        "score_kind": queries.SCORE_KINDS[filters.scores],
        "query": filters.query_string(), **queries.filter_choices()})


@require_safe
def mine(request):
    require(request.user, "list", Risk)
    work = queries.my_work(request.user)
    return render(request, "risks/mine.html", {
        "work": work, "illustrative": any(
            r.illustrative for r in [*work.risks, *work.issues,
                                     *(a.treats for a in work.actions)]),
        "sections": extensions.sections_for(extensions.my_work_sections, request.user)})


RISK_RECORDS = Risk.objects.select_related("category", "owner")


@require_safe
def risk_detail(request, pk):
    risk = get_object_or_403(request.user, queries.RISK_PAGE_RECORDS, pk=pk)
    on = queries.matrix()
    [rated] = queries.rate_risks([risk], on)
    history = queries.score_history(risk, on)
    return render(request, "risks/risk.html", {
        "risk": rated, "on": on, "history": history, "chart": queries.chart_of(history),
        "controls": [c for c in risk.controls.all() if c.in_place],
        "ended_controls": [c for c in risk.controls.all() if not c.in_place],
        "actions": queries.actions_of(risk), "issues": risk.issues.select_related("owner"),
        "escalations": risk.escalations.select_related("by")})


def risk_add(request):
    require(request.user, "add", Risk)
    on = queries.matrix()
    form = RiskForm(sent(request), on=on)
    risk = attempt(request, form, lambda data: services.raise_risk(
        request.user, **form.details(), **form.links()), "The risk has been raised.")
    if risk:
        return redirect("risks:risk", pk=risk.pk)
    return render(request, "risks/risk_form.html", {"form": form})


def risk_edit(request, pk):
    if closed := no_longer_open(request, RISK_RECORDS, pk):
        return closed
    risk = get_object_or_403(request.user, RISK_RECORDS, "change", pk=pk)
    form = RiskForm(sent(request), on=queries.matrix(), risk=risk)
    saved = attempt(request, form, lambda data: services.change_risk(
        risk, request.user, seen_version=data["version"], links=form.links(),
        **form.details()), "The risk has been saved.", risk)
    if saved:
        return redirect("risks:risk", pk=risk.pk)
    return render(request, "risks/risk_form.html", {"form": form, "risk": risk})


def risk_review(request, pk):
    if closed := no_longer_open(request, RISK_RECORDS, pk):
        return closed
    risk = get_object_or_403(request.user, RISK_RECORDS, "review", pk=pk)
    form = ReviewForm(sent(request), on=queries.matrix(), risk=risk)
    review = attempt(request, form, lambda data: services.review_risk(
        risk, request.user, seen_version=data["version"], note=data["note"],
        next_review=data["next_review"], **form.scores()),
        "Your review has been recorded.", risk)
    if review:
        return redirect("risks:risk", pk=risk.pk)
    return form_page(request, form, risk, "Review the risk", "Record the review")


def risk_escalate(request, pk):
    if closed := no_longer_open(request, RISK_RECORDS, pk):
        return closed
    risk = get_object_or_403(request.user, RISK_RECORDS, "escalate", pk=pk)
    form = EscalateForm(sent(request), risk=risk)
    moved = attempt(request, form, lambda data: services.escalate(
        risk, request.user, to_level=data["to_level"], reason=data["reason"],
        seen_version=data["version"]), "The risk has moved to another register.", risk)
    if moved:
        return redirect("risks:risk", pk=risk.pk)
    return form_page(request, form, risk, "Escalate or de-escalate the risk", "Move the risk",
                     intro=f"It is on the {risk.get_level_display().lower()} register.")


def risk_close(request, pk):
    risk = get_object_or_403(request.user, RISK_RECORDS, "close", pk=pk)
    form = CloseForm(sent(request), record=risk)
    closed = attempt(request, form, lambda data: services.close_risk(
        risk, request.user, reason=data["reason"], seen_version=data["version"]),
        "The risk has been closed.", risk)
    if closed:
        return redirect("risks:risk", pk=risk.pk)
    return form_page(request, form, risk, "Close the risk", "Close the risk", warning=True,
                     **queries.left_open_by_closing(risk))


def control_add(request, pk):
    if closed := no_longer_open(request, RISK_RECORDS, pk):
        return closed
    risk = get_object_or_403(request.user, RISK_RECORDS, "add_control", pk=pk)
    form = ControlForm(sent(request))
    control = attempt(request, form, lambda data: services.add_control(
        risk, request.user, description=data["description"]), "The control has been added.")
    if control:
        return redirect("risks:risk", pk=risk.pk)
    return form_page(request, form, risk, "Add a control in place", "Add the control")


def control_end(request, pk):
    control = get_object_or_403(
        request.user, Control.objects.select_related("risk"), "end", pk=pk)
    form = EndControlForm(sent(request))
    ended = attempt(request, form, lambda data: services.end_control(
        control, request.user, reason=data["reason"]),
        "The control is recorded as no longer in place.")
    if ended:
        return redirect("risks:risk", pk=control.risk_id)
    return form_page(request, form, control.risk, "Record that a control is no longer in place",
                     "Save", intro=f"“{control.description}”")


def action_add(request, treats: Risk | Issue):
    form = ActionForm(sent(request))
    action = attempt(request, form, lambda data: services.add_action(
        treats, request.user, **form.details()), "The action has been added.")
    if action:
        return redirect("risks:action", pk=action.pk)
    return form_page(request, form, treats, "Add an action", "Add the action")


def risk_action_add(request, pk):
    if closed := no_longer_open(request, RISK_RECORDS, pk):
        return closed
    return action_add(request, get_object_or_403(request.user, RISK_RECORDS, "add_action",
                                                 pk=pk))


def issue_from_risk(request, pk):
    """Raise an issue from a risk that has happened: one step, the form filled in from
    the risk and the issue linked to it."""
    risk = get_object_or_403(request.user, RISK_RECORDS, "raise_issue", pk=pk)
    require(request.user, "add", Issue)
    return issue_form(request, risk=risk)


def issue_form(request, risk: Risk | None = None):
    form = IssueForm(sent(request), risk=risk)
    issue = attempt(request, form, lambda data: services.raise_issue(
        request.user, risk=risk, **form.details(), **form.links()), "The issue has been raised.")
    if issue:
        return redirect("risks:issue", pk=issue.pk)
    return render(request, "risks/issue_form.html", {"form": form, "risk": risk})


@require_safe
def issue_list(request):
    require(request.user, "list", Issue)
    status = request.GET.get("status", Issue.Status.OPEN)
    status = status if status in (*Issue.Status.values, "all") else Issue.Status.OPEN
    issues = list(queries.issues(status))
    return render(request, "risks/issues.html", {
        "issues": issues, "status": status, "illustrative": any(i.illustrative for i in issues),
        "can_add": can(request.user, "add", Issue),
        "statuses": [*Issue.Status.choices, ("all", "Open and resolved")],
        "today": timezone.localdate()})


def issue_add(request):
    require(request.user, "add", Issue)
    return issue_form(request)


ISSUE_RECORDS = Issue.objects.select_related("owner", "risk")


@require_safe
def issue_detail(request, pk):
    issue = get_object_or_403(request.user, ISSUE_RECORDS, pk=pk)
    return render(request, "risks/issue.html", {
        "issue": issue, "actions": queries.actions_of(issue),
        "priorities": issue.priorities.all(),
        "milestones": issue.milestones.select_related("priority"),
        "today": timezone.localdate()})


def issue_edit(request, pk):
    if closed := no_longer_open(request, ISSUE_RECORDS, pk):
        return closed
    issue = get_object_or_403(request.user, ISSUE_RECORDS, "change", pk=pk)
    form = IssueForm(sent(request), issue=issue)
    saved = attempt(request, form, lambda data: services.change_issue(
        issue, request.user, seen_version=data["version"], links=form.links(),
        **form.details()), "The issue has been saved.", issue)
    if saved:
        return redirect("risks:issue", pk=issue.pk)
    return render(request, "risks/issue_form.html", {"form": form, "issue": issue})


def issue_resolve(request, pk):
    issue = get_object_or_403(request.user, ISSUE_RECORDS, "resolve", pk=pk)
    form = ResolveForm(sent(request), record=issue)
    resolved = attempt(request, form, lambda data: services.resolve_issue(
        issue, request.user, resolution=data["reason"], seen_version=data["version"]),
        "The issue has been resolved.", issue)
    if resolved:
        return redirect("risks:issue", pk=issue.pk)
    return form_page(request, form, issue, "Resolve the issue", "Resolve the issue",
                     resolving=True, **queries.left_open_by_closing(issue))


def issue_action_add(request, pk):
    if closed := no_longer_open(request, ISSUE_RECORDS, pk):
        return closed
    return action_add(request, get_object_or_403(request.user, ISSUE_RECORDS, "add_action",
                                                 pk=pk))


ACTION_RECORDS = RiskAction.objects.select_related("owner", "risk__owner", "issue__owner")


@require_safe
def action_detail(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, pk=pk)
    [rated] = queries.rate([action])
    return render(request, "risks/action.html", {
        "action": rated, "updates": action.updates.select_related("author")})


def action_edit(request, pk):
    if closed := no_longer_open(request, ACTION_RECORDS, pk):
        return closed
    action = get_object_or_403(request.user, ACTION_RECORDS, "change", pk=pk)
    form = ActionForm(sent(request), action=action)
    saved = attempt(request, form, lambda data: services.change_action(
        action, request.user, seen_version=data["version"], **form.details()),
        "The action has been saved.", action)
    if saved:
        return redirect("risks:action", pk=action.pk)
    return form_page(request, form, action, "Edit the action", "Save the action")


def action_update(request, pk):
    if closed := no_longer_open(request, ACTION_RECORDS, pk):
        return closed
    action = get_object_or_403(request.user, ACTION_RECORDS, "post_update", pk=pk)
    form = UpdateForm(sent(request), action=action)
    posted = attempt(request, form, lambda data: services.post_update(
        action, request.user, progress=data["progress"], forecast=data["forecast"],
        commentary=data["commentary"], seen_version=data["version"]),
        "Your update has been posted.", action)
    if posted:
        return redirect("risks:action", pk=action.pk)
    return form_page(request, form, action, "Post an update", "Post the update")
