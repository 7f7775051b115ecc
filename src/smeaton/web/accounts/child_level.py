"""Child-level access: who may see records about individual children, and the record
of every time someone does.

A page or download that shows child-level values (a return's identifiers and cells, a
list of the children behind a figure) asks ``may_see`` before it shows them, and calls
``record_read`` each time it does, with what was seen and through which filter.
"""

from django.db.models import Model

from smeaton.web.accounts.models import ChildLevelRead

VIEW_CHILD_LEVEL = "accounts.view_child_level"


def may_see(user) -> bool:
    """Whether this person may see records about individual children."""
    return user.has_perm(VIEW_CHILD_LEVEL)


def record_read(user, record: Model, what: str, *, filters: dict | None = None,
                file_format: str = "") -> ChildLevelRead:
    """Record that ``user`` saw (or, given a ``file_format``, downloaded) ``what``, from
    ``record``, through ``filters`` (the choices that narrowed it, blanks left out)."""
    meta = record._meta
    return ChildLevelRead.objects.create(
        user=user, what=what, record=f"{meta.app_label}.{meta.model_name}:{record.pk}",
        action=ChildLevelRead.Action.DOWNLOADED if file_format else ChildLevelRead.Action.VIEWED,
        filters={name: value for name, value in (filters or {}).items() if value},
        file_format=file_format)
