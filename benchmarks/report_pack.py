"""How long a quarterly board pack takes to write: gathering its sections from the records
and writing it as a web page, Word, tagged PDF and Excel, as issuing does.

Prepares the demo council in a temporary home and brings it to the size the target
names (ten priorities with 70 milestones in the report's year, every indicator Smeaton
has, 30 open risks, 50 actions on the board's log), then writes the Improvement Board's
draft quarterly report in this process, several times. The peer,
timed in the same run on the same HTML, is Chromium printing the web page to PDF
(untagged: what a person gets from "Print to PDF"), through Playwright.

    .venv/bin/python benchmarks/report_pack.py [--runs 5]
"""

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STEPS = ["gather the sections", "web page", "Word", "PDF (WeasyPrint, PDF/UA-1)", "Excel"]


def prepare(home: str) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SMEATON_", "DATABASE_"))}
    subprocess.run([sys.executable, "-m", "smeaton.cli", "demo", "--no-serve", "--home", home],
                   cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def configure(home: str) -> None:
    os.environ.update(SMEATON_HOME=home, SMEATON_DEMO="true",
                      DJANGO_SETTINGS_MODULE="smeaton.web.settings")
    os.environ.setdefault("SMEATON_SECRET_KEY", (Path(home) / "secret_key").read_text().strip())
    os.environ.setdefault("SMEATON_LA_CODE", "879")
    os.environ.setdefault("SMEATON_COUNCIL_NAME", "Plymouth City Council")
    import django

    django.setup()


MILESTONES, RISKS, ACTIONS = 70, 30, 50


def scale_up() -> None:
    """Add illustrative records until the draft's year has MILESTONES milestones, the
    register RISKS open risks and the Improvement Board's log ACTIONS actions."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from smeaton.web.boards.models import BoardAction
    from smeaton.web.plan.models import Milestone
    from smeaton.web.reports import documents
    from smeaton.web.reports.models import Report
    from smeaton.web.risks.models import Category, Risk

    report = Report.objects.filter(state=Report.State.DRAFT).first()
    today = timezone.localdate()
    plan = documents.scope(report, today).plan
    year = plan.current_year(report.ends)
    owner = get_user_model().objects.get(username="demo-owner")
    priorities = list(plan.priorities.all())
    have = Milestone.objects.filter(priority__plan=plan, plan_year=year).count()
    Milestone.objects.bulk_create([
        Milestone(priority=priorities[n % len(priorities)], plan_year=year, owner=owner,
                  title=f"Benchmark milestone {n}", due=today + timedelta(days=n))
        for n in range(MILESTONES - have)])
    categories = list(Category.objects.all())
    have = Risk.objects.filter(status=Risk.Status.OPEN).count()
    Risk.objects.bulk_create([
        Risk(reference=f"B{n:03d}", title=f"Benchmark risk {n}", cause="Because of load",
             event="there is a risk of delay", consequence="which would cost money",
             category=categories[n % len(categories)], owner=owner, inherent_likelihood=5,
             inherent_impact=5, current_likelihood=n % 5 + 1, current_impact=5 - n % 3,
             target_likelihood=1, target_impact=2, next_review=today + timedelta(days=30))
        for n in range(RISKS - have)])
    board = report.report_type.board
    meeting = board.meetings.filter(state="held").first()
    have = board.actions.count()
    BoardAction.objects.bulk_create([
        BoardAction(board=board, meeting=meeting, number=100 + n, owner=owner,
                    description=f"Benchmark action {n}", due=today + timedelta(days=n - 10))
        for n in range(ACTIONS - have)])


def time_pack(runs: int) -> tuple[dict[str, list[float]], dict[str, int], str]:
    from django.template.loader import render_to_string

    from smeaton.web.reports import documents
    from smeaton.web.reports.models import Report
    from smeaton.web.reports.writers import pdf

    report = Report.objects.filter(state=Report.State.DRAFT).first()
    times: dict[str, list[float]] = {step: [] for step in [*STEPS, "whole pack"]}
    for _ in range(runs + 1):  # the first run warms up: fonts, chart renderer, templates
        lap = start = time.perf_counter()
        laps = []
        document = documents.gather(report)
        laps.append(time.perf_counter() - lap)
        lap = time.perf_counter()
        render_to_string("reports/includes/sections.html", {"document": document})
        laps.append(time.perf_counter() - lap)
        for kind in ("docx", "pdf", "xlsx"):
            lap = time.perf_counter()
            documents.write(document, kind)
            laps.append(time.perf_counter() - lap)
        laps.append(time.perf_counter() - start)
        for step, seconds in zip(times, laps, strict=True):
            times[step].append(seconds * 1000)
    # The peer prints the very HTML WeasyPrint is given: the same blocks, stylesheet, charts.
    html = pdf.html(document)
    return {step: samples[1:] for step, samples in times.items()}, _sizes(document), html


def _sizes(document) -> dict[str, int]:
    from smeaton.web.reports.blocks import Table

    tables = [b for s in document.sections for b in s.blocks if isinstance(b, Table)]
    return {"sections": len(document.sections), "tables": len(tables),
            "table rows": sum(len(t.rows) for t in tables)}


def time_chromium(html: str, runs: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        for _ in range(runs + 1):
            start = time.perf_counter()
            page.set_content(html)
            page.pdf(format="A4")
            times.append((time.perf_counter() - start) * 1000)
        browser.close()
    return times[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="smeaton-bench-") as home:
        prepare(home)
        configure(home)
        scale_up()
        times, sizes, html = time_pack(args.runs)
    chromium = time_chromium(html, args.runs)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.runs} runs after one to warm up; "
          f"SQLite; the demo's Improvement Board quarterly report: "
          + ", ".join(f"{n} {what}" for what, n in sizes.items()))
    pdf = statistics.median(times["PDF (WeasyPrint, PDF/UA-1)"])
    print(f"{'step':34} {'median ms':>10} {'max ms':>8} {'x Chromium PDF':>15}")
    for step, samples in [*times.items(), ("peer: Chromium print to PDF", chromium)]:
        median = statistics.median(samples)
        print(f"{step:34} {median:10.0f} {max(samples):8.0f} "
              f"{median / statistics.median(chromium):15.2f}")
    print(f"tagged PDF against Chromium's untagged: {pdf / statistics.median(chromium):.2f}x")


if __name__ == "__main__":
    main()
