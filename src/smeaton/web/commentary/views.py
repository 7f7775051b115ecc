"""The commentary pages: an indicator's commentary for a period (read, write, send for
sign-off, sign off or return) and the performance clinic. Every view checks the rule
before it acts; reads come from queries.py and changes go through services.py."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.commentary import queries, services
from smeaton.web.commentary.forms import CommentaryForm, DecisionForm, SubmitForm, seen_initial
from smeaton.web.commentary.models import Commentary, Status, Version
from smeaton.web.commentary.periods import Period, last_ended_quarter, recent
from smeaton.web.commentary.rules import owns, why_cannot_decide
from smeaton.web.forms import sent
from smeaton.web.performance import scorecard
from smeaton.web.performance.models import Area, Indicator


def chosen_period(slug: str | None) -> Period:
    """The period a page is asked for; the latest quarter that has ended if none."""
    if not slug:
        return last_ended_quarter(timezone.localdate())
    period = Period.from_slug(slug)
    if period is None:
        raise Http404("There is no such period.")
    return period


def period_choices(period: Period) -> list[Period]:
    choices = recent(timezone.localdate())
    return choices if period in choices else [period, *choices]


def commentary_of(request, slug: str, period: Period) -> tuple[Indicator, Commentary]:
    """The indicator and its commentary for the period (unsaved if there is none yet),
    once the person may work on it."""
    indicator = get_object_or_403(request.user, Indicator, "view", slug=slug)
    commentary = queries.commentary_for(indicator, period) or Commentary(
        indicator=indicator, period_kind=period.kind, period_end=period.end)
    require(request.user, "view", commentary)
    return indicator, commentary


def page_url(indicator, period: Period, version: int | None = None) -> str:
    url = reverse("commentary:commentary", kwargs={"slug": indicator.slug})
    return f"{url}?period={period.slug}" + (f"&version={version}" if version else "")


@require_safe
def commentary_page(request, slug):
    period = chosen_period(request.GET.get("period"))
    indicator, commentary = commentary_of(request, slug, period)
    versions = list(queries.versions(commentary if commentary.pk else None))
    latest = versions[0] if versions else None
    shown = next((v for v in versions if str(v.number) == request.GET.get("version")), latest)
    return render(request, "commentary/commentary.html", {
        "indicator": indicator, "period": period, "periods": period_choices(period),
        "commentary": commentary, "versions": versions, "latest": latest, "shown": shown,
        "state": queries.state_of(latest),
        "signed_off": next((v for v in versions if v.status == Status.SIGNED_OFF), None),
        "can_draft": can(request.user, "draft", commentary),
        "can_decide": latest is not None and can(request.user, "sign_off", latest),
        "submit_form": SubmitForm(initial=seen_initial(latest)),
    })


def edit(request, slug, period):
    period = chosen_period(period)
    indicator, commentary = commentary_of(request, slug, period)
    require(request.user, "draft", commentary)
    latest = queries.latest_version(commentary if commentary.pk else None)
    if latest and latest.status == Status.SUBMITTED:
        return render(request, "commentary/refused.html", {
            "indicator": indicator, "period": period, "problem": (
                "This version is awaiting sign-off, so it cannot be changed until its owner "
                "signs it off or returns it.")})
    initial = seen_initial(latest)
    if latest:
        initial |= {"shows": latest.shows, "why": latest.why, "action": latest.action,
                    "milestones": list(latest.milestones.all())}
    form = CommentaryForm(sent(request), initial=initial, indicator=indicator)
    if request.method == "POST" and form.is_valid():
        try:
            version = services.save_draft(indicator, period, request.user, form.parts(),
                                          seen=form.seen())
        except services.CommentaryError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"Version {version.number} has been saved as a draft."
                             if version.status == Status.DRAFT else
                             f"Version {version.number} has been saved.")
            return redirect(page_url(indicator, period))
    return render(request, "commentary/edit.html", {
        "indicator": indicator, "period": period, "form": form, "latest": latest})


@require_POST
def submit(request, slug, period):
    period = chosen_period(period)
    indicator, commentary = commentary_of(request, slug, period)
    require(request.user, "submit", Version)
    form = SubmitForm(request.POST)
    try:
        if not form.is_valid():
            raise services.CommentaryError(form.non_field_errors()[0])
        version = services.submit(indicator, period, request.user, seen=form.seen())
    except services.CommentaryError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, f"Version {version.number} has been sent for sign-off.")
    return redirect(page_url(indicator, period))


def decide(request, slug, period):
    period = chosen_period(period)
    indicator, commentary = commentary_of(request, slug, period)
    if not owns(request.user, indicator):
        raise PermissionDenied  # only the indicator's owner signs off its commentary
    latest = queries.latest_version(commentary if commentary.pk else None)
    problem = why_cannot_decide(request.user, latest) if latest else (
        "There is no commentary for this period yet")
    if problem:
        return render(request, "commentary/refused.html",
                      {"indicator": indicator, "period": period, "problem": problem + "."})
    form = DecisionForm(sent(request), initial=seen_initial(latest))
    if request.method == "POST" and form.is_valid():
        try:
            record = decision(request, indicator, period, form)
        except services.CommentaryError as refusal:
            form.add_error(refusal.field, str(refusal))
        else:
            messages.success(request, f"Version {record.number} has been "
                             + ("signed off." if record.status == Status.SIGNED_OFF
                                else "returned with your comment."))
            return redirect(page_url(indicator, period))
    return render(request, "commentary/decide.html", {
        "indicator": indicator, "period": period, "form": form, "version": latest})


def decision(request, indicator, period, form) -> Version:
    if form.cleaned_data["decision"] == DecisionForm.SIGN_OFF:
        return services.sign_off(indicator, period, request.user, seen=form.seen())
    return services.return_version(indicator, period, request.user, seen=form.seen(),
                                   comment=form.cleaned_data["comment"])


@require_safe
def clinic(request):
    require(request.user, "list", Commentary)
    period = chosen_period(request.GET.get("period"))
    try:
        comparators = scorecard.Comparators.of()
    except Area.DoesNotExist:
        raise Http404("No published statistics have been loaded yet.") from None
    rows = scorecard.build(Indicator.objects.all(), comparators)
    return render(request, "commentary/clinic.html", {
        "period": period, "periods": period_choices(period), "comparators": comparators,
        "listed": queries.clinic(period, rows),
    })
