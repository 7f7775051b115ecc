"""The council's 5x5 risk matrix as a page reads it: the words for each likelihood and
impact level, the score bands and the risk appetite.

The defaults are declared once here, as typed data; an administrator changes them in the
admin site (models.RiskMatrix and its levels and bands), and ``Matrix`` is loaded from
them once per page so that every risk's band is worked out in Python, without a query.
"""

from dataclasses import dataclass

LEVELS = range(1, 6)  # likelihood and impact are each scored 1 to 5


@dataclass(frozen=True)
class Likelihood:
    level: int
    name: str
    description: str


@dataclass(frozen=True)
class Impact:
    level: int
    name: str
    finance: str
    service: str
    people: str
    reputation: str


@dataclass(frozen=True)
class Band:
    name: str
    lowest: int
    highest: int
    colour: str  # one of COLOURS
    meaning: str

    def holds(self, score: int) -> bool:
        return self.lowest <= score <= self.highest


# The colours a band may take, with the GOV.UK tag class and the fill of a heat map's
# cell (light, so that black text reads on it).
COLOURS = {
    "green": ("govuk-tag--green", "#cce2d8"),
    "yellow": ("govuk-tag--yellow", "#fff7bf"),
    "orange": ("govuk-tag--orange", "#fcd6c3"),
    "red": ("govuk-tag--red", "#f4cdc6"),
}

DEFAULT_LIKELIHOOD = [
    Likelihood(1, "Rare", "May happen only in exceptional circumstances: under 5% chance"),
    Likelihood(2, "Unlikely", "Not expected, but possible: 5% to 25% chance"),
    Likelihood(3, "Possible", "Might happen at some time: 25% to 50% chance"),
    Likelihood(4, "Likely", "Will probably happen: 50% to 80% chance"),
    Likelihood(5, "Almost certain", "Expected to happen, or already happening: over 80%"),
]
DEFAULT_IMPACT = [
    Impact(1, "Negligible", "Under £50,000", "No noticeable effect on services",
           "No harm to a child or member of staff", "No media interest"),
    Impact(2, "Minor", "£50,000 to £250,000", "Short disruption to one service",
           "Minor harm, quickly put right", "Local complaints"),
    Impact(3, "Moderate", "£250,000 to £1 million",
           "A service falls short of its standards for weeks",
           "Harm to a child that needs help to recover", "Local media coverage"),
    Impact(4, "Major", "£1 million to £5 million",
           "A service cannot meet its statutory duties for months",
           "Serious harm to a child; a safeguarding practice review",
           "Regional media; Ofsted or the DfE take an interest"),
    Impact(5, "Critical", "Over £5 million", "A service fails; intervention by the DfE",
           "A child dies or is seriously harmed through the council's failings",
           "National media; loss of confidence in the council"),
]
DEFAULT_BANDS = [
    Band("Low", 1, 4, "green", "Managed by routine procedures; reviewed by its owner"),
    Band("Medium", 5, 12, "yellow", "Managed by its owner, with actions agreed and tracked"),
    Band("High", 15, 25, "red", "Needs leadership's attention and action now"),
]
# The highest current score the council accepts for a risk unless its category says
# otherwise: above it, a risk is outside appetite.
DEFAULT_APPETITE = 12
DEFAULT_CATEGORIES = [
    ("Safeguarding", "Harm to children, and the practice that keeps them safe", 8),
    ("Finance", "Overspends, savings not made and funding lost", 12),
    ("Workforce", "Recruiting and keeping social workers and managers", 12),
    ("Sufficiency", "Enough homes and school places, close to home", 12),
    ("Reputation", "Confidence in the council, inspection outcomes", 10),
    ("Legal and regulatory", "Statutory duties, judgments and complaints", 8),
    ("Partnership", "What the council relies on partners to do", 12),
    ("Information and systems", "Case records, data protection and systems", 10),
]


@dataclass(frozen=True)
class Matrix:
    likelihood: dict[int, Likelihood]
    impact: dict[int, Impact]
    bands: list[Band]
    appetite: int  # the default; a category may set its own

    def band(self, score: int | None) -> Band | None:
        """The band a score falls in. A score in a gap between bands (13 and 14 cannot be
        made from two scores of 1 to 5, so the defaults leave them out) takes the band
        below it."""
        if score is None:
            return None
        return next((band for band in self.bands if band.holds(score)), None) or max(
            (band for band in self.bands if band.highest < score),
            key=lambda band: band.highest, default=None)


DEFAULT = Matrix({level.level: level for level in DEFAULT_LIKELIHOOD},
                 {level.level: level for level in DEFAULT_IMPACT}, DEFAULT_BANDS,
                 DEFAULT_APPETITE)
