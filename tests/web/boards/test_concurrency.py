"""Two people saving the same board action at once: exactly one wins, nothing is lost.

Real concurrent writers: threads, each with its own database connection, released
together, against a database that commits (on PostgreSQL in `make test`, where the
action's row is locked; on SQLite, where writers queue for the database).
"""

from functools import partial

import pytest
from django.test import Client

from smeaton.web.accounts.models import Role
from smeaton.web.boards.models import BoardAction
from smeaton.web.plan.rag import Progress
from tests.web.plan.test_concurrency import at_once

ROUNDS = 4


@pytest.fixture
def committed(transactional_db):
    return transactional_db


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_of_two_saves_of_the_same_version_exactly_one_wins(committed, action, owner,
                                                           make_user):
    office_client = client_of(make_user(Role.LEADERSHIP))
    owner_client = client_of(owner)
    for attempt in range(ROUNDS):
        seen = BoardAction.objects.get(pk=action.pk).version
        responses = at_once(
            partial(owner_client.post, f"/boards/actions/{action.pk}/update/",
                    {"progress": "on_track", "commentary": f"Round {attempt}",
                     "version": seen}),
            partial(office_client.post, f"/boards/actions/{action.pk}/edit/",
                    {"description": f"Edited in round {attempt}", "agenda_item": "",
                     "owner": owner.pk, "due_day": "31", "due_month": "1",
                     "due_year": "2026", "version": seen}))
        won = [r for r in responses if r.status_code == 302]
        refused = [r for r in responses if r.status_code == 200
                   and "Someone else changed this action" in r.content.decode()]
        assert (len(won), len(refused)) == (1, 1), responses
        now = BoardAction.objects.get(pk=action.pk)
        assert now.version == seen + 1
        if won[0] is responses[0]:
            assert now.updates.first().commentary == f"Round {attempt}"
            assert now.progress == Progress.ON_TRACK
        else:
            assert now.description == f"Edited in round {attempt}"


def test_of_two_owners_pages_posting_at_once_exactly_one_update_is_kept(committed, action,
                                                                        owner):
    clients = [client_of(owner), client_of(owner)]
    seen = action.version
    responses = at_once(*[partial(c.post, f"/boards/actions/{action.pk}/update/",
                                  {"progress": "at_risk", "commentary": f"From tab {n}",
                                   "version": seen})
                          for n, c in enumerate(clients)])
    assert sorted(r.status_code for r in responses) == [200, 302]
    assert action.updates.count() == 1
