"""The commentary pages as people use them: GOV.UK error messages for bad input, the
state of each version, the clinic, and the scorecard with its signed-off commentary."""

import csv
import io

import pytest
from openpyxl import load_workbook

from smeaton.web.accounts.models import Role
from smeaton.web.commentary import services
from smeaton.web.commentary.models import PART_LENGTH, Status, Version
from smeaton.web.commentary.services import Seen
from smeaton.web.performance.models import Indicator, Target
from smeaton.web.performance.scorecard import build
from tests.web.commentary.conftest import QUARTER, parts

PAGE = "/performance/indicators/placement-moves/commentary/"
EDIT = f"{PAGE}{QUARTER.slug}/edit/"
SUBMIT = f"{PAGE}{QUARTER.slug}/submit/"
DECIDE = f"{PAGE}{QUARTER.slug}/sign-off/"


@pytest.fixture
def owned(published, indicator):
    return indicator


def form(version=None, **fields):
    seen = {"seen_number": version.number if version else 0,
            "seen_revision": version.revision if version else 0}
    return seen | {"shows": "Rose to 12%.", "why": "Two homes closed.",
                   "action": "Recruiting carers."} | fields


def test_an_analyst_writes_the_first_draft(owned, analyst, client_as):
    client = client_as(analyst)
    page = client.get(f"{PAGE}?period={QUARTER.slug}").content.decode()
    assert "Nobody has written commentary" in page and "Write commentary" in page
    response = client.post(EDIT, form())
    assert response.status_code == 302
    assert response["Location"] == f"{PAGE}?period={QUARTER.slug}"
    page = client.get(response["Location"]).content.decode()
    assert "Version 1 has been saved as a draft." in page
    assert "Rose to 12%." in page and "Send for sign-off" in page


@pytest.mark.parametrize(("fields", "message"), [
    ({"shows": ""}, "Enter what the figure shows"),
    ({"why": "  "}, "Enter why the figure is as it is"),
    ({"action": ""}, "Enter what is being done"),
    ({"shows": "x" * (PART_LENGTH + 1)},
     f"What the figure shows must be {PART_LENGTH:,} characters or fewer"),
    ({"seen_revision": "x"}, "The form was incomplete"),
])
def test_bad_input_gets_a_govuk_error_message(owned, analyst, client_as, fields, message):
    response = client_as(analyst).post(EDIT, form(**fields))
    page = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in page and message in page
    assert not Version.objects.exists()


def test_the_form_is_a_govuk_character_count(owned, analyst, client_as):
    page = client_as(analyst).get(EDIT).content.decode()
    assert page.count('data-module="govuk-character-count"') == 3
    assert f'data-maxlength="{PART_LENGTH}"' in page
    assert 'aria-describedby="id_shows-hint id_shows-info"' in page
    assert "maxlength=" not in page.replace("data-maxlength", "")


def test_a_stale_form_says_someone_else_changed_it(owned, analyst, leader, client_as):
    version = services.save_draft(owned, QUARTER, analyst, parts(), seen=Seen())
    stale = form(version)
    services.save_draft(owned, QUARTER, leader, parts(2), seen=Seen(1, version.revision))
    page = client_as(analyst).post(EDIT, stale).content.decode()
    assert "Someone else changed this commentary" in page


def test_sent_for_sign_off_then_signed_off_by_the_lead(owned, analyst, lead, client_as,
                                                      client):
    version = services.save_draft(owned, QUARTER, analyst, parts(), seen=Seen())
    client_as(analyst).post(SUBMIT, {"seen_number": 1, "seen_revision": version.revision})
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED
    client.logout()
    lead_client = client_as(lead)
    assert "Sign off or return" in lead_client.get(f"{PAGE}?period={QUARTER.slug}").content.decode()
    page = lead_client.post(DECIDE, form(version, decision="")).content.decode()
    assert "Select whether to sign it off or return it" in page
    page = lead_client.post(DECIDE, form(version, decision="return")).content.decode()
    assert "Enter what needs to change" in page
    response = lead_client.post(DECIDE, form(version, decision="sign_off"))
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.status, version.decided_by) == (Status.SIGNED_OFF, lead)


def test_the_drafter_is_told_someone_else_must_sign_off(owned, leader, client_as):
    version = services.save_draft(owned, QUARTER, leader, parts(), seen=Seen())
    services.submit(owned, QUARTER, leader, seen=Seen(1, version.revision + 0))
    client = client_as(leader)
    assert "Sign off or return" not in client.get(f"{PAGE}?period={QUARTER.slug}").content.decode()
    page = client.get(DECIDE).content.decode()
    assert "You wrote this version, so someone else must sign it off" in page


def test_an_unknown_period_is_not_found(owned, analyst, client_as):
    client = client_as(analyst)
    assert client.get(f"{PAGE}?period=quarter-2025-11-30").status_code == 404
    assert client.get(f"{PAGE}month-2025-13-31/edit/").status_code == 404


def signed_off(indicator, analyst, lead, period=QUARTER, n=1) -> Version:
    version = services.save_draft(indicator, period, analyst, parts(n), seen=Seen())
    version = services.submit(indicator, period, analyst, seen=Seen(1, version.revision))
    return services.sign_off(indicator, period, lead, seen=Seen(1, version.revision))


def test_the_scorecard_and_its_exports_show_the_signed_off_commentary(owned, analyst, lead,
                                                                     client_as):
    signed_off(owned, analyst, lead)
    client = client_as(lead)
    page = client.get("/performance/").content.decode()
    assert "Commentary, Quarter 2 2025/26" in page and "The figure rose to 12% (1)." in page
    rows = list(csv.DictReader(io.StringIO(
        client.get("/performance/scorecard.csv").content.decode())))
    by_title = {row["Indicator"]: row["Signed-off commentary"] for row in rows}
    assert by_title[owned.definition.title].startswith(
        "Quarter 2 2025/26. What the figure shows: The figure rose to 12% (1).")
    assert "Signed off by Priya Shah" in by_title[owned.definition.title]
    assert sum(bool(text) for text in by_title.values()) == 1
    sheet = load_workbook(io.BytesIO(client.get("/performance/scorecard.xlsx").content)).active
    headings = [cell.value for cell in sheet[4]]
    column = headings.index("Signed-off commentary")
    texts = [row[column] for row in sheet.iter_rows(min_row=5, values_only=True) if row[column]]
    assert len(texts) == 1 and "Two homes closed." in texts[0]


def test_a_formula_in_commentary_is_neutralised_in_the_csv(owned, analyst, lead, client_as):
    version = services.save_draft(owned, QUARTER, analyst, parts(shows="=HYPERLINK(1)"),
                                  seen=Seen())
    version = services.submit(owned, QUARTER, analyst, seen=Seen(1, version.revision))
    services.sign_off(owned, QUARTER, lead, seen=Seen(1, version.revision))
    rows = list(csv.reader(io.StringIO(
        client_as(lead).get("/performance/scorecard.csv").content.decode())))
    cells = [row[-1] for row in rows[1:] if row[-1]]
    assert len(cells) == 1 and not cells[0].startswith(("=", "+", "-", "@"))


def test_the_indicator_page_links_to_its_commentary(owned, analyst, lead, client_as):
    signed_off(owned, analyst, lead)
    page = client_as(analyst).get("/performance/indicators/placement-moves/").content.decode()
    assert "The latest signed-off commentary, for Quarter 2 2025/26" in page
    assert f"{PAGE}?period={QUARTER.slug}" in page


def test_the_clinic_lists_red_or_worsening_indicators_without_signed_off_commentary(
        published, priority, analyst, lead, client_as):
    rows = build(comparators=published)
    flagged = [r for r in rows if r.rag == "red" or r.direction == "worsening"]
    calm = [r for r in rows if r not in flagged]
    assert flagged and calm, "the published figures give both kinds"
    for row in flagged[:2]:
        row.indicator.priorities.add(priority)
    signed_off(flagged[0].indicator, analyst, lead)
    services.save_draft(flagged[1].indicator, QUARTER, analyst, parts(), seen=Seen())
    page = client_as(analyst).get("/performance/clinic/").content.decode()
    assert f"{len(flagged) - 1} indicators needing signed-off commentary for Quarter 2" in page
    assert flagged[0].definition.title not in page
    assert flagged[1].definition.title in page and "Draft" in page
    assert all(r.definition.title not in page for r in calm)
    # Another period: nothing is signed off for it, so every flagged indicator is listed.
    page = client_as(analyst).get("/performance/clinic/?period=month-2025-10-31").content.decode()
    assert f"{len(flagged)} indicators needing signed-off commentary for October 2025" in page


def test_a_red_indicator_is_listed_by_its_target(published, analyst, client_as):
    indicator = Indicator.objects.get(slug="care-leavers-eet")
    [row] = build([indicator], published)
    Target.objects.create(indicator=indicator, year=row.latest_year, value=99, tolerance=1)
    page = client_as(analyst).get("/performance/clinic/").content.decode()
    assert "Red against its target" in page


def test_the_clinic_is_in_the_menu_of_those_who_run_it(analyst, client_as, make_user):
    assert 'href="/performance/clinic/"' in client_as(analyst).get("/").content.decode()
    viewer = make_user(Role.VIEWER)
    assert 'href="/performance/clinic/"' not in client_as(viewer).get("/").content.decode()
