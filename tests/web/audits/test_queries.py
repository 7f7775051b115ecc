from datetime import date, timedelta

from smeaton.web.accounts.models import Role
from smeaton.web.audits import queries


def test_due_in_words(audit, today):
    audit.due = today + timedelta(days=5)
    assert queries.due_in_words(audit, today) == "Due in 5 days"
    assert queries.due_in_words(audit, audit.due) == "Due today"
    assert queries.due_in_words(audit, audit.due + timedelta(days=1)) == "Overdue by 1 day"
    assert audit.overdue(audit.due + timedelta(days=3))
    audit.status = audit.Status.COMPLETED
    assert queries.due_in_words(audit, date(2030, 1, 1)) == ""


def test_small_counts_are_suppressed_without_child_level_access(make_user):
    admin, qa = make_user(Role.ADMINISTRATOR), make_user(Role.QA_LEAD)
    assert queries.shown_count(3, admin) == "Fewer than 5 (suppressed)"
    assert queries.shown_count(3, qa) == "3"
    assert queries.shown_count(0, admin) == "0"
    assert queries.shown_count(2306, admin) == "2,306"


def test_moderation_agreement_with_nothing_moderated(db):
    agreement = queries.moderation_agreement()
    assert (agreement.moderated, agreement.agreed, agreement.rate) == (0, 0, None)
