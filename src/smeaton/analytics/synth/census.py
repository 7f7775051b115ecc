"""An LA's CIN census for one year, as the XML message the DfE collects.

The census holds every child with an episode of need open at some point in the year
(referred by 31 March, not closed before 1 April), with each module that overlaps the
year: assessments, child in need plans (from 2022), section 47 enquiries and child
protection plans with the reviews held in the year. Dates after 31 March are left out,
as they are not yet known on census day. GenderCurrent is written to 2024, Sex from
2025.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path
from xml.sax.saxutils import escape

from smeaton.analytics.synth import draw, faults
from smeaton.analytics.synth.need import NeedChild, Referral
from smeaton.years import collection_end, collection_start

SOFTWARE = "Smeaton synthetic data"


def write(children: list[NeedChild], year: int, la_code: str, path: Path,
          errors: float = 0.0, rng: random.Random | None = None) -> list[faults.Fault]:
    """Write the census for ``year`` to ``path``; with ``errors``, that share of referrals
    (and of children, given twice) with a fault. Return the faults."""
    first, end = collection_start(year), collection_end(year)
    count = 0
    put_in: list[faults.Fault] = []
    file = f"{year}/{path.name}"
    with path.open("w", encoding="utf-8") as out:
        out.write(_header(year, la_code))
        for child in children:
            open_in_year = [r for r in child.referrals
                            if r.date <= end and (r.closed is None or r.closed >= first)]
            if not open_in_year:
                continue
            count += 1
            text = _child(child, open_in_year, year)
            if errors and rng.random() < errors:
                text = _spoiled(text, rng, file, f"/Message/Children/Child[{count}]", put_in)
                if text.count("<Child>") == 2:
                    count += 1
            out.write(text)
        out.write("</Children>\n</Message>\n")
    return put_in


def _spoiled(text: str, rng: random.Random, file: str, path: str,
             put_in: list[faults.Fault]) -> str:
    """One child's XML with one fault in its first referral, or the child given twice.
    Besides the format faults, two of DfE's rules: a closure date with no reason for it
    (cross-field, rule 8805), and a referral long before the child was born (cross-table:
    the referral's date against the child's, rule 8606)."""
    first = text[text.index("<CINdetails>"):text.index("</CINdetails>")]
    kind = rng.choice([faults.INVALID_CODE, faults.IMPOSSIBLE_DATE, faults.MISSING,
                       faults.DUPLICATE]
                      + ([faults.CROSS_FIELD] if "<ReasonForClosure>" in first else [])
                      + ([faults.CROSS_TABLE] if "<PersonBirthDate>" in text else []))
    if kind == faults.DUPLICATE:
        number = int(path.rsplit("[", 1)[1].rstrip("]")) + 1
        put_in.append(faults.Fault(file, f"/Message/Children/Child[{number}]", "LAchildID",
                                   kind))
        return text + text
    where = f"{path}/CINdetails[1]"
    if kind == faults.CROSS_FIELD:
        start, finish = text.index("<ReasonForClosure>"), text.index("</ReasonForClosure>")
        put_in.append(faults.Fault(file, where, "ReasonForClosure", kind, faults.CIN_RULES[1]))
        return text[:start] + text[finish + len("</ReasonForClosure>"):]
    if kind == faults.CROSS_TABLE:
        born = text[text.index("<PersonBirthDate>") + len("<PersonBirthDate>"):][:10]
        referred = date.fromisoformat(born) - timedelta(days=300)
        start = text.index("<CINreferralDate>") + len("<CINreferralDate>")
        put_in.append(faults.Fault(file, where, "CINreferralDate", kind, faults.CIN_RULES[0]))
        return text[:start] + referred.isoformat() + text[start + 10:]
    if kind == faults.IMPOSSIBLE_DATE:
        start = text.index("<CINreferralDate>") + len("<CINreferralDate>")
        text = text[:start] + "2023-02-31" + text[start + 10:]
        put_in.append(faults.Fault(file, where, "CINreferralDate", kind))
        return text
    start = text.index("<ReferralSource>") + len("<ReferralSource>")
    finish = text.index("</ReferralSource>")
    text = text[:start] + ("ZZ9" if kind == faults.INVALID_CODE else "") + text[finish:]
    put_in.append(faults.Fault(file, where, "ReferralSource", kind))
    return text


def _header(year: int, la_code: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n<Header>\n'
            f"<CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>"
            f"<ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>\n"
            f"<Source><SourceLevel>L</SourceLevel><LEA>{la_code}</LEA>"
            f"<SoftwareCode>{SOFTWARE}</SoftwareCode><Release>1</Release>"
            f"<SerialNo>1</SerialNo><DateTime>{year}-04-05T09:00:00</DateTime></Source>\n"
            f"</Header>\n<Children>\n")


def _child(child: NeedChild, referrals: list[Referral], year: int) -> str:
    sex = (f"<Sex>{'M' if child.sex == '1' else 'F'}</Sex>" if year >= 2025
           else f"<GenderCurrent>{child.sex}</GenderCurrent>")
    # A child has a UPN from school age; younger, it is not yet assigned (UN1).
    upn = (f"<UPN>{child.upn}</UPN>" if child.upn and draw.age(child.dob, collection_end(year)) >= 5
           else "<UPNunknown>UN1</UPNunknown>")
    disabilities = "".join(f"<Disability>{code}</Disability>" for code in child.disabilities)
    parts = [f"<Child>\n<ChildIdentifiers><LAchildID>{escape(child.id)}</LAchildID>{upn}"
             f"<PersonBirthDate>{child.dob}</PersonBirthDate>{sex}</ChildIdentifiers>\n"
             f"<ChildCharacteristics><Ethnicity>{child.ethnic}</Ethnicity>"
             f"<Disabilities>{disabilities}</Disabilities></ChildCharacteristics>\n"]
    previous = child.plans_before
    for referral in child.referrals:
        if referral in referrals:
            parts.append(_details(referral, year, previous))
        if referral.plan:
            previous += 1
    parts.append("</Child>\n")
    return "".join(parts)


def _details(referral: Referral, year: int, previous_plans: int) -> str:
    first, end = collection_start(year), collection_end(year)
    known = lambda day: day if day and day <= end else None  # noqa: E731
    closed = known(referral.closed)
    conference = referral.section47[2] if referral.section47 else None
    assessed = referral.assessment and referral.assessment[0] <= end and (
        known(referral.assessment[1]) is None or referral.assessment[1] >= first)
    # An enquiry is returned with its assessment: one whose assessment was returned last
    # year has its conference, if any, on the episode instead.
    section47 = _section47(referral, first, end) if assessed else ""
    parts = [f"<CINdetails><CINreferralDate>{referral.date}</CINreferralDate>"
             f"<ReferralSource>{referral.source}</ReferralSource>"
             f"<PrimaryNeedCode>{referral.need}</PrimaryNeedCode>",
             _leaf("CINclosureDate", closed),
             _leaf("ReasonForClosure", referral.reason if closed else None),
             # The conference is recorded once: with its enquiry where that is returned.
             _leaf("DateOfInitialCPC", None if section47 else known(conference)),
             f"<ReferralNFA>{int(referral.nfa)}</ReferralNFA>"]
    if assessed:
        start, authorised, factors = referral.assessment
        listed = "".join(f"<AssessmentFactors>{code}</AssessmentFactors>"
                         for code in factors) if known(authorised) else ""
        parts.append(f"<Assessments><AssessmentActualStartDate>{start}"
                     f"</AssessmentActualStartDate>"
                     + _leaf("AssessmentAuthorisationDate", known(authorised))
                     + (f"<FactorsIdentifiedAtAssessment>{listed}"
                        "</FactorsIdentifiedAtAssessment>" if listed else "")
                     + "</Assessments>")
    if referral.cin_plan and year >= 2022 and _overlaps(*referral.cin_plan, first, end):
        start, finish = referral.cin_plan
        parts.append(f"<CINPlanDates><CINPlanStartDate>{start}</CINPlanStartDate>"
                     + _leaf("CINPlanEndDate", known(finish)) + "</CINPlanDates>")
    if section47:
        parts.append(section47)
    plan = referral.plan
    if plan and plan.start <= end and _overlaps(plan.start, plan.end, first, end):
        reviews = "".join(f"<CPPreviewDate>{day}</CPPreviewDate>"
                          for day in _reviews(plan.start, known(plan.end) or end, first))
        parts.append(f"<ChildProtectionPlans><CPPstartDate>{plan.start}</CPPstartDate>"
                     + _leaf("CPPendDate", known(plan.end))
                     + f"<InitialCategoryOfAbuse>{plan.category}</InitialCategoryOfAbuse>"
                     f"<LatestCategoryOfAbuse>{plan.latest}</LatestCategoryOfAbuse>"
                     f"<NumberOfPreviousCPP>{previous_plans}</NumberOfPreviousCPP>"
                     + (f"<Reviews>{reviews}</Reviews>" if reviews else "")
                     + "</ChildProtectionPlans>")
    parts.append("</CINdetails>\n")
    return "".join(parts)


def _section47(referral: Referral, first: date, end: date) -> str:
    """The section 47 enquiry's module, where it overlaps the year."""
    if not referral.section47 or referral.section47[0] > end:
        return ""
    start, target, held = referral.section47
    if not _overlaps(start, held or target, first, end):
        return ""
    return (f"<Section47><S47ActualStartDate>{start}</S47ActualStartDate>"
            f"<InitialCPCtarget>{target}</InitialCPCtarget>"
            + _leaf("DateOfInitialCPC", held if held and held <= end else None)
            + f"<ICPCnotRequired>{0 if held else 1}</ICPCnotRequired></Section47>")


def _reviews(start: date, last: date, first: date) -> list[date]:
    """Review conferences: 3 months after the plan starts, then every 6 months."""
    days, day, gap = [], start + timedelta(days=91), 182
    while day <= last:
        if day >= first:
            days.append(day)
        day += timedelta(days=gap)
    return days


def _overlaps(start: date, finish: date | None, first: date, end: date) -> bool:
    return start <= end and (finish is None or finish >= first)


def _leaf(tag: str, value) -> str:
    return f"<{tag}>{value}</{tag}>" if value else ""

