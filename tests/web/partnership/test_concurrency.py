"""Partners updating the same action at once: exactly one wins, nothing is lost.

Real concurrent writers: threads, each with its own database connection, released
together, against a database that commits (on PostgreSQL in `make test`, where the
action's row is locked; on SQLite, where writers queue for the database).
"""

from functools import partial

import pytest
from django.test import Client

from smeaton.web.accounts.models import Role
from smeaton.web.partnership.models import PartnerAction
from smeaton.web.plan.rag import Progress
from tests.web.plan.test_concurrency import at_once

WRITERS = 3
ROUNDS = 4


@pytest.fixture
def colleagues(transactional_db, make_user, health):
    return [make_user(Role.PARTNER, organisation=health) for _ in range(WRITERS)]


def client_of(person) -> Client:
    client = Client()
    client.force_login(person)
    return client


def test_of_three_partners_updating_from_the_same_page_exactly_one_is_posted(
        colleagues, health_action):
    clients = [client_of(person) for person in colleagues]
    url = f"/partnership/actions/{health_action.pk}/update/"
    for attempt in range(ROUNDS):
        seen = PartnerAction.objects.get(pk=health_action.pk).version
        notes = [f"Round {attempt}: from partner {n}" for n in range(WRITERS)]
        responses = at_once(*[
            partial(client.post, url, {"progress": "on_track", "commentary": note,
                                       "version": seen})
            for client, note in zip(clients, notes, strict=True)])
        posted = [n for n, r in zip(notes, responses, strict=True) if r.status_code == 302]
        refused = [r for r in responses if r.status_code == 200
                   and "Someone else changed this action" in r.content.decode()]
        assert (len(posted), len(refused)) == (1, WRITERS - 1), responses
        assert health_action.updates.first().commentary == posted[0]
    assert health_action.updates.count() == ROUNDS


def test_an_edit_racing_an_update_never_undoes_its_progress(colleagues, health_action,
                                                             make_user, health):
    leader = client_of(make_user(Role.LEADERSHIP))
    partner = client_of(colleagues[0])
    seen = health_action.version
    edit = {"title": "Screen every child", "description": "", "organisation": health.pk,
            "owner": "", "due_day": "31", "due_month": "1", "due_year": "2026",
            "version": seen}
    update = {"progress": "off_track", "commentary": "Stopped.", "version": seen}
    at_once(partial(leader.post, f"/partnership/actions/{health_action.pk}/edit/", edit),
            partial(partner.post, f"/partnership/actions/{health_action.pk}/update/", update))
    action = PartnerAction.objects.get(pk=health_action.pk)
    assert action.version == seen + 1  # one of them won; the other was refused
    if action.updates.exists():
        assert action.progress == Progress.OFF_TRACK
    else:
        assert action.title == "Screen every child"
