"""Children in need: referrals with their assessments, section 47 enquiries, child
protection plans and child in need plans, year by year.

Child protection plans come first, built like periods of care: the plans open before
the first year, then each year's starts (DfE's count from table D3) and ends, so that
the number open at every 31 March is the LA's own (table D5); the published share of
starts are second or subsequent plans, given to children whose earlier plan has ended
or to children with a plan before these years (NumberOfPreviousCPP). Each plan has its
referral, enquiry and conference a few weeks before it. The rest of each year's
referrals (table C1) follow, in date order; the published share of all referrals are
re-referrals, each given to a child referred within the last 12 months whose episode
has closed.
"""

from __future__ import annotations

import random
from collections import deque
from dataclasses import dataclass, field
from datetime import date, timedelta

from smeaton.analytics.calendar import add_working_days, next_working_day
from smeaton.analytics.source import Source
from smeaton.analytics.synth import draw
from smeaton.analytics.synth.targets import Targets
from smeaton.years import collection_end, collection_start

# Open plans at 31 March by how long they have lasted (D5 2025), in days.
OPEN_PLAN_AGES = draw.Weights({(1, 91): 31.5, (92, 182): 25.5, (183, 365): 26.3, (366, 730): 14.4,
                  (731, 1100): 2.3})
# Assessment length in working days (C2 2025).
ASSESSMENT_DAYS = draw.Weights({(0, 0): 1.8, (1, 10): 11.7, (11, 20): 17.3, (21, 30): 15.8,
                   (31, 40): 20.2, (41, 45): 18.9, (46, 50): 5.8, (51, 60): 4.3,
                   (61, 90): 4.2})
# How long an episode of need lasts after its assessment, in days (LAIT 2025).
EPISODE_DAYS = draw.Weights({(14, 91): 47.0, (92, 182): 14.8, (183, 365): 16.0, (366, 730): 12.1,
                (731, 1400): 10.1})
SOURCES = draw.Weights({"5A": 28, "1A": 10, "1B": 6, "1C": 4, "2A": 12, "2B": 3, "3A": 6, "3B": 3,
           "3C": 2, "3D": 1, "3E": 1, "3F": 1, "4": 3, "5B": 4, "5C": 3, "5D": 2, "6": 3,
           "7": 3, "8": 2, "9": 2, "10": 1})
NEEDS = draw.Weights({"N1": 55, "N2": 8, "N3": 4, "N4": 10, "N5": 14, "N6": 2, "N7": 1,
                      "N8": 4, "N0": 2})
# Factors found (21, none, is for assessments closing the case with no further action).
FACTORS = draw.Weights({"4B": 33, "3A": 32, "2B": 19, "4A": 18, "2C": 18, "1B": 14, "1C": 14,
                        "3C": 12, "3B": 8, "8B": 6, "6C": 5, "22A": 4, "18B": 3, "5B": 3})
ABUSE = draw.Weights({"NEG": 50, "EMO": 36, "PHY": 7, "SAB": 4, "MUL": 3})
# Why an episode of need with services closed; RC8 and RC9 close it after an assessment
# alone, and a death (RC2) would need the child's date of death, which is not drawn.
CLOSURE = draw.Weights({"RC1": 3, "RC3": 8, "RC4": 5, "RC5": 10, "RC6": 4, "RC7": 70})
CLOSED_AFTER_ASSESSMENT = draw.Weights({"RC8": 80, "RC9": 20})
DISABILITIES = ["AUT", "BEH", "COMM", "CON", "DDA", "HAND", "HEAR", "INC", "LD", "MOB",
                "PC", "VIS"]


@dataclass(eq=False)
class NeedChild:
    id: str
    sex: str  # "1" male, "2" female
    dob: date
    ethnic: str
    upn: str | None
    disabilities: list[str]
    plans_before: int = 0  # plans before the first year: NumberOfPreviousCPP counts them
    referrals: list[Referral] = field(default_factory=list)


@dataclass(eq=False)
class Plan:
    start: date
    end: date | None = None
    category: str = "NEG"
    latest: str = "NEG"
    previous: int = 0


@dataclass(eq=False)
class Referral:
    child: NeedChild
    date: date
    source: str
    need: str
    nfa: bool = False
    closed: date | None = None
    reason: str | None = None
    assessment: tuple[date, date | None, list[str]] | None = None  # start, authorised
    section47: tuple[date, date, date | None] | None = None  # start, target, conference
    plan: Plan | None = None
    cin_plan: tuple[date, date | None] | None = None


class NeedHistories:
    """Every referral an LA has in the years asked, built to its published figures."""

    def __init__(self, la_code: str, targets: dict[int, Targets], rng: random.Random):
        self.la_code = la_code
        self.targets = targets
        self.years = range(min(targets), max(targets) + 1)
        self.rng = rng
        self.children: list[NeedChild] = []
        self.last_day = collection_end(self.years[-1])
        # Codes every year's census allows (5D and RC9, say, are recent).
        self.sources = draw.allowed(SOURCES, Source.CIN, "CINdetails", "ReferralSource", self.years)
        self.needs = draw.allowed(NEEDS, Source.CIN, "CINdetails", "PrimaryNeedCode", self.years)
        self.closures = draw.allowed(CLOSURE, Source.CIN, "CINdetails", "ReasonForClosure",
                                     self.years)
        self.assessed_only = draw.allowed(CLOSED_AFTER_ASSESSMENT, Source.CIN, "CINdetails",
                                          "ReasonForClosure", self.years)
        self.factors = draw.allowed(FACTORS, Source.CIN, "Assessments", "AssessmentFactors",
                                    self.years)

    def build(self) -> list[NeedChild]:
        plans = self._plans()
        self._children_for_plans(plans)
        self._other_referrals()
        for child in self.children:
            child.referrals.sort(key=lambda referral: referral.date)
        return self.children

    # --- Child protection plans -----------------------------------------------------

    def _plans(self) -> list[Plan]:
        rng = self.rng
        first = self.years[0]
        opening = self.targets[first].cp_at_end
        plans = [Plan(next_working_day(collection_end(first - 1) - timedelta(days=rng.randint(
            *_band(rng, OPEN_PLAN_AGES))))) for _ in range(opening)]
        stock = opening
        for year in self.years:
            target = self.targets[year]
            begun = target.cp_subsequent.of or round(target.cp_at_end * 1.15)
            begun = max(begun, target.cp_at_end - stock)
            start, end = collection_start(year), collection_end(year)
            new = [Plan(next_working_day(draw.between(rng, start, end - timedelta(days=3))))
                   for _ in range(begun)]
            subsequent = round(target.cp_subsequent.percent / 100 * begun)
            for plan in rng.sample(new, subsequent):
                plan.previous = -1  # marked: a child with a plan before
            plans += new
            ending = stock + begun - target.cp_at_end
            candidates = [p for p in plans if p.end is None and p.start < end - timedelta(30)]
            weights = [_ending_weight((end - p.start).days) for p in candidates]
            chosen = set()
            while len(chosen) < min(ending, len(candidates)):
                chosen.update(id(p) for p in rng.choices(candidates, weights=weights,
                                                         k=ending - len(chosen)))
            for plan in candidates:
                if id(plan) in chosen:
                    plan.end = draw.between(rng, max(start, plan.start + timedelta(days=30)),
                                            end)
            stock = target.cp_at_end
        for plan in plans:
            plan.category = draw.weighted(rng, ABUSE)
            plan.latest = plan.category if rng.random() < 0.85 else draw.weighted(rng, ABUSE)
        return sorted(plans, key=lambda plan: plan.start)

    def _children_for_plans(self, plans: list[Plan]) -> None:
        rng = self.rng
        ended: list[NeedChild] = []  # children whose plan has ended, in order
        for plan in plans:
            # Referred and the enquiry begun so that the conference falls within 15
            # working days of the enquiry, as DfE expects.
            referred = next_working_day(plan.start - timedelta(days=rng.randint(10, 19)))
            child = None
            if plan.previous == -1:
                child = self._returning(ended, referred)
            if child is None:
                child = self._child(rng.randint(0, 15), referred)
                child.plans_before = 1 if plan.previous == -1 else 0
            plan.previous = child.plans_before + sum(1 for r in child.referrals if r.plan)
            referral = Referral(child, referred, draw.weighted(rng, self.sources), "N1")
            enquiry = add_working_days(referred, rng.randint(0, 2))
            referral.section47 = (enquiry, add_working_days(enquiry, 15), plan.start)
            referral.assessment = self._assessment(referred)
            referral.plan = plan
            if plan.end:
                step_down = rng.random() < 0.5
                referral.closed = plan.end + timedelta(days=rng.randint(60, 180)
                                                       if step_down else 0)
                # Not closed before its assessment is finished (rule 8867): one still
                # going on at the last 31 March leaves the episode open.
                authorised = referral.assessment[1]
                if authorised is None:
                    referral.closed = self.last_day + timedelta(days=1)
                elif referral.closed < authorised:
                    referral.closed = authorised
                if step_down:
                    referral.cin_plan = (plan.end, referral.closed)
                if referral.closed > self.last_day:
                    referral.closed = None
                    referral.cin_plan = (plan.end, None) if step_down else None
                else:
                    referral.reason = draw.weighted(rng, self.closures)
                    ended.append(child)
            child.referrals.append(referral)

    def _returning(self, ended: list[NeedChild], referred: date) -> NeedChild | None:
        """A child whose last plan and episode ended before ``referred``."""
        for _ in range(30):
            if not ended:
                return None
            child = self.rng.choice(ended)
            last = child.referrals[-1]
            if last.closed and last.closed < referral_gap(referred) and (
                    draw.years_after(child.dob, 17) > referred):
                ended.remove(child)
                return child
        return None

    # --- Every other referral -------------------------------------------------------

    def _other_referrals(self) -> None:
        rng = self.rng
        recent: deque[tuple[date, NeedChild]] = deque()  # by last referral date
        lapsed: list[NeedChild] = []  # last referred more than a year ago
        planned = [r.date for c in self.children for r in c.referrals]
        for year in self.years:
            target = self.targets[year]
            start, end = collection_start(year), collection_end(year)
            in_year = sum(1 for day in planned if start <= day <= end)
            count = max(0, target.referrals - in_year)
            wanted = round(target.rereferrals.percent / 100 * target.referrals)
            again = sum(1 for c in self.children for r in c.referrals
                        if start <= r.date <= end and is_rereferral(c, r))
            days = sorted(next_working_day(draw.between(rng, start, end - timedelta(days=4)))
                          for _ in range(count))
            for position, day in enumerate(days):
                while recent and recent[0][0] < draw.years_before(day, 1):
                    _, old = recent.popleft()
                    if old.referrals[-1].date < draw.years_before(day, 1):
                        lapsed.append(old)
                child = None
                left = count - position
                if again < wanted and rng.random() < (wanted - again) / left:
                    child = self._recent(recent, day)
                    again += child is not None
                if child is None:
                    child = (lapsed.pop(rng.randrange(len(lapsed)))
                             if lapsed and rng.random() < 0.15 else None)
                    if child and not (child.referrals[-1].closed
                                      and child.referrals[-1].closed < day):
                        child = None
                    if child is None:
                        child = self._child(draw.age_band(rng, AGE_REFERRED), day)
                child.referrals.append(self._referral(child, day))
                recent.append((day, child))

    def _recent(self, recent: deque, day: date) -> NeedChild | None:
        """A child referred in the last year whose episode closed before ``day``."""
        for _ in range(30):
            if not recent:
                return None
            last, child = recent[self.rng.randrange(len(recent))]
            latest = child.referrals[-1]
            if (last == latest.date and latest.date < day and latest.closed
                    and latest.closed < day and latest.plan is None):
                return child
        return None

    def _referral(self, child: NeedChild, day: date) -> Referral:
        rng = self.rng
        referral = Referral(child, day, draw.weighted(rng, self.sources),
                            draw.weighted(rng, self.needs))
        if rng.random() < 0.065:
            referral.nfa = True
            referral.closed, referral.reason = day, "RC7"  # no assessment: not RC8
            return referral
        referral.assessment = self._assessment(day)
        authorised = referral.assessment[1]
        if authorised is None:  # still being assessed at the last 31 March
            return referral
        roll = rng.random()
        if roll < 0.36:  # assessed, not in need: perhaps no factors at all
            referral.closed = authorised
            referral.reason = draw.weighted(rng, self.assessed_only)
            if rng.random() < 0.3:
                referral.assessment = (referral.assessment[0], authorised, ["21"])
            return referral
        else:
            if roll < 0.62:
                enquiry = add_working_days(day, rng.randint(0, 3))
                referral.section47 = (enquiry, add_working_days(enquiry, 15), None)
            ends = authorised + timedelta(days=rng.randint(*_band(rng, EPISODE_DAYS)))
            referral.cin_plan = (authorised, ends)
            referral.closed = ends
        if referral.closed and referral.closed > self.last_day:
            referral.closed = None
            if referral.cin_plan:
                referral.cin_plan = (referral.cin_plan[0], None)
        referral.reason = draw.weighted(rng, self.closures) if referral.closed else None
        return referral

    def _assessment(self, referred: date) -> tuple[date, date | None, list[str]]:
        rng = self.rng
        start = add_working_days(referred, rng.randint(0, 3))
        authorised = add_working_days(start, rng.randint(*_band(rng, ASSESSMENT_DAYS)))
        factors = sorted({draw.weighted(rng, self.factors) for _ in range(rng.randint(1, 4))})
        # Still open at a 31 March 45 working days after it began: finished by then.
        for year_end in (collection_end(year) for year in self.years):
            if start < year_end < authorised and add_working_days(start, 45) <= year_end:
                authorised = year_end
                break
        if authorised > self.last_day:
            return start, None, []
        return start, authorised, factors

    def _child(self, age: int, on: date) -> NeedChild:
        rng = self.rng
        number = len(self.children) + 1
        dob = draw.birth_date(rng, age, on)
        disabled = rng.random() < 0.1
        upn = draw.upn(rng, self.la_code)
        child = NeedChild(f"N{self.la_code}{number:07d}", "1" if rng.random() < 0.52 else "2",
                          dob, draw.weighted(rng, draw.ETHNICITY), upn,
                          sorted(set(rng.sample(DISABILITIES, rng.randint(1, 2))))
                          if disabled else ["NONE"])
        self.children.append(child)
        return child


AGE_REFERRED = draw.Weights({(0, 0): 12, (1, 4): 20, (5, 9): 25, (10, 15): 33, (16, 17): 10})


def referral_gap(day: date) -> date:
    """An episode must have closed a little before the child's next referral."""
    return day - timedelta(days=7)


def is_rereferral(child: NeedChild, referral: Referral) -> bool:
    """Whether the child was referred in the year before this referral (not the same
    day)."""
    since = draw.years_before(referral.date, 1)
    return any(since <= other.date < referral.date for other in child.referrals)


def _band(rng: random.Random, bands: draw.Weights) -> tuple[int, int]:
    return bands.draw(rng)


def _ending_weight(days: int) -> float:
    """Plans mostly end between 6 months and 2 years (D7 2025)."""
    if days < 91:
        return 0.5
    if days < 183:
        return 0.8
    if days < 730:
        return 2.0
    return 1.0
