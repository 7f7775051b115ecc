"""The indicator registry holds together: each indicator declared once and complete;
its published part true to LAIT and read from one kind of file; its computed part
counting fields the store keeps, with an expression; docs/measures.md's table written
from it; and plain data, which the web room reads without the analytics engine."""

import csv
import re
import runpy
import subprocess
import sys
from pathlib import Path

import pytest

from smeaton.analytics.formats.spec import all_tables
from smeaton.analytics.indicators import (
    BY_SLUG,
    COMPUTED,
    OWN,
    PUBLISHED,
    RECORDED,
    REGISTRY,
    Computed,
    Indicator,
    Outcome,
    PeriodKind,
    Polarity,
    Publication,
    Recorded,
    Unit,
)
from smeaton.analytics.measures.data import RECORDS
from smeaton.analytics.measures.results import expression
from smeaton.analytics.published.sources import KINDS
from smeaton.analytics.source import Source
from tests.analytics.conftest import data_path

ROOT = Path(__file__).resolve().parents[2]
LAIT_POLARITY = {"High": Polarity.HIGHER, "Low": Polarity.LOWER, "-": Polarity.CONTEXT}
COLUMNS = {spec.name: set(spec.names) for spec in all_tables()}


def slug(indicator: Indicator) -> str:
    return indicator.slug


def test_every_indicator_is_declared_once_under_one_slug():
    slugs = [indicator.slug for indicator in REGISTRY]
    assert len(slugs) == len(set(slugs)) == len(BY_SLUG) == 30
    assert all(re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", slug) for slug in slugs)
    assert (len(PUBLISHED), len(COMPUTED), len(RECORDED)) == (22, 19, 2)
    assert len(OWN) == len(COMPUTED) + len(RECORDED)
    # Smeaton's count and DfE's figure are one indicator where they are the same figure.
    assert {i.slug for i in PUBLISHED} & {i.slug for i in COMPUTED} == {
        "children-in-care-rate", "placement-moves", "long-term-stability",
        "care-leavers-eet", "care-leavers-accommodation", "re-referrals",
        "assessments-45-days", "cp-plan-rate", "cp-second-plan", "cp-two-years",
        "overall-absence", "persistent-absence", "severe-absence"}


@pytest.mark.parametrize("indicator", REGISTRY, ids=slug)
def test_each_indicator_says_everything_a_reader_needs(indicator):
    assert indicator.title and indicator.definition
    assert isinstance(indicator.unit, Unit) and isinstance(indicator.polarity, Polarity)
    assert isinstance(indicator.outcome, Outcome) and isinstance(indicator.period, PeriodKind)
    assert indicator.published or indicator.own
    if indicator.published:
        assert isinstance(indicator.published.publication, Publication)


def test_an_indicator_is_declared_by_keyword_and_is_published_computed_or_recorded():
    common = {"slug": "x", "title": "X", "definition": "X.", "unit": Unit.COUNT,
              "polarity": Polarity.CONTEXT, "outcome": Outcome.SAFE,
              "period": PeriodKind.AT_31_MARCH}
    with pytest.raises(TypeError):
        Indicator(*common.values())
    with pytest.raises(ValueError, match="neither published, computed nor recorded"):
        Indicator(**common)
    computed = Computed(source=Source.CIN, numerator="x", needs={})
    assert not Indicator(**common, computed=computed).has_target
    recorded = Recorded(records="Case-file audits", numerator="x")
    assert Indicator(**common, recorded=recorded).own is recorded
    with pytest.raises(ValueError, match="both computed and recorded"):
        Indicator(**common, computed=computed, recorded=recorded)


@pytest.mark.parametrize("indicator", RECORDED, ids=slug)
def test_a_recorded_indicator_is_a_share_broken_down_by_groups_it_names(indicator):
    recorded = indicator.recorded
    assert indicator.unit == Unit.PERCENT and recorded.numerator and recorded.denominator
    assert not recorded.rate_of and not indicator.published


def test_periods_are_labelled_as_the_sector_writes_them():
    assert BY_SLUG["re-referrals"].period_label(2025) == "2024/25"
    assert BY_SLUG["children-in-care-rate"].period_label(2025) == "2025"
    assert BY_SLUG["overall-absence"].period_label(2024) == "2023/24"


def test_polarity_agrees_with_lait_data_dictionary():
    dictionary_file = data_path("published") / "lait/lait_data_dictionary.csv"
    with open(dictionary_file, encoding="utf-8-sig") as handle:
        dictionary = {row["Measure_short"]: row["Polarity"] for row in csv.DictReader(handle)}
    for indicator in PUBLISHED:
        assert indicator.published.lait_measure in dictionary, indicator.slug
        assert LAIT_POLARITY[dictionary[indicator.published.lait_measure]] == (
            indicator.polarity), indicator.slug


def test_every_published_indicator_comes_from_exactly_one_kind_of_file():
    sources = [slug for kind in KINDS for slug in kind.indicators]
    assert sorted(sources) == sorted(indicator.slug for indicator in PUBLISHED)


def test_the_issue_list_is_covered():
    slugs = {indicator.slug for indicator in PUBLISHED}
    assert {"children-in-care-rate", "placement-moves", "long-term-stability",
            "care-leavers-eet", "referral-rate", "re-referrals", "assessments-45-days",
            "cp-plan-rate", "cp-second-plan", "cp-two-years", "ehcp-20-weeks",
            "overall-absence", "persistent-absence", "neet-not-known",
            "ks2-expected-standard", "attainment-8", "agency-social-workers"} <= slugs


@pytest.mark.parametrize("indicator", COMPUTED, ids=slug)
def test_each_computed_part_counts_stored_fields_with_an_expression(indicator):
    computed = indicator.computed
    assert computed.numerator and computed.differs
    assert indicator.unit in (Unit.COUNT, Unit.PERCENT, Unit.RATE)
    assert bool(computed.denominator) == (indicator.unit != Unit.COUNT)
    for table, fields in computed.needs.items():
        assert set(fields) <= COLUMNS[table], (table, fields)
    assert {RECORDS[table].source for table in computed.needs} == {computed.source}
    if computed.rate_of:
        count = BY_SLUG[computed.rate_of]
        assert indicator.unit == Unit.RATE and count.unit == Unit.COUNT
        assert count.computed.needs == computed.needs and count.computed.source == (
            computed.source)
        assert not computed.breakdowns  # a rate has the total only
    else:
        assert callable(expression(indicator))


def test_the_table_in_the_docs_is_written_from_the_registry():
    script = runpy.run_path(str(ROOT / "scripts" / "indicator-table"))
    document = (ROOT / "docs" / "measures.md").read_text(encoding="utf-8")
    assert script["written"](document) == document, "run scripts/indicator-table"
    for indicator in REGISTRY:
        assert f"| `{indicator.slug}` |" in document


def test_the_docs_say_which_indicator_each_of_the_definitions_ids_became():
    document = (ROOT / "docs" / "measures.md").read_text(encoding="utf-8")
    renamed = dict(re.findall(r"^\| `([a-z0-9_]+)` \| `([a-z0-9-]+)` \|$", document, re.M))
    assert len(renamed) == len(COMPUTED)
    assert set(renamed.values()) == {indicator.slug for indicator in COMPUTED}


def test_the_registry_is_plain_data_read_without_the_analytics_engine():
    code = ("import sys, smeaton.analytics.indicators; "
            "print(sorted({'ibis', 'duckdb', 'pyarrow', 'django'} & set(sys.modules)))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr
