"""An illustrative risk and issues log: 25 risks a children's services department keeps,
on the programme, directorate and corporate registers and in every band, with their
controls, further actions in every state, score histories going up, down and staying
level, a few escalated, a few closed, and issues raised from some of them.

Dates are laid out around today, as the plan's are, so that whenever the demo is
prepared some reviews are overdue and some actions late. Loading it again adds nothing.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from smeaton.web.plan.models import Plan
from smeaton.web.plan.rag import Progress
from smeaton.web.risks import matrix, services
from smeaton.web.risks.models import Category, Issue, Level, Proximity, Response, Risk

P, D, C = Level.PROGRAMME, Level.DIRECTORATE, Level.CORPORATE
TREAT, TOLERATE, TRANSFER = Response.TREAT, Response.TOLERATE, Response.TRANSFER
NOW, SOON, LATER = Proximity.NOW, Proximity.SOON, Proximity.LATER
RAISED_DAYS_AGO = 300
REVIEW_EVERY_DAYS = 90


@dataclass(frozen=True)
class DemoRisk:
    title: str
    cause: str
    event: str
    consequence: str
    category: str
    owner: str
    level: str
    inherent: tuple[int, int]
    # current (likelihood, impact) at raising and at each review since, oldest first
    scores: list[tuple[int, int]]
    target: tuple[int, int]
    priorities: tuple[int, ...]
    controls: list[str]
    actions: list[str]
    next_review_in: int  # days from today; below 0, the review is overdue
    response: str = TREAT
    proximity: str = SOON
    escalations: list[tuple[str, str]] = field(default_factory=list)
    closed: str = ""
    issue: tuple[str, str, str, str] | None = None  # title, description, impact, priority
    scenario: int | None = None  # the first action's state, in SCENARIOS, if chosen


# (progress, due in days from today, expected completion in days or None, days since
# the latest update or None for none): complete, on track, at risk, off track, overdue,
# not started, as the partnership plan's demo lays them out.
SCENARIOS = [
    (Progress.COMPLETE, -25, None, 18),
    (Progress.ON_TRACK, 70, None, 11),
    (Progress.AT_RISK, 45, None, 13),
    (Progress.OFF_TRACK, 35, None, 16),
    (Progress.AT_RISK, -20, 60, 9),  # overdue
    (Progress.NOT_STARTED, 110, None, None),
]
OVERDUE = 4
RISKS = [
    DemoRisk("Not enough local homes for children in care",
             "Because fewer foster carers are approved than leave, and residential homes "
             "in the county are full", "there is a risk that children are placed far from "
             "home, in unregistered or unsuitable placements",
             "which would harm their safety and outcomes and overspend the placements budget",
             "Sufficiency", "demo-lead", D, (5, 5), [(4, 5), (5, 5), (5, 5)], (3, 4), (3,),
             ["Weekly placement sufficiency panel chaired by the Head of Service",
              "Fostering recruitment campaign with the regional hub"],
             ["Open two council children's homes", "Recruit 20 more mainstream foster carers"],
             25, proximity=NOW,
             escalations=[(C, "Unregistered placements rose to four; affects the "
                              "council's budget and reputation.")],
             issue=("Two children in unregistered placements this month",
                    "No registered home could be found for two children with complex needs.",
                    "Children at risk in unregulated settings; Ofsted notified.", "high")),
    DemoRisk("High-cost placements overspend the budget",
             "Because the cost of residential placements has risen by a fifth in two years",
             "there is a risk that the placements budget overspends by more than £3 million",
             "which would put the council's budget out of balance",
             "Finance", "ian.kessell", C, (5, 5), [(5, 4), (5, 4), (4, 4)], (3, 3), (3,),
             ["Monthly placement spend tracking with finance",
              "Joint funding panel with health and education"],
             ["Review every placement costing over £8,000 a week"], 40, proximity=NOW,
             issue=("Placements budget forecast to overspend by £2.4 million",
                    "The quarter 2 forecast shows the overspend.",
                    "Savings needed elsewhere in the directorate.", "high")),
    DemoRisk("Reliance on agency social workers",
             "Because experienced social workers are hard to recruit and keep",
             "there is a risk that a quarter of posts stay filled by agency staff",
             "which would cost more and break children's relationships with their workers",
             "Workforce", "ellie.hocking", D, (5, 4), [(5, 4), (4, 4), (4, 3)], (2, 3), (8,),
             ["Regional agency pay cap (memorandum of understanding)",
              "Market supplement for hard-to-fill teams"],
             ["Launch the social work academy for newly qualified workers",
              "Convert 10 agency workers to permanent posts"], 15),
    DemoRisk("Social worker caseloads too high",
             "Because of vacancies and rising referrals", "there is a risk that caseloads "
             "stay above 22 children a worker", "which would leave visits late and "
             "children's plans drifting", "Workforce", "dan.whitfield", P, (4, 4),
             [(4, 4), (4, 4), (4, 4)], (2, 3), (2, 8),
             ["Weekly caseload report to heads of service"],
             ["Set up a temporary assessment team"], -12, response=TREAT),
    DemoRisk("Children exploited criminally or sexually are not identified",
             "Because of gaps in sharing intelligence between partners", "there is a risk "
             "that children being exploited are not identified in time",
             "which would lead to serious harm to them",
             "Safeguarding", "fiona.rowe", C, (5, 5), [(4, 5), (4, 5), (3, 5)], (2, 5), (2,),
             ["Weekly multi-agency exploitation meeting",
              "Exploitation screening tool in every assessment"],
             ["Map exploitation hotspots with the community safety partnership"], 30,
             proximity=NOW),
    DemoRisk("An inadequate Ofsted judgment at the next inspection",
             "Because of inconsistent practice quality found in audits", "there is a risk "
             "that the next ILACS inspection judges services inadequate", "which would "
             "bring intervention by the DfE and loss of confidence", "Reputation",
             "demo-leader", C, (4, 5), [(4, 5), (3, 5), (3, 5)], (2, 4), (2, 3, 8),
             ["Monthly practice audit programme", "Improvement Board oversight"],
             ["Run a mock inspection with peer reviewers",
              "Publish the self-evaluation"], 50, proximity=SOON),
    DemoRisk("SEND transport costs keep rising",
             "Because more children have EHC plans naming schools further away",
             "there is a risk that home to school transport overspends",
             "which would take money from other SEND services", "Finance", "amara.okafor",
             D, (5, 4), [(4, 4), (5, 4), (5, 4)], (3, 3), (5,),
             ["Route optimisation each term"],
             ["Offer independent travel training to 50 young people"], 20,
             escalations=[(C, "The overspend now threatens the council's budget, not only "
                              "the directorate's.")],
             issue=("Transport contract ends without a replacement",
                    "The main transport provider has given notice.",
                    "Some children may have no transport from next term.", "high")),
    DemoRisk("EHC plans not finished within 20 weeks",
             "Because of rising requests and too few educational psychologists",
             "there is a risk that most EHC plans are issued late", "which would delay help "
             "for children and bring tribunals", "Legal and regulatory", "amara.okafor", P,
             (5, 4), [(5, 4), (4, 4), (3, 4)], (2, 3), (5,),
             ["Weekly EHC plan tracking meeting"], ["Commission extra assessment capacity"],
             35),
    DemoRisk("The front door is overwhelmed by contacts",
             "Because contacts to the MASH rose by 20% this year", "there is a risk that "
             "decisions on contacts take longer than a day", "which would leave children at "
             "risk waiting", "Safeguarding", "marcus.bell", P, (4, 5), [(3, 5), (3, 5)],
             (2, 4), (2,), ["Daily MASH triage meeting with police and health"],
             ["Publish the partnership threshold document"], 45),
    DemoRisk("Care leavers without suitable accommodation",
             "Because of too little affordable housing", "there is a risk that care leavers "
             "are placed in bed and breakfast", "which would put them at risk and breach "
             "the council's corporate parenting duties", "Sufficiency", "nadia.rahman", P,
             (4, 4), [(3, 4), (4, 4)], (2, 3), (4,),
             ["Joint housing protocol with the district councils"],
             ["Open a supported lodgings scheme"], -5),
    DemoRisk("The case management system is replaced late",
             "Because the supplier's new version is delayed", "there is a risk that the "
             "current system goes out of support", "which would put case records at risk",
             "Information and systems", "demo-admin", D, (3, 5), [(3, 4), (3, 4)], (2, 3),
             (8,), ["Support contract extended to next March"],
             ["Agree the migration plan with the supplier"], 60, response=TRANSFER),
    DemoRisk("Family Hubs funding ends",
             "Because the national grant is confirmed one year at a time", "there is a risk "
             "that Family Hubs lose their funding", "which would close early help services",
             "Finance", "helen.pascoe", P, (3, 4), [(3, 4), (2, 4), (2, 4)], (2, 3), (1,),
             ["Exit plan agreed with the finance business partner"],
             ["Bid for the extended grant"], 70, proximity=LATER),
    DemoRisk("Early help assessments not completed",
             "Because schools and health lack training in the early help assessment",
             "there is a risk that families wait for help", "which would let problems grow",
             "Partnership", "lucy.trevithick", P, (3, 3), [(3, 3), (3, 3)], (2, 2), (1,),
             ["Monthly early help partnership forum"], ["Train 200 practitioners"], 55),
    DemoRisk("Children missing from education not found quickly",
             "Because the children missing education team has one post vacant",
             "there is a risk that children missing from school are not found within "
             "20 days", "which would leave them unsafe and out of learning",
             "Safeguarding", "gareth.lloyd", P, (3, 4), [(3, 4), (2, 4)], (2, 3), (6,),
             ["Daily check of children missing education"], ["Fill the vacant post"], 80),
    DemoRisk("Persistent absence stays high",
             "Because of anxiety and cost of living pressures on families", "there is a risk "
             "that persistent absence stays above the national average", "which would harm "
             "attainment", "Reputation", "gareth.lloyd", P, (4, 3), [(4, 3), (3, 3), (3, 3)],
             (2, 3), (6,), ["Attendance support team visits"],
             ["Roll out the attendance mentors scheme"], 90, response=TOLERATE),
    DemoRisk("Key managers leave during the improvement programme",
             "Because of competition from neighbouring councils", "there is a risk that "
             "heads of service leave", "which would slow the improvement plan", "Workforce",
             "demo-leader", D, (3, 4), [(2, 4), (3, 4)], (2, 3), (8,),
             ["Succession plan for each head of service"], ["Launch a leadership programme"],
             100, proximity=LATER),
    DemoRisk("Data breach of children's records",
             "Because of emailing records to the wrong recipient", "there is a risk of a "
             "reportable data breach", "which would harm children and bring fines",
             "Information and systems", "demo-admin", C, (4, 4), [(2, 4), (2, 4)], (1, 4),
             (2,), ["Mandatory data protection training", "Secure email for partners"],
             ["Audit access rights quarterly"], 65),
    DemoRisk("Judicial review of a SEND decision",
             "Because of a contested change to short breaks eligibility", "there is a risk "
             "of a judicial review", "which would cost money and delay the change",
             "Legal and regulatory", "amara.okafor", D, (2, 4), [(2, 4), (2, 3)], (1, 3),
             (5,), ["Consultation with parent carer forum"], [], 75),
    DemoRisk("Court proceedings exceed 26 weeks",
             "Because of delays in expert assessments", "there is a risk that care "
             "proceedings take longer than 26 weeks", "which would delay permanence for "
             "children", "Legal and regulatory", "dan.whitfield", P, (3, 3),
             [(3, 3), (3, 3)], (2, 2), (3,), ["Pre-proceedings tracking meeting"],
             ["Agree a protocol with the family court"], 30),
    DemoRisk("Partners do not attend child protection conferences",
             "Because of pressures on health and police staff", "there is a risk that "
             "partners miss conferences", "which would weaken plans for children",
             "Partnership", "fiona.rowe", P, (3, 3), [(2, 3), (2, 2)], (1, 2), (2, 9),
             ["Attendance reported to the safeguarding partnership"], [], 120),
    DemoRisk("The improvement plan's milestones slip",
             "Because of competing demands on managers", "there is a risk that milestones "
             "slip", "which would delay improvement", "Reputation", "demo-lead", P, (3, 3),
             [(2, 2), (2, 2)], (1, 2), (9,), ["Quarterly update rounds"], [], 85,
             response=TOLERATE),
    DemoRisk("Short breaks providers leave the market",
             "Because of rising staff costs", "there is a risk that providers stop "
             "offering short breaks", "which would leave families without respite",
             "Sufficiency", "demo-owner", P, (3, 3), [(2, 2)], (1, 2), (5,),
             ["Provider forum each quarter"], ["Uplift short breaks rates"], -3,
             scenario=OVERDUE),  # so that demo-owner's own list starts with one
    # Closed risks, kept on the register as they closed.
    DemoRisk("Residential home registration delayed",
             "Because Ofsted registration took longer than planned", "there is a risk the "
             "new home opens late", "which would delay bringing children home",
             "Sufficiency", "demo-owner", P, (4, 3), [(4, 3), (2, 3)], (1, 3), (3,),
             ["Weekly project board"], ["Submit the registration application"], 30,
             closed="The home was registered by Ofsted and opened."),
    DemoRisk("Winter pressures close Family Hubs",
             "Because of staff sickness over winter", "there is a risk of Family Hubs "
             "closing for days at a time", "which would leave families without help",
             "Workforce", "helen.pascoe", P, (3, 2), [(2, 2), (1, 2)], (1, 2), (1,),
             ["Cover arrangements across hubs"], [], 30,
             closed="Winter passed with no closures; cover arrangements now routine."),
    DemoRisk("Regional adoption agency fails to match children",
             "Because of too few adopters in the region", "there is a risk that children "
             "wait too long for adoption", "which would harm their chance of permanence",
             "Partnership", "dan.whitfield", C, (3, 4), [(3, 4), (2, 4), (2, 3)], (2, 3),
             (3,), ["Monthly tracking with the regional adoption agency"], [], 30,
             escalations=[(D, "The regional agency has improved: a directorate matter "
                              "again, not the council's.")],
             closed="The regional agency's new recruitment met its targets for a year."),
]

COMMENTARY = {
    Progress.COMPLETE: "Done; reported to the leadership team.",
    Progress.ON_TRACK: "On track; the next steps are agreed.",
    Progress.AT_RISK: "Slower than planned because of vacancies; cover agreed.",
    Progress.OFF_TRACK: "Funding is not yet agreed; escalated to the Improvement Board.",
    Progress.NOT_STARTED: "Starts next quarter.",
}


def at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(11, 0)))


def categories() -> dict[str, Category]:
    return {name: Category.objects.get_or_create(
        name=name, defaults={"description": description, "appetite": appetite})[0]
        for name, description, appetite in matrix.DEFAULT_CATEGORIES}


def review_days(count: int, today: date) -> list[date]:
    """When a risk with this many score records was raised and reviewed: the latest a
    month ago, the others a review cycle apart before it."""
    return [today - timedelta(days=30 + REVIEW_EVERY_DAYS * (count - 1 - n))
            for n in range(count)]


@transaction.atomic
def load(plan: Plan | None, today: date | None = None) -> None:
    """The illustrative log; nothing new if it is there already."""
    if Risk.objects.filter(illustrative=True).exists():
        return
    today = today or timezone.localdate()
    people = {u.username: u for u in get_user_model().objects.all()}
    office = people["demo-admin"]
    by_name = categories()
    priorities = {p.number: p for p in plan.priorities.all()} if plan else {}
    scenario = 0
    for spec in RISKS:
        risk = raise_with_history(spec, office, people, by_name, priorities, today)
        if spec.scenario is not None:
            scenario = spec.scenario
        for title in spec.actions:
            add_demo_action(risk, office, people[spec.owner], title, SCENARIOS[scenario],
                            today)
            scenario = (scenario + 1) % len(SCENARIOS)
        if spec.issue:
            issue = raise_demo_issue(risk, spec.issue, people["demo-leader"], today)
            add_demo_action(issue, office, issue.owner, f"Resolve: {issue.title}",
                            SCENARIOS[scenario], today)
            scenario = (scenario + 1) % len(SCENARIOS)
        if spec.closed:
            services.close_risk(risk, people["demo-leader"], reason=spec.closed,
                                seen_version=None, at=at(today - timedelta(days=20)))
    for spec in ISSUES:
        raise_standalone_issue(spec, office, people, SCENARIOS[scenario], today)
        scenario = (scenario + 1) % len(SCENARIOS)


def raise_with_history(spec: DemoRisk, office, people, by_name, priorities, today) -> Risk:
    days = review_days(len(spec.scores), today)
    owner = people[spec.owner]
    target = {"target_likelihood": spec.target[0], "target_impact": spec.target[1]}
    first = spec.scores[0]
    last_review_next = (today + timedelta(days=spec.next_review_in) if len(spec.scores) == 1
                        else days[1])
    risk = services.raise_risk(
        office, title=spec.title, cause=spec.cause, event=spec.event,
        consequence=spec.consequence, category=by_name[spec.category], owner=owner,
        level=spec.level,
        inherent_likelihood=spec.inherent[0], inherent_impact=spec.inherent[1],
        current_likelihood=first[0], current_impact=first[1], **target,
        response=spec.response, proximity=spec.proximity, illustrative=True,
        next_review=max(last_review_next, days[0]), at=at(days[0]),
        priorities=[priorities[n] for n in spec.priorities if n in priorities])
    for controls_day, text in enumerate(spec.controls):
        services.add_control(risk, office, description=text,
                             at=at(days[0] + timedelta(days=controls_day)))
    # Escalated soon after it was raised, before its reviews: events in the order of
    # their dates, so that its audit trail reads as it happened.
    for to_level, reason in spec.escalations:
        services.escalate(risk, people["demo-leader"], to_level=to_level, reason=reason,
                          seen_version=None, at=at(days[0] + timedelta(days=10)))
    for n, (likelihood, impact) in enumerate(spec.scores[1:], start=1):
        final = n == len(spec.scores) - 1
        next_review = today + timedelta(days=spec.next_review_in) if final else days[n + 1]
        services.review_risk(
            risk, owner, seen_version=None, at=at(days[n]),
            next_review=max(next_review, days[n]), note=review_note(spec.scores, n),
            current_likelihood=likelihood, current_impact=impact, **target)
    return risk


def review_note(scores: list[tuple[int, int]], n: int) -> str:
    before, now = scores[n - 1][0] * scores[n - 1][1], scores[n][0] * scores[n][1]
    if now > before:
        return "The risk has grown since the last review; further actions agreed."
    if now < before:
        return "The controls are working: the risk has come down."
    return "No change since the last review; the actions continue."


# Problems now that no risk foresaw: title, description, impact, priority, owner, raised
# days ago, to be resolved in days (below 0: overdue), resolution if resolved.
ISSUES = [
    ("Case management system unavailable for two days",
     "The supplier's update failed and the system was down on Monday and Tuesday.",
     "Visits recorded late; the out-of-hours team worked from paper.", "high",
     "demo-admin", 12, -2, ""),
    ("Independent reviewing officer on long-term sick leave",
     "One of six IROs is off for at least three months.",
     "Reviews for 60 children in care at risk of being late.", "medium", "demo-lead", 30, 25,
     ""),
    ("Short breaks booking system double-booked weekends",
     "A fault in the booking system double-booked 14 families.",
     "Families lost respite weekends.", "low", "demo-owner", 60, -30,
     "The supplier fixed the fault; every family was offered another weekend."),
]


def raise_standalone_issue(spec, office, people, scenario, today) -> Issue:
    title, description, impact, priority, owner, raised, due_in, resolution = spec
    issue = services.raise_issue(
        people["demo-leader"], title=title, description=description, impact=impact,
        priority=priority, owner=people[owner], raised_on=today - timedelta(days=raised),
        target_date=today + timedelta(days=due_in), illustrative=True,
        at=at(today - timedelta(days=raised)))
    # A resolved issue's action was done; an open one's takes the next state in turn.
    add_demo_action(issue, office, issue.owner, f"Resolve: {title}",
                    SCENARIOS[0] if resolution else scenario, today)
    if resolution:
        services.resolve_issue(issue, people["demo-leader"], resolution=resolution,
                               seen_version=None, at=at(today - timedelta(days=5)))
    return issue


def raise_demo_issue(risk: Risk, spec: tuple[str, str, str, str], by, today) -> Issue:
    title, description, impact, priority = spec
    return services.raise_issue(
        by, risk=risk, title=title, description=description, impact=impact,
        priority=priority, owner=risk.owner, raised_on=today - timedelta(days=20),
        target_date=today + timedelta(days=40), illustrative=True,
        priorities=list(risk.priorities.all()), at=at(today - timedelta(days=20)))


def add_demo_action(treats, office, owner, title: str, scenario, today: date) -> None:
    progress, due_in, forecast_in, updated = scenario
    action = services.add_action(treats, office, title=title, description="", owner=owner,
                                 due=today + timedelta(days=due_in),
                                 at=at(today - timedelta(days=100)))
    if updated is not None:
        services.post_update(
            action, owner, progress=progress, commentary=COMMENTARY[progress],
            forecast=today + timedelta(days=forecast_in) if forecast_in else None,
            posted_at=at(today - timedelta(days=updated)))
