from smeaton.web.accounts.models import Role
from smeaton.web.partnership.admin import SharedPriorityForm
from smeaton.web.partnership.models import SharedPriority
from smeaton.web.plan.models import Plan, Priority
from tests.conftest import signed_in


def test_a_shared_priority_maps_only_to_its_plans_priorities(partnership_plan, priorities,
                                                             make_user):
    other = Plan.objects.create(title="The next plan", first_year=2027)
    elsewhere = Priority.objects.create(plan=other, number=1, title="Other",
                                        lead=priorities[0].lead)
    data = {"partnership_plan": partnership_plan.pk, "number": 2, "title": "Healthy starts",
            "description": "", "priorities": [priorities[0].pk, elsewhere.pk]}
    form = SharedPriorityForm(data)
    assert not form.is_valid()
    assert "Choose priorities of the council's plan" in form.errors["priorities"][0]
    assert SharedPriorityForm(data | {"priorities": [priorities[0].pk]}).is_valid()


def test_an_administrator_sets_up_a_shared_priority_and_it_is_audited(client, partnership_plan,
                                                                     priorities, make_user):
    administrator = make_user(Role.ADMINISTRATOR)
    response = signed_in(client, administrator).post(
        "/admin/partnership/sharedpriority/add/",
        {"partnership_plan": partnership_plan.pk, "number": 1, "title": "Exploitation",
         "description": "", "priorities": [priorities[1].pk]})
    assert response.status_code == 302, response.content.decode()[:2000]
    shared = SharedPriority.objects.get()
    assert list(shared.priorities.all()) == [priorities[1]]
    assert shared.history.latest().history_user == administrator


def test_an_administrator_gives_a_partner_their_organisation(client, make_user, health):
    administrator = make_user(Role.ADMINISTRATOR)
    partner = make_user(Role.PARTNER, username="new-partner")
    page = signed_in(client, administrator).get(
        f"/admin/accounts/user/{partner.pk}/change/").content.decode()
    assert 'name="organisation"' in page
    assert health.name in page
