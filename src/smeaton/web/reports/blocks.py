"""What a report is made of, once its figures are gathered: headings, paragraphs, lists,
tables and charts, as plain data.

A report's sections gather these from the live records (sections.py); the web page, Word,
PDF and Excel writers read nothing else. So an issued report, stored as its blocks (the
snapshot), is written again exactly as it was, whatever has changed since.

Each block turns into JSON and back (``dump`` and ``load``) with a ``type`` naming it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date
from typing import ClassVar, Literal

Kind = Literal["text", "number", "percent", "date"]


@dataclass(frozen=True)
class Cell:
    """A table's cell: the words a reader sees, and for a figure the number a
    spreadsheet keeps (a share as a fraction: 26.9% is 0.269)."""

    text: str
    number: float | None = None
    kind: Kind = "text"
    rag: str = ""  # a RAG value (rag.Rag): the words are in ``text``, the colour repeats them
    decimals: int = 0

    @classmethod
    def of(cls, value) -> Cell:
        return value if isinstance(value, Cell) else cls(str(value if value is not None else ""))


@dataclass(frozen=True)
class Heading:
    template: ClassVar[str] = "reports/blocks/heading.html"
    text: str
    level: int = 3  # a section's own title is level 2; the report's, level 1


@dataclass(frozen=True)
class Paragraph:
    template: ClassVar[str] = "reports/blocks/paragraph.html"
    text: str
    lead: str = ""  # words shown in bold before the text: "Risk:"


@dataclass(frozen=True)
class BulletList:
    template: ClassVar[str] = "reports/blocks/list.html"
    items: list[str]
    numbered: bool = False


@dataclass(frozen=True)
class Table:
    template: ClassVar[str] = "reports/blocks/table.html"
    caption: str
    columns: list[str]
    rows: list[list[Cell]]
    sheet: str = ""  # the Excel sheet it goes to; none for a table that is only read
    empty: str = "None."  # what to say when there are no rows

    def __post_init__(self):
        object.__setattr__(self, "rows", [[Cell.of(c) for c in row] for row in self.rows])
        for row in self.rows:
            if len(row) != len(self.columns):
                raise ValueError(f"Table “{self.caption}”: a row of {len(row)} cells under "
                                 f"{len(self.columns)} columns")

    @property
    def headers(self) -> list[tuple[str, bool]]:
        """Each column's name, and whether it holds figures (set right, as they are)."""
        return [(name, bool(self.rows) and all(row[i].kind != "text" for row in self.rows))
                for i, name in enumerate(self.columns)]


@dataclass(frozen=True)
class Bar:
    label: str
    values: list[float]  # one for each of the chart's series


@dataclass(frozen=True)
class Chart:
    """A stacked bar chart. It is always followed, where it is shown, by its figures as a
    table, and its ``alt`` says in words what it shows."""

    template: ClassVar[str] = "reports/blocks/chart.html"
    title: str
    alt: str
    series: list[str]
    colours: list[str]
    bars: list[Bar]

    def table(self) -> Table:
        """The chart's figures, for those who cannot see it and those who want the
        numbers."""
        return Table(f"The figures in the chart: {self.title}", ["", *self.series, "Total"],
                     [[bar.label, *(_count(v) for v in bar.values), _count(sum(bar.values))]
                      for bar in self.bars])


def _count(value: float) -> Cell:
    return Cell(f"{value:,.0f}", value, "number")


@dataclass(frozen=True)
class Section:
    key: str
    title: str
    blocks: list = field(default_factory=list)


@dataclass(frozen=True)
class Document:
    """A whole report as written on one day: what every writer reads."""

    title: str
    board: str
    period: str  # "Quarter 2, 2025/26 (July to September 2025)"
    council: str
    as_at: str  # the day its records were read, in ISO form
    audience: str  # "Restricted" or "For publication"
    status: str  # "Draft" or "Issued on 20 November 2025"
    illustrative: bool
    sections: list[Section]
    facts: dict = field(default_factory=dict)  # what the next report compares with

    @property
    def as_at_date(self) -> date:
        return date.fromisoformat(self.as_at)


Block = Heading | Paragraph | BulletList | Table | Chart
TYPES = {cls.__name__: cls for cls in (Heading, Paragraph, BulletList, Table, Chart)}


def dump(document: Document) -> dict:
    return {**asdict(document), "sections": [
        {"key": s.key, "title": s.title,
         "blocks": [{"type": type(block).__name__, **asdict(block)} for block in s.blocks]}
        for s in document.sections]}


def load(data: dict) -> Document:
    sections = [Section(s["key"], s["title"], [_load_block(b) for b in s["blocks"]])
                for s in data["sections"]]
    return Document(**{**data, "sections": sections})


def _load_block(data: dict) -> Block:
    data = dict(data)
    cls = TYPES[data.pop("type")]
    if cls is Table:
        data["rows"] = [[Cell(**cell) for cell in row] for row in data["rows"]]
    if cls is Chart:
        data["bars"] = [Bar(**bar) for bar in data["bars"]]
    return cls(**data)
