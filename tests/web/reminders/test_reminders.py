"""Reminders by email, sent through a real SMTP server on this machine."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from smeaton.web.accounts.models import Organisation, Role, ServiceArea
from smeaton.web.partnership import services as partnership_services
from smeaton.web.partnership.models import PartnershipPlan, SharedPriority
from smeaton.web.plan import services as plan
from smeaton.web.plan.models import Milestone, Plan, Priority
from smeaton.web.plan.rag import Progress
from smeaton.web.reminders import services
from smeaton.web.reminders.kinds import Kind, offered_to
from smeaton.web.reminders.models import Email
from smeaton.web.service_plans import services as service_plan_services
from smeaton.web.service_plans.models import ServicePlan
from tests.conftest import signed_in
from tests.web.returns.conftest import run_worker_once

NOW = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def people(make_user):
    return {
        "office": make_user(Role.LEADERSHIP, email="office@example.org"),
        "ann": make_user(Role.CONTRIBUTOR, email="ann@example.org", first_name="Ann",
                         last_name="Owner"),
        "bob": make_user(Role.CONTRIBUTOR, email="bob@example.org"),
        "nomail": make_user(Role.CONTRIBUTOR, email=""),
    }


@pytest.fixture
def the_plan(people):
    plan_ = Plan.objects.create(title="Achieving Excellence", first_year=2024)
    priority = Priority.objects.create(plan=plan_, number=1, title="Early help",
                                       lead=people["office"])
    for owner, title in [("ann", "Open two homes"), ("ann", "Recruit carers"),
                         ("bob", "Train staff"), ("nomail", "Write the strategy")]:
        Milestone.objects.create(priority=priority, plan_year=2025, title=title,
                                 owner=people[owner], due=date(2026, 1, 31))
    return plan_


def open_round(the_plan, people, deadline=date(2025, 12, 19)):
    with time_machine.travel(NOW, tick=False):
        return plan.open_round(the_plan, people["office"], plan_year=2025, quarter=3,
                               deadline=deadline)


def test_opening_a_round_emails_each_owner_once_through_the_real_worker(
        transactional_db, smtp_server, people, the_plan):
    update_round = open_round(the_plan, people)

    run_worker_once()

    assert sorted(m["To"] for m in smtp_server.messages) == ["ann@example.org",
                                                            "bob@example.org"]
    ann = smtp_server.to("ann@example.org")[0]
    assert ann["Subject"] == (
        "Update your milestones by 19 December 2025: the 2025/26 quarter 3 round is open")
    text = ann.get_body(("plain",)).get_content()
    assert "Dear Ann Owner" in text and "Open two homes" in text and "Recruit carers" in text
    assert "https://smeaton.example.gov.uk/plan/mine/" in text
    html = ann.get_body(("html",)).get_content()
    assert 'href="https://smeaton.example.gov.uk/account/reminders/"' in html
    assert set(Email.objects.values_list("status", "attempts")) == {(Email.Status.SENT, 1)}
    assert Email.objects.get(to="ann@example.org").about == f"update round {update_round}"


def test_nothing_is_sent_for_a_round_that_failed_to_open(db, people, the_plan):
    open_round(the_plan, people)
    with pytest.raises(plan.PlanError):
        open_round(the_plan, people)
    assert Email.objects.count() == 2  # the first round's, and no more


def test_a_person_who_turned_a_reminder_off_does_not_get_it(db, people, the_plan):
    services.save_preferences(people["bob"], people["bob"], {Kind.UPDATE_RETURNED})

    open_round(the_plan, people)

    assert list(Email.objects.values_list("to", flat=True)) == ["ann@example.org"]


def test_the_daily_command_queues_each_reminder_once(db, smtp_server, people, the_plan):
    update_round = open_round(the_plan, people)
    ann_milestone = Milestone.objects.filter(owner=people["ann"]).first()
    with time_machine.travel(NOW, tick=False):
        plan.post_update(ann_milestone, people["ann"], progress=Progress.ON_TRACK,
                         commentary="Going well.", round_id=update_round.pk)
    week_before = datetime(2025, 12, 12, 7, 0, tzinfo=NOW.tzinfo)

    for _ in range(2):
        with time_machine.travel(week_before, tick=False):
            call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    due_soon = Email.objects.filter(kind=Kind.ROUND_DUE_SOON)
    assert sorted(due_soon.values_list("to", flat=True)) == ["ann@example.org",
                                                            "bob@example.org"]
    # Ann still owes one of her two updates; the email lists only that one.
    assert "Recruit carers" in due_soon.get(to="ann@example.org").text
    assert "Open two homes" not in due_soon.get(to="ann@example.org").text
    email = due_soon.get(to="bob@example.org")
    services.deliver(email.pk)
    services.deliver(email.pk)  # a task run twice sends once
    assert len(smtp_server.to("bob@example.org")) == 1


def test_an_overdue_update_is_reminded_once_after_the_deadline(db, people, the_plan):
    open_round(the_plan, people)
    for day in (20, 21, 22):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
        with time_machine.travel(datetime(2025, 12, day, 7, 0, tzinfo=NOW.tzinfo), tick=False):
            call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    overdue = Email.objects.filter(kind=Kind.UPDATE_OVERDUE)
    assert sorted(overdue.values_list("to", flat=True)) == ["ann@example.org", "bob@example.org"]
    assert overdue.first().subject.startswith("Your update is overdue")


def test_a_returned_update_emails_its_owner_with_the_challenge(db, people, the_plan):
    update_round = open_round(the_plan, people)
    milestone = Milestone.objects.get(title="Train staff")
    with time_machine.travel(NOW, tick=False):
        update = plan.post_update(milestone, people["bob"], progress=Progress.ON_TRACK,
                                  commentary="Fine.", round_id=update_round.pk)
        plan.return_update(update, people["office"], challenge="Say how many were trained.")

    email = Email.objects.get(kind=Kind.UPDATE_RETURNED)
    assert email.to == "bob@example.org"
    assert "Say how many were trained." in email.text
    assert email.subject.startswith('Your update on "Train staff" was returned')


def test_the_weekly_digest_goes_on_mondays_to_those_who_asked(db, people, the_plan):
    services.save_preferences(people["ann"], people["ann"], {Kind.WEEKLY_DIGEST})
    monday, tuesday = (datetime(2025, 11, d, 7, 0, tzinfo=NOW.tzinfo) for d in (24, 25))
    with time_machine.travel(tuesday, tick=False):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert not Email.objects.filter(kind=Kind.WEEKLY_DIGEST).exists()
    with time_machine.travel(monday, tick=False):
        call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115

    digest = Email.objects.get(kind=Kind.WEEKLY_DIGEST)
    assert digest.to == "ann@example.org"
    assert "Open two homes" in digest.text and "Recruit carers" in digest.text


def test_a_failed_send_is_retried_then_marked_failed_with_its_error(
        db, no_smtp_server, people, the_plan, caplog):
    open_round(the_plan, people)
    email = Email.objects.get(to="bob@example.org")

    for attempt in (1, 2):
        email = services.deliver(email.pk)
        assert (email.status, email.attempts) == (Email.Status.QUEUED, attempt)
        assert "ConnectionRefusedError" in email.last_error
    retries = DBTaskResult.objects.filter(args_kwargs__args=[email.pk]).exclude(run_after=None)
    assert retries.count() == 2
    assert all(r.run_after > email.created_at for r in retries)
    email = services.deliver(email.pk)

    assert (email.status, email.attempts) == (Email.Status.FAILED, 3)
    assert "ConnectionRefusedError" in email.last_error
    assert "Gave up on email" in caplog.text
    assert services.deliver(email.pk).attempts == 3  # a failed email is not tried again


def test_a_person_chooses_their_reminders(client, people):
    ann = people["ann"]
    signed_in(client, ann)
    page = client.get("/account/reminders/")
    assert page.status_code == 200
    assert b'value="round_opened"' in page.content and b"checked" in page.content

    response = client.post("/account/reminders/", {"chosen": ["weekly_digest"]}, follow=True)

    assert b"Your email reminders have been saved." in response.content
    preferences = services.preferences_of(ann)
    offered = {reminder.kind.value for reminder in offered_to(ann)}
    assert [kind for kind in preferences.chosen if kind in offered] == ["weekly_digest"]
    assert preferences.history.latest().history_user == ann
    # An owner decides nothing at a year end: that choice is not theirs to make.
    assert b'value="review_opened"' not in page.content


def test_a_councillor_is_offered_no_reminders_and_told_why(client, make_user):
    signed_in(client, make_user(Role.VIEWER, email="cllr@example.org"))
    page = client.get("/account/reminders/").content.decode()
    assert "None of Smeaton's email reminders concern your role" in page
    assert 'type="checkbox"' not in page


def test_an_unknown_choice_is_refused_with_a_message(client, people):
    signed_in(client, people["ann"])
    response = client.post("/account/reminders/", {"chosen": ["nonsense"]})
    assert response.status_code == 200
    assert b"Select reminders from the list" in response.content
    assert b"govuk-error-summary" in response.content
    assert not services.preferences_of(people["ann"]).pk


def test_actions_due_in_a_week_remind_their_owner_once(db, people, the_plan):
    service_plan = ServicePlan.objects.create(
        plan=the_plan, service_area=ServiceArea.objects.create(name="Fostering"),
        plan_year=2025, lead=people["office"])
    priority = the_plan.priorities.get()
    for title, owner, due in [("Recruit ten carers", "ann", date(2025, 11, 27)),
                              ("Train panel members", "bob", date(2025, 12, 1))]:
        service_plan_services.add_action(service_plan, people["office"], priorities=[priority],
                                         title=title, description="", owner=people[owner],
                                         due=due)
    # Ann also works with a partner: the police's action she is the contact for.
    police = Organisation.objects.create(name="Devon and Cornwall Police")
    people["ann"].organisation = police
    people["ann"].save()
    shared = SharedPriority.objects.create(
        partnership_plan=PartnershipPlan.objects.create(plan=the_plan, title="Partnership"),
        number=1, title="Safer streets")
    partnership_services.add_action(shared, people["office"], organisation=police,
                                    owner=people["ann"], title="Brief neighbourhood teams",
                                    description="", due=date(2025, 11, 27))
    for _ in range(2):
        with time_machine.travel(NOW, tick=False):
            call_command("send_reminders", stdout=open("/dev/null", "w"))  # noqa: SIM115
    [email] = Email.objects.filter(kind=Kind.ACTION_DUE_SOON)
    assert email.to == "ann@example.org"
    assert "2 actions you own are due on 27 November 2025" in email.subject
    assert "Fostering: Recruit ten carers" in email.text
    assert "Devon and Cornwall Police: Brief neighbourhood teams" in email.text
    assert "/partnership/actions/" in email.text


def test_opening_a_year_end_review_asks_each_lead_for_their_decisions(db, people, the_plan):
    Milestone.objects.filter(plan_year=2025).update(plan_year=2024, due=date(2025, 1, 31))
    Milestone.objects.filter(title="Train staff").update(progress=Progress.COMPLETE)
    with time_machine.travel(NOW, tick=False):
        plan.open_year_end(the_plan, people["office"], plan_year=2024)
    [email] = Email.objects.filter(kind=Kind.REVIEW_OPENED)
    assert email.to == "office@example.org"  # the priority's lead
    assert "3 milestones" in email.text and "Train staff" not in email.text
    assert "/plan/year-end/2024/" in email.text
