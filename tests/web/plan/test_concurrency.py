"""Two people saving the same milestone at once: exactly one wins, nothing is lost.

Real concurrent writers: threads, each with its own database connection, released
together, against a database that commits (on PostgreSQL in `make test`, where rows
are locked; on SQLite, where writers queue for the database).
"""

import threading
from datetime import date
from functools import partial

import pytest
from django.db import close_old_connections, connection
from django.test import Client

from smeaton.web.accounts.models import Role
from smeaton.web.plan import services
from smeaton.web.plan.models import Milestone
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag

WRITERS = 3
ROUNDS = 10


def at_once(*actions) -> list:
    """Run each action in its own thread and connection, all released together; each
    result is what it returned, or the exception it raised."""
    barrier = threading.Barrier(len(actions))
    results = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            results[index] = action()
        except Exception as error:  # noqa: BLE001  the outcome is what is being tested
            results[index] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


@pytest.fixture
def committed(transactional_db, plan, priority, make_user):
    office = make_user(Role.LEADERSHIP)
    return office


def test_of_three_people_saving_the_same_version_exactly_one_wins(committed, make_milestone):
    milestone = make_milestone()
    clients = []
    for _ in range(WRITERS):
        client = Client()
        client.force_login(committed)
        clients.append(client)
    url = f"/plan/milestones/{milestone.pk}/edit/"
    for attempt in range(ROUNDS):
        saved = Milestone.objects.get(pk=milestone.pk)
        form = {"description": "", "plan_year": saved.plan_year, "owner": saved.owner_id,
                "due_day": saved.due.day, "due_month": saved.due.month,
                "due_year": saved.due.year, "outcome": "", "version": saved.version}
        titles = [f"Round {attempt}: edit {n}" for n in range(WRITERS)]
        responses = at_once(*[partial(client.post, url, {**form, "title": title})
                              for client, title in zip(clients, titles, strict=True)])
        won = [t for t, r in zip(titles, responses, strict=True) if r.status_code == 302]
        refused = [r for r in responses if r.status_code == 200
                   and "Someone else changed this milestone" in r.content.decode()]
        assert (len(won), len(refused)) == (1, WRITERS - 1), responses
        now = Milestone.objects.get(pk=milestone.pk)
        assert (now.title, now.version) == (won[0], saved.version + 1)


def test_an_edit_from_before_an_owners_update_never_undoes_its_rag(committed, make_milestone,
                                                                   owner, lead):
    milestone = make_milestone(due=date(2026, 1, 31))
    for attempt in range(ROUNDS):
        seen = Milestone.objects.get(pk=milestone.pk).version
        progress = Progress.OFF_TRACK if attempt % 2 else Progress.AT_RISK
        results = at_once(
            partial(services.post_update, milestone, owner, progress=progress,
                    commentary=f"Update {attempt}", seen_version=seen),
            partial(services.change_milestone, milestone, lead, seen_version=seen,
                    description=f"Edit {attempt}"))
        assert sum(not isinstance(r, Exception) for r in results) == 1, results
        saved = Milestone.objects.get(pk=milestone.pk)
        if not isinstance(results[0], Exception):  # the update won: its RAG stands
            assert saved.progress == progress
            assert saved.rag() in (Rag.RED, Rag.AMBER)
        else:  # the edit won: the update was refused, nothing half-saved
            assert saved.description == f"Edit {attempt}"
            assert not saved.updates.filter(commentary=f"Update {attempt}").exists()
