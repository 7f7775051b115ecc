"""Reads for the children pages: which indicators Smeaton computes a figure for,
the periods and groups a person can ask for, and the children behind one figure, read
from the store each time (nothing child-level is kept between requests)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.conf import settings

from smeaton import config
from smeaton.analytics.indicators import BY_SLUG, COMPUTED
from smeaton.analytics.indicators import Indicator as Definition
from smeaton.analytics.measures.children import Children, children_behind
from smeaton.analytics.measures.periods import Period, month_ends
from smeaton.analytics.measures.results import compute, covered, returns_held
from smeaton.analytics.source import Source
from smeaton.analytics.store import Store
from smeaton.web.performance.models import Indicator
from smeaton.web.returns.models import Load

# --- Which indicators have a computed figure ---------------------------------------------


def computed_measure(indicator: Indicator) -> Definition | None:
    """The indicator's definition in the registry if Smeaton computes its figure, or None
    if DfE's published figure is its only one."""
    definition = indicator.definition
    return definition if definition.computed else None


def computed_indicators():
    """The indicators with a computed figure."""
    return Indicator.objects.filter(slug__in=[indicator.slug for indicator in COMPUTED])


def counted(measure: Definition) -> Definition:
    """The indicator whose units are listed: a rate's are its count's."""
    rate_of = measure.computed.rate_of
    return BY_SLUG[rate_of] if rate_of else measure


# --- The figure asked for --------------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    """One computed figure: an indicator's, for the 12 months to a period end, for
    everyone or for one group of one breakdown."""

    indicator: Indicator
    measure: Definition  # the registry's entry for the indicator
    period: Period
    group: tuple[str, str] | None = None

    @property
    def group_label(self) -> str:
        return f"{self.group[0]}: {self.group[1]}" if self.group else ""

    @property
    def filters(self) -> dict[str, str]:
        """What narrowed the list, as the record of child-level reads keeps it."""
        return {"indicator": self.indicator.slug, "period": self.period.end.isoformat(),
                "group": self.group_label}

    def __str__(self) -> str:
        words = f"{self.indicator.title}, 12 months to {self.period.end:%-d %B %Y}"
        return f"{words}, {self.group_label}" if self.group else words


def la_code() -> str:
    """The council's LA: its children are the only ones listed."""
    return settings.COUNCIL.la_code


def store_path() -> Path:
    return config.home().store


def held() -> dict[tuple[Source, str], set[int]]:
    """The collection years the store holds for each source, for the council's LA."""
    path = store_path()
    if not (path / "store.json").exists() and not any(path.glob("*/la_code=*")):
        return {}
    with Store(path).reading() as store:
        return returns_held(store.folder, la_code())


def coverage(measure: Definition, period: Period) -> str | None:
    """None when no stored return covers the period for this measure; else a note,
    blank when the returns cover the whole period."""
    found = list(covered(counted(measure), held(), [period]))
    return found[0][2] if found else None


def period_choices() -> list[date]:
    """Every month end in a reporting year the store holds returns for, latest first."""
    years: set[int] = set()
    for (source, _la), held_years in held().items():
        # An academic year of attendance is measured in the reporting year after it.
        years |= {year + 1 for year in held_years} if source == Source.ATTENDANCE else held_years
    ends: set[date] = set()
    for year in years:
        first = date(year - 1, 4, 30)
        ends |= {period.end for period in month_ends(first, first + relativedelta(months=11))}
    return sorted(ends, reverse=True)


def group_choices() -> list[str]:
    """Every group of every breakdown a computed measure has, as "Sex: Female"."""
    seen: dict[str, None] = {}
    for measure in COMPUTED:
        for breakdown in counted(measure).computed.breakdowns:
            seen |= {f"{breakdown.title}: {value}": None for value in breakdown.values}
    return list(seen)


def groups_of(measure: Definition) -> dict[str, tuple[str, ...]]:
    """Each breakdown of the measure, by title, with its groups."""
    return {breakdown.title: breakdown.values
            for breakdown in counted(measure).computed.breakdowns}


def illustrative() -> bool:
    """Whether the store's latest load from the browser was the demo's made-up one."""
    latest = Load.objects.filter(status=Load.Status.STORED).order_by("-pk").first()
    return latest is not None and latest.illustrative


# --- The children behind it ------------------------------------------------------------


def children(figure: Figure) -> Children:
    """The units counted in the figure, from the store's current state."""
    return children_behind(store_path(), figure.measure, la_code(), figure.period,
                           figure.group)


def figure_row(figure: Figure) -> dict | None:
    """The figure as the measures compute it (its numerator, denominator and value), to
    show beside the list it is made of."""
    # A rate has no breakdowns of its own: a group's figure is its count's.
    measure = counted(figure.measure) if figure.group else figure.measure
    rows = compute(store_path(), [figure.period], la_code=la_code(), measures=[measure],
                   breakdowns=figure.group is not None)
    wanted = figure.group or ("Total", "Total")
    return next((row for row in rows
                 if (row["breakdown"], row["breakdown_value"]) == wanted), None)
