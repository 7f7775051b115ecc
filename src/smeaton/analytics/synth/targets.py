"""What each LA published, year by year: the figures its synthetic returns reproduce.

Read from the DfE extracts Smeaton ships (published/data): children looked after,
starts and ceases with the 0-17 population (cla_number_and_rate), referrals and
re-referrals (C1), child protection plans at 31 March (D5) and second or subsequent
plans (D3), placement stability, and absence from LAIT (an academic year ending in the
summer of the year it is filed under, so LAIT 2025 is 2024/25).

A figure DfE suppressed or did not publish for an LA and year is filled, and the fill
is recorded in ``Targets.filled``: from the same LA's nearest year that has it, else
from England's figure (a percentage as it is; a count at England's rate per child).
Years after the latest published one take the latest.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cache

from smeaton.analytics.published.areas import DATA, current_authorities

EES = DATA / "ees"
ENGLAND = "England"


@dataclass(frozen=True)
class Share:
    """A published percentage, kept as the count it came from where DfE gives one."""

    count: int | None
    of: int | None
    percent: float

    @classmethod
    def of_counts(cls, count: int, of: int) -> Share:
        return cls(count, of, 100 * count / of if of else 0.0)


@dataclass(frozen=True)
class Targets:
    """One LA's published figures for one year (the year to 31 March; attendance: the
    academic year ending that summer)."""

    la_code: str
    year: int
    population: int  # aged 0 to 17, ONS mid-year estimate DfE used for the year's rates
    cla_at_end: int  # children looked after at 31 March
    cla_starts: int  # children who started to be looked after in the year
    cla_ceased: int  # children who ceased to be looked after in the year
    placements_3plus: Share  # of those looked after at 31 March, 3 or more placements
    long_term_stability: Share  # under 16, looked after 2.5 years: same carer 2 years
    referrals: int
    rereferrals: Share  # referrals within 12 months of a previous one
    cp_at_end: int  # children on a child protection plan at 31 March
    cp_subsequent: Share  # plans started that were a second or subsequent plan
    absence_overall: float  # % of sessions missed, all pupils
    absence_persistent: float  # % of pupils missing 10% or more
    filled: dict[str, str] = field(default_factory=dict)  # figure -> where it came from


def targets(la_code: str, year: int) -> Targets:
    """The figures for ``la_code`` (three-digit DfE code) in ``year``."""
    figures = _figures()
    if la_code not in figures["cla_at_end"] and la_code not in _names():
        raise KeyError(f"{la_code} is not the code of an English LA")
    filled: dict[str, str] = {}

    def value(name: str):
        found, source = _pick(figures[name], la_code, year, name)
        if source:
            filled[name] = source
        return found

    population = value("population")
    return Targets(
        la_code, year, int(population), int(value("cla_at_end")), int(value("cla_starts")),
        int(value("cla_ceased")), value("placements_3plus"), value("long_term_stability"),
        int(value("referrals")), value("rereferrals"), int(value("cp_at_end")),
        value("cp_subsequent"), value("absence_overall"), value("absence_persistent"),
        filled)


def authorities() -> list[str]:
    """Every current English LA's code, in code order."""
    return sorted(area.code for area in current_authorities())


def _pick(series: dict, la_code: str, year: int, name: str):
    """The LA's figure for the year, or the fill and where it came from."""
    own = series.get(la_code, {})
    if year in own:
        return own[year], ""
    if own:
        nearest = min(own, key=lambda known: (abs(known - year), -known))
        return own[nearest], f"{la_code} {nearest}"
    england = series[ENGLAND]
    nearest = year if year in england else min(england, key=lambda known: abs(known - year))
    if name in COUNTS:  # England's rate per child, at this LA's population
        population, _ = _pick(_figures()["population"], la_code, year, "population")
        rate = england[nearest] / _figures()["population"][ENGLAND][nearest]
        return round(rate * population), f"England {nearest}, per child"
    if isinstance(england[nearest], Share):  # England's percentage, not its counts
        return Share(None, None, england[nearest].percent), f"England {nearest}"
    return england[nearest], f"England {nearest}"


COUNTS = {"cla_at_end", "cla_starts", "cla_ceased", "referrals", "cp_at_end"}
CLA_MEASURES = {
    "Children looked after on 31 March each year": "cla_at_end",
    "Children starting to be looked after each year": "cla_starts",
    "Children ceasing to be looked after each year": "cla_ceased",
}


@cache
def _names() -> dict[str, str]:
    return {area.code: area.name for area in current_authorities()}


@cache
def _figures() -> dict[str, dict[str, dict[int, object]]]:
    """figure -> area (LA code or "England") -> year -> value."""
    figures: dict[str, dict[str, dict[int, object]]] = defaultdict(lambda: defaultdict(dict))
    for row in _rows("cla_number_and_rate_per_10k_children.csv"):
        name = CLA_MEASURES.get(row["population_type"])
        if name:
            _put(figures, name, row, _number(row["children_count"]))
            _put(figures, "population", row, _number(row["population_estimate"]))
    for row in _rows("c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"):
        referrals, again = _number(row["referral_count"]), _number(row["rereferral_count"])
        _put(figures, "referrals", row, referrals)
        if referrals and again is not None:
            _put(figures, "rereferrals", row, Share.of_counts(int(again), int(referrals)))
    for row in _rows("d5_cpps_at31march_by_duration_2013_to_2025.csv"):
        _put(figures, "cp_at_end", row, _number(row["CPP_At31"]))
    for row in _rows("d3_cpps_subsequent_plan_2013_to_2025.csv"):
        started, again = _number(row["CPP_start"]), _number(row["CPP_subsequent"])
        if started and again is not None:
            _put(figures, "cp_subsequent", row, Share.of_counts(int(again), int(started)))
    _stability(figures)
    _absence(figures)
    return figures


def _stability(figures) -> None:
    totals: dict[tuple, dict[str, float | None]] = defaultdict(dict)
    for row in _rows("la_cla_placement_stability.csv"):
        totals[_area(row), int(row["time_period"]), row["cla_group"]][
            row["placement_stability"]] = _number(row["children_count"])
    wanted = {
        "CLA on 31 March": ("placements_3plus", "With 3 or more placements during the year"),
        "Children looked after continuously for at least 2.5 years on 31 March aged under "
        "16 years": ("long_term_stability", "Living with the same carer for at least 2 years"),
    }
    for (area, year, group), counts in totals.items():
        if group in wanted and area:
            name, numerator = wanted[group]
            count, total = counts.get(numerator), counts.get("Total children")
            if count is not None and total:
                figures[name][area][year] = Share.of_counts(int(count), int(total))


def _absence(figures) -> None:
    names = {"TotAbs": "absence_overall", "TotPerAbNew": "absence_persistent"}
    with open(DATA / "lait.csv", encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            name = names.get(row["Short Desc"])
            value = _number(row["Values"])
            if name and value is not None:
                area = ENGLAND if row["LA Number"] == "970" else row["LA Number"]
                figures[name][area][int(row["Years"][:4])] = value


def _rows(file: str):
    with open(EES / file, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["geographic_level"] in ("National", "Local authority"):
                yield row


def _area(row: dict) -> str:
    return ENGLAND if row["geographic_level"] == "National" else row["old_la_code"]


def _put(figures, name: str, row: dict, value) -> None:
    if value is not None:
        figures[name][_area(row)][int(row["time_period"])] = value


def _number(text: str | None) -> float | None:
    """A published cell as a number; None for DfE's symbols (c, x, z, low, -, ...)."""
    try:
        return float((text or "").replace(",", ""))
    except ValueError:
        return None

