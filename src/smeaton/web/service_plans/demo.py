"""Illustrative service plans: four service areas' plans for the plan's current year.

Their actions are laid out around today, like the plan's milestones, so that whenever
the demo is prepared every RAG state shows, and each serves one or more priorities
(by number) so the matrix of priorities by service area has something in most rows.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smeaton.web.accounts.models import ServiceArea
from smeaton.web.plan.models import Plan
from smeaton.web.plan.rag import Progress
from smeaton.web.service_plans import services
from smeaton.web.service_plans.models import ServicePlan
from smeaton.years import first_day, last_day

# (progress, due in days from today, expected completion in days from today or None,
# days since the latest update or None for none yet): Complete, Green, Amber (reported
# at risk), Amber (a little late), Red (reported off track), Red (months late),
# Not started.
SCENARIOS = [
    (Progress.COMPLETE, -20, None, 15),
    (Progress.ON_TRACK, 80, None, 10),
    (Progress.AT_RISK, 50, None, 12),
    (Progress.ON_TRACK, 30, 75, 9),
    (Progress.OFF_TRACK, 40, None, 14),
    (Progress.AT_RISK, -15, 110, 8),
    (Progress.NOT_STARTED, 120, None, None),
]

COMMENTARY = {
    Progress.COMPLETE: "Done and reported to the service's management team.",
    Progress.ON_TRACK: "Going to plan; next steps agreed with the team.",
    Progress.AT_RISK: "Vacancies are slowing this down; cover is being arranged.",
    Progress.OFF_TRACK: "The funding this relies on is not yet confirmed; escalated.",
    Progress.NOT_STARTED: "Starts next quarter.",
}

# service area, lead, status, actions: (title, owner, priority numbers)
SERVICE_PLANS = [
    ("Children in care", "demo-lead", ServicePlan.Status.AGREED, [
        ("Recruit twelve more foster carers in the city", "demo-owner", (3,)),
        ("Review every placement more than 20 miles away", "demo-owner", (3, 10)),
        ("Launch the Staying Close offer with the leaving care team", "nadia.rahman", (3, 4)),
        ("Train supervising social workers in trauma-informed practice", "ellie.hocking",
         (3, 8)),
        ("Open the second children's home", "demo-owner", (3, 10)),
    ]),
    ("Front door and MASH", "dan.whitfield", ServicePlan.Status.AGREED, [
        ("Bring partners' triage into the MASH daily meeting", "marcus.bell", (2, 9)),
        ("Cut repeat referrals by reviewing closures at the front door", "marcus.bell", (2,)),
        ("Step down to Family Hubs within five working days", "lucy.trevithick", (1, 2)),
        ("Stabilise the front door's agency staffing", "marcus.bell", (2, 8)),
    ]),
    ("Family help and Family Hubs", "helen.pascoe", ServicePlan.Status.AGREED, [
        ("Open Family Hubs in the two remaining localities", "lucy.trevithick", (1,)),
        ("Offer parenting programmes in every hub", "lucy.trevithick", (1, 9)),
        ("Run attendance surgeries with schools in the hubs", "gareth.lloyd", (1, 6)),
        ("Publish the Start for Life offer", "lucy.trevithick", (1,)),
    ]),
    ("SEND", "amara.okafor", ServicePlan.Status.DRAFT, [
        ("Issue EHC plans within 20 weeks", "amara.okafor", (5,)),
        ("Widen short breaks for disabled children", "amara.okafor", (5, 3)),
        ("Set up inclusion outreach for mainstream schools", "gareth.lloyd", (5, 6)),
        ("Bring specialist school places back into the city", "tom.chapple", (5, 10)),
    ]),
]


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


@transaction.atomic
def load(plan: Plan, today: date | None = None) -> None:
    """Four service plans for the plan's current year; nothing if they are there already."""
    today = today or timezone.localdate()
    year = plan.current_year(today)
    if ServicePlan.objects.filter(plan=plan, plan_year=year).exists():
        return
    people = {u.username: u for u in get_user_model().objects.all()}
    priorities = {p.number: p for p in plan.priorities.all()}
    admin = people["demo-admin"]
    scenario = 0
    for area_name, lead, status, actions in SERVICE_PLANS:
        area = ServiceArea.objects.get(name=area_name)
        service_plan = ServicePlan(plan=plan, service_area=area, plan_year=year,
                                   lead=people[lead], status=status)
        service_plan._history_user = admin
        service_plan.save()
        for title, owner, numbers in actions:
            progress, due_in, forecast_in, updated = SCENARIOS[scenario % len(SCENARIOS)]
            scenario += 1
            due = min(max(today + timedelta(days=due_in), first_day(year)), last_day(year))
            created = today - timedelta(days=90)
            action = services.add_action(
                service_plan, people[lead], title=title, description="", owner=people[owner],
                due=due, priorities=[priorities[n] for n in numbers if n in priorities],
                at=at(created))
            if updated is not None:
                services.post_update(
                    action, action.owner, progress=progress, commentary=COMMENTARY[progress],
                    forecast=today + timedelta(days=forecast_in) if forecast_in else None,
                    posted_at=at(today - timedelta(days=updated)))
