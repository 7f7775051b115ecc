"""The figures a synthetic LA aims at are the LA's own, as DfE published them."""

import pytest

from smeaton.analytics.synth.targets import authorities, targets


def test_plymouth_2025_is_as_published():
    plymouth = targets("879", 2025)
    assert (plymouth.cla_at_end, plymouth.cla_starts, plymouth.cla_ceased) == (527, 168, 156)
    assert (plymouth.placements_3plus.count, plymouth.placements_3plus.of) == (61, 527)
    assert (plymouth.long_term_stability.count, plymouth.long_term_stability.of) == (134, 183)
    assert (plymouth.referrals, plymouth.rereferrals.count) == (2806, 729)
    assert (plymouth.cp_at_end, plymouth.cp_subsequent.count) == (361, 81)
    assert plymouth.absence_persistent == pytest.approx(20.78)
    assert plymouth.population == 52113
    assert plymouth.filled == {}


def test_a_suppressed_figure_is_filled_and_says_from_where():
    rutland = targets("857", 2025)
    assert rutland.filled == {"placements_3plus": "England 2025"}
    assert rutland.placements_3plus.count is None
    assert rutland.placements_3plus.percent == pytest.approx(100 * 8500 / 81770)


def test_years_not_yet_published_take_the_nearest_that_is():
    later = targets("879", 2027)
    assert later.cla_at_end == 527 and later.filled["cla_at_end"] == "879 2025"
    earlier = targets("879", 2020)
    assert earlier.cla_at_end == 485 and earlier.filled["cla_at_end"] == "879 2021"


def test_every_current_english_la_has_targets():
    codes = authorities()
    assert len(codes) == 153 and "879" in codes and "330" in codes
    assert all(targets(code, 2025).cla_at_end > 0 for code in codes)


def test_an_unknown_la_is_refused():
    with pytest.raises(KeyError, match="999"):
        targets("999", 2025)
