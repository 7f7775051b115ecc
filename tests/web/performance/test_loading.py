from decimal import Decimal

import pytest

from smeaton.analytics.published.sources import PublishedFileError
from smeaton.web.performance import loading
from smeaton.web.performance.models import Area, Neighbour, Observation, PublishedLoad

HEADER = ("time_period,time_identifier,geographic_level,country_code,country_name,region_code,"
          "region_name,old_la_code,new_la_code,la_name,category,referral_count,rereferral_count,"
          "rereferral_percent")
PLYMOUTH_ROW = ("2025,Reporting year,Local authority,E92000001,England,E12000009,South West,879,"
                "E06000026,Plymouth,Referrals and Re-referrals,1000,{count},{percent}")


def figure(indicator, area, year):
    return Observation.objects.get(indicator__slug=indicator, area__code=area, year=year)


def test_the_shipped_figures_are_loaded(published):
    plymouth = figure("children-in-care-rate", "879", 2025)
    assert (plymouth.value, plymouth.count) == (Decimal("101"), Decimal("527"))
    assert figure("children-in-care-rate", "E92000001", 2025).value == 67
    assert figure("children-in-care-rate", "E12000009", 2025).value == 62
    assert figure("re-referrals", "879", 2025).value == Decimal("26.0")
    assert figure("re-referrals", "E92000001", 2025).value == Decimal("22.6")
    assert figure("agency-social-workers", "879", 2025).value == Decimal("8.8")
    suppressed = figure("cp-two-years", "879", 2025)
    assert (suppressed.value, suppressed.symbol) == (None, "c")
    assert Area.objects.filter(level="local authority", current=True).count() == 153
    assert Neighbour.objects.filter(model="2025", area__code="879").count() == 10


def test_a_newer_file_replaces_the_values_it_holds_and_keeps_the_rest(published, write_file):
    before = Observation.objects.count()
    (loaded,) = loading.load_files([write_file(
        "c1.csv", HEADER, PLYMOUTH_ROW.format(count=250, percent="25.0"))])
    assert (loaded.load.added, loaded.load.changed, loaded.load.unchanged) == (0, 1, 0)
    assert figure("re-referrals", "879", 2025).value == Decimal("25.0")
    assert figure("re-referrals", "879", 2024).value == Decimal("20.1")  # kept
    assert Observation.objects.count() == before
    assert PublishedLoad.objects.filter(file_name="c1.csv").exists()


def test_loading_the_same_file_again_changes_nothing(published):
    (loaded,) = loading.load_files([loading.SHIPPED[0]])
    assert loaded.load.added == loaded.load.changed == 0


def test_a_bad_file_in_a_batch_changes_nothing(published, write_file):
    good = write_file("good.csv", HEADER, PLYMOUTH_ROW.format(count=250, percent="25.0"))
    bad = write_file("bad.csv", HEADER, PLYMOUTH_ROW.format(count=250, percent="twenty"))
    loads = PublishedLoad.objects.count()
    with pytest.raises(PublishedFileError, match=r"bad.csv, row 2, column rereferral_percent"):
        loading.load_files([good, bad])
    assert figure("re-referrals", "879", 2025).value == Decimal("26.0")
    assert PublishedLoad.objects.count() == loads


@pytest.fixture
def write_file(tmp_path):
    def make(name, *lines):
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return make
