"""Readers for the statutory returns: SSDA903 (CSV and XML), CIN census XML, attendance.

Each reader turns a file into :class:`RawTable` cells, as text and as given; the checks
type them, and nothing is judged here beyond whether the file can be read at all.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from smeaton.analytics.formats import attendance, cin, ssda903
from smeaton.analytics.formats.raw import RawReturn, RawTable
from smeaton.analytics.formats.text import read_text
from smeaton.analytics.formats.xml import root_tag
from smeaton.analytics.problems import FileProblem
from smeaton.analytics.source import Source

__all__ = ["RawReturn", "RawTable", "read", "recognise"]

HEAD = 1 << 16  # bytes read to recognise a CSV file: its header row is in them


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


def recognise(path: Path) -> str:
    """What return a file is, judged by its start alone (its root element, or its CSV
    header), as a page names it: "SSDA903 Episodes", "CIN census", "School attendance".

    A quick answer for someone about to load it: a file that is no return Smeaton reads
    raises a ``FileProblem`` saying why. The load itself reads the whole file and may
    find more wrong with it.
    """
    suffix = path.suffix.lower()
    if suffix == ".xml":
        tag = root_tag(path)
        if tag == "Message":
            return Source.CIN.label
        if tag == "EXPSSDA903":
            return f"{Source.SSDA903.label} (XML)"
        raise FileProblem(path, f"an XML file whose root is <{tag}>: Smeaton reads the CIN "
                                "census (<Message>) and the SSDA903 (<EXPSSDA903>)")
    if suffix in {".csv", ".txt"}:
        headers = _csv_headers(path)
        if attendance.recognises(headers):
            return Source.ATTENDANCE.label
        return f"{Source.SSDA903.label} {ssda903.identify(path, headers).title}"
    raise FileProblem(path, "not a CSV or XML file; Smeaton reads SSDA903 CSV or XML, "
                            "CIN census XML and attendance CSV")


def _csv_headers(path: Path) -> list[str]:
    """The header row of a CSV file, from its first bytes, in the encodings read_text
    takes."""
    try:
        with path.open("rb") as file:
            head = file.read(HEAD)
    except OSError as error:
        raise FileProblem(path, f"cannot be read: {error.strerror}") from None
    utf16 = head.startswith((b"\xff\xfe", b"\xfe\xff"))
    if b"\x00" in head[:4096] and not utf16:
        raise FileProblem(path, "is a binary file, not CSV text")
    if utf16:
        text = head.decode("utf-16", errors="replace")
    else:
        line = head.split(b"\n", 1)[0]
        try:
            text = line.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = line.decode("cp1252", errors="replace")
    first = next(csv.reader(io.StringIO(text.splitlines()[0] if text.strip() else "")), [])
    if not any(cell.strip() for cell in first):
        raise FileProblem(path, "is empty: there is no header row")
    return [cell.strip().upper() for cell in first]
