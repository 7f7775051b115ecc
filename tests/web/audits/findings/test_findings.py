"""Findings on an audit: actions for the child, safeguarding concerns told at once to the
named contacts (an email through the reminders queue, delivered by the real worker to a
real SMTP server on loopback, and their home page), learning themes and priorities."""

from datetime import date, timedelta

import pytest

from smeaton.web.accounts.models import ChildLevelRead
from smeaton.web.audits import queries, services
from smeaton.web.audits.models import ChildAction, SafeguardingConcern, Theme
from smeaton.web.plan.models import Plan, Priority
from smeaton.web.reminders import services as reminders
from smeaton.web.reminders.kinds import Kind, offered_to
from smeaton.web.reminders.models import Email
from tests.conftest import signed_in
from tests.web.audits.findings.conftest import make_audit
from tests.web.reminders.conftest import smtp_server  # noqa: F401
from tests.web.returns.conftest import run_worker_once


def test_an_action_for_the_child_is_owned_due_and_overdue_in_words(audit, qa, today):
    action = services.add_child_action(audit, qa["auditor"], description=" Visit the child ",
                                       owner=qa["owner"], due=today + timedelta(days=3))
    assert action.description == "Visit the child"
    assert action.history.latest().history_user == qa["auditor"]
    assert queries.action_due_in_words(today + timedelta(days=3), today) == "Due in 3 days"
    assert queries.action_due_in_words(today, today) == "Due today"
    assert queries.action_due_in_words(today - timedelta(days=1), today) == "Overdue by 1 day"
    assert queries.action_due_in_words(today - timedelta(days=9), today) == "Overdue by 9 days"
    [listed] = queries.actions_of(audit, today + timedelta(days=5))
    assert listed.is_overdue and listed.due_words == "Overdue by 2 days"


@pytest.mark.parametrize(("details", "field", "message"), [
    ({"description": "  "}, "description", "Enter what needs to be done for the child"),
    ({"due": date(2025, 11, 19)}, "due", "The due date must be today or in the future"),
])
def test_an_action_is_refused_with_a_message_naming_its_field(audit, qa, details, field,
                                                              message):
    given = {"description": "Visit", "owner": qa["owner"], "due": date(2025, 12, 1)} | details
    with pytest.raises(services.FindingError) as refused:
        services.add_child_action(audit, qa["auditor"], **given)
    assert (refused.value.field, str(refused.value)) == (field, message)
    assert not ChildAction.objects.exists()


def test_an_action_done_records_what_was_done_once(audit, qa, today):
    action = services.add_child_action(audit, qa["auditor"], description="Visit",
                                       owner=qa["owner"], due=today)
    done = services.complete_child_action(action, qa["owner"], done_note="Visited on Monday",
                                          done_on=today, seen_version=action.version)
    assert (done.status, done.done_on, done.done_note) == ("done", today, "Visited on Monday")
    assert done.history.latest().history_change_reason == "Done: recorded by Owen Owner"
    with pytest.raises(services.FindingError, match="already recorded as done"):
        services.complete_child_action(action, qa["owner"], done_note="Again")


def test_a_stale_done_is_refused(audit, qa, today):
    action = services.add_child_action(audit, qa["auditor"], description="Visit",
                                       owner=qa["owner"], due=today)
    with pytest.raises(services.FindingError, match="Someone else changed this action"):
        services.complete_child_action(action, qa["owner"], done_note="x",
                                       seen_version=action.version + 1)


def test_a_concern_tells_each_named_contact_at_once_through_the_real_worker(
        transactional_db, smtp_server, programme, qa):  # noqa: F811
    audit = make_audit(programme, qa, month=date(2025, 10, 1), grade="good")
    concern = services.raise_concern(audit, qa["auditor"],
                                     description="Bruising not followed up by the team.")

    assert set(concern.contacts.all()) == {qa["contact"], qa["contact2"]}
    emails = Email.objects.filter(kind=Kind.SAFEGUARDING_CONCERN)
    assert sorted(emails.values_list("to", flat=True)) == ["pat@example.org", "sal@example.org"]
    run_worker_once()
    assert sorted(m["To"] for m in smtp_server.messages) == ["pat@example.org",
                                                            "sal@example.org"]
    message = smtp_server.to("sal@example.org")[0]
    assert message["Subject"].startswith("A safeguarding concern needs your attention now")
    text = message.get_body(("plain",)).get_content()
    assert f"https://smeaton.example.gov.uk/quality-assurance/concerns/{concern.pk}/" in text
    assert "cannot be turned off" in text
    # Email leaves the council's systems: it names neither the child nor the concern.
    assert "Bruising" not in text and audit.child not in text
    assert set(emails.values_list("status", flat=True)) == {Email.Status.SENT}
    # And it is first on each contact's home page, until one of them acknowledges it.
    assert queries.concerns_for(qa["contact"]) == [concern]
    services.acknowledge_concern(concern, qa["contact2"], response="Spoke to the team manager")
    assert queries.concerns_for(qa["contact"]) == []
    assert queries.concerns_for(qa["contact2"]) == []


def test_a_concern_email_cannot_be_turned_off(db, audit, qa):
    reminders.save_preferences(qa["contact"], qa["contact"], set())  # every reminder off
    assert Kind.SAFEGUARDING_CONCERN not in [r.kind for r in offered_to(qa["contact"])]
    services.raise_concern(audit, qa["auditor"], description="Concern")
    assert Email.objects.filter(kind=Kind.SAFEGUARDING_CONCERN, to="sal@example.org").exists()
    assert "safeguarding_concern" not in reminders.preferences_of(qa["contact"]).chosen


def test_nothing_is_queued_for_a_concern_that_failed_to_save(db, audit, qa):
    with pytest.raises(services.FindingError):
        services.raise_concern(audit, qa["auditor"], description=" ")
    assert not SafeguardingConcern.objects.exists() and not Email.objects.exists()


def test_a_programme_without_named_contacts_tells_its_lead(db, audit, qa):
    audit.sample.programme.safeguarding_contacts.clear()
    concern = services.raise_concern(audit, qa["moderator"], description="Concern")
    assert list(concern.contacts.all()) == [qa["lead"]]
    assert Email.objects.get(kind=Kind.SAFEGUARDING_CONCERN).to == "quinn@example.org"


def test_a_concern_is_acknowledged_once_with_what_was_done(audit, qa):
    concern = services.raise_concern(audit, qa["lead"], description="Concern")
    with pytest.raises(services.FindingError) as refused:
        services.acknowledge_concern(concern, qa["contact"], response="")
    assert refused.value.field == "response"
    services.acknowledge_concern(concern, qa["contact"], response="Strategy meeting held")
    with pytest.raises(services.FindingError, match="Sal Guard already recorded"):
        services.acknowledge_concern(concern, qa["contact2"], response="Also")
    concern.refresh_from_db()
    assert concern.acknowledged_by == qa["contact"]
    assert concern.history.latest().history_change_reason == "Acknowledged by Sal Guard"


def test_themes_are_added_renamed_and_retired_audited(db, audit, qa):
    theme = services.add_theme(qa["lead"], name="Voice of the child")
    with pytest.raises(services.FindingError, match="already a theme called"):
        services.add_theme(qa["lead"], name="voice of the CHILD")
    services.change_theme(theme, qa["lead"], name="Voice of the child and family")
    services.tag_audit(audit, qa["auditor"], themes=[theme], priorities=[])
    services.change_theme(theme, qa["lead"], name="Voice of the child and family",
                          in_use=False)
    theme.refresh_from_db()
    assert not theme.in_use
    assert [h.history_change_reason for h in theme.history.all()] == [
        "Retired by Quinn Lead", "Renamed by Quinn Lead", "Added by Quinn Lead"]
    # A retired theme stays on the audits tagged with it, and is not offered to others.
    services.tag_audit(audit, qa["auditor"], themes=[theme], priorities=[])
    other = make_audit(audit.sample.programme, qa, month=date(2025, 10, 1), grade="good")
    with pytest.raises(services.FindingError, match="is retired"):
        services.tag_audit(other, qa["auditor"], themes=[theme], priorities=[])
    assert list(queries.themes_in_use()) == []


def test_tagging_links_the_plans_priorities_and_is_audited(db, audit, qa):
    plan = Plan.objects.create(title="Achieving Excellence", first_year=2024)
    priority = Priority.objects.create(plan=plan, number=3, title="Children in care",
                                       lead=qa["contact"])
    theme = Theme.objects.create(name="Management oversight")
    services.tag_audit(audit, qa["auditor"], themes=[theme], priorities=[priority],
                       seen_version=audit.version)
    assert list(audit.themes.all()) == [theme] and list(priority.audits.all()) == [audit]
    assert audit.history.latest().history_user == qa["auditor"]
    with pytest.raises(services.FindingError, match="Someone else changed this audit"):
        services.tag_audit(audit, qa["auditor"], themes=[], priorities=[],
                           seen_version=audit.version)


# Pages


def test_the_auditor_raises_a_concern_from_the_findings_page(client, audit, qa):
    signed_in(client, qa["auditor"])
    page = client.get(f"/quality-assurance/{audit.pk}/")
    assert page.status_code == 200
    assert b"Raise a safeguarding concern" in page.content
    assert ChildLevelRead.objects.filter(user=qa["auditor"],
                                         record=f"audits.audit:{audit.pk}").exists()
    form = client.get(f"/quality-assurance/{audit.pk}/concerns/new/").content.decode()
    assert "Sal Guard" in form and "Pat Head" in form
    refused = client.post(f"/quality-assurance/{audit.pk}/concerns/new/", {"description": ""})
    assert refused.status_code == 200
    assert b"Enter the concern for the child&#x27;s safety" in refused.content
    assert b"govuk-error-summary" in refused.content
    response = client.post(f"/quality-assurance/{audit.pk}/concerns/new/",
                           {"description": "No visits for 8 weeks"}, follow=True)
    assert b"named contacts told: Pat Head, Sal Guard" in response.content
    concern = SafeguardingConcern.objects.get()
    assert response.redirect_chain[-1][0] == f"/quality-assurance/concerns/{concern.pk}/"


def test_the_named_contact_sees_it_first_at_home_and_records_what_was_done(client, audit, qa):
    concern = services.raise_concern(audit, qa["auditor"], description="No visits")
    signed_in(client, qa["contact"])
    home = client.get("/").content.decode()
    assert "Safeguarding concerns for you" in home
    assert home.index("Safeguarding concerns for you") < home.index("<h2", home.index(
        "<main")) + 200
    page = client.get(f"/quality-assurance/concerns/{concern.pk}/")
    assert page.status_code == 200 and b"No visits" in page.content
    assert ChildLevelRead.objects.filter(
        user=qa["contact"], record=f"audits.safeguardingconcern:{concern.pk}").exists()
    acknowledge = f"/quality-assurance/concerns/{concern.pk}/acknowledge/"
    refused = client.post(acknowledge, {"response": ""})
    assert b"Enter what was done about the concern" in refused.content
    client.post(acknowledge, {"response": "Visited today"})
    assert "Safeguarding concerns for you" not in client.get("/").content.decode()
    # The other named contact may no longer acknowledge it: they are sent back to it.
    signed_in(client, qa["contact2"])
    again = client.get(acknowledge)
    assert again.status_code == 302


def test_who_reads_a_concern_and_an_action(client, audit, qa, make_user):
    from smeaton.web.accounts.models import Role

    concern = services.raise_concern(audit, qa["auditor"], description="No visits")
    action = services.add_child_action(audit, qa["auditor"], description="Visit",
                                       owner=qa["owner"], due=date(2025, 12, 1))
    readers = {"lead", "auditor", "contact", "contact2"}  # QA lead, auditor, named contacts
    for name, person in qa.items():
        signed_in(client, person)
        status = client.get(f"/quality-assurance/concerns/{concern.pk}/").status_code
        assert status == (200 if name in readers else 403), name
        status = client.get(f"/quality-assurance/child-actions/{action.pk}/").status_code
        # The action's owner reads it; leadership (contact2) oversees every audit.
        assert status == (200 if name in {"lead", "auditor", "owner", "contact2"} else 403), name
    for role in (Role.ADMINISTRATOR, Role.LEADERSHIP):
        signed_in(client, make_user(role))
        assert client.get(f"/quality-assurance/concerns/{concern.pk}/").status_code == 200


def test_the_owner_records_an_action_done_with_errors_named(client, audit, qa, today):
    action = services.add_child_action(audit, qa["auditor"], description="Visit",
                                       owner=qa["owner"], due=today)
    signed_in(client, qa["owner"])
    url = f"/quality-assurance/child-actions/{action.pk}/done/"
    refused = client.post(url, {"version": action.version, "done_note": "",
                                "done_on_day": "1", "done_on_month": "1", "done_on_year": "2030"})
    assert b"Enter what was done" in refused.content
    assert b"The date it was done must be today or in the past" in refused.content
    client.post(url, {"version": action.version, "done_note": "Visited",
                      "done_on_day": str(today.day), "done_on_month": str(today.month),
                      "done_on_year": str(today.year)})
    action.refresh_from_db()
    assert action.status == "done"
    assert client.get(url).status_code == 302  # already done: back to the action


def test_a_qa_lead_manages_the_themes(client, qa):
    signed_in(client, qa["lead"])
    assert client.get("/quality-assurance/themes/").status_code == 200
    client.post("/quality-assurance/themes/new/", {"name": "Timeliness"})
    refused = client.post("/quality-assurance/themes/new/", {"name": "timeliness"})
    assert "There is already a theme called “Timeliness”" in refused.content.decode()
    theme = Theme.objects.get()
    client.post(f"/quality-assurance/themes/{theme.pk}/edit/", {"name": "Timeliness of visits"})
    theme.refresh_from_db()
    assert (theme.name, theme.in_use) == ("Timeliness of visits", False)
    signed_in(client, qa["auditor"])
    assert client.get("/quality-assurance/themes/").status_code == 403


@pytest.mark.parametrize("field", ["themes", "priorities"])
def test_a_tampered_id_too_big_for_the_database_is_refused_in_words(client, audit, qa, field):
    signed_in(client, qa["auditor"])
    page = client.post(f"/quality-assurance/{audit.pk}/themes/",
                       {"version": audit.version, field: "99999999999999999999"})
    assert page.status_code == 200
    name = "learning themes" if field == "themes" else "priorities of the plan it bears on"
    assert f"Select {name} from the list" in page.content.decode()  # noqa: S608  words, not SQL
