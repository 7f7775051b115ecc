"""The plan's records: years, periods and what a milestone may hold."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from smeaton.web.plan.models import Milestone, Outcome, Plan, Priority


def test_plan_years_run_april_to_march(plan):
    assert plan.period == "2024-27"
    assert (plan.starts, plan.ends) == (date(2024, 4, 1), date(2027, 3, 31))
    assert plan.year_choices() == [(2024, "2024/25"), (2025, "2025/26"), (2026, "2026/27")]
    assert plan.current_year(date(2023, 1, 1)) == 2024  # before the plan: its first year
    assert plan.current_year(date(2030, 1, 1)) == 2026  # after it: its last year


@pytest.mark.parametrize("due", [date(2027, 4, 1), date(2024, 6, 1), date(2026, 3, 31)])
def test_a_due_date_outside_the_milestones_plan_year_is_refused(priority, owner, due):
    milestone = Milestone(priority=priority, plan_year=2026, title="Late", owner=owner, due=due)
    with pytest.raises(ValidationError, match="Due date must be in 2026/27, the milestone's "
                                              "plan year: from 1 April 2026 to 31 March 2027"):
        milestone.full_clean()


@pytest.mark.parametrize("due", [date(2026, 4, 1), date(2027, 3, 31)])
def test_a_due_date_in_the_plan_year_is_accepted(priority, owner, due):
    Milestone(priority=priority, plan_year=2026, title="On time", owner=owner,
              due=due).full_clean()


def test_a_year_outside_the_plan_is_refused(priority, owner):
    milestone = Milestone(priority=priority, plan_year=2027, title="X", owner=owner,
                          due=date(2026, 5, 1))
    with pytest.raises(ValidationError, match="Choose a year of the plan 2024-27"):
        milestone.full_clean()


def test_an_outcome_must_belong_to_the_milestones_priority(priority, plan, owner, lead):
    other = Priority.objects.create(plan=plan, number=4, title="Care leavers", lead=lead)
    elsewhere = Outcome.objects.create(priority=other, title="Suitable accommodation")
    milestone = Milestone(priority=priority, plan_year=2025, title="X", owner=owner,
                          due=date(2025, 6, 1), outcome=elsewhere)
    with pytest.raises(ValidationError, match="outcome of this milestone's priority"):
        milestone.full_clean()


def test_every_save_moves_the_version_on(milestone):
    before = milestone.version
    milestone.title = "Renamed"
    milestone.save()
    assert milestone.version == before + 1


def test_the_councils_rag_settings_apply_once_set(milestone):
    from smeaton.web.plan.models import RagSettings
    from smeaton.web.rag import Rag

    milestone.forecast = date(2026, 2, 15)  # 1.5 months after the due date
    assert milestone.rag(today=date(2025, 6, 1)) == Rag.AMBER
    RagSettings.objects.create(red_delay_months=1, update_overdue_days=30)
    assert milestone.rag(today=date(2025, 6, 1)) == Rag.RED


def test_an_administrator_sets_the_rag_settings_once(client_as, make_user):
    from smeaton.web.accounts.models import Role

    client = client_as(make_user(Role.ADMINISTRATOR))
    response = client.post("/admin/plan/ragsettings/add/",
                           {"red_delay_months": "2", "update_overdue_days": "45"})
    assert response.status_code == 302
    assert client.get("/admin/plan/ragsettings/add/").status_code == 403


@pytest.mark.parametrize("fields", [{"red_delay_months": 0}, {"update_overdue_days": 0},
                                    {"red_delay_months": 1000}])
def test_rag_settings_that_would_turn_the_plan_red_are_refused(db, fields):
    from smeaton.web.plan.models import RagSettings

    with pytest.raises(ValidationError) as refused:
        RagSettings(**fields).full_clean()
    assert set(refused.value.message_dict) == set(fields)


def test_a_plan_of_no_years_from_year_nought_is_refused(db):
    with pytest.raises(ValidationError) as refused:
        Plan(title="P", first_year=0, years=0).full_clean()
    assert set(refused.value.message_dict) == {"first_year", "years"}
