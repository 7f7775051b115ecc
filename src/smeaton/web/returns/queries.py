"""What the returns pages read: loads, and a load's problems filtered and counted.
Changes live in services.py; these never change a record."""

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from smeaton.analytics.rules import code_order
from smeaton.web.accounts.permissions import visible
from smeaton.web.returns.models import Load, Problem, RuleResult

# What the problem report can be filtered by, in the order its form shows them.
FILTERS = ("year", "file", "table", "severity", "rule", "kind")


def loads_for(user) -> QuerySet[Load]:
    return visible(user, Load.objects.select_related("uploaded_by").prefetch_related("files"))


@dataclass(frozen=True)
class Choices:
    """Each filter's values in a load's problems, to choose from."""

    year: list[str]
    file: list[str]
    table: list[str]
    severity: list[str]
    rule: list[str]
    kind: list[str]


def choices(load: Load) -> Choices:
    def distinct(name: str) -> list[str]:
        values = {str(value) for value in load.problems.order_by()
                  .values_list(name, flat=True).distinct() if value}
        return sorted(values, key=code_order if name == "rule" else str)

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
    queries: int = 0

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.queries


def by_kind(load: Load) -> list[KindCount]:
    """How many problems of each kind the load found, the commonest first."""
    rows = (load.problems.order_by().values("kind")
            .annotate(errors=Count("pk", filter=Q(severity=Problem.Severity.ERROR)),
                      warnings=Count("pk", filter=Q(severity=Problem.Severity.WARNING)),
                      queries=Count("pk", filter=Q(severity=Problem.Severity.QUERY))))
    counts = [KindCount(row["kind"], row["errors"], row["warnings"], row["queries"])
              for row in rows]
    return sorted(counts, key=lambda count: (-count.total, count.kind))


# The summary by rule can be sorted by these columns; the first is the default.
RULE_SORTS = {"rule": None, "rows": "rows", "children": "children",
              "not_checked": "not_checked", "severity": "severity"}


def rule_results(load: Load, sort: str = "rows", descending: bool = True
                 ) -> list[RuleResult]:
    """What each of DfE's rules found in the load, sorted as asked (rule codes in their
    natural order: 103 before 1000). Rules that found nothing, ran on everything and
    were not skipped are left out: the report says how many there were."""
    results = [result for result in load.rule_results.all()
               if result.rows or result.not_checked or result.skipped]
    if sort == "rule" or sort not in RULE_SORTS:
        key = lambda result: (code_order(result.rule), result.year)  # noqa: E731
    elif sort == "severity":  # errors before queries, most first
        key = lambda result: (result.severity == "error", result.rows)  # noqa: E731
    else:
        key = lambda result: (getattr(result, sort), code_order(result.rule))  # noqa: E731
    return sorted(results, key=key, reverse=descending and sort != "rule")


def rules_clear(load: Load) -> int:
    """How many rule runs found nothing and checked every row."""
    return load.rule_results.filter(rows=0, not_checked=0, skipped="").count()
