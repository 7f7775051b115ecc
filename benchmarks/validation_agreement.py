"""How far Smeaton's DfE validation rules agree with the other tool's, and how many of its
rules Smeaton declares.

The other tool is Data to Insight's validators (csc-validator-be-903 and -cin), run in
their own virtual environments (benchmarks/validators/setup) by run_903.py and
run_cin.py, which print the cells each rule flags in Smeaton's terms. Smeaton runs in
this process (smeaton.analytics.validate). Both run on:

- the other tool's own test returns, tests/data/conformance: the SSDA903 CSV tables of
  d2i-903 (placed_for_adoption.csv, not its alternative placed_for_adoption_errors.csv;
  not fake_903.xml, the same children as XML), as LA 318 in 2025/26; and each CIN
  census in d2i-cin, in the year its header gives;
- a synthetic LA with faults (smeaton synth --la 879 --year 2026 --years 2 --errors
  0.02): its 2025/26 SSDA903 tables with the 2024/25 ones as the previous year for both
  tools, and its 2025/26 CIN census (the other tool's CIN rules read no previous year;
  Smeaton is given it).

For each rule code both run, the rows (table and row) or, where the two name the same
fields, the cells (table, row, field) flagged by both, by Smeaton only and by the other
tool only; the other tool's flags on rows Smeaton could not check (a field the rule
reads failed Smeaton's format checks, so the rule's summary counts the row as not
checked) are counted apart, as rows. A difference is explained when Smeaton's
declaration of the rule has a ``note=``; the rest are listed for review. Coverage is the
share of the other tool's rule codes for 2025/26 and 2026/27 that Smeaton declares for
that year.

    .venv/bin/python benchmarks/validation_agreement.py [--bench .bench]

writes benchmarks/results/validation-agreement.md and prints a summary.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from smeaton.analytics.rules import engine, registry
from smeaton.analytics.source import Source
from smeaton.analytics.validate import validate

ROOT = Path(__file__).resolve().parent.parent
CONFORMANCE = ROOT / "tests/data/conformance"
RUNNERS = Path(__file__).resolve().parent / "validators"
SSDA903_FILES = ("header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv",
                 "ad1.csv", "placed_for_adoption.csv", "previous_permanence.csv",
                 "missing.csv", "sw_episodes.csv", "DoLo.csv")
SOURCES = {"903": Source.SSDA903, "cin": Source.CIN}
YEARS = (2026, 2027)  # the registries whose coverage is measured
HEADER = "/Message/Header"
COLUMNS = ("| return | rule | unit | both | Smeaton only | other only | "
           "not checked by Smeaton |")  # the CIN message header, whatever row Smeaton gives it


@dataclass
class Tally:
    """One rule code's agreement, summed over the returns it ran on."""

    source: str
    code: str
    unit: str = "cells"
    both: int = 0
    smeaton: int = 0
    other: int = 0
    unchecked: int = 0  # the other tool's, on rows Smeaton could not check
    examples: list[str] = field(default_factory=list)  # a few differing locations

    @property
    def differs(self) -> bool:
        return bool(self.smeaton or self.other)


@dataclass
class Run:
    """One return, as both tools saw it: rule code -> flagged (table, row, field)."""

    label: str
    source: str
    year: int
    smeaton: dict[str, set[tuple]]
    other: dict[str, set[tuple]]
    failed: dict[str, str]  # the other tool's rules that raised
    unread: dict[tuple, set[str]]  # (table, row) -> its fields that failed Smeaton's checks


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bench", type=Path, default=ROOT / ".bench",
                        help="the folder benchmarks/validators/setup made")
    parser.add_argument("--out", type=Path,
                        default=ROOT / "benchmarks/results/validation-agreement.md")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as work:
        runs = list(all_runs(args.bench, Path(work)))
    tallies = tally(runs)
    coverage = {(source, year): cover(args.bench, source, year)
                for source in SOURCES for year in YEARS}
    text = report(runs, tallies, coverage)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text)
    print(summary(tallies, coverage))
    print(f"Written to {args.out.relative_to(ROOT)}")


# --- The returns ------------------------------------------------------------------------

def all_runs(bench: Path, work: Path):
    d903 = [CONFORMANCE / "d2i-903" / name for name in SSDA903_FILES]
    yield run_903("conformance SSDA903 (d2i-903 CSVs)", bench, d903, "318", 2026, [])
    for path in sorted((CONFORMANCE / "d2i-cin").glob("*.xml")):
        found = run_cin(f"conformance CIN {path.name}", bench, path, None, [])
        if found:
            yield found
    subprocess.run([ROOT / ".venv/bin/smeaton", "synth", "--la", "879", "--year", "2026",
                    "--years", "2", "--errors", "0.02", "--out", work], check=True,
                   capture_output=True)
    years = {year: work / "879" / str(year) for year in (2025, 2026)}
    tables = {year: sorted(p for p in folder.glob("*.csv") if p.name != "attendance.csv")
              for year, folder in years.items()}
    yield run_903("synthetic LA 879, 2025/26 SSDA903 with 2024/25", bench, tables[2026],
                  "879", 2026, tables[2025])
    found = run_cin("synthetic LA 879, 2025/26 CIN census", bench,
                    years[2026] / "cin_census.xml", 2026, [years[2025] / "cin_census.xml"])
    if found:
        yield found


def run_903(label, bench, files, la, year, previous) -> Run:
    result = validate(files, la_code=la, year=year, previous=previous or None)
    command = [bench / "v903/bin/python", RUNNERS / "run_903.py", "--year", str(year),
               "--la", ons_code(la), *files]
    if previous:
        command += ["--previous", *previous]
    other = runner(command)
    return Run(label, "903", year, smeaton_cells(result, year, "903"), other_cells(other),
               failures(other), unread(result, year, "903"))


def run_cin(label, bench, path, year, previous) -> Run | None:
    result = validate([path], year=year, previous=previous or None)
    years = {summary.year for summary in result.rules}
    if len(years) != 1 or not (2023 <= min(years) <= 2027):
        return None  # a year the other tool has no rules for
    (year,) = years
    other = runner([bench / "vcin/bin/python", RUNNERS / "run_cin.py", "--year", str(year),
                    path])
    return Run(f"{label} ({year - 1}/{str(year)[2:]})", "cin", year,
               smeaton_cells(result, year, "cin"), other_cells(other), failures(other),
               unread(result, year, "cin"))


def runner(command: list) -> dict:
    done = subprocess.run([str(part) for part in command], capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout)


def smeaton_cells(result, year: int, source: str) -> dict[str, set[tuple]]:
    cells: dict[str, set[tuple]] = defaultdict(set)
    for problem in result.problems:
        if not problem.rule or problem.year != year:
            continue
        row = HEADER if problem.table == "cin_header" else problem.row
        for column in problem.column.split(", "):
            cells[problem.rule].add((problem.table, row, column or None))
    return cells


def unread(result, year: int, source: str) -> dict[tuple, set[str]]:
    """The fields of each row that failed Smeaton's format checks: a rule reading one of
    them does not check that row (it is counted as not checked in the rule's summary)."""
    failed: dict[tuple, set[str]] = defaultdict(set)
    for problem in result.problems:
        if problem.year != year or problem.severity != "error":
            continue
        if not problem.rule or any(rule.format for rule in declared(source, problem.rule)):
            failed[(problem.table, problem.row)].update(problem.column.split(", "))
    return failed


def other_cells(found: dict) -> dict[str, set[tuple]]:
    return {code: {tuple(cell) for cell in rule["cells"]}
            for code, rule in found["rules"].items()}


def failures(found: dict) -> dict[str, str]:
    return {code: rule["outcome"] for code, rule in found["rules"].items()
            if rule["outcome"].startswith("failed")}


def ons_code(la: str) -> str:
    """The LA's ONS code, the other tool's way of naming it (Smeaton's areas list)."""
    areas = (ROOT / "src/smeaton/analytics/published/data/areas.csv").read_text()
    for line in areas.splitlines()[1:]:
        code, _, level, _, _, gss, *_ = line.split(",")
        if code == la and level == "local authority":
            return gss
    raise SystemExit(f"LA {la}: not in Smeaton's list of areas")


# --- Agreement --------------------------------------------------------------------------

def declared(source: str, code: str, year: int | None = None) -> list:
    rules = registry().get((SOURCES[source], code), [])
    return [rule for rule in rules if year is None or rule.applies_in(year)]


def tally(runs: list[Run]) -> dict[tuple[str, str], Tally]:
    tallies: dict[tuple[str, str], Tally] = {}
    pairs = []
    for run in runs:
        for code in run.other:
            rules = declared(run.source, code, run.year)
            if not rules or code in run.failed:
                continue
            mine, theirs = run.smeaton.get(code, set()), run.other[code]
            item = tallies.setdefault((run.source, code), Tally(run.source, code))
            flags = {tuple(flag.split(".", 1)) for rule in rules for flag in rule.flags}
            if not {(table, name) for table, _, name in theirs} <= flags:
                item.unit = "rows"  # the two name different fields (or none)
            reads = {name for rule in rules for name in reads_of(rule)}
            unchecked = {cell for cell in theirs - mine
                         if run.unread.get(tuple(cell[:2]), set()) & reads}
            item.unchecked += len({cell[:2] for cell in unchecked})
            pairs.append((item, run.label, mine, theirs - unchecked))
    for item, label, mine, theirs in pairs:
        compare(item, label, mine, theirs)
    return tallies


def reads_of(rule) -> set[str]:
    """The fields a rule reads: those it flags and those its SQL names."""
    return set(engine._columns_read(rule.where or rule.sql)) | {
        flag.split(".", 1)[1] for flag in rule.flags}


def compare(item: Tally, label: str, mine: set[tuple], theirs: set[tuple]) -> None:
    if item.unit == "rows":
        mine = {(table, row) for table, row, _ in mine}
        theirs = {(table, row) for table, row, _ in theirs}
    item.both += len(mine & theirs)
    item.smeaton += len(mine - theirs)
    item.other += len(theirs - mine)
    for which, cells in (("Smeaton only", mine - theirs), ("other only", theirs - mine)):
        for cell in sorted(cells, key=str)[:2]:
            if len(item.examples) < 4:
                item.examples.append(f"{which}: {label.split(' (')[0]} {place(cell)}")


def place(cell: tuple) -> str:
    table, row, *rest = cell
    return f"{table} row {row}" + (f" {rest[0]}" if rest and rest[0] else "")


def message_of(item: Tally) -> str:
    return declared(item.source, item.code)[0].message


def note_of(item: Tally) -> str:
    return " ".join(rule.note for rule in declared(item.source, item.code) if rule.note)


# --- Coverage ---------------------------------------------------------------------------

def cover(bench: Path, source: str, year: int) -> tuple[int, list[str]]:
    """How many of the other tool's codes for the year Smeaton declares, and the rest."""
    script = "run_903.py" if source == "903" else "run_cin.py"
    codes = runner([bench / f"v{source}/bin/python", RUNNERS / script, "--year", str(year),
                    "--codes"])["codes"]
    missing = sorted(code for code in codes if not declared(source, code, year))
    return len(codes), missing


# --- Writing it up ----------------------------------------------------------------------

def report(runs, tallies, coverage) -> str:
    lines = ["# Smeaton's DfE validation rules and the other tool's", "",
             "Written by benchmarks/validation_agreement.py; see benchmarks/README.md.", "",
             "## Coverage", "",
             "| return | collection year | the other tool's codes | Smeaton declares | "
             "share |", "|---|---|---|---|---|"]
    for (source, year), (count, missing) in coverage.items():
        lines.append(f"| {source_name(source)} | {year - 1}/{str(year)[2:]} | {count} | "
                     f"{count - len(missing)} | {share(count - len(missing), count)} |")
    for (source, year), (_, missing) in coverage.items():
        if missing:
            lines += ["", f"Not declared by Smeaton, {source_name(source)} {year}: "
                      + ", ".join(missing)]
    lines += ["", "## Returns compared", ""]
    for run in runs:
        failed = f"; the other tool's rules that failed to run: {', '.join(run.failed)}" \
            if run.failed else ""
        lines.append(f"- {run.label}{failed}")
    lines += ["", "## Totals", "", totals_table(tallies), "",
              "## Differences not explained by a rule's note", "",
              COLUMNS + " message | examples |", "|---" * 9 + "|"]
    ordered = sorted(tallies.values(), key=lambda item: (item.source, order(item.code)))
    for item in ordered:
        if item.differs and not note_of(item):
            examples = "; ".join(item.examples)
            lines.append(row_of(item) + f" {message_of(item)} | {examples} |")
    lines += ["", "## Differences explained by a rule's note", "",
              COLUMNS + " note |", "|---" * 8 + "|"]
    for item in ordered:
        if item.differs and note_of(item):
            lines.append(row_of(item) + f" {note_of(item)[:300]} |")
    lines += ["", "## Every rule both run", "", COLUMNS, "|---" * 7 + "|"]
    lines += [row_of(item) for item in ordered]
    return "\n".join(lines) + "\n"


def row_of(item: Tally) -> str:
    return (f"| {source_name(item.source)} | {item.code} | {item.unit} | {item.both:,} | "
            f"{item.smeaton:,} | {item.other:,} | {item.unchecked:,} |")


def totals_table(tallies) -> str:
    lines = ["| return | rules both run | rules agreeing exactly | flagged by both | "
             "Smeaton only | other only | not checked by Smeaton | unexplained rules |",
             "|---|---|---|---|---|---|---|---|"]
    for source in SOURCES:
        items = [item for item in tallies.values() if item.source == source]
        lines.append(
            f"| {source_name(source)} | {len(items)} | "
            f"{sum(not item.differs for item in items)} | "
            f"{sum(item.both for item in items):,} | {sum(item.smeaton for item in items):,} | "
            f"{sum(item.other for item in items):,} | "
            f"{sum(item.unchecked for item in items):,} | "
            f"{sum(item.differs and not note_of(item) for item in items)} |")
    return "\n".join(lines)


def summary(tallies, coverage) -> str:
    lines = [totals_table(tallies), ""]
    for (source, year), (count, missing) in coverage.items():
        lines.append(f"coverage {source_name(source)} {year}: "
                     f"{share(count - len(missing), count)} of {count} codes")
    unexplained = [f"{item.source} {item.code}" for item in tallies.values()
                   if item.differs and not note_of(item)]
    lines.append(f"unexplained differences ({len(unexplained)}): {', '.join(unexplained)}")
    return "\n".join(lines)


def source_name(source: str) -> str:
    return "SSDA903" if source == "903" else "CIN"


def share(part: int, whole: int) -> str:
    return f"{100 * part / whole:.0f}%" if whole else "-"


def order(code: str) -> tuple:
    digits = "".join(ch for ch in code if ch.isdigit())
    return (int(digits) if digits else 0, code)


if __name__ == "__main__":
    main()
