"""Known answers for the frames a case-file audit sample is drawn from, and the drawing."""

from collections import Counter
from datetime import date

import pytest

from smeaton.analytics import sampling
from smeaton.analytics.sampling import Child, allocate, draw, frame_children
from tests.analytics.measures.conftest import TinyStore

ON = date(2025, 1, 15)


@pytest.fixture
def store(tmp_path):
    """On 15 January 2025:

    A: looked after (episode open), also on a CP plan          -> looked after
    B: on a CP plan, its second (one previous), and in need    -> child protection
    C: on a CP plan, first, but an earlier plan in 2023        -> child protection
    D: in need (referred, not closed)                           -> child in need
    E: in need, closed on 15/01/2025 (closed on the day: out)  -> none
    F: in need, closed 20/01/2025 (after the day)               -> child in need
    G: care leaver born 01/06/2005 (19)                         -> care leaver
    H: care leaver born 01/01/2000 (25)                         -> none
    I: looked after, on a short break only                       -> none
    J: looked after, 3 placements since 15/01/2024               -> looked after
    K: episode ended 14/01/2025                                  -> none
    """
    tiny = TinyStore(tmp_path / "store")
    tiny.episode(2025, "A", "2024-06-01")
    tiny.plan(2025, "A", "2024-05-01")
    tiny.plan(2025, "B", "2024-09-01", previous=1)
    tiny.referral(2025, "B", "2024-08-01")
    tiny.plan(2024, "C", "2023-02-01", "2023-08-01")
    tiny.plan(2025, "C", "2024-10-01")
    tiny.referral(2025, "D", "2024-12-01")
    tiny.add("cin_details", 2025, referral_id=2, LAchildID="E",
             CINreferralDate=date(2024, 3, 1), CINclosureDate=date(2025, 1, 15))
    tiny.add("cin_details", 2025, referral_id=3, LAchildID="F",
             CINreferralDate=date(2024, 3, 1), CINclosureDate=date(2025, 1, 20))
    tiny.oc3(2025, "G", "2005-06-01")
    tiny.oc3(2025, "H", "2000-01-01")
    tiny.episode(2025, "I", "2024-12-01", ls="V3")
    tiny.episode(2025, "J", "2024-03-01", "2024-06-01")
    tiny.episode(2025, "J", "2024-06-01", "2024-09-01", rne="P")
    tiny.episode(2025, "J", "2024-09-01", rne="P")
    tiny.episode(2025, "K", "2024-06-01", "2025-01-14")
    return tiny.write()


def tokens(store, frame):
    return {child.token: child.stratum
            for child in frame_children(store, "879", frame, ON).children}


def test_every_child_open_to_services_in_their_most_intensive_stratum(store):
    assert tokens(store, "open") == {
        "A": "looked_after", "J": "looked_after", "B": "child_protection",
        "C": "child_protection", "D": "child_in_need", "F": "child_in_need"}
    assert tokens(store, "open-and-care-leavers")["G"] == "care_leaver"
    assert "H" not in tokens(store, "open-and-care-leavers")


def test_thematic_frames(store):
    assert set(tokens(store, "looked-after")) == {"A", "J"}
    assert tokens(store, "child-protection") == {
        "A": "looked_after", "B": "child_protection", "C": "child_protection"}
    assert set(tokens(store, "second-plan")) == {"B", "C"}
    assert set(tokens(store, "three-placements")) == {"J"}
    assert set(tokens(store, "care-leavers")) == {"G"}


def test_a_frame_is_in_token_order_and_names_its_store_state(store):
    found = frame_children(store, "879", "open", ON)
    assert [child.token for child in found.children] == ["A", "B", "C", "D", "F", "J"]
    assert found.store_state == ""  # a format 1 store has no state folder


def test_another_councils_children_are_not_in_the_frame(store):
    assert frame_children(store, "880", "open", ON).children == ()


def test_every_frame_is_declared_once_with_a_title():
    assert all(frame.title and slug == frame.slug for slug, frame in sampling.FRAMES.items())


def test_proportional_allocation_by_largest_remainder():
    # 10 of 20, 6 and 4 (30): quotas 6.67, 2, 1.33 -> 6, 2, 1 and the largest remainder
    # (0.67) takes the last: 7, 2, 1.
    assert allocate({"a": 20, "b": 6, "c": 4}, 10) == {"a": 7, "b": 2, "c": 1}
    # 5 of 6, 3, 1: quotas 3, 1.5, 0.5 -> 3, 1, 0; the tie of remainders goes to the
    # larger stratum (b): 3, 2, 0; then c gets its one from the largest share: 2, 2, 1.
    assert allocate({"a": 6, "b": 3, "c": 1}, 5) == {"a": 2, "b": 2, "c": 1}


def test_at_least_one_a_stratum_only_where_the_size_allows():
    # 2 among 3 strata: proportional only, the smallest stratum gets none.
    assert allocate({"a": 50, "b": 30, "c": 1}, 2) == {"a": 1, "b": 1, "c": 0}
    # More asked than there are children: everyone.
    assert allocate({"a": 2, "b": 1}, 10) == {"a": 2, "b": 1}
    assert allocate({"a": 0, "b": 3}, 2) == {"b": 2}


def children(counts):
    return tuple(Child(f"{stratum}-{i:02d}", stratum)
                 for stratum, n in counts.items() for i in range(n))


def test_a_draw_is_reproducible_from_its_seed():
    frame = children({"looked_after": 10, "child_protection": 20, "child_in_need": 30})
    first = draw(frame, 12, seed=20250101)
    assert first == draw(tuple(reversed(frame)), 12, seed=20250101)  # order read: no matter
    assert len(set(first)) == 12
    assert draw(frame, 12, seed=1) != first


def test_a_stratified_draw_takes_each_stratum_its_share():
    frame = children({"looked_after": 10, "child_protection": 20, "child_in_need": 30})
    drawn = draw(frame, 12, seed=7, stratified=True)
    assert Counter(child.stratum for child in drawn) == {
        "looked_after": 2, "child_protection": 4, "child_in_need": 6}
    assert drawn == draw(frame, 12, seed=7, stratified=True)


def test_a_draw_larger_than_the_frame_takes_everyone():
    frame = children({"looked_after": 3})
    assert sorted(draw(frame, 10, seed=3), key=lambda c: c.token) == list(frame)
    assert draw((), 5, seed=3) == []


def test_a_new_seed_fits_in_a_signed_64_bit_integer():
    assert 0 <= sampling.new_seed() < 2 ** 63
