"""A risk's review falling due, and its actions falling due, remind their owners."""

from datetime import timedelta

import time_machine
from django.core.management import call_command

from smeaton.web.reminders.kinds import Kind, offered_to
from smeaton.web.reminders.models import Email
from smeaton.web.risks import services
from tests.web.risks.conftest import TODAY


def send_reminders():
    for _ in range(2):  # the second run sends nothing again
        with time_machine.travel(TODAY, tick=False):
            call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_a_review_a_week_away_and_one_overdue_remind_the_owner_once(make_risk, owner, leader,
                                                                  today):
    owner.email, leader.email = "sam@example.org", "jo@example.org"
    owner.save(), leader.save()
    soon = make_risk(title="Soon", next_review=today + timedelta(days=7))
    make_risk(title="Later", next_review=today + timedelta(days=8))
    late = make_risk(title="Late", next_review=today + timedelta(days=8))
    late.next_review = today - timedelta(days=1)  # a review a week ago set it so
    late.save()
    make_risk(title="Not mine", owner=leader, next_review=today + timedelta(days=30))
    send_reminders()
    [email] = Email.objects.filter(kind=Kind.RISK_REVIEW_DUE)
    assert email.to == "sam@example.org"
    assert email.subject == "A risk you own is overdue for review"
    assert f"{late.reference} Late" in email.text and f"{soon.reference} Soon" in email.text
    assert "Later" not in email.text
    assert f"/risks/{late.pk}/review/" in email.text


def test_a_reviewed_or_closed_risk_reminds_nobody(make_risk, owner, leader, today):
    owner.email = "sam@example.org"
    owner.save()
    risk = make_risk(next_review=today + timedelta(days=7))
    services.close_risk(risk, leader, reason="Gone.", seen_version=risk.version)
    send_reminders()
    assert not Email.objects.filter(kind=Kind.RISK_REVIEW_DUE).exists()


def test_risk_actions_are_among_the_actions_due_soon(risk, leader, owner, today):
    owner.email = "sam@example.org"
    owner.save()
    services.add_action(risk, leader, title="Open the assessment centre", description="",
                        owner=owner, due=today + timedelta(days=7))
    send_reminders()
    [email] = Email.objects.filter(kind=Kind.ACTION_DUE_SOON)
    assert f"{risk}: Open the assessment centre" in email.text


def test_the_review_reminder_is_offered_to_those_who_own_council_work(owner, make_user):
    from smeaton.web.accounts.models import Role

    assert Kind.RISK_REVIEW_DUE in [r.kind for r in offered_to(owner)]
    assert Kind.RISK_REVIEW_DUE not in [r.kind for r in offered_to(make_user(Role.COUNCILLOR))]


def test_an_action_of_a_closed_risk_reminds_nobody(risk, leader, owner, today):
    owner.email = "sam@example.org"
    owner.save()
    services.add_action(risk, leader, title="Open the assessment centre", description="",
                        owner=owner, due=today + timedelta(days=7))
    services.close_risk(risk, leader, reason="The event passed.", seen_version=None)
    send_reminders()
    assert not Email.objects.filter(kind=Kind.ACTION_DUE_SOON).exists()
