import csv

from smeaton.analytics.published.indicators import CONTEXT, HIGHER, LIBRARY, LOWER
from smeaton.analytics.published.sources import KINDS

LAIT_POLARITY = {"High": HIGHER, "Low": LOWER, "-": CONTEXT}


def test_polarity_agrees_with_lait_data_dictionary(real):
    with open(real / "lait/lait_data_dictionary.csv", encoding="utf-8-sig") as handle:
        dictionary = {row["Measure_short"]: row["Polarity"] for row in csv.DictReader(handle)}
    for indicator in LIBRARY:
        assert indicator.lait_measure in dictionary, indicator.slug
        assert LAIT_POLARITY[dictionary[indicator.lait_measure]] == indicator.polarity, (
            indicator.slug)


def test_every_indicator_comes_from_exactly_one_kind_of_file():
    sources = [slug for kind in KINDS for slug in kind.indicators]
    assert sorted(sources) == sorted(indicator.slug for indicator in LIBRARY)


def test_the_issue_list_is_covered():
    slugs = {indicator.slug for indicator in LIBRARY}
    assert {"children-in-care-rate", "placement-moves", "long-term-stability",
            "care-leavers-eet", "referral-rate", "re-referrals", "assessments-45-days",
            "cp-plan-rate", "cp-second-plan", "cp-two-years", "ehcp-20-weeks",
            "overall-absence", "persistent-absence", "neet-not-known",
            "ks2-expected-standard", "attainment-8", "agency-social-workers"} <= slugs
