"""The web room's settings: files in the Smeaton home, the database configured."""

import os

from django.conf import settings

from smeaton import config


def test_the_static_files_are_in_the_smeaton_home():
    """And the SQLite database: tests/test_cli.py finds the demo's there."""
    home = config.home()
    assert (home, home.static) == (settings.HOME, settings.STATIC_ROOT)


def test_the_tests_run_on_the_database_configured(db):
    """With DATABASE_URL set (as CI does for PostgreSQL), that database is the one used."""
    from django.db import connection

    url = os.environ.get("DATABASE_URL", "sqlite://")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
