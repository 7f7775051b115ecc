"""DfE's children's services statistical neighbours: each LA's ten most similar LAs.

Two models are in use and differ a lot (the 2021 NFER model and the 2025 model), so
every page names the model it used. Both files give, for each LA, SN1 to SN10 with a
closeness word in the column after each.
"""

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from .areas import AREAS, DATA, LOCAL_AUTHORITY
from .sources import Problem, PublishedFileError

MODELS = {"2021": DATA / "neighbours-2021.csv", "2025": DATA / "neighbours-2025.csv"}
_LA_COLUMNS = ("old_la_code", "la num", "la number")
_NEIGHBOUR = re.compile(r"sn_?(\d{1,2})", re.IGNORECASE)


@dataclass(frozen=True)
class Neighbour:
    area: str
    neighbour: str
    position: int  # 1 is the closest
    closeness: str


def read_model(path: Path) -> list[Neighbour]:
    path = Path(path)
    with open(path, encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    header = [name.strip().lower() for name in rows[0]]
    la_column = next((header.index(name) for name in _LA_COLUMNS if name in header), None)
    positions = {
        index: int(match.group(1))
        for index, name in enumerate(header)
        if (match := _NEIGHBOUR.fullmatch(name))
    }
    if la_column is None or sorted(positions.values()) != list(range(1, 11)):
        raise PublishedFileError(
            f"{path.name} is not a statistical neighbours file: it needs an LA code column "
            "(old_la_code or LA num) and columns SN1 to SN10."
        )
    found, problems = [], []
    for number, row in enumerate(rows[1:], start=2):
        if la_column >= len(row) or not row[la_column].strip():
            continue  # a blank row, or a heading such as "Old SNs:" in the 2021 file
        codes = {la_column: row[la_column].strip(), **{i: row[i].strip() for i in positions}}
        for index, code in codes.items():
            if AREAS.get(code) is None or AREAS[code].level != LOCAL_AUTHORITY:
                problems.append(Problem(path.name, number, rows[0][index], code,
                                        "is not an English LA code that Smeaton knows"))
        found += [
            Neighbour(codes[la_column], codes[index], position,
                      row[index + 1].strip() if index + 1 < len(row) else "")
            for index, position in positions.items()
        ]
    if problems:
        raise PublishedFileError(f"{path.name} was not loaded.", problems)
    return found
