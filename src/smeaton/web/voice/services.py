"""What people do to the voice of children and families, each as one atomic, audited step.

Views call these after checking permission; these check the records' state (a record
someone else has just changed, a date in the future, a survey file with a problem) and
refuse with a ``VoiceError`` whose message is written for the person who tried.
"""

from datetime import date, datetime

from django.db import transaction
from django.db.models import Model
from django.db.models.functions import Lower
from django.utils import timezone

from smeaton.web.audit.models import attribute
from smeaton.web.plan.models import Priority
from smeaton.web.voice import survey_csv
from smeaton.web.voice.models import (
    Feedback,
    PlainWords,
    Survey,
    SurveyImport,
    SurveyResult,
    Theme,
    YoungPeoplesPage,
    YouSaidWeDid,
)

FEEDBACK_DETAILS = ("kind", "source", "received_on", "from_whom", "summary", "illustrative")
YOU_SAID_DETAILS = ("you_said", "we_did", "done_by", "done_on", "for_young_people",
                    "illustrative")
PLAIN_WORDS_DETAILS = ("title", "summary", "questions")

CHANGED_ELSEWHERE = ("Someone else changed this {kind} while you were working on it, so your "
                     "change was not saved. Check it as it is now, then make your change "
                     "again")
KINDS = {Feedback: "feedback", YouSaidWeDid: "entry", PlainWords: "text",
         YoungPeoplesPage: "page"}


class VoiceError(Exception):
    """A request the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class ImportRefused(VoiceError):
    """A survey file with problems: nothing of it was stored."""

    def __init__(self, problems: list[survey_csv.Problem]):
        count = len(problems)
        super().__init__(f"The file was not imported: it has {count} "
                         f"problem{'s' if count != 1 else ''}. Nothing from it was stored",
                         field="file")
        self.problems = problems


def _lock(model: type[Model], pk: int, seen_version: int | None):
    """The record as it is now, locked until the change commits; refused if someone else
    changed it since the person saw ``seen_version``, so no one's change is lost."""
    record = model.objects.select_for_update().get(pk=pk)
    if seen_version is not None and record.version != seen_version:
        raise VoiceError(CHANGED_ELSEWHERE.format(kind=KINDS[model]))
    return record


def _not_in_future(day: date, field: str, what: str) -> None:
    if day > timezone.localdate():
        raise VoiceError(f"{what} must be today or in the past", field=field)


def _set_links(record: Model, links: dict) -> None:
    """Set a record's links; their history is a version of the record of its own."""
    record.__dict__.pop("_change_reason", None)
    for name, values in links.items():
        if values is not None:
            getattr(record, name).set(values)


def themes_named(names) -> list[Theme]:
    """The themes with these names, added if new (matched whatever their capitals)."""
    themes = []
    for name in dict.fromkeys(n.strip() for n in names if n.strip()):
        theme = (Theme.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).first()
                 or Theme.objects.get_or_create(name=name)[0])
        themes.append(theme)
    return themes


@transaction.atomic
def record_feedback(by, *, themes=(), new_themes=(), priorities=(),
                    at: datetime | None = None, **details) -> Feedback:
    """Record feedback. ``new_themes`` are themes' names, added if new; ``at`` is for
    loading past feedback (the demo)."""
    if unknown := set(details) - set(FEEDBACK_DETAILS):
        raise ValueError(f"Not a detail of feedback: {', '.join(sorted(unknown))}")
    _not_in_future(details["received_on"], "received_on", "The date")
    feedback = Feedback(recorded_by=by, recorded_at=at or timezone.now(), **details)
    attribute(feedback, by, at, reason=f"Recorded by {by}")
    feedback.save()
    _set_links(feedback, {"themes": [*themes, *themes_named(new_themes)],
                          "priorities": priorities})
    return feedback


@transaction.atomic
def change_feedback(feedback: Feedback, by, *, seen_version: int | None, themes=None,
                    new_themes=(), priorities=None, **details) -> Feedback:
    if unknown := set(details) - set(FEEDBACK_DETAILS):
        raise ValueError(f"Not a detail of feedback: {', '.join(sorted(unknown))}")
    feedback = _lock(Feedback, feedback.pk, seen_version)
    if "received_on" in details:
        _not_in_future(details["received_on"], "received_on", "The date")
    for name, value in details.items():
        setattr(feedback, name, value)
    attribute(feedback, by)
    feedback.save(update_fields=list(details))
    _set_links(feedback, {
        "themes": None if themes is None else [*themes, *themes_named(new_themes)],
        "priorities": priorities})
    return feedback


@transaction.atomic
def add_survey(by, *, name: str, description: str = "", illustrative: bool = False) -> Survey:
    name = name.strip()
    if Survey.objects.annotate(lower=Lower("name")).filter(lower=name.lower()).exists():
        raise VoiceError("There is already a survey with this name", field="name")
    survey = Survey(name=name, description=description, created_by=by,
                    illustrative=illustrative)
    attribute(survey, by, reason=f"Added by {by}")
    survey.save()
    return survey


@transaction.atomic
def import_results(survey: Survey, by, *, file_name: str, content: bytes,
                   at: datetime | None = None) -> SurveyImport:
    """Import a file of results (survey_csv.py has the layout), whole or not at all: any
    problem refuses it with every problem named. Two imports of the same survey at once
    take turns, so neither stores a figure the other has just stored."""
    survey = Survey.objects.select_for_update().get(pk=survey.pk)
    stored = set(survey.results.values_list("period", "question", "measure", "group"))
    try:
        rows = survey_csv.read(file_name, content, stored, timezone.localdate())
    except survey_csv.Refused as refused:
        raise ImportRefused(refused.problems) from None
    at = at or timezone.now()
    imported = SurveyImport.objects.create(survey=survey, file_name=file_name, rows=len(rows),
                                           imported_by=by, imported_at=at)
    for row in rows:
        result = SurveyResult(
            survey=survey, imported=imported, period=row.period, question=row.question,
            measure=row.measure, group=row.group, responding=row.responding,
            percentage=row.percentage, comparison=row.comparison,
            comparison_name=row.comparison_name)
        attribute(result, by, at, reason=f"Imported from {file_name}")
        result.save()
    return imported


@transaction.atomic
def add_you_said(by, *, priorities=(), milestones=(), feedback=(),
                 at: datetime | None = None, **details) -> YouSaidWeDid:
    if unknown := set(details) - set(YOU_SAID_DETAILS):
        raise ValueError(f"Not a detail of an entry: {', '.join(sorted(unknown))}")
    _not_in_future(details["done_on"], "done_on", "The date it was done")
    entry = YouSaidWeDid(recorded_by=by, recorded_at=at or timezone.now(), **details)
    attribute(entry, by, at, reason=f"Recorded by {by}")
    entry.save()
    _set_links(entry, {"priorities": priorities, "milestones": milestones,
                       "feedback": feedback})
    return entry


@transaction.atomic
def change_you_said(entry: YouSaidWeDid, by, *, seen_version: int | None,
                    links: dict | None = None, **details) -> YouSaidWeDid:
    if unknown := set(details) - set(YOU_SAID_DETAILS):
        raise ValueError(f"Not a detail of an entry: {', '.join(sorted(unknown))}")
    entry = _lock(YouSaidWeDid, entry.pk, seen_version)
    if "done_on" in details:
        _not_in_future(details["done_on"], "done_on", "The date it was done")
    for name, value in details.items():
        setattr(entry, name, value)
    attribute(entry, by)
    entry.save(update_fields=list(details))
    _set_links(entry, links or {})
    return entry


@transaction.atomic
def save_plain_words(priority: Priority, by, *, seen_version: int | None,
                     illustrative: bool = False, **details) -> PlainWords:
    """Write, or rewrite, a priority's words for young people. The priority is locked
    first, so two people writing its first words at once take turns: the second is
    refused, as for any change made over someone else's."""
    if set(details) != set(PLAIN_WORDS_DETAILS):
        raise ValueError(f"Plain words are {', '.join(PLAIN_WORDS_DETAILS)}")
    Priority.objects.select_for_update().get(pk=priority.pk)
    words = PlainWords.objects.filter(priority=priority).first()
    if words is None:
        if seen_version is not None:
            raise VoiceError(CHANGED_ELSEWHERE.format(kind="text"))
        words = PlainWords(priority=priority, illustrative=illustrative, **details)
        attribute(words, by, reason=f"Written by {by}")
        words.save()
        return words
    if seen_version is None:  # the person saw none, and someone has written some since
        raise VoiceError(CHANGED_ELSEWHERE.format(kind="text"))
    words = _lock(PlainWords, words.pk, seen_version)
    for name, value in details.items():
        setattr(words, name, value)
    attribute(words, by)
    words.save(update_fields=list(details))
    return words


def _the_page_locked(by) -> YoungPeoplesPage:
    page, created = YoungPeoplesPage.objects.select_for_update().get_or_create(pk=1)
    return page


@transaction.atomic
def change_page(by, *, seen_version: int | None, introduction: str) -> YoungPeoplesPage:
    page = _the_page_locked(by)
    if seen_version is not None and page.version != seen_version:
        raise VoiceError(CHANGED_ELSEWHERE.format(kind="page"))
    page.introduction = introduction
    attribute(page, by)
    page.save()
    return page


@transaction.atomic
def publish_page(by, *, seen_version: int | None, published: bool,
                 at: datetime | None = None) -> YoungPeoplesPage:
    """Publish the young people's page (anyone may then read it without signing in), or
    take it down."""
    page = _the_page_locked(by)
    if seen_version is not None and page.version != seen_version:
        raise VoiceError(CHANGED_ELSEWHERE.format(kind="page"))
    if page.published == published:
        raise VoiceError("The page is already published" if published
                         else "The page is not published")
    page.published = published
    page.published_at = (at or timezone.now()) if published else None
    attribute(page, by, at, reason=f"{'Published' if published else 'Unpublished'} by {by}")
    page.save()
    return page
