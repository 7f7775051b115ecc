"""How fast statutory returns go in: whole-process timings of `smeaton ingest`.

Builds LA-sized and national-sized returns from the conformance data in
tests/data/conformance (fake children only), then times `smeaton ingest` as a whole
process, several runs each, paired run by run (A B A B ...) with a baseline timed in
the same run, so the ratio holds when the machine's speed drifts:

1. cin-13280.xml: fake_CIN_data.xml (332 children) 40 times over in one <Children>,
   each copy's LAchildID given a four-digit suffix, so 13,280 distinct children.
   Baseline: `python -c "import smeaton.analytics.ingest"` (start-up alone).
   Target: under 2 s for the whole process.
2. national.xml: the same, --copies times over (default 1,600: about 531,000 children,
   643,000 referrals, 416 MB). Baseline: benchmarks/bare_parse.py, a bare lxml
   iterparse of the same file in its own process. Target: within 3x of it.
3. national-903/: the d2i SSDA903 CSV tables (not placed_for_adoption_errors.csv)
   --copies-903 times over (default 200: 1,010,000 episodes, 5.2 million rows in
   all, about 230 MB), CHILD given a three-digit suffix per copy, loaded with
   --la 879 --year 2018. Reported as rows per second (every table's rows over the
   median wall time) and peak memory. Baseline: bare_parse.py reading every CSV row.

Each run of `smeaton ingest` is a first load: before it (and outside its time) the
store, the report folder and the re-identification table are deleted, so nothing is
"unchanged"; the keys, made in the warm-up run, are kept. Wall time is measured around
the child process; CPU time and peak memory (largest resident set) are the kernel's
own accounting of that one process (os.wait4). Files are read from a warm page cache,
and Python's compiled bytecode is cached (PYTHONDONTWRITEBYTECODE is dropped, so the
warm-up writes it) as it is after an install. To time another copy of the code, point
PYTHONPATH at its src/ folder; the figures name the code they timed.

    .venv/bin/python benchmarks/ingest.py [--copies 1600] [--copies-903 200]
        [--runs 5] [--national-runs 3] [--only cin-13280 national-cin national-903]
        [--scratch /tmp/smeaton-bench-ingest] [--clean]

The generated data (about 650 MB at the default sizes) is kept in --scratch for the
next run unless --clean is given; a smaller --copies fits a smaller disk. Expect about
20 minutes at the default sizes on 2 cores.
"""

import argparse
import contextlib
import csv
import io
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

from whole_process import ROOT, machine, paired, revision, spread

CONFORMANCE = ROOT / "tests" / "data" / "conformance"
CIN_SOURCE = CONFORMANCE / "d2i-cin" / "fake_CIN_data.xml"
SSDA903_SOURCE = CONFORMANCE / "d2i-903"
SKIPPED_903 = {"placed_for_adoption_errors.csv"}
CHILD_ID = re.compile(r"<LAchildID>([^<]*)</LAchildID>")
CASES = ("cin-13280", "national-cin", "national-903")
TOTAL_LINE = re.compile(r"^([\d,]+) errors? and ([\d,]+) warnings?\.$")


# --- Data ----------------------------------------------------------------------------------


def build_cin(target: Path, copies: int) -> dict:
    """fake_CIN_data.xml's children ``copies`` times over, each copy's IDs made distinct."""
    text = CIN_SOURCE.read_text(encoding="utf-8")
    start = text.index("<Children>") + len("<Children>")
    end = text.index("</Children>")
    head, body, tail = text[:start], text[start:end], text[end:]
    partial = target.with_suffix(".partial")
    with partial.open("w", encoding="utf-8") as file:
        file.write(head)
        for copy in range(copies):
            file.write(CHILD_ID.sub(
                lambda match, c=copy: f"<LAchildID>{match[1]}{c:04d}</LAchildID>"
                if match[1].strip() else match[0], body))
        file.write(tail)
    partial.rename(target)
    return {"copies": copies, "children": body.count("<Child>") * copies,
            "referrals": body.count("<CINdetails>") * copies,
            "mb": target.stat().st_size / 1e6}


def build_903(target: Path, copies: int) -> dict:
    """The SSDA903 tables ``copies`` times over, CHILD made distinct per copy."""
    partial = target.with_name(target.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    rows = {}
    for source in sorted(SSDA903_SOURCE.glob("*.csv")):
        if source.name in SKIPPED_903:
            continue
        raw = source.read_bytes()
        bom = raw.startswith(b"\xef\xbb\xbf")
        ending = "\r\n" if b"\r\n" in raw else "\n"
        header, *body = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
        child = header.index("CHILD")
        with (partial / source.name).open("w", newline="",
                                          encoding="utf-8-sig" if bom else "utf-8") as file:
            writer = csv.writer(file, lineterminator=ending)
            writer.writerow(header)
            for copy in range(copies):
                for row in body:
                    row = list(row)
                    if row[child].strip():  # a blank CHILD stays blank: the mess is kept
                        row[child] = f"{row[child]}{copy:03d}"
                    writer.writerow(row)
        rows[source.name] = len(body) * copies
    partial.rename(target)
    return {"copies": copies, "rows": rows, "total_rows": sum(rows.values()),
            "mb": sum(path.stat().st_size for path in target.iterdir()) / 1e6}


def prepare_data(scratch: Path, copies: int, copies_903: int, wanted: set[str]) -> dict:
    """Build what is missing (or of another size); the manifest records what is there."""
    manifest_path = scratch / "manifest.json"
    manifest = json.loads(manifest_path.read_text()) if manifest_path.exists() else {}
    plans = {"cin-13280": (scratch / "cin-13280.xml", 40, build_cin),
             "national-cin": (scratch / "national.xml", copies, build_cin),
             "national-903": (scratch / "national-903", copies_903, build_903)}
    need = sum(CIN_SOURCE.stat().st_size * n if name != "national-903" else
               sum(p.stat().st_size for p in SSDA903_SOURCE.glob("*.csv")) * n
               for name, (_, n, _) in plans.items() if name in wanted)
    free = shutil.disk_usage(scratch).free
    if need * 1.5 > free:
        raise SystemExit(f"About {need / 1e6:,.0f} MB of data (and room for the stores) "
                         f"will not fit in the {free / 1e6:,.0f} MB free under {scratch}: "
                         "give a smaller --copies / --copies-903.")
    for name, (path, n, build) in plans.items():
        if name not in wanted:
            continue
        if path.exists() and manifest.get(name, {}).get("copies") == n:
            continue
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
        print(f"Building {path} ({n} copies) ...", flush=True)
        manifest[name] = build(path, n)
        manifest_path.write_text(json.dumps(manifest, indent=1))
    return manifest


# --- Timing --------------------------------------------------------------------------------


def loaded(store: Path, output: Path, env: dict) -> dict:
    """Rows in, stored and rejected (the store's catalogue, read in a process of its own
    to keep this one small), errors and warnings (the summary's last line: the table
    above it runs columns together past 999,999)."""
    read = ("import json, sys, pyarrow.parquet as pq; rows = pq.read_table(sys.argv[1])"
            ".to_pylist(); print(json.dumps({key: sum(row[key] for row in rows) for key in "
            "('rows_in', 'rows_stored', 'rows_rejected')}))")
    state = store / json.loads((store / "store.json").read_text()).get("current", ".")
    totals = json.loads(subprocess.run(  # noqa: S603
        [sys.executable, "-c", read, str(state / "catalogue.parquet")], env=env,
        capture_output=True, text=True, check=True).stdout)
    totals["errors"] = totals["warnings"] = None
    for line in output.read_text(encoding="utf-8", errors="replace").splitlines():
        match = TOTAL_LINE.match(line)
        if match:
            totals["errors"], totals["warnings"] = (int(v.replace(",", ""))
                                                    for v in match.groups())
    return totals


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scratch", type=Path,
                        default=Path("/tmp/smeaton-bench-ingest"))  # noqa: S108
    parser.add_argument("--copies", type=int, default=1600,
                        help="copies of fake_CIN_data.xml in national.xml (402 referrals "
                             "and 259 KB each)")
    parser.add_argument("--copies-903", type=int, default=200,
                        help="copies of the SSDA903 tables (5,050 episodes, 1.4 MB each)")
    parser.add_argument("--runs", type=int, default=5, help="counted runs, cin-13280")
    parser.add_argument("--national-runs", type=int, default=3,
                        help="counted runs, each national case")
    parser.add_argument("--only", nargs="+", choices=CASES, default=list(CASES))
    parser.add_argument("--clean", action="store_true",
                        help="delete the generated data and stores when done")
    args = parser.parse_args()
    if not 1 <= args.copies_903 <= 1000 or not 1 <= args.copies <= 10000:
        parser.error("--copies is 1 to 10000 and --copies-903 1 to 1000 (suffix widths)")

    scratch = args.scratch.resolve()
    scratch.mkdir(parents=True, exist_ok=True)
    data = prepare_data(scratch, args.copies, args.copies_903, set(args.only))
    home, store, reports, logs = (scratch / "home", scratch / "store", scratch / "report",
                                  scratch / "logs")
    logs.mkdir(exist_ok=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEATON_", "DATABASE_"))}
    env["SMEATON_HOME"] = str(home)
    # Compiled bytecode is cached, as after any install: the warm-up writes what is missing.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    code = revision(env)
    smeaton = Path(sys.executable).parent / "smeaton"
    ingest = [str(smeaton)] if smeaton.exists() else [sys.executable, "-m", "smeaton.cli"]
    ingest += ["ingest"]
    python = sys.executable
    bare = str(ROOT / "benchmarks" / "bare_parse.py")

    def fresh() -> None:
        shutil.rmtree(store, ignore_errors=True)
        shutil.rmtree(reports, ignore_errors=True)
        (home / "reidentification.sqlite3").unlink(missing_ok=True)

    cases = {
        "cin-13280": (
            [*ingest, str(scratch / "cin-13280.xml")],
            [python, "-c", "import smeaton.analytics.ingest"],
            "import smeaton.analytics.ingest (start-up)", args.runs),
        "national-cin": (
            [*ingest, str(scratch / "national.xml")],
            [python, bare, str(scratch / "national.xml")],
            "bare lxml iterparse (benchmarks/bare_parse.py)", args.national_runs),
        "national-903": (
            [*ingest, str(scratch / "national-903"), "--la", "879", "--year", "2018"],
            [python, bare, str(scratch / "national-903")],
            "bare csv read (benchmarks/bare_parse.py)", args.national_runs),
    }
    results = {}
    try:
        for name in args.only:
            command, baseline, label, runs = cases[name]
            command = [*command, "--store", str(store), "--report", str(reports)]
            print(f"Timing {name}: {runs} pairs after a warm-up ...", flush=True)
            timed, base, totals = paired(
                command, baseline, fresh, lambda n=name: loaded(store, logs / f"{n}.out", env),
                env, runs, logs, name)
            results[name] = (timed, base, label, totals)
    finally:
        fresh()
        if args.clean:  # everything this script made, and the folder if that empties it
            for path in (scratch / "cin-13280.xml", scratch / "national.xml",
                         scratch / "manifest.json"):
                path.unlink(missing_ok=True)
            for path in (scratch / "national-903", home, logs):
                shutil.rmtree(path, ignore_errors=True)
            with contextlib.suppress(OSError):
                scratch.rmdir()

    print()
    print(f"{machine()}; code: {code}")
    if revision(env) != code:
        print(f"WARNING: the code changed during the run ({code} -> {revision(env)}); "
              "these figures mix the two: run again.")
    for name, (timed, base, label, totals) in results.items():
        size = data[name]
        if name == "national-903":
            described = (f"{size['total_rows']:,} rows ({size['rows']['episodes.csv']:,} "
                         f"episodes) in {len(size['rows'])} tables, {size['mb']:.0f} MB")
        else:
            described = (f"{size['children']:,} children, {size['referrals']:,} referrals, "
                         f"{size['mb']:.0f} MB")
        print(f"\n{name}: {described}; {len(timed)} runs after a warm-up, "
              "median (min-max)")
        print(f"  {'':44} {'wall s':>20} {'cpu s':>20} {'peak MiB':>22}")
        for title, runs_ in (("smeaton ingest", timed), (label, base)):
            print(f"  {title:44} {spread([r.wall for r in runs_]):>20} "
                  f"{spread([r.cpu for r in runs_]):>20} "
                  f"{spread([r.peak_mib for r in runs_], '{:.0f}'):>22}")
        ratios = [a.wall / b.wall for a, b in zip(timed, base, strict=True)]
        print(f"  {'ratio ingest / baseline, pair by pair':44} {spread(ratios):>20}")
        wall = statistics.median(r.wall for r in timed)
        print(f"  loaded (last run): {totals['rows_in']:,} rows in, "
              f"{totals['rows_stored']:,} stored, {totals['rows_rejected']:,} rejected; "
              f"{totals['errors']:,} errors, {totals['warnings']:,} warnings; exit status "
              f"{timed[-1].status}")
        if name == "cin-13280":
            print(f"  target under 2 s: {'met' if wall < 2 else 'missed'} ({wall:.2f} s)")
        elif name == "national-cin":
            ratio = statistics.median(ratios)
            print(f"  target within 3x of the bare parse: "
                  f"{'met' if ratio <= 3 else 'missed'} ({ratio:.1f}x)")
        else:
            print(f"  {totals['rows_in'] / wall:,.0f} rows per second "
                  f"({totals['rows_in']:,} rows / {wall:.1f} s median wall); peak "
                  f"{statistics.median(r.peak_mib for r in timed):,.0f} MiB")


if __name__ == "__main__":
    main()
