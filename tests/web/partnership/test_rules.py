import pytest

from smeaton.web.accounts.models import Organisation, Role
from smeaton.web.accounts.permissions import can
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan, SharedPriority
from smeaton.web.plan.models import Plan


@pytest.mark.parametrize(("role", "office"), [
    (Role.ADMINISTRATOR, True), (Role.LEADERSHIP, True), (Role.PRIORITY_LEAD, False),
    (Role.CONTRIBUTOR, False), (Role.VIEWER, False), (Role.ANALYST, False),
    (Role.PARTNER, False)])
def test_everyone_reads_the_partnership_plan_and_the_programme_office_manages_it(
        make_user, partnership_plan, shared_priority, health_action, role, office):
    person = make_user(role)
    assert can(person, "view", partnership_plan)
    assert can(person, "view", health_action)
    assert can(person, "add_action", shared_priority) is office
    assert can(person, "change", health_action) is office
    assert can(person, "view_history", health_action) is office
    assert not can(person, "post_update", health_action)  # not the owning organisation's


def test_a_partner_updates_only_their_own_organisations_actions(nurse, officer, health_action,
                                                                police_action):
    assert can(nurse, "post_update", health_action)
    assert not can(nurse, "post_update", police_action)
    assert can(officer, "post_update", police_action)
    assert not can(officer, "post_update", health_action)
    assert can(nurse, "view", police_action)  # but reads them all
    assert can(nurse, "view_history", health_action)
    assert not can(nurse, "view_history", police_action)


def test_a_partner_neither_adds_nor_edits_actions(nurse, shared_priority, health_action):
    assert not can(nurse, "add_action", shared_priority)
    assert not can(nurse, "change", health_action)


def test_a_closed_partner_account_may_do_nothing(nurse, health_action):
    nurse.is_active = False
    nurse.save()
    assert not can(nurse, "view", health_action)
    assert not can(nurse, "post_update", health_action)


def test_nobody_deletes_any_of_it(make_user, partnership_plan, shared_priority, health_action):
    for role in Role:
        person = make_user(role)
        for record in (partnership_plan, shared_priority, health_action,
                       health_action.organisation):
            assert not can(person, "delete", record)


def test_only_administrators_set_up_partnership_plans_and_organisations(make_user):
    administrator, leader = make_user(Role.ADMINISTRATOR), make_user(Role.LEADERSHIP)
    for kind in (PartnershipPlan, SharedPriority, Organisation):
        assert can(administrator, "add", kind)
        assert not can(leader, "add", kind)
    assert not can(administrator, "add", PartnerAction)  # actions are added on the pages


def test_a_partner_never_has_child_level_access(make_user, health):
    partner = make_user(Role.PARTNER, organisation=health, child_level_access=True)
    assert not partner.sees_child_level
    assert not partner.has_perm("accounts.view_child_level")
    assert not partner.has_perm("children.list_children")


def test_once_the_next_plan_has_started_the_partnership_plan_is_read_only(
        make_user, plan, shared_priority, health_action, nurse):
    leader = make_user(Role.LEADERSHIP)
    assert can(nurse, "post_update", health_action) and can(leader, "change", health_action)
    Plan.objects.create(title="The next plan", first_year=2025)  # started this April
    assert can(nurse, "view", health_action)
    assert not can(nurse, "post_update", health_action)
    assert not can(leader, "change", health_action)
    assert not can(leader, "add_action", shared_priority)
