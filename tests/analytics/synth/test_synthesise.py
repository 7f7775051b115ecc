"""Synthetic returns: readable with no rejections, the same for the same seed, and
calibrated to the LA's published figures, counted straight from the files."""

import csv
import hashlib
from collections import defaultdict
from datetime import date, datetime
from functools import cache

import pytest
from lxml import etree

from smeaton.analytics.ingest import ingest
from smeaton.analytics.synth import synthesise
from smeaton.analytics.synth.calibration import tolerance
from smeaton.analytics.synth.targets import targets
from tests.analytics.ingest.conftest import by_rule

YEAR, YEARS = 2025, 6


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("synth")
    return {code: synthesise(code, YEAR, YEARS, 7, out) for code in ("879", "330", "857")}


@pytest.mark.parametrize("la_code", ["879", "330", "857"])
def test_every_return_loads_with_nothing_rejected_and_passes_every_dfe_rule(written, la_code,
                                                                          tmp_path):
    result = ingest([written[la_code].folder], tmp_path / "store")
    assert {(s.year, s.table) for s in result.summaries} >= {
        (year, table) for year in range(2020, 2026)
        for table in ("header", "episodes", "reviews", "oc2", "oc3", "uasc", "cin_children",
                      "cin_details", "cin_assessments", "cin_section47", "cin_cp_plans")}
    assert all(s.rows_in == s.rows_stored > 0 for s in result.summaries)
    assert [p for p in result.problems if not by_rule(p)] == []
    assert sorted({(p.rule, p.year) for p in result.problems if by_rule(p)}) == []
    assert [s.code for s in result.rules if s.skipped.startswith("could not run")] == []


def test_the_same_seed_writes_the_same_files(written, tmp_path):
    again = synthesise("857", YEAR, YEARS, 7, tmp_path)
    other = synthesise("857", YEAR, YEARS, 8, tmp_path / "other")
    digest = lambda files: [hashlib.sha256(f.read_bytes()).hexdigest()  # noqa: E731
                            for f in files]
    assert digest(again.files) == digest(written["857"].files)
    assert digest(other.files) != digest(again.files)


# --- Counting the files, as MEASURES.md defines the figures ---------------------------


def day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def minus(on: date, years: int = 0, months: int = 0) -> date:
    month = on.year * 12 + on.month - 1 - years * 12 - months
    year, month = divmod(month, 12)
    for last in (31, 30, 29, 28):
        try:
            return date(year, month + 1, min(on.day, last))
        except ValueError:
            pass
    raise AssertionError


@cache
def episodes(folder) -> dict[tuple, dict]:
    """Every episode of every year's return; the latest return's copy wins."""
    found = {}
    for year in range(YEAR - YEARS + 1, YEAR + 1):
        with open(folder / str(year) / "episodes.csv", newline="") as handle:
            for row in csv.DictReader(handle):
                found[row["CHILD"], row["DECOM"]] = {
                    **row, "DECOM": day(row["DECOM"]), "DEC": day(row["DEC"])}
    return found


@cache
def births(folder) -> dict[str, date]:
    with open(folder / str(YEAR) / "header.csv", newline="") as handle:
        found = {row["CHILD"]: day(row["DOB"]) for row in csv.DictReader(handle)}
    for year in range(YEAR - YEARS + 1, YEAR):
        with open(folder / str(year) / "header.csv", newline="") as handle:
            found.update({row["CHILD"]: day(row["DOB"]) for row in csv.DictReader(handle)})
    return found


def counted(folder, year: int) -> dict[str, float]:
    end, start = date(year, 3, 31), date(year - 1, 3, 31)
    by_child = defaultdict(list)
    for episode in episodes(folder).values():
        by_child[episode["CHILD"]].append(episode)
    born = births(folder)
    in_care, starts, ceased, three, eligible, stable = set(), set(), set(), 0, 0, 0
    for child, rows in by_child.items():
        rows.sort(key=lambda row: row["DECOM"])
        for row in rows:
            if row["RNE"] == "S" and start < row["DECOM"] <= end:
                starts.add(child)
            if row["DEC"] and start < row["DEC"] <= end and row["REC"] != "X1":
                ceased.add(child)
        now = [r for r in rows if r["DECOM"] <= end and (not r["DEC"] or r["DEC"] > end)]
        if not now:
            continue
        in_care.add(child)
        overlapping = [r for r in rows if r["DECOM"] <= end and (not r["DEC"] or r["DEC"] > start)
                       and r["PLACE"][:1] != "T" and r["DEC"] != r["DECOM"]]
        placements = sum(1 for i, r in enumerate(overlapping)
                         if i == 0 or r["RNE"] in ("P", "T", "U", "B"))
        three += placements >= 3
        period = [now[0]]  # the current period: back along episodes joined end to start
        while True:
            before = [r for r in rows if r["DEC"] == period[0]["DECOM"]]
            if not before:
                break
            period.insert(0, before[0])
        age = end.year - born[child].year - ((end.month, end.day) < (born[child].month,
                                                                     born[child].day))
        if age < 16 and period[0]["DECOM"] <= minus(end, months=30):
            eligible += 1
            carer = period[0]["DECOM"]
            for index, row in enumerate(period):
                # A placement for adoption keeps the start of the carer before it.
                adoption = row["PLACE"] in ("A3", "A4", "A5", "A6")
                if row["RNE"] in ("S", "P", "B") and not (adoption and index):
                    carer = row["DECOM"]
            stable += carer <= minus(end, years=2)
    return {"cla_at_end": len(in_care), "cla_starts": len(starts),
            "cla_ceased": len(ceased), "placements_3plus": 100 * three / len(in_care),
            "long_term_stability": 100 * stable / eligible if eligible else 0.0}


@pytest.mark.parametrize("la_code", ["879", "330", "857"],
                         ids=["Plymouth", "Birmingham", "Rutland"])
def test_children_looked_after_match_the_las_published_figures(written, la_code):
    """Counts within 5%, percentages within 2 points (2 children where the published
    count is under 40), in every year whose figure DfE published for the LA."""
    folder = written[la_code].folder
    for year in range(YEAR - YEARS + 1, YEAR + 1):
        aimed, got = targets(la_code, year), counted(folder, year)
        for name in ("cla_at_end", "cla_starts", "cla_ceased"):
            if name in aimed.filled:
                continue
            published = getattr(aimed, name)
            assert abs(got[name] - published) <= tolerance(published), (
                year, name, got[name], published)
        for name in ("placements_3plus", "long_term_stability"):
            if name in aimed.filled:
                continue
            published = getattr(aimed, name)
            assert abs(got[name] - published.percent) <= tolerance(published), (
                year, name, got[name], published.percent)


@cache
def in_need(folder) -> tuple[set, dict]:
    """Every referral (child, date) and every plan by (child, start) in every year's
    census; for a plan in several, the latest census's copy wins."""
    found, plans = set(), {}
    for year in range(YEAR - YEARS + 1, YEAR + 1):
        tree = etree.parse(str(folder / str(year) / "cin_census.xml"))
        for child in tree.iter("Child"):
            child_id = child.findtext("ChildIdentifiers/LAchildID")
            for details in child.iter("CINdetails"):
                found.add((child_id, date.fromisoformat(details.findtext("CINreferralDate"))))
            for plan in child.iter("ChildProtectionPlans"):
                begun = date.fromisoformat(plan.findtext("CPPstartDate"))
                plans[child_id, begun] = (
                    date.fromisoformat(plan.findtext("CPPendDate") or "9999-12-31"),
                    int(plan.findtext("NumberOfPreviousCPP")))
    return found, plans


def counted_in_need(folder, year: int) -> dict[str, float]:
    end, start = date(year, 3, 31), date(year - 1, 3, 31)
    found, plans = in_need(folder)
    by_child = defaultdict(list)
    for (child, referred) in found:
        by_child[child].append(referred)
    in_year = [(child, day) for child, day in found if start < day <= end]
    again = sum(1 for child, day in in_year
                if any(minus(day, years=1) <= other < day for other in by_child[child]))
    open_at_end = {child for (child, begun), (ended, _) in plans.items()
                   if begun <= end < ended}
    started = [(child, begun, previous) for (child, begun), (_, previous) in plans.items()
               if start < begun <= end]
    subsequent = sum(1 for child, begun, previous in started if previous >= 1 or any(
        other < begun for (who, other) in plans if who == child))
    return {"referrals": len(in_year), "rereferrals": 100 * again / len(in_year),
            "cp_at_end": len(open_at_end),
            "cp_subsequent": 100 * subsequent / len(started) if started else 0.0}


@pytest.mark.parametrize("la_code", ["879", "330", "857"],
                         ids=["Plymouth", "Birmingham", "Rutland"])
def test_children_in_need_match_the_las_published_figures(written, la_code):
    folder = written[la_code].folder
    for year in range(YEAR - YEARS + 1, YEAR + 1):
        aimed, got = targets(la_code, year), counted_in_need(folder, year)
        for name in ("referrals", "cp_at_end"):
            published = getattr(aimed, name)
            assert abs(got[name] - published) <= tolerance(published), (
                year, name, got[name], published)
        for name in ("rereferrals", "cp_subsequent"):
            published = getattr(aimed, name)
            assert abs(got[name] - published.percent) <= tolerance(published), (
                year, name, got[name], published.percent)


def counted_absence(folder, year: int) -> dict[str, float]:
    """Per enrolment (pupil and school) over the year's terms, pupils 5 to 15."""
    possible, absent = defaultdict(int), defaultdict(int)
    august = date(year - 1, 8, 31)
    with open(folder / str(year) / "attendance.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            born = date.fromisoformat(row["DOB"])
            age = august.year - born.year - ((born.month, born.day) > (8, 31))
            if 5 <= age <= 15:
                key = row["PupilID"], row["URN"]
                possible[key] += int(row["SessionsPossible"])
                absent[key] += int(row["SessionsAuthorised"]) + int(row["SessionsUnauthorised"])
    enrolments = [key for key in possible if possible[key] > 0]
    persistent = sum(1 for key in enrolments if absent[key] / possible[key] >= 0.10)
    return {"absence_persistent": 100 * persistent / len(enrolments),
            "absence_overall": 100 * sum(absent.values()) / sum(possible.values()),
            "pupils": len(enrolments)}


@pytest.mark.parametrize("la_code", ["879", "330", "857"],
                         ids=["Plymouth", "Birmingham", "Rutland"])
def test_persistent_absence_matches_the_las_published_figure(written, la_code):
    for year in range(YEAR - YEARS + 1, YEAR + 1):
        aimed, got = targets(la_code, year), counted_absence(written[la_code].folder, year)
        assert abs(got["absence_persistent"] - aimed.absence_persistent) <= 2.0, (
            year, got, aimed.absence_persistent)
        assert abs(got["absence_overall"] - aimed.absence_overall) <= 1.0, (
            year, got, aimed.absence_overall)
        assert abs(got["pupils"] - aimed.population * 11 / 18) <= 0.05 * aimed.population


def test_the_checks_find_the_faults_put_in_on_request(tmp_path):
    """Every format fault in the manifest, found by a check on its file, row and column
    (the breaches of DfE's rules: tests/analytics/synth/test_faults.py)."""
    from smeaton.analytics.synth.faults import FORMAT_KINDS, KINDS, read_manifest

    written = synthesise("879", YEAR, YEARS, 7, tmp_path / "out", errors=0.01)
    everything = read_manifest(written.folder / "faults.tsv")
    assert {fault.kind for fault in everything} == set(KINDS)
    assert len(everything) == len(written.injected) > 1000
    manifest = [fault for fault in everything if fault.kind in FORMAT_KINDS]
    found = set()
    for year in range(YEAR - YEARS + 1, YEAR + 1):
        result = ingest([written.folder / str(year)], tmp_path / f"store{year}")
        found |= {(f"{year}/{p.file}", str(p.row), p.column) for p in result.problems}
    missed = [f for f in manifest if (f.file, str(f.row), f.column) not in found]
    assert len(missed) <= 0.01 * len(manifest), missed[:5]
