"""Load the illustrative demo plan: priorities, milestones, updates and two rounds.

Dates are laid out around today, so that whenever the demo is prepared its current
year shows every RAG state, an overdue update, a closed round and an open one.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smeaton.web.accounts.models import Role
from smeaton.web.plan import queries, services
from smeaton.web.plan.demo_content import PLAN, PRIORITIES, STAFF
from smeaton.web.plan.models import Decision, Milestone, Outcome, Plan, Priority
from smeaton.web.plan.rag import Progress
from smeaton.years import first_day, last_day, year_of

FIRST_YEAR = 2024
AGREED = date(2024, 7, 8)  # the day Cabinet agreed the plan

# What has happened to the current year's milestones, in turn: (progress, due in days
# from today, expected completion in days from today, days since the latest update).
# The open round opened OPEN_ROUND_DAYS ago: updates since then answer it; the others
# are still waiting. The last round ran from LAST_ROUND_DAYS ago until it closed.
CURRENT_YEAR = [
    (Progress.COMPLETE, -30, None, 20),
    (Progress.ON_TRACK, 90, None, 10),
    (Progress.AT_RISK, 60, None, 12),      # returned with a challenge
    (Progress.ON_TRACK, 20, 70, 8),        # late by under 3 months: Amber
    (Progress.OFF_TRACK, 45, None, 15),
    (Progress.AT_RISK, -10, 100, 9),       # late by 3 months or more: Red; returned
    (Progress.NOT_STARTED, 120, None, 40),  # posted between rounds: waiting
    (Progress.ON_TRACK, 100, None, 75),    # no update for over 60 days: in the last round
]
# The ends of a plan year's second, third and fourth quarters.
QUARTER_ENDS = [lambda year: date(year, 9, 30), lambda year: date(year, 12, 31),
                last_day]
OPEN_ROUND_DAYS = 25
LAST_ROUND_DAYS = (100, 45)  # opened, closed
RETURNED = (CURRENT_YEAR[2], CURRENT_YEAR[5])

COMMENTARY = {
    Progress.COMPLETE: "Delivered and signed off at the leadership team. Evidence filed.",
    Progress.ON_TRACK: "Work is progressing to plan; the next steps are agreed with partners.",
    Progress.AT_RISK: "Recruitment delays put the timetable at risk; mitigation agreed.",
    Progress.OFF_TRACK: "Dependent funding has not been confirmed; escalated to the "
                        "Improvement Board.",
    Progress.NOT_STARTED: "Due to start next quarter once the preceding milestone is complete.",
}


def quarter_of(day: date) -> tuple[int, int]:
    """(plan year, quarter) of a date: April to June is quarter 1."""
    return year_of(day), (day.month - 4) % 12 // 3 + 1


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(10, 0)))


def created(record, by, day: date):
    """Save a new record with its audit entry dated the day it was made, by whom."""
    record._history_user = by
    record._history_date = at(day)
    record.save()
    return record


def people() -> dict:
    User = get_user_model()
    staff = {}
    for username, first, last, role, title in STAFF:
        person, made = User.objects.update_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "role": Role(role), "job_title": title,
            "email": f"{username}@example.org"})
        if made:
            person.set_unusable_password()  # illustrative colleagues: nobody signs in as them
            person.save()
        staff[username] = person
    for user in User.objects.filter(username__startswith="demo-"):
        staff[user.username] = user
    return staff


@transaction.atomic
def load(today: date | None = None) -> Plan:
    existing = Plan.objects.filter(title=PLAN["title"], illustrative=True).first()
    if existing:
        return existing
    today = today or timezone.localdate()
    staff = people()
    plan = created(Plan(first_year=FIRST_YEAR, illustrative=True, **PLAN), staff["demo-admin"],
                   AGREED)
    current_year = plan.current_year(today)
    milestones = build_priorities(plan, staff, today, current_year)
    for year in range(plan.first_year, current_year):
        post_past_updates([m for m in milestones if m.plan_year == year])
        milestones += review_year(plan, year, staff["demo-leader"], today,
                                  last=year == current_year - 1)
    run_rounds(plan, milestones, staff, today)
    return plan


def build_priorities(plan, staff, today, current_year) -> list[Milestone]:
    milestones = []
    scenario = 0
    admin = staff["demo-admin"]
    for number, title, description, lead, outcomes, owners, by_year in PRIORITIES:
        priority = created(Priority(plan=plan, number=number, title=title,
                                    description=description, lead=staff[lead]), admin, AGREED)
        outcome_rows = [created(Outcome(priority=priority, title=o), admin, AGREED)
                        for o in outcomes]
        for offset, titles in enumerate(by_year):
            year = plan.first_year + offset
            for index, (milestone_title, serves) in enumerate(titles):
                milestone = Milestone(
                    priority=priority, plan_year=year, title=milestone_title,
                    owner=staff[owners[index % len(owners)]],
                    outcome=outcome_rows[serves] if serves is not None else None,
                    created_at=at(AGREED))
                if year == current_year:
                    milestone.demo_scenario = CURRENT_YEAR[scenario % len(CURRENT_YEAR)]
                    scenario += 1
                    due_in = timedelta(days=milestone.demo_scenario[1])
                    milestone.due = within(year, today + due_in)
                else:
                    # Other years: due at the end of a quarter after the plan was agreed.
                    milestone.due = QUARTER_ENDS[index % 3](year)
                milestones.append(created(milestone, staff[lead], AGREED))
    return milestones


def within(year: int, day: date) -> date:
    """Keep a due date inside its plan year."""
    return min(max(day, first_day(year)), last_day(year))


def post_past_updates(milestones) -> None:
    """An earlier year's milestones: mostly delivered, a few still late at its end."""
    for index, milestone in enumerate(milestones):
        late = index % 7 == 3
        progress = Progress.AT_RISK if late else Progress.COMPLETE
        forecast = milestone.due + timedelta(days=120) if late else None
        services.post_update(milestone, milestone.owner, progress=progress, forecast=forecast,
                             commentary=COMMENTARY[progress],
                             posted_at=at(milestone.due - timedelta(days=5)))


# The year-end reviews' decisions on late work, in turn, and why.
DECISIONS = [
    (Decision.CARRIED_OVER, ""),
    (Decision.CLOSED, "The commissioning route changed; the need is met through the "
                      "regional framework instead."),
    (Decision.SUPERSEDED, "Split into two milestones after the Year 1 review, so each has "
                          "one owner and a clear finish."),
]
REVIEW = [(3, 10), (4, 20), (5, 6)]  # opened, closed, next year agreed: (month, day)


def review_year(plan, year, leader, today, last: bool) -> list[Milestone]:
    """An ended year's review: the late milestones decided in turn, then, for all but
    the latest year, closed and the next year agreed; the latest is still in review,
    one decision made. Returns the next year's new milestones."""
    opened, closed, agreed = (min(date(year + 1, m, d), today - timedelta(days=1))
                              for m, d in REVIEW)
    year_end = services.open_year_end(plan, leader, plan_year=year, at=at(opened))
    made = []
    for index, milestone in enumerate(queries.undecided(plan, year)):
        if last and index:
            break  # the rest are still to decide
        decision, reason = DECISIONS[index % len(DECISIONS)]
        made += services.decide(milestone, leader, decision=decision, reason=reason,
                                successors=successors(milestone, decision), at=at(opened))
    if not last:
        services.close_year_end(year_end, leader, at=at(closed))
        services.agree_next_year(year_end, leader, at=at(agreed))
    return made


def successors(milestone, decision) -> list[services.Successor]:
    """The next year's milestones: the same work a year on, or two phases replacing it."""
    next_year = milestone.plan_year + 1
    if decision == Decision.CARRIED_OVER:
        return [services.Successor(milestone.title,
                                   within(next_year, milestone.due + timedelta(days=365)))]
    if decision == Decision.SUPERSEDED:
        return [services.Successor(f"{milestone.title}: first phase", date(next_year, 9, 30)),
                services.Successor(f"{milestone.title}: second phase", last_day(next_year))]
    return []


def run_rounds(plan, milestones, staff, today) -> None:
    """Last quarter's round, closed; this quarter's, open with some answers in. Each
    update belongs to the round open on the day it was posted."""
    this_year, this_quarter = quarter_of(today)
    last_year, last_quarter = previous_quarter(this_year, this_quarter)
    current = [m for m in milestones if hasattr(m, "demo_scenario")]
    leader = staff["demo-leader"]
    opened, closed = LAST_ROUND_DAYS

    def days_ago(days: int) -> datetime:
        return at(today - timedelta(days=days))

    if last_year in plan.year_starts:
        last = services.open_round(plan, leader, plan_year=last_year, quarter=last_quarter,
                                   deadline=today - timedelta(days=closed + 10),
                                   at=days_ago(opened))
        for milestone in current:
            progress, _, _, updated = milestone.demo_scenario
            if opened > updated > closed:  # its latest update answered the last round
                post(milestone, progress, today, last, days_ago(updated))
            else:
                earlier = Progress.ON_TRACK if progress == Progress.COMPLETE else progress
                post(milestone, earlier, today, last, days_ago(closed + 15), forecast=False)
        services.close_round(last, leader, at=days_ago(closed))

    if this_year not in plan.year_starts:
        return
    for milestone in current:  # updates posted between the rounds
        progress, _, _, updated = milestone.demo_scenario
        if closed > updated >= OPEN_ROUND_DAYS:
            post(milestone, progress, today, None, days_ago(updated))
    current_round = services.open_round(plan, leader, plan_year=this_year, quarter=this_quarter,
                                        deadline=today + timedelta(days=21),
                                        at=days_ago(OPEN_ROUND_DAYS))
    for milestone in current:
        progress, _, _, updated = milestone.demo_scenario
        if updated < OPEN_ROUND_DAYS:
            update = post(milestone, progress, today, current_round, days_ago(updated))
            if any(milestone.demo_scenario is returned for returned in RETURNED):
                services.return_update(update, leader, at=days_ago(updated - 2), challenge=(
                    "Please say which posts are still vacant and when the mitigation takes "
                    "effect."))


def post(milestone, progress, today, update_round, posted_at, forecast=True):
    """Post an owner's update as of ``posted_at``, in ``update_round`` if it asks."""
    forecast_in = milestone.demo_scenario[2]
    return services.post_update(
        milestone, milestone.owner, progress=progress, commentary=COMMENTARY[progress],
        forecast=today + timedelta(days=forecast_in) if forecast and forecast_in else None,
        round_id=update_round.pk if update_round else None, posted_at=posted_at)
