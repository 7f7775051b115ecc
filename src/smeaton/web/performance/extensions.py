"""Places on the performance pages where apps built on it show what they hold.

Performance knows nothing of the apps that use it (commentary, and later others); they
add to it here from their ``AppConfig.ready``, so dependencies run one way:

    indicator_sections.append(Section("commentary/includes/indicator.html",
                                      lambda indicator: {...}))
    notes.append(lambda indicators: {indicator.pk: Note(...), ...})
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from smeaton.web.plan.extensions import Section


@dataclass(frozen=True)
class Note:
    """Signed-off commentary on an indicator, as the scorecard and its exports show it."""

    period: str
    shows: str
    why: str
    action: str
    signed_off_by: str
    signed_off_on: date
    illustrative: bool = False

    def as_text(self) -> str:
        """One cell of a spreadsheet: every part, labelled, and who signed it off."""
        label = "Illustrative commentary for " if self.illustrative else ""
        return (f"{label}{self.period}. What the figure shows: {self.shows}\nWhy: {self.why}\n"
                f"What is being done: {self.action}\nSigned off by {self.signed_off_by} "
                f"on {self.signed_off_on:%-d %B %Y}.")


# Shown on an indicator's page, in order, before its audit trail.
indicator_sections: list[Section] = []
# Each gives the notes it holds for some indicators, by the indicator's key.
notes: list[Callable[[list], dict[int, Note]]] = []


def notes_for(indicators: Iterable) -> dict[int, Note]:
    indicators = list(indicators)
    found: dict[int, Note] = {}
    for source in notes:
        found.update(source(indicators))
    return found
