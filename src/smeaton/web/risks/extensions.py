"""Places on the risk log's pages where the apps above it show what they hold.

The boards app adds a person's board actions to "Your risks and actions" from its
``AppConfig.ready``, as the apps on the plan add sections to a priority's page
(plan/extensions.py), so dependencies run one way.
"""

from smeaton.web.plan.extensions import Section, sections_for

__all__ = ["Section", "my_work_sections", "sections_for"]

# Shown on "Your risks and actions" after the person's risks and their actions; each
# section's context is given the person.
my_work_sections: list[Section] = []
