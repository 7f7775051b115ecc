"""The CIN census: one XML message per LA and year, read as a stream, child by child.

Each child's modules become rows of flat tables (spec.CIN_LAYOUT). The reader numbers
referrals, assessments and child protection plans through the file, so the tables join
on ``referral_id``, ``assessment_id`` and ``cp_plan_id`` within one return. Memory
stays bounded by one child: each <Child> is cleared once read.

Elements of every year's structure are read (GenderCurrent to 2024, Sex from 2025,
pre-proceedings from 2026). An element Smeaton does not know, or stray text between
elements, is reported as a warning rather than dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from itertools import pairwise
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
from lxml import etree

from smeaton.analytics import parallel
from smeaton.analytics.formats.raw import RawReturn, RawTable
from smeaton.analytics.formats.spec import cin_tables
from smeaton.analytics.formats.xml import iterparse, malformed
from smeaton.analytics.problems import WARNING, Problem
from smeaton.analytics.source import Source
from smeaton.years import collection_year

# Containers inside a child, and the table each one's leaves form a row of.
GROUPS = {
    "Assessments": "cin_assessments", "CINPlanDates": "cin_plans",
    "Section47": "cin_section47", "ChildProtectionPlans": "cin_cp_plans",
    "PreProceedingsandFGDM": "cin_pre_proceedings",
}
# Repeated leaves, each its own row, inside these wrappers.
LISTS = {
    "Disabilities": ("Disability", "cin_disabilities"),
    "FactorsIdentifiedAtAssessment": ("AssessmentFactors", "cin_assessment_factors"),
    "Reviews": ("CPPreviewDate", "cin_cp_reviews"),
}
CONTAINERS = {*GROUPS, *LISTS}
PROGRESS_EVERY = 2000  # children between progress reports
PART_SIZE = 16 << 20  # bytes: a larger file is read in parts (see the end of the module)


class Reader:
    """Walks each <Child> once, appending its rows straight onto the tables' columns.

    The walk is the hot loop of a national file (half a million children), so it is
    written flat: one pass over each element's children, no copies.
    """

    def __init__(self, path: Path, first_child: int = 0):
        self.file = path.name
        self.tables = {name: RawTable.empty(spec, path.name)
                       for name, spec in cin_tables().items()}
        self.known = {name: frozenset(table.columns) for name, table in self.tables.items()}
        # Bound appends for each table's columns, links, rows and children: the per-row
        # work is then one call per cell.
        self.appenders = {
            name: ([(column, cells.append) for column, cells in table.columns.items()],
                   [(link, numbers.append) for link, numbers in table.links.items()],
                   table.rows.append, table.children.append)
            for name, table in self.tables.items()}
        self.problems: list[Problem] = []
        self.header: dict[str, str] = {}
        self.first_child = first_child  # children before this reader's part of the file
        self.children = first_child
        self.ids = {"referral_id": 0, "assessment_id": 0, "cp_plan_id": 0}

    def add(self, name: str, values: dict, path: str, child_id: str) -> None:
        columns, links, add_row, add_child = self.appenders[name]
        get = values.get
        for column, append in columns:
            append(get(column))
        for link, append in links:
            append(self.ids[link])
        add_row(path)
        add_child(child_id)
        if not self.known[name].issuperset(values):
            for column in values.keys() - self.known[name]:
                self.warn(path, child_id, column, f"<{column}> is not part of the CIN census "
                          f"{self.tables[name].spec.title}; not stored", values[column] or "")

    def warn(self, path: str, child_id: str, column: str, reason: str, value="") -> None:
        self.problems.append(Problem(self.file, "", path, column, value, reason, WARNING,
                                     child_id))

    def leaves(self, element, path: str, values: dict) -> list:
        """Put an element's leaf texts into ``values``; return its nested elements.

        Stray text (between elements, or after the last) is reported, never kept.
        """
        nested = []
        if element.text:
            self.stray(path, element.tag, element.text)
        for leaf in element:
            tag = leaf.tag
            if tag in CONTAINERS or len(leaf):
                nested.append(leaf)
            else:
                values[tag] = leaf.text
            if leaf.tail:
                self.stray(path, tag, leaf.tail)
        return nested

    def stray(self, path: str, tag: str, text: str) -> None:
        # Which child it is may not be known yet; read() fills it in.
        self.warn(path, "", tag, "stray text after this element; ignored", text.strip())

    def child(self, element) -> None:
        self.children += 1
        path = f"/Message/Children/Child[{self.children}]"
        values: dict = {}
        nested = []
        details = []
        for part in element:
            tag = part.tag
            if tag == "CINdetails":
                details.append(part)
            elif tag == "ChildIdentifiers" or tag == "ChildCharacteristics":
                nested += [(leaf, f"{path}/{tag}") for leaf in
                           self.leaves(part, f"{path}/{tag}", values)]
            else:
                self.warn(path, "", str(tag), "not part of the CIN census Child; not stored")
        child_id = (values.get("LAchildID") or "").strip()
        for leaf, where in nested:
            self.listed(leaf, where, child_id)
        for number, part in enumerate(details, start=1):
            self.referral(part, f"{path}/CINdetails[{number}]", child_id)
        self.add("cin_children", values, path, child_id)

    def referral(self, element, path: str, child_id: str) -> None:
        self.ids["referral_id"] += 1
        values = {"LAchildID": child_id}
        counts: dict[str, int] = {}
        for part in self.leaves(element, path, values):
            tag = part.tag
            counts[tag] = counts.get(tag, 0) + 1
            where = f"{path}/{tag}[{counts[tag]}]"
            if tag in GROUPS:
                self.group(part, GROUPS[tag], where, child_id)
            else:
                self.warn(where, child_id, tag, "not part of the CIN census CINdetails; "
                          "not stored")
        self.add("cin_details", values, path, child_id)

    def group(self, element, name: str, path: str, child_id: str) -> None:
        if name == "cin_assessments":
            self.ids["assessment_id"] += 1
        elif name == "cin_cp_plans":
            self.ids["cp_plan_id"] += 1
        values = {"LAchildID": child_id}
        for nested in self.leaves(element, path, values):
            self.listed(nested, path, child_id)
        self.add(name, values, path, child_id)

    def listed(self, element, path: str, child_id: str) -> None:
        tag = element.tag
        if tag not in LISTS:
            self.warn(path, child_id, tag, f"<{tag}> is not part of the CIN census; "
                      "not stored")
            return
        leaf_tag, name = LISTS[tag]
        for number, leaf in enumerate(element, start=1):
            if leaf.tag != leaf_tag or len(leaf):
                self.warn(f"{path}/{tag}", child_id, str(leaf.tag), f"only <{leaf_tag}> "
                          f"belongs in <{tag}>; not stored")
                continue
            self.add(name, {"LAchildID": child_id, leaf_tag: leaf.text},
                     f"{path}/{tag}/{leaf_tag}[{number}]", child_id)

    def walk(self, stream, progress=None) -> None:
        """Read every <Child> in the stream, letting go of each once read."""
        # Whitespace between elements is dropped as it is parsed (remove_blank_text), so
        # any text left between elements is stray.
        for _, element in iterparse(stream, tag=("Header", "Child"), remove_blank_text=True):
            if element.tag == "Header":
                self.read_header(element)
            else:
                self.child(element)
                if progress and self.children % PROGRESS_EVERY == 0:
                    progress(stream.tell())
            element.clear(keep_tail=True)
            parent = element.getparent()
            if parent is not None:
                while element.getprevious() is not None:
                    del parent[0]

    def read_header(self, element) -> None:
        for leaf in element.iter():
            if not len(leaf) and leaf.text and leaf.text.strip():
                self.header[leaf.tag] = leaf.text.strip()

    def finish(self) -> list[RawTable]:
        """The tables that have rows, as Arrow; problems found before a child's
        identifier was read are given it now."""
        self.problems = [
            problem if problem.child or not problem.row.startswith("/Message/Children/")
            else replace(problem, child=self._child_at(problem.row))
            for problem in self.problems]
        return [table.arrow() for table in self.tables.values() if len(table)]

    def _child_at(self, path: str) -> str:
        number = int(path.split("Child[", 1)[1].split("]", 1)[0]) - self.first_child
        return (self.tables["cin_children"].columns["LAchildID"][number - 1] or "").strip()


def read(path: Path, progress=None, part_size: int = PART_SIZE) -> RawReturn:
    """Read a CIN census file: one of more than two parts in parts, a process per core."""
    header, tables, problems = (_read_in_parts(path, progress, part_size)
                                or _read_whole(path, progress))
    la_code, year, doubts = collection(path.name, header)
    return RawReturn(Source.CIN, path.name, tables, la_code=la_code, year=year,
                     problems=doubts + problems, header=header)


def _read_whole(path: Path, progress) -> tuple[dict, list[RawTable], list[Problem]]:
    reader = Reader(path)
    try:
        with path.open("rb") as stream:
            reader.walk(stream, progress)
    except etree.XMLSyntaxError as error:
        raise malformed(path, error) from None
    return reader.header, reader.finish(), reader.problems


# --- A large file, in parts --------------------------------------------------------------
#
# A national file holds half a million children, and walking them in Python costs more
# than parsing them. The file is cut at <Child> tags into parts of about PART_SIZE bytes,
# each wrapped to be a message of its own and read by one process per core; the parts'
# tables are then joined in order, their join numbers shifted to follow on. The cuts are
# found by looking for the bytes "<Child>"; if a part does not parse, or holds a
# different number of children than the cut promised (a "<Child>" in a comment, say),
# the file is read again whole, which is always right and reports errors by the file's
# own line numbers.

CHILD_TAG = b"<Child>"
BLOCK = 1 << 20  # bytes scanned at a time when looking for cuts


@dataclass(frozen=True)
class Part:
    start: int  # byte offset of its first <Child>, or 0 for the first part
    end: int  # byte offset of the next part's first <Child>, or the file's size
    first_child: int  # children in the file before this part
    opening: bytes  # what makes the bytes a message: the XML declaration and open tags
    closing: bytes


@dataclass
class PartRead:
    header: dict[str, str]
    tables: list[RawTable]
    problems: list[Problem]
    children: int
    ids: dict[str, int]


def _read_in_parts(path: Path, progress, part_size: int
                   ) -> tuple[dict, list[RawTable], list[Problem]] | None:
    """The file read in parts by a process per core; None if it is small, or if its parts
    do not read cleanly (then it is read whole)."""
    workers = parallel.workers()
    size = path.stat().st_size
    if workers < 2 or size < 2 * part_size:
        return None
    # As many parts of at most part_size as keeps every worker equally busy.
    parts = _cut(path, size // (workers * -(-size // (workers * part_size))))
    if len(parts) < 2:
        return None
    results = []
    for part, result in zip(parts, parallel.ordered_map(_read_part, [path] * len(parts), parts),
                            strict=True):
        if result is None:
            return None
        results.append(result)
        if progress:
            progress(part.end)
    if any(result.children != after.first_child - part.first_child
           for result, (part, after) in zip(results, pairwise(parts), strict=False)):
        return None
    return results[0].header, _joined(results), [p for r in results for p in r.problems]


def _read_part(path: Path, part: Part) -> PartRead | None:
    """One part's tables; None if the part is not well-formed XML."""
    reader = Reader(path, first_child=part.first_child)
    try:
        with path.open("rb") as stream:
            reader.walk(_PartStream(stream, part))
    except etree.XMLSyntaxError:
        return None
    tables = reader.finish()
    return PartRead(reader.header, tables, reader.problems,
                    reader.children - part.first_child, reader.ids)


def _joined(results: list[PartRead]) -> list[RawTable]:
    """Each table's parts, end to end, with join numbers following on from part to part."""
    pieces: dict[str, list[RawTable]] = {}
    before = {link: 0 for link in results[0].ids}
    for result in results:
        for table in result.tables:
            table.links = {link: pc.add(numbers, before[link])
                           for link, numbers in table.links.items()}
            pieces.setdefault(table.spec.name, []).append(table)
        before = {link: before[link] + result.ids[link] for link in before}
    return [RawTable(
        spec=tables[0].spec, file=tables[0].file,
        columns={name: pa.concat_arrays([t.columns[name] for t in tables])
                 for name in tables[0].columns},
        rows=pa.concat_arrays([t.rows for t in tables]),
        children=pa.concat_arrays([t.children for t in tables]),
        links={link: pa.concat_arrays([t.links[link] for t in tables])
               for link in tables[0].links})
        for tables in (pieces[name] for name in cin_tables() if name in pieces)]


def _cut(path: Path, part_size: int) -> list[Part]:
    """Parts of about ``part_size`` bytes, each starting at a <Child>."""
    size = path.stat().st_size
    with path.open("rb") as stream:
        start = stream.read(1024)
        declaration = start[:start.index(b"?>") + 2] if start.startswith(b"<?xml") else b""
        stream.seek(0)
        cuts = _cuts(stream, part_size)
    opening = declaration + b"<Message><Children>"
    closing = b"</Children></Message>"
    bounds = [(0, 0), *cuts, (size, None)]
    return [Part(start, end, first_child, opening if start else b"",
                 closing if end < size else b"")
            for (start, first_child), (end, _) in pairwise(bounds)]


def _cuts(stream, part_size: int) -> list[tuple[int, int]]:
    """(offset, children before it) of the first "<Child>" after every ``part_size``
    bytes."""
    cuts, seen, offset, carry = [], 0, 0, b""
    target = part_size
    while block := stream.read(BLOCK):
        data = carry + block
        base = offset - len(carry)  # the file offset of data[0]
        while target < base + len(data):
            at = data.find(CHILD_TAG, max(0, target - base))
            if at < 0:
                break
            cuts.append((base + at, seen + data.count(CHILD_TAG, 0, at)))
            target = base + at + part_size
        # A tag split across blocks is counted once: the carry is too short to hold one.
        seen += data.count(CHILD_TAG)
        offset += len(block)
        carry = data[-(len(CHILD_TAG) - 1):]
    return cuts


class _PartStream:
    """A part's bytes as a file for lxml: its opening, the file's bytes, its closing."""

    def __init__(self, stream, part: Part):
        self.stream = stream
        self.opening = part.opening
        self.left = part.end - part.start
        self.closing = part.closing
        stream.seek(part.start)

    def read(self, size: int = -1) -> bytes:
        if self.opening:
            opening, self.opening = self.opening, b""
            return opening
        data = self.stream.read(self.left if size < 0 else min(size, self.left))
        self.left -= len(data)
        if data:
            return data
        closing, self.closing = self.closing, b""
        return closing

    def tell(self) -> int:
        return self.stream.tell()


def collection(file: str, header: dict[str, str]) -> tuple[str | None, int | None, list]:
    """The LA and collection year the message header gives, and any doubt about them.

    The collection year is the year to 31 March that holds the census reference date
    (normally that 31 March); without a reference date, the header's Year.
    """
    problems = []
    la_code = header.get("LEA")
    stated = header.get("Year")
    # Four ASCII digits: isdigit() alone lets through "²", which int() refuses.
    year = int(stated) if stated and stated.isascii() and stated.isdigit() \
        and len(stated) == 4 else None
    try:
        reference = date.fromisoformat(header.get("ReferenceDate", ""))
    except ValueError:
        reference = None
    if reference:
        ending = collection_year(reference)
        if year and year != ending:
            problems.append(Problem(file, "", "/Message/Header/CollectionDetails", "Year",
                                    stated, f"the reference date {reference} falls in the "
                                    f"collection year to 31 March {ending}; {ending} is "
                                    "used", WARNING))
        year = ending
    return la_code, year, problems


HEADER_FIELDS = ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA",
                 "SoftwareCode", "Release", "SerialNo", "DateTime")
HEADER_PATH = "/Message/Header"


def header_table(header: dict[str, str], file: str) -> pa.Table:
    """The message header as one row for DfE's rules: its fields as text, ReferenceDate
    as a date (null when it is not one), with the file and ``_row`` a flagged row needs."""
    try:
        reference = date.fromisoformat(header.get("ReferenceDate", ""))
    except ValueError:
        reference = None
    columns = {name: pa.array([header.get(name)], pa.string()) for name in HEADER_FIELDS}
    columns["ReferenceDate"] = pa.array([reference], pa.date32())
    columns["_file"] = pa.array([file], pa.string())
    columns["_path"] = pa.array([HEADER_PATH], pa.string())
    columns["_row"] = pa.array([0], pa.int64())
    return pa.table(columns)

