"""Illustrative boards: the Improvement Board, the Children and Young People Scrutiny
Panel and the Corporate Parenting Board, each with two past meetings (held: attendance,
minutes, decisions, actions) and its next (scheduled, with an agenda); Cabinet and the
Children's Partnership Board set up, with no meetings yet.

Meetings and actions are laid out around today, like the plan's milestones, so that
whenever the demo is prepared every board's action log shows every state: complete, on
track, at risk, off track, overdue and not started.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from smeaton.web.accounts.models import Role
from smeaton.web.boards import services
from smeaton.web.boards.models import Attendance, Board, Meeting
from smeaton.web.performance.models import Indicator
from smeaton.web.plan.models import Plan
from smeaton.web.plan.rag import Progress
from smeaton.web.risks.models import Risk

# Elected members besides demo-councillor (demo.PEOPLE): illustrative, nobody signs in as
# them. username, first name, last name, job title
COUNCILLORS = [
    ("cllr.rowe", "Jemma", "Rowe", "Councillor, Cabinet Member for Children's Services"),
    ("cllr.okafor", "Daniel", "Okafor", "Councillor, Leader of the Council"),
    ("cllr.treloar", "Ann", "Treloar", "Councillor, member of the Scrutiny Panel"),
]

# (progress, due in days from today, expected completion in days from today or None,
# days since the latest update or None for none yet): complete, on track, at risk, off
# track, overdue (reported on track, its due date gone), not started.
SCENARIOS = [
    (Progress.COMPLETE, -20, None, 22),
    (Progress.ON_TRACK, 40, None, 9),
    (Progress.AT_RISK, 30, None, 12),
    (Progress.OFF_TRACK, 25, None, 14),
    (Progress.ON_TRACK, -6, 20, 30),
    (Progress.NOT_STARTED, 60, None, None),
]

COMMENTARY = {
    Progress.COMPLETE: "Done, and reported back to the board.",
    Progress.ON_TRACK: "In hand; on course to report at the next meeting.",
    Progress.AT_RISK: "Waiting on data from a partner; the date may slip.",
    Progress.OFF_TRACK: "Not possible by the date agreed: the board will be asked to extend it.",
}

PAST_MEETINGS = (-60, -18)  # days from today
NEXT_MEETING = 24
STAGGER = 6  # days between one board's meetings and the next board's

# name, purpose, cadence, action log's name, chair, members (usernames), agenda
# (title, presenter, priority number or None, link an indicator?), decisions, actions
# (description, owner's username); each board's actions take the scenarios in turn.
BOARDS = [
    ("Improvement Board",
     "Oversees the improvement plan: challenges progress against each priority and the "
     "evidence of impact for children, and reports to the Chief Executive.",
     Board.Cadence.SIX_WEEKLY, "Action log", "demo-leader",
     ["demo-leader", "demo-lead", "demo-admin", "cllr.rowe"],
     [("Progress against the plan: the quarter's RAG", "Director of Children's Services",
       None, False),
      ("Children in care: placement sufficiency", "Head of Service, Children in Care", 3,
       True),
      ("The front door: timeliness of decisions", "Service Manager, MASH", 2, True)],
     ["Agreed the quarter's RAG for the plan.",
      "Asked for a deep dive into placement sufficiency at the next meeting."],
     [("Bring the sufficiency strategy's costed options to the board", "demo-lead"),
      ("Report foster carer recruitment against target by area", "demo-owner"),
      ("Audit 20 decisions at the front door for timeliness", "demo-lead"),
      ("Agree the funding for the edge of care team with finance", "demo-leader"),
      ("Publish the revised practice standards", "demo-owner"),
      ("Set up the young people's advisory group for the board", "demo-owner")]),
    ("Children and Young People Scrutiny Panel",
     "Councillors scrutinise the service, and young people question officers directly "
     "about what it is like to be helped by it.",
     Board.Cadence.QUARTERLY, "Tracking decisions", "demo-councillor",
     ["demo-councillor", "cllr.treloar", "cllr.okafor"],
     [("Young people's questions to the Director", "Children in Care Council", None, False),
      ("Care leavers' accommodation", "Head of Service, Care Leavers", 3, False),
      ("School attendance of children in care", "Virtual School Head", None, True)],
     ["Recommended to Cabinet that care leavers be exempt from council tax to 25.",
      "Asked for young people's views to open every report to the panel."],
     [("Write to young people with the answers to their questions", "demo-owner"),
      ("Report the number of care leavers in unsuitable accommodation", "demo-lead"),
      ("Explain the fall in children in care's attendance", "demo-lead"),
      ("Bring the council tax exemption's cost to Cabinet", "demo-leader"),
      ("Show the panel the new care leavers' hub", "demo-owner"),
      ("Invite the Children in Care Council to set the next agenda", "demo-owner")]),
    ("Corporate Parenting Board",
     "Makes sure the whole council acts as a good parent would for the children in its "
     "care and its care leavers.",
     Board.Cadence.QUARTERLY, "Action log", "cllr.rowe",
     ["cllr.rowe", "demo-councillor", "demo-lead", "demo-leader"],
     [("Our pledge to children in care: a year on", "Participation Lead", None, False),
      ("Health assessments of children in care", "Designated Nurse", 3, True)],
     ["Renewed the pledge to children in care for a further year."],
     [("Offer every care leaver an apprenticeship interview at the council", "demo-owner"),
      ("Report health assessments on time, by placement type", "demo-lead"),
      ("Review the leisure pass scheme with young people", "demo-owner"),
      ("Find housing for care leavers with the housing service", "demo-leader"),
      ("Complete the pledge's annual report", "demo-owner"),
      ("Plan the celebration of achievement evening", "demo-owner")]),
]

# Boards set up, with no meetings yet: name, purpose, cadence, chair, members.
CONFIGURED = [
    ("Cabinet", "The council's executive: decides on the plan and its budget.",
     Board.Cadence.MONTHLY, "cllr.okafor", ["cllr.okafor", "cllr.rowe"]),
    ("Children's Partnership Board",
     "The council, health, the police, schools and the voluntary sector: agrees and "
     "oversees the partnership plan.", Board.Cadence.QUARTERLY, "demo-leader",
     ["demo-leader", "demo-partner", "demo-lead"]),
]


def at(day: date, hour: int = 14) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def councillors() -> None:
    User = get_user_model()
    for username, first, last, title in COUNCILLORS:
        person, made = User.objects.update_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "role": Role.COUNCILLOR,
            "job_title": title, "email": f"{username}@example.org"})
        if made:
            person.set_unusable_password()  # illustrative members: nobody signs in as them
            person.save()


def hold(meeting: Meeting, office, members, agenda, decisions) -> None:
    """A past meeting's record: who came, its minutes and its decisions."""
    ended = meeting.starts_at + timedelta(hours=2)
    services.mark_held(meeting, office, at=ended)
    statuses = {person: Attendance.Status.PRESENT for person in members}
    statuses[members[-1]] = Attendance.Status.APOLOGIES
    services.record_attendance(meeting, office, statuses=statuses,
                               others_present="Democratic services officer\nTwo young "
                                              "people from the Children in Care Council",
                               at=ended)
    services.record_minutes(
        meeting, office, minutes="The chair welcomed everyone. No interests were declared.",
        of_items={item.pk: f"The board discussed “{item.title}” and asked questions of "
                           f"the {item.presenter or 'officers'}." for item in agenda}, at=ended)
    for text in decisions:
        services.add_decision(meeting, office, text=text, agenda_item=agenda[0], at=ended)


def arrange(board: Board, office, day: date, agenda_rows, plan: Plan | None) -> Meeting:
    meeting = services.add_meeting(board, office, starts_at=at(day), ends_at=at(day, 16),
                                   location="Council House, Committee Room 2",
                                   at=at(day - timedelta(days=40)))
    priorities = {p.number: p for p in plan.priorities.all()} if plan else {}
    for title, presenter, number, linked in agenda_rows:
        indicator = None
        if linked:
            indicator = (Indicator.objects.filter(priorities=priorities.get(number)).first()
                         if number in priorities else Indicator.objects.first())
        services.add_agenda_item(meeting, office, title=title, presenter=presenter,
                                 priority=priorities.get(number), indicator=indicator,
                                 risk=gravest_risk(priorities.get(number)),
                                 at=meeting.history.latest().history_date)
    return meeting


def gravest_risk(priority) -> Risk | None:
    """The open risk to a priority with the highest current score, for its agenda item."""
    if priority is None:
        return None
    return (Risk.objects.filter(priorities=priority, status=Risk.Status.OPEN)
            .annotate(score=F("current_likelihood") * F("current_impact"))
            .order_by("-score", "reference").first())


def raise_actions(meetings: list[Meeting], rows, people, today: date) -> None:
    office = people["demo-admin"]
    for n, (description, owner) in enumerate(rows):
        progress, due_in, forecast_in, updated = SCENARIOS[n % len(SCENARIOS)]
        # The earlier meeting raised the actions whose due date has gone.
        meeting = meetings[0] if due_in < 0 else meetings[1]
        action = services.add_action(
            meeting, office, description=description, owner=people[owner],
            due=today + timedelta(days=due_in), agenda_item=meeting.agenda.first(),
            at=meeting.starts_at + timedelta(hours=3))
        if updated is not None:
            services.post_update(
                action, people[owner], progress=progress, commentary=COMMENTARY[progress],
                forecast=today + timedelta(days=forecast_in) if forecast_in else None,
                posted_at=at(today - timedelta(days=updated), 10))


def set_up(name, purpose, cadence, log_name, chair, members, people) -> Board:
    return services.add_board(
        people["demo-admin"], name=name, purpose=purpose, cadence=cadence,
        action_log_name=log_name, chair=people[chair],
        members=[people[m] for m in members], illustrative=True)


@transaction.atomic
def load(plan: Plan | None, today: date | None = None) -> None:
    """The demo's boards; a board there already is left as it is."""
    today = today or timezone.localdate()
    councillors()
    people = {u.username: u for u in get_user_model().objects.all()}
    office = people["demo-admin"]
    existing = set(Board.objects.values_list("name", flat=True))
    for n, (name, purpose, cadence, log_name, chair, members, agenda, decisions,
            actions) in enumerate(BOARDS):
        if name in existing:
            continue
        board = set_up(name, purpose, cadence, log_name, chair, members, people)
        meetings = []
        for days in PAST_MEETINGS:
            meeting = arrange(board, office, today + timedelta(days=days - n * STAGGER),
                              agenda, plan)
            hold(meeting, office, list(board.members.all()), list(meeting.agenda.all()),
                 decisions)
            meetings.append(meeting)
        raise_actions(meetings, actions, people, today)
        arrange(board, office, today + timedelta(days=NEXT_MEETING + n * STAGGER), agenda,
                plan)
    for name, purpose, cadence, chair, members in CONFIGURED:
        if name not in existing:
            set_up(name, purpose, cadence, "Action log", chair, members, people)
