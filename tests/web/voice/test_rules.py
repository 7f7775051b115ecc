"""Who may read and change the voice records (docs/people-and-permissions.md)."""

import pytest

from smeaton.web.accounts.models import Role
from smeaton.web.accounts.permissions import can, visible
from smeaton.web.voice.models import (
    Feedback,
    PlainWords,
    Survey,
    SurveyResult,
    YoungPeoplesPage,
    YouSaidWeDid,
)

KEEPERS = {Role.PARTICIPATION_LEAD, Role.ADMINISTRATOR, Role.LEADERSHIP}


@pytest.mark.parametrize("role", list(Role))
def test_who_reads_and_who_keeps(people, role):
    person = people[role]
    at_the_council = role != Role.PARTNER
    for model in (Feedback, Survey, SurveyResult):
        assert can(person, "list", model) is at_the_council, model
        assert visible(person, model.objects.all()).query.is_empty() is not at_the_council
    for model in (YouSaidWeDid, PlainWords):
        assert can(person, "list", model)
    assert can(person, "view", YoungPeoplesPage)
    for model in (Feedback, YouSaidWeDid, PlainWords):
        assert can(person, "add", model) is (role in KEEPERS), model
        assert can(person, "change", model) is (role in KEEPERS), model
        assert can(person, "view_history", model) is (role in KEEPERS), model
    assert can(person, "import", Survey) is (role in KEEPERS)
    assert can(person, "change", YoungPeoplesPage) is (role in KEEPERS)
    assert can(person, "publish", YoungPeoplesPage) is (role == Role.ADMINISTRATOR)


def test_a_closed_account_may_do_nothing(people):
    person = people[Role.PARTICIPATION_LEAD]
    person.is_active = False
    assert not can(person, "add", Feedback)
    assert not can(person, "view", YoungPeoplesPage)
