"""What people do with case-file audits, each as one atomic, audited step.

Views call these after checking permission; these check the state of the records (a
published tool version, a month already drawn, an audit someone else has just saved) and
refuse with an ``AuditError`` whose message is written for the person who tried.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

import numpy as np
from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.db.models.functions import Lower
from django.utils import timezone

from smeaton import config
from smeaton.analytics import privacy, sampling
from smeaton.web.accounts.child_level import record_read
from smeaton.web.audit.models import attribute
from smeaton.web.audits import figures, signals
from smeaton.web.audits.models import (
    Answer,
    Audit,
    ChildAction,
    Moderation,
    Programme,
    Question,
    SafeguardingConcern,
    Sample,
    Section,
    Theme,
    Tool,
    ToolVersion,
)


class AuditError(Exception):
    """A request the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


CHANGED_ELSEWHERE = ("Someone else saved this audit while you were working on it, so your "
                     "change was not saved. Check the audit as it is now, then make your "
                     "change again")
NOT_A_DRAFT = ("This version of the tool is published, so its questions can no longer "
               "change. Make a new version to change them")


def _save(record, by, at: datetime | None = None, reason: str | None = None, **kwargs):
    attribute(record, by, at, reason)
    record.save(**kwargs)
    return record


# --- Tools and their versions -----------------------------------------------------------


@transaction.atomic
def create_tool(by, *, name: str, purpose: str = "", illustrative: bool = False) -> Tool:
    """A new tool, with an empty draft version 1 to add its questions to."""
    if Tool.objects.filter(name__iexact=name.strip()).exists():
        raise AuditError("There is already a tool with this name", field="name")
    tool = _save(Tool(name=name.strip(), purpose=purpose, illustrative=illustrative), by)
    _save(ToolVersion(tool=tool, number=1), by)
    return tool


@transaction.atomic
def change_tool(tool: Tool, by, *, name: str, purpose: str) -> Tool:
    tool = Tool.objects.select_for_update().get(pk=tool.pk)
    if Tool.objects.filter(name__iexact=name.strip()).exclude(pk=tool.pk).exists():
        raise AuditError("There is already a tool with this name", field="name")
    tool.name, tool.purpose = name.strip(), purpose
    return _save(tool, by)


def _draft(version: ToolVersion) -> ToolVersion:
    """The version, locked while its questions change; refused once published."""
    version = ToolVersion.objects.select_for_update().get(pk=version.pk)
    if not version.is_draft:
        raise AuditError(NOT_A_DRAFT)
    return version


def _next_position(records) -> int:
    return (records.aggregate(last=Max("position"))["last"] or 0) + 1


@transaction.atomic
def add_section(version: ToolVersion, by, *, title: str, guidance: str = "") -> Section:
    version = _draft(version)
    return _save(Section(version=version, position=_next_position(version.sections),
                         title=title, guidance=guidance), by)


@transaction.atomic
def change_section(section: Section, by, *, title: str, guidance: str) -> Section:
    _draft(section.version)
    section = Section.objects.get(pk=section.pk)
    section.title, section.guidance = title, guidance
    return _save(section, by)


@transaction.atomic
def remove_section(section: Section, by) -> ToolVersion:
    """Remove a section of a draft, with its questions: the draft, for its page."""
    version = _draft(section.version)
    for question in section.questions.all():
        attribute(question, by)
        question.delete()
    attribute(section, by)
    section.delete()
    return version


@transaction.atomic
def add_question(section: Section, by, *, text: str, answer: str = Question.Answer.GRADE,
                 guidance: str = "") -> Question:
    _draft(section.version)
    return _save(Question(section=section, position=_next_position(section.questions),
                          text=text, answer=answer, guidance=guidance), by)


@transaction.atomic
def change_question(question: Question, by, *, text: str, answer: str,
                    guidance: str) -> Question:
    _draft(question.section.version)
    question = Question.objects.get(pk=question.pk)
    question.text, question.answer, question.guidance = text, answer, guidance
    return _save(question, by)


@transaction.atomic
def remove_question(question: Question, by) -> ToolVersion:
    """Remove a question of a draft: the draft, for its page."""
    version = _draft(question.section.version)
    attribute(question, by)
    question.delete()
    return version


def _swap(records: list, record, step: int, by) -> None:
    """Move ``record`` one place up (-1) or down (+1) among ``records``, in order."""
    index = [r.pk for r in records].index(record.pk)
    other_index = index + step
    if not 0 <= other_index < len(records):
        return
    other = records[other_index]
    mine, theirs = records[index].position, other.position
    records[index].position, other.position = theirs, mine
    _save(records[index], by)
    _save(other, by)


@transaction.atomic
def move_section(section: Section, by, step: int) -> None:
    version = _draft(section.version)
    _swap(list(version.sections.order_by("position", "pk")), section, step, by)


@transaction.atomic
def move_question(question: Question, by, step: int) -> None:
    _draft(question.section.version)
    _swap(list(question.section.questions.order_by("position", "pk")), question, step, by)


@transaction.atomic
def publish(version: ToolVersion, by, *, change_note: str = "",
            at: datetime | None = None) -> ToolVersion:
    """Freeze a draft: new audits are graded with it. The version published before it is
    retired (its audits keep it)."""
    version = _draft(version)
    if not Question.objects.filter(section__version=version).exists():
        raise AuditError("Add at least one question before publishing the tool")
    if version.sections.filter(questions__isnull=True).exists():
        raise AuditError("Every section needs at least one question: add one, or remove "
                         "the empty section")
    for earlier in version.tool.versions.select_for_update().filter(
            status=ToolVersion.Status.PUBLISHED):
        earlier.status = ToolVersion.Status.RETIRED
        _save(earlier, by, at)
    version.status = ToolVersion.Status.PUBLISHED
    version.published_at = at or timezone.now()
    version.change_note = change_note
    return _save(version, by, at)


@transaction.atomic
def new_version(tool: Tool, by, at: datetime | None = None) -> ToolVersion:
    """A draft copy of the version in use, to change. One draft at a time."""
    tool = Tool.objects.select_for_update().get(pk=tool.pk)
    if tool.versions.filter(status=ToolVersion.Status.DRAFT).exists():
        raise AuditError("This tool already has a draft version: change that one")
    source = tool.in_use
    if source is None:
        raise AuditError("Publish the tool's first version before making a new one")
    draft = _save(ToolVersion(tool=tool, number=tool.versions.aggregate(
        last=Max("number"))["last"] + 1), by, at)
    for section in source.sections.all():
        copy = _save(Section(version=draft, position=section.position, title=section.title,
                             guidance=section.guidance), by, at)
        for question in section.questions.all():
            _save(Question(section=copy, position=question.position, text=question.text,
                           guidance=question.guidance, answer=question.answer), by, at)
    return draft


# --- Programmes -------------------------------------------------------------------------

PROGRAMME_DETAILS = ("name", "tool", "method", "frame", "sample_size", "moderated_share",
                     "days_to_complete", "lead", "active", "illustrative")
PROGRAMME_PEOPLE = ("auditors", "moderators", "safeguarding_contacts")


def _set_people(programme: Programme, people: dict) -> None:
    for name in PROGRAMME_PEOPLE:
        if people.get(name) is not None:
            getattr(programme, name).set(people[name])


@transaction.atomic
def create_programme(by, *, people: dict, **details) -> Programme:
    if Programme.objects.filter(name__iexact=details["name"].strip()).exists():
        raise AuditError("There is already a programme with this name", field="name")
    programme = _save(Programme(**details), by)
    _set_people(programme, people)
    return programme


@transaction.atomic
def change_programme(programme: Programme, by, *, people: dict, **details) -> Programme:
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if Programme.objects.filter(name__iexact=details["name"].strip()).exclude(
            pk=programme.pk).exists():
        raise AuditError("There is already a programme with this name", field="name")
    for name, value in details.items():
        setattr(programme, name, value)
    _save(programme, by)
    _set_people(programme, people)
    return programme


# --- Drawing a month's sample -----------------------------------------------------------

Reader = Callable[[str, date], sampling.Found]


def read_store(frame: str, on: date) -> sampling.Found:
    """The frame's children on the day, from the council's store."""
    return sampling.frame_children(config.home().store, settings.COUNCIL.la_code, frame, on)


def first_of_month(day: date) -> date:
    return day.replace(day=1)


@dataclass(frozen=True)
class Plan:
    """Who audits and moderates which child of a draw."""

    children: list[sampling.Child]
    auditors: list[int]
    moderators: list[int | None]


def plan_audits(programme: Programme, drawn: list[sampling.Child],
                rng: np.random.Generator) -> Plan:
    """Auditors in turn (carrying on from where the programme's last month left off); the
    moderated share chosen at random, moderators in turn, none moderating their own."""
    auditors = list(programme.auditors.order_by("last_name", "first_name", "pk")
                    .values_list("pk", flat=True))
    moderators = list(programme.moderators.order_by("last_name", "first_name", "pk")
                      .values_list("pk", flat=True))
    start = Audit.objects.filter(sample__programme=programme).count()
    assigned = [auditors[(start + i) % len(auditors)] for i in range(len(drawn))]
    moderated = moderated_indices(len(drawn), programme.moderated_share, rng) \
        if moderators else set()
    chosen: list[int | None] = []
    turn = 0
    for i, auditor in enumerate(assigned):
        if i not in moderated:
            chosen.append(None)
            continue
        others = [m for m in moderators if m != auditor] or moderators
        chosen.append(others[turn % len(others)])
        turn += 1
    return Plan(drawn, assigned, chosen)


def moderated_indices(n: int, share: int, rng: np.random.Generator) -> set[int]:
    """Which of ``n`` audits are moderated: ``share`` per cent of them, rounded half up,
    at least one when the share is not nothing."""
    if not n or not share:
        return set()
    count = min(n, max(1, int(n * share / 100 + 0.5)))
    return {int(i) for i in rng.choice(n, size=count, replace=False)}


@transaction.atomic
def draw_sample(programme: Programme, by, *, month: date, on: date,
                seed: int | None = None, read: Reader | None = None,
                at: datetime | None = None, illustrative: bool = False) -> Sample:
    """Draw the month's children from the store and assign each an audit."""
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    month = first_of_month(month)
    _check_can_draw(programme, month)
    version = programme.tool.in_use
    found = (read or read_store)(programme.frame, on)
    if not found.children:
        raise AuditError(f"No children are in the frame \"{frame_title(programme.frame)}\" "
                         f"on {on:%-d %B %Y}, so there is no one to sample. Check the store "
                         "holds returns covering that day, or choose another day", field="on")
    seed = sampling.new_seed() if seed is None else seed
    drawn = sampling.draw(found.children, programme.sample_size, seed,
                          stratified=programme.method == Programme.Method.STRATIFIED)
    sample = Sample(programme=programme, month=month, drawn_by=by, method=programme.method,
                    frame=programme.frame, on=on, seed=seed, frame_size=len(found),
                    store_state=found.store_state,
                    illustrative=illustrative or programme.illustrative,
                    **({"drawn_at": at} if at else {}))
    try:
        with transaction.atomic():
            _save(sample, by, at)
    except IntegrityError:  # someone drew the month a moment before
        raise AuditError(ALREADY_DRAWN.format(month=month), field="month") from None
    plan = plan_audits(programme, drawn, np.random.default_rng([seed, 1]))
    due = (at or timezone.now()).date() + timedelta(days=programme.days_to_complete)
    for child, auditor, moderator in zip(plan.children, plan.auditors, plan.moderators,
                                         strict=True):
        _save(Audit(sample=sample, tool_version=version, child=child.token,
                    service=child.stratum, auditor_id=auditor, moderator_id=moderator,
                    due=due, illustrative=sample.illustrative), by, at)
    return sample


def _check_can_draw(programme: Programme, month: date) -> None:
    if Sample.objects.filter(programme=programme, month=month).exists():
        raise AuditError(ALREADY_DRAWN.format(month=month), field="month")
    if programme.tool.in_use is None:
        raise AuditError(f"The tool \"{programme.tool}\" has no published version yet. "
                         "Publish it before drawing a sample")
    if not programme.auditors.exists():
        raise AuditError("Name at least one auditor for the programme before drawing a "
                         "sample")


ALREADY_DRAWN = ("A sample has already been drawn for {month:%B %Y}: each month's children "
                 "are drawn once")


def frame_title(slug: str) -> str:
    frame = sampling.FRAMES.get(slug)
    return frame.title if frame else slug


# --- Auditing ---------------------------------------------------------------------------


def _lock(audit: Audit, seen_version: int | None) -> Audit:
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if seen_version is not None and audit.version != seen_version:
        raise AuditError(CHANGED_ELSEWHERE)
    return audit


@dataclass(frozen=True)
class Given:
    """What the auditor gave for one question."""

    value: str = ""
    notes: str = ""


def questions_of(audit: Audit) -> list[Question]:
    return list(Question.objects.filter(section__version=audit.tool_version)
                .select_related("section").order_by("section__position", "position"))


@transaction.atomic
def save_audit(audit: Audit, by, *, seen_version: int | None, answers: dict[int, Given],
               grade: str = "", strengths: str = "", improvements: str = "",
               submit: bool = False, at: datetime | None = None) -> Audit:
    """Keep the auditor's answers: as a draft (in progress), or submitted, once every
    question is answered with an overall grade and both summaries. A submitted audit
    chosen for moderation awaits it; any other is completed."""
    audit = _lock(audit, seen_version)
    if not audit.is_open:
        raise AuditError("This audit has been submitted, so it can no longer be changed")
    questions = questions_of(audit)
    if submit:
        _check_complete(questions, answers, grade, strengths, improvements)
    for question in questions:
        _keep_answer(audit, question, answers.get(question.pk, Given()), by, at)
    audit.grade, audit.strengths, audit.improvements = grade, strengths, improvements
    now = at or timezone.now()
    if submit:
        audit.submitted_at = now
        if audit.moderator_id:
            audit.status = Audit.Status.AWAITING_MODERATION
        else:
            audit.status, audit.completed_at = Audit.Status.COMPLETED, now
            figures.refresh_after_commit()  # its grade now counts on the scorecard
    else:
        audit.status = Audit.Status.IN_PROGRESS
    return _save(audit, by, at)


def _check_complete(questions, answers, grade, strengths, improvements) -> None:
    for question in questions:
        if not answers.get(question.pk, Given()).value:
            raise AuditError(f"Answer \"{question.text}\" before submitting the audit",
                             field=f"q{question.pk}")
    if not grade:
        raise AuditError("Select the overall grade before submitting the audit", field="grade")
    if not strengths.strip():
        raise AuditError("Enter what is working well before submitting the audit",
                         field="strengths")
    if not improvements.strip():
        raise AuditError("Enter what needs to change before submitting the audit",
                         field="improvements")


def _keep_answer(audit: Audit, question: Question, given: Given, by, at) -> None:
    answer = Answer.objects.filter(audit=audit, question=question).first() or Answer(
        audit=audit, question=question)
    is_grade = question.answer == Question.Answer.GRADE
    grade, yes_no = (given.value, "") if is_grade else ("", given.value)
    if answer.pk and (answer.grade, answer.yes_no, answer.notes) == (grade, yes_no,
                                                                    given.notes):
        return  # unchanged: no new version in its history
    if not answer.pk and not given.value and not given.notes:
        return
    answer.grade, answer.yes_no, answer.notes = grade, yes_no, given.notes
    _save(answer, by, at)


# --- Moderation -------------------------------------------------------------------------


@transaction.atomic
def moderate(audit: Audit, by, *, seen_version: int | None, grade: str, reason: str = "",
             at: datetime | None = None) -> Moderation:
    """The moderator agrees the auditor's grade, or changes it with a reason; the audit
    is then completed."""
    audit = _lock(audit, seen_version)
    if audit.status != Audit.Status.AWAITING_MODERATION:
        raise AuditError("This audit is not awaiting moderation")
    if grade != audit.grade and not reason.strip():
        raise AuditError("Enter why you changed the grade", field="reason")
    moderation = _save(Moderation(audit=audit, moderator=by, auditor_grade=audit.grade,
                                  grade=grade, reason=reason.strip(),
                                  moderated_at=at or timezone.now()), by, at)
    audit.status, audit.completed_at = Audit.Status.COMPLETED, at or timezone.now()
    _save(audit, by, at)
    figures.refresh_after_commit()  # its final grade and the agreement rate count
    return moderation


# --- Finding the child's case -----------------------------------------------------------


def token_start(token: str) -> str:
    """The token's first 8 characters, for the record of child-level reads."""
    return f"{token[:8]}…"


@transaction.atomic
def reidentify(audit: Audit, by, reason: str) -> str | None:
    """The council's own identifier for the audit's child (None if none is held), found
    for ``by`` for ``reason``: recorded in the re-identification table and in the record
    of child-level reads. A key that cannot be read rolls the record back and is raised."""
    if not reason.strip():
        raise AuditError("Enter why you need the council's identifier", field="reason")
    read = record_read(by, audit, f"Re-identified the child of {audit}",
                       filters={"child": token_start(audit.child), "reason": reason})
    found = privacy.resolve(audit.child, who=by.username, why=reason)
    read.filters["found"] = "yes" if found is not None else "no"
    read.save(update_fields=["filters"])
    return found


# --- Findings: actions for the child, concerns, themes and priorities -----------------


class FindingError(Exception):
    """A finding the records' state does not allow; ``field`` names the form field."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


FINDING_CHANGED_ELSEWHERE = (
    "Someone else changed this {kind} while you were working on it, so your change was not "
    "saved. Check the {kind} as it is now, then make your change again")


def _required(text: str, message: str, field: str) -> str:
    if not (text or "").strip():
        raise FindingError(message, field=field)
    return text.strip()


@transaction.atomic
def add_child_action(audit: Audit, by, *, description: str, owner, due: date,
                     at: datetime | None = None) -> ChildAction:
    """Record something to be done for the child, owned and with a due date. ``at`` is
    for loading past findings (the demo)."""
    at = at or timezone.now()
    description = _required(description, "Enter what needs to be done for the child",
                            "description")
    if not owner.is_active:
        raise FindingError("Choose someone whose account is open", field="owner")
    if due < timezone.localtime(at).date():
        raise FindingError("The due date must be today or in the future", field="due")
    action = ChildAction(audit=audit, description=description, owner=owner, due=due,
                         created_at=at)
    attribute(action, by, at, reason=f"Added by {by} from audit {audit.pk}")
    action.save()
    return action


@transaction.atomic
def complete_child_action(action: ChildAction, by, *, done_note: str, done_on: date | None = None,
                          seen_version: int | None = None,
                          at: datetime | None = None) -> ChildAction:
    """Record that an action for the child is done, and what was done."""
    at = at or timezone.now()
    action = ChildAction.objects.select_for_update().get(pk=action.pk)
    if action.status == ChildAction.Status.DONE:
        raise FindingError(f"This action was already recorded as done on "
                           f"{action.done_on:%-d %B %Y}")
    if seen_version is not None and action.version != seen_version:
        raise FindingError(FINDING_CHANGED_ELSEWHERE.format(kind="action"))
    done_note = _required(done_note, "Enter what was done", "done_note")
    today = timezone.localtime(at).date()
    done_on = done_on or today
    if done_on > today:
        raise FindingError("The date it was done must be today or in the past",
                           field="done_on")
    if done_on < timezone.localtime(action.created_at).date():
        raise FindingError("The date it was done must be on or after the day the action "
                           "was added", field="done_on")
    action.status, action.done_on, action.done_note = ChildAction.Status.DONE, done_on, done_note
    attribute(action, by, at, reason=f"Done: recorded by {by}")
    action.save(update_fields=["status", "done_on", "done_note"])
    return action


def contacts_for(audit: Audit) -> list:
    """Who is told of a concern on this audit: its programme's named safeguarding contacts
    whose accounts are open; if it has none, the programme's lead, so that a concern
    always reaches someone."""
    programme = audit.sample.programme
    contacts = list(programme.safeguarding_contacts.filter(is_active=True)
                    .order_by("first_name", "last_name", "pk"))
    return contacts or [programme.lead]


@transaction.atomic
def raise_concern(audit: Audit, by, *, description: str,
                  at: datetime | None = None) -> SafeguardingConcern:
    """Record a safeguarding concern and tell its named contacts at once (by the
    ``concern_raised`` signal: reminders emails each, and it is on their home page until
    one of them acknowledges it). Loading a past concern (``at``, the demo) tells nobody."""
    description = _required(description, "Enter the concern for the child's safety",
                            "description")
    concern = SafeguardingConcern(audit=audit, description=description, raised_by=by,
                                  raised_at=at or timezone.now())
    attribute(concern, by, at, reason=f"Raised by {by} from audit {audit.pk}")
    concern.save()
    attribute(concern, by, at)
    concern.contacts.set(contacts_for(audit))
    if at is None:
        signals.concern_raised.send(sender=SafeguardingConcern, concern=concern)
    return concern


@transaction.atomic
def acknowledge_concern(concern: SafeguardingConcern, by, *, response: str,
                        at: datetime | None = None) -> SafeguardingConcern:
    """One of the named contacts records what was done; the concern leaves every named
    contact's home page."""
    at = at or timezone.now()
    concern = SafeguardingConcern.objects.select_for_update().get(pk=concern.pk)
    if concern.acknowledged:
        raise FindingError(f"{concern.acknowledged_by} already recorded what was done, on "
                           f"{timezone.localtime(concern.acknowledged_at):%-d %B %Y at %-I:%M%p}")
    response = _required(response, "Enter what was done about the concern", "response")
    concern.acknowledged_by, concern.acknowledged_at, concern.response = by, at, response
    attribute(concern, by, at, reason=f"Acknowledged by {by}")
    concern.save(update_fields=["acknowledged_by", "acknowledged_at", "response"])
    return concern


def _unique_theme_name(name: str, theme: Theme | None = None) -> str:
    name = _required(name, "Enter the theme's name", "name")
    taken = Theme.objects.annotate(lower=Lower("name")).filter(lower=name.lower())
    if theme is not None:
        taken = taken.exclude(pk=theme.pk)
    if taken.exists():
        raise FindingError(f"There is already a theme called “{taken.first().name}”",
                           field="name")
    return name


@transaction.atomic
def add_theme(by, *, name: str, description: str = "") -> Theme:
    theme = Theme(name=_unique_theme_name(name), description=description.strip())
    attribute(theme, by, reason=f"Added by {by}")
    theme.save()
    return theme


@transaction.atomic
def change_theme(theme: Theme, by, *, name: str, description: str = "",
                 in_use: bool = True) -> Theme:
    """Rename a theme (audits tagged with it keep it, under its new name), or retire it
    (no longer offered for tagging; audits tagged with it keep it, and the dashboard still
    counts it), or bring it back."""
    theme = Theme.objects.select_for_update().get(pk=theme.pk)
    was = (theme.name, theme.in_use)
    theme.name, theme.description, theme.in_use = (_unique_theme_name(name, theme),
                                                   description.strip(), in_use)
    reason = ("Retired" if was[1] and not in_use else "Brought back" if in_use and not was[1]
              else "Renamed" if was[0] != theme.name else "Changed")
    attribute(theme, by, reason=f"{reason} by {by}")
    theme.save()
    return theme


@transaction.atomic
def tag_audit(audit: Audit, by, *, themes, priorities, seen_version: int | None = None,
              at: datetime | None = None) -> Audit:
    """Set an audit's learning themes and the plan's priorities it bears on. A retired
    theme already tagged stays; one not tagged cannot be added."""
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if seen_version is not None and audit.version != seen_version:
        raise FindingError(FINDING_CHANGED_ELSEWHERE.format(kind="audit"))
    themes, priorities = list(themes), list(priorities)
    already = set(audit.themes.values_list("pk", flat=True))
    if retired := [t.name for t in themes if not t.in_use and t.pk not in already]:
        raise FindingError(f"“{retired[0]}” is retired: choose a theme in use", field="themes")
    attribute(audit, by, at, reason=f"Themes and priorities tagged by {by}")
    audit.save(update_fields=[])
    audit.__dict__.pop("_change_reason", None)
    audit.themes.set(themes)
    audit.priorities.set(priorities)
    return audit
