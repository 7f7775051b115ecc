"""SSDA903, the children looked after return: its CSV tables and its XML form.

A CSV table is recognised by its set of headers, whatever the file is called and in
whatever order its columns come. The XML form (EXPSSDA903) holds the same tables
nested in each child, with a few names of its own; it is read into the same tables.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from smeaton.analytics.formats.raw import RawReturn, RawTable
from smeaton.analytics.formats.spec import Table, ssda903_tables
from smeaton.analytics.formats.text import CsvText
from smeaton.analytics.formats.xml import iterparse, malformed
from smeaton.analytics.problems import WARNING, FileProblem, Problem, cut
from smeaton.analytics.source import Source

# Columns shared by many tables, so they say nothing about which table a file is.
COMMON = {"CHILD", "DOB", "SEX"}


def identify(path: Path, headers: list[str]) -> Table:
    """The table a CSV holds, judged by its headers."""
    seen = set()
    for header in headers:
        if header in seen and header:
            raise FileProblem(path, f"the column {cut(header, 40)} appears twice in the header "
                                    "row")
        seen.add(header)
    tables = ssda903_tables().values()
    complete = [table for table in tables if table.headers <= seen]
    if complete:
        return max(complete, key=lambda table: len(table.headers))
    nearest = max(tables, key=lambda table: len((table.headers - COMMON) & seen))
    if (nearest.headers - COMMON) & seen:
        missing = ", ".join(sorted(nearest.headers - seen))
        raise FileProblem(path, f"looks like the SSDA903 {nearest.title} table but has no "
                                f"{missing} column{'s' if ',' in missing else ''}")
    shown = ", ".join(cut(header, 40) for header in headers[:20])
    raise FileProblem(path, f"unknown table: its columns ({shown}"
                            f"{', ...' if len(headers) > 20 else ''}) are not those of any "
                            "SSDA903 table, attendance file or CIN census")


def read_csv(path: Path, text: CsvText) -> RawReturn:
    table = identify(path, text.headers)
    raw = RawTable.empty(table, path.name)
    problems = text.encoding_problem(table.name)
    problems += text.extra_columns(set(table.headers), table.title)
    index = {header: position for position, header in enumerate(text.headers)}
    positions = [(name, index[name]) for name in table.names]
    before = len(problems)
    for line, cells in text.records(table.name, problems):
        raw.rows.append(line)
        for name, position in positions:
            raw.columns[name].append(cells[position])
    raw.unreadable = len(problems) - before
    raw.children = raw.columns["CHILD"]
    return RawReturn(Source.SSDA903, path.name, [raw], problems=problems)


# --- XML ----------------------------------------------------------------------------

# Where the XML names differ from the CSV headers.
XML_NAMES = {"CHILDID": "CHILD", "PL": "PLACE"}
# Groups nested in the header, each a row of a table.
XML_GROUPS = {
    "AREVIEW": "reviews", "PERMANENCE": "prev_perm", "OC2": "oc2", "OC3": "oc3",
    "AD1": "ad1", "AD_PLACED": "placed_adoption", "AMISSING": "missing",
    "SW_EPISODE": "social_worker", "SWEPISODE": "social_worker", "DOLO": "dolo",
}
# Fields of one-row tables that sit directly in the header.
XML_HEADER_FIELDS = {
    "IN_TOUCH": "oc3", "ACTIV": "oc3", "ACCOM": "oc3",
    "DATE_INT": "ad1", "DATE_MATCH": "ad1", "FOSTER_CARE": "ad1", "NB_ADOPTR": "ad1",
    "SEX_ADOPTR": "ad1", "LS_ADOPTR": "ad1", "DUC": "uasc",
}


class XmlChild:
    """One <CHILD>: its rows, table by table, gathered before they are added."""

    def __init__(self, element, number: int, file: str, problems: list[Problem]):
        self.number = number
        self.file = file
        self.problems = problems
        self.rows: list[tuple[str, str, dict[str, str | None]]] = []
        self.header: dict[str, str | None] = {}
        self.uasc_flag = None
        for part in element:
            if part.tag == "HEADER":
                self.read_header(part)
            elif part.tag == "EPISODE":
                self.add("episodes", part, self.leaves(part, "EPISODE"))
            else:
                self.unknown(part, "CHILD")

    @property
    def path(self) -> str:
        return f"/EXPSSDA903/CHILD[{self.number}]"

    def leaves(self, element, where: str) -> dict[str, str | None]:
        values = {}
        for leaf in element:
            if len(leaf):
                self.unknown(leaf, where)
            else:
                values[XML_NAMES.get(leaf.tag, leaf.tag)] = leaf.text
        return values

    def read_header(self, header) -> None:
        singles: dict[str, dict] = {}
        for part in header:
            if part.tag in XML_GROUPS:
                self.add(XML_GROUPS[part.tag], part, self.leaves(part, part.tag))
            elif len(part):
                self.unknown(part, "HEADER")
            elif part.tag in XML_HEADER_FIELDS:
                singles.setdefault(XML_HEADER_FIELDS[part.tag], {})[part.tag] = part.text
            elif part.tag == "UASC":
                self.uasc_flag = (part.text or "").strip()
            else:
                self.header[XML_NAMES.get(part.tag, part.tag)] = part.text
        self.rows.insert(0, ("header", f"{self.path}/HEADER", self.header))
        for table, values in singles.items():
            self.rows.append((table, f"{self.path}/HEADER", values))
        if self.uasc_flag == "1" and "uasc" not in singles:
            self.rows.append(("uasc", f"{self.path}/HEADER", {"DUC": None}))

    def add(self, table: str, element, values: dict) -> None:
        count = sum(1 for row in self.rows if row[0] == table) + 1
        self.rows.append((table, f"{self.path}/{element.tag}[{count}]", values))

    def unknown(self, element, where: str) -> None:
        self.problems.append(Problem(
            self.file, "", f"{self.path}", element.tag, "",
            f"<{element.tag}> is not part of the SSDA903 {where}; not stored", WARNING))


def read_xml(path: Path) -> RawReturn:
    tables = {name: RawTable.empty(spec, path.name) for name, spec in ssda903_tables().items()}
    problems: list[Problem] = []
    number = 0
    try:
        for _, element in iterparse(path, tag="CHILD"):
            number += 1
            child = XmlChild(element, number, path.name, problems)
            inherited = {key: child.header.get(key) for key in ("CHILD", "DOB", "SEX")}
            for table, where, values in child.rows:
                raw = tables[table]
                row = {**inherited, **values} if table != "header" else values
                for name, column in raw.columns.items():
                    column.append(row.get(name))
                raw.rows.append(where)
                raw.children.append(inherited["CHILD"] or "")
                for name in row.keys() - raw.columns.keys() - {"SEX", "DOB"}:
                    problems.append(Problem(path.name, table, where, name, row[name] or "",
                                            f"not a field of the {raw.spec.title} table; "
                                            "not stored", WARNING, inherited["CHILD"] or ""))
            element.clear(keep_tail=True)
    except etree.XMLSyntaxError as error:
        raise malformed(path, error) from None
    return RawReturn(Source.SSDA903, path.name, [t for t in tables.values() if len(t)],
                     problems=problems)
