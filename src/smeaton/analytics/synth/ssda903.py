"""An LA's SSDA903 return for one year, from its children's periods of care.

Each table holds what the return's guidance asks for that year: Header, every child
looked after in the year; Episodes, every episode open in the year (DEC and REC only
where the episode ended by 31 March); Reviews in the year; UASC; OC2, children looked
after for 12 months at 31 March; OC3, care leavers with their 17th to 21st birthday in
the year; PrevPerm for children who started; Missing; and, from 2024, social worker
episodes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from smeaton.analytics.formats.spec import codes, ssda903_tables
from smeaton.analytics.source import Source
from smeaton.analytics.synth import draw, places
from smeaton.analytics.synth.care import ADOPTED_REASONS, ADOPTION, Child, Episode, Period
from smeaton.years import collection_end, collection_start

Row = dict[str, str]
SOCIAL_WORKER_CHANGE = {"MANAGE": 20, "LEFTRL": 35, "ORGRST": 10, "TSPROC": 15,
                        "ABSENC": 8, "CHCHAN": 3, "PCCHAN": 2, "OTHERS": 7}
ADOPTERS = {"MF": 76, "MM": 6, "FF": 6, "F1": 10, "M1": 2}  # who adopts: SEX_ADOPTR
# Their legal status: a single adopter, or a couple married, in a civil partnership or
# neither, as their sexes allow.
ADOPTERS_LEGAL_STATUS = {"MF": {"L11": 80, "L2": 2, "L3": 18},
                         "MM": {"L12": 50, "L2": 30, "L4": 20},
                         "FF": {"L12": 50, "L2": 30, "L4": 20},
                         "F1": {"L0": 1}, "M1": {"L0": 1}}
UNREGISTERED = {"P1", "P3", "R1", "R2", "R5", "T0", "T1", "T2", "T3", "T4",
                "Z1", "Z11", "Z12", "Z13", "Z14"}  # placements with no Ofsted URN
NOT_CARE_LEAVERS = ADOPTED_REASONS | {"E2", "E3"}  # adopted, died, another LA's care


def tables(periods: list[Period], year: int, la_code: str, rng: random.Random
           ) -> dict[str, list[Row]]:
    """Every table of the return for ``year``, as rows of text keyed by column."""
    first, end = collection_start(year), collection_end(year)
    during = [p for p in periods if p.overlaps(year)]
    rows: dict[str, list[Row]] = {name: [] for name in ssda903_tables()}
    area = places.postcodes(la_code) or _postcode_area(la_code)
    seen = set()
    for period in sorted(during, key=lambda p: (p.child.id, p.start)):
        child = period.child
        if child.id not in seen:
            seen.add(child.id)
            rows["header"].append(_header(child, year, _last_looked_after(period, year)))
            if child.uasc:
                rows["uasc"].append({"CHILD": child.id, "DOB": _date(child.dob),
                                     "SEX": _sex(child.sex, year),
                                     "DUC": _date(draw.years_after(child.dob, 18))})
        rows["episodes"] += _episodes(period, year, area)
        rows["reviews"] += _reviews(period, year, rng)
        if first <= period.start <= end:
            rows["prev_perm"].append({"CHILD": child.id, "DOB": _date(child.dob),
                                      "PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": ""})
        if period.start <= first and period.open_at(end):  # 12 months at 31 March
            rows["oc2"].append(_oc2(period, end, rng))
        if rng.random() < 0.11:
            rows["missing"] += _missing(period, year, rng)
        rows["placed_adoption"] += _placed_for_adoption(period, year)
        if period.reason_ended in ADOPTED_REASONS and period.end and first <= period.end <= end:
            rows["ad1"].append(_adoption(period, rng))
        if year >= 2027 and draw.age(child.dob, end) >= 12 and rng.random() < 0.05:
            rows["dolo"] += _deprivation_of_liberty(period, year, rng)
        if year >= 2024:
            rows["social_worker"] += _social_workers(period, year, la_code)
    leavers = _care_leavers(periods, year)
    rows["oc3"] = [row for row, _ in leavers]
    # Care leavers are in the header whether looked after in the year or not.
    rows["header"] += [_header(child, year, None) for _, child in leavers
                       if child.id not in seen]
    return {name: table for name, table in rows.items() if table}


def _header(child, year: int, looked_after_until: date | None) -> Row:
    """The child's header: for a girl looked after in the year, whether she is a mother
    by the last day she was looked after (the same first child every year); nothing
    for boys or for care leavers not looked after in the year."""
    mother = ""
    if child.sex == "2" and looked_after_until:
        mother = "1" if child.first_child and child.first_child <= looked_after_until else "0"
    return {"CHILD": child.id, "SEX": _sex(child.sex, year), "DOB": _date(child.dob),
            "ETHNIC": child.ethnic, "UPN": child.upn, "MOTHER": mother,
            "MC_DOB": _date(child.first_child) if mother == "1" else ""}


def _last_looked_after(period: Period, year: int) -> date:
    end = collection_end(year)
    return min(end, period.end) if period.end else end


def _episodes(period: Period, year: int, area: places.Postcodes | str) -> list[Row]:
    first, end = collection_start(year), collection_end(year)
    child = period.child.id
    # An unaccompanied asylum-seeking child has no home in the UK to measure from.
    home = "" if period.child.uasc else _postcode(area, child)
    rows = []
    for index, episode in enumerate(period.episodes):
        last = period.episode_end(index)
        if episode.start > end or (last is not None and last < first):
            continue
        ended = last is not None and last <= end
        final = index + 1 == len(period.episodes)
        rows.append({
            "CHILD": child, "DECOM": _date(episode.start), "RNE": episode.rne,
            "LS": episode.ls, "CIN": episode.cin, "PLACE": episode.place,
            "PLACE_PROVIDER": episode.provider,
            "DEC": _date(last) if ended else "",
            "REC": ("" if not ended else period.reason_ended if final else "X1") or "",
            "REASON_PLACE_CHANGE": (episode.reason_change or "") if ended and not final
            else "",
            "HOME_POST": home,
            "PL_POST": home if episode.place == "P1" and home else _placement_postcode(
                area, f"{child}-{episode.carer}", episode, home),
            "URN": _urn(episode),
        })
    return rows


def _placement_postcode(area: places.Postcodes | str, seed: str, episode: Episode,
                        home: str) -> str:
    """The carer's postcode, never the child's home's (only a placement with parents
    shares it: rule 392d)."""
    attempt = 0
    while (found := _carer_postcode(area, f"{seed}+{attempt}" if attempt else seed,
                                    episode)) == home:
        attempt += 1
    return found


def _carer_postcode(area: places.Postcodes | str, seed: str, episode: Episode) -> str:
    """The LA's own homes and most of its foster carers are in its area, other
    providers' placements as often just outside it."""
    if isinstance(area, str):
        return _postcode(area, seed)
    # Supported accommodation (K3) is where its provider has premises: in the LA's area.
    own = episode.provider in ("PR1", "PR0") or episode.place == "K3"
    in_area = own or random.Random(seed).random() < 0.6
    return area.placement(seed, in_area)


def _urn(episode: Episode) -> str:
    """Ofsted's unique reference number of the placement's provider: blank for placements
    Ofsted does not register (with parents, in hospital, in custody...)."""
    if episode.place in UNREGISTERED:
        return ""
    return f"SC{random.Random(f'urn-{episode.carer}').randrange(10**6):06d}"


def _reviews(period: Period, year: int, rng: random.Random) -> list[Row]:
    """Reviews within 20 working days of starting, 3 months later, then every 6 months."""
    first, end = collection_start(year), collection_end(year)
    last = min(period.end or end, end)
    day = period.start + timedelta(days=28)
    gap = 91
    rows = []
    while day <= last:
        if day >= first:
            # PN0 says the child was under 4 on the day; older children took part.
            code = ("PN0" if draw.age(period.child.dob, day) < 4
                    else draw.weighted(rng, draw.REVIEW_CODES))
            rows.append({"CHILD": period.child.id, "DOB": _date(period.child.dob),
                         "REVIEW": _date(day), "REVIEW_CODE": code})
        day += timedelta(days=gap + rng.randint(-7, 7))
        gap = 182
    return rows


def _placed_for_adoption(period: Period, year: int) -> list[Row]:
    """The decision that the child should be placed for adoption, in each year of the
    period from the year it was made: ceased only by adoption."""
    first, end = collection_start(year), collection_end(year)
    decided = period.adoption_decided
    if decided is None or decided > end or (period.end is not None and period.end < first):
        return []
    return [{"CHILD": period.child.id, "DOB": _date(period.child.dob),
             "DATE_PLACED": _date(decided), "DATE_PLACED_CEASED": "",
             "REASON_PLACED_CEASED": ""}]


def _adoption(period: Period, rng: random.Random) -> Row:
    """The adoption: the decision it was in the child's interest (the same day as the
    decision to place them), the match with adopters a few weeks before the placement,
    and who adopted."""
    placed = next(e for e in period.episodes if e.place in ADOPTION)
    matched = max(period.adoption_decided, placed.start - timedelta(days=rng.randint(14, 60)))
    adopters = draw.weighted(rng, ADOPTERS)
    return {"CHILD": period.child.id, "DOB": _date(period.child.dob),
            "DATE_INT": _date(period.adoption_decided), "DATE_MATCH": _date(matched),
            "FOSTER_CARE": "1" if placed.place == "A5" else "0",
            "NB_ADOPTR": "1" if adopters in ("F1", "M1") else "2",
            "SEX_ADOPTR": adopters,
            "LS_ADOPTR": draw.weighted(rng, ADOPTERS_LEGAL_STATUS[adopters])}


def _deprivation_of_liberty(period: Period, year: int, rng: random.Random) -> list[Row]:
    """An order depriving the child of liberty, begun in the year while placed in a
    children's home (the placement DfE expects with one), ending with that placement
    if not before."""
    first, end = collection_start(year), collection_end(year)
    homes = [(episode.start, period.episode_end(index))
             for index, episode in enumerate(period.episodes) if episode.place == "K2"]
    for start, finish in homes:
        # Within the placement, not on the days it shares with the ones either side.
        start = max(first, start + timedelta(days=1))
        last = min(end, finish - timedelta(days=1) if finish else end)
        if (last - start).days < 30:
            continue
        began = draw.between(rng, start, last - timedelta(days=30))
        ended = began + timedelta(days=rng.randint(30, 365))
        if finish:
            ended = min(ended, finish - timedelta(days=1))
        return [{"CHILD": period.child.id, "DOB": _date(period.child.dob),
                 "DOLO_START": _date(began),
                 "DOLO_END": _date(ended) if ended <= end else ""}]
    return []


def _oc2(period: Period, end: date, rng: random.Random) -> Row:
    """Outcomes of a child looked after for 12 months, by age at 31 March: health
    checks under 5, strengths and difficulties from 4 to 16, convictions from 10."""
    age = draw.age(period.child.dob, end)
    age_at_start = draw.age(period.child.dob, draw.years_before(end, 1) + timedelta(days=1))
    flag = lambda chance: "1" if rng.random() < chance else "0"  # noqa: E731
    score = reason = ""
    if age_at_start >= 4 and age < 17:
        if rng.random() < 0.8:
            score = str(min(40, max(0, int(rng.gauss(14, 7)))))
        else:
            reason = draw.weighted(rng, {"SDQ2": 4, "SDQ3": 2, "SDQ4": 3, "SDQ5": 3})
    elif age >= 4 and age_at_start < 17:
        reason = "SDQ1"  # aged under 4, or over 16, at the latest assessment
    misuse = flag(0.03) if age >= 10 else "0"
    received = flag(0.6) if misuse == "1" else ""
    return {"CHILD": period.child.id, "DOB": _date(period.child.dob),
            "SDQ_SCORE": score, "SDQ_REASON": reason,
            "CONVICTED": flag(0.02) if age >= 10 else "",
            "HEALTH_CHECK": flag(0.9) if age < 5 else "",
            "IMMUNISATIONS": flag(0.84), "TEETH_CHECK": flag(0.81),
            "HEALTH_ASSESSMENT": flag(0.9), "SUBSTANCE_MISUSE": misuse,
            "INTERVENTION_RECEIVED": received,
            "INTERVENTION_OFFERED": flag(0.8) if received == "0" else ""}


def _missing(period: Period, year: int, rng: random.Random) -> list[Row]:
    first, end = collection_start(year), collection_end(year)
    start, last = max(first, period.start), min(end, period.end or end)
    if (last - start).days < 2:
        return []
    # Over before the day care ends: a child missing then ceased care as missing (E8,
    # rule 580), which the care histories do not draw.
    began = draw.between(rng, start, last - timedelta(days=1))
    return [{"CHILD": period.child.id, "DOB": _date(period.child.dob),
             "MISSING": "M" if rng.random() < 0.8 else "A", "MIS_START": _date(began),
             "MIS_END": _date(min(last - timedelta(days=1),
                                  began + timedelta(days=rng.randint(0, 3))))}]


def _social_workers(period: Period, year: int, la_code: str) -> list[Row]:
    """The child's social workers while in care that overlap the year: the first from
    the day care began (first contact), a change about once a year. The social worker
    at the end of care stays with the child (DfE's returns expect one open at 31 March),
    so the last episode has no end."""
    first, end = collection_start(year), collection_end(year)
    local = random.Random(f"{period.child.id}{period.start}")  # the same every year
    rows, day, reason = [], period.start, "FCONTA"
    while day <= end and (period.end is None or day < period.end):
        change = day + timedelta(days=int(local.expovariate(1 / 400)) + 14)
        ended = None if period.end and period.end <= change else change
        worker = f"SW{la_code}{local.randrange(400):04d}"
        if ended is None or ended >= first:
            rows.append({"CHILD": period.child.id, "DOB": _date(period.child.dob),
                         "SW_ID": worker, "SW_DECOM": _date(day),
                         "SW_DEC": _date(ended) if ended and ended <= end else "",
                         "SW_REASON": reason})
        if ended is None:
            break
        day, reason = ended, draw.weighted(local, SOCIAL_WORKER_CHANGE)
    return rows


def _care_leavers(periods: list[Period], year: int) -> list[tuple[Row, Child]]:
    """Young people who left care at 16 or over as relevant or former relevant children
    (13 weeks in care since they were 14), on their 17th to 21st birthday in the year:
    not adopted, not taken over by another LA, not still in care on a 17th or 18th
    birthday."""
    first, end = collection_start(year), collection_end(year)
    activities = codes(Source.SSDA903, "oc3", "ACTIV", year)
    rows = []
    for period in periods:
        child = period.child
        if (period.end is None or period.end > end or draw.age(child.dob, period.end) < 16
                or period.reason_ended in NOT_CARE_LEAVERS
                or (period.end - max(period.start, draw.years_after(child.dob, 14))).days < 91):
            continue
        birthday = next((draw.years_after(child.dob, age) for age in range(17, 22)
                         if first <= draw.years_after(child.dob, age) <= end), None)
        if birthday is None or birthday <= period.end:
            continue
        local = random.Random(f"{child.id}{year}")
        touch = draw.weighted(local, {"YES": 92, "NO": 5, "NREQ": 2, "REFU": 1})
        in_work = {"F1": 6, "F2": 21, "P1": 15, "P2": 12} if "F4" not in activities else {
            "F1": 6, "F2": 21, "F4": 10, "P1": 10, "P2": 7}
        activity = draw.weighted(local, {**in_work, "G4": 9, "G5": 4, "G6": 27})
        # With former foster carers (staying put) from 18 only, in a foyer only if 18 all
        # year (rule 347); homeless never suitable.
        kinds = ("BCDEGHKRUVWY" + ("T" if draw.age(child.dob, first) >= 18 else "")
                 + ("Z" if birthday > draw.years_after(child.dob, 17) else ""))
        accommodation = local.choice(kinds) + ("1" if local.random() < 0.89 else "2")
        rows.append(({"CHILD": child.id, "DOB": _date(child.dob), "IN_TOUCH": touch,
                      "ACTIV": activity if touch == "YES" else "0",
                      "ACCOM": accommodation if touch == "YES" else "0"}, child))
    return rows


def _sex(sex: str, year: int) -> str:
    return {"1": "M", "2": "F"}[sex] if year >= 2025 else sex


def _date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _postcode_area(la_code: str) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUWY"
    number = int(la_code)
    return letters[number % len(letters)] + letters[(number // 7) % len(letters)]


def _postcode(area: places.Postcodes | str, seed: str) -> str:
    """The same postcode for the same seed: a child's home, a placement."""
    if not isinstance(area, str):
        return area.home(seed)
    local = random.Random(seed)
    return (f"{area}{local.randint(1, 29)} {local.randint(0, 9)}"
            f"{local.choice('ABDEFGHJLNPQRSTUWXYZ')}{local.choice('ABDEFGHJLNPQRSTUWXYZ')}")
