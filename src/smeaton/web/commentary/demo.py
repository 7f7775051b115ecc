"""The demo's commentary, illustrative, in every state: none, draft, awaiting sign-off,
returned, signed off, and signed off then revised (a new draft beside the old version).

It is written for the red or worsening indicators of the latest quarter that has ended,
so the performance clinic shows each state; the demo analyst drafts it and the lead of
a priority the indicator measures (or the director) signs it off or returns it.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from smeaton.web.commentary import queries, services
from smeaton.web.commentary.models import Commentary
from smeaton.web.commentary.periods import last_ended_quarter
from smeaton.web.commentary.services import Parts, Seen
from smeaton.web.performance.models import Indicator
from smeaton.web.performance.scorecard import Comparators, build
from smeaton.web.plan.models import Milestone

# The states shown, in turn, on the flagged indicators the demo lead owns first; the
# flagged indicators beyond these have none.
STATES = ["submitted", "returned", "revised", "signed_off", "draft"]
WHY = ("Illustrative: the demonstration's words. Demand rose through the quarter while two "
       "placements ended in a planned way, and recording caught up after a system change.")
ACTION = ("Illustrative: weekly performance huddles review every case behind the figure; "
          "the service manager reports progress to the next clinic.")


def at(day: date, days_after: int) -> datetime:
    return timezone.make_aware(datetime.combine(day + timedelta(days=days_after), time(11)))


def load(today: date | None = None) -> None:
    today = today or timezone.localdate()
    period = last_ended_quarter(today)
    Commentary.objects.filter(illustrative=True).delete()  # a fresh demo, about its quarter
    people = get_user_model().objects.in_bulk(["demo-analyst", "demo-leader", "demo-lead"],
                                              field_name="username")
    if len(people) < 3:
        return
    rows = [row for row in build(Indicator.objects.all(), Comparators.of())
            if queries.needs_commentary(row)]
    rows.sort(key=lambda row: not row.indicator.priorities.filter(lead=people["demo-lead"])
              .exists())
    for state, row in zip(STATES, rows, strict=False):
        write(row, period, state, people, today)


def owner_of(indicator, people):
    lead = indicator.priorities.order_by("number").values_list("lead", flat=True).first()
    return get_user_model().objects.get(pk=lead) if lead else people["demo-leader"]


def words(row, n: int) -> Parts:
    shows = (f"Illustrative: {row.definition.title} is "
             f"{'red against its target' if row.rag == 'red' else 'worse than a year before'}"
             f" in the latest published figures{' (revised)' if n > 1 else ''}.")
    milestones = Milestone.objects.filter(priority__in=row.indicator.priorities.all())[:1]
    return Parts(shows, WHY, ACTION, list(milestones))


def write(row, period, state, people, day: date) -> None:
    """One indicator's commentary brought to ``state``, over the days before ``day``."""
    indicator, analyst, owner = row.indicator, people["demo-analyst"], owner_of(row.indicator,
                                                                                 people)
    version = services.save_draft(indicator, period, analyst, words(row, 1), seen=Seen(),
                                  at=at(day, -8), illustrative=True)
    if state == "draft":
        return
    version = services.submit(indicator, period, analyst, seen=Seen(1, version.revision),
                              at=at(day, -6))
    if state == "submitted":
        return
    if state == "returned":
        services.return_version(indicator, period, owner, seen=Seen(1, version.revision),
                                at=at(day, -4), comment="Illustrative: say what the "
                                "huddles have found so far, with numbers.")
        return
    version = services.sign_off(indicator, period, owner, seen=Seen(1, version.revision),
                                at=at(day, -4))
    if state == "revised":
        services.save_draft(indicator, period, analyst, words(row, 2),
                            seen=Seen(1, version.revision), at=at(day, -2))
