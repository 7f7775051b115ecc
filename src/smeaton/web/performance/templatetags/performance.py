from django import template

from smeaton.web.performance import scorecard

register = template.Library()

@register.simple_tag
def figure(row, area, year):
    return scorecard.figure(row.point(area, year), row.definition)


@register.filter
def number(value, row):
    return scorecard.number(value, row.definition)


@register.filter
def number_alone(value, row):
    """A figure at the indicator's precision without its unit (a tolerance in points)."""
    return scorecard.number(value, row.definition, unit=False)


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
def own_figure(shown, row):
    """One of the council's own figures: ``{{ row.own_latest|own_figure:row }}``."""
    return scorecard.own_figure(shown, row.definition)


@register.filter
def signed(value, row):
    return scorecard.signed(value, row.definition)


@register.filter
def differs_words(against):
    return scorecard.differs_words(against)
