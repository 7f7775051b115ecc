"""Who may do what to the risk log: the table in docs/people-and-permissions.md."""

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can, visible
from smeaton.web.risks import services
from smeaton.web.risks.models import Issue, Risk, RiskAction

COUNCIL = [role for role in Role if role != Role.PARTNER]


@pytest.mark.parametrize("role", list(Role))
def test_everyone_at_the_council_reads_the_register_and_partners_do_not(make_user, risk,
                                                                         role):
    person = make_user(role)
    at_the_council = role != Role.PARTNER
    assert can(person, "list", Risk) is at_the_council
    assert can(person, "view", risk) is at_the_council
    assert visible(person, Risk.objects.all()).exists() is at_the_council


@pytest.mark.parametrize("role", list(Role))
def test_only_the_programme_office_raises_escalates_and_closes(make_user, risk, role):
    person = make_user(role)
    office = role in (Role.ADMINISTRATOR, Role.LEADERSHIP)
    for action in ("change", "escalate", "close", "raise_issue"):
        assert can(person, action, risk) is office, action
    assert can(person, "add", Risk) is office
    assert can(person, "add", Issue) is office


def test_the_owner_reviews_and_adds_controls_and_actions_but_does_not_close(owner, risk,
                                                                            make_user):
    for action in ("review", "add_control", "add_action", "view_history"):
        assert can(owner, action, risk), action
    for action in ("change", "escalate", "close"):
        assert not can(owner, action, risk), action
    someone_else = make_user(Role.CONTRIBUTOR)
    assert not can(someone_else, "review", risk)
    assert not can(someone_else, "view_history", risk)


def test_councillors_and_viewers_only_read(make_user, risk, risk_action):
    for role in (Role.COUNCILLOR, Role.VIEWER):
        person = make_user(role)
        assert can(person, "view", risk) and can(person, "view", risk_action)
        for action in ("review", "add_control", "change", "close", "view_history"):
            assert not can(person, action, risk), (role, action)


def test_only_the_actions_owner_posts_its_updates(leader, owner, risk_action, make_user):
    assert can(owner, "post_update", risk_action)
    assert not can(leader, "post_update", risk_action)
    assert can(leader, "change", risk_action) and not can(owner, "change", risk_action)


def test_a_closed_risk_is_kept_as_it_was(leader, owner, risk, risk_action):
    services.close_risk(risk, leader, reason="Passed.", seen_version=risk.version)
    risk.refresh_from_db()
    risk_action = RiskAction.objects.get(pk=risk_action.pk)
    for action in ("change", "escalate", "close", "raise_issue"):
        assert not can(leader, action, risk), action
    assert not can(owner, "review", risk)
    assert not can(owner, "post_update", risk_action)
    assert can(owner, "view", risk)
