import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from smeaton.analytics.formats import recognise
from smeaton.web.accounts.models import Role
from smeaton.web.returns import services
from tests.analytics.conftest import data_path
from tests.analytics.ingest.conftest import EPISODES

__all__ = ["EPISODES"]

CIN_2024 = data_path("conformance", "d2i-cin", "CIN_Census_2024.xml")


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    """Each test has its own Smeaton home: its own store, keys and uploads."""
    path = tmp_path / "home"
    monkeypatch.setenv("SMEATON_HOME", str(path))
    for variable in ("SMEATON_PSEUDONYM_KEY", "SMEATON_REIDENTIFICATION_KEY"):
        monkeypatch.delenv(variable, raising=False)
    return path


@pytest.fixture
def analyst(make_user):
    return make_user(Role.ANALYST)


def upload_of(path: Path, name: str | None = None) -> services.Upload:
    return services.Upload(SimpleUploadedFile(name or path.name, path.read_bytes()),
                           recognise(path))


def written(tmp_path: Path, name: str, *lines: str) -> Path:
    path = tmp_path / "in" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n")
    return path


def database_url() -> str:
    """The test database, as DATABASE_URL names it to another process."""
    settings = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{settings['NAME']}"
    user = quote(settings["USER"] or "")
    password = f":{quote(settings['PASSWORD'])}" if settings["PASSWORD"] else ""
    at = f"{user}{password}@" if user else ""
    host = quote(settings["HOST"] or "", safe="") or "localhost"
    port = f":{settings['PORT']}" if settings["PORT"] else ""
    return f"postgres://{at}{host}{port}/{settings['NAME']}"


def worker_environment() -> dict[str, str]:
    return {**os.environ, "DATABASE_URL": database_url()}


def run_worker_once() -> subprocess.CompletedProcess:
    """The real task worker (``smeaton worker --once``), in a process of its own, on the
    test database: it runs every task waiting, then stops."""
    return subprocess.run([sys.executable, "-m", "smeaton.cli", "worker", "--once"],
                          env=worker_environment(), capture_output=True, text=True,
                          timeout=300, check=True)
