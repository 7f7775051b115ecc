"""``smeaton manage refresh_figures``: compute the council's figures from the store again,
for returns stored with ``smeaton ingest`` rather than from the browser (a load from the
browser does it itself)."""

from django.core.management.base import BaseCommand

from smeaton.web.returns import figures


class Command(BaseCommand):
    help = "Compute the council's own figures from the returns stored, and keep them."

    def handle(self, *args, **options):
        kept = figures.refresh()
        self.stdout.write(f"Kept {kept:,} figures computed from the returns stored.")
