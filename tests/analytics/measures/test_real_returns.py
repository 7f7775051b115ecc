"""Measures on returns that went through ``smeaton ingest``: the other team's messy
conformance files, and synthetic LAs calibrated to their published figures."""

import csv
from pathlib import Path

import pytest

from smeaton.analytics.indicators import BY_SLUG, COMPUTED
from smeaton.analytics.ingest import ingest
from smeaton.analytics.measures import compute, reporting_year
from smeaton.analytics.source import Source
from smeaton.analytics.store import Store
from smeaton.analytics.synth import synthesise
from tests.analytics.conftest import data_path

CONFORMANCE = data_path("conformance")
# The generator's figures (calibration.tsv) and the measures that count them.
FIGURES = {"cla_at_end": "children-in-care", "cla_starts": "children-starting-care",
           "cla_ceased": "children-ceasing-care", "referrals": "referrals",
           "cp_at_end": "children-on-cp-plan", "placements_3plus": "placement-moves",
           "long_term_stability": "long-term-stability", "rereferrals": "re-referrals",
           "cp_subsequent": "cp-second-plan", "absence_persistent": "persistent-absence"}


@pytest.fixture(scope="module")
def home(tmp_path_factory):
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMEATON_HOME", str(tmp_path_factory.mktemp("home")))
        patch.delenv("SMEATON_PSEUDONYM_KEY", raising=False)
        yield


@pytest.fixture(scope="module")
def conformance_store(home, tmp_path_factory):
    """The 903 CSV tables as Plymouth's 2018 return, and every CIN file."""
    store = tmp_path_factory.mktemp("conformance") / "store"
    tables = [path for path in (CONFORMANCE / "d2i-903").glob("*.csv")
              if path.name != "placed_for_adoption_errors.csv"]
    ingest(tables, store, la_code="879", year=2018)
    for path in sorted((CONFORMANCE / "d2i-cin").glob("*.xml")):
        ingest([path], store)
    return store


def test_every_measure_runs_on_the_conformance_returns(conformance_store):
    years = [2018, 2023, 2024]
    rows = compute(conformance_store, [reporting_year(year) for year in years])
    totals = {(row["measure_id"], row["la_code"], row["time_period"]): row
              for row in rows if row["breakdown"] == "Total"}
    care = [measure.slug for measure in COMPUTED if measure.computed.source == Source.SSDA903]
    need = [measure.slug for measure in COMPUTED if measure.computed.source == Source.CIN]
    assert {key for key in totals if key[1] == "879"} == {(m, "879", 2018) for m in care}
    assert {key[0] for key in totals if key[1] == "201" and key[2] == 2024} == set(need)
    # Excluded rows: the stored records that failed a field the measure needs.
    episodes = Store(conformance_store).read("ssda903", "episodes", la_code="879")
    for measure in ("children-in-care", "children-ceasing-care", "placement-moves"):
        needs = set(BY_SLUG[measure].computed.needs["episodes"])
        failed = sum(1 for fields in episodes["failed_fields"].to_pylist()
                     if needs & set(fields or ()))
        assert failed > 0
        assert totals[(measure, "879", 2018)]["excluded_rows"] == failed, measure
    # And the rows ingest refused from the tables a measure reads: a referral's date is its
    # key, so a referral whose date failed was refused, and only the catalogue counts it.
    loads = [row for row in Store(conformance_store).catalogue().to_pylist()
             if (row["source"], row["la_code"], row["year"]) == ("cin", "201", 2024)]
    refused = sum(row["rows_rejected"] for row in loads
                  if row["load_id"] == loads[-1]["load_id"] and row["table"] == "cin_details")
    assert refused > 0
    assert totals[("referrals", "201", 2024)]["excluded_rows"] == refused


@pytest.fixture(scope="module")
def synthetic(home, tmp_path_factory):
    """Plymouth and Rutland, six years each, written by smeaton synth and ingested."""
    out = tmp_path_factory.mktemp("synth")
    written = {code: synthesise(code, 2025, 6, 3, out / "returns") for code in ("879", "857")}
    for result in written.values():
        ingest([result.folder], out / "store")
    return out / "store", written


def calibration(folder: Path) -> list[dict]:
    with (folder / "calibration.tsv").open(newline="") as handle:
        return [row for row in csv.DictReader(handle, delimiter="\t")
                if row["within"] != "-" and row["figure"] in FIGURES]


def test_headline_measures_land_within_the_generators_tolerances(synthetic):
    """Each LA's published figure for every year the generator judged, against the
    measure computed from the stored returns: within the generator's own tolerance.
    Absence is the academic year before the reporting year (2023/24 for 2025)."""
    store, written = synthetic
    rows = compute(store, [reporting_year(year) for year in range(2020, 2027)],
                   measures=[BY_SLUG[measure] for measure in set(FIGURES.values())])
    totals = {(row["measure_id"], row["la_code"], row["time_period"]): row["value"]
              for row in rows if row["breakdown"] == "Total"}
    compared = 0
    for code, result in written.items():
        for figure in calibration(result.folder):
            year = int(figure["year"]) + (figure["figure"] == "absence_persistent")
            value = totals[(FIGURES[figure["figure"]], code, year)]
            published, tolerance = float(figure["published"]), float(figure["tolerance"])
            assert abs(value - published) <= tolerance + 1e-9, (code, figure, value)
            compared += 1
    assert compared >= 100


def test_totals_alone_are_the_totals_with_breakdowns(synthetic):
    store, _ = synthetic
    periods = [reporting_year(2025)]
    full = {(row["measure_id"], row["la_code"]): row for row in compute(store, periods)
            if row["breakdown"] == "Total"}
    alone = compute(store, periods, breakdowns=False)
    assert {row["breakdown"] for row in alone} == {"Total"}
    assert {(row["measure_id"], row["la_code"]): row for row in alone} == full
