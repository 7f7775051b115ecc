"""Indicators DfE does not publish, computed from the council's own returns: in the
database like every other, on the scorecard and a page of their own, with targets and
links to the plan, and saying plainly that they have no figures yet."""

import csv
import html
import io

import pytest
from django.core.management.sql import emit_post_migrate_signal
from django.utils import timezone

from smeaton.analytics.indicators import BY_SLUG
from smeaton.web.accounts.models import Role
from smeaton.web.performance.models import Indicator, Target
from smeaton.web.plan.models import Plan, Priority

STARTS = "/performance/indicators/children-starting-care/"


def test_every_indicator_in_the_registry_has_its_row(db):
    assert sorted(Indicator.objects.values_list("slug", flat=True)) == sorted(BY_SLUG)
    assert all(row.definition is BY_SLUG[row.slug] for row in Indicator.objects.all())


def test_migrating_adds_a_new_indicator_and_keeps_titles_in_step(db):
    Indicator.objects.filter(slug="referrals").delete()
    Indicator.objects.filter(slug="re-referrals").update(title="An old title")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    assert Indicator.objects.get(slug="referrals").title == "Referrals to children's social care"
    assert Indicator.objects.get(slug="re-referrals").title == "Re-referrals within 12 months"
    assert Indicator.objects.count() == len(BY_SLUG)


def test_the_scorecard_shows_an_indicator_without_figures_yet(published, client_as, people):
    client = client_as(people[Role.VIEWER])
    page = html.unescape(client.get("/performance/").content.decode())
    assert f'href="{STARTS}">Children who started to be looked after</a>' in page
    assert "No figures yet<span class=\"smeaton-period\">computed from the council's own " \
           "SSDA903 returns once they are loaded</span>" in page
    assert "Not published by DfE, so no comparison with other areas" in page
    rows = {row["Indicator"]: row for row in csv.DictReader(io.StringIO(
        client.get("/performance/scorecard.csv").text))}
    starts = rows["Children who started to be looked after"]
    assert (starts["Latest"], starts["England"], starts["RAG"]) == (
        "No figures yet", "Not published by DfE", "Context")
    assert starts["Source"] == "The council's own SSDA903 returns"
    assert rows["Re-referrals within 12 months"]["Source"] == "Children in need"
    # In the registry's order: the count of children in care before its rate.
    titles = list(rows)
    assert titles.index("Children looked after at the end of the period") < titles.index(
        "Children in care per 10,000")


def test_an_indicator_page_without_figures_yet(published, client_as, people):
    page = client_as(people[Role.VIEWER]).get(STARTS)
    assert page.status_code == 200
    text = html.unescape(page.content.decode())
    assert ("No figures yet: this indicator is computed from the council's own SSDA903 "
            "returns once they are loaded.") in text
    assert "No: DfE does not publish this indicator" in text
    assert "Children with an episode starting care (RNE S) in the period" in text
    assert 'href="/performance/measures/#children-starting-care"' in text


def test_a_computed_indicator_takes_targets_by_its_polarity(published, client_as, people):
    client = client_as(people[Role.ANALYST])
    year = timezone.localdate().year
    url = "/performance/indicators/cp-two-years-ended/target/"
    form = client.get(url).content.decode()
    assert "There are no figures yet." in form
    assert "Green when the figure is at most this, in %." in form  # lower is better
    response = client.post(url, {"year": year, "value": "8.5", "tolerance": "1"})
    assert response.status_code == 302
    assert Target.objects.filter(indicator__slug="cp-two-years-ended", year=year).exists()
    # A context indicator (no better direction) takes none, computed or published.
    assert client.get("/performance/indicators/children-starting-care/target/").status_code \
        == 403


@pytest.fixture
def priority(db, people):
    plan = Plan.objects.create(title="Achieving Excellence", first_year=2024)
    return Priority.objects.create(plan=plan, number=1, title="Early help",
                                   lead=people[Role.PRIORITY_LEAD])


def test_a_computed_indicator_is_linked_to_the_plan(published, client_as, people, priority):
    response = client_as(people[Role.LEADERSHIP]).post(
        "/performance/indicators/referrals/plan/", {"priorities": [priority.pk]})
    assert response.status_code == 302
    assert list(Indicator.objects.get(slug="referrals").priorities.all()) == [priority]
    page = client_as(people[Role.VIEWER]).get(f"/plan/priorities/{priority.pk}/")
    text = page.content.decode()
    assert "Referrals to children&#x27;s social care" in text and "No figures yet" in text
    filtered = client_as(people[Role.VIEWER]).get(f"/performance/?priority={priority.pk}")
    assert "Referrals to children&#x27;s social care" in filtered.content.decode()


def test_a_computed_indicator_takes_commentary(published, client_as, people):
    client = client_as(people[Role.ANALYST])
    page = client.get(STARTS).content.decode()
    assert "No commentary on this indicator has been signed off yet." in page
    commentary = client.get(f"{STARTS}commentary/")
    assert commentary.status_code == 200
    assert "Write commentary" in commentary.content.decode()
