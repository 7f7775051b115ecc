"""School attendance, in the CSV layout docs/statutory-data.md sets out.

One row per pupil per school per term. A file holds one LA's pupils for one academic
year (the terms so far); its partition year is the year the academic year ends in
(2023/24 -> 2024).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from smeaton.analytics.formats.raw import RawReturn, RawTable
from smeaton.analytics.formats.spec import attendance_table
from smeaton.analytics.formats.text import CsvText
from smeaton.analytics.problems import WARNING, FileProblem, Problem
from smeaton.analytics.source import Source
from smeaton.years import academic_year_from_label

OPTIONAL = {"SUSPENSIONS"}


def recognises(headers: list[str]) -> bool:
    return "SESSIONSPOSSIBLE" in headers


def read(path: Path, text: CsvText) -> RawReturn:
    table = attendance_table()
    index = {header: position for position, header in enumerate(text.headers)}
    missing = [column.name for column in table.columns
               if column.name.upper() not in index and column.name.upper() not in OPTIONAL]
    if missing:
        raise FileProblem(path, "looks like an attendance file but has no "
                                + ", ".join(missing) + " column" + "s" * (len(missing) > 1))
    raw = RawTable.empty(table, path.name)
    problems = text.encoding_problem(table.name)
    problems += text.extra_columns(set(table.headers), table.name)
    before = len(problems)
    for line, cells in text.records(table.name, problems):
        raw.rows.append(line)
        for column in table.columns:
            position = index.get(column.name.upper())
            raw.columns[column.name].append(None if position is None else cells[position])
    raw.unreadable = len(problems) - before
    raw.children = raw.columns["PupilID"]
    la_code = _most_common(raw.columns["LA"])
    year = academic_year_from_label(_most_common(raw.columns["AcademicYear"]))
    if len(set(raw.columns["LA"])) > 1 or len(set(raw.columns["AcademicYear"])) > 1:
        problems.append(Problem(path.name, table.name, 1, "LA", la_code or "", "the file "
                                "holds more than one LA or academic year; rows of others "
                                "are rejected", WARNING))
    return RawReturn(Source.ATTENDANCE, path.name, [raw], la_code=la_code, year=year,
                     problems=problems)


def _most_common(values: list[str | None]) -> str | None:
    counts = Counter((value or "").strip() for value in values if (value or "").strip())
    return counts.most_common(1)[0][0] if counts else None
