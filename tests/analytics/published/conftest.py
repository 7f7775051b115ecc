from pathlib import Path

import pytest

from tests.analytics.conftest import data_path


@pytest.fixture
def real():
    """The real DfE files the tests read (tests/data/published, cut to the rows they
    need; tests/data/SOURCES.md says how). These tests fail without them."""
    return data_path("published")


@pytest.fixture
def write(tmp_path):
    """Write a small file of published data, row by row, and return its path."""

    def make(name: str, *lines: str) -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return make
