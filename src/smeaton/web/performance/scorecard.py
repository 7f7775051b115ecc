"""The council's indicators beside England, its region, its neighbours and its targets.

One place works out every figure a scorecard row shows, so the page, the CSV and the
Excel export always agree. Rules: smeaton.analytics.published.benchmarks.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q

from smeaton.analytics.indicators import BY_SLUG, Unit
from smeaton.analytics.indicators import Indicator as Definition
from smeaton.analytics.published import benchmarks
from smeaton.analytics.published.benchmarks import Average, Standing
from smeaton.analytics.published.cells import SYMBOLS
from smeaton.web import rag as rag_vocabulary
from smeaton.web.performance import own_figures
from smeaton.web.performance.models import (
    Area,
    Indicator,
    Neighbour,
    Observation,
    PublishedLoad,
    Target,
)
from smeaton.web.performance.own_figures import SUPPRESSED, AgainstPublished, Monthly, Shown


@dataclass(frozen=True)
class Point:
    """One published figure: a value, or the symbol published instead of one."""

    year: int
    value: Decimal | None
    symbol: str = ""

    @property
    def missing_reason(self) -> str:
        return SYMBOLS.get(self.symbol, "not published")


@dataclass
class Comparators:
    """The areas a council is compared with, as the configured neighbour model has them."""

    council: Area
    england: Area
    region: Area | None
    neighbours: list[Area]
    model: str

    @classmethod
    def of(cls, la_code: str | None = None, model: str | None = None) -> "Comparators":
        model = model or settings.NEIGHBOUR_MODEL
        council = Area.objects.select_related("region").get(
            code=la_code or settings.COUNCIL.la_code)
        links = Neighbour.objects.filter(model=model, area=council).select_related("neighbour")
        return cls(council, Area.objects.get(level="england"), council.region,
                   [link.neighbour for link in links], model)

    @property
    def areas(self) -> list[Area]:
        return [self.council, self.england, *([self.region] if self.region else []),
                *self.neighbours]


@dataclass
class Row:
    indicator: Indicator
    series: dict[int, dict[int, Point]]  # area id -> year -> point
    comparators: Comparators
    targets: dict[int, Target]  # year -> target
    standings: dict[int, Standing] = field(default_factory=dict)  # area id, latest year
    own: Monthly | None = None  # the council's own figures, month by month, if read
    sparkline: str = ""  # set by the page that draws one
    own_sparkline: str = ""  # likewise, for the own figures month by month

    @property
    def definition(self) -> Definition:
        return self.indicator.definition

    @cached_property
    def years(self) -> list[int]:
        return sorted({year for points in self.series.values() for year in points})

    def point(self, area: Area | None, year: int | None) -> Point | None:
        if area is None or year is None:
            return None
        return self.series.get(area.pk, {}).get(year)

    def value(self, area: Area | None, year: int | None) -> Decimal | None:
        point = self.point(area, year)
        return point.value if point else None

    @cached_property
    def latest_year(self) -> int | None:
        years = sorted(self.series.get(self.comparators.council.pk, {}))
        return years[-1] if years else None

    @property
    def previous_year(self) -> int | None:
        return self.latest_year - 1 if self.latest_year else None

    @property
    def latest(self) -> Point | None:
        return self.point(self.comparators.council, self.latest_year)

    @property
    def previous(self) -> Point | None:
        return self.point(self.comparators.council, self.previous_year)

    @property
    def target(self) -> Target | None:
        """The target the row is judged against: its latest published year's, or, for an
        indicator DfE does not publish, the year of its own latest figure."""
        if not self.definition.published:
            return self.own_target
        return self.targets.get(self.latest_year)

    @property
    def rag(self) -> str | None:
        if not self.definition.published:
            return self.own_rag
        return self.rag_for(self.latest_year)

    def rag_for(self, year: int | None) -> str | None:
        """The RAG for a year's target: against DfE's published figure for the year, or,
        for an indicator DfE does not publish, the council's latest own figure in it."""
        if not self.definition.published:
            return own_figures.rag(self.own_in(year), self.definition, self.targets)
        target = self.targets.get(year)
        if target is None:
            return None
        return benchmarks.target_rag(self.value(self.comparators.council, year), target.value,
                                     target.tolerance, self.definition.polarity)

    @property
    def direction(self) -> str | None:
        return benchmarks.direction(self.value(self.comparators.council, self.latest_year),
                                    self.value(self.comparators.council, self.previous_year),
                                    self.definition.polarity)

    def neighbours_average(self, year: int | None = None) -> Average:
        year = year or self.latest_year
        return benchmarks.average([self.value(n, year) for n in self.comparators.neighbours])

    @property
    def standing(self) -> Standing | None:
        return self.standings.get(self.comparators.council.pk)

    def label(self, year: int | None) -> str:
        return self.definition.period_label(year) if year else ""

    # The council's own figures, from its returns, beside the published ones.

    @property
    def own_latest(self) -> Shown | None:
        return self.own.latest if self.own else None

    @property
    def own_label(self) -> str:
        latest = self.own_latest
        return twelve_months_to(latest.period_end) if latest else ""

    @property
    def own_year(self) -> int | None:
        """The year whose target the latest month is judged against."""
        latest = self.own_latest
        return self.definition.year_of(latest.period_end) if latest else None

    def own_in(self, year: int | None) -> Shown | None:
        """The council's latest own figure in a year: the one its target judges."""
        in_year = [shown for shown in self.own.figures
                   if self.definition.year_of(shown.period_end) == year] if self.own else []
        return in_year[-1] if in_year else None

    @property
    def own_target(self) -> Target | None:
        return self.targets.get(self.own_year)

    @property
    def own_rag(self) -> str | None:
        return own_figures.rag(self.own_latest, self.definition, self.targets)

    @cached_property
    def against(self) -> AgainstPublished | None:
        """The council's own figure beside DfE's for the latest year both have."""
        published = {year: point.value for year, point in
                     self.series.get(self.comparators.council.pk, {}).items()}
        pairs = own_figures.against_published(self.own, published,
                                              self.indicator.dfe_tolerance)
        return pairs[0] if pairs else None


ORDER = {slug: position for position, slug in enumerate(BY_SLUG)}


def build(indicators=None, comparators: Comparators | None = None, *, viewer=None
          ) -> list[Row]:
    """A row for each indicator, in the registry's order, with every figure it needs.
    With a ``viewer``, the council's own figures too, as that person may see them
    (small numbers suppressed without child-level access); read in one query."""
    comparators = comparators or Comparators.of()
    indicators = sorted(indicators if indicators is not None else Indicator.objects.all(),
                        key=lambda indicator: ORDER[indicator.slug])
    focus = {area.pk for area in comparators.areas}
    series: dict[int, dict[int, dict[int, Point]]] = defaultdict(lambda: defaultdict(dict))
    for indicator_id, area_id, year, value, symbol in Observation.objects.filter(
        indicator__in=indicators, area_id__in=focus
    ).values_list("indicator_id", "area_id", "year", "value", "symbol"):
        series[indicator_id][area_id][year] = Point(year, value, symbol)
    targets: dict[int, dict[int, Target]] = defaultdict(dict)
    for target in Target.objects.filter(indicator__in=indicators):
        targets[target.indicator_id][target.year] = target
    own = ({} if viewer is None else
           own_figures.monthly([i.slug for i in indicators], own_figures.suppressed_for(viewer)))
    rows = [Row(indicator, series[indicator.pk], comparators, targets[indicator.pk],
                own=own.get(indicator.slug))
            for indicator in indicators]
    _rank(rows)
    return rows


def for_priority(priority) -> list[Row]:
    """The rows of the indicators linked to a priority; none before data is loaded."""
    indicators = list(priority.indicators.all())
    if not indicators:
        return []
    try:
        comparators = Comparators.of()
    except Area.DoesNotExist:
        return []
    return build(indicators, comparators)


def data_version() -> str:
    """Changes whenever published figures do: every figure comes in through a load."""
    latest = PublishedLoad.objects.order_by("-pk").values_list("pk", "loaded_at").first()
    return f"{latest[0]}@{latest[1].timestamp()}" if latest else "none"


def _rank(rows: list[Row]) -> None:
    """Each row's standing among all LAs in its latest year, by the indicator's polarity.

    Ranking 153 LAs depends only on the published figures, so it is worked out once per
    load of them and kept (in each process's cache), not on every request.
    """
    wanted = {row.indicator.pk: row.latest_year for row in rows if row.latest_year}
    if not wanted:
        return
    version = data_version()
    keys = {pk: f"standings:{version}:{pk}:{year}" for pk, year in wanted.items()}
    standings = {pk: found for pk, key in keys.items()
                 if (found := cache.get(key)) is not None}
    missing = {pk: year for pk, year in wanted.items() if pk not in standings}
    if missing:
        by_pk = {row.indicator.pk: row for row in rows}
        for pk, values in _all_las(missing).items():
            standings[pk] = benchmarks.standings(values, by_pk[pk].definition.polarity)
            cache.set(keys[pk], standings[pk], timeout=None)
    for row in rows:
        row.standings = standings.get(row.indicator.pk, {})


def _all_las(wanted: dict[int, int]) -> dict[int, dict[int, Decimal | None]]:
    """Every LA's value of each indicator in the year asked of it."""
    values: dict[int, dict[int, Decimal | None]] = {pk: {} for pk in wanted}
    condition = Q()
    for indicator_id, year in wanted.items():
        condition |= Q(indicator_id=indicator_id, year=year)
    for indicator_id, area_id, value in Observation.objects.filter(
        condition, area__level="local authority"
    ).values_list("indicator_id", "area_id", "value"):
        values[indicator_id][area_id] = value
    return values


# How figures and judgements are written, everywhere they appear (page, CSV, Excel).

DIRECTION_WORDS = {
    benchmarks.IMPROVING: "Improving", benchmarks.WORSENING: "Worsening",
    benchmarks.NO_CHANGE: "No change", benchmarks.UP: "Up", benchmarks.DOWN: "Down",
}


def number(value: Decimal | None, definition: Definition, unit: bool = True) -> str:
    """A value to the indicator's published precision, with its unit: 26.0%, 101. Its
    targets and tolerances are written the same way, so 2.0 stands beside 1.5."""
    if value is None:
        return ""
    text = f"{value:,.{definition.decimals}f}"
    return f"{text}%" if unit and definition.unit == Unit.PERCENT else text


def figure(point: Point | None, definition: Definition) -> str:
    """A published figure, or in words why there is none: a symbol is never shown as 0.
    An indicator DfE does not publish has none until the council's returns are loaded."""
    if point is None:
        return "No data" if definition.published else "No figures yet"
    if point.value is None:
        return f"{point.missing_reason.capitalize()} ({point.symbol})"
    return number(point.value, definition)


NO_OWN_FIGURES = "No figures from the returns"


def own_figure(shown: Shown | None, definition: Definition) -> str:
    """One of the council's own figures as one person may see it: "c" when suppressed."""
    if shown is None:
        return NO_OWN_FIGURES
    if shown.suppressed:
        return SUPPRESSED
    return number(shown.value, definition) or "No figure"


def twelve_months_to(period_end) -> str:
    """An own figure's period as people say it: "12 months to 31 Oct 2026"."""
    return f"12 months to {period_end.day} {period_end:%b %Y}"


def signed(value: Decimal | None, definition: Definition) -> str:
    """A difference with its sign, at the indicator's precision: +1.2, -0.4, 0.0."""
    if value is None:
        return ""
    text = number(value, definition, unit=False)
    if not text.strip("-0.,"):  # rounds to nothing: no sign, not "-0"
        return text.lstrip("-")
    return f"+{text}" if value > 0 else text


def differs_words(against: AgainstPublished | None) -> str:
    """Whether the council's own figure for a year is further from DfE's than allowed."""
    if against is None:
        return ""
    if against.tolerance is None:
        return "No tolerance set"
    if against.beyond_tolerance:
        return DIFFERS_FROM_DFE
    return "Within the tolerance"


DIFFERS_FROM_DFE = "Differs from DfE by more than the tolerance"


def rag_words(rag: str | None) -> str:
    return rag_vocabulary.words(rag)


def direction_words(direction: str | None) -> str:
    return DIRECTION_WORDS.get(direction, "No comparison")


def quartile_words(standing: Standing | None, definition: Definition) -> str:
    if standing is None:
        return "Not ranked"
    if definition.has_target:
        best = " (best)" if standing.quartile == 1 else " (worst)" if standing.quartile == 4 else ""
        return f"Quartile {standing.quartile}{best}"
    return f"Quartile {standing.quartile} (1 is lowest)"
