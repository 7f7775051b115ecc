"""Smeaton: run a council's Children's Services improvement plan and prove its impact.

Two rooms: ``smeaton.analytics`` (child-level data and measures; never imports Django)
and ``smeaton.web`` (people's work: the plan, governance, reports, accounts).
"""

__version__ = "0.1.0"
