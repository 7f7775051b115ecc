"""Functions the rules' SQL shares, as DuckDB macros: each written once, here."""

MACROS = (
    # Whole years of age on a day (a birthday on 29 February falls on 1 March).
    "CREATE MACRO age_on(dob, day) AS date_sub('year', dob, day)",
    # Whether a text is one of a comma-separated list of codes, ignoring case.
    "CREATE MACRO is_code(value, codes) AS "
    "list_contains(string_split(upper(codes), ','), upper(value))",
)
