"""No child-level list, token or re-identification reaches anyone without child-level
access, through any page, export or htmx fragment of the site.

The site is full of child-level data: a store of Plymouth's synthetic returns, a load
whose problem report names children, the record of a list read and of a child
re-identified, the council's own figures kept. Then every URL of the access matrix
(every page, export, admin page and fragment) is asked for, as a page and as an htmx
fragment, by each person without child-level access, the children pages with a real
figure chosen and the own figures' pages too, and no 32-hex-digit token may appear in
anything they get back."""

import re
from urllib.parse import urlencode

import pytest

from smeaton import config
from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.measures import reporting_year
from smeaton.analytics.measures.children import children_behind
from smeaton.web.accounts.models import ChildLevelRead, Role
from smeaton.web.accounts.roles import CHILD_LEVEL_ACCESS
from smeaton.web.children import services
from smeaton.web.children.queries import Figure
from smeaton.web.performance.models import Indicator
from smeaton.web.returns import figures
from smeaton.web.returns.models import Problem
from tests.conftest import signed_in
from tests.web import test_access_matrix as matrix
from tests.web.test_access_matrix import ANONYMOUS, MATRIX, SUBJECTS, N, address, url_patterns

world = matrix.world  # the access matrix's records of every kind, as a fixture here too

TOKEN = re.compile(rb"(?<![0-9A-Za-z])[0-9a-f]{32}(?![0-9A-Za-z])")
WITHOUT_ACCESS = [subject for subject in SUBJECTS
                  if subject not in (*CHILD_LEVEL_ACCESS, ANONYMOUS)]
FIGURE = {"indicator": "placement-moves", "period": "2025-03-31"}
CHILDREN_PAGES = ("/performance/children/", "/performance/children.csv",
                  "/performance/children.xlsx", "/performance/children/re-identify/")


@pytest.fixture
def child_level_everywhere(home, world):
    """Child-level data in every place the site keeps it, for this test."""
    analyst = world["people"][N]
    for definition_slug in ("placement-moves",):
        Indicator.objects.get_or_create(slug=definition_slug,
                                        defaults={"title": "Placement moves"})
    behind = children_behind(config.home().store, BY_SLUG["placement-moves"], "879",
                             reporting_year(2025))
    token = behind.rows[0]["child"]
    Problem.objects.create(load=world["returns_load"], position=1, file="header.csv",
                           table="header", row="2", column="CHILD", value=token,
                           reason=f"Child {token} has no date of birth", severity="error",
                           child=token, kind="Missing date of birth")
    figure = Figure(Indicator.objects.get(slug="placement-moves"),
                    BY_SLUG["placement-moves"], reporting_year(2025))
    services.reidentify(analyst, figure, token, "Checking a case at its review meeting")
    figures.refresh()  # the council's own figures, with their groups, on every page
    return token


def every_address(world) -> list[str]:
    found = [address(key, route, world) for key, route in url_patterns() if key in MATRIX]
    own = [f"/performance/indicators/placement-moves/?period={FIGURE['period']}",
           f"/performance/equalities/?period={FIGURE['period']}",
           "/performance/scorecard.csv", "/performance/scorecard.xlsx"]
    return found + own + [f"{page}?{urlencode(FIGURE)}" for page in CHILDREN_PAGES]


def test_the_walk_finds_tokens_where_they_are_allowed(db, client, world, child_level_everywhere):
    """The check can fail: an analyst's list has tokens."""
    signed_in(client, world["people"][N])
    response = client.get(f"/performance/children/?{urlencode(FIGURE)}")
    assert child_level_everywhere.encode() in response.content
    assert TOKEN.search(response.content)


@pytest.mark.parametrize("subject", WITHOUT_ACCESS)
def test_no_token_reaches_anyone_without_child_level_access(
        db, client, world, child_level_everywhere, subject):
    person = world["people"][subject]
    assert not person.has_perm("accounts.view_child_level")
    signed_in(client, person)
    for url in every_address(world):
        for headers in ({}, {"HX-Request": "true"}):
            response = client.get(url, headers=headers)
            content = (b"".join(response.streaming_content) if response.streaming
                       else response.content)
            assert not TOKEN.search(content), f"{subject} GET {url} {headers}"
            assert not TOKEN.search(response.get("Location", "").encode()), url
    # Re-identification, asked for outright, is refused and records nothing.
    reads = ChildLevelRead.objects.count()
    response = client.post("/performance/children/re-identify/", FIGURE | {
        "child": child_level_everywhere, "reason": "Curious about this child, no reason"})
    assert response.status_code == 403 and not TOKEN.search(response.content)
    assert ChildLevelRead.objects.count() == reads


def test_the_administrators_export_of_the_read_record_holds_no_token(
        db, client, world, child_level_everywhere):
    signed_in(client, world["people"][Role.ADMINISTRATOR])
    response = client.post("/admin/accounts/childlevelread/", {
        "action": "download_csv", "_selected_action": list(
            ChildLevelRead.objects.values_list("pk", flat=True))})
    assert response.status_code == 200
    assert b"Re-identified a child behind" in response.content
    assert b"Checking a case at its review meeting" in response.content
    assert child_level_everywhere[:8].encode() in response.content
    assert not TOKEN.search(response.content)
