"""Several years at once: a ZIP of returns with a folder per collection year, and the
archives Smeaton refuses before it keeps anything."""

import io
import stat
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from smeaton import config
from smeaton.analytics.synth import synthesise
from smeaton.web.returns import services
from smeaton.web.returns.models import Figure, Load


def zipped(members: dict[str, bytes], links: tuple[str, ...] = ()) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
        for name in links:
            info = zipfile.ZipInfo(name)
            info.external_attr = (stat.S_IFLNK | 0o777) << 16
            archive.writestr(info, "/etc/passwd")
    return out.getvalue()


@pytest.fixture(scope="module")
def two_years(tmp_path_factory) -> Path:
    """Plymouth's synthetic returns for 2024 and 2025, a folder each; no attendance."""
    return synthesise("879", 2025, 2, 5, tmp_path_factory.mktemp("returns")).folder


def test_a_zip_with_a_folder_per_year_loads_every_year_in_one_batch(client_as, analyst,
                                                                     two_years):
    members = {f"returns/{path.parent.name}/{path.name}": path.read_bytes()
               for path in sorted(two_years.glob("*/*")) if path.name != "attendance.csv"}
    members["__MACOSX/._episodes.csv"] = b"\x00"
    client = client_as(analyst)

    response = client.post("/returns/upload/", {
        "files": [SimpleUploadedFile("plymouth.zip", zipped(members))]})

    assert response.status_code == 302, response.text
    load = Load.objects.get()
    names = set(load.files.values_list("name", flat=True))
    assert "returns/2024/episodes.csv" in names and "returns/2025/cin_census.xml" in names
    assert not any("MACOSX" in name for name in names)
    assert set(load.files.values_list("kind", flat=True)) >= {"SSDA903 OC2",
                                                              "CIN census"}
    kept = config.home().uploads / f"load-{load.pk}" / "returns" / "2024"
    assert stat.S_IMODE(kept.stat().st_mode) == 0o700

    load = services.run(load.pk)

    assert load.status == Load.Status.STORED, load.message
    assert set(load.tables.values_list("year", flat=True)) == {2024, 2025}
    assert Figure.objects.filter(load=load, reporting_year=2024).exists()


@pytest.mark.parametrize(("members", "links", "message"), [
    ({"../outside.csv": b"CHILD\n1\n"}, (), "names a file outside itself (../outside.csv)"),
    ({"/etc/cron.d/x.csv": b"CHILD\n1\n"}, (), "names a file outside itself"),
    ({"2024/episodes.csv": b"CHILD\n1\n"}, ("2024/header.csv",), "holds a link"),
    ({"notes.pdf": b"%PDF"}, (), "holds no CSV or XML files"),
    ({"2024/a.csv": b"x", "2024/A.csv": b"y"}, (), "holds two files of the same name"),
])
def test_a_hostile_or_unusable_zip_is_refused_before_anything_is_kept(
        client_as, analyst, members, links, message):
    response = client_as(analyst).post("/returns/upload/", {
        "files": [SimpleUploadedFile("batch.zip", zipped(members, links))]})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert f"batch.zip {message}" in response.text.replace("&#x27;", "'")
    assert not Load.objects.exists()
    assert not (config.home().uploads).exists() or not any(config.home().uploads.iterdir())


def test_a_zip_that_unpacks_too_large_is_refused(client_as, analyst, settings):
    settings.RETURNS_MAX_ARCHIVE_MB = 1
    bomb = zipped({"2024/episodes.csv": b"0" * (2 * 1024 * 1024)})
    assert len(bomb) < 10_000

    response = client_as(analyst).post("/returns/upload/", {
        "files": [SimpleUploadedFile("bomb.zip", bomb)]})

    assert "bomb.zip unpacks to more than 1 MB" in response.text
    assert not Load.objects.exists()


def test_a_file_named_zip_that_is_not_one_is_refused(client_as, analyst):
    response = client_as(analyst).post("/returns/upload/", {
        "files": [SimpleUploadedFile("returns.zip", b"CHILD,SEX\n1,1\n")]})

    assert "returns.zip is not a ZIP file Smeaton can open" in response.text
    assert not Load.objects.exists()
