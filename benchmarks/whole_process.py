"""Timing a command as a whole process, as the benchmarks here do.

Each run is started with posix_spawn and reaped with wait4, so its wall time is measured
around the process and its CPU time and peak memory are the kernel's own accounting of
it (peak: the largest resident set of the process or any child it waited for). Runs are
paired with a baseline, A B A B ..., so a ratio holds while the machine's speed drifts.
"""

import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Run:
    wall: float  # seconds
    cpu: float  # user + system seconds
    peak_mib: float  # largest resident set of the process
    status: int


def run(command: list[str], env: dict, output: Path) -> Run:
    """One whole process, with the kernel's accounting of it. posix_spawn, not fork: a
    forked child's peak memory would start from this process's size."""
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, str(output), os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
                0o644),
               (os.POSIX_SPAWN_DUP2, 1, 2)]
    executable = shutil.which(command[0]) or command[0]
    start = time.perf_counter()
    pid = os.posix_spawn(executable, command, env,
                         file_actions=actions)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
               os.waitstatus_to_exitcode(status))


def paired(command: list[str], baseline: list[str], before, after, env: dict, runs: int,
           logs: Path, name: str, succeeded=(0, 1)) -> tuple[list[Run], list[Run], dict]:
    """One warm-up of each, then ``runs`` pairs, A B A B ..., ``before`` ahead of each A
    and ``after`` behind it (both untimed); returns what ``after`` said of the last A."""
    timed, base, said = [], [], {}
    for index in range(runs + 1):
        before()
        first = run(command, env, logs / f"{name}.out")
        if first.status not in succeeded:
            raise SystemExit(f"{' '.join(command)} exited {first.status}; see "
                             f"{logs / f'{name}.out'}")
        said = after()
        second = run(baseline, env, logs / f"{name}-baseline.out")
        if second.status != 0:
            raise SystemExit(f"{' '.join(baseline)} exited {second.status}; see "
                             f"{logs / f'{name}-baseline.out'}")
        if index:  # the first pair is the warm-up
            timed.append(first)
            base.append(second)
        print(f"  {name} run {index or 'warm-up'}: {first.wall:.2f} s "
              f"(baseline {second.wall:.2f} s)", flush=True)
    return timed, base, said


def spread(values: list[float], form: str = "{:.2f}") -> str:
    return (f"{form.format(statistics.median(values))} "
            f"({form.format(min(values))}-{form.format(max(values))})")


def revision(env: dict) -> str:
    """The code timed: the commit and whether src/ differs from it, or, when the
    environment (PYTHONPATH) points at another copy, where that copy is."""
    def run_(*args: str) -> str:
        return subprocess.run(args, cwd=ROOT, env=env, capture_output=True,  # noqa: S603
                              text=True, check=False).stdout.strip()

    package = Path(run_(sys.executable, "-c", "import smeaton; print(smeaton.__file__)"))
    if ROOT / "src" not in package.parents:
        return f"smeaton from {package.parent}"
    changed = run_("git", "status", "--porcelain", "--", "src")
    return run_("git", "rev-parse", "--short", "HEAD") + (" with src/ changes" * bool(changed))


def machine() -> str:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"^model name\s*:\s*(.*)$", cpuinfo, re.M)
    memory = re.search(r"^MemTotal:\s*(\d+) kB", Path("/proc/meminfo").read_text(), re.M)
    return (f"{os.cpu_count()} cores ({model[1] if model else platform.machine()}), "
            f"{int(memory[1]) / 2**20:.1f} GiB, Python {platform.python_version()}, "
            f"{platform.machine()}")
