"""How fast the scorecard is served: median of repeated requests over real HTTP.

Starts the demo council (Plymouth, every published indicator, all 153 LAs loaded, and
the council's own figures from the demo's returns, which the scorecard shows beside
them) under gunicorn on 127.0.0.1, signs in, and requests each page many times in turn. The
baseline, timed in the same run, is the home page: the same server, session and
middleware with almost no work of its own, so the ratio is the scorecard's own cost.

    .venv/bin/python benchmarks/scorecard.py [--requests 40]
"""

import argparse
import http.cookiejar
import os
import platform
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "home (baseline)": "/",
    "scorecard, all indicators": "/performance/",
    "scorecard, one priority": "/performance/?priority=2",
    "scorecard as Excel": "/performance/scorecard.xlsx",
    "indicator page (chart)": "/performance/indicators/re-referrals/",
    "indicator page, a computed-only measure": "/performance/indicators/children-in-care/",
    "equalities": "/performance/equalities/",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_demo(data_dir: str, port: int) -> subprocess.Popen:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEATON_", "DATABASE_"))}
    server = subprocess.Popen(
        [sys.executable, "-m", "smeaton.cli", "demo", "--port", str(port), "--home",
         data_dir], cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.5)
    server.kill()
    raise SystemExit("The demo did not start within 3 minutes.")


@contextmanager
def demo_served(data_dir: str) -> Iterator[str]:
    """The demo served from ``data_dir`` on a free port, for the block: its address."""
    port = free_port()
    server = start_demo(data_dir, port)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=60)  # gunicorn lets requests in hand finish first
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def signed_in(base: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(f"{base}/sign-in/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": "demo-analyst",
                                   "password": "smeaton-demo"}).encode()
    opener.open(urllib.request.Request(f"{base}/sign-in/", data=body,
                                       headers={"Referer": f"{base}/sign-in/"}))
    return opener


def time_pages(opener, base: str, requests: int) -> dict[str, list[float]]:
    times = {name: [] for name in PAGES}
    for path in PAGES.values():  # warm up: first chart render, caches, connections
        assert opener.open(base + path).status == 200, path
    for _ in range(requests):  # interleaved, so drift in the machine's speed hits all alike
        for name, path in PAGES.items():
            start = time.perf_counter()
            response = opener.open(base + path)
            response.read()
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    args = parser.parse_args()
    with (tempfile.TemporaryDirectory(prefix="smeaton-bench-") as data_dir,
          demo_served(data_dir) as base):
        times = time_pages(signed_in(base), base, args.requests)
    baseline = statistics.median(times["home (baseline)"])
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.requests} requests per page, "
          "gunicorn with 2 workers, SQLite, the Plymouth demo (28 indicators, 22 of them "
          "published for 153 LAs, and its own figures from the demo's returns)")
    print(f"{'page':30} {'median ms':>10} {'p90 ms':>8} {'x baseline':>11}")
    for name, samples in times.items():
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"{name:30} {median:10.1f} {p90:8.1f} {median / baseline:11.1f}")


if __name__ == "__main__":
    main()
