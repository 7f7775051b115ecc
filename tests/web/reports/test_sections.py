"""Each section gathers its blocks from the live records for a report's scope."""

from datetime import date

from smeaton.web.performance.models import Indicator, Target
from smeaton.web.reports import sections
from smeaton.web.reports.blocks import BulletList, Chart, Heading, Paragraph, Table
from smeaton.web.voice import services as voice_services

Q2 = dict(starts=date(2025, 7, 1), ends=date(2025, 9, 30), as_at=date(2025, 11, 20))


def scope(plan, **given):
    return sections.Scope(plan=plan, **(Q2 | given))


def tables(blocks) -> dict[str, Table]:
    return {block.caption: block for block in blocks if isinstance(block, Table)}


def texts(table: Table) -> list[list[str]]:
    return [[cell.text for cell in row] for row in table.rows]


def test_every_section_is_declared_once_with_a_title_and_description():
    keys = [section.key for section in sections.SECTIONS]
    assert len(keys) == len(set(keys)) == len(sections.BY_KEY)
    assert all(section.title and section.description for section in sections.SECTIONS)


def test_the_cover_says_the_purpose_and_numbers_the_recommendations(plan):
    blocks = sections.cover(scope(plan, purpose="To update the board.",
                                  recommendations=["Note progress.", "Agree the actions."]))
    assert blocks[0] == Paragraph("To update the board.", lead="Purpose:")
    assert blocks[2] == BulletList(["Note progress.", "Agree the actions."], numbered=True)


def test_the_summary_counts_milestones_at_each_rag_and_charts_them_by_priority(plan):
    blocks = sections.summary(scope(plan))
    counts = {row[0].text: row[1].number for row in
              tables(blocks)["Milestones and indicators at each RAG"].rows}
    assert counts == {"Red": 1, "Amber": 0, "Green": 1, "Not started": 1, "Complete": 1,
                      "Not rated": 0}
    [chart] = [b for b in blocks if isinstance(b, Chart)]
    assert [bar.label for bar in chart.bars] == ["1. Early help", "3. Children in care"]
    assert chart.bars[1].values == [1, 0, 1, 1, 0]  # red, amber, green, not started, complete
    assert "Priority 3 has the most at red (1)" in chart.alt
    assert any("first report" in b.text for b in blocks if isinstance(b, Paragraph))


def test_the_summary_says_what_changed_since_the_last_report(plan):
    before = sections.facts(scope(plan))
    red = plan.priorities.get(number=3).milestones.get(title="Open two children's homes")
    before["milestones"][str(red.pk)] = "amber"
    blocks = sections.summary(scope(plan, previous=before))
    [changes] = [b for b in blocks if isinstance(b, BulletList)]
    assert changes.items == ["Open two children's homes (priority 3): Amber to Red"]


def test_progress_lists_each_priority_with_its_milestones_and_latest_updates(plan):
    blocks = sections.progress(scope(plan))
    assert [b.text for b in blocks if isinstance(b, Heading)] == [
        "Priority 1: Early help", "Priority 3: Children in care"]
    care = texts(tables(blocks)["Priority 3's milestones for 2025/26"])
    assert care[0] == ["Open two children's homes", "Sam Taylor", "31 January 2026", "Red",
                       "20 September 2025: Open two children's homes: Off track."]
    assert care[1][-1] == "No update yet"
    assert care[2][-1] == "1 November 2025: Recruit twenty foster carers: On track."
    assert BulletList(["Open two Family Hubs"]) in blocks  # completed in the quarter


def test_a_report_written_earlier_shows_the_updates_there_were_then(plan):
    blocks = sections.progress(scope(plan, as_at=date(2025, 10, 15)))
    care = texts(tables(blocks)["Priority 3's milestones for 2025/26"])
    assert care[2][-1] == "No update yet"  # posted on 1 November


def test_a_deep_dive_reports_one_priority(plan):
    care = plan.priorities.get(number=3)
    blocks = sections.progress(scope(plan, priority=care))
    assert [b.text for b in blocks if isinstance(b, Heading)] == ["Priority 3: Children in care"]


def test_the_scorecard_has_figures_as_numbers_and_rag_in_words(plan, published):
    indicator = Indicator.objects.get(slug="re-referrals")
    Target.objects.create(indicator=indicator, year=2025, value=20, tolerance=2)
    blocks = sections.scorecard_section(scope(plan))
    [table] = [b for b in blocks if isinstance(b, Table)]
    row = next(r for r in table.rows if r[0].text == indicator.definition.title)
    latest = row[sections.SCORECARD_COLUMNS.index("Latest")]
    assert latest.kind == "percent" and latest.text.endswith("%")
    assert latest.number == float(latest.text.rstrip("%")) / 100  # a share, as Excel keeps it
    assert row[sections.SCORECARD_COLUMNS.index("RAG")].text in {"Red", "Amber", "Green"}


def test_exceptions_list_red_milestones_with_their_latest_update(plan):
    blocks = sections.exceptions(scope(plan))
    red = texts(tables(blocks)["Milestones at red"])
    assert red == [["Open two children's homes", "3", "Sam Taylor", "31 January 2026",
                    "20 September 2025: Open two children's homes: Off track."]]


def a_risk(plan, owner, likelihood, impact, title="Not enough homes near Plymouth"):
    from smeaton.web.risks import services as risk_services
    from smeaton.web.risks.models import Category

    category, _ = Category.objects.get_or_create(name="Sufficiency")
    return risk_services.raise_risk(
        owner, title=title, cause="Fewer carers", event="Children placed far away",
        consequence="Worse outcomes", category=category, owner=owner, inherent_likelihood=5,
        inherent_impact=5, current_likelihood=likelihood, current_impact=impact,
        target_likelihood=2, target_impact=3, next_review=date(2025, 12, 20),
        priorities=[plan.priorities.get(number=3)])


def test_the_risk_summary_counts_bands_and_lists_the_highest_with_mitigations(plan, leader):
    from smeaton.web.risks import services as risk_services

    high = a_risk(plan, leader, 4, 5)
    a_risk(plan, leader, 2, 3, title="Agency social workers leave")
    risk_services.add_action(high, leader, title="Open two homes", description="",
                             owner=leader, due=date(2026, 3, 31))
    blocks = sections.risk_summary(scope(plan))
    counts = {row[0].text.split(" (")[0]: row[1].number for row in
              tables(blocks)["Open risks in each band, by their current score"].rows}
    assert counts == {"High": 1, "Medium": 1, "Low": 0}
    [row] = texts(tables(blocks)["Risks in the high band"])
    assert row[:3] == [f"{high.reference}: Not enough homes near Plymouth", "Jo Hughes",
                       "20 High (4 × 5)"]
    assert row[-1] == "Open two homes (due 31 March 2026)"
    assert not [b for b in blocks if isinstance(b, Heading)]  # no earlier report


def test_the_risk_summary_says_which_scores_moved_since_the_last_report(plan, leader):
    high = a_risk(plan, leader, 4, 5)
    before = sections.facts(scope(plan))
    before["risks"][high.reference] = 12
    blocks = sections.risk_summary(scope(plan, previous=before))
    [moved] = [b for b in blocks if isinstance(b, BulletList)]
    assert moved.items == [f"{high.reference} Not enough homes near Plymouth: 12 to 20"]


def test_the_action_log_lists_the_boards_open_actions_overdue_first(plan, board, leader):
    from datetime import datetime

    from smeaton.web.boards import services as board_services
    from smeaton.web.boards.models import Meeting
    from tests.web.reports.conftest import LONDON

    meeting = board_services.add_meeting(board, leader, starts_at=datetime(
        2025, 9, 1, 10, tzinfo=LONDON), ends_at=None, location="", state=Meeting.State.HELD)
    for description, due in [("Report on sufficiency", date(2026, 1, 31)),
                             ("Audit the front door", date(2025, 10, 31))]:
        board_services.add_action(meeting, leader, description=description, owner=leader,
                                  due=due)
    blocks = sections.action_log(scope(plan, board=board))
    rows = texts(tables(blocks)["Action log: open actions"])
    assert [(r[1], r[3], r[4], r[5]) for r in rows] == [
        ("Audit the front door", "31 October 2025 (overdue)", "Not started", "Amber"),
        ("Report on sufficiency", "31 January 2026", "Not started", "Not started")]
    assert "2 actions open, 1 of them overdue" in blocks[0].text


def test_the_scorecard_names_indicators_with_no_figure_yet_instead_of_empty_rows(
        plan, published):
    from smeaton.web.performance.models import Observation

    indicator = Indicator.objects.get(slug="re-referrals")
    Observation.objects.filter(indicator=indicator, area=published.council).delete()
    blocks = sections.scorecard_section(scope(plan))
    [table] = [b for b in blocks if isinstance(b, Table)]
    assert indicator.definition.title not in [row[0].text for row in table.rows]
    waiting = next(b for b in blocks if isinstance(b, Paragraph)
                   and b.lead == "No figure for the council yet:")
    assert indicator.definition.title in waiting.text


SURVEY = """question,measure,period,group,number_responding,percentage,comparison,comparison_name
I feel safe where I live,All or most of the time,2024-25,All,40,80.0,85.0,national average
I feel safe where I live,All or most of the time,2025-26,All,50,90.0,85.0,national average
I feel safe where I live,All or most of the time,2025-26,Aged 4 to 7,3,100.0,,
"""


def test_the_voice_section_shows_the_latest_survey_and_what_was_done_in_the_period(plan,
                                                                                  leader):
    survey = voice_services.add_survey(leader, name="Your Life, Your Care")
    voice_services.import_results(survey, leader, file_name="results.csv",
                                  content=SURVEY.encode())
    care = plan.priorities.get(number=3)
    for said, day in [("We want to see our brothers and sisters more", date(2025, 8, 1)),
                      ("Tell us who our new social worker is", date(2025, 6, 30))]:
        voice_services.add_you_said(leader, priorities=[care], you_said=said,
                                    we_did="Done.", done_by="Children in care service",
                                    done_on=day)
    blocks = sections.voice_of_children(scope(plan))
    results = texts(tables(blocks)["Your Life, Your Care: results for 2025-26"])
    assert results[0][3:] == ["90.0%", "up 10.0 points",
                              "5.0 points above the national average (85.0%)"]
    assert "Fewer than 5" in results[1][3].capitalize() and "100" not in " ".join(results[1])
    log = texts(tables(blocks)["What changed because of what children and families said, "
                               "1 July 2025 to 30 September 2025"])
    assert log == [["We want to see our brothers and sisters more", "Done.",
                    "Children in care service", "1 August 2025", str(care)]]


def test_the_voice_section_without_records_says_so(plan):
    blocks = sections.voice_of_children(scope(plan))
    assert Paragraph("No survey results have been recorded yet.") in blocks
    [log] = [b for b in blocks if isinstance(b, Table)]
    assert log.rows == [] and log.empty == "Nothing was recorded as done in the period."
