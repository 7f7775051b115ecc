"""Rules on the AD1 table: the adoptions of children who ceased to be looked after."""

from smeaton.analytics.rules import Rules
from smeaton.analytics.source import Source

RULES = Rules(Source.SSDA903)

ADOPTION = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def _ad1(child="1", **fields) -> dict:
    return {"CHILD": child, "DOB": "2018-06-01", "DATE_INT": "2024-01-10",
            "DATE_MATCH": "2024-05-01", "FOSTER_CARE": "0", "NB_ADOPTR": "2",
            "SEX_ADOPTR": "MF", "LS_ADOPTR": "L11", **fields}


def _single(**fields) -> dict:
    return _ad1(NB_ADOPTR="1", SEX_ADOPTR="F1", LS_ADOPTR="L0", **fields)


def _adopted(decom="2024-06-01") -> dict:
    """The child's episode of placement for adoption, which ended in adoption."""
    return {"CHILD": "1", "DECOM": decom, "RNE": "P", "LS": "E1", "CIN": "N1",
            "PLACE": "A5", "DEC": "2025-09-01", "REC": "E11"}


RULES("INT31", "Internal Check: Child should only exist once in AD1.", "ad1.CHILD",
      format="duplicate",
      note="The first row is kept and each repeat flagged; the other tool flags the "
           "first row too.",
      trips=({"ad1": [_ad1(), _ad1()]},),
      passes=({"ad1": [_ad1(), _ad1("2")]},))

RULES("112", "Date should be placed for adoption is not a valid date.", "ad1.DATE_INT",
      format="invalid",
      trips=({"ad1": [_ad1(DATE_INT="2024-02-30")]},),
      passes=({"ad1": [_ad1(DATE_INT="2024-02-29")]},))

RULES("113", "Date matching child and adopter(s) is not a valid date.", "ad1.DATE_MATCH",
      format="invalid",
      trips=({"ad1": [_ad1(DATE_MATCH="1 May 2024")]},),
      passes=({"ad1": [_ad1(DATE_MATCH="2024-05-01")]},))

RULES("114", "Data entry to record the status of former carer(s) of an adopted child is "
             "invalid.", "ad1.FOSTER_CARE", format="invalid",
      note="The format checks also take True and False for 1 and 0.",
      trips=({"ad1": [_ad1(FOSTER_CARE="2")]},),
      passes=({"ad1": [_ad1(FOSTER_CARE="1")]},))

RULES("151", "All data items relating to a childs adoption must be coded or left blank.",
      *(f"ad1.{name}" for name in ADOPTION), format="blank",
      note="The format checks ask for every item on every AD1 row, so a row with all of "
           "them blank is flagged too; DfE's rule allows it.",
      trips=({"ad1": [_ad1(FOSTER_CARE="")]}, {"ad1": [_ad1(DATE_MATCH="")]}),
      passes=({"ad1": [_ad1()]},))

RULES("175", "The number of adopter(s) code is not a valid code.", "ad1.NB_ADOPTR",
      where="NB_ADOPTR NOT IN (1, 2)",
      note="A number of adopters that is not a whole number is a format problem of its own.",
      trips=({"ad1": [_ad1(NB_ADOPTR="3")]}, {"ad1": [_ad1(NB_ADOPTR="0")]}),
      passes=({"ad1": [_single()]},))

RULES("176", "The gender of adopter(s) at the date of adoption code is not a valid code.",
      "ad1.SEX_ADOPTR", format="invalid",
      trips=({"ad1": [_ad1(SEX_ADOPTR="M2")]},),
      passes=({"ad1": [_ad1(SEX_ADOPTR="FF", LS_ADOPTR="L12")]},))

RULES("177", "The legal status of adopter(s) code is not a valid code.", "ad1.LS_ADOPTR",
      format="invalid",
      trips=({"ad1": [_ad1(LS_ADOPTR="L1")]},),
      passes=({"ad1": [_ad1(LS_ADOPTR="L3")]},))

RULES("331", "Date of matching child and adopter(s) should be the same as, or prior to, the "
             "date of placement of adoption.", "ad1.DATE_MATCH", "episodes.DECOM",
      "episodes.REC",
      sql="""
          SELECT 'ad1' AS _table, ad1._row FROM ad1 JOIN episodes USING (CHILD)
          WHERE episodes.REC IN ('E11', 'E12') AND ad1.DATE_MATCH > episodes.DECOM
          UNION ALL
          SELECT 'episodes', episodes._row FROM episodes JOIN ad1 USING (CHILD)
          WHERE episodes.REC IN ('E11', 'E12') AND ad1.DATE_MATCH > episodes.DECOM""",
      trips=({"ad1": [_ad1(DATE_MATCH="2024-06-02")], "episodes": [_adopted()]},),
      passes=({"ad1": [_ad1(DATE_MATCH="2024-06-01")], "episodes": [_adopted()]},))

RULES("333", "Date should be placed for adoption must be on or prior to the date of matching "
             "child with adopter(s).", "ad1.DATE_INT",
      where="DATE_INT > DATE_MATCH",
      note="Either date blank is a format problem (151).",
      trips=({"ad1": [_ad1(DATE_INT="2024-05-02")]},),
      passes=({"ad1": [_ad1(DATE_INT="2024-05-01")]},))

RULES("511", "If reporting that the number of person(s) adopting the looked after child is two "
             "adopters then the code should only be MM, FF or MF. MM = the adopting couple are "
             "both males; FF = the adopting couple are both females; MF = The adopting couple "
             "are male and female.", "ad1.NB_ADOPTR", "ad1.SEX_ADOPTR",
      where="NB_ADOPTR = 2 AND SEX_ADOPTR IN ('M1', 'F1')",
      trips=({"ad1": [_ad1(SEX_ADOPTR="M1")]},),
      passes=({"ad1": [_ad1(SEX_ADOPTR="MM", LS_ADOPTR="L12")]}, {"ad1": [_single()]}))

RULES("514", "Data entry on the legal status of adopters shows a single adopter but data entry "
             "for the numbers of adopters shows it as a couple.", "ad1.LS_ADOPTR",
      "ad1.SEX_ADOPTR",
      where="LS_ADOPTR = 'L0' AND SEX_ADOPTR NOT IN ('M1', 'F1')",
      trips=({"ad1": [_ad1(LS_ADOPTR="L0")]},),
      passes=({"ad1": [_single()]},))

RULES("517", "If reporting legal status of adopters is L3 then the genders of adopters should be "
             "coded as MF. MF = the adopting couple are male and female.", "ad1.LS_ADOPTR",
      "ad1.SEX_ADOPTR",
      where="LS_ADOPTR = 'L3' AND SEX_ADOPTR <> 'MF'",
      trips=({"ad1": [_ad1(LS_ADOPTR="L3", SEX_ADOPTR="FF")]},),
      passes=({"ad1": [_ad1(LS_ADOPTR="L3")]},))

RULES("518", "If reporting legal status of adopters is L4 then the genders of adopters should be "
             "coded as MM or FF. MM = the adopting couple are both males. FF = the adopting "
             "couple are both females.", "ad1.LS_ADOPTR", "ad1.SEX_ADOPTR",
      where="LS_ADOPTR = 'L4' AND SEX_ADOPTR NOT IN ('MM', 'FF')",
      trips=({"ad1": [_ad1(LS_ADOPTR="L4")]},),
      passes=({"ad1": [_ad1(LS_ADOPTR="L4", SEX_ADOPTR="MM")]},))

RULES("519", "Data entered on the legal status of adopters shows civil partnership couple, but "
             "data entered on genders of adopters does not show it as a couple.",
      "ad1.LS_ADOPTR", "ad1.SEX_ADOPTR",
      where="LS_ADOPTR = 'L2' AND SEX_ADOPTR NOT IN ('MM', 'FF', 'MF')",
      trips=({"ad1": [_ad1(LS_ADOPTR="L2", SEX_ADOPTR="F1")]},),
      passes=({"ad1": [_ad1(LS_ADOPTR="L2", SEX_ADOPTR="FF")]},))

RULES("520", "Data entry on the legal status of adopters shows different gender married couple "
             "but data entry on genders of adopters shows it as a same gender couple.",
      "ad1.LS_ADOPTR", "ad1.SEX_ADOPTR",
      where="LS_ADOPTR = 'L11' AND SEX_ADOPTR <> 'MF'",
      trips=({"ad1": [_ad1(SEX_ADOPTR="MM")]},),
      passes=({"ad1": [_ad1()]},))

RULES("524", "If reporting legal status of adopters is L12 then the genders of adopters should "
             "be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting "
             "couple are both females", "ad1.LS_ADOPTR", "ad1.SEX_ADOPTR",
      where="LS_ADOPTR = 'L12' AND SEX_ADOPTR NOT IN ('MM', 'FF')",
      trips=({"ad1": [_ad1(LS_ADOPTR="L12")]},),
      passes=({"ad1": [_ad1(LS_ADOPTR="L12", SEX_ADOPTR="FF")]},))
