"""Every rule of the other tool's CIN census registry for a year, on one XML file, as JSON.

Run with the python of the virtual environment benchmarks/validators/setup makes:

    .bench/vcin/bin/python benchmarks/validators/run_cin.py --year 2026 census.xml

It reads the census as the other tool does, runs every rule of the registry of the
collection year (2026: its cin2025_26 rules) one after the other, each on a fresh copy
of the tables as the tool does, and prints one JSON object:

    {"rules": {code: {"cells": [[table, row, field], ...], "seconds": s,
                      "outcome": "ran" | "failed: ..."}},
     "tables": {table: rows}, "seconds": whole run}

in Smeaton's terms: Smeaton's table names (spec.CIN_LAYOUT; the message header is
``cin_header``) and the element's XML path as Smeaton reports it
(/Message/Children/Child[3]/CINdetails[1]/Assessments[2]). A rule the tool checks on the
return as a whole (no row) is given as the header's row. The tool keeps one review date
for each <Reviews> element of a plan, the first: its review rows are mapped to that one.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import json
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path

from cin_validator.cin_validator import convert_data, enum_keys, process_data
from cin_validator.rule_engine import RuleContext
from cin_validator.rules.ruleset_utils import get_year_ruleset

HEADER = "/Message/Header"
TABLES = {"Header": "cin_header", "ChildIdentifiers": "cin_children",
          "ChildCharacteristics": "cin_children", "Disabilities": "cin_disabilities",
          "CINdetails": "cin_details", "Assessments": "cin_assessments",
          "AssessmentFactorsList": "cin_assessment_factors", "CINplanDates": "cin_plans",
          "Section47": "cin_section47", "ChildProtectionPlans": "cin_cp_plans",
          "Reviews": "cin_cp_reviews"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("file", type=Path, nargs="?", help="the CIN census XML")
    parser.add_argument("--year", type=int, required=True,
                        help="collection year ending 31 March, e.g. 2026 for 2025/26")
    parser.add_argument("--codes", action="store_true",
                        help="only list the codes of the year's rules")
    args = parser.parse_args()
    if args.codes:
        print(json.dumps({"codes": sorted(map(str, get_year_ruleset(str(args.year))))}))
        return
    with contextlib.redirect_stdout(sys.stderr):  # the tool prints a failing rule's error
        found = run(args.file, args.year)
    print(json.dumps(found))


def run(path: Path, year: int) -> dict:
    started = time.perf_counter()
    root = ET.fromstring(path.read_bytes())  # noqa: S314 - the tool's own way of reading
    paths = element_paths(root)
    tables = process_data(convert_data(root))
    enumed = enum_keys(tables)
    rules = {}
    for rule in get_year_ruleset(str(year)).values():
        rules[str(rule.code)] = run_rule(rule, enumed, paths)
    return {"rules": rules,
            "tables": {TABLES[name]: len(table) for name, table in tables.items()
                       if name != "ChildCharacteristics"},
            "seconds": round(time.perf_counter() - started, 3)}


def run_rule(rule, tables: dict, paths: dict[str, list[str]]) -> dict:
    started = time.perf_counter()
    context = RuleContext(rule)
    outcome = "ran"
    try:
        rule.func(copy.deepcopy(tables), context)  # some rules change the tables they read
    except Exception as error:  # the tool itself carries on past such a rule
        outcome = f"failed: {type(error).__name__}: {error}"[:300]
    cells = []
    for located in (context.type_zero_issues, context.type_one_issues,
                    context.type_two_issues, context.type_three_issues):
        if len(located) == 0:
            continue
        for table, field, row in located[["tables_affected", "columns_affected",
                                          "ROW_ID"]].itertuples(index=False):
            if row == row:  # a group that found no row of this table
                cells.append([TABLES[table], paths[table][int(row)], field])
    if len(context.la_level_issues):
        cells.append(["cin_header", HEADER, None])
    return {"cells": cells, "outcome": outcome,
            "seconds": round(time.perf_counter() - started, 4)}


def element_paths(root) -> dict[str, list[str]]:
    """Each of the tool's tables' rows as the path of its element: the tool adds rows in
    the document's order, child by child, so the n-th row is the n-th such element."""
    paths: dict[str, list[str]] = {name: [] for name in TABLES}
    paths["Header"].append(HEADER)
    for number, child in enumerate(root.find("Children").findall("Child"), start=1):
        at = f"/Message/Children/Child[{number}]"
        paths["ChildIdentifiers"].append(at)
        paths["ChildCharacteristics"].append(at)
        disabilities = child.find("ChildCharacteristics/Disabilities")
        for each in range(1, len(disabilities) + 1 if disabilities is not None else 1):
            paths["Disabilities"].append(
                f"{at}/ChildCharacteristics/Disabilities/Disability[{each}]")
        for k, details in enumerate(child.findall("CINdetails"), start=1):
            referral = f"{at}/CINdetails[{k}]"
            paths["CINdetails"].append(referral)
            for j, assessment in enumerate(details.findall("Assessments"), start=1):
                paths["Assessments"].append(f"{referral}/Assessments[{j}]")
                factors = assessment.find("FactorsIdentifiedAtAssessment")
                for m in range(1, len(factors) + 1 if factors is not None else 1):
                    paths["AssessmentFactorsList"].append(
                        f"{referral}/Assessments[{j}]/FactorsIdentifiedAtAssessment/"
                        f"AssessmentFactors[{m}]")
            for name, tag in (("CINplanDates", "CINPlanDates"), ("Section47", "Section47")):
                for j in range(1, len(details.findall(tag)) + 1):
                    paths[name].append(f"{referral}/{tag}[{j}]")
            for j, plan in enumerate(details.findall("ChildProtectionPlans"), start=1):
                paths["ChildProtectionPlans"].append(f"{referral}/ChildProtectionPlans[{j}]")
                for _ in plan.findall("Reviews[CPPreviewDate]"):
                    paths["Reviews"].append(
                        f"{referral}/ChildProtectionPlans[{j}]/Reviews/CPPreviewDate[1]")
    return paths


if __name__ == "__main__":
    main()
