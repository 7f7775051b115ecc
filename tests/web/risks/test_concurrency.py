"""Two people saving the same risk or action at once: exactly one wins, nothing is lost.

Real concurrent writers: threads, each with its own database connection, released
together, against a database that commits (on PostgreSQL, where the row is locked; on
SQLite, where writers queue for the database).
"""

from datetime import timedelta
from functools import partial

import pytest
from django.test import Client

from smeaton.web.risks.models import Risk, RiskAction
from tests.web.plan.test_concurrency import at_once


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


@pytest.fixture
def committed(transactional_db, make_risk):
    return make_risk()


def review(risk, today, likelihood):
    day = today + timedelta(days=60)
    return {"current_likelihood": likelihood, "current_impact": "4", "target_likelihood": "2",
            "target_impact": "4", "note": f"Likelihood {likelihood}", "version": risk.version,
            "next_review_day": day.day, "next_review_month": day.month,
            "next_review_year": day.year}


def test_two_reviews_from_the_same_page_exactly_one_is_recorded(committed, owner, leader,
                                                                today):
    risk = committed  # reviewed by its owner and, at the same moment, the programme office
    clients = [client_of(owner), client_of(leader)]
    url = f"/risks/{risk.pk}/review/"
    responses = at_once(*[partial(client.post, url, review(risk, today, str(n)))
                          for client, n in zip(clients, (2, 5), strict=True)])
    saved = [r for r in responses if r.status_code == 302]
    refused = [r for r in responses if r.status_code == 200
               and "Someone else changed this risk" in r.content.decode()]
    assert (len(saved), len(refused)) == (1, 1), responses
    risk.refresh_from_db()
    assert risk.reviews.count() == 2
    assert risk.reviews.last().current_likelihood == risk.current_likelihood


def test_an_edit_racing_a_review_never_undoes_its_scores(committed, owner, leader, today):
    risk = Risk.objects.get(pk=committed.pk)
    edit = {"title": "Renamed", "cause": risk.cause, "event": risk.event,
            "consequence": risk.consequence, "category": risk.category_id,
            "owner": risk.owner_id, "response": "treat", "proximity": "soon",
            "review_every": "3", "inherent_likelihood": "5", "inherent_impact": "4",
            "version": risk.version}
    at_once(partial(client_of(leader).post, f"/risks/{risk.pk}/edit/", edit),
            partial(client_of(owner).post, f"/risks/{risk.pk}/review/",
                    review(risk, today, "1")))
    after = Risk.objects.get(pk=risk.pk)
    assert after.version == risk.version + 1  # one of them won; the other was refused
    if after.reviews.count() == 2:
        assert (after.current_likelihood, after.title) == (1, risk.title)
    else:
        assert (after.current_likelihood, after.title) == (risk.current_likelihood, "Renamed")


def test_two_updates_on_an_action_exactly_one_is_posted(committed, leader, owner, today):
    from smeaton.web.risks import services

    action = services.add_action(committed, leader, title="Recruit", description="",
                                 owner=owner, due=today + timedelta(days=30))
    clients = [client_of(owner), client_of(owner)]
    url = f"/risks/actions/{action.pk}/update/"
    responses = at_once(*[partial(c.post, url, {"progress": "on_track", "commentary": note,
                                                "version": action.version})
                          for c, note in zip(clients, ("one", "two"), strict=True)])
    assert sorted(r.status_code for r in responses) == [200, 302]
    assert RiskAction.objects.get(pk=action.pk).updates.count() == 1


def test_two_risks_raised_at_once_take_the_next_two_references(transactional_db, leader,
                                                                owner, category, today):
    from tests.web.risks.test_views import risk_form

    clients = [client_of(leader), client_of(leader)]
    responses = at_once(*[partial(c.post, "/risks/new/", risk_form(category, owner, today,
                                                                   title=f"Risk {n}"))
                          for n, c in enumerate(clients)])
    assert [r.status_code for r in responses] == [302, 302], responses
    assert sorted(Risk.objects.values_list("reference", flat=True)) == ["R001", "R002"]
