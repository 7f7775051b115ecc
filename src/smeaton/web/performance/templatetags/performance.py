from decimal import Decimal
from urllib.parse import urlencode

from django import template

from smeaton.analytics.indicators import Indicator as Definition
from smeaton.web.performance import scorecard
from smeaton.web.performance.own_figures import SUPPRESSED

register = template.Library()


@register.simple_tag
def figure(row, area, year):
    return scorecard.figure(row.point(area, year), row.definition)


@register.simple_tag
def own_figure_in(row, year):
    """The council's own latest figure in a year, with its 12 months, for an indicator
    DfE does not publish: what the year's target judges."""
    shown = row.own_in(year)
    if shown is None:
        return "No figures yet"
    months = scorecard.twelve_months_to(shown.period_end)
    return f"{scorecard.own_figure(shown, row.definition)} ({months})"


def _definition(of) -> Definition:
    """The registry's indicator, from a scorecard row or the indicator itself."""
    return of if isinstance(of, Definition) else of.definition


@register.filter
def number(value, of):
    """A figure at the indicator's precision, with its unit; ``of`` a row or indicator."""
    return scorecard.number(value, _definition(of))


@register.filter
def number_alone(value, of):
    """A figure at the indicator's precision without its unit (a tolerance in points)."""
    return scorecard.number(value, _definition(of), unit=False)


@register.filter
def direction_words(direction):
    return scorecard.direction_words(direction)


@register.filter
def quartile_words(row):
    return scorecard.quartile_words(row.standing, row.definition)


@register.filter
def period_of(row, year):
    return row.label(year)


@register.simple_tag
def neighbours_average(row, year):
    average = row.neighbours_average(year)
    text = scorecard.number(average.value, row.definition) or "No data"
    if average.used and average.used < average.of:
        text += f" ({average.used} of {average.of})"
    return text


@register.simple_tag
def target_for(row, year):
    target = row.targets.get(year)
    return scorecard.number(target.value, row.definition) if target else ""


@register.simple_tag
def standing_of(row, area):
    standing = row.standings.get(area.pk)
    return str(standing) if standing else "Not ranked"


@register.filter
def rag_for(row, target):
    """The RAG of the council's figure against a target: ``{% rag_tag row|rag_for:target %}``."""
    return row.rag_for(target.year)


@register.filter
def own_figure(shown, of):
    """One of the council's own figures, "c" when suppressed: ``{{ shown|own_figure:row }}``."""
    return scorecard.own_figure(shown, _definition(of))


@register.filter
def signed(value, row):
    return scorecard.signed(value, row.definition)


@register.filter
def differs_words(against):
    """Whether an own figure is within its tolerance of DfE's, in words."""
    return scorecard.differs_words(against)


# --- The council's own figures on an indicator's page (own_figures.Shown) ---------------


def _decimal(value) -> Decimal | None:
    return None if value is None else Decimal(str(value))


@register.filter
def own_interval(shown, definition):
    """Its 95% interval, low to high; "c" when suppressed; blank when it has none."""
    if shown.suppressed:
        return SUPPRESSED
    if shown.lower is None or shown.upper is None:
        return ""
    return (f"{scorecard.number(_decimal(shown.lower), definition)} to "
            f"{scorecard.number(_decimal(shown.upper), definition)}")


@register.filter
def whole_count(value):
    """A numerator or denominator: a count of children or records, or a population."""
    return "" if value is None else f"{value:,.0f}"


@register.filter
def own_counts(shown, definition):
    """What the figure counts, in words: "50 of 200 referrals in the period"."""
    if shown.suppressed:
        return "Not shown: a small number"
    computed = definition.own
    if shown.numerator is None:
        return ""
    counted = f"{shown.numerator:,} {computed.numerator}"
    if shown.denominator is None or not computed.denominator:
        return counted
    if computed.rate_of:  # a rate: the denominator is a population, not the things counted
        return f"{counted}, in a population of {shown.denominator:,.0f} ({computed.denominator})"
    return f"{shown.numerator:,} of {shown.denominator:,.0f} {computed.denominator}"


@register.filter
def group_differs_words(differs):
    """How a group stands against the whole, beyond its interval."""
    return {"higher": "Higher than the whole", "lower": "Lower than the whole"}.get(differs, "")


@register.simple_tag
def children_query(definition, period_end, shown=None):
    """The children list's query for a figure: the whole's, or one group's."""
    query = {"indicator": definition.slug, "period": period_end.isoformat()}
    if shown is not None and not shown.figure.is_total:
        query["group"] = f"{shown.figure.breakdown}: {shown.group}"
    return urlencode(query)


@register.filter
def period_label(year, definition):
    """A target's year as the sector writes it: 2024-25, or 2025."""
    return definition.period_label(year)


@register.filter
def year_label(period_end, definition):
    """The reporting year a month end's figure stands in, as the sector writes it."""
    return definition.period_label(definition.year_of(period_end))
