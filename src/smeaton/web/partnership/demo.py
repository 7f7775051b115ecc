"""An illustrative partnership plan: four shared priorities, mapped to the demo plan's
priorities, with actions owned by the health board and the police.

Its actions are laid out around today, like the plan's milestones, so that whenever the
demo is prepared every RAG state shows, for both partners.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smeaton.web.accounts.models import Organisation, Role
from smeaton.web.partnership import services
from smeaton.web.partnership.models import PartnershipPlan, SharedPriority
from smeaton.web.plan.models import Plan
from smeaton.web.plan.rag import Progress

HEALTH = "NHS Devon Integrated Care Board"
POLICE = "Devon and Cornwall Police"
PARTNER_ORGANISATIONS = [(HEALTH, Organisation.Kind.HEALTH),
                         (POLICE, Organisation.Kind.POLICE)]

# Partners' people besides demo-partner (demo.PEOPLE): illustrative, nobody signs in as
# them. username, first name, last name, job title, organisation
PARTNERS = [
    ("rachel.kerr", "Rachel", "Kerr", "Detective Inspector, Child Exploitation Team", POLICE),
    ("owen.tremayne", "Owen", "Tremayne", "Superintendent, Plymouth Local Policing", POLICE),
]

TITLE = "Children and Young People's Partnership Plan"
BOARD = "Children's Partnership Board"

# (progress, due in days from today, expected completion in days from today or None,
# days since the latest update or None for none yet): Complete, Green, Amber (reported
# at risk), Amber (a little late), Red (reported off track), Red (months late),
# Not started.
SCENARIOS = [
    (Progress.COMPLETE, -25, None, 18),
    (Progress.ON_TRACK, 70, None, 11),
    (Progress.AT_RISK, 45, None, 13),
    (Progress.ON_TRACK, 25, 70, 7),
    (Progress.OFF_TRACK, 35, None, 16),
    (Progress.AT_RISK, -20, 105, 9),
    (Progress.NOT_STARTED, 110, None, None),
]

COMMENTARY = {
    Progress.COMPLETE: "Delivered; reported to the Children's Partnership Board.",
    Progress.ON_TRACK: "On track; the next steps are agreed with the council's lead.",
    Progress.AT_RISK: "Staff turnover is slowing this down; cover agreed with partners.",
    Progress.OFF_TRACK: "Funding for the posts is not yet agreed; escalated to the board.",
    Progress.NOT_STARTED: "Starts next quarter.",
}

# number, title, description, the council's priorities it serves (numbers), actions:
# (title, organisation, contact's username or None). Each organisation's actions take the
# scenarios in turn, seven each, so both organisations have actions in every state.
SHARED_PRIORITIES = [
    (1, "Keeping children safe from exploitation",
     "Partners find and disrupt the exploitation of children, criminal and sexual, and "
     "support the children affected.", (2, 9), [
         ("Run a weekly multi-agency exploitation meeting", POLICE, "rachel.kerr"),
         ("Screen every child seen in the emergency department for exploitation",
          HEALTH, "demo-partner"),
         ("Map exploitation hotspots with the community safety partnership", POLICE, None),
     ]),
    (2, "Healthy starts: the first 1,001 days",
     "Every family gets the health visiting and midwifery contacts they need, joined up with "
     "the Family Hubs.", (1,), [
         ("Give every family all five mandated health visiting contacts", HEALTH,
          "demo-partner"),
         ("Base a perinatal mental health worker in each Family Hub", HEALTH, None),
         ("Share police domestic abuse notifications with health visitors within a day",
          POLICE, "owen.tremayne"),
     ]),
    (3, "Emotional wellbeing and mental health",
     "Children and young people get help with their mental health quickly, in school and "
     "close to home.", (6, 5), [
         ("Extend mental health support teams to every secondary school", HEALTH,
          "demo-partner"),
         ("Train neighbourhood officers in trauma-informed practice", POLICE, "rachel.kerr"),
         ("Check the emotional wellbeing of every child coming into care within 20 working "
          "days", HEALTH, None),
         ("Tell schools of domestic abuse incidents by the next morning (Operation Encompass)",
          POLICE, None),
     ]),
    (4, "A stronger multi-agency front door",
     "Partners decide together, and quickly, what help a family needs.", (2,), [
         ("Give the MASH a health practitioner every working day", HEALTH, None),
         ("Send every police child concern notification to the MASH within 24 hours", POLICE,
          "owen.tremayne"),
         ("Agree a shared threshold document for the partnership", HEALTH, "demo-partner"),
         ("Join the police and council case records for the MASH", POLICE, None),
     ]),
]


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(14, 0)))


def organisations() -> dict[str, Organisation]:
    """The partner organisations, by name (reference data, loaded with the people)."""
    return {name: Organisation.objects.update_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in PARTNER_ORGANISATIONS}


def partners(by_name: dict[str, Organisation]) -> dict:
    User = get_user_model()
    for username, first, last, title, organisation in PARTNERS:
        person, made = User.objects.update_or_create(username=username, defaults={
            "first_name": first, "last_name": last, "role": Role.PARTNER, "job_title": title,
            "organisation": by_name[organisation], "email": f"{username}@example.org"})
        if made:
            person.set_unusable_password()  # illustrative colleagues: nobody signs in as them
            person.save()
    return {u.username: u for u in User.objects.filter(organisation__isnull=False)}


@transaction.atomic
def load(plan: Plan, today: date | None = None) -> PartnershipPlan:
    """The partnership plan serving the demo plan; nothing new if it is there already."""
    existing = PartnershipPlan.objects.filter(plan=plan, title=TITLE).first()
    if existing:
        return existing
    today = today or timezone.localdate()
    by_name = organisations()
    people = partners(by_name)
    office = get_user_model().objects.get(username="demo-admin")
    partnership_plan = PartnershipPlan(plan=plan, title=TITLE, board=BOARD, illustrative=True)
    partnership_plan._history_user = office
    partnership_plan.save()
    priorities = {p.number: p for p in plan.priorities.all()}
    lead_of = {name: next(p for p in people.values() if p.organisation.name == name)
               for name, _kind in PARTNER_ORGANISATIONS}
    scenario = {name: 0 for name in by_name}
    for number, title, description, serves, actions in SHARED_PRIORITIES:
        shared = SharedPriority(partnership_plan=partnership_plan, number=number, title=title,
                                description=description)
        shared._history_user = office
        shared.save()
        shared.priorities.set([priorities[n] for n in serves if n in priorities])
        for action_title, organisation, contact in actions:
            progress, due_in, forecast_in, updated = SCENARIOS[scenario[organisation]
                                                               % len(SCENARIOS)]
            scenario[organisation] += 1
            due = min(max(today + timedelta(days=due_in), plan.starts), plan.ends)
            action = services.add_action(
                shared, office, title=action_title, description="",
                organisation=by_name[organisation], owner=people.get(contact), due=due,
                at=at(today - timedelta(days=100)))
            if updated is not None:
                services.post_update(
                    action, action.owner or lead_of[organisation], progress=progress,
                    commentary=COMMENTARY[progress],
                    forecast=today + timedelta(days=forecast_in) if forecast_in else None,
                    posted_at=at(today - timedelta(days=updated)))
    return partnership_plan
