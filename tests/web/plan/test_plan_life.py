"""A plan's life: the year-end review (every unfinished milestone decided, the year
closed with its summary, the next year agreed), refocusing a priority (its earlier
wording kept), and the next plan, the last one kept read-only."""

from datetime import date

import pytest
import time_machine

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can
from smeaton.web.plan import queries, services
from smeaton.web.plan.models import Decision, Milestone, Plan, PriorityVersion, YearEnd
from smeaton.web.plan.rag import Progress
from smeaton.web.plan.services import PlanError, Successor
from tests.conftest import signed_in

NEXT_YEAR_DUE = date(2025, 9, 30)


@pytest.fixture
def leader(make_user):
    return make_user(Role.LEADERSHIP, username="jo")


@pytest.fixture
def year_2024(make_milestone):
    """Four 2024/25 milestones: one complete, three not."""
    made = {name: make_milestone(plan_year=2024, due=date(2025, 3, 31), title=name)
            for name in ("done", "late", "stopped", "replaced")}
    Milestone.objects.filter(title="done").update(progress=Progress.COMPLETE)
    Milestone.objects.filter(title="late").update(progress=Progress.AT_RISK)
    return made


def decide_all(year_2024, leader):
    services.decide(year_2024["late"], leader, decision=Decision.CARRIED_OVER,
                    successors=[Successor("late, continued", NEXT_YEAR_DUE)])
    services.decide(year_2024["stopped"], leader, decision=Decision.CLOSED,
                    reason="The funding ended.")
    return services.decide(year_2024["replaced"], leader, decision=Decision.SUPERSEDED,
                           reason="Split in two.", successors=[
                               Successor("first half", NEXT_YEAR_DUE),
                               Successor("second half", date(2026, 3, 31))])


def test_a_year_closes_once_everything_is_decided_and_keeps_its_summary(
        plan, leader, year_2024):
    year_end = services.open_year_end(plan, leader, plan_year=2024)
    assert queries.undecided(plan, 2024).count() == 3
    with pytest.raises(PlanError, match="3 milestones still need a decision"):
        services.close_year_end(year_end, leader)
    replacements = decide_all(year_2024, leader)
    services.close_year_end(year_end, leader)

    carried = Milestone.objects.get(title="late, continued")
    assert carried.carried_from == year_2024["late"]
    assert carried.plan_year == 2025 and carried.progress == Progress.AT_RISK
    assert {m.replaces for m in replacements} == {year_2024["replaced"]}
    assert all(m.progress == Progress.NOT_STARTED for m in replacements)
    # The decided work is done with: the next year counts its successors instead.
    work = set(queries.year_work(plan, 2025).values_list("title", flat=True))
    assert work == {"late, continued", "first half", "second half"}
    [summary] = YearEnd.objects.get().priorities.all()
    assert summary.achieved == ["done"]
    assert summary.carried_over == ["late"]
    assert summary.closed == ["stopped"]
    assert summary.superseded == ["replaced"]
    assert summary.rag_counts()["complete"] == 1
    assert queries.drafting(plan, 2025)
    services.agree_next_year(year_end, leader)
    assert not queries.drafting(plan, 2025)
    # The original keeps its history, with the decision in it.
    assert year_2024["late"].history.first().history_change_reason.startswith("Carried over")


def test_a_decided_milestone_takes_no_more_updates_and_is_not_asked_in_rounds(
        plan, leader, year_2024, owner):
    services.open_year_end(plan, leader, plan_year=2024)
    decide_all(year_2024, leader)
    assert can(owner, "post_update", Milestone.objects.get(title="late, continued"))
    assert not can(owner, "post_update", Milestone.objects.get(pk=year_2024["late"].pk))
    assert not queries.live_milestones(plan, 2025).filter(plan_year=2024).exists()


@pytest.mark.parametrize(("decision", "reason", "successors", "message"), [
    (Decision.CLOSED, "", [], "Enter the reason for the decision"),
    (Decision.SUPERSEDED, "Why", [], "Enter the new milestone for the next year"),
    (Decision.CARRIED_OVER, "", [Successor("a", NEXT_YEAR_DUE), Successor("b", NEXT_YEAR_DUE)],
     "A milestone carries over as one milestone"),
    (Decision.CARRIED_OVER, "", [Successor("a", date(2027, 1, 1))],
     "Due date must be in 2025/26"),
])
def test_bad_decisions_are_refused_and_change_nothing(plan, leader, year_2024, decision,
                                                      reason, successors, message):
    services.open_year_end(plan, leader, plan_year=2024)
    with pytest.raises(PlanError, match=message):
        services.decide(year_2024["late"], leader, decision=decision, reason=reason,
                        successors=successors)
    assert Milestone.objects.get(pk=year_2024["late"].pk).decision == ""
    assert Milestone.objects.count() == 4


def test_the_decision_page_says_why_a_milestone_cannot_be_decided(client, plan, leader,
                                                                  year_2024):
    signed_in(client, leader)
    response = client.get(f"/plan/milestones/{year_2024['late'].pk}/decide/", follow=True)
    assert "No year-end review of 2024/25 is open" in response.content.decode()
    services.open_year_end(plan, leader, plan_year=2024)
    response = client.get(f"/plan/milestones/{year_2024['done'].pk}/decide/", follow=True)
    assert "This milestone is complete" in response.content.decode()
    assert client.get(f"/plan/milestones/{year_2024['late'].pk}/decide/").status_code == 200


def test_nothing_is_decided_without_an_open_review_nor_twice(plan, leader, year_2024):
    with pytest.raises(PlanError, match="No year-end review is open"):
        services.decide(year_2024["stopped"], leader, decision=Decision.CLOSED, reason="x")
    services.open_year_end(plan, leader, plan_year=2024)
    services.decide(year_2024["stopped"], leader, decision=Decision.CLOSED, reason="x")
    with pytest.raises(PlanError, match="already been decided"):
        services.decide(year_2024["stopped"], leader, decision=Decision.CLOSED, reason="y")


def test_reviews_go_in_order_and_not_before_the_last_quarter(plan, leader):
    with pytest.raises(PlanError, match="Close the 2024/25 review first"):
        services.open_year_end(plan, leader, plan_year=2025)
    services.close_year_end(services.open_year_end(plan, leader, plan_year=2024), leader)
    with pytest.raises(PlanError, match="already begun"):
        services.open_year_end(plan, leader, plan_year=2024)
    with pytest.raises(PlanError, match="can begin from 1 January 2026"):
        services.open_year_end(plan, leader, plan_year=2025)  # today is 20 November 2025


def test_the_last_year_closes_its_milestones_and_carries_nothing(plan, leader, make_milestone):
    milestone = make_milestone(plan_year=2026, due=date(2027, 3, 31))
    with time_machine.travel(date(2027, 2, 1)):
        for year in (2024, 2025):
            services.close_year_end(services.open_year_end(plan, leader, plan_year=year),
                                    leader)
        services.open_year_end(plan, leader, plan_year=2026)
    with pytest.raises(PlanError, match="the plan's last year"):
        services.decide(milestone, leader, decision=Decision.CARRIED_OVER,
                        successors=[Successor("x", date(2027, 6, 1))])


def test_the_review_pages_take_a_decision_and_refuse_bad_input(client, plan, leader, year_2024):
    signed_in(client, leader)
    page = client.get("/plan/year-end/").content.decode()
    assert "Start the 2024/25 review" in page
    assert client.post("/plan/year-end/2024/start/").status_code == 302
    late = year_2024["late"]
    page = client.post(f"/plan/milestones/{late.pk}/decide/", {
        "version": late.version, "decision": "superseded", "reason": "",
        "successors": "new one"}).content.decode()
    assert "Enter the reason for the decision" in page
    assert "govuk-error-summary" in page
    page = client.post(f"/plan/milestones/{late.pk}/decide/", {
        "version": late.version, "decision": "carried_over", "successors": "late, continued",
    }).content.decode()
    assert "Enter the due date of the next year" in page
    response = client.post(f"/plan/milestones/{late.pk}/decide/", {
        "version": late.version, "decision": "carried_over", "successors": "late, continued",
        "due_day": "30", "due_month": "9", "due_year": "2025"})
    assert response.status_code == 302
    assert Milestone.objects.get(pk=late.pk).decision == Decision.CARRIED_OVER
    page = client.get("/plan/year-end/2024/").content.decode()
    assert "Carried over" in page and "late, continued" in page
    client.post("/plan/year-end/2024/close/")
    assert YearEnd.objects.get().is_open  # two still undecided
    assert client.get("/plan/year-end/2031/").status_code == 404


def test_refocusing_keeps_the_earlier_wording_with_its_dates_and_reason(
        client, priority, outcome, leader):
    signed_in(client, leader)
    data = {"title": "Children in care, closer to home", "description": "Refocused.",
            "reason": "The Improvement Board refocused the plan.",
            "takes_effect_day": "1", "takes_effect_month": "10", "takes_effect_year": "2025",
            "outcomes-TOTAL_FORMS": "1", "outcomes-INITIAL_FORMS": "1",
            "outcomes-0-id": outcome.pk, "outcomes-0-priority": priority.pk,
            "outcomes-0-title": "More children live in a family"}
    assert client.post(f"/plan/priorities/{priority.pk}/edit/", data).status_code == 302
    [version] = PriorityVersion.objects.all()
    assert version.title == "Children in care"
    assert version.outcomes == ["More children live within the city"]
    assert (version.held_from, version.held_until) == (date(2024, 4, 1), date(2025, 9, 30))
    priority.refresh_from_db()
    assert priority.revised_on == date(2025, 10, 1)
    page = client.get(f"/plan/priorities/{priority.pk}/").content.decode()
    assert "Earlier wording" in page and "The Improvement Board refocused the plan." in page
    # A report of September 2025 uses the wording that held then.
    assert queries.wording_on(priority, date(2025, 9, 30)).title == "Children in care"
    assert queries.wording_on(priority, date(2025, 10, 1)).outcomes == [
        "More children live in a family"]
    # A second change cannot take effect before the first.
    data |= {"takes_effect_month": "9", "title": "Children in care, nearer home"}
    page = client.post(f"/plan/priorities/{priority.pk}/edit/", data).content.decode()
    assert "must be after 1 October 2025" in page
    assert PriorityVersion.objects.count() == 1


def test_the_next_plan_takes_over_when_it_starts_and_the_last_is_kept_read_only(
        client, plan, priority, milestone, lead, owner):
    following = Plan.objects.create(title="Achieving Excellence", first_year=2027)
    assert queries.plan_in_force() == plan  # 2027-30 is being drafted
    assert not plan.is_past
    assert can(lead, "change", priority) and can(owner, "post_update", milestone)
    with time_machine.travel(date(2027, 5, 1)):
        assert queries.plan_in_force() == following
        assert plan.is_past
        assert not can(lead, "change", priority)
        assert not can(lead, "add_milestone", priority)
        assert not can(owner, "post_update", milestone)
        signed_in(client, lead)
        page = client.get(f"/plan/plans/{plan.pk}/").content.decode()
        assert "can no longer change" in page
        assert client.get(f"/plan/milestones/{milestone.pk}/update/").status_code == 403
        assert client.get(f"/plan/milestones/{milestone.pk}/").status_code == 200


def test_a_long_reason_is_kept_whole_in_the_audit_trail(plan, leader, year_2024):
    services.open_year_end(plan, leader, plan_year=2024)
    reason = "The commissioning route changed. " * 50  # 1,650 characters
    services.decide(year_2024["stopped"], leader, decision=Decision.CLOSED, reason=reason)
    assert reason.strip() in year_2024["stopped"].history.first().history_change_reason


def test_a_closed_year_and_decided_milestones_no_longer_change(
        client, plan, leader, lead, owner, year_2024, priority):
    services.open_year_end(plan, leader, plan_year=2024)
    update_round = services.open_round(plan, leader, plan_year=2025, quarter=3,
                                       deadline=date(2025, 12, 19))
    assert update_round.entries.filter(milestone=year_2024["late"]).exists()
    decide_all(year_2024, leader)
    # The round no longer asks about decided work.
    assert not update_round.entries.filter(milestone__plan_year=2024).exists()
    late = Milestone.objects.get(pk=year_2024["late"].pk)
    with pytest.raises(PlanError, match="decided at the 2024/25 year-end review"):
        services.change_milestone(late, lead, seen_version=late.version, plan_year=2025)
    with pytest.raises(PlanError, match="can no longer change"):
        services.post_update(late, owner, progress=Progress.ON_TRACK, commentary="More.")
    assert not can(owner, "post_update", late) and not can(lead, "change", late)
    services.close_year_end(YearEnd.objects.get(), leader)
    done = Milestone.objects.get(title="done")
    assert "2024/25 has been closed" in done.why_settled()
    with pytest.raises(PlanError, match="2024/25 has been closed"):
        services.add_milestone(priority, lead, title="Late addition", plan_year=2024,
                               owner=owner, due=date(2025, 3, 1))
    # The pages send people back to the milestone, saying why.
    signed_in(client, owner)
    response = client.get(f"/plan/milestones/{late.pk}/update/", follow=True)
    assert "can no longer change" in response.content.decode()
    signed_in(client, lead)
    form_page = client.get(f"/plan/priorities/{priority.pk}/milestones/new/").content.decode()
    assert '<option value="2024"' not in form_page and '<option value="2025"' in form_page


def test_only_council_staff_who_deliver_work_can_own_it(client, priority, lead, make_user):
    signed_in(client, lead)
    for role in (Role.VIEWER, Role.PARTNER):
        person = make_user(role)
        page = client.post(f"/plan/priorities/{priority.pk}/milestones/new/", {
            "title": "Recruit carers", "plan_year": "2025", "owner": person.pk,
            "due_day": "1", "due_month": "2", "due_year": "2026"}).content.decode()
        assert "govuk-error-summary" in page and "owner" in page.lower()
    assert not Milestone.objects.exists()


def test_saving_a_priority_unchanged_asks_for_no_reason_and_keeps_no_version(
        client, priority, outcome, lead):
    signed_in(client, lead)
    response = client.post(f"/plan/priorities/{priority.pk}/edit/", {
        "title": priority.title, "description": priority.description,
        "outcomes-TOTAL_FORMS": "2", "outcomes-INITIAL_FORMS": "1",
        "outcomes-0-id": outcome.pk, "outcomes-0-priority": priority.pk,
        "outcomes-0-title": outcome.title, "outcomes-1-title": ""}, follow=True)
    assert "Nothing was changed" in response.content.decode()
    assert not PriorityVersion.objects.exists()


def test_a_decision_made_in_error_is_withdrawn_while_the_review_is_open(
        client, plan, leader, owner, year_2024):
    services.open_year_end(plan, leader, plan_year=2024)
    replaced = year_2024["replaced"]
    services.decide(replaced, leader, decision=Decision.SUPERSEDED, reason="Split.",
                    successors=[Successor("first half", NEXT_YEAR_DUE),
                                Successor("second half", NEXT_YEAR_DUE)])
    signed_in(client, leader)
    page = client.get(f"/plan/milestones/{replaced.pk}/withdraw-decision/").content.decode()
    assert "first half" in page and "second half" in page
    assert client.post(f"/plan/milestones/{replaced.pk}/withdraw-decision/").status_code == 302
    replaced.refresh_from_db()
    assert replaced.decision == "" and not Milestone.objects.filter(plan_year=2025).exists()
    assert "withdrawn" in replaced.history.first().history_change_reason
    # Once a milestone it made has an update, the decision stands.
    [made] = services.decide(replaced, leader, decision=Decision.CARRIED_OVER,
                             successors=[Successor("replaced", NEXT_YEAR_DUE)])
    services.post_update(made, owner, progress=Progress.ON_TRACK, commentary="Going well.")
    with pytest.raises(PlanError, match="has updates already"):
        services.withdraw_decision(Milestone.objects.get(pk=replaced.pk), leader)
