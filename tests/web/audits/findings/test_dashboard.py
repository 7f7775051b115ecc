"""The quality assurance dashboard's figures, each a known answer worked out by hand from
audits with known grades, months and moderation."""

from collections import Counter
from datetime import date

import pytest

from smeaton.web.audits import queries, services
from smeaton.web.audits.models import Audit, ChildAction, Grade, Moderation, Service, Theme
from tests.conftest import signed_in
from tests.web.audits.findings.conftest import make_audit, make_programme

CIN, CP, LAC = Service.CHILD_IN_NEED, Service.CHILD_PROTECTION, Service.LOOKED_AFTER
SEP, OCT, NOV = date(2025, 9, 1), date(2025, 10, 1), date(2025, 11, 1)
SINCE, UNTIL = SEP, date(2025, 11, 20)  # the last three months, today the 20th


@pytest.fixture
def themes(db):
    return {"voice": Theme.objects.create(name="Voice of the child"),
            "timeliness": Theme.objects.create(name="Timeliness")}


@pytest.fixture
def audits(programme, qa, themes):
    """September: Good (voice), Outstanding, Inadequate: 2 of 3 Good or better.
    October: Requires improvement (timeliness), Good moderated down to Requires
    improvement, Good moderated and agreed (voice), Outstanding, Inadequate: 2 of 5.
    November: none completed; one open and overdue, one in progress and due.
    August's Good is before the period; another programme's October Good is in it only
    when every programme is counted."""
    made = {
        "sep_good": make_audit(programme, qa, month=SEP, grade="good", service=CIN,
                               themes=[themes["voice"]]),
        "sep_outstanding": make_audit(programme, qa, month=SEP, grade="outstanding",
                                      service=CP),
        "sep_inadequate": make_audit(programme, qa, month=SEP, grade="inadequate",
                                     service=CIN),
        "oct_ri": make_audit(programme, qa, month=OCT, grade="requires_improvement",
                             service=LAC, themes=[themes["timeliness"]]),
        "oct_changed": make_audit(programme, qa, month=OCT, grade="good", service=CIN,
                                  moderated_to="requires_improvement"),
        "oct_agreed": make_audit(programme, qa, month=OCT, grade="good", service=CP,
                                 moderated_to="good", themes=[themes["voice"]]),
        "oct_outstanding": make_audit(programme, qa, month=OCT, grade="outstanding",
                                      service=LAC),
        "oct_inadequate": make_audit(programme, qa, month=OCT, grade="inadequate", service=CP),
        "nov_overdue": make_audit(programme, qa, month=NOV, status=Audit.Status.ASSIGNED,
                                  due=date(2025, 11, 10)),
        "nov_due": make_audit(programme, qa, month=NOV, status=Audit.Status.IN_PROGRESS,
                              due=date(2025, 11, 30)),
        "aug_good": make_audit(programme, qa, month=date(2025, 8, 1), grade="good"),
    }
    other = make_programme(qa, name="Thematic audit: neglect")
    made["other_good"] = make_audit(other, qa, month=OCT, grade="good")
    return made


def test_shares_good_or_better_by_month_service_and_theme(audits, programme):
    d = queries.dashboard(SINCE, UNTIL, programme)

    assert [(m.label, m.good, m.of, m.percent) for m in d.by_month] == [
        ("September 2025", 2, 3, 67), ("October 2025", 2, 5, 40), ("November 2025", 0, 0, None)]
    assert d.by_month[2].words == "No completed audits"
    assert (d.overall.good, d.overall.of, d.overall.words) == (
        4, 8, "50% Good or better (4 of 8)")
    assert [(s.label, s.good, s.of) for s in d.by_service] == [
        ("Child in need", 1, 3), ("Child protection", 2, 3), ("Child looked after", 1, 2),
        ("Care leaver", 0, 0)]
    assert [(s.label, s.words) for s in d.by_theme] == [
        ("Timeliness", "0% Good or better (0 of 1)"),
        ("Voice of the child", "100% Good or better (2 of 2)")]
    assert [(g.label, g.value) for g in d.grades] == [
        ("Outstanding", 2), ("Good", 2), ("Requires improvement", 2), ("Inadequate", 2)]


def test_every_programme_counts_the_others_audits(audits):
    d = queries.dashboard(SINCE, UNTIL)
    assert (d.overall.good, d.overall.of) == (5, 9)
    assert d.by_month[1].words == "50% Good or better (3 of 6)"


def test_moderation_agreement_and_a_changed_grade_changing_the_shares(audits, programme, qa):
    d = queries.dashboard(SINCE, UNTIL, programme)
    assert (d.agreement.agreed, d.agreement.of, d.agreement.words) == (
        1, 2, "50% agreed (1 of 2)")

    # The moderator of October's agreed Good changes it to Requires improvement.
    moderation = Moderation.objects.get(audit=audits["oct_agreed"])
    moderation.grade, moderation.reason = "requires_improvement", "No management oversight"
    moderation.save()

    d = queries.dashboard(SINCE, UNTIL, programme)
    assert d.by_month[1].words == "20% Good or better (1 of 5)"
    assert d.overall.words == "38% Good or better (3 of 8)"  # 37.5, rounded half up
    assert d.agreement.words == "0% agreed (0 of 2)"
    assert [(s.label, s.good, s.of) for s in d.by_service][1] == ("Child protection", 1, 3)


def test_themes_by_quarter_of_the_councils_year(audits, programme, themes, qa):
    services.change_theme(themes["timeliness"], qa["lead"], name="Timeliness",
                          in_use=False)
    d = queries.dashboard(SINCE, UNTIL, programme)
    assert d.quarters == ["2025/26 Q2", "2025/26 Q3"]
    assert [(r.theme, r.retired, [c.value for c in r.counts], r.total.value)
            for r in d.themes_by_quarter] == [
        ("Timeliness", True, [0, 1], 1), ("Voice of the child", False, [1, 1], 2)]


def test_open_audits_actions_and_concerns_as_they_stand_today(audits, programme, qa):
    audit = audits["oct_ri"]
    services.add_child_action(audit, qa["auditor"], description="Visit", owner=qa["owner"],
                              due=date(2025, 11, 25))
    ChildAction.objects.create(audit=audit, description="Review the plan", owner=qa["owner"],
                               due=date(2025, 11, 1))  # added earlier: overdue now
    done = services.add_child_action(audit, qa["auditor"], description="Call",
                                     owner=qa["owner"], due=date(2025, 11, 20))
    services.complete_child_action(done, qa["owner"], done_note="Called")
    services.raise_concern(audit, qa["auditor"], description="Open")
    services.acknowledge_concern(services.raise_concern(audit, qa["auditor"],
                                                        description="Closed"),
                                 qa["contact"], response="Done")

    d = queries.dashboard(SINCE, UNTIL, programme, today=date(2025, 11, 20))
    assert (d.audits_due.value, d.audits_overdue.value) == (1, 1)
    assert (d.actions_open.value, d.actions_overdue.value, d.concerns_open.value) == (2, 1, 1)


def test_groups_of_one_to_four_are_hidden_from_those_without_child_level_access(
        audits, programme):
    d = queries.dashboard(SINCE, UNTIL, programme, suppress_small=True)
    assert d.by_month[0].words == "Fewer than 5 audits"  # September's 3
    assert d.by_month[0].percent is None
    assert d.by_month[1].words == "40% Good or better (2 of 5)"  # October's 5
    assert d.by_month[2].words == "No completed audits"  # none is not a small number
    assert d.agreement.words == "Fewer than 5 moderated audits"
    assert d.overall.words == "50% Good or better (4 of 8)"
    assert [g.words for g in d.grades] == ["Fewer than 5"] * 4
    assert (d.audits_due.words, d.audits_overdue.words) == ("Fewer than 5", "Fewer than 5")
    # Its quarters add up to its total: the 0 is hidden with the small count.
    assert [c.words for c in d.themes_by_quarter[0].counts] == ["Fewer than 5"] * 2
    # The chart draws only October's bar.
    assert [bar.height > 0 for bar in d.chart.bars] == [False, True, False]


def test_the_period_is_this_month_and_the_months_before():
    assert queries.period_of("6", date(2025, 11, 20)) == (date(2025, 6, 1), date(2025, 11, 20))
    assert queries.period_of("12", date(2025, 11, 20)) == (date(2024, 12, 1),
                                                           date(2025, 11, 20))
    assert queries.period_of("nonsense", date(2025, 3, 5))[0] == date(2024, 4, 1)


def test_the_page_for_a_viewer_hides_small_groups_and_refuses_a_partner(client, audits, qa):
    signed_in(client, qa["viewer"])
    page = client.get("/quality-assurance/dashboard/?period=6").content.decode()
    assert "Fewer than 5 audits" in page
    # Every programme, June to November: August's Good too, and the other programme's.
    assert "60% Good or better (6 of 10)" in page
    assert audits["sep_good"].child not in page
    signed_in(client, qa["lead"])
    page = client.get("/quality-assurance/dashboard/?period=6").content.decode()
    assert "67% Good or better (2 of 3)" in page and "<svg" in page
    signed_in(client, qa["partner"])
    assert client.get("/quality-assurance/dashboard/").status_code == 403


def test_the_page_filters_by_programme(client, audits, programme, qa):
    signed_in(client, qa["lead"])
    every = client.get("/quality-assurance/dashboard/?period=6").content.decode()
    one = client.get(f"/quality-assurance/dashboard/?period=6&programme={programme.pk}")
    assert "60% Good or better (6 of 10)" in every
    assert "56% Good or better (5 of 9)" in one.content.decode()
    # A programme that does not exist, or nonsense, counts every programme.
    assert "(6 of 10)" in client.get(
        "/quality-assurance/dashboard/?programme=99999999999&period=x").content.decode()


def test_a_hidden_count_cannot_be_worked_out_by_subtraction():
    """Outstanding 2, Good 12, Requires improvement 8, Inadequate 2, with 14 of 24 Good or
    better shown: hiding only the twos would leave 14 - 12 and 24 - 14 - 8 to give them
    away, so the count beside each is hidden too."""
    grades = Counter({Grade.OUTSTANDING: 2, Grade.GOOD: 12, Grade.REQUIRES_IMPROVEMENT: 8,
                      Grade.INADEQUATE: 2})
    assert [f.words for f in queries._grade_counts(grades, suppress_small=True)] == [
        "Fewer than 5"] * 4
    assert [f.words for f in queries._grade_counts(grades, suppress_small=False)] == [
        "2", "12", "8", "2"]
    # A theme's quarters add up to its total: 9, 2 and 0 of 11 hide the 0 with the 2.
    quarters = [queries.Figure(q, v, 0 < v < 5) for q, v in (("Q1", 9), ("Q2", 2), ("Q3", 0))]
    assert [f.words for f in queries._complemented(quarters)] == [
        "9", "Fewer than 5", "Fewer than 5"]
    # Nothing hidden, or two hidden already: nothing more to hide.
    assert queries._complemented(quarters[:1]) == quarters[:1]
    both = [queries.Figure("Q1", 2, True), queries.Figure("Q2", 3, True),
            queries.Figure("Q3", 9)]
    assert queries._complemented(both) == both
