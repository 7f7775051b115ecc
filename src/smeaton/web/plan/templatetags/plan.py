from django import template

from smeaton.web.plan.rag import Progress

register = template.Library()


@register.filter
def progress_label(value) -> str:
    return Progress(value).label if value else ""
