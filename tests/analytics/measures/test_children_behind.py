"""The children behind a figure add up to it, for every measure, its total and groups."""

import pytest

from smeaton.analytics.indicators import BY_SLUG, COMPUTED
from smeaton.analytics.ingest import ingest
from smeaton.analytics.measures import compute, reporting_year
from smeaton.analytics.measures.children import children_behind
from smeaton.analytics.synth import synthesise

PERIOD = reporting_year(2025)


@pytest.fixture(scope="module")
def rutland(tmp_path_factory):
    """Rutland's last three years, with a share of faulty rows, from smeaton synth."""
    out = tmp_path_factory.mktemp("rutland")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SMEATON_HOME", str(out / "home"))
        patch.delenv("SMEATON_PSEUDONYM_KEY", raising=False)
        written = synthesise("857", 2025, 3, 3, out / "returns", errors=0.02)
        ingest([written.folder], out / "store")
        figures = {(row["measure_id"], row["breakdown"], row["breakdown_value"]): row
                   for row in compute(out / "store", [PERIOD], la_code="857")}
        yield out / "store", figures


def largest_group(figures, measure, breakdown):
    rows = [row for key, row in figures.items() if key[:2] == (measure.slug, breakdown.title)]
    return max(rows, key=lambda row: row["numerator"])["breakdown_value"]


@pytest.mark.parametrize("measure", COMPUTED, ids=lambda measure: measure.slug)
def test_the_children_behind_a_figure_add_up_to_it(rutland, measure):
    store, figures = rutland
    rate_of = measure.computed.rate_of
    counted = BY_SLUG[rate_of] if rate_of else measure
    asked = [None] + [(b.title, largest_group(figures, measure, b))
                      for b in measure.computed.breakdowns]
    for group in asked:
        behind = children_behind(store, measure, "857", PERIOD, group)
        figure = figures[(counted.slug, *(group or ("Total", "Total")))]
        assert behind.numerator == figure["numerator"], group
        if figure["denominator"] is not None and not rate_of:
            assert behind.denominator == figure["denominator"], group
        assert behind.rows, (measure.slug, group)
        assert all(row["child"] for row in behind.rows)
        if group is not None:
            assert {row[group[0]] for row in behind.rows} == {group[1]}


def test_each_row_says_why_it_counts_and_hides_who_the_child_is(rutland):
    store, _ = rutland
    behind = children_behind(store, BY_SLUG["placement-moves"], "857", PERIOD)
    first = behind.rows[0]
    # Those in the numerator come first, with the fact that put them there.
    assert first["numerator"] == 1 and first["placements"] >= 3
    assert all(row["placements"] is None or row["placements"] < 3
               for row in behind.rows if not row["numerator"])
    assert "period_end" not in first and "failed_fields" not in first
    assert {"Sex", "Ethnicity", "Age band"} <= first.keys()
    # Tokens, not the council's identifiers (privacy.py makes 32 hex digits).
    assert all(len(row["child"]) == 32 for row in behind.rows)


def test_a_group_the_measure_does_not_have_is_refused(rutland):
    store, _ = rutland
    with pytest.raises(ValueError, match="children-in-care has no breakdown group Disability"):
        children_behind(store, BY_SLUG["children-in-care"], "857", PERIOD,
                        ("Disability", "Disabled"))
