"""Case-file audits' changes: each one atomic, audited step, refused when the records'
state does not allow it."""

from datetime import date, timedelta

import pytest

from smeaton.web.accounts.models import ChildLevelRead
from smeaton.web.audits import services
from smeaton.web.audits.models import Audit, Grade, Question, Sample, ToolVersion
from smeaton.web.audits.queries import moderation_agreement
from smeaton.web.audits.services import AuditError, Given
from tests.web.audits.conftest import MONTH, children, make_tool, reader

# --- Tools ------------------------------------------------------------------------------


def test_a_tool_starts_with_a_draft_that_is_frozen_once_published(qa):
    tool = make_tool(qa, publish=False)
    draft = tool.versions.get()
    assert draft.is_draft and tool.in_use is None
    services.publish(draft, qa, change_note="First")
    draft.refresh_from_db()
    assert draft.status == ToolVersion.Status.PUBLISHED and tool.in_use == draft
    with pytest.raises(AuditError, match="published"):
        services.add_section(draft, qa, title="Late")
    assert draft.history.first().history_user == qa


def test_a_new_version_copies_the_one_in_use_and_publishing_it_retires_the_old(qa, tool):
    first = tool.in_use
    draft = services.new_version(tool, qa)
    assert draft.number == 2 and draft.is_draft
    assert [s.title for s in draft.sections.order_by("position")] == [
        "The child's voice", "Management oversight"]
    assert Question.objects.filter(section__version=draft).count() == 3
    with pytest.raises(AuditError, match="already has a draft"):
        services.new_version(tool, qa)
    section = draft.sections.get(title="Management oversight")
    services.add_question(section, qa, text="Are plans reviewed on time?")
    services.publish(draft, qa)
    first.refresh_from_db()
    assert first.status == ToolVersion.Status.RETIRED and tool.in_use == draft
    assert Question.objects.filter(section__version=first).count() == 3  # kept as it was


def test_sections_and_questions_reorder_and_remove_in_a_draft(qa):
    tool = make_tool(qa, publish=False)
    draft = tool.versions.get()
    first, second = draft.sections.order_by("position")
    services.move_section(second, qa, -1)
    assert [s.title for s in draft.sections.order_by("position")] == [
        "Management oversight", "The child's voice"]
    services.move_section(second, qa, -1)  # already first: nothing happens
    seen, wishes = first.questions.order_by("position")
    services.move_question(wishes, qa, -1)
    assert list(first.questions.order_by("position")) == [wishes, seen]
    services.remove_question(seen, qa)
    services.remove_section(second, qa)
    assert [s.title for s in draft.sections.all()] == ["The child's voice"]


def test_a_draft_with_an_empty_section_or_no_questions_is_not_published(qa):
    tool = services.create_tool(qa, name="Thematic: neglect")
    draft = tool.versions.get()
    with pytest.raises(AuditError, match="at least one question"):
        services.publish(draft, qa)
    section = services.add_section(draft, qa, title="Neglect")
    services.add_question(section, qa, text="Is neglect recognised?")
    services.add_section(draft, qa, title="Empty")
    with pytest.raises(AuditError, match="Every section"):
        services.publish(draft, qa)


def test_two_tools_do_not_share_a_name(qa, tool):
    with pytest.raises(AuditError) as refusal:
        services.create_tool(qa, name="case-file AUDIT")
    assert refusal.value.field == "name"


# --- Drawing ----------------------------------------------------------------------------


def test_a_draw_records_the_sample_and_assigns_each_child_an_audit(sample, programme, qa,
                                                                    auditor, second_auditor,
                                                                    moderator, today):
    assert (sample.month, sample.seed, sample.frame_size) == (MONTH, 42, 10)
    assert sample.store_state == "20251101T000000-abcd" and sample.drawn_by == qa
    audits = list(sample.audits.order_by("child"))
    assert len(audits) == 4
    assert {a.tool_version for a in audits} == {programme.tool.in_use}
    assert [a.auditor for a in audits] == [auditor, second_auditor] * 2  # in turn
    assert {a.due for a in audits} == {today + timedelta(days=20)}
    moderated = [a for a in audits if a.moderator is not None]
    assert len(moderated) == 2 and {a.moderator for a in moderated} == {moderator}
    assert all(a.status == Audit.Status.ASSIGNED for a in audits)


def test_the_same_seed_draws_the_same_children(programme, qa):
    first = services.draw_sample(programme, qa, month=MONTH, on=MONTH, seed=7,
                                 read=reader(children(30)))
    tokens = sorted(first.audits.values_list("child", flat=True))
    again = services.draw_sample(programme, qa, month=date(2025, 12, 1), on=MONTH, seed=7,
                                 read=reader(children(30)))
    assert sorted(again.audits.values_list("child", flat=True)) == tokens


def test_auditors_carry_on_in_turn_from_last_month(programme, qa, auditor, second_auditor):
    services.draw_sample(programme, qa, month=MONTH, on=MONTH, seed=1,
                         read=reader(children(3)))
    december = services.draw_sample(programme, qa, month=date(2025, 12, 5), on=MONTH,
                                    seed=1, read=reader(children(3)))
    assert december.month == date(2025, 12, 1)
    assert [a.auditor for a in december.audits.order_by("child")][0] == second_auditor


def test_a_month_is_drawn_once(sample, programme, qa):
    with pytest.raises(AuditError, match="already been drawn for November 2025") as refusal:
        services.draw_sample(programme, qa, month=date(2025, 11, 20), on=MONTH,
                             read=reader(children(10)))
    assert refusal.value.field == "month"
    assert Sample.objects.count() == 1


def test_a_frame_with_no_children_is_refused_clearly(programme, qa):
    with pytest.raises(AuditError, match="No children are in the frame") as refusal:
        services.draw_sample(programme, qa, month=MONTH, on=MONTH, read=reader(()))
    assert refusal.value.field == "on"
    assert not Sample.objects.exists()


def test_a_tool_with_no_published_version_is_refused(programme, qa):
    draft = programme.tool.in_use
    draft.status = ToolVersion.Status.DRAFT
    draft.save()
    with pytest.raises(AuditError, match="no published version"):
        services.draw_sample(programme, qa, month=MONTH, on=MONTH, read=reader(children(3)))


def test_no_moderation_when_the_share_is_nothing(programme, qa):
    programme.moderated_share = 0
    programme.save()
    sample = services.draw_sample(programme, qa, month=MONTH, on=MONTH, seed=3,
                                  read=reader(children(5)))
    assert not sample.audits.exclude(moderator=None).exists()


def test_the_moderated_share_is_rounded_and_at_least_one():
    import numpy as np
    rng = np.random.default_rng(1)
    assert len(services.moderated_indices(10, 20, rng)) == 2
    assert len(services.moderated_indices(3, 10, rng)) == 1
    assert len(services.moderated_indices(5, 100, rng)) == 5
    assert services.moderated_indices(5, 0, rng) == set()


# --- Auditing and moderation ------------------------------------------------------------


def all_answers(audit, value=Grade.GOOD, yes_no="yes"):
    return {q.pk: Given(value if q.answer == Question.Answer.GRADE else yes_no, "Seen.")
            for q in services.questions_of(audit)}


def submit(audit, by, grade=Grade.GOOD):
    return services.save_audit(audit, by, seen_version=audit.version, answers=all_answers(audit),
                               grade=grade, strengths="Visits on time.",
                               improvements="Record the child's words.", submit=True)


def test_a_draft_is_saved_in_progress_with_what_was_given(audit, auditor):
    question = services.questions_of(audit)[0]
    saved = services.save_audit(audit, auditor, seen_version=audit.version,
                                answers={question.pk: Given(Grade.GOOD, "Seen twice")})
    assert saved.status == Audit.Status.IN_PROGRESS
    assert saved.answers.get().notes == "Seen twice"


def test_a_submission_needs_every_answer_and_the_summaries(audit, auditor):
    question = services.questions_of(audit)[1]
    answers = all_answers(audit)
    del answers[question.pk]
    with pytest.raises(AuditError, match="Answer \"Are their wishes recorded") as refusal:
        services.save_audit(audit, auditor, seen_version=audit.version, answers=answers,
                            grade=Grade.GOOD, strengths="a", improvements="b", submit=True)
    assert refusal.value.field == f"q{question.pk}"
    with pytest.raises(AuditError, match="overall grade"):
        services.save_audit(audit, auditor, seen_version=audit.version,
                            answers=all_answers(audit), submit=True)
    with pytest.raises(AuditError, match="working well"):
        services.save_audit(audit, auditor, seen_version=audit.version,
                            answers=all_answers(audit), grade=Grade.GOOD, submit=True)
    audit.refresh_from_db()
    assert audit.status == Audit.Status.ASSIGNED and not audit.answers.exists()


def test_submitted_audits_go_to_moderation_or_are_completed(sample, auditor, second_auditor):
    for audit in sample.audits.all():
        submitted = submit(audit, audit.auditor)
        expected = (Audit.Status.AWAITING_MODERATION if audit.moderator_id
                    else Audit.Status.COMPLETED)
        assert submitted.status == expected and submitted.submitted_at
    with pytest.raises(AuditError, match="can no longer be changed"):
        submit(Audit.objects.get(pk=audit.pk), audit.auditor)


def test_a_save_from_an_older_page_is_refused(audit, auditor):
    seen = audit.version
    services.save_audit(audit, auditor, seen_version=seen, answers={})
    with pytest.raises(AuditError, match="Someone else saved this audit"):
        services.save_audit(audit, auditor, seen_version=seen, answers={})


def moderated_audit(sample):
    audit = sample.audits.exclude(moderator=None).first()
    return submit(audit, audit.auditor, grade=Grade.GOOD)


def test_a_moderator_agrees_or_changes_the_grade_with_a_reason(sample, moderator):
    first, second = [submit(a, a.auditor) for a in sample.audits.exclude(moderator=None)]
    with pytest.raises(AuditError, match="Enter why you changed the grade"):
        services.moderate(first, moderator, seen_version=first.version,
                          grade=Grade.REQUIRES_IMPROVEMENT)
    agreed = services.moderate(first, moderator, seen_version=first.version, grade=Grade.GOOD)
    assert agreed.agreed and agreed.auditor_grade == Grade.GOOD
    changed = services.moderate(second, moderator, seen_version=second.version,
                                grade=Grade.REQUIRES_IMPROVEMENT, reason="No plan for contact")
    assert not changed.agreed
    second.refresh_from_db()
    assert second.status == Audit.Status.COMPLETED and second.final_grade == \
        Grade.REQUIRES_IMPROVEMENT
    with pytest.raises(AuditError, match="not awaiting moderation"):
        services.moderate(second, moderator, seen_version=second.version, grade=Grade.GOOD)
    assert moderation_agreement(date(2025, 11, 1), date(2025, 11, 30)) == \
        moderation_agreement()
    result = moderation_agreement()
    assert (result.moderated, result.agreed, result.changed, result.rate) == (2, 1, 1, 0.5)
    assert moderation_agreement(since=date(2025, 12, 1)).rate is None


def test_finding_the_case_is_recorded_twice(audit, qa, monkeypatch):
    asked = {}

    def resolve(token, *, who, why):
        asked.update(token=token, who=who, why=why)
        return "LA-000123"

    monkeypatch.setattr(services.privacy, "resolve", resolve)
    assert services.reidentify(audit, qa, "To find the case file") == "LA-000123"
    assert asked == {"token": audit.child, "who": qa.username, "why": "To find the case file"}
    read = ChildLevelRead.objects.get(user=qa)
    assert read.filters["found"] == "yes" and read.filters["child"] == audit.child[:8] + "…"
    with pytest.raises(AuditError):
        services.reidentify(audit, qa, "  ")


def test_completing_and_moderating_an_audit_refresh_the_scorecard_figures(
        sample, moderator, monkeypatch):
    refreshed = []
    monkeypatch.setattr(services.figures, "refresh_after_commit",
                        lambda: refreshed.append(True))
    audit = sample.audits.exclude(moderator=None).first()
    audit = submit(audit, audit.auditor)  # awaits moderation: its grade does not count yet
    assert refreshed == []
    services.moderate(audit, moderator, seen_version=audit.version, grade=Grade.GOOD)
    unmoderated = sample.audits.filter(moderator=None).first()
    submit(unmoderated, unmoderated.auditor)  # completed at once
    assert len(refreshed) == 2
