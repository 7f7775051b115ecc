from pathlib import Path

import pytest

# The real DfE files, beside the repository (../shared/data/published; SOURCES.md there).
REAL = Path(__file__).resolve().parents[4] / "shared" / "data" / "published"


@pytest.fixture
def real():
    """The folder of real published files; these tests need it, so they fail without it."""
    assert REAL.is_dir(), f"The real published files are expected in {REAL}"
    return REAL


@pytest.fixture
def write(tmp_path):
    """Write a small file of published data, row by row, and return its path."""

    def make(name: str, *lines: str) -> Path:
        path = tmp_path / name
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    return make
