"""How fast the risk register is served with 500 risks and 2,000 actions: median of
repeated requests over real HTTP.

Prepares the demo council, adds 500 risks (each with two reviews, so a direction of
travel, two controls and four actions: 2,000 actions) across the three registers, every
band and every category, serves it under gunicorn on 127.0.0.1, signs in and requests
each page in turn. The baseline, timed in the same run, is the home page: the same
server, session and middleware.

    .venv/bin/python benchmarks/risk_register.py [--requests 40]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile

from scorecard import ROOT, demo_served, signed_in

RISKS, ACTIONS_EACH = 500, 4
PAGES = {
    "home (baseline)": "/",
    "register, every risk, open and closed": "/risks/?status=all",
    "register, filtered: directorate, High": "/risks/?level=directorate&band=High",
    "register, filtered: one category, by next review": "/risks/?category=1&sort=review",
    "heat map": "/risks/heat-map/",
    "register as Excel": "/risks/register.xlsx",
}
TARGET = "register, filtered: directorate, High"


def populate(home: str) -> None:
    """Add the benchmark's risks to the prepared demo (in a process of its own, with the
    demo's settings)."""
    os.environ.update({"SMEATON_COUNCIL_NAME": "Plymouth City Council",
                       "SMEATON_LA_CODE": "879", "SMEATON_HOME": home, "SMEATON_DEMO": "true",
                       "DJANGO_SETTINGS_MODULE": "smeaton.web.settings"})
    import django

    django.setup()
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.db import transaction
    from django.utils import timezone

    from smeaton.web.accounts.roles import OWNS_COUNCIL_WORK
    from smeaton.web.plan.rag import Progress
    from smeaton.web.risks.models import (
        Category,
        Control,
        Level,
        Review,
        Risk,
        RiskAction,
    )

    today = timezone.localdate()
    owners = list(get_user_model().objects.filter(role__in=OWNS_COUNCIL_WORK))
    categories = list(Category.objects.all())
    levels, progress = list(Level), list(Progress)
    with transaction.atomic():
        risks = Risk.objects.bulk_create([
            Risk(reference=f"B{n:04d}", title=f"Benchmark risk {n}", cause="Because of load",
                 event="there is a risk of delay", consequence="which would cost money",
                 category=categories[n % len(categories)], owner=owners[n % len(owners)],
                 level=levels[n % 3], inherent_likelihood=5, inherent_impact=5,
                 current_likelihood=n % 5 + 1, current_impact=(n // 5) % 5 + 1,
                 target_likelihood=1, target_impact=2, illustrative=True,
                 next_review=today + timedelta(days=n % 120 - 20)) for n in range(RISKS)])
        Review.objects.bulk_create([
            Review(risk=risk, reviewer=risk.owner, current_likelihood=likelihood,
                   current_impact=risk.current_impact, target_likelihood=1, target_impact=2,
                   next_review=risk.next_review)
            for risk in risks for likelihood in (3, risk.current_likelihood)])
        Control.objects.bulk_create([Control(risk=risk, description=f"Control {n}",
                                             added_by=risk.owner)
                                     for risk in risks for n in range(2)])
        RiskAction.objects.bulk_create([
            RiskAction(risk=risk, title=f"Action {n}", owner=risk.owner,
                       due=today + timedelta(days=n * 30 - 40),
                       progress=progress[(risk.pk + n) % len(progress)])
            for risk in risks for n in range(ACTIONS_EACH)])
    print(f"{Risk.objects.count()} risks, {RiskAction.objects.count()} actions")


def prepare(home: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEATON_", "DATABASE_"))}
    subprocess.run([sys.executable, "-m", "smeaton.cli", "demo", "--no-serve", "--home", home],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([sys.executable, __file__, "--populate", home], cwd=ROOT, env=env,
                   check=True)


def time_pages(opener, base: str, requests: int) -> dict[str, list[float]]:
    import time

    times = {name: [] for name in PAGES}
    for path in PAGES.values():  # warm up
        assert opener.open(base + path).status == 200, path
    for _ in range(requests):  # interleaved, so drift in the machine's speed hits all alike
        for name, path in PAGES.items():
            start = time.perf_counter()
            opener.open(base + path).read()
            times[name].append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=40)
    parser.add_argument("--populate", metavar="HOME", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.populate:
        populate(args.populate)
        return
    with tempfile.TemporaryDirectory(prefix="smeaton-bench-") as data_dir:
        prepare(data_dir)
        with demo_served(data_dir) as base:
            times = time_pages(signed_in(base), base, args.requests)
    baseline = statistics.median(times["home (baseline)"])
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.requests} requests per page, gunicorn "
          f"with 2 workers, SQLite, the demo with {RISKS} more risks and "
          f"{RISKS * ACTIONS_EACH} actions; load average {os.getloadavg()[0]:.1f}")
    print(f"{'page':52} {'median ms':>10} {'p90 ms':>8} {'x baseline':>11}")
    for name, samples in times.items():
        median = statistics.median(samples)
        p90 = statistics.quantiles(samples, n=10)[-1]
        print(f"{name:52} {median:10.1f} {p90:8.1f} {median / baseline:11.1f}")
    target = statistics.median(times[TARGET])
    print(f"Target (filtered register under 300 ms median): "
          f"{'met' if target < 300 else 'missed'}, {target:.1f} ms")


if __name__ == "__main__":
    main()
