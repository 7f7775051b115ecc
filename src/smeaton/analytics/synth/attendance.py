"""Pupils and their termly attendance, an academic year to a file.

An LA's pupils are its children aged 5 to 15 at 31 August before the academic year:
eleven cohorts, each a year's births (the 0-17 population over 18), who keep their
identifiers, schools and characteristics from year to year as they move up. Absence is
drawn pupil by pupil so that the LA's published share of persistent absentees (missing
10% or more of their sessions; LAIT) is met exactly, and its overall absence rate near
enough: the persistent absentees' rates from 10% up, everyone else's below.

Pupils are many (seven and a half million in England), so a year is drawn with NumPy a
column at a time and written with Arrow's CSV writer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from smeaton.analytics.formats.spec import attendance_table
from smeaton.analytics.synth import faults
from smeaton.analytics.synth.draw import ETHNICITY
from smeaton.analytics.synth.targets import Targets
from smeaton.years import academic_label, academic_start

TERMS = (("AUT", 140), ("SPR", 118), ("SUM", 122))  # sessions open in a typical year
AGES = range(5, 16)
PRIMARY_SCHOOL, SECONDARY_SCHOOL = 300, 1000  # pupils in a school of each kind
UNAUTHORISED = 0.35  # of sessions missed, the share not authorised (2.47% of 7.15%)


def pupils_per_cohort(targets: dict[int, Targets]) -> int:
    """Pupils born in one academic year: the latest 0-17 population over 18 years."""
    return max(1, round(targets[max(targets)].population / 18))


@dataclass
class Year:
    """What an attendance file holds: rows, the absence it shows, the faults put in."""

    rows: int
    persistent: float  # % of pupils missing 10% or more of their sessions
    overall: float  # % of sessions missed
    faults: list[faults.Fault]


def write(la_code: str, year: int, aimed: Targets, cohort: int, seed: str,
          path: Path, errors: float = 0.0) -> Year:
    """Write the academic year ending in summer ``year``; with ``errors``, that share of
    rows given a fault."""
    rng = np.random.default_rng(list(f"{seed}-{la_code}-{year}".encode()))
    pupils = _pupils(la_code, year, cohort, seed)
    count = len(pupils["number"])
    rates = _absence_rates(rng, count, aimed)
    possible = np.stack([np.full(count, sessions) - rng.integers(0, 4, count)
                         for _, sessions in TERMS])
    total = possible.sum(axis=0)
    absent = _annual_absence(rates, total)
    # Split each pupil's absence over the terms in proportion to the sessions open.
    by_term = np.floor(absent * possible / total).astype(np.int64)
    by_term[0] += absent - by_term.sum(axis=0)
    share = rng.beta(2, 2, (len(TERMS), count)) * 2 * UNAUTHORISED  # mean UNAUTHORISED
    unauthorised = np.floor(by_term * share).astype(np.int64)
    unauthorised = np.minimum(unauthorised, by_term)
    secondary = pupils["age"] >= 11
    suspensions = rng.poisson(np.where(secondary, 0.07, 0.01), (len(TERMS), count))
    columns = {name: [] for name in attendance_table().names}
    academic = academic_label(year)
    for term, (code, _) in enumerate(TERMS):
        columns["PupilID"].append(pupils["id"])
        columns["UPN"].append(pupils["upn"])
        columns["DOB"].append(pupils["dob"])
        columns["Sex"].append(pupils["sex"])
        columns["Ethnicity"].append(pupils["ethnicity"])
        columns["SENStatus"].append(pupils["sen"])
        columns["URN"].append(pupils["urn"])
        columns["LA"].append(pa.array(np.full(count, la_code)))
        columns["AcademicYear"].append(pa.array(np.full(count, academic)))
        columns["Term"].append(pa.array(np.full(count, code)))
        columns["SessionsPossible"].append(pa.array(possible[term]))
        columns["SessionsAuthorised"].append(pa.array(by_term[term] - unauthorised[term]))
        columns["SessionsUnauthorised"].append(pa.array(unauthorised[term]))
        columns["Suspensions"].append(pa.array(suspensions[term]))
    table = pa.table({name: pa.concat_arrays(parts) for name, parts in columns.items()})
    put_in: list[faults.Fault] = []
    if errors:
        table, put_in = _spoiled(table, errors, rng, f"{year}/{path.name}")
    pacsv.write_csv(table, str(path), pacsv.WriteOptions(quoting_style="none"))
    return Year(table.num_rows, 100 * float(np.mean(absent >= np.ceil(0.10 * total))),
                100 * float(absent.sum() / total.sum()), put_in)


def _spoiled(table: pa.Table, rate: float, rng: np.random.Generator, file: str
             ) -> tuple[pa.Table, list[faults.Fault]]:
    """The table with faults in ``rate`` of its rows: a blank required field, an invalid
    code, an impossible date of birth, or the row given twice (the copy at the end)."""
    chosen = np.flatnonzero(rng.random(table.num_rows) < rate)
    kinds = rng.choice([faults.MISSING, faults.INVALID_CODE, faults.IMPOSSIBLE_DATE,
                        faults.DUPLICATE], len(chosen))
    columns = {name: table.column(name).to_pylist() for name in table.column_names}
    put_in, copies = [], []
    for index, kind in zip(chosen.tolist(), kinds.tolist(), strict=True):
        if kind == faults.DUPLICATE:
            copies.append(index)
            continue
        if kind == faults.MISSING:
            column = str(rng.choice(["UPN", "DOB", "Sex", "Ethnicity", "URN",
                                     "SessionsPossible"]))
            columns[column][index] = None
        elif kind == faults.INVALID_CODE:
            column = str(rng.choice(["Sex", "Ethnicity", "SENStatus"]))
            columns[column][index] = "ZZ9"
        else:
            column = "DOB"
            columns[column][index] = "2023-02-31"
        put_in.append(faults.Fault(file, index + 2, column, kind))
    for number, index in enumerate(copies):
        for name in columns:
            columns[name].append(columns[name][index])
        put_in.append(faults.Fault(file, table.num_rows + number + 2, "Term", faults.DUPLICATE))
    return pa.table({name: pa.array(values, table.schema.field(name).type)
                     for name, values in columns.items()}), put_in


def _pupils(la_code: str, year: int, cohort: int, seed: str) -> dict[str, pa.Array]:
    """The pupils of the academic year ending ``year``, each cohort the same every year."""
    parts = [_cohort(la_code, year - 1 - age, cohort, seed) for age in AGES]
    pupils = {name: pa.concat_arrays([part[name] for part in parts]) for name in parts[0]}
    pupils["age"] = np.concatenate([np.full(cohort, age) for age in AGES])
    pupils["urn"] = _schools(la_code, pupils["number"].to_numpy(), pupils["age"], cohort)
    return pupils


def _cohort(la_code: str, born: int, size: int, seed: str) -> dict[str, pa.Array]:
    """Children born from 1 September ``born - 1`` to 31 August ``born``: 5 in the
    academic year ending ``born + 6``."""
    rng = np.random.default_rng(list(f"{seed}-{la_code}-born-{born}".encode()))
    first = np.datetime64(academic_start(born))
    dob = first + rng.integers(0, 365, size).astype("timedelta64[D]")
    numbers = np.arange(size, dtype=np.int64) + born * 1_000_000
    codes = list(ETHNICITY)
    weights = np.array(list(ETHNICITY.values()), dtype=float)
    ethnicity = np.array(codes)[rng.choice(len(codes), size, p=weights / weights.sum())]
    sen = np.array(["N", "K", "E"])[rng.choice(3, size, p=[0.83, 0.13, 0.04])]
    upn_digits = rng.integers(0, 10**9, size)
    text = pa.array(numbers).cast(pa.string())
    return {
        "number": pa.array(numbers),
        "id": pc.binary_join_element_wise("P", text, ""),
        # A check letter, the LA and nine digits: a UPN's shape.
        "upn": pc.binary_join_element_wise(
            pa.array(np.array(list("ABCDEFGHJKLMN"))[upn_digits % 13]), la_code,
            pc.utf8_lpad(pa.array(upn_digits).cast(pa.string()), 9, "0"), ""),
        "dob": pa.array(dob).cast(pa.date32()).cast(pa.string()),
        "sex": pa.array(np.where(rng.random(size) < 0.512, "M", "F")),
        "ethnicity": pa.array(ethnicity),
        "sen": pa.array(sen),
    }


def _schools(la_code: str, numbers: np.ndarray, ages: np.ndarray, cohort: int) -> pa.Array:
    """A primary school to 10, then a secondary school, the same for a pupil every year."""
    primaries = max(1, cohort * 6 // PRIMARY_SCHOOL)
    secondaries = max(1, cohort * 5 // SECONDARY_SCHOOL)
    school = np.where(ages < 11, numbers % primaries, 500 + numbers % secondaries)
    return pa.array(school + int(la_code) * 1000).cast(pa.string())


def _absence_rates(rng: np.random.Generator, count: int, aimed: Targets) -> np.ndarray:
    """Each pupil's share of sessions missed: exactly the published share persistent,
    and the rest set so the overall rate comes out near the published one."""
    share = aimed.absence_persistent / 100
    persistent = round(share * count)
    overall = aimed.absence_overall / 100
    # Everyone else's mean, if the persistent absentees miss 18% on average.
    mean = float(np.clip((overall - share * 0.18) / max(1e-9, 1 - share), 0.005, 0.06))
    low = rng.beta(1.3, 1.3 * (1 - mean) / mean, count - persistent).clip(0, 0.0995)
    # The persistent absentees' mean rate that brings the overall rate to the LA's.
    wanted = (overall * count - low.sum()) / max(1, persistent)
    excess = float(np.clip(wanted - 0.10, 0.01, 0.4))
    high = (0.10 + rng.exponential(excess, persistent)).clip(0.10, 0.95)
    rates = np.concatenate([low, high])
    rng.shuffle(rates)
    return rates


def _annual_absence(rates: np.ndarray, total: np.ndarray) -> np.ndarray:
    """Sessions missed in the year, so that 10% or more happens exactly when the rate
    is 10% or more."""
    absent = np.round(rates * total).astype(np.int64)
    threshold = np.ceil(0.10 * total).astype(np.int64)
    return np.where(rates >= 0.10, np.maximum(absent, threshold),
                    np.minimum(absent, threshold - 1))
