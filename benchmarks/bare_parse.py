"""The floor for reading a return: parse it and throw it away, in a process of its own.

The baseline that benchmarks/ingest.py times `smeaton ingest` against. For an XML file,
lxml's iterparse over every <Child>, each cleared once read and its finished siblings
deleted (the streaming pattern Smeaton's CIN reader uses, with no checks, no
pseudonymisation and no store). For a folder, every CSV file in it read row by row with
the csv module. Prints what it counted.

    .venv/bin/python benchmarks/bare_parse.py national.xml
    .venv/bin/python benchmarks/bare_parse.py national-903/
"""

import csv
import sys
from pathlib import Path

from lxml import etree


def parse_xml(path: Path) -> int:
    children = 0
    for _, element in etree.iterparse(str(path), tag="Child"):
        children += 1
        element.clear()
        while element.getprevious() is not None:
            del element.getparent()[0]
    return children


def read_csvs(folder: Path) -> int:
    rows = 0
    for path in sorted(folder.glob("*.csv")):
        with path.open(newline="", encoding="utf-8-sig") as file:
            rows += sum(1 for _ in csv.reader(file)) - 1
    return rows


def main() -> None:
    path = Path(sys.argv[1])
    if path.is_dir():
        print(f"{read_csvs(path)} rows")
    else:
        print(f"{parse_xml(path)} children")


if __name__ == "__main__":
    main()
