"""What the risk and issues log's pages read: the matrix, the register filtered and
sorted with every risk's bands and direction of travel worked out in Python (the matrix
is loaded once per page), the heat map, a risk's score history and a person's own risks
and actions. Changes live in services.py; these never change a record.
"""

from collections import Counter
from dataclasses import dataclass, field, fields, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib.auth import get_user_model
from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from smeaton.web.forms import whole_number
from smeaton.web.plan.delivery import RatedAction, rate
from smeaton.web.plan.models import Priority, RagSettings
from smeaton.web.plan.queries import plan_in_force
from smeaton.web.plan.rag import Progress
from smeaton.web.rag import Rag
from smeaton.web.risks import matrix as defaults
from smeaton.web.risks.matrix import COLOURS, LEVELS, Band, Impact, Likelihood, Matrix
from smeaton.web.risks.models import (
    Category,
    Issue,
    Level,
    Review,
    Risk,
    RiskAction,
    RiskMatrix,
)

__all__ = ["RatedAction", "rate"]


def matrix() -> Matrix:
    """The council's matrix as set in the admin site, or the defaults if none is set."""
    found = RiskMatrix.objects.prefetch_related("likelihood_levels", "impact_levels",
                                                "bands").first()
    if found is None:
        return defaults.DEFAULT
    likelihood = {lvl.level: Likelihood(lvl.level, lvl.name, lvl.description)
                  for lvl in found.likelihood_levels.all()}
    impact = {lvl.level: Impact(lvl.level, lvl.name, lvl.finance, lvl.service, lvl.people,
                                lvl.reputation) for lvl in found.impact_levels.all()}
    bands = [Band(b.name, b.lowest, b.highest, b.colour, b.meaning) for b in found.bands.all()]
    # A level an administrator has not worded keeps the default's words.
    return Matrix({n: likelihood.get(n, defaults.DEFAULT.likelihood[n]) for n in LEVELS},
                  {n: impact.get(n, defaults.DEFAULT.impact[n]) for n in LEVELS},
                  bands or defaults.DEFAULT_BANDS, found.appetite)


@dataclass(frozen=True)
class Direction:
    word: str
    arrow: str  # shown beside the word, hidden from screen readers


INCREASING = Direction("Increasing", "↑")
DECREASING = Direction("Decreasing", "↓")
STABLE = Direction("Stable", "→")
NEW = Direction("New", "")  # one review: nothing to compare yet


def direction_of(reviews: list[Review]) -> Direction:
    """The direction of travel: the latest review's current score against the one before."""
    if len(reviews) < 2:
        return NEW
    latest, before = reviews[-1].current_score, reviews[-2].current_score
    return INCREASING if latest > before else DECREASING if latest < before else STABLE


@dataclass(frozen=True)
class Score:
    likelihood: int
    impact: int
    band: Band | None
    likelihood_name: str = ""
    impact_name: str = ""

    @property
    def value(self) -> int:
        return self.likelihood * self.impact

    @property
    def tag_class(self) -> str:
        return COLOURS[self.band.colour][0] if self.band else "govuk-tag--grey"

    @property
    def band_name(self) -> str:
        return self.band.name if self.band else "No band"


def score_of(on: Matrix, likelihood: int, impact: int) -> Score:
    return Score(likelihood, impact, on.band(likelihood * impact),
                 on.likelihood[likelihood].name, on.impact[impact].name)


class RatedRisk:
    """A risk with its scores' bands, appetite and direction worked out once."""

    def __init__(self, risk: Risk, on: Matrix, today: date):
        self.risk = risk
        self.inherent = score_of(on, risk.inherent_likelihood, risk.inherent_impact)
        self.current = score_of(on, risk.current_likelihood, risk.current_impact)
        self.target = score_of(on, risk.target_likelihood, risk.target_impact)
        self.appetite = (risk.category.appetite if risk.category.appetite is not None
                         else on.appetite)
        self.outside_appetite = risk.current_score > self.appetite
        self.overdue = risk.review_overdue(today)
        self.direction = direction_of(list(risk.reviews.all()))

    def __getattr__(self, name):
        return getattr(self.risk, name)


def rate_risks(risks, on: Matrix | None = None, today: date | None = None) -> list[RatedRisk]:
    on = on or matrix()
    today = today or timezone.localdate()
    return [RatedRisk(risk, on, today) for risk in risks]


SORTS = {
    "score": ("Highest score first",
              lambda r: (-r.current.value, -r.inherent.value, r.reference)),
    "reference": ("Reference", lambda r: r.reference),
    "review": ("Next review first", lambda r: (r.next_review, r.reference)),
}


APPETITE = {"outside": "Outside appetite", "within": "Within appetite"}
# Which of a risk's scores the heat map counts, and its cells choose by.
SCORE_KINDS = {"current": "Current (residual)", "inherent": "Inherent", "target": "Target"}


@dataclass(frozen=True)
class Filters:
    """The register's filters, as its GET form sends them; empty means any."""

    level: str = ""
    category: int | None = None
    owner: int | None = None
    priority: int | None = None
    band: str = ""
    appetite: str = ""  # "outside" or "within" the risk's appetite
    status: str = Risk.Status.OPEN
    likelihood: int | None = None
    impact: int | None = None
    scores: str = "current"  # which score likelihood and impact choose by (SCORE_KINDS)
    sort: str = "score"

    @classmethod
    def from_query(cls, query) -> "Filters":
        """Anything not understood is ignored, as a filter left blank is."""
        status = query.get("status", Risk.Status.OPEN)
        return cls(
            level=query.get("level", "") if query.get("level") in Level.values else "",
            category=record_id(query.get("category")),
            owner=record_id(query.get("owner")),
            priority=record_id(query.get("priority")),
            band=query.get("band", "")[:40],
            appetite=query.get("appetite") if query.get("appetite") in APPETITE else "",
            status=status if status in (*Risk.Status.values, "all") else Risk.Status.OPEN,
            likelihood=cell_level(query.get("likelihood")),
            impact=cell_level(query.get("impact")),
            scores=query.get("scores") if query.get("scores") in SCORE_KINDS else "current",
            sort=query.get("sort") if query.get("sort") in SORTS else "score")

    def query_string(self, **changes) -> str:
        """These filters, changed, as a query string: for links from the heat map."""
        chosen, unchosen = replace(self, **changes), Filters()
        return urlencode({f.name: getattr(chosen, f.name) for f in fields(chosen)
                          if getattr(chosen, f.name) != getattr(unchosen, f.name)})

    @property
    def chosen(self) -> bool:
        return self != Filters(sort=self.sort)

    def without_cell(self) -> "Filters":
        return replace(self, likelihood=None, impact=None)


def filter_choices() -> dict:
    """What the register's and heat map's filters offer."""
    plan = plan_in_force()
    return {"levels": Level.choices, "categories": Category.objects.all(),
            "owners": get_user_model().objects.filter(risks_owned__isnull=False).distinct()
            .order_by("first_name", "last_name"),
            "priorities": Priority.objects.filter(plan=plan) if plan else [],
            "statuses": [*Risk.Status.choices, ("all", "Open and closed")],
            "sorts": [(key, label) for key, (label, _) in SORTS.items()],
            "appetites": APPETITE.items(), "score_kinds": SCORE_KINDS.items()}


def record_id(text: str | None) -> int | None:
    """A record's number from the address; none past what a database key holds (an
    edited address must not reach the database as a number it refuses)."""
    number = whole_number(text)
    return number if number is not None and number < 2**31 else None


def cell_level(text: str | None) -> int | None:
    number = whole_number(text)
    return number if number in LEVELS else None


REGISTER_RECORDS = Risk.objects.select_related("category", "owner").prefetch_related(
    Prefetch("reviews", queryset=Review.objects.only(
        "risk_id", "reviewed_at", "current_likelihood", "current_impact")))


def filtered(filters: Filters) -> QuerySet:
    """The risks the filters choose that the database can choose (the band is chosen in
    Python, from the matrix)."""
    risks = REGISTER_RECORDS.all()
    if filters.status != "all":
        risks = risks.filter(status=filters.status)
    for name in ("level", "category", "owner", "likelihood", "impact"):
        value = getattr(filters, name)
        if value not in (None, ""):
            column = {"category": "category_id", "owner": "owner_id",
                      "likelihood": f"{filters.scores}_likelihood",
                      "impact": f"{filters.scores}_impact"}.get(name, name)
            risks = risks.filter(**{column: value})
    if filters.priority is not None:
        risks = risks.filter(priorities__pk=filters.priority)
    return risks


def register(filters: Filters, on: Matrix | None = None,
             today: date | None = None) -> list[RatedRisk]:
    on = on or matrix()
    rated = rate_risks(filtered(filters), on, today)
    if filters.band:
        rated = [r for r in rated if r.current.band_name == filters.band]
    if filters.appetite:
        outside = filters.appetite == "outside"
        rated = [r for r in rated if r.outside_appetite == outside]
    return sorted(rated, key=SORTS[filters.sort][1])


def band_counts(risks: list[RatedRisk], on: Matrix) -> list[tuple[Band, int]]:
    """How many risks are in each band, by their current score, the highest band first."""
    counted = Counter(r.current.band_name for r in risks)
    return [(band, counted[band.name]) for band in sorted(on.bands, key=lambda b: -b.lowest)]


@dataclass(frozen=True)
class Cell:
    likelihood: int
    impact: int
    band: Band | None
    count: int
    query: str  # the register filtered to it
    outside_appetite: bool

    @property
    def score(self) -> int:
        return self.likelihood * self.impact

    @property
    def fill(self) -> str:
        return COLOURS[self.band.colour][1] if self.band else "#ffffff"

    # Where the heat map draws it: impact across, likelihood up, as councils draw it.
    @property
    def x(self) -> int:
        return GRID_LEFT + (self.impact - 1) * CELL_WIDTH

    @property
    def y(self) -> int:
        return GRID_TOP + (5 - self.likelihood) * CELL_HEIGHT

    @property
    def middle(self) -> tuple[int, int]:
        return self.x + CELL_WIDTH // 2 - 2, self.y + CELL_HEIGHT // 2 + 6


GRID_LEFT, GRID_TOP, CELL_WIDTH, CELL_HEIGHT = 160, 5, 100, 80


@dataclass(frozen=True)
class HeatMap:
    rows: list[tuple[Likelihood, list[Cell]]]  # likelihood 5 (the top) down to 1
    impacts: list[Impact]
    total: int
    on: Matrix = field(repr=False)

    @property
    def impact_axis(self) -> list[tuple[Impact, int]]:
        """Each impact level, and the middle of its column on the drawing."""
        return [(impact, cell.middle[0]) for impact, cell in zip(self.impacts, self.rows[0][1],
                                                                  strict=True)]


def heat_map(filters: Filters, on: Matrix | None = None,
             today: date | None = None) -> HeatMap:
    """The filtered risks counted by the likelihood and impact of one of their scores
    (current unless the filters say): the same risks the register shows under the same
    filters, so the two always agree, and each cell's link chooses its risks."""
    on = on or matrix()
    risks = register(filters.without_cell(), on, today)
    counted = Counter((getattr(r, f"{filters.scores}_likelihood"),
                       getattr(r, f"{filters.scores}_impact")) for r in risks)
    base = filters.without_cell()
    rows = [(on.likelihood[lk], [
        Cell(lk, im, on.band(lk * im), counted[lk, im],
             base.query_string(likelihood=lk, impact=im), lk * im > on.appetite)
        for im in LEVELS]) for lk in reversed(LEVELS)]
    return HeatMap(rows, [on.impact[n] for n in LEVELS], len(risks), on)


RISK_PAGE_RECORDS = Risk.objects.select_related("category", "owner").prefetch_related(
    Prefetch("reviews", queryset=Review.objects.select_related("reviewer")),
    "priorities", "milestones", "indicators", "controls")


@dataclass(frozen=True)
class HistoryPoint:
    review: Review
    current: Score
    target: Score


def score_history(risk: Risk, on: Matrix) -> list[HistoryPoint]:
    return [HistoryPoint(review, score_of(on, review.current_likelihood, review.current_impact),
                         score_of(on, review.target_likelihood, review.target_impact))
            for review in risk.reviews.all()]


@dataclass(frozen=True)
class Chart:
    """A line chart of the score history: current and target scores, 0 to 25, one point
    per review, spaced evenly (reviews are roughly evenly spaced, and the table beside it
    gives the dates)."""

    width: int
    height: int
    current: str  # SVG points
    target: str
    points: list[tuple[float, float, HistoryPoint]]  # x, y of each current score
    gridlines: list[tuple[float, int]]  # y, score
    labels: list[tuple[float, str]]  # x, date


CHART_WIDTH, CHART_HEIGHT, MARGIN, CHART_LABELS = 640, 240, 40, 6


def chart_of(history: list[HistoryPoint]) -> Chart | None:
    if not history:
        return None
    inner_w, inner_h = CHART_WIDTH - 2 * MARGIN, CHART_HEIGHT - 2 * MARGIN
    step = inner_w / max(len(history) - 1, 1)
    # Dates under at most six points, so that they never run into each other; the table
    # beside the chart dates every review.
    label_every = -(-len(history) // CHART_LABELS)
    x = [MARGIN + i * step for i in range(len(history))]

    def y(score: int) -> float:
        return MARGIN + inner_h * (1 - score / 25)

    def line(scores: list[int]) -> str:
        return " ".join(f"{px:.1f},{y(s):.1f}" for px, s in zip(x, scores, strict=True))

    return Chart(
        CHART_WIDTH, CHART_HEIGHT,
        line([p.current.value for p in history]), line([p.target.value for p in history]),
        [(px, y(p.current.value), p) for px, p in zip(x, history, strict=True)],
        [(y(s), s) for s in (0, 5, 10, 15, 20, 25)],
        date_labels(x, history, label_every))


def date_labels(x: list[float], history: list[HistoryPoint], every: int
                ) -> list[tuple[float, str]]:
    """The axis's dates: every ``every``-th point and the last, each date once (reviews
    on the same day are labelled under the first of them)."""
    labels, labelled = [], set()
    for i, (px, point) in enumerate(zip(x, history, strict=True)):
        day = f"{timezone.localtime(point.review.reviewed_at):%-d %b %Y}"
        if (i % every == 0 or i == len(history) - 1) and day not in labelled:
            labels.append((px, day))
            labelled.add(day)
    return labels


ACTION_RECORDS = RiskAction.objects.select_related("owner", "risk", "issue")


def actions_of(record: Risk | Issue) -> list[RatedAction]:
    return rate(record.actions.select_related("owner"))


def left_open_by_closing(record: Risk | Issue) -> dict:
    """What closing a risk or resolving an issue leaves behind: its actions not complete
    and, for a risk, the open issues raised from it."""
    return {"open_actions": record.actions.exclude(progress=Progress.COMPLETE).count(),
            "open_issues": (record.issues.filter(status=Issue.Status.OPEN).count()
                            if isinstance(record, Risk) else 0)}


def issues(status: str = Issue.Status.OPEN) -> QuerySet:
    found = Issue.objects.select_related("owner", "risk")
    return found if status == "all" else found.filter(status=status)


def overdue_first(actions: list[RatedAction], today: date) -> list[RatedAction]:
    """Actions not complete, those past their due date first, then by due date."""
    open_actions = [a for a in actions if a.rag != Rag.COMPLETE]
    for action in open_actions:
        action.overdue = action.due < today
    return sorted(open_actions, key=lambda a: (not a.overdue, a.due, a.pk))


@dataclass(frozen=True)
class MyWork:
    risks: list[RatedRisk]
    actions: list[RatedAction]
    issues: list[Issue]


def my_work(person, today: date | None = None) -> MyWork:
    """A person's open risks and issues, and their actions not yet complete on risks still
    open and issues not yet resolved, overdue ones first."""
    today = today or timezone.localdate()
    risks = rate_risks(REGISTER_RECORDS.filter(owner=person, status=Risk.Status.OPEN),
                       today=today)
    risks.sort(key=lambda r: (not r.overdue, r.next_review))
    actions = rate(ACTION_RECORDS.still_treating().filter(owner=person), today,
                   RagSettings.policy())
    return MyWork(risks, overdue_first(actions, today),
                  list(issues().filter(owner=person)))


def risks_to(priority) -> list[RatedRisk]:
    """The open risks linked to a priority, the highest current score first."""
    return register(Filters(priority=priority.pk))


REVIEW_SOON_DAYS = 14


def reviews_due(person, today: date | None = None) -> list[Risk]:
    """A person's open risks due for review within a fortnight, or overdue."""
    today = today or timezone.localdate()
    return list(Risk.objects.filter(owner=person, status=Risk.Status.OPEN,
                                    next_review__lte=today + timedelta(days=REVIEW_SOON_DAYS))
                .order_by("next_review", "reference"))


def needing_attention(today: date | None = None) -> tuple[list[RatedRisk], int]:
    """Open risks in the highest band, or past their review date, for the programme
    office: the highest scores first; and how many open risks there are."""
    on = matrix()
    risks = register(Filters(), on, today)
    top = max(on.bands, key=lambda b: b.lowest, default=None)
    found = [r for r in risks if r.overdue or (top and r.current.band == top)]
    return found, len(risks)
