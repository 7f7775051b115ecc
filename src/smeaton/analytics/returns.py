"""Which files make which return, and which LA and collection year each is for.

A return is one source (SSDA903, CIN census or attendance) for one LA and one year.
The SSDA903 CSV tables in one folder make one return; any other file is a return by
itself. A file's own header says its LA and year where it can; otherwise ``--la`` and
``--year``, a folder named for them, or (LA) the council the installation serves, which
the caller gives, or (SSDA903 year) the latest episode date. docs/statutory-data.md
explains the order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

import pyarrow.compute as pc

from smeaton.analytics.formats import RawReturn
from smeaton.analytics.problems import WARNING, BatchRefused, Problem, cut
from smeaton.analytics.source import Source
from smeaton.years import collection_year

READABLE = {".csv", ".xml", ".txt"}
FIRST_YEAR, LAST_YEAR = 2000, 2100  # as smeaton ingest --year allows
LA_FOLDER = re.compile(r"^(?:la_code=|la=)?(\d{3})$")
YEAR_FOLDER = re.compile(r"^(?:year=)?(20\d{2})$")


@dataclass
class Return:
    """The files of one return while they are checked."""

    source: Source
    la_code: str
    year: int
    raws: list[RawReturn]
    paths: list[Path]


def files_in(paths: list[Path]) -> tuple[list[Path], list[str]]:
    """The files to read, and what was passed over in folders (not a return)."""
    found, skipped = [], []
    for path in paths:
        if path.is_dir():
            for child in sorted(path.rglob("*")):
                if child.is_file() and child.suffix.lower() in READABLE:
                    found.append(child)
                elif child.is_file():
                    skipped.append(str(child))
        else:
            found.append(path)
    return found, skipped


def group(raws: list[tuple[Path, RawReturn]], la_code: str | None, year: int | None,
          council_la_code: str | None = None, allow_empty: bool = False) -> list[Return]:
    """Sort files into returns, each with the LA and year it is for: ``la_code`` and
    ``year`` as asked, ``council_la_code`` the installation's own council's, the last
    resort for a file that does not say its LA. A return with no rows at all (a header
    and nothing else) is refused unless ``allow_empty``: stored, it would replace the
    return held with an empty one."""
    problems: list[str] = []
    by_key: dict[tuple, Return] = {}
    for path, raw in raws:
        # SSDA903 CSV tables in one folder are one return; any other file is its own.
        csv_table = raw.source == Source.SSDA903 and path.suffix.lower() != ".xml"
        unit = str(path.parent) if csv_table else str(path)
        la = raw.la_code or la_code or _from_folders(path, LA_FOLDER) or council_la_code
        if raw.la_code and la_code and raw.la_code != la_code:
            raw.problems.append(Problem(raw.file, "", 1, "LA", raw.la_code, f"the file says "
                                        f"LA {cut(raw.la_code, 20)}, not {la_code} as "
                                        "asked; the file's own LA is used", WARNING))
        if la and not (la.isdigit() and len(la) == 3):
            problems.append(f"{path}: {cut(la, 20)!r} is not a three-digit DfE LA code")
        returned_year = raw.year or year or _year_from_folders(path)
        key = (raw.source, unit)
        item = by_key.setdefault(key, Return(raw.source, la, returned_year, [], []))
        item.raws.append(raw)
        item.paths.append(path)
    for item in by_key.values():
        names = [table.spec.name for raw in item.raws for table in raw.tables]
        doubled = {name for name in names if names.count(name) > 1}
        if doubled and item.source == Source.SSDA903:
            problems.append(f"{item.paths[0].parent}: more than one file holds the SSDA903 "
                            f"{', '.join(sorted(doubled))} table; a return has one file per "
                            "table, so load the others from another folder")
        if item.year is None and item.source == Source.SSDA903:
            item.year = infer_year(item)
            if item.year:
                item.raws[0].problems.append(Problem(
                    item.raws[0].file, "", 1, "", "", f"the return does not say its year; "
                    f"{item.year} was worked out from its latest episode date. Give --year, "
                    "or keep each year's files in a folder named for it", WARNING))
        if not item.la_code:
            problems.append(f"{', '.join(p.name for p in item.paths)}: the file does not say "
                            "which LA it is for; give --la with the three-digit LA code")
        if not item.year:
            problems.append(f"{', '.join(p.name for p in item.paths)}: cannot tell the "
                            "collection year; give --year (the year ending 31 March)")
        elif not FIRST_YEAR <= item.year <= LAST_YEAR:
            problems.append(f"{', '.join(p.name for p in item.paths)}: {item.year} is not a "
                            f"collection year Smeaton can take ({FIRST_YEAR} to {LAST_YEAR}); "
                            "check the dates the file gives for itself")
        rows = sum(len(table) + table.unreadable for raw in item.raws for table in raw.tables)
        if not rows and not allow_empty:
            problems.append(f"{', '.join(p.name for p in item.paths)}: no rows, only a "
                            f"header; stored, it would replace the {item.source.in_sentence} "
                            f"return held for LA {item.la_code}"
                            f"{f', {item.year}' if item.year else ''} with an empty "
                            "one. To store an empty return, give --allow-empty")
    claimed: dict[tuple, Return] = {}
    for item in by_key.values():
        other = claimed.setdefault((item.source, item.la_code, item.year), item)
        if other is not item:
            problems.append(
                f"{other.paths[0]} and {item.paths[0]} are both the "
                f"{item.source.in_sentence} return for LA {item.la_code}, {item.year}; "
                "a batch holds one return per LA and year, so load one of them")
    if problems:
        raise BatchRefused(problems)
    return list(by_key.values())


def _from_folders(path: Path, pattern: re.Pattern) -> str | None:
    for part in reversed(path.parent.parts):
        match = pattern.match(part)
        if match:
            return match[1]
    return None


def _year_from_folders(path: Path) -> int | None:
    found = _from_folders(path, YEAR_FOLDER)
    return int(found) if found else None


def infer_year(item: Return) -> int | None:
    """The collection year holding the latest episode date that is not in the future."""
    today = date.today()
    latest = None
    for raw in item.raws:
        for table in raw.tables:
            if table.spec.name != "episodes":
                continue
            for name in ("DECOM", "DEC"):
                for text in pc.unique(table.columns[name]).to_pylist():
                    try:
                        day = datetime.strptime((text or "").strip(), "%d/%m/%Y").date()
                    except ValueError:
                        continue
                    if day <= today and (latest is None or day > latest):
                        latest = day
    if latest is None:
        return None
    return collection_year(latest)
