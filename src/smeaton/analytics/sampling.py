"""The children a case-file audit sample is drawn from, and the drawing.

A **frame** is a set of children open to services on a given day, each named by their
pseudonymous token and placed in a **stratum**: the most intensive service they have
that day (looked after, then child protection, then child in need, then care leaver).
The frames are declared once, as data, in ``FRAMES``.

A sample is drawn with numpy's ``Generator`` from a recorded seed, from the frame's
children in token order, so that the same seed, frame and store state always give the
same children. A stratified sample shares its size among the strata in proportion to
their size (largest remainder), at least one each where the size allows.

This module is part of the analytics room: it reads the store through ``Data`` and
knows nothing of the web room.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import ibis
import numpy as np

from smeaton.analytics.measures import looked_after
from smeaton.analytics.measures.data import Data
from smeaton.analytics.measures.periods import Period, minus, periods_table

# Strata, most intensive first: a child's stratum is the first that holds them.
LOOKED_AFTER = "looked_after"
CHILD_PROTECTION = "child_protection"
CHILD_IN_NEED = "child_in_need"
CARE_LEAVER = "care_leaver"
STRATA = (LOOKED_AFTER, CHILD_PROTECTION, CHILD_IN_NEED, CARE_LEAVER)

# The fields the frames read, each of which must have passed its checks.
NEEDS = {
    "episodes": ("DECOM", "DEC", "LS", "PLACE", "RNE"),
    "cin_details": ("CINreferralDate", "CINclosureDate"),
    "cin_cp_plans": ("CPPstartDate", "CPPendDate"),
    "oc3": ("DOB",),
}
CARE_LEAVER_AGES = (17, 21)  # a care leaver the council keeps in touch with: 17 to 21


@dataclass(frozen=True)
class Child:
    token: str
    stratum: str


@dataclass(frozen=True)
class Found:
    """A frame's children on a day, and the store state they were read from."""

    children: tuple[Child, ...]
    store_state: str

    def __len__(self) -> int:
        return len(self.children)


# --- Who is open to which service on a day ------------------------------------------------


def _open(rows: ibis.Table, start: str, end: str, on: date) -> ibis.Table:
    return rows.filter(rows[start] <= on, rows[end].isnull() | (rows[end] > on))


def looked_after_on(data: Data, on: date) -> ibis.Table:
    """Children with an episode of care open on the day (short breaks left out)."""
    rows = _open(looked_after.episodes(data, NEEDS), "DECOM", "DEC", on)
    return rows.select(child=rows.CHILD).distinct()


def on_a_plan(data: Data, on: date) -> ibis.Table:
    """Children on a child protection plan on the day."""
    rows = _open(data.usable("cin_cp_plans", NEEDS), "CPPstartDate", "CPPendDate", on)
    return rows.select(child=rows.LAchildID).distinct()


def on_a_second_plan(data: Data, on: date) -> ibis.Table:
    """Children on a child protection plan on the day that is their second or later:
    it says there were plans before, or an earlier plan is in any stored return."""
    every = data.usable("cin_cp_plans", NEEDS)
    first = every.group_by("LAchildID").agg(first_plan=every.CPPstartDate.min())
    rows = _open(every, "CPPstartDate", "CPPendDate", on).join(first, "LAchildID")
    later = (rows.NumberOfPreviousCPP >= 1).fill_null(False) | (
        rows.first_plan < rows.CPPstartDate)
    return rows.filter(later).select(child=rows.LAchildID).distinct()


def in_need_on(data: Data, on: date) -> ibis.Table:
    """Children with a child in need episode open on the day: referred on or before it,
    not closed before or on it."""
    rows = _open(data.usable("cin_details", NEEDS), "CINreferralDate", "CINclosureDate", on)
    return rows.select(child=rows.LAchildID).distinct()


def care_leavers_on(data: Data, on: date) -> ibis.Table:
    """Young people the council reports on as care leavers (SSDA903's OC3) who are
    17 to 21 on the day."""
    rows = data.usable("oc3", NEEDS)
    youngest, oldest = CARE_LEAVER_AGES
    earliest = minus(on, years=oldest + 1) + timedelta(days=1)
    rows = rows.filter(rows.DOB.between(earliest, minus(on, years=youngest)))
    return rows.select(child=rows.CHILD).distinct()


def with_three_placements(data: Data, on: date) -> ibis.Table:
    """Children looked after on the day with three or more placements in the 12 months
    to it (counted as the placement stability measure counts them)."""
    rows = looked_after.placement_moves(data, periods_table([Period(on)]), NEEDS)
    return rows.filter(rows.numerator == 1).select(child=rows.CHILD).distinct()


SERVICES: dict[str, Callable[[Data, date], ibis.Table]] = {
    LOOKED_AFTER: looked_after_on,
    CHILD_PROTECTION: on_a_plan,
    CHILD_IN_NEED: in_need_on,
    CARE_LEAVER: care_leavers_on,
}


def strata(data: Data, on: date, services: tuple[str, ...] = STRATA) -> dict[str, str]:
    """Each child open to one of ``services`` on the day, with their stratum: the most
    intensive service they have."""
    found: dict[str, str] = {}
    for service in services:
        for token in SERVICES[service](data, on).child.to_pyarrow().to_pylist():
            found.setdefault(token, service)
    return found


# --- The frames -------------------------------------------------------------------------


@dataclass(frozen=True)
class Frame:
    """Children a sample may be drawn from: those ``narrowed`` picks (None: all) of those
    open to ``services`` on the day."""

    slug: str
    title: str
    services: tuple[str, ...]
    narrowed: Callable[[Data, date], ibis.Table] | None = None
    thematic: bool = False  # a theme's children, rather than a cross-section

    def children(self, data: Data, on: date) -> tuple[Child, ...]:
        found = strata(data, on, STRATA)
        chosen = set(found) if self.narrowed is None else set(
            self.narrowed(data, on).child.to_pyarrow().to_pylist())
        return tuple(Child(token, found[token]) for token in sorted(chosen)
                     if token in found and found[token] in self.services)


FRAMES: dict[str, Frame] = {frame.slug: frame for frame in (
    Frame("open", "Every child open to children's social care",
          (LOOKED_AFTER, CHILD_PROTECTION, CHILD_IN_NEED)),
    Frame("open-and-care-leavers", "Every child open to children's social care, and "
          "care leavers", STRATA),
    Frame("looked-after", "Children looked after", (LOOKED_AFTER,), thematic=True),
    Frame("child-protection", "Children on a child protection plan", STRATA,
          narrowed=on_a_plan, thematic=True),
    Frame("second-plan", "Children on a second or later child protection plan", STRATA,
          narrowed=on_a_second_plan, thematic=True),
    Frame("three-placements", "Children looked after with 3 or more placements in the "
          "last 12 months", (LOOKED_AFTER,), narrowed=with_three_placements, thematic=True),
    Frame("care-leavers", "Care leavers aged 17 to 21", (CARE_LEAVER,), thematic=True),
)}


def store_state(data: Data) -> str:
    """The store state read: its folder's name (a format 1 store names none)."""
    folder = data.snapshot.folder
    return "" if folder == data.store else folder.name


def frame_children(store: Path, la_code: str, frame: str, on: date) -> Found:
    """The children of the frame named ``frame`` on the day, in token order."""
    data = Data(store, la_code, breakdowns=False)
    return Found(FRAMES[frame].children(data, on), store_state(data))


# --- Drawing ----------------------------------------------------------------------------


def new_seed() -> int:
    """A fresh seed, to be recorded with the sample it draws."""
    return int(np.random.SeedSequence().generate_state(1, dtype=np.uint64)[0] >> 1)


def allocate(sizes: dict[str, int], n: int) -> dict[str, int]:
    """Share ``n`` among strata of the given sizes in proportion (largest remainder, ties
    to the larger stratum, then the earlier), at least one each where ``n`` allows."""
    sizes = {stratum: size for stratum, size in sizes.items() if size > 0}
    total = sum(sizes.values())
    n = min(n, total)
    if not n:
        return {stratum: 0 for stratum in sizes}
    quotas = {stratum: n * size / total for stratum, size in sizes.items()}
    shares = {stratum: int(quota) for stratum, quota in quotas.items()}
    order = sorted(sizes, key=lambda s: (-(quotas[s] - shares[s]), -sizes[s],
                                         list(sizes).index(s)))
    for stratum in order[:n - sum(shares.values())]:
        shares[stratum] += 1
    if n >= len(sizes):
        for stratum in [s for s in sizes if shares[s] == 0]:
            donor = max(sizes, key=lambda s: (shares[s], sizes[s]))
            shares[donor] -= 1
            shares[stratum] = 1
    return shares


def draw(children: tuple[Child, ...], n: int, seed: int,
         stratified: bool = False) -> list[Child]:
    """``n`` children (or all, if fewer) drawn without replacement from ``seed``: at
    random from all, or from each stratum its allocated share. Reproducible: the same
    children, size and seed give the same sample."""
    rng = np.random.default_rng(seed)
    ordered = sorted(children, key=lambda child: child.token)
    if not stratified:
        return _choose(rng, ordered, n)
    by_stratum = {stratum: [c for c in ordered if c.stratum == stratum] for stratum in STRATA}
    shares = allocate({s: len(group) for s, group in by_stratum.items()}, n)
    return [child for stratum in STRATA if shares.get(stratum)
            for child in _choose(rng, by_stratum[stratum], shares[stratum])]


def _choose(rng: np.random.Generator, children: list[Child], n: int) -> list[Child]:
    n = min(n, len(children))
    picked = rng.choice(len(children), size=n, replace=False)
    return [children[int(i)] for i in sorted(picked)]
