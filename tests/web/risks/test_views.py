from datetime import timedelta

from smeaton.web.accounts.models import Role
from smeaton.web.risks.models import Issue, Level, Risk

REGISTER = "/risks/"


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def risk_form(category, owner, today, **fields):
    return {"title": "Agency social workers cost more than budgeted",
            "cause": "Because permanent posts are hard to fill",
            "event": "there is a risk that agency spend keeps rising",
            "consequence": "which would overspend the budget", "category": category.pk,
            "owner": owner.pk, "level": "programme", "response": "treat",
            "proximity": "soon", "review_every": "3", "inherent_likelihood": "4",
            "inherent_impact": "4", "current_likelihood": "3", "current_impact": "4",
            "target_likelihood": "2", "target_impact": "3",
            **date_fields("next_review", today + timedelta(days=20)), **fields}


def review_form(risk, today, **fields):
    return {"current_likelihood": "2", "current_impact": "4", "target_likelihood": "2",
            "target_impact": "3", "note": "Recruitment is working.", "version": risk.version,
            **date_fields("next_review", today + timedelta(days=90)), **fields}


def test_the_programme_office_raises_a_risk(client_as, leader, owner, category, today):
    client = client_as(leader)
    response = client.post("/risks/new/", risk_form(category, owner, today))
    assert response.status_code == 302, response.content.decode()
    risk = Risk.objects.get()
    assert (risk.reference, risk.current_score, risk.reviews.count()) == ("R001", 12, 1)
    page = client.get(response["Location"]).content.decode()
    assert "12 Medium" in page and "16 High" in page and "6 Medium" in page


def test_a_likelihood_of_6_gets_the_design_systems_message(client_as, leader, owner,
                                                           category, today):
    page = client_as(leader).post("/risks/new/", risk_form(
        category, owner, today, current_likelihood="6")).content.decode()
    assert "govuk-error-summary" in page
    assert "Select the current likelihood, from 1 to 5" in page
    assert not Risk.objects.exists()


def test_the_owner_reviews_twice_and_the_history_shows_the_change(client_as, owner, risk,
                                                                   today):
    client = client_as(owner)
    url = f"/risks/{risk.pk}/review/"
    assert client.post(url, review_form(risk, today, current_likelihood="3")).status_code == 302
    risk.refresh_from_db()
    assert client.post(url, review_form(risk, today)).status_code == 302
    page = client.get(f"/risks/{risk.pk}/").content.decode()
    assert page.count("Recruitment is working.") == 2
    assert "Decreasing" in page
    assert "<polyline" in page
    risk.refresh_from_db()
    assert (risk.current_score, risk.reviews.count()) == (8, 3)


def test_a_review_date_in_the_past_is_refused(client_as, owner, risk, today):
    page = client_as(owner).post(f"/risks/{risk.pk}/review/", review_form(
        risk, today, **date_fields("next_review", today - timedelta(days=1)))).content.decode()
    assert "The next review date must be today or in the future" in page
    assert risk.reviews.count() == 1


def test_closing_needs_a_reason(client_as, leader, risk):
    client = client_as(leader)
    page = client.post(f"/risks/{risk.pk}/close/", {"reason": " ",
                                                    "version": risk.version}).content.decode()
    assert "Enter why the risk is being closed" in page
    risk.refresh_from_db()
    assert risk.is_open
    response = client.post(f"/risks/{risk.pk}/close/", {"reason": "The homes opened.",
                                                        "version": risk.version})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.status, risk.closed_reason) == (Risk.Status.CLOSED, "The homes opened.")


def test_escalating_records_who_and_why(client_as, leader, risk):
    client = client_as(leader)
    response = client.post(f"/risks/{risk.pk}/escalate/", {
        "to_level": "corporate", "reason": "Now affects the whole council's budget.",
        "version": risk.version})
    assert response.status_code == 302
    risk.refresh_from_db()
    assert risk.level == Level.CORPORATE
    page = client.get(f"/risks/{risk.pk}/").content.decode()
    assert "Escalated from programme to corporate by Jo Hughes" in page


def test_an_issue_raised_from_a_risk_is_linked_to_it(client_as, leader, risk, priority, today):
    risk.priorities.set([priority])
    client = client_as(leader)
    form = client.get(f"/risks/{risk.pk}/issues/new/").content.decode()
    assert risk.event in form  # the form starts from the risk's words
    response = client.post(f"/risks/{risk.pk}/issues/new/", {
        "title": "Three children placed out of county this month",
        "description": "No local home could be found.", "impact": "Children far from school.",
        "priority": "high", "owner": risk.owner_id, "priorities": [priority.pk],
        **date_fields("raised_on", today), **date_fields("target_date", today + timedelta(30))})
    assert response.status_code == 302, response.content.decode()
    issue = Issue.objects.get()
    assert (issue.risk, issue.reference, list(issue.priorities.all())) == (risk, "I001",
                                                                          [priority])


def test_an_action_owner_posts_an_update(client_as, owner, risk_action):
    client = client_as(owner)
    response = client.post(f"/risks/actions/{risk_action.pk}/update/", {
        "progress": "at_risk", "commentary": "Fewer enquiries.", "version": risk_action.version})
    assert response.status_code == 302
    page = client.get(f"/risks/actions/{risk_action.pk}/").content.decode()
    assert "Fewer enquiries." in page


def test_every_page_shows(client_as, leader, risk, risk_action):
    client = client_as(leader)
    for url in [REGISTER, "/risks/heat-map/", "/risks/heat-map/?scores=target",
                "/risks/?scores=inherent&likelihood=5&impact=4", "/risks/mine/",
                "/risks/issues/",
                "/risks/register.csv", "/risks/register.xlsx", f"/risks/{risk.pk}/",
                f"/risks/{risk.pk}/edit/", f"/risks/{risk.pk}/review/",
                f"/risks/{risk.pk}/escalate/", f"/risks/{risk.pk}/close/",
                f"/risks/{risk.pk}/controls/new/", f"/risks/{risk.pk}/actions/new/",
                f"/risks/{risk.pk}/issues/new/", "/risks/new/", "/risks/issues/new/",
                f"/risks/actions/{risk_action.pk}/", f"/risks/actions/{risk_action.pk}/edit/"]:
        assert client.get(url).status_code == 200, url


def test_a_partner_does_not_see_the_register(client_as, make_user, risk):
    client = client_as(make_user(Role.PARTNER))
    assert client.get(REGISTER).status_code == 403
    assert client.get(f"/risks/{risk.pk}/").status_code == 403


def test_the_home_page_shows_the_office_high_risks_and_an_owner_their_reviews(
        client_as, leader, owner, make_risk, today):
    make_risk(title="Placements overspend", current_likelihood=5, current_impact=5)
    make_risk(title="Review due soon", current_likelihood=1, owner=owner,
              next_review=today + timedelta(days=3))
    page = client_as(leader).get("/").content.decode()
    panel = page.split('id="panel-risks"')[1].split("</section>")[0]
    assert "Placements overspend" in panel and "Review due soon" not in panel
    page = client_as(owner).get("/").content.decode()
    assert 'id="panel-risks"' not in page
    panel = page.split('id="panel-riskreviews"')[1].split("</section>")[0]
    assert "Review due soon" in panel


def test_the_risks_section_is_in_the_menu_for_the_council_not_partners(client_as, make_user):
    assert 'href="/risks/"' in client_as(make_user(Role.COUNCILLOR)).get("/").content.decode()
    assert 'href="/risks/"' not in client_as(make_user(Role.PARTNER)).get("/").content.decode()


def test_a_change_from_a_stale_page_is_refused_and_can_be_sent_again(client_as, leader, owner,
                                                                     risk, today):
    stale = review_form(risk, today)
    assert client_as(owner).post(f"/risks/{risk.pk}/review/", stale).status_code == 302
    client = client_as(leader)
    response = client.post(f"/risks/{risk.pk}/escalate/", {
        "to_level": "directorate", "reason": "Wider.", "version": risk.version})
    page = response.content.decode()
    assert "Someone else changed this risk while you were working on it" in page
    risk.refresh_from_db()
    assert f'name="version" value="{risk.version}"' in page  # sending it again saves it
    assert risk.level == Level.PROGRAMME
    assert client.post(f"/risks/{risk.pk}/escalate/", {
        "to_level": "directorate", "reason": "Wider.", "version": risk.version}
    ).status_code == 302


def test_the_programme_office_edits_an_issue_and_an_action(client_as, leader, owner, risk,
                                                          risk_action, priority, today):
    from smeaton.web.risks import services

    issue = services.raise_issue(leader, risk=risk, title="Late", description="d", impact="i",
                                 priority="low", owner=owner, raised_on=today,
                                 target_date=today)
    client = client_as(leader)
    response = client.post(f"/risks/issues/{issue.pk}/edit/", {
        "title": "Very late", "description": "d", "impact": "i", "priority": "high",
        "owner": owner.pk, "priorities": [priority.pk], "version": issue.version,
        **date_fields("raised_on", today), **date_fields("target_date", today)})
    assert response.status_code == 302, response.content.decode()
    issue.refresh_from_db()
    assert (issue.title, issue.priority, list(issue.priorities.all())) == (
        "Very late", "high", [priority])
    response = client.post(f"/risks/actions/{risk_action.pk}/edit/", {
        "title": "Recruit 30 carers", "description": "", "owner": owner.pk,
        "version": risk_action.version, **date_fields("due", today + timedelta(days=9))})
    assert response.status_code == 302
    risk_action.refresh_from_db()
    assert risk_action.title == "Recruit 30 carers"
    target = client.post(f"/risks/issues/{issue.pk}/edit/", {
        "title": "x", "description": "d", "impact": "i", "priority": "high",
        "owner": owner.pk, "version": issue.version + 1,
        **date_fields("raised_on", today), **date_fields("target_date",
                                                         today - timedelta(days=1))})
    assert "must be on or after the date raised" in target.content.decode()


def test_a_prioritys_page_lists_its_risks_to_the_council_not_to_partners(
        client_as, make_user, make_risk, priority):
    make_risk(title="Homes far away", priorities=[priority])
    make_risk(title="Unlinked")
    page = client_as(make_user(Role.VIEWER)).get(f"/plan/priorities/{priority.pk}/")
    section = page.content.decode().split('id="priority-risks"')[1].split("</ul>")[0]
    assert "Homes far away" in section and "Unlinked" not in section
    page = client_as(make_user(Role.PARTNER)).get(f"/plan/priorities/{priority.pk}/")
    assert page.status_code == 200 and "Homes far away" not in page.content.decode()


def test_the_owner_records_a_control_no_longer_in_place_and_it_is_kept(client_as, owner,
                                                                       leader, risk,
                                                                       make_user):
    from smeaton.web.risks import services

    panel = services.add_control(risk, owner, description="Weekly placement panel")
    services.add_control(risk, owner, description="Fostering campaign")
    client = client_as(owner)
    page = client.post(f"/risks/controls/{panel.pk}/end/", {"reason": ""}).content.decode()
    assert "Enter why the control is no longer in place" in page
    response = client.post(f"/risks/controls/{panel.pk}/end/",
                           {"reason": "The panel was stood down."})
    assert response.status_code == 302
    page = client.get(f"/risks/{risk.pk}/").content.decode()
    in_place = page.split('id="controls"')[1].split("</ul>")[0]
    assert "Fostering campaign" in in_place and "Weekly placement panel" not in in_place
    assert "Controls no longer in place (1)" in page and "The panel was stood down." in page
    assert client.post(f"/risks/controls/{panel.pk}/end/",
                       {"reason": "Again"}).status_code == 403  # already ended
    someone = make_user(Role.CONTRIBUTOR)
    other = services.add_control(risk, leader, description="Contract")
    assert client_as(someone).get(f"/risks/controls/{other.pk}/end/").status_code == 403


def test_scores_that_make_no_sense_get_messages_on_their_fields(client_as, leader, owner,
                                                                category, risk, today):
    client = client_as(leader)
    page = client.post("/risks/new/", risk_form(
        category, owner, today, inherent_likelihood="1", inherent_impact="4",
        current_likelihood="4", current_impact="4", target_likelihood="5",
        target_impact="5")).content.decode()
    assert "govuk-error-summary" in page
    assert "The current score must not be higher than the inherent score" in page
    assert "The target score must not be higher than the current score" in page
    assert Risk.objects.count() == 1
    page = client_as(owner).post(f"/risks/{risk.pk}/review/", review_form(
        risk, today, current_likelihood="5", current_impact="5")).content.decode()
    assert "The current score must not be higher than the inherent score" in page
    assert risk.reviews.count() == 1


def test_closing_a_risk_says_what_it_leaves_open_and_its_actions_leave_the_owners_list(
        client_as, leader, owner, risk, risk_action, today):
    from smeaton.web.risks import services
    services.raise_issue(leader, risk=risk, title="It happened", description="d", impact="i",
                         priority="high", owner=owner, raised_on=today, target_date=today)
    assert risk_action.title in client_as(owner).get("/risks/mine/").content.decode()
    page = client_as(leader).get(f"/risks/{risk.pk}/close/").content.decode()
    assert "It has 1 action not complete" in page
    assert "1 open issue raised from this risk" in page
    services.close_risk(risk, leader, reason="Done.", seen_version=None)
    assert risk_action.title not in client_as(owner).get("/risks/mine/").content.decode()
    page = client_as(owner).get(f"/risks/{risk.pk}/").content.decode()
    assert risk_action.title in page and "The risk is closed: its actions are kept" in page
    page = client_as(owner).get(f"/risks/actions/{risk_action.pk}/").content.decode()
    assert "This action belongs to a closed risk" in page


def test_a_new_action_due_in_the_past_is_refused_and_an_overdue_one_says_so(
        client_as, leader, owner, risk, risk_action, today):
    from smeaton.web.risks.models import RiskAction
    page = client_as(leader).post(f"/risks/{risk.pk}/actions/new/", {
        "title": "Late already", "owner": owner.pk,
        **date_fields("due", today - timedelta(days=1))}).content.decode()
    assert "govuk-error-summary" in page
    assert "The due date must be today or in the future" in page
    assert not RiskAction.objects.filter(title="Late already").exists()
    RiskAction.objects.filter(pk=risk_action.pk).update(due=today - timedelta(days=100))
    page = client_as(owner).get(f"/risks/actions/{risk_action.pk}/").content.decode()
    assert "Not yet reported: the due date has passed" in page
    assert "By the due date" not in page


def test_a_closed_risk_sends_its_reviewer_back_saying_it_is_closed(client_as, leader, owner,
                                                                    risk):
    from smeaton.web.risks import services
    services.close_risk(risk, leader, reason="Done.", seen_version=None)
    for client, path in [(client_as(owner), "review/"), (client_as(leader), "edit/")]:
        response = client.get(f"/risks/{risk.pk}/{path}", follow=True)
        assert response.redirect_chain[-1][0] == f"/risks/{risk.pk}/"
        page = response.content.decode()
        assert "This risk is closed, so it can no longer be reviewed or changed." in page
        assert "Your role does not allow you" not in page


def test_an_action_not_started_says_so_once_and_no_update_is_overdue(client_as, owner,
                                                                     risk_action):
    page = client_as(owner).get("/risks/mine/").content.decode()
    row = page.split(risk_action.title)[1].split("</tr>")[0]
    assert row.count("Not started") == 1
    assert "Update overdue" not in row


def test_a_blank_risk_form_gets_messages_in_govuk_words(client_as, leader, owner, category,
                                                       today):
    blank = {**risk_form(category, owner, today, title="", cause="", event="",
                         consequence=""), "category": "", "owner": ""}
    page = client_as(leader).post("/risks/new/", blank).content.decode().replace("&#x27;", "'")
    for message in ("Enter the risk's title", "Enter what causes the risk",
                    "Enter what the risk is: the event that could happen",
                    "Enter what the risk would lead to", "Select the risk's category",
                    "Select who owns the risk"):
        assert message in page, message
    assert "Enter title" not in page and "Select category" not in page


def test_a_register_with_no_risks_says_so_in_words(client_as, leader, risk):
    page = client_as(leader).get(REGISTER + "?status=closed").content.decode()
    assert "No risks match these filters." in page.split('id="risk-count"')[1].split("</p>")[0]
    assert "0 risks" not in page
    page = client_as(leader).get("/risks/heat-map/?status=closed").content.decode()
    assert "0 closed risks</strong> on the map" in page


def test_illustrative_records_are_labelled_on_every_list_and_in_the_exports(
        client_as, leader, owner, make_risk, today):
    import csv
    import io

    from openpyxl import load_workbook

    from smeaton.web.risks import services
    from smeaton.web.risks.exports import HEADINGS
    risk = make_risk(title="Made up", illustrative=True, current_likelihood=5,
                     current_impact=5, next_review=today + timedelta(days=3))
    services.raise_issue(leader, risk=risk, title="Made up issue", description="d",
                         impact="i", priority="high", owner=owner, raised_on=today,
                         target_date=today, illustrative=True)
    tag = "Illustrative</strong>"
    issues = client_as(leader).get("/risks/issues/").content.decode()
    assert tag in issues and "made up for the demonstration" in issues
    mine = client_as(owner).get("/risks/mine/").content.decode()
    assert mine.count(tag) == 2 and "made up for the demonstration" in mine
    home = client_as(leader).get("/").content.decode()
    assert tag in home.split('id="panel-risks"')[1].split("</section>")[0]
    home = client_as(owner).get("/").content.decode()
    assert tag in home.split('id="panel-riskreviews"')[1].split("</section>")[0]
    client = client_as(leader)
    rows = list(csv.reader(io.StringIO(
        client.get("/risks/register.csv").content.decode("utf-8-sig"))))
    assert dict(zip(rows[0], rows[1], strict=True))["Illustrative"].startswith("Illustrative")
    sheet = load_workbook(io.BytesIO(client.get("/risks/register.xlsx").content)).active
    assert sheet.cell(5, HEADINGS.index("Illustrative") + 1).value.startswith("Illustrative")


def test_milestones_of_two_plan_years_with_one_title_are_told_apart_by_year(
        client_as, leader, milestone):
    from datetime import date

    from smeaton.web.plan.models import Milestone
    Milestone.objects.create(priority=milestone.priority, plan_year=2024, title=milestone.title,
                             owner=milestone.owner, due=date(2025, 12, 31))
    page = client_as(leader).get("/risks/new/").content.decode()
    assert page.count(f"{milestone.title} (priority 3, 2025") == 1
    assert page.count(f"{milestone.title} (priority 3, 2024") == 1
