from smeaton.web.partnership import queries
from smeaton.web.plan.rag import Progress


def test_counts_by_organisation_give_known_answers(partnership_plan, make_action, police):
    make_action()
    make_action(progress=Progress.COMPLETE)
    make_action(organisation=police, progress=Progress.OFF_TRACK)
    rows = queries.counts_by_organisation(queries.actions_of(partnership_plan))
    assert [(r.organisation.name, dict(r.counts), r.total) for r in rows] == [
        ("Devon and Cornwall Police",
         {"red": 1, "amber": 0, "green": 0, "not_started": 0, "complete": 0}, 1),
        ("NHS Devon ICB",
         {"red": 0, "amber": 0, "green": 0, "not_started": 1, "complete": 1}, 2),
    ]


def test_a_council_prioritys_actions_are_those_of_the_shared_priorities_mapped_to_it(
        partnership_plan, shared_priority, health_action, priorities):
    assert [a.pk for a in queries.actions_serving(priorities[1])] == [health_action.pk]
    assert queries.actions_serving(priorities[0]) == []


def test_one_organisations_actions(partnership_plan, health_action, police_action, police):
    assert [a.pk for a in queries.actions_of(partnership_plan, police)] == [police_action.pk]
