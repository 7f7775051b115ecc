"""The kinds of published file Smeaton reads, and how each becomes observations.

A file is recognised by its columns, never its name, so a newer release of the same
DfE file loads the same way. Columns are matched by name, whatever their order or case.
Every problem is reported with the file, row and column; a file with any problem is
refused whole, so nothing half-read is ever stored.
"""

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from smeaton.analytics import problems as ingest_problems
from smeaton.analytics.formats.text import records
from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.problems import cut, one_line

from .areas import AREAS, ENGLAND, LOCAL_AUTHORITY, REGION, SUB_REGION, area_for_lait_number
from .cells import CellError, parse_period, parse_value

MAX_PROBLEMS_SHOWN = 20


@dataclass(frozen=True)
class Observation:
    indicator: str  # slug
    area: str  # Smeaton's area code: old_la_code, E12... region or E92000001
    year: int
    value: Decimal | None
    symbol: str = ""
    count: Decimal | None = None  # the numerator, where the file gives it


@dataclass(frozen=True)
class Problem:
    file: str
    row: int  # as a spreadsheet numbers it: the header is row 1
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return (f"{one_line(self.file)}, row {self.row}, column {one_line(cut(self.column, 60))} "
                f"({cut(self.value, 60)!r}): {self.reason}")


class PublishedFileError(Exception):
    """A file Smeaton cannot load; ``problems`` name every bad cell found."""

    def __init__(self, message: str, problems: list[Problem] | None = None):
        self.problems = problems or []
        lines = [message, *(f"  {problem}" for problem in self.problems[:MAX_PROBLEMS_SHOWN])]
        if len(self.problems) > MAX_PROBLEMS_SHOWN:
            lines.append(f"  ... and {len(self.problems) - MAX_PROBLEMS_SHOWN} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Output:
    """One indicator taken from a kind of EES file: the rows that hold it and its columns."""

    indicator: str
    value: str
    count: str = ""
    where: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Kind:
    name: str
    title: str
    columns: frozenset[str]  # the columns that identify the kind (lower case)
    outputs: tuple[Output, ...] = ()
    lait: dict[str, str] = field(default_factory=dict)  # LAIT Short Desc -> indicator

    @property
    def indicators(self) -> list[str]:
        return [output.indicator for output in self.outputs] + list(self.lait.values())


EES_GEOGRAPHY = {"time_period", "time_identifier", "geographic_level", "country_code"}

KINDS = (
    Kind(
        "ees-cla-numbers", "Children looked after: numbers and rates per 10,000",
        frozenset(EES_GEOGRAPHY | {"population_type", "children_count", "rate_per_10000"}),
        (Output("children-in-care-rate", "rate_per_10000", "children_count",
                {"population_type": "Children looked after on 31 March each year"}),),
    ),
    Kind(
        "ees-placement-stability", "Children looked after: placement stability",
        frozenset(EES_GEOGRAPHY | {"cla_group", "placement_stability", "children_percent"}),
        (
            Output("placement-moves", "children_percent", "children_count",
                   {"cla_group": "CLA on 31 March",
                    "placement_stability": "With 3 or more placements during the year"}),
            Output("long-term-stability", "children_percent", "children_count",
                   {"cla_group": "Children looked after continuously for at least 2.5 years "
                                 "on 31 March aged under 16 years",
                    "placement_stability": "Living with the same carer for at least 2 years"}),
        ),
    ),
    Kind(
        # Activity and accommodation are two files with the same columns; each file's
        # rows say which of the two indicators it holds.
        "ees-care-leavers", "Care leavers: activity, or suitability of accommodation",
        frozenset(EES_GEOGRAPHY | {"care_leaver_age", "breakdown", "care_leaver_percent"}),
        (
            Output("care-leavers-eet", "care_leaver_percent", "care_leaver_count",
                   {"care_leaver_age": "19 to 21 years",
                    "breakdown": "Total in education, employment or training"}),
            Output("care-leavers-accommodation", "care_leaver_percent", "care_leaver_count",
                   {"care_leaver_age": "19 to 21 years",
                    "breakdown": "Accommodation considered suitable"}),
        ),
    ),
    Kind(
        "ees-cin-referrals", "Children in need: referrals and re-referrals",
        frozenset(EES_GEOGRAPHY | {"referral_count", "rereferral_count", "rereferral_percent"}),
        (Output("re-referrals", "rereferral_percent", "rereferral_count"),),
    ),
    Kind(
        "ees-cpp-subsequent", "Child protection plans: second or subsequent plans",
        frozenset(EES_GEOGRAPHY | {"cpp_start", "cpp_subsequent", "cpp_subsequent_percent"}),
        (Output("cp-second-plan", "cpp_subsequent_percent", "cpp_subsequent"),),
    ),
    Kind(
        "ees-cpp-duration", "Child protection plans at 31 March by duration",
        frozenset(EES_GEOGRAPHY | {"cpp_at31", "2_years_or_more", "2_years_or_more_percent"}),
        (Output("cp-two-years", "2_years_or_more_percent", "2_years_or_more"),),
    ),
    Kind(
        "ees-workforce", "Children's social work workforce",
        frozenset(EES_GEOGRAPHY | {"agency_rate_fte", "turnover_rate_fte", "vacancy_rate_fte",
                                   "caseload_fte"}),
        (
            Output("agency-social-workers", "agency_rate_fte", "agency_fte"),
            Output("social-worker-turnover", "turnover_rate_fte", "leavers_fte"),
            Output("social-worker-vacancies", "vacancy_rate_fte", "vacancy_fte"),
            Output("caseload", "caseload_fte", "cases"),
        ),
    ),
    Kind(
        "lait", "Local authority interactive tool (LAIT)",
        frozenset({"short desc", "years", "values", "la number"}),
        lait={
            "CPP_Total_Rateper10,000": "referral-rate",
            "Continue_Assess_Comp": "assessments-45-days",
            "CPP_rate": "cp-plan-rate",
            "SEN_EHC_All_20wks": "ehcp-20-weeks",
            "TotAbs": "overall-absence",
            "TotPerAbNew": "persistent-absence",
            "TotSevPerAbNew": "severe-absence",
            "16-17_not known_NEET": "neet-not-known",
            "KS2RWM_Expected_STD": "ks2-expected-standard",
            "AVG_Attain8_Score": "attainment-8",
        },
    ),
)


@dataclass
class Reading:
    """What one file gave: its kind, its observations and how its rows were used."""

    path: Path
    kind: Kind
    observations: list[Observation]
    rows_read: int
    rows_used: int
    sha256: str  # of the file's bytes, for the catalogue of loads


def read(path: Path) -> Reading:
    """Read one published file; raise PublishedFileError naming every problem."""
    path = Path(path)
    if not path.is_file():
        raise PublishedFileError(f"{path} does not exist or is not a file.")
    data = path.read_bytes()
    broken: list[ingest_problems.Problem] = []  # rows the CSV reader could not read
    header, rows = _open(path.name, data, broken)
    kind = recognise(path.name, header)
    columns = {name.strip().lower(): index for index, name in enumerate(header)}
    reader = _read_lait if kind.lait else _read_ees
    observations, problems, rows_read, rows_used = reader(path.name, kind, columns, rows)
    problems = [Problem(path.name, problem.row, problem.column or "(the row)", problem.value,
                        problem.reason) for problem in broken] + problems
    problems += _duplicates(path.name, observations)
    if problems:
        raise PublishedFileError(
            f"{path.name} was not loaded: {len(problems)} problem(s). Nothing was changed.",
            problems,
        )
    return Reading(path, kind, [obs for obs, _ in observations], rows_read, rows_used,
                   hashlib.sha256(data).hexdigest())


def recognise(file: str, header: list[str]) -> Kind:
    names = {name.strip().lower() for name in header}
    matches = [kind for kind in KINDS if kind.columns <= names]
    if not matches:
        known = "; ".join(kind.title for kind in KINDS)
        shown = ", ".join(one_line(cut(str(name), 40)) for name in header[:8])
        raise PublishedFileError(
            f"{one_line(file)} is not a kind of published file Smeaton knows. Its columns "
            f"({shown}{', ...' if len(header) > 8 else ''}) match none of: {known}."
        )
    return max(matches, key=lambda kind: len(kind.columns))


Row = tuple[int, list[str]]


def _open(name: str, data: bytes, broken: list) -> tuple[list[str], Iterator[Row]]:
    """The header and the rows, each (row number, cells). A CSV row the reader cannot
    read (a quote left open: no cell of these files holds a line break) goes to
    ``broken`` instead."""
    if name.lower().endswith(".parquet"):
        return _open_parquet(name, data)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as problem:
        raise PublishedFileError(
            f"{one_line(name)} is not UTF-8 text (byte {problem.start} cannot be read); DfE "
            "publishes CSV files in UTF-8."
        ) from None
    lines = io.StringIO(text, newline="")
    first = lines.readline()
    header = next(records([first], name, "", [], broken), (1, []))[1]
    if broken:
        raise PublishedFileError(f"{one_line(name)}: the header row has a quote that is "
                                 "not closed in the row.")
    if not header:
        raise PublishedFileError(f"{one_line(name)} is empty.")
    return header, records(lines, name, "", header, broken, start=2)


def _open_parquet(name: str, data: bytes) -> tuple[list[str], Iterator[Row]]:
    import pyarrow.parquet as pq

    try:
        table = pq.read_table(io.BytesIO(data))
    except Exception as problem:  # pyarrow raises several types for a damaged file
        raise PublishedFileError(f"{name} cannot be read as Parquet: {problem}") from None
    columns = [table.column(name).to_pylist() for name in table.column_names]

    def text(value) -> str:
        if isinstance(value, float) and value.is_integer():
            return str(int(value))  # LAIT stores LA numbers as 879.0
        return "" if value is None else str(value)

    rows = ([text(v) for v in row] for row in zip(*columns, strict=True))
    return table.column_names, enumerate(rows, start=2)


def _read_ees(file, kind, columns, rows):
    missing = sorted({c for output in kind.outputs for c in (output.value, output.count)
                      if c} - columns.keys())
    if missing:
        raise PublishedFileError(f"{file} has no column {', '.join(missing)}.")
    found, problems, rows_read, rows_used = [], [], 0, 0
    for number, row in rows:
        rows_read += 1
        cell = _cells(row, columns)
        outputs = [o for o in kind.outputs if all(cell(c) == v for c, v in o.where.items())]
        if not outputs:
            continue
        areas = _ees_areas(file, number, cell, problems)
        if not areas:
            continue
        rows_used += 1
        period = _period(file, number, "time_period", cell("time_period"), problems)
        for output in outputs:
            value = _value(file, number, output.value, cell(output.value), problems)
            count = _value(file, number, output.count, cell(output.count), problems)
            if period and value:
                found += [(Observation(output.indicator, area, period.year, value.value,
                                       value.symbol, count.value if count else None), number)
                          for area in areas]
    return found, problems, rows_read, rows_used


def _read_lait(file, kind, columns, rows):
    found, problems, rows_read, rows_used = [], [], 0, 0
    for number, row in rows:
        rows_read += 1
        cell = _cells(row, columns)
        indicator = kind.lait.get(cell("short desc"))
        if indicator is None:
            continue
        rows_used += 1
        area = area_for_lait_number(cell("la number"))
        if area is None:
            problems.append(Problem(file, number, "LA Number", cell("la number"),
                                    "is not an LA, region or England code that Smeaton knows"))
            continue
        period = _period(file, number, "Years", cell("years"), problems)
        value = _value(file, number, "Values", cell("values"), problems)
        if period and value:
            found.append((Observation(indicator, area, period.year, value.value, value.symbol),
                          number))
    return found, problems, rows_read, rows_used


def _cells(row: list[str], columns: dict[str, int]):
    def cell(name: str) -> str:
        index = columns.get(name.lower())
        return row[index].strip() if index is not None and index < len(row) else ""

    return cell


def _ees_areas(file, number, cell, problems) -> list[str]:
    """The areas a row is about; none if its geography is one Smeaton does not use."""
    level = cell("geographic_level")
    if level == "National":
        return [ENGLAND]
    if level == "Regional":
        code = cell("region_code")
        if code in AREAS and AREAS[code].level in (REGION, SUB_REGION):
            return [code]
        problems.append(Problem(file, number, "region_code", code, "is not a region code"))
    elif level == "Local authority":
        # LAs that share a children's service make one workforce return, coded
        # "940 / 941": the figure is each of theirs.
        codes = [code.strip() for code in cell("old_la_code").split("/")]
        if all(code in AREAS and AREAS[code].level == LOCAL_AUTHORITY for code in codes):
            return codes
        problems.append(Problem(file, number, "old_la_code", cell("old_la_code"),
                                "is not an English LA code that Smeaton knows"))
    return []  # other geographies (such as parliamentary constituencies) are not used


def _period(file, number, column, text, problems):
    try:
        return parse_period(text)
    except CellError as problem:
        problems.append(Problem(file, number, column, text, str(problem)))
        return None


def _value(file, number, column, text, problems):
    if not column:
        return None
    try:
        return parse_value(text)
    except CellError as problem:
        problems.append(Problem(file, number, column, text, str(problem)))
        return None


def _duplicates(file, observations) -> list[Problem]:
    seen, problems = {}, []
    for observation, number in observations:
        key = (observation.indicator, observation.area, observation.year)
        if key in seen:
            problems.append(Problem(
                file, number, "time_period", str(observation.year),
                f"repeats row {seen[key]}: {BY_SLUG[observation.indicator].title} for "
                f"{AREAS[observation.area].name} in {observation.year} appears twice",
            ))
        else:
            seen[key] = number
    return problems
