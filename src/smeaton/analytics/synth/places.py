"""Real postcodes for synthetic children's homes and placements, from the ONS postcode
directory as DfE's placement rules read it (smeaton.analytics.rules.places).

An LA's postcodes are those the directory places in it; placements outside it are near
it, within 40 km. Where the directory is not installed, or holds no postcode for the
LA (an LA since abolished), postcodes are invented in an area of their own, as before.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache

import pyarrow.compute as pc

from smeaton.analytics.rules import places as directory

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
    if not directory.installed():
        return None
    table = directory.postcodes()
    located = table.filter(pc.and_(pc.is_valid(table["easting"]), pc.is_valid(table["northing"])))
    inside = located.filter(pc.equal(located["la"], la_code))
    if not len(inside):
        return None
    east = pc.mean(inside["easting"]).as_py()
    north = pc.mean(inside["northing"]).as_py()
    english = pc.fill_null(pc.match_substring_regex(located["la"], r"^\d{3}$"), False)
    elsewhere = located.filter(pc.and_(english, pc.not_equal(located["la"], la_code)))
    elsewhere = elsewhere.take(list(range(0, len(elsewhere), KEEP_ELSEWHERE)))
    distance = pc.add(pc.power(pc.subtract(elsewhere["easting"], east), 2),
                      pc.power(pc.subtract(elsewhere["northing"], north), 2))
    nearby = elsewhere.filter(pc.less_equal(distance, NEARBY_METRES ** 2))
    return Postcodes(tuple(sorted(inside["postcode"].to_pylist())),
                     tuple(sorted(nearby["postcode"].to_pylist())))
