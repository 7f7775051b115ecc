"""Who may read and change the voice of children and families. docs/people-and-permissions.md
has the table.

The participation lead keeps the records (feedback, surveys and their results, "you said,
we did", the young people's page's words); administrators and leadership may too.
Everyone at the council reads them, viewers and councillors included. Partners, who work
for other organisations, read "you said, we did" and the young people's page only. An
administrator publishes the young people's page, which anyone may then read without
signing in. The audit trail is for those who keep the records.
"""

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import rule, scope
from smeaton.web.accounts.roles import OUTSIDE_THE_COUNCIL
from smeaton.web.accounts.rules import administrator
from smeaton.web.voice.models import (
    Feedback,
    PlainWords,
    Survey,
    SurveyResult,
    YoungPeoplesPage,
    YouSaidWeDid,
)

KEEPERS = (Role.PARTICIPATION_LEAD, Role.ADMINISTRATOR, Role.LEADERSHIP)


def at_the_council(user, _record=None) -> bool:
    return user.role not in OUTSIDE_THE_COUNCIL


def anyone(user, _record=None) -> bool:
    return True


def keeps_the_voice(user, _record=None) -> bool:
    return user.has_role(*KEEPERS)


rule(Feedback, "view", "list")(at_the_council)
rule(Survey, "view", "list")(at_the_council)
rule(SurveyResult, "view", "list")(at_the_council)
rule(YouSaidWeDid, "view", "list")(anyone)
rule(PlainWords, "view", "list")(anyone)
rule(YoungPeoplesPage, "view")(anyone)

rule(Feedback, "add", "change", "view_history")(keeps_the_voice)
rule(Survey, "add", "change", "import", "view_history")(keeps_the_voice)
rule(YouSaidWeDid, "add", "change", "view_history")(keeps_the_voice)
rule(PlainWords, "add", "change", "view_history")(keeps_the_voice)
rule(YoungPeoplesPage, "change", "view_history")(keeps_the_voice)
rule(YoungPeoplesPage, "publish")(administrator)


@scope(Feedback)
@scope(Survey)
@scope(SurveyResult)
def only_at_the_council(user, records):
    return records if at_the_council(user) else records.none()


@scope(YouSaidWeDid)
@scope(PlainWords)
def everyone_signed_in(user, records):
    return records
