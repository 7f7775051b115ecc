"""People acting on the same commentary at once: exactly one wins, nothing is lost.

Real concurrent writers: threads, each with its own database connection, released
together, against a database that commits (on PostgreSQL in `make test`, where the
commentary's row is locked; on SQLite, where writers queue for the database).
"""

from functools import partial

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.commentary import services
from smeaton.web.commentary.models import Commentary, Status, Version
from smeaton.web.commentary.services import CommentaryError, Seen
from tests.web.commentary.conftest import QUARTER, parts
from tests.web.plan.test_concurrency import at_once

WRITERS = 3
ROUNDS = 5


@pytest.fixture
def analysts(transactional_db, make_user):
    return [make_user(Role.ANALYST) for _ in range(WRITERS)]


def outcomes(results) -> tuple[list, list]:
    won = [r for r in results if isinstance(r, Version)]
    refused = [r for r in results if isinstance(r, CommentaryError)]
    assert len(won) + len(refused) == len(results), results  # nothing else went wrong
    return won, refused


def test_of_analysts_starting_the_same_commentary_at_once_one_writes_it(indicator, analysts):
    results = at_once(*[partial(services.save_draft, indicator, QUARTER, analyst,
                                parts(n), seen=Seen())
                        for n, analyst in enumerate(analysts)])
    won, refused = outcomes(results)
    assert (len(won), len(refused)) == (1, WRITERS - 1)
    assert Commentary.objects.count() == 1
    assert Version.objects.get().shows == won[0].shows


def test_of_analysts_saving_the_same_version_exactly_one_wins(indicator, analysts):
    version = services.save_draft(indicator, QUARTER, analysts[0], parts(), seen=Seen())
    for attempt in range(ROUNDS):
        version.refresh_from_db()
        seen = Seen(version.number, version.revision)
        results = at_once(*[partial(services.save_draft, indicator, QUARTER, analyst,
                                    parts(10 * attempt + n), seen=seen)
                            for n, analyst in enumerate(analysts)])
        won, refused = outcomes(results)
        assert (len(won), len(refused)) == (1, WRITERS - 1)
        version.refresh_from_db()
        assert (version.shows, version.revision) == (won[0].shows, seen.revision + 1)


def test_a_sign_off_and_a_change_at_once_never_sign_off_unseen_words(indicator, analysts,
                                                                     lead, leader):
    """A lead signs off what they read while a leader returns it: one decision stands."""
    for attempt in range(ROUNDS):
        # Each round revises the last round's signed-off version: a new version.
        version = services.save_draft(indicator, QUARTER, analysts[0], parts(attempt),
                                      seen=seen_of_latest())
        version = services.submit(indicator, QUARTER, analysts[0],
                                  seen=Seen(version.number, version.revision))
        seen = Seen(version.number, version.revision)
        results = at_once(
            partial(services.sign_off, indicator, QUARTER, lead, seen=seen),
            partial(services.return_version, indicator, QUARTER, leader, seen=seen,
                    comment="Say more."))
        won, refused = outcomes(results)
        assert (len(won), len(refused)) == (1, 1)
        version.refresh_from_db()
        assert version.status == won[0].status
        assert Version.objects.count() == attempt + 1
        if version.status == Status.RETURNED:  # sign it off, so the next round starts anew
            version = services.submit(indicator, QUARTER, analysts[0], seen=seen_of_latest())
            services.sign_off(indicator, QUARTER, lead, seen=seen_of_latest())


def seen_of_latest() -> Seen:
    latest = Version.objects.order_by("-number").first()
    return Seen(latest.number, latest.revision) if latest else Seen()
