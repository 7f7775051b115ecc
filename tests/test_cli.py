"""The smeaton command, run as a person runs it: a real process, a real database."""

import http.cookiejar
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from smeaton.analytics.store import Store
from tests.conftest import clean_environment

ROOT = Path(__file__).resolve().parents[1]


def smeaton(*args, env=None, timeout=180):
    return subprocess.run([sys.executable, "-m", "smeaton.cli", *args],
                          env=clean_environment(**(env or {})), capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def users_in(database: Path) -> list[tuple[str, str]]:
    """The demo's sign-in accounts (its illustrative colleagues cannot sign in)."""
    with sqlite3.connect(database) as db:
        return db.execute("select username, role from accounts_user "
                          "where username like 'demo-%' order by username").fetchall()


def count(database: Path, table: str) -> int:
    with sqlite3.connect(database) as db:
        return db.execute(f"select count(*) from {table}").fetchone()[0]  # noqa: S608


@pytest.fixture(scope="module")
def prepared(tmp_path_factory):
    """A home ``smeaton demo --no-serve`` prepared, once for this module (preparing takes
    half a minute): the output, and the home."""
    home = tmp_path_factory.mktemp("prepared")
    result = smeaton("demo", "--no-serve", "--home", str(home))
    assert result.returncode == 0, result.stderr
    return result, home


@pytest.fixture
def demo_home(prepared, tmp_path):
    """A copy of the prepared demo's home, for a test to change as it likes."""
    home = tmp_path / "home"
    shutil.copytree(prepared[1], home)
    return home


def test_demo_prepares_a_database_with_the_demo_users(prepared):
    result, tmp_path = prepared
    assert "Demo ready" in result.stdout
    assert users_in(tmp_path / "smeaton.sqlite3") == [
        ("demo-admin", "administrator"), ("demo-analyst", "analyst"),
        ("demo-councillor", "councillor"), ("demo-lead", "priority_lead"),
        ("demo-leader", "leadership"),
        ("demo-owner", "contributor"), ("demo-participation", "participation_lead"),
        ("demo-partner", "partner"), ("demo-qa", "qa_lead"), ("demo-viewer", "viewer"),
    ]
    assert (tmp_path / "secret_key").exists()
    assert (tmp_path / "static" / "staticfiles.json").exists()


def test_demo_again_changes_nothing_and_reset_starts_again(demo_home):
    tmp_path = demo_home
    database = tmp_path / "smeaton.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("insert into accounts_servicearea (name, description, active) "
                   "values ('Added by hand', '', 1)")
    before = {t: count(database, t) for t in ["accounts_user", "plan_milestone",
                                              "plan_milestoneupdate", "plan_updateround",
                                              "partnership_partneraction",
                                              "partnership_partneractionupdate",
                                              "performance_observation",
                                              "performance_publishedload",
                                              "performance_target"]}
    assert smeaton("demo", "--no-serve", "--home", str(tmp_path)).returncode == 0
    assert {t: count(database, t) for t in before} == before
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from accounts_servicearea "
                          "where name = 'Added by hand'").fetchone() == (1,)


def test_demo_reset_starts_again_and_serves_charts_from_its_first_start(demo_home):
    """Preparing from scratch draws charts (the demo's issued reports): the server's
    workers, started after, must still draw theirs (they once hung on their first)."""
    database = demo_home / "smeaton.sqlite3"
    with sqlite3.connect(database) as db:
        db.execute("insert into accounts_servicearea (name, description, active) "
                   "values ('Added by hand', '', 1)")
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "smeaton.cli", "demo", "--reset", "--port", str(port),
         "--home", str(demo_home)], cwd=ROOT, env=clean_environment(),
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        wait_for(f"{url}/sign-in/", seconds=240)
        opener = signed_in_as("demo-leader", url)
        with opener.open(f"{url}/reports/1/", timeout=30) as response:  # draws its chart
            assert "Milestones by priority and RAG" in response.read().decode()
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Deleted the demo's data" in output
    with sqlite3.connect(database) as db:
        assert db.execute("select count(*) from accounts_servicearea "
                          "where name = 'Added by hand'").fetchone() == (0,)


def wait_for(url: str, seconds: int) -> None:
    deadline = time.monotonic() + seconds
    while True:
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310  our own server
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.5)


def signed_in_as(username: str, url: str) -> urllib.request.OpenerDirector:
    opener = urllib.request.build_opener(
        urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    form = opener.open(f"{url}/sign-in/", timeout=10).read().decode()
    token = form.split('name="csrfmiddlewaretoken" value="')[1].split('"')[0]
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username,
                                   "password": "smeaton-demo"}).encode()
    opener.open(urllib.request.Request(f"{url}/sign-in/", data=body,
                                       headers={"Referer": f"{url}/sign-in/"}), timeout=10)
    return opener


def test_demo_refuses_a_production_database(tmp_path):
    result = smeaton("demo", "--no-serve", "--home", str(tmp_path),
                     env={"DATABASE_URL": "postgres://council/smeaton"})
    assert result.returncode != 0
    assert "unset DATABASE_URL" in result.stderr
    assert "Traceback" not in result.stderr


def test_serve_without_configuration_says_what_to_set(tmp_path):
    result = smeaton("serve", env={"SMEATON_HOME": str(tmp_path)})
    assert result.returncode != 0
    assert "SMEATON_SECRET_KEY is not set" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("command", [["serve"], ["ingest", "nothing.csv"],
                                     ["measures", "--year", "2025", "--out", "x.csv"]])
def test_the_retired_data_dir_is_refused_by_every_command_that_reads_the_home(tmp_path,
                                                                              command):
    result = smeaton(*command, env={"SMEATON_DATA_DIR": str(tmp_path),
                                    "SMEATON_HOME": str(tmp_path / "home")})
    assert result.returncode != 0
    assert "SMEATON_DATA_DIR is no longer read" in result.stderr
    assert "SMEATON_HOME" in result.stderr
    assert "Traceback" not in result.stderr


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def demo_server(demo_process):
    return demo_process[1]


@pytest.fixture
def demo_process(demo_home):
    """The demo served by ``smeaton demo`` in a process of its own, and its address."""
    port = free_port()
    args = [sys.executable, "-m", "smeaton.cli", "demo", "--port", str(port), "--home",
            str(demo_home)]
    server = subprocess.Popen(args, cwd=ROOT, env=clean_environment(),
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                urllib.request.urlopen(f"{url}/sign-in/", timeout=2)
                break
            except OSError:
                time.sleep(0.5)
        yield server, url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_demo_serves_on_127_0_0_1_with_its_banner_and_styles(demo_server):
    with urllib.request.urlopen(f"{demo_server}/sign-in/", timeout=10) as response:
        page = response.read().decode()
        assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")
    assert "This is a demonstration of Smeaton" in page
    assert "Two-factor authentication is optional here" in page  # the demo asks it of nobody
    assert "Plymouth City Council" in page
    stylesheet = page.split('rel="stylesheet" href="')[1].split('"')[0]
    assert ".css" in stylesheet and stylesheet != "/static/smeaton/dist/smeaton.css"  # hashed
    with urllib.request.urlopen(f"{demo_server}{stylesheet}", timeout=10) as response:
        assert b"govuk-generic-header" in response.read()


def children_of(pid: int) -> dict[int, str]:
    """The processes this one started, and their command lines (from /proc)."""
    found = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid:
                found[int(stat.parent.name)] = (stat.parent / "cmdline").read_bytes() \
                    .replace(b"\0", b" ").decode()
        except (OSError, IndexError, ValueError):
            continue
    return found


def test_demo_runs_the_task_worker_and_stops_it_with_itself(demo_process):
    server, _ = demo_process
    workers = [pid for pid, command in children_of(server.pid).items()
               if command.rstrip().endswith("smeaton.cli worker")]
    assert len(workers) == 1
    server.terminate()
    server.wait(timeout=30)
    assert not Path(f"/proc/{workers[0]}").exists() or "zombie" in Path(
        f"/proc/{workers[0]}/status").read_text()


def test_demo_on_a_port_already_in_use_says_so(tmp_path):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = smeaton("demo", "--port", str(port), "--home", str(tmp_path))
    assert result.returncode != 0
    assert f"Cannot serve on 127.0.0.1:{port}: Address already in use" in result.stderr
    assert "Preparing" not in result.stdout  # said at once, before a minute's preparing
    assert "--port" in result.stderr
    assert "Traceback" not in result.stderr


def test_published_load_reports_what_it_did_and_refuses_a_bad_file_whole(tmp_path):
    env = {"SMEATON_SECRET_KEY": "x" * 50, "SMEATON_COUNCIL_NAME": "Plymouth City Council",
           "SMEATON_LA_CODE": "879", "SMEATON_HOME": str(tmp_path)}
    assert smeaton("manage", "migrate", "-v0", env=env).returncode == 0
    shipped = ROOT / "src/smeaton/analytics/published/data/ees"
    good = shipped / "c1_children_in_need_referrals_and_rereferrals_2013_to_2025.csv"
    result = smeaton("published", "load", str(good), env=env)
    assert result.returncode == 0, result.stderr
    assert "2,132 values added" in result.stdout
    database = tmp_path / "smeaton.sqlite3"
    held = count(database, "performance_observation")

    lines = good.read_text().splitlines()
    bad = tmp_path / "c1-newer.csv"
    bad.write_text("\n".join([lines[0], lines[1].replace(",22.6,", ",22.6%,")]) + "\n")
    result = smeaton("published", "load", str(good), str(bad), env=env)
    assert result.returncode == 2  # refused: nothing changed
    assert "c1-newer.csv, row 2, column rereferral_percent ('22.6%')" in result.stderr
    assert "Traceback" not in result.stderr
    assert count(database, "performance_observation") == held
    assert count(database, "performance_publishedload") == 1

    # A cell over csv's 128 KB limit, and lines ending in CR alone: one line each, no
    # traceback.
    huge = tmp_path / "c1-huge.csv"
    huge.write_text("\n".join([lines[0], lines[1].replace(",22.6,", f',"{"9" * 200_000}",')]))
    result = smeaton("published", "load", str(huge), env=env)
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "c1-huge.csv, row 2, column rereferral_percent ('999" in result.stderr
    assert max(len(line) for line in result.stderr.splitlines()) < 300
    carriage = tmp_path / "c1-cr.csv"
    carriage.write_bytes("\r".join(lines[:3]).encode() + b"\r")
    result = smeaton("published", "load", str(carriage), env=env)
    assert result.returncode == 0, result.stderr
    assert "c1-cr.csv" in result.stdout and "2 rows read" in result.stdout


def test_ingest_says_what_it_stored_and_its_exit_status_says_whether_anything_was_rejected(
        tmp_path):
    env = {"SMEATON_HOME": str(tmp_path / "home")}
    folder = tmp_path / "879" / "2018"
    folder.mkdir(parents=True)
    (folder / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\nC1,1,01/02/2010,\n")
    result = smeaton("ingest", str(folder), env=env)
    assert result.returncode == 0, result.stderr
    assert "SSDA903 for LA 879, 2018: stored" in result.stdout
    assert "Made a new key in" in result.stdout
    assert Store(tmp_path / "home" / "data").return_dir("ssda903", "879", 2018).is_dir()

    (folder / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\nC1,7,01/02/2010,\n,1,01/02/2010,\n")
    report = tmp_path / "report"
    result = smeaton("ingest", str(folder), "--report", str(report), env=env)
    assert result.returncode == 1
    assert "uasc.csv, row 2, SEX '7': not a valid SEX code: use 1 or 2 [error]" in result.stdout
    assert "replaces the return stored before" in result.stdout
    lines = (report / "problems.csv").read_text().splitlines()
    assert lines[0] == "year,file,table,row,column,value,rule,reason,severity,child"
    assert len([line for line in lines if "DfE" not in line]) == 3
    assert '"rows_rejected": 1' in (report / "problems.json").read_text()


def test_validate_checks_against_dfes_rules_with_last_year_and_stores_nothing(tmp_path):
    env = {"SMEATON_HOME": str(tmp_path / "home")}
    this_year, last_year = tmp_path / "879" / "2026", tmp_path / "879" / "2025"
    for folder in (this_year, last_year):
        folder.mkdir(parents=True)
    (last_year / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                          "C1,2,01/02/2010,WBRI,UN1,,\n")
    (this_year / "header.csv").write_text("CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n"
                                          "C1,F,01/02/2010,XXXX,UN1,,\n")
    report = tmp_path / "report"
    result = smeaton("validate", str(this_year), "--previous", str(last_year),
                     "--report", str(report), env=env)
    assert result.returncode == 1, result.stderr
    assert "header.csv, row 2, ETHNIC 'XXXX': rule 103: not a valid ETHNIC code [error]" \
        in result.stdout
    assert "DfE's validation rules:" in result.stdout
    assert "not run: needs the previous year's return" not in result.stdout
    assert {path.name for path in report.iterdir()} == {
        "problems.csv", "problems.xlsx", "problems.json"}
    assert not (tmp_path / "home" / "data").exists()


def test_ingest_exit_status_tells_rows_rejected_from_a_refusal_in_one_line_each(tmp_path):
    env = {"SMEATON_HOME": str(tmp_path / "home")}
    folder = tmp_path / "879" / "2018"
    folder.mkdir(parents=True)
    rows = ["CHILD,SEX,DOB,DUC", "C1,1,01/02/2010,", f'"{"x" * 200_000}",1,01/02/2010,']
    (folder / "uasc.csv").write_bytes("\r".join(rows).encode() + b"\r")  # CR alone
    result = smeaton("ingest", str(folder), env=env)
    assert result.returncode == 1, result.stderr  # stored, with a row rejected
    assert "Traceback" not in result.stderr
    assert "uasc.csv, row 3, CHILD 'xxx" in result.stdout
    assert "(200,000 characters)': 200,000 characters" in result.stdout
    assert max(len(line) for line in result.stdout.splitlines()) < 300

    (folder / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\n")  # a header, no rows
    result = smeaton("ingest", str(folder), env=env)
    assert result.returncode == 2  # refused
    assert "no rows, only a header" in result.stderr and "--allow-empty" in result.stderr
    assert "Traceback" not in result.stderr
    result = smeaton("ingest", str(folder), "--allow-empty", env=env)
    assert result.returncode == 0, result.stderr

    (folder / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\nC1,1,01/02/2010,\n")
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    result = smeaton("ingest", str(folder), "--report", str(blocked / "r"), env=env)
    assert result.returncode == 2
    assert "was stored, but its reports could not be written" in result.stderr
    assert "Traceback" not in result.stderr


def test_ingest_and_published_load_say_an_error_they_did_not_expect_in_one_line(
        tmp_path, monkeypatch):
    from click.testing import CliRunner

    from smeaton import cli
    from smeaton.analytics import ingest

    def broken(*args, **kwargs):
        raise RuntimeError("something inside\nwent wrong")

    monkeypatch.setenv("SMEATON_HOME", str(tmp_path / "home"))
    monkeypatch.setattr(ingest, "ingest", broken)
    (tmp_path / "a.csv").write_text("CHILD,SEX,DOB,DUC\nC1,1,01/02/2010,\n")
    result = CliRunner().invoke(cli.main, ["ingest", str(tmp_path / "a.csv"), "--la", "879"])
    assert result.exit_code == 2
    (line,) = result.output.splitlines()
    assert line.startswith("Error: Nothing was stored: Smeaton stopped on an error it did "
                           "not expect (RuntimeError: something inside\\nwent wrong)")
    kept = line.split("Its traceback is in ", 1)[1].rstrip(".")
    assert "RuntimeError" in Path(kept).read_text()


def test_ingest_gives_a_file_that_names_no_la_the_configured_councils(tmp_path):
    home = tmp_path / "home"
    folder = tmp_path / "returns" / "2018"
    folder.mkdir(parents=True)
    (folder / "uasc.csv").write_text("CHILD,SEX,DOB,DUC\nC1,1,01/02/2010,\n")
    result = smeaton("ingest", str(folder), env={"SMEATON_HOME": str(home),
                                                 "SMEATON_LA_CODE": "879"})
    assert result.returncode == 0, result.stderr
    assert "SSDA903 for LA 879, 2018: stored" in result.stdout
    assert len(list((home / "reports").glob("*/problems.csv"))) == 1
    refused = smeaton("ingest", str(folder), env={"SMEATON_HOME": str(home),
                                                  "SMEATON_LA_CODE": "E06000026"})
    assert refused.returncode != 0
    assert "Smeaton is not configured: SMEATON_LA_CODE='E06000026'" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_ingest_of_a_file_it_cannot_read_stores_nothing_without_a_traceback(tmp_path):
    env = {"SMEATON_HOME": str(tmp_path / "home")}
    bad = tmp_path / "broken.xml"
    bad.write_text("<Message><Children>")
    for args in ([str(bad)], [str(tmp_path / "missing.csv")], ["--la", "87", str(bad)]):
        result = smeaton("ingest", *args, env=env)
        assert result.returncode == 2, result.stderr
        assert "Traceback" not in result.stderr
    result = smeaton("ingest", str(bad), env=env)
    assert "Nothing was stored" in result.stderr and "not well-formed XML" in result.stderr
    assert not (tmp_path / "home" / "data").exists()


def test_synth_writes_an_las_returns_and_refuses_an_unknown_la(tmp_path):
    out = tmp_path / "out"
    done = smeaton("synth", "--la", "857", "--year", "2025", "--years", "1", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("857: ") and done.stdout.rstrip().endswith(
        f"in {out / '857'}; 9 of 9 published figures within tolerance")
    assert (out / "857" / "2025" / "cin_census.xml").exists()
    refused = smeaton("synth", "--la", "999", "--year", "2025", "--out", str(out))
    assert refused.returncode == 2 and "999 is not the code" in refused.stderr
    assert "Traceback" not in refused.stderr


def test_measures_writes_tidy_rows_as_csv_or_parquet_and_refuses_what_it_cannot_do(tmp_path):
    import pyarrow.parquet as pq

    from tests.analytics.measures.conftest import TinyStore

    tiny = TinyStore(tmp_path / "store")
    for child, day in (("A", "2024-05-01"), ("B", "2024-06-01"), ("C", "2024-07-01")):
        tiny.episode(2025, child, day)
    store = str(tiny.write())
    out = tmp_path / "measures.csv"
    done = smeaton("measures", "--store", store, "--year", "2025", "--out", str(out))
    assert done.returncode == 0, done.stderr
    assert "for 8 measures, 1 LA and 1 period" in done.stdout
    lines = out.read_text().splitlines()
    assert lines[0] == ("measure_id,la_code,period_end,time_period,breakdown,breakdown_value,"
                        "numerator,denominator,value,excluded_rows,note")
    assert "children-in-care,879,2025-03-31,2025,Total,Total,3,,3,0," in lines

    published = tmp_path / "published.parquet"
    done = smeaton("measures", "--store", store, "--monthly", "2024-10", "2025-03",
                   "--measure", "children-starting-care", "--publish", "--out", str(published))
    assert done.returncode == 0, done.stderr
    table = pq.read_table(published).to_pylist()
    assert {str(row["period_end"]) for row in table} == {
        "2024-10-31", "2024-11-30", "2024-12-31", "2025-01-31", "2025-02-28", "2025-03-31"}
    total = next(row for row in table if row["breakdown"] == "Total")
    assert (total["numerator"], total["value"]) == ("c", "c")  # 3 children: small

    for args, message in (
            (["--out", str(out)], "give one of --year, --period-end or --monthly"),
            (["--year", "2025", "--out", str(tmp_path / "x.txt")], "ending .csv or .parquet"),
            (["--year", "2025", "--measure", "nope", "--out", str(out)], "no measure nope"),
            (["--year", "2030", "--out", str(out)], "No stored return covers"),
            (["--year", "2025", "--la", "87", "--out", str(out)], "three-digit DfE LA code"),
    ):
        refused = smeaton("measures", "--store", store, *args)
        assert refused.returncode == 2 if "--out" in message else refused.returncode != 0
        assert message in refused.stderr, refused.stderr
        assert "Traceback" not in refused.stderr
    refused = smeaton("measures", "--store", str(tmp_path), "--year", "2025", "--out", str(out))
    assert "is not an analytic store" in refused.stderr
    listed = smeaton("measures", "--list").stdout.splitlines()
    assert len(listed) == 19 and listed[0].split()[0] == "children-in-care"
