"""The home page before any plan is set up: it still says where to start."""

from smeaton.web.accounts.models import Role
from tests.web.test_dashboard import panels


def test_before_any_plan_the_home_page_still_helps(client, make_user):
    shown = panels(client, make_user(Role.LEADERSHIP))
    # No panel about the plan (published figures, if another test loaded them, may show).
    assert set(shown) <= {"Indicators to watch"}
    assert "no plan has been set up" in client.get("/").content.decode()
