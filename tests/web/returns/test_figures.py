"""The council's own figures, kept after each load that stores returns."""

from datetime import date
from pathlib import Path

import pytest
from django.core.management import call_command

from smeaton import config
from smeaton.analytics.indicators import COMPUTED
from smeaton.analytics.measures.periods import reporting_year
from smeaton.analytics.measures.results import compute
from smeaton.analytics.source import Source
from smeaton.analytics.synth import synthesise
from smeaton.web.returns import services
from smeaton.web.returns.models import Figure, Load
from tests.web.returns.conftest import upload_of

LA_CODE = "879"  # the council of the test settings


@pytest.fixture(scope="module")
def plymouth_returns(tmp_path_factory) -> list[Path]:
    """A year of Plymouth's synthetic returns, attendance left out to keep it quick."""
    out = tmp_path_factory.mktemp("returns")
    year = synthesise(LA_CODE, 2025, 1, 5, out).folder / "2025"
    return [path for path in sorted(year.iterdir()) if path.name != "attendance.csv"]


def stored(analyst, paths: list[Path]) -> Load:
    load = services.run(services.receive(analyst, [upload_of(path) for path in paths],
                                         year=2025).pk)
    assert load.status == Load.Status.STORED, load.message
    return load


def test_a_stored_load_keeps_every_computed_figure_as_the_measures_compute_it(db, analyst,
                                                                             plymouth_returns):
    load = stored(analyst, plymouth_returns)

    kept = Figure.objects.filter(la_code=LA_CODE, reporting_year=2025)
    computed = compute(config.home().store, [reporting_year(2025)], la_code=LA_CODE,
                       measures=[i for i in COMPUTED if i.computed.source != Source.ATTENDANCE])
    assert computed
    by_key = {(f.indicator, f.breakdown, f.group): f for f in kept}
    for row in computed:
        figure = by_key[(row["measure_id"], row["breakdown"], row["breakdown_value"])]
        assert (figure.numerator, figure.value, figure.note) == (
            row["numerator"], row["value"], row["note"] or "")
        assert figure.period_end == date(2025, 3, 31)
        assert figure.load == load
    # A month end before the year end would count part of 2023/24, which no return
    # held covers: with one year held, the year's figure is the only one.
    months = set(Figure.objects.filter(indicator="children-in-care", group="Total")
                 .values_list("period_end", flat=True))
    assert months == {date(2025, 3, 31)}
    # A group's figure carries its interval and whether it differs from the whole.
    girls = Figure.objects.get(indicator="re-referrals", period_end=date(2025, 3, 31),
                               breakdown="Sex", group="Female")
    assert girls.lower <= girls.value <= girls.upper
    assert girls.differs in ("", "higher", "lower")


def test_each_load_replaces_the_figures_whole(db, analyst, plymouth_returns):
    first = stored(analyst, plymouth_returns)
    count = Figure.objects.count()
    assert count and set(Figure.objects.values_list("load", flat=True)) == {first.pk}

    second = stored(analyst, plymouth_returns)

    assert Figure.objects.count() == count
    assert set(Figure.objects.values_list("load", flat=True)) == {second.pk}


def test_a_rejected_load_leaves_the_figures_as_they_were(db, analyst, plymouth_returns,
                                                        tmp_path):
    first = stored(analyst, plymouth_returns)
    before = list(Figure.objects.order_by("pk").values_list("pk", "value"))
    header = tmp_path / "header.csv"
    header.write_text(plymouth_returns[0].read_text().splitlines()[0] + "\n")

    rejected = services.run(services.receive(analyst, [upload_of(header)], year=2025).pk)

    assert rejected.status == Load.Status.REJECTED
    assert list(Figure.objects.order_by("pk").values_list("pk", "value")) == before
    assert set(Figure.objects.values_list("load", flat=True)) == {first.pk}


def test_figures_can_be_computed_again_for_returns_stored_at_the_command_line(
        db, analyst, plymouth_returns):
    stored(analyst, plymouth_returns)
    Figure.objects.all().delete()

    call_command("refresh_figures")

    assert Figure.objects.filter(la_code=LA_CODE, indicator="children-in-care").exists()
    assert not Figure.objects.exclude(la_code=LA_CODE).exists()
