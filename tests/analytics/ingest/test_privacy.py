"""Pseudonymised on the way in; re-identified only through one recorded function."""

import base64
import secrets
import sqlite3
from datetime import date

import pytest

from smeaton.analytics import privacy
from smeaton.analytics.problems import BatchRefused

from .conftest import EPISODES, HEADER, cin_message, stored

CIN_CHILD = """<Child><ChildIdentifiers><LAchildID>C1</LAchildID><UPN>A123456789012</UPN>
<PersonBirthDate>2015-03-27</PersonBirthDate><Sex>M</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-06-06</CINreferralDate><ReferralSource>1A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>0</ReferralNFA></CINdetails></Child>"""


def new_key() -> str:
    return base64.urlsafe_b64encode(secrets.token_bytes(32)).decode()


def test_no_identifier_date_of_birth_or_postcode_is_stored_as_given(write, load, store):
    write("2018/header.csv", HEADER, "C1,1,27/03/2008,WBRI,A123456789012,,")
    write("2018/episodes.csv", EPISODES,
          "C1,01/05/2017,S,C2,N1,U1,PR1,,,,PL1 2AB,pl48aa,SC1")
    load(write("2018/social.csv", "CHILD,DOB,SW_ID,SW_DECOM,SW_DEC,SW_REASON",
               "C1,27/03/2008,SW123,01/05/2017,,").parent, la_code="879")
    (header,) = stored(store, "ssda903", "header", "879", 2018)
    (episode,) = stored(store, "ssda903", "episodes", "879", 2018)
    (worker,) = stored(store, "ssda903", "social_worker", "879", 2018)
    assert len(header["CHILD"]) == 32 and header["CHILD"] != "C1"
    assert header["UPN"] != "A123456789012" and len(header["UPN"]) == 32
    assert header["DOB"] == date(2008, 3, 1)
    assert (episode["HOME_POST"], episode["PL_POST"]) == ("PL1 2", "PL4 8")
    assert episode["CHILD"] == header["CHILD"] == worker["CHILD"]
    assert worker["SW_ID"] not in ("SW123", None)
    everything = b"".join(path.read_bytes() for path in store.rglob("*.parquet"))
    for secret in (b"A123456789012", b"SW123", b"27/03/2008", b"PL1 2AB", b"PL4 8AA"):
        assert secret not in everything


def test_the_same_child_has_the_same_token_in_every_return_and_year(write, load, store):
    write("2018/header.csv", HEADER, "C1,1,27/03/2008,WBRI,A123456789012,,")
    load(write("2018/uasc.csv", "CHILD,SEX,DOB,DUC", "C1,1,27/03/2008,").parent, la_code="879")
    load(write("2019/header.csv", HEADER, "C1,1,27/03/2008,WBRI,A123456789012,,"),
         la_code="879")
    load(write("cin.xml", cin_message(CIN_CHILD, year=2025)))
    tokens = {stored(store, "ssda903", "header", "879", 2018)[0]["CHILD"],
              stored(store, "ssda903", "uasc", "879", 2018)[0]["CHILD"],
              stored(store, "ssda903", "header", "879", 2019)[0]["CHILD"],
              stored(store, "cin", "cin_children", "879", 2025)[0]["LAchildID"]}
    assert len(tokens) == 1
    upns = {stored(store, "ssda903", "header", "879", 2019)[0]["UPN"],
            stored(store, "cin", "cin_children", "879", 2025)[0]["UPN"]}
    assert len(upns) == 1


def test_another_la_gives_the_same_child_id_another_token_but_a_upn_the_same(write, load,
                                                                            store):
    load(write("a.xml", cin_message(CIN_CHILD, lea="879")))
    load(write("b.xml", cin_message(CIN_CHILD, lea="880")))
    here = stored(store, "cin", "cin_children", "879", 2025)[0]
    there = stored(store, "cin", "cin_children", "880", 2025)[0]
    assert here["LAchildID"] != there["LAchildID"]
    assert here["UPN"] == there["UPN"]


def test_unknown_upn_codes_are_kept(write, load, store):
    load(write("2018/header.csv", HEADER, "C1,1,27/03/2008,WBRI,UN2,,"), la_code="879")
    assert stored(store, "ssda903", "header", "879", 2018)[0]["UPN"] == "UN2"


def test_tokens_are_keyed_so_another_key_gives_others(monkeypatch):
    one = privacy.Pseudonymiser(b"1" * 32, "879").token(privacy.KEYED_UPN, "A123456789012")
    two = privacy.Pseudonymiser(b"2" * 32, "879").token(privacy.KEYED_UPN, "A123456789012")
    assert one != two and len(one) == 32


def test_a_store_refuses_a_different_pseudonym_key(write, load, store, monkeypatch):
    load(write("a.xml", cin_message(CIN_CHILD)))
    monkeypatch.setenv("SMEATON_PSEUDONYM_KEY", new_key())
    with pytest.raises(BatchRefused, match="made with another pseudonym key"):
        load(write("b.xml", cin_message(CIN_CHILD, year=2024)))


def test_a_malformed_key_is_refused(monkeypatch):
    monkeypatch.setenv("SMEATON_PSEUDONYM_KEY", "too short")
    with pytest.raises(privacy.KeyProblem, match="32 random bytes"):
        privacy.Keys.load()


def test_keys_made_on_first_use_are_readable_by_their_owner_only(home):
    notices = []
    keys = privacy.Keys.load(notices)
    path = home / "keys" / "pseudonym.key"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (home / "keys").stat().st_mode & 0o777 == home.stat().st_mode & 0o777 == 0o700
    assert len(notices) == 2 and "Keep a copy" in notices[0]
    assert privacy.Keys.load() == keys  # the same keys next time


def test_resolve_returns_the_identifier_and_records_who_when_and_why(write, load, store):
    load(write("cin.xml", cin_message(CIN_CHILD)))
    token = stored(store, "cin", "cin_children", "879", 2025)[0]["LAchildID"]
    assert privacy.resolve(token, who="j.smith", why="case audit sample 2025-11") == "C1"
    assert privacy.resolve("0" * 32, who="j.smith", why="checking") is None
    log = list(privacy.resolutions())
    assert [(who, why, found) for _, who, why, _, found in log] == [
        ("j.smith", "case audit sample 2025-11", 1), ("j.smith", "checking", 0)]
    assert log[0][3] == token and log[0][0].startswith("20")
    with pytest.raises(ValueError, match="who .* and why"):
        privacy.resolve(token, who="j.smith", why=" ")


def test_the_reidentification_table_holds_no_identifier_in_the_clear(write, load, home):
    load(write("cin.xml", cin_message(CIN_CHILD)))
    connection = sqlite3.connect(home / "reidentification.sqlite3")
    rows = connection.execute("select la_code, sealed from identities").fetchall()
    connection.close()
    assert len(rows) == 1 and rows[0][0] == "879" and b"C1" not in rows[0][1]
    assert b"C1" not in (home / "reidentification.sqlite3").read_bytes()


def test_altered_sealed_identities_do_not_open(write, load, store, home):
    load(write("cin.xml", cin_message(CIN_CHILD)))
    token = stored(store, "cin", "cin_children", "879", 2025)[0]["LAchildID"]
    connection = sqlite3.connect(home / "reidentification.sqlite3")
    with connection:  # move the sealed identities to another load's name
        connection.execute("update identities set load_id = 'elsewhere'")
    connection.close()
    with pytest.raises(privacy.KeyProblem, match="wrong key, or the table was altered"):
        privacy.resolve(token, who="a", why="b")


def test_the_reidentification_table_refuses_another_key(write, load, monkeypatch):
    load(write("a.xml", cin_message(CIN_CHILD)))
    monkeypatch.setenv("SMEATON_REIDENTIFICATION_KEY", new_key())
    with pytest.raises(BatchRefused, match="sealed with another re-identification key"):
        load(write("b.xml", cin_message(CIN_CHILD, year=2024)))
    with pytest.raises(privacy.KeyProblem, match="another re-identification key"):
        privacy.resolve("0" * 32, who="a", why="b")


def test_resolve_never_makes_a_key(home):
    with pytest.raises(privacy.KeyProblem, match="is not set and there is no"):
        privacy.resolve("0" * 32, who="a", why="b")
    assert not (home / "keys").exists()


def test_problem_reports_are_readable_by_their_owner_only(write, load, tmp_path):
    from smeaton.analytics import reports

    result = load(write("2018/header.csv", HEADER, "C1,7,27/03/2008,WBRI,UN1,,"),
                  la_code="879")
    for path in reports.write(result, tmp_path / "reports"):
        assert path.stat().st_mode & 0o777 == 0o600
        if path.suffix != ".xlsx":  # a zip of XML: its cells are tested in test_reports
            assert "C1" in path.read_text()


def test_a_child_is_found_whichever_load_sealed_them(write, load, store):
    load(write("a.xml", cin_message(CIN_CHILD, year=2024)))
    load(write("b.xml", cin_message(CIN_CHILD.replace("C1", "C2"), year=2025)))
    first = stored(store, "cin", "cin_children", "879", 2024)[0]["LAchildID"]
    second = stored(store, "cin", "cin_children", "879", 2025)[0]["LAchildID"]
    assert privacy.resolve(first, who="a", why="b") == "C1"
    assert privacy.resolve(second, who="a", why="b") == "C2"


def test_a_token_is_the_hmac_of_its_scope_and_identifier_so_stored_tokens_never_change():
    """Stores already hold tokens: the message keyed must stay exactly as it was."""
    import hashlib
    import hmac

    import pyarrow as pa

    key = secrets.token_bytes(32)
    pseudonymiser = privacy.Pseudonymiser(key, "879")

    def expected(message: bytes) -> str:
        return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]

    children = pseudonymiser.column(privacy.KEYED_CHILD, pa.array(["C1", None, "C2", "C1"]))
    first, second = expected(b"child token|879|C1"), expected(b"child token|879|C2")
    assert children.to_pylist() == [first, None, second, first]
    assert pseudonymiser.identities == {first: "C1", second: "C2"}
    upns = pseudonymiser.column(privacy.KEYED_UPN, pa.array(["A123456789012", "UN1"]))
    assert upns.to_pylist() == [expected(b"upn|A123456789012"), "UN1"]
    assert pseudonymiser.token(privacy.KEYED_CHILD, "C2") == second
    later = pseudonymiser.column(privacy.KEYED_CHILD, pa.array(["C4", "C2", "C3", "C4"]))
    third, fourth = expected(b"child token|879|C3"), expected(b"child token|879|C4")
    assert later.to_pylist() == [fourth, second, third, fourth]


@pytest.mark.parametrize("mode", [0o640, 0o604, 0o620], ids=oct)
def test_a_key_file_others_can_open_is_refused_saying_what_to_run(home, mode):
    privacy.Keys.load()
    path = home / "keys" / "reidentification.key"
    path.chmod(mode)
    with pytest.raises(privacy.KeyProblem) as refused:
        privacy.Keys.load()
    message = str(refused.value)
    assert "\n" not in message
    assert message.startswith(f"{path} can be read or changed by other accounts")
    assert message.endswith(f"Run: chmod 600 {path}")
    path.chmod(0o600)
    privacy.Keys.load()


UASC_XML = """<?xml version="1.0" encoding="UTF-8"?>
<EXPSSDA903><CHILD><HEADER><CHILDID>C1</CHILDID><SEX>1</SEX><DOB>17/02/2010</DOB>
<ETHNIC>BAFR</ETHNIC><UASC>1</UASC><DUC>17/02/2028</DUC></HEADER></CHILD></EXPSSDA903>"""


def test_the_date_uasc_status_ceased_is_stored_no_finer_than_the_date_of_birth(write, load,
                                                                                store):
    # DUC is in practice the 18th birthday: kept whole, it would give the birth date
    # that DOB's month hides.
    load(write("2018/uasc.csv", "CHILD,SEX,DOB,DUC", "C1,1,17/02/2010,17/02/2028"),
         la_code="879")
    load(write("903.xml", UASC_XML), la_code="879", year=2019)
    for year in (2018, 2019):
        (row,) = stored(store, "ssda903", "uasc", "879", year)
        assert (row["DOB"], row["DUC"]) == (date(2010, 2, 1), date(2028, 2, 1))


def test_every_stored_date_is_in_the_privacy_table_with_what_it_becomes():
    from pathlib import Path

    from smeaton.analytics.formats.spec import MONTH, all_tables

    doc = (Path(__file__).resolve().parents[3] / "docs" / "privacy.md").read_text()
    table = doc.split("## Every stored date", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        cells = [cell.strip() for cell in line.strip("|").split("|")]
        if len(cells) >= 3 and cells[0].startswith("`"):
            rows[(cells[0].strip("`"), cells[1].strip("`"))] = cells[2]
    for spec in all_tables():
        for column in spec.columns:
            if column.type != "date":
                continue
            held = rows.get((spec.name, column.name))
            assert held is not None, f"{spec.name}.{column.name} is not in docs/privacy.md"
            assert held.startswith("month" if column.privacy == MONTH else "day"), (
                f"{spec.name}.{column.name}: the doc says {held!r}")
