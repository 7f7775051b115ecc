"""The council's, DfE's and schools' years, said once for both rooms."""

from datetime import date

import pytest

from smeaton import years


@pytest.mark.parametrize(("day", "start"), [
    (date(2025, 3, 31), 2024),
    (date(2025, 4, 1), 2025),
    (date(2025, 1, 1), 2024),
    (date(2024, 12, 31), 2024),
])
def test_the_councils_year_runs_april_to_march_and_is_named_by_its_start(day, start):
    assert years.year_of(day) == start
    assert years.first_day(start) <= day <= years.last_day(start)
    assert years.collection_year(day) == start + 1  # DfE names the same year by its end


def test_a_years_first_and_last_days():
    assert (years.first_day(2024), years.last_day(2024)) == (date(2024, 4, 1),
                                                             date(2025, 3, 31))
    assert (years.collection_start(2025), years.collection_end(2025)) == (date(2024, 4, 1),
                                                                          date(2025, 3, 31))
    assert years.academic_start(2024) == date(2023, 9, 1)


def test_labels_as_the_sector_writes_them():
    assert years.year_label(2024) == "2024/25"
    assert years.year_label(2099) == "2099/00"
    assert years.year_label(1999) == "1999/00"
    assert years.academic_label(2024) == "2023/24"
    assert years.period_label(2024, 2027) == "2024-27"
    assert years.period_label(2098, 2101) == "2098-01"


@pytest.mark.parametrize(("text", "year"), [
    ("2023/24", 2024), (" 2023/24 ", 2024), ("1999/00", 2000), ("2023/25", None),
    ("2023-24", None), ("23/24", None), ("", None), (None, None),
])
def test_an_academic_year_is_read_from_its_label(text, year):
    assert years.academic_year_from_label(text) == year


def test_every_day_of_a_century_is_in_the_year_whose_days_hold_it():
    day = date(2000, 1, 1)
    while day < date(2100, 1, 1):
        start = years.year_of(day)
        assert years.first_day(start) <= day <= years.last_day(start)
        end = years.collection_year(day)
        assert years.collection_start(end) <= day <= years.collection_end(end)
        day = date.fromordinal(day.toordinal() + 1)
