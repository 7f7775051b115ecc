"""What happens in case-file audits that other apps may act on, sent inside the change's
transaction (a receiver queues any work to run after the commit).

Audits know nothing of the apps built on them: reminders connect a receiver to these
from their ``AppConfig.ready``, so dependencies run one way (as plan/signals.py).
"""

from django.dispatch import Signal

# Someone raised a safeguarding concern on an audit: ``concern``. Its named contacts are
# to be told at once.
concern_raised = Signal()
