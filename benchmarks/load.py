"""Smeaton under load: locust's simulated people against `smeaton serve` (gunicorn).

Prepares the demo council (Plymouth: the plan, every published figure Smeaton ships)
in a fresh database, PostgreSQL by default or SQLite; serves it with `smeaton serve` on
127.0.0.1; asks every page often enough that each worker has drawn its charts and
ranked the LAs (a second or so each, once per process); then runs locust headless
(benchmarks/locustfile.py). Each run signs everyone in first (Argon2: a quarter of a
second of CPU each), reported apart; the figures cover the --run-time that follows:

1. steady: --users people, each pausing 1 to 3 seconds between pages, over the plan
   overview, the scorecard, an indicator page and a milestone page; one in five is an
   owner who posts updates on demo-owner's milestones through the real form (two owners
   to a milestone, so some are refused because the other posted first). Afterwards every
   update the server confirmed must be in the database, once, no refused one may be,
   and each milestone must stand as its latest update left it.
2. saturation: each page alone, then all four together, with no pauses: requests a
   second and response times when the server is the bottleneck.

It prints a table for each, how busy the machine was (our server, PostgreSQL, locust,
and everything else), and stops everything. Exit status 1 on any failed request or lost
update, or any error in the server's log.

PostgreSQL is the database DATABASE_URL names, if set; otherwise a cluster of this run's
own, made with initdb in a temporary folder on a free port with PostgreSQL's default
settings, and removed at the end. Not scripts/with-postgres: run as root, Debian's
pg_virtualenv makes the machine's one cluster named "regress", so a run of several
minutes would stop anyone else's `make test` on the machine from making theirs.

    .venv/bin/python benchmarks/load.py                         # both, about 8 minutes
    .venv/bin/python benchmarks/load.py --only steady --run-time 5m
    .venv/bin/python benchmarks/load.py --only saturation --workers 2
    .venv/bin/python benchmarks/load.py --database sqlite --only steady --users 10 \\
        --run-time 20s --workers 2 --no-warm-up                 # as tests/test_load.py
"""

import argparse
import csv
import json
import os
import platform
import re
import resource
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOCUSTFILE = ROOT / "benchmarks" / "locustfile.py"
PAGES = {  # the locustfile's page: the name its requests are recorded under
    "overview": "plan overview",
    "scorecard": "scorecard",
    "indicator": "indicator page",
    "milestone": "milestone page",
}
TARGET_MS = 300

# What the demo holds, for the simulated people and for the figures.
FACTS = """
import json
from smeaton.web.performance.models import Indicator, Observation
from smeaton.web.plan.models import Milestone, MilestoneUpdate
from smeaton.web.plan.queries import current_plan
plan = current_plan()
milestones = Milestone.objects.filter(priority__plan=plan).order_by("pk")
owned = milestones.filter(plan_year=plan.current_year(), owner__username="demo-owner"
                          ).exclude(progress="complete")
print(json.dumps({
    "owned": list(owned.values_list("pk", flat=True)),
    "milestones": list(milestones.values_list("pk", flat=True)),
    # Those with published figures, whose pages draw a chart to time.
    "indicators": list(Indicator.objects.filter(observations__isnull=False).distinct()
                       .order_by("pk").values_list("slug", flat=True)),
    "updates": MilestoneUpdate.objects.count(),
    "observations": Observation.objects.count(),
    "areas": Observation.objects.values("area").distinct().count(),
}))
"""

# The updates one run posted, and how each milestone they touched now stands.
STORED = """
import json
from smeaton.web.plan.models import Milestone, MilestoneUpdate
run = RUN
ours = MilestoneUpdate.objects.filter(commentary__contains=f"(load {run} ")
touched = {}
for milestone in Milestone.objects.filter(pk__in=ours.values("milestone_id")):
    latest = milestone.updates.order_by("-posted_at", "-pk").first()
    touched[milestone.pk] = {
        "progress": milestone.progress, "latest_progress": latest.progress,
        "last_update_at": milestone.last_update_at.isoformat(),
        "latest_posted_at": latest.posted_at.isoformat(), "latest_pk": latest.pk}
print(json.dumps({"stored": list(ours.values_list("milestone_id", "commentary")),
                  "touched": touched}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["postgres", "sqlite"], default="postgres")
    parser.add_argument("--workers", default="3",
                        type=lambda text: [int(n) for n in text.split(",")],
                        help="gunicorn workers (4 threads each); several, comma-separated, "
                             "to compare them, one server after another")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=2,
                        help="people starting (and signing in) a second")
    parser.add_argument("--run-time", default="3m",
                        help="the steady run's length, timed from when everyone has signed in")
    parser.add_argument("--saturation-users", type=int, default=50)
    parser.add_argument("--saturation-time", default="45s",
                        help="each saturation run's length, timed from when everyone has signed in")
    parser.add_argument("--saturation-pages", default=",".join([*PAGES, "all"]),
                        help="which to time at saturation, comma-separated, of "
                             f"{', '.join(PAGES)} and all (the four together)")
    parser.add_argument("--only", choices=["steady", "saturation"])
    parser.add_argument("--out", type=Path, help="keep locust's CSV files here")
    parser.add_argument("--no-warm-up", action="store_true",
                        help="time from a cold start (each worker's first charts and ranks)")
    args = parser.parse_args()

    signal.signal(signal.SIGTERM, _interrupted)  # stop the servers on the way out

    with tempfile.TemporaryDirectory(prefix="smeaton-load-") as scratch, \
            database(args.database) as database_url:
        scratch = Path(scratch)
        out = args.out or scratch
        out.mkdir(parents=True, exist_ok=True)
        env = environment(scratch / "home", database_url)
        started = time.monotonic()
        prepare(env)
        facts = manage_json(env, FACTS)
        print(f"Prepared in {time.monotonic() - started:.0f} s: {len(facts['milestones'])} "
              f"milestones, {facts['updates']} updates, {len(facts['indicators'])} "
              f"published indicators, {facts['observations']:,} values for "
              f"{facts['areas']} areas", flush=True)
        ok = True
        for workers in args.workers:
            ok &= serve_and_load(args, env, facts, workers,
                                 out / f"{workers}-workers" if len(args.workers) > 1 else out)
    sys.exit(0 if ok else 1)


def serve_and_load(args, env, facts: dict, workers: int, out: Path) -> bool:
    """Serve with so many workers, warm up, run what was asked, stop. True if all went well."""
    out.mkdir(parents=True, exist_ok=True)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = out / "server.log"  # kept with locust's files when --out says where
    server = serve(env, port, workers, log)
    ok = True
    try:
        if not args.no_warm_up:
            started = time.monotonic()
            warm_up(base, facts, workers)
            print(f"\nWarmed up in {time.monotonic() - started:.0f} s", flush=True)
        describe_machine(args, env, workers)
        if args.only in (None, "steady"):
            ok &= steady(args, env, base, facts, out)
        if args.only in (None, "saturation"):
            ok &= saturation(args, base, facts, out)
    finally:
        stop(server)
        problems = server_errors(log.read_text(errors="replace"))
        if problems:
            ok = False
            print(f"\nThe server logged {len(problems)} errors; the first:")
            print("\n".join(problems[:5]))
    return ok


def _interrupted(signum, frame):
    raise SystemExit(f"Stopped by signal {signum}")


# --- The server ---------------------------------------------------------------------------


@contextmanager
def database(kind: str) -> Iterator[str | None]:
    """The PostgreSQL database's URL (None for SQLite), for as long as the run lasts."""
    if kind == "sqlite":
        yield None
    elif os.environ.get("DATABASE_URL"):
        yield os.environ["DATABASE_URL"]
    else:
        with private_postgres() as url:
            yield url


@contextmanager
def private_postgres() -> Iterator[str]:
    """A PostgreSQL cluster of our own in a temporary folder, on a free port, trusting
    local connections (loopback only); run as the postgres account when we are root."""
    binaries = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                      key=lambda path: int(path.parts[-3]))
    if not binaries:
        raise SystemExit("PostgreSQL is not installed: run scripts/system-packages.")
    bindir = binaries[-1].parent
    folder = Path(tempfile.mkdtemp(prefix="smeaton-load-pg-"))
    as_postgres = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
    if as_postgres:
        shutil.chown(folder, "postgres", "postgres")
    port = free_port()
    try:
        subprocess.run([*as_postgres, bindir / "initdb", "-D", folder / "data", "-U", "smeaton",
                        "-A", "trust", "-E", "UTF8", "--no-sync"],
                       check=True, capture_output=True)
        server = subprocess.Popen(
            [*as_postgres, bindir / "postgres", "-D", folder / "data", "-p", str(port),
             "-k", folder, "-c", "listen_addresses=127.0.0.1"],
            stdout=subprocess.DEVNULL, stderr=(folder / "log").open("w"))
        try:
            deadline = time.monotonic() + 60
            while subprocess.run([bindir / "pg_isready", "-q", "-h", "127.0.0.1", "-p",
                                  str(port)], check=False).returncode:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"PostgreSQL did not start:\n{(folder / 'log').read_text()}")
                time.sleep(0.2)
            yield f"postgres://smeaton@127.0.0.1:{port}/postgres"
        finally:
            server.send_signal(signal.SIGINT)  # a fast shutdown
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def environment(home: Path, database_url: str | None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEATON_", "DATABASE_"))}
    env.update(SMEATON_HOME=str(home), SMEATON_DEMO="true",
               SMEATON_COUNCIL_NAME="Plymouth City Council", SMEATON_LA_CODE="879")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def smeaton(*args: str) -> list[str]:
    return [sys.executable, "-m", "smeaton.cli", *args]


def prepare(env: dict[str, str]) -> None:
    """The demo council in a fresh database. `smeaton demo` keeps to SQLite, so for
    PostgreSQL the same steps are taken through `smeaton manage`."""
    if "DATABASE_URL" not in env:
        run(smeaton("demo", "--no-serve", "--home", env["SMEATON_HOME"]), env)
        return
    run(smeaton("manage", "migrate", "--no-input", "-v", "0"), env)
    run(smeaton("manage", "collectstatic", "--no-input", "-v", "0"), env)
    run(smeaton("manage", "shell", "-c", "from smeaton.web import demo; demo.load()"), env)


def manage_json(env: dict[str, str], code: str):
    output = run(smeaton("manage", "shell", "-v", "0", "-c", code), env)
    return json.loads(output.strip().splitlines()[-1])


def run(command: list[str], env: dict[str, str]) -> str:
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve(env: dict[str, str], port: int, workers: int, log: Path) -> subprocess.Popen:
    with log.open("w") as out:
        server = subprocess.Popen(
            smeaton("serve", "--host", "127.0.0.1", "--port", str(port), "--workers",
                    str(workers)), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"The server stopped at start-up:\n{log.read_text()}")
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/sign-in/", timeout=2)  # noqa: S310
            return server
        except OSError:
            time.sleep(0.3)
    stop(server)
    raise SystemExit("The server did not answer within a minute.")


def server_errors(log: str) -> list[str]:
    """Each error the server logged, with the last line of its traceback."""
    lines = log.splitlines()
    found = []
    for number, line in enumerate(lines):
        if " ERROR " in line or "[CRITICAL]" in line:
            cause = next((later for later in lines[number + 1:]
                          if later and not later.startswith((" ", "Traceback"))), "")
            found.append(f"  {line}\n    {cause}")
    return found


def stop(server: subprocess.Popen) -> None:
    """gunicorn stops its workers when the master is asked to stop."""
    if server.poll() is None:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def warm_up(base: str, facts: dict, workers: int) -> None:
    """Each worker renders a chart once and keeps it, and works the ranks out once per
    load of the figures: the first request for each costs a second or so. Request every
    page often enough, from enough connections at once, that each worker has done so
    before anything is timed. Signed out, a page redirects to sign-in, so sign in."""
    from scorecard import signed_in  # benchmarks/scorecard.py

    paths = ["/plan/", "/performance/"] + [
        f"/performance/indicators/{slug}/" for slug in facts["indicators"]]
    opener = signed_in(base)  # a connection for each request: any worker may take it

    def visit(path: str) -> None:
        opener.open(base + path).read()

    with ThreadPoolExecutor(max_workers=workers * 4) as pool:
        list(pool.map(visit, paths * workers * 4))


# --- Locust ---------------------------------------------------------------------------------


def locust(base: str, facts: dict, prefix: Path, *, users: int, spawn_rate: float,
           measure: int, extra: list[str]) -> tuple[dict, "CpuUse | None"]:
    """Run locust until everyone has signed in and then for ``measure`` seconds, which
    its figures cover. Its ledger (the updates, every failure, signing in) and the CPU
    used while the figures were taken."""
    owners = users // 5
    ledger = prefix.parent / f"{prefix.name}-ledger.json"
    measuring = prefix.parent / f"{prefix.name}-measuring"
    command = [
        sys.executable, "-m", "locust", "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "--host", base, "-u", str(users), "-r", str(spawn_rate),
        "--measure", str(measure), "--measuring", str(measuring),
        "--run-time", f"{measure + 600}s",  # a bound, not the end
        "--stop-timeout", "30", "--csv", str(prefix), "--loglevel", "WARNING",
        "--ledger", str(ledger),
        "--milestones", ",".join(map(str, facts["owned"] + facts["milestones"])),
        # Two owners to a milestone: some updates meet another's and are refused.
        "--owned", str(max(1, min(len(facts["owned"]), owners // 2))),
        "--indicators", ",".join(facts["indicators"]), *extra]
    log = prefix.parent / f"{prefix.name}.log"
    meter = None
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT / "benchmarks", stdout=output,
                                   stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + measure + 700
            while process.poll() is None:
                if meter is None and measuring.exists():
                    meter = CpuMeter()
                if time.monotonic() > deadline:
                    raise SystemExit(f"locust ran on past its time: see {log}")
                time.sleep(0.05)
        finally:
            if process.poll() is None:
                process.kill()
                process.wait()
    busy = meter.read() if meter else None
    if not ledger.exists():
        raise SystemExit(f"locust stopped without its ledger:\n{log.read_text()}")
    found = json.loads(ledger.read_text())
    if process.returncode and not found["failures"]:
        found["failures"][f"locust exited {process.returncode}: see {log}"] = 1
    return found, busy


def duration(text: str) -> int:
    seconds = 0
    for number, unit in re.findall(r"(\d+)([hms]?)", text):
        seconds += int(number) * {"h": 3600, "m": 60, "s": 1, "": 1}[unit]
    return seconds


def read_stats(prefix: Path) -> dict[str, dict[str, str]]:
    with open(f"{prefix}_stats.csv", newline="") as stats:
        return {row["Name"]: row for row in csv.DictReader(stats)}


# --- The two runs ---------------------------------------------------------------------------


def steady(args, env, base: str, facts: dict, out: Path) -> bool:
    seconds = duration(args.run_time)
    print(f"\nSteady: {args.users} people pausing 1-3 s between pages, one in five an owner "
          f"posting updates; signing in {args.spawn_rate:g} a second, then {seconds} s timed",
          flush=True)
    ledger, busy = locust(base, facts, out / "steady", users=args.users,
                          spawn_rate=args.spawn_rate, measure=seconds,
                          extra=["--run-id", uuid.uuid4().hex[:10]])
    stats = read_stats(out / "steady")
    rows = [("plan overview", "plan overview"), ("scorecard", "scorecard"),
            ("indicator page", "indicator page"), ("milestone page", "milestone page"),
            ("update form", "update form"), ("post update (302)", "post update"),
            ("milestone after posting", "milestone page (after posting)")]
    print(f"{'page':26} {'requests':>8} {'errors':>6} {'req/s':>6} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7} {'max ms':>7}  p95 < {TARGET_MS} ms")
    missed = []
    for label, name in rows:
        # A page nobody reached in the timed window has no percentiles (locust writes N/A).
        if not (row := stats.get(name)) or row["Request Count"] == "0":
            continue
        met = float(row["95%"]) < TARGET_MS
        if not met:
            missed.append(label)
        print(f"{label:26} {row['Request Count']:>8} {row['Failure Count']:>6} "
              f"{float(row['Requests/s']):6.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7} "
              f"{float(row['Max Response Time']):7.0f}  {'met' if met else 'MISSED'}")
    total = stats["Aggregated"]
    print(f"{'all requests':26} {total['Request Count']:>8} {total['Failure Count']:>6} "
          f"{float(total['Requests/s']):6.1f} {total['50%']:>7} {total['95%']:>7} "
          f"{total['99%']:>7} {float(total['Max Response Time']):7.0f}")
    sign_in = ledger["sign_in"]
    if sign_in:
        print(f"Signing in (before the timing; Argon2): {sign_in['people']} people in "
              f"{sign_in['seconds']} s, p50 {sign_in['p50']:.0f} ms, p95 {sign_in['p95']:.0f} ms, "
              f"max {sign_in['max']:.0f} ms")
    if busy:
        busy.print(int(total["Request Count"]))
    failed = report_failures(ledger)
    lost = check_updates(env, ledger)
    print(f"Target, p95 under {TARGET_MS} ms on every page: "
          + ("met" if not missed else f"missed on {', '.join(missed)}"))
    return not failed and not lost and bool(sign_in)


def report_failures(ledger: dict) -> int:
    """Every failed request of the run, signing in included. Their number."""
    for failure, count in ledger["failures"].items():
        print(f"  failed {count}x: {failure}")
    if not ledger["sign_in"]:
        print("  not everyone signed in: nothing was timed")
    return sum(ledger["failures"].values())


def check_updates(env, ledger: dict) -> bool:
    """Every update the server confirmed is stored, once; none it refused is; each
    milestone stands as its latest update left it. True if anything was lost."""
    found = manage_json(env, STORED.replace("RUN", repr(ledger["run"])))
    stored = Counter(re.search(r"\((load [^)]+)\)", text).group(1)
                     for _, text in found["stored"])
    confirmed = {entry["mark"] for entry in ledger["confirmed"]}
    refused = {entry["mark"] for entry in ledger["refused"]}
    attempted = {entry["mark"] for entry in ledger["attempted"]}
    unanswered = attempted - confirmed - refused
    lost = confirmed - stored.keys()
    refused_but_stored = refused & stored.keys()
    twice = {mark for mark, count in stored.items() if count > 1}
    unknown = stored.keys() - attempted
    undone = {pk: t for pk, t in found["touched"].items()
              if t["progress"] != t["latest_progress"]
              or t["last_update_at"] != t["latest_posted_at"]}
    print(f"Updates: {len(attempted)} posted, {len(confirmed)} confirmed, {len(refused)} "
          f"refused as another owner had posted first, {len(unanswered)} failed or unanswered; "
          f"{sum(stored.values())} stored. Lost: {len(lost)}; stored though refused: "
          f"{len(refused_but_stored)}; stored twice: {len(twice)}; milestones not as their "
          f"latest update left them: {len(undone)} of {len(found['touched'])}.")
    for what, marks in [("lost", lost), ("stored though refused", refused_but_stored),
                        ("stored twice", twice), ("stored, never posted", unknown)]:
        for mark in sorted(marks)[:5]:
            print(f"  {what}: {mark}")
    for pk, t in list(undone.items())[:5]:
        print(f"  milestone {pk} not as its latest update left it: {t}")
    # An update that failed or went unanswered may or may not be stored: its failure is
    # counted with the requests.
    return bool(lost or refused_but_stored or twice or unknown or undone)


def saturation(args, base: str, facts: dict, out: Path) -> bool:
    seconds = duration(args.saturation_time)
    print(f"\nSaturation: {args.saturation_users} people with no pauses, each page alone "
          f"(and all four at once); {seconds} s timed from when all have signed in", flush=True)
    print(f"{'page':22} {'requests':>8} {'errors':>6} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} "
          f"{'p99 ms':>7}  CPU: ms a request (gunicorn + PostgreSQL); cores busy: gunicorn, "
          "PostgreSQL, locust, others")
    ok = True
    for page in args.saturation_pages.split(","):
        pages = ",".join(PAGES) if page == "all" else page
        prefix = out / f"saturation-{page}"
        ledger, busy = locust(base, facts, prefix, users=args.saturation_users, spawn_rate=50,
                              measure=seconds, extra=["--no-pause", "--pages", pages,
                                                      "--owners-every", "0"])
        stats = read_stats(prefix)
        row = stats["Aggregated"] if page == "all" else stats[PAGES[page]]
        label = "all four" if page == "all" else page
        print(f"{label:22} {row['Request Count']:>8} {row['Failure Count']:>6} "
              f"{float(row['Requests/s']):7.1f} {row['50%']:>7} {row['95%']:>7} {row['99%']:>7}"
              f"  {busy.summary(int(row['Request Count'])) if busy else ''}", flush=True)
        ok &= not report_failures(ledger)
    return ok


# --- The machine ----------------------------------------------------------------------------


def describe_machine(args, env, workers: int) -> None:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.machine())
    memory = int(Path("/proc/meminfo").read_text().split()[1]) / 2**20
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True, check=False).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "src"], cwd=ROOT,
                           capture_output=True, text=True, check=False).stdout.strip()
    database = "SQLite"
    if args.database == "postgres":
        database = "PostgreSQL " + manage_json(env, (
            "import json; from django.db import connection; cursor = connection.cursor(); "
            "cursor.execute('show server_version'); print(json.dumps(cursor.fetchone()[0]))"))
    print(f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC; {os.cpu_count()} cores ({model}), "
          f"{memory:.1f} GiB; Python {platform.python_version()}; {database}; "
          f"gunicorn {workers} workers x 4 threads (gthread); commit {commit}"
          f"{' with changes in src/' if dirty else ''}; load average before: "
          f"{' '.join(Path('/proc/loadavg').read_text().split()[:3])}", flush=True)


class CpuMeter:
    """CPU time used from now until read(): by the whole machine, and by process trees
    (our gunicorn, our PostgreSQL, locust) told apart from the others, named. Read it once
    locust, our child, has ended."""

    def __init__(self):
        self.machine = _machine_busy()
        self.processes = _processes()
        self.children = _children_cpu()
        # locust, running now, is counted with our children once it has ended: less this.
        self.locust = sum(own for pid, (_, _, own, _, _) in self.processes.items()
                          if _group(pid, self.processes) == "locust")
        self.started = time.monotonic()

    def read(self) -> "CpuUse":
        """After locust has finished: its time is counted with our children's."""
        elapsed = time.monotonic() - self.started
        now = _processes()
        groups: Counter = Counter()
        for pid, (_parent, name, own, reaped, _cmdline) in now.items():
            before = self.processes.get(pid)
            if before and before[1] != name:
                before = None  # another process with the same id
            group = _group(pid, now)
            groups[group] += own - (before[2] if before else 0)
            if group in ("server", "postgres"):
                # Ours, so their ended children are too (PostgreSQL's old connections).
                groups[group] += reaped - (before[3] if before else 0)
        groups["locust"] += _children_cpu() - self.children - self.locust
        return CpuUse(elapsed, _machine_busy() - self.machine, groups)


class CpuUse:
    OURS = ("server", "postgres", "locust")

    def __init__(self, elapsed: float, busy: float, groups: Counter):
        self.elapsed, self.busy, self.groups = elapsed, busy, groups
        # Each figure is counted in clock ticks, so ours can come to a little more than
        # the machine's: none, not less than none.
        self.others = max(0.0, busy - sum(groups[group] for group in self.OURS))

    def share(self, seconds: float) -> str:
        return f"{seconds / self.elapsed:.2f}"

    def per_request(self, requests: int) -> str:
        used = self.groups["server"] + self.groups["postgres"]
        return f"{used / requests * 1000:.1f}" if requests else "-"

    def summary(self, requests: int) -> str:
        return (f"{self.per_request(requests)} ms; "
                + ", ".join(self.share(self.groups[group]) for group in self.OURS)
                + f", {self.share(self.others)}")

    def print(self, requests: int) -> None:
        named = [(name, seconds) for name, seconds in self.groups.most_common()
                 if name not in self.OURS and seconds / self.elapsed >= 0.02][:6]
        print(f"CPU over the {self.elapsed:.0f} s timed, in cores busy (of {os.cpu_count()}): "
              f"machine {self.share(self.busy)}; our gunicorn {self.share(self.groups['server'])},"
              f" PostgreSQL {self.share(self.groups['postgres'])}, locust "
              f"{self.share(self.groups['locust'])}; others {self.share(self.others)}"
              + (f" ({', '.join(f'{n} {self.share(s)}' for n, s in named)})" if named else "")
              + f". Gunicorn and PostgreSQL: {self.per_request(requests)} ms of CPU a request. "
              f"Load average after: {' '.join(Path('/proc/loadavg').read_text().split()[:3])}")


TICKS = os.sysconf("SC_CLK_TCK")


def _machine_busy() -> float:
    fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:9]]
    return (sum(fields) - fields[3] - fields[4]) / TICKS  # all but idle and iowait


def _children_cpu() -> float:
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return children.ru_utime + children.ru_stime


def _processes() -> dict[int, tuple[int, str, float, float, str]]:
    """pid: (parent, name and start time, CPU seconds of its own and of its ended
    children, command line) for every process now but this one (whose children are
    counted by _children_cpu)."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            stat = (entry / "stat").read_text()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(
                errors="replace")
        except OSError:
            continue
        name, rest = stat[stat.index("(") + 1:stat.rindex(")")], stat[stat.rindex(")") + 2:]
        fields = rest.split()
        parent, start = int(fields[1]), fields[19]
        own, reaped = (sum(int(x) for x in fields[i:i + 2]) / TICKS for i in (11, 13))
        found[int(entry.name)] = (parent, f"{name} {start}", own, reaped, cmdline)
    return found


def _group(pid: int, processes: dict) -> str:
    """Which of ours a process is (or its own name): walk up to a recognised ancestor."""
    seen = pid
    while seen in processes:
        cmdline = processes[seen][4]
        if "smeaton.cli serve" in cmdline:  # gunicorn's master and its workers
            return "server"
        if "-m locust" in cmdline:
            return "locust"
        if "smeaton-load-pg-" in cmdline:  # our own cluster's postmaster
            return "postgres"
        seen = processes[seen][0]
    return processes[pid][1].split(" ")[0] if pid in processes else "?"


if __name__ == "__main__":
    main()
