from datetime import date, timedelta

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.partnership import services
from smeaton.web.partnership.services import PartnershipError
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag


def add(shared_priority, by, **fields):
    details = {"title": "Screen for exploitation", "description": "",
               "organisation": fields.pop("organisation"), "owner": None,
               "due": date(2026, 1, 31), **fields}
    return services.add_action(shared_priority, by, **details)


def test_an_action_is_added_and_audited(shared_priority, make_user, health, nurse):
    leader = make_user(Role.LEADERSHIP)
    action = add(shared_priority, leader, organisation=health, owner=nurse)
    first = action.history.earliest()
    assert first.history_user == leader
    assert first.history_change_reason == f"Added by {leader}"
    assert action.rag() == Rag.NOT_STARTED


def test_the_contact_must_work_for_the_owning_organisation(shared_priority, make_user, police,
                                                           nurse):
    with pytest.raises(PartnershipError, match="works for Devon and Cornwall Police") as refusal:
        add(shared_priority, make_user(Role.LEADERSHIP), organisation=police, owner=nurse)
    assert refusal.value.field == "owner"


def test_changing_an_action_writes_its_details(health_action, make_user, police):
    leader = make_user(Role.LEADERSHIP)
    services.change_action(health_action, leader, seen_version=health_action.version,
                           title="Screen every child", organisation=police, owner=None)
    health_action.refresh_from_db()
    assert (health_action.title, health_action.organisation) == ("Screen every child", police)
    assert health_action.history.latest().history_user == leader


def test_a_change_over_someone_elses_update_is_refused_and_loses_nothing(health_action, nurse,
                                                                       make_user):
    seen = health_action.version
    services.post_update(health_action, nurse, progress=Progress.AT_RISK, commentary="Slow.",
                         seen_version=seen)
    with pytest.raises(PartnershipError, match="Someone else changed this action"):
        services.change_action(health_action, make_user(Role.LEADERSHIP), seen_version=seen,
                               title="Stale")
    health_action.refresh_from_db()
    assert health_action.title == "Screen for exploitation in the emergency department"
    assert health_action.progress == Progress.AT_RISK


def test_two_partners_updating_from_the_same_page_do_not_overwrite_each_other(
        health_action, nurse, make_user, health):
    colleague = make_user(Role.PARTNER, organisation=health)
    seen = health_action.version
    services.post_update(health_action, nurse, progress=Progress.ON_TRACK, commentary="Fine.",
                         seen_version=seen)
    with pytest.raises(PartnershipError, match="Someone else changed this action"):
        services.post_update(health_action, colleague, progress=Progress.OFF_TRACK,
                             commentary="Stopped.", seen_version=seen)
    assert [u.commentary for u in health_action.updates.all()] == ["Fine."]


def test_an_update_sets_progress_and_the_rag_follows_the_milestones_rules(health_action,
                                                                          nurse):
    services.post_update(health_action, nurse, progress=Progress.ON_TRACK, commentary="Fine.",
                         forecast=health_action.due + timedelta(days=100))
    health_action.refresh_from_db()
    assert health_action.rag() == Rag.RED  # 3 months or more late
    update = health_action.updates.get()
    assert (update.author, update.progress) == (nurse, Progress.ON_TRACK)
    assert health_action.history.latest().history_user == nurse
    assert health_action.history.latest().history_change_reason == f"Update posted by {nurse}"


def test_a_forecast_in_the_past_is_refused(health_action, nurse, today):
    with pytest.raises(PartnershipError, match="today or in the future") as refusal:
        services.post_update(health_action, nurse, progress=Progress.AT_RISK,
                             commentary="Late.", forecast=today - timedelta(days=1))
    assert refusal.value.field == "forecast"
    assert not health_action.updates.exists()


def test_a_complete_action_keeps_no_forecast(health_action, nurse, today):
    services.post_update(health_action, nurse, progress=Progress.COMPLETE, commentary="Done.",
                         forecast=today + timedelta(days=5))
    health_action.refresh_from_db()
    assert health_action.forecast is None
    assert health_action.rag() == Rag.COMPLETE
