"""DfE's validation rules for the CIN census (children in need), one module per XML
module the rule flags first."""


def with_referral(table: str, alias: str, condition: str) -> str:
    """SQL flagging the rows of ``table`` (as ``alias``), and their referrals (as
    ``referral``), of which ``condition`` holds."""
    pairs = (f"FROM {table} AS {alias} JOIN cin_details AS referral USING (referral_id) "
             f"WHERE {condition}")
    return (f"SELECT '{table}' AS _table, {alias}._row {pairs} "  # noqa: S608
            f"UNION ALL SELECT 'cin_details', referral._row {pairs}")
