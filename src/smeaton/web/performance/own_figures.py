"""The council's own figures as the performance pages show them: each computed
indicator's month by month, its reporting years beside DfE's published figure, and its
groups with their intervals. Reads only; the figures are kept by returns.figures after
each load.

Small numbers are suppressed (smeaton.analytics.measures.publish) for anyone without
child-level access, everywhere a figure is shown or exported: a count of 1 to 4 children
could point at a child. Whoever may see the children behind a figure sees its numbers.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings

from smeaton.analytics.indicators import BY_SLUG
from smeaton.analytics.indicators import Indicator as Definition
from smeaton.analytics.measures.publish import SUPPRESSED, suppress
from smeaton.analytics.published import benchmarks
from smeaton.web.accounts.child_level import may_see
from smeaton.web.returns.models import Figure

TOTAL = Figure.TOTAL


@dataclass(frozen=True)
class Shown:
    """A kept figure as one person may see it: with its numbers, or suppressed."""

    figure: Figure
    suppressed: bool = False

    @property
    def period_end(self) -> date:
        return self.figure.period_end

    @property
    def value(self) -> Decimal | None:
        """The value, as a Decimal to stand beside targets and published figures; None
        when it is suppressed or there is none."""
        if self.suppressed or self.figure.value is None:
            return None
        return Decimal(str(self.figure.value))

    @property
    def numerator(self) -> int | None:
        return None if self.suppressed else self.figure.numerator

    @property
    def denominator(self) -> float | None:
        return None if self.suppressed else self.figure.denominator

    @property
    def lower(self) -> float | None:
        return None if self.suppressed else self.figure.lower

    @property
    def upper(self) -> float | None:
        return None if self.suppressed else self.figure.upper

    @property
    def differs(self) -> str:
        return "" if self.suppressed else self.figure.differs

    @property
    def group(self) -> str:
        return self.figure.group

    @property
    def note(self) -> str:
        return self.figure.note


def suppressed_for(user) -> bool:
    """Whether small numbers are hidden from this person."""
    return not may_see(user)


def shown(figures: list[Figure], hide_small: bool) -> list[Shown]:
    """The figures as they may be shown: small numbers, and any a total would give
    away, suppressed when ``hide_small``. ``figures`` should hold every group of each
    breakdown they include, so that the secondary suppression sees the whole."""
    if not hide_small:
        return [Shown(figure) for figure in figures]
    published = suppress([{
        "measure_id": figure.indicator, "la_code": figure.la_code,
        "period_end": figure.period_end, "breakdown": figure.breakdown,
        "numerator": figure.numerator, "denominator": figure.denominator,
        "value": figure.value,
    } for figure in figures])
    return [Shown(figure, SUPPRESSED in (row["numerator"], row["denominator"], row["value"]))
            for figure, row in zip(figures, published, strict=True)]


def _council() -> str:
    return settings.COUNCIL.la_code


# --- Month by month ---------------------------------------------------------------------


@dataclass
class Monthly:
    """A computed indicator's totals, oldest first: every month end kept, and the
    reporting years among them."""

    definition: Definition
    figures: list[Shown]

    @property
    def latest(self) -> Shown | None:
        return self.figures[-1] if self.figures else None

    @property
    def years(self) -> dict[int, Shown]:
        """The figures for whole reporting years, by the year whose published figure
        and target they stand beside (Definition.year_of)."""
        return {self.definition.year_of(shown.period_end): shown for shown in self.figures
                if shown.figure.reporting_year}

    def year_of(self, shown: Shown) -> int:
        return self.definition.year_of(shown.period_end)

    def at(self, period_end: date) -> Shown | None:
        return next((shown for shown in self.figures if shown.period_end == period_end), None)


def monthly(slugs: Iterable[str], hide_small: bool) -> dict[str, Monthly]:
    """Each own indicator's totals (computed or recorded), in one query; indicators with
    none kept are left out."""
    wanted = [slug for slug in slugs if BY_SLUG[slug].own]
    by_slug: dict[str, list[Figure]] = defaultdict(list)
    for figure in Figure.objects.filter(la_code=_council(), breakdown=TOTAL,
                                        indicator__in=wanted).order_by("period_end"):
        by_slug[figure.indicator].append(figure)
    return {slug: Monthly(BY_SLUG[slug], shown(figures, hide_small))
            for slug, figures in by_slug.items()}


def rag(shown: Shown | None, definition: Definition, targets: dict) -> str | None:
    """A figure against the target of the year it stands beside (``targets`` by year)."""
    if shown is None:
        return None
    target = targets.get(definition.year_of(shown.period_end))
    if target is None:
        return None
    return benchmarks.target_rag(shown.value, target.value, target.tolerance,
                                 definition.polarity)


# --- Beside DfE's published figure ----------------------------------------------------


@dataclass(frozen=True)
class AgainstPublished:
    """The council's own figure for a year beside DfE's published one for the same year."""

    year: int
    own: Decimal
    published: Decimal
    tolerance: Decimal | None  # set by an analyst on the indicator; None: not judged

    @property
    def difference(self) -> Decimal:
        return self.own - self.published

    @property
    def beyond_tolerance(self) -> bool:
        return self.tolerance is not None and abs(self.difference) > self.tolerance


def against_published(monthly: Monthly | None, published: dict[int, Decimal | None],
                      tolerance: Decimal | None) -> list[AgainstPublished]:
    """Every year with both figures, latest first. ``published`` is DfE's values by year."""
    if monthly is None:
        return []
    pairs = [AgainstPublished(year, own.value, published[year], tolerance)
             for year, own in monthly.years.items()
             if own.value is not None and published.get(year) is not None]
    return sorted(pairs, key=lambda pair: -pair.year)


# --- Groups -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdown:
    """One breakdown of a figure: the whole, then each group, as one person may see it."""

    title: str
    total: Shown
    groups: list[Shown]


def breakdowns(definition: Definition, period_end: date, hide_small: bool) -> list[Breakdown]:
    """The indicator's figure for the 12 months to ``period_end``, by each breakdown."""
    figures = list(Figure.objects.filter(la_code=_council(), indicator=definition.slug,
                                         period_end=period_end))
    visible = shown(figures, hide_small)
    total = next((item for item in visible if item.figure.breakdown == TOTAL), None)
    if total is None:
        return []
    by_group = {(item.figure.breakdown, item.group): item for item in visible}
    found = []
    for breakdown in definition.own.breakdowns:  # in the registry's order
        groups = [by_group[(breakdown.title, value)] for value in breakdown.values
                  if (breakdown.title, value) in by_group]
        if groups:
            found.append(Breakdown(breakdown.title, total, groups))
    return found


@dataclass(frozen=True)
class Disparity:
    """A group whose figure differs from the whole beyond its interval."""

    definition: Definition
    total: Shown
    group: Shown

    @property
    def breakdown(self) -> str:
        return self.group.figure.breakdown


def disparities(hide_small: bool, period_end: date | None = None) -> list[Disparity]:
    """Every group flagged as differing from the whole for the 12 months to
    ``period_end`` (by default the latest month kept), in the registry's order."""
    period_end = period_end or latest_period()
    if period_end is None:
        return []
    flagged = set(Figure.objects.filter(la_code=_council(), period_end=period_end)
                  .exclude(differs="")
                  .values_list("indicator", flat=True))
    found = []
    for slug in [slug for slug in BY_SLUG if slug in flagged]:
        for breakdown in breakdowns(BY_SLUG[slug], period_end, hide_small):
            found += [Disparity(BY_SLUG[slug], breakdown.total, group)
                      for group in breakdown.groups if group.differs]
    return found


def latest_period() -> date | None:
    return (Figure.objects.filter(la_code=_council()).order_by("-period_end")
            .values_list("period_end", flat=True).first())


# --- Choosing a period ------------------------------------------------------------------


def periods(slug: str | None = None) -> list[date]:
    """Every month end with figures kept (for one indicator, given its slug), latest
    first: the choices of a page's period select."""
    kept = Figure.objects.filter(la_code=_council(), breakdown=TOTAL)
    if slug is not None:
        kept = kept.filter(indicator=slug)
    return list(kept.order_by("-period_end").values_list("period_end", flat=True).distinct())


@dataclass(frozen=True)
class Chosen:
    """The period a page shows: the one asked for, or the latest kept, with a message
    when what was asked for cannot be shown."""

    period_end: date | None
    error: str = ""


def chosen(text: str | None, kept: list[date]) -> Chosen:
    """The period end asked for as ``YYYY-MM-DD`` among ``kept`` (latest first). Nothing
    asked: the latest. Anything else (not a date, or a month with no figures) falls back
    to the latest and says so, rather than failing the page."""
    latest = kept[0] if kept else None
    if not text:
        return Chosen(latest)
    try:
        asked = date.fromisoformat(text)
    except ValueError:
        return Chosen(latest, "Choose a month end from the list")
    if asked not in kept:
        return Chosen(latest, f"There are no figures for the 12 months to {asked:%-d %B %Y}: "
                              "choose a month end from the list")
    return Chosen(asked)


# --- One indicator's page ---------------------------------------------------------------


@dataclass(frozen=True)
class Month:
    """A row of the indicator page's monthly table: the figure and its RAG."""

    shown: Shown
    rag: str | None


@dataclass
class ForIndicator:
    """What an indicator's page shows of the council's own figures: the months, the
    latest against its target, and the groups for the period chosen."""

    monthly: Monthly
    targets: dict  # year -> performance.models.Target
    period: Chosen
    periods: list[date]  # latest first
    breakdowns: list[Breakdown]

    @property
    def definition(self) -> Definition:
        return self.monthly.definition

    @property
    def latest(self) -> Shown:
        return self.monthly.latest

    @property
    def latest_target(self):
        return self.targets.get(self.definition.year_of(self.latest.period_end))

    @property
    def latest_rag(self) -> str | None:
        return rag(self.latest, self.definition, self.targets)

    @property
    def any_suppressed(self) -> bool:
        """Whether the page hides any number, so must say once what "c" means."""
        return any(shown.suppressed for shown in self.monthly.figures) or any(
            group.suppressed for breakdown in self.breakdowns for group in breakdown.groups)

    @property
    def months(self) -> list[Month]:
        """Every month, latest first, each judged against its own year's target."""
        return [Month(shown, rag(shown, self.definition, self.targets))
                for shown in reversed(self.monthly.figures)]


def for_indicator(definition: Definition, targets: dict, period_text: str | None,
                  hide_small: bool) -> ForIndicator | None:
    """The council's own figures for an indicator's page; None while none are kept."""
    monthly_figures = monthly([definition.slug], hide_small).get(definition.slug)
    if monthly_figures is None:
        return None
    kept = [shown.period_end for shown in reversed(monthly_figures.figures)]
    period = chosen(period_text, kept)
    return ForIndicator(monthly_figures, targets, period, kept,
                        breakdowns(definition, period.period_end, hide_small))
