"""Children looked after: periods of care with their episodes, year by year.

Counts are met by construction: the children in care before the first year, then each
year's starts and ceases, so that the number in care at every 31 March is the LA's own
(where DfE's three published counts disagree with one another, the difference is split
between starts and ceases). Moves are drawn child by child (a third of children move
often, the rest rarely), then each year is adjusted towards the LA's placement
stability: a carer change becomes a change of placement with the same carer (RNE T)
or the reverse, and moves are added to or taken from children in care at 31 March.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from smeaton.analytics.synth import draw
from smeaton.analytics.synth.targets import Targets
from smeaton.years import collection_end, collection_start, collection_year

NEW_CARER = {"S", "P", "B"}
MOVES = {"P", "T", "U", "B"}  # a new placement
ADOPTION = {"A3", "A4", "A5", "A6"}
TEMPORARY = {"T0", "T1", "T2", "T3", "T4"}
CALIBRATION_PASSES = 3
STAYS = (0.75, 1.0, 1.25, 1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 5.0, 6.0)  # years, to try
ADOPTED = 0.95  # of young children whose care ends after 200 days or more
ADOPTED_REASONS = {"E11", "E12"}
MOTHERS = 0.04  # of girls in care, who have a child by 18
# Short-lived legal statuses, the days they last at most (the Children Act 1989 and PACE
# limits) and what follows them.
SHORT_LIVED = {"L1": (3, {"C1": 6, "V2": 3, "L2": 1}), "L2": (14, {"C1": 1}),
               "L3": (6, {"V2": 1}), "J2": (2, {"V2": 1})}
INTERIM = {"C1"}  # becomes a full care order (C2) within the year
YOUTH_JUSTICE = {"J1", "J2", "J3"}  # for children of 10 or over only
SPECIAL_GUARDIANS_WHO_FOSTERED = {"E45", "E46"}
FOSTER = {"U1", "U2", "U3", "U4", "U5", "U6"}


@dataclass(eq=False)
class Child:
    id: str
    sex: str  # "1" male, "2" female: written as M/F in returns from 2025
    dob: date
    ethnic: str
    upn: str
    uasc: bool = False
    first_child: date | None = None  # a young mother's first child's date of birth


@dataclass(eq=False)
class Episode:
    start: date
    rne: str
    ls: str
    cin: str
    place: str
    provider: str
    reason_change: str | None = None  # why the placement changed, on the episode it ends
    carer: int = 0  # who the child lives with: the same number, the same home


@dataclass(eq=False)
class Period:
    child: Child
    start: date
    end: date | None = None
    reason_ended: str | None = None
    episodes: list[Episode] = field(default_factory=list)
    adoption_decided: date | None = None  # the decision that adoption is in their interest

    def open_at(self, day: date) -> bool:
        return self.start <= day and (self.end is None or self.end > day)

    def overlaps(self, year: int) -> bool:
        return self.start <= collection_end(year) and (
            self.end is None or self.end >= collection_start(year))

    def episode_end(self, index: int) -> date | None:
        following = self.episodes[index + 1] if index + 1 < len(self.episodes) else None
        return following.start if following else self.end


class CareHistories:
    """Every period of care an LA has in the years asked, built to its published counts."""

    def __init__(self, la_code: str, targets: dict[int, Targets], rng: random.Random):
        self.la_code = la_code
        self.targets = targets
        self.years = range(min(targets), max(targets) + 1)
        self.rng = rng
        self.periods: list[Period] = []
        self.children = 0
        self.carers = 0
        # What the returns show: episodes that ended before the first year are in none.
        self.seen_from = collection_start(self.years[0])

    def build(self) -> list[Period]:
        starts, ceases, before = self._flows()
        first = self.years[0]
        stay = self._typical_stay(before)
        self.periods = [self._in_care(collection_end(first - 1), stay)
                        for _ in range(before)]
        for year in self.years:
            arriving = [self._starting(year) for _ in range(starts[year])]
            self.periods += arriving
            self._cease(year, ceases[year])
        for period in self.periods:
            self._episodes(period)
        for _ in range(CALIBRATION_PASSES):  # a later year's changes reach back two years
            for year in self.years:
                self._calibrate(year)
        for _ in range(CALIBRATION_PASSES):  # last, stability alone: placements stay
            for year in self.years:
                end = collection_end(year)
                self._stability(self.targets[year], end,
                                [p for p in self.periods if p.open_at(end)])
        for period in self.periods:
            self._settle(period)
        return self.periods

    def _settle(self, period: Period) -> None:
        """Make each episode show what changed from the one before, as its reason for a
        new episode says: a change of legal status only (L) keeps the placement, carer
        and provider; a move to a new carer (P, or B with a new legal status) or a new
        placement with the same carer (T, or U) changes them. Moves and merges during
        calibration may have left a neighbour out of step: here it is put right."""
        rng = self.rng
        kept = [period.episodes[0]]
        kept[0].carer = self._new_carer()
        for episode in period.episodes[1:]:
            before = kept[-1]
            legal_changed = episode.ls != before.ls
            # With parents again after parents is no move (rule 435 would see none).
            if episode.rne not in MOVES or episode.place == before.place == "P1":
                if not legal_changed:
                    continue  # nothing changed: not an episode of its own
                episode.rne = "L"
                episode.place, episode.provider = before.place, before.provider
                episode.carer = before.carer
                kept.append(episode)
                continue
            if episode.place == "A5" and before.place not in FOSTER:
                episode.place = "A6"  # adopted by their foster carers only from foster care
            if episode.rne not in NEW_CARER and episode.place != "A5":
                # The same carers: another kind of foster care, else it is new carers.
                episode.place = draw.other_placement(rng, before.place) or episode.place
            new_carer = (episode.rne in NEW_CARER or episode.place == "A6"
                         or episode.place == before.place
                         or not (episode.place == "A5" or draw.other_placement(
                             rng, before.place)))
            if new_carer:
                episode.carer = self._new_carer()
            else:
                episode.carer = before.carer
                if not draw.provides(episode.provider, episode.place):
                    episode.provider = draw.provider(rng, episode.place)
            episode.rne = {(True, True): "B", (True, False): "P", (False, True): "U",
                           (False, False): "T"}[new_carer, legal_changed]
            kept.append(episode)
        period.episodes = kept
        for before, after in zip(kept, kept[1:], strict=False):
            before.reason_change = (before.reason_change or draw.weighted(
                rng, draw.REASON_PLACE_CHANGE)) if after.rne in MOVES else None
        kept[-1].reason_change = None
        if period.reason_ended in SPECIAL_GUARDIANS_WHO_FOSTERED and kept[-1].place not in FOSTER:
            # Former foster carers only from foster care: else other special guardians.
            period.reason_ended = {"E45": "E47", "E46": "E48"}[period.reason_ended]

    def _new_carer(self) -> int:
        self.carers += 1
        return self.carers

    # --- Counts --------------------------------------------------------------------

    def _flows(self) -> tuple[dict[int, int], dict[int, int], int]:
        """Starts and ceases per year that keep each 31 March count exact."""
        stocks = {year: target.cla_at_end for year, target in self.targets.items()}
        # A year not yet published borrowed a later year's figures: its count at 31 March
        # follows from that year's, so that the two years' flows agree.
        for year in reversed(self.years[:-1]):
            if "cla_at_end" in self.targets[year].filled:
                after = self.targets[year + 1]
                stocks[year] = stocks[year + 1] - after.cla_starts + after.cla_ceased
        first = self.targets[self.years[0]]
        before = stocks[self.years[0]] - first.cla_starts + first.cla_ceased
        starts, ceases, stock = {}, {}, before
        for year in self.years:
            target = self.targets[year]
            gap = stock + target.cla_starts - target.cla_ceased - stocks[year]
            starts[year] = max(0, target.cla_starts - gap // 2)
            ceases[year] = max(0, stock + starts[year] - stocks[year])
            stock = stocks[year]
        return starts, ceases, max(0, before)

    def _child(self, age: int, on: date, uasc: bool = False) -> Child:
        self.children += 1
        rng = self.rng
        sex = "1" if rng.random() < (0.95 if uasc else draw.MALE) else "2"
        ethnic = draw.weighted(rng, {"BAFR": 3, "AOTH": 3, "OOTH": 3, "MOTH": 1} if uasc
                               else draw.ETHNICITY)
        upn = draw.upn(rng, self.la_code)
        child = Child(f"{self.la_code}{self.children:06d}", sex, draw.birth_date(rng, age, on),
                      ethnic, upn, uasc)
        if sex == "2" and rng.random() < MOTHERS:
            child.first_child = child.dob + timedelta(days=rng.randint(15 * 365, 18 * 365 - 30))
        return child

    def _in_care(self, on: date, stay: float) -> Period:
        """A child already in care on ``on``, for ``stay`` years on average (never
        longer than their life)."""
        rng = self.rng
        age = draw.age_band(rng, draw.AGE_IN_CARE)
        child = self._child(age, on)
        years_in = min(age + rng.random(), rng.expovariate(1 / stay))
        start = max(child.dob, on - timedelta(days=int(years_in * 365)))
        return Period(child, start)

    def _typical_stay(self, in_care: int) -> float:
        """How long, on average, the children in care before the first year have been:
        long enough that as many are long-term looked after a year later (under 16, in
        care for 2.5 years) as the LA published for the first year."""
        published = self.targets[self.years[0]].long_term_stability.of
        if not published or not in_care:
            return 2.5
        wanted = published / in_care
        trial = random.Random(self.la_code)  # its own draws: the LA's children stay put

        def share_long_term(stay: float) -> float:
            draws = 2000
            return sum(1 for _ in range(draws)
                       if (age := draw.age_band(trial, draw.AGE_IN_CARE)) < 15
                       and min(age + trial.random(), trial.expovariate(1 / stay)) >= 1.5
                       ) / draws

        return min(STAYS, key=lambda stay: abs(share_long_term(stay) - wanted))

    def _starting(self, year: int) -> Period:
        rng = self.rng
        start = draw.between(rng, collection_start(year), collection_end(year))
        uasc = rng.random() < 0.15
        age = rng.randint(14, 17) if uasc else draw.age_band(rng, draw.AGE_STARTING)
        child = self._child(age, start, uasc)
        if (draw.years_after(child.dob, 18) - start).days < 30:  # not within a month of 18
            child.dob = draw.years_before(start, 17) + timedelta(days=rng.randrange(30, 300))
        return Period(child, start)

    def _cease(self, year: int, count: int) -> None:
        """End ``count`` periods in the year: first those of young people turning 18."""
        first, last = collection_start(year), collection_end(year)
        candidates = [p for p in self.periods if p.end is None and p.start < last]
        adults = [p for p in candidates if draw.years_after(p.child.dob, 18) <= last]
        for period in adults:
            period.end = max(draw.years_after(period.child.dob, 18), period.start +
                             timedelta(days=1))
            period.reason_ended = draw.weighted(self.rng, draw.REASON_CEASED_AT_18)
        others = [p for p in candidates if p.end is None]
        # Short stays end sooner: weighted by how recently the period began, so that the
        # lengths of care that end come out near DfE's (a median of 1 to 2 years).
        weights = [1 / (1.5 + max(0, (last - p.start).days) / 365) for p in others]
        chosen: set[int] = set()
        wanted = max(0, count - len(adults))
        while len(chosen) < min(wanted, len(others)):
            chosen.update(id(p) for p in self.rng.choices(others, weights=weights,
                                                          k=wanted - len(chosen)))
        for period in others:
            if id(period) in chosen:
                period.end = draw.between(self.rng, max(first, period.start +
                                                        timedelta(days=1)), last)
                period.reason_ended = draw.weighted(self.rng, draw.REASON_CEASED)
                if _adoptable(period) and self.rng.random() < ADOPTED:
                    period.reason_ended = "E11" if self.rng.random() < 0.8 else "E12"

    # --- Episodes ------------------------------------------------------------------

    def _episodes(self, period: Period) -> None:
        rng = self.rng
        last_day = period.end or collection_end(self.years[-1])
        age = draw.age(period.child.dob, period.start)
        years = self._years_of(period)
        legal = "V2" if period.child.uasc else draw.weighted(rng, draw.LEGAL_STATUS_STARTING)
        if legal in YOUTH_JUSTICE and age < 11:
            legal = "V2"
        need = "N4" if period.child.uasc else draw.weighted(rng, draw.CATEGORY_OF_NEED)
        # Nor is a child under police protection or an emergency order placed with parents.
        place = draw.placement(rng, age, years, "V2" if legal in SHORT_LIVED else legal)
        period.episodes = [Episode(period.start, "S", legal, need, place,
                                   draw.provider(rng, place))]
        self._legal_changes(period, legal, last_day)
        placed = None
        if period.reason_ended in ADOPTED_REASONS:
            placed = self._adoption_order(period)
            last_day = placed
        mover = rng.random() < 0.3
        rate = 0.9 if mover else 0.12  # moves a year
        day = period.start
        while True:
            day += timedelta(days=int(rng.expovariate(rate) * 365) + 1)
            if day >= last_day:
                break
            self._add_move(period, day, "P" if rng.random() < 0.85 else "T")
        if placed:
            # With the foster carers who adopt (A5), or with new adopters (A6).
            same = rng.random() < 0.25
            self._add_move(period, placed, "T" if same else "P",
                           place="A5" if same else "A6")

    def _legal_changes(self, period: Period, legal: str, last_day: date) -> None:
        """Police protection, emergency orders and the like last days, then give way to
        another status; interim care orders become full care orders within months."""
        rng, day = self.rng, period.start
        while legal in SHORT_LIVED:
            most, following = SHORT_LIVED[legal]
            day += timedelta(days=rng.randint(1, most))
            legal = draw.weighted(rng, following)
            if day >= last_day or not self._add_move(period, day, "L", legal_status=legal):
                return
        if legal in INTERIM:
            day += timedelta(days=rng.randint(40, 300))
            if day < last_day:
                self._add_move(period, day, "L", legal_status="C2")

    def _adoption_order(self, period: Period) -> date:
        """The placement order (legal status E1) months before the placement for adoption;
        the day of the placement."""
        rng = self.rng
        placed = period.end - timedelta(days=rng.randint(90, min(
            300, (period.end - period.start).days - 30)))
        order = placed - timedelta(days=rng.randint(20, 90))
        if order <= period.start + timedelta(days=10):
            order = period.start + timedelta(days=(placed - period.start).days // 2)
        # A placement order is the last change of legal status before adoption.
        period.episodes = [e for e in period.episodes if e.rne != "L" or e.start < order]
        self._add_move(period, order, "L", legal_status="E1")
        period.adoption_decided = max(period.start, order - timedelta(days=rng.randint(0, 60)))
        return placed

    def _years_of(self, period: Period) -> range:
        first = max(self.years[0], collection_year(period.start))
        last = min(self.years[-1], collection_year(period.end) if period.end
                   else self.years[-1])
        return range(first, last + 1)

    def _add_move(self, period: Period, day: date, rne: str,
                  legal_status: str | None = None, place: str | None = None) -> bool:
        """A new episode from ``day``; False if an episode already starts that day, the
        period is over by then, or the child is placed for adoption by then."""
        if day <= period.start or (period.end and day >= period.end) or any(
                episode.start == day or (episode.place in ADOPTION and episode.start <= day)
                for episode in period.episodes):
            return False
        index = sum(1 for episode in period.episodes if episode.start < day)
        before = period.episodes[index - 1]
        rng = self.rng
        new = Episode(day, rne, legal_status or before.ls, before.cin, before.place,
                      before.provider)
        if rne == "T" and place is None and before.place not in FOSTER:
            rne = new.rne = "P"  # the same carers only for another kind of foster care
        if rne in MOVES:
            years = range(max(self.years[0], collection_year(day)), self.years[-1] + 1)
            beside = tuple(episode.place for episode in period.episodes[index - 1:index + 1])
            new.place = place or (draw.other_placement(rng, before.place) if rne == "T"
                                  else draw.placement(rng, draw.age(period.child.dob, day),
                                                      years, new.ls, beside))
            new.provider = draw.provider(rng, new.place)
            before.reason_change = draw.weighted(rng, draw.REASON_PLACE_CHANGE)
        period.episodes.insert(index, new)
        return True

    # --- Placement stability -------------------------------------------------------

    def _calibrate(self, year: int) -> None:
        target = self.targets[year]
        end = collection_end(year)
        in_care = [p for p in self.periods if p.open_at(end)]
        self._stability(target, end, in_care)
        self._moves(target, year, in_care)

    def _stability(self, target: Targets, end: date, in_care: list[Period]) -> None:
        """Move the year's long-term stability to the LA's, by changing moves in the year
        itself where that is enough, so that earlier years keep their figure."""
        eligible = [p for p in in_care if long_term(p, end, self.seen_from)]
        wanted = round(target.long_term_stability.percent / 100 * len(eligible))
        since, year_began = draw.years_before(end, 2), draw.years_before(end, 1)
        next_end = draw.years_after(end, 1)

        def counted_next_year(period: Period) -> bool:
            return period.open_at(next_end) and long_term(period, next_end, self.seen_from)

        def moves(period: Period, kinds: tuple[str, ...], after: date) -> list[Episode]:
            return [e for e in period.episodes if after < e.start <= end and e.rne in kinds
                    and e.place not in ADOPTION]

        stable = [p for p in eligible if carer_start(p, end, self.seen_from) <= since]
        # Settled by a new carer's move becoming the same carer's: first children whose
        # new carers in the last two years all came this year, which leaves earlier
        # years be; then any.
        settle = [p for p in eligible if carer_start(p, end, self.seen_from) > since]
        self.rng.shuffle(settle)
        settle.sort(key=lambda p: (len(moves(p, ("P", "B"), since)) > len(
            moves(p, ("P", "B"), year_began)), counted_next_year(p)))
        short = wanted - len(stable)
        for period in settle:
            if short <= 0:
                break
            changing = moves(period, ("P", "B"), since)
            if not all(_after_foster_care(period, episode) for episode in changing):
                continue  # the same carers: only from one kind of foster care to another
            for episode in changing:
                episode.rne = "T" if episode.rne == "P" else "U"
                episode.place = draw.other_placement(
                    self.rng, period.episodes[period.episodes.index(episode) - 1].place)
            short -= carer_start(period, end, self.seen_from) <= since
        # Unsettled by a same-carer move this year becoming a new carer's (the count of
        # placements stays as it was); only if there is none, by a new move.
        # Children who will not count next year first: a change for them stays put.
        self.rng.shuffle(stable)
        stable.sort(key=lambda p: (counted_next_year(p), not moves(p, ("T", "U"), year_began)))
        excess = len(stable) - wanted
        for period in stable:
            if excess <= 0:
                break
            same_carer = moves(period, ("T", "U"), year_began)
            if same_carer:
                same_carer[-1].rne = "P" if same_carer[-1].rne == "T" else "B"
            elif not self._add_move(period, draw.between(
                    self.rng, year_began + timedelta(days=1), end), "P"):
                continue  # placed for adoption, or a move that day already
            excess -= carer_start(period, end, self.seen_from) > since

    def _moves(self, target: Targets, year: int, in_care: list[Period]) -> None:
        wanted = round(target.placements_3plus.percent / 100 * len(in_care))
        counted = {id(p): placements(p, year) for p in in_care}
        three = [p for p in in_care if counted[id(p)] >= 3]
        first, end = collection_start(year), collection_end(year)
        # Moves go to children who are not long-term looked after, to keep stability.
        others = [p for p in in_care
                  if counted[id(p)] < 3 and not long_term(p, end, self.seen_from)]
        self.rng.shuffle(others)
        for period in others:
            if len(three) >= wanted:
                break
            while placements(period, year) < 3:
                if not self._add_move(period, draw.between(
                        self.rng, max(first, period.start + timedelta(days=1)), end), "P"):
                    break
            if placements(period, year) >= 3:
                three.append(period)
        self.rng.shuffle(three)
        three.sort(key=lambda period: long_term(period, end, self.seen_from))  # the long-term last
        for period in three[:max(0, len(three) - wanted)]:
            while placements(period, year) >= 3:
                moved = [e for e in period.episodes if first <= e.start <= end
                         and e.rne in MOVES and e.place not in ADOPTION]
                if not moved:
                    break
                _merge(period, moved[-1])


def placements(period: Period, year: int) -> int:
    """Placements in the year as MEASURES counts them (placements_3plus)."""
    first, end = collection_start(year), collection_end(year)
    count = 0
    for index, episode in enumerate(period.episodes):
        last = period.episode_end(index)
        if episode.start > end or (last is not None and last < first):
            continue
        if episode.place in TEMPORARY or last == episode.start:
            continue
        if count == 0 or episode.rne in MOVES:
            count += 1
    return count


def carer_start(period: Period, on: date, seen_from: date) -> date:
    """When the child's carer at ``on`` started, as the returns from ``seen_from`` show
    it: the last episode with a new carer, or the first episode they hold."""
    seen = _seen(period, seen_from)
    started = seen[0].start
    carer = None
    for episode in seen:
        if episode.start <= on and episode.rne in NEW_CARER:
            # A placement for adoption keeps the start of the carer before it.
            if episode.place not in ADOPTION or carer is None:
                started = episode.start
            carer = episode
    return started


def long_term(period: Period, end: date, seen_from: date) -> bool:
    """Under 16 at ``end``, and in care 2.5 years by the episodes the returns hold."""
    return (draw.age(period.child.dob, end) < 16
            and _seen(period, seen_from)[0].start <= end - relativedelta(months=30))


def _seen(period: Period, seen_from: date) -> list[Episode]:
    """The episodes the returns from ``seen_from`` on hold: those not ended before."""
    return [episode for index, episode in enumerate(period.episodes)
            if (period.episode_end(index) or seen_from) >= seen_from]


def _after_foster_care(period: Period, episode: Episode) -> bool:
    return period.episodes[period.episodes.index(episode) - 1].place in FOSTER


def _adoptable(period: Period) -> bool:
    """Young enough on starting care, and long enough in it, to be adopted."""
    return (draw.age(period.child.dob, period.start) < 5
            and (period.end - period.start).days >= 200)


def _merge(period: Period, episode: Episode) -> None:
    index = period.episodes.index(episode)
    period.episodes.pop(index)
    before = period.episodes[index - 1]
    before.reason_change = None
    after = period.episodes[index] if index < len(period.episodes) else None
    # A move from parents back to parents would be no move (rule 435): the next
    # placement is the one merged away.
    if after and after.rne in MOVES and after.place == before.place == "P1":
        after.place, after.provider = episode.place, episode.provider
