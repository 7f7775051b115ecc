"""Who may see the children behind a figure, and re-identify one: people with child-level
access (analysts by role, leaders given it by name; accounts/rules.py), nobody else.
Denied by default, like every permission (accounts/permissions.py)."""

from smeaton.web.accounts.permissions import named_rule
from smeaton.web.accounts.rules import child_level_access

# Seeing the list behind a figure and downloading it.
LIST_CHILDREN = "children.list_children"
# Turning a child's token back into the council's own identifier.
REIDENTIFY_CHILD = "children.reidentify_child"

named_rule(LIST_CHILDREN, child_level_access)
named_rule(REIDENTIFY_CHILD, child_level_access)
