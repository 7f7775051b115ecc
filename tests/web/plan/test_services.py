"""What people do to the plan: updates, overrides, rounds and reassignment."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from smeaton.web.accounts.models import Role
from smeaton.web.audit.trail import trail
from smeaton.web.plan import queries, services
from smeaton.web.plan.models import Milestone, MilestoneUpdate, RoundEntry
from smeaton.web.plan.rag import Progress
from smeaton.web.plan.services import Evidence, PlanError
from smeaton.web.rag import Rag


@pytest.fixture
def office(make_user):
    return make_user(Role.LEADERSHIP, username="jo", first_name="Jo", last_name="Hughes")


def post(milestone, owner, progress=Progress.ON_TRACK, **kwargs):
    return services.post_update(milestone, owner, progress=progress, commentary="Going well.",
                                **kwargs)


def test_an_update_sets_the_milestones_position_and_keeps_its_evidence(milestone, owner):
    update = post(milestone, owner, progress=Progress.AT_RISK, forecast=date(2026, 2, 1),
                  evidence=[Evidence("Sufficiency report", "https://example.org/report")])
    milestone.refresh_from_db()
    assert (milestone.progress, milestone.forecast) == (Progress.AT_RISK, date(2026, 2, 1))
    assert milestone.last_update_at == update.posted_at
    assert [(e.title, e.url) for e in update.evidence.all()] == [
        ("Sufficiency report", "https://example.org/report")]
    assert milestone.rag(today=date(2025, 6, 1)) == Rag.AMBER


def test_an_update_made_on_a_stale_page_is_refused_and_nothing_is_saved(milestone, owner):
    seen = milestone.version
    post(milestone, owner, seen_version=seen)          # someone else saves first
    with pytest.raises(PlanError, match="Someone else changed this milestone"):
        post(milestone, owner, progress=Progress.OFF_TRACK, seen_version=seen)
    milestone.refresh_from_db()
    assert milestone.progress == Progress.ON_TRACK
    assert MilestoneUpdate.objects.count() == 1


def test_an_override_needs_a_reason_and_is_recorded_with_it(milestone, lead):
    with pytest.raises(PlanError, match="Enter the reason for overriding the RAG"):
        services.override_rag(milestone, lead, rag=Rag.RED, reason="  ")
    services.override_rag(milestone, lead, rag=Rag.RED, reason="Funding withdrawn today.")
    milestone.refresh_from_db()
    assert milestone.rag() == Rag.RED
    assert trail(milestone)[0].reason == f"RAG overridden by {lead}: Funding withdrawn today."
    services.override_rag(milestone, lead, rag="", reason="")
    milestone.refresh_from_db()
    assert (milestone.rag_override, milestone.override_reason) == ("", "")


@pytest.fixture
def round_(plan, office, make_milestone, milestone):
    make_milestone(title="Already done", progress=Progress.COMPLETE)
    make_milestone(title="Next year's", plan_year=2026, due=date(2026, 12, 1))
    return services.open_round(plan, office, plan_year=2025, quarter=3,
                               deadline=date(2025, 12, 15))


def test_a_round_asks_every_live_milestone_of_its_year(round_, milestone):
    assert [e.milestone for e in round_.entries.all()] == [milestone]
    assert list(queries.awaiting_update(round_)) == list(round_.entries.all())


def test_only_one_round_is_open_and_each_quarter_has_one(plan, office, round_):
    with pytest.raises(PlanError, match="Another update round is open"):
        services.open_round(plan, office, plan_year=2025, quarter=4, deadline=date(2026, 3, 1))
    services.close_round(round_, office)
    with pytest.raises(PlanError, match="already been an update round for 2025/26 quarter 3"):
        services.open_round(plan, office, plan_year=2025, quarter=3, deadline=date(2026, 3, 1))
    with pytest.raises(PlanError, match="Choose a year of the plan 2024-27"):
        services.open_round(plan, office, plan_year=2030, quarter=1, deadline=date(2030, 6, 1))


def test_an_update_in_a_round_answers_it_and_a_return_asks_again(round_, milestone, owner,
                                                                 office):
    update = post(milestone, owner, round_id=round_.pk)
    assert RoundEntry.objects.get(round=round_).update == update
    assert not queries.awaiting_update(round_).exists()
    with pytest.raises(PlanError, match="Enter what the owner needs"):
        services.return_update(update, office, challenge="")
    services.return_update(update, office, challenge="Which posts are vacant?")
    assert list(queries.awaiting_update(round_, owner))
    with pytest.raises(PlanError, match="already been returned"):
        services.return_update(update, office, challenge="Again?")
    newer = post(milestone, owner, round_id=round_.pk)
    assert not queries.awaiting_update(round_).exists()
    assert RoundEntry.objects.get(round=round_).update == newer


def test_only_the_latest_update_in_a_round_can_be_returned(round_, milestone, owner, office):
    first = post(milestone, owner, round_id=round_.pk)
    post(milestone, owner, round_id=round_.pk)
    with pytest.raises(PlanError, match="posted a newer update"):
        services.return_update(first, office, challenge="More detail, please.")


def test_closing_a_round_freezes_its_snapshot(round_, milestone, owner, office, lead):
    post(milestone, owner, progress=Progress.AT_RISK, round_id=round_.pk)
    services.close_round(round_, office)
    entry = RoundEntry.objects.get(round=round_)
    frozen = (entry.milestone_title, entry.owner_name, entry.priority_label, entry.progress,
              entry.rag, entry.commentary, entry.due)
    assert frozen == ("Open two children's homes", "Sam Taylor", "3. Children in care",
                      Progress.AT_RISK, Rag.AMBER, "Going well.", date(2025, 12, 31))

    # Everything about the milestone changes afterwards...
    services.reassign(owner, lead, office)
    post(Milestone.objects.get(pk=milestone.pk), lead, progress=Progress.COMPLETE)
    Milestone.objects.filter(pk=milestone.pk).update(title="Renamed", due=date(2026, 3, 1))
    milestone.priority.title = "Renamed priority"
    milestone.priority.save()

    # ...and the snapshot is as it was at the close.
    entry.refresh_from_db()
    assert (entry.milestone_title, entry.owner_name, entry.priority_label, entry.progress,
            entry.rag, entry.commentary, entry.due) == frozen


def test_a_closed_round_takes_no_more_updates_or_returns(round_, milestone, owner, office):
    update = post(milestone, owner, round_id=round_.pk)
    services.close_round(round_, office)
    with pytest.raises(PlanError, match="round closed while you were writing"):
        post(milestone, owner, round_id=round_.pk)
    with pytest.raises(PlanError, match="round has closed, so its updates can no longer be "
                                        "returned"):
        services.return_update(update, office, challenge="Too late?")
    with pytest.raises(PlanError, match="already closed"):
        services.close_round(round_, office)
    assert MilestoneUpdate.objects.count() == 1


def test_a_leavers_work_moves_in_one_step_and_is_recorded(milestone, make_milestone, priority,
                                                          owner, lead, office, make_user):
    make_milestone(title="Second")
    successor = make_user(Role.CONTRIBUTOR, username="kim")
    moved = services.reassign(owner, successor, office)
    assert (len(moved.milestones), len(moved.priorities)) == (2, 0)
    moved = services.reassign(lead, successor, office)
    assert (len(moved.milestones), len(moved.priorities)) == (0, 1)
    with pytest.raises(PlanError, match="owns no milestones and leads no priorities, so "
                                        "there is nothing to hand over"):
        services.reassign(owner, successor, office)
    assert set(Milestone.objects.values_list("owner", flat=True)) == {successor.pk}
    priority.refresh_from_db()
    assert priority.lead == successor
    assert trail(milestone)[0].reason == f"Reassigned from {owner} to {successor} by {office}"


def test_reassignment_refuses_the_same_person_or_a_closed_account(owner, office, make_user):
    with pytest.raises(PlanError, match="someone other than"):
        services.reassign(owner, owner, office)
    closed = make_user(Role.CONTRIBUTOR, is_active=False)
    with pytest.raises(PlanError, match="cannot sign in"):
        services.reassign(owner, closed, office)


def test_update_overdue_counts_from_the_last_update(milestone, owner):
    long_ago = timezone.now() - timedelta(days=61)
    post(milestone, owner, posted_at=long_ago)
    milestone.refresh_from_db()
    assert milestone.assessment(today=timezone.localdate()).update_overdue
