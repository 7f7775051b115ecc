"""Synthetic LAs: the child-level returns an LA would submit, calibrated to its own
published figures, for demonstrating, testing and benchmarking Smeaton without any real
child's data. See docs/synthetic-data.md.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from pathlib import Path

from smeaton.analytics.formats.spec import ssda903_tables
from smeaton.analytics.synth import attendance, calibration, census, faults, ssda903
from smeaton.analytics.synth.care import CareHistories
from smeaton.analytics.synth.need import NeedHistories
from smeaton.analytics.synth.targets import Targets, authorities, targets

__all__ = ["Written", "authorities", "synthesise"]


@dataclass
class Written:
    """What was written for one LA: its folder, the files and the figures aimed at."""

    la_code: str
    folder: Path
    files: list[Path] = field(default_factory=list)
    targets: dict[int, Targets] = field(default_factory=dict)
    injected: list[faults.Fault] = field(default_factory=list)  # with --errors
    checks: list[calibration.Check] = field(default_factory=list)  # against the figures

    @property
    def misses(self) -> list[calibration.Check]:
        """Published figures the synthetic returns are not within tolerance of."""
        return [check for check in self.checks if check.judged and not check.within]


def synthesise(la_code: str, year: int, years: int, seed: int, out: Path,
               errors: float = 0.0) -> Written:
    """Write ``la_code``'s returns for the ``years`` years ending ``year`` under
    ``out/<la_code>/<year>/``, the same for the same seed; with ``errors``, that share of
    rows given a fault, listed in ``out/<la_code>/faults.tsv``."""
    aimed = {each: targets(la_code, each) for each in range(year - years + 1, year + 1)}
    # Each kind of return draws from its own stream, so one can change without moving
    # the children of another.
    rng = random.Random(f"{seed}-{la_code}")
    periods = CareHistories(la_code, aimed, rng).build()
    in_need = NeedHistories(la_code, aimed, random.Random(f"{seed}-{la_code}-need")).build()
    cohort = attendance.pupils_per_cohort(aimed)
    spoiler = random.Random(f"{seed}-{la_code}-faults")
    absence: dict[int, float] = {}
    written = Written(la_code, out / la_code, targets=aimed)
    specs = ssda903_tables()
    for each in aimed:
        folder = written.folder / str(each)
        folder.mkdir(parents=True, exist_ok=True)
        for name, rows in ssda903.tables(periods, each, la_code, rng).items():
            path = folder / f"{name}.csv"
            rows, found = faults.csv_rows(rows, specs[name], each, f"{each}/{path.name}",
                                          errors, spoiler, "%d/%m/%Y")
            written.injected += found
            with path.open("w", newline="", encoding="utf-8") as handle:
                writer = csv.DictWriter(handle, fieldnames=specs[name].names)
                writer.writeheader()
                writer.writerows(rows)
            written.files.append(path)
        path = folder / "cin_census.xml"
        written.injected += census.write(in_need, each, la_code, path, errors, spoiler)
        written.files.append(path)
        path = folder / "attendance.csv"
        pupils = attendance.write(la_code, each, aimed[each], cohort, str(seed), path, errors)
        written.injected += pupils.faults
        absence[each] = pupils.persistent
        written.files.append(path)
    written.checks = calibration.checks(aimed, periods, in_need, absence)
    path = written.folder / "calibration.tsv"
    calibration.write(written.checks, path)
    written.files.append(path)
    if errors:
        written.injected = faults.with_rules(written.injected)
        path = written.folder / "faults.tsv"
        faults.write_manifest(written.injected, path)
        written.files.append(path)
    return written
