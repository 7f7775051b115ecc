from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from smeaton.web.risks import queries, services
from smeaton.web.risks.matrix import DEFAULT
from smeaton.web.risks.models import Level, RiskMatrix
from smeaton.web.risks.queries import Filters


@pytest.mark.parametrize(("score", "band"), [(1, "Low"), (4, "Low"), (5, "Medium"),
                                             (12, "Medium"), (15, "High"), (25, "High")])
def test_a_score_falls_in_the_councils_band(score, band):
    assert DEFAULT.band(score).name == band


def test_a_score_between_bands_takes_the_band_below():
    assert DEFAULT.band(13).name == DEFAULT.band(14).name == "Medium"


def test_the_matrix_takes_the_administrators_words(db):
    found = RiskMatrix.objects.get()
    found.bands.filter(name="High").update(name="Red", lowest=13)
    found.likelihood_levels.filter(level=5).update(name="Expected")
    found.appetite = 9
    found.save()
    on = queries.matrix()
    assert (on.band(13).name, on.likelihood[5].name, on.appetite) == ("Red", "Expected", 9)


def test_without_a_matrix_the_defaults_are_used(db):
    RiskMatrix.objects.all().delete()
    assert queries.matrix() == DEFAULT


def reviewed(risk, by, today, *scores):
    for likelihood in scores:
        services.review_risk(risk, by, seen_version=None, next_review=today,
                             current_likelihood=likelihood, current_impact=4,
                             target_likelihood=1, target_impact=4)


def test_direction_of_travel_compares_the_latest_two_reviews(make_risk, owner, today):
    up, down, level, new = make_risk(), make_risk(), make_risk(), make_risk()
    reviewed(up, owner, today, 3, 5)
    reviewed(down, owner, today, 5, 3)
    reviewed(level, owner, today, 4)
    directions = {r.pk: r.direction for r in queries.register(Filters())}
    assert directions == {up.pk: queries.INCREASING, down.pk: queries.DECREASING,
                          level.pk: queries.STABLE, new.pk: queries.NEW}


def test_the_register_filters_and_sorts_by_score(make_risk, owner, category, make_user, today,
                                                 priority):
    high = make_risk(current_likelihood=5, current_impact=5)
    low = make_risk(current_likelihood=1, current_impact=2, level=Level.CORPORATE)
    medium = make_risk(current_likelihood=2, current_impact=3, priorities=[priority])
    assert [r.pk for r in queries.register(Filters())] == [high.pk, medium.pk, low.pk]
    assert [r.pk for r in queries.register(Filters(band="Low"))] == [low.pk]
    assert [r.pk for r in queries.register(Filters(level=Level.CORPORATE))] == [low.pk]
    assert [r.pk for r in queries.register(Filters(priority=priority.pk))] == [medium.pk]
    assert queries.register(Filters(owner=make_user().pk)) == []
    # The category's appetite is 12: only 25 is above it.
    assert [r.pk for r in queries.register(Filters(appetite="outside"))] == [high.pk]
    assert [r.pk for r in queries.register(Filters(appetite="within"))] == [medium.pk, low.pk]


def test_filters_from_an_address_ignore_what_they_do_not_understand():
    filters = Filters.from_query(QueryDict("level=nonsense&category=²&likelihood=6&sort=x"
                                           "&owner=99999999999999999999"
                                           "&impact=3&status=closed&appetite=outside"))
    assert filters == Filters(impact=3, status="closed", appetite="outside")
    assert Filters.from_query(QueryDict(filters.query_string())) == filters


def test_the_heat_map_agrees_with_the_register_under_the_same_filters(make_risk, today):
    for likelihood, impact, level in [(5, 5, Level.PROGRAMME), (5, 5, Level.CORPORATE),
                                      (2, 3, Level.PROGRAMME), (1, 1, Level.PROGRAMME)]:
        make_risk(current_likelihood=likelihood, current_impact=impact, level=level)
    for filters in (Filters(), Filters(level=Level.PROGRAMME)):
        register = queries.register(filters)
        heat = queries.heat_map(filters)
        cells = {(c.likelihood, c.impact): c for _, row in heat.rows for c in row}
        counted = Counter((r.current_likelihood, r.current_impact) for r in register)
        assert {key: c.count for key, c in cells.items() if c.count} == dict(counted)
        for key, cell in cells.items():
            chosen = Filters.from_query(QueryDict(cell.query))
            assert len(queries.register(chosen)) == cell.count, key
    assert heat.rows[0][0].level == 5  # the most likely at the top
    assert cells[5, 5].outside_appetite and not cells[2, 3].outside_appetite


def test_the_register_reads_in_a_fixed_number_of_queries(make_risk, owner, today):
    def count():
        with CaptureQueriesContext(connection) as captured:
            rated = queries.register(Filters())
            [(r.direction, r.current.band, r.category.name, str(r.owner)) for r in rated]
        return len(captured)

    make_risk()
    few = count()
    for _ in range(5):
        reviewed(make_risk(), owner, today, 3)
    assert count() == few


def test_my_work_puts_overdue_actions_first(risk, leader, owner, today):
    later = services.add_action(risk, leader, title="Later", description="", owner=owner,
                                due=today + timedelta(days=10))
    late = services.add_action(risk, leader, title="Late", description="", owner=owner,
                               due=today - timedelta(days=1),  # added before it was due
                               at=timezone.now() - timedelta(days=30))
    work = queries.my_work(owner)
    assert [a.pk for a in work.actions] == [late.pk, later.pk]
    assert [r.pk for r in work.risks] == [risk.pk]


def test_reviews_due_and_risks_needing_attention(make_risk, owner, today):
    soon = make_risk(next_review=today + timedelta(days=5), current_likelihood=2)
    make_risk(next_review=today + timedelta(days=60), current_likelihood=1)
    high = make_risk(next_review=today + timedelta(days=60), current_likelihood=5,
                     current_impact=5)
    assert queries.reviews_due(owner) == [soon]
    found, total = queries.needing_attention()
    assert ([r.pk for r in found], total) == ([high.pk], 3)


def test_the_history_chart_dates_at_most_six_points_and_always_the_latest(make_risk, owner,
                                                                          today):
    risk = make_risk()
    for n in range(12):  # a review a day after it was raised
        services.review_risk(risk, owner, seen_version=None,
                             next_review=today + timedelta(days=30),
                             current_likelihood=n % 5 + 1, current_impact=4,
                             target_likelihood=1, target_impact=4,
                             at=timezone.now() + timedelta(days=n + 1))
    history = queries.score_history(
        queries.RISK_PAGE_RECORDS.get(pk=risk.pk), queries.matrix())
    chart = queries.chart_of(history)
    assert len(chart.points) == 13
    assert len(chart.labels) <= 7 and chart.labels[-1][0] == chart.points[-1][0]
    # On a scale of 0 (the bottom, 200) to 25 (the top, 40): 16 at raising, then 4 (1 x 4).
    assert [y for _, y, _ in chart.points[:2]] == [pytest.approx(97.6), pytest.approx(174.4)]


def test_reviews_on_the_same_day_are_dated_once_on_the_chart(make_risk, owner, today):
    risk = make_risk()
    reviewed(risk, owner, today, 3, 2)  # the same day it was raised
    history = queries.score_history(
        queries.RISK_PAGE_RECORDS.get(pk=risk.pk), queries.matrix())
    chart = queries.chart_of(history)
    assert len(chart.points) == 3
    assert [label for _, label in chart.labels] == ["20 Nov 2025"]


def test_the_heat_map_by_inherent_or_target_scores_agrees_with_the_register(make_risk):
    make_risk(inherent_likelihood=5, inherent_impact=5, target_likelihood=1)
    make_risk(inherent_likelihood=5, inherent_impact=5, target_likelihood=2)
    make_risk(inherent_likelihood=4, inherent_impact=5, target_likelihood=1)
    for scores, expected in [("inherent", {(5, 5): 2, (4, 5): 1}),
                             ("target", {(1, 4): 2, (2, 4): 1}),
                             ("current", {(4, 4): 3})]:
        heat = queries.heat_map(Filters(scores=scores))
        cells = {(c.likelihood, c.impact): c for _, row in heat.rows for c in row}
        assert {key: c.count for key, c in cells.items() if c.count} == expected, scores
        for key, count in expected.items():
            chosen = Filters.from_query(QueryDict(cells[key].query))
            assert chosen.scores == scores
            assert len(queries.register(chosen)) == count, (scores, key)
