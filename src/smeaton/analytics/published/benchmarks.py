"""The arithmetic of comparing a council with others and with its own targets.

Pure functions of published values, so each rule is tested on its own and written
down once (docs/performance-rules.md). "Better" always follows the indicator's
polarity; a context indicator is compared without judgement.
"""

from dataclasses import dataclass
from decimal import Decimal

from smeaton.analytics.indicators import Polarity

GREEN, AMBER, RED = "green", "amber", "red"
IMPROVING, NO_CHANGE, WORSENING = "improving", "no change", "worsening"
UP, DOWN = "up", "down"  # the direction of a context indicator, which has no better way


@dataclass(frozen=True)
class Standing:
    rank: int  # 1 is the best end by polarity; the lowest value for a context indicator
    of: int  # how many LAs had a value that year
    quartile: int  # 1 holds rank 1

    def __str__(self) -> str:
        return f"{self.rank} of {self.of}"


def standings(values: dict[str, Decimal | None], polarity: Polarity) -> dict[str, Standing]:
    """Rank every area with a value; tied values share the better rank (1, 2, 2, 4).

    Areas whose value is missing or suppressed are left out, never ranked as 0.
    """
    present = {area: value for area, value in values.items() if value is not None}
    best_first = sorted(present.values(), reverse=polarity == Polarity.HIGHER)
    first_rank: dict[Decimal, int] = {}
    for position, value in enumerate(best_first, start=1):
        first_rank.setdefault(value, position)
    count = len(best_first)
    return {
        area: Standing(first_rank[value], count, quartile(first_rank[value], count))
        for area, value in present.items()
    }


def quartile(rank: int, count: int) -> int:
    """Quartile 1 holds the first quarter of ranks, 4 the last (ranks 1-39 of 153 are 1)."""
    return (rank - 1) * 4 // count + 1


@dataclass(frozen=True)
class Average:
    value: Decimal | None
    used: int  # how many neighbours had a value
    of: int


def average(values: list[Decimal | None]) -> Average:
    """The simple mean of the values there are, saying how many there were."""
    present = [value for value in values if value is not None]
    mean = sum(present) / len(present) if present else None
    return Average(mean, len(present), len(values))


def direction(latest: Decimal | None, previous: Decimal | None, polarity: Polarity) -> str | None:
    """Improving, no change or worsening since the previous year; None if either is missing.

    Published figures are rounded, so equal published values are "no change".
    """
    if latest is None or previous is None:
        return None
    if latest == previous:
        return NO_CHANGE
    rose = latest > previous
    if polarity == Polarity.CONTEXT:
        return UP if rose else DOWN
    return IMPROVING if rose == (polarity == Polarity.HIGHER) else WORSENING


def target_rag(value: Decimal | None, target: Decimal | None, tolerance: Decimal,
               polarity: Polarity) -> str | None:
    """Green at or better than target; amber within tolerance of it; red beyond.

    None when there is nothing to judge: no value (missing or suppressed), no target,
    or a context indicator.
    """
    if value is None or target is None or polarity == Polarity.CONTEXT:
        return None
    shortfall = target - value if polarity == Polarity.HIGHER else value - target
    if shortfall <= 0:
        return GREEN
    if shortfall <= tolerance:
        return AMBER
    return RED
