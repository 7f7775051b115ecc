"""DfE's validation rules for the CIN census (children in need), one module per XML
module the rule flags first."""

# Where a child is given twice (the synthetic returns' duplicate fault).
REPEATED_CHILD_NOTE = ("A child given twice keeps its first record: the repeat is refused by the "
                       "format checks (rule 8510 flags it), so the rules read the child once; "
                       "the other tool reads both, and flags the first record too.")
# Where a referral or assessment dated after the census year is refused.
REFUSED_ROW_NOTE = ("A referral or assessment dated after the census year is refused by the "
                    "format checks (rules 8600 and 8736 flag it), so the rules comparing its "
                    "dates do not read it; the other tool does.")
# Where the census year matters and the other tool reads it otherwise.
CENSUS_YEAR_NOTE = ("The census year is the collection year ending 31 March that holds the "
                    "reference date (DfE's is always 31 March); given another reference date, "
                    "the other tool counts the year up to it instead.")


def with_referral(table: str, alias: str, condition: str) -> str:
    """SQL flagging the rows of ``table`` (as ``alias``), and their referrals (as
    ``referral``), of which ``condition`` holds."""
    pairs = (f"FROM {table} AS {alias} JOIN cin_details AS referral USING (referral_id) "
             f"WHERE {condition}")
    return (f"SELECT '{table}' AS _table, {alias}._row {pairs} "  # noqa: S608
            f"UNION ALL SELECT 'cin_details', referral._row {pairs}")


def with_child(condition: str) -> str:
    """SQL flagging the referrals (as ``referral``, the child's row as ``child``) of
    which ``condition`` holds, and the rows of their children."""
    pairs = ("FROM cin_details AS referral JOIN cin_children AS child USING (LAchildID) "
             f"WHERE {condition}")
    return (f"SELECT 'cin_details' AS _table, referral._row {pairs} "  # noqa: S608
            f"UNION ALL SELECT 'cin_children', child._row {pairs}")


def after_death(table: str, field: str) -> str:
    """A where clause on ``table``: its ``field`` falls after the child's date of death."""
    return (f"EXISTS (SELECT 1 FROM cin_children AS child WHERE child.LAchildID = "  # noqa: S608
            f"{table}.LAchildID AND {table}.{field} > child.PersonDeathDate)")
