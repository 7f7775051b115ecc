"""Every rule of the other tool's SSDA903 registry for a year, on CSV tables, as JSON.

Run with the python of the virtual environment benchmarks/validators/setup makes:

    .bench/v903/bin/python benchmarks/validators/run_903.py --year 2026 --la E06000026 \
        header.csv episodes.csv ... [--previous header.csv episodes.csv ...]

It reads the files as the other tool does (each table known by its columns), runs every
rule of the registry of the collection year (2026: its lac2025_26 rules) one after the
other, each on a fresh copy of the tables as the tool does, and prints one JSON object:

    {"rules": {code: {"cells": [[table, row, field], ...], "seconds": s,
                      "outcome": "ran" | "no tables" | "failed: ..."}},
     "tables": {table: rows}, "seconds": whole run}

in Smeaton's terms: Smeaton's table names, the CSV line of the row (the header is line
1), and each field of the rule's affected fields that the flagged table has (null when
it has none of them: the row is flagged, no field named).
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import importlib
import io
import json
import logging
import sys
import time
from pathlib import Path

# The tool logs each rule it reads and runs; only the results matter here.
logging.disable(logging.CRITICAL)

from lac_validator.config import column_names  # noqa: E402
from lac_validator.datastore import copy_datastore, create_datastore  # noqa: E402
from lac_validator.ingress import read_from_text  # noqa: E402

TABLES = {"Header": "header", "Episodes": "episodes", "Reviews": "reviews", "UASC": "uasc",
          "OC2": "oc2", "OC3": "oc3", "AD1": "ad1", "PlacedAdoption": "placed_adoption",
          "PrevPerm": "prev_perm", "Missing": "missing", "SWEpisodes": "social_worker",
          "DoLo": "dolo"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="this year's CSV tables")
    parser.add_argument("--year", type=int, required=True,
                        help="collection year ending 31 March, e.g. 2026 for 2025/26")
    parser.add_argument("--la", default="E09000027",
                        help="the LA's ONS code, for the rules on placement postcodes")
    parser.add_argument("--previous", nargs="*", type=Path, default=[],
                        help="the previous year's CSV tables")
    parser.add_argument("--codes", action="store_true",
                        help="only list the codes of the year's rules")
    args = parser.parse_args()
    if args.codes:
        print(json.dumps({"codes": sorted(registry_of(args.year))}))
        return
    with contextlib.redirect_stdout(sys.stderr):  # some rules print as they run
        found = run(args.files, args.year, args.la, args.previous)
    print(json.dumps(found))


def run(files: list[Path], year: int, la: str, previous: list[Path]) -> dict:
    started = time.perf_counter()
    uploads = [upload(path, "This year") for path in files]
    uploads += [upload(path, "Prev year") for path in previous]
    lines = {table_of(path): data_lines(path) for path in files}
    tables, extras = read_from_text(raw_files=uploads)
    metadata = {"collectionYear": str(year), "localAuthority": la, **extras}
    store = create_datastore(tables, metadata)
    rules = {code: run_rule(rule, store, lines) for code, rule in registry_of(year).items()}
    return {"rules": rules,
            "tables": {TABLES[name]: len(rows) for name, rows in lines.items()},
            "seconds": round(time.perf_counter() - started, 3)}


def registry_of(year: int) -> dict:
    """The tool's rules for a collection year: 2026 is its lac2025_26."""
    return importlib.import_module(f"lac_validator.rules.lac{year - 1}_{str(year)[2:]}").registry


def run_rule(rule, store: dict, lines: dict[str, list[int]]) -> dict:
    started = time.perf_counter()
    try:
        found = rule.func(copy_datastore(store))
    except Exception as error:  # the tool itself reports such a rule as failed
        return {"cells": [], "outcome": f"failed: {type(error).__name__}: {error}"[:300],
                "seconds": round(time.perf_counter() - started, 4)}
    cells = []
    for table, rows in found.items():
        if table not in lines:
            continue
        fields = [name for name in rule.affected_fields or ()
                  if name in column_names[table]] or [None]
        for row in rows:
            if row == row:  # the tool drops NaN locations too
                cells += [[TABLES[table], lines[table][int(row)], name] for name in fields]
    return {"cells": cells, "outcome": "ran" if found else "no tables",
            "seconds": round(time.perf_counter() - started, 4)}


def upload(path: Path, description: str) -> dict:
    return {"name": str(path), "file_content": path.read_bytes(), "description": description}


def table_of(path: Path) -> str:
    """The tool's name for a CSV table, known (as the tool knows it) by its columns."""
    with path.open(encoding="utf-8-sig", newline="") as file:
        header = set(next(csv.reader(file)))
    for name, columns in column_names.items():
        if set(columns) == header:
            return name
    raise SystemExit(f"{path}: not an SSDA903 table ({sorted(header)})")


def data_lines(path: Path) -> list[int]:
    """The line on which each row the tool reads starts: it skips empty lines only."""
    text = io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")
    reader = csv.reader(text)
    next(reader)
    starts, line = [], reader.line_num
    for record in reader:
        if record:
            starts.append(line + 1)
        line = reader.line_num
    return starts


if __name__ == "__main__":
    main()
