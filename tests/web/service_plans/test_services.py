from datetime import date, timedelta

import pytest

from smeaton.web.plan.models import Plan, Priority
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag
from smeaton.web.service_plans import services
from smeaton.web.service_plans.services import ServicePlanError


def add(service_plan, by, priorities, **fields):
    details = {"title": "Recruit foster carers", "description": "", "owner": by,
               "due": date(2026, 1, 31), **fields}
    return services.add_action(service_plan, by, priorities=priorities, **details)


def test_an_action_is_added_with_its_priorities_and_audited(service_plan, service_lead,
                                                            priorities):
    action = add(service_plan, service_lead, priorities[:2])
    assert set(action.priorities.all()) == set(priorities[:2])
    first = action.history.earliest()
    assert first.history_user == service_lead
    assert first.history_change_reason == f"Added by {service_lead}"
    assert {p.priority_id for p in action.history.latest().priorities.all()} == {
        priorities[0].pk, priorities[1].pk}


def test_an_action_must_serve_a_priority(service_plan, service_lead):
    with pytest.raises(ServicePlanError, match="at least one priority") as refusal:
        add(service_plan, service_lead, [])
    assert refusal.value.field == "priorities"


def test_an_action_serves_only_its_own_plans_priorities(service_plan, service_lead,
                                                        priority_lead):
    other = Plan.objects.create(title="The next plan", first_year=2027)
    elsewhere = Priority.objects.create(plan=other, number=1, title="Other", lead=priority_lead)
    with pytest.raises(ServicePlanError, match="priorities of the plan"):
        add(service_plan, service_lead, [elsewhere])


def test_changing_an_action_writes_its_details_and_priorities(action, service_lead, priorities):
    services.change_action(action, service_lead, seen_version=action.version,
                           priorities=priorities[1:], title="Recruit twelve carers")
    action.refresh_from_db()
    assert action.title == "Recruit twelve carers"
    assert set(action.priorities.all()) == set(priorities[1:])
    assert action.history.latest().history_user == service_lead


def test_a_change_over_someone_elses_is_refused(action, service_lead, owner, priorities):
    seen = action.version
    services.post_update(action, owner, progress=Progress.AT_RISK, commentary="Slow.",
                         seen_version=seen)
    with pytest.raises(ServicePlanError, match="Someone else changed this action"):
        services.change_action(action, service_lead, seen_version=seen,
                               priorities=priorities[:1], title="Stale")
    action.refresh_from_db()
    assert action.title == "Recruit foster carers"
    assert action.progress == Progress.AT_RISK


def test_an_update_sets_progress_and_the_rag_follows_the_milestones_rules(action, owner,
                                                                          today):
    assert action.rag() == Rag.NOT_STARTED
    services.post_update(action, owner, progress=Progress.ON_TRACK, commentary="Fine.",
                         forecast=action.due + timedelta(days=100))
    action.refresh_from_db()
    # Expected 100 days after its due date: 3 months or more late, so Red.
    assert action.rag() == Rag.RED
    assert action.updates.get().author == owner
    assert action.history.latest().history_change_reason == f"Update posted by {owner}"


def test_a_forecast_in_the_past_is_refused(action, owner, today):
    with pytest.raises(ServicePlanError, match="today or in the future") as refusal:
        services.post_update(action, owner, progress=Progress.AT_RISK, commentary="Late.",
                             forecast=today - timedelta(days=1))
    assert refusal.value.field == "forecast"
    assert not action.updates.exists()


def test_a_complete_action_keeps_no_forecast(action, owner, today):
    services.post_update(action, owner, progress=Progress.COMPLETE, commentary="Done.",
                         forecast=today + timedelta(days=5))
    action.refresh_from_db()
    assert action.forecast is None
    assert action.rag() == Rag.COMPLETE
