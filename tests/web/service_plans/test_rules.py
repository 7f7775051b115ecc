import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can
from smeaton.web.service_plans.models import ServiceAction, ServicePlan


@pytest.mark.parametrize(("role", "manages"), [
    (Role.ADMINISTRATOR, True), (Role.LEADERSHIP, True), (Role.PRIORITY_LEAD, False),
    (Role.CONTRIBUTOR, False), (Role.VIEWER, False), (Role.ANALYST, False)])
def test_the_programme_office_manages_every_service_plan(make_user, service_plan, action,
                                                         role, manages):
    person = make_user(role)
    assert can(person, "view", service_plan)
    assert can(person, "view", action)
    assert can(person, "add_action", service_plan) is manages
    assert can(person, "change", action) is manages
    assert not can(person, "post_update", action)  # only the owner and the lead


def test_the_service_plans_lead_adds_and_edits_its_actions(service_lead, service_plan, action):
    assert can(service_lead, "add_action", service_plan)
    assert can(service_lead, "change", action)
    assert can(service_lead, "post_update", action)


def test_another_service_plans_lead_may_not(make_user, plan, service_plan, action, fostering):
    other_lead = make_user(Role.CONTRIBUTOR)
    ServicePlan.objects.create(plan=plan, service_area=fostering, plan_year=2024,
                               lead=other_lead)
    assert not can(other_lead, "add_action", service_plan)
    assert not can(other_lead, "change", action)


def test_the_owner_posts_updates_but_does_not_edit(owner, service_plan, action):
    assert can(owner, "post_update", action)
    assert not can(owner, "change", action)
    assert not can(owner, "add_action", service_plan)


def test_a_closed_account_may_do_nothing(service_lead, service_plan, action):
    service_lead.is_active = False
    service_lead.save()
    assert not can(service_lead, "view", service_plan)
    assert not can(service_lead, "change", action)


def test_only_administrators_set_up_service_plans(make_user, service_lead):
    assert can(make_user(Role.ADMINISTRATOR), "add", ServicePlan)
    assert not can(make_user(Role.LEADERSHIP), "add", ServicePlan)
    assert not can(service_lead, "add", ServicePlan)
    assert not can(service_lead, "add", ServiceAction)  # actions are added on the pages
