from smeaton.web import demo
from smeaton.web.audits import demo as audits_demo
from smeaton.web.audits.models import Audit, Moderation, Sample, Tool, ToolVersion


def test_the_demo_has_six_months_of_audits_in_every_state(db, today):
    demo.load_people()
    audits_demo.load(today)
    audits_demo.load(today)  # the second time, nothing is duplicated
    tool = Tool.objects.get()
    assert tool.illustrative and tool.in_use.number == 2
    assert tool.versions.get(number=1).status == ToolVersion.Status.RETIRED
    assert Sample.objects.count() == 6 and not Sample.objects.filter(illustrative=False)
    audits = Audit.objects.all()
    assert audits.count() == 36 and not audits.filter(illustrative=False).exists()
    assert {a.tool_version.number for a in audits} == {1, 2}
    assert set(audits.values_list("status", flat=True)) == set(Audit.Status)
    assert any(a.overdue(today) for a in audits)
    moderations = Moderation.objects.all()
    assert {m.agreed for m in moderations} == {True, False}
    assert all(m.reason for m in moderations if not m.agreed)
    assert all(len(a.child) == 32 for a in audits)
