"""Every cell checked, against the code list valid for its return's year.

Cell checks (type, date, code, mandatory) run column by column, remembering each
distinct text's verdict, so a national file costs one dictionary look-up per cell.
Structural checks then look across rows: duplicates, episodes that overlap or break
the chain of a period of care, plans and assessments that end before they start.

A cell that fails is an ``error`` for its field: the row is stored, with that field in
its ``failed_fields``, and measures that need the field leave the row out. A row whose
key fails (no child identifier, no episode start, ...) is rejected: not stored at all.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime

import pyarrow as pa
import pyarrow.compute as pc

from smeaton.analytics.formats.raw import RawTable
from smeaton.analytics.formats.spec import ARROW_TYPES, ATTENDANCE_CODES, Column, Table, codes
from smeaton.analytics.problems import ERROR, WARNING, Problem, cut
from smeaton.analytics.source import Source
from smeaton.years import academic_label, academic_year_from_label, collection_end

DATE_FORMATS = {Source.SSDA903: ("%d/%m/%Y", "DD/MM/YYYY"),
                Source.CIN: ("%Y-%m-%d", "YYYY-MM-DD"),
                Source.ATTENDANCE: ("%Y-%m-%d", "YYYY-MM-DD")}
DATE_SHAPES = {Source.SSDA903: re.compile(r"^\d{1,2}/\d{1,2}/\d{4}$"),
               Source.CIN: re.compile(r"^\d{4}-\d{2}-\d{2}$"),
               Source.ATTENDANCE: re.compile(r"^\d{4}-\d{2}-\d{2}$")}
EARLIEST = date(1900, 1, 1)
# Dates that may rightly lie after the collection year: a UASC status's planned end
# (an 18th birthday), an unborn child's expected birth and a conference's target date.
MAY_BE_LATER = {"DUC", "ExpectedPersonBirthDate", "InitialCPCtarget"}
# A check letter, then 11 digits, then a digit or (a temporary UPN) a letter: DfE never
# uses I, O or S for either letter, as they look like 1, 0 and 5.
UPN = re.compile(r"^[A-HJ-NP-RT-Z]\d{11}[0-9A-HJ-NP-RT-Z]$")
POSTCODE = re.compile(r"^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$")
FLAGS = {"0": "0", "1": "1", "FALSE": "0", "TRUE": "1"}
# Text fields (identifiers, a URN, an LA code) are short and printable. Line breaks,
# tabs and other control characters inside one (spaces around it are trimmed) would
# split it in reports and logs, or make one child look like two.
CONTROL = r"[\x00-\x1f\x7f-\x{9f}\x{2028}\x{2029}]"  # RE2, as Arrow's regexes are
LONGEST_TEXT = 100  # characters
LONGEST_NUMBER = 9  # digits of a whole number: sessions, scores and counts are far fewer


@dataclass
class CheckedTable:
    """A table's typed values, which fields failed on each row, and what was rejected."""

    raw: RawTable
    values: dict[str, pa.Array]  # typed, one Arrow array per column
    failed: list[set[str] | None]
    rejected: list[bool]
    problems: list[Problem] = field(default_factory=list)
    duplicates: dict[int, int] = field(default_factory=dict)  # a duplicate -> its first
    _lists: dict[str, list] = field(default_factory=dict)

    def listed(self, column: str) -> list:
        """A column's typed values as a Python list, for checks that look across rows."""
        if column not in self._lists:
            self._lists[column] = self.values[column].to_pylist()
        return self._lists[column]

    @property
    def spec(self) -> Table:
        return self.raw.spec

    def fail(self, index: int, column: str, reason: str, severity: str = ERROR,
             value: str | None = None) -> None:
        """Record a problem with one cell; an error marks the field failed on that row."""
        raw = self.raw
        if severity == ERROR and column in self.spec.key and not self.rejected[index]:
            reason += "; row not stored"
            self.rejected[index] = True
        if value is None:
            value = (raw.cell(column, index) or "").strip()
        self.problems.append(Problem(raw.file, raw.spec.name, raw.row(index), column,
                                     value, reason, severity, raw.child(index)))
        if severity == ERROR:
            if self.failed[index] is None:
                self.failed[index] = set()
            self.failed[index].add(column)

    def release(self) -> None:
        """Let go of the cells once stored as Arrow: national files are large."""
        self.values = {}
        self._lists = {}
        self.raw.columns = {}

    def failed_on(self, index: int, column: str) -> bool:
        return column in (self.failed[index] or ())

    def reject(self, index: int, column: str, reason: str) -> None:
        """Refuse a whole row; ``reason`` says so."""
        self.rejected[index] = True
        self.fail(index, column, reason)

    @property
    def rows_in(self) -> int:
        return len(self.raw) + self.raw.unreadable

    @property
    def rows_rejected(self) -> int:
        return sum(self.rejected) + self.raw.unreadable

    @property
    def rows_stored(self) -> int:
        return len(self.raw) - sum(self.rejected)


def check(raw: RawTable, year: int) -> CheckedTable:
    """Type and check every cell of a table for a return of the given collection year."""
    size = len(raw)
    checked = CheckedTable(raw, {}, [None] * size, [False] * size)
    checked.problems.extend(_out_of_year(raw, year))
    for column in raw.spec.columns:
        checked.values[column.name] = _check_column(
            checked, column, raw.columns[column.name], year)
    for key in raw.spec.key:
        blank = pc.fill_null(pc.equal(pc.utf8_trim_whitespace(raw.columns[key]), ""), True)
        for index in pc.indices_nonzero(blank).to_pylist():
            if not checked.rejected[index]:
                checked.fail(index, key, f"blank: every {raw.spec.title} row needs "
                                         f"{' and '.join(raw.spec.key)}")
    return checked


def _out_of_year(raw: RawTable, year: int) -> list[Problem]:
    """One warning for a table, or for each column, that the year's return does not have."""
    spec = raw.spec
    if not len(raw):
        return []
    if spec.first_year and year < spec.first_year:
        return [Problem(raw.file, spec.name, raw.row(0), "", "", f"the {spec.title} table "
                        f"is collected from {spec.first_year}, not in {year} "
                        "returns; stored, but check the return's year", WARNING)]
    return [Problem(raw.file, spec.name, raw.row(0), column.name, "", f"{column.name} is "
                    f"not collected in {year} returns ({_years(column)}); stored, but check "
                    "the return's year", WARNING)
            for column in spec.columns
            if not column.collected_in(year) and _any_given(raw.columns[column.name])]


def _any_given(cells: pa.Array) -> bool:
    return bool(pc.any(pc.not_equal(cells, "")).as_py())


def _years(column: Column) -> str:
    if column.first_year and column.last_year:
        return f"{column.first_year} to {column.last_year}"
    if column.first_year:
        return f"from {column.first_year}"
    return f"to {column.last_year}"


def _check_column(checked: CheckedTable, column: Column, text: pa.Array, year: int) -> pa.Array:
    """Typed values for a column; a problem for each cell that fails.

    A national file repeats the same dates and codes hundreds of thousands of times, so
    the column is dictionary-encoded in Arrow, each distinct text is judged once in
    Python, and the verdicts are spread back over the rows by Arrow (``take``).
    Identifiers (strings) are trimmed, and refused if they hold control characters or
    are too long to be one.
    """
    if column.type == "string":
        trimmed = pc.utf8_trim_whitespace(text)
        values = pc.if_else(pc.equal(trimmed, ""), pa.scalar(None, pa.string()), trimmed)
        values = _check_text(checked, column, values)
        reasons: list = []
        encoded = None
    else:
        verdict = _converter(checked.spec.source, column, year)
        encoded = text.dictionary_encode()
        verdicts = [verdict(cell.strip()) if not cell.isspace() and cell else (None, None)
                    for cell in encoded.dictionary.to_pylist()]
        typed = pa.array([value for value, _ in verdicts], ARROW_TYPES.get(column.type,
                                                                          pa.string()))
        values = typed.take(encoded.indices)
        reasons = [reason for _, reason in verdicts]
        failing = [code for code, reason in enumerate(reasons) if reason]
        if failing:
            where = pc.is_in(encoded.indices, pa.array(failing, encoded.indices.type))
            codes_at = encoded.indices
            for index in pc.indices_nonzero(where).to_pylist():
                checked.fail(index, column.name, reasons[codes_at[index].as_py()])
    if column.mandatory and column.collected_in(year) and values.null_count:
        blank = pc.is_null(values)
        if encoded is not None and any(reasons):
            blank = pc.and_(blank, pc.invert(pc.fill_null(pc.is_in(
                encoded.indices, pa.array([c for c, r in enumerate(reasons) if r],
                                          encoded.indices.type)), False)))
        for index in pc.indices_nonzero(blank).to_pylist():
            if not checked.failed_on(index, column.name):  # text refused above
                checked.fail(index, column.name, f"blank, but {column.name} must be given")
    return values


def _check_text(checked: CheckedTable, column: Column, values: pa.Array) -> pa.Array:
    """The text values, less those that fail (each a problem): with a control character
    inside, or longer than any identifier."""
    lengths = pc.utf8_length(values)
    bad = pc.fill_null(pc.or_(pc.match_substring_regex(values, CONTROL),
                              pc.greater(lengths, LONGEST_TEXT)), False)
    if not pc.any(bad).as_py():
        return values
    for index in pc.indices_nonzero(bad).to_pylist():
        length = lengths[index].as_py()
        checked.fail(index, column.name, f"{length:,} characters, more than a {column.name} "
                     f"can be ({LONGEST_TEXT})" if length > LONGEST_TEXT else
                     "holds a line break, tab or other control character")
    return pc.if_else(bad, pa.scalar(None, pa.string()), values)


def _converter(source: Source, column: Column, year: int):
    """A function from a cell's text to (typed value, reason it failed or None)."""
    if column.type == "date":
        return _date_converter(source, column, year)
    if column.type == "integer":
        return _integer_converter(column)
    if column.type == "flag":
        return lambda text: (FLAGS.get(text.upper()), None) if text.upper() in FLAGS else (
            None, f"not a valid {column.name}: use 0 or 1")
    if column.type == "postcode":
        return _postcode
    if column.type == "upn":
        unknown = (codes(Source.SSDA903, "header", "UPN", year) if source != Source.CIN
                   else frozenset())
        return lambda text: _upn(text, unknown)
    if column.type == "code":
        return _code_converter(source, column, year)
    return lambda text: (text, None)


def _date_converter(source: Source, column: Column, year: int):
    pattern, shown = DATE_FORMATS[source]
    shape = DATE_SHAPES[source]
    latest = collection_end(year) if column.name not in MAY_BE_LATER else date(9999, 12, 31)

    def convert(text: str):
        if not shape.match(text):
            return None, f"not a date in the form {shown}"
        try:
            value = datetime.strptime(text, pattern).date()
        except ValueError:
            return None, "not a real date"
        if value < EARLIEST:
            return None, "before 1900"
        if value > latest:
            return value, f"after the end of the {year} collection year (31 March {year})"
        return value, None

    return convert


def _integer_converter(column: Column):
    def convert(text: str):
        # ASCII digits: isdigit() alone lets through "²", which int() refuses.
        if not (text.isascii() and text.isdigit()):
            return None, "not a whole number"
        if len(text.lstrip("0")) > LONGEST_NUMBER:
            return None, f"more than {LONGEST_NUMBER} digits: too large to be a count"
        value = int(text)
        if column.maximum is not None and value > column.maximum:
            return None, f"more than {column.maximum}, the largest {column.name} can be"
        return value, None

    return convert


SAID_CODES = 6  # the most codes a message lists


def _code_converter(source: Source, column: Column, year: int):
    if source == Source.ATTENDANCE:
        valid = ATTENDANCE_CODES.get(column.name) or codes(Source.SSDA903, "header",
                                                           "ETHNIC", None)
        ever = valid
    else:
        table, name = column.codes
        # A field outside its years (GenderCurrent in a 2025 file) is checked against
        # every code it ever had; the file gets one warning about the year instead.
        valid = codes(source, table, name, year if column.collected_in(year) else None)
        ever = codes(source, table, name, None)

    # A short list is said in the message, so the fix is plain: "use F, M or U".
    listed = sorted(valid)
    use = (f": use {', '.join(listed[:-1])} or {listed[-1]}"
           if 1 < len(listed) <= SAID_CODES else "")

    def convert(text: str):
        code = text.upper()
        if code in valid:
            return code, None
        if code in ever:
            return code, f"{code} is not a valid {column.name} in {year} returns{use}"
        return code, f"not a valid {column.name} code{use}"

    return convert


def _postcode(text: str):
    match = POSTCODE.match(text.upper())
    if not match:
        return None, "not a UK postcode"
    return f"{match[1]} {match[2]}", None


def _upn(text: str, unknown: frozenset[str]):
    code = text.upper()
    if code in unknown or UPN.match(code):
        return code, None
    return None, ("not a UPN: a letter (not I, O or S), 11 digits, then a digit "
                  "or such a letter")


# --- Structural checks -----------------------------------------------------------------


def reject_duplicates(table: CheckedTable) -> None:
    """In a table of one row per key, a repeated key is rejected after its first row."""
    if not table.spec.unique or not len(table.raw):
        return
    key = list(table.spec.key)
    rows = pa.table({**{name: table.values[name] for name in key},
                     "row": pa.array(range(len(table.raw)), pa.int64())})
    rows = rows.filter(pc.invert(pa.array(table.rejected, pa.bool_())))
    firsts = rows.group_by(key, use_threads=False).aggregate([("row", "min")])
    repeats = rows.filter(pc.invert(pc.is_in(rows["row"], value_set=firsts["row_min"])))
    if not len(repeats):
        return
    pairs = repeats.join(firsts, key, use_threads=False)
    for index, first in sorted(zip(pairs["row"].to_pylist(), pairs["row_min"].to_pylist(),
                                   strict=True)):
        table.duplicates[index] = first
        table.reject(index, key[-1], f"a duplicate: the same {' and '.join(key)} as "
                     f"{_where(table, first)}; row not stored")


def _where(table: CheckedTable, index: int) -> str:
    row = table.raw.row(index)
    return f"row {row}" if isinstance(row, int) else row


def _shown(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else "(blank)"


def check_episodes(episodes: CheckedTable) -> None:
    """Each child's episodes, in order: they must chain into periods of care."""
    values = {name: episodes.listed(name) for name in ("CHILD", "DECOM", "DEC", "REC", "RNE")}
    by_child: dict[str, list[int]] = defaultdict(list)
    for index, child in enumerate(values["CHILD"]):
        if not episodes.rejected[index]:
            by_child[child].append(index)
    decom, dec, rec, rne = values["DECOM"], values["DEC"], values["REC"], values["RNE"]
    starts = {(values["CHILD"][i], decom[i]) for i in range(len(decom))
              if not episodes.rejected[i]}
    for indexes in by_child.values():
        indexes.sort(key=lambda i: decom[i])
        for position, index in enumerate(indexes):
            if dec[index] and dec[index] < decom[index]:
                episodes.fail(index, "DEC", f"before DECOM {_shown(decom[index])}")
            following = indexes[position + 1] if position + 1 < len(indexes) else None
            if rec[index] == "X1" and dec[index] and (
                    (values["CHILD"][index], dec[index]) not in starts):
                episodes.fail(index, "REC", "X1 says a new episode starts the same day, but "
                              f"no episode of this child starts on {_shown(dec[index])}")
            if following is None:
                continue
            if dec[index] is None or dec[index] > decom[following]:
                episodes.fail(index, "DEC", "overlaps the next episode, which starts "
                              f"{_shown(decom[following])} ({_where(episodes, following)})",
                              value=_shown(dec[index]) if dec[index] else "")
            elif (dec[index] < decom[following] or rec[index] != "X1") and (
                    rne[following] != "S"):
                ended = cut(rec[index] or "no REC", 20)
                episodes.fail(following, "RNE", "a new period of care (the last one ended "
                              f"{_shown(dec[index])}, {ended}) must start with RNE S")


def check_end_after_start(table: CheckedTable, start: str, end: str) -> None:
    begins, ends = table.values[start], table.values[end]
    for index in pc.indices_nonzero(pc.fill_null(pc.less(ends, begins), False)).to_pylist():
        if not table.rejected[index]:
            table.fail(index, end, f"before {start} {begins[index].as_py().isoformat()}")


def check_attendance(table: CheckedTable, la_code: str | None, year: int) -> None:
    values = {name: table.listed(name) for name in (
        "LA", "AcademicYear", "SessionsPossible", "SessionsAuthorised", "SessionsUnauthorised")}
    for index in range(len(table.raw)):
        if table.rejected[index]:
            continue
        if (values["LA"][index] or "") != la_code:
            table.reject(index, "LA", f"this file is for LA {la_code}; row not stored")
        elif academic_year_from_label(values["AcademicYear"][index]) != year:
            table.reject(index, "AcademicYear", f"not {academic_label(year)}, this "
                         "file's academic year, in the form 2023/24; row not stored")
        possible = values["SessionsPossible"][index]
        absent = (values["SessionsAuthorised"][index] or 0) + (
            values["SessionsUnauthorised"][index] or 0)
        if possible is not None and absent > possible:
            table.fail(index, "SessionsPossible", f"fewer than the {absent} sessions "
                       "missed")


def check_sex_given(children: CheckedTable) -> None:
    """GenderCurrent (to 2024) became Sex (2025): a child needs one or the other."""
    neither = pc.and_(pc.is_null(children.values["GenderCurrent"]),
                      pc.is_null(children.values["Sex"]))
    for index in pc.indices_nonzero(neither).to_pylist():
        if not children.failed_on(index, "Sex"):
            children.fail(index, "Sex", "blank: a child's sex must be given (GenderCurrent "
                          "to 2024, Sex from 2025)")


STRUCTURE = {
    "cin_children": check_sex_given,
    "episodes": lambda table: check_episodes(table),
    "cin_assessments": lambda table: check_end_after_start(
        table, "AssessmentActualStartDate", "AssessmentAuthorisationDate"),
    "cin_cp_plans": lambda table: check_end_after_start(table, "CPPstartDate", "CPPendDate"),
    "cin_plans": lambda table: check_end_after_start(
        table, "CINPlanStartDate", "CINPlanEndDate"),
    "cin_details": lambda table: check_end_after_start(
        table, "CINreferralDate", "CINclosureDate"),
}


def check_structure(table: CheckedTable) -> None:
    reject_duplicates(table)
    rule = STRUCTURE.get(table.spec.name)
    if rule:
        rule(table)


# The table of a child's own row, in a return that nests the child's other rows in it.
CHILD_ROWS = ("cin_children", "header")
# In an XML return, the element that holds one child's rows, from a row's XML path.
CHILD_ELEMENT = r"^(?P<child>/Message/Children/Child\[\d+\]|/EXPSSDA903/CHILD\[\d+\])(?:/|$)"


def check_return(tables: dict[str, CheckedTable]) -> None:
    """The structural checks of every table of one return. A child's own row is checked
    first, so that the rows nested in a child that was refused are refused with it,
    before their own tables are checked."""
    children = next((tables[name] for name in CHILD_ROWS if name in tables), None)
    if children is not None:
        check_structure(children)
    for table in tables.values():
        if table is children:
            continue
        if children is not None:
            reject_with_child(children, table)
        check_structure(table)


def reject_with_child(children: CheckedTable, table: CheckedTable) -> None:
    """In an XML return (the CIN census, or SSDA903 as XML), every row inside a <Child>
    (<CHILD>) whose own row was refused is refused with it: a child given twice takes its
    referrals, plans and episodes with it, which would otherwise be stored twice, and no
    one can say which child they belong to. A CSV table's rows belong to no other row."""
    xml = (pa.types.is_string(children.raw.rows.type)
           and pa.types.is_string(table.raw.rows.type))
    if not xml or not len(table.raw) or not any(children.rejected):
        return
    owners = _child_elements(children.raw.rows).to_pylist()
    refused = {owners[index]: index for index, rejected in enumerate(children.rejected)
               if rejected and owners[index]}
    elements = _child_elements(table.raw.rows)
    inside = pc.fill_null(pc.is_in(elements, value_set=pa.array(list(refused), pa.string())),
                          False)
    column = table.spec.key[0]  # the child's identifier, first in every table's key
    for index in pc.indices_nonzero(inside).to_pylist():
        if table.rejected[index]:
            continue
        child = refused[elements[index].as_py()]
        first = children.duplicates.get(child)
        why = (f"the child {children.raw.child(child)} was given twice (first at "
               f"{owners[first]})" if first is not None
               else f"the child at {owners[child]} was not stored")
        table.reject(index, column, f"refused with its child: {why}; row not stored")


def _child_elements(rows: pa.Array) -> pa.Array:
    """For each XML path, the path of the child element it is in (null if none)."""
    return pc.extract_regex(rows, CHILD_ELEMENT).field("child")
