"""What a load tells people: a summary for the terminal, every problem as CSV and JSON."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from smeaton.analytics.ingest import Result
from smeaton.analytics.problems import ERROR, FIELDS
from smeaton.analytics.spreadsheet import safe


def summary(result: Result, reports: tuple[Path, Path], shown: int = 10) -> str:
    """What a person at the terminal needs: per table, rows in, stored and rejected."""
    lines = [f"Load {result.load_id}", *result.notices]
    # Counts up to 99,999,999 keep their columns apart: a national file has millions.
    header = f"  {'table':<24}{'rows in':>12}{'stored':>12}{'rejected':>12}{'errors':>12}" \
             f"{'warnings':>12}  file"
    current = None
    for item in result.summaries:
        heading = (f"{item.source.label} for LA {item.la_code}, {item.year}: "
                   f"{item.outcome}")
        if heading != current:
            lines += ["", heading, header]
            current = heading
        lines.append(f"  {item.table:<24}{item.rows_in:>12,}{item.rows_stored:>12,}"
                     f"{item.rows_rejected:>12,}{item.errors:>12,}{item.warnings:>12,}"
                     f"  {item.files}")
    errors = sum(1 for problem in result.problems if problem.severity == ERROR)
    warnings = len(result.problems) - errors
    lines += ["", f"{errors:,} error{'s' * (errors != 1)} and {warnings:,} "
                  f"warning{'s' * (warnings != 1)}."]
    if result.problems:
        lines.append(f"The first {min(shown, len(result.problems))}:")
        lines += [f"  {problem}" for problem in result.problems[:shown]]
    if result.skipped:
        lines.append(f"Passed over {len(result.skipped)} file(s) that are not CSV or XML.")
    lines.append(f"Every problem: {reports[0]} and {reports[1]}")
    return "\n".join(lines)


def write(result: Result, folder: Path) -> tuple[Path, Path]:
    """problems.csv (one row per problem, safe to open in a spreadsheet) and
    problems.json (summary and problems, values exactly as given)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    csv_path, json_path = folder / "problems.csv", folder / "problems.json"
    with _private(csv_path) as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows({name: safe(value) for name, value in problem.as_dict().items()}
                         for problem in result.problems)
    with _private(json_path) as file:
        json.dump({
            "load_id": result.load_id,
            "summary": [summary.__dict__ for summary in result.summaries],
            "problems": [problem.as_dict() for problem in result.problems],
        }, file, default=str)
    return csv_path, json_path


def _private(path: Path):
    """A file readable by its owner only: reports quote cells, identifiers included."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    return os.fdopen(descriptor, "w", newline="", encoding="utf-8")
