from smeaton.web.accounts.models import Role
from smeaton.web.partnership import services
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan
from smeaton.web.plan.rag import Progress

ACTION = "/partnership/actions/{}/"
UPDATE = "/partnership/actions/{}/update/"
EDIT = "/partnership/actions/{}/edit/"
ADD = "/partnership/priorities/{}/actions/new/"


def update_form(action, **fields):
    return {"progress": "off_track", "commentary": "Funding withdrawn.",
            "version": action.version, **fields}


def action_form(organisation, owner=None, **fields):
    return {"title": "Give the MASH a health practitioner", "description": "",
            "organisation": organisation.pk, "owner": owner.pk if owner else "",
            "due_day": "31", "due_month": "1", "due_year": "2026", **fields}


def test_a_partner_posts_an_update_on_their_organisations_action(client_as, nurse,
                                                                 health_action):
    client = client_as(nurse)
    response = client.post(UPDATE.format(health_action.pk), update_form(health_action))
    assert response.status_code == 302
    page = client.get(ACTION.format(health_action.pk)).content.decode()
    assert "Funding withdrawn." in page
    assert "Reported off track." in page
    assert "Red" in page


def test_a_partner_is_refused_on_another_organisations_action(client_as, nurse, police_action):
    client = client_as(nurse)
    assert client.get(UPDATE.format(police_action.pk)).status_code == 403
    response = client.post(UPDATE.format(police_action.pk), update_form(police_action))
    assert response.status_code == 403
    assert not police_action.updates.exists()
    page = client.get(ACTION.format(police_action.pk)).content.decode()
    assert "Post an update" not in page  # they read it, and are offered nothing


def test_a_bad_update_is_refused_in_words_not_a_500(client_as, nurse, health_action):
    client = client_as(nurse)
    empty = client.post(UPDATE.format(health_action.pk), {"version": health_action.version})
    page = empty.content.decode()
    assert empty.status_code == 200
    assert "govuk-error-summary" in page
    assert "Select how the action is going" in page
    assert "Enter what has happened since the last update" in page
    bad_date = client.post(UPDATE.format(health_action.pk), update_form(
        health_action, progress="at_risk", forecast_day="31", forecast_month="2",
        forecast_year="2026"))
    assert bad_date.status_code == 200
    assert "govuk-error-message" in bad_date.content.decode()
    no_version = client.post(UPDATE.format(health_action.pk), update_form(health_action,
                                                                          version="x"))
    assert no_version.status_code == 200
    assert not health_action.updates.exists()


def test_a_stale_update_is_refused_with_a_govuk_error(client_as, nurse, health_action, make_user,
                                                      health):
    seen = health_action.version
    colleague = make_user(Role.PARTNER, organisation=health)
    services.post_update(health_action, colleague, progress=Progress.ON_TRACK,
                         commentary="Fine.")
    response = client_as(nurse).post(UPDATE.format(health_action.pk),
                                     update_form(health_action, version=seen))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page
    assert "Someone else changed this action" in page
    assert health_action.updates.count() == 1


def test_the_programme_office_adds_an_action_to_a_shared_priority(client_as, make_user,
                                                                 shared_priority, health,
                                                                 nurse):
    leader = make_user(Role.LEADERSHIP)
    response = client_as(leader).post(ADD.format(shared_priority.pk),
                                      action_form(health, nurse))
    assert response.status_code == 302
    action = PartnerAction.objects.get()
    assert (action.shared_priority, action.organisation, action.owner) == (
        shared_priority, health, nurse)
    assert response["Location"] == ACTION.format(action.pk)


def test_an_action_form_with_mistakes_is_refused_in_words(client_as, make_user,
                                                          shared_priority, police, nurse):
    leader = make_user(Role.LEADERSHIP)
    response = client_as(leader).post(ADD.format(shared_priority.pk), action_form(
        police, nurse, title=" ", due_year="2031"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter the action&#x27;s title" in page
    assert "Due date must be within the plan" in page
    assert "Choose someone who works for Devon and Cornwall Police, or no one" in page
    empty = client_as(leader).post(ADD.format(shared_priority.pk), {}).content.decode()
    assert "Choose the organisation that owns the action" in empty
    assert not PartnerAction.objects.exists()


def test_an_edit_over_someone_elses_update_is_refused(client_as, make_user, health_action,
                                                      nurse, health):
    seen = health_action.version
    services.post_update(health_action, nurse, progress=Progress.AT_RISK, commentary="Slow.")
    response = client_as(make_user(Role.ADMINISTRATOR)).post(
        EDIT.format(health_action.pk), action_form(health, version=seen))
    assert response.status_code == 200
    assert "Someone else changed this action" in response.content.decode()
    health_action.refresh_from_db()
    assert health_action.progress == Progress.AT_RISK


def test_missing_records_are_not_found(client_as, nurse, make_user):
    leader = make_user(Role.LEADERSHIP)
    for client, url in ((client_as(nurse), ACTION.format(99999)),
                        (client_as(nurse), UPDATE.format(99999)),
                        (client_as(leader), EDIT.format(99999)),
                        (client_as(leader), ADD.format(99999))):
        assert client.get(url).status_code == 404, url


def test_the_partnership_plan_shows_its_priorities_actions_and_counts(
        client_as, nurse, officer, health_action, police_action, shared_priority, priorities):
    services.post_update(police_action, officer, progress=Progress.COMPLETE, commentary="Done.")
    page = client_as(nurse).get("/partnership/").content.decode()
    assert "Children&#x27;s Partnership Plan" in page
    assert "Reported to the Children&#x27;s Partnership Board" in page
    assert "1. Keeping children safe from exploitation" in page
    assert priorities[1].title in page and priorities[2].title in page
    assert "Actions by organisation and RAG" in page
    assert "Your organisation's actions" in page
    assert "Actions NHS Devon ICB owns" in page
    assert health_action.title in page and police_action.title in page
    assert "Not started" in page and "Complete" in page


def test_a_partner_without_an_organisation_is_told_why_they_have_nothing_to_update(
        client_as, make_user, health_action):
    page = client_as(make_user(Role.PARTNER)).get("/partnership/").content.decode()
    assert "Your account is not linked to a partner organisation yet" in page


def test_no_partnership_plan_yet_says_so(client_as, nurse, plan):
    assert not PartnershipPlan.objects.exists()
    page = client_as(nurse).get("/partnership/").content.decode()
    assert "No partnership plan has been set up yet" in page


def test_a_prioritys_page_shows_the_partnership_actions_serving_it(client_as, nurse,
                                                                   health_action, priorities):
    for priority, shown in ((priorities[1], True), (priorities[0], False)):
        page = client_as(nurse).get(f"/plan/priorities/{priority.pk}/").content.decode()
        assert ("Partnership actions serving this priority" in page) is shown
        assert (health_action.title in page) is shown


def test_the_navigation_offers_the_partnership_plan_to_everyone(client_as, people):
    for person in people.values():
        page = client_as(person).get("/").content.decode()
        assert 'href="/partnership/"' in page, person.role


def test_a_partners_home_page_lists_their_organisations_actions_the_worst_first(
        client_as, nurse, make_action, police_action):
    make_action(title="Late and off track", progress=Progress.OFF_TRACK)
    make_action(title="Done already", progress=Progress.COMPLETE)
    make_action(title="Not started yet")
    page = client_as(nurse).get("/").content.decode()
    assert "Your organisation's actions" in page
    assert page.index("Late and off track") < page.index("Not started yet")
    assert "Done already" not in page
    assert police_action.title not in page


def test_someone_with_no_organisation_has_no_such_panel(client_as, make_user, make_action):
    make_action()
    page = client_as(make_user(Role.VIEWER)).get("/").content.decode()
    assert "Your organisation's actions" not in page
