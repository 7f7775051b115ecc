"""Drafting, sending for sign-off, signing off and returning: versions, the lock, and
who may do what, as the services enforce them whatever a page showed."""

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.audit.trail import trail
from smeaton.web.commentary import services
from smeaton.web.commentary.models import Status, Version
from smeaton.web.commentary.services import CommentaryError, Parts, Seen
from smeaton.web.plan.models import Milestone
from tests.web.commentary.conftest import QUARTER, parts


def seen(version: Version | None) -> Seen:
    if version is None:
        return Seen()
    version.refresh_from_db()
    return Seen(version.number, version.revision)


def drafted(indicator, analyst, n=1) -> Version:
    return services.save_draft(indicator, QUARTER, analyst, parts(n), seen=Seen())


def submitted(indicator, analyst) -> Version:
    version = drafted(indicator, analyst)
    return services.submit(indicator, QUARTER, analyst, seen=seen(version))


def test_a_first_draft_is_version_1(indicator, analyst):
    version = drafted(indicator, analyst)
    assert (version.number, version.status, version.drafted_by) == (1, Status.DRAFT, analyst)
    assert version.commentary.period == QUARTER
    assert version.shows == "The figure rose to 12% (1)."


def test_a_draft_is_changed_in_place_and_each_change_is_audited(indicator, analyst, leader):
    version = drafted(indicator, analyst)
    changed = services.save_draft(indicator, QUARTER, leader, parts(2), seen=seen(version))
    assert changed.pk == version.pk and Version.objects.count() == 1
    assert (changed.edited_by, changed.shows) == (leader, "The figure rose to 12% (2).")
    entries = trail(changed)
    assert [e.reason for e in entries] == [f"Changed by {leader}", f"Drafted by {analyst}"]
    assert any(c.field == "what the figure shows" and c.before.endswith("(1).")
               for c in entries[0].changes)


def test_the_words_of_each_part_are_required(indicator, analyst):
    with pytest.raises(CommentaryError, match="Enter why") as refusal:
        services.save_draft(indicator, QUARTER, analyst, parts(why="   "), seen=Seen())
    assert refusal.value.field == "why"
    assert not Version.objects.exists()


def test_milestones_are_linked_to_a_version(indicator, analyst, priority, lead):
    milestone = Milestone.objects.create(priority=priority, plan_year=2025, title="Open a home",
                                         owner=lead, due="2026-01-31")
    version = services.save_draft(indicator, QUARTER, analyst,
                                  Parts("a", "b", "c", [milestone]), seen=Seen())
    assert list(version.milestones.all()) == [milestone]
    services.save_draft(indicator, QUARTER, analyst, Parts("a", "b", "c"),
                        seen=Seen(1, version.revision))
    assert not version.milestones.exists()
    entries = trail(version)
    assert [e.reason for e in entries] == [f"Changed by {analyst}", f"Drafted by {analyst}"]
    assert ("milestones", "Open a home", "") in [
        (c.field, c.before, c.after) for c in entries[0].changes]


def test_only_analysts_and_leadership_draft(indicator, lead):
    with pytest.raises(CommentaryError, match="Only analysts and leadership"):
        services.save_draft(indicator, QUARTER, lead, parts(), seen=Seen())


def test_the_drafter_cannot_sign_off_even_as_leadership(indicator, leader):
    version = services.save_draft(indicator, QUARTER, leader, parts(), seen=Seen())
    services.submit(indicator, QUARTER, leader, seen=seen(version))
    with pytest.raises(CommentaryError, match="You wrote this version"):
        services.sign_off(indicator, QUARTER, leader, seen=seen(version))
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED


def test_anyone_who_edited_a_version_cannot_sign_it_off(indicator, analyst, leader,
                                                        make_user):
    version = services.save_draft(indicator, QUARTER, leader, parts(), seen=Seen())
    services.save_draft(indicator, QUARTER, analyst, parts(2), seen=seen(version))
    other_analyst = make_user(Role.ANALYST)
    services.save_draft(indicator, QUARTER, other_analyst, parts(3), seen=seen(version))
    services.submit(indicator, QUARTER, analyst, seen=seen(version))
    with pytest.raises(CommentaryError, match="You wrote this version"):
        services.sign_off(indicator, QUARTER, leader, seen=seen(version))


def test_the_owner_signs_off_and_the_version_is_locked(indicator, analyst, lead):
    version = submitted(indicator, analyst)
    signed = services.sign_off(indicator, QUARTER, lead, seen=seen(version))
    assert (signed.status, signed.decided_by, signed.locked) == (Status.SIGNED_OFF, lead, True)
    assert trail(signed)[0].reason == f"Signed off by {lead}"


def test_a_lead_of_another_priority_cannot_sign_off(indicator, analyst, make_user):
    version = submitted(indicator, analyst)
    stranger = make_user(Role.PRIORITY_LEAD)
    with pytest.raises(CommentaryError, match="Only the indicator's owner"):
        services.sign_off(indicator, QUARTER, stranger, seen=seen(version))


def test_a_draft_cannot_be_signed_off(indicator, analyst, lead):
    version = drafted(indicator, analyst)
    with pytest.raises(CommentaryError, match="not awaiting sign-off"):
        services.sign_off(indicator, QUARTER, lead, seen=seen(version))


def test_a_version_awaiting_sign_off_cannot_be_changed(indicator, analyst):
    version = submitted(indicator, analyst)
    with pytest.raises(CommentaryError, match="awaiting sign-off"):
        services.save_draft(indicator, QUARTER, analyst, parts(2), seen=seen(version))


def test_returned_with_a_comment_then_changed_and_sent_again(indicator, analyst, lead):
    version = submitted(indicator, analyst)
    with pytest.raises(CommentaryError, match="Enter what needs to change"):
        services.return_version(indicator, QUARTER, lead, comment=" ", seen=seen(version))
    returned = services.return_version(indicator, QUARTER, lead, comment="Say why homes closed.",
                                       seen=seen(version))
    assert (returned.status, returned.return_comment) == (Status.RETURNED, "Say why homes closed.")
    changed = services.save_draft(indicator, QUARTER, analyst, parts(2), seen=seen(version))
    assert (changed.pk, changed.status) == (version.pk, Status.RETURNED)
    again = services.submit(indicator, QUARTER, analyst, seen=seen(version))
    assert again.status == Status.SUBMITTED
    assert services.sign_off(indicator, QUARTER, lead, seen=seen(version)).locked


def test_changing_signed_off_commentary_starts_a_new_version_and_keeps_the_old(
        indicator, analyst, lead):
    first = submitted(indicator, analyst)
    services.sign_off(indicator, QUARTER, lead, seen=seen(first))
    second = services.save_draft(indicator, QUARTER, analyst, parts(2), seen=seen(first))
    assert (second.number, second.status, second.revises) == (2, Status.DRAFT, first)
    first.refresh_from_db()
    assert (first.status, first.shows) == (Status.SIGNED_OFF, "The figure rose to 12% (1).")
    assert trail(second)[0].reason.startswith("Version 2 started by")


def test_a_save_from_a_stale_form_is_refused(indicator, analyst, leader):
    version = drafted(indicator, analyst)
    stale = seen(version)
    services.save_draft(indicator, QUARTER, leader, parts(2), seen=stale)
    with pytest.raises(CommentaryError, match="Someone else changed this commentary"):
        services.save_draft(indicator, QUARTER, analyst, parts(3), seen=stale)
    version.refresh_from_db()
    assert version.shows == "The figure rose to 12% (2)."


def test_a_first_draft_over_someone_elses_is_refused(indicator, analyst, leader):
    drafted(indicator, analyst)
    with pytest.raises(CommentaryError, match="Someone else changed this commentary"):
        services.save_draft(indicator, QUARTER, leader, parts(2), seen=Seen())


def test_a_sign_off_of_a_version_changed_since_it_was_seen_is_refused(indicator, analyst,
                                                                      lead, leader):
    version = submitted(indicator, analyst)
    stale = seen(version)
    services.return_version(indicator, QUARTER, leader, comment="More detail.", seen=stale)
    with pytest.raises(CommentaryError, match="Someone else changed"):
        services.sign_off(indicator, QUARTER, lead, seen=stale)
