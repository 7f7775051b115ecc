"""What happens in the plan that other apps may act on, sent inside the change's
transaction (a receiver queues any work to run after the commit).

The plan knows nothing of the apps built on it: reminders (and later others) connect a
receiver to these from their ``AppConfig.ready``, so dependencies run one way.

Sent only for what people do now: loading past events (the demo, an import, with
``at=``) tells nobody.
"""

from django.dispatch import Signal

# An update round opened: ``update_round``.
round_opened = Signal()
# The programme office returned an update to its owner with a challenge: ``update``.
update_returned = Signal()
# Leadership opened a plan year's review: ``year_end``.
year_end_opened = Signal()
