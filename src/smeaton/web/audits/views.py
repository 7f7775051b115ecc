"""Case-file audits' pages. Every view checks the rule for its record before it acts;
reads come from queries.py and changes go through services.py."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_safe

from smeaton.web.accounts.child_level import may_see, record_read
from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.audits import queries, rules, services
from smeaton.web.audits.forms import (
    AcknowledgeForm,
    ChildActionForm,
    ConcernForm,
    DoneForm,
    TagForm,
    ThemeForm,
)
from smeaton.web.audits.models import Audit, ChildAction, Programme, Theme
from smeaton.web.forms import sent
from smeaton.web.risks.queries import record_id

# Findings: an audit's actions for the child, safeguarding concerns, themes and
# priorities; the themes list; the quality assurance dashboard.

FINDING_AUDITS = Audit.objects.select_related("sample__programme", "auditor", "moderator",
                                              "tool_version__tool", "moderation")


def finding_attempt(request, form, act: Callable, success: str):
    """Run the change if the form is valid: its result, or None with the refusal shown
    on the form (a record changed meanwhile takes the version now, so that sending the
    form again saves it)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except services.FindingError as refusal:
        form.add_error(refusal.field, str(refusal))
        return None
    messages.success(request, success)
    return result


def finding_form_page(request, form, *, audit: Audit, heading: str, button: str,
                      back_url: str, **extra):
    return render(request, "audits/findings/form.html", {
        "form": form, "audit": audit, "heading": heading, "button": button,
        "back_url": back_url, **extra})


def findings_url(audit_or_pk) -> str:
    return reverse("audits:findings", args=[getattr(audit_or_pk, "pk", audit_or_pk)])


@require_safe
def findings(request, pk):
    """What an audit found for the child: child-level, each view recorded."""
    audit = get_object_or_403(request.user, FINDING_AUDITS, "view_findings", pk=pk)
    record_read(request.user, audit, f"Findings of audit {audit.pk}")
    return render(request, "audits/findings/findings.html", {
        "audit": audit, **findings_context(request.user, audit)})


def findings_context(user, audit: Audit) -> dict:
    """What the findings section needs (audits/includes/findings.html), for the audit's
    own page too."""
    return {"actions": queries.actions_of(audit), "concerns": queries.concerns_of(audit),
            "themes": audit.themes.all(), "priorities": audit.priorities.all(),
            "can_add_action": can(user, "add_child_action", audit),
            "can_raise_concern": can(user, "raise_concern", audit),
            "can_tag": can(user, "tag", audit)}


def child_action_add(request, pk):
    audit = get_object_or_403(request.user, FINDING_AUDITS, "add_child_action", pk=pk)
    form = ChildActionForm(sent(request))
    action = finding_attempt(request, form, lambda data: services.add_child_action(
        audit, request.user, description=data["description"], owner=data["owner"],
        due=data["due"]), "The action for the child has been added.")
    if action:
        return redirect("audits:child-action", pk=action.pk)
    return finding_form_page(request, form, audit=audit, heading="Add an action for the child",
                             button="Add the action", back_url=findings_url(audit))


ACTION_RECORDS = ChildAction.objects.select_related("owner", "audit__sample__programme",
                                                    "audit__auditor")


@require_safe
def child_action(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, pk=pk)
    record_read(request.user, action, f"Action for the child of audit {action.audit_id}")
    [rated] = [a for a in queries.actions_of(action.audit) if a.pk == action.pk]
    return render(request, "audits/findings/action.html", {
        "action": rated, "audit": action.audit,
        "may_read_audit": can(request.user, "view_findings", action.audit)})


def child_action_done(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, pk=pk)
    if action.status == ChildAction.Status.DONE:
        messages.error(request, "This action is already recorded as done.")
        return redirect("audits:child-action", pk=action.pk)
    require(request.user, "complete", action)
    form = DoneForm(sent(request), initial={"version": action.version})
    done = finding_attempt(request, form, lambda data: services.complete_child_action(
        action, request.user, done_note=data["done_note"], done_on=data["done_on"],
        seen_version=data["version"]), "The action is recorded as done.")
    if done:
        return redirect("audits:child-action", pk=action.pk)
    return finding_form_page(request, form, audit=action.audit,
                             heading="Record that the action is done", button="Save",
                             back_url=reverse("audits:child-action", args=[action.pk]),
                             quote=action.description)


def concern_raise(request, pk):
    audit = get_object_or_403(request.user, FINDING_AUDITS, "raise_concern", pk=pk)
    form = ConcernForm(sent(request))
    contacts = services.contacts_for(audit)
    concern = finding_attempt(request, form, lambda data: services.raise_concern(
        audit, request.user, description=data["description"]),
        "The safeguarding concern has been raised, and its named contacts told: "
        + ", ".join(str(c) for c in contacts) + ".")
    if concern:
        return redirect("audits:concern", pk=concern.pk)
    return finding_form_page(request, form, audit=audit, heading="Raise a safeguarding concern",
                             button="Raise the concern", back_url=findings_url(audit),
                             contacts=contacts, urgent=True)


@require_safe
def concern(request, pk):
    found = get_object_or_403(request.user, queries.CONCERN_RECORDS, pk=pk)
    record_read(request.user, found, f"Safeguarding concern from audit {found.audit_id}")
    return render(request, "audits/findings/concern.html", {
        "concern": found, "audit": found.audit,
        "may_read_audit": can(request.user, "view_findings", found.audit)})


def concern_acknowledge(request, pk):
    found = get_object_or_403(request.user, queries.CONCERN_RECORDS, pk=pk)
    if found.acknowledged:
        messages.error(request, "What was done about this concern is already recorded.")
        return redirect("audits:concern", pk=found.pk)
    require(request.user, "acknowledge", found)
    form = AcknowledgeForm(sent(request))
    done = finding_attempt(request, form, lambda data: services.acknowledge_concern(
        found, request.user, response=data["response"]),
        "What was done has been recorded. The concern is no longer waiting for its named "
        "contacts.")
    if done:
        return redirect("audits:concern", pk=found.pk)
    return finding_form_page(request, form, audit=found.audit,
                             heading="Record what was done about the concern",
                             button="Save", back_url=reverse("audits:concern", args=[found.pk]),
                             quote=found.description)


def audit_tag(request, pk):
    audit = get_object_or_403(request.user, FINDING_AUDITS, "tag", pk=pk)
    form = TagForm(sent(request), audit=audit)
    tagged = finding_attempt(request, form, lambda data: services.tag_audit(
        audit, request.user, themes=data["themes"], priorities=data["priorities"],
        seen_version=data["version"]), "The audit's themes and priorities have been saved.")
    if tagged:
        return redirect(findings_url(audit))
    return finding_form_page(request, form, audit=audit,
                             heading="Learning themes and priorities", button="Save",
                             back_url=findings_url(audit))


@require_safe
def themes(request):
    require(request.user, "list", Theme)
    return render(request, "audits/findings/themes.html", {
        "themes": queries.themes_with_counts()})


def theme_add(request):
    require(request.user, "add", Theme)
    form = ThemeForm(sent(request))
    theme = finding_attempt(request, form, lambda data: services.add_theme(
        request.user, name=data["name"], description=data["description"]),
        "The theme has been added.")
    if theme:
        return redirect("audits:themes")
    return render(request, "audits/findings/theme_form.html", {
        "form": form, "heading": "Add a learning theme", "button": "Add the theme"})


def theme_edit(request, pk):
    theme = get_object_or_403(request.user, Theme, "change", pk=pk)
    form = ThemeForm(sent(request), theme=theme)
    saved = finding_attempt(request, form, lambda data: services.change_theme(
        theme, request.user, name=data["name"], description=data["description"],
        in_use=data["in_use"]), "The theme has been saved.")
    if saved:
        return redirect("audits:themes")
    return render(request, "audits/findings/theme_form.html", {
        "form": form, "theme": theme, "heading": "Rename or retire a theme", "button": "Save"})


@require_safe
def qa_dashboard(request):
    """Aggregate figures, no child named: everyone at the council. Small groups are
    hidden from those without child-level access."""
    if not request.user.has_perm(rules.QA_DASHBOARD):
        raise PermissionDenied
    programmes = Programme.objects.all()
    programme = programmes.filter(pk=record_id(request.GET.get("programme"))).first()
    period = request.GET.get("period", "12")
    period = period if period in queries.PERIODS else "12"
    since, until = queries.period_of(period)
    child_level = may_see(request.user)
    figures = queries.dashboard(since, until, programme, suppress_small=not child_level)
    return render(request, "audits/findings/dashboard.html", {
        "d": figures, "programmes": programmes, "programme": programme, "period": period,
        "periods": queries.PERIODS.items(), "child_level": child_level,
        "small": queries.SMALL, "illustrative": queries.any_illustrative(programme),
        "theme_model": Theme})
