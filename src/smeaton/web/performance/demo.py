"""The demo's performance data: Plymouth's real published figures, illustrative targets.

The figures are DfE's published statistics as shipped (loaded once). The targets and
the links to the demo plan's priorities are made up for the demonstration and are
labelled so on every page that shows them.
"""

from decimal import Decimal

from smeaton.analytics.indicators import Polarity
from smeaton.web.performance.loading import load_shipped
from smeaton.web.performance.models import Indicator, Observation, Target
from smeaton.web.performance.own_figures import monthly
from smeaton.web.performance.scorecard import Comparators, build
from smeaton.web.plan.models import Plan

# Demo plan priority number -> the indicators that measure it.
LINKS = {
    1: ["re-referrals", "referral-rate"],
    2: ["re-referrals", "assessments-45-days", "cp-plan-rate", "cp-second-plan",
        "cp-two-years"],
    3: ["children-in-care-rate", "placement-moves", "long-term-stability"],
    4: ["care-leavers-eet", "care-leavers-accommodation"],
    5: ["ehcp-20-weeks"],
    6: ["overall-absence", "persistent-absence", "severe-absence"],
    7: ["ks2-expected-standard", "attainment-8", "neet-not-known"],
    8: ["agency-social-workers", "social-worker-turnover", "social-worker-vacancies",
        "caseload"],
}

# Demo plan outcome (priority number, position) -> the indicators that measure it.
OUTCOME_LINKS = {
    (2, 0): ["re-referrals"], (2, 1): ["assessments-45-days"],
    (3, 1): ["placement-moves", "long-term-stability"],
    (4, 0): ["care-leavers-eet"], (4, 1): ["care-leavers-accommodation"],
    (5, 0): ["ehcp-20-weeks"], (6, 0): ["persistent-absence"],
    (7, 0): ["ks2-expected-standard", "attainment-8"], (7, 1): ["neet-not-known"],
    (8, 0): ["agency-social-workers"], (8, 1): ["caseload"],
}

# Illustrative targets for the latest published period, as (target, tolerance): set
# near the council's figures so that the demo shows green, amber and red.
TARGETS = {
    "placement-moves": ("11", "1"),
    "long-term-stability": ("72", "2"),
    "care-leavers-eet": ("50", "3"),
    "care-leavers-accommodation": ("88", "3"),
    "re-referrals": ("22", "2"),
    "assessments-45-days": ("82", "3"),
    "cp-second-plan": ("22", "2"),
    "cp-two-years": ("2", "1"),
    "ehcp-20-weeks": ("30", "5"),
    "overall-absence": ("7.2", "0.5"),
    "persistent-absence": ("20", "1"),
    "severe-absence": ("3", "0.5"),
    "neet-not-known": ("6", "1"),
    "ks2-expected-standard": ("63", "2"),
    "attainment-8": ("46", "1"),
    "agency-social-workers": ("10", "2"),
    "social-worker-turnover": ("12", "2"),
    "social-worker-vacancies": ("12", "2"),
    "caseload": ("15", "1"),
}


def load() -> None:
    if not Observation.objects.exists():
        load_shipped()
    plan = Plan.objects.filter(illustrative=True).first()
    indicators = {indicator.slug: indicator for indicator in Indicator.objects.all()}
    if plan:
        for priority in plan.priorities.all():
            priority.indicators.add(*(indicators[s] for s in LINKS.get(priority.number, [])))
            for position, outcome in enumerate(priority.outcomes.all()):
                slugs = OUTCOME_LINKS.get((priority.number, position), [])
                outcome.indicators.add(*(indicators[s] for s in slugs))
    rows = {row.indicator.slug: row for row in build(indicators.values(), Comparators.of())}
    for slug, (value, tolerance) in TARGETS.items():
        year = rows[slug].latest_year
        for target_year in (year, year + 1):
            Target.objects.get_or_create(
                indicator=indicators[slug], year=target_year,
                defaults={"value": Decimal(value), "tolerance": Decimal(tolerance),
                          "illustrative": True})


# The states the demo's own figures are set to show against their targets, in turn.
STATES = ("green", "amber", "red")


def own_targets() -> None:
    """Illustrative targets for the years the council's own latest figures stand beside,
    where the published figures' targets do not reach: set from each figure so that,
    indicator by indicator, the demo shows green, amber and red in turn."""
    indicators = {indicator.slug: indicator for indicator in Indicator.objects.all()}
    judged = [(slug, kept) for slug, kept in monthly(indicators, hide_small=False).items()
              if kept.definition.has_target and kept.latest and kept.latest.value is not None]
    for position, (slug, kept) in enumerate(judged):
        year = kept.definition.year_of(kept.latest.period_end)
        value, tolerance = _around(kept.latest.value, kept.definition,
                                   STATES[position % len(STATES)])
        Target.objects.get_or_create(
            indicator=indicators[slug], year=year,
            defaults={"value": value, "tolerance": tolerance, "illustrative": True})


def _around(value: Decimal, definition, state: str) -> tuple[Decimal, Decimal]:
    """A target and tolerance that make ``value`` the RAG ``state``."""
    tolerance = max(abs(value) * Decimal("0.05"), Decimal(1)).quantize(Decimal("0.1"))
    better = {"green": -tolerance, "amber": tolerance / 2, "red": tolerance * 2}[state]
    sign = 1 if definition.polarity == Polarity.HIGHER else -1
    return (value + sign * better).quantize(Decimal("0.1")), tolerance
