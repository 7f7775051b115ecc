"""The voice of children and families in the demo, all illustrative: feedback of every
kind from everyone over the last six months, two years of a Bright Spots-style survey
(with a group of fewer than 5, and a national comparison figure), a "you said, we did"
log linked to the plan, and the young people's page, published, with plain words for
every priority. Loading it again adds nothing.
"""

import csv
import io
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from smeaton.web.plan.models import Plan
from smeaton.web.voice import services, survey_csv
from smeaton.web.voice.models import Feedback, PlainWords

K, F = Feedback.Kind, Feedback.From

# (days ago, kind, from, source, summary, themes, priority numbers)
FEEDBACK = [
    (170, K.COMPLAINT, F.PARENT_OR_CARER, "Complaints team",
     "Waited eight weeks for a reply about an early help assessment, and had to tell the "
     "family's story three times to different workers.", ["Waiting times", "Telling my story "
     "once"], [1]),
    (160, K.PARTICIPATION, F.YOUNG_PERSON, "Children in Care Council",
     "Members said reviews feel like meetings about them, not with them, and asked to chair "
     "part of their own review.", ["Being listened to"], [3]),
    (150, K.COMPLIMENT, F.CARE_LEAVER, "Leaving care service",
     "Thanked their personal adviser for help finding a flat near college and setting up "
     "the bills.", ["Housing", "Support from workers"], [4]),
    (140, K.DIRECT_WORK, F.CHILD, "Fostering team",
     "A child in foster care drew what makes a good visit: time to play, and a worker who "
     "remembers what they said last time.", ["Support from workers", "Being listened to"],
     [3]),
    (125, K.COMPLAINT, F.YOUNG_PERSON, "Independent visitor",
     "A young person moved placement twice in a month and was not told why.",
     ["Moving placement", "Being listened to"], [3]),
    (110, K.PARTICIPATION, F.PARENT_OR_CARER, "SEND parent carer forum",
     "Parents said the short breaks offer is hard to find and the forms are long.",
     ["Short breaks", "Information"], [5]),
    (95, K.COMPLIMENT, F.PARENT_OR_CARER, "Family Hub, Devonport",
     "A parent said the hub's stay-and-play group helped them meet other families and ask "
     "for help early.", ["Family Hubs"], [1]),
    (80, K.DIRECT_WORK, F.YOUNG_PERSON, "Youth justice service",
     "A young person said they missed school because the bus route changed and nobody "
     "asked them.", ["Getting to school"], [6]),
    (65, K.PARTICIPATION, F.CARE_LEAVER, "Care leavers' forum",
     "Care leavers asked for help with council tax and the cost of a first home.",
     ["Money", "Housing"], [4]),
    (50, K.COMPLAINT, F.PARENT_OR_CARER, "Complaints team",
     "A parent said the plan for their child's EHC needs assessment was late and nobody "
     "called to say so.", ["Waiting times", "Information"], [5]),
    (35, K.COMPLIMENT, F.YOUNG_PERSON, "Children in Care Council",
     "Members said the new welcome pack for children coming into care was clear and kind.",
     ["Information"], [3]),
    (20, K.DIRECT_WORK, F.CHILD, "Social work team, North",
     "A child said they want to see their brother more often, not only in the holidays.",
     ["Contact with family"], [3]),
    (8, K.PARTICIPATION, F.YOUNG_PERSON, "Youth Parliament",
     "Young people said they want to help choose who is hired as social workers.",
     ["Being listened to", "Support from workers"], [8]),
]

SURVEY = "Bright Spots: Your Life, Your Care"
NATIONAL = "Bright Spots national average"
# question, measure, (group, responding, percentage, national) for 2024 then 2025
RESULTS = [
    ("Do you feel settled where you live?", "Yes", [
        ("Aged 4 to 7", 18, "88.9", "89.0", 21, "90.5", "89.0"),
        ("Aged 8 to 10", 26, "84.6", "86.0", 29, "86.2", "86.0"),
        ("Aged 11 to 18", 61, "78.7", "84.0", 66, "81.8", "84.0"),
        ("Living with family or friends", 4, "75.0", "", 6, "83.3", "")]),
    ("Do you trust your social worker?", "All or most of the time", [
        ("Aged 8 to 10", 26, "80.8", "85.0", 29, "82.8", "85.0"),
        ("Aged 11 to 18", 61, "70.5", "79.0", 66, "74.2", "79.0"),
        ("Living with family or friends", 4, "50.0", "", 3, "66.7", "")]),
    ("Do you know why you are in care?", "Yes", [
        ("Aged 8 to 10", 26, "69.2", "72.0", 29, "75.9", "72.0"),
        ("Aged 11 to 18", 61, "85.2", "88.0", 66, "84.8", "88.0")]),
    ("Do you get to see your brothers and sisters enough?", "Yes", [
        ("Aged 11 to 18", 55, "47.3", "52.0", 60, "51.7", "52.0")]),
]

# (days ago, you said, we did, done by, priority numbers, feedback index, for young people)
YOU_SAID = [
    (150, "Reviews feel like meetings about me, not with me.",
     "We changed reviews so that you can chair part of your own review, and you choose "
     "where it happens.", "Independent reviewing officers", [3], 1, True),
    (120, "I had to tell my story again and again.",
     "We brought in one family plan, so a family tells their story once and every worker "
     "reads it.", "Early help service", [1], 0, True),
    (100, "Moving home was scary when nobody told me why.",
     "Every child who moves home now gets a visit from their social worker first, to talk "
     "about why and what happens next.", "Placements team", [3], 4, True),
    (75, "Parents said the short breaks offer was hard to find.",
     "We put the short breaks offer on one page of the Local Offer and cut the form from "
     "twelve pages to four.", "SEND service", [5], 5, False),
    (40, "Paying council tax was hard when I first lived on my own.",
     "Care leavers in the city no longer pay council tax until they are 25.",
     "Leaving care service", [4], 8, True),
    (12, "I want to see my brothers and sisters more.",
     "We set up family days in the school holidays and at weekends, and social workers now "
     "plan contact with brothers and sisters first.", "Children in care service", [3], 11,
     True),
]

# The plan's priorities in plain words: (title, summary, questions you could ask)
PLAIN_WORDS = {
    1: ("Help for families, early",
        "Some families need help. We want them to get it early, near where they live. "
        "Family Hubs are places in your area where families can get that help.",
        ["How do families find out about their Family Hub?",
         "What happens if a family needs help at the weekend?"]),
    2: ("Keeping children safe",
        "When someone is worried about a child, we act quickly. We want children to be "
        "safe, and to get the right help the first time.",
        ["How quickly do you visit a child after someone is worried?"]),
    3: ("A good home for children in care",
        "Children in care should live close to home, at school and with friends nearby. We "
        "are finding more foster carers and opening new homes in the city.",
        ["How many new foster carers have you found this year?",
         "How do you ask children before they move home?"]),
    4: ("Help when you leave care",
        "Leaving care is a big step. We help you find a home, manage money and get into "
        "work, college or training.",
        ["What help is there with money when I leave care?",
         "Can I keep my personal adviser until I am 25?"]),
    5: ("Help for children with SEND (special educational needs and disabilities)",
        "Some children need extra help with learning or health. We want that help to come "
        "on time, and short breaks to be easy to find.",
        ["Why do some plans for extra help take so long?"]),
    6: ("Going to school every day",
        "Being at school helps you learn and see friends. We help children who find it hard "
        "to go to school, and try to keep children in their school.",
        ["What helps a young person who has missed a lot of school?"]),
    7: ("Doing well at school and after",
        "We want every child to do well at school and go on to work, college or training "
        "they enjoy.", []),
    8: ("Social workers who stay",
        "You told us changing social worker is hard. We want social workers to stay, so you "
        "can get to know them.",
        ["How many children had the same social worker all year?",
         "Can young people help choose new social workers?"]),
    9: ("Working together",
        "The council, schools, the police and the health service work together, so you do "
        "not fall through the gaps.", []),
    10: ("Spending money well",
         "We spend money on what makes the most difference to children and families.", []),
}
INTRODUCTION = (
    "This is our plan to make life better for children and young people in Plymouth.\n\n"
    "It says what we are working on, how it is going, and what we changed because of what "
    "you told us. Young people at the Scrutiny Panel use it to ask us questions.")


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def results_csv() -> tuple[bytes, bytes]:
    """The two years' results as the files a council would import."""
    files = []
    for first in (True, False):
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(survey_csv.COLUMNS)
        for question, measure, groups in RESULTS:
            for group, n1, p1, c1, n2, p2, c2 in groups:
                n, p, c = (n1, p1, c1) if first else (n2, p2, c2)
                writer.writerow([question, measure, "2024" if first else "2025", group, n, p,
                                 c, NATIONAL if c else ""])
        files.append(out.getvalue().encode())
    return files[0], files[1]


def load(plan: Plan | None, today: date | None = None) -> None:
    """The illustrative records; nothing new if they are there already."""
    if Feedback.objects.filter(illustrative=True).exists():
        return
    today = today or timezone.localdate()
    people = {u.username: u for u in get_user_model().objects.all()}
    lead = people["demo-participation"]
    priorities = {p.number: p for p in plan.priorities.all()} if plan else {}
    feedback = []
    for days, kind, whom, source, summary, themes, numbers in FEEDBACK:
        day = today - timedelta(days=days)
        feedback.append(services.record_feedback(
            lead, kind=kind, from_whom=whom, source=source, received_on=day, summary=summary,
            new_themes=themes, priorities=[priorities[n] for n in numbers if n in priorities],
            illustrative=True, at=at(day)))
    survey = services.add_survey(lead, name=SURVEY, illustrative=True, description=(
        "Coram Voice and the Rees Centre's survey of children in care, aged 4 to 18, run "
        "each autumn. Illustrative figures."))
    earlier, later = results_csv()
    services.import_results(survey, lead, file_name="bright-spots-2024.csv", content=earlier,
                            at=at(today - timedelta(days=390)))
    services.import_results(survey, lead, file_name="bright-spots-2025.csv", content=later,
                            at=at(today - timedelta(days=25)))
    for days, said, did, by, numbers, index, for_young_people in YOU_SAID:
        day = today - timedelta(days=days)
        linked = [priorities[n] for n in numbers if n in priorities]
        milestones = [m for p in linked for m in p.milestones.order_by("due", "pk")[:1]]
        services.add_you_said(
            lead, you_said=said, we_did=did, done_by=by, done_on=day,
            for_young_people=for_young_people, illustrative=True, priorities=linked,
            milestones=milestones, feedback=[feedback[index]], at=at(day))
    for number, (title, summary, questions) in PLAIN_WORDS.items():
        if number in priorities and not PlainWords.objects.filter(
                priority=priorities[number]).exists():
            services.save_plain_words(priorities[number], lead, seen_version=None,
                                      illustrative=True, title=title, summary=summary,
                                      questions="\n".join(questions))
    services.change_page(lead, seen_version=None, introduction=INTRODUCTION)
    services.publish_page(people["demo-admin"], seen_version=None, published=True)

