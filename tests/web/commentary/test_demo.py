"""The demo's commentary shows every state, labelled illustrative, and the clinic shows it."""

from collections import Counter
from datetime import date

from smeaton.web import demo
from smeaton.web.commentary import demo as commentary_demo
from smeaton.web.commentary import queries
from smeaton.web.commentary.models import Commentary, Status
from smeaton.web.commentary.periods import last_ended_quarter
from smeaton.web.performance.models import Indicator
from smeaton.web.performance.scorecard import Comparators, build
from smeaton.web.plan import demo as plan_demo

TODAY = date(2026, 11, 23)


def load_commentary() -> None:
    """The demo's people, plan and commentary on the published figures (the ``published``
    fixture): the whole demo takes half a minute more, for returns these tests ignore."""
    demo.load_people()
    plan_demo.load(TODAY)
    commentary_demo.load(TODAY)


def test_the_demo_commentary_is_in_every_state_and_illustrative(published):
    load_commentary()
    commentaries = list(Commentary.objects.all())
    assert commentaries and all(c.illustrative for c in commentaries)
    assert {c.period for c in commentaries} == {last_ended_quarter(TODAY)}
    latest = Counter(queries.latest_version(c).status for c in commentaries)
    assert latest == {Status.DRAFT: 2, Status.SUBMITTED: 1, Status.RETURNED: 1,
                      Status.SIGNED_OFF: 1}
    revised = [c for c in commentaries if c.versions.count() == 2]
    assert len(revised) == 1
    assert [v.status for v in revised[0].versions.order_by("number")] == [
        Status.SIGNED_OFF, Status.DRAFT]
    rows = build(Indicator.objects.all(), Comparators.of())
    clinic = queries.clinic(last_ended_quarter(TODAY), rows)
    states = {item.state for item in clinic}
    assert states == {queries.State.NONE, queries.State.DRAFT, queries.State.SUBMITTED,
                      queries.State.RETURNED}
    assert queries.latest_signed_off(Indicator.objects.all()).keys() == {
        c.indicator_id for c in commentaries if c.versions.filter(status=Status.SIGNED_OFF)}


def test_loading_the_demo_again_changes_nothing(published):
    load_commentary()
    before = sorted((c.indicator_id, c.versions.count()) for c in Commentary.objects.all())
    load_commentary()
    assert sorted((c.indicator_id, c.versions.count())
                  for c in Commentary.objects.all()) == before
