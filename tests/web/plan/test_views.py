"""The plan's pages against every role, and bad input through the forms."""

from datetime import date

import pytest
from django.utils import timezone

from smeaton.web.accounts.models import Role
from smeaton.web.plan import services
from smeaton.web.plan.models import Milestone, MilestoneUpdate, UpdateRound
from smeaton.web.plan.rag import Progress

A, L, P, C, V, N = (Role.ADMINISTRATOR, Role.LEADERSHIP, Role.PRIORITY_LEAD, Role.CONTRIBUTOR,
                    Role.VIEWER, Role.ANALYST)
EVERYONE = set(Role)
# "lead" is the lead of the milestone's priority; "owner" owns the milestone. Both are
# people with their own roles (priority lead, contributor) besides the role under test.
LEAD, OWNER = "lead", "owner"


@pytest.fixture
def world(plan, priority, milestone, lead, owner, make_user):
    """A plan with an open round holding one update, and a person in every role."""
    office = make_user(Role.LEADERSHIP)
    update_round = services.open_round(plan, office, plan_year=2025, quarter=3,
                                       deadline=date(2025, 12, 15))
    update = services.post_update(milestone, owner, progress=Progress.ON_TRACK,
                                  commentary="Going well.", round_id=update_round.pk)
    milestone.refresh_from_db()
    people = {role: make_user(role) for role in Role}
    people[LEAD], people[OWNER] = lead, owner
    return {"plan": plan, "priority": priority, "milestone": milestone, "round": update_round,
            "update": update, "people": people}


WHO = [*Role, LEAD, OWNER]


# Actions that change something, and who may do them.
ACTIONS = {
    "post update": (lambda w: f"/plan/milestones/{w['milestone'].pk}/update/", {LEAD, OWNER}),
    "override RAG": (lambda w: f"/plan/milestones/{w['milestone'].pk}/rag/", {L, LEAD}),
    "edit milestone": (lambda w: f"/plan/milestones/{w['milestone'].pk}/edit/", {A, L, LEAD}),
    "close round": (lambda w: f"/plan/rounds/{w['round'].pk}/close/", {A, L}),
    "open round": (lambda w: "/plan/rounds/", {A, L}),
    "reassign": (lambda w: "/plan/reassign/", {A, L}),
}


@pytest.mark.parametrize(("action", "who"), [
    (action, who) for action, (_, allowed) in ACTIONS.items() for who in WHO
    if who not in allowed])
def test_refused_changes_change_nothing(client_as, world, action, who):
    """Who may open each page: test_access_matrix.py. Here, a refusal changes nothing."""
    url_for, _ = ACTIONS[action]
    milestone = world["milestone"]
    response = client_as(world["people"][who]).post(url_for(world), {"progress": "off_track"})
    assert response.status_code == 403
    milestone.refresh_from_db()
    assert milestone.progress == Progress.ON_TRACK
    assert UpdateRound.objects.get().is_open


def form_data(milestone, **fields):
    return {"title": milestone.title, "description": "", "plan_year": milestone.plan_year,
            "owner": milestone.owner_id, "due_day": milestone.due.day,
            "due_month": milestone.due.month, "due_year": milestone.due.year,
            "outcome": "", "version": milestone.version, **fields}


def test_an_owner_posts_an_update_in_the_open_round(client_as, world):
    milestone, owner = world["milestone"], world["people"][OWNER]
    response = client_as(owner).post(f"/plan/milestones/{milestone.pk}/update/", {
        "progress": "at_risk", "commentary": "Builder has gone into administration.",
        "forecast_day": "31", "forecast_month": "1", "forecast_year": "2026",
        "evidence_title": "Board paper", "evidence_url": "https://example.org/board",
        "version": milestone.version, "round": world["round"].pk})
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.progress == Progress.AT_RISK
    assert milestone.forecast == date(2026, 1, 31)
    page = client_as(owner).get(f"/plan/milestones/{milestone.pk}/").content.decode()
    assert "Builder has gone into administration." in page
    assert "Board paper" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"commentary": ""}, "Enter what has happened since the last update"),
    ({"progress": ""}, "Select how the milestone is going"),
    ({"forecast_day": "31", "forecast_month": "2", "forecast_year": "2026"},
     "Expected completion must be a real date"),
    ({"evidence_url": "https://example.org/x"}, "Enter a title for the evidence link"),
    ({"evidence_title": "Minutes", "evidence_url": "not a link"}, "Enter a link starting https://"),
    ({"forecast_day": "1", "forecast_month": "1", "forecast_year": "2020"},
     "Expected completion must be today or in the future"),
    ({"forecast_day": "1", "forecast_month": "1", "forecast_year": "9999"},
     "Expected completion must be no later than 31 December 2028, 3 years after the due date"),
    ({"commentary": "x" * 5001}, "What has happened must be 5,000 characters or fewer"),
])
def test_bad_updates_are_refused_with_a_message_and_nothing_saved(client_as, world, fields,
                                                                  message):
    milestone = world["milestone"]
    data = {"progress": "on_track", "commentary": "Fine.", "version": milestone.version, **fields}
    response = client_as(world["people"][OWNER]).post(
        f"/plan/milestones/{milestone.pk}/update/", data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert MilestoneUpdate.objects.count() == 1


def test_an_update_to_a_round_that_has_since_closed_is_refused(client_as, world):
    milestone, office = world["milestone"], world["people"][L]
    services.close_round(world["round"], office)
    response = client_as(world["people"][OWNER]).post(
        f"/plan/milestones/{milestone.pk}/update/",
        {"progress": "complete", "commentary": "Done.", "version": milestone.version,
         "round": world["round"].pk})
    assert response.status_code == 200
    page = response.content.decode()
    assert "round closed while you were writing, so your update was not saved" in page
    milestone.refresh_from_db()
    assert milestone.progress == Progress.ON_TRACK
    # The form shown again no longer names the closed round: sent again, it is recorded.
    assert response.context["form"]["round"].value() == ""
    again = client_as(world["people"][OWNER]).post(
        f"/plan/milestones/{milestone.pk}/update/",
        {"progress": "complete", "commentary": "Done.", "version": milestone.version,
         "round": ""})
    assert again.status_code == 302
    assert MilestoneUpdate.objects.filter(milestone=milestone, round=None).exists()


@pytest.mark.parametrize(("fields", "message"), [
    ({"title": "  "}, "Enter the milestone&#x27;s title"),
    ({"due_day": "30", "due_month": "2", "due_year": "2026"}, "Due date must be a real date"),
    ({"due_day": "1", "due_month": "4", "due_year": "2027"},
     "Due date must be in 2025/26, the milestone&#x27;s plan year"),
    ({"due_day": "1", "due_month": "6", "due_year": "2024"},
     "Due date must be in 2025/26, the milestone&#x27;s plan year"),
    ({"plan_year": "2031"}, "Select plan year from the list"),
    ({"title": "x" * 301}, "Title must be 300 characters or fewer"),
])
def test_bad_milestone_edits_are_refused_and_nothing_is_saved(client_as, world, fields, message):
    milestone = world["milestone"]
    response = client_as(world["people"][LEAD]).post(
        f"/plan/milestones/{milestone.pk}/edit/", form_data(milestone, **fields))
    assert response.status_code == 200
    assert message in response.content.decode()
    saved = Milestone.objects.get(pk=milestone.pk)
    assert (saved.title, saved.due, saved.plan_year) == (milestone.title, milestone.due, 2025)


def test_two_people_saving_the_same_milestone_the_second_is_refused(client_as, world):
    from django.test import Client

    milestone, url = world["milestone"], f"/plan/milestones/{world['milestone'].pk}/edit/"
    director, lead = Client(), Client()
    director.force_login(world["people"][L])
    lead.force_login(world["people"][LEAD])
    # Both opened the form at the same version; the director saves first.
    first = form_data(milestone, title="Open three children's homes")
    second = form_data(milestone, title="Open one children's home")
    assert director.post(url, first).status_code == 302
    response = lead.post(url, second)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Someone else changed this milestone while you were working on it" in page
    assert "Open three children&#x27;s homes" in page  # the form shows what was saved
    assert Milestone.objects.get(pk=milestone.pk).title == "Open three children's homes"


def test_a_lead_adds_a_milestone(client_as, world):
    priority, lead = world["priority"], world["people"][LEAD]
    data = form_data(world["milestone"], title="Recruit foster carers")
    del data["version"]
    response = client_as(lead).post(f"/plan/priorities/{priority.pk}/milestones/new/", data)
    assert response.status_code == 302
    assert Milestone.objects.filter(title="Recruit foster carers", priority=priority).exists()


def test_an_override_without_a_reason_is_refused(client_as, world):
    milestone = world["milestone"]
    response = client_as(world["people"][LEAD]).post(
        f"/plan/milestones/{milestone.pk}/rag/",
        {"rag": "red", "reason": "", "version": milestone.version})
    assert "Enter the reason for overriding the RAG" in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.rag_override == ""


def test_the_programme_office_returns_then_closes_a_round(client_as, world):
    office, update_round = world["people"][L], world["round"]
    client = client_as(office)
    response = client.post(f"/plan/updates/{world['update'].pk}/return/",
                           {"challenge": "Which homes, and when?"})
    assert response.status_code == 302
    assert "Returned" in client.get(f"/plan/rounds/{update_round.pk}/").content.decode()
    asking = client.get(f"/plan/rounds/{update_round.pk}/close/").content.decode()
    assert "Are you sure you want to close the 2025/26 quarter 3 round?" in asking
    assert "Every one of the 1 milestone asked has an update" not in asking  # it was returned
    assert "1 of 1 milestone is still waiting for an update (including 1 returned" in asking
    assert UpdateRound.objects.get(pk=update_round.pk).is_open  # asking changed nothing
    assert client.post(f"/plan/rounds/{update_round.pk}/close/").status_code == 302
    page = client.get(f"/plan/rounds/{update_round.pk}/").content.decode()
    assert "Snapshot at the close" in page
    again = client.get(f"/plan/rounds/{update_round.pk}/close/").content.decode()
    assert "The 2025/26 quarter 3 round has closed" in again


def test_opening_a_round_with_bad_input(client_as, world):
    client = client_as(world["people"][L])
    services.close_round(world["round"], world["people"][L])
    response = client.post("/plan/rounds/", {"plan_year": "2025", "quarter": "",
                                             "deadline_day": "32", "deadline_month": "1",
                                             "deadline_year": "2026"})
    page = response.content.decode()
    assert "Select the quarter" in page
    assert "The deadline must be a real date" in page
    response = client.post("/plan/rounds/", {"plan_year": "2025", "quarter": "3",
                                             "deadline_day": "1", "deadline_month": "1",
                                             "deadline_year": "2026"})
    assert "already been an update round for 2025/26 quarter 3" in response.content.decode()
    response = client.post("/plan/rounds/", {"plan_year": "2025", "quarter": "4",
                                             "deadline_day": "1", "deadline_month": "1",
                                             "deadline_year": "2020"})
    assert "The deadline must be in the future" in response.content.decode()
    response = client.post("/plan/rounds/", {"plan_year": "2025", "quarter": "4",
                                             "deadline_day": "1", "deadline_month": "1",
                                             "deadline_year": "9999"})
    assert "The deadline must be no later than 20 May 2026, 6 months from today" in \
        response.content.decode()
    response = client.post("/plan/rounds/", {"plan_year": "2025", "quarter": "1",
                                             "deadline_day": "1", "deadline_month": "12",
                                             "deadline_year": "2025"})
    assert ("2025/26 quarter 1 ended on 30 June 2025: choose this quarter or a later one"
            in response.content.decode())
    response = client.post("/plan/rounds/", {"plan_year": "2025", "quarter": "4"})
    assert "Enter the date updates are due by" in response.content.decode()
    assert not UpdateRound.objects.filter(quarter=4).exists()


def test_reassigning_a_leaver_shows_what_moves_then_moves_it(client_as, world, make_user):
    successor = make_user(Role.CONTRIBUTOR, first_name="Kim", last_name="Patel")
    client = client_as(world["people"][A])
    choice = {"leaver": world["people"][OWNER].pk, "successor": successor.pk}
    preview = client.post("/plan/reassign/", choice).content.decode()
    assert "Check what will move from Sam Taylor to Kim Patel" in preview
    assert "1 milestone Sam Taylor owns" in preview
    assert "Open two children&#x27;s homes" in preview
    assert Milestone.objects.get(pk=world["milestone"].pk).owner == world["people"][OWNER]
    response = client.post("/plan/reassign/", {**choice, "confirm": "yes"}, follow=True)
    assert "1 milestone moved from Sam Taylor to Kim Patel" in \
        response.content.decode()
    assert Milestone.objects.get(pk=world["milestone"].pk).owner == successor


def test_a_leaver_with_nothing_to_hand_over_is_told_so_not_congratulated(client_as, world,
                                                                        make_user):
    nobody, successor = make_user(Role.VIEWER), make_user(Role.CONTRIBUTOR)
    for data in ({"leaver": nobody.pk, "successor": successor.pk},
                 {"leaver": nobody.pk, "successor": successor.pk, "confirm": "yes"}):
        page = client_as(world["people"][A]).post("/plan/reassign/", data).content.decode()
        assert "owns no milestones and leads no priorities, so there is nothing to hand " \
               "over" in page
        assert "moved from" not in page


def test_my_milestones_lists_what_needs_an_update(client_as, world):
    owner = world["people"][OWNER]
    services.return_update(world["update"], world["people"][L], challenge="More detail")
    response = client_as(owner).get("/plan/mine/")
    assert [m.pk for m in response.context["needs_update"]] == [world["milestone"].pk]
    assert response.context["others"] == []


def test_the_overview_counts_milestones_by_rag_for_the_current_year(client_as, world,
                                                                    make_milestone):
    year = world["plan"].current_year(timezone.localdate())
    make_milestone(title="Off track this year", plan_year=year, due=date(year + 1, 3, 1),
                   progress=Progress.OFF_TRACK)
    make_milestone(title="Done this year", plan_year=year, due=date(year + 1, 3, 1),
                   progress=Progress.COMPLETE)
    response = client_as(world["people"][V]).get("/plan/")
    # Red, Amber, Green, Not started, Complete for the one priority, this year (the
    # world's milestone is on track).
    assert response.context["summary"].by_priority[0]["counts"] == [1, 0, 1, 0, 1]
    page = response.content.decode()
    needs_attention = page.split("Needs attention")[1].split("Latest updates")[0]
    assert "Off track this year" in needs_attention
    assert "Done this year" not in needs_attention


# Why and from when a priority changes (tests/web/plan/test_year_end.py tests refocusing).
REFOCUSED = {"reason": "Agreed at the Improvement Board.", "takes_effect_day": "1",
             "takes_effect_month": "11", "takes_effect_year": "2025"}


def test_a_lead_edits_the_priority_and_its_outcomes(client_as, world, outcome):
    priority = world["priority"]
    data = {"title": "Children in care and sufficiency", "description": "Homes close by.",
            **REFOCUSED, "outcomes-TOTAL_FORMS": "3", "outcomes-INITIAL_FORMS": "1",
            "outcomes-MIN_NUM_FORMS": "0", "outcomes-MAX_NUM_FORMS": "1000",
            "outcomes-0-id": outcome.pk, "outcomes-0-priority": priority.pk,
            "outcomes-0-title": outcome.title, "outcomes-0-DELETE": "on",
            "outcomes-1-title": "Fewer placement moves", "outcomes-2-title": ""}
    response = client_as(world["people"][LEAD]).post(
        f"/plan/priorities/{priority.pk}/edit/", data)
    assert response.status_code == 302
    priority.refresh_from_db()
    assert priority.title == "Children in care and sufficiency"
    assert [o.title for o in priority.outcomes.all()] == ["Fewer placement moves"]


def test_a_priority_without_a_title_is_refused(client_as, world):
    priority = world["priority"]
    response = client_as(world["people"][LEAD]).post(
        f"/plan/priorities/{priority.pk}/edit/",
        {"title": "", "outcomes-TOTAL_FORMS": "0", "outcomes-INITIAL_FORMS": "0"})
    assert "Enter the priority&#x27;s title" in response.content.decode()
    priority.refresh_from_db()
    assert priority.title == "Children in care"


def test_unfinished_work_from_earlier_years_stays_in_view_and_in_rounds(client_as, world,
                                                                       make_milestone):
    late = make_milestone(title="Publish the sufficiency strategy", plan_year=2024,
                          due=date(2025, 2, 28), progress=Progress.AT_RISK)
    make_milestone(title="Launch the recruitment campaign", plan_year=2024,
                   due=date(2025, 3, 1), progress=Progress.COMPLETE)
    response = client_as(world["people"][V]).get("/plan/")
    summary = response.context["summary"]
    assert summary.year == 2025
    # The late 2024/25 milestone is Red (more than 3 months late) and counted this year.
    assert summary.counts() == [1, 0, 1, 0, 0]
    assert [m.title for m in summary.attention] == ["Publish the sufficiency strategy"]
    page = response.content.decode()
    assert ('Awaiting year-end decision</strong> <span class="govuk-body-s">(2024/25)'
            in page)
    assert "include 1 milestone from earlier years that is not complete" in page
    assert "Launch the recruitment campaign" not in page
    done = client_as(world["people"][V]).get(f"/plan/priorities/{late.priority_id}/")
    done_page = done.content.decode()
    # On the priority page the complete 2024/25 milestone awaits no decision.
    assert done_page.count("Awaiting year-end decision</strong>") == 1

    office = world["people"][L]
    services.close_round(world["round"], office)
    next_round = services.open_round(world["plan"], office, plan_year=2025, quarter=4,
                                     deadline=date(2026, 1, 15))
    asked = set(next_round.entries.values_list("milestone__title", flat=True))
    assert asked == {"Open two children's homes", "Publish the sufficiency strategy"}
    round_page = client_as(world["people"][V]).get(f"/plan/rounds/{next_round.pk}/")
    assert "Awaiting year-end decision</strong>" in round_page.content.decode()
    assert late.pk in {m.pk for m in client_as(world["people"][OWNER]).get(
        "/plan/mine/").context["needs_update"]}


def test_an_outcome_that_milestones_serve_is_not_deleted_and_none_is_written_twice(
        client_as, world, outcome):
    priority, milestone = world["priority"], world["milestone"]
    Milestone.objects.filter(pk=milestone.pk).update(outcome=outcome)
    data = {"title": priority.title, "description": "", **REFOCUSED,
            "outcomes-TOTAL_FORMS": "2", "outcomes-INITIAL_FORMS": "1",
            "outcomes-MIN_NUM_FORMS": "0", "outcomes-MAX_NUM_FORMS": "1000",
            "outcomes-0-id": outcome.pk, "outcomes-0-priority": priority.pk,
            "outcomes-0-title": outcome.title, "outcomes-0-DELETE": "on",
            "outcomes-1-title": ""}
    client = client_as(world["people"][LEAD])
    page = client.post(f"/plan/priorities/{priority.pk}/edit/", data).content.decode()
    assert "1 milestone serves this outcome: link it to another outcome first" in page
    assert Milestone.objects.get(pk=milestone.pk).outcome == outcome
    data |= {"outcomes-0-DELETE": "", "outcomes-1-title": outcome.title.upper()}
    page = client.post(f"/plan/priorities/{priority.pk}/edit/", data).content.decode()
    assert "This intended outcome is already listed" in page
    assert priority.outcomes.count() == 1
    form_page = client.get(f"/plan/priorities/{priority.pk}/edit/").content.decode()
    assert "Intended outcome 1" in form_page and "Intended outcome 3" in form_page


def test_using_the_rules_when_they_already_stand_records_nothing(client_as, world):
    milestone = world["milestone"]
    before = milestone.history.count()
    response = client_as(world["people"][LEAD]).post(
        f"/plan/milestones/{milestone.pk}/rag/",
        {"rag": "", "reason": "", "version": milestone.version}, follow=True)
    assert "nothing has changed" in response.content.decode()
    assert milestone.history.count() == before


def test_an_error_about_radios_links_to_the_first_radio(client_as, world):
    milestone = world["milestone"]
    page = client_as(world["people"][OWNER]).post(
        f"/plan/milestones/{milestone.pk}/update/",
        {"commentary": "x", "version": milestone.version}).content.decode()
    assert '<a href="#id_progress_0">Select how the milestone is going</a>' in page
    assert 'id="id_progress_0"' in page


def test_people_are_chosen_by_name_and_role(client_as, world):
    page = client_as(world["people"][A]).get("/plan/reassign/").content.decode()
    assert "Sam Taylor (Contributor)" in page
    assert "Choose a person" in page and "---------" not in page


def test_a_rounds_deadline_moves_while_it_is_open_and_the_move_is_recorded(client_as, world):
    from smeaton.web.audit.trail import trail

    update_round, client = world["round"], client_as(world["people"][L])
    url = f"/plan/rounds/{update_round.pk}/deadline/"
    response = client.post(url, {"deadline_day": "10", "deadline_month": "1",
                                 "deadline_year": "2026"})
    assert response.status_code == 302
    update_round.refresh_from_db()
    assert update_round.deadline == date(2026, 1, 10)
    [change] = trail(update_round)[0].changes
    assert (change.field, change.before, change.after) == (
        "deadline", "15 December 2025", "10 January 2026")
    assert trail(update_round)[0].reason.startswith("Deadline changed by")
    page = client.post(url, {"deadline_day": "1", "deadline_month": "1",
                             "deadline_year": "2020"}).content.decode()
    assert "The deadline must be in the future" in page
    services.close_round(update_round, world["people"][L])
    closed = client.get(url).content.decode()
    assert "has closed" in closed and "deadline_day" not in closed


@pytest.mark.parametrize("address", ["/admin/plan/priority/abc/history/",
                                     "/admin/plan/priority/{pk}/change/history/",
                                     "/admin/plan/priority/{pk}/history/abc/",
                                     "/admin/plan/priority/{pk}/history/²/"])
def test_hand_typed_admin_addresses_are_not_found(client_as, world, address):
    response = client_as(world["people"][A]).get(address.format(pk=world["priority"].pk))
    assert response.status_code == 404


@pytest.mark.parametrize("round_id", ["99999", "0", "-1"])
def test_an_update_naming_a_round_that_does_not_exist_is_refused_not_a_500(client_as, world,
                                                                          round_id):
    milestone = world["milestone"]
    response = client_as(world["people"][OWNER]).post(
        f"/plan/milestones/{milestone.pk}/update/",
        {"progress": "on_track", "commentary": "Fine.", "version": milestone.version,
         "round": round_id})
    assert response.status_code == 200
    assert "cannot be found, so your update was not saved" in response.content.decode()
    assert not MilestoneUpdate.objects.filter(commentary="Fine.").exists()


def test_an_expected_completion_already_passed_is_not_offered_again(client_as, world):
    milestone = world["milestone"]
    Milestone.objects.filter(pk=milestone.pk).update(forecast=date(2025, 11, 1))  # passed
    form = client_as(world["people"][OWNER]).get(
        f"/plan/milestones/{milestone.pk}/update/").context["form"]
    assert form.initial["forecast"] is None
    Milestone.objects.filter(pk=milestone.pk).update(forecast=date(2026, 2, 1))
    form = client_as(world["people"][OWNER]).get(
        f"/plan/milestones/{milestone.pk}/update/").context["form"]
    assert form.initial["forecast"] == date(2026, 2, 1)
