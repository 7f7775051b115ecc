"""The case-file audit pages. Every view checks the rule for its record before it acts;
reads come from queries.py and changes go through services.py. Every page about one
child's audit is recorded as a child-level read."""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from smeaton.analytics.privacy import KeyProblem
from smeaton.web.accounts.child_level import may_see, record_read
from smeaton.web.accounts.permissions import can, get_object_or_403, require
from smeaton.web.audits import queries, rules, services
from smeaton.web.audits.forms import (
    AcknowledgeForm,
    AuditForm,
    ChildActionForm,
    ConcernForm,
    DoneForm,
    DrawForm,
    ModerationForm,
    ProgrammeForm,
    PublishForm,
    QuestionForm,
    ReidentifyForm,
    SectionForm,
    TagForm,
    ThemeForm,
    ToolForm,
)
from smeaton.web.audits.models import (
    Audit,
    ChildAction,
    Programme,
    Question,
    Sample,
    Section,
    Theme,
    Tool,
    ToolVersion,
)
from smeaton.web.audits.rules import USE_AUDITS
from smeaton.web.forms import GovukForm, sent, whole_number


def attempt(request, form, act: Callable, success: str, record=None):
    """Run the change if the form is valid: its result, or None with the refusal shown
    on the form. A change refused because someone else saved the record first keeps what
    the person typed, with the record's version now, so that sending it again saves it."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except services.AuditError as refusal:
        form.add_error(refusal.field if refusal.field in form.fields else None, str(refusal))
        if refusal.field is None and record is not None and "version" in form.fields:
            record.refresh_from_db(fields=["version"])
            form.data = form.data.copy()
            form.data["version"] = record.version
        return None
    messages.success(request, success)
    return result


def form_page(request, form, heading: str, button: str, back_url: str, caption="", **extra):
    return render(request, "audits/form.html", {
        "form": form, "heading": heading, "button": button, "back_url": back_url,
        "caption": caption, **extra})


def version_url(version: ToolVersion) -> str:
    return reverse("audits:version", kwargs={"pk": version.pk})


# --- Your audits ------------------------------------------------------------------------


@require_safe
def mine(request):
    if not request.user.has_perm(USE_AUDITS):
        raise PermissionDenied
    work = queries.my_audits(request.user)
    return render(request, "audits/mine.html", {
        "work": work, "manages": can(request.user, "list", Tool)})


# --- Tools ------------------------------------------------------------------------------


@require_safe
def tools(request):
    require(request.user, "list", Tool)
    return render(request, "audits/tools.html", {"tools": queries.tools()})


def tool_add(request):
    require(request.user, "add", Tool)
    form = ToolForm(sent(request))
    tool = attempt(request, form, lambda data: services.create_tool(request.user, **data),
                   "The tool has been made: add its sections and questions, then publish it.")
    if tool:
        return redirect(version_url(tool.versions.get()))
    return form_page(request, form, "Make an audit tool", "Make the tool",
                     reverse("audits:tools"))


@require_safe
def tool_detail(request, pk):
    tool = get_object_or_403(request.user, Tool, pk=pk)
    in_use = tool.in_use
    return render(request, "audits/tool.html", {
        "tool": tool, "versions": queries.versions_of(tool), "in_use": in_use,
        "sections": queries.sections_of(in_use) if in_use else [],
        "draft": queries.draft_of(tool)})


def tool_edit(request, pk):
    tool = get_object_or_403(request.user, Tool, "change", pk=pk)
    form = ToolForm(sent(request), initial={"name": tool.name, "purpose": tool.purpose})
    if attempt(request, form, lambda data: services.change_tool(tool, request.user, **data),
               "The tool has been saved."):
        return redirect("audits:tool", pk=tool.pk)
    return form_page(request, form, "Edit the tool", "Save the tool",
                     reverse("audits:tool", kwargs={"pk": tool.pk}), caption=tool.name)


def new_version(request, pk):
    tool = get_object_or_403(request.user, Tool, "new_version", pk=pk)
    form = GovukForm(sent(request))
    draft = attempt(request, form, lambda data: services.new_version(tool, request.user),
                    "A new draft version has been made from the version in use.")
    if draft:
        return redirect(version_url(draft))
    return form_page(request, form, "Make a new version", "Make a new version",
                     reverse("audits:tool", kwargs={"pk": tool.pk}), caption=tool.name,
                     intro="The new version starts as a copy of the version in use. Audits "
                           "already drawn keep the version they were given.")


@require_safe
def version_detail(request, pk):
    version = get_object_or_403(request.user, ToolVersion.objects.select_related("tool"),
                                pk=pk)
    return render(request, "audits/version.html", {
        "version": version, "tool": version.tool, "sections": queries.sections_of(version),
        "editing": can(request.user, "change", version)})


def publish(request, pk):
    version = get_object_or_403(request.user, ToolVersion.objects.select_related("tool"),
                                "publish", pk=pk)
    form = PublishForm(sent(request))
    if attempt(request, form, lambda data: services.publish(version, request.user, **data),
               "The version has been published: new samples are audited with it."):
        return redirect("audits:tool", pk=version.tool_id)
    return form_page(request, form, "Publish this version", "Publish the version",
                     version_url(version), caption=str(version),
                     intro="Once published its questions cannot change. New samples are "
                           "audited with it; audits already drawn keep their version.")


def _draft_or_403(request, version: ToolVersion) -> None:
    if not can(request.user, "change", version):
        raise PermissionDenied


def section_add(request, pk):
    version = get_object_or_403(request.user, ToolVersion, "change", pk=pk)
    form = SectionForm(sent(request))
    if attempt(request, form, lambda data: services.add_section(version, request.user, **data),
               "The section has been added."):
        return redirect(version_url(version))
    return form_page(request, form, "Add a section", "Add the section", version_url(version),
                     caption=str(version))


def _section(request, pk) -> Section:
    section = get_object_or_403(request.user, Section.objects.select_related("version__tool"),
                                pk=pk)
    _draft_or_403(request, section.version)
    return section


def _question(request, pk) -> Question:
    question = get_object_or_403(
        request.user, Question.objects.select_related("section__version__tool"), pk=pk)
    _draft_or_403(request, question.section.version)
    return question


def section_edit(request, pk):
    section = _section(request, pk)
    form = SectionForm(sent(request), initial={"title": section.title,
                                               "guidance": section.guidance})
    if attempt(request, form, lambda data: services.change_section(
            section, request.user, **data), "The section has been saved."):
        return redirect(version_url(section.version))
    return form_page(request, form, "Edit the section", "Save the section",
                     version_url(section.version), caption=str(section.version))


def section_remove(request, pk):
    section = _section(request, pk)
    form = GovukForm(sent(request))
    if attempt(request, form, lambda data: services.remove_section(section, request.user),
               "The section and its questions have been removed."):
        return redirect(version_url(section.version))
    return form_page(request, form, f"Remove the section \"{section.title}\"",
                     "Remove the section", version_url(section.version),
                     caption=str(section.version),
                     intro=f"Its {section.questions.count()} questions are removed with it.")


def section_move(request, pk):
    section = _section(request, pk)
    if request.method == "POST" and request.POST.get("step") in ("up", "down"):
        _move(request, lambda: services.move_section(
            section, request.user, -1 if request.POST["step"] == "up" else 1))
    return redirect(version_url(section.version) + f"#section-{section.pk}")


def question_add(request, pk):
    section = _section(request, pk)
    form = QuestionForm(sent(request))
    if attempt(request, form, lambda data: services.add_question(
            section, request.user, **data), "The question has been added."):
        return redirect(version_url(section.version) + f"#section-{section.pk}")
    return form_page(request, form, "Add a question", "Add the question",
                     version_url(section.version), caption=section.title)


def question_edit(request, pk):
    question = _question(request, pk)
    form = QuestionForm(sent(request), initial={
        "text": question.text, "answer": question.answer, "guidance": question.guidance})
    if attempt(request, form, lambda data: services.change_question(
            question, request.user, **data), "The question has been saved."):
        return redirect(version_url(question.section.version))
    return form_page(request, form, "Edit the question", "Save the question",
                     version_url(question.section.version), caption=question.section.title)


def question_remove(request, pk):
    question = _question(request, pk)
    form = GovukForm(sent(request))
    if attempt(request, form, lambda data: services.remove_question(question, request.user),
               "The question has been removed."):
        return redirect(version_url(question.section.version))
    return form_page(request, form, "Remove the question", "Remove the question",
                     version_url(question.section.version), caption=question.text)


def question_move(request, pk):
    question = _question(request, pk)
    if request.method == "POST" and request.POST.get("step") in ("up", "down"):
        _move(request, lambda: services.move_question(
            question, request.user, -1 if request.POST["step"] == "up" else 1))
    return redirect(version_url(question.section.version) + f"#section-{question.section_id}")


def _move(request, act: Callable) -> None:
    try:
        act()
    except services.AuditError as refusal:
        messages.error(request, f"{refusal}.")


# --- Programmes and samples -------------------------------------------------------------


@require_safe
def programmes(request):
    require(request.user, "list", Programme)
    return render(request, "audits/programmes.html", {"programmes": queries.programmes()})


def programme_add(request):
    require(request.user, "add", Programme)
    form = ProgrammeForm(sent(request), initial={"lead": request.user, "active": True,
                                                 "moderated_share": 20,
                                                 "days_to_complete": 20})
    programme = attempt(request, form, lambda data: services.create_programme(
        request.user, people=form.people(), **form.details()), "The programme has been set up.")
    if programme:
        return redirect("audits:programme", pk=programme.pk)
    return form_page(request, form, "Set up an audit programme", "Set up the programme",
                     reverse("audits:programmes"))


@require_safe
def programme_detail(request, pk):
    programme = get_object_or_403(request.user, queries.programmes(), pk=pk)
    return render(request, "audits/programme.html", {
        "programme": programme, "samples": queries.samples_shown(programme, request.user),
        "frame": services.frame_title(programme.frame),
        "auditors": programme.auditors.all(), "moderators": programme.moderators.all(),
        "contacts": programme.safeguarding_contacts.all()})


def programme_edit(request, pk):
    programme = get_object_or_403(request.user, Programme, "change", pk=pk)
    form = ProgrammeForm(sent(request), programme=programme)
    if attempt(request, form, lambda data: services.change_programme(
            programme, request.user, people=form.people(), **form.details()),
            "The programme has been saved."):
        return redirect("audits:programme", pk=programme.pk)
    return form_page(request, form, "Edit the programme", "Save the programme",
                     reverse("audits:programme", kwargs={"pk": programme.pk}),
                     caption=programme.name)


def draw(request, pk):
    programme = get_object_or_403(request.user, Programme.objects.select_related("tool"),
                                  "draw", pk=pk)
    today = timezone.localdate()
    form = DrawForm(sent(request), initial={"month": today, "on": today})
    sample = attempt(request, form, lambda data: services.draw_sample(
        programme, request.user, month=data["month"], on=data["on"]),
        "The sample has been drawn and its audits assigned.")
    if sample:
        return redirect("audits:sample", pk=sample.pk)
    return form_page(request, form, "Draw this month's sample", "Draw the sample",
                     reverse("audits:programme", kwargs={"pk": programme.pk}),
                     caption=programme.name,
                     intro=f"{programme.sample_size} children are drawn from "
                           f"\"{services.frame_title(programme.frame)}\" "
                           f"({programme.get_method_display().lower()}) and audited with "
                           f"\"{programme.tool}\". The draw is recorded with its seed, so it "
                           "can be repeated exactly.")


@require_safe
def sample_detail(request, pk):
    sample = get_object_or_403(request.user, Sample.objects.select_related(
        "programme", "drawn_by"), pk=pk)
    audits = queries.audits_in(sample, request.user)
    if audits:
        record_read(request.user, sample, f"The audits of {sample}",
                    filters={"children": str(len(audits))})
    return render(request, "audits/sample.html", {
        "sample": sample, "audits": audits, "frame": services.frame_title(sample.frame),
        "frame_size": queries.shown_count(sample.frame_size, request.user),
        "manages": can(request.user, "view", sample.programme)})


# --- An audit ---------------------------------------------------------------------------


def recorded(request, audit: Audit) -> None:
    """Record that the person saw a page about the audit's child."""
    record_read(request.user, audit, str(audit),
                filters={"child": services.token_start(audit.child)})



@require_safe
def audit_detail(request, pk):
    audit = get_object_or_403(request.user, queries.AUDIT_RECORDS, pk=pk)
    recorded(request, audit)
    return render(request, "audits/audit.html", {
        "audit": audit, "parts": queries.answered(audit),
        "due_words": queries.due_in_words(audit),
        "moderation": getattr(audit, "moderation", None),
        **findings_context(request.user, audit)})


def audit_edit(request, pk):
    audit = get_object_or_403(request.user, queries.AUDIT_RECORDS, "change", pk=pk)
    recorded(request, audit)
    form = AuditForm(sent(request), parts=queries.answered(audit), audit=audit)
    submit = request.POST.get("action") == "submit"
    saved = attempt(request, form, lambda data: services.save_audit(
        audit, request.user, seen_version=data["version"], answers=form.answers(),
        grade=data["grade"], strengths=data["strengths"], improvements=data["improvements"],
        submit=submit), "The audit has been submitted." if submit else
        "Your answers have been saved as a draft.", audit)
    if saved:
        return redirect("audits:audit", pk=audit.pk)
    return render(request, "audits/audit_form.html", {"audit": audit, "form": form})


def moderate(request, pk):
    audit = get_object_or_403(request.user, queries.AUDIT_RECORDS, "moderate", pk=pk)
    recorded(request, audit)
    form = ModerationForm(sent(request), audit=audit)
    if attempt(request, form, lambda data: services.moderate(
            audit, request.user, seen_version=data["version"], grade=data["grade"],
            reason=data["reason"]), "Your moderation has been recorded.", audit):
        return redirect("audits:audit", pk=audit.pk)
    return render(request, "audits/moderate.html", {
        "audit": audit, "form": form, "parts": queries.answered(audit)})


def reidentify(request, pk):
    audit = get_object_or_403(request.user, queries.AUDIT_RECORDS, "reidentify", pk=pk)
    if request.method != "POST":
        recorded(request, audit)
    form = ReidentifyForm(sent(request))
    found, asked = None, False
    if request.method == "POST" and form.is_valid():
        try:
            found = services.reidentify(audit, request.user, form.cleaned_data["reason"])
            asked = True
        except KeyProblem:
            form.add_error(None, "The council's identifiers cannot be read just now: the "
                                 "key is missing or wrong. Ask an administrator")
        except services.AuditError as refusal:
            form.add_error("reason", str(refusal))
    return render(request, "audits/reidentify.html", {
        "audit": audit, "form": form, "found": found, "asked": asked})


# --- Findings, themes and the quality assurance dashboard -----------------------------


FINDING_AUDITS = Audit.objects.select_related("sample__programme", "auditor", "moderator",
                                              "tool_version__tool", "moderation")


def finding_attempt(request, form, act: Callable, success: str):
    """Run the change if the form is valid: its result, or None with the refusal shown
    on the form (a record changed meanwhile takes the version now, so that sending the
    form again saves it)."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        result = act(form.cleaned_data)
    except services.FindingError as refusal:
        form.add_error(refusal.field, str(refusal))
        return None
    messages.success(request, success)
    return result


def finding_form_page(request, form, *, audit: Audit, heading: str, button: str,
                      back_url: str, **extra):
    return render(request, "audits/findings/form.html", {
        "form": form, "audit": audit, "heading": heading, "button": button,
        "back_url": back_url, **extra})


def findings_url(audit_or_pk) -> str:
    """Findings are shown on the audit's own page."""
    return reverse("audits:audit", args=[getattr(audit_or_pk, "pk", audit_or_pk)]) + "#findings"


def findings_context(user, audit: Audit) -> dict:
    """What the findings section needs (audits/includes/findings.html), for the audit's
    own page too."""
    return {"actions": queries.actions_of(audit), "concerns": queries.concerns_of(audit),
            "themes": audit.themes.all(), "priorities": audit.priorities.all(),
            "can_add_action": can(user, "add_child_action", audit),
            "can_raise_concern": can(user, "raise_concern", audit),
            "can_tag": can(user, "tag", audit)}


def child_action_add(request, pk):
    audit = get_object_or_403(request.user, FINDING_AUDITS, "add_child_action", pk=pk)
    form = ChildActionForm(sent(request))
    action = finding_attempt(request, form, lambda data: services.add_child_action(
        audit, request.user, description=data["description"], owner=data["owner"],
        due=data["due"]), "The action for the child has been added.")
    if action:
        return redirect("audits:child-action", pk=action.pk)
    return finding_form_page(request, form, audit=audit, heading="Add an action for the child",
                             button="Add the action", back_url=findings_url(audit))


ACTION_RECORDS = ChildAction.objects.select_related("owner", "audit__sample__programme",
                                                    "audit__auditor")


@require_safe
def child_action(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, pk=pk)
    record_read(request.user, action, f"Action for the child of audit {action.audit_id}")
    [rated] = [a for a in queries.actions_of(action.audit) if a.pk == action.pk]
    return render(request, "audits/findings/action.html", {
        "action": rated, "audit": action.audit, "show_token": may_see(request.user),
        "may_read_audit": can(request.user, "view", action.audit)})


def child_action_done(request, pk):
    action = get_object_or_403(request.user, ACTION_RECORDS, pk=pk)
    if action.status == ChildAction.Status.DONE:
        messages.error(request, "This action is already recorded as done.")
        return redirect("audits:child-action", pk=action.pk)
    require(request.user, "complete", action)
    form = DoneForm(sent(request), initial={"version": action.version})
    done = finding_attempt(request, form, lambda data: services.complete_child_action(
        action, request.user, done_note=data["done_note"], done_on=data["done_on"],
        seen_version=data["version"]), "The action is recorded as done.")
    if done:
        return redirect("audits:child-action", pk=action.pk)
    return finding_form_page(request, form, audit=action.audit,
                             heading="Record that the action is done", button="Save",
                             back_url=reverse("audits:child-action", args=[action.pk]),
                             quote=action.description)


def concern_raise(request, pk):
    audit = get_object_or_403(request.user, FINDING_AUDITS, "raise_concern", pk=pk)
    form = ConcernForm(sent(request))
    contacts = services.contacts_for(audit)
    concern = finding_attempt(request, form, lambda data: services.raise_concern(
        audit, request.user, description=data["description"]),
        "The safeguarding concern has been raised, and its named contacts told: "
        + ", ".join(str(c) for c in contacts) + ".")
    if concern:
        return redirect("audits:concern", pk=concern.pk)
    return finding_form_page(request, form, audit=audit, heading="Raise a safeguarding concern",
                             button="Raise the concern", back_url=findings_url(audit),
                             contacts=contacts, urgent=True)


@require_safe
def concern(request, pk):
    found = get_object_or_403(request.user, queries.CONCERN_RECORDS, pk=pk)
    record_read(request.user, found, f"Safeguarding concern from audit {found.audit_id}")
    return render(request, "audits/findings/concern.html", {
        "concern": found, "audit": found.audit, "show_token": may_see(request.user),
        "may_read_audit": can(request.user, "view", found.audit)})


def concern_acknowledge(request, pk):
    found = get_object_or_403(request.user, queries.CONCERN_RECORDS, pk=pk)
    if found.acknowledged:
        messages.error(request, "What was done about this concern is already recorded.")
        return redirect("audits:concern", pk=found.pk)
    require(request.user, "acknowledge", found)
    form = AcknowledgeForm(sent(request))
    done = finding_attempt(request, form, lambda data: services.acknowledge_concern(
        found, request.user, response=data["response"]),
        "What was done has been recorded. The concern is no longer waiting for its named "
        "contacts.")
    if done:
        return redirect("audits:concern", pk=found.pk)
    return finding_form_page(request, form, audit=found.audit,
                             heading="Record what was done about the concern",
                             button="Save", back_url=reverse("audits:concern", args=[found.pk]),
                             quote=found.description)


def audit_tag(request, pk):
    audit = get_object_or_403(request.user, FINDING_AUDITS, "tag", pk=pk)
    form = TagForm(sent(request), audit=audit)
    tagged = finding_attempt(request, form, lambda data: services.tag_audit(
        audit, request.user, themes=data["themes"], priorities=data["priorities"],
        seen_version=data["version"]), "The audit's themes and priorities have been saved.")
    if tagged:
        return redirect(findings_url(audit))
    return finding_form_page(request, form, audit=audit,
                             heading="Learning themes and priorities", button="Save",
                             back_url=findings_url(audit))


@require_safe
def themes(request):
    require(request.user, "list", Theme)
    return render(request, "audits/findings/themes.html", {
        "themes": queries.themes_with_counts()})


def theme_add(request):
    require(request.user, "add", Theme)
    form = ThemeForm(sent(request))
    theme = finding_attempt(request, form, lambda data: services.add_theme(
        request.user, name=data["name"], description=data["description"]),
        "The theme has been added.")
    if theme:
        return redirect("audits:themes")
    return render(request, "audits/findings/theme_form.html", {
        "form": form, "heading": "Add a learning theme", "button": "Add the theme"})


def theme_edit(request, pk):
    theme = get_object_or_403(request.user, Theme, "change", pk=pk)
    form = ThemeForm(sent(request), theme=theme)
    saved = finding_attempt(request, form, lambda data: services.change_theme(
        theme, request.user, name=data["name"], description=data["description"],
        in_use=data["in_use"]), "The theme has been saved.")
    if saved:
        return redirect("audits:themes")
    return render(request, "audits/findings/theme_form.html", {
        "form": form, "theme": theme, "heading": "Rename or retire a theme", "button": "Save"})


@require_safe
def qa_dashboard(request):
    """Aggregate figures, no child named: everyone at the council. Small groups are
    hidden from those without child-level access."""
    if not request.user.has_perm(rules.QA_DASHBOARD):
        raise PermissionDenied
    programmes = Programme.objects.all()
    chosen = whole_number(request.GET.get("programme"))
    programme = (programmes.filter(pk=chosen).first()
                 if chosen is not None and chosen < 2**31 else None)
    period = request.GET.get("period", "12")
    period = period if period in queries.PERIODS else "12"
    since, until = queries.period_of(period)
    child_level = may_see(request.user)
    figures = queries.dashboard(since, until, programme, suppress_small=not child_level)
    return render(request, "audits/findings/dashboard.html", {
        "d": figures, "programmes": programmes, "programme": programme, "period": period,
        "periods": queries.PERIODS.items(), "child_level": child_level,
        "small": queries.SMALL_GROUP, "illustrative": queries.any_illustrative(programme),
        "theme_model": Theme})
