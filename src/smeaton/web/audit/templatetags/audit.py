from django import template

from smeaton.web.accounts.permissions import can
from smeaton.web.audit.trail import trail

register = template.Library()


@register.inclusion_tag("audit/trail.html", takes_context=True)
def audit_trail(context, record):
    """The record's audit trail, for those allowed to see it; nothing for anyone else."""
    allowed = can(context["request"].user, "view_history", record)
    return {"entries": trail(record) if allowed else None}
