from django.contrib import messages
from django.shortcuts import redirect, render

from smeaton.web.forms import sent
from smeaton.web.reminders import services
from smeaton.web.reminders.forms import PreferencesForm
from smeaton.web.reminders.kinds import always_sent_to, offered_to


def preferences(request):
    """A person chooses their own reminders: nobody else's, so no rule is needed beyond
    being signed in."""
    current = services.preferences_of(request.user)
    offered = offered_to(request.user)
    form = PreferencesForm(sent(request), initial={"chosen": current.chosen}, offered=offered)
    if request.method == "POST" and form.is_valid():
        services.save_preferences(request.user, request.user, set(form.cleaned_data["chosen"]),
                                  offered=offered)
        messages.success(request, "Your email reminders have been saved.")
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {
        "form": form, "offered": offered, "has_email": bool(request.user.email),
        "always": always_sent_to(request.user)})
