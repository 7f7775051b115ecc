"""The voice of children and families in a real browser, on the demo council's data: the
participation lead records feedback, imports a survey's results (a file with a problem
first), adds a "you said, we did" entry for young people, and it shows on the young
people's page, at a phone's width and to someone signed out."""

from django.utils import timezone
from playwright.sync_api import expect

from smeaton.web import demo
from tests.browser.conftest import menu_link, sign_in_with_password

HEADER = ("question,measure,period,group,number_responding,percentage,comparison,"
          "comparison_name\n")
ENTRY = "You said the youth club closes too early to get there after school"


def fill_date(page, legend: str, day):
    group = page.get_by_role("group", name=legend)
    group.get_by_label("Day").fill(str(day.day))
    group.get_by_label("Month").fill(str(day.month))
    group.get_by_label("Year").fill(str(day.year))


def no_sideways_scroll(page):
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the page scrolls sideways: {width}px"


def test_the_participation_lead_s_work_reaches_the_young_people_s_page(
        page, demo_council, accessible, tmp_path):
    sign_in_with_password(page, "demo-participation", demo.PASSWORD)
    menu_link(page, "Voice of children").click()
    expect(page.get_by_role("heading", name="Voice of children and families")).to_be_visible()
    accessible(page)

    # Feedback: the form says not to write names; a missing answer is named.
    page.get_by_role("link", name="Feedback", exact=True).click()
    accessible(page)
    page.get_by_role("link", name="Record feedback").click()
    expect(page.get_by_text("Do not write anyone's name")).to_be_visible()
    page.get_by_label("Source").fill("Youth Parliament")
    page.get_by_label("What did they say?").fill(
        "Young people said the youth club shuts before they can get there from school.")
    page.get_by_role("button", name="Record the feedback").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Select what kind of feedback it is")
    accessible(page)
    page.get_by_label("Participation event").check()
    page.get_by_label("Young person", exact=True).check()
    page.get_by_label("Other themes (optional)").fill("Things to do")
    page.get_by_role("button", name="Record the feedback").click()
    expect(page.get_by_text("The feedback has been recorded")).to_be_visible()
    expect(page.locator("#feedback-summary")).to_contain_text("youth club")
    accessible(page)

    # A survey's results: a file with a problem is refused, naming row, column and value.
    page.goto("/voice/surveys/")
    accessible(page)
    page.get_by_role("link", name="Add a survey").click()
    page.get_by_label("Name").fill("Care leavers' survey")
    page.get_by_role("button", name="Add the survey").click()
    page.get_by_role("link", name="Import results").click()
    accessible(page)
    bad = tmp_path / "care-leavers-2025.csv"
    bad.write_text(HEADER + "Do you feel safe at home?,Yes,2025,Aged 18 to 21,34,91%,,\n"
                   "Do you feel safe at home?,Yes,2025,Aged 22 to 25,3,100,,\n")
    page.get_by_label("Upload a file of results").set_input_files(bad)
    page.get_by_role("button", name="Import the results").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("has 1 problem")
    expect(page.locator("#import-problems")).to_contain_text(
        "care-leavers-2025.csv, row 2, column “percentage”: “91%” must be a number from 0 "
        "to 100 without the % sign")
    accessible(page)
    bad.write_text(bad.read_text().replace("91%", "91.2"))
    page.get_by_label("Upload a file of results").set_input_files(bad)
    page.get_by_role("button", name="Import the results").click()
    expect(page.get_by_text("2 results have been imported")).to_be_visible()
    table = page.get_by_role("table", name="Do you feel safe at home?")
    expect(table).to_contain_text("91.2%")
    expect(table).to_contain_text("Fewer than 5 responded")
    expect(table).not_to_contain_text("100")
    accessible(page)

    # The demo's survey: change since last year and against the national average.
    page.goto("/voice/surveys/")
    page.get_by_role("link", name="Bright Spots: Your Life, Your Care").click()
    expect(page.get_by_role("table", name="Do you feel settled where you live?")
           ).to_contain_text("points below the Bright Spots national average")
    accessible(page)

    # "You said, we did", for the young people's page.
    page.goto("/voice/you-said-we-did/")
    accessible(page)
    page.get_by_role("link", name="Add an entry").click()
    page.get_by_label("You said: what did children or families say?").fill(ENTRY)
    page.get_by_label("We did: what was done?").fill(
        "We open the youth club until eight on school days.")
    page.get_by_label("Who did it?").fill("Youth service")
    fill_date(page, "When was it done?", timezone.localdate())
    page.get_by_label("Show it on the young people's page").check()
    page.get_by_label("Attendance and inclusion", exact=False).first.check()
    page.get_by_role("checkbox", name="Participation event from a young person").first.check()
    accessible(page)
    page.get_by_role("button", name="Add the entry").click()
    expect(page.get_by_text("The entry has been added")).to_be_visible()
    accessible(page)

    # The young people's page, at a phone's width: the entry is under its priority.
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/voice/young-people/")
    section = page.get_by_role("region", name="Going to school every day")
    expect(section).to_contain_text(ENTRY)
    expect(section).to_contain_text("Questions you could ask")
    expect(page.locator("#not-published")).to_have_count(0)
    accessible(page)
    no_sideways_scroll(page)

    # Published, so someone signed out reads it too.
    page.context.clear_cookies()
    page.goto("/voice/young-people/")
    expect(page.get_by_role("heading", name="Our plan for children and young people",
                            level=1)).to_be_visible()
    expect(page.get_by_role("region", name="Going to school every day")).to_contain_text(ENTRY)
    accessible(page)
    no_sideways_scroll(page)


def test_taken_down_the_page_is_a_preview_and_then_published_again(
        page, demo_council, accessible):
    sign_in_with_password(page, "demo-admin", demo.PASSWORD)
    page.goto("/voice/young-people/words/")
    accessible(page)
    page.get_by_role("link", name="Change the words for priority 3").click()
    expect(page.get_by_label("Title for young people")).to_have_value(
        "A good home for children in care")
    accessible(page)
    page.goto("/voice/young-people/introduction/")
    accessible(page)
    page.goto("/voice/young-people/words/")
    page.get_by_role("link", name="Take the page down").click()
    accessible(page)
    page.get_by_role("button", name="Take the page down").click()
    expect(page.get_by_text("The young people's page has been taken down")).to_be_visible()
    page.goto("/voice/young-people/")
    expect(page.locator("#not-published")).to_contain_text("This page is not published")
    accessible(page)
    cookies = page.context.cookies()
    page.context.clear_cookies()
    assert page.goto("/voice/young-people/").status == 404
    page.context.add_cookies(cookies)
    page.goto("/voice/young-people/words/")
    page.get_by_role("link", name="Publish the page").click()
    page.get_by_role("button", name="Publish the page").click()
    expect(page.get_by_text("The young people's page is published")).to_be_visible()
    page.context.clear_cookies()
    assert page.goto("/voice/young-people/").status == 200
