"""The figures the web app keeps after a load: which periods, and what each row holds."""

from datetime import date

import pytest

from smeaton.analytics.ingest import ingest
from smeaton.analytics.measures.series import MONTHS, periods_kept, series
from smeaton.analytics.synth import synthesise


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    out = tmp_path_factory.mktemp("series")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMEATON_HOME", str(out / "home"))
        patch.delenv("SMEATON_PSEUDONYM_KEY", raising=False)
        ingest([synthesise("857", 2025, 4, 3, out / "returns").folder], out / "store")
        yield out / "store"


def test_36_month_ends_up_to_the_last_the_returns_reach_and_every_year_held(store):
    ends = [period.end for period in periods_kept(store, "857", date(2026, 12, 6))]
    months = [end for end in ends if end >= date(2022, 4, 30)]
    assert len(months) == MONTHS and months[0] == date(2022, 4, 30)
    assert ends[-1] == date(2025, 3, 31)  # the end of the latest return held
    # Every reporting year held, before the months too: 2022 to 2025.
    assert [end for end in ends if (end.month, end.day) == (3, 31)] == [
        date(2022, 3, 31), date(2023, 3, 31), date(2024, 3, 31), date(2025, 3, 31)]
    assert ends == sorted(set(ends))


def test_months_stop_before_today_when_the_return_is_of_the_year_so_far(store):
    ends = [period.end for period in periods_kept(store, "857", date(2024, 11, 15))]
    assert ends[-1] == date(2024, 10, 31)
    assert date(2025, 3, 31) not in ends


def test_only_months_the_returns_wholly_cover_are_kept(store):
    """The 36 months to October 2024 begin in November 2021, but no return is held for
    2020/21: the 12 months to any month end before March 2022 reach into it."""
    ends = [period.end for period in periods_kept(store, "857", date(2024, 11, 15))]
    assert ends[0] == date(2022, 3, 31)
    assert date(2022, 2, 28) not in ends and date(2022, 4, 30) in ends


def test_an_la_with_no_returns_keeps_nothing(store):
    assert periods_kept(store, "879", date(2026, 12, 6)) == []
    assert series(store, "879", date(2026, 12, 6)) == []


def test_each_row_has_its_interval_and_difference(store):
    rows = series(store, "857", date(2026, 12, 6))
    assert {row["period_end"] for row in rows} == {
        period.end for period in periods_kept(store, "857", date(2026, 12, 6))}
    headline = next(row for row in rows if (row["measure_id"], row["breakdown"],
                                            row["period_end"]) ==
                    ("placement-moves", "Total", date(2025, 3, 31)))
    assert headline["lower"] <= headline["value"] <= headline["upper"]
    assert {row["differs"] for row in rows} <= {"", "higher", "lower"}
