"""Drawing realistic values: the national distributions of CALIBRATION facts, by year.

Every choice goes through a ``random.Random`` the caller seeds, so a seed gives the same
LA every time. Code lists are filtered by the return years a value will appear in, so a
synthetic return never carries a code its year does not allow.
"""

from __future__ import annotations

import random
from bisect import bisect_right
from datetime import date, timedelta
from itertools import accumulate

from dateutil.relativedelta import relativedelta

from smeaton.analytics.formats.spec import codes
from smeaton.analytics.source import Source


class Weights(dict):
    """Values with their weights, the running totals worked out once: drawing from it
    is one random number and a binary search."""

    def __init__(self, weights: dict):
        super().__init__(weights)
        self.values_in_order = list(weights)
        self.totals = list(accumulate(weights.values()))

    def draw(self, rng: random.Random):
        return self.values_in_order[bisect_right(self.totals, rng.random() * self.totals[-1])]


# Children looked after at 31 March, by age (2022) and on starting (2025).
AGE_IN_CARE = Weights({(0, 0): 5, (1, 4): 14, (5, 9): 18, (10, 15): 39, (16, 17): 24})
AGE_STARTING = Weights({(0, 0): 16, (1, 4): 14, (5, 9): 15, (10, 15): 27, (16, 17): 28})
MALE = 0.56
# Ethnicity of children looked after (2025): White 71%, Mixed 11%, Black 8%, Asian 5%,
# Other 4%, not known 1%, spread over the codes of each group.
ETHNICITY = Weights({
    "WBRI": 62, "WIRI": 1, "WOTH": 6, "WIRT": 1, "WROM": 1,
    "MWBC": 4, "MWBA": 2, "MWAS": 2, "MOTH": 3,
    "BAFR": 4, "BCRB": 2, "BOTH": 2,
    "AIND": 1, "APKN": 2, "ABAN": 1, "AOTH": 1,
    "CHNE": 0.5, "OOTH": 3.5, "REFU": 0.5, "NOBT": 0.5,
})
# Legal status on starting care: interim care orders, section 20, police protection...
LEGAL_STATUS_STARTING = Weights({"C1": 41, "V2": 36, "C2": 8, "L1": 6, "L2": 3,
                                 "J2": 3, "J1": 1, "L3": 1})
CATEGORY_OF_NEED = Weights({"N1": 66, "N5": 13, "N4": 7, "N8": 7, "N3": 3, "N2": 2,
                            "N6": 1, "N7": 0.5})
PROVIDER = Weights({"PR1": 50, "PR4": 40, "PR5": 7, "PR2": 3})
REASON_PLACE_CHANGE = Weights({"CARPL": 34, "OTHER": 25, "CREQB": 8, "CREQO": 7,
                               "CHILD": 3, "LAREQ": 2, "APPRR": 2, "ALLEG": 1, "STAND": 1,
                               "CLOSE": 1})
# Why care ended (2024), without adoption and special guardianship for now: those need
# placements for adoption and orders the returns follow up.
REASON_CEASED = Weights({"E4A": 17, "E13": 6, "E41": 3, "E45": 3, "E46": 2, "E47": 2,
                         "E48": 1, "E8": 8, "E4B": 3, "E14": 6, "E16": 1, "E9": 1})
REASON_CEASED_AT_18 = Weights({"E17": 35, "E5": 40, "E6": 8, "E15": 4, "E3": 3, "E8": 10})
# How children of 4 or over take part in their reviews (PN0 is for the under-4s).
REVIEW_CODES = Weights({"PN1": 66, "PN2": 12, "PN3": 7, "PN4": 4, "PN5": 4, "PN6": 4,
                        "PN7": 3})


def weighted(rng: random.Random, weights: dict):
    """One of ``weights``' keys, as likely as its weight."""
    if isinstance(weights, Weights):
        return weights.draw(rng)
    keys = list(weights)
    return rng.choices(keys, weights=[weights[key] for key in keys])[0]


def age_band(rng: random.Random, bands: Weights) -> int:
    low, high = bands.draw(rng)
    return rng.randint(low, high)


def birth_date(rng: random.Random, age: int, on: date) -> date:
    """A date of birth giving ``age`` in whole years on ``on``."""
    latest = years_before(on, age)
    return latest - timedelta(days=rng.randrange(0, 365))


def age(dob: date, on: date) -> int:
    """Age in whole years on ``on``."""
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


def years_before(day: date, years: int) -> date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    return day - relativedelta(years=years)


def years_after(day: date, years: int) -> date:
    return years_before(day, -years)


def between(rng: random.Random, first: date, last: date) -> date:
    """A day from ``first`` to ``last`` inclusive."""
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def placement(rng: random.Random, age: int, years: range, legal_status: str = "",
              next_to: tuple[str, ...] = ()) -> str:
    """A placement type for a child of ``age``, valid in every one of ``years``: never
    with parents for a child accommodated under section 20 (V2), nor for a move to or
    from a placement with parents (``next_to``: rule 435 would see no change)."""
    if age < 1:
        options = {"U6": 40, "U3": 20, "P1": 10, "U4": 10, "U5": 3, "R1": 2}
    elif age < 10:
        options = {"U6": 35, "U4": 25, "U3": 15, "U1": 8, "P1": 7, "K2": 3, "R1": 1}
    elif age < 16:
        options = {"U4": 30, "U6": 25, "U3": 8, "U1": 8, "K2": 18, "P1": 5, "R1": 1,
                   "R5": 1, "S1": 0.5}
    else:
        options = {"H5": 30, "K3": 30, "U4": 12, "U6": 8, "K2": 12, "P2": 6, "P1": 2}
    valid = valid_in(Source.SSDA903, "episodes", "PLACE", years)
    options = {code: weight for code, weight in options.items() if code in valid
               and not (code == "P1" and (legal_status == "V2" or "P1" in next_to))}
    return weighted(rng, options or {"U6": 1})


def provider(rng: random.Random, place: str) -> str:
    """Who provides a placement of type ``place``: parents for P1, the LA or private and
    voluntary providers for foster care, adoption and homes; other public bodies (PR3)
    only where they can (youth custody, residential care, schools)."""
    if place == "P1":
        return "PR0"
    if place == "R5":
        return "PR3"
    if place in ("R1", "S1"):
        return weighted(rng, {"PR1": 30, "PR3": 30, "PR4": 35, "PR5": 5})
    return weighted(rng, PROVIDER)


def allowed(weights: dict, source: Source, table: str, field: str, years: range) -> Weights:
    """``weights`` without the codes some year of ``years`` does not allow."""
    valid = valid_in(source, table, field, years)
    return Weights({code: weight for code, weight in weights.items() if code in valid})


def valid_in(source: Source, table: str, field: str, years: range) -> frozenset[str]:
    """The codes valid in every one of ``years``."""
    sets = [codes(source, table, field, year) for year in years]
    return frozenset.intersection(*sets) if sets else frozenset()


def provides(provider: str, place: str) -> bool:
    """Whether ``provider`` can provide a placement of type ``place``."""
    if place == "P1" or provider == "PR0":
        return place == "P1" and provider == "PR0"
    if place in ("R2", "R5") and provider in ("PR1", "PR2"):
        return False
    return provider != "PR3" or place in ("R1", "R5", "S1", "H5", "K3")


def other_placement(rng: random.Random, place: str) -> str | None:
    """A different kind of foster placement with the same carers (a relative stays a
    relative), or None where a placement has no other kind with the same carer."""
    for family in (("U1", "U2", "U3"), ("U4", "U5", "U6")):
        if place in family:
            return rng.choice([code for code in family if code != place])
    return None


UPN_CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn(rng: random.Random, la_code: str) -> str:
    """A unique pupil number: its check letter, the LA's code, an establishment number,
    a year and a serial number, the check letter worked out as DfE's guidance says."""
    digits = f"{la_code}{rng.randrange(10**9):09d}"
    total = sum(int(digit) * weight for weight, digit in enumerate(digits, start=2))
    return UPN_CHECK_LETTERS[total % 23] + digits
