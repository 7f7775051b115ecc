"""The service plans' pages. Every view checks the rule for its record before it acts;
reads come from queries.py and changes go through services.py."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from smeaton.web.accounts.models import ServiceArea
from smeaton.web.accounts.permissions import get_object_or_403, require
from smeaton.web.forms import sent, whole_number
from smeaton.web.plan.models import Plan
from smeaton.web.plan.queries import RAG_ORDER, current_plan
from smeaton.web.service_plans import queries, services
from smeaton.web.service_plans.forms import ActionForm, UpdateForm
from smeaton.web.service_plans.models import ServiceAction, ServicePlan
from smeaton.years import year_label


def chosen_year(request, plan: Plan) -> int:
    """The plan year asked for in ``?year=``, or the current one; a year the plan does
    not have is not found."""
    asked = request.GET.get("year")
    if asked is None:
        return plan.current_year()
    year = whole_number(asked)
    if year not in plan.year_starts:
        raise Http404("The plan has no such year.")
    return year


@require_safe
def service_plan_list(request):
    plan = current_plan()
    require(request.user, "list", ServicePlan)
    year = chosen_year(request, plan)
    return render(request, "service_plans/list.html", {
        "plan": plan, "year": year, "year_label": year_label(year), "years": plan.year_choices(),
        "service_plans": queries.service_plans_of(plan, year),
    })


@require_safe
def matrix(request):
    plan = current_plan()
    require(request.user, "list", ServiceAction)
    year = chosen_year(request, plan)
    return render(request, "service_plans/matrix.html", {
        "plan": plan, "year": year, "year_label": year_label(year), "years": plan.year_choices(),
        "matrix": queries.matrix(plan, year),
    })


def chosen(request, name: str, queryset):
    """The record picked in ``?name=pk``, None if none was; one that does not exist is
    not found."""
    asked = request.GET.get(name)
    if asked is None or asked == "":
        return None
    pk = whole_number(asked)
    if pk is None:
        raise Http404
    return get_object_or_404(queryset, pk=pk)


@require_safe
def action_list(request):
    """A year's actions, for a priority and a service area: a cell of the matrix."""
    plan = current_plan()
    require(request.user, "list", ServiceAction)
    year = chosen_year(request, plan)
    priority = chosen(request, "priority", plan.priorities.all())
    area = chosen(request, "service_area", ServiceArea.objects.all())
    return render(request, "service_plans/actions.html", {
        "plan": plan, "year": year, "year_label": year_label(year), "priority": priority,
        "service_area": area,
        "actions": queries.actions_of(plan, year, priority=priority, service_area=area),
    })


@require_safe
def service_plan_detail(request, pk):
    service_plan = get_object_or_403(
        request.user, ServicePlan.objects.select_related("plan", "service_area", "lead"), pk=pk)
    actions = queries.actions_of(service_plan.plan, service_plan.plan_year,
                                 service_area=service_plan.service_area)
    return render(request, "service_plans/service_plan.html", {
        "service_plan": service_plan, "actions": actions,
        "counts": queries.rag_counts(actions), "rag_order": RAG_ORDER,
    })


def action_add(request, pk):
    service_plan = get_object_or_403(
        request.user, ServicePlan.objects.select_related("plan", "service_area"),
        "add_action", pk=pk)
    form = ActionForm(sent(request), service_plan=service_plan)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(service_plan, request.user,
                                         priorities=form.cleaned_data["priorities"],
                                         **form.details())
        except services.ServicePlanError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"Action “{action}” has been added.")
            return redirect("service_plans:service-plan", pk=service_plan.pk)
    return render(request, "service_plans/action_form.html",
                  {"service_plan": service_plan, "form": form})


@require_safe
def action_detail(request, pk):
    action = get_object_or_403(
        request.user, ServiceAction.objects.select_related(
            "service_plan__service_area", "service_plan__plan", "service_plan__lead", "owner"),
        pk=pk)
    [rated] = queries.rate([action])
    return render(request, "service_plans/action.html", {
        "action": rated, "priorities": action.priorities.all(),
        "updates": action.updates.select_related("author"),
    })


def action_edit(request, pk):
    action = get_object_or_403(
        request.user, ServiceAction.objects.select_related("service_plan__plan",
                                                           "service_plan__service_area"),
        "change", pk=pk)
    service_plan = action.service_plan
    form = ActionForm(sent(request), service_plan=service_plan, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_action(action, request.user,
                                   seen_version=form.cleaned_data["version"],
                                   priorities=form.cleaned_data["priorities"], **form.details())
        except services.ServicePlanError as refusal:
            # Someone else saved first: show the action as it now is, with the message.
            action.refresh_from_db()
            form = ActionForm(service_plan=service_plan, action=action)
            form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([str(refusal)])})
        else:
            messages.success(request, "The action has been saved.")
            return redirect("service_plans:action", pk=action.pk)
    return render(request, "service_plans/action_form.html",
                  {"service_plan": service_plan, "form": form, "action": action})


def post_update(request, pk):
    action = get_object_or_403(request.user, ServiceAction.objects.select_related(
        "service_plan__service_area"), "post_update", pk=pk)
    form = UpdateForm(sent(request), action=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_update(action, request.user, progress=data["progress"],
                                 forecast=data["forecast"], commentary=data["commentary"],
                                 seen_version=data["version"])
        except services.ServicePlanError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "Your update has been posted.")
            return redirect("service_plans:action", pk=action.pk)
    return render(request, "service_plans/update_form.html", {"action": action, "form": form})
