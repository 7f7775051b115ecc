from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from smeaton.web.accounts.forms import PersonField
from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.performance.models import Indicator
from smeaton.web.plan.delivery_forms import UpdateForm
from smeaton.web.plan.forms import possible_owners
from smeaton.web.plan.models import Milestone, Priority
from smeaton.web.plan.queries import plan_in_force
from smeaton.web.plan.rag import Progress
from smeaton.web.risks.matrix import LEVELS, Matrix
from smeaton.web.risks.models import (
    Category,
    Issue,
    Level,
    Proximity,
    Response,
    ReviewEvery,
    Risk,
    RiskAction,
)
from smeaton.web.risks.services import (
    ACTION_DETAILS,
    INHERENT_BELOW_CURRENT,
    ISSUE_DETAILS,
    RISK_DETAILS,
    score_refusals,
)

__all__ = ["UpdateForm"]

WIDE = {"class": "govuk-!-width-full"}


def level_field(label: str, words: dict) -> forms.TypedChoiceField:
    """A likelihood or impact, 1 to 5, as radios in the council's words. Anything else (a
    6 typed into the address) is refused with the Design System's message."""
    message = f"Select the {label.lower()}, from 1 to 5"  # noqa: S608  words, not SQL
    return forms.TypedChoiceField(
        label=label, coerce=int, widget=forms.RadioSelect,
        choices=[(n, f"{n} {words[n].name}") for n in LEVELS],
        error_messages={"required": message, "invalid_choice": message})


def text(label: str, *, required=True, rows=3, hint="", limit=5000,
         required_message: str | None = None) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=limit, help_text=hint,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": required_message} if required_message
                           else {})


def plan_links(linked=()):
    """The priorities of the plan in force, and its milestones not yet complete (and any
    already linked), to link a risk or issue to."""
    plan = plan_in_force()
    if plan is None:
        return Priority.objects.none(), Milestone.objects.none()
    milestones = (Milestone.objects.filter(priority__plan=plan)
                  .filter(~Q(progress=Progress.COMPLETE) | Q(pk__in=[m.pk for m in linked]))
                  .select_related("priority").order_by("priority__number", "due", "pk"))
    return Priority.objects.filter(plan=plan), milestones


class MilestoneChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, milestone):
        return f"{milestone.title} (priority {milestone.priority.number}, " \
               f"{milestone.plan_year_label}, due {milestone.due:%-d %b %Y})"


def priorities_field() -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label="Priorities it affects (optional)", required=False,
        queryset=Priority.objects.none(), widget=forms.CheckboxSelectMultiple)


def milestones_field() -> MilestoneChoice:
    return MilestoneChoice(
        label="Milestones it affects (optional)", required=False,
        queryset=Milestone.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="The plan's milestones not yet complete.")


class VersionedForm(GovukForm):
    """Carries the version of the record the person saw, so that a change over someone
    else's is refused; a form that makes a new record has none."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def without_version(self):
        del self.fields["version"]


class ScoresMixin:
    """Adds the likelihood and impact fields named in ``score_fields`` in the matrix's
    words."""

    score_fields: tuple[tuple[str, str], ...] = ()

    def add_scores(self, on: Matrix):
        for name, label in self.score_fields:
            words = on.likelihood if name.endswith("likelihood") else on.impact
            self.fields[name] = level_field(label, words)


def score_of(cleaned: dict, kind: str, risk: Risk | None = None) -> int | None:
    """The ``kind`` score (inherent, current, target) as entered, else the risk's."""
    likelihood, impact = (cleaned.get(f"{kind}_likelihood"), cleaned.get(f"{kind}_impact"))
    if (likelihood is None or impact is None) and risk is not None:
        return getattr(risk, f"{kind}_score")
    return None if likelihood is None or impact is None else likelihood * impact


def check_scores(form, risk: Risk | None = None) -> None:
    """Refuse scores that make no sense, with the message on the first field concerned:
    current above inherent, or target above current (services.score_refusals)."""
    scores = {kind: score_of(form.cleaned_data, kind, risk)
              for kind in ("inherent", "current", "target")}
    if None in scores.values():
        return  # a score missing has its own message
    for field, message in score_refusals(**scores):
        if field in form.fields:
            form.add_error(field, message)
        elif field == "current_likelihood":  # editing: only the inherent score changes
            form.add_error("inherent_likelihood", INHERENT_BELOW_CURRENT.format(
                scores["current"]))


class RiskForm(ScoresMixin, VersionedForm):
    title = forms.CharField(label="Title", max_length=200, widget=forms.TextInput(attrs=WIDE),
                            error_messages={"required": "Enter the risk's title"})
    cause = text("Cause", hint="Because of ...", required_message="Enter what causes the risk")
    event = text("Event", hint="there is a risk that ...",
                 required_message="Enter what the risk is: the event that could happen")
    consequence = text("Consequence", hint="which would lead to ...",
                       required_message="Enter what the risk would lead to")
    category = forms.ModelChoiceField(label="Category", queryset=Category.objects.all(),
                                      empty_label="Choose a category",
                                      error_messages={"required": "Select the risk's category"})
    owner = PersonField(label="Owner", queryset=possible_owners(),
                        help_text="They review the risk and add its controls and actions.",
                        error_messages={"required": "Select who owns the risk"})
    level = forms.ChoiceField(label="Register", choices=Level.choices, widget=forms.RadioSelect,
                              help_text="Move it later by escalating or de-escalating it.")
    response = forms.ChoiceField(label="Response", choices=Response.choices,
                                 widget=forms.RadioSelect)
    proximity = forms.ChoiceField(label="Proximity", choices=Proximity.choices,
                                  widget=forms.RadioSelect,
                                  help_text="When the risk could happen.")
    review_every = forms.TypedChoiceField(label="Review frequency", coerce=int,
                                          choices=ReviewEvery.choices, widget=forms.RadioSelect)
    next_review = GovukDateField(label="Next review", error_name="the next review date")
    priorities = priorities_field()
    milestones = milestones_field()
    indicators = forms.ModelMultipleChoiceField(
        label="Indicators that show it (optional)", required=False,
        queryset=Indicator.objects.all(), widget=forms.CheckboxSelectMultiple)

    # The risk, then its scores, then how it is managed, then its links.
    ORDER = ["title", "cause", "event", "consequence", "category", "owner",
             "inherent_likelihood", "inherent_impact", "current_likelihood", "current_impact",
             "target_likelihood", "target_impact", "response", "proximity", "level",
             "review_every", "next_review", "priorities", "milestones", "indicators"]
    score_fields = (("inherent_likelihood", "Inherent likelihood"),
                    ("inherent_impact", "Inherent impact"),
                    ("current_likelihood", "Current likelihood"),
                    ("current_impact", "Current impact"),
                    ("target_likelihood", "Target likelihood"),
                    ("target_impact", "Target impact"))

    def __init__(self, *args, on: Matrix, risk: Risk | None = None, **kwargs):
        if risk is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(risk, name) for name in RISK_DETAILS}, "version": risk.version,
                "priorities": list(risk.priorities.all()),
                "milestones": list(risk.milestones.all()),
                "indicators": list(risk.indicators.all())})
        else:
            kwargs.setdefault("initial", {
                "level": Level.PROGRAMME, "response": Response.TREAT,
                "proximity": Proximity.SOON, "review_every": ReviewEvery.QUARTER})
        super().__init__(*args, **kwargs)
        if risk is None:
            self.without_version()
        self.add_scores(on)
        self.order_fields(self.ORDER)
        self.fields["priorities"].queryset, self.fields["milestones"].queryset = plan_links(
            risk.milestones.all() if risk else ())
        self.fields["next_review"].help_text = for_example(
            timezone.localdate() + timedelta(days=90))
        self.risk = risk
        if risk is not None:
            # Scores change by a review, the register by escalating, so the edit leaves
            # them out (services.RISK_DETAILS).
            for name in ("current_likelihood", "current_impact", "target_likelihood",
                         "target_impact", "level", "next_review"):
                del self.fields[name]

    def clean_next_review(self):
        next_review = self.cleaned_data["next_review"]
        if next_review and next_review < timezone.localdate():
            raise forms.ValidationError("The next review date must be today or in the future")
        return next_review

    def clean(self):
        cleaned = super().clean()
        check_scores(self, self.risk)
        return cleaned

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields
                if name not in ("version", "priorities", "milestones", "indicators")}

    def links(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("priorities", "milestones",
                                                           "indicators")}


class ReviewForm(ScoresMixin, VersionedForm):
    score_fields = (("current_likelihood", "Current likelihood"),
                    ("current_impact", "Current impact"),
                    ("target_likelihood", "Target likelihood"),
                    ("target_impact", "Target impact"))
    note = text("What has changed since the last review?", required=False, rows=4)
    next_review = GovukDateField(label="Next review", error_name="the next review date")

    def __init__(self, *args, on: Matrix, risk: Risk, **kwargs):
        kwargs.setdefault("initial", {
            "current_likelihood": risk.current_likelihood, "current_impact": risk.current_impact,
            "target_likelihood": risk.target_likelihood, "target_impact": risk.target_impact,
            "version": risk.version})
        super().__init__(*args, **kwargs)
        self.risk = risk
        self.add_scores(on)
        # The note goes last, after the scores.
        self.fields["note"] = self.fields.pop("note")
        self.fields["next_review"] = self.fields.pop("next_review")
        self.fields["next_review"].help_text = (
            f"It is reviewed {risk.get_review_every_display().lower()}. " + for_example(
                timezone.localdate() + timedelta(days=30 * risk.review_every)))

    clean_next_review = RiskForm.clean_next_review

    def clean(self):
        cleaned = super().clean()
        check_scores(self, self.risk)
        return cleaned

    def scores(self) -> dict:
        return {name: self.cleaned_data[name] for name, _ in self.score_fields}


class EscalateForm(VersionedForm):
    to_level = forms.ChoiceField(label="Which register should it move to?",
                                 widget=forms.RadioSelect, choices=Level.choices,
                                 error_messages={"required": "Select the register to move it to"})
    reason = forms.CharField(
        label="Why is it moving?", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the risk is moving to another register"})

    def __init__(self, *args, risk: Risk, **kwargs):
        kwargs.setdefault("initial", {"version": risk.version})
        super().__init__(*args, **kwargs)
        self.fields["to_level"].choices = [(value, label) for value, label in Level.choices
                                           if value != risk.level]


class CloseForm(VersionedForm):
    reason = forms.CharField(
        label="Why is the risk being closed?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="For example, the event has passed, or the controls have brought it "
                  "within appetite for good.",
        error_messages={"required": "Enter why the risk is being closed"})

    def __init__(self, *args, record, **kwargs):
        kwargs.setdefault("initial", {"version": record.version})
        super().__init__(*args, **kwargs)


class ResolveForm(CloseForm):
    reason = forms.CharField(
        label="How was the issue resolved?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter how the issue was resolved"})


class ControlForm(GovukForm):
    description = forms.CharField(
        label="Control in place", max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Something already working to lower the risk, such as a panel, a policy "
                  "or a contract. Actions still to be done are added as further actions.",
        error_messages={"required": "Enter the control in place"})


class EndControlForm(GovukForm):
    reason = forms.CharField(
        label="Why is it no longer in place?", max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="For example, the panel was stood down, or the contract ended.",
        error_messages={"required": "Enter why the control is no longer in place"})


class ActionForm(VersionedForm):
    title = forms.CharField(label="Title", max_length=300, widget=forms.TextInput(attrs=WIDE),
                            error_messages={"required": "Enter the action's title"})
    description = text("Description", required=False)
    owner = PersonField(label="Owner", queryset=possible_owners(),
                        help_text="They post the action's updates.",
                        error_messages={"required": "Select who owns the action"})
    due = GovukDateField(label="Due date")

    def __init__(self, *args, action: RiskAction | None = None, **kwargs):
        if action is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(action, name) for name in ACTION_DETAILS},
                "version": action.version})
        super().__init__(*args, **kwargs)
        if action is None:
            self.without_version()
        self.fields["due"].help_text = for_example(timezone.localdate() + timedelta(days=60))
        self.action = action

    def clean_due(self):
        due = self.cleaned_data["due"]
        # A new action is due from today on; an existing one keeps a due date now past.
        if due and self.action is None and due < timezone.localdate():
            raise forms.ValidationError("The due date must be today or in the future")
        return due

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ACTION_DETAILS}


class IssueForm(VersionedForm):
    title = forms.CharField(label="Title", max_length=200, widget=forms.TextInput(attrs=WIDE),
                            error_messages={"required": "Enter the issue's title"})
    description = text("Description", hint="What has happened, or what the problem is.",
                       required_message="Enter what has happened, or what the problem is")
    impact = text("Impact", hint="What it is doing to children, services or money.",
                  required_message="Enter the issue's impact on children, services or money")
    priority = forms.ChoiceField(label="Priority", choices=Issue.Urgency.choices,
                                 widget=forms.RadioSelect)
    owner = PersonField(label="Owner", queryset=possible_owners(),
                        error_messages={"required": "Select who owns the issue"})
    raised_on = GovukDateField(label="Date raised", error_name="the date raised")
    target_date = GovukDateField(label="To be resolved by",
                                 error_name="the date it is to be resolved by")
    priorities = priorities_field()
    milestones = milestones_field()

    def __init__(self, *args, issue: Issue | None = None, risk: Risk | None = None, **kwargs):
        if issue is not None:
            initial = {**{name: getattr(issue, name) for name in ISSUE_DETAILS},
                       "version": issue.version, "priorities": list(issue.priorities.all()),
                       "milestones": list(issue.milestones.all())}
        elif risk is not None:
            # Raised from a risk that has happened: its words and links to start from.
            initial = {"title": risk.title, "description": risk.event,
                       "impact": risk.consequence, "owner": risk.owner,
                       "priority": Issue.Urgency.HIGH, "raised_on": timezone.localdate(),
                       "priorities": list(risk.priorities.all()),
                       "milestones": list(risk.milestones.all())}
        else:
            initial = {"priority": Issue.Urgency.MEDIUM, "raised_on": timezone.localdate()}
        kwargs.setdefault("initial", initial)
        super().__init__(*args, **kwargs)
        if issue is None:
            self.without_version()
        self.fields["priorities"].queryset, self.fields["milestones"].queryset = plan_links(
            initial.get("milestones", ()))
        self.fields["target_date"].help_text = for_example(
            timezone.localdate() + timedelta(days=30))

    def clean(self):
        cleaned = super().clean()
        raised, target = cleaned.get("raised_on"), cleaned.get("target_date")
        if raised and target and target < raised:
            self.add_error("target_date", "The date it is to be resolved by must be on or "
                                          "after the date raised")
        return cleaned

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ISSUE_DETAILS
                if name in self.cleaned_data}

    def links(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("priorities", "milestones")}
