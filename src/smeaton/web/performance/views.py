"""The performance pages: the scorecard, its exports, and one page per indicator."""

import math

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from smeaton.analytics.indicators import OWN
from smeaton.analytics.measures.equalities import FEWEST_TO_FLAG
from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.forms import sent, whole_number
from smeaton.web.performance import charts, exports, extensions, own_figures, scorecard
from smeaton.web.performance.forms import DfeToleranceForm, LinksForm, TargetForm
from smeaton.web.performance.models import Area, Indicator, PublishedLoad, Target
from smeaton.web.plan.extensions import sections_for
from smeaton.web.plan.models import Priority
from smeaton.web.plan.queries import plan_in_force
from smeaton.web.returns.models import Load


def comparators_or_404() -> scorecard.Comparators:
    try:
        return scorecard.Comparators.of()
    except Area.DoesNotExist:
        raise Http404("No published statistics have been loaded yet.") from None


def filtered(request):
    """The indicators the scorecard shows, and the priority chosen to filter them by."""
    plan = plan_in_force()
    priorities = list(Priority.objects.filter(plan=plan).order_by("number")) if plan else []
    chosen = next((p for p in priorities if str(p.pk) == request.GET.get("priority")), None)
    indicators = Indicator.objects.all()
    if chosen:
        indicators = indicators.filter(priorities=chosen)
    return indicators, priorities, chosen


@require_safe
def scorecard_page(request):
    require(request.user, "list", Indicator)
    comparators = comparators_or_404()
    indicators, priorities, chosen = filtered(request)
    rows = scorecard.build(indicators, comparators, viewer=request.user)
    notes = extensions.notes_for(row.indicator for row in rows)
    for row in rows:
        row.sparkline = charts.published_sparkline(row)
        row.own_sparkline = charts.own_sparkline(row)
        row.note = notes.get(row.indicator.pk)
    return render(request, "performance/scorecard.html", {
        "rows": rows, "comparators": comparators, "priorities": priorities, "chosen": chosen,
        "query": request.GET.urlencode(), "last_load": PublishedLoad.objects.first(),
        "illustrative_targets": any(row.target and row.target.illustrative for row in rows),
    })


@require_safe
def scorecard_export(request, file_format):
    require(request.user, "list", Indicator)
    comparators = comparators_or_404()
    indicators, _, chosen = filtered(request)
    rows = scorecard.build(indicators, comparators, viewer=request.user)
    stem = f"scorecard-{comparators.council.code}-{timezone.localdate():%Y-%m-%d}"
    if chosen:
        stem += f"-priority-{chosen.number}"
    if file_format == "csv":
        response = HttpResponse(exports.as_csv(rows, comparators),
                                content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(rows, comparators),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


@require_safe
def measures_page(request):
    """The indicators Smeaton computes from the council's own returns, or keeps from what
    is recorded in it: how each is counted, and how DfE's published figure differs."""
    require(request.user, "list", Indicator)
    sources = {}
    for indicator in OWN:
        sources.setdefault(indicator.own.heading, []).append(indicator)
    return render(request, "performance/measures.html", {"sources": sources.items()})


@require_safe
def indicator_detail(request, slug):
    indicator = get_object_or_403(request.user, Indicator, "view", slug=slug)
    comparators = comparators_or_404()
    (row,) = scorecard.build([indicator], comparators, viewer=request.user)
    # Best first by rank; neighbours with no figure (so no rank) last.
    neighbours = sorted(comparators.neighbours, key=lambda area: (
        row.standings[area.pk].rank if area.pk in row.standings else math.inf))
    return render(request, "performance/indicator.html", {
        "row": row, "indicator": indicator, "comparators": comparators,
        "chart": charts.trend_chart(row) if row.years else "",
        "neighbours": neighbours,
        "targets": indicator.targets.order_by("-year"),
        "priorities": indicator.priorities.order_by("number"),
        "outcomes": indicator.outcomes.select_related("priority"),
        "last_load": PublishedLoad.objects.first(),
        "sections": sections_for(extensions.indicator_sections, indicator),
        **own_figures_context(request, indicator),
    })


def own_figures_context(request, indicator) -> dict:
    """The council's own figures for an indicator's page, as this person may see them."""
    hide_small = own_figures.suppressed_for(request.user)
    own = own_figures.for_indicator(
        indicator.definition, {target.year: target for target in indicator.targets.all()},
        request.GET.get("period"), hide_small)
    if own is None:
        return {"own": None}
    return {"own": own, "own_chart": charts.own_chart(own.monthly, own.targets),
            "show_children": not hide_small}


@require_safe
def equalities_page(request):
    """Every group whose figure differs from the whole's, for one month end."""
    require(request.user, "list", Indicator)
    hide_small = own_figures.suppressed_for(request.user)
    kept = own_figures.periods()
    period = own_figures.chosen(request.GET.get("period"), kept)
    found = (own_figures.disparities(hide_small, period.period_end)
             if period.period_end else [])
    by_indicator: dict[str, list[own_figures.Disparity]] = {}
    for disparity in found:  # in the registry's order
        by_indicator.setdefault(disparity.definition.slug, []).append(disparity)
    return render(request, "performance/equalities.html", {
        "period": period, "periods": kept, "by_indicator": list(by_indicator.values()),
        "show_children": not hide_small, "fewest_to_flag": FEWEST_TO_FLAG,
        "may_upload": can(request.user, "add", Load),
    })


def target_edit(request, slug):
    indicator = get_object_or_403(request.user, Indicator, "set_target", slug=slug)
    comparators = comparators_or_404()
    (row,) = scorecard.build([indicator], comparators)
    latest = row.latest_year or timezone.localdate().year
    years = list(range(latest - 1, latest + 4))
    year = whole_number(request.GET.get("year"))
    if year not in years:
        year = latest
    existing = Target.objects.filter(indicator=indicator, year=year).first()
    form = TargetForm(sent(request), instance=existing, indicator=indicator,
                      years=years, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        target, _ = Target.objects.update_or_create(
            indicator=indicator, year=form.cleaned_data["year"],
            defaults={"value": form.cleaned_data["value"],
                      "tolerance": form.cleaned_data["tolerance"], "illustrative": False})
        messages.success(request, f"Target for {row.label(target.year)} saved.")
        return redirect("performance:indicator", slug=slug)
    return render(request, "performance/target_form.html",
                  {"form": form, "indicator": indicator, "row": row})


def dfe_tolerance_edit(request, slug):
    """How far the council's own figure for a year may be from DfE's before it is flagged."""
    indicator = get_object_or_403(request.user, Indicator, "set_dfe_tolerance", slug=slug)
    definition = indicator.definition
    if not (definition.published and definition.computed):
        raise Http404("Only an indicator both published by DfE and computed from the "
                      "council's returns has two figures to compare.")
    form = DfeToleranceForm(sent(request), instance=indicator)
    if request.method == "POST" and form.is_valid():
        indicator._change_reason = form.change_reason()
        form.save()
        messages.success(request, "Tolerance against DfE's figure saved.")
        return redirect("performance:indicator", slug=slug)
    return render(request, "performance/dfe_tolerance_form.html",
                  {"form": form, "indicator": indicator})


def describe_links(indicator) -> str:
    priorities = [f"priority {p.number}" for p in indicator.priorities.order_by("number")]
    outcomes = [f"outcome \u201c{o.title}\u201d" for o in indicator.outcomes.all()]
    return "; ".join(priorities + outcomes)


def links_edit(request, slug):
    indicator = get_object_or_403(request.user, Indicator, "link", slug=slug)
    plan = plan_in_force()
    if plan is None:
        raise Http404("No plan has been set up yet.")
    form = LinksForm(sent(request), instance=indicator, plan=plan)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
            # The history keeps links as a set; the reason says what they became.
            indicator._change_reason = "Linked to " + (describe_links(indicator) or "nothing")
            indicator.save()
        messages.success(request, "Links to the plan saved.")
        return redirect("performance:indicator", slug=slug)
    return render(request, "performance/links_form.html", {"form": form, "indicator": indicator})
