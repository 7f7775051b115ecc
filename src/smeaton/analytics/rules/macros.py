"""Functions the rules' SQL shares, as DuckDB macros: each written once, here."""

from smeaton.analytics.calendar import bank_holidays

# England's bank holidays over the years a return can hold, for counting working days.
HOLIDAYS = ", ".join(f"DATE '{day}'" for year in range(2000, 2041)
                     for day in sorted(bank_holidays(year)))

MACROS = (
    # Whole years of age on a day (a birthday on 29 February falls on 1 March).
    "CREATE MACRO age_on(dob, day) AS date_sub('year', dob, day)",
    # Sex as coded since 2025 (M, F or U): returns to 2024 coded it 1 (male), 2 (female).
    "CREATE MACRO sex(code) AS CASE code WHEN '1' THEN 'M' WHEN '2' THEN 'F' ELSE code END",
    # Whether a text is one of a comma-separated list of codes, ignoring case.
    "CREATE MACRO is_code(value, codes) AS "
    "list_contains(string_split(upper(codes), ','), upper(value))",
    # The day ``n`` working days before a day (Monday to Friday, not a bank holiday in
    # England): DfE's timescales count back from the reference date in working days.
    "CREATE MACRO working_days_before(day, n) AS (SELECT d FROM (SELECT CAST(day AS DATE)"  # noqa: S608
    " - CAST(k AS INTEGER) AS d FROM range(1, 7 * n + 30) AS t(k)) WHERE isodow(d) <= 5"
    f" AND NOT list_contains([{HOLIDAYS}], d) ORDER BY d DESC LIMIT 1 OFFSET n - 1)",
)
