"""``smeaton manage send_reminders``: queue the reminders due today. Run it daily (a
cron job or systemd timer, docs/operating.md); running it twice sends nothing twice."""

from django.core.management.base import BaseCommand

from smeaton.web.reminders.queueing import queue_due_on


class Command(BaseCommand):
    help = "Queue the reminder emails due today; the task worker sends them."

    def handle(self, *args, **options):
        emails = queue_due_on()
        self.stdout.write(f"Queued {len(emails)} reminder email{'s' if len(emails) != 1 else ''}.")
