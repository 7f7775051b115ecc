from pathlib import Path

import pyarrow.parquet as pq
import pytest

from smeaton.analytics.ingest import ingest
from smeaton.analytics.rules import registry
from smeaton.analytics.source import Source
from smeaton.analytics.store import Store
from tests.analytics.conftest import data_path

# The other team's messy fake returns, copied whole into tests/data/conformance.
CONFORMANCE = data_path("conformance")

EPISODES = ("CHILD,DECOM,RNE,LS,CIN,PLACE,PLACE_PROVIDER,DEC,REC,REASON_PLACE_CHANGE,"
            "HOME_POST,PL_POST,URN")
HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Each test has its own Smeaton home, so its own keys and re-identification table."""
    path = tmp_path / "home"
    monkeypatch.setenv("SMEATON_HOME", str(path))
    for variable in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY"):
        monkeypatch.delenv(variable, raising=False)
    return path


@pytest.fixture
def conformance():
    return CONFORMANCE


@pytest.fixture
def write(tmp_path):
    """Write a small file (lines joined with newlines) and return its path."""

    def make(name: str, *lines: str, encoding: str = "utf-8") -> Path:
        path = tmp_path / "in" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n", encoding=encoding)
        return path

    return make


@pytest.fixture
def store(tmp_path):
    return tmp_path / "store"


@pytest.fixture
def load(store):
    """Ingest into the test's store; returns the result."""

    def run(*paths: Path, **options):
        return ingest(list(paths), store, **options)

    return run


def stored(store: Path, source: str, table: str, la_code: str, year: int) -> list[dict]:
    path = Store(store).return_dir(source, la_code, year) / f"{table}.parquet"
    return pq.read_table(path).to_pylist()


def problems_of(result, table: str | None = None, column: str | None = None,
                rules: bool = False) -> list:
    """The format checks' problems (with ``rules``, DfE's rules' too) of a load."""
    return [problem for problem in result.problems
            if (rules or not by_rule(problem))
            and (table is None or problem.table == table)
            and (column is None or problem.column == column)]


def by_rule(problem) -> bool:
    """Whether one of DfE's rules found the problem, rather than the format checks."""
    return bool(problem.rule) and any(
        rule.message == problem.reason for rule in registry()[(source_of(problem),
                                                                problem.rule)])


def source_of(problem):
    return Source.CIN if problem.table.startswith("cin_") else Source.SSDA903


def cin_message(children: str, year: int = 2025, lea: str = "879") -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Message>
  <Header>
    <CollectionDetails><Collection>CIN</Collection><Year>{year}</Year>
      <ReferenceDate>{year}-03-31</ReferenceDate></CollectionDetails>
    <Source><SourceLevel>L</SourceLevel><LEA>{lea}</LEA><SoftwareCode>x</SoftwareCode>
      <Release>1</Release><SerialNo>001</SerialNo><DateTime>{year}-04-02T10:00:00</DateTime></Source>
  </Header>
  <Children>{children}</Children>
</Message>"""
