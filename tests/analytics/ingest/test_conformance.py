"""Another team's messy fake returns: every file loads, every bad cell is named."""

import csv

import pytest
from lxml import etree

from smeaton.analytics.problems import BatchRefused

from .conftest import CONFORMANCE, problems_of

CIN_FILES = sorted(path.name for path in (CONFORMANCE / "d2i-cin").glob("*.xml"))


def find(result, file, row, column):
    matches = [p for p in problems_of(result)
               if p.file == file and p.row == row and p.column == column]
    assert matches, f"no problem reported for {file} row {row} {column}"
    return matches[0]


@pytest.fixture
def csv_return(conformance, tmp_path):
    """The CSV tables as one return (the second PlacedAdoption file is its own batch)."""
    folder = tmp_path / "903" / "2018"
    folder.mkdir(parents=True)
    for path in (conformance / "d2i-903").glob("*.csv"):
        if path.name != "placed_for_adoption_errors.csv":
            (folder / path.name).write_bytes(path.read_bytes())
    return folder


def data_rows(path) -> int:
    with path.open(encoding="utf-8-sig", newline="") as file:
        return sum(1 for row in csv.reader(file) if any(cell.strip() for cell in row)) - 1


def test_every_csv_table_loads_and_every_row_is_stored_or_rejected(csv_return, load):
    result = load(csv_return, la_code="879")
    by_file = {summary.files: summary for summary in result.summaries}
    assert len(by_file) == 12  # every table but the second PlacedAdoption file
    for name, summary in by_file.items():
        assert summary.rows_in == data_rows(csv_return / name), name
        assert summary.rows_in == summary.rows_stored + summary.rows_rejected, name
    assert by_file["episodes.csv"].rows_in == 5050
    assert by_file["reviews.csv"].rows_rejected == sum(
        1 for p in problems_of(result) if p.file == "reviews.csv" and "row not stored" in p.reason)


def test_known_bad_cells_in_the_csv_tables_are_named(csv_return, load):
    result = load(csv_return, la_code="879")
    assert find(result, "header.csv", 1273, "MOTHER").value == "1.0"
    assert find(result, "oc3.csv", 2, "ACCOM").reason == "not a valid ACCOM code"
    custody = find(result, "episodes.csv", 19, "REASON_PLACE_CHANGE")
    assert (custody.value, custody.child) == ("CUSTOD", "634852")
    assert find(result, "episodes.csv", 312, "DEC").reason.startswith(
        "overlaps the next episode, which starts 11/01/2018 (row 313)")
    assert find(result, "episodes.csv", 665, "RNE").value == "P"
    assert find(result, "placed_for_adoption.csv", 2, "REASON_PLACED_CEASED").value == "XXX"
    assert find(result, "sw_episodes.csv", 2, "SW_REASON").value == "SWLAZY"


def test_the_placed_for_adoption_errors_file_loads_on_its_own(conformance, load, tmp_path):
    result = load(conformance / "d2i-903" / "placed_for_adoption_errors.csv",
                  la_code="879", year=2018)
    (summary,) = result.summaries
    assert summary.rows_in == 30 == summary.rows_stored + summary.rows_rejected


def test_the_xml_return_loads_into_the_same_tables(conformance, load):
    result = load(conformance / "d2i-903" / "fake_903.xml", la_code="879", year=2018)
    counts = {summary.table: summary.rows_in for summary in result.summaries}
    tree = etree.parse(str(conformance / "d2i-903" / "fake_903.xml"))
    assert counts["header"] == len(tree.findall("CHILD")) == 253
    assert counts["episodes"] == len(tree.findall("CHILD/EPISODE")) == 459
    assert counts["reviews"] == len(tree.findall(".//AREVIEW")) == 1206
    for summary in result.summaries:
        assert summary.rows_in == summary.rows_stored + summary.rows_rejected
    problem = find(result, "fake_903.xml", "/EXPSSDA903/CHILD[136]/EPISODE[6]", "DEC")
    assert problem.value == "01/04/2018"


@pytest.mark.parametrize("name", CIN_FILES)
def test_every_cin_file_loads_and_balances(conformance, load, name):
    path = conformance / "d2i-cin" / name
    result = load(path)
    tree = etree.parse(str(path))
    counts = {summary.table: summary for summary in result.summaries}
    assert counts["cin_children"].rows_in == len(tree.findall("Children/Child"))
    assert counts["cin_details"].rows_in == len(tree.findall("Children/Child/CINdetails"))
    for summary in result.summaries:
        assert summary.rows_in == summary.rows_stored + summary.rows_rejected


def test_known_bad_cells_in_the_cin_files_are_named(conformance, load):
    result = load(conformance / "d2i-cin" / "CIN_Census_2026.xml")
    stray = find(result, "CIN_Census_2026.xml", "/Message/Children/Child[1]/ChildIdentifiers",
                 "UPNunknown")
    assert stray.value == "PersonBirthDate" and stray.reason.startswith("stray text")
    factor = find(result, "CIN_Census_2026.xml", "/Message/Children/Child[1]/CINdetails[1]/"
                  "Assessments[1]/FactorsIdentifiedAtAssessment/AssessmentFactors[2]",
                  "AssessmentFactors")
    assert factor.value == "RB"
    fake = load(conformance / "d2i-cin" / "fake_CIN_data.xml")
    assert len(fake.summaries) == 3  # children, disabilities, referrals
    assert fake.summaries[0].rows_in == 332


def test_the_cin_folder_in_one_batch_is_refused_clearly(conformance, load, store):
    """Several of the files are the same LA's return for the same year."""
    with pytest.raises(BatchRefused, match="are both the CIN census return for LA 201"):
        load(conformance / "d2i-cin")
    assert not store.exists() or not any(store.glob("cin/*"))
