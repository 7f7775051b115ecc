"""The children behind a figure, its downloads, and re-identifying one child.

Every view asks the rule first (child-level access: children/rules.py), so everyone
else is refused (403) before anything is read; every view and download of a list, and
every re-identification, is recorded (accounts/child_level.py); and no response is kept
by any cache (never_cache: Cache-Control no-store, private), so nothing child-level
outlives the request or the permission."""

from functools import wraps
from urllib.parse import urlencode

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from smeaton.analytics.privacy import KeyProblem
from smeaton.web.accounts.child_level import record_read
from smeaton.web.children import listing, queries, services
from smeaton.web.children.forms import TOKEN, FigureForm, ReasonForm
from smeaton.web.children.rules import LIST_CHILDREN, REIDENTIFY_CHILD

PER_PAGE = 200  # rows a page: a list of 30,000 attendance enrolments is 150 pages
FIGURE_FIELDS = ("indicator", "period", "group")


def child_level(permission: str):
    """Refuse (403) anyone without the permission, before anything else: whatever the
    method, someone without child-level access learns nothing, not even which methods a
    page takes."""

    def decorate(view):
        @wraps(view)
        def checked(request, *args, **kwargs):
            if not request.user.has_perm(permission):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return checked

    return decorate


def _figure_form(data) -> FigureForm:
    return FigureForm(data if any(data.get(name) for name in FIGURE_FIELDS) else None)


@child_level(LIST_CHILDREN)
@require_safe
@never_cache  # child-level: kept by no cache
def children(request):
    form = _figure_form(request.GET)
    context = {"form": form}
    if form.is_bound and form.is_valid():
        context |= _listed(request, form.figure())
    return render(request, "children/children.html", context)


def _listed(request, figure: queries.Figure) -> dict:
    behind = queries.children(figure)
    page = Paginator(behind.rows, PER_PAGE).get_page(request.GET.get("page"))
    record_read(request.user, figure.indicator, f"Children behind {figure}, page {page.number}",
                filters=figure.filters)
    wanted = listing.columns(behind)
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "figure": figure, "behind": behind, "columns": wanted, "page": page,
        "rows": zip(page.object_list, listing.table_rows(wanted, page.object_list),
                    strict=True),
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "children_count": len({row["child"] for row in behind.rows}),
        "computed": queries.figure_row(figure), "note": queries.coverage(figure.measure,
                                                                         figure.period),
        "query": query.urlencode(), "illustrative": queries.illustrative()}


@child_level(LIST_CHILDREN)
@require_safe
@never_cache  # child-level: kept by no cache
def children_export(request, file_format):
    form = _figure_form(request.GET)
    if not (form.is_bound and form.is_valid()):
        # The list page says what is wrong with the choices.
        return redirect(f"{reverse('children:children')}?{request.GET.urlencode()}")
    figure = form.figure()
    behind = queries.children(figure)
    record_read(request.user, figure.indicator, f"Children behind {figure}",
                filters=figure.filters, file_format=file_format)
    stem = f"children-{figure.indicator.slug}-{figure.period}"
    if file_format == "csv":
        response = HttpResponse(listing.as_csv(behind), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            listing.as_xlsx(behind, str(figure)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


@child_level(REIDENTIFY_CHILD)
@child_level(LIST_CHILDREN)  # only a child on a list one may see
@require_http_methods(["GET", "HEAD", "POST"])
@never_cache  # the council's identifier for a child: kept by no cache
def reidentify(request):
    data = request.POST if request.method == "POST" else request.GET
    figure_form = _figure_form(data)
    if not (figure_form.is_bound and figure_form.is_valid()):
        return redirect("children:children")
    figure = figure_form.figure()
    form = ReasonForm(request.POST if request.method == "POST" else None,
                      initial={"child": request.GET.get("child", "")})
    context = {"figure": figure, "form": form, "query": _figure_query(figure)}
    if request.method == "POST" and form.is_valid():
        token = form.cleaned_data["child"]
        if not any(row["child"] == token for row in queries.children(figure).rows):
            form.not_behind()
        else:
            return _identified(request, figure, token, form.cleaned_data["reason"], context)
    return render(request, "children/reidentify.html", context | {
        "child": form["child"].value() if TOKEN.fullmatch(form["child"].value() or "") else ""})


def _identified(request, figure, token, reason, context):
    try:
        found = services.reidentify(request.user, figure, token, reason)
    except KeyProblem:
        return render(request, "children/reidentify.html", context | {
            "child": token, "unavailable": True}, status=503)
    # Shown on this page once: not in a URL, not kept by any cache.
    return render(request, "children/identified.html", context | {
        "child": token, "identifier": found})


def _figure_query(figure: queries.Figure) -> str:
    return urlencode({name: value for name, value in figure.filters.items() if value})
