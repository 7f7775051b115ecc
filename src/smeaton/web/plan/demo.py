"""Load the illustrative demo plan: priorities, milestones, updates and two rounds.

Dates are laid out around today, so that whenever the demo is prepared its current
year shows every RAG state, an overdue update, a closed round and an open one.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smeaton.web.accounts.models import Role
from smeaton.web.plan import services
from smeaton.web.plan.demo_content import PLAN, PRIORITIES, STAFF
from smeaton.web.plan.models import Milestone, Outcome, Plan, Priority, UpdateRound
from smeaton.web.plan.rag import Progress
from smeaton.years import first_day, last_day, year_of

FIRST_YEAR = 2024
AGREED = date(2024, 7, 8)  # the day Cabinet agreed the plan

# What has happened to the current year's milestones, in turn:
# (progress, due in days from today, expected completion in days from today, update days ago)
CURRENT_YEAR = [
    (Progress.COMPLETE, -30, None, 20),
    (Progress.ON_TRACK, 90, None, 10),
    (Progress.AT_RISK, 60, None, 12),
    (Progress.ON_TRACK, 20, 70, 8),        # late by under 3 months: Amber
    (Progress.OFF_TRACK, 45, None, 15),
    (Progress.AT_RISK, -10, 100, 9),       # late by 3 months or more: Red
    (Progress.NOT_STARTED, 120, None, 40),
    (Progress.ON_TRACK, 100, None, 75),    # no update for over 60 days
]

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


def people() -> dict:
    User = get_user_model()
    staff = {}
    for username, first, last, role, title in STAFF:
        person, created = User.objects.update_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "role": Role(role), "job_title": title,
            "email": f"{username}@example.org"})
        if created:
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
    plan = Plan.objects.create(first_year=FIRST_YEAR, illustrative=True, **PLAN)
    current_year = plan.current_year(today)
    milestones = build_priorities(plan, staff, today, current_year)
    post_past_updates(milestones, staff, current_year)
    run_rounds(plan, milestones, staff, today)
    return plan


def build_priorities(plan, staff, today, current_year) -> list[Milestone]:
    milestones = []
    scenario = 0
    for number, title, description, lead, outcomes, owners, by_year in PRIORITIES:
        priority = Priority.objects.create(plan=plan, number=number, title=title,
                                           description=description, lead=staff[lead])
        outcome_rows = [Outcome.objects.create(priority=priority, title=o) for o in outcomes]
        for offset, titles in enumerate(by_year):
            year = plan.first_year + offset
            for index, milestone_title in enumerate(titles):
                milestone = Milestone(
                    priority=priority, plan_year=year, title=milestone_title,
                    owner=staff[owners[index % len(owners)]],
                    outcome=outcome_rows[index % len(outcome_rows)], created_at=at(AGREED))
                if year == current_year:
                    milestone.demo_scenario = CURRENT_YEAR[scenario % len(CURRENT_YEAR)]
                    scenario += 1
                    due_in = timedelta(days=milestone.demo_scenario[1])
                    milestone.due = within(plan, year, today + due_in)
                else:
                    # Earlier years: spread through the year, due at the end of a quarter.
                    milestone.due = date(year, 6 + 3 * (index % 3), 30)
                milestone.save()
                milestones.append(milestone)
    return milestones


def within(plan: Plan, year: int, day: date) -> date:
    """Keep a due date inside its plan year."""
    return min(max(day, first_day(year)), last_day(year), plan.ends)


def post_past_updates(milestones, staff, current_year) -> None:
    """Earlier years' milestones: mostly delivered, a few still late."""
    for index, milestone in enumerate(m for m in milestones if m.plan_year < current_year):
        late = index % 9 == 4
        progress = Progress.AT_RISK if late else Progress.COMPLETE
        forecast = milestone.due + timedelta(days=120) if late else None
        services.post_update(milestone, milestone.owner, progress=progress, forecast=forecast,
                             commentary=COMMENTARY[progress],
                             posted_at=at(milestone.due - timedelta(days=5)))


def run_rounds(plan, milestones, staff, today) -> None:
    """Last quarter's round, closed; this quarter's, open with some answers in."""
    this_year, this_quarter = quarter_of(today)
    last_year, last_quarter = previous_quarter(this_year, this_quarter)
    current = [m for m in milestones if hasattr(m, "demo_scenario")]
    leader = staff["demo-leader"]

    if last_year in plan.year_starts:
        closed = services.open_round(plan, leader, plan_year=last_year, quarter=last_quarter,
                                     deadline=today - timedelta(days=45))
        for milestone in current:
            progress = milestone.demo_scenario[0]
            earlier = Progress.ON_TRACK if progress == Progress.COMPLETE else progress
            services.post_update(milestone, milestone.owner, progress=earlier,
                                 commentary=COMMENTARY[earlier], round_id=closed.pk,
                                 posted_at=at(today - timedelta(days=50)))
        services.close_round(closed, leader)
        UpdateRound.objects.filter(pk=closed.pk).update(
            opened_at=at(today - timedelta(days=100)), closed_at=at(today - timedelta(days=40)))

    if this_year not in plan.year_starts:
        return
    open_round = services.open_round(plan, leader, plan_year=this_year, quarter=this_quarter,
                                     deadline=today + timedelta(days=21))
    for number, milestone in enumerate(current):
        progress, _, forecast_in, days_ago = milestone.demo_scenario
        if days_ago > 60 or number % 4 == 3:
            continue  # not yet answered in this round
        forecast = today + timedelta(forecast_in) if forecast_in else None
        update = services.post_update(
            milestone, milestone.owner, progress=progress, commentary=COMMENTARY[progress],
            forecast=within(plan, milestone.plan_year, forecast) if forecast else None,
            round_id=open_round.pk, posted_at=at(today - timedelta(days=days_ago)))
        if number == 2:
            services.return_update(update, leader, challenge=(
                "Please say which posts are still vacant and when the mitigation takes effect."))
    # The milestone with no update for over 60 days last reported long ago.
    for milestone in current:
        if milestone.demo_scenario[3] > 60:
            Milestone.objects.filter(pk=milestone.pk).update(
                last_update_at=at(today - timedelta(days=milestone.demo_scenario[3])))
