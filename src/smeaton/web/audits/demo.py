"""Illustrative case-file audits: the "Case-file audit" tool (four sections; version 1
kept for the older audits, version 2 in use), a monthly programme run by the demo's QA
lead, and six months of samples with audits in every state: not started, in progress,
overdue, awaiting moderation, completed, moderated and agreed, moderated and changed
with a reason.

The children are drawn from the demo's store when it holds returns (by their tokens, as
a real draw would be); otherwise from made-up tokens of the same shape. Dates are laid
out around today. Loading it again adds nothing.
"""

import hashlib
import random
from datetime import date, datetime, time, timedelta

from dateutil.relativedelta import relativedelta
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smeaton.analytics import sampling
from smeaton.analytics.privacy import TOKEN_LENGTH
from smeaton.web.audit.models import attribute
from smeaton.web.audits import services
from smeaton.web.audits.models import Audit, Grade, Programme, Question, Tool
from smeaton.web.returns import demo as returns_demo

TOOL = "Case-file audit"
PROGRAMME = "Monthly case-file audit"
MONTHS = 6
SAMPLE_SIZE = 6
STORE_COVERS_TO = date(returns_demo.YEAR, 3, 31)  # the end of the demo store's last return
G, Y = Question.Answer.GRADE, Question.Answer.YES_NO

# Version 1's sections and questions; version 2 adds one question and rewords another.
SECTIONS = [
    ("The child's experience and voice", [
        ("Has the child been seen, and seen alone, as often as their plan says?", G),
        ("Are the child's wishes and feelings recorded in their own words?", G),
        ("Is the child's identity (culture, faith, language) understood?", G),
    ]),
    ("Assessment and planning", [
        ("Is the assessment up to date and does it analyse risk and need?", G),
        ("Is there a SMART plan that the family understands?", G),
        ("Has the plan been reviewed within timescales?", Y),
    ]),
    ("Management oversight and supervision", [
        ("Is management oversight recorded at key decision points?", G),
        ("Has the worker had regular reflective supervision about this child?", Y),
    ]),
    ("Impact and outcomes", [
        ("Is the child's situation improving because of our help?", G),
        ("Are partners (health, education, police) contributing to the plan?", G),
    ]),
]
VERSION_2_ADDS = ("Assessment and planning",
                  "Have the child's views shaped the plan?", G)

# The states of each month's six audits, oldest month first: a (status, grade,
# moderation) for each, where moderation is None, "agreed" or a reason for a change.
DONE, AWAIT, OPEN, NEW = "completed", "awaiting", "in_progress", "assigned"
PLAN = [
    [(DONE, "good", "agreed"), (DONE, "requires_improvement", None),
     (DONE, "good", None), (DONE, "inadequate", "agreed"), (DONE, "outstanding", None),
     (DONE, "requires_improvement", None)],
    [(DONE, "good", "The plan has no timescales: requires improvement."),
     (DONE, "good", None), (DONE, "requires_improvement", "agreed"),
     (DONE, "good", None), (DONE, "requires_improvement", None), (DONE, "good", None)],
    [(DONE, "requires_improvement", "agreed"), (DONE, "good", None),
     (DONE, "outstanding", "The child's voice is not evident enough to be outstanding."),
     (DONE, "good", None), (DONE, "inadequate", None), (DONE, "good", None)],
    [(DONE, "good", None), (AWAIT, "requires_improvement", "pending"), (OPEN, "", None),
     (DONE, "good", "agreed"), (NEW, "", None), (DONE, "requires_improvement", None)],
    [(AWAIT, "good", "pending"), (DONE, "good", None), (OPEN, "", None),
     (DONE, "requires_improvement", None), (NEW, "", None), (DONE, "good", None)],
    [(NEW, "", None), (OPEN, "", None), (NEW, "", None), (OPEN, "", None),
     (NEW, "", None), (NEW, "", None)],
]
STRENGTHS = ["Visits are regular and the child is seen alone.",
             "Good relationships with the school and health visitor.",
             "The child's words are recorded and used in the plan."]
IMPROVEMENTS = ["The plan needs timescales and named people for each action.",
                "Supervision should test the plan's impact, not only tasks.",
                "Record why decisions were made at the strategy discussion."]


def person(username: str):
    return get_user_model().objects.get(username=username)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10)))


@transaction.atomic
def load(today: date | None = None) -> None:
    if Tool.objects.filter(name=TOOL, illustrative=True).exists():
        return
    today = today or timezone.localdate()
    qa = person("demo-qa")
    first_month = (today.replace(day=1) - relativedelta(months=MONTHS - 1))
    tool = _tool(qa, at(first_month - timedelta(days=60)))
    programme = _programme(qa, tool)
    for index, states in enumerate(PLAN):
        month = first_month + relativedelta(months=index)
        if index == 2:
            _version_2(tool, qa, at(month - timedelta(days=5)))
        sample = _draw(programme, qa, month, index)
        _work(sample, states, today, random.Random(index))  # noqa: S311  made-up answers


def _tool(qa, when: datetime) -> Tool:
    tool = services.create_tool(qa, name=TOOL, illustrative=True, purpose=(
        "The monthly audit of children's case files: the child's experience, the quality "
        "of assessment and planning, management oversight and the impact of our help."))
    draft = tool.versions.get()
    for title, questions in SECTIONS:
        section = services.add_section(draft, qa, title=title)
        for text, answer in questions:
            services.add_question(section, qa, text=text, answer=answer)
    services.publish(draft, qa, change_note="The first version.", at=when)
    return tool


def _version_2(tool: Tool, qa, when: datetime) -> None:
    draft = services.new_version(tool, qa, at=when)
    title, text, answer = VERSION_2_ADDS
    services.add_question(draft.sections.get(title=title), qa, text=text, answer=answer)
    question = Question.objects.get(section__version=draft,
                                    text__startswith="Is management oversight")
    services.change_question(question, qa, answer=G, guidance=question.guidance,
                             text="Is management oversight recorded, with reasons, at "
                                  "key decision points?")
    services.publish(draft, qa, at=when, change_note=(
        "Adds a question on the child's views shaping the plan; management oversight "
        "now asks for the reasons for decisions."))


def _programme(qa, tool: Tool) -> Programme:
    return services.create_programme(
        qa, people={"auditors": [person("demo-lead"), person("demo-owner"), qa],
                    "moderators": [person("demo-leader"), qa],
                    "safeguarding_contacts": [qa, person("demo-leader")]},
        name=PROGRAMME, tool=tool, method=Programme.Method.STRATIFIED, frame="open",
        sample_size=SAMPLE_SIZE, moderated_share=35, days_to_complete=20, lead=qa,
        active=True, illustrative=True)


def _draw(programme: Programme, qa, month: date, index: int):
    drawn = month + timedelta(days=1)
    on = min(drawn, STORE_COVERS_TO)
    return services.draw_sample(programme, qa, month=month, on=on, seed=20260000 + index,
                                read=_reader(index), at=at(drawn), illustrative=True)


def _reader(index: int):
    def read(frame: str, on: date) -> sampling.Found:
        try:
            found = services.read_store(frame, on)
        except Exception:  # noqa: BLE001  the demo goes on without a store
            found = sampling.Found((), "")
        return found if len(found) >= SAMPLE_SIZE else _made_up(index)
    return read


def _made_up(index: int) -> sampling.Found:
    """Tokens shaped as the store's are, for a demo with no returns loaded."""
    strata = [sampling.LOOKED_AFTER, sampling.CHILD_PROTECTION, sampling.CHILD_IN_NEED,
              sampling.CHILD_IN_NEED]
    return sampling.Found(tuple(
        sampling.Child(hashlib.sha256(f"demo child {index}-{n}".encode()).hexdigest()
                       [:TOKEN_LENGTH], strata[n % len(strata)]) for n in range(40)), "")


def _work(sample, states, today: date, rng: random.Random) -> None:
    """Each audit as far as its state in PLAN says; moderation where it is planned and
    the draw chose the audit (otherwise the auditor's grade stands)."""
    for audit, (status, grade, moderation) in zip(sample.audits.order_by("pk"), states,
                                                  strict=False):
        when = min(at(audit.due - timedelta(days=rng.randint(2, 8))), at(today))
        if status == NEW:
            continue
        answers = _answers(audit, grade or "good", rng, complete=status != OPEN)
        submit = status in (DONE, AWAIT)
        if submit and status == AWAIT and audit.moderator_id is None:
            audit.moderator = audit.sample.programme.moderators.exclude(
                pk=audit.auditor_id).first()
            attribute(audit, audit.sample.programme.lead, when)
            audit.save(update_fields=["moderator"])
        if status == DONE and moderation and audit.moderator_id is None:
            moderation = None
        if status == DONE and not moderation and audit.moderator_id is not None:
            moderation = "agreed"
        audit = services.save_audit(
            audit, audit.auditor, seen_version=audit.version, answers=answers,
            grade=grade if submit else "", strengths=rng.choice(STRENGTHS) if submit else "",
            improvements=rng.choice(IMPROVEMENTS) if submit else "", submit=submit, at=when)
        if status == DONE and moderation:
            _moderate(audit, grade, moderation, when + timedelta(days=3))


def _moderate(audit: Audit, grade: str, moderation: str, when: datetime) -> None:
    grades = [g.value for g in Grade]
    changed = grades[min(grades.index(grade) + 1, len(grades) - 1)]
    agreed = moderation == "agreed"
    services.moderate(audit, audit.moderator, seen_version=audit.version,
                      grade=grade if agreed else changed, reason="" if agreed else moderation,
                      at=min(when, timezone.now()))


def _answers(audit: Audit, grade: str, rng: random.Random, complete: bool) -> dict:
    grades = [g.value for g in Grade]
    answers = {}
    for n, question in enumerate(services.questions_of(audit)):
        if not complete and n > 4:
            break
        if question.answer == G:
            spread = grades.index(grade) + rng.choice([-1, 0, 0, 0, 1])
            value = grades[max(0, min(spread, len(grades) - 1))]
        else:
            value = rng.choice(["yes", "yes", "yes", "no", "not_applicable"])
        answers[question.pk] = services.Given(value, "" if rng.random() < 0.6 else
                                              "See the case notes of the last visit.")
    return answers


# --- Findings: learning themes tagged on the audits, actions for the child (open,
# overdue and done), a safeguarding concern acknowledged and one open for demo-leader (a
# named contact), and the priorities the audits bear on. Loading it again adds nothing.

THEMES = [
    ("Voice of the child", "The child's wishes and feelings, in their own words, shape the plan."),
    ("Management oversight", "Managers' decisions, and the reasons for them, are recorded."),
    ("Planning and review", "Plans are SMART, understood by the family and reviewed on time."),
    ("Timeliness", "Visits, assessments and reviews happen within timescales."),
    ("Multi-agency working", "Partners contribute to the plan and share what they know."),
    ("Recording", "Case records are up to date, clear and say why."),
]
RETIRED_THEME = ("Drift and delay", "Merged into Timeliness.")


def load_findings(today: date | None = None) -> None:
    from smeaton.web.audits.models import ChildAction, SafeguardingConcern, Theme
    from smeaton.web.plan.queries import plan_in_force

    audits = list(Audit.objects.filter(illustrative=True, sample__programme__name=PROGRAMME)
                  .exclude(status__in=[Audit.Status.ASSIGNED]).order_by("sample__month", "pk"))
    if not audits or ChildAction.objects.filter(audit__illustrative=True).exists():
        return
    today = today or timezone.localdate()
    qa = person("demo-qa")
    themes = [Theme.objects.filter(name=name).first()
              or services.add_theme(qa, name=name, description=description)
              for name, description in THEMES]
    retired = Theme.objects.filter(name=RETIRED_THEME[0]).first() or services.add_theme(
        qa, name=RETIRED_THEME[0], description=RETIRED_THEME[1])
    plan = plan_in_force(today)
    priorities = list(plan.priorities.order_by("number")) if plan else []
    for n, audit in enumerate(audits):
        tagged = [themes[n % len(themes)]] + ([themes[(3 * n + 1) % len(themes)]]
                                              if n % 3 else [])
        if n < 3:
            tagged.append(retired)  # the oldest audits keep the theme since retired
        services.tag_audit(audit, audit.auditor, themes=tagged,
                           priorities=priorities[n % len(priorities):][:1] if priorities
                           else [], at=at(today - timedelta(days=40)))
    services.change_theme(retired, qa, name=retired.name, description=retired.description,
                          in_use=False)
    completed = [a for a in audits if a.status == Audit.Status.COMPLETED]
    owner, lead, leader = person("demo-owner"), person("demo-lead"), person("demo-leader")
    actions = [
        # (audit, owner, description, added days ago, due in days, done days ago or None)
        (completed[-1], owner, "Arrange for the child to be seen alone at school and "
         "record their wishes about contact.", 10, 14, None),
        (completed[-2], owner, "Hold a review of the child in need plan with the family "
         "and school; add timescales to every action.", 35, -6, None),
        (completed[-3], lead, "Refer to the speech and language therapist, as the "
         "assessment recommends.", 50, -20, None),
        (completed[0], lead, "Record the manager's reasons for stepping down from child "
         "protection.", 120, -90, 95),
        (completed[1], owner, "Update the chronology with the last three incidents.",
         100, -70, 80),
    ]
    for audit, who, description, added, due_in, done_ago in actions:
        added_at = at(today - timedelta(days=added))
        action = services.add_child_action(audit, audit.auditor, description=description,
                                           owner=who, due=today + timedelta(days=due_in),
                                           at=added_at)
        if done_ago is not None:
            services.complete_child_action(
                action, who, done_on=today - timedelta(days=done_ago),
                done_note="Done, and checked at the team manager's next supervision.",
                at=at(today - timedelta(days=done_ago)))
    if not SafeguardingConcern.objects.filter(audit__illustrative=True).exists():
        past = services.raise_concern(
            completed[2], completed[2].auditor, at=at(today - timedelta(days=75)),
            description="The child told their teacher about an injury last month; the file "
                        "has no record of a strategy discussion.")
        services.acknowledge_concern(
            past, leader, at=at(today - timedelta(days=75)) + timedelta(hours=3),
            response="Spoke to the team manager the same day: a strategy discussion was "
                     "held the next morning and the child is safe. Recording is now up to "
                     "date.")
        services.raise_concern(
            completed[-1], completed[-1].auditor, at=timezone.now() - timedelta(hours=2),
            description="The child's younger sibling is mentioned as being left alone "
                        "overnight, and there is no record of this being followed up.")
