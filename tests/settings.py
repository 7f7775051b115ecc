"""Smeaton's own settings, as an operator would set them, for the test run."""

import os
import tempfile

os.environ.setdefault("SMEATON_SECRET_KEY", "test-only-secret-key-not-for-any-installation")
os.environ.setdefault("SMEATON_COUNCIL_NAME", "Plymouth City Council")
os.environ.setdefault("SMEATON_LA_CODE", "879")
os.environ.setdefault("SMEATON_HOME", tempfile.mkdtemp(prefix="smeaton-test-"))
# Each of pytest-xdist's workers (make test runs two) has a Smeaton home of its own: its
# store, keys, uploads and SQLite database are never another worker's. (A worker inherits
# the environment of the pytest that started it, which has read these settings too.)
if worker := os.environ.get("PYTEST_XDIST_WORKER"):
    os.environ["SMEATON_HOME"] = tempfile.mkdtemp(prefix=f"smeaton-test-{worker}-")

from smeaton.web.settings import *  # noqa: E402, F403

# Tests serve static files from the source tree rather than from collectstatic's output.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the apps, without collectstatic.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
STATIC_ROOT.mkdir(exist_ok=True)  # noqa: F405

# SQLite tests use a file, as an installation does, not a shared in-memory database:
# writers then queue for the database as they would in production, rather than failing
# at once with "database table is locked".
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(HOME.path / "test.sqlite3")}  # noqa: F405
