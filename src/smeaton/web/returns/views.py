"""The returns pages: every load, uploading a batch, a load's progress and its problem
report. Every view checks the rule for its record first; reads come from queries.py and
changes go through services.py. The problem report quotes the returns' cells, so every
view and download of it is recorded (accounts/child_level.py)."""

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from smeaton.web.accounts.child_level import record_read
from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.forms import sent
from smeaton.web.returns import archives, exports, queries, services
from smeaton.web.returns.forms import ProblemFilterForm, UploadForm
from smeaton.web.returns.models import Load

PER_PAGE = 100
REFRESH_SECONDS = 3  # how often the progress page looks again while a load runs


@require_safe
def loads(request):
    require(request.user, "list", Load)
    return render(request, "returns/loads.html", {
        "loads": queries.loads_for(request.user), "may_upload": can(request.user, "add", Load)})


def upload(request):
    require(request.user, "add", Load)
    form = UploadForm(sent(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        load = services.submit(request.user, data["files"], la_code=data["la_code"],
                               year=data["year"])
        messages.success(request, f"{load} is queued: this page shows how it goes.")
        return redirect("returns:load", pk=load.pk)
    return render(request, "returns/upload.html", {
        "form": form, "max_mb": settings.RETURNS_MAX_FILE_MB, "max_members": archives.MAX_MEMBERS,
        "max_files": settings.RETURNS_MAX_FILES})


@require_safe
def load_detail(request, pk):
    load = get_object_or_403(request.user, Load.objects.select_related("uploaded_by"), pk=pk)
    context = {"load": load, "refresh": REFRESH_SECONDS, "now": timezone.now()}
    if request.headers.get("HX-Request"):  # the progress panel, looked at again
        response = render(request, "returns/includes/progress.html", context)
        if load.finished:  # the whole page, with what was stored and every problem
            response["HX-Refresh"] = "true"
        return response
    return render(request, "returns/load.html", context | {
        "files": load.files.all(), "tables": load.tables.all(),
        # Kinds of problem quote the returns' words, so they are child-level too.
        "kinds": queries.by_kind(load) if load.finished and can(
            request.user, "view_problems", load) else []})


def _report(request, pk):
    load = get_object_or_403(request.user, Load.objects.select_related("uploaded_by"),
                             "view_problems", pk=pk)
    form = ProblemFilterForm(request.GET, queries.choices(load))
    chosen = form.chosen()
    return load, form, chosen, queries.problems(load, chosen)


@require_safe
@never_cache  # child-level: kept by no cache
def problems(request, pk):
    load, form, chosen, found = _report(request, pk)
    page = Paginator(found, PER_PAGE).get_page(request.GET.get("page"))
    record_read(request.user, load, f"Problem report of {load}, page {page.number}",
                filters=chosen)
    # Paging keeps the filters and the rules' sort; a sort heading keeps the filters, and
    # the filter form the sort.
    query = request.GET.copy()
    query.pop("page", None)
    filters = query.copy()
    ordering = {name: filters.pop(name)[-1] for name in ("sort", "order") if name in filters}
    sort = request.GET.get("sort", "rows")
    sort = sort if sort in queries.RULE_SORTS else "rows"
    descending = request.GET.get("order", "descending") != "ascending"
    return render(request, "returns/problems.html", {
        "load": load, "form": form, "chosen": chosen, "page": page,
        "pages": page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1),
        "kinds": queries.by_kind(load), "query": query.urlencode(),
        "filters": filters.urlencode(), "ordering": ordering,
        "ordering_query": urlencode(ordering),
        "described": described(chosen),
        "rule_results": (results := queries.rule_results(load, sort, descending)),
        "several_years": len({result.year for result in results}) > 1,
        "rules_clear": queries.rules_clear(load), "sort": sort, "descending": descending,
        "rule_columns": RULE_COLUMNS})


# The summary by rule's columns: (sort key, heading, numeric).
RULE_COLUMNS = (("rule", "Rule", False), ("severity", "Severity", False),
                ("rows", "Rows", True), ("children", "Children", True),
                ("not_checked", "Rows not checked", True))


@require_safe
@never_cache  # child-level: kept by no cache
def problems_export(request, pk, file_format):
    load, _, chosen, found = _report(request, pk)
    record_read(request.user, load, f"Problem report of {load}", filters=chosen,
                file_format=file_format)
    stem = f"problems-load-{load.pk}"
    if file_format == "csv":
        response = HttpResponse(exports.as_csv(found), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.as_xlsx(load, found, described(chosen)),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="{stem}.{file_format}"'
    return response


def described(chosen: dict[str, str]) -> str:
    """The filters chosen, in words: "Every problem", or "Problems where file is ..."."""
    if not chosen:
        return "Every problem"
    return "Problems where " + " and ".join(f"{name} is {value}"
                                            for name, value in chosen.items())
