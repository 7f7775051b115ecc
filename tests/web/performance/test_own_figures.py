"""The council's own figures as the pages read them: month by month, beside DfE's, by
group, with small numbers suppressed for anyone without child-level access."""

from datetime import date
from decimal import Decimal

import pytest

from smeaton.analytics.indicators import BY_SLUG
from smeaton.web.accounts.models import Role
from smeaton.web.performance import own_figures
from smeaton.web.returns.models import Figure

SLUG = "re-referrals"  # a percentage broken down by sex, ethnicity and age band


def kept(period_end, breakdown="Total", group="Total", numerator=40, denominator=200,
         slug=SLUG, **fields) -> Figure:
    value = None if not denominator else round(100 * numerator / denominator, 1)
    return Figure.objects.create(
        la_code="879", indicator=slug, period_end=period_end, breakdown=breakdown,
        group=group, numerator=numerator, denominator=denominator, value=value,
        reporting_year=period_end.year if (period_end.month, period_end.day) == (3, 31)
        else None, **fields)


@pytest.fixture
def months(db):
    return [kept(date(2025, 1, 31)), kept(date(2025, 2, 28), numerator=44),
            kept(date(2025, 3, 31), numerator=50)]


def test_monthly_totals_oldest_first_with_the_years_among_them(months):
    (monthly,) = own_figures.monthly([SLUG, "referral-rate"], hide_small=True).values()

    assert [shown.period_end for shown in monthly.figures] == [f.period_end for f in months]
    assert monthly.latest.value == Decimal("25.0")
    assert list(monthly.years) == [2025]


def test_attendance_figures_stand_beside_the_academic_year_before(db):
    definition = BY_SLUG["persistent-absence"]

    assert definition.year_of(date(2025, 3, 31)) == 2024
    assert BY_SLUG[SLUG].year_of(date(2025, 3, 31)) == 2025
    assert BY_SLUG[SLUG].year_of(date(2025, 4, 30)) == 2026


def test_against_published_flags_a_difference_beyond_the_tolerance(months):
    monthly = own_figures.monthly([SLUG], hide_small=False)[SLUG]

    (within,) = own_figures.against_published(monthly, {2025: Decimal("24.0")}, Decimal("2"))
    (beyond,) = own_figures.against_published(monthly, {2025: Decimal("21.0")}, Decimal("2"))
    (unjudged,) = own_figures.against_published(monthly, {2025: Decimal("21.0")}, None)

    assert (within.difference, within.beyond_tolerance) == (Decimal("1.0"), False)
    assert (beyond.difference, beyond.beyond_tolerance) == (Decimal("4.0"), True)
    assert not unjudged.beyond_tolerance
    assert own_figures.against_published(monthly, {2024: Decimal("20")}, None) == []


def sexes(period_end, female):
    """The whole and its groups by sex, the female group of ``female`` children."""
    kept(period_end, numerator=60, denominator=300)
    kept(period_end, "Sex", "Male", numerator=60 - female - 2, denominator=150)
    kept(period_end, "Sex", "Female", numerator=female, denominator=140, differs="lower")
    kept(period_end, "Sex", "Not known", numerator=2, denominator=10)


def test_small_numbers_are_suppressed_for_anyone_without_child_level_access(db, make_user):
    sexes(date(2025, 3, 31), female=20)
    viewer, named = make_user(Role.VIEWER), make_user(Role.LEADERSHIP,
                                                       child_level_access=True)
    definition = BY_SLUG[SLUG]

    (hidden,) = own_figures.breakdowns(definition, date(2025, 3, 31),
                                       own_figures.suppressed_for(viewer))
    (seen,) = own_figures.breakdowns(definition, date(2025, 3, 31),
                                     own_figures.suppressed_for(named))

    by_group = {shown.group: shown for shown in hidden.groups}
    assert [shown.group for shown in hidden.groups] == ["Male", "Female", "Not known"]
    # 2 children is small; the next smallest numerator goes too, or 60 less the rest
    # would give it away.
    assert by_group["Not known"].suppressed and by_group["Not known"].numerator is None
    assert by_group["Female"].suppressed and by_group["Female"].value is None
    assert not by_group["Male"].suppressed and by_group["Male"].numerator == 38
    assert not hidden.total.suppressed
    assert not any(shown.suppressed for shown in seen.groups)
    assert {shown.group: shown.numerator for shown in seen.groups}["Not known"] == 2


def test_disparities_are_the_flagged_groups_of_the_latest_month(db, make_user):
    sexes(date(2025, 2, 28), female=20)
    sexes(date(2025, 3, 31), female=30)

    (disparity,) = own_figures.disparities(hide_small=False)

    assert (disparity.definition.slug, disparity.breakdown, disparity.group.group) == (
        SLUG, "Sex", "Female")
    assert disparity.group.period_end == date(2025, 3, 31)
    assert disparity.total.numerator == 60
    # Suppressed, a flag would point at the children it hides: it is not shown.
    assert own_figures.disparities(hide_small=True, period_end=date(2025, 2, 28)) == []
