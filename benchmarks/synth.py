"""How fast synthetic LAs are written: whole-process timings of `smeaton synth`.

1. One LA: Plymouth (879), six years to 2025, --runs times, paired run by run with the
   start-up of the same code (`python -c "import smeaton.analytics.synth"`).
2. Every LA: `--la all`, six years to 2025, once (it takes a quarter of an hour on 2
   cores), with the same start-up baseline before it.

Before each run (and outside its time) its output folder is deleted. Reported: wall
and CPU seconds, peak memory (the largest single process: `--la all` writes one LA per
processor, each in a process of its own), what was written (files, megabytes, rows of
attendance) and what it holds in 2025 by the generator's own count (calibration.tsv):
children looked after at 31 March, referrals in the year, pupils.

    .venv/bin/python benchmarks/synth.py [--runs 5] [--only one-la all-las]
        [--scratch /tmp/smeaton-bench-synth]

At least 15 GB of scratch space for every LA; the folder is deleted at the end.
"""

import argparse
import csv
import os
import shutil
import sys
from pathlib import Path

from whole_process import machine, paired, revision, run, spread

SMEATON = str(Path(sys.executable).parent / "smeaton")


def written(folder: Path) -> dict:
    """Files, size and what the year 2025 holds, by the generator's own count."""
    files = [path for path in folder.rglob("*") if path.is_file()]
    totals = {"files": len(files), "mb": sum(path.stat().st_size for path in files) / 1e6,
              "cla_at_end": 0, "referrals": 0, "attendance_rows": 0, "pupils_2025": 0}
    for path in folder.glob("*/calibration.tsv"):
        with path.open(newline="") as handle:
            for row in csv.DictReader(handle, delimiter="\t"):
                if row["year"] == "2025" and row["figure"] in ("cla_at_end", "referrals"):
                    totals[row["figure"]] += round(float(row["synthetic"]))
    for path in folder.glob("*/*/attendance.csv"):
        with path.open("rb") as handle:
            rows = sum(block.count(b"\n") for block in iter(lambda: handle.read(1 << 24), b""))
        totals["attendance_rows"] += rows - 1
        if path.parent.name == "2025":
            totals["pupils_2025"] += (rows - 1) // 3
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--only", nargs="+", choices=("one-la", "all-las"),
                        default=["one-la", "all-las"])
    parser.add_argument("--scratch", type=Path,
                        default=Path("/tmp/smeaton-bench-synth"))  # noqa: S108
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEATON_", "DATABASE_"))}
    args.scratch.mkdir(parents=True, exist_ok=True)
    out = args.scratch / "out"
    baseline = [sys.executable, "-c", "import smeaton.analytics.synth"]
    print(f"{machine()}; code: {revision(env)}")
    try:
        if "one-la" in args.only:
            command = [SMEATON, "synth", "--la", "879", "--year", "2025", "--out", str(out)]
            timed, base, said = paired(command, baseline,
                                       lambda: shutil.rmtree(out, ignore_errors=True),
                                       lambda: written(out), env, args.runs, args.scratch,
                                       "one-la", succeeded=(0,))
            report("Plymouth (879), 2020 to 2025", timed, base, said)
        if "all-las" in args.only:
            shutil.rmtree(out, ignore_errors=True)
            start_up = run(baseline, env, args.scratch / "all-baseline.out")
            every = run([SMEATON, "synth", "--la", "all", "--year", "2025", "--out",
                         str(out)], env, args.scratch / "all-las.out")
            if every.status != 0:
                raise SystemExit(f"smeaton synth --la all exited {every.status}")
            report("every LA (153), 2020 to 2025", [every], [start_up], written(out))
    finally:
        shutil.rmtree(out, ignore_errors=True)


def report(title: str, timed, base, said: dict) -> None:
    print(f"\n{title}: {len(timed)} run(s), median (min-max)")
    print(f"  smeaton synth   wall {spread([r.wall for r in timed])} s, "
          f"cpu {spread([r.cpu for r in timed])} s, "
          f"peak {spread([r.peak_mib for r in timed], '{:.0f}')} MiB")
    print(f"  start-up        wall {spread([r.wall for r in base])} s")
    print(f"  wrote {said['files']:,} files, {said['mb']:,.0f} MB; "
          f"{said['attendance_rows']:,} attendance rows")
    print(f"  2025: {said['cla_at_end']:,} children looked after at 31 March, "
          f"{said['referrals']:,} referrals, {said['pupils_2025']:,} pupils")


if __name__ == "__main__":
    main()
