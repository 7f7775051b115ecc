"""Who may read, draft and sign off commentary, asked through the one authority."""

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can
from smeaton.web.commentary import services
from smeaton.web.commentary.models import Commentary, Version
from smeaton.web.commentary.services import Seen
from tests.web.commentary.conftest import QUARTER, parts


@pytest.fixture
def waiting(indicator, analyst) -> Version:
    version = services.save_draft(indicator, QUARTER, analyst, parts(), seen=Seen())
    return services.submit(indicator, QUARTER, analyst, seen=Seen(1, version.revision))


@pytest.mark.parametrize(("role", "reads", "drafts", "signs_off"), [
    (Role.ADMINISTRATOR, True, False, False),
    (Role.LEADERSHIP, True, True, True),
    (Role.PRIORITY_LEAD, True, False, False),  # leads no priority this indicator measures
    (Role.CONTRIBUTOR, False, False, False),
    (Role.VIEWER, False, False, False),
    (Role.ANALYST, True, True, False),
])
def test_what_each_role_may_do(waiting, make_user, role, reads, drafts, signs_off):
    person = make_user(role)
    assert can(person, "view", waiting.commentary) is reads
    assert can(person, "view_history", waiting) is reads
    assert can(person, "draft", waiting.commentary) is drafts
    assert can(person, "sign_off", waiting) is signs_off
    assert can(person, "return", waiting) is signs_off


def test_the_lead_of_a_priority_the_indicator_measures_signs_off(waiting, lead):
    assert can(lead, "view", waiting.commentary)
    assert can(lead, "sign_off", waiting)
    assert not can(lead, "draft", waiting.commentary)


def test_whoever_wrote_a_version_cannot_sign_it_off(indicator, leader, lead):
    version = services.save_draft(indicator, QUARTER, leader, parts(), seen=Seen())
    version = services.submit(indicator, QUARTER, leader, seen=Seen(1, version.revision))
    assert not can(leader, "sign_off", version)
    assert can(lead, "sign_off", version)


def test_nothing_but_a_version_awaiting_sign_off_is_signed_off(indicator, analyst, lead):
    version = services.save_draft(indicator, QUARTER, analyst, parts(), seen=Seen())
    assert not can(lead, "sign_off", version)
    assert can(analyst, "change", version) and can(analyst, "submit", version)


def test_a_version_awaiting_sign_off_is_not_changed(waiting, analyst):
    assert not can(analyst, "change", waiting)
    assert not can(analyst, "submit", waiting)


def test_a_closed_account_may_do_nothing(waiting, lead):
    lead.is_active = False
    lead.save()
    assert not can(lead, "view", waiting.commentary)
    assert not can(lead, "sign_off", waiting)


def test_the_clinic_is_for_those_who_work_on_commentary(make_user, lead, priority):
    assert can(lead, "list", Commentary)
    assert can(make_user(Role.ANALYST), "list", Commentary)
    assert not can(make_user(Role.VIEWER), "list", Commentary)
    contributor_who_leads = make_user(Role.CONTRIBUTOR)
    priority.lead = contributor_who_leads
    priority.save()
    assert can(contributor_who_leads, "list", Commentary)
