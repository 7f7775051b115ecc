from django import forms

from smeaton.web.commentary.models import COMMENT_LENGTH, PART_LENGTH
from smeaton.web.commentary.services import Parts, Seen
from smeaton.web.forms import CharacterCount, GovukForm
from smeaton.web.plan.models import Milestone


def part(label: str, hint: str, missing: str) -> forms.CharField:
    return forms.CharField(
        label=label, help_text=hint, max_length=PART_LENGTH, widget=CharacterCount,
        error_messages={"required": missing,
                        "max_length": f"{label} must be {PART_LENGTH:,} characters or fewer"})


class VersionedForm(GovukForm):
    """Carries the version the person saw, so that a save over someone else's is refused."""

    seen_number = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    seen_revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def seen(self) -> Seen:
        return Seen(self.cleaned_data["seen_number"], self.cleaned_data["seen_revision"])

    def clean(self):
        cleaned = super().clean()
        if "seen_number" in self.errors or "seen_revision" in self.errors:
            # Hidden fields: only an altered or truncated form gets here.
            raise forms.ValidationError("The form was incomplete. Open the commentary "
                                        "again and make your change")
        return cleaned


def seen_initial(version) -> dict:
    return {"seen_number": version.number if version else 0,
            "seen_revision": version.revision if version else 0}


class CommentaryForm(VersionedForm):
    shows = part("What the figure shows",
                 "The latest figure against its target, its trend and its benchmarks.",
                 "Enter what the figure shows")
    why = part("Why", "What lies behind the figure: demand, practice, data or events.",
               "Enter why the figure is as it is")
    action = part("What is being done",
                  "The actions under way or agreed, with who is doing them and by when.",
                  "Enter what is being done")
    milestones = forms.ModelMultipleChoiceField(
        label="Milestones the action is part of", required=False,
        queryset=Milestone.objects.none(), widget=forms.CheckboxSelectMultiple,
        help_text="Optional. The milestones of the priorities this indicator measures.")

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        milestones = (Milestone.objects.filter(priority__in=indicator.priorities.all())
                      .select_related("priority").order_by("priority__number", "due", "pk"))
        self.fields["milestones"].queryset = milestones
        self.fields["milestones"].label_from_instance = (
            lambda m: f"{m.title} (priority {m.priority.number}, due {m.due:%-d %B %Y})")
        if not milestones.exists():
            del self.fields["milestones"]

    def parts(self) -> Parts:
        data = self.cleaned_data
        return Parts(data["shows"], data["why"], data["action"], data.get("milestones", []))


class SubmitForm(VersionedForm):
    pass


class DecisionForm(VersionedForm):
    SIGN_OFF, RETURN = "sign_off", "return"
    decision = forms.ChoiceField(
        label="Your decision", widget=forms.RadioSelect,
        choices=[(SIGN_OFF, "Sign it off"), (RETURN, "Return it with a comment")],
        error_messages={"required": "Select whether to sign it off or return it"})
    comment = forms.CharField(
        label="What needs to change", required=False, max_length=COMMENT_LENGTH,
        widget=CharacterCount(attrs={"rows": 3}),
        help_text="If you return it: what the analyst should add or change.",
        error_messages={"max_length": f"What needs to change must be {COMMENT_LENGTH:,} "
                                      "characters or fewer"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.RETURN and not cleaned.get("comment", "").strip():
            self.add_error("comment", "Enter what needs to change")
        return cleaned
