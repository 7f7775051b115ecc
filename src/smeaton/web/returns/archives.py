"""A ZIP of returns: how councils keep several years together, a folder per collection
year (``2021/episodes.csv``, ``2021/cin_census.xml``, ``2022/...``), as ``smeaton ingest``
reads a folder. Uploading one loads every year in one batch.

An archive is someone else's file: each member's name is checked (no absolute paths, no
``..``, no links), its size is checked before and counted while it is written, so a
small archive cannot fill the disk, and only CSV and XML members are kept.
"""

from __future__ import annotations

import hashlib
import os
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.utils.text import get_valid_filename

SUFFIXES = {".csv", ".xml", ".txt"}
MAX_MEMBERS = 500
CHUNK = 1024 * 1024
# Left by archivers, not returns: passed over.
IGNORED = ("__MACOSX", ".DS_Store", "Thumbs.db")


class ArchiveProblem(ValueError):
    """Why an archive cannot be loaded, in words for the person who chose it."""


@dataclass(frozen=True)
class Member:
    """A return file in an archive, under the name it is kept by in the load's folder."""

    info: zipfile.ZipInfo
    name: str  # "2021/episodes.csv"


def members(archive: zipfile.ZipFile, max_bytes: int) -> list[Member]:
    """The archive's return files, each checked; ArchiveProblem for the first that
    cannot be kept."""
    found = [member for info in archive.infolist() if (member := _member(info)) is not None]
    if not found:
        raise ArchiveProblem("holds no CSV or XML files")
    if len(found) > MAX_MEMBERS:
        raise ArchiveProblem(f"holds {len(found):,} files; {MAX_MEMBERS} at most")
    if sum(member.info.file_size for member in found) > max_bytes:
        raise ArchiveProblem(f"unpacks to more than {max_bytes // (1024 * 1024):,} MB")
    names = [member.name.lower() for member in found]
    if len(set(names)) != len(names):
        raise ArchiveProblem("holds two files of the same name in one folder")
    return found


def _member(info: zipfile.ZipInfo) -> Member | None:
    path = PurePosixPath(info.filename.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or ":" in info.filename:
        raise ArchiveProblem(f"names a file outside itself ({info.filename})")
    if info.is_dir() or any(part in IGNORED or part.startswith(".") for part in path.parts):
        return None
    if stat.S_ISLNK(info.external_attr >> 16):
        raise ArchiveProblem(f"holds a link ({info.filename}), not a file")
    if path.suffix.lower() not in SUFFIXES:
        return None
    if info.flag_bits & 0x1:
        raise ArchiveProblem(f"is encrypted ({info.filename}): zip the files without a password")
    return Member(info, "/".join(get_valid_filename(part) for part in path.parts))


def unpack(archive: zipfile.ZipFile, member: Member, folder: Path) -> tuple[int, str]:
    """Write the member under ``folder``, readable by its owner only; its size and
    SHA-256. Stops at the size the archive declared, whatever the data says."""
    path = folder / member.name
    for parent in reversed(path.relative_to(folder).parents[:-1]):
        (folder / parent).mkdir(mode=0o700, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "wb") as out, archive.open(member.info) as source:
        for chunk in _chunks(source):
            size += len(chunk)
            if size > member.info.file_size:
                raise ArchiveProblem(f"{member.name} is larger than the archive says")
            digest.update(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def _chunks(source) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        yield chunk
