"""Re-identifying a child: the one change this app makes, recorded twice over."""

from django.db import transaction

from smeaton.analytics import privacy
from smeaton.web.accounts.child_level import record_read
from smeaton.web.children.queries import Figure


@transaction.atomic
def reidentify(by, figure: Figure, token: str, reason: str) -> str | None:
    """The council's own identifier for the child behind ``token`` (None if the
    re-identification table holds none), found for ``by`` for ``reason``.

    Recorded in the re-identification table (privacy.resolve: who, when, why, which
    token, whether found) and in the record of child-level reads, which administrators
    read, with the figure it came from. A key that cannot be read (privacy.KeyProblem)
    rolls the read back and is raised: nothing was seen."""
    read = record_read(by, figure.indicator, f"Re-identified a child behind {figure}",
                       filters=figure.filters | {"child": token_start(token), "reason": reason})
    found = privacy.resolve(token, who=by.username, why=reason)
    read.filters["found"] = "yes" if found is not None else "no"
    read.save(update_fields=["filters"])
    return found


def token_start(token: str) -> str:
    """The token's first 8 digits, for the record administrators read: enough to find
    the whole token beside the same who, when and why in the re-identification table,
    without handing a child's token to someone without child-level access."""
    return f"{token[:8]}…"
