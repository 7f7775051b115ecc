from datetime import timedelta

import pytest
from django.db import IntegrityError, transaction

from smeaton.web.audit.trail import trail
from smeaton.web.plan.rag import Progress
from smeaton.web.risks import services
from smeaton.web.risks.models import Escalation, Level, Risk, RiskAction
from smeaton.web.risks.services import RiskError
from tests.web.risks.conftest import SCORES


def review(risk, by, today, **scores):
    return services.review_risk(
        risk, by, seen_version=risk.version, next_review=today + timedelta(days=90),
        note="Reviewed.", **{"current_likelihood": 3, "current_impact": 4,
                             "target_likelihood": 2, "target_impact": 4, **scores})


def test_references_follow_on_and_are_never_reused(make_risk):
    first, second = make_risk(), make_risk()
    assert (first.reference, second.reference) == ("R001", "R002")


def test_raising_a_risk_records_its_first_scores_and_is_audited(risk, leader):
    [first] = risk.reviews.all()
    assert (first.current_score, first.target_score, first.reviewer) == (16, 8, leader)
    [entry] = trail(risk)
    assert (entry.who, entry.reason) == ("Jo Hughes", "Raised by Jo Hughes")


def test_a_review_changes_the_scores_and_keeps_the_old_ones(risk, owner, today):
    review(risk, owner, today, current_likelihood=2)
    risk.refresh_from_db()
    assert risk.current_score == 8
    assert [r.current_score for r in risk.reviews.all()] == [16, 8]
    assert risk.next_review == today + timedelta(days=90)


def test_a_review_date_in_the_past_is_refused(risk, owner, today):
    with pytest.raises(RiskError, match="today or in the future") as refused:
        services.review_risk(risk, owner, seen_version=risk.version,
                             next_review=today - timedelta(days=1), **{
                                 k: v for k, v in SCORES.items() if not k.startswith("inh")})
    assert refused.value.field == "next_review"
    assert risk.reviews.count() == 1


def test_a_review_from_a_stale_page_is_refused(risk, owner, leader, today):
    seen = risk.version
    review(risk, owner, today)
    with pytest.raises(RiskError, match="Someone else changed this risk"):
        services.escalate(risk, leader, to_level=Level.CORPORATE, reason="Grown.",
                          seen_version=seen)
    assert not Escalation.objects.exists()


def test_escalating_and_de_escalating_say_who_and_why(risk, leader):
    services.escalate(risk, leader, to_level=Level.CORPORATE, reason="Council-wide.",
                      seen_version=risk.version)
    risk.refresh_from_db()
    down = services.escalate(risk, leader, to_level=Level.DIRECTORATE, reason="Contained.",
                             seen_version=risk.version)
    risk.refresh_from_db()
    assert risk.level == Level.DIRECTORATE
    assert [m.upward for m in risk.escalations.all()] == [True, False]
    assert down.by == leader
    assert trail(risk)[0].reason == "De-escalated by Jo Hughes: Contained."


def test_escalating_needs_a_reason_and_another_register(risk, leader):
    with pytest.raises(RiskError, match="Enter why"):
        services.escalate(risk, leader, to_level=Level.CORPORATE, reason="  ",
                          seen_version=risk.version)
    with pytest.raises(RiskError, match="already on the programme register"):
        services.escalate(risk, leader, to_level=Level.PROGRAMME, reason="x",
                          seen_version=risk.version)


def test_closing_needs_a_reason_and_the_database_agrees(risk, leader):
    with pytest.raises(RiskError, match="Enter why the risk is being closed"):
        services.close_risk(risk, leader, reason="", seen_version=risk.version)
    with pytest.raises(IntegrityError), transaction.atomic():
        Risk.objects.filter(pk=risk.pk).update(status=Risk.Status.CLOSED)


def test_a_closed_risk_takes_no_reviews_controls_or_actions(risk, leader, owner, today):
    services.close_risk(risk, leader, reason="Passed.", seen_version=risk.version)
    risk.refresh_from_db()
    with pytest.raises(RiskError, match="closed"):
        review(risk, owner, today)
    with pytest.raises(RiskError, match="closed"):
        services.add_control(risk, owner, description="A panel")
    with pytest.raises(RiskError, match="closed"):
        services.add_action(risk, owner, title="x", description="", owner=owner,
                            due=today + timedelta(days=3))


def test_an_action_treats_a_risk_or_an_issue_never_both_nor_neither(risk, leader, owner,
                                                                    today):
    issue = services.raise_issue(leader, risk=risk, title="It happened", description="d",
                                 impact="i", priority="high", owner=owner, raised_on=today,
                                 target_date=today)
    action = services.add_action(issue, leader, title="Fix it", description="", owner=owner,
                                 due=today)
    assert (action.issue, action.risk, action.treats) == (issue, None, issue)
    for treats in ({"risk": risk, "issue": issue}, {}):
        with pytest.raises(IntegrityError), transaction.atomic():
            RiskAction.objects.create(title="x", owner=owner, due=today, **treats)


def test_an_update_moves_the_actions_position(risk_action, owner):
    services.post_update(risk_action, owner, progress=Progress.COMPLETE, commentary="Done.",
                         seen_version=risk_action.version)
    risk_action.refresh_from_db()
    assert risk_action.progress == Progress.COMPLETE
    assert risk_action.updates.get().commentary == "Done."


def test_resolving_an_issue_needs_a_resolution(risk, leader, owner, today):
    issue = services.raise_issue(leader, title="Late plans", description="d", impact="i",
                                 priority="low", owner=owner, raised_on=today,
                                 target_date=today)
    with pytest.raises(RiskError, match="Enter how the issue was resolved"):
        services.resolve_issue(issue, leader, resolution=" ", seen_version=issue.version)
    services.resolve_issue(issue, leader, resolution="Caught up.", seen_version=issue.version)
    issue.refresh_from_db()
    assert not issue.is_open and issue.resolution == "Caught up."


def test_links_are_kept_in_the_history_without_repeating_the_trails_entry(make_risk, priority,
                                                                        milestone, leader):
    risk = make_risk(priorities=[priority], milestones=[milestone])
    [entry] = trail(risk)
    assert entry.reason == "Raised by Jo Hughes"
    latest = risk.history.latest()
    assert [link.priority for link in latest.priorities.all()] == [priority]
    services.change_risk(risk, leader, seen_version=risk.version, title="Renamed",
                         links={"priorities": []})
    assert not risk.history.latest().priorities.exists()
    assert trail(risk)[0].changes[0].after == "Renamed"


def test_scores_that_make_no_sense_are_refused_when_raising_reviewing_and_editing(
        make_risk, risk, owner, leader, today):
    with pytest.raises(RiskError, match="current score must not be higher than the inh") as no:
        make_risk(inherent_likelihood=1, inherent_impact=4, current_likelihood=4,
                  current_impact=4, target_likelihood=5, target_impact=5)
    assert no.value.field == "current_likelihood"
    with pytest.raises(RiskError, match="target score must not be higher than the current"):
        make_risk(target_likelihood=5, target_impact=5)
    with pytest.raises(RiskError, match="current score must not be higher") as no:
        review(risk, owner, today, current_likelihood=5, current_impact=5)
    with pytest.raises(RiskError, match="target score must not be higher") as no:
        review(risk, owner, today, target_likelihood=4, target_impact=5)
    assert no.value.field == "target_likelihood"
    with pytest.raises(RiskError, match="inherent score must not be lower") as no:
        services.change_risk(risk, leader, seen_version=risk.version, inherent_likelihood=1)
    assert no.value.field == "inherent_likelihood"
    assert Risk.objects.count() == 1 and risk.reviews.count() == 1


def test_a_new_action_due_in_the_past_is_refused(risk, leader, owner, today):
    with pytest.raises(RiskError, match="due date must be today or in the future") as no:
        services.add_action(risk, leader, title="Late", description="", owner=owner,
                            due=today - timedelta(days=1))
    assert no.value.field == "due"
    assert not RiskAction.objects.exists()
