"""Rules on the PrevPerm table: the permanence order a child had before coming into care."""

from smeaton.analytics.rules import Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)


def _prev_perm(child="1", **fields) -> dict:
    return {"CHILD": child, "DOB": "2015-06-01", "PREV_PERM": "P1", "LA_PERM": "879",
            "DATE_PERM": "2019-06-01", **fields}


RULES("INT35", "Internal Check: Child should only exist once in PrevPerm.", "prev_perm.CHILD",
      format="duplicate",
      note="The first row is kept and each repeat flagged; the other tool flags the "
           "first row too.",
      trips=({"prev_perm": [_prev_perm(), _prev_perm()]},),
      passes=({"prev_perm": [_prev_perm(), _prev_perm("2")]},))

RULES("631", "Previous permanence option not a valid value.", "prev_perm.PREV_PERM",
      format="invalid",
      trips=({"prev_perm": [_prev_perm(PREV_PERM="P5")]},),
      passes=({"prev_perm": [_prev_perm(PREV_PERM="P4")]},))

RULES("633", "Local authority code where previous permanence option was arranged is not a "
             "valid value.", "prev_perm.LA_PERM", format="invalid",
      trips=({"prev_perm": [_prev_perm(LA_PERM="123")]},),
      passes=({"prev_perm": [_prev_perm(LA_PERM="WAL")]},))

RULES("635", "There are entries for date of order and local authority code where previous "
             "permanence option was arranged but previous permanence code is Z1",
      "prev_perm.LA_PERM", "prev_perm.DATE_PERM", "prev_perm.PREV_PERM",
      where="PREV_PERM = 'Z1' AND (LA_PERM IS NOT NULL OR DATE_PERM IS NOT NULL)",
      note="As DfE's message says, a Z1 (no previous permanence order) with an LA or a date "
           "of order; the other tool flags an LA or date with the option blank instead, "
           "which the format checks already find.",
      trips=({"prev_perm": [_prev_perm(PREV_PERM="Z1", DATE_PERM="")]},),
      passes=({"prev_perm": [_prev_perm(PREV_PERM="Z1", LA_PERM="", DATE_PERM="")]},
              {"prev_perm": [_prev_perm()]}))
