"""The children behind a figure: the list, its summary, its downloads, GOV.UK errors for
bad choices, and the record of every view and download."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook

from smeaton import config
from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.measures import reporting_year
from smeaton.analytics.measures.children import children_behind
from smeaton.web.accounts.models import ChildLevelRead
from smeaton.web.returns.models import Load

pytestmark = pytest.mark.usefixtures("home")

LIST = "/performance/children/"
PLACEMENTS = {"indicator": "placement-moves", "period": "2025-03-31"}
TOKEN = re.compile(rb"\b[0-9a-f]{32}\b")


@pytest.fixture
def behind():
    """The analytics room's own list behind the figure, to check the pages against."""
    return children_behind(config.home().store, BY_SLUG["placement-moves"], "879",
                           reporting_year(2025))


def test_an_analyst_sees_the_children_behind_a_figure(client_as, analyst, behind):
    response = client_as(analyst).get(LIST, PLACEMENTS)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Children in care with 3 or more placements in the year" in page
    # The summary: the children looked after at the end of March, those with 3 or more
    # placements, and the computed figure matches the list.
    assert f"{len(behind.rows)} children" in page
    assert f"{behind.numerator}: children looked after" in page
    assert f"{behind.denominator}: children looked after" in page
    assert "Matches the list" in page
    # The facts, with readable names and dates in GOV.UK style.
    assert "Placements in the period" in page and "Month of birth" in page
    assert re.search(r"(January|February|March|April|May|June|July|August|September|"
                     r"October|November|December) \d{4}", page)
    assert len(set(TOKEN.findall(response.content))) == 200  # the first page of 3
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_every_view_is_recorded_with_its_filter(client_as, analyst):
    client_as(analyst).get(LIST, PLACEMENTS | {"group": "Sex: Female", "page": "1"})
    read = ChildLevelRead.objects.get()
    assert (read.user, read.action) == (analyst, ChildLevelRead.Action.VIEWED)
    assert read.filters == PLACEMENTS | {"group": "Sex: Female"}
    assert read.record.startswith("performance.indicator:")
    assert "12 months to 31 March 2025, Sex: Female" in read.what


def test_a_group_lists_only_its_children(client_as, analyst):
    page = client_as(analyst).get(LIST, PLACEMENTS | {"group": "Sex: Female"}).content.decode()
    assert "Matches the list" in page
    assert ">Male<" not in page


def test_a_rate_lists_its_counts_children(client_as, analyst, behind):
    page = client_as(analyst).get(LIST, {"indicator": "children-in-care-rate",
                                         "period": "2025-03-31"}).content.decode()
    # Those looked after at the end of March: placements' denominator.
    assert f"{behind.denominator} children" in page and "Matches the list" in page


def test_the_form_alone_when_nothing_is_chosen(client_as, analyst):
    response = client_as(analyst).get(LIST)
    assert response.status_code == 200
    assert b"Show the children" in response.content
    assert not TOKEN.search(response.content)
    assert not ChildLevelRead.objects.exists()
    # The periods offered are the month ends of the year held.
    assert b'value="2025-03-31"' in response.content
    assert b'value="2024-04-30"' in response.content


@pytest.mark.parametrize(("choices", "message"), [
    ({"indicator": "no-such-indicator", "period": "2025-03-31"},
     "Select an indicator Smeaton computes from the returns"),
    ({"indicator": "ks4-attainment-8", "period": "2025-03-31"},
     "Select an indicator Smeaton computes from the returns"),
    ({"indicator": "placement-moves", "period": "2019-03-31"},
     "No returns are loaded for the 12 months to 31 March 2019"),
    ({"indicator": "placement-moves", "period": "2025-03-30"},
     "Period end must be the last day of a month"),
    ({"indicator": "placement-moves", "period": "March"},
     "Period end must be a real date"),
    ({"indicator": "placement-moves", "period": "2025-03-31", "group": "Disability: Disabled"},
     "has no group Disability: Disabled"),
    ({"indicator": "placement-moves", "period": "2025-03-31", "group": "Sex: Unicorn"},
     "has no group Sex: Unicorn"),
    ({"period": "2025-03-31"}, "Select an indicator"),
    ({"indicator": "placement-moves"}, "Select a period end"),
])
def test_bad_choices_are_said_in_govuk_words(client_as, analyst, choices, message):
    response = client_as(analyst).get(LIST, choices)
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert not TOKEN.search(response.content)
    assert not ChildLevelRead.objects.exists()


def test_the_list_downloads_as_csv(client_as, analyst, behind):
    response = client_as(analyst).get("/performance/children.csv", PLACEMENTS)
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        'attachment; filename="children-placement-moves-2025-03-31.csv"')
    assert "no-store" in response["Cache-Control"]
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0][:3] == ["Child's token", "Numerator", "Denominator"]
    assert "Placements in the period" in rows[0]
    assert len(rows) == 1 + len(behind.rows)
    assert sum(int(row[1]) for row in rows[1:]) == behind.numerator
    read = ChildLevelRead.objects.get()
    assert (read.action, read.file_format, read.filters) == (
        ChildLevelRead.Action.DOWNLOADED, "csv", PLACEMENTS)


def test_the_list_downloads_as_excel(client_as, analyst, behind):
    response = client_as(analyst).get("/performance/children.xlsx", PLACEMENTS)
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0].startswith("The children behind: ")
    assert rows[2][0] == "Child's token"
    assert len(rows) == 3 + len(behind.rows)
    assert ChildLevelRead.objects.get().file_format == "xlsx"


def test_a_download_with_bad_choices_goes_back_to_the_form(client_as, analyst):
    response = client_as(analyst).get("/performance/children.csv",
                                      {"indicator": "placement-moves", "period": "2019-03-31"})
    assert response.status_code == 302
    assert response["Location"].startswith(LIST + "?")
    assert not ChildLevelRead.objects.exists()


def test_a_named_leader_sees_the_children_too(client_as, named_leader):
    response = client_as(named_leader).get(LIST, PLACEMENTS)
    assert response.status_code == 200 and TOKEN.search(response.content)


def test_the_last_page(client_as, analyst, behind):
    response = client_as(analyst).get(LIST, PLACEMENTS | {"page": "3"})
    assert len(set(TOKEN.findall(response.content))) == len(behind.rows) - 400
    assert ", page 3" in ChildLevelRead.objects.get().what


def test_the_demos_made_up_children_are_labelled_illustrative(client_as, analyst):
    Load.objects.create(uploaded_by=analyst, status=Load.Status.STORED, illustrative=True)
    page = client_as(analyst).get(LIST, PLACEMENTS).content.decode()
    assert "Illustrative: these children are synthetic" in page


def test_real_children_are_not(client_as, analyst):
    page = client_as(analyst).get(LIST, PLACEMENTS).content.decode()
    assert "Illustrative" not in page
