from django import template
from django.utils.html import format_html

from smeaton.web.plan.models import Decision
from smeaton.web.plan.rag import Progress

register = template.Library()


@register.filter
def progress_label(value) -> str:
    return Progress(value).label if value else ""


# A decided milestone's tag: its own colour, never a RAG's, and always in words.
DECISION_TAGS = {Decision.CARRIED_OVER: "govuk-tag--purple",
                 Decision.CLOSED: "govuk-tag--grey",
                 Decision.SUPERSEDED: "govuk-tag--turquoise"}


@register.simple_tag
def decision_tag(decision) -> str:
    if not decision:
        return ""
    return format_html('<strong class="govuk-tag {}">{}</strong>', DECISION_TAGS[decision],
                       Decision(decision).label)


@register.filter
def rag_counts(summary, order) -> list[int]:
    """A year-end summary's counts in the order the RAG columns are shown."""
    counts = summary.rag_counts()
    return [counts[rag] for rag in order]
