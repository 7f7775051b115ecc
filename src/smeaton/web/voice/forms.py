from datetime import timedelta

from django import forms
from django.db.models import Q
from django.utils import timezone

from smeaton.web.forms import GovukDateField, GovukForm, for_example
from smeaton.web.plan.models import Milestone
from smeaton.web.voice.models import Feedback, PlainWords, Theme, YouSaidWeDid
from smeaton.web.voice.queries import plan_priorities
from smeaton.web.voice.services import FEEDBACK_DETAILS, YOU_SAID_DETAILS

WIDE = {"class": "govuk-!-width-full"}
NO_NAMES = ("Do not write anyone's name, or anything else that would identify a child "
            "or family.")
MOST_BYTES = 2_000_000


def text(label: str, *, required=True, rows=4, hint="", limit=5000,
         required_message: str | None = None) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=limit, help_text=hint,
                           widget=forms.Textarea(attrs={"rows": rows}),
                           error_messages={"required": required_message} if required_message
                           else {})


class MilestoneChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, milestone):
        return f"{milestone.title} (priority {milestone.priority.number}, " \
               f"due {milestone.due:%-d %b %Y})"


class FeedbackChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, feedback):
        return f"{feedback} – {feedback.summary[:80]}"


class VersionedForm(GovukForm):
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, record=None, **kwargs):
        super().__init__(*args, **kwargs)
        if record is None or record.pk is None:
            del self.fields["version"]

    def seen_version(self):
        return self.cleaned_data.get("version")


# How far back a record may be dated: older is a typing slip (1/1/1066), not feedback.
EARLIEST_YEARS_AGO = 10


def not_in_future(form, name: str, what: str):
    """A date from the last 10 years, up to today."""
    day = form.cleaned_data[name]
    today = timezone.localdate()
    if day and day > today:
        raise forms.ValidationError(f"{what} must be today or in the past")
    earliest = today.replace(year=today.year - EARLIEST_YEARS_AGO,
                             day=28 if (today.month, today.day) == (2, 29) else today.day)
    if day and day < earliest:
        raise forms.ValidationError(
            f"{what} must be within the last {EARLIEST_YEARS_AGO} years, "
            f"on or after {earliest.day} {earliest:%B} {earliest.year}")
    return day


def from_the_list(what: str) -> dict[str, str]:
    """Messages for a list of boxes to tick when what is sent is not one of them."""
    message = f"Select {what} from the list"  # noqa: S608  words, not SQL
    return {"invalid_choice": message, "invalid_pk_value": message, "invalid_list": message}


class FeedbackForm(VersionedForm):
    kind = forms.ChoiceField(label="What kind of feedback is it?", choices=Feedback.Kind.choices,
                             widget=forms.RadioSelect,
                             error_messages={"required": "Select what kind of feedback it is"})
    from_whom = forms.ChoiceField(label="Who is it from?", choices=Feedback.From.choices,
                                  widget=forms.RadioSelect,
                                  error_messages={"required": "Select who it is from"})
    received_on = GovukDateField(label="Date", error_name="the date")
    source = forms.CharField(label="Source", max_length=200, widget=forms.TextInput(attrs=WIDE),
                             help_text="Where it came from, such as the Children in Care "
                                       "Council, the complaints team or an independent "
                                       "visitor.",
                             error_messages={"required": "Enter where the feedback came from"})
    summary = text("What did they say?", rows=6, hint=NO_NAMES,
                   required_message="Enter what they said")
    themes = forms.ModelMultipleChoiceField(
        label="Themes (optional)", required=False, queryset=Theme.objects.all(),
        widget=forms.CheckboxSelectMultiple, error_messages=from_the_list("the themes"))
    new_themes = forms.CharField(
        label="Other themes (optional)", required=False, max_length=300,
        widget=forms.TextInput(attrs=WIDE),
        help_text="New themes, separated by commas, such as: contact with family, pocket money")
    priorities = forms.ModelMultipleChoiceField(
        label="Priorities of the plan it concerns (optional)", required=False,
        queryset=Theme.objects.none(), widget=forms.CheckboxSelectMultiple,
        error_messages=from_the_list("the priorities it concerns"))

    def __init__(self, *args, feedback: Feedback | None = None, **kwargs):
        if feedback is not None:
            kwargs.setdefault("initial", {
                **{name: getattr(feedback, name) for name in FEEDBACK_DETAILS},
                "version": feedback.version, "themes": list(feedback.themes.all()),
                "priorities": list(feedback.priorities.all())})
        else:
            kwargs.setdefault("initial", {"received_on": timezone.localdate()})
        super().__init__(*args, record=feedback, **kwargs)
        self.fields["priorities"].queryset = plan_priorities()
        self.fields["received_on"].help_text = for_example(timezone.localdate()
                                                           - timedelta(days=3))

    def clean_received_on(self):
        return not_in_future(self, "received_on", "The date")

    def clean_new_themes(self):
        names = [n.strip() for n in self.cleaned_data["new_themes"].split(",") if n.strip()]
        if any(len(n) > 100 for n in names):
            raise forms.ValidationError("Each theme must be 100 characters or fewer")
        return names

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in FEEDBACK_DETAILS
                if name in self.cleaned_data}

    def links(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("themes", "new_themes",
                                                           "priorities")}


class SurveyForm(GovukForm):
    name = forms.CharField(label="Name", max_length=200, widget=forms.TextInput(attrs=WIDE),
                           help_text="For example, Bright Spots: Your Life, Your Care",
                           error_messages={"required": "Enter the survey's name"})
    description = text("Description (optional)", required=False,
                       hint="Who it asks, who runs it and how often.")


class ImportForm(GovukForm):
    file = forms.FileField(
        label="Upload a file of results",
        help_text="A CSV file in the layout of the template, up to 2 MB.",
        error_messages={"required": "Select a CSV file of results",
                        "empty": "The selected file is empty"})

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV file")
        if upload.size > MOST_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 2 MB")
        return upload


class YouSaidForm(VersionedForm):
    you_said = text("You said: what did children or families say?", hint=NO_NAMES,
                    required_message="Enter what children or families said")
    we_did = text("We did: what was done?",
                  required_message="Enter what was done")
    done_by = forms.CharField(label="Who did it?", max_length=200,
                              widget=forms.TextInput(attrs=WIDE),
                              help_text="A team or a role, such as the fostering team.",
                              error_messages={"required": "Enter who did it"})
    done_on = GovukDateField(label="When was it done?", error_name="the date it was done")
    for_young_people = forms.BooleanField(
        label="Show it on the young people's page", required=False,
        help_text="Write it so that a child could read it: short sentences, everyday words.")
    priorities = forms.ModelMultipleChoiceField(
        label="Priorities (optional)", required=False, queryset=Theme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages=from_the_list("the priorities"))
    milestones = MilestoneChoice(label="Milestones (optional)", required=False,
                                 queryset=Milestone.objects.none(),
                                 widget=forms.CheckboxSelectMultiple,
                                 error_messages=from_the_list("the milestones"))
    feedback = FeedbackChoice(label="Feedback it answers (optional)", required=False,
                              queryset=Feedback.objects.none(),
                              error_messages=from_the_list("the feedback it answers"),
                              widget=forms.CheckboxSelectMultiple,
                              help_text="Feedback of the last year.")

    def __init__(self, *args, entry: YouSaidWeDid | None = None, **kwargs):
        linked_feedback, linked_milestones = [], []
        if entry is not None:
            linked_feedback = list(entry.feedback.all())
            linked_milestones = list(entry.milestones.all())
            kwargs.setdefault("initial", {
                **{name: getattr(entry, name) for name in YOU_SAID_DETAILS},
                "version": entry.version, "priorities": list(entry.priorities.all()),
                "milestones": linked_milestones, "feedback": linked_feedback})
        super().__init__(*args, record=entry, **kwargs)
        priorities = plan_priorities()
        self.fields["priorities"].queryset = priorities
        self.fields["milestones"].queryset = (
            Milestone.objects.filter(Q(priority__in=priorities)
                                     | Q(pk__in=[m.pk for m in linked_milestones]))
            .select_related("priority").order_by("priority__number", "due", "pk"))
        a_year_ago = timezone.localdate() - timedelta(days=366)
        self.fields["feedback"].queryset = Feedback.objects.filter(
            Q(received_on__gte=a_year_ago) | Q(pk__in=[f.pk for f in linked_feedback]))
        self.fields["done_on"].help_text = for_example(timezone.localdate()
                                                       - timedelta(days=7))

    def clean_done_on(self):
        return not_in_future(self, "done_on", "The date it was done")

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in YOU_SAID_DETAILS
                if name in self.cleaned_data}

    def links(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("priorities", "milestones",
                                                           "feedback")}


PLAIN = "Short sentences and everyday words, as you would say it to a 12-year-old."


class PlainWordsForm(VersionedForm):
    title = forms.CharField(label="Title for young people", max_length=120,
                            widget=forms.TextInput(attrs=WIDE), help_text=PLAIN,
                            error_messages={"required": "Enter the title for young people"})
    summary = text("What it is about", rows=5,
                   hint=PLAIN + " Say what will be better for children and young people.",
                   required_message="Enter what the priority is about")
    questions = text("Questions you could ask (optional)", required=False, rows=5,
                     hint="One question a line, for young people at the Scrutiny Panel to ask.")

    def __init__(self, *args, words: PlainWords | None = None, **kwargs):
        if words is not None:
            kwargs.setdefault("initial", {"title": words.title, "summary": words.summary,
                                          "questions": words.questions,
                                          "version": words.version})
        super().__init__(*args, record=words, **kwargs)

    def details(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("title", "summary", "questions")}


class PageForm(VersionedForm):
    introduction = text("Introduction", rows=6, required=False,
                        hint="What the page is for, in plain words. " + PLAIN)

    def __init__(self, *args, page, **kwargs):
        kwargs.setdefault("initial", {"introduction": page.introduction,
                                      "version": page.version})
        super().__init__(*args, record=page, **kwargs)


class PublishForm(VersionedForm):
    def __init__(self, *args, page, **kwargs):
        kwargs.setdefault("initial", {"version": page.version})
        super().__init__(*args, record=page, **kwargs)
