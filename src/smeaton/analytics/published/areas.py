"""England, its regions and its local authorities, keyed as Smeaton keys them.

An LA is keyed on its DfE "old" three-digit code (old_la_code), which survives the
changes of GSS code that reorganisations bring; regions and England on their GSS code.
LAIT numbers England 970 and the regions 980 to 990. The list is data/areas.csv
(made by scripts/extract-published from DfE's own lists); former LAs such as Cumbria
stay in it so that the years they reported still load.
"""

import csv
from dataclasses import dataclass
from pathlib import Path

DATA = Path(__file__).parent / "data"
ENGLAND = "E92000001"
COUNTRY = "england"
REGION = "region"
SUB_REGION = "sub-region"  # Inner and Outer London
LOCAL_AUTHORITY = "local authority"


@dataclass(frozen=True)
class Area:
    code: str
    name: str
    level: str
    region: str  # the code of an LA's region; blank for England and regions
    lait_number: str
    gss_code: str
    current: bool


def _load() -> dict[str, Area]:
    with open(DATA / "areas.csv", encoding="utf-8", newline="") as handle:
        return {
            row["code"]: Area(
                row["code"], row["name"], row["level"], row["region"], row["lait_number"],
                row["gss_code"], row["current"] == "yes",
            )
            for row in csv.DictReader(handle)
        }


AREAS = _load()
_BY_LAIT_NUMBER = {area.lait_number: area.code for area in AREAS.values() if area.lait_number}


def area_for_lait_number(number: str) -> str | None:
    return _BY_LAIT_NUMBER.get(number.strip())


def current_authorities() -> list[Area]:
    return [a for a in AREAS.values() if a.level == LOCAL_AUTHORITY and a.current]
