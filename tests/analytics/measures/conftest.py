"""Tiny hand-made stores: a few rows per table, written exactly as ``smeaton ingest``
writes them (the stored schema of docs/data-model.md), so each test's answer can be
worked out by hand."""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from smeaton.analytics.formats.spec import all_tables
from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.measures import Period, compute, reporting_year
from smeaton.analytics.store import CATALOGUE, CATALOGUE_SCHEMA, arrow_schema

SPECS = {spec.name: spec for spec in all_tables()}


def day(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


class TinyStore:
    """Rows added by table, LA and collection year, written when a measure is asked."""

    def __init__(self, root: Path):
        self.root = root
        self.rows: dict[tuple, list[dict]] = defaultdict(list)
        self.loads: dict[tuple, list[dict]] = defaultdict(list)  # the catalogue's rows

    def refused(self, year: int, table: str, rows: int, la: str = "879",
                load_id: str = "L1") -> None:
        """Rows of a table that ingest refused, as a load records them in the catalogue.
        The return's ``_return.json`` names the last load given for it."""
        self.loads[(SPECS[table].source, la, year)].append(
            {"load_id": load_id, "table": table, "rows_rejected": rows})

    def add(self, table: str, year: int, la: str = "879", **row) -> None:
        self.rows[(table, la, year)].append(row)

    # The rows of each table, with every mandatory field given a plausible value.
    def episode(self, year, child, decom, dec=None, rne="S", ls="C2", place="U1", rec=None,
                failed=None, la="879"):
        self.add("episodes", year, la, CHILD=child, DECOM=day(decom), DEC=day(dec), RNE=rne,
                 LS=ls, CIN="N1", PLACE=place, REC=rec or ("E11" if dec else None),
                 failed_fields=failed)

    def header(self, year, child, dob="2015-06-01", sex="1", ethnic="WBRI", failed=None,
               la="879"):
        self.add("header", year, la, CHILD=child, SEX=sex, DOB=day(dob), ETHNIC=ethnic,
                 UPN="UN1", failed_fields=failed)

    def oc3(self, year, child, dob, in_touch="YES", activ="F1", accom="B1", failed=None):
        self.add("oc3", year, CHILD=child, DOB=day(dob), IN_TOUCH=in_touch, ACTIV=activ,
                 ACCOM=accom, failed_fields=failed)

    def cin_child(self, year, child, dob="2015-06-01", sex="1", ethnicity="WBRI",
                  disabilities=("NONE",)):
        self.add("cin_children", year, LAchildID=child, PersonBirthDate=day(dob),
                 GenderCurrent=sex if year < 2025 else None, Sex=sex if year >= 2025 else None,
                 Ethnicity=ethnicity)
        for code in disabilities:
            self.add("cin_disabilities", year, LAchildID=child, Disability=code)

    def referral(self, year, child, date_, failed=None):
        self.add("cin_details", year, referral_id=1, LAchildID=child,
                 CINreferralDate=day(date_), ReferralSource="1A", PrimaryNeedCode="N1",
                 ReferralNFA="0", failed_fields=failed)

    def assessment(self, year, child, start, authorised=None, failed=None):
        self.add("cin_assessments", year, referral_id=1, assessment_id=1, LAchildID=child,
                 AssessmentActualStartDate=day(start),
                 AssessmentAuthorisationDate=day(authorised), failed_fields=failed)

    def plan(self, year, child, start, end=None, previous=0, failed=None):
        self.add("cin_cp_plans", year, referral_id=1, cp_plan_id=1, LAchildID=child,
                 CPPstartDate=day(start), CPPendDate=day(end), InitialCategoryOfAbuse="PHY",
                 LatestCategoryOfAbuse="PHY", NumberOfPreviousCPP=previous,
                 failed_fields=failed)

    def attendance(self, year, pupil, possible, absent, unauthorised=0, dob="2012-01-01",
                   sex="M", ethnicity="WBRI", urn="100001", term="AUT", failed=None):
        self.add("attendance", year, PupilID=pupil, UPN="UN1", DOB=day(dob), Sex=sex,
                 Ethnicity=ethnicity, SENStatus="N", URN=urn, LA="879",
                 AcademicYear=f"{year - 1}/{str(year)[2:]}", Term=term,
                 SessionsPossible=possible, SessionsAuthorised=absent,
                 SessionsUnauthorised=unauthorised, failed_fields=failed)

    def write(self) -> Path:
        for (table, la, year), rows in self.rows.items():
            spec = SPECS[table]
            schema = arrow_schema(spec)
            folder = self.root / spec.source / f"la_code={la}" / f"year={year}"
            folder.mkdir(parents=True, exist_ok=True)
            filled = [{**{name: None for name in schema.names}, "source_row": str(line + 2),
                       **row} for line, row in enumerate(rows)]
            pq.write_table(pa.Table.from_pylist(filled, schema=schema),
                           folder / f"{table}.parquet")
        catalogue = []
        for (source, la, year), entries in self.loads.items():
            folder = self.root / source / f"la_code={la}" / f"year={year}"
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "_return.json").write_text(json.dumps(
                {"load_id": entries[-1]["load_id"], "source": source, "la_code": la,
                 "year": year}))
            catalogue += [{"source": source, "la_code": la, "year": year, "rows_in": 0,
                           "rows_stored": 0, **entry} for entry in entries]
        if catalogue:
            pq.write_table(pa.Table.from_pylist(catalogue, schema=CATALOGUE_SCHEMA),
                           self.root / CATALOGUE)
        (self.root / "store.json").write_text(json.dumps({"format": 1}))
        return self.root

    def results(self, measure: str, period: Period | int) -> list[dict]:
        period = reporting_year(period) if isinstance(period, int) else period
        return compute(self.write(), [period], measures=[BY_SLUG[measure]])

    def total(self, measure: str, period: Period | int, la: str = "879") -> dict:
        """The headline row of one measure for one LA and period."""
        return next(row for row in self.results(measure, period)
                    if row["breakdown"] == "Total" and row["la_code"] == la)

    def cells(self, measure: str, period: Period | int, breakdown: str) -> dict:
        """A breakdown's cells: value label -> (numerator, denominator)."""
        return {row["breakdown_value"]: (row["numerator"], row["denominator"])
                for row in self.results(measure, period) if row["breakdown"] == breakdown}


@pytest.fixture
def store(tmp_path):
    return TinyStore(tmp_path / "store")


def ending(text: str) -> Period:
    return Period(date.fromisoformat(text))
