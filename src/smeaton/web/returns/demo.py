"""The demo's returns, all illustrative: four years of Plymouth's synthetic returns, so
that the council's own figures run month by month for 36 months, each counting 12 whole
months of returns (the first, to April 2023, reaches back into 2022/23). The earlier years
are stored as ``smeaton ingest`` stores them; the latest year is uploaded as an analyst
would (with the faults ``smeaton synth`` gives a share of rows, so its problem report has
something to show), which computes the figures. Then a batch rejected because its
return has no rows."""

import atexit
import contextlib
import functools
import shutil
import tempfile
from pathlib import Path

from django.core.files import File

from smeaton import config
from smeaton.analytics.formats import recognise
from smeaton.analytics.ingest import ingest
from smeaton.analytics.synth import synthesise
from smeaton.web.accounts.models import User
from smeaton.web.returns import services
from smeaton.web.returns.models import Load

LA_CODE, YEAR, YEARS, SEED = "879", 2026, 4, 1
FAULTS = 0.01  # a share of rows given a realistic fault
EMPTY_TABLES = ("episodes.csv", "header.csv")


def load() -> None:
    """Run the demo's two loads, once: a demo prepared again keeps them."""
    if Load.objects.filter(illustrative=True).exists():
        return
    analyst = User.objects.get(username="demo-analyst")
    folder = synthesised()
    ingest([folder / str(year) for year in range(YEAR - YEARS + 1, YEAR)],
           config.home().store, council_la_code=LA_CODE)
    year = folder / str(YEAR)
    _run(analyst, sorted(year.iterdir()), year=YEAR)
    with tempfile.TemporaryDirectory() as temporary:
        # The same return's tables, cut to their headers: a return with no rows would
        # replace the one stored with nothing, so the batch is refused.
        empty = Path(temporary) / "empty"
        empty.mkdir()
        for name in EMPTY_TABLES:
            header = (year / name).read_text().splitlines()[0]
            (empty / name).write_text(header + "\n")
        _run(analyst, sorted(empty.iterdir()), year=YEAR)


@functools.cache
def synthesised() -> Path:
    """The demo's synthetic returns, a folder per year: written once per process (the
    same for the same seed) and removed when it ends, since tests load the demo often."""
    folder = Path(tempfile.mkdtemp(prefix="smeaton-demo-returns-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return synthesise(LA_CODE, YEAR, YEARS, SEED, folder, errors=FAULTS).folder


def _run(analyst, paths: list[Path], year: int | None = None) -> Load:
    """Upload the files as the analyst would, and run the load here and now (the demo is
    ready when the command ends, worker or none)."""
    with contextlib.ExitStack() as files:
        uploads = [services.Upload(File(files.enter_context(path.open("rb")), name=path.name),
                                   recognise(path)) for path in paths]
        load = services.receive(analyst, uploads, year=year, illustrative=True)
    return services.run(load.pk)
