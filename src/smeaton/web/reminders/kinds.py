"""The kinds of reminder, declared once: what each is called, what it is for, and the
preference that turns it on or off. A new kind is a row here, a preference field, a way
of finding its recipients in ``queueing``, and its two email templates
(templates/reminders/email/<kind>.txt|.html).
"""

from dataclasses import dataclass
from enum import StrEnum

from smeaton.web.accounts.roles import OUTSIDE_THE_COUNCIL, OWNS_COUNCIL_WORK, Role


class Kind(StrEnum):
    ROUND_OPENED = "round_opened"
    ROUND_DUE_SOON = "round_due_soon"
    UPDATE_OVERDUE = "update_overdue"
    UPDATE_RETURNED = "update_returned"
    WEEKLY_DIGEST = "weekly_digest"
    ACTION_DUE_SOON = "action_due_soon"
    REVIEW_OPENED = "review_opened"
    RISK_REVIEW_DUE = "risk_review_due"
    SAFEGUARDING_CONCERN = "safeguarding_concern"


# Who each reminder is for, by role: it is offered only to them.
OWNERS = OWNS_COUNCIL_WORK  # they own milestones and service actions
ACTION_OWNERS = OWNS_COUNCIL_WORK | OUTSIDE_THE_COUNCIL  # partners own their actions too
DECIDERS = frozenset({Role.ADMINISTRATOR, Role.LEADERSHIP, Role.PRIORITY_LEAD})


@dataclass(frozen=True)
class Reminder:
    kind: Kind
    label: str  # what the person ticks: "Email me when ..."
    description: str
    roles: frozenset[Role] = OWNERS
    on_by_default: bool = True
    # A reminder that cannot be turned off (a safeguarding concern): never offered as a
    # choice, always sent, and it has no preference field.
    can_turn_off: bool = True

    @property
    def preference(self) -> str:
        """The field of ``Preferences`` that holds the person's choice."""
        return self.kind.value


# How many days before a round's deadline the "due soon" reminder goes.
DUE_SOON_DAYS = 7

REMINDERS = (
    Reminder(Kind.ROUND_OPENED, "An update round opens",
             "Which of your milestones need an update, and by when."),
    Reminder(Kind.ROUND_DUE_SOON, f"A round's deadline is {DUE_SOON_DAYS} days away",
             "Sent only if you still have milestones to update."),
    Reminder(Kind.UPDATE_OVERDUE, "Your update is overdue",
             "The day after a round's deadline, if you have not updated a milestone."),
    Reminder(Kind.UPDATE_RETURNED, "Your update is returned with a challenge",
             "What the programme office asks you to add or change."),
    Reminder(Kind.ACTION_DUE_SOON, f"An action you own is due in {DUE_SOON_DAYS} days",
             "A service plan, partnership, board, risk or issue action not yet complete.",
             ACTION_OWNERS),
    Reminder(Kind.RISK_REVIEW_DUE, "A risk you own is due for review",
             f"{DUE_SOON_DAYS} days before its review date, and the day after it if it has "
             "not been reviewed."),
    Reminder(Kind.REVIEW_OPENED, "A year-end review needs your decisions",
             "When the review opens: the milestones of your priorities not complete.",
             DECIDERS),
    Reminder(Kind.WEEKLY_DIGEST, "A weekly summary",
             "Each Monday: your milestones, their progress and what is due.",
             on_by_default=False),
    # To the named safeguarding contacts of an audit programme, at once, whenever an
    # auditor, moderator or QA lead flags a concern for a child: nobody may opt out.
    Reminder(Kind.SAFEGUARDING_CONCERN, "A safeguarding concern is raised for you",
             "At once, to the audit programme's named safeguarding contacts. It cannot be "
             "turned off.", frozenset(Role) - OUTSIDE_THE_COUNCIL, can_turn_off=False),
)
BY_KIND = {reminder.kind: reminder for reminder in REMINDERS}
# The reminders a person may turn on or off, each a field of ``Preferences``.
CHOOSABLE = tuple(reminder for reminder in REMINDERS if reminder.can_turn_off)
# Those always sent to whom they concern.
ALWAYS_SENT = tuple(reminder for reminder in REMINDERS if not reminder.can_turn_off)


def offered_to(person) -> list[Reminder]:
    """The reminders this person may choose, by their role (those always sent are not a
    choice)."""
    return [reminder for reminder in CHOOSABLE if person.role in reminder.roles]


def always_sent_to(person) -> list[Reminder]:
    """The reminders sent to this person whatever they choose, when they concern them."""
    return [reminder for reminder in ALWAYS_SENT if person.role in reminder.roles]
