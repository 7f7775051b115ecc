"""The council's own figures on the scorecard and in its exports: the latest month
against its target, the latest year beside DfE's published figure with the analysts'
tolerance, and small numbers suppressed for anyone without child-level access."""

import csv
import io
import re
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from smeaton.web.accounts.models import Role
from smeaton.web.performance.models import Indicator, Target
from tests.web.performance.test_own_figures import kept

SLUG = "re-referrals"  # Plymouth's published 2024/25 figure is 26.0%; lower is better
TITLE = "Re-referrals within 12 months"
TOLERANCE_URL = f"/performance/indicators/{SLUG}/dfe-tolerance/"


@pytest.fixture
def own(published):
    """A year of the council's own re-referrals, then two months into the next."""
    kept(date(2025, 3, 31), numerator=50, denominator=200)  # 2024/25: 25.0%
    kept(date(2025, 9, 30), numerator=48, denominator=200)  # 24.0%
    kept(date(2025, 10, 31), numerator=46, denominator=200)  # 23.0%, stands in 2025/26
    Target.objects.create(indicator=Indicator.objects.get(slug=SLUG), year=2026,
                          value=Decimal("22"), tolerance=Decimal("2"))


def tolerance(value):
    Indicator.objects.filter(slug=SLUG).update(dfe_tolerance=value)


def page_row(client, slug=SLUG) -> str:
    """The text of an indicator's row of the scorecard, tags stripped."""
    page = client.get("/performance/").content.decode()
    start = page.index(f'href="/performance/indicators/{slug}/"')
    end = page.find('href="/performance/indicators/', start + 1)
    text = re.sub(r"<[^>]+>", " ", page[start:end if end > 0 else None])
    return " ".join(text.split())


def csv_row(client, title=TITLE) -> dict:
    response = client.get("/performance/scorecard.csv")
    return next(row for row in csv.DictReader(io.StringIO(response.text))
                if row["Indicator"] == title)


def test_the_latest_month_against_the_target_of_its_year(own, client_as, people):
    row = page_row(client_as(people[Role.VIEWER]))

    assert "23.0% 12 months to 31 Oct 2025" in row
    assert "Amber against the 2025/26 target" in row  # 23.0 misses 22 by no more than 2
    assert 'aria-label="Month by month for Plymouth, from its returns, Mar 2025 to Oct 2025"' \
        in client_as(people[Role.VIEWER]).get("/performance/").content.decode()


def test_the_latest_year_beside_dfe_without_a_tolerance_is_not_judged(own, client_as,
                                                                          people):
    row = page_row(client_as(people[Role.VIEWER]))

    assert "2024/25: 25.0%, DfE 26.0% Difference -1.0 No tolerance set" in row
    assert "Differs from DfE" not in row


@pytest.mark.parametrize(("allowed", "flagged"), [("0.5", True), ("1", False), ("2", False)])
def test_a_difference_beyond_the_tolerance_is_flagged(own, client_as, people, allowed,
                                                      flagged):
    tolerance(Decimal(allowed))
    client = client_as(people[Role.VIEWER])
    row = page_row(client)

    assert ("Differs from DfE by more than the tolerance" in row) == flagged
    assert ("Within the tolerance" in row) == (not flagged)
    exported = csv_row(client)
    assert exported["Differs from DfE"] == (
        "Differs from DfE by more than the tolerance" if flagged else "Within the tolerance")
    if flagged:
        page = client.get("/performance/").content.decode()
        assert ('<strong class="govuk-tag govuk-tag--orange">Differs from DfE by more than '
                "the tolerance</strong>") in page


def test_rows_without_own_figures(own, client_as, people):
    client = client_as(people[Role.VIEWER])

    # Computed, but none kept; published only: nothing to say.
    assert "No figures from the returns" in page_row(client, "assessments-45-days")
    referral_rate = page_row(client, "referral-rate")
    assert "No figures from the returns" not in referral_rate
    assert "Difference" not in referral_rate
    exported = csv_row(client, "Referrals per 10,000")
    assert exported["Own latest"] == exported["Differs from DfE"] == ""


def small(published):
    """A latest month of 3 children: small enough to point at them."""
    kept(date(2025, 3, 31), numerator=50, denominator=200)
    kept(date(2025, 10, 31), numerator=3, denominator=20)


def test_small_numbers_are_c_for_a_viewer(published, client_as, make_user):
    small(published)
    client = client_as(make_user(Role.VIEWER))

    exported = csv_row(client)
    assert (exported["Own figures: 12 months to"], exported["Own latest"],
            exported["Own numerator"], exported["Own denominator"]) == (
        "2025-10-31", "c", "c", "c")
    assert "c 12 months to 31 Oct 2025 c: a small number, not shown" in page_row(client)
    assert "15.0%" not in page_row(client)


def test_small_numbers_are_shown_to_whoever_may_see_the_children(published, client_as,
                                                                  make_user):
    small(published)
    client = client_as(make_user(Role.LEADERSHIP, child_level_access=True))

    exported = csv_row(client)
    assert (exported["Own latest"], exported["Own numerator"],
            exported["Own denominator"]) == ("15.0%", "3", "20")
    assert "15.0% 12 months to 31 Oct 2025" in page_row(client)


def test_excel_has_the_own_figures_as_numbers_and_suppressed_as_c(own, client_as, people,
                                                                   make_user):
    tolerance(Decimal("0.5"))
    kept(date(2025, 11, 30), numerator=2, denominator=200)  # 1.0%, of 2 children

    def cells(user):
        response = client_as(user).get("/performance/scorecard.xlsx")
        sheet = load_workbook(io.BytesIO(response.content)).active
        headings = [cell.value for cell in sheet[4]]
        row = next(r for r in range(5, sheet.max_row + 1) if sheet.cell(r, 1).value == TITLE)
        return {heading: sheet.cell(row, column + 1) for column, heading in enumerate(headings)}

    seen = cells(make_user(Role.LEADERSHIP, child_level_access=True))
    assert (seen["Own latest"].value, seen["Own latest"].number_format) == (
        pytest.approx(0.01), "0.0%")
    assert (seen["Own numerator"].value, seen["Own denominator"].value) == (2, 200)
    assert seen["Own figures: 12 months to"].value.date() == date(2025, 11, 30)
    assert seen["Difference from DfE"].value == pytest.approx(-1.0)  # points, not a share
    assert seen["Tolerance against DfE"].value == pytest.approx(0.5)
    assert seen["Own figure for that year"].value == pytest.approx(0.25)
    assert seen["Differs from DfE"].value == "Differs from DfE by more than the tolerance"
    hidden = cells(people[Role.VIEWER])
    assert [hidden[h].value for h in ("Own latest", "Own numerator", "Own denominator")] == [
        "c", "c", "c"]
    assert hidden["Difference from DfE"].value == pytest.approx(-1.0)  # the year is not small


# --- The tolerance --------------------------------------------------------------------


@pytest.mark.parametrize(("role", "allowed"), [
    (Role.ANALYST, True), (Role.LEADERSHIP, True), (Role.VIEWER, False),
    (Role.PRIORITY_LEAD, False)])
def test_who_sets_the_tolerance(published, client_as, people, role, allowed):
    response = client_as(people[role]).post(TOLERANCE_URL, {"dfe_tolerance": "1.5"})

    assert response.status_code == (302 if allowed else 403)
    assert Indicator.objects.get(slug=SLUG).dfe_tolerance == (
        Decimal("1.5") if allowed else None)


def test_only_an_indicator_both_published_and_computed_has_a_tolerance(
        published, client_as, people):
    client = client_as(people[Role.LEADERSHIP])

    def status(slug):
        return client.get(f"/performance/indicators/{slug}/dfe-tolerance/").status_code

    assert status(SLUG) == 200
    # A context indicator has no target, but its count can still differ from DfE's.
    assert status("children-in-care-rate") == 200
    assert 'href="/performance/indicators/children-in-care-rate/dfe-tolerance/"' in \
        client.get("/performance/indicators/children-in-care-rate/").content.decode()
    assert status("ehcp-20-weeks") == 404  # published, with a target, but not computed
    assert status("cp-two-years-ended") == 404  # computed, with a target, not published
    assert status("no-such-thing") == 404


@pytest.mark.parametrize(("typed", "message"), [
    ("lots", "Tolerance must be a number, like 22.5"),
    ("-1", "Tolerance must be 0 or more"),
    ("1e400", "Tolerance is too large"),
])
def test_a_tolerance_with_mistakes(published, client_as, people, typed, message):
    response = client_as(people[Role.ANALYST]).post(TOLERANCE_URL, {"dfe_tolerance": typed})

    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert Indicator.objects.get(slug=SLUG).dfe_tolerance is None


def test_a_saved_tolerance_is_audited_and_shown(published, client_as, people):
    analyst = people[Role.ANALYST]
    client = client_as(analyst)
    indicator_page = client.get(f"/performance/indicators/{SLUG}/").content.decode()
    assert f'href="{TOLERANCE_URL}"' in indicator_page

    response = client.post(TOLERANCE_URL, {"dfe_tolerance": "1.5%"}, follow=True)

    assert response.redirect_chain == [(f"/performance/indicators/{SLUG}/", 302)]
    assert "Tolerance against DfE&#x27;s figure saved." in response.content.decode()
    indicator = Indicator.objects.get(slug=SLUG)
    assert indicator.dfe_tolerance == Decimal("1.5")
    change = indicator.history.first()
    assert change.history_change_reason == "Tolerance against DfE's figure set to 1.5"
    assert change.history_user == analyst
    assert 'value="1.5"' in client.get(TOLERANCE_URL).content.decode()

    client.post(TOLERANCE_URL, {"dfe_tolerance": ""})
    assert Indicator.objects.get(slug=SLUG).dfe_tolerance is None
    assert indicator.history.first().history_change_reason == (
        "Tolerance against DfE's figure removed")
