"""The ONS mid-year estimates of children aged 0 to 17 in each LA, that rates per 10,000
divide by (shipped in data/population, as DfE publishes them)."""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

FILE = (Path(__file__).parent / "data" / "population"
        / "ons_mid-year_population_estimates_2012_to_2024.csv")


@cache
def estimates() -> dict[str, dict[int, int]]:
    """Each LA's (old_la_code) estimate by mid-year."""
    by_la: dict[str, dict[int, int]] = {}
    with FILE.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            value = row["population_estimate"]
            if row["geographic_level"] == "Local authority" and value.isdigit():
                by_la.setdefault(row["old_la_code"], {})[int(row["time_period"])] = int(value)
    return by_la


def children(la_code: str, year: int) -> tuple[int, int] | None:
    """The LA's 0-17 population at mid-``year`` and the year it is for: the latest
    published year when ``year`` is not yet published (the earliest, before the first).
    None for an LA without estimates."""
    years = estimates().get(la_code)
    if not years:
        return None
    used = year if year in years else max((y for y in years if y <= year), default=min(years))
    return years[used], used
