"""The demonstration council: its people and reference data, all illustrative.

Loading is idempotent: running it again brings the demo back to this state without
duplicating anything. Later capabilities add their demo data to ``load``.
"""

from datetime import date

from django.db import transaction

from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import Role, ServiceArea, User
from smeaton.web.audits import demo as audits_demo
from smeaton.web.audits import figures as audits_figures
from smeaton.web.boards import demo as boards_demo
from smeaton.web.commentary import demo as commentary_demo
from smeaton.web.partnership import demo as partnership_demo
from smeaton.web.performance import demo as performance_demo
from smeaton.web.plan import demo as plan_demo
from smeaton.web.reminders import demo as reminders_demo
from smeaton.web.reports import demo as reports_demo
from smeaton.web.returns import demo as returns_demo
from smeaton.web.risks import demo as risks_demo
from smeaton.web.service_plans import demo as service_plans_demo
from smeaton.web.voice import demo as voice_demo

PASSWORD = "smeaton-demo"  # noqa: S105  demo accounts only, documented in the README

SERVICE_AREAS = [
    ("Front door and MASH", "Contacts, referrals and the multi-agency safeguarding hub."),
    ("Family help and Family Hubs", "Early help in the localities, pregnancy to early adulthood."),
    ("Help and protection", "Assessment, children in need and child protection."),
    ("Children in care", "Care planning, placements and sufficiency."),
    ("Care leavers", "Leaving care service and personal advisers."),
    ("SEND", "Special educational needs and disabilities, short breaks."),
    ("Education, participation and skills", "Attendance, inclusion and attainment."),
    ("Quality assurance and performance",
     "Audit, performance management and the programme office."),
]

# username, first name, last name, role, job title, service area
PEOPLE = [
    ("demo-admin", "Alex", "Morgan", Role.ADMINISTRATOR, "Systems administrator",
     "Quality assurance and performance"),
    ("demo-leader", "Jo", "Hughes", Role.LEADERSHIP, "Director of Children's Services", None),
    ("demo-lead", "Priya", "Shah", Role.PRIORITY_LEAD, "Head of Service, Children in Care",
     "Children in care"),
    ("demo-owner", "Sam", "Taylor", Role.CONTRIBUTOR, "Service Manager, Fostering",
     "Children in care"),
    ("demo-viewer", "Chris", "Evans", Role.VIEWER, "Policy officer, Chief Executive's office",
     None),
    ("demo-analyst", "Kim", "Patel", Role.ANALYST, "Senior Performance Analyst",
     "Quality assurance and performance"),
    ("demo-partner", "Morwenna", "Hosking", Role.PARTNER, "Designated Nurse for Safeguarding",
     None),
    ("demo-councillor", "Lesley", "Penrose", Role.COUNCILLOR,
     "Councillor, chair of the Children and Young People Scrutiny Panel", None),
    ("demo-qa", "Dee", "Okafor", Role.QA_LEAD, "Practice and Quality Assurance Lead",
     "Quality assurance and performance"),
    ("demo-participation", "Tamsin", "Rowe", Role.PARTICIPATION_LEAD,
     "Participation and Engagement Lead", "Quality assurance and performance"),
]
# The partner organisation a demo user works for (partnership/demo.py has them all).
ORGANISATION_OF = {"demo-partner": partnership_demo.HEALTH}
USERNAMES = [person[0] for person in PEOPLE]


@transaction.atomic
def load(today: date | None = None) -> None:
    """The whole demo: its people and reference data, then the plan around ``today``."""
    load_people()
    plan = plan_demo.load(today)
    service_plans_demo.load(plan, today)
    partnership_demo.load(plan, today)
    risks_demo.load(plan, today)
    voice_demo.load(plan, today)
    performance_demo.load()
    returns_demo.load()
    audits_demo.load(today)
    audits_demo.load_findings(today)
    # Now, not once the whole demo commits (as after an audit is completed), since the
    # illustrative targets next are set from them.
    audits_figures.refresh(today)
    performance_demo.own_targets()
    performance_demo.dfe_tolerances()
    commentary_demo.load(today)
    boards_demo.load(plan, today)
    reports_demo.load(today)
    reminders_demo.load()


def load_people() -> None:
    services = {
        name: ServiceArea.objects.update_or_create(name=name, defaults={"description": text})[0]
        for name, text in SERVICE_AREAS
    }
    organisations = partnership_demo.organisations()
    for username, first, last, role, title, service in PEOPLE:
        user, created = User.objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "role": role,
                "job_title": title,
                "service_area": services.get(service),
                "organisation": organisations.get(ORGANISATION_OF.get(username)),
                "email": f"{username}@example.org",
                "is_active": True,
            },
        )
        if created or not user.check_password(PASSWORD):
            user.set_password(PASSWORD)
            user.save(update_fields=["password"])
        # Anyone may try setting up two-factor authentication in the demo (it requires
        # it of nobody); starting the demo again forgets it, so every demo user can
        # always sign in with the password alone.
        if two_factor.authenticator(user) or two_factor.recovery_device(user):
            two_factor.reset(user)
