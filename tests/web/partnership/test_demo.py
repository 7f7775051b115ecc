from smeaton.web import demo
from smeaton.web.accounts.models import Organisation, Role, User
from smeaton.web.partnership import demo as partnership_demo
from smeaton.web.partnership import queries
from smeaton.web.partnership.models import PartnerAction, PartnershipPlan, SharedPriority
from smeaton.web.plan import demo as plan_demo
from smeaton.web.rag import Rag


def test_the_demo_has_a_partnership_plan_with_two_partners_in_every_rag(db, today):
    for _ in range(2):  # the second time, nothing is duplicated
        demo.load_people()
        partnership_demo.load(plan_demo.load(today), today)
    partnership_plan = PartnershipPlan.objects.get()
    assert partnership_plan.illustrative
    assert SharedPriority.objects.count() == 4
    assert all(sp.priorities.exists() for sp in SharedPriority.objects.all())
    assert Organisation.objects.count() == 2
    actions = queries.rate(PartnerAction.objects.select_related("organisation"))
    for organisation in Organisation.objects.all():
        assert {a.rag for a in actions if a.organisation == organisation} == set(Rag)
    assert all(a.owner is None or a.owner.organisation == a.organisation for a in actions)
    partner = User.objects.get(username="demo-partner")
    assert partner.role == Role.PARTNER
    assert partner.organisation.kind == Organisation.Kind.HEALTH
    assert partner.check_password(demo.PASSWORD)
    assert PartnerAction.objects.filter(organisation=partner.organisation, owner=partner,
                                        progress="not_started").exists()
