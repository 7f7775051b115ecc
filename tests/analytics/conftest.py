from pathlib import Path

# The files the analytics tests read: tests/data, inside the repository. Its SOURCES.md
# says where each came from; scripts/extract-test-data makes them.
DATA = Path(__file__).resolve().parents[1] / "data"


def data_path(*parts: str) -> Path:
    """A file or folder in tests/data. A missing one fails loudly, never skips a test."""
    path = DATA.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the tests' files are in tests/data (see its SOURCES.md; "
            "scripts/extract-test-data makes them).")
    return path
