"""The audit trail: every change to an audited record, who made it, before and after."""

from django.test import RequestFactory

from smeaton.web.accounts.models import Role, ServiceArea
from smeaton.web.audit.trail import trail


def test_creation_records_every_value_set(people):
    area = ServiceArea.objects.create(name="Fostering", description="Carers and placements")
    [created] = trail(area)
    assert created.action == "Created"
    assert created.who == "System"
    assert {(c.field, c.before, c.after) for c in created.changes} == {
        ("name", "", "Fostering"),
        ("description", "", "Carers and placements"),
        ("active", "", "Yes"),
    }


def test_a_change_records_only_what_changed_with_before_and_after(people):
    area = ServiceArea.objects.create(name="Fostering")
    area.name = "Fostering and adoption"
    area.active = False
    area._change_reason = "Services merged"
    area.save()
    latest = trail(area)[0]
    assert latest.action == "Changed"
    assert latest.reason == "Services merged"
    assert [(c.field, c.before, c.after) for c in latest.changes] == [
        ("name", "Fostering", "Fostering and adoption"),
        ("active", "Yes", "No"),
    ]


def test_choices_and_related_records_read_as_words(make_user):
    area = ServiceArea.objects.create(name="Care leavers")
    person = make_user(Role.VIEWER)
    person.role = Role.PRIORITY_LEAD
    person.service_area = area
    person.save()
    changes = {c.field: (c.before, c.after) for c in trail(person)[0].changes}
    assert changes["role"] == ("Viewer", "Priority lead")
    assert changes["service area"] == ("", "Care leavers")


def test_password_hashes_are_never_kept_in_history(make_user):
    person = make_user(Role.VIEWER)
    person.set_password("a-brand-new-password")
    person.save()
    history_fields = {f.name for f in person.history.model._meta.fields}
    assert "password" not in history_fields
    assert "last_login" not in history_fields


def test_changes_made_through_a_request_record_who_made_them(client_as, people):
    admin = people[Role.ADMINISTRATOR]
    viewer = people[Role.VIEWER]
    response = client_as(admin).post(
        f"/admin/accounts/user/{viewer.pk}/change/",
        {"username": viewer.username, "first_name": viewer.first_name,
         "last_name": viewer.last_name, "email": "", "job_title": "Councillor",
         "service_area": "", "role": Role.LEADERSHIP, "is_active": "on",
         "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01",
         "date_joined_1": "09:00:00"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    latest = trail(viewer)[0]
    assert latest.who == str(admin)
    changes = {c.field: (c.before, c.after) for c in latest.changes}
    assert changes["role"] == ("Viewer", "Leadership")
    assert changes["job title"] == ("", "Councillor")


def test_a_role_change_is_recorded_in_peoples_words(make_user):
    person = make_user(Role.VIEWER)
    assert not person.has_perm("web.use_admin_site")
    person.role = Role.ADMINISTRATOR
    person.save()
    assert person.has_perm("web.use_admin_site")
    [change] = trail(person)[0].changes
    assert (change.field, change.before, change.after) == ("role", "Viewer", "Administrator")
    everything = {c.field for entry in trail(person) for c in entry.changes}
    assert not everything & {"staff status", "superuser status", "slug", "password"}


def test_deletion_is_recorded(people):
    area = ServiceArea.objects.create(name="Short breaks")
    pk = area.pk
    area.delete()
    history = ServiceArea.history.filter(id=pk).order_by("-history_date")
    assert history[0].history_type == "-"


def test_the_trail_shows_on_a_record_page_only_to_those_allowed(client_as, people):
    viewer = people[Role.VIEWER]
    viewer.job_title = "Youth Parliament member"
    viewer.save()
    leader_page = client_as(people[Role.LEADERSHIP]).get(f"/people/{viewer.pk}/")
    assert "Audit trail" in leader_page.content.decode()
    assert "Youth Parliament member" in leader_page.content.decode()
    own_page = client_as(viewer).get(f"/people/{viewer.pk}/")
    assert own_page.status_code == 200
    assert "Audit trail" not in own_page.content.decode()


def test_the_trail_tag_renders_nothing_for_someone_not_allowed(people):
    from django.template import Context, Template

    request = RequestFactory().get("/")
    request.user = people[Role.CONTRIBUTOR]
    html = Template("{% load audit %}{% audit_trail record %}").render(
        Context({"request": request, "record": people[Role.VIEWER]})
    )
    assert html.strip() == ""


def test_signing_in_adds_nothing_to_the_trail_but_a_password_change_does(client, make_user):
    from tests.conftest import PASSWORD

    person = make_user(Role.VIEWER, password=True, username="chris")
    before = len(trail(person))
    client.post("/sign-in/", {"username": "chris", "password": PASSWORD})
    person.refresh_from_db()
    assert person.last_login is not None
    assert len(trail(person)) == before

    client.post("/account/password/", {"old_password": PASSWORD,
                                       "new_password1": "a-fresh-passphrase-2026",
                                       "new_password2": "a-fresh-passphrase-2026"})
    latest = trail(person)[0]
    assert (latest.action, latest.reason, latest.changes) == ("Changed", "Password changed", [])
    assert latest.who == str(person)


def test_dates_read_as_gov_uk_writes_them(make_user):
    from datetime import datetime
    from zoneinfo import ZoneInfo

    person = make_user(Role.VIEWER)
    person.date_joined = datetime(2026, 7, 8, 14, 5, tzinfo=ZoneInfo("Europe/London"))
    person.save()
    changes = {c.field: c.after for c in trail(person)[0].changes}
    assert changes["date joined"] == "8 July 2026 at 2:05pm"


def test_times_of_day_read_as_gov_uk_writes_them():
    from datetime import datetime

    from smeaton.web.formats import govuk_time

    assert [govuk_time(datetime(2026, 1, 1, h, m)) for h, m in
            [(0, 0), (0, 30), (9, 5), (12, 0), (12, 1), (23, 59)]] == [
        "midnight", "12:30am", "9:05am", "midday", "12:01pm", "11:59pm"]


def test_service_area_names_are_unique_whatever_their_case(client_as, people):
    ServiceArea.objects.create(name="Youth justice")
    response = client_as(people[Role.ADMINISTRATOR]).post(
        "/admin/accounts/servicearea/add/", {"name": "youth JUSTICE", "description": ""})
    assert response.status_code == 200
    assert "There is already a service area with this name." in response.content.decode()
    assert ServiceArea.objects.count() == 1


def test_a_closed_service_area_is_not_offered_for_people(client_as, people):
    ServiceArea.objects.create(name="Old team", active=False)
    ServiceArea.objects.create(name="New team")
    page = client_as(people[Role.ADMINISTRATOR]).get(
        f"/admin/accounts/user/{people[Role.VIEWER].pk}/change/").content.decode()
    assert "New team" in page
    assert "Old team" not in page
