from django import template

from smeaton.web.performance import scorecard

register = template.Library()

RAG_TAG_CLASSES = {"green": "govuk-tag--green", "amber": "govuk-tag--yellow",
                   "red": "govuk-tag--red"}


@register.inclusion_tag("performance/includes/rag_tag.html")
def indicator_rag(rag):
    """RAG against target, always in words; colour only repeats them."""
    return {"label": scorecard.rag_words(rag),
            "classes": RAG_TAG_CLASSES.get(rag, "govuk-tag--grey")}


@register.simple_tag
def figure(row, area, year):
    return scorecard.figure(row.point(area, year), row.definition)


@register.filter
def number(value, row):
    return scorecard.number(value, row.definition)


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


@register.inclusion_tag("performance/includes/rag_tag.html")
def target_rag(row, target):
    return indicator_rag(row.rag_for(target.year))
