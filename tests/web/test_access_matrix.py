"""Every URL, every role, signed out, GET and POST, against one declared table.

The URLs come from the URLconf itself, so a page added without a row here fails
``test_every_url_has_a_row``. Each row says, for GET and for POST (an empty form), what
each person gets: the page (200), a redirect on success (302), a refusal (403), the
sign-in page (a redirect there), or "not allowed" (405, a page that only reads).

The people: one in each role, related to no record, and two related to the records:
the lead of the priority ("lead") and the owner of the milestone ("owner"). The partner
works for the organisation that owns the partnership plan's action; everywhere else a
partner gets exactly what a viewer gets, which
``test_a_partner_gets_what_a_viewer_gets_outside_the_partnership_plan`` checks row by row.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tasks_db.models import DBTaskResult

from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import ChildLevelRead, Organisation, Role, ServiceArea, User
from smeaton.web.boards import services as board_services
from smeaton.web.boards.models import Board, Meeting
from smeaton.web.commentary import services as commentary_services
from smeaton.web.commentary.periods import Kind, Period
from smeaton.web.partnership import services as partnership_services
from smeaton.web.partnership.models import PartnershipPlan, SharedPriority
from smeaton.web.performance import loading
from smeaton.web.performance.models import Indicator, PublishedLoad, Target
from smeaton.web.plan import services
from smeaton.web.plan.models import (
    Milestone,
    Outcome,
    Plan,
    Priority,
    RagSettings,
    YearEnd,
)
from smeaton.web.plan.rag import Progress
from smeaton.web.reminders import services as reminders
from smeaton.web.reminders.models import Email
from smeaton.web.reports import services as report_services
from smeaton.web.reports.models import ReportType
from smeaton.web.returns.models import Load
from smeaton.web.returns.tasks import run_load
from smeaton.web.risks import services as risk_services
from smeaton.web.risks.models import Category, RiskMatrix
from smeaton.web.service_plans import services as service_plan_services
from smeaton.web.service_plans.models import ServicePlan
from smeaton.web.voice import services as voice_services
from tests.conftest import signed_in

OK, REDIRECT, DENIED, SIGN_IN, NOT_ALLOWED, NOT_FOUND, MOVED = (
    "page", "redirect", "refused", "sign-in", "not allowed", "not found", "moved")
A, L, P, C, V, N = (Role.ADMINISTRATOR, Role.LEADERSHIP, Role.PRIORITY_LEAD, Role.CONTRIBUTOR,
                    Role.VIEWER, Role.ANALYST)
T = Role.PARTNER  # works for the partner organisation that owns the partnership action
K = Role.COUNCILLOR  # reads as a viewer does, and the boards they sit on
Q = Role.QA_LEAD  # runs case-file audits: sees children, as analysts do
Y = Role.PARTICIPATION_LEAD  # keeps the voice of children and families
LEAD, OWNER, ANONYMOUS = "lead", "owner", "signed out"
SIGNED_IN = [*Role, LEAD, OWNER]
SUBJECTS = [*SIGNED_IN, ANONYMOUS]
OFFICE = {A, L}  # the programme office
AT_THE_COUNCIL = [s for s in SIGNED_IN if s != T]  # everyone but the partner
WORK_ON_COMMENTARY = {A, L, P, N, LEAD}
QUARTER = Period(date(2025, 9, 30), Kind.QUARTER)  # the commentary's period
BOARD_READERS = set(SIGNED_IN) - {T}  # everyone at the council, and the board's members
TWO_FACTOR = {A, N, Q}  # roles that must use a second factor (accounts/roles.py)
CHILD_LEVEL = {N, Q}  # roles with child-level access (accounts/roles.py)
VOICE_KEEPERS = {Y, A, L}  # keep the voice of children and families' records
TODAY = datetime(2025, 11, 20, 10, 0, tzinfo=ZoneInfo("Europe/London"))


def only(who, outcome=OK):
    """``who`` gets ``outcome``; everyone else signed in is refused; signed out, sign in."""
    return {s: outcome if s in who else SIGN_IN if s == ANONYMOUS else DENIED for s in SUBJECTS}


def everyone(outcome=OK):
    return only(SIGNED_IN, outcome)


def all_of(outcome):
    return {s: outcome for s in SUBJECTS}


def reads(who=SIGNED_IN):
    """A page that only reads: the people allowed see it; a form sent to it is refused."""
    return only(who), only(SIGNED_IN, NOT_ALLOWED)


@dataclass(frozen=True)
class Row:
    kwargs: object  # the world -> the URL's arguments
    get: dict
    post: dict


def row(get_post: tuple[dict, dict], kwargs=lambda w: {}) -> Row:
    return Row(kwargs, *get_post)


def pk(name):
    return lambda w: {"pk": w[name].pk}


MATRIX: dict[str, Row] = {
    "home": row(reads()),
    "favicon": row((all_of(MOVED), all_of(MOVED))),
    "accounts:sign-in": row((only([ANONYMOUS]) | {s: REDIRECT for s in SIGNED_IN},
                             only([ANONYMOUS]) | {s: REDIRECT for s in SIGNED_IN})),
    "accounts:sign-out": row((everyone(), all_of(SIGN_IN))),
    "accounts:account": row(reads()),
    "accounts:password-change": row((everyone(), everyone())),
    # Two-factor authentication: everyone here has passed it, or needs none, so the
    # pages for entering a code send them on; anyone may set up an authenticator app.
    "accounts:two-factor": row((everyone(REDIRECT), everyone(REDIRECT))),
    "accounts:recovery-code": row((everyone(REDIRECT), everyone(REDIRECT))),
    "accounts:two-factor-setup": row((everyone(), everyone())),
    # Those without an authenticator app are sent to set one up; the others are asked
    # for a code from it before new recovery codes are made.
    "accounts:recovery-codes": row((only(TWO_FACTOR) | {s: REDIRECT for s in SIGNED_IN
                                                        if s not in TWO_FACTOR},) * 2),
    # The identity provider: none is configured here, so there is nothing to find.
    "accounts:provider-sign-in": row((all_of(NOT_FOUND), all_of(NOT_ALLOWED))),
    "accounts:provider-callback": row((all_of(NOT_FOUND), all_of(NOT_ALLOWED))),
    "accounts:sign-in-refused": row((all_of(OK), all_of(NOT_ALLOWED))),
    "accounts:people": row(reads(OFFICE)),
    "accounts:person": row(reads(OFFICE), pk("colleague")),
    # The plan
    # Each person chooses their own reminders: nobody's but their own.
    "reminders:preferences": row((everyone(), everyone(REDIRECT))),  # empty: none wanted
    "plan:overview": row(reads()),
    "plan:plan": row(reads(), pk("plan")),
    "plan:mine": row(reads()),
    "plan:priority": row(reads(), pk("priority")),
    "plan:priority-edit": row((only(OFFICE | {LEAD}), only(OFFICE | {LEAD})), pk("priority")),
    "plan:milestone-add": row((only(OFFICE | {LEAD}), only(OFFICE | {LEAD})),
                              lambda w: {"priority_pk": w["priority"].pk}),
    "plan:milestone": row(reads(), pk("milestone")),
    "plan:milestone-edit": row((only(OFFICE | {LEAD}), only(OFFICE | {LEAD})), pk("milestone")),
    "plan:milestone-update": row((only({LEAD, OWNER}), only({LEAD, OWNER})), pk("milestone")),
    "plan:milestone-rag": row((only({L, LEAD}), only({L, LEAD})), pk("milestone")),
    "plan:rounds": row((everyone(), only(OFFICE))),
    "plan:round": row(reads(), pk("round")),
    "plan:round-deadline": row((only(OFFICE), only(OFFICE)), pk("round")),
    "plan:round-close": row((only(OFFICE), only(OFFICE, REDIRECT)), pk("round")),
    "plan:update-return": row((only(OFFICE), only(OFFICE)), pk("update")),
    "plan:reassign": row((only(OFFICE), only(OFFICE))),
    # The year-end review: the world's 2024/25 review is closed, its next year not agreed.
    "plan:year-ends": row(reads()),
    "plan:year-end": row(reads(), lambda w: {"year": 2024}),
    "plan:year-end-start": row((only(SIGNED_IN, NOT_ALLOWED), only(OFFICE, REDIRECT)),
                               lambda w: {"year": 2024}),
    "plan:year-end-close": row((only(OFFICE, REDIRECT), only(OFFICE, REDIRECT)),
                               lambda w: {"year": 2024}),
    "plan:year-end-agree": row((only(OFFICE), only(OFFICE, REDIRECT)),
                               lambda w: {"year": 2024}),
    # No review of the milestone's year is open: it is sent back to the milestone.
    "plan:withdraw-decision": row((only(OFFICE | {LEAD}, REDIRECT),
                                   only(OFFICE | {LEAD}, REDIRECT)), pk("milestone")),
    "plan:milestone-decide": row((only(OFFICE | {LEAD}, REDIRECT),
                                  only(OFFICE | {LEAD}, REDIRECT)), pk("milestone")),
    # Service plans: the service plan's lead is "lead", the action's owner is "owner".
    "service_plans:list": row(reads()),
    "service_plans:matrix": row(reads()),
    "service_plans:actions": row(reads()),
    "service_plans:service-plan": row(reads(), pk("service_plan")),
    "service_plans:action-add": row((only(OFFICE | {LEAD}), only(OFFICE | {LEAD})),
                                    pk("service_plan")),
    "service_plans:action": row(reads(), pk("service_action")),
    "service_plans:action-edit": row((only(OFFICE | {LEAD}), only(OFFICE | {LEAD})),
                                     pk("service_action")),
    "service_plans:action-update": row((only({LEAD, OWNER}), only({LEAD, OWNER})),
                                       pk("service_action")),
    # The partnership plan: the partner works for the organisation that owns the action.
    "partnership:plan": row(reads()),
    "partnership:action": row(reads(), pk("partner_action")),
    "partnership:action-add": row((only(OFFICE), only(OFFICE)), pk("shared_priority")),
    "partnership:action-edit": row((only(OFFICE), only(OFFICE)), pk("partner_action")),
    "partnership:action-update": row((only({T}), only({T})), pk("partner_action")),
    # Boards: the councillor sits on the board; the partner does not, so is refused it
    # (the list of boards is theirs, with none on it). The meeting has been held, so its
    # minutes (all optional) save from an empty form, and it cannot be held again.
    "boards:index": row(reads()),
    "boards:board-add": row((only(OFFICE), only(OFFICE))),
    "boards:board": row(reads(BOARD_READERS), pk("board")),
    "boards:board-edit": row((only(OFFICE), only(OFFICE)), pk("board")),
    "boards:meeting-add": row((only(OFFICE), only(OFFICE)), pk("board")),
    "boards:meeting": row(reads(BOARD_READERS), pk("meeting")),
    "boards:meeting-edit": row((only(OFFICE), only(OFFICE)), pk("meeting")),
    "boards:meeting-ics": row(reads(BOARD_READERS), pk("meeting")),
    "boards:meeting-held": row((only(OFFICE), only(OFFICE)), pk("meeting")),
    "boards:meeting-cancel": row((only(OFFICE), only(OFFICE)), pk("meeting")),
    "boards:agenda-item-add": row((only(OFFICE), only(OFFICE)), pk("meeting")),
    "boards:agenda-item-edit": row((only(OFFICE), only(OFFICE)), pk("agenda_item")),
    "boards:attendance": row((only(OFFICE), only(OFFICE)), pk("meeting")),
    "boards:minutes": row((only(OFFICE), only(OFFICE, REDIRECT)), pk("meeting")),
    "boards:decision-add": row((only(OFFICE), only(OFFICE)), pk("meeting")),
    "boards:decision-edit": row((only(OFFICE), only(OFFICE)), pk("decision")),
    "boards:action-add": row((only(OFFICE), only(OFFICE)), pk("meeting")),
    "boards:action": row(reads(BOARD_READERS), pk("board_action")),
    "boards:action-edit": row((only(OFFICE), only(OFFICE)), pk("board_action")),
    "boards:action-update": row((only({OWNER}), only({OWNER})), pk("board_action")),
    # The risk and issues log: everyone at the council reads it, partners do not. The
    # risk, its issue and both actions are owned by "owner".
    "risks:register": row(reads(AT_THE_COUNCIL)),
    "risks:export": row(reads(AT_THE_COUNCIL), lambda w: {"file_format": "xlsx"}),
    "risks:heat-map": row(reads(AT_THE_COUNCIL)),
    "risks:mine": row(reads(AT_THE_COUNCIL)),
    "risks:risk-add": row((only(OFFICE), only(OFFICE))),
    "risks:risk": row(reads(AT_THE_COUNCIL), pk("risk")),
    "risks:risk-edit": row((only(OFFICE), only(OFFICE)), pk("risk")),
    "risks:risk-review": row((only(OFFICE | {OWNER}), only(OFFICE | {OWNER})), pk("risk")),
    "risks:risk-escalate": row((only(OFFICE), only(OFFICE)), pk("risk")),
    "risks:risk-close": row((only(OFFICE), only(OFFICE)), pk("risk")),
    "risks:control-add": row((only(OFFICE | {OWNER}), only(OFFICE | {OWNER})), pk("risk")),
    "risks:risk-action-add": row((only(OFFICE | {OWNER}), only(OFFICE | {OWNER})),
                                 pk("risk")),
    "risks:control-end": row((only(OFFICE | {OWNER}), only(OFFICE | {OWNER})), pk("control")),
    "risks:issue-from-risk": row((only(OFFICE), only(OFFICE)), pk("risk")),
    "risks:issues": row(reads(AT_THE_COUNCIL)),
    "risks:issue-add": row((only(OFFICE), only(OFFICE))),
    "risks:issue": row(reads(AT_THE_COUNCIL), pk("issue")),
    "risks:issue-edit": row((only(OFFICE), only(OFFICE)), pk("issue")),
    "risks:issue-resolve": row((only(OFFICE), only(OFFICE)), pk("issue")),
    "risks:issue-action-add": row((only(OFFICE | {OWNER}), only(OFFICE | {OWNER})),
                                  pk("issue")),
    "risks:action": row(reads(AT_THE_COUNCIL), pk("risk_action")),
    "risks:action-edit": row((only(OFFICE), only(OFFICE)), pk("risk_action")),
    "risks:action-update": row((only({OWNER}), only({OWNER})), pk("risk_action")),
    # The voice of children and families: everyone at the council reads it; partners read
    # "you said, we did" and the young people's page only; the participation lead,
    # administrators and leadership keep it; an administrator publishes the young
    # people's page (not published in this world, so nobody signed out finds it).
    "voice:index": row(reads()),
    "voice:feedback-list": row(reads(AT_THE_COUNCIL)),
    "voice:feedback-add": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS))),
    "voice:feedback": row(reads(AT_THE_COUNCIL), pk("feedback")),
    "voice:feedback-edit": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS)), pk("feedback")),
    "voice:surveys": row(reads(AT_THE_COUNCIL)),
    "voice:survey-add": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS))),
    "voice:survey-template": row(reads(AT_THE_COUNCIL)),
    "voice:survey": row(reads(AT_THE_COUNCIL), pk("survey")),
    "voice:survey-export": row(reads(AT_THE_COUNCIL), pk("survey")),
    "voice:survey-import": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS)), pk("survey")),
    "voice:you-said-list": row(reads()),
    "voice:you-said-add": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS))),
    "voice:you-said": row(reads(), pk("you_said")),
    "voice:you-said-edit": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS)), pk("you_said")),
    "voice:young-people": row((everyone() | {ANONYMOUS: NOT_FOUND}, all_of(NOT_ALLOWED))),
    "voice:words": row(reads(VOICE_KEEPERS)),
    "voice:words-edit": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS)), pk("priority")),
    # An empty introduction is allowed: the page's own words are shown instead.
    "voice:page-edit": row((only(VOICE_KEEPERS), only(VOICE_KEEPERS, REDIRECT))),
    "voice:page-publish": row((only({A}), only({A}, REDIRECT))),
    # Reports: the world's report is a restricted draft to the world's board, which the
    # councillor sits on and the partner does not. Leadership issues it; a draft's file
    # is written as it is asked for.
    "reports:reports": row(reads()),
    "reports:draft": row((only(OFFICE), only(OFFICE))),
    "reports:template": row((only({A}), only({A}))),
    "reports:report": row(reads(BOARD_READERS), pk("report")),
    "reports:edit": row((only(OFFICE), only(OFFICE)), pk("report")),
    "reports:issue": row((only({L}), only({L}, REDIRECT)), pk("report")),
    "reports:download": row(reads(BOARD_READERS), lambda w: {"pk": w["report"].pk,
                                                             "file_format": "xlsx"}),
    # Performance
    "performance:scorecard": row(reads()),
    "performance:export": row(reads(), lambda w: {"file_format": "xlsx"}),
    "performance:measures": row(reads()),
    "performance:equalities": row(reads()),
    "performance:indicator": row(reads(), lambda w: {"slug": w["indicator"].slug}),
    "performance:target": row((only({L, N, A}), only({L, N, A})),
                              lambda w: {"slug": w["indicator"].slug}),
    # An empty tolerance is a valid answer (flag no year), so a form sent empty saves.
    "performance:dfe_tolerance": row((only({L, N, A}), only({L, N, A}, REDIRECT)),
                                     lambda w: {"slug": w["indicator"].slug}),
    "performance:links": row((only(OFFICE), only(OFFICE, REDIRECT)),
                             lambda w: {"slug": w["indicator"].slug}),
    # Returns: the record of loads for the analysts, the programme office and
    # administrators; uploading and the problem report (child-level) for analysts.
    "returns:loads": row(reads({N, A, L})),
    "returns:upload": row((only({N}), only({N}))),
    "returns:load": row(reads({N, A, L}), pk("returns_load")),
    "returns:problems": row(reads({N}), pk("returns_load")),
    "returns:problems-export": row(reads({N}), lambda w: {"pk": w["returns_load"].pk,
                                                          "file_format": "csv"}),
    # The children behind a figure (child-level): analysts only, and everyone else is
    # refused whatever the method. With no figure chosen, the list is its form alone; a
    # download or re-identification goes back to it.
    "children:children": row((only(CHILD_LEVEL), only(CHILD_LEVEL, NOT_ALLOWED))),
    "children:export": row((only(CHILD_LEVEL, REDIRECT), only(CHILD_LEVEL, NOT_ALLOWED)),
                           lambda w: {"file_format": "csv"}),
    "children:reidentify": row((only(CHILD_LEVEL, REDIRECT), only(CHILD_LEVEL, REDIRECT))),
    # Commentary: the indicator's commentary for the quarter awaits sign-off, drafted by
    # the analyst; the lead leads a priority it measures, so owns it, as leadership does.
    "commentary:clinic": row(reads(WORK_ON_COMMENTARY)),
    "commentary:commentary": row(reads(WORK_ON_COMMENTARY),
                                 lambda w: {"slug": w["indicator"].slug}),
    "commentary:edit": row((only({L, N}), only({L, N})), lambda w: {
        "slug": w["indicator"].slug, "period": QUARTER.slug}),
    "commentary:submit": row((only(SIGNED_IN, NOT_ALLOWED), only({L, N}, REDIRECT)), lambda w: {
        "slug": w["indicator"].slug, "period": QUARTER.slug}),
    "commentary:decide": row((only({L, LEAD}), only({L, LEAD})), lambda w: {
        "slug": w["indicator"].slug, "period": QUARTER.slug}),
    # The admin site: administrators only, and within it each record's rules.
    "admin:index": row((only({A}), only({A}))),
    "admin:login": row((all_of(SIGN_IN), all_of(SIGN_IN))),
    "admin:logout": row((only({A}, NOT_ALLOWED), only({A}, SIGN_IN))),
    "admin:password_change": row((only({A}), only({A}))),
    "admin:password_change_done": row((only({A}), only({A}, NOT_ALLOWED))),
    "admin:autocomplete": row((only({A}, DENIED), only({A}, NOT_ALLOWED))),
    "admin:jsi18n": row((only({A}), only({A}, NOT_ALLOWED))),
    "admin:view_on_site": row((only({A}, NOT_FOUND), only({A}, NOT_FOUND)), lambda w: {
        "content_type_id": ContentType.objects.get_for_model(User).pk,
        "object_id": w["colleague"].pk}),
    "admin:app_list": row((only({A}), only({A})), lambda w: {"app_label": "plan"}),
    "admin/(?P<url>.*)$": row((only({A}, NOT_FOUND), only({A}, NOT_FOUND)),
                              lambda w: {"url": "nothing-here/"}),
    "admin:auth_user_password_change": row((only({A}), only({A})),
                                           lambda w: {"id": w["colleague"].pk}),
}


def admin_rows(app: str, model: str, record: str, *, add=True, delete=True, history=True,
               versions=True) -> dict[str, Row]:
    """The admin site's pages for one kind of record, as its rules allow them."""
    prefix = f"admin:{app}_{model}_"
    obj = lambda w: {"object_id": w[record].pk}  # noqa: E731
    allowed = lambda yes, outcome=OK: only({A}, outcome if yes else DENIED)  # noqa: E731
    rows = {
        prefix + "changelist": row((only({A}), only({A}))),
        prefix + "add": row((allowed(add), allowed(add)), ),
        prefix + "change": row((only({A}), only({A})), obj),
        # An empty form does not confirm a deletion: the page asks again.
        prefix + "delete": row((allowed(delete), allowed(delete)), obj),
        prefix + "history": row((allowed(history), allowed(history)), obj),
        f"admin/{app}/{model}/<path:object_id>/": row((only({A}, REDIRECT),) * 2, obj),
    }
    if versions:
        rows[prefix + "simple_history"] = row(
            (allowed(history), only({A}, DENIED)),
            lambda w: (w[record].pk, w[record].history.latest().history_id))
    return rows


MATRIX |= (
    # Nobody deletes a person (close their account instead), a plan, a priority or the
    # RAG settings: their history and everything that refers to them would go.
    admin_rows("accounts", "user", "colleague", delete=False)
    | admin_rows("accounts", "servicearea", "service_area")
    # Nor a partner organisation, the partnership plan or a shared priority.
    | admin_rows("accounts", "organisation", "organisation", delete=False)
    | admin_rows("partnership", "partnershipplan", "partnership_plan", delete=False)
    | admin_rows("partnership", "sharedpriority", "shared_priority", delete=False)
    | admin_rows("plan", "plan", "plan", delete=False)
    # The risk matrix is one, reworded but never added or deleted; nor is a risk
    # category deleted, since its risks refer to it.
    | admin_rows("risks", "riskmatrix", "risk_matrix", add=False, delete=False)
    | admin_rows("risks", "category", "risk_category", delete=False)
    # Kinds of report: nobody deletes one, since its reports refer to it.
    | admin_rows("reports", "reporttype", "report_type", delete=False)
    | admin_rows("plan", "priority", "priority", delete=False)
    | admin_rows("plan", "ragsettings", "rag_settings", add=False, delete=False)
    # Rounds open and close on the plan's pages; here an open round's deadline changes.
    | admin_rows("plan", "updateround", "round", add=False, delete=False)
    | admin_rows("service_plans", "serviceplan", "service_plan")
    | admin_rows("performance", "target", "target")
    # Records, read-only: published loads, and sign-in throttling (deleting unlocks).
    | admin_rows("performance", "publishedload", "load", add=False, delete=False,
                 versions=False)
    | admin_rows("returns", "load", "returns_load", add=False, delete=False, versions=False)
    | admin_rows("accounts", "childlevelread", "child_level_read", add=False, delete=False,
                 versions=False)
    # The task queue, read-only: what the worker has run and is to run.
    | admin_rows("django_tasks_database", "dbtaskresult", "task", add=False, delete=False,
                 versions=False)
    # Reminders sent, and people's choices: read-only (each chooses on their account).
    | admin_rows("reminders", "email", "email", add=False, delete=False, versions=False)
    | admin_rows("reminders", "preferences", "preferences", add=False, delete=False,
                 versions=False)
    | admin_rows("axes", "accessattempt", "attempt", add=False, versions=False)
    | admin_rows("axes", "accesslog", "access_log", add=False, delete=False, versions=False)
    | admin_rows("axes", "accessfailurelog", "failure", add=False, versions=False)
)
# A record shown read-only takes no form.
for name in ("admin:performance_publishedload_change", "admin:axes_accessattempt_change",
             "admin:returns_load_change", "admin:accounts_childlevelread_change",
             "admin:django_tasks_database_dbtaskresult_change",
             "admin:axes_accesslog_change", "admin:axes_accessfailurelog_change",
             "admin:reminders_email_change", "admin:reminders_preferences_change"):
    MATRIX[name] = Row(MATRIX[name].kwargs, MATRIX[name].get, only({A}, DENIED))


def test_a_partner_gets_what_a_viewer_gets_outside_the_partnership_plan():
    """Partners work for other organisations: they see the plan, the partnership plan and
    the published scorecard as a viewer does, and nothing a viewer cannot (no returns,
    children behind figures, commentary workbench or Administration)."""
    for key, expected in MATRIX.items():
        # A partner reads only the boards they sit on, and the world's partner sits on
        # none (a viewer, at the council, reads every board): tests/web/boards has the rest.
        # The council's own risk register is not shared with partners (the risks rows);
        # a board's restricted reports are its members' (the reports rows).
        # Of the voice of children, partners read only "you said, we did" and the young
        # people's page.
        if not key.startswith(("partnership:", "boards:", "risks:", "reports:", "voice:")):
            assert (expected.get[T], expected.post[T]) == (expected.get[V], expected.post[V]), key
    for key in ("returns:loads", "children:children", "commentary:clinic", "admin:index",
                "risks:register", "risks:risk", "risks:heat-map", "risks:issues",
                "voice:feedback-list", "voice:feedback", "voice:surveys", "voice:survey",
                "voice:survey-export"):
        assert MATRIX[key].get[T] == DENIED, key


def test_a_councillor_gets_what_a_viewer_gets_outside_the_boards():
    """Councillors read the plan, its performance and its risks as viewers do; the boards
    they sit on are theirs to read too."""
    for key, expected in MATRIX.items():
        if not key.startswith("boards:"):
            assert (expected.get[K], expected.post[K]) == (expected.get[V], expected.post[V]), key


def test_a_councillor_is_refused_a_board_they_do_not_sit_on(db, client, world):
    elsewhere = board_services.add_board(
        world["people"][L], name="Corporate Parenting Board", purpose="", chair=None,
        cadence=Board.Cadence.QUARTERLY, action_log_name="Action log")
    signed_in(client, world["people"][K])
    boards = client.get("/boards/").content.decode()
    assert world["board"].name in boards and elsewhere.name not in boards
    assert client.get(f"/boards/{elsewhere.pk}/").status_code == 403
    assert client.get(f"/boards/{world['board'].pk}/").status_code == 200


def url_patterns(patterns=None, prefix="", namespace=""):
    """(key, pattern, route) for every URL: its name, or its route where it has none."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from url_patterns(pattern.url_patterns, route, inner)
        elif isinstance(pattern, URLPattern):
            yield (f"{namespace}{pattern.name}" if pattern.name else route), route


def test_every_url_has_a_row_and_every_row_a_url():
    keys = [key for key, _ in url_patterns()]
    assert len(keys) == len(set(keys)), "two URLs share a name"
    assert set(keys) - set(MATRIX) == set(), "URLs with no row in the access matrix"
    assert set(MATRIX) - set(keys) == set(), "rows for URLs that no longer exist"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Records of every kind, and a person of each kind, kept for the module's tests
    (each test's own changes are rolled back), then removed."""
    with django_db_blocker.unblock(), time_machine.travel(TODAY, tick=False):
        loading.load_shipped()
        people = {role: User.objects.create(username=f"{role}", role=role) for role in Role}
        lead = User.objects.create(username="the-lead", role=Role.PRIORITY_LEAD)
        owner = User.objects.create(username="the-owner", role=Role.CONTRIBUTOR,
                                    email="owner@example.org")
        people |= {LEAD: lead, OWNER: owner}
        plan = Plan.objects.create(title="Achieving Excellence", first_year=2024)
        priority = Priority.objects.create(plan=plan, number=3, title="Children in care",
                                           lead=lead)
        outcome = Outcome.objects.create(priority=priority, title="More children live nearby")
        milestone = Milestone.objects.create(
            priority=priority, plan_year=2025, title="Open two homes", owner=owner,
            due=date(2026, 1, 31), outcome=outcome)
        office = people[L]
        YearEnd.objects.create(plan=plan, plan_year=2024, state=YearEnd.State.CLOSED,
                               opened_by=office, closed_by=office, closed_at=TODAY)
        update_round = services.open_round(plan, office, plan_year=2025, quarter=3,
                                           deadline=TODAY.date() + timedelta(days=20))
        update = services.post_update(milestone, owner, progress=Progress.ON_TRACK,
                                      commentary="Going well.", round_id=update_round.pk)
        indicator = next(i for i in Indicator.objects.all() if i.definition.has_target)
        indicator.priorities.add(priority)
        draft = commentary_services.save_draft(
            indicator, QUARTER, people[N],
            commentary_services.Parts("Rose.", "Homes closed.", "Recruiting."),
            seen=commentary_services.Seen())
        commentary_services.submit(indicator, QUARTER, people[N],
                                   seen=commentary_services.Seen(1, draft.revision))
        world = {
            "people": people, "plan": plan, "priority": priority, "milestone": milestone,
            "round": update_round, "update": update, "indicator": indicator,
            "colleague": User.objects.create(username="colleague"),
            "service_area": ServiceArea.objects.create(name="Fostering"),
            "rag_settings": RagSettings.objects.create(),
            "target": Target.objects.create(indicator=indicator, year=2025, value=20),
            "load": PublishedLoad.objects.first(),
            "attempt": AccessAttempt.objects.create(username="x", failures_since_start=1,
                                                    ip_address="192.0.2.1"),
            "access_log": AccessLog.objects.create(username="x", ip_address="192.0.2.1"),
            "failure": AccessFailureLog.objects.create(username="x", ip_address="192.0.2.1"),
            "returns_load": Load.objects.create(uploaded_by=people[N],
                                                status=Load.Status.STORED),
            "child_level_read": ChildLevelRead.objects.create(
                user=people[N], action=ChildLevelRead.Action.VIEWED, what="Problem report",
                record="returns.load:1"),
        }
        world["email"] = Email.objects.get(recipient=owner)  # the round's, to its owner
        world["preferences"] = reminders.save_preferences(owner, owner, {"weekly_digest"})
        world["service_plan"] = ServicePlan.objects.create(
            plan=plan, service_area=world["service_area"], plan_year=2025, lead=lead)
        world["service_action"] = service_plan_services.add_action(
            world["service_plan"], lead, priorities=[priority], title="Recruit carers",
            description="", owner=owner, due=date(2026, 1, 31))
        world["organisation"] = Organisation.objects.create(
            name="NHS Devon ICB", kind=Organisation.Kind.HEALTH)
        people[T].organisation = world["organisation"]
        people[T].save()
        world["partnership_plan"] = PartnershipPlan.objects.create(
            plan=plan, title="Partnership Plan", board="Children's Partnership Board")
        world["shared_priority"] = SharedPriority.objects.create(
            partnership_plan=world["partnership_plan"], number=1, title="Exploitation")
        world["shared_priority"].priorities.set([priority])
        world["partner_action"] = partnership_services.add_action(
            world["shared_priority"], office, title="Screen in A&E", description="",
            organisation=world["organisation"], owner=people[T], due=date(2026, 1, 31))
        world["board"] = board_services.add_board(
            office, name="Improvement Board", purpose="", chair=office,
            members=[people[K]], cadence=Board.Cadence.SIX_WEEKLY,
            action_log_name="Action log")
        world["meeting"] = board_services.add_meeting(
            world["board"], office, starts_at=TODAY - timedelta(days=7), ends_at=None,
            location="Room 1", state=Meeting.State.HELD)
        world["agenda_item"] = board_services.add_agenda_item(
            world["meeting"], office, title="Sufficiency", presenter="", priority=priority,
            indicator=indicator)
        world["decision"] = board_services.add_decision(
            world["meeting"], office, text="Agreed the strategy")
        world["board_action"] = board_services.add_action(
            world["meeting"], office, description="Report on sufficiency", owner=owner,
            due=date(2026, 1, 31), agenda_item=world["agenda_item"])
        world |= risk_log(office, owner, priority, milestone)
        world["report_type"] = ReportType.objects.create(
            name="Quarterly report", board=world["board"], sections=["cover", "summary"])
        world["report"] = report_services.draft(world["report_type"], office,
                                                ends=date(2025, 9, 30))
        world |= voice_records(people[Y], priority, milestone)
        run_load.enqueue(world["returns_load"].pk)
        world["task"] = DBTaskResult.objects.get(task_path__endswith="run_load")
    yield world
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def risk_log(office, owner, priority, milestone) -> dict:
    """A risk owned by "owner", an issue raised from it, and an action on each."""
    risk_matrix = RiskMatrix.objects.first() or RiskMatrix.objects.create()
    risk_matrix.save()  # its history's first version, for the admin site's history pages
    category = Category.objects.create(name="Placement sufficiency")
    risk = risk_services.raise_risk(
        office, title="Not enough homes", cause="Fewer carers", event="Children placed away",
        consequence="Worse outcomes", category=category, owner=owner, inherent_likelihood=4,
        inherent_impact=4, current_likelihood=3, current_impact=4, target_likelihood=2,
        target_impact=3, next_review=TODAY.date() + timedelta(days=30),
        priorities=[priority], milestones=[milestone])
    issue = risk_services.raise_issue(
        office, risk=risk, title="Children placed out of county", description="None near",
        impact="Far from school", priority="high", owner=owner, raised_on=TODAY.date(),
        target_date=TODAY.date() + timedelta(days=30))
    control = risk_services.add_control(risk, office, description="Weekly placement panel")
    action = dict(description="", owner=owner, due=date(2026, 1, 31))
    risk_services.add_action(issue, office, title="Find a local home", **action)
    return {"risk_matrix": risk_matrix, "risk_category": category, "risk": risk,
            "issue": issue, "control": control,
            "risk_action": risk_services.add_action(risk, office, title="Recruit", **action)}


def voice_records(participation, priority, milestone) -> dict:
    """Feedback, a survey with its results, and a "you said, we did" entry answering it."""
    feedback = voice_services.record_feedback(
        participation, kind="complaint", from_whom="young_person", source="Complaints team",
        received_on=TODAY.date(), summary="Moved twice and not told why.",
        new_themes=["Moving placement"], priorities=[priority])
    survey = voice_services.add_survey(participation, name="Your Life, Your Care")
    voice_services.import_results(
        survey, participation, file_name="2025.csv",
        content=b"question,measure,period,group,number_responding,percentage,comparison,"
                b"comparison_name\r\nSettled?,Yes,2025,All,48,87.5,84.0,National\r\n")
    you_said = voice_services.add_you_said(
        participation, you_said="Tell us why", we_did="A visit before every move",
        done_by="Placements team", done_on=TODAY.date(), for_young_people=True,
        priorities=[priority], milestones=[milestone], feedback=[feedback])
    return {"feedback": feedback, "survey": survey, "you_said": you_said}


def outcome_of(response) -> str:
    status = response.status_code
    if status == 302:
        return SIGN_IN if response["Location"].startswith("/sign-in/") else REDIRECT
    return {200: OK, 301: MOVED, 403: DENIED, 404: NOT_FOUND, 405: NOT_ALLOWED}.get(
        status, str(status))


def address(key: str, route: str, world) -> str:
    """The URL of a pattern, with the world's records for its arguments."""
    from django.urls import reverse

    kwargs = MATRIX[key].kwargs(world)
    if isinstance(kwargs, tuple):  # a regular expression's unnamed groups
        return reverse(key, args=kwargs)
    if "/" not in key:  # a name, not a route
        return reverse(key, kwargs=kwargs)
    path = route
    for name, value in kwargs.items():
        path = path.replace(f"(?P<{name}>.*)$", str(value)).replace(f"<path:{name}>", str(value))
    return "/" + path


CASES = [(key, route, method, subject) for key, route in url_patterns() if key in MATRIX
         for method in ("GET", "POST") for subject in SUBJECTS]


@pytest.mark.parametrize(("key", "route", "method", "subject"), CASES,
                         ids=[f"{k} {m} {s}" for k, _, m, s in CASES])
def test_access(db, client, world, key, route, method, subject):
    url = address(key, route, world)
    with time_machine.travel(TODAY, tick=True):
        if subject != ANONYMOUS:
            signed_in(client, world["people"][subject])
        response = client.get(url) if method == "GET" else client.post(url, {})
    expected = getattr(MATRIX[key], method.lower())[subject]
    assert outcome_of(response) == expected, (
        f"{subject} {method} {url}: {response.status_code} {response.get('Location', '')}")


# Until they pass their second factor, a person who must have one reaches nothing but
# the pages that let them, and signing out: every other URL sends them there.
SETTING_UP = {"accounts:two-factor-setup", "accounts:sign-out"}
ENTERING_A_CODE = {"accounts:two-factor", "accounts:recovery-code", "accounts:sign-out"}
HELD = [(key, route, method, set_up) for key, route in url_patterns() if key in MATRIX
        for method in ("GET", "POST") for set_up in (False, True)]


@pytest.mark.parametrize(("key", "route", "method", "set_up"), HELD,
                         ids=[f"{k} {m} {'with' if u else 'without'} an authenticator app"
                              for k, _, m, u in HELD])
def test_someone_yet_to_pass_their_second_factor_reaches_nothing_else(
        db, client, world, key, route, method, set_up):
    assert two_factor.must_use(world["people"][A])
    administrator = world["people"][A]
    if set_up:
        TOTPDevice.objects.create(user=administrator, name="Phone", confirmed=True)
    client.force_login(administrator)  # the password, and nothing more
    url = address(key, route, world)
    with time_machine.travel(TODAY, tick=True):
        response = client.get(url) if method == "GET" else client.post(url, {})
    if key in (ENTERING_A_CODE if set_up else SETTING_UP):
        assert not response.get("Location", "").startswith(("/sign-in/two-factor/",
                                                            "/account/two-factor/"))
    else:
        held_at = "/sign-in/two-factor/" if set_up else "/account/two-factor/"
        assert response.status_code == 302, f"{method} {url}: {response.status_code}"
        assert response["Location"].startswith(f"{held_at}?next="), response["Location"]
