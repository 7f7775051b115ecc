"""How fast the children behind a figure are listed: median of repeated requests over
real HTTP, against the plain analytics call that makes the list.

Starts the demo council (Plymouth, with a year of its synthetic returns stored, as
``make demo`` has) under gunicorn on 127.0.0.1, signs in as the demo's analyst, and
requests each page many times in turn. Two baselines, timed in the same run: the home
page (the same server, session and middleware, with almost no work of its own) and
``children_behind`` called in this process on the same store (the analytics alone,
without the web room's summary, table, record and response).

    .venv/bin/python benchmarks/children.py [--requests 20]
"""

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from scorecard import demo_served, signed_in

from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.measures import reporting_year
from smeaton.analytics.measures.children import children_behind

LA_CODE = "879"
PERIOD = reporting_year(2025)
FIGURE = "?indicator={}&period=2025-03-31"
PAGES = {
    "home (baseline)": "/",
    "placement moves: list, page 1": "/performance/children/" + FIGURE.format("placement-moves"),
    "placement moves: CSV": "/performance/children.csv" + FIGURE.format("placement-moves"),
    "placement moves: Excel": "/performance/children.xlsx" + FIGURE.format("placement-moves"),
    "re-referrals: list, page 1": "/performance/children/" + FIGURE.format("re-referrals"),
}
CALLS = {"children_behind, placement moves": "placement-moves",
         "children_behind, re-referrals": "re-referrals"}


def time_pages(opener, base: str, requests: int) -> dict[str, list[float]]:
    times = {name: [] for name in PAGES}
    for path in PAGES.values():  # warm up: the first DuckDB connection, imports
        assert opener.open(base + path).status == 200, path
    for _ in range(requests):  # interleaved, so drift in the machine's speed hits all alike
        for name, path in PAGES.items():
            start = time.perf_counter()
            opener.open(base + path).read()
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def time_calls(store: Path, requests: int) -> tuple[dict[str, list[float]], dict[str, int]]:
    times: dict[str, list[float]] = {name: [] for name in CALLS}
    sizes = {}
    for name, measure in CALLS.items():
        sizes[name] = len(children_behind(store, BY_SLUG[measure], LA_CODE, PERIOD).rows)
    for _ in range(requests):
        for name, measure in CALLS.items():
            start = time.perf_counter()
            children_behind(store, BY_SLUG[measure], LA_CODE, PERIOD)
            times[name].append((time.perf_counter() - start) * 1000)
    return times, sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="smeaton-bench-") as data_dir:
        with demo_served(data_dir) as base:
            times = time_pages(signed_in(base), base, args.requests)
        os.environ["SMEATON_HOME"] = data_dir  # the demo's home: its store
        calls, sizes = time_calls(Path(data_dir) / "data", args.requests)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.requests} requests each, gunicorn "
          "with 2 workers, SQLite, the Plymouth demo (a year of synthetic returns)")
    print("rows listed: " + ", ".join(f"{name}: {size}" for name, size in sizes.items()))
    baseline = statistics.median(times["home (baseline)"])
    print(f"{'request':40} {'median ms':>10} {'p90 ms':>8} {'x home':>7}")
    for name, samples in (times | calls).items():
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"{name:40} {median:10.1f} {p90:8.1f} {median / baseline:7.1f}")


if __name__ == "__main__":
    main()
