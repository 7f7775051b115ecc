"""The service navigation: which sections a signed-in person sees, and which is current.

Later capabilities add their section here, with the rule that decides who sees it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import User
from smeaton.web.accounts.permissions import USE_ADMIN_SITE, can, visible
from smeaton.web.audits.rules import QA_DASHBOARD, USE_AUDITS
from smeaton.web.boards.models import Board
from smeaton.web.children.rules import LIST_CHILDREN
from smeaton.web.commentary.models import Commentary
from smeaton.web.returns.models import Load
from smeaton.web.risks.models import Risk


@dataclass(frozen=True)
class Section:
    text: str
    url_name: str
    views: tuple[str, ...]  # view names (or "namespace:" prefixes) that belong to it
    shown_to: Callable[[User], bool] | None = None  # None: everyone signed in


SECTIONS = [
    Section("Home", "home", ("home",)),
    Section("The plan", "plan:overview", ("plan:overview", "plan:priority", "plan:milestone",
                                          "plan:round", "plan:update", "plan:reassign")),
    Section("Service plans", "service_plans:list", ("service_plans:",)),
    Section("Partnership plan", "partnership:plan", ("partnership:",)),
    # Shown to those who read a board: councillors and partners only once they sit on one.
    Section("Boards", "boards:index", ("boards:",),
            lambda user: visible(user, Board.objects.all()).exists()),
    Section("Risks", "risks:register", ("risks:",), lambda user: can(user, "list", Risk)),
    Section("Quality assurance", "audits:mine", ("audits:",),
            lambda user: user.has_perm(USE_AUDITS)),
    # The quality assurance dashboard: aggregate figures, for everyone at the council.
    Section("QA dashboard", "audits:qa-dashboard", ("audits:qa-dashboard",),
            lambda user: user.has_perm(QA_DASHBOARD)),
    Section("Voice of children", "voice:index", ("voice:",)),
    Section("Performance", "performance:scorecard",
            ("performance:", "commentary:commentary", "commentary:edit", "commentary:decide")),
    Section("Performance clinic", "commentary:clinic", ("commentary:clinic",),
            lambda user: can(user, "list", Commentary)),
    Section("Reports", "reports:reports", ("reports:",)),
    Section("Returns", "returns:loads", ("returns:",),
            lambda user: can(user, "list", Load)),
    Section("Children behind figures", "children:children", ("children:",),
            lambda user: user.has_perm(LIST_CHILDREN)),
    Section("Your milestones", "plan:mine", ("plan:mine",),
            lambda user: user.milestones_owned.exists()),
    Section("People", "accounts:people", ("accounts:people", "accounts:person"),
            lambda user: can(user, "list", User)),
    Section("Your account", "accounts:account", ("accounts:account", "accounts:password")),
    Section("Administration", "admin:index", ("admin:",),
            lambda user: user.has_perm(USE_ADMIN_SITE)),
]


def navigation(request):
    user = getattr(request, "user", None)
    # Someone yet to pass their second factor can go nowhere but sign out.
    if not (user and user.is_authenticated) or not two_factor.passed(request):
        return {"navigation": []}
    current = request.resolver_match.view_name if request.resolver_match else ""
    shown = [section for section in SECTIONS
             if section.shown_to is None or section.shown_to(user)]

    def closeness(section: Section) -> int:
        """How closely the section's views match the page: the longest that does."""
        return max((len(view) for view in section.views if current.startswith(view)),
                   default=0)

    # The page belongs to the section that names it most closely (the QA dashboard, not
    # the rest of quality assurance).
    closest = max(map(closeness, shown), default=0)
    return {
        "navigation": [
            {
                "text": section.text,
                "href": reverse(section.url_name),
                "active": closest > 0 and closeness(section) == closest,
            }
            for section in shown
        ]
    }
