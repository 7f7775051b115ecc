"""The voice of children and families' pages. Every view checks the rule for its record
before it acts; reads come from queries.py and changes go through services.py."""

import csv
import io
from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_safe

from smeaton.analytics.spreadsheet import safe_row
from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.forms import sent
from smeaton.web.plan.models import Priority
from smeaton.web.voice import queries, services, survey_csv
from smeaton.web.voice.forms import (
    FeedbackForm,
    ImportForm,
    PageForm,
    PlainWordsForm,
    PublishForm,
    SurveyForm,
    YouSaidForm,
)
from smeaton.web.voice.models import (
    Feedback,
    PlainWords,
    Survey,
    YoungPeoplesPage,
    YouSaidWeDid,
)


def attempt(request, form, act: Callable, success: str, record=None):
    """Run the change if the form is valid: its result, or None with the refusal shown
    on the form. A change refused because someone else saved the record first keeps
    what the person typed, and takes the record's version now, so that sending it again
    saves it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except services.VoiceError as refusal:
        form.add_error(refusal.field, str(refusal))
        if refusal.field is None and record is not None and record.pk is not None:
            record.refresh_from_db(fields=["version"])
            form.data = form.data.copy()
            form.data["version"] = record.version
        return None
    messages.success(request, success)
    return result


@require_safe
def index(request):
    """The section's front page: the parts this person may read."""
    return render(request, "voice/index.html", {
        "reads_feedback": can(request.user, "list", Feedback),
        "reads_surveys": can(request.user, "list", Survey),
        "keeps": can(request.user, "add", Feedback),
        "page": YoungPeoplesPage.the_page()})


# Feedback


@require_safe
def feedback_list(request):
    require(request.user, "list", Feedback)
    filters = queries.FeedbackFilters.from_query(request.GET)
    records = list(queries.feedback(filters))
    return render(request, "voice/feedback_list.html", {
        "records": records, "filters": filters, "can_add": can(request.user, "add", Feedback),
        "illustrative": any(r.illustrative for r in records),
        **queries.feedback_filter_choices()})


@require_safe
def feedback_detail(request, pk):
    record = get_object_or_403(request.user, Feedback.objects.select_related("recorded_by"),
                               pk=pk)
    return render(request, "voice/feedback.html", {
        "record": record, "entries": record.you_said_we_did.all()})


def feedback_add(request):
    require(request.user, "add", Feedback)
    form = FeedbackForm(sent(request))
    record = attempt(request, form, lambda data: services.record_feedback(
        request.user, **form.details(), **form.links()), "The feedback has been recorded.")
    if record:
        return redirect("voice:feedback", pk=record.pk)
    return render(request, "voice/feedback_form.html", {"form": form})


def feedback_edit(request, pk):
    record = get_object_or_403(request.user, Feedback, "change", pk=pk)
    form = FeedbackForm(sent(request), feedback=record)
    saved = attempt(request, form, lambda data: services.change_feedback(
        record, request.user, seen_version=data["version"], **form.details(),
        **form.links()), "The feedback has been saved.", record)
    if saved:
        return redirect("voice:feedback", pk=record.pk)
    return render(request, "voice/feedback_form.html", {"form": form, "record": record})


# Surveys


@require_safe
def survey_list(request):
    require(request.user, "list", Survey)
    return render(request, "voice/surveys.html", {
        "surveys": queries.surveys(), "can_add": can(request.user, "add", Survey)})


def survey_add(request):
    require(request.user, "add", Survey)
    form = SurveyForm(sent(request))
    survey = attempt(request, form, lambda data: services.add_survey(
        request.user, name=data["name"], description=data["description"]),
        "The survey has been added. Import its results next.")
    if survey:
        return redirect("voice:survey", pk=survey.pk)
    return render(request, "voice/form.html", {
        "form": form, "heading": "Add a survey", "button": "Add the survey",
        "back_url": "voice:surveys"})


@require_safe
def survey_detail(request, pk):
    survey = get_object_or_403(request.user, Survey, pk=pk)
    results = queries.survey_results(survey, request.GET.get("period"))
    return render(request, "voice/survey.html", {
        "survey": survey, "results": results,
        "imports": survey.imports.select_related("imported_by"),
        "can_import": can(request.user, "import", survey),
        "rows": [{"row": row, "change": queries.change_in_words(row),
                  "comparison": queries.comparison_in_words(row)} for row in results.rows]})


@require_safe
def survey_export(request, pk):
    """A period's results as CSV, suppressed as on the page."""
    survey = get_object_or_403(request.user, Survey, pk=pk)
    results = queries.survey_results(survey, request.GET.get("period"))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(["question", "measure", "period", "group", "number_responding",
                     "percentage", "previous_period", "previous_percentage",
                     "change_in_points", "comparison", "comparison_name"])
    for row in results.rows:
        writer.writerow(safe_row([
            row.question, row.measure, results.period, row.group,
            queries.FEWER_THAN_5 if row.suppressed else row.responding,
            queries.FEWER_THAN_5 if row.suppressed else row.percentage,
            row.previous_period or "",
            queries.FEWER_THAN_5 if row.previous_suppressed else (
                "" if row.previous is None else row.previous),
            "" if row.change is None else row.change,
            "" if row.comparison is None else row.comparison, row.comparison_name]))
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="survey-{survey.pk}-{results.period or "none"}.csv"')
    return response


@require_safe
def survey_template(request):
    require(request.user, "list", Survey)
    response = HttpResponse(survey_csv.template(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="survey-results-template.csv"'
    return response


def survey_import(request, pk):
    survey = get_object_or_403(request.user, Survey, "import", pk=pk)
    form = ImportForm(sent(request), request.FILES if request.method == "POST" else None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            imported = services.import_results(survey, request.user, file_name=upload.name,
                                               content=upload.read())
        except services.ImportRefused as refused:
            form.add_error("file", str(refused))
            problems = refused.problems
        else:
            messages.success(request, f"{imported.rows} results have been imported from "
                                      f"{imported.file_name}.")
            return redirect("voice:survey", pk=survey.pk)
    return render(request, "voice/survey_import.html", {
        "survey": survey, "form": form, "problems": problems,
        "columns": survey_csv.COLUMNS})


# You said, we did


@require_safe
def you_said_list(request):
    require(request.user, "list", YouSaidWeDid)
    priority = queries.record_id(request.GET.get("priority"))
    entries = list(queries.you_said_we_did(priority))
    return render(request, "voice/you_said_list.html", {
        "entries": entries, "priority": priority, "priorities": queries.plan_priorities(),
        "can_add": can(request.user, "add", YouSaidWeDid),
        "reads_feedback": can(request.user, "list", Feedback),
        "illustrative": any(e.illustrative for e in entries)})


@require_safe
def you_said_detail(request, pk):
    entry = get_object_or_403(request.user, queries.you_said_we_did(), pk=pk)
    return render(request, "voice/you_said.html", {
        "entry": entry, "reads_feedback": can(request.user, "list", Feedback)})


def you_said_add(request):
    require(request.user, "add", YouSaidWeDid)
    form = YouSaidForm(sent(request))
    entry = attempt(request, form, lambda data: services.add_you_said(
        request.user, **form.details(), **form.links()), "The entry has been added.")
    if entry:
        return redirect("voice:you-said", pk=entry.pk)
    return render(request, "voice/you_said_form.html", {"form": form})


def you_said_edit(request, pk):
    entry = get_object_or_403(request.user, YouSaidWeDid, "change", pk=pk)
    form = YouSaidForm(sent(request), entry=entry)
    saved = attempt(request, form, lambda data: services.change_you_said(
        entry, request.user, seen_version=data["version"], links=form.links(),
        **form.details()), "The entry has been saved.", entry)
    if saved:
        return redirect("voice:you-said", pk=entry.pk)
    return render(request, "voice/you_said_form.html", {"form": form, "entry": entry})


# The young people's page


@login_not_required
@require_safe
def young_people(request):
    """The plan for children and young people. Published, anyone may read it without
    signing in; until then it is found by nobody signed out, and those signed in see a
    preview under a banner saying it is not published."""
    view = queries.young_peoples_view()
    if not view.page.published and not request.user.is_authenticated:
        raise Http404("The young people's page is not published.")
    signed_in = request.user.is_authenticated
    return render(request, "voice/young_people.html", {
        "view": view, "preview": not view.page.published, "signed_in": signed_in,
        "can_change": signed_in and can(request.user, "change", view.page),
        "illustrative": any(p.words.illustrative for p in view.priorities)})


@require_safe
def words_list(request):
    require(request.user, "change", YoungPeoplesPage)
    page = YoungPeoplesPage.the_page()
    return render(request, "voice/words_list.html", {
        "priorities": queries.plain_words_by_priority(), "page": page,
        "can_publish": can(request.user, "publish", YoungPeoplesPage)})


def words_edit(request, pk):
    priority = get_object_or_404(Priority.objects.filter(pk__in=queries.plan_priorities()),
                                 pk=pk)
    words = PlainWords.objects.filter(priority=priority).first()
    require(request.user, "change", words or PlainWords)
    form = PlainWordsForm(sent(request), words=words)
    saved = attempt(request, form, lambda data: services.save_plain_words(
        priority, request.user, seen_version=data.get("version"), **form.details()),
        "The words for young people have been saved.", words)
    if saved:
        return redirect("voice:words")
    return render(request, "voice/form.html", {
        "form": form, "heading": "Words for young people", "button": "Save the words",
        "caption": str(priority), "back_url": "voice:words",
        "intro": priority.description})


def page_edit(request):
    page = YoungPeoplesPage.the_page()
    require(request.user, "change", page)
    form = PageForm(sent(request), page=page)
    saved = attempt(request, form, lambda data: services.change_page(
        request.user, seen_version=data.get("version"),
        introduction=data["introduction"]), "The introduction has been saved.", page)
    if saved:
        return redirect("voice:words")
    return render(request, "voice/form.html", {
        "form": form, "heading": "Introduction to the young people's page",
        "button": "Save the introduction", "back_url": "voice:words"})


def page_publish(request):
    page = YoungPeoplesPage.the_page()
    require(request.user, "publish", page)
    form = PublishForm(sent(request), page=page)
    done = attempt(request, form, lambda data: services.publish_page(
        request.user, seen_version=data.get("version"), published=not page.published),
        "The young people's page has been taken down." if page.published else
        "The young people's page is published: anyone can read it without signing in.",
        page)
    if done:
        return redirect("voice:words")
    return render(request, "voice/publish.html", {"form": form, "page": page})
