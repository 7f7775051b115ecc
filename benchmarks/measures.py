"""How fast `smeaton measures` computes the catalogue: whole-process timings.

On a store holding every English LA's synthetic returns (`smeaton synth --la all`, six
years, each LA loaded with `smeaton ingest`):

1. catalogue: the whole catalogue with every breakdown for one reporting year, every LA,
   against the same measures in straightforward pandas (benchmarks/measures_pandas.py),
   which takes many minutes and so runs once, between our warm-up and our runs; the
   two must give the same figures.
2. monthly: a rolling 12-month series of month ends for one LA (Plymouth, 879), paired
   with the start-up of the same code (`python -c "import smeaton.analytics.measures"`).
3. floor: three headline measures (children looked after, re-referrals, persistent
   absence) by `smeaton measures --measure ... --totals-only`, paired with one
   hand-written DuckDB SQL query for the same three totals (benchmarks/measures_sql.py);
   same figures required. Then once with every breakdown, for comparison.
4. growth: the whole catalogue on stores of 1, 10, 40 and every LA (folders linked from
   the national store), once each, to show how the cost grows.

    .venv/bin/python benchmarks/measures.py --store STORE [--year 2025] [--runs 3]
        [--only catalogue monthly floor growth] [--scratch /tmp/smeaton-bench-measures]
"""

import argparse
import csv
import json
import os
import shutil
import statistics
import sys
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
from whole_process import ROOT, machine, paired, revision, run, spread

from smeaton.analytics.store import Store

PYTHON = sys.executable
SMEATON = str(Path(sys.executable).parent / "smeaton")
HEADLINES = ("cla_at_end", "rereferral_12m", "absence_persistent")
SOURCES = ("ssda903", "cin", "attendance")


def figures(path: Path) -> dict[tuple, tuple]:
    """(measure, LA, breakdown, value) -> (numerator, denominator) from a results file."""
    if path.suffix == ".parquet":
        rows = pq.read_table(path).to_pylist()
    else:
        with path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
    return {(row["measure_id"], str(row["la_code"]), row.get("breakdown", "Total"),
             row.get("breakdown_value", "Total")):
            (_number(row["numerator"]), _number(row["denominator"])) for row in rows}


def _number(value) -> float | None:
    return None if value in (None, "") else float(value)


def agree(ours: Path, theirs: Path) -> int:
    """Every figure the other implementation gives is ours too; returns how many."""
    mine, other = figures(ours), figures(theirs)
    for key, (numerator, denominator) in other.items():
        got = mine.get(key)
        if got is None or got[0] != numerator or (got[1] is not None and
                                                  got[1] != denominator):
            raise SystemExit(f"the figures differ at {key}: ours {got}, theirs "
                             f"{(numerator, denominator)}")
    return len(other)


def sizes(store: Path, year: int, las: list[str] | None = None) -> dict[str, int]:
    """Rows stored: every table of each source, all years, and the attendance year read."""
    catalogue = Store(store).catalogue()
    if las is not None:
        catalogue = catalogue.filter(pc.is_in(catalogue["la_code"], pa.array(las)))
    totals = {}
    for source in SOURCES:
        mask = pc.equal(catalogue["source"], source)
        totals[source] = pc.sum(catalogue.filter(mask)["rows_stored"]).as_py() or 0
    mask = pc.and_(pc.equal(catalogue["source"], "attendance"),
                   pc.equal(catalogue["year"], year - 1))
    totals["attendance_year"] = pc.sum(catalogue.filter(mask)["rows_stored"]).as_py() or 0
    totals["las"] = len(set(catalogue["la_code"].to_pylist()))
    return totals


def subset(store: Path, las: list[str], folder: Path) -> Path:
    """A store of some LAs: their folders linked from the national store's current
    state, laid out as a format 1 store (no states of its own)."""
    shutil.rmtree(folder, ignore_errors=True)
    state = Store(store).folder
    for source in SOURCES:
        (folder / source).mkdir(parents=True)
        for la in las:
            target = state / source / f"la_code={la}"
            if target.exists():
                (folder / source / f"la_code={la}").symlink_to(target)
    pointer = Store(store).pointer()
    (folder / "store.json").write_text(json.dumps(
        {"format": 1, "key_fingerprint": pointer.get("key_fingerprint")}))
    return folder


def engine(store: Path, out: Path, *options: str) -> list[str]:
    return [SMEATON, "measures", "--store", str(store), *options, "--out", str(out)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", type=Path, required=True)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--only", nargs="+", default=["catalogue", "monthly", "floor", "growth"],
                        choices=("catalogue", "monthly", "floor", "growth"))
    parser.add_argument("--scratch", type=Path,
                        default=Path("/tmp/smeaton-bench-measures"))  # noqa: S108
    args = parser.parse_args()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEATON_", "DATABASE_"))}
    args.scratch.mkdir(parents=True, exist_ok=True)
    year, scratch, store = str(args.year), args.scratch, args.store
    data = sizes(store, args.year)
    print(f"Machine: {machine()}\nCode: {revision(env)}\nStore: {data['las']} LAs; rows "
          f"stored: SSDA903 {data['ssda903']:,}, CIN {data['cin']:,}, attendance "
          f"{data['attendance']:,} ({data['attendance_year']:,} in {args.year - 1})\n")

    def nothing():
        return {}

    if "catalogue" in args.only:
        # pandas takes many minutes, so it runs once, between our warm-up and our runs.
        ours, theirs = scratch / "catalogue.parquet", scratch / "pandas.csv"
        command = engine(store, ours, "--year", year)
        run(command, env, scratch / "catalogue.out")  # warm-up
        baseline = run([PYTHON, str(ROOT / "benchmarks" / "measures_pandas.py"), str(store),
                        year, str(theirs)], env, scratch / "pandas.out")
        if baseline.status:
            raise SystemExit(f"pandas exited {baseline.status}; see {scratch / 'pandas.out'}")
        print(f"  pandas: {baseline.wall:.1f} s", flush=True)
        timed = []
        for index in range(args.runs):
            timed.append(run(command, env, scratch / "catalogue.out"))
            print(f"  catalogue run {index + 1}: {timed[-1].wall:.2f} s", flush=True)
        checked = agree(ours, theirs)
        ours_wall = statistics.median([t.wall for t in timed])
        print(f"catalogue, {args.year}, every LA: {spread([t.wall for t in timed])} s, CPU "
              f"{spread([t.cpu for t in timed])} s, peak {max(t.peak_mib for t in timed):,.0f} "
              f"MiB\n  pandas, once: {baseline.wall:.1f} s, CPU {baseline.cpu:.1f} s, peak "
              f"{baseline.peak_mib:,.0f} MiB; pandas / ours {baseline.wall / ours_wall:.1f}x; "
              f"{checked:,} figures agree\n", flush=True)

    if "monthly" in args.only:
        out = scratch / "monthly.csv"
        first, last = f"{args.year - 1}-04", f"{args.year}-03"
        timed, base, _ = paired(
            engine(store, out, "--la", "879", "--monthly", first, last),
            [PYTHON, "-c", "import smeaton.analytics.measures"], nothing, nothing, env,
            args.runs, scratch, "monthly")
        print(f"monthly, Plymouth, {first} to {last}: {spread([t.wall for t in timed])} s, "
              f"peak {max(t.peak_mib for t in timed):,.0f} MiB (start-up "
              f"{spread([b.wall for b in base])} s)\n", flush=True)

    if "floor" in args.only:
        ours, theirs = scratch / "headlines.csv", scratch / "sql.csv"
        chosen = [option for measure in HEADLINES for option in ("--measure", measure)]
        timed, base, _ = paired(
            engine(store, ours, "--year", year, "--totals-only", *chosen),
            [PYTHON, str(ROOT / "benchmarks" / "measures_sql.py"), str(store), year,
             str(theirs)], nothing, nothing, env, args.runs, scratch, "floor")
        checked = agree(ours, theirs)
        ratios = [t.wall / b.wall for t, b in zip(timed, base, strict=True)]
        full = run(engine(store, ours, "--year", year, *chosen), env, scratch / "floor.out")
        print(f"floor, three headline measures: ours, totals only "
              f"{spread([t.wall for t in timed])} s, one SQL query "
              f"{spread([b.wall for b in base])} s; ours / SQL {spread(ratios)}x; {checked} "
              f"figures agree. With every breakdown: {full.wall:.2f} s "
              f"({full.wall / statistics.median([b.wall for b in base]):.2f}x)\n", flush=True)

    if "growth" in args.only:
        every = sorted(path.name.split("=", 1)[1]
                       for path in (Store(store).folder / "ssda903").glob("la_code=*"))
        print("growth, whole catalogue, one year:")
        for count in (1, 10, 40, len(every)):
            chosen = ["879"] + [la for la in every if la != "879"][:count - 1]
            part = subset(store, chosen, scratch / f"store-{count}")
            result = run(engine(part, scratch / f"growth-{count}.parquet", "--year", year),
                         env, scratch / f"growth-{count}.out")
            held = sizes(store, args.year, chosen)
            rows = held["ssda903"] + held["cin"] + held["attendance_year"]
            print(f"  {count:>3} LAs: {result.wall:.2f} s, CPU {result.cpu:.2f} s, peak "
                  f"{result.peak_mib:,.0f} MiB; {rows / 1e6:.1f} million rows read "
                  f"({result.wall / rows * 1e6:.2f} s per million)", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
