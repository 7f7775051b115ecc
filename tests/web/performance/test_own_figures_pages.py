"""The council's own figures on the pages: an indicator's month by month against its
targets and by group, and the equalities page of every group that differs from the
whole; small numbers hidden, and the children behind a figure linked, by who is asking."""

from datetime import date
from decimal import Decimal

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.performance.models import Indicator, Target
from smeaton.web.returns.models import Figure
from tests.web.performance.test_own_figures import SLUG, kept, sexes

PAGE = f"/performance/indicators/{SLUG}/"
EQUALITIES = "/performance/equalities/"
LATEST = date(2025, 3, 31)


@pytest.fixture
def figures(db):
    """Re-referrals for four months to 31 March 2025, against a 2024-25 target of 21%
    (lower is better, amber within 1 point), and by sex in March."""
    kept(date(2024, 12, 31), numerator=50)  # 25.0%: red
    kept(date(2025, 1, 31))  # 20.0%: green
    kept(date(2025, 2, 28), numerator=44)  # 22.0%: amber
    sexes(LATEST, female=20)  # the whole 60 of 300, 20.0%: green
    Figure.objects.filter(period_end=LATEST, breakdown="Total").update(
        lower=15.9, upper=24.9, note="Covers 11 of the 12 months: April 2024's return is "
                                     "not loaded.")
    Figure.objects.filter(period_end=LATEST, group="Female").update(lower=9.5, upper=21.1)
    Target.objects.create(indicator=Indicator.objects.get(slug=SLUG), year=2025,
                          value=Decimal("21"), tolerance=Decimal("1"))


@pytest.fixture
def viewer(make_user):
    return make_user(Role.VIEWER)


@pytest.fixture
def named(make_user):
    """A leader named for child-level access: sees small numbers and the children."""
    return make_user(Role.LEADERSHIP, child_level_access=True)


def text_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def row_of(text: str, heading: str) -> str:
    """The table row whose header cell is ``heading``."""
    start = text.index(f'<th scope="row" class="govuk-table__header">{heading}</th>')
    return text[start:text.index("</tr>", start)]


def test_the_latest_figure_against_its_target_with_its_counts_interval_and_note(
        published, figures, client_as, viewer):
    text = text_of(client_as(viewer), PAGE)

    assert "Our figures from the returns" in text
    assert "20.0% for the 12 months to 31 March 2025" in text
    assert "Target for 2024/25: 21.0%; amber within 1.0 percentage points of it." in text
    summary = text[text.index("Our figures from the returns"):text.index("Month by month")]
    assert '<strong class="govuk-tag govuk-tag--green">Green</strong>' in summary
    assert "60 of 300 referrals in the period" in text
    assert "15.9% to 24.9%" in text
    assert "Covers 11 of the 12 months: April 2024&#x27;s return is not loaded." in text
    assert "How DfE's published figure differs" in text
    # DfE's published figures still follow, under their own heading.
    assert "Published by DfE: Plymouth in 2024/25" in text


def test_every_month_is_charted_and_tabled_against_its_years_target(
        published, figures, client_as, viewer):
    text = text_of(client_as(viewer), PAGE)

    assert 'aria-label="Re-referrals within 12 months: the council&#x27;s own figure' in text
    assert "Our figures month by month (4 month ends)" in text
    for month, figure, rag in [("31 December 2024", "25.0%", "Red"),
                               ("31 January 2025", "20.0%", "Green"),
                               ("28 February 2025", "22.0%", "Amber"),
                               ("31 March 2025", "20.0%", "Green")]:
        row = row_of(text, month)
        assert figure in row and f">{rag}</strong>" in row


def test_a_viewer_sees_c_for_small_groups_and_no_children(published, figures, client_as,
                                                             viewer):
    text = text_of(client_as(viewer), PAGE)

    assert "Re-referrals within 12 months by sex, 12 months to 31 March 2025" in text
    assert "<strong>c</strong>: fewer than 5 children, or a figure that would reveal one" in text
    female, not_known = row_of(text, "Female"), row_of(text, "Not known")
    assert '<td class="govuk-table__cell">c</td>' in female and "14.3%" not in female
    assert "Lower than the whole" not in text  # a flag would point at the children hidden
    assert '<td class="govuk-table__cell">c</td>' in not_known
    assert "25.3%" in row_of(text, "Male")
    assert "See the children behind this figure" not in text
    assert "/children/" not in text


def test_a_named_leader_sees_every_number_the_flag_and_the_children(
        published, figures, client_as, named):
    text = text_of(client_as(named), PAGE)

    female = row_of(text, "Female")
    assert "14.3%" in female and "9.5% to 21.1%" in female
    assert '<strong class="govuk-tag govuk-tag--blue">Lower than the whole</strong>' in female
    assert "c</td>" not in text and "fewer than 5 children" not in text
    assert "20.0%" in row_of(text, "Not known")
    assert ("/children/?indicator=re-referrals&amp;period=2025-03-31&amp;group=Sex%3A+Female"
            in female)
    # The whole, in the summary and in the table's first row.
    assert text.count('/children/?indicator=re-referrals&amp;period=2025-03-31"') == 2


@pytest.mark.parametrize(("period", "message"), [
    ("not-a-date", "Choose a month end from the list"),
    ("2019-01-31", "There are no figures for the 12 months to 31 January 2019"),
    ("2025-02-30", "Choose a month end from the list"),
])
def test_a_period_that_cannot_be_shown_says_so_and_shows_the_latest(
        published, figures, client_as, viewer, period, message):
    text = text_of(client_as(viewer), f"{PAGE}?period={period}")

    assert f'<span class="govuk-visually-hidden">Error:</span> {message}' in text
    assert "by sex, 12 months to 31 March 2025" in text


def test_an_earlier_period_shows_its_own_groups(published, figures, client_as, named):
    text = text_of(client_as(named), f"{PAGE}?period=2025-02-28")

    assert '<option value="2025-02-28" selected>28 February 2025</option>' in text
    assert "No groups are kept for the 12 months to 28 February 2025." in text
    assert "govuk-error-message" not in text
    # The latest figure at the top stays the latest.
    assert "20.0% for the 12 months to 31 March 2025" in text


def test_an_indicator_computed_only_shows_its_figures_instead_of_none_yet(
        published, db, client_as, viewer):
    Figure.objects.create(la_code="879", indicator="children-starting-care",
                          period_end=LATEST, reporting_year=2025, breakdown="Total",
                          group="Total", numerator=212, value=212, lower=184.6, upper=242.8)

    text = text_of(client_as(viewer), "/performance/indicators/children-starting-care/")

    assert "No figures yet" not in text
    assert "212 for the 12 months to 31 March 2025" in text
    assert "212 children with an episode starting care" in text
    assert "185 to 243" in text  # a count, to no decimal places
    assert "Against target" not in text  # a context indicator
    assert "This indicator is not broken down by group." not in text  # it is, by sex and age


def test_an_indicator_without_own_figures_shows_no_section(published, client_as, viewer):
    text = text_of(client_as(viewer), PAGE)
    assert "Our figures from the returns" not in text


# --- Equalities -------------------------------------------------------------------------


def test_equalities_lists_each_flagged_group_with_the_whole(db, figures, client_as, named):
    text = text_of(client_as(named), EQUALITIES)

    assert "Wilson's score interval" in text
    assert "at least 20 children" in text
    assert f'<a class="govuk-link" href="{PAGE}">Re-referrals within 12 months</a>, 12 months ' \
           "to 31 March 2025" in text
    female = row_of(text, "Sex: Female")
    for shown in ("14.3%", "9.5% to 21.1%", "20.0%", "Lower than the whole",
                  "group=Sex%3A+Female"):
        assert shown in female
    assert "Male" not in text.split("<tbody", 1)[1]


def test_equalities_hides_flags_on_suppressed_groups(db, figures, client_as, viewer):
    text = text_of(client_as(viewer), EQUALITIES)

    assert "Sex: Female" not in text
    assert "No group differs from the whole for the 12 months to 31 March 2025" in text
    assert "suppressed for you and not listed" in text


def test_equalities_for_an_earlier_month_and_a_bad_one(db, figures, client_as, named):
    client = client_as(named)

    earlier = text_of(client, f"{EQUALITIES}?period=2025-02-28")
    bad = text_of(client, f"{EQUALITIES}?period=2025-13-01")

    assert "No group differs from the whole for the 12 months to 28 February 2025" in earlier
    assert "Choose a month end from the list" in bad and "Sex: Female" in bad


def test_equalities_without_figures_says_how_they_come(db, client_as, viewer, make_user):
    analyst = make_user(Role.ANALYST, child_level_access=True)

    for_viewer = text_of(client_as(viewer), EQUALITIES)
    for_analyst = text_of(client_as(analyst), EQUALITIES)

    assert "No figures yet: an analyst uploads the returns" in for_viewer
    assert "/returns/upload/" not in for_viewer
    assert 'href="/returns/upload/">upload returns</a>' in for_analyst


def test_the_scorecard_links_to_equalities(published, client_as, viewer):
    assert f'href="{EQUALITIES}">Equalities</a>' in text_of(client_as(viewer), "/performance/")
