"""What the commentary pages read: a period's versions and state, the signed-off
commentary the scorecard shows, and the performance clinic's list. Never a change."""

from dataclasses import dataclass

from django.db import models
from django.db.models import QuerySet

from smeaton.analytics.published.benchmarks import WORSENING
from smeaton.web.commentary.models import Commentary, Status, Version
from smeaton.web.commentary.periods import Period
from smeaton.web.performance import scorecard
from smeaton.web.rag import Rag


class State(models.TextChoices):
    """Where an indicator's commentary for a period stands, as the clinic says it."""

    NONE = "none", "No commentary"
    DRAFT = "draft", "Draft"
    SUBMITTED = "submitted", "Awaiting sign-off"
    RETURNED = "returned", "Returned"
    SIGNED_OFF = "signed_off", "Signed off"

    @property
    def tag_class(self) -> str:
        return {State.NONE: "govuk-tag--grey", State.DRAFT: "govuk-tag--light-blue",
                State.SUBMITTED: "govuk-tag--purple", State.RETURNED: "govuk-tag--orange",
                State.SIGNED_OFF: "govuk-tag--green"}[self]


def commentary_for(indicator, period: Period) -> Commentary | None:
    return Commentary.objects.filter(indicator=indicator, period_kind=period.kind,
                                     period_end=period.end).first()


def latest_version(commentary: Commentary | None) -> Version | None:
    return commentary.versions.order_by("-number").first() if commentary else None


def versions(commentary: Commentary | None) -> QuerySet[Version]:
    """Every version, newest first, with who did what to it."""
    if commentary is None:
        return Version.objects.none()
    return (commentary.versions.order_by("-number")
            .select_related("drafted_by", "edited_by", "submitted_by", "decided_by")
            .prefetch_related("milestones"))


def state_of(latest: Version | None) -> State:
    return State(latest.status) if latest else State.NONE


def signed_off(commentary: Commentary | None) -> Version | None:
    """The commentary as signed off: its latest signed-off version, if it has one."""
    if commentary is None:
        return None
    return commentary.versions.filter(status=Status.SIGNED_OFF).order_by("-number").first()


def latest_signed_off(indicators) -> dict[int, Version]:
    """Each indicator's signed-off commentary for the latest period that has one."""
    found: dict[int, Version] = {}
    for version in (Version.objects.filter(status=Status.SIGNED_OFF,
                                           commentary__indicator__in=list(indicators))
                    .select_related("commentary", "decided_by")
                    .order_by("-commentary__period_end", "commentary__period_kind", "-number")):
        found.setdefault(version.commentary.indicator_id, version)
    return found


def needs_commentary(row: scorecard.Row) -> bool:
    """Red against its target, or worse than the previous period."""
    return row.rag == Rag.RED or row.direction == WORSENING


@dataclass(frozen=True)
class ClinicRow:
    row: scorecard.Row
    state: State
    latest: Version | None

    @property
    def reasons(self) -> str:
        why = []
        if self.row.rag == Rag.RED:
            why.append("Red against its target")
        if self.row.direction == WORSENING:
            why.append("worsening")
        return "; ".join(why).capitalize()


def clinic(period: Period, rows: list[scorecard.Row]) -> list[ClinicRow]:
    """The red or worsening indicators with no signed-off commentary for the period,
    each with where its commentary stands."""
    flagged = [row for row in rows if needs_commentary(row)]
    commentaries = {c.indicator_id: c for c in Commentary.objects.filter(
        indicator__in=[row.indicator for row in flagged], period_kind=period.kind,
        period_end=period.end)}
    listed = []
    for row in flagged:
        commentary = commentaries.get(row.indicator.pk)
        if commentary and commentary.versions.filter(status=Status.SIGNED_OFF).exists():
            continue
        latest = latest_version(commentary)
        listed.append(ClinicRow(row, state_of(latest), latest))
    return listed
