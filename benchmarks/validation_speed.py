"""How long Smeaton takes to check a return against every DfE validation rule, whole
process, beside the other tool (Data to Insight's validators, run by
benchmarks/validators/run_903.py and run_cin.py in the virtual environments that
benchmarks/validators/setup makes).

Three measurements, each of whole processes started from here (their start-up, reading
and writing included), the two tools in turn (Smeaton, the other tool, Smeaton, ...),
the median of the runs quoted:

- conformance: every rule on the other tool's SSDA903 test tables
  (tests/data/conformance/d2i-903 CSVs, as LA 318 in 2025/26): ``smeaton validate``
  writing its report, against the other tool's runner. Target: Smeaton 10 times faster.
- cin: every rule on a CIN census of 13,280 children: ``smeaton synth --la 330 --year
  2026 --years 1`` (Birmingham: 14,579 children), cut to its first 13,280 children.
  Target: Smeaton under 3 s. The other tool runs ``--other-runs`` times (about 100 s
  a run).
- national: every rule on a national SSDA903 return: ``smeaton synth --la all --year 2026
  --years 1``, each table of every LA joined into one file (the children's identifiers
  carry their LA's code, so none repeat), checked as one return of LA 330. Rows a second
  and peak memory; Smeaton only.

Peak memory is the largest resident set of the process and those it waited for
(``wait4``). With ``--rules``, each of Smeaton's rules is also timed alone on the CIN
census and the national return (its SQL on DuckDB, the tables already loaded), and the
slowest are listed.

    .venv/bin/python benchmarks/validation_speed.py [--runs 5] [--bench .bench] [--rules]
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMEATON = ROOT / ".venv/bin/smeaton"
RUNNERS = Path(__file__).resolve().parent / "validators"
D903 = ROOT / "tests/data/conformance/d2i-903"
SSDA903_FILES = ("header.csv", "episodes.csv", "reviews.csv", "uasc.csv", "oc2.csv", "oc3.csv",
                 "ad1.csv", "placed_for_adoption.csv", "previous_permanence.csv",
                 "missing.csv", "sw_episodes.csv", "DoLo.csv")
CIN_CHILDREN = 13_280


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of Smeaton each")
    parser.add_argument("--other-runs", type=int, default=1,
                        help="runs of the other tool on the CIN census")
    parser.add_argument("--bench", type=Path, default=ROOT / ".bench",
                        help="the folder benchmarks/validators/setup made")
    parser.add_argument("--data", type=Path, help="keep the synthetic returns here")
    parser.add_argument("--only", choices=("conformance", "cin", "national"), nargs="*")
    parser.add_argument("--rules", action="store_true", help="time each rule alone too")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as scratch:
        data = args.data or Path(scratch)
        chosen = args.only or ("conformance", "cin", "national")
        if "conformance" in chosen:
            conformance(args, Path(scratch))
        if "cin" in chosen:
            census = cin_census(data)
            cin(args, census, Path(scratch))
            if args.rules:
                slowest(census, None, 2026)
        if "national" in chosen:
            files = national(data)
            national_speed(args, files, Path(scratch))
            if args.rules:
                slowest(files, "330", 2026)


def machine() -> str:
    cores = os.cpu_count()
    memory = os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES") / 2**30
    load = os.getloadavg()[0]
    return (f"{platform.machine()}, {cores} cores, {memory:.0f} GiB, Python "
            f"{platform.python_version()}, load average {load:.1f}, "
            f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")


# --- Timing whole processes -------------------------------------------------------------

def timed(command: list) -> tuple[float, float, float]:
    """Wall seconds, processor seconds (user and system, with the processes it waited
    for) and peak resident memory (MiB) of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen([str(part) for part in command], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - started
    if os.waitstatus_to_exitcode(status) not in (0, 1):  # 1: problems were found
        raise SystemExit(f"failed ({status}): {' '.join(map(str, command))}")
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024


def alternate(commands: dict[str, list], runs: dict[str, int]) -> dict[str, list]:
    """Each command in turn, run after run, after one untimed run of each but the
    slowest (the last); ``runs`` says how many runs of each."""
    for command in list(commands.values())[:-1]:
        timed(command)
    found: dict[str, list] = {name: [] for name in commands}
    for run in range(max(runs.values())):
        for name, command in commands.items():
            if run < runs[name]:
                found[name].append(timed(command))
    return found


def medians(runs: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    return tuple(statistics.median(run[which] for run in runs) for which in range(3))


def spread(runs) -> str:
    seconds = [run[0] for run in runs]
    wall, cpu, peak = medians(runs)
    return (f"median {wall:.2f} s (min {min(seconds):.2f}, max {max(seconds):.2f}, "
            f"{len(seconds)} runs), processor {cpu:.2f} s, peak {peak:,.0f} MiB")


# --- The measurements -------------------------------------------------------------------

def validate_command(files, la, report, year=2026) -> list:
    command = [SMEATON, "validate", *files, "--year", str(year), "--report", report]
    return command + (["--la", la] if la else [])


def check_command(files, la, year=2026) -> list:
    """Smeaton checking the return in a process of its own, its report not written."""
    command = [ROOT / ".venv/bin/python", __file__, "check", "--year", str(year), *files]
    return command + (["--la", la] if la else [])


def smeaton_commands(files, la, report) -> dict[str, list]:
    return {"smeaton validate, report written": validate_command(files, la, report),
            "Smeaton checking only, no report": check_command(files, la)}


def paired(mine: list, theirs: list) -> float:
    """The median of the other tool's time over Smeaton's, run by run."""
    return statistics.median(other[0] / own[0] for own, other in zip(mine, theirs,
                                                                      strict=False))


def show(title: str, found: dict[str, list], target: str = "") -> None:
    print(title)
    for name, runs in found.items():
        if runs:
            print(f"  {name:34} {spread(runs)}")
    if target:
        print(f"  {target}")


def conformance(args, scratch: Path) -> None:
    files = [D903 / name for name in SSDA903_FILES]
    commands = smeaton_commands(files, "318", scratch / "conformance")
    commands["the other tool"] = [args.bench / "v903/bin/python", RUNNERS / "run_903.py",
                                  "--year", "2026", *files]
    found = alternate(commands, dict.fromkeys(commands, args.runs))
    ratios = ", ".join(f"{paired(found[name], found['the other tool']):.1f}"
                       for name in list(commands)[:2])
    show(f"conformance SSDA903 ({rows(files):,} rows), every rule:", found,
         f"Smeaton is {ratios} times faster, with and without its report (median of "
         "paired runs; target 10)")


def cin_census(data: Path) -> Path:
    """An LA's synthetic census cut to its first 13,280 children."""
    census = data / f"cin_{CIN_CHILDREN}.xml"
    if census.exists():
        return census
    if not (data / "330/2026/cin_census.xml").exists():
        synth(data, "330")
    whole = (data / "330/2026/cin_census.xml").read_text()
    opening, _, rest = whole.partition("<Child>")
    children = rest.split("<Child>")
    last = children[CIN_CHILDREN - 1]
    kept = children[:CIN_CHILDREN - 1] + [last[:last.index("</Child>") + len("</Child>")]]
    census.write_text(opening + "<Child>" + "<Child>".join(kept) + "\n</Children>\n</Message>\n")
    return census


def cin(args, census: Path, scratch: Path) -> None:
    commands = smeaton_commands([census], None, scratch / "cin")
    commands["the other tool"] = [args.bench / "vcin/bin/python", RUNNERS / "run_cin.py",
                                  "--year", "2026", census]
    runs = dict.fromkeys(commands, args.runs) | {"the other tool": args.other_runs}
    show(f"CIN census of {CIN_CHILDREN:,} children, every rule:", alternate(commands, runs),
         "target: Smeaton under 3 s")


def national(data: Path) -> list[Path]:
    """Every LA's synthetic SSDA903 tables, each table joined into one national file."""
    folder = data / "national"
    if not folder.exists():
        if not any(data.glob("[0-9]*/2026/episodes.csv")):
            synth(data, "all")
        folder.mkdir()
        for name in sorted({p.name for p in data.glob("[0-9]*/2026/*.csv")}
                           - {"attendance.csv"}):
            join(sorted(data.glob(f"[0-9]*/2026/{name}")), folder / name)
    return sorted(folder.glob("*.csv"))


def join(parts: list[Path], into: Path) -> None:
    with into.open("w", newline="") as out:
        writer = None
        for part in parts:
            with part.open(newline="") as file:
                reader = csv.DictReader(file)
                if writer is None:
                    writer = csv.DictWriter(out, reader.fieldnames)
                    writer.writeheader()
                writer.writerows(reader)


def national_speed(args, files: list[Path], scratch: Path) -> None:
    commands = smeaton_commands(files, "330", scratch / "national")
    found = alternate(commands, dict.fromkeys(commands, args.runs))
    count = rows(files)
    episodes = rows([path for path in files if path.name == "episodes.csv"])
    rates = ", ".join(f"{count / medians(runs)[0]:,.0f}" for runs in found.values())
    show(f"national SSDA903 ({count:,} rows, {episodes:,} episodes), every rule:", found,
         f"rows a second, with and without the report: {rates}")


def check(argv: list[str]) -> None:
    """The ``check`` command: Smeaton's checking alone, in this process, as the other
    tool's runners do it (no report written)."""
    from smeaton.analytics.validate import validate

    parser = argparse.ArgumentParser(prog="validation_speed.py check")
    parser.add_argument("files", nargs="+", type=Path)
    parser.add_argument("--la")
    parser.add_argument("--year", type=int)
    args = parser.parse_args(argv)
    result = validate(args.files, la_code=args.la, year=args.year)
    print(f"{len(result.problems):,} problems")


def synth(data: Path, la: str) -> None:
    subprocess.run([SMEATON, "synth", "--la", la, "--year", "2026", "--years", "1",
                    "--out", data], check=True, capture_output=True)


def rows(files: list[Path]) -> int:
    return sum(max(0, sum(1 for _ in path.open("rb")) - 1) for path in files)


# --- Each rule alone --------------------------------------------------------------------

def slowest(paths, la: str | None, year: int, shown: int = 10) -> None:
    """Each rule's own query on the return's tables, loaded once, slowest first."""
    from smeaton.analytics.ingest import RULE_TABLES, _cin_header, check_tables, read_batch
    from smeaton.analytics.returns import group
    from smeaton.analytics.rules import engine, rules_for

    paths = [paths] if isinstance(paths, Path) else paths
    raws, _ = read_batch(paths)
    (item,) = group(raws, la, year, None, allow_empty=True)
    checked = check_tables(item)
    context = engine.Context(item.year, item.la_code, extra=_cin_header(item))
    con, tables = engine._connect(checked, RULE_TABLES[item.source](), item.source, context)
    con = engine._cursor(con, tables)
    times = []
    for rule in rules_for(item.source, item.year):
        if rule.format or rule.needs:
            continue
        started = time.perf_counter()
        con.execute(engine.query(rule, context)).fetchall()
        times.append((time.perf_counter() - started, rule.code))
    total = sum(seconds for seconds, _ in times)
    print(f"  each rule alone: {len(times)} rules, {total:.2f} s in all; slowest:")
    for seconds, code in sorted(times, reverse=True)[:shown]:
        print(f"    {code:10} {seconds:.3f} s")


if __name__ == "__main__":
    if sys.argv[1:2] == ["check"]:
        check(sys.argv[2:])
    else:
        main()
