"""How close a synthetic LA comes to its published figures, and whether close enough.

The tolerances: counts within 5%, percentages within 2 percentage points; where the
published count is under 40 (the children counted, for a percentage), 2 children
either way. A figure DfE did not publish for the LA and year was
filled (see targets.py) and is reported, not judged. ``calibration.tsv`` in each LA's
folder holds every figure.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from smeaton.analytics.synth import draw
from smeaton.analytics.synth.care import Period, carer_start, long_term, placements
from smeaton.analytics.synth.need import NeedChild, is_rereferral
from smeaton.analytics.synth.targets import Share, Targets
from smeaton.years import collection_end, collection_start

COUNTS = ("cla_at_end", "cla_starts", "cla_ceased", "referrals", "cp_at_end")
SHARES = ("placements_3plus", "long_term_stability", "rereferrals", "cp_subsequent",
          "absence_persistent")
SMALL = 40  # a published count under this may be missed by 2 children
FIELDS = ("la_code", "year", "figure", "published", "synthetic", "tolerance", "within",
          "filled_from")


@dataclass(frozen=True)
class Check:
    la_code: str
    year: int
    figure: str
    published: float
    synthetic: float
    tolerance: float
    filled_from: str  # blank when DfE published the figure for this LA and year

    @property
    def within(self) -> bool:
        return abs(self.synthetic - self.published) <= self.tolerance + 1e-9

    @property
    def judged(self) -> bool:
        return not self.filled_from


def checks(targets: dict[int, Targets], periods: list[Period], children: list[NeedChild],
           absence: dict[int, float]) -> list[Check]:
    """Every figure, every year: published against synthetic."""
    seen_from = collection_start(min(targets))
    found = []
    for year, aimed in sorted(targets.items()):
        synthetic = {**_care(periods, year, seen_from), **_need(children, year),
                     "absence_persistent": absence[year]}
        for figure in (*COUNTS, *SHARES):
            published = getattr(aimed, figure)
            found.append(Check(aimed.la_code, year, figure, float(
                published.percent if isinstance(published, Share) else published),
                float(synthetic[figure]), tolerance(published),
                aimed.filled.get(figure, "")))
    return found


def tolerance(published: Share | float) -> float:
    """How far a synthetic figure may be from ``published``: a count (a number), or a
    percentage (a Share)."""
    if isinstance(published, Share):
        if published.count is not None and published.count < SMALL and published.of:
            return max(2.0, 100 * 2 / published.of)
        return 2.0
    return 2.0 if published < SMALL else 0.05 * published


def write(found: list[Check], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter="\t")
        writer.writerow(FIELDS)
        for check in found:
            writer.writerow((check.la_code, check.year, check.figure,
                             round(check.published, 2), round(check.synthetic, 2),
                             round(check.tolerance, 2),
                             "yes" if check.within else ("no" if check.judged else "-"),
                             check.filled_from))


def _care(periods: list[Period], year: int, seen_from: date) -> dict[str, float]:
    first, end = collection_start(year), collection_end(year)
    in_care = [p for p in periods if p.open_at(end)]
    eligible = [p for p in in_care if long_term(p, end, seen_from)]
    stable = [p for p in eligible
              if carer_start(p, end, seen_from) <= draw.years_before(end, 2)]
    return {
        "cla_at_end": len(in_care),
        "cla_starts": len({p.child.id for p in periods if first <= p.start <= end}),
        "cla_ceased": len({p.child.id for p in periods if p.end and first <= p.end <= end}),
        "placements_3plus": _percent(sum(placements(p, year) >= 3 for p in in_care),
                                     len(in_care)),
        "long_term_stability": _percent(len(stable), len(eligible)),
    }


def _need(children: list[NeedChild], year: int) -> dict[str, float]:
    first, end = collection_start(year), collection_end(year)
    referrals = [(c, r) for c in children for r in c.referrals if first <= r.date <= end]
    plans = [(c, r.plan) for c in children for r in c.referrals if r.plan]
    started = [plan for _, plan in plans if first <= plan.start <= end]
    return {
        "referrals": len(referrals),
        "rereferrals": _percent(sum(is_rereferral(c, r) for c, r in referrals),
                                len(referrals)),
        "cp_at_end": len({c.id for c, plan in plans
                          if plan.start <= end and (plan.end is None or plan.end > end)}),
        "cp_subsequent": _percent(sum(plan.previous >= 1 for plan in started), len(started)),
    }


def _percent(count: int, of: int) -> float:
    return 100 * count / of if of else 0.0
