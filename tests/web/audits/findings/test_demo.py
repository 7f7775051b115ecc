"""The demo's findings: themes, actions in every state, a concern acknowledged and one
open for a named demo person, priorities; all illustrative, loaded once."""

from smeaton.web import demo
from smeaton.web.accounts.models import User
from smeaton.web.audits import demo as audits_demo
from smeaton.web.audits import queries
from smeaton.web.audits.models import Audit, ChildAction, SafeguardingConcern, Theme
from smeaton.web.plan import demo as plan_demo


def test_the_demo_has_findings_of_every_kind_once(db, today):
    demo.load_people()
    plan_demo.load(today)
    audits_demo.load(today)
    audits_demo.load_findings(today)
    audits_demo.load_findings(today)  # the second time, nothing is duplicated

    assert set(Theme.objects.filter(in_use=True).values_list("name", flat=True)) == {
        name for name, _ in audits_demo.THEMES}
    assert Theme.objects.filter(in_use=False).count() == 1
    assert Audit.objects.filter(themes__isnull=False).distinct().count() == Audit.objects.exclude(
        status=Audit.Status.ASSIGNED).count()
    assert Audit.objects.filter(priorities__isnull=False).exists()
    actions = ChildAction.objects.all()
    assert actions.count() == 5 and not actions.filter(audit__illustrative=False).exists()
    assert {a.status for a in actions} == {"open", "done"}
    assert any(a.overdue(today) for a in actions)
    assert any(a.status == "open" and not a.overdue(today) for a in actions)
    concerns = SafeguardingConcern.objects.all()
    assert concerns.count() == 2 and {c.acknowledged for c in concerns} == {True, False}
    assert len(queries.concerns_for(User.objects.get(username="demo-leader"))) == 1
