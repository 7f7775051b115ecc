"""What a load tells people: a summary for the terminal, every problem as CSV and JSON,
and the problem report as Excel (every problem, and a summary by DfE rule)."""

from __future__ import annotations

import csv
import json
import os
from pathlib import Path

from smeaton.analytics.ingest import Result
from smeaton.analytics.problems import ERROR, FIELDS, QUERY, Problem
from smeaton.analytics.rules.engine import RuleSummary
from smeaton.analytics.spreadsheet import safe, workbook

PROBLEM_HEADINGS = ["Year", "File", "Table", "Row or XML path", "Column", "Value", "Rule",
                    "Reason", "Severity", "Child"]
PROBLEM_WIDTHS = [8, 24, 18, 14, 16, 24, 8, 60, 10, 16]
RULE_HEADINGS = ["Year", "Rule", "Message", "Severity", "Rows", "Children",
                 "Rows not checked", "Why not checked", "Not run"]
RULE_WIDTHS = [8, 8, 60, 10, 8, 10, 10, 40, 40]


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
    lines += _rules_summary(result.rules)
    errors = sum(1 for problem in result.problems if problem.severity == ERROR)
    queries = sum(1 for problem in result.problems if problem.severity == QUERY)
    warnings = len(result.problems) - errors - queries
    lines += ["", f"{errors:,} error{'s' * (errors != 1)}, {queries:,} "
                  f"quer{'ies' if queries != 1 else 'y'} and {warnings:,} "
                  f"warning{'s' * (warnings != 1)}."]
    if result.problems:
        lines.append(f"The first {min(shown, len(result.problems))}:")
        lines += [f"  {problem}" for problem in result.problems[:shown]]
    if result.skipped:
        lines.append(f"Passed over {len(result.skipped)} file(s) that are not CSV or XML.")
    lines.append("Every problem:")
    lines += [f"  {path}" for path in reports]
    return "\n".join(lines)


def _rules_summary(rules: list[RuleSummary], shown: int = 10) -> list[str]:
    """DfE's rules that found something, most rows first; those that could not run."""
    if not rules:
        return []
    found = sorted((s for s in rules if s.rows), key=lambda s: (-s.rows, s.code))
    skipped = sorted({s.skipped for s in rules if s.skipped})
    lines = ["", f"DfE's validation rules: {len(rules) - sum(bool(s.skipped) for s in rules)}"
                 f" run, {len(found)} found something."]
    lines += [f"  {s.code:<10}{s.rule.severity:<7}{s.rows:>8,} rows{s.children:>8,} children"
              f"  {_short(s.rule.message)}" for s in found[:shown]]
    if len(found) > shown:
        lines.append(f"  and {len(found) - shown} more rules (see the report)")
    lines += [f"  {sum(s.skipped == why for s in rules)} not run: {why[len('not run: '):]}"
              if why.startswith("not run: ") else f"  {why}" for why in skipped]
    return lines


def _short(message: str, limit: int = 70) -> str:
    return message if len(message) <= limit else message[:limit - 1].rstrip() + "…"


def write(result: Result, folder: Path) -> tuple[Path, Path, Path]:
    """problems.csv (one row per problem, safe to open in a spreadsheet), problems.xlsx
    (every problem, and the summary by rule) and problems.json (all of it, values
    exactly as given)."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    csv_path, json_path = folder / "problems.csv", folder / "problems.json"
    xlsx_path = folder / "problems.xlsx"
    with _private(csv_path) as file:
        writer = csv.DictWriter(file, fieldnames=FIELDS)
        writer.writeheader()
        writer.writerows({name: safe(value) for name, value in problem.as_dict().items()}
                         for problem in result.problems)
    with _private(json_path) as file:
        json.dump({
            "load_id": result.load_id,
            "summary": [summary.__dict__ for summary in result.summaries],
            "rules": [summary.as_dict() for summary in result.rules],
            "problems": [problem.as_dict() for problem in result.problems],
        }, file, default=str)
    with _private(xlsx_path, binary=True) as file:
        file.write(problem_workbook(
            [[f"Problem report: load {result.load_id}"]], result.problems, result.rules))
    return csv_path, xlsx_path, json_path


def problem_workbook(preamble: list[list], problems: list[Problem],
                     rules: list[RuleSummary]) -> bytes:
    """The problem report as Excel: a sheet of problems, and one of DfE's rules."""
    return workbook([
        ("Problems", preamble, PROBLEM_HEADINGS, (problem_cells(p) for p in problems),
         PROBLEM_WIDTHS),
        ("Rules", preamble, RULE_HEADINGS, (rule_cells(s.as_dict()) for s in rules),
         RULE_WIDTHS)])


def problem_cells(problem: Problem) -> list:
    return [problem.year, problem.file, problem.table, problem.row, problem.column,
            problem.value, problem.rule, problem.reason, problem.severity, problem.child]


def rule_cells(summary: dict) -> list:
    return [summary[name] for name in ("year", "rule", "message", "severity", "rows",
                                       "children", "not_checked", "why_not_checked",
                                       "skipped")]


def _private(path: Path, binary: bool = False):
    """A file readable by its owner only: reports quote cells, identifiers included."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    if binary:
        return os.fdopen(descriptor, "wb")
    return os.fdopen(descriptor, "w", newline="", encoding="utf-8")
