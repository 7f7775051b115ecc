"""Readers for the statutory returns: SSDA903 (CSV and XML), CIN census XML, attendance.

Each reader turns a file into :class:`RawTable` cells, as text and as given; the checks
type them, and nothing is judged here beyond whether the file can be read at all.
"""

from __future__ import annotations

from pathlib import Path

from smeaton.analytics.formats import attendance, cin, ssda903
from smeaton.analytics.formats.raw import RawReturn, RawTable
from smeaton.analytics.formats.text import read_text
from smeaton.analytics.formats.xml import root_tag
from smeaton.analytics.problems import FileProblem

__all__ = ["RawReturn", "RawTable", "read"]


def read(path: Path, progress=None) -> RawReturn:
    """Read one file of any supported return, recognised by its content, not its name.

    ``progress(path)``, if given, may return a function to call with the bytes read so
    far; only the CIN census, which can be hundreds of megabytes, reports progress.
    """
    raw = _read(path, progress)
    raw.tables = [table.arrow() for table in raw.tables]
    return raw


def _read(path: Path, progress) -> RawReturn:
    if path.suffix.lower() == ".xml":
        tag = root_tag(path)
        if tag == "Message":
            return cin.read(path, progress and progress(path))
        if tag == "EXPSSDA903":
            return ssda903.read_xml(path)
        raise FileProblem(path, f"an XML file whose root is <{tag}>: Smeaton reads the CIN "
                                "census (<Message>) and the SSDA903 (<EXPSSDA903>)")
    if path.suffix.lower() in {".csv", ".txt"}:
        text = read_text(path)
        if attendance.recognises(text.headers):
            return attendance.read(path, text)
        return ssda903.read_csv(path, text)
    raise FileProblem(path, "not a CSV or XML file; Smeaton reads SSDA903 CSV or XML, "
                            "CIN census XML and attendance CSV")
