"""Survey results as a CSV file: its layout (docs/voice.md), read with the csv module and
checked strictly. Every problem names the file, row, column, value and reason; a file
with any problem is refused whole, so nothing is half-imported.

One row is one figure: the share of a group who answered a question a way, in a period.

    question,measure,period,group,number_responding,percentage,comparison,comparison_name
    Do you feel settled where you live?,Yes,2025,Aged 11 to 18,48,87.5,84.0,National average

Rows are counted as a spreadsheet counts them: the header is row 1.
"""

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from smeaton.analytics.spreadsheet import safe_row

COLUMNS = ["question", "measure", "period", "group", "number_responding", "percentage",
           "comparison", "comparison_name"]
REQUIRED = ["question", "measure", "period", "group", "number_responding", "percentage"]
LIMITS = {"question": 500, "measure": 300, "group": 200, "comparison_name": 200}
MOST_BYTES = 2_000_000
MOST_ROWS = 10_000
# More people than any one survey of a council's children and families asks.
MOST_RESPONDING = 1_000_000
PERIOD = re.compile(r"(?P<year>\d{4})(?:-(?P<next>\d{2}))?")

TEMPLATE_ROWS = [
    ["Do you feel settled where you live?", "Yes", "2025", "Aged 11 to 18", "48", "87.5",
     "84.0", "Bright Spots national average"],
    ["Do you feel settled where you live?", "Yes", "2025", "Aged 4 to 7", "3", "100.0", "", ""],
    ["Do you trust your social worker?", "All or most of the time", "2025", "Aged 11 to 18",
     "47", "76.6", "80.0", "Bright Spots national average"],
]


@dataclass(frozen=True)
class Problem:
    file: str
    row: int
    column: str
    value: str
    reason: str

    def __str__(self):
        """Such as: results.csv, row 3, column “percentage”: “72%” must be a number ..."""
        where = f"{self.file}, row {self.row}" if self.row else self.file
        if self.column:
            where += f", column “{self.column}”"
        value = f": “{self.value}”" if self.value else ""
        return f"{where}{value} {self.reason}"


@dataclass(frozen=True)
class Row:
    row: int
    question: str
    measure: str
    period: str
    group: str
    responding: int
    percentage: Decimal
    comparison: Decimal | None
    comparison_name: str

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.period, self.question, self.measure, self.group)


class Refused(Exception):
    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} problem{'s' if len(problems) != 1 else ''}")
        self.problems = problems


def template() -> str:
    """The layout, with example rows, for people to download and fill in."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(safe_row(COLUMNS))
    writer.writerows(safe_row(row) for row in TEMPLATE_ROWS)
    return out.getvalue()


def valid_period(value: str) -> bool:
    """2025 (a year), 2025-26 (a financial or school year, the next year's last two
    digits) or 2025-11 (a month): written so that later periods sort after earlier."""
    match = PERIOD.fullmatch(value)
    if not match:
        return False
    after = match.group("next")
    if after is None:
        return True
    number = int(after)
    return 1 <= number <= 12 or number == (int(match.group("year")) + 1) % 100


def started(value: str, today: date) -> bool:
    """Whether a valid period has begun by ``today``: 2025 and 2025-26 once 2025 has,
    2025-11 once November 2025 has."""
    match = PERIOD.fullmatch(value)
    year, after = int(match.group("year")), match.group("next")
    if after is not None and int(after) != (year + 1) % 100:
        return (year, int(after)) <= (today.year, today.month)
    return year <= today.year


def percentage(value: str, *, column: str, problem) -> Decimal | None:
    if value.endswith("%"):
        problem(column, value, "must be a number from 0 to 100 without the % sign")
        return None
    try:
        number = Decimal(value)
    except InvalidOperation:
        problem(column, value, "is not a number: write a percentage from 0 to 100, such as 72.5")
        return None
    if not number.is_finite() or not 0 <= number <= 100:
        problem(column, value, "must be a percentage from 0 to 100")
        return None
    if number.as_tuple().exponent < -1:
        problem(column, value, "has more than one decimal place: round it to one, such as 72.5")
        return None
    return number


def read(file_name: str, content: bytes, stored: set[tuple] = frozenset(),
         today: date | None = None) -> list[Row]:
    """The file's rows, checked; ``Refused`` with every problem found if any. ``stored``
    holds the (period, question, measure, group) already imported for the survey; a
    period that has not begun by ``today`` is refused."""
    today = today or date.today()
    problems: list[Problem] = []

    def whole_file(reason: str):
        raise Refused([*problems, Problem(file_name, 0, "", "", reason)])

    if not content.strip():
        whole_file("is empty: it needs a header row and at least one row of results")
    if len(content) > MOST_BYTES:
        whole_file(f"is larger than {MOST_BYTES // 1_000_000} MB")
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        whole_file("is not a CSV file saved as UTF-8: in your spreadsheet, save it as "
                   "“CSV UTF-8”")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        records = list(reader)
    except csv.Error as error:
        whole_file(f"could not be read as CSV at line {reader.line_num}: {error}")
    if not any(cell.strip() for record in records for cell in record):
        # Only a byte-order mark, or only commas: nothing once decoded.
        whole_file("is empty: it needs a header row and at least one row of results")
    header = [name.strip().lower() for name in records[0]]
    if sorted(header) != sorted(COLUMNS):
        # One problem for the whole row, not one for each column it gets wrong.
        found = ", ".join(name or "(blank)" for name in header) or "none"
        raise Refused([Problem(file_name, 1, "", "",
                               "is not the layout's header row: it must name the columns "
                               + ", ".join(COLUMNS) + "; this file's has " + found)])
    index = {name: header.index(name) for name in COLUMNS}
    body = [(number, record) for number, record in enumerate(records[1:], start=2)
            if any(cell.strip() for cell in record)]
    if not body:
        whole_file("has a header row but no results")
    if len(body) > MOST_ROWS:
        whole_file(f"has more than {MOST_ROWS} rows of results: split it into smaller files")

    rows: list[Row] = []
    first_seen: dict[tuple, int] = {}
    for number, record in body:
        row_problems: list[Problem] = []

        def problem(column, value, reason, number=number, row_problems=row_problems):
            row_problems.append(Problem(file_name, number, column, value, reason))

        if len(record) != len(header):
            problem("", "", f"has {len(record)} cells, but the header row has {len(header)}")
            problems.extend(row_problems)
            continue
        cells = {name: record[i].strip() for name, i in index.items()}
        for name in REQUIRED:
            if not cells[name]:
                problem(name, "", "is blank: every row needs a " + name.replace("_", " "))
        for name, limit in LIMITS.items():
            if len(cells[name]) > limit:
                problem(name, cells[name][:40] + "…",
                        f"is longer than {limit} characters")
        if cells["period"] and not valid_period(cells["period"]):
            problem("period", cells["period"],
                    "is not a period: write a year (2025), a financial or school year "
                    "(2025-26) or a month (2025-11)")
        elif cells["period"] and not started(cells["period"], today):
            problem("period", cells["period"],
                    "has not started yet: results can only be for a period that has begun")
        responding = None
        if cells["number_responding"]:
            if re.fullmatch(r"\d+", cells["number_responding"]):
                responding = int(cells["number_responding"])
                if responding > MOST_RESPONDING:
                    problem("number_responding", cells["number_responding"],
                            f"is more than {MOST_RESPONDING:,} people: check the figure")
                    responding = None
            else:
                problem("number_responding", cells["number_responding"],
                        "is not a whole number of people, 0 or more")
        share = (percentage(cells["percentage"], column="percentage", problem=problem)
                 if cells["percentage"] else None)
        comparison = (percentage(cells["comparison"], column="comparison", problem=problem)
                      if cells["comparison"] else None)
        if cells["comparison"] and not cells["comparison_name"]:
            problem("comparison_name", "", "is blank: say what the comparison figure is, "
                                           "such as Bright Spots national average")
        if cells["comparison_name"] and not cells["comparison"]:
            problem("comparison", "", f"is blank, but comparison_name says "
                                      f"“{cells['comparison_name']}”: give the figure or "
                                      f"leave both blank")
        if not row_problems:
            parsed = Row(number, cells["question"], cells["measure"], cells["period"],
                         cells["group"], responding, share, comparison,
                         cells["comparison_name"])
            if parsed.key in first_seen:
                problem("group", cells["group"],
                        f"repeats row {first_seen[parsed.key]}: the same question, measure, "
                        f"period and group")
            elif parsed.key in stored:
                problem("period", cells["period"],
                        "is already imported for this question, measure and group: the "
                        "survey keeps one figure for each")
            else:
                first_seen[parsed.key] = number
                rows.append(parsed)
        problems.extend(row_problems)
    if problems:
        raise Refused(problems)
    return rows
