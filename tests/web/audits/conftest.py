from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from smeaton.analytics.sampling import Child, Found
from smeaton.web.accounts.models import Role
from smeaton.web.audits import services
from smeaton.web.audits.models import Programme, Question

TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))
MONTH = date(2025, 11, 1)


@pytest.fixture(autouse=True)
def today():
    with time_machine.travel(TODAY, tick=True):
        yield TODAY.date()


@pytest.fixture
def qa(make_user):
    return make_user(Role.QA_LEAD, username="quinn", first_name="Quinn", last_name="Ahmed")


@pytest.fixture
def auditor(make_user):
    return make_user(Role.CONTRIBUTOR, username="ada", first_name="Ada", last_name="Brown")


@pytest.fixture
def second_auditor(make_user):
    return make_user(Role.PRIORITY_LEAD, username="ben", first_name="Ben", last_name="Cole")


@pytest.fixture
def moderator(make_user):
    return make_user(Role.PRIORITY_LEAD, username="mo", first_name="Mo", last_name="Diaz")


def make_tool(by, name="Case-file audit", publish=True):
    tool = services.create_tool(by, name=name, purpose="Monthly audit")
    draft = tool.versions.get()
    first = services.add_section(draft, by, title="The child's voice")
    services.add_question(first, by, text="Is the child seen alone?")
    services.add_question(first, by, text="Are their wishes recorded?",
                          answer=Question.Answer.YES_NO)
    second = services.add_section(draft, by, title="Management oversight")
    services.add_question(second, by, text="Is supervision regular?")
    if publish:
        services.publish(draft, by, change_note="First version")
    return tool


@pytest.fixture
def tool(qa):
    return make_tool(qa)


def children(n, stratum="child_in_need", prefix="c"):
    return tuple(Child(f"{prefix}{i:03d}" + "0" * 60, stratum) for i in range(n))


def reader(found_children, state="20251101T000000-abcd"):
    def read(frame, on):
        return Found(tuple(found_children), state)
    return read


@pytest.fixture
def programme(qa, tool, auditor, second_auditor, moderator):
    return services.create_programme(
        qa, people={"auditors": [auditor, second_auditor], "moderators": [moderator],
                    "safeguarding_contacts": [qa]},
        name="Monthly case-file audit", tool=tool, method=Programme.Method.STRATIFIED,
        frame="open", sample_size=4, moderated_share=50, days_to_complete=20, lead=qa,
        active=True, illustrative=False)


@pytest.fixture
def sample(programme, qa):
    return services.draw_sample(programme, qa, month=MONTH, on=MONTH, seed=42,
                                read=reader(children(10)))


@pytest.fixture
def audit(sample, auditor):
    return sample.audits.filter(auditor=auditor).first()
