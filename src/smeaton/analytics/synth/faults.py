"""Realistic faults, put into synthetic returns on request, each one written down.

With ``--errors RATE``, each row of a CSV table, and each referral of a CIN census, is
given one fault with that chance: an invalid code, an impossible date, a required field
left blank, a duplicated row (in a table of one row per key), or an episode that
overlaps the next one. ``faults.tsv`` in the LA's folder lists every fault (file, row as
``smeaton ingest`` reports it, column, kind), so that the checks can be measured for
how many they find. It is tab-separated so that ``smeaton ingest`` passes over it.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from smeaton.analytics.formats.spec import Table

INVALID_CODE, IMPOSSIBLE_DATE = "invalid code", "impossible date"
MISSING, DUPLICATE, OVERLAP = "missing field", "duplicate row", "overlapping episodes"
KINDS = (INVALID_CODE, IMPOSSIBLE_DATE, MISSING, DUPLICATE, OVERLAP)
FIELDS = ("file", "row", "column", "kind")


@dataclass(frozen=True)
class Fault:
    file: str  # relative to the LA's folder: 2025/episodes.csv
    row: int | str  # the CSV line, or the XML path of the element
    column: str
    kind: str


def csv_rows(rows: list[dict], table: Table, year: int, file: str, rate: float,
             rng: random.Random, date_format: str) -> tuple[list[dict], list[Fault]]:
    """The rows with faults put in, and the faults (rows numbered as lines of the CSV,
    the header being line 1)."""
    if rate <= 0:
        return rows, []
    kinds = _kinds(table)
    required = [c.name for c in table.columns if c.mandatory and c.collected_in(year)]
    out: list[dict] = []
    faults: list[Fault] = []
    following = _following_episodes(rows) if table.name == "episodes" else {}
    for index, row in enumerate(rows):
        row = dict(row)
        kind = rng.choice(kinds) if rng.random() < rate else None
        if kind and index in following and rng.random() < 0.5:
            kind = OVERLAP  # only an episode with another after it can overlap
        elif kind == OVERLAP and index not in following:
            kind = MISSING
        if kind == DUPLICATE:
            out += [row, dict(row)]
            faults.append(Fault(file, len(out) + 1, table.key[-1], DUPLICATE))
            continue
        if kind:
            column = _spoil(row, table, kind, rng, date_format, following.get(index),
                            required)
            if column:
                faults.append(Fault(file, len(out) + 2, column, kind))
        out.append(row)
    return out, faults


def _kinds(table: Table) -> list[str]:
    kinds = [MISSING]
    if any(column.type == "code" for column in table.columns):
        kinds.append(INVALID_CODE)
    if any(column.type == "date" for column in table.columns):
        kinds.append(IMPOSSIBLE_DATE)
    if table.unique:
        kinds.append(DUPLICATE)
    if table.name == "episodes":
        kinds.append(OVERLAP)
    return kinds


def _spoil(row: dict, table: Table, kind: str, rng: random.Random, date_format: str,
           following: dict | None, required: list[str]) -> str | None:
    """Put one fault of ``kind`` into ``row``; the column it is in."""
    if kind == OVERLAP and following:
        start = datetime.strptime(following["DECOM"], date_format)
        row["DEC"] = (start + timedelta(days=rng.randint(1, 20))).strftime(date_format)
        return "DEC"
    if kind == INVALID_CODE:
        column = rng.choice([c.name for c in table.columns if c.type == "code"])
        row[column] = "ZZ9"
        return column
    if kind == IMPOSSIBLE_DATE:
        column = rng.choice([c.name for c in table.columns if c.type == "date"])
        row[column] = date_format.replace("%d", "31").replace("%m", "02").replace(
            "%Y", "2023")
        return column
    mandatory = [name for name in required if row.get(name)]
    if not mandatory:
        return None
    column = rng.choice(mandatory)
    row[column] = ""
    return column


def _following_episodes(rows: list[dict]) -> dict[int, dict]:
    """For each episode that has one, the same child's next episode."""
    by_child: dict[str, list[int]] = {}
    for index, row in enumerate(rows):
        by_child.setdefault(row["CHILD"], []).append(index)
    following = {}
    for indexes in by_child.values():
        for this, after in zip(indexes, indexes[1:], strict=False):
            if rows[this]["DEC"] and rows[this]["DEC"] == rows[after]["DECOM"]:
                following[this] = rows[after]
    return following


def write_manifest(faults: list[Fault], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(FIELDS)
        writer.writerows((f.file, f.row, f.column, f.kind) for f in faults)


def read_manifest(path: Path) -> list[Fault]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Fault(row["file"], int(row["row"]) if row["row"].isdigit() else row["row"],
                      row["column"], row["kind"])
                for row in csv.DictReader(handle, delimiter="\t")]
