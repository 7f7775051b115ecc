"""Case-file audits built directly, with known grades and dates, for the findings and the
dashboard's known-answer tests."""

from datetime import date, datetime
from itertools import count
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import timezone

from smeaton.web.accounts.models import Role
from smeaton.web.audits.models import (
    Audit,
    Moderation,
    Programme,
    Sample,
    Service,
    Tool,
    ToolVersion,
)

# One fixed day, in the plan's second year (2025/26), as the other apps' tests use.
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def qa(make_user):
    return {
        "lead": make_user(Role.QA_LEAD, username="quinn", first_name="Quinn",
                          last_name="Lead", email="quinn@example.org"),
        "auditor": make_user(Role.CONTRIBUTOR, username="ada", first_name="Ada",
                             last_name="Auditor", email="ada@example.org"),
        "moderator": make_user(Role.CONTRIBUTOR, username="mo", first_name="Mo",
                               last_name="Moderator", email="mo@example.org"),
        "contact": make_user(Role.PRIORITY_LEAD, username="sal", first_name="Sal",
                             last_name="Guard", email="sal@example.org"),
        "contact2": make_user(Role.LEADERSHIP, username="pat", first_name="Pat",
                              last_name="Head", email="pat@example.org"),
        "owner": make_user(Role.CONTRIBUTOR, username="owen", first_name="Owen",
                           last_name="Owner", email="owen@example.org"),
        "viewer": make_user(Role.VIEWER, username="vic"),
        "partner": make_user(Role.PARTNER, username="pam"),
    }


def make_programme(qa, name="Monthly case-file audit") -> Programme:
    tool, _ = Tool.objects.get_or_create(name="Case-file audit")
    ToolVersion.objects.get_or_create(tool=tool, number=1,
                                      defaults={"status": ToolVersion.Status.PUBLISHED})
    programme = Programme.objects.create(name=name, tool=tool, frame="open_cases",
                                         sample_size=10, lead=qa["lead"])
    programme.auditors.set([qa["auditor"]])
    programme.moderators.set([qa["moderator"]])
    programme.safeguarding_contacts.set([qa["contact"], qa["contact2"]])
    return programme


@pytest.fixture
def programme(qa):
    return make_programme(qa)


_children = count(1)


def make_audit(programme, qa, *, month: date, grade: str = "", service=Service.CHILD_IN_NEED,
               status=Audit.Status.COMPLETED, moderated_to: str | None = None,
               due: date | None = None, themes=(), illustrative=False) -> Audit:
    """An audit of the month's sample with the auditor's ``grade``; ``moderated_to`` gives
    it a moderation with that grade (a reason if it differs)."""
    sample, _ = Sample.objects.get_or_create(
        programme=programme, month=month, defaults={
            "drawn_by": qa["lead"], "method": programme.method, "frame": programme.frame,
            "on": month, "seed": 1, "frame_size": 100})
    audit = Audit.objects.create(
        sample=sample, tool_version=programme.tool.versions.get(), child=f"T{next(_children):05d}",
        service=service, auditor=qa["auditor"], due=due or month.replace(day=28),
        status=status, grade=grade, illustrative=illustrative,
        moderator=qa["moderator"] if moderated_to else None,
        completed_at=timezone.now() if status == Audit.Status.COMPLETED else None)
    if moderated_to:
        Moderation.objects.create(audit=audit, moderator=qa["moderator"], auditor_grade=grade,
                                  grade=moderated_to,
                                  reason="" if moderated_to == grade else "Evidence thin")
    audit.themes.set(themes)
    return audit


@pytest.fixture
def audit(programme, qa):
    return make_audit(programme, qa, month=date(2025, 10, 1), grade="good")
