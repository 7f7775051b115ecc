"""The placement rules: which episodes they flag, the postcode directory as the rules
read it, and Ofsted's providers lists as a council loads them."""

from pathlib import Path

import pytest

from smeaton.analytics.rules import POSTCODES, PROVIDERS, registry
from smeaton.analytics.rules import places as directory
from smeaton.analytics.rules.examples import run_example
from smeaton.analytics.rules.ssda903.places import chain, episode, last_year, later, placed
from smeaton.analytics.source import Source

PROVIDERS_FILE = Path(__file__).parents[2] / "data" / "ofsted_providers.csv"


def rule(code: str):
    return registry()[(Source.SSDA903, code)][0]


def flagged(code: str, example: dict) -> list[int]:
    """The file lines (the header is line 1) of the rows the rule flags."""
    return sorted(problem.row for problem in run_example(rule(code), example).problems
                  if problem.rule == code)


def test_a_move_back_from_a_temporary_placement_is_checked_on_the_return_not_the_move():
    episodes = chain(episode(), later(RNE="T", PLACE="T1", PL_POST="PL1 1AB"),
                     episode(DECOM="2025-08-15", RNE="P", PL_POST="TR1 1AA"),
                     episode(DECOM="2025-09-01", RNE="P", PL_POST="PL4 8AA"))
    assert flagged("383", {"episodes": episodes}) == [4]


def test_a_change_of_placement_with_no_urn_either_side_is_a_change_all_the_same():
    # Same placement in every field, blanks included: the new episode is no move.
    unchanged = {"episodes": chain(episode(), later(RNE="P"))}
    moved = {"episodes": chain(episode(), later(RNE="P", PLACE_PROVIDER="PR4"))}
    assert flagged("435", unchanged) == [3]
    assert flagged("435", moved) == []


def test_the_first_episode_is_compared_with_last_years_only_when_that_was_still_open():
    carried = placed(*chain(episode(RNE="P", PL_POST="TR1 1AA"), later(PL_POST="TR1 1AA")),
                     episodes_last=[last_year()])
    ended = placed(episode(RNE="P", PL_POST="TR1 1AA"),
                   episodes_last=[last_year(DEC="2025-02-01")])
    assert flagged("503H", carried) == [2]
    assert flagged("503H", ended) == []


def test_last_years_distance_is_bounded_by_its_sectors():
    # Last year: home in sector PL1 1, placement in PL4 8, about 0.8 miles apart at
    # most; this year the same postcodes, then a placement in Truro.
    same = placed(episode(RNE="P"), episodes_last=[last_year()])
    truro = placed(episode(RNE="P", PL_POST="TR1 1AA"), episodes_last=[last_year()])
    assert flagged("503G", same) == []
    assert flagged("503G", truro) == [2]


def test_a_provider_with_premises_in_two_las_may_place_in_either():
    example = placed(*chain(episode(PLACE="K3", URN="SC100003", PL_POST="TR1 1AA"),
                            episode(DECOM="2025-06-01", RNE="T", PLACE="K3", URN="SC100003",
                                    PL_POST="CF10 1AA")))
    assert flagged("241", example) == [3]


def test_the_placement_rules_say_what_they_need():
    assert POSTCODES in rule("169").needs
    assert PROVIDERS in rule("1008").needs
    assert not rule("392b").needs


def test_the_directory_is_written_as_the_format_checks_write_postcodes():
    table = directory.from_directory(
        ["B1  1AA", "SW1A1AA", "PL1 1AA", "CF101AA", "GY1 1AA"],
        ["E08000025", "E09000033", "E06000026", "W06000015", "L99999999"],
        [1.0, 2.0, 3.0, float("nan"), 5.0], [1.0, 2.0, 3.0, 4.0, 5.0])
    assert table["postcode"].to_pylist() == ["B1 1AA", "SW1A 1AA", "PL1 1AA", "CF10 1AA",
                                             "GY1 1AA"]
    assert table["la"].to_pylist() == ["330", "213", "879", "WAL", "NUK"]
    assert table["easting"].to_pylist()[3] is None


def test_a_district_is_placed_in_its_county():
    # Exeter: Devon County Council (878) runs its children's services.
    assert directory.from_directory(["EX1 1AA"], ["E07000041"], [0.0], [0.0])[
        "la"].to_pylist() == ["878"]


@pytest.mark.skipif(not directory.installed(), reason="the postcode directory's package")
def test_the_installed_directory_places_real_postcodes():
    table = directory.postcodes()
    found = table.filter(directory.pc.is_in(table["postcode"],
                                            value_set=directory.pa.array(["PL1 1AA"])))
    assert found["la"].to_pylist() == ["879"]


def test_ofsteds_list_gives_each_provider_its_dfe_codes_and_la():
    providers = {row["URN"]: row for row in
                 directory.read_providers(PROVIDERS_FILE).to_pylist()}
    assert providers["SC100001"]["place_codes"] == "K2"
    assert providers["SC100002"]["provider_codes"] == "PR1,PR2"
    assert providers["SC100002"]["reg_end"].isoformat() == "2025-09-30"
    assert providers["SC100002"]["postcode"] == "TR1 1AA"
    assert providers["SC100004"]["place_codes"] == "U1,U2,U3,U4,U5,U6"
    assert providers["SC100003"]["la"] == "879"  # no postcode: the LA the list names


def test_a_file_without_urns_is_refused(tmp_path):
    path = tmp_path / "list.csv"
    path.write_text("Name,Places\nHarbour View,4\n")
    with pytest.raises(directory.ProvidersFileError, match="no URN column"):
        directory.read_providers(path)


def test_loaded_providers_are_offered_to_the_rules(tmp_path):
    assert PROVIDERS not in directory.for_rules(tmp_path)[1]
    directory.save_providers(directory.read_providers(PROVIDERS_FILE), tmp_path)
    extra, available = directory.for_rules(tmp_path)
    assert PROVIDERS in available
    assert extra["providers"].num_rows == 4


def test_a_workbook_with_current_and_closed_providers_loads_both_sheets(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    current = book.active
    current.append(["Children's social care providers: current"])  # a title above
    current.append(["URN", "Provider type", "Sector", "Setting postcode"])
    current.append(["SC100001", "Children's home", "Private", "PL4 8AA"])
    closed = book.create_sheet("Closed")
    closed.append(["Setting postcode", "URN", "Provider type", "Sector",
                   "Deregistration date"])
    closed.append(["TR1 1AA", "SC100002", "Secure children's home", "Local authority",
                   "2025-09-30"])
    book.save(tmp_path / "providers.xlsx")
    providers = {row["URN"]: row for row in
                 directory.read_providers(tmp_path / "providers.xlsx").to_pylist()}
    assert providers["SC100001"]["place_codes"] == "K2"
    assert providers["SC100002"]["place_codes"] == "K1"
    assert providers["SC100002"]["postcode"] == "TR1 1AA"
    assert providers["SC100002"]["reg_end"].isoformat() == "2025-09-30"


def test_the_providers_load_command_keeps_the_list_in_the_home(tmp_path):
    from click.testing import CliRunner

    from smeaton.cli import main

    home = tmp_path / "home"
    runner = CliRunner(env={"SMEATON_HOME": str(home)})
    result = runner.invoke(main, ["providers", "load", str(PROVIDERS_FILE)])
    assert result.exit_code == 0, result.output
    assert "4 providers (4 premises) loaded from ofsted_providers.csv" in result.output
    assert directory.load_providers(home / "providers").num_rows == 4
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("Name\nHarbour View\n")
    refused = runner.invoke(main, ["providers", "load", str(wrong)])
    assert refused.exit_code == 2 and "no URN column" in refused.output
    assert directory.load_providers(home / "providers").num_rows == 4
