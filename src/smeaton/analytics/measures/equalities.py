"""Equalities: how sure each group's figure is, and which groups differ from the whole.

A group's figure (girls' re-referral rate, say) comes with a 95% confidence interval:
Wilson's score interval for a percentage, which behaves well for small groups and
figures near 0 or 100% (Newcombe, Statistics in Medicine 1998), and the exact (Garwood)
interval for a count, from which a rate's interval follows. A group is flagged where the
whole's figure lies outside the group's interval and the group holds enough children to
say so. Groups whose characteristic is not known say nothing about equality, and are
never flagged.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

import numpy as np
from scipy import stats

from smeaton.analytics.indicators import BY_SLUG, Unit
from smeaton.analytics.measures.breakdowns import NOT_KNOWN
from smeaton.analytics.measures.results import TOTAL

CONFIDENCE = 0.95
# Below this many children (a percentage's denominator, or a count) a group's interval
# is too wide for a difference to mean much, and flagging it would point at children
# few enough to be recognised.
FEWEST_TO_FLAG = 20
UNKNOWN_GROUPS = frozenset({NOT_KNOWN, "Refused or not obtained"})


class Difference(StrEnum):
    """How a group's figure stands against the whole's, beyond its interval."""

    HIGHER = "higher"
    LOWER = "lower"
    NONE = ""


@dataclass(frozen=True)
class Interval:
    low: float
    high: float

    def contains(self, value: float) -> bool:
        return self.low <= value <= self.high


def wilson(successes, trials, confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """Wilson's score interval for proportions ``successes / trials`` (array-like), as
    proportions from 0 to 1. No trials: NaN."""
    k = np.asarray(successes, dtype=float)
    n = np.asarray(trials, dtype=float)
    z = stats.norm.ppf(0.5 + confidence / 2)
    with np.errstate(divide="ignore", invalid="ignore"):
        p = k / n
        centre = (p + z * z / (2 * n)) / (1 + z * z / n)
        half = z * np.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # At 0 and at n the bound is exactly 0 or 1; arithmetic may leave it a hair off.
    low = np.where(k == 0, 0.0, centre - half)
    high = np.where(k == n, 1.0, centre + half)
    return low, high


def poisson_exact(count, confidence: float = CONFIDENCE) -> tuple[np.ndarray, np.ndarray]:
    """The exact (Garwood) interval for the expected count behind an observed ``count``
    (array-like), from the chi-squared distribution."""
    x = np.asarray(count, dtype=float)
    tail = (1 - confidence) / 2
    low = np.where(x == 0, 0.0, stats.chi2.ppf(tail, 2 * x) / 2)
    high = stats.chi2.ppf(1 - tail, 2 * x + 2) / 2
    return low, high


def percentage_interval(numerator: int, denominator: int) -> Interval | None:
    """A percentage's 95% interval, in percent; None without a denominator."""
    if not denominator:
        return None
    low, high = wilson(numerator, denominator)
    return Interval(float(low) * 100, float(high) * 100)


def rate_interval(count: int, population: float, per: float = 10_000) -> Interval | None:
    """A rate's 95% interval (per 10,000 by default), the population taken as known."""
    if not population:
        return None
    low, high = poisson_exact(count)
    return Interval(float(low) * per / population, float(high) * per / population)


def difference(group: str, size: int, interval: Interval | None,
               whole: float | None) -> Difference:
    """Whether a group differs from the whole beyond its interval, with children enough
    (``size``) to say so."""
    if (interval is None or whole is None or group in UNKNOWN_GROUPS
            or size < FEWEST_TO_FLAG or interval.contains(whole)):
        return Difference.NONE
    return Difference.HIGHER if interval.low > whole else Difference.LOWER


def assess(rows: list[dict]) -> list[dict]:
    """The tidy rows of ``smeaton measures`` (results.py), each with its interval
    (``lower``, ``upper``, in the row's unit) and, for a group of a percentage, how it
    differs from its total (``differs``). A count's groups are parts of its total, not
    figures to set beside it, so they are never flagged; nor is a figure that counts
    something one child makes many of (``counts_children``), which has no
    interval."""
    totals = {key(row): row for row in rows if row["breakdown"] == TOTAL}
    assessed = []
    for row in rows:
        measure = BY_SLUG[row["measure_id"]]
        percentage = measure.unit == Unit.PERCENT
        interval = row_interval(row, percentage) if measure.own.counts_children else None
        differs = Difference.NONE
        if row["breakdown"] != TOTAL and percentage:
            whole = totals.get(key(row), {}).get("value")
            differs = difference(row["breakdown_value"], row["denominator"] or 0, interval,
                                 whole)
        assessed.append({**row, "lower": interval and interval.low,
                         "upper": interval and interval.high, "differs": differs})
    return assessed


def row_interval(row: dict, percentage: bool) -> Interval | None:
    if row["numerator"] is None:
        return None
    if percentage:
        return percentage_interval(row["numerator"], row["denominator"])
    if row["denominator"]:  # a rate: a count per 10,000 of a population
        return rate_interval(row["numerator"], row["denominator"])
    low, high = poisson_exact(row["numerator"])
    return Interval(float(low), float(high))


def key(row: dict) -> tuple:
    return row["measure_id"], row["la_code"], row["period_end"]
