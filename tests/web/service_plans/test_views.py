from datetime import date

from smeaton.web.accounts.models import Role, ServiceArea
from smeaton.web.plan.rag import Progress
from smeaton.web.service_plans import queries, services
from smeaton.web.service_plans.models import ServiceAction, ServicePlan

ADD = "/plan/service-plans/{}/actions/new/"


def action_form(owner, priorities, **fields):
    return {"title": "Open a second hub", "description": "", "owner": owner.pk,
            "due_day": "31", "due_month": "1", "due_year": "2026",
            "priorities": [p.pk for p in priorities], **fields}


def test_a_service_lead_adds_an_action_serving_two_priorities(client_as, service_lead,
                                                              service_plan, owner, priorities):
    response = client_as(service_lead).post(ADD.format(service_plan.pk),
                                            action_form(owner, priorities[:2]))
    assert response.status_code == 302
    action = ServiceAction.objects.get()
    assert set(action.priorities.all()) == set(priorities[:2])
    matrix = client_as(service_lead).get("/plan/service-plans/matrix/?year=2025")
    assert matrix.content.decode().count("1 action<span") == 2


def test_an_action_with_no_priority_is_refused_in_words(client_as, service_lead, service_plan,
                                                        owner):
    response = client_as(service_lead).post(ADD.format(service_plan.pk),
                                            action_form(owner, [], title=""))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select at least one priority the action serves" in page
    assert "Enter the action&#x27;s title" in page
    assert not ServiceAction.objects.exists()


def test_a_due_date_outside_the_year_or_unknown_priority_is_refused(client_as, service_lead,
                                                                     service_plan, owner,
                                                                     priorities):
    data = action_form(owner, priorities[:1], due_year="2027")
    data["priorities"] = [priorities[0].pk, 99999]
    page = client_as(service_lead).post(ADD.format(service_plan.pk), data).content.decode()
    assert "Select priorities from the list" in page
    assert "Due date must be in 2025/26" in page
    assert not ServiceAction.objects.exists()


def test_an_edit_over_someone_elses_change_is_refused(client_as, service_lead, action, owner,
                                                      priorities):
    seen = action.version
    services.post_update(action, owner, progress=Progress.AT_RISK, commentary="Slow.")
    response = client_as(service_lead).post(
        f"/plan/service-plans/actions/{action.pk}/edit/",
        action_form(owner, priorities[:1], version=seen))
    assert response.status_code == 200
    assert "Someone else changed this action" in response.content.decode()


def test_the_owner_posts_an_update(client_as, owner, action):
    response = client_as(owner).post(f"/plan/service-plans/actions/{action.pk}/update/", {
        "progress": "off_track", "commentary": "Funding withdrawn.",
        "version": action.version})
    assert response.status_code == 302
    page = client_as(owner).get(f"/plan/service-plans/actions/{action.pk}/").content.decode()
    assert "Funding withdrawn." in page
    assert "Reported off track." in page


def test_an_empty_update_is_refused_in_words(client_as, owner, action):
    response = client_as(owner).post(f"/plan/service-plans/actions/{action.pk}/update/",
                                     {"version": action.version})
    assert "Select how the action is going" in response.content.decode()


def test_bad_years_and_filters_are_not_found(client_as, service_lead, service_plan):
    client = client_as(service_lead)
    for url in ("/plan/service-plans/?year=1999", "/plan/service-plans/matrix/?year=x",
                "/plan/service-plans/actions/?priority=abc",
                "/plan/service-plans/actions/?service_area=99999",
                "/plan/service-plans/actions/?year=²"):
        assert client.get(url).status_code == 404, url


def test_the_matrix_counts_known_answers(plan, priorities, service_plan, make_action, owner,
                                         make_user, today):
    # Fostering: one action serving priorities 1 and 2, another serving 1 (complete).
    make_action(serves=(0, 1))
    make_action(serves=(0,), progress=Progress.COMPLETE)
    # The front door: one action serving priority 2, reported off track.
    front_door = ServicePlan.objects.create(
        plan=plan, service_area=ServiceArea.objects.create(name="Front door"), plan_year=2025,
        lead=make_user(Role.CONTRIBUTOR))
    ServiceAction.objects.create(service_plan=front_door, title="Triage", owner=owner,
                                 due=date(2026, 2, 1), progress=Progress.OFF_TRACK,
                                 ).priorities.set([priorities[1]])
    # Another year's action is not counted.
    ServicePlan.objects.create(plan=plan, service_area=front_door.service_area,
                               plan_year=2024, lead=owner)

    matrix = queries.matrix(plan, 2025)
    assert [a.name for a in matrix.service_areas] == ["Fostering", "Front door"]
    counts = {(p.number, cell.service_area.name): (cell.count, dict(cell.counts))
              for p, cells in matrix.rows for cell in cells}
    assert counts == {
        (1, "Fostering"): (2, {"complete": 1, "not_started": 1}),
        (1, "Front door"): (0, {}),
        (2, "Fostering"): (1, {"not_started": 1}),
        (2, "Front door"): (1, {"red": 1}),
        (3, "Fostering"): (0, {}),
        (3, "Front door"): (0, {}),
    }


def test_a_cell_links_to_its_actions(client_as, owner, make_action, priorities, fostering):
    make_action(serves=(0,), title="Serves one")
    make_action(serves=(1,), title="Serves two")
    page = client_as(owner).get(
        f"/plan/service-plans/actions/?year=2025&priority={priorities[0].pk}"
        f"&service_area={fostering.pk}").content.decode()
    assert "Serves one" in page
    assert "Serves two" not in page


def test_a_prioritys_page_shows_the_actions_serving_it(client_as, owner, make_action,
                                                       priorities):
    make_action(serves=(0, 2), title="Recruit carers near home")
    for priority, shown in ((priorities[0], True), (priorities[1], False)):
        page = client_as(owner).get(f"/plan/priorities/{priority.pk}/").content.decode()
        assert "Service actions serving this priority" in page
        assert ("Recruit carers near home" in page) is shown


def test_the_service_plan_page_lists_its_actions_with_rag_in_words(client_as, owner, action,
                                                                   service_plan):
    page = client_as(owner).get(f"/plan/service-plans/{service_plan.pk}/").content.decode()
    assert action.title in page
    assert "Not started" in page
    assert "Add an action" not in page  # the owner does not lead the plan


def test_a_year_with_no_plans_says_so(client_as, owner, service_plan):
    page = client_as(owner).get("/plan/service-plans/?year=2026").content.decode()
    assert "No service plans for 2026/27 yet" in page
