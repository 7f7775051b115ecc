from decimal import Decimal

import pytest

from smeaton.analytics.published.areas import AREAS, ENGLAND, current_authorities
from smeaton.analytics.published.neighbours import MODELS, read_model
from smeaton.analytics.published.sources import PublishedFileError, read

SOUTH_WEST = "E12000009"
PLYMOUTH = "879"
EES_HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,"
              "region_code,region_name,old_la_code,new_la_code,la_name,category,"
              "referral_count,rereferral_count,rereferral_percent")


def value_of(reading, indicator, area, year):
    (found,) = [o for o in reading.observations
                if (o.indicator, o.area, o.year) == (indicator, area, year)]
    return found


def test_children_in_care_at_31_march_2025(real):
    reading = read(real / "csc-outcomes-enablers/cla_number_and_rate_per_10k_children.csv")
    plymouth = value_of(reading, "children-in-care-rate", PLYMOUTH, 2025)
    assert (plymouth.value, plymouth.count) == (Decimal("101"), Decimal("527"))
    assert value_of(reading, "children-in-care-rate", ENGLAND, 2025).value == 67
    assert value_of(reading, "children-in-care-rate", SOUTH_WEST, 2025).value == 62


def test_re_referrals_2025(real):
    reading = read(real / "csc-outcomes-enablers/"
                   "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv")
    assert value_of(reading, "re-referrals", PLYMOUTH, 2025).value == Decimal("26.0")
    assert value_of(reading, "re-referrals", ENGLAND, 2025).value == Decimal("22.6")


def test_agency_social_workers_2025_and_shared_services(real):
    reading = read(real / "csc-outcomes-enablers/csww_indicators_2017_to_2025.csv")
    assert value_of(reading, "agency-social-workers", PLYMOUTH, 2025).value == Decimal("8.8")
    # Kingston and Richmond make one return ("314 / 318"): the figure is each of theirs.
    joint = [o for o in reading.observations if o.indicator == "caseload" and o.year == 2025
             and o.area in ("314", "318")]
    assert len(joint) == 2
    assert joint[0].value == joint[1].value


def test_all_153_las_the_regions_and_england_load(real):
    reading = read(real / "csc-outcomes-enablers/cla_number_and_rate_per_10k_children.csv")
    areas_2025 = {o.area for o in reading.observations if o.year == 2025}
    assert {a.code for a in current_authorities()} <= areas_2025
    assert len(current_authorities()) == 153
    assert ENGLAND in areas_2025
    assert {code for code, area in AREAS.items() if area.level == "region"} <= areas_2025


def test_a_suppressed_value_is_kept_as_its_symbol(real):
    reading = read(real / "csc-outcomes-enablers/d5_cpps_at31march_by_duration_2013_to_2025.csv")
    plymouth = value_of(reading, "cp-two-years", PLYMOUTH, 2025)
    assert (plymouth.value, plymouth.symbol) == (None, "c")


def test_lait_parquet_and_the_shipped_extract_give_the_same_observations(real):
    # LAIT's whole file cut to every row of the measures Smeaton reads, and one row of
    # each other measure and each period (641,070 rows in all; tests/data/SOURCES.md).
    whole = read(real / "lait/bds_long_0.parquet")
    shipped = read(MODELS["2025"].parent / "lait.csv")
    assert whole.rows_read == 16_791
    assert len(whole.observations) == len(shipped.observations) > 15_000
    by_key = {(o.indicator, o.area, o.year): o for o in shipped.observations}
    for observation in whole.observations:
        kept = by_key[(observation.indicator, observation.area, observation.year)]
        assert (kept.value, kept.symbol) == (observation.value, observation.symbol)


def test_ees_and_lait_agree_on_children_in_care(real):
    ees = read(real / "csc-outcomes-enablers/cla_number_and_rate_per_10k_children.csv")
    lait_rows = (real / "lait/derived/lait_key_measures.csv").read_text().splitlines()
    plymouth_2025 = next(line for line in lait_rows
                         if line.startswith("LAC,") and ",2025,Plymouth," in line)
    assert plymouth_2025.split(",")[-3] == str(
        value_of(ees, "children-in-care-rate", PLYMOUTH, 2025).value)


def test_columns_are_found_by_name_in_any_order_and_case(write):
    path = write(
        "renamed.csv",
        "Rereferral_Percent,old_la_code,geographic_level,time_period,time_identifier,"
        "country_code,region_code,Referral_Count,rereferral_count",
        "26.0,879,Local authority,2025,Reporting year,E92000001,E12000009,100,26",
    )
    assert value_of(read(path), "re-referrals", PLYMOUTH, 2025).value == Decimal("26.0")


def test_a_file_of_an_unknown_kind_is_refused(write):
    path = write("pupils.csv", "time_period,geographic_level,pupils", "2025,National,10")
    with pytest.raises(PublishedFileError, match="pupils.csv is not a kind of published file"):
        read(path)


def test_a_missing_column_is_named(write):
    # A workforce file is known by its rates; without the count of cases it is refused.
    path = write("csww.csv", "time_period,time_identifier,geographic_level,country_code,"
                 "agency_rate_fte,turnover_rate_fte,vacancy_rate_fte,caseload_fte,agency_fte,"
                 "leavers_fte,vacancy_fte", "2025,Reporting year,National,E92000001,"
                 "13,11.8,14.2,15.2,5415,4276,6000")
    with pytest.raises(PublishedFileError, match="csww.csv has no column cases"):
        read(path)


def test_an_unknown_symbol_names_file_row_column_and_value(write):
    path = write("c1.csv", EES_HEADER,
                 "2025,Reporting year,National,E92000001,England,,,,,,R,1,1,22.6",
                 "2025,Reporting year,Local authority,E92000001,England,E12000009,South West,"
                 "879,E06000026,Plymouth,R,10,3,q")
    with pytest.raises(PublishedFileError) as refused:
        read(path)
    (problem,) = refused.value.problems
    assert (problem.file, problem.row, problem.column, problem.value) == (
        "c1.csv", 3, "rereferral_percent", "q")
    assert "c1.csv, row 3, column rereferral_percent ('q')" in str(refused.value)


def test_an_unknown_la_code_is_refused(write):
    path = write("c1.csv", EES_HEADER,
                 "2025,Reporting year,Local authority,E92000001,England,E12000009,South West,"
                 "999,E06000999,Nowhere,R,10,3,30.0")
    with pytest.raises(PublishedFileError) as refused:
        read(path)
    assert refused.value.problems[0].column == "old_la_code"
    assert refused.value.problems[0].value == "999"


def test_a_bad_period_and_a_repeated_row_are_refused(write):
    row = ("{period},Reporting year,Local authority,E92000001,England,E12000009,South West,"
           "879,E06000026,Plymouth,R,10,3,30.0")
    path = write("c1.csv", EES_HEADER, row.format(period="2025"), row.format(period="2025"),
                 row.format(period="20X5"))
    with pytest.raises(PublishedFileError) as refused:
        read(path)
    reasons = {(p.row, p.column): p.reason for p in refused.value.problems}
    assert "appears twice" in reasons[(3, "time_period")]
    assert "not a time period" in reasons[(4, "time_period")]


def test_a_file_that_is_not_utf8_is_refused(tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes(b"time_period,la_name\n2025,Bournemouth \xe9\n")
    with pytest.raises(PublishedFileError, match="not UTF-8"):
        read(path)


def test_lait_with_an_unknown_la_number(write):
    path = write("lait.csv", "Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region",
                 "TotAbs,Total absence,2025,Nowhere,6.1,1234,NA")
    with pytest.raises(PublishedFileError) as refused:
        read(path)
    assert (refused.value.problems[0].row, refused.value.problems[0].column) == (2, "LA Number")


def test_plymouths_statistical_neighbours_in_each_model():
    names = {model: [AREAS[n.neighbour].name for n in read_model(path) if n.area == PLYMOUTH]
             for model, path in MODELS.items()}
    assert names["2025"] == ["Tameside", "Torbay", "Telford and Wrekin", "Dudley", "Rotherham",
                             "Wakefield", "Kirklees", "Gateshead", "Medway", "Cornwall"]
    assert names["2021"][0] == "Torbay"
    assert names["2021"] != names["2025"]
