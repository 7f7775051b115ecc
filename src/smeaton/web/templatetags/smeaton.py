"""Tags every template may use (loaded as builtins in settings.TEMPLATES)."""

from django import template
from django.conf import settings
from django.template.defaultfilters import pluralize

from smeaton import __version__
from smeaton.web import formats
from smeaton.web import rag as rag_vocabulary
from smeaton.web.accounts import permissions

register = template.Library()


@register.simple_tag
def council():
    """The council this installation serves: ``{% council as c %}{{ c.name }}``."""
    return settings.COUNCIL


@register.simple_tag
def demo_mode() -> bool:
    return settings.DEMO


@register.simple_tag
def smeaton_version() -> str:
    return __version__


@register.simple_tag(takes_context=True)
def can(context, action, subject) -> bool:
    """``{% can "change" milestone as allowed %}``: the same rule the view checks."""
    request = context.get("request")
    return bool(request) and permissions.can(request.user, action, subject)


@register.simple_tag(takes_context=True)
def include_section(context, template_name: str, values: dict):
    """``{% include_section template values %}``: an include whose variables come from a
    dict, as other apps' sections of a page give them (plan/extensions.py)."""
    with context.push(**values):
        return context.template.engine.get_template(template_name).render(context)


@register.inclusion_tag("includes/rag_tag.html")
def rag_tag(rag, overridden=False):
    """A RAG rating as a tag, always in words: ``{% rag_tag milestone.rag %}``."""
    if not rag:
        return {"label": rag_vocabulary.NOT_RATED, "classes": "govuk-tag--grey"}
    rag = rag_vocabulary.Rag(rag)
    return {"label": rag.label, "classes": rag.tag_class, "overridden": overridden}


@register.filter
def duration_in_words(value) -> str:
    """A timedelta as people say it: "15 minutes", "1 hour and 30 minutes"."""
    minutes = round(value.total_seconds() / 60)
    hours, minutes = divmod(minutes, 60)
    parts = [f"{hours} hour{pluralize(hours)}"] if hours else []
    if minutes or not parts:
        parts.append(f"{minutes} minute{pluralize(minutes)}")
    return " and ".join(parts)


@register.filter(name="govuk_datetime")
def govuk_datetime_filter(value) -> str:
    return formats.govuk_datetime(value) if value else ""


@register.filter(name="govuk_date")
def govuk_date_filter(value) -> str:
    return formats.govuk_date(value) if value else ""
