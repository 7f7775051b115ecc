"""The floor for benchmarks/measures.py: one hand-written DuckDB SQL query for three
headline measures (children looked after at 31 March, re-referrals within 12 months,
persistent absence), by LA, for one reporting year, straight from the store's Parquet.

It applies the same rules as `smeaton measures` (latest return wins, failed fields and
short breaks left out), so the benchmark can check it gives the same headline figures.

    .venv/bin/python benchmarks/measures_sql.py STORE YEAR OUT.csv
"""

import json
import sys
from pathlib import Path

import duckdb

QUERY = """
with episodes as (
    select * from read_parquet('{store}/ssda903/*/*/episodes.parquet',
                               hive_partitioning = true, hive_types_autocast = false)
    where CHILD is not null
    qualify max(year) over (partition by la_code, CHILD, DECOM) = year
),
looked_after as (
    select la_code, 'cla_at_end' as measure_id, count(distinct CHILD) as numerator,
           null::bigint as denominator
    from episodes
    where not list_has_any(coalesce(failed_fields, []), ['DECOM', 'DEC', 'LS'])
      and LS not in ('V3', 'V4')
      and DECOM <= date '{end}' and (DEC is null or DEC > date '{end}')
    group by la_code
),
referrals as (
    select * from read_parquet('{store}/cin/*/*/cin_details.parquet',
                               hive_partitioning = true, hive_types_autocast = false)
    where LAchildID is not null
      and not list_has_any(coalesce(failed_fields, []), ['CINreferralDate'])
    qualify max(year) over (partition by la_code, LAchildID, CINreferralDate) = year
),
referral_days as (
    select distinct la_code, LAchildID, CINreferralDate from referrals
),
previous as (
    select *, lag(CINreferralDate) over (partition by la_code, LAchildID
                                         order by CINreferralDate) as before
    from referral_days
),
rereferrals as (
    select r.la_code, 'rereferral_12m' as measure_id,
           count_if(p.before >= r.CINreferralDate - interval 1 year) as numerator,
           count(*) as denominator
    from referrals r join previous p using (la_code, LAchildID, CINreferralDate)
    where r.CINreferralDate > date '{start}' and r.CINreferralDate <= date '{end}'
    group by r.la_code
),
enrolments as (
    select la_code, PupilID, URN, max(DOB) as DOB, sum(SessionsPossible) as possible,
           sum(SessionsAuthorised + SessionsUnauthorised) as absent
    from read_parquet('{store}/attendance/*/year={academic}/attendance.parquet',
                      hive_partitioning = true, hive_types_autocast = false)
    where PupilID is not null
      and not list_has_any(coalesce(failed_fields, []),
                           ['DOB', 'SessionsPossible', 'SessionsAuthorised',
                            'SessionsUnauthorised'])
    group by la_code, PupilID, URN
),
absence as (
    select la_code, 'absence_persistent' as measure_id,
           count_if(absent * 10 >= possible) as numerator, count(*) as denominator
    from enrolments
    where possible > 0
      and (({cohort} - (year(DOB) * 10000 + month(DOB) * 100 + day(DOB))) // 10000)
          between 5 and 15
    group by la_code
)
select * from looked_after
union all select * from rereferrals
union all select * from absence
"""


def main() -> None:
    store, year, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    state = store / json.loads((store / "store.json").read_text()).get("current", ".")
    query = QUERY.format(store=state, end=f"{year}-03-31", start=f"{year - 1}-03-31",
                         academic=year - 1, cohort=(year - 2) * 10000 + 831)
    duckdb.sql(query).write_csv(str(out))


if __name__ == "__main__":
    main()
