"""The service navigation: which sections a signed-in person sees, and which is current.

Later capabilities add their section here, with the rule that decides who sees it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from smeaton.web.accounts import two_factor
from smeaton.web.accounts.models import User
from smeaton.web.accounts.permissions import USE_ADMIN_SITE, can, visible
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
    return {
        "navigation": [
            {
                "text": section.text,
                "href": reverse(section.url_name),
                "active": any(current.startswith(view) for view in section.views),
            }
            for section in SECTIONS
            if section.shown_to is None or section.shown_to(user)
        ]
    }
