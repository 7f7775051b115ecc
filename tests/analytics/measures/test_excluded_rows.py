"""Known answers for excluded_rows: the rows of the returns behind a figure that a measure
could not count, whether ingest refused them or a field the measure needs failed."""

import pytest

from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.ingest import ingest
from smeaton.analytics.measures import compute, reporting_year
from tests.analytics.measures.conftest import ending


def test_rows_refused_at_ingest_count_for_every_period_their_return_covers(store):
    """Referrals: the 2025 return holds A (01/06/2024) and B (01/11/2024), and its load
    refused 2 referral rows; an earlier load of the same return, which it replaced,
    refused 7 (no longer in the store: not counted). The 2026 return holds C (01/06/2025)
    and refused 3. Refused rows have no date to place them by (the date may be what was
    refused), so they count for every period their return covers, as failed rows do:

    year to 31/03/2025 (the 2025 return): referrals 2, excluded_rows 2;
    year to 30/09/2025 (the 2025 and 2026 returns): referrals 2 (B, C), excluded 2 + 3 = 5;
    year to 31/03/2026 (the 2026 return): referrals 1, excluded 3.

    Plans: the 2025 load refused 4 plan rows, and one stored plan failed CPPendDate:
    children-on-cp-plan excluded 4 + 1 = 5, and the referral measures do not count the plans' 4.
    Attendance (2023/24, stored as 2024, for the year to 31/03/2025): 1 row refused.
    LA 880's 9 refused referrals are its own.
    """
    store.referral(2025, "A", "2024-06-01")
    store.referral(2025, "B", "2024-11-01")
    store.referral(2026, "C", "2025-06-01")
    store.refused(2025, "cin_details", 7, load_id="L0")
    store.refused(2025, "cin_details", 2, load_id="L1")
    store.refused(2025, "cin_cp_plans", 4, load_id="L1")
    store.refused(2026, "cin_details", 3, load_id="L2")
    store.plan(2025, "D", "2024-06-01")
    store.plan(2025, "E", "2024-06-01", "2024-05-01", failed=["CPPendDate"])
    store.attendance(2024, "P1", 100, 5)
    store.refused(2024, "attendance", 1)
    store.refused(2025, "cin_details", 9, la="880")
    expected = {"2025-03-31": (2, 2), "2025-09-30": (2, 5), "2026-03-31": (1, 3)}
    for end, (referrals, excluded) in expected.items():
        row = store.total("referrals", ending(end))
        assert (row["numerator"], row["excluded_rows"]) == (referrals, excluded), end
        assert store.total("re-referrals", ending(end))["excluded_rows"] == excluded, end
    plans = store.total("children-on-cp-plan", 2025)
    assert (plans["numerator"], plans["excluded_rows"]) == (1, 5)
    assert store.total("overall-absence", 2025)["excluded_rows"] == 1
    other = store.total("referrals", 2025, la="880")
    assert (other["numerator"], other["excluded_rows"]) == (0, 9)


def test_a_store_without_a_catalogue_counts_only_failed_rows(store):
    """A store written by hand, with no catalogue: nothing to say ingest refused rows."""
    store.episode(2025, "A", "2024-06-01", "2024-05-01", failed=["DEC"])
    assert store.total("children-in-care", 2025)["excluded_rows"] == 1


CIN = """<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header><CollectionDetails><Collection>CIN</Collection><Year>2025</Year>
    <ReferenceDate>2025-03-31</ReferenceDate></CollectionDetails>
    <Source><LEA>879</LEA></Source></Header>
  <Children>{children}</Children>
</Message>"""
CHILD = """<Child><ChildIdentifiers><LAchildID>{child}</LAchildID>
  <PersonBirthDate>2015-03-27</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>
  <ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
  {referrals}</Child>"""
REFERRAL = """<CINdetails><CINreferralDate>{day}</CINreferralDate>
  <ReferralSource>1A</ReferralSource><ReferralNFA>0</ReferralNFA></CINdetails>"""
EPISODES = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
            "HOME_POST,PL_POST,URN")


@pytest.fixture
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("SMEATON_HOME", str(tmp_path / "home"))
    for variable in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY",
                     "SMEATON_LA_CODE"):
        monkeypatch.delenv(variable, raising=False)


def child(name: str, *days: str) -> str:
    return CHILD.format(child=name, referrals="".join(REFERRAL.format(day=d) for d in days))


def test_excluded_rows_count_what_ingest_refused(home, tmp_path):
    """Through ``smeaton ingest``. The 2025 CIN census:

    A: referred 01/06/2024, and on 30/02/2024, which is not a date: refused at ingest
    B: referred 01/07/2024; then B is given again, with a referral on 01/08/2024: the
       second B is refused as a duplicate, and its referral with it
    referrals = A, B = 2 (not 3: B's second child is not counted); excluded_rows = 2.

    The 2025 SSDA903 episodes: C open since 01/06/2024 and D open since 01/07/2024
    (looked after at E); E's LS is not a code (stored, LS failed); a row with no DECOM
    and a row with no CHILD (refused at ingest).
    children-in-care = C, D = 2; excluded_rows = 1 failed + 2 refused = 3.
    """
    returns = tmp_path / "returns"
    returns.mkdir()
    (returns / "cin.xml").write_text(CIN.format(children=child("A", "2024-06-01", "2024-02-30")
                                                + child("B", "2024-07-01")
                                                + child("B", "2024-08-01")))
    episodes = returns / "879" / "2025" / "episodes.csv"
    episodes.parent.mkdir(parents=True)
    episodes.write_text("\n".join([
        EPISODES,
        "C,01/06/2024,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1",
        "D,01/07/2024,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1",
        "E,01/08/2024,S,ZZ,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1",
        "F,,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1",
        ",01/09/2024,S,C2,N1,U1,PR1,,,,PL1 2AB,PL4 8AA,SC1"]) + "\n")
    store = tmp_path / "store"
    ingest([returns], store)
    rows = compute(store, [reporting_year(2025)],
                   measures=[BY_SLUG[m] for m in ("referrals", "children-in-care",
                                                  "children-starting-care")])
    totals = {row["measure_id"]: row for row in rows if row["breakdown"] == "Total"}
    assert (totals["referrals"]["numerator"], totals["referrals"]["excluded_rows"]) == (2, 2)
    in_care = totals["children-in-care"]
    assert (in_care["numerator"], in_care["excluded_rows"]) == (2, 3)
    # children-starting-care needs DECOM, RNE and LS: E's LS failed, and the two refused rows.
    assert totals["children-starting-care"]["excluded_rows"] == 3
