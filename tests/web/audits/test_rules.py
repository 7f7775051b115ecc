"""Who may do what with case-file audits (docs/quality-assurance.md has the table)."""

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can, visible
from smeaton.web.audits import services
from smeaton.web.audits.models import Audit, Grade, Programme, Tool
from smeaton.web.audits.rules import USE_AUDITS


def test_qa_leads_and_administrators_run_tools_and_programmes(people, tool, programme):
    for role in Role:
        runs = role in (Role.QA_LEAD, Role.ADMINISTRATOR)
        assert can(people[role], "add", Tool) is runs, role
        assert can(people[role], "draw", programme) is runs, role
        assert can(people[role], "change", tool.versions.first()) is False  # published


def test_every_audit_is_read_by_those_who_run_quality_assurance_and_no_one_else(
        people, audit):
    readers = {Role.QA_LEAD, Role.ADMINISTRATOR, Role.LEADERSHIP}
    for role in Role:
        assert can(people[role], "view", audit) is (role in readers), role
        assert visible(people[role], Audit.objects.all()).exists() is (role in readers), role


def test_an_auditor_edits_their_audit_while_it_is_open(audit, auditor, second_auditor, qa):
    assert can(auditor, "view", audit) and can(auditor, "change", audit)
    assert not can(second_auditor, "change", audit) and not can(qa, "change", audit)
    assert list(visible(second_auditor, Audit.objects.filter(pk=audit.pk))) == []
    answers = {q.pk: services.Given("good" if q.answer == "grade" else "yes")
               for q in services.questions_of(audit)}
    services.save_audit(audit, auditor, seen_version=audit.version, answers=answers,
                        grade=Grade.GOOD, strengths="a", improvements="b", submit=True)
    audit.refresh_from_db()
    assert can(auditor, "view", audit) and not can(auditor, "change", audit)


def test_the_moderator_moderates_only_while_it_awaits_moderation(sample, moderator):
    audit = sample.audits.exclude(moderator=None).first()
    assert can(moderator, "view", audit) and not can(moderator, "moderate", audit)
    answers = {q.pk: services.Given("good" if q.answer == "grade" else "yes")
               for q in services.questions_of(audit)}
    audit = services.save_audit(audit, audit.auditor, seen_version=audit.version,
                                answers=answers, grade=Grade.GOOD, strengths="a",
                                improvements="b", submit=True)
    assert can(moderator, "moderate", audit) and not can(audit.auditor, "moderate", audit)


def test_a_viewer_named_as_auditor_still_reads_nothing(make_user, audit):
    viewer = make_user(Role.VIEWER)
    Audit.objects.filter(pk=audit.pk).update(auditor=viewer)
    audit.refresh_from_db()
    assert not can(viewer, "view", audit) and not viewer.has_perm(USE_AUDITS)


@pytest.mark.parametrize("role", [Role.QA_LEAD])
def test_finding_the_case_needs_child_level_access_and_the_audit(people, audit, auditor,
                                                                  role):
    assert can(people[role], "reidentify", audit)
    assert not can(auditor, "reidentify", audit)  # reads it, no child-level access
    assert not can(people[Role.ANALYST], "reidentify", audit)  # the reverse


def test_the_section_is_shown_to_those_with_audits(people, audit, auditor, moderator):
    assert auditor.has_perm(USE_AUDITS) and moderator.has_perm(USE_AUDITS)
    assert people[Role.LEADERSHIP].has_perm(USE_AUDITS)
    assert not people[Role.CONTRIBUTOR].has_perm(USE_AUDITS)
    assert Programme.objects.exists()
