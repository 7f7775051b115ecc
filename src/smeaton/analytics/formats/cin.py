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

from dataclasses import replace
from datetime import date
from pathlib import Path

from lxml import etree

from smeaton.analytics.formats.raw import RawReturn, RawTable
from smeaton.analytics.formats.spec import CIN, cin_tables
from smeaton.analytics.formats.xml import iterparse, malformed
from smeaton.analytics.problems import WARNING, Problem

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


class Reader:
    """Walks each <Child> once, appending its rows straight onto the tables' columns.

    The walk is the hot loop of a national file (half a million children), so it is
    written flat: one pass over each element's children, no copies.
    """

    def __init__(self, path: Path):
        self.file = path.name
        self.tables = {name: RawTable.empty(spec, path.name)
                       for name, spec in cin_tables().items()}
        for table in self.tables.values():
            table.links = {link: [] for link in table.spec.links}
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
        self.children = 0
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
        text = element.text
        if text and not text.isspace():
            self.stray(path, element.tag, text)
        for leaf in element:
            tag = leaf.tag
            if tag in CONTAINERS or len(leaf):
                nested.append(leaf)
            else:
                values[tag] = leaf.text
            tail = leaf.tail
            if tail and not tail.isspace():
                self.stray(path, tag, tail)
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

    def read_header(self, element) -> None:
        for leaf in element.iter():
            if not len(leaf) and leaf.text and leaf.text.strip():
                self.header[leaf.tag] = leaf.text.strip()

    def finish(self) -> list[RawTable]:
        """The tables that have rows; problems found before a child's identifier was
        read are given it now."""
        self.problems = [
            problem if problem.child or not problem.row.startswith("/Message/Children/")
            else replace(problem, child=self._child_at(problem.row))
            for problem in self.problems]
        return [table for table in self.tables.values() if len(table)]

    def _child_at(self, path: str) -> str:
        number = int(path.split("Child[", 1)[1].split("]", 1)[0])
        return (self.tables["cin_children"].columns["LAchildID"][number - 1] or "").strip()


def read(path: Path, progress=None) -> RawReturn:
    reader = Reader(path)
    try:
        with path.open("rb") as stream:
            for _, element in iterparse(stream, tag=("Header", "Child")):
                if element.tag == "Header":
                    reader.read_header(element)
                else:
                    reader.child(element)
                    if progress and reader.children % PROGRESS_EVERY == 0:
                        progress(stream.tell())
                element.clear(keep_tail=True)
                parent = element.getparent()
                if parent is not None:
                    while element.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as error:
        raise malformed(path, error) from None
    la_code, year, problems = collection(path.name, reader.header)
    return RawReturn(CIN, path.name, reader.finish(), la_code=la_code, year=year,
                     problems=problems + reader.problems)


def collection(file: str, header: dict[str, str]) -> tuple[str | None, int | None, list]:
    """The LA and collection year the message header gives, and any doubt about them.

    The collection year is the year to 31 March that holds the census reference date
    (normally that 31 March); without a reference date, the header's Year.
    """
    problems = []
    la_code = header.get("LEA")
    stated = header.get("Year")
    year = int(stated) if stated and stated.isdigit() else None
    try:
        reference = date.fromisoformat(header.get("ReferenceDate", ""))
    except ValueError:
        reference = None
    if reference:
        ending = reference.year + (reference.month > 3)
        if year and year != ending:
            problems.append(Problem(file, "", "/Message/Header/CollectionDetails", "Year",
                                    stated, f"the reference date {reference} falls in the "
                                    f"collection year to 31 March {ending}; {ending} is "
                                    "used", WARNING))
        year = ending
    return la_code, year, problems
