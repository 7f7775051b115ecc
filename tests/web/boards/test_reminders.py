from datetime import date

from smeaton.web.boards import services
from smeaton.web.plan.rag import Progress
from smeaton.web.reminders.kinds import Kind
from smeaton.web.reminders.models import Email
from smeaton.web.reminders.queueing import action_due_soon


def test_a_board_actions_owner_is_reminded_a_week_before_it_is_due(make_action, owner, today):
    owner.email = "owner@example.org"
    owner.save()
    make_action(description="Audit return home interviews", due=date(2025, 11, 27))
    done = make_action(description="Publish the strategy", due=date(2025, 11, 27))
    services.post_update(done, owner, progress=Progress.COMPLETE, commentary="Published.")
    make_action(description="Later", due=date(2025, 11, 28))
    for _ in range(2):  # once, however often it runs
        action_due_soon(today)
    [email] = Email.objects.filter(kind=Kind.ACTION_DUE_SOON)
    assert email.to == "owner@example.org"
    assert "1 action you own is due on 27 November 2025" in email.subject
    assert "Improvement Board: Audit return home interviews" in email.text
    assert "/boards/actions/" in email.text
    assert "Publish the strategy" not in email.text and "Later" not in email.text
