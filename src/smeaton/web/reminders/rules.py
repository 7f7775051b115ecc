"""Who may see reminders: each person chooses their own; administrators see every
email sent or failed (read-only, in the admin site), to answer "did it go?"."""

from smeaton.web.accounts.permissions import rule
from smeaton.web.accounts.rules import administrator
from smeaton.web.reminders.models import Email, Preferences

rule(Email, "view")(administrator)
rule(Preferences, "view", "view_history")(administrator)
