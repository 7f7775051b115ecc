"""The roles, and what each role's access asks of signing in: declared once, as data.

Kept apart from the models so that the settings can read them (the identity provider's
groups are mapped to these roles) before Django's apps are ready.
"""

from django.db import models


class Role(models.TextChoices):
    """What a person does in the plan. Each record's rules decide what a role may do."""

    ADMINISTRATOR = "administrator", "Administrator"
    LEADERSHIP = "leadership", "Leadership"
    PRIORITY_LEAD = "priority_lead", "Priority lead"
    CONTRIBUTOR = "contributor", "Contributor"
    VIEWER = "viewer", "Viewer"
    ANALYST = "analyst", "Performance analyst"
    PARTNER = "partner", "Partner"
    COUNCILLOR = "councillor", "Councillor"
    QA_LEAD = "qa_lead", "Practice and quality assurance lead"
    PARTICIPATION_LEAD = "participation_lead", "Participation lead"


ROLE_DESCRIPTIONS = {
    Role.ADMINISTRATOR: "Manages people and reference data, and runs the programme office.",
    Role.LEADERSHIP: "Director and leadership team: sees everything, runs update rounds.",
    Role.PRIORITY_LEAD: "Leads one or more priorities: edits their priorities and milestones.",
    Role.CONTRIBUTOR: "Owns milestones: posts progress updates on their own milestones.",
    Role.VIEWER: "Reads the plan and its reports: councillors, observers.",
    Role.ANALYST: "Loads data and maintains indicators, targets and benchmarks.",
    Role.PARTNER: "Works for a partner organisation: sees the plan and the partnership plan, "
                  "updates their organisation's actions.",
    Role.COUNCILLOR: "An elected member: reads the plan as a viewer does, and the boards they "
                     "sit on, their meetings and action logs.",
    Role.QA_LEAD: "Runs case-file audits: sets the audit tools, draws each month's sample of "
                  "children and assigns auditors and moderators.",
    Role.PARTICIPATION_LEAD: "Keeps the voice of children and families: feedback, surveys, "
                             "\"you said, we did\" and the young people's page.",
}

# Roles whose people see records about individual children (the permission
# accounts.view_child_level): performance analysts, who load the child-level returns and
# read their problem reports, and practice and quality assurance leads, who draw samples
# of children for case-file audits and find their case files. An administrator may also
# give it to a named person (a leader) on their account. Every such view is recorded
# (accounts/child_level.py).
CHILD_LEVEL_ACCESS: frozenset[Role] = frozenset({Role.ANALYST, Role.QA_LEAD})

# Roles whose people work for another organisation (health, the police, schools): they
# never see records about individual children, whatever their account says, since the
# council shares those with partners under its own agreements, not through Smeaton.
OUTSIDE_THE_COUNCIL: frozenset[Role] = frozenset({Role.PARTNER})

# Roles that must use a second factor when they sign in with a password: those who can
# change who may do what (administrators), and those with child-level access. A person
# given child-level access by name (User.child_level_access) must too (two_factor.must_use).
SECOND_FACTOR_REQUIRED: frozenset[Role] = frozenset({Role.ADMINISTRATOR}) | CHILD_LEVEL_ACCESS

# Roles that only read: observers, and elected members, who hold officers to account
# rather than deliver the plan.
READ_ONLY: frozenset[Role] = frozenset({Role.VIEWER, Role.COUNCILLOR})

# Roles whose people may own the council's milestones and actions: everyone at the
# council but those who only read. Partners own their own organisation's actions, in the
# partnership plan, not the council's.
OWNS_COUNCIL_WORK: frozenset[Role] = frozenset(Role) - READ_ONLY - OUTSIDE_THE_COUNCIL
