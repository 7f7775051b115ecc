"""Who has child-level access: analysts and quality assurance leads by role, a person given
it by name, nobody else;
and whoever has it must use a second factor."""

import pytest

from smeaton.web.accounts import two_factor
from smeaton.web.accounts.child_level import may_see
from smeaton.web.accounts.models import Role
from smeaton.web.children.rules import LIST_CHILDREN, REIDENTIFY_CHILD

PERMISSIONS = ("accounts.view_child_level", LIST_CHILDREN, REIDENTIFY_CHILD)


@pytest.mark.parametrize("role", list(Role))
def test_by_role_only_analysts_and_qa_leads(make_user, role):
    person = make_user(role)
    for permission in PERMISSIONS:
        assert person.has_perm(permission) == (role in {Role.ANALYST, Role.QA_LEAD}), permission


@pytest.mark.parametrize("role", [Role.LEADERSHIP, Role.PRIORITY_LEAD, Role.VIEWER])
def test_given_by_name(make_user, role):
    person = make_user(role, child_level_access=True)
    assert may_see(person) and all(person.has_perm(p) for p in PERMISSIONS)


def test_not_once_their_account_is_closed(make_user):
    person = make_user(Role.LEADERSHIP, child_level_access=True, is_active=False)
    assert not any(person.has_perm(p) for p in PERMISSIONS)


def test_given_by_name_asks_a_second_factor(make_user, settings):
    settings.SECOND_FACTOR_FOR_CHILD_LEVEL = True
    assert two_factor.must_use(make_user(Role.LEADERSHIP, child_level_access=True))
    assert not two_factor.must_use(make_user(Role.LEADERSHIP))
    settings.SECOND_FACTOR_FOR_CHILD_LEVEL = False  # the demo
    assert not two_factor.must_use(make_user(Role.LEADERSHIP, child_level_access=True))


def test_an_administrator_gives_it_and_the_change_is_audited(client_as, make_user):
    administrator = make_user(Role.ADMINISTRATOR)
    leader = make_user(Role.LEADERSHIP, username="the-director")
    client = client_as(administrator)
    form = client.get(f"/admin/accounts/user/{leader.pk}/change/")
    assert b'name="child_level_access"' in form.content
    response = client.post(f"/admin/accounts/user/{leader.pk}/change/", {
        "username": leader.username, "first_name": leader.first_name,
        "last_name": leader.last_name, "email": "", "job_title": "", "service_area": "",
        "role": Role.LEADERSHIP, "child_level_access": "on", "is_active": "on",
        "_change_reason": "Director reviewing the children behind the March figures"})
    assert response.status_code == 302, response.content.decode()[:2000]
    leader.refresh_from_db()
    assert leader.child_level_access
    latest = leader.history.first()
    assert latest.child_level_access and latest.history_user == administrator
    page = client.get(f"/people/{leader.pk}/").content.decode()
    assert "Child-level access" in page and "given by name" in page
