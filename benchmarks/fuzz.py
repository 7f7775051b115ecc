"""Fuzzing every loader at length: the property tests/analytics/test_fuzz.py runs a few
hundred times, run thousands of times per loader.

For each loader (SSDA903 CSV and XML, CIN census XML, attendance CSV, DfE's EES CSV and
LAIT CSV), half the examples are structured but wrong (the right headers or elements,
hostile values) and half raw bytes after a plausible start; see
tests/analytics/fuzzing.py. Every input must give stored rows and problems, or one
refusal, each problem a line; never a traceback; a refused load must change nothing in
the store. Reported per loader: examples, outcomes (stored or loaded, refused), seconds,
and the first failing input if any (the run goes on to the next loader).

    .venv/bin/python benchmarks/fuzz.py [--examples 10000] [--only ssda903-csv cin-xml]
        [--seed N]

Ingesting loaders run each example through the whole of ``ingest`` into a real store
(keys, re-identification table, Parquet), so they take tens of milliseconds each.
"""

import argparse
import os
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from tests.analytics.fuzzing import LOADERS  # noqa: E402


def fuzz(name: str, examples: int, chosen_seed: int) -> dict:
    harness, structured, raw = LOADERS[name]
    failures = []
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix=f"smeaton-fuzz-{name}-") as folder:
        root = Path(folder)
        os.environ["SMEATON_HOME"] = str(root / "home")
        running = harness(root)
        for kind, strategy in (("structured", structured), ("raw", raw)):

            @seed(chosen_seed)
            @settings(max_examples=examples // 2, deadline=None, database=None,
                      suppress_health_check=list(HealthCheck))
            @given(strategy)
            def load(files):
                running.load(files)

            try:
                load()
            except Exception as error:  # the property failed: say where, go on
                failures.append(f"{kind}: {type(error).__name__}: {error}\n"
                                + "".join(traceback.format_exception(error)[-3:]))
    return {"loader": name, "examples": sum(running.outcomes.values()),
            "outcomes": dict(sorted(running.outcomes.items())),
            "seconds": time.perf_counter() - started, "failures": failures}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=10_000,
                        help="examples per loader, half structured and half raw")
    parser.add_argument("--only", nargs="*", choices=sorted(LOADERS), default=sorted(LOADERS))
    parser.add_argument("--seed", type=int, default=1)
    options = parser.parse_args()
    for key in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY"):
        os.environ.pop(key, None)
    print(f"{'loader':<16}{'examples':>10}{'seconds':>10}  outcomes", flush=True)
    failed = False
    for name in options.only:
        found = fuzz(name, options.examples, options.seed)
        outcomes = ", ".join(f"{count:,} {what}" for what, count in found["outcomes"].items())
        print(f"{name:<16}{found['examples']:>10,}{found['seconds']:>10.0f}  {outcomes}",
              flush=True)
        for failure in found["failures"]:
            failed = True
            print(f"  FAILED {failure}", flush=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
