"""What the returns pages read: loads, and a load's problems filtered and counted.
Changes live in services.py; these never change a record."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from smeaton.web.accounts.permissions import visible
from smeaton.web.returns.models import Load, Problem

# What the problem report can be filtered by, in the order its form shows them.
FILTERS = ("file", "table", "severity", "kind")


def loads_for(user) -> QuerySet[Load]:
    return visible(user, Load.objects.select_related("uploaded_by").prefetch_related("files"))


@dataclass(frozen=True)
class Choices:
    """Each filter's values in a load's problems, to choose from."""

    file: list[str]
    table: list[str]
    severity: list[str]
    kind: list[str]


def choices(load: Load) -> Choices:
    def distinct(name: str) -> list[str]:
        return sorted(value for value in load.problems.order_by().values_list(name, flat=True)
                      .distinct() if value)

    return Choices(**{name: distinct(name) for name in FILTERS})


def problems(load: Load, chosen: dict[str, str]) -> QuerySet[Problem]:
    """The load's problems in the order found, narrowed by the filters chosen."""
    found = load.problems.all()
    for name in FILTERS:
        if chosen.get(name):
            found = found.filter(**{name: chosen[name]})
    return found.order_by("position")


@dataclass(frozen=True)
class KindCount:
    kind: str
    errors: int
    warnings: int

    @property
    def total(self) -> int:
        return self.errors + self.warnings


def by_kind(load: Load) -> list[KindCount]:
    """How many problems of each kind the load found, the commonest first."""
    # Warnings are everything short of an error, DfE's queries among them (as the
    # load's own count has them).
    rows = (load.problems.order_by().values("kind")
            .annotate(errors=Count("pk", filter=Q(severity=Problem.Severity.ERROR)),
                      warnings=Count("pk", filter=~Q(severity=Problem.Severity.ERROR))))
    counts = [KindCount(row["kind"], row["errors"], row["warnings"]) for row in rows]
    return sorted(counts, key=lambda count: (-count.total, count.kind))
