"""The partnership plan's pages. Every view checks the rule for its record before it
acts; reads come from queries.py and changes go through services.py."""

from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS
from django.forms.utils import ErrorDict
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from smeaton.web.accounts.permissions import get_object_or_403, require
from smeaton.web.forms import sent
from smeaton.web.partnership import queries, services
from smeaton.web.partnership.forms import ActionForm, UpdateForm
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan, SharedPriority
from smeaton.web.plan.queries import RAG_ORDER, current_plan


@require_safe
def partnership_plan(request):
    require(request.user, "list", PartnershipPlan)
    found = queries.partnership_plan_of(current_plan())
    context = {"partnership_plan": found, "rag_order": RAG_ORDER}
    if found is not None:
        actions = queries.actions_of(found)
        organisation = request.user.organisation
        context |= {
            "shared_priorities": queries.shared_priorities_of(found, actions),
            "by_organisation": queries.counts_by_organisation(actions),
            "organisation": organisation,
            "ours_caption": f"Actions {organisation} owns" if organisation else "",
            "ours": [a for a in actions if organisation and a.organisation_id == organisation.pk],
        }
    return render(request, "partnership/partnership_plan.html", context)


ACTION_RECORDS = PartnerAction.objects.select_related(
    "shared_priority__partnership_plan__plan", "organisation", "owner")


@require_safe
def action_detail(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, pk=pk)
    [rated] = queries.rate([action])
    return render(request, "partnership/action.html", {
        "action": rated, "priorities": action.shared_priority.priorities.all(),
        "updates": action.updates.select_related("author"),
    })


def action_add(request, pk):
    shared_priority = get_object_or_403(
        request.user, SharedPriority.objects.select_related("partnership_plan__plan"),
        "add_action", pk=pk)
    partnership_plan = shared_priority.partnership_plan
    form = ActionForm(sent(request), partnership_plan=partnership_plan)
    if request.method == "POST" and form.is_valid():
        try:
            action = services.add_action(shared_priority, request.user, **form.details())
        except services.PartnershipError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"Action “{action}” has been added.")
            return redirect("partnership:action", pk=action.pk)
    return render(request, "partnership/action_form.html",
                  {"shared_priority": shared_priority, "form": form})


def action_edit(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, "change", pk=pk)
    partnership_plan = action.shared_priority.partnership_plan
    form = ActionForm(sent(request), partnership_plan=partnership_plan, action=action)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_action(action, request.user,
                                   seen_version=form.cleaned_data["version"], **form.details())
        except services.PartnershipError as refusal:
            if refusal.field:
                form.add_error(refusal.field, str(refusal))
            else:
                # Someone else saved first: show the action as it now is, with the message.
                action.refresh_from_db()
                form = ActionForm(partnership_plan=partnership_plan, action=action)
                form._errors = ErrorDict({NON_FIELD_ERRORS: form.error_class([str(refusal)])})
        else:
            messages.success(request, "The action has been saved.")
            return redirect("partnership:action", pk=action.pk)
    return render(request, "partnership/action_form.html", {
        "shared_priority": action.shared_priority, "form": form, "action": action})


def post_update(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, "post_update", pk=pk)
    form = UpdateForm(sent(request), action=action)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.post_update(action, request.user, progress=data["progress"],
                                 forecast=data["forecast"], commentary=data["commentary"],
                                 seen_version=data["version"])
        except services.PartnershipError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, "Your update has been posted.")
            return redirect("partnership:action", pk=action.pk)
    return render(request, "partnership/update_form.html", {"action": action, "form": form})
