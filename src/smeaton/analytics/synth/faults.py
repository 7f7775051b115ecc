"""Realistic faults, put into synthetic returns on request, each one written down.

With ``--errors RATE``, each row of a CSV table, and each referral of a CIN census, is
given one fault with that chance: an invalid code, an impossible date, a required field
left blank, a duplicated row (in a table of one row per key), an episode that overlaps
the next one, or a breach of one of DfE's validation rules: two fields of a row that
disagree (cross-field), a row that disagrees with another table (cross-table: a child
not in the header, a date of birth not the header's) or with last year's return
(cross-year: the first episode not matching the one open at last 31 March); in a CIN
census, a referral closed with no reason given (cross-field) or dated long before the
child's birth (cross-table).
``faults.tsv`` in the LA's folder lists every fault (file, row as ``smeaton ingest``
reports it, column, kind, and the code of the DfE rule it should trip, where Smeaton
declares one for a format fault), so that the checks and rules can be measured for how
many they find. It is tab-separated so that ``smeaton ingest`` passes over it.
"""

from __future__ import annotations

import csv
import random
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path

from dateutil.relativedelta import relativedelta

from smeaton.analytics.formats.spec import Table
from smeaton.analytics.rules import rules_for
from smeaton.analytics.source import Source
from smeaton.years import collection_start

INVALID_CODE, IMPOSSIBLE_DATE = "invalid code", "impossible date"
MISSING, DUPLICATE, OVERLAP = "missing field", "duplicate row", "overlapping episodes"
FORMAT_KINDS = (INVALID_CODE, IMPOSSIBLE_DATE, MISSING, DUPLICATE, OVERLAP)
CROSS_FIELD, CROSS_TABLE, CROSS_YEAR = "cross-field", "cross-table", "cross-year"
KINDS = (*FORMAT_KINDS, CROSS_FIELD, CROSS_TABLE, CROSS_YEAR)
FIELDS = ("file", "row", "column", "kind", "rule")


@dataclass(frozen=True)
class Fault:
    file: str  # relative to the LA's folder: 2025/episodes.csv
    row: int | str  # the CSV line, or the XML path of the element
    column: str
    kind: str
    rule: str = ""  # the DfE rule it should trip, where one is known


@dataclass(frozen=True)
class Breach:
    """A fault that breaks one of DfE's validation rules: for rows it ``fits`` (given the
    collection year), ``spoil`` changes ``column`` (and perhaps others) so that it does."""

    rule: str
    kind: str
    column: str
    fits: Callable[[dict, int], bool]
    spoil: Callable[[dict, int, random.Random], None]


def csv_rows(rows: list[dict], table: Table, year: int, file: str, rate: float,
             rng: random.Random, date_format: str) -> tuple[list[dict], list[Fault]]:
    """The rows with faults put in, and the faults (rows numbered as lines of the CSV,
    the header being line 1)."""
    if rate <= 0:
        return rows, []
    kinds = _kinds(table)
    required = [c.name for c in table.columns if c.mandatory and c.collected_in(year)]
    breaches = BREACHES.get(table.name, ())
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
        fitting = [b for b in breaches if b.fits(row, year)] if kind else []
        if fitting and rng.random() < 0.5:
            breach = rng.choice(fitting)
            breach.spoil(row, year, rng)
            faults.append(Fault(file, len(out) + 2, breach.column, breach.kind, breach.rule))
        elif kind:
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
        writer.writerows((f.file, f.row, f.column, f.kind, f.rule) for f in faults)


def read_manifest(path: Path) -> list[Fault]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Fault(row["file"], int(row["row"]) if row["row"].isdigit() else row["row"],
                      row["column"], row["kind"], row["rule"])
                for row in csv.DictReader(handle, delimiter="\t")]


def with_rules(faults: list[Fault]) -> list[Fault]:
    """The format faults of CSV tables given the code of the DfE rule whose format checks
    find them, where Smeaton declares one for that field and year."""
    carried: dict[tuple[int, str, str, str], str] = {}
    for year in {int(fault.file.split("/", 1)[0]) for fault in faults}:
        for rule in rules_for(Source.SSDA903, year):
            for kind in FORMAT_RULE_KINDS.get(rule.format, ()):
                for flag in rule.flags:
                    table, column = flag.split(".", 1)
                    carried.setdefault((year, table, column, kind), rule.code)
    named = []
    for fault in faults:
        year, file = fault.file.split("/", 1)
        kind = FORMAT_KIND.get(fault.kind)
        code = carried.get((int(year), file.removesuffix(".csv"), fault.column, kind), "")
        named.append(replace(fault, rule=code) if kind and not fault.rule else fault)
    return named


# Which format rules carry which faults: a blank field, a value not valid, a repeat.
FORMAT_KIND = {INVALID_CODE: "invalid", IMPOSSIBLE_DATE: "invalid", MISSING: "blank",
               DUPLICATE: "duplicate"}
FORMAT_RULE_KINDS = {"any": ("invalid", "blank"), "invalid": ("invalid",),
                     "blank": ("blank",), "duplicate": ("duplicate",)}


# --- Breaches of DfE's rules ------------------------------------------------------
# Rows are as written: dates DD/MM/YYYY, sex M/F from 2025 (1/2 before).


def _day(text: str) -> date | None:
    return datetime.strptime(text, "%d/%m/%Y").date() if text else None


def _text(day: date) -> str:
    return day.strftime("%d/%m/%Y")


def _age(row: dict, on: date) -> int:
    born = _day(row["DOB"])
    return relativedelta(on, born).years if born else -1


def _set(**values: str) -> Callable[[dict, int, random.Random], None]:
    return lambda row, year, rng: row.update(values)


def _stranger(row: dict, year: int, rng: random.Random) -> None:
    """A child the header does not hold: the identifier with its first digit changed."""
    child = row["CHILD"]
    row["CHILD"] = str((int(child[0]) + 1) % 10) + child[1:] if child[:1].isdigit() \
        else "X" + child[1:]


def _born_a_day_later(row: dict, year: int, rng: random.Random) -> None:
    row["DOB"] = _text(_day(row["DOB"]) + timedelta(days=1))


def _other_legal_status(row: dict, year: int, rng: random.Random) -> None:
    row["LS"] = "C2" if row["LS"] != "C2" else "V2"


def _ended_before_it_began(row: dict, year: int, rng: random.Random) -> None:
    row["MIS_END"] = _text(_day(row["MIS_START"]) - timedelta(days=1))


def _status_ceased_after_18(row: dict, year: int, rng: random.Random) -> None:
    row["DUC"] = _text(_day(row["DOB"]) + relativedelta(years=18, days=30))


BREACHES: dict[str, tuple[Breach, ...]] = {
    "header": (
        # A girl under 11 recorded as a mother.
        Breach("620", CROSS_FIELD, "MOTHER",
               lambda row, year: row["MOTHER"] == "0"
               and _age(row, collection_start(year)) < 11, _set(MOTHER="1")),
    ),
    "episodes": (
        # Placed with parents while accommodated under section 20.
        Breach("378", CROSS_FIELD, "PLACE",
               lambda row, year: row["LS"] == "V2" and row["PLACE"] != "P1",
               _set(PLACE="P1", PLACE_PROVIDER="PR0")),
        # Foster care provided by another public body.
        Breach("529", CROSS_FIELD, "PLACE_PROVIDER",
               lambda row, year: row["PLACE"] in ("U1", "U2", "U3", "U4", "U5", "U6"),
               _set(PLACE_PROVIDER="PR3")),
        # An episode of a child the header does not hold.
        Breach("INT03", CROSS_TABLE, "CHILD", lambda row, year: True, _stranger),
        # The episode open at last 31 March, with another legal status this year.
        Breach("503B", CROSS_YEAR, "LS",
               lambda row, year: _day(row["DECOM"]) < collection_start(year),
               _other_legal_status),
    ),
    "reviews": (
        # "Under 4" as the participation of a child of 4 or more.
        Breach("440", CROSS_FIELD, "REVIEW_CODE",
               lambda row, year: row["REVIEW_CODE"] != "PN0"
               and _age(row, _day(row["REVIEW"])) >= 4, _set(REVIEW_CODE="PN0")),
        Breach("INT08", CROSS_TABLE, "CHILD", lambda row, year: True, _stranger),
        Breach("INT17", CROSS_TABLE, "DOB", lambda row, year: True, _born_a_day_later),
    ),
    "oc2": (
        # A health check for a child of 5 or more.
        Breach("546", CROSS_FIELD, "HEALTH_CHECK",
               lambda row, year: row["HEALTH_CHECK"] == "", _set(HEALTH_CHECK="1")),
        Breach("INT05", CROSS_TABLE, "CHILD", lambda row, year: True, _stranger),
    ),
    "oc3": (
        # In touch, but no activity given.
        Breach("345", CROSS_FIELD, "ACTIV", lambda row, year: row["IN_TOUCH"] == "YES",
               _set(ACTIV="0")),
        Breach("INT06", CROSS_TABLE, "CHILD", lambda row, year: True, _stranger),
    ),
    "missing": (
        Breach("567", CROSS_FIELD, "MIS_END",
               lambda row, year: bool(row["MIS_END"] and row["MIS_START"]),
               _ended_before_it_began),
        Breach("INT13", CROSS_TABLE, "DOB", lambda row, year: True, _born_a_day_later),
    ),
    "ad1": (
        # A single adopter's legal status for a couple.
        Breach("514", CROSS_FIELD, "NB_ADOPTR", lambda row, year: row["LS_ADOPTR"] == "L0",
               _set(NB_ADOPTR="2")),
    ),
    "uasc": (
        Breach("304", CROSS_FIELD, "DUC", lambda row, year: bool(row["DOB"]),
               _status_ceased_after_18),
    ),
}
# The CIN census's, which smeaton.analytics.synth.census puts in: a closure with no
# reason for it, and a referral long before the child was born.
CIN_RULES = ("8606", "8805")
# What every breach is: the rules the synthetic faults are meant to trip.
RULES = sorted({breach.rule for breaches in BREACHES.values() for breach in breaches}
               | set(CIN_RULES))
