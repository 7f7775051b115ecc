"""A Smeaton home holding a year of Plymouth's synthetic returns (smeaton synth, fixed
seed), made once for the session: its store, keys and re-identification table."""

from pathlib import Path

import pytest

from smeaton import config
from smeaton.analytics.ingest import ingest
from smeaton.analytics.synth import synthesise
from smeaton.web.accounts.models import Role

LA_CODE, YEAR, SEED = "879", 2025, 1
KEYS = ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY")


def _homed(patch: pytest.MonkeyPatch, path: Path) -> None:
    patch.setenv("SMEATON_HOME", str(path))
    for variable in KEYS:
        patch.delenv(variable, raising=False)


@pytest.fixture(scope="session")
def plymouth_home(tmp_path_factory) -> Path:
    home = tmp_path_factory.mktemp("children") / "home"
    with pytest.MonkeyPatch.context() as patch:
        _homed(patch, home)
        written = synthesise(LA_CODE, YEAR, 1, SEED, home.parent / "returns")
        year = written.folder / str(YEAR)
        # Attendance, two thirds of the bytes, is left out to keep the tests quick.
        ingest([path for path in sorted(year.iterdir()) if path.name != "attendance.csv"],
               config.home().store, year=YEAR, council_la_code=LA_CODE)
    return home


@pytest.fixture
def home(plymouth_home, monkeypatch) -> Path:
    _homed(monkeypatch, plymouth_home)
    return plymouth_home


@pytest.fixture
def analyst(make_user):
    return make_user(Role.ANALYST)


@pytest.fixture
def named_leader(make_user):
    """A leader given child-level access by name."""
    return make_user(Role.LEADERSHIP, child_level_access=True)
