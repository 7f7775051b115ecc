"""DfE's validation rules for the SSDA903 and CIN census returns, each declared once.

A rule is data (DfE's code and message, error or query, the years it applies to, the
fields it flags) plus one SQL expression over the return's checked tables, which
DuckDB runs (smeaton.analytics.rules.engine). A rule that the format checks already
carry out (a code list, a date's form, a field that must be given, a duplicate) says
so with ``format`` and has no SQL: the format checks' problems carry its code.

Every rule carries its own examples: ``trips``, a return in which it must flag a row,
and ``passes``, one in which it must flag none. tests/analytics/rules runs them all.

docs/validation-rules.md lists every rule, generated from this registry.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
from dataclasses import dataclass, field
from functools import cache
from typing import Literal

from smeaton.analytics.problems import ERROR, QUERY
from smeaton.analytics.source import Source

Severity = Literal["error", "query"]
# What a rule needs beyond the return itself; without it the rule is skipped, and the
# report says so.
PREVIOUS = "previous"  # the same LA's return for the year before
POSTCODES = "postcodes"  # the ONS postcode directory (smeaton.analytics.rules.places)
PROVIDERS = "providers"  # Ofsted's lists of providers, when the council loads them
NEEDS = {PREVIOUS: "the previous year's return", POSTCODES: "the postcode directory",
         PROVIDERS: "Ofsted's providers lists"}
# Which format problems carry a rule's code: those of a blank field, of a value that
# is not valid, of either ("any"), of a date after the collection year, of a blank or
# a date after the collection year ("blank or late"), or of a repeated key; or those of
# the episodes' chain (smeaton.analytics.checks): an end before its start ("order"), an
# episode left open when the next one starts ("open") or ending after it starts
# ("overlap"), REC X1 with no episode starting that day ("continuation"), a new period
# of care that does not start with RNE S ("period"); or any break in that chain
# ("sequence": an overlap, open or not, a continuation or a period).
FormatKind = Literal["", "blank", "invalid", "any", "late", "blank or late", "duplicate",
                     "order", "open", "overlap", "continuation", "period", "sequence"]
Example = dict[str, list[dict]]  # table -> rows, as {field: value}; dates as YYYY-MM-DD


@dataclass(frozen=True, kw_only=True)
class Rule:
    source: Source
    code: str
    message: str  # as DfE words it
    flags: tuple[str, ...]  # "table.FIELD" of each field it flags
    where: str = ""  # SQL: true on a row of the flagged table that breaks the rule
    sql: str = ""  # or a whole query giving `_row` (and `_table`, when it flags several)
    format: FormatKind = ""  # carried out by the format checks (with where or sql: in part)
    severity: Severity = ERROR
    first_year: int | None = None  # the collection years (ending 31 March) it applies to
    last_year: int | None = None
    needs: frozenset[str] = frozenset()
    # (SQL true on a row of the flagged table the rule cannot judge, why): those rows are
    # counted as not checked rather than flagged or passed (with ``where`` only).
    cannot_check: tuple[str, str] = ()
    trips: tuple[Example, ...] = ()
    passes: tuple[Example, ...] = ()
    note: str = ""  # where Smeaton differs from another reading of the rule, and why

    def __post_init__(self):
        if self.severity not in (ERROR, QUERY):
            raise ValueError(f"rule {self.code}: severity is error or query")
        if self.where and self.sql or not (self.where or self.sql or self.format):
            raise ValueError(f"rule {self.code}: give where or sql, or format, or both")
        if self.where and len(self.tables) != 1:
            raise ValueError(f"rule {self.code}: a where clause flags one table")
        if self.cannot_check and not self.where:
            raise ValueError(f"rule {self.code}: cannot_check goes with a where clause")
        unknown = self.needs - NEEDS.keys()
        if unknown:
            raise ValueError(f"rule {self.code}: needs {sorted(unknown)}?")

    @property
    def tables(self) -> tuple[str, ...]:
        """The tables whose rows it flags, in the order first named."""
        return tuple(dict.fromkeys(flag.split(".", 1)[0] for flag in self.flags))

    def fields_of(self, table: str) -> tuple[str, ...]:
        return tuple(flag.split(".", 1)[1] for flag in self.flags
                     if flag.split(".", 1)[0] == table)

    def applies_in(self, year: int) -> bool:
        return (self.first_year or 0) <= year <= (self.last_year or 9999)

    @property
    def years(self) -> str:
        if self.first_year and self.last_year:
            return f"{self.first_year} to {self.last_year}"
        if self.first_year:
            return f"from {self.first_year}"
        if self.last_year:
            return f"to {self.last_year}"
        return "every year"


@dataclass(frozen=True)
class Rules:
    """Declares one module's rules for a source, with the source said once."""

    source: Source
    declared: list[Rule] = field(default_factory=list)

    def __call__(self, code: str, message: str, *flags: str, **details) -> Rule:
        rule = Rule(source=self.source, code=code, message=message, flags=flags, **details)
        self.declared.append(rule)
        return rule


@cache
def registry() -> dict[tuple[Source, str], list[Rule]]:
    """Every rule, by source and code. A code may have more than one rule when DfE
    changed it between years (each with its own years)."""
    found: dict[tuple[Source, str], list[Rule]] = {}
    for package in ("ssda903", "cin"):
        parent = importlib.import_module(f"{__name__}.{package}")
        for module in pkgutil.iter_modules(parent.__path__):
            declared = importlib.import_module(f"{parent.__name__}.{module.name}").RULES
            for rule in declared.declared:
                found.setdefault((rule.source, rule.code), []).append(rule)
    return found


def rules_for(source: Source, year: int) -> list[Rule]:
    """The rules that apply to a return, in code order."""
    chosen = [rule for (each, _), rules in registry().items() if each == source
              for rule in rules if rule.applies_in(year)]
    return sorted(chosen, key=lambda rule: code_order(rule.code))


CODE_PARTS = re.compile(r"^([A-Za-z]*)(\d*)")


def code_order(code: str) -> tuple:
    """Rule codes in their natural order: letters first (EPI, INT01, SW02STG1), then by
    number (103 before 1000), each family together."""
    letters, number = CODE_PARTS.match(code).groups()
    return (letters.upper(), int(number) if number else 0, code)
