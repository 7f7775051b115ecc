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
from smeaton.analytics.synth import draw
from smeaton.analytics.synth.care import ADOPTED_REASONS, ADOPTION, Period
from smeaton.years import collection_end, collection_start

Row = dict[str, str]


def tables(periods: list[Period], year: int, la_code: str, rng: random.Random
           ) -> dict[str, list[Row]]:
    """Every table of the return for ``year``, as rows of text keyed by column."""
    first, end = collection_start(year), collection_end(year)
    during = [p for p in periods if p.overlaps(year)]
    rows: dict[str, list[Row]] = {name: [] for name in ssda903_tables()}
    area = _postcode_area(la_code)
    seen = set()
    for period in sorted(during, key=lambda p: (p.child.id, p.start)):
        child = period.child
        if child.id not in seen:
            seen.add(child.id)
            rows["header"].append(_header(child, year, rng))
            if child.uasc:
                rows["uasc"].append({"CHILD": child.id, "DOB": _date(child.dob),
                                     "SEX": _sex(child.sex, year),
                                     "DUC": _date(draw.years_after(child.dob, 18))})
        rows["episodes"] += _episodes(period, year, area)
        rows["reviews"] += _reviews(period, year, rng)
        if first <= period.start <= end:
            rows["prev_perm"].append({"CHILD": child.id, "DOB": _date(child.dob),
                                      "PREV_PERM": "Z1", "LA_PERM": "", "DATE_PERM": ""})
        if period.start <= draw.years_before(end, 1) and period.open_at(end):
            rows["oc2"].append(_oc2(period, end, rng))
        if rng.random() < 0.11:
            rows["missing"] += _missing(period, year, rng)
        rows["placed_adoption"] += _placed_for_adoption(period, year)
        if period.reason_ended in ADOPTED_REASONS and period.end and first <= period.end <= end:
            rows["ad1"].append(_adoption(period, rng))
        if year >= 2027 and draw.age(child.dob, end) >= 12 and rng.random() < 0.01:
            rows["dolo"] += _deprivation_of_liberty(period, year, rng)
        if year >= 2024:
            rows["social_worker"] += _social_workers(period, year, la_code)
    rows["oc3"] = _care_leavers(periods, year)
    return {name: table for name, table in rows.items() if table}


def _header(child, year: int, rng: random.Random) -> Row:
    mother = child.sex == "2" and draw.age(child.dob, collection_end(year)) >= 12
    has_child = mother and rng.random() < 0.011
    return {"CHILD": child.id, "SEX": _sex(child.sex, year), "DOB": _date(child.dob),
            "ETHNIC": child.ethnic, "UPN": child.upn,
            "MOTHER": ("1" if has_child else "0") if mother else "",
            "MC_DOB": _date(collection_end(year) - timedelta(days=rng.randrange(20, 300)))
            if has_child else ""}


def _episodes(period: Period, year: int, area: str) -> list[Row]:
    first, end = collection_start(year), collection_end(year)
    home = _postcode(area, period.child.id)
    rows = []
    for index, episode in enumerate(period.episodes):
        last = period.episode_end(index)
        if episode.start > end or (last is not None and last < first):
            continue
        ended = last is not None and last <= end
        final = index + 1 == len(period.episodes)
        rows.append({
            "CHILD": period.child.id, "DECOM": _date(episode.start), "RNE": episode.rne,
            "LS": episode.ls, "CIN": episode.cin, "PLACE": episode.place,
            "PLACE_PROVIDER": "PR0" if episode.place == "P1" else episode.provider,
            "DEC": _date(last) if ended else "",
            "REC": ("" if not ended else period.reason_ended if final else "X1") or "",
            "REASON_PLACE_CHANGE": (episode.reason_change or "") if ended and not final
            else "",
            "HOME_POST": home, "PL_POST": _postcode(area, f"{period.child.id}{index}"),
            "URN": "",
        })
    return rows


def _reviews(period: Period, year: int, rng: random.Random) -> list[Row]:
    """Reviews within 20 working days of starting, 3 months later, then every 6 months."""
    first, end = collection_start(year), collection_end(year)
    last = min(period.end or end, end)
    day = period.start + timedelta(days=28)
    gap = 91
    rows = []
    while day <= last:
        if day >= first:
            rows.append({"CHILD": period.child.id, "DOB": _date(period.child.dob),
                         "REVIEW": _date(day),
                         "REVIEW_CODE": draw.weighted(rng, draw.REVIEW_CODES)})
        day += timedelta(days=gap + rng.randint(-7, 7))
        gap = 182
    return rows


def _placed_for_adoption(period: Period, year: int) -> list[Row]:
    """The placement for adoption, in each year it is open: ceased only by adoption."""
    first, end = collection_start(year), collection_end(year)
    return [{"CHILD": period.child.id, "DOB": _date(period.child.dob),
             "DATE_PLACED": _date(episode.start), "DATE_PLACED_CEASED": "",
             "REASON_PLACED_CEASED": ""}
            for episode in period.episodes
            if episode.place in ADOPTION and episode.start <= end
            and (period.end is None or period.end >= first)]


def _adoption(period: Period, rng: random.Random) -> Row:
    placed = next(e for e in period.episodes if e.place in ADOPTION)
    matched = placed.start - timedelta(days=rng.randint(14, 60))
    couple = rng.random() < 0.85
    return {"CHILD": period.child.id, "DOB": _date(period.child.dob),
            "DATE_INT": _date(max(period.start, matched - timedelta(days=rng.randint(60, 240)))),
            "DATE_MATCH": _date(max(period.start, matched)),
            "FOSTER_CARE": "1" if placed.place == "A5" else "0",
            "NB_ADOPTR": "2" if couple else "1",
            "SEX_ADOPTR": draw.weighted(rng, {"MF": 85, "MM": 6, "FF": 9}) if couple
            else draw.weighted(rng, {"F1": 85, "M1": 15}),
            "LS_ADOPTR": draw.weighted(rng, {"L0": 70, "L11": 15, "L12": 5, "L2": 10})
            if couple else "L4"}


def _deprivation_of_liberty(period: Period, year: int, rng: random.Random) -> list[Row]:
    first, end = collection_start(year), collection_end(year)
    start, last = max(first, period.start), min(end, period.end or end)
    if (last - start).days < 30:
        return []
    began = draw.between(rng, start, last - timedelta(days=30))
    ended = began + timedelta(days=rng.randint(30, 365))
    return [{"CHILD": period.child.id, "DOB": _date(period.child.dob),
             "DOLO_START": _date(began), "DOLO_END": _date(ended) if ended <= last else ""}]


def _oc2(period: Period, end: date, rng: random.Random) -> Row:
    age = draw.age(period.child.dob, end)
    sdq = 4 <= age <= 16 and rng.random() < 0.8
    flag = lambda chance: "1" if rng.random() < chance else "0"  # noqa: E731
    misuse = flag(0.03)
    return {"CHILD": period.child.id, "DOB": _date(period.child.dob),
            "SDQ_SCORE": str(min(40, max(0, int(rng.gauss(14, 7))))) if sdq else "",
            "SDQ_REASON": "SDQ1" if sdq else ("SDQ5" if age < 4 or age > 16 else "SDQ2"),
            "CONVICTED": flag(0.02) if age >= 10 else "0", "HEALTH_CHECK": flag(0.9),
            "IMMUNISATIONS": flag(0.84), "TEETH_CHECK": flag(0.81),
            "HEALTH_ASSESSMENT": flag(0.9), "SUBSTANCE_MISUSE": misuse,
            "INTERVENTION_RECEIVED": flag(0.6) if misuse == "1" else "",
            "INTERVENTION_OFFERED": flag(0.8) if misuse == "1" else ""}


def _missing(period: Period, year: int, rng: random.Random) -> list[Row]:
    first, end = collection_start(year), collection_end(year)
    start, last = max(first, period.start), min(end, period.end or end)
    if (last - start).days < 2:
        return []
    began = draw.between(rng, start, last - timedelta(days=1))
    return [{"CHILD": period.child.id, "DOB": _date(period.child.dob),
             "MISSING": "M" if rng.random() < 0.8 else "A", "MIS_START": _date(began),
             "MIS_END": _date(min(last, began + timedelta(days=rng.randint(0, 3))))}]


def _social_workers(period: Period, year: int, la_code: str) -> list[Row]:
    first, end = collection_start(year), collection_end(year)
    number = int(period.child.id[-6:]) % 400
    return [{"CHILD": period.child.id, "DOB": _date(period.child.dob),
             "SW_ID": f"SW{la_code}{number:04d}", "SW_DECOM": _date(max(first, period.start)),
             "SW_DEC": _date(period.end) if period.end and period.end <= end else "",
             "SW_REASON": ""}]


def _care_leavers(periods: list[Period], year: int) -> list[Row]:
    """Young people who left care at 16 or over, on their 17th to 21st birthday."""
    first, end = collection_start(year), collection_end(year)
    activities = codes(Source.SSDA903, "oc3", "ACTIV", year)
    rows = []
    for period in periods:
        child = period.child
        if period.end is None or period.end > end or draw.age(child.dob, period.end) < 16:
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
        accommodation = local.choice("BCDEGHKRSTUVWXYZ") + (
            "1" if local.random() < 0.89 else "2")
        rows.append({"CHILD": child.id, "DOB": _date(child.dob), "IN_TOUCH": touch,
                     "ACTIV": activity if touch == "YES" else "0",
                     "ACCOM": accommodation if touch == "YES" else "0"})
    return rows


def _sex(sex: str, year: int) -> str:
    return {"1": "M", "2": "F"}[sex] if year >= 2025 else sex


def _date(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def _postcode_area(la_code: str) -> str:
    letters = "ABCDEFGHJKLMNOPRSTUWY"
    number = int(la_code)
    return letters[number % len(letters)] + letters[(number // 7) % len(letters)]


def _postcode(area: str, seed: str) -> str:
    """The same postcode for the same seed: a child's home, a placement."""
    local = random.Random(seed)
    return (f"{area}{local.randint(1, 29)} {local.randint(0, 9)}"
            f"{local.choice('ABDEFGHJLNPQRSTUWXYZ')}{local.choice('ABDEFGHJLNPQRSTUWXYZ')}")
