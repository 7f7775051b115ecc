"""Rules on where a child is placed: postcodes, the LA of placement, the distance from
home, and the Ofsted URN of the provider.

DfE does not collect the LA of placement (PL_LA), whether it is the child's own LA
(PL_LOCATION) or the distance (PL_DISTANCE): it works them out from HOME_POST and
PL_POST with the ONS postcode directory, and so does ``PLACED`` below, from the
``postcodes`` table (smeaton.analytics.rules.places). The rules on them flag the
postcodes they come from. The previous year's return is stored with postcode sectors
only ("PL1 2"), so a rule comparing with last year reads last year's LA and distance
from the sector (``postcode_sectors``), and flags only what is so whichever postcode
of the sector it was.

Rule 411 (PL_LOCATION IN but PL_LA not the LA's own) is not declared: with both worked
out from the same postcode it cannot happen.

The URN rules read Ofsted's lists of providers, as the council loads them
(``smeaton providers load``): the ``providers`` table, one row per URN and premises,
with the DfE placement and provider codes each may have, the end of its registration,
its postcode and its LA.
"""

import pyarrow as pa

from smeaton.analytics.problems import QUERY
from smeaton.analytics.rules import POSTCODES, PREVIOUS, PROVIDERS, Rules
from smeaton.analytics.rules.places import SCHEMA, sectors_of
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

# Each episode with what DfE works out from its postcodes. Miles as DfE's guidance
# reckons them: straight-line metres on the National Grid / 1000 / 1.6093, to 0.1.
PLACED = """(
    SELECT e.*, pl.la AS PL_LA,
        CASE WHEN pl.la IS NULL THEN NULL WHEN pl.la = {la} THEN 'IN' ELSE 'OUT' END
            AS PL_LOCATION,
        round(sqrt(power(home.easting - pl.easting, 2)
                   + power(home.northing - pl.northing, 2)) / 1000 / 1.6093, 1)
            AS PL_DISTANCE
    FROM episodes e
    LEFT JOIN postcodes pl ON pl.postcode = e.PL_POST
    LEFT JOIN postcodes home ON home.postcode = e.HOME_POST
)"""
UASC = "CHILD IN (SELECT CHILD FROM uasc WHERE CHILD IS NOT NULL)"
SHORT_BREAKS = "is_code(LS, 'V3,V4')"
OUTSIDE_ENGLAND = "'CON,NIR,SCO,WAL,NUK'"
NO_URN_PLACES = "'P1,P3,R1,R2,R5,T0,T1,T2,T3,T4,Z11,Z12,Z13,Z14'"
ADOPTION_AND_FOSTERING = "'A3,A4,A5,A6,U1,U2,U3,U4,U5,U6'"
# A URN given for a provider Ofsted registers (XXXXXXX stands for a regional adoption
# agency, which has none).
OFSTED_URN = "URN IS NOT NULL AND URN <> 'XXXXXXX'"
# Each episode with the one before it for the same child.
WITH_PREVIOUS = """(
    SELECT *, lag(LS) OVER w AS LS_before, lag(PLACE) OVER w AS PLACE_before,
        lag(PL_POST) OVER w AS PL_POST_before, lag(URN) OVER w AS URN_before,
        lag(PLACE_PROVIDER) OVER w AS PLACE_PROVIDER_before,
        lag(_row) OVER w AS _row_before
    FROM episodes WHERE CHILD IS NOT NULL AND DECOM IS NOT NULL
    WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM)
)"""
SAME_PLACEMENT = """PLACE IS NOT DISTINCT FROM PLACE_before
    AND PL_POST IS NOT DISTINCT FROM PL_POST_before AND URN IS NOT DISTINCT FROM URN_before
    AND PLACE_PROVIDER IS NOT DISTINCT FROM PLACE_PROVIDER_before"""
# Each child's first episode this year beside the last episode of last year's return,
# when that was still open at its end; last year's postcodes as sectors, whether the
# store's ("PL1 2") or a file's given whole ("PL1 2AB", when a batch is only checked).
CARRIED_ON_FROM = """(
    SELECT now.*, last.RNE AS RNE_last, last.URN AS URN_last,
        regexp_replace(last.PL_POST, '^(\\S+ \\d)[A-Z]{2}$', '\\1') AS PL_POST_last,
        regexp_replace(last.HOME_POST, '^(\\S+ \\d)[A-Z]{2}$', '\\1') AS HOME_POST_last
    FROM (SELECT * FROM {placed} QUALIFY row_number() OVER (
              PARTITION BY _child ORDER BY DECOM) = 1) now
    JOIN (SELECT * FROM episodes_last QUALIFY row_number() OVER (
              PARTITION BY _child ORDER BY DECOM DESC) = 1) last USING (_child)
    WHERE last.DEC IS NULL
)"""
CARRIED_ON = CARRIED_ON_FROM.replace("{placed}", PLACED)
# Last year's LA of placement, read from its postcode sector (``postcode_sectors``: each
# sector with each LA, or none, it has postcodes in). It could have been any of the
# sector's; it was none when the postcode was blank or its sector is not in the
# directory. A value is "changed" when last year's could not have been the same.
LAST_COULD_BE = """CASE WHEN PL_POST_last IS NULL OR NOT EXISTS (
        SELECT 1 FROM postcode_sectors s WHERE s.sector = PL_POST_last)
    THEN {this} IS NULL
    ELSE EXISTS (SELECT 1 FROM postcode_sectors s
                 WHERE s.sector = PL_POST_last AND {that} IS NOT DISTINCT FROM {this}) END"""
LOCATION_OF_SECTOR = "(CASE WHEN s.la IS NULL THEN NULL WHEN s.la = {la} THEN 'IN' ELSE 'OUT' END)"
# The nearest and farthest two postcode sectors can be, in miles: from the boxes on the
# National Grid that hold each sector's postcodes.
SECTOR_BOXES = """(
    SELECT sector, min(e0) AS e0, max(e1) AS e1, min(n0) AS n0, max(n1) AS n1
    FROM postcode_sectors GROUP BY sector
)"""
LAST_DISTANCE = f"""(
    SELECT c._row, c.PL_DISTANCE, c.HOME_POST_last, c.PL_POST_last, c.RNE, c.RNE_last,
        sqrt(power(greatest(0, h.e0 - p.e1, p.e0 - h.e1), 2)
             + power(greatest(0, h.n0 - p.n1, p.n0 - h.n1), 2)) / 1609.3 AS nearest,
        sqrt(power(greatest(h.e1 - p.e0, p.e1 - h.e0), 2)
             + power(greatest(h.n1 - p.n0, p.n1 - h.n0), 2)) / 1609.3 AS farthest
    FROM {CARRIED_ON} c
    LEFT JOIN {SECTOR_BOXES} h ON h.sector = c.HOME_POST_last
    LEFT JOIN {SECTOR_BOXES} p ON p.sector = c.PL_POST_last
)"""
# Distance differs from last year's by 0.2 miles or more whichever postcodes of the
# sectors last year's were, or is given where last year's was not.
DISTANCE_CHANGED = """(PL_DISTANCE IS NOT NULL AND (HOME_POST_last IS NULL
        OR PL_POST_last IS NULL
        OR PL_DISTANCE <= nearest - 0.2 OR PL_DISTANCE >= farthest + 0.2))"""
LA_CHANGED = "NOT (" + LAST_COULD_BE.replace("{this}", "PL_LA").replace("{that}", "s.la") + ")"
LOCATION_CHANGED = "NOT (" + LAST_COULD_BE.replace("{this}", "PL_LOCATION").replace(
    "{that}", LOCATION_OF_SECTOR) + ")"

# --- Examples: a small postcode directory and provider list, and an episode ---------

DIRECTORY = [
    {"postcode": "PL1 1AA", "la": "879", "easting": 247546.0, "northing": 55353.0},
    {"postcode": "PL1 1AB", "la": "879", "easting": 247600.0, "northing": 55400.0},
    {"postcode": "PL4 8AA", "la": "879", "easting": 248800.0, "northing": 55200.0},
    {"postcode": "TR1 1AA", "la": "908", "easting": 182961.0, "northing": 43918.0},
    {"postcode": "CF10 1AA", "la": "WAL", "easting": 318284.0, "northing": 176230.0},
    {"postcode": "ZE1 0AA", "la": "SCO", "easting": 447000.0, "northing": 1141000.0},
    # Not a real place: far enough to give a distance DfE would not accept.
    {"postcode": "ZZ9 9ZZ", "la": None, "easting": 3000000.0, "northing": 3000000.0},
    {"postcode": "PL9 9ZZ", "la": None, "easting": None, "northing": None},
]
SECTORS = sectors_of(pa.Table.from_pylist(DIRECTORY, schema=SCHEMA)).to_pylist()
PROVIDERS_LIST = [
    {"URN": "SC100001", "place_codes": "K2", "provider_codes": "PR4",
     "reg_end": None, "postcode": "PL4 8AA", "la": "879"},
    {"URN": "SC100002", "place_codes": "K2", "provider_codes": "PR1,PR2",
     "reg_end": "2025-09-30", "postcode": "TR1 1AA", "la": "908"},
    {"URN": "SC100003", "place_codes": "K3", "provider_codes": "PR4",
     "reg_end": None, "postcode": "PL4 8AA", "la": "879"},
    {"URN": "SC100003", "place_codes": "K3", "provider_codes": "PR4",
     "reg_end": None, "postcode": "TR1 1AA", "la": "908"},
]


def episode(**fields) -> dict:
    """A child fostered in Plymouth from home in Plymouth, changed by ``fields``."""
    return {"CHILD": "1", "DECOM": "2025-05-01", "RNE": "S", "LS": "C2", "CIN": "N1",
            "PLACE": "U4", "PLACE_PROVIDER": "PR1", "HOME_POST": "PL1 1AA",
            "PL_POST": "PL4 8AA", **fields}


def placed(*episodes: dict, **tables) -> dict:
    """An example return with the directory (and its sectors) and the providers list."""
    return {"episodes": list(episodes), "postcodes": DIRECTORY,
            "postcode_sectors": SECTORS, "providers": PROVIDERS_LIST, **tables}


def later(**fields) -> dict:
    return episode(DECOM="2025-08-01", **fields)


def last_year(**fields) -> dict:
    """The child's last episode of last year's return, open at its end, as stored."""
    return {"CHILD": "1", "DECOM": "2024-06-01", "RNE": "S", "LS": "C2", "PLACE": "U4",
            "PLACE_PROVIDER": "PR1", "HOME_POST": "PL1 1", "PL_POST": "PL4 8", **fields}


def chain(*episodes: dict) -> list[dict]:
    """Episodes one after another, each ending (X1: the period of care goes on) on the
    day the next starts."""
    return [{**this, "DEC": after["DECOM"], "REC": "X1"}
            for this, after in zip(episodes, episodes[1:], strict=False)] + [episodes[-1]]

# --- Distance --------------------------------------------------------------------

RULES("164", "Distance is not valid. Please check a valid postcode has been entered.",
      "episodes.HOME_POST", "episodes.PL_POST", needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE NOT {SHORT_BREAKS} AND NOT {UASC} "
          "AND NOT PL_DISTANCE BETWEEN 0 AND 999.9",
      trips=(placed(episode(PL_POST="ZZ9 9ZZ")),),
      passes=(placed(episode(PL_POST="ZE1 0AA")),),
      note="PL_DISTANCE is worked out from HOME_POST and PL_POST, which are flagged. A "
           "child is UASC when the return's UASC table has a row for them: former UASC "
           "status from earlier years' returns is not read.")

RULES("392a", "Child is looked after but no distance is recorded.",
      "episodes.HOME_POST", "episodes.PL_POST", needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE NOT {SHORT_BREAKS} AND NOT {UASC} "
          "AND PL_DISTANCE IS NULL",
      trips=(placed(episode(PL_POST="PL9 9ZZ")), placed(episode(HOME_POST=None))),
      passes=(placed(episode()), placed(episode(HOME_POST=None),
                                        uasc=[{"CHILD": "1", "DOB": "2009-01-01"}])),
      note="Distance is worked out from the postcodes, as for 164; UASC as for 164.")

RULES("406", "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. "
             "Distance should be blank.",
      "episodes.HOME_POST", "episodes.PL_POST", needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE {UASC} AND PL_DISTANCE IS NOT NULL",
      trips=(placed(episode(), uasc=[{"CHILD": "1", "DOB": "2009-01-01"}]),),
      passes=(placed(episode(HOME_POST=None), uasc=[{"CHILD": "1", "DOB": "2009-01-01"}]),),
      note="UASC as for 164: a child UASC in an earlier year only is not found.")

RULES("454", "Placement distance from home is over 350 miles.",
      "episodes.HOME_POST", "episodes.PL_POST", severity=QUERY, first_year=2026,
      needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE PL_DISTANCE > 350 AND PL_DISTANCE <> 999.9",
      trips=(placed(episode(PL_POST="ZE1 0AA")),),
      passes=(placed(episode(PL_POST="CF10 1AA")),))

# --- Postcodes -------------------------------------------------------------------

RULES("214", "Placement location information not required.",
      "episodes.PL_POST", "episodes.URN",
      where=f"{SHORT_BREAKS} AND (PL_POST IS NOT NULL OR URN IS NOT NULL)",
      trips=({"episodes": [episode(LS="V3", HOME_POST=None)]},
             {"episodes": [episode(LS="V4", PL_POST=None, URN="SC100001")]}),
      passes=({"episodes": [episode(LS="V3", PL_POST=None)]},))

RULES("392b", "Child is looked after but no postcodes are recorded.",
      "episodes.HOME_POST", "episodes.PL_POST",
      where=f"NOT {SHORT_BREAKS} AND NOT {UASC} AND (HOME_POST IS NULL OR PL_POST IS NULL)",
      trips=({"episodes": [episode(HOME_POST=None)]},),
      passes=({"episodes": [episode(HOME_POST=None)],
               "uasc": [{"CHILD": "1", "DOB": "2009-01-01"}]},
              {"episodes": [episode(LS="V3", HOME_POST=None, PL_POST=None)]}),
      note="UASC as for 164: a child UASC in an earlier year only is flagged.")

RULES("392c", "Postcode(s) provided are invalid.", "episodes.HOME_POST", "episodes.PL_POST",
      needs={POSTCODES},
      where="(HOME_POST IS NOT NULL AND HOME_POST NOT IN (SELECT postcode FROM postcodes)) "
            "OR (PL_POST IS NOT NULL AND PL_POST NOT IN (SELECT postcode FROM postcodes))",
      trips=(placed(episode(PL_POST="PL9 9AA")),),
      passes=(placed(episode(PL_POST="PL9 9ZZ")),),
      note="A postcode not in the form of one is a format problem of its own; this rule "
           "flags one in that form that the ONS postcode directory does not list.")

RULES("392d", "Home and placement postcodes should not be same unless the placement type "
              "is P1.", "episodes.HOME_POST", "episodes.PL_POST", "episodes.PLACE",
      where="PLACE <> 'P1' AND HOME_POST = PL_POST",
      trips=({"episodes": [episode(PL_POST="pl1 1aa")]},),
      passes=({"episodes": [episode(PLACE="P1", PLACE_PROVIDER="PR0", PL_POST="PL1 1AA")]},
              {"episodes": [episode(PL_POST="PL1 1AB")]}))

RULES("398", "Distance field completed but child looked after under legal status V3 or V4.",
      "episodes.LS", "episodes.HOME_POST", "episodes.PL_POST",
      where=f"{SHORT_BREAKS} AND (HOME_POST IS NOT NULL OR PL_POST IS NOT NULL)",
      trips=({"episodes": [episode(LS="V4", PL_POST=None)]},),
      passes=({"episodes": [episode(LS="V4", HOME_POST=None, PL_POST=None)]},),
      note="The distance is worked out from the postcodes: a child on short breaks "
           "should have neither.")

# --- LA of placement ---------------------------------------------------------------

RULES("169", "Local Authority (LA) of placement is not valid or is missing. Please check a "
             "valid postcode has been entered.", "episodes.PL_POST", needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE NOT {SHORT_BREAKS} AND PL_LA IS NULL",
      trips=(placed(episode(PL_POST="PL9 9ZZ")), placed(episode(PL_POST=None))),
      passes=(placed(episode(PL_POST="CF10 1AA")), placed(episode(LS="V3", PL_POST=None))),
      note="PL_LA is worked out from PL_POST, which is flagged; a postcode the directory "
           "places in no LA (most are no longer in use) has none. The other tool finds no "
           "LA for postcodes in the unitary authorities made in 2023 (Cumberland, "
           "Westmorland and Furness, North Yorkshire, Somerset), its LA list being of "
           "2021, and flags them here; Smeaton places them.")

RULES("179", "Placement location code is not a valid code.", "episodes.PL_POST",
      needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE NOT {SHORT_BREAKS} AND PL_LOCATION IS NULL",
      trips=(placed(episode(PL_POST="PL9 9ZZ")),),
      passes=(placed(episode(PL_POST="TR1 1AA")),),
      note="PL_LOCATION (IN or OUT of the LA) is worked out from PL_POST, so it is "
           "missing exactly when PL_LA is (rule 169).")

RULES("420", "LA of placement completed but child is looked after under legal status V3 or "
             "V4.", "episodes.PL_POST", needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE {SHORT_BREAKS} AND PL_LA IS NOT NULL",
      trips=(placed(episode(LS="V3", HOME_POST=None)),),
      passes=(placed(episode(LS="V3", HOME_POST=None, PL_POST="PL9 9ZZ")),))

RULES("1015", "Placement provider is own provision but child not placed in own LA.",
      "episodes.PL_POST", "episodes.PLACE_PROVIDER", first_year=2026, needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE PLACE_PROVIDER = 'PR1' AND NOT {SHORT_BREAKS} "
          f"AND NOT is_code(PLACE, {ADOPTION_AND_FOSTERING} || ',K3') "
          "AND PL_LA IS NOT NULL AND PL_LA <> {la}",
      trips=(placed(episode(PLACE="K2", PL_POST="TR1 1AA")),),
      passes=(placed(episode(PLACE="K2")), placed(episode(PLACE="U4", PL_POST="TR1 1AA"))),
      note="An episode whose postcode gives no LA is left to rule 169, where the other "
           "tool flags it here too.")

RULES("243", "Only placements with providers registered with Ofsted should have a URN "
             "reported.", "episodes.URN", first_year=2026, needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE URN IS NOT NULL "
          f"AND is_code(PL_LA, {OUTSIDE_ENGLAND})",
      trips=(placed(episode(PLACE="K2", PL_POST="CF10 1AA", URN="SC100001")),),
      passes=(placed(episode(PLACE="K2", PL_POST="CF10 1AA")),),
      note="NUK covers the Channel Islands and the Isle of Man, which the directory lists.")

# --- Ofsted URN --------------------------------------------------------------------

RULES("218", "Ofsted Unique reference number (URN) is required.", "episodes.URN",
      first_year=2026, needs={POSTCODES},
      sql=f"SELECT _row FROM {PLACED} WHERE URN IS NULL "
          f"AND NOT is_code(PLACE, {NO_URN_PLACES}) "
          f"AND (PL_LA IS NULL OR NOT is_code(PL_LA, {OUTSIDE_ENGLAND})) "
          "AND (DEC IS NULL OR DEC > DATE '2015-03-31')",
      trips=(placed(episode(PLACE="K2")),),
      passes=(placed(episode(PLACE="K2", PL_POST="CF10 1AA")),
              placed(episode(PLACE="R1", PLACE_PROVIDER="PR4"))),
      note="DfE's rule asks for a URN on episodes open after 31 March 2015, as here; the "
           "other tool asks only of those open after the collection year starts.")

RULES("222", "Ofsted Unique reference number (URN) should not be recorded for this "
             "placement type.", "episodes.URN", first_year=2026,
      where=f"{OFSTED_URN} AND is_code(PLACE, {NO_URN_PLACES})",
      trips=({"episodes": [episode(PLACE="R1", PLACE_PROVIDER="PR4", URN="SC100001")]},),
      passes=({"episodes": [episode(PLACE="R1", PLACE_PROVIDER="PR4", URN="XXXXXXX")]},))

RULES("242", "URN = 'XXXXXXX' can only be used for regional adoption agencies",
      "episodes.URN", first_year=2026,
      where=f"URN = 'XXXXXXX' AND NOT is_code(PLACE, {ADOPTION_AND_FOSTERING})",
      trips=({"episodes": [episode(PLACE="K2", URN="XXXXXXX")]},),
      passes=({"episodes": [episode(PLACE="A5", URN="XXXXXXX")]},))

RULES("1008", "Ofsted Unique Reference Number (URN) is not valid.", "episodes.URN",
      needs={PROVIDERS},
      where=f"{OFSTED_URN} AND URN NOT IN (SELECT URN FROM providers WHERE URN IS NOT NULL)",
      trips=(placed(episode(PLACE="K2", URN="SC999999")),),
      passes=(placed(episode(PLACE="K2", URN="SC100001")),))

PROVIDER = f"""(SELECT e.*, p.place_codes, p.provider_codes, p.reg_end,
        p.postcode AS provider_postcode, p.la AS provider_la
    FROM {PLACED} e JOIN providers p ON p.URN = e.URN
    WHERE e.URN <> 'XXXXXXX')"""

RULES("219", "The Ofsted Unique reference number (URN) provided for the child's placement "
             "does not match the placement type recorded.", "episodes.URN", "episodes.PLACE",
      needs={PROVIDERS},
      sql=f"SELECT _row FROM {PROVIDER} GROUP BY _row "
          "HAVING NOT bool_or(is_code(PLACE, place_codes))",
      trips=(placed(episode(PLACE="K3", URN="SC100001")),),
      passes=(placed(episode(PLACE="K2", URN="SC100001")),),
      note="A URN not in Ofsted's lists is left to rule 1008; the other tool flags it "
           "here too.")

RULES("224", "The Ofsted Unique reference number (URN) provided for the child's placement "
             "does not match the placement provider recorded.", "episodes.PLACE_PROVIDER",
      needs={PROVIDERS},
      sql=f"SELECT _row FROM {PROVIDER} GROUP BY _row "
          "HAVING NOT bool_or(is_code(PLACE_PROVIDER, provider_codes))",
      trips=(placed(episode(PLACE="K2", URN="SC100001", PLACE_PROVIDER="PR5")),),
      passes=(placed(episode(PLACE="K2", URN="SC100001", PLACE_PROVIDER="PR4")),),
      note="A URN not in Ofsted's lists is left to rule 1008, as for 219.")

RULES("221", "The Ofsted Unique reference number (URN) provided for the child's placement "
             "does not match the placement postcode provided.", "episodes.PL_POST",
      needs={PROVIDERS},
      sql=f"SELECT _row FROM {PROVIDER} WHERE NOT {SHORT_BREAKS} "
          "AND is_code(PLACE, 'K1,K2,K3,R3,S1') AND PL_POST IS NOT NULL "
          "AND provider_postcode IS NOT NULL GROUP BY _row "
          "HAVING NOT bool_or(PL_POST = provider_postcode)",
      trips=(placed(episode(PLACE="K2", URN="SC100001", PL_POST="PL1 1AB")),),
      passes=(placed(episode(PLACE="K3", URN="SC100003", PL_POST="TR1 1AA")),),
      note="A provider with premises in several places matches any of them.")

RULES("227", "Ofsted Unique reference number (URN) is not valid for the episode start date.",
      "episodes.URN", "episodes.DECOM", needs={PROVIDERS},
      sql=f"SELECT _row FROM {PROVIDER} WHERE reg_end IS NOT NULL "
          "AND DECOM >= CAST(reg_end AS DATE)",
      trips=(placed(episode(PLACE="K2", URN="SC100002", DECOM="2025-09-30")),),
      passes=(placed(episode(PLACE="K2", URN="SC100002", DECOM="2025-09-29")),))

RULES("228", "Ofsted Unique reference number (URN) is not valid for the episode end date",
      "episodes.URN", "episodes.DEC", needs={PROVIDERS},
      sql=f"SELECT _row FROM {PROVIDER} WHERE reg_end IS NOT NULL "
          "AND coalesce(DEC, {end}) > CAST(reg_end AS DATE)",
      trips=(placed(episode(PLACE="K2", URN="SC100002")),),
      passes=(placed(episode(PLACE="K2", URN="SC100002", DEC="2025-09-30", REC="E11")),),
      note="An episode still open is checked against the end of the collection year, as "
           "DfE says: a provider that closed during the year is flagged.")

RULES("229", "Placement provider does not match between the placing authority and the local "
             "authority code of the provider.", "episodes.URN", "episodes.PLACE_PROVIDER",
      first_year=2026, needs={PROVIDERS},
      sql=f"SELECT _row FROM {PROVIDER} WHERE NOT is_code(PLACE, {NO_URN_PLACES} || ',K3') "
          "AND provider_la IS NOT NULL GROUP BY _row, PLACE_PROVIDER "
          "HAVING (PLACE_PROVIDER = 'PR1' AND NOT bool_or(provider_la = {la})) "
          "OR (PLACE_PROVIDER = 'PR2' AND bool_or(provider_la = {la}))",
      trips=(placed(episode(PLACE="K2", URN="SC100002", PLACE_PROVIDER="PR1")),),
      passes=(placed(episode(PLACE="K2", URN="SC100002", PLACE_PROVIDER="PR2")),),
      note="The provider's LA is the one its postcode lies in (or, without a postcode, "
           "the LA Ofsted's list names), which may not be the LA that runs it.")

RULES("241", "LA of placement is not an LA the provider has premises.", "episodes.URN",
      first_year=2026, needs={PROVIDERS, POSTCODES},
      sql=f"SELECT _row FROM {PROVIDER} WHERE PLACE = 'K3' AND PL_LA IS NOT NULL "
          "GROUP BY _row HAVING NOT bool_or(provider_la = PL_LA)",
      trips=(placed(episode(PLACE="K3", URN="SC100003", PL_POST="CF10 1AA")),),
      passes=(placed(episode(PLACE="K3", URN="SC100003", PL_POST="TR1 1AA")),),
      note="DfE compares the LA of placement with each LA where Ofsted lists premises "
           "for the URN; the other tool compares it with the placing LA instead.")

# --- Care leavers ----------------------------------------------------------------

RULES("347", "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
      "oc3.ACCOM", "oc3.DOB",
      where="ACCOM LIKE 'T%' AND age_on(DOB, {start}) < 18",
      trips=({"oc3": [{"CHILD": "1", "DOB": "2008-04-02", "IN_TOUCH": "YES", "ACTIV": "F2",
                       "ACCOM": "T1"}]},),
      passes=({"oc3": [{"CHILD": "1", "DOB": "2007-04-01", "IN_TOUCH": "YES",
                        "ACTIV": "F2", "ACCOM": "T1"}]},),
      note="DfE's code T is the first letter of ACCOM (T1, T2: suitable or not); the "
           "other tool looks for ACCOM = 'T', which no return has.")

# --- One episode after another ------------------------------------------------------

RULES("383", "A child in a temporary placement must subsequently return to his/her normal "
             "placement.", "episodes.PLACE", "episodes.RNE", "episodes.PL_POST",
      first_year=2026,
      sql="""SELECT _row FROM (
          SELECT *, lag(PLACE) OVER w AS place_before, lag(PLACE, 2) OVER w AS usual_place,
              lag(PL_POST, 2) OVER w AS usual_post, lag(_row, 2) OVER w AS usual_row
          FROM episodes WHERE CHILD IS NOT NULL AND DECOM IS NOT NULL
          WINDOW w AS (PARTITION BY CHILD ORDER BY DECOM))
      WHERE is_code(place_before, 'T0,T1,T2,T3,T4') AND usual_row IS NOT NULL
          AND (RNE <> 'P' OR PLACE IS DISTINCT FROM usual_place
               OR PL_POST IS DISTINCT FROM usual_post)""",
      trips=({"episodes": chain(episode(), later(RNE="T", PLACE="T1", PL_POST="PL1 1AB"),
                           episode(DECOM="2025-08-15", RNE="P", PL_POST="TR1 1AA"))},),
      passes=({"episodes": chain(episode(), later(RNE="T", PLACE="T1", PL_POST="PL1 1AB"),
                            episode(DECOM="2025-08-15", RNE="P"))},))

RULES("434", "Reason for new episode is that child's legal status has changed but not the "
             "placement, but this is not reflected in the episode data.",
      "episodes.RNE", "episodes.LS", "episodes.PLACE", "episodes.PL_POST", "episodes.URN",
      "episodes.PLACE_PROVIDER",
      sql=f"SELECT _row FROM {WITH_PREVIOUS} WHERE _row_before IS NOT NULL AND RNE = 'L' "
          f"AND (LS = LS_before OR NOT ({SAME_PLACEMENT}))",
      trips=({"episodes": chain(episode(), later(RNE="L", LS="C1", PL_POST="TR1 1AA"))},
             {"episodes": chain(episode(), later(RNE="L"))}),
      passes=({"episodes": chain(episode(), later(RNE="L", LS="C1"))},))

RULES("435", "Reason for new episode is that child’s placement has changed but not the legal "
             "status, but this is not reflected in the episode data recorded.",
      "episodes.LS", "episodes.PLACE", "episodes.PL_POST", "episodes.URN",
      "episodes.PLACE_PROVIDER",
      sql=f"SELECT _row FROM {WITH_PREVIOUS} WHERE _row_before IS NOT NULL "
          f"AND is_code(RNE, 'P,T') AND (LS <> LS_before OR ({SAME_PLACEMENT}))",
      trips=({"episodes": chain(episode(), later(RNE="P"))},
             {"episodes": chain(episode(), later(RNE="T", LS="C1", PL_POST="TR1 1AA"))}),
      passes=({"episodes": chain(episode(), later(RNE="P", PL_POST="TR1 1AA"))},),
      note="A blank field is the same as a blank field before it (so an episode with no "
           "URN either side has not changed provider); the other tool counts blanks as "
           "different and so misses such an episode.")

RULES("436", "Reason for new episode is that both child’s placement and legal status have "
             "changed, but this is not reflected in the episode data.",
      "episodes.RNE", "episodes.LS", "episodes.PLACE", "episodes.PL_POST", "episodes.URN",
      "episodes.PLACE_PROVIDER",
      sql=f"SELECT _row FROM {WITH_PREVIOUS} WHERE _row_before IS NOT NULL "
          f"AND is_code(RNE, 'B,U') AND (LS = LS_before OR ({SAME_PLACEMENT}))",
      trips=({"episodes": chain(episode(), later(RNE="B", PL_POST="TR1 1AA"))},
             {"episodes": chain(episode(), later(RNE="U", LS="C1"))}),
      passes=({"episodes": chain(episode(), later(RNE="U", LS="C1", PL_POST="TR1 1AA"))},))

# --- Against last year's return -------------------------------------------------------

RULES("503F", "The Ofsted URN in the  first episode does not match open episode at end of "
              "last year.", "episodes.URN", needs={PREVIOUS},
      sql=f"SELECT _row FROM {CARRIED_ON_FROM.replace('{placed}', 'episodes')} "
          "WHERE URN IS DISTINCT FROM URN_last",
      trips=({"episodes": [episode(RNE="P", URN="SC100001", PLACE="K2")],
              "episodes_last": [last_year(PLACE="K2", URN="SC100003")]},),
      passes=({"episodes": [episode(RNE="P", URN="SC100001", PLACE="K2")],
               "episodes_last": [last_year(PLACE="K2", URN="SC100001")]},
              {"episodes": [episode(RNE="P", URN="SC100001", PLACE="K2")],
               "episodes_last": [last_year(URN="SC100003", DEC="2025-03-01")]}))

RULES("452", "Contradiction between local authority of placement code in the last episode of "
             "the previous year and in the first episode of the current year.",
      "episodes.PL_POST", needs={PREVIOUS, POSTCODES},
      sql=f"SELECT _row FROM {CARRIED_ON} WHERE RNE = RNE_last AND {LA_CHANGED}",
      trips=(placed(episode(PL_POST="TR1 1AA"), episodes_last=[last_year()]),),
      passes=(placed(episode(PL_POST="PL1 1AB"), episodes_last=[last_year(PL_POST="PL1 1")]),
              placed(episode(RNE="P", PL_POST="TR1 1AA"), episodes_last=[last_year()])),
      note="Last year's LA is read from the postcode sector stored: flagged when no "
           "postcode of that sector lies in this year's LA of placement.")

RULES("503H", "The placement LA in first episode does not match open episode at end of last "
              "year.", "episodes.PL_POST", needs={PREVIOUS, POSTCODES},
      sql=f"SELECT _row FROM {CARRIED_ON} WHERE {LA_CHANGED}",
      trips=(placed(episode(RNE="P", PL_POST="TR1 1AA"), episodes_last=[last_year()]),),
      passes=(placed(episode(RNE="P", PL_POST="PL4 8AA"), episodes_last=[last_year()]),
              placed(episode(RNE="P", PL_POST="PL7 1AA"),
                     episodes_last=[last_year(PL_POST="PL7 1")]),
              # Last year's file checked with this year's, its postcodes given whole.
              placed(episode(RNE="P", PL_POST="PL4 8AA"),
                     episodes_last=[last_year(HOME_POST="PL1 1AA", PL_POST="PL4 8AA")])),
      note="Last year's LA is read from its postcode sector, as for 452; a postcode the "
           "directory does not know gave no LA either year, which is no change.")

RULES("503J", "The placement location in first episode does not match open episode at end of "
              "last year.", "episodes.PL_POST", needs={PREVIOUS, POSTCODES},
      sql=f"SELECT _row FROM {CARRIED_ON} WHERE {LOCATION_CHANGED}",
      trips=(placed(episode(RNE="P", PL_POST="CF10 1AA"), episodes_last=[last_year()]),),
      passes=(placed(episode(RNE="P", PL_POST="TR1 1AA"),
                     episodes_last=[last_year(PL_POST="CF10 1")]),),
      note="Last year's location is read from its postcode sector, as for 452: IN when "
           "every postcode of the sector lies in the LA, OUT when none does.")

RULES("453", "Contradiction between placement distance in the last episode of the previous "
             "year and in the first episode of the current year.",
      "episodes.HOME_POST", "episodes.PL_POST", needs={PREVIOUS, POSTCODES},
      sql=f"SELECT _row FROM {LAST_DISTANCE} WHERE RNE = RNE_last AND {DISTANCE_CHANGED}",
      trips=(placed(episode(PL_POST="TR1 1AA"), episodes_last=[last_year()]),
             placed(episode(), episodes_last=[last_year(HOME_POST=None)])),
      passes=(placed(episode(PL_POST="PL4 8AA"), episodes_last=[last_year()]),
              placed(episode(RNE="P", PL_POST="TR1 1AA"), episodes_last=[last_year()])),
      note="Last year's distance is known only within the bounds its postcode sectors set: "
           "flagged when this year's is 0.2 miles or more outside them, so a change within "
           "a sector is not seen.")

RULES("503G", "The distance in first episode does not match open episode at end of last year.",
      "episodes.HOME_POST", "episodes.PL_POST", needs={PREVIOUS, POSTCODES},
      sql=f"SELECT _row FROM {LAST_DISTANCE} WHERE {DISTANCE_CHANGED}",
      trips=(placed(episode(RNE="P", PL_POST="TR1 1AA"), episodes_last=[last_year()]),),
      passes=(placed(episode(RNE="P", PL_POST="PL4 8AA"), episodes_last=[last_year()]),),
      note="Last year's distance from its postcode sectors, as for 453.")
