"""The illustrative demo plan shows every state a user needs to see."""

from collections import Counter
from datetime import date

from smeaton.web import demo
from smeaton.web.plan import demo as plan_demo
from smeaton.web.plan import queries
from smeaton.web.plan.models import Decision, Milestone, Plan, UpdateRound, YearEnd
from smeaton.web.rag import Rag


def load_plan(today: date) -> None:
    """The demo's people and plan: what these tests are about, without the returns and
    figures the whole demo takes half a minute to load (tests/test_cli.py loads it all)."""
    demo.load_people()
    plan_demo.load(today)


def test_the_demo_plan_shows_every_rag_state_an_overdue_update_and_two_rounds(db):
    today = date(2026, 11, 23)
    load_plan(today)
    plan = Plan.objects.get()
    assert plan.illustrative
    assert plan.priorities.count() == 10
    milestones = list(Milestone.objects.all())
    assert len(milestones) >= 60
    assert {m.plan_year for m in milestones} == {2024, 2025, 2026}
    this_year = [m for m in milestones if m.plan_year == plan.current_year(today)]
    assert set(Counter(m.rag(today) for m in this_year)) == set(Rag)
    assert any(m.assessment(today).update_overdue for m in this_year)
    states = Counter(r.state for r in UpdateRound.objects.all())
    assert states == {UpdateRound.State.OPEN: 1, UpdateRound.State.CLOSED: 1}
    assert plan.rounds.get(state="open").updates.filter(returned_at__isnull=False).exists()


def test_loading_the_demo_again_changes_nothing(db):
    load_plan(date(2026, 11, 23))
    load_plan(date(2026, 11, 23))
    assert Plan.objects.count() == 1
    # The plan's 70, and those its year-end reviews added: none twice.
    assert Milestone.objects.filter(carried_from=None, replaces=None).count() == 70
    assert YearEnd.objects.count() == 2


def test_the_demo_has_a_closed_year_with_its_summary_and_a_year_in_review(db):
    load_plan(date(2026, 11, 23))
    closed, in_review = YearEnd.objects.order_by("plan_year")
    assert (closed.plan_year, closed.state, closed.agreed_at is not None) == (
        2024, YearEnd.State.CLOSED, True)
    assert (in_review.plan_year, in_review.state) == (2025, YearEnd.State.OPEN)
    decided = Counter(Milestone.objects.filter(plan_year=2024).values_list("decision",
                                                                           flat=True))
    assert {decided[d] for d in Decision.values} == {1}  # one of each
    summaries = closed.priorities.all()
    assert summaries.count() == 10
    assert sum(len(s.achieved) for s in summaries) > 0
    assert queries.undecided(closed.plan, 2025).exists()  # still to decide
    assert Milestone.objects.filter(plan_year=2025).exclude(decision="").count() == 1


def test_the_demo_works_early_in_a_plan_year(db):
    load_plan(date(2025, 4, 10))  # quarter 1: the closed round is last year's quarter 4
    plan = Plan.objects.get()
    assert list(plan.rounds.values_list("plan_year", "quarter", "state")) == [
        (2025, 1, "open"), (2024, 4, "closed")]


def test_the_demo_tells_one_consistent_story(db):
    from smeaton.web.plan.demo_content import PRIORITIES
    from smeaton.web.plan.models import MilestoneUpdate

    load_plan(date(2026, 11, 23))
    # Every update belongs to the round that was open on the day it was posted.
    for update in MilestoneUpdate.objects.select_related("round"):
        rounds = [r for r in UpdateRound.objects.all()
                  if r.opened_at <= update.posted_at <= (r.closed_at or update.posted_at)]
        if update.round:
            assert rounds == [update.round], update
        else:
            assert not [r for r in rounds
                        if r.entries.filter(milestone=update.milestone).exists()], update
        assert update.returned_at is None or update.returned_at > update.posted_at
    # Every audit entry is dated when its change happened, not when the demo was loaded.
    for milestone in Milestone.objects.all():
        for entry in milestone.history.filter(history_change_reason__startswith="Update"):
            assert milestone.updates.filter(posted_at=entry.history_date).exists()
        assert milestone.history.earliest().history_date == milestone.created_at
    assert not Milestone.history.filter(history_date__date=date.today()).exists()  # noqa: DTZ011
    # Each milestone serves the outcome it was written for, of its own priority.
    written = {title: (number, outcomes[serves] if serves is not None else None)
               for number, _, _, _, outcomes, _, years in PRIORITIES
               for year in years for title, serves in year}
    # The year-end reviews' new milestones serve their original's.
    for milestone in Milestone.objects.select_related("priority", "outcome"):
        original = milestone.carried_from or milestone.replaces or milestone
        number, outcome = written[original.title]
        assert milestone.priority.number == number
        assert (milestone.outcome.title if milestone.outcome else None) == outcome
