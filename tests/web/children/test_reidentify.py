"""Re-identifying a child: POST only, a reason each time, the identifier shown once and
never in a URL or a cache, recorded in the re-identification table and the record of
child-level reads."""

import pytest

from smeaton import config
from smeaton.analytics import privacy
from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.measures import reporting_year
from smeaton.analytics.measures.children import children_behind
from smeaton.web.accounts.models import ChildLevelRead

pytestmark = pytest.mark.usefixtures("home")

URL = "/performance/children/re-identify/"
FIGURE = {"indicator": "placement-moves", "period": "2025-03-31", "group": ""}
REASON = "Checking the placement history of a child at a case review"


@pytest.fixture
def child():
    behind = children_behind(config.home().store, BY_SLUG["placement-moves"], "879",
                             reporting_year(2025))
    return behind.rows[0]["child"]


def test_the_form_asks_why(client_as, analyst, child):
    response = client_as(analyst).get(URL, FIGURE | {"child": child})
    page = response.content.decode()
    assert response.status_code == 200
    assert "Why do you need to know who this child is?" in page
    assert child in page and 'method="post"' in page
    assert not ChildLevelRead.objects.exists()  # asking is not seeing


def test_a_child_is_reidentified_with_a_reason_and_it_is_recorded(client_as, analyst, child):
    response = client_as(analyst).post(URL, FIGURE | {"child": child, "reason": REASON})
    page = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    # The council's identifier is on the page (synth's children are numbered), once.
    identifier = privacy.resolutions()[-1]
    at, who, why, token, found = identifier
    assert (who, why, token, found) == (analyst.username, REASON, child, 1)
    read = ChildLevelRead.objects.get()
    assert read.user == analyst and read.action == ChildLevelRead.Action.VIEWED
    assert read.filters == {"indicator": "placement-moves", "period": "2025-03-31",
                            "child": f"{child[:8]}…", "reason": REASON, "found": "yes"}
    assert read.what.startswith("Re-identified a child behind ")
    assert "The council&#x27;s identifier" in page or "The council's identifier" in page
    assert "Not known" not in page


def test_a_token_with_no_identifier_says_so(client_as, analyst, child, monkeypatch, tmp_path):
    # Another re-identification table, with the same key, holding nobody.
    monkeypatch.setattr(config.Home, "reidentification", property(
        lambda home: tmp_path / "empty.sqlite3"))
    response = client_as(analyst).post(URL, FIGURE | {"child": child, "reason": REASON})
    assert b"Not known: the re-identification table holds no identifier" in response.content
    assert ChildLevelRead.objects.get().filters["found"] == "no"


@pytest.mark.parametrize(("sent", "message"), [
    ({"reason": ""}, "Enter why you need to know who this child is"),
    ({"reason": "   "}, "Enter why you need to know who this child is"),
    ({"reason": "because"}, "Reason must be 20 characters or more"),
    ({"child": "not-a-token"}, "Choose a child from the list"),
    ({"child": "0" * 32}, "This child is not behind this figure"),
])
def test_a_missing_reason_or_a_stranger_is_refused(client_as, analyst, child, sent, message):
    response = client_as(analyst).post(URL, FIGURE | {"child": child, "reason": REASON} | sent)
    assert response.status_code == 200
    assert "govuk-error-summary" in response.content.decode()
    assert message in response.content.decode()
    assert not ChildLevelRead.objects.exists()


def test_without_a_figure_it_goes_back_to_the_list(client_as, analyst, child):
    response = client_as(analyst).post(URL, {"child": child, "reason": REASON})
    assert response.status_code == 302 and response["Location"] == "/performance/children/"
    assert not ChildLevelRead.objects.exists()


def test_a_key_that_cannot_be_read_is_said_and_nothing_is_recorded(
        client_as, analyst, child, monkeypatch, tmp_path):
    monkeypatch.setenv("SMEATON_REIDENTIFICATION_KEY", "not a key")
    response = client_as(analyst).post(URL, FIGURE | {"child": child, "reason": REASON})
    assert response.status_code == 503
    assert b"cannot read its re-identification key" in response.content
    assert not ChildLevelRead.objects.exists()
