"""What the commentary app adds to the performance pages (performance/extensions.py):
a section on an indicator's page, and the signed-off commentary on the scorecard."""

from django.utils import timezone

from smeaton.web.commentary import queries
from smeaton.web.commentary.models import Commentary, Version
from smeaton.web.commentary.periods import Kind, Period, last_ended_quarter
from smeaton.web.performance.extensions import Note


def note(version: Version) -> Note:
    return Note(period=version.commentary.period.label, shows=version.shows, why=version.why,
                action=version.action, signed_off_by=str(version.decided_by),
                signed_off_on=timezone.localtime(version.decided_at).date(),
                illustrative=version.commentary.illustrative)


def notes(indicators) -> dict[int, Note]:
    return {pk: note(version) for pk, version in queries.latest_signed_off(indicators).items()}


def indicator_section(indicator) -> dict:
    """The latest signed-off commentary, and where commentary stands for recent periods."""
    latest = queries.latest_signed_off([indicator]).get(indicator.pk)
    quarter = last_ended_quarter(timezone.localdate())
    wanted = [quarter, Period.containing(timezone.localdate(), Kind.QUARTER)]
    commentaries = list(Commentary.objects.filter(indicator=indicator)[:8])
    periods = sorted({*wanted, *(c.period for c in commentaries)}, reverse=True)
    by_period = {c.period: c for c in commentaries}
    return {
        "indicator": indicator, "note": note(latest) if latest else None,
        "periods": [(period, queries.state_of(queries.latest_version(by_period.get(period))))
                    for period in periods],
        "commentary": Commentary(indicator=indicator),
    }

