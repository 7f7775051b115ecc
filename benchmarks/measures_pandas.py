"""The measures as the sector's tools compute them today: straightforward pandas.

The baseline for benchmarks/measures.py: the same catalogue (every measure, every
breakdown and the excluded rows) for one reporting year, from the same store, written
the way analysts' notebooks are: read each table into a DataFrame, filter, sort, group
and merge. It writes the same tidy rows as `smeaton measures` (without the notes), so
the benchmark can check the two agree before it times them.

    .venv/bin/python benchmarks/measures_pandas.py STORE YEAR OUT.csv
"""

import json
import sys
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from smeaton.analytics.calendar import bank_holidays  # noqa: E402
from smeaton.analytics.measures.catalogue import CATALOGUE  # noqa: E402
from smeaton.analytics.published.population import children  # noqa: E402
from smeaton.analytics.store import Store as Stored  # noqa: E402

SEXES = ("Male", "Female", "Not known")
ETHNICITIES = ("White", "Mixed", "Asian", "Black", "Other", "Refused or not obtained",
               "Not known")
AGE_BANDS = ("Under 1", "1-4", "5-9", "10-15", "16 and over", "Not known")
DISABILITIES = ("Disabled", "Not disabled")
VALUES = {"Sex": SEXES, "Ethnicity": ETHNICITIES, "Age band": AGE_BANDS,
          "Disability": DISABILITIES}
COLUMNS = {"Sex": "sex", "Ethnicity": "ethnicity", "Age band": "age_band",
           "Disability": "disability"}


def read(store: Path, source: str, table: str, years=None) -> pd.DataFrame:
    frames = []
    for path in sorted((store / source).glob(f"la_code=*/year=*/{table}.parquet")):
        year = int(path.parent.name.split("=")[1])
        if years is not None and year not in years:
            continue
        frame = pq.read_table(path).to_pandas()
        frame["la_code"] = path.parent.parent.name.split("=")[1]
        frame["year"] = year
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def latest(frame: pd.DataFrame, key: list[str]) -> pd.DataFrame:
    newest = frame.groupby(["la_code", *key])["year"].transform("max")
    return frame[frame["year"] == newest]


def failed(frame: pd.DataFrame, fields) -> pd.Series:
    return frame["failed_fields"].apply(
        lambda names: names is not None and any(name in fields for name in names))


def ymd(series: pd.Series) -> pd.Series:
    days = pd.to_datetime(series)
    return days.dt.year * 10000 + days.dt.month * 100 + days.dt.day


def age(birth: pd.Series, on) -> pd.Series:
    on = ymd(on) if isinstance(on, pd.Series) else on.year * 10000 + on.month * 100 + on.day
    return (on - ymd(birth)) // 10000


def age_band(birth: pd.Series, on) -> pd.Series:
    years = age(birth, on)
    bands = pd.cut(years, [-1000, 0, 4, 9, 15, 1000],
                   labels=["Under 1", "1-4", "5-9", "10-15", "16 and over"])
    return bands.astype(object).where(years.notna(), "Not known")


def sex(codes: pd.Series) -> pd.Series:
    return codes.map(lambda code: "Male" if code in ("1", "M") else
                     "Female" if code in ("2", "F") else "Not known")


def ethnicity(codes: pd.Series) -> pd.Series:
    def group(code):
        if not isinstance(code, str):
            return "Not known"
        if code in ("REFU", "NOBT"):
            return "Refused or not obtained"
        if code == "CHNE":
            return "Other"
        return {"W": "White", "M": "Mixed", "A": "Asian", "B": "Black",
                "O": "Other"}.get(code[:1], "Not known")
    return codes.map(group)


def minus(day: date, years: int = 0, months: int = 0) -> date:
    index = day.year * 12 + day.month - 1 - years * 12 - months
    year, month = divmod(index, 12)
    last = (date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1) - date.resolution).day
    return date(year, month + 1, min(day.day, last))


class Store:
    def __init__(self, root: Path, year: int):
        self.root, self.year = root, year
        self.end = pd.Timestamp(date(year, 3, 31))
        self.start = pd.Timestamp(minus(date(year, 3, 31), years=1))
        self.episodes = latest(read(root, "ssda903", "episodes"), ["CHILD", "DECOM"])
        self.episodes = self.episodes[~self.episodes["LS"].isin(["V3", "V4"])]
        for column in ("DECOM", "DEC"):
            self.episodes[column] = pd.to_datetime(self.episodes[column])
        header = latest(read(root, "ssda903", "header"), ["CHILD"])
        self.header = pd.DataFrame({
            "la_code": header["la_code"], "CHILD": header["CHILD"],
            "sex": sex(header["SEX"].where(~failed(header, ["SEX"]))),
            "ethnicity": ethnicity(header["ETHNIC"].where(~failed(header, ["ETHNIC"]))),
            "DOB": pd.to_datetime(header["DOB"].where(~failed(header, ["DOB"])))})
        self.oc3 = read(root, "ssda903", "oc3")
        self.cin = {table: latest(read(root, "cin", table), key) for table, key in (
            ("cin_details", ["LAchildID", "CINreferralDate"]),
            ("cin_assessments", ["LAchildID", "AssessmentActualStartDate"]),
            ("cin_cp_plans", ["LAchildID", "CPPstartDate"]))}
        people = latest(read(root, "cin", "cin_children"), ["LAchildID"])
        disabilities = read(root, "cin", "cin_disabilities")
        disabled = disabilities.assign(disabled=disabilities["Disability"] != "NONE").groupby(
            ["la_code", "year", "LAchildID"], as_index=False)["disabled"].any()
        people = people.merge(disabled, on=["la_code", "year", "LAchildID"], how="left")
        recorded = people["Sex"].where(~failed(people, ["Sex"])).fillna(
            people["GenderCurrent"].where(~failed(people, ["GenderCurrent"])))
        self.children = pd.DataFrame({
            "la_code": people["la_code"], "LAchildID": people["LAchildID"],
            "sex": sex(recorded),
            "ethnicity": ethnicity(people["Ethnicity"].where(~failed(people, ["Ethnicity"]))),
            "disability": np.where(people["disabled"].fillna(False).astype(bool), "Disabled",
                                   "Not disabled"),
            "birth": pd.to_datetime(people["PersonBirthDate"].where(
                ~failed(people, ["PersonBirthDate"])))})
        self.attendance = read(root, "attendance", "attendance", years={year - 1})


def in_period(store: Store, series: pd.Series) -> pd.Series:
    series = pd.to_datetime(series)
    return (series > store.start) & (series <= store.end)


def with_header(store: Store, frame: pd.DataFrame, on) -> pd.DataFrame:
    frame = frame.merge(store.header, on=["la_code", "CHILD"], how="left")
    frame["sex"] = frame["sex"].fillna("Not known")
    frame["ethnicity"] = frame["ethnicity"].fillna("Not known")
    frame["age_band"] = age_band(frame["DOB"], frame[on] if isinstance(on, str) else on)
    return frame


def with_child(store: Store, frame: pd.DataFrame, on) -> pd.DataFrame:
    frame = frame.merge(store.children, on=["la_code", "LAchildID"], how="left")
    frame["sex"] = frame["sex"].fillna("Not known")
    frame["ethnicity"] = frame["ethnicity"].fillna("Not known")
    frame["disability"] = frame["disability"].fillna("Not disabled")
    frame["age_band"] = age_band(frame["birth"], frame[on] if isinstance(on, str) else on)
    return frame


def usable_episodes(store: Store, needs) -> pd.DataFrame:
    return store.episodes[~failed(store.episodes, needs)]


def open_at_end(store: Store, frame: pd.DataFrame) -> pd.DataFrame:
    return frame[(frame["DECOM"] <= store.end)
                 & (frame["DEC"].isna() | (frame["DEC"] > store.end))]


def cla_at_end(store: Store, needs):
    children_ = open_at_end(store, usable_episodes(store, needs))[["la_code", "CHILD"]]
    return with_header(store, children_.drop_duplicates().assign(numerator=1, denominator=1),
                       store.end)


def cla_starts(store: Store, needs):
    rows = usable_episodes(store, needs)
    rows = rows[(rows["RNE"] == "S") & in_period(store, rows["DECOM"])]
    rows = rows.groupby(["la_code", "CHILD"], as_index=False)["DECOM"].min()
    return with_header(store, rows.assign(numerator=1, denominator=1), "DECOM")


def cla_ceased(store: Store, needs):
    rows = usable_episodes(store, needs)
    rows = rows[(rows["REC"].isna() | (rows["REC"] != "X1")) & in_period(store, rows["DEC"])]
    rows = rows.groupby(["la_code", "CHILD"], as_index=False)["DEC"].max()
    return with_header(store, rows.assign(numerator=1, denominator=1), "DEC")


def placements_3plus(store: Store, needs):
    rows = usable_episodes(store, needs)
    rows = rows[(rows["DECOM"] <= store.end)
                & (rows["DEC"].isna() | (rows["DEC"] > store.start))]
    rows = rows[~rows["PLACE"].isin(["T0", "T1", "T2", "T3", "T4"])
                & ~(rows["DEC"] == rows["DECOM"])].sort_values(["la_code", "CHILD", "DECOM"])
    first = rows.groupby(["la_code", "CHILD"]).cumcount() == 0
    rows = rows.assign(placement=first | rows["RNE"].isin(["S", "P", "T", "U", "B"]))
    counts = rows.groupby(["la_code", "CHILD"], as_index=False)["placement"].sum()
    children_ = open_at_end(store, usable_episodes(store, needs))[["la_code", "CHILD"]]
    children_ = children_.drop_duplicates().merge(counts, on=["la_code", "CHILD"], how="left")
    children_ = children_.assign(
        numerator=(children_["placement"].fillna(0) >= 3).astype(int), denominator=1)
    return with_header(store, children_, store.end)


def long_term_stability(store: Store, needs):
    rows = usable_episodes(store, needs).sort_values(["la_code", "CHILD", "DECOM"])
    previous_end = rows.groupby(["la_code", "CHILD"])["DEC"].shift()
    rows = rows.assign(new=previous_end.isna() | (previous_end != rows["DECOM"]))
    rows["care_period"] = rows.groupby(["la_code", "CHILD"])["new"].cumsum()
    rows["care_started"] = rows.groupby(["la_code", "CHILD", "care_period"])["DECOM"] \
        .transform("min")
    carers = rows[rows["RNE"].isin(["S", "P", "B"])].copy()
    carers["before"] = carers.groupby(["la_code", "CHILD", "care_period"])["DECOM"].shift()
    adoption = carers["PLACE"].isin(["A3", "A4", "A5", "A6"]) & carers["before"].notna()
    carers["carer_started"] = carers["before"].where(adoption, carers["DECOM"])
    carers = carers[carers["DECOM"] <= store.end].sort_values("DECOM") \
        .groupby(["la_code", "CHILD", "care_period"], as_index=False).last()
    current = open_at_end(store, rows)[["la_code", "CHILD", "care_period", "care_started"]]
    current = current.merge(carers[["la_code", "CHILD", "care_period", "carer_started"]],
                            on=["la_code", "CHILD", "care_period"], how="left")
    current = with_header(store, current, store.end)
    e_2y6m, e_2y = (pd.Timestamp(minus(store.end.date(), 2, 6)),
                    pd.Timestamp(minus(store.end.date(), 2)))
    current = current[current["DOB"].notna() & (age(current["DOB"], store.end) < 16)
                      & (current["care_started"] <= e_2y6m)]
    started = current["carer_started"].fillna(current["care_started"])
    return current.assign(numerator=(started <= e_2y).astype(int), denominator=1)


def care_leavers(store: Store, needs, test):
    rows = store.oc3[~failed(store.oc3, needs)].copy()
    rows["DOB"] = pd.to_datetime(rows["DOB"])
    rows = rows[rows["DOB"] <= store.end]
    turned = age(rows["DOB"], store.end)
    birthday = [dob.replace(year=dob.year + int(years)) for dob, years in
                zip(rows["DOB"], turned, strict=True)]
    collected = [day.year + (day.month >= 4) for day in birthday]
    rows = rows.assign(turned=turned, birthday=birthday, collected=collected)
    rows = rows[rows["turned"].isin([19, 20, 21]) & (rows["year"] == rows["collected"])
                & ~rows["IN_TOUCH"].isin(["DIED", "RHOM"])]
    rows = rows.assign(numerator=rows.apply(test, axis=1).astype(int), denominator=1)
    return with_header(store, rows.drop(columns="DOB"), "birthday")


def care_leavers_eet(store, needs):
    return care_leavers(store, needs, lambda row: str(row["ACTIV"])[:1] in ("F", "P"))


def care_leavers_suitable(store, needs):
    return care_leavers(store, needs, lambda row: str(row["ACCOM"]).endswith("1"))


def referrals(store, needs):
    rows = store.cin["cin_details"]
    rows = rows[~failed(rows, needs) & in_period(store, rows["CINreferralDate"])]
    return with_child(store, rows.assign(numerator=1, denominator=1), "CINreferralDate")


def rereferral_12m(store, needs):
    every = store.cin["cin_details"]
    every = every[~failed(every, needs)]
    days = every[["la_code", "LAchildID", "CINreferralDate"]].drop_duplicates() \
        .sort_values(["la_code", "LAchildID", "CINreferralDate"])
    days["previous"] = days.groupby(["la_code", "LAchildID"])["CINreferralDate"].shift()
    rows = every[in_period(store, every["CINreferralDate"])].merge(
        days, on=["la_code", "LAchildID", "CINreferralDate"], how="left")
    year_before = pd.to_datetime(rows["CINreferralDate"]) - pd.DateOffset(years=1)
    rows["numerator"] = (pd.to_datetime(rows["previous"]) >= year_before).astype(int)
    return with_child(store, rows.assign(denominator=1), "CINreferralDate")


def assessments_45wd(store, needs):
    rows = store.cin["cin_assessments"]
    rows = rows[~failed(rows, needs) & in_period(store, rows["AssessmentAuthorisationDate"])]
    holidays = [day for year in range(1980, 2061) for day in bank_holidays(year)]
    start = pd.to_datetime(rows["AssessmentActualStartDate"]).values.astype("datetime64[D]")
    end = pd.to_datetime(rows["AssessmentAuthorisationDate"]).values.astype("datetime64[D]")
    days = np.busday_count(start + 1, end + 1, holidays=holidays)
    rows = rows.assign(numerator=(days <= 45).astype(int), denominator=1)
    return with_child(store, rows, "AssessmentActualStartDate")


def plans(store, needs):
    rows = store.cin["cin_cp_plans"]
    rows = rows[~failed(rows, needs)].copy()
    rows["CPPstartDate"] = pd.to_datetime(rows["CPPstartDate"])
    rows["CPPendDate"] = pd.to_datetime(rows["CPPendDate"])
    return rows


def open_plans(store, needs):
    rows = plans(store, needs)
    return rows[(rows["CPPstartDate"] <= store.end)
                & (rows["CPPendDate"].isna() | (rows["CPPendDate"] > store.end))]


def cpp_2yrs_ended(store, needs):
    rows = plans(store, needs)
    rows = rows[in_period(store, rows["CPPendDate"])]
    lasted = rows["CPPendDate"] >= rows["CPPstartDate"] + pd.DateOffset(years=2)
    return with_child(store, rows.assign(numerator=lasted.astype(int), denominator=1),
                      "CPPendDate")


def cpp_2yrs_open(store, needs):
    rows = open_plans(store, needs)
    e_2y = pd.Timestamp(minus(store.end.date(), 2))
    return with_child(store, rows.assign(
        numerator=(rows["CPPstartDate"] <= e_2y).astype(int), denominator=1), store.end)


def cpp_at_end(store, needs):
    rows = open_plans(store, needs)[["la_code", "LAchildID"]].drop_duplicates()
    return with_child(store, rows.assign(numerator=1, denominator=1), store.end)


def cpp_subsequent(store, needs):
    every = store.cin["cin_cp_plans"]
    first = every.groupby(["la_code", "LAchildID"], as_index=False)["CPPstartDate"].min() \
        .rename(columns={"CPPstartDate": "first_plan"})
    rows = plans(store, needs)
    rows = rows[in_period(store, rows["CPPstartDate"])].merge(
        first, on=["la_code", "LAchildID"], how="left")
    previous = (rows["NumberOfPreviousCPP"] >= 1) | (
        pd.to_datetime(rows["first_plan"]) < rows["CPPstartDate"])
    return with_child(store, rows.assign(numerator=previous.astype(int), denominator=1),
                      "CPPstartDate")


def enrolments(store, needs):
    rows = store.attendance[~failed(store.attendance, needs)]
    rows = rows.assign(absent=rows["SessionsAuthorised"] + rows["SessionsUnauthorised"],
                       Sex=rows["Sex"].where(~failed(rows, ["Sex"])),
                       Ethnicity=rows["Ethnicity"].where(~failed(rows, ["Ethnicity"])))
    rows = rows.groupby(["la_code", "PupilID", "URN"], as_index=False).agg(
        possible=("SessionsPossible", "sum"), absent=("absent", "sum"), DOB=("DOB", "max"),
        Sex=("Sex", "max"), Ethnicity=("Ethnicity", "max"))
    cohort = date(store.year - 2, 8, 31)
    rows = rows[(rows["possible"] > 0) & age(rows["DOB"], cohort).between(5, 15)]
    return rows.assign(sex=sex(rows["Sex"]), ethnicity=ethnicity(rows["Ethnicity"]),
                       age_band=age_band(rows["DOB"], cohort), denominator=1)


def absence_overall(store, needs):
    rows = enrolments(store, needs)
    return rows.assign(numerator=rows["absent"], denominator=rows["possible"])


def absence_persistent(store, needs):
    rows = enrolments(store, needs)
    return rows.assign(numerator=(rows["absent"] * 10 >= rows["possible"]).astype(int))


def absence_severe(store, needs):
    rows = enrolments(store, needs)
    return rows.assign(numerator=(rows["absent"] * 2 >= rows["possible"]).astype(int))


def excluded(store: Store, measure) -> pd.Series:
    counts = []
    for table, fields in measure.needs.items():
        frame = {"episodes": store.episodes, "header": None, "oc3": store.oc3,
                 "attendance": store.attendance}.get(table)
        if table == "episodes":  # with short breaks, as the engine counts them
            frame = latest(read(store.root, "ssda903", "episodes"), ["CHILD", "DECOM"])
        if table == "header":
            frame = latest(read(store.root, "ssda903", "header"), ["CHILD"])
        if frame is None:
            frame = store.cin[table]
        frame = frame[failed(frame, fields)]
        if table != "attendance":
            frame = frame[frame["year"] == store.year]
        counts.append(frame.groupby("la_code").size())
        counts.append(refused(store, table))
    return pd.concat(counts).groupby(level=0).sum()


def refused(store: Store, table: str) -> pd.Series:
    """Rows of the table ingest refused from the year's returns, by LA: the catalogue's
    rows_rejected for the load each return's _return.json names."""
    source = {"episodes": "ssda903", "header": "ssda903", "oc3": "ssda903",
              "attendance": "attendance"}.get(table, "cin")
    year = store.year - 1 if source == "attendance" else store.year
    loads = {json.loads(path.read_text())["load_id"]: path.parent.parent.name.split("=")[1]
             for path in (store.root / source).glob(f"la_code=*/year={year}/_return.json")}
    catalogue = pd.read_parquet(store.root / "catalogue.parquet")
    catalogue = catalogue[catalogue["load_id"].isin(list(loads))
                          & (catalogue["source"] == source) & (catalogue["year"] == year)
                          & (catalogue["table"] == table)]
    return catalogue.groupby("la_code")["rows_rejected"].sum()


def main() -> None:
    root, year, out = Path(sys.argv[1]), int(sys.argv[2]), Path(sys.argv[3])
    store = Store(Stored(root).folder, year)  # the state store.json names
    rows = []
    for measure in CATALOGUE:
        base = next(m for m in CATALOGUE if m.id == (measure.rate_of or measure.id))
        units = globals()[base.id](store, base.needs[next(iter(base.needs))])
        dropped = excluded(store, measure)
        totals = units.groupby("la_code")[["numerator", "denominator"]].sum()
        for la, total in totals.iterrows():
            common = {"measure_id": measure.id, "la_code": la,
                      "excluded_rows": int(dropped.get(la, 0))}
            if measure.rate_of:
                population = children(la, year - 1)
                rows.append({**common, "breakdown": "Total", "breakdown_value": "Total",
                             "numerator": total["numerator"],
                             "denominator": population[0] if population else None})
                continue
            rows.append({**common, "breakdown": "Total", "breakdown_value": "Total",
                         **total.to_dict()})
            for breakdown in measure.breakdowns:
                cells = units[units["la_code"] == la].groupby(COLUMNS[breakdown.title])[
                    ["numerator", "denominator"]].sum()
                for value in VALUES[breakdown.title]:
                    numerator, denominator = (cells.loc[value] if value in cells.index
                                              else (0, 0))
                    rows.append({**common, "breakdown": breakdown.title,
                                 "breakdown_value": value, "numerator": numerator,
                                 "denominator": denominator})
    pd.DataFrame(rows).to_csv(out, index=False)


if __name__ == "__main__":
    main()
