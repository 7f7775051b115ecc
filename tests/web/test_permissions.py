"""The permission layer, and every view of the frame against every role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied

from smeaton.web.accounts import permissions
from smeaton.web.accounts.models import Role, ServiceArea, User

A, L, P, C, V, N = (Role.ADMINISTRATOR, Role.LEADERSHIP, Role.PRIORITY_LEAD, Role.CONTRIBUTOR,
                    Role.VIEWER, Role.ANALYST)
EVERYONE = set(Role)


def test_an_action_without_a_rule_is_refused(people):
    assert not permissions.can(people[A], "launch", people[V])


def test_signed_out_and_closed_accounts_may_do_nothing(people):
    leader = people[L]
    assert permissions.can(leader, "list", User)
    assert not permissions.can(AnonymousUser(), "view", leader)
    leader.is_active = False
    assert not permissions.can(leader, "view", leader)
    assert not permissions.visible(leader, User.objects.all()).exists()


def test_two_rules_for_the_same_action_are_a_mistake():
    with pytest.raises(ValueError, match="Two rules for 'view' on User"):
        permissions.rule(User, "view")(lambda user, record: True)


def test_get_object_or_403_refuses_with_403_and_finds_nothing_with_404(people):
    from django.http import Http404

    viewer, leader = people[V], people[L]
    assert permissions.get_object_or_403(viewer, User, pk=viewer.pk) == viewer
    with pytest.raises(PermissionDenied):
        permissions.get_object_or_403(viewer, User, pk=leader.pk)
    with pytest.raises(Http404):
        permissions.get_object_or_403(viewer, User, pk=leader.pk + 1000)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_the_people_its_rules_allow(people, role):
    seen = set(permissions.visible(people[role], User.objects.all()))
    expected = set(people.values()) if role in (A, L) else {people[role]}
    assert seen == expected


def test_a_refused_record_discloses_nothing_about_it(client_as, make_user):
    area = ServiceArea.objects.create(name="Adoption South West")
    secret = make_user(Role.LEADERSHIP, username="jo.secret", first_name="Josephine",
                       last_name="Quartermain", email="jq@example.org",
                       job_title="Interim Director", service_area=area)
    viewer = make_user(Role.VIEWER)
    response = client_as(viewer).get(f"/people/{secret.pk}/")
    assert response.status_code == 403
    page = response.content.decode()
    for detail in ["jo.secret", "Josephine", "Quartermain", "jq@example.org",
                   "Interim Director", "Adoption South West"]:
        assert detail not in page
    assert "You do not have permission to see this page" in page


def test_a_refusal_is_logged_with_who_was_refused(client_as, make_user, caplog):
    secret = make_user(Role.LEADERSHIP, username="jo.secret")
    viewer = make_user(Role.VIEWER)
    with caplog.at_level("WARNING", logger="smeaton.web.views"):
        assert client_as(viewer).get(f"/people/{secret.pk}/").status_code == 403
    assert f"Refused GET /people/{secret.pk}/ to user {viewer.pk}" in caplog.text


def test_a_missing_record_is_not_found(client_as, people):
    response = client_as(people[L]).get("/people/999999/")
    assert response.status_code == 404


def test_signed_out_visitors_are_sent_to_sign_in_not_shown_a_record(client, people):
    response = client.get(f"/people/{people[L].pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/sign-in/")


def test_the_navigation_offers_only_what_the_role_may_open(client_as, people):
    viewer_page = client_as(people[V]).get("/").content.decode()
    assert 'href="/people/"' not in viewer_page
    assert 'href="/admin/"' not in viewer_page
    admin_page = client_as(people[A]).get("/").content.decode()
    assert 'href="/people/"' in admin_page
    assert 'href="/admin/"' in admin_page
