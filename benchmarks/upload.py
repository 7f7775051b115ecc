"""From an uploaded batch to the council's figures on the pages: six years of Plymouth's
returns, uploaded as one ZIP over HTTP, to the load stored with its figures, whole job.

Writes six years of Plymouth's synthetic returns (``smeaton synth``, fixed seed, every
return: SSDA903, CIN census and attendance), zips them with a folder per year, serves
the demo (``smeaton demo``: gunicorn and the task worker, SQLite), signs in as the
demo's analyst and posts the ZIP to the upload page, then asks the load's page until it
says the load has finished. The baseline, timed in the same run on the same files:
``smeaton ingest`` of the six folders into an empty store at the command line (reading,
checking, pseudonymising and storing, without the upload, the queue or the figures).

    .venv/bin/python benchmarks/upload.py [--runs 3]
"""

import argparse
import io
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
import uuid
import zipfile
from pathlib import Path

from scorecard import demo_served, signed_in

from smeaton.analytics.synth import synthesise

LA_CODE, LAST_YEAR, YEARS, SEED = "879", 2026, 6, 1
FINISHED = re.compile(r"(Stored|Rejected|Failed)</strong>")


def zipped(folder: Path) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.glob("*/*")):
            if path.parent.name.isdigit():
                archive.write(path, f"{path.parent.name}/{path.name}")
    return out.getvalue()


def multipart(name: str, content: bytes, fields: dict[str, str]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n'
             f"{value}\r\n".encode() for key, value in fields.items()]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="files"; '
                 f'filename="{name}"\r\nContent-Type: application/zip\r\n\r\n'.encode()
                 + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), boundary


def upload_and_wait(base: str, archive: bytes) -> tuple[float, str, str]:
    """Seconds from posting the ZIP to the load's page saying it has finished; the
    outcome and the load's page."""
    opener = signed_in(base)
    form = opener.open(f"{base}/returns/upload/").read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    body, boundary = multipart("plymouth.zip", archive, {"csrfmiddlewaretoken": token})
    start = time.perf_counter()
    response = opener.open(urllib.request.Request(
        f"{base}/returns/upload/", data=body, headers={
            "Content-Type": f"multipart/form-data; boundary={boundary}",
            "Referer": f"{base}/returns/upload/"}))
    page_url = response.url
    assert "/returns/loads/" in page_url, response.read()[:2000]
    while True:
        page = opener.open(page_url).read().decode()
        if found := FINISHED.search(page):
            return time.perf_counter() - start, found.group(1), page
        time.sleep(0.25)


def baseline(folder: Path, work: Path) -> float:
    store = work / f"store-{uuid.uuid4().hex}"
    environment = {**os.environ, "SMEATON_HOME": str(work / "cli-home")}
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "smeaton.cli", "ingest",
                    *[str(path) for path in sorted(folder.iterdir()) if path.name.isdigit()],
                    "--store", str(store)], env=environment, check=True,
                   capture_output=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="smeaton-bench-") as temporary:
        work = Path(temporary)
        folder = synthesise(LA_CODE, LAST_YEAR, YEARS, SEED, work / "returns").folder
        archive = zipped(folder)
        files = sum(1 for path in folder.glob("*/*") if path.parent.name.isdigit())
        unpacked = sum(path.stat().st_size for path in folder.glob("*/*")
                       if path.parent.name.isdigit())
        jobs, cli = [], []
        with demo_served(str(work / "demo")) as base:
            for _ in range(args.runs):  # interleaved with the baseline
                seconds, outcome, page = upload_and_wait(base, archive)
                assert outcome == "Stored", page[:3000]
                jobs.append(seconds)
                cli.append(baseline(folder, work))
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}; {args.runs} runs each; demo served by "
          "gunicorn with its task worker, SQLite")
    print(f"batch: Plymouth's synthetic returns {LAST_YEAR - YEARS + 1} to {LAST_YEAR}, "
          f"{files} files, {unpacked / 1e6:.0f} MB ({len(archive) / 1e6:.1f} MB zipped)")
    job, plain = statistics.median(jobs), statistics.median(cli)
    print(f"upload to stored with figures (whole job): median {job:.1f} s "
          f"(runs: {', '.join(f'{s:.1f}' for s in jobs)})")
    print(f"smeaton ingest of the same folders (baseline): median {plain:.1f} s "
          f"(runs: {', '.join(f'{s:.1f}' for s in cli)})")
    print(f"ratio job / baseline: {job / plain:.2f}; target under 60 s: "
          f"{'met' if job < 60 else 'missed'}")


if __name__ == "__main__":
    main()
