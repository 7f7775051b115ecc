"""Places on the boards' pages where the apps above them show what they hold.

The reports app lists the reports that go to a meeting on the meeting's page, from its
``AppConfig.ready``, as the apps on the plan add sections to a priority's page
(plan/extensions.py), so dependencies run one way.
"""

from smeaton.web.plan.extensions import Section, sections_for

__all__ = ["Section", "meeting_sections", "sections_for"]

# Shown on a meeting's page, before its audit trail; each section's context is given the
# meeting.
meeting_sections: list[Section] = []
