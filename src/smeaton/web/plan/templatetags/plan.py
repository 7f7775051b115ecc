from django import template

from smeaton.web.plan.rag import Progress, Rag

register = template.Library()

# GOV.UK tag colours. The words are always shown: colour is never the only signal.
RAG_TAG_CLASSES = {
    Rag.COMPLETE: "govuk-tag--blue",
    Rag.GREEN: "govuk-tag--green",
    Rag.AMBER: "govuk-tag--yellow",
    Rag.RED: "govuk-tag--red",
    Rag.NOT_STARTED: "govuk-tag--grey",
}


@register.inclusion_tag("plan/includes/rag_tag.html")
def rag_tag(rag, overridden=False):
    rag = Rag(rag)
    return {"label": rag.label, "classes": RAG_TAG_CLASSES[rag], "overridden": overridden}


@register.filter
def progress_label(value) -> str:
    return Progress(value).label if value else ""
