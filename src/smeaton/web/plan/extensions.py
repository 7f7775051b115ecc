"""Places on the plan's pages where other apps show what they hold about a record.

The plan knows nothing of the apps built on it (performance, and later governance and
quality); they add a section to a priority's page here, from their ``AppConfig.ready``:

    priority_sections.append(Section("performance/includes/priority_indicators.html",
                                     lambda priority: {"rows": ...}))

so dependencies run one way: those apps use the plan, never the other way.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Section:
    template: str
    context: Callable[[Any], dict]  # the record -> what the template needs


# Shown on a priority's page, in order, after its intended outcomes.
priority_sections: list[Section] = []


def sections_for(sections: list[Section], record) -> list[tuple[str, dict]]:
    return [(section.template, section.context(record)) for section in sections]
