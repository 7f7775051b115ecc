"""Rules on the message header: the census's own details (its reference date, year, LA).
The header is handed to the rules as ``cin_header``, one row."""

from smeaton.analytics.rules import Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.CIN)

RULES("100", "Reference Date is incorrect", "cin_header.ReferenceDate",
      sql="""SELECT _row FROM cin_header
             WHERE ReferenceDate IS NULL OR ReferenceDate <> {end}
                OR ReferenceDate <> make_date(coalesce(TRY_CAST(Year AS INTEGER), {year}),
                                              3, 31)""",
      note="The reference date must be 31 March of the census year, and of the header's Year "
           "when it gives one.",
      trips=({"cin_header": [{"ReferenceDate": "2026-03-30", "Year": "2026"}]},
             {"cin_header": [{"ReferenceDate": "2026-03-31", "Year": "2025"}]},
             {"cin_header": [{"Year": "2026"}]}),
      passes=({"cin_header": [{"ReferenceDate": "2026-03-31", "Year": "2026"}]},
              {"cin_header": [{"ReferenceDate": "2026-03-31"}]}))
