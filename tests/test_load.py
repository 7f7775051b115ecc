"""A short load run: ten simulated people for 20 seconds against the demo served by
gunicorn, through benchmarks/load.py (on SQLite here; the figures in benchmarks/README.md
come from its PostgreSQL runs). Timings are not asserted, only that nothing failed:
every page answered as it should, and every update the server confirmed was stored,
none lost or undone."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import clean_environment

ROOT = Path(__file__).resolve().parents[1]


def test_ten_people_for_twenty_seconds_meet_no_error(tmp_path):
    command = [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--database", "sqlite",
               "--only", "steady", "--users", "10", "--spawn-rate", "5", "--run-time", "20s",
               "--workers", "2", "--no-warm-up", "--out", str(tmp_path)]
    # A session of its own, so that the script, its server and locust can all be stopped
    # together whatever happens here.
    run = subprocess.Popen(command, cwd=ROOT, env=clean_environment(), text=True,
                           stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                           start_new_session=True)
    try:
        # Alone it takes a minute and a quarter; beside another pytest-xdist worker's tests
        # (make test runs two) it may take twice that. The limit only stops a hung run.
        output, _ = run.communicate(timeout=300)
    finally:
        left = still_running(run.pid)
        if run.poll() is None or left:
            stop(run)
    assert run.returncode == 0, output
    assert not left, f"left running after the run: {left}\n{output}"
    assert "Lost: 0;" in output, output
    ledger = json.loads((tmp_path / "steady-ledger.json").read_text())
    assert ledger["confirmed"], "no owner's update was posted:\n" + output


def still_running(group: int) -> list[str]:
    """The processes of a process group still running (not waiting to be reaped)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        state, _parent, process_group = text[text.rindex(")") + 2:].split()[:3]
        if int(process_group) == group and state != "Z":
            found.append(text[:text.rindex(")") + 1])
    return found


def stop(run: subprocess.Popen) -> None:
    """Ask the whole group to stop (the script then stops its server), then make it."""
    for sign, grace in ((signal.SIGTERM, 30), (signal.SIGKILL, 10)):
        try:
            os.killpg(run.pid, sign)
        except ProcessLookupError:
            return
        deadline = time.monotonic() + grace
        while time.monotonic() < deadline and still_running(run.pid):
            run.poll()
            time.sleep(0.2)
        if not still_running(run.pid):
            return
