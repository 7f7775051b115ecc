"""The ``smeaton`` command: one entry point for people, operators and scripts.

Web commands set up Django only when they run, so analytics commands (added by later
capabilities) start without it.
"""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import click

from smeaton import config

DEMO_COUNCIL = {"SMEATON_COUNCIL_NAME": "Plymouth City Council", "SMEATON_LA_CODE": "879"}
DEMO_HOST = "127.0.0.1"


class Commands(click.Group):
    """Smeaton's commands: a mistake in the configuration is said, not a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except config.ConfigurationError as problem:
            raise Stopped(f"Smeaton is not configured: {problem}") from None


@click.group(cls=Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="smeaton")
def main():
    """Smeaton: run a council's Children's Services improvement plan and prove its impact."""


def setup_django():
    # Always Smeaton's settings, configured by SMEATON_* variables (docs/operating.md),
    # whatever another project left in the shell.
    os.environ["DJANGO_SETTINGS_MODULE"] = "smeaton.web.settings"
    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as problem:
        raise click.ClickException(f"Smeaton is not configured: {problem}") from None


@main.command()
@click.option("--reset", is_flag=True, help="Delete the demo's data and start again.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1024, 65535))
@click.option("--no-serve", is_flag=True, help="Prepare the demo but do not serve it.")
@click.option(
    "--home",
    default="var/demo",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="The demo's Smeaton home, where it keeps its database, secret key and static "
         "files.",
)
def demo(reset: bool, port: int, no_serve: bool, home: Path):
    """Prepare the demonstration council and serve it on http://127.0.0.1:PORT."""
    if os.environ.get("DATABASE_URL"):
        raise click.ClickException(
            "The demo keeps its own SQLite database; unset DATABASE_URL to run it."
        )
    if not no_serve:
        check_port_free(DEMO_HOST, port)  # now, not after a minute's preparing
    if reset and home.exists():
        shutil.rmtree(home)
        click.echo(f"Deleted the demo's data in {home}.")
    # The demo's data is modelled on Plymouth, whatever council the shell names.
    os.environ.update(DEMO_COUNCIL, SMEATON_HOME=str(home), SMEATON_DEMO="true")
    if no_serve:
        prepare_demo()
        return
    # Prepared in a process of its own: preparing draws charts, and the chart renderer's
    # threads, once started here, would hang in the web server's workers forked from it.
    prepared = subprocess.run([sys.executable, "-m", "smeaton.cli", "demo",  # noqa: S603
                               "--no-serve", "--home", str(home)])
    if prepared.returncode:
        raise SystemExit(prepared.returncode)  # it has said why
    setup_django()
    check_port_free(DEMO_HOST, port)  # again: something may have taken it meanwhile
    with task_worker():
        serve_wsgi(DEMO_HOST, port, workers=2)


def prepare_demo() -> None:
    setup_django()

    from django.core.management import call_command

    from smeaton.web import demo as demo_data

    click.echo("Preparing the database...")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    demo_data.load()
    click.echo(f"Demo ready. Sign in as one of {', '.join(demo_data.USERNAMES)}")
    click.echo(f"with the password {demo_data.PASSWORD!r}.")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 64))
@click.option("--no-task-worker", is_flag=True,
              help="Do not start the task worker: run `smeaton worker` yourself (on this "
                   "machine or another that shares the database and the Smeaton home).")
def serve(host: str, port: int, workers: int, no_task_worker: bool):
    """Serve the configured installation (see docs/operating.md), with the task worker
    that loads returns uploaded in the browser."""
    setup_django()
    if no_task_worker:
        serve_wsgi(host, port, workers)
        return
    check_port_free(host, port)
    with task_worker():
        serve_wsgi(host, port, workers)


@main.command()
@click.option("--once", is_flag=True, help="Run every task waiting, then stop.")
def worker(once: bool):
    """Run the task worker: it loads the returns people upload in the browser, one load
    at a time. `smeaton serve` and `smeaton demo` start one themselves."""
    setup_django()
    from django.core.management import call_command

    options = ["--batch"] if once else []
    call_command("db_worker", "--no-reload", "--no-startup-delay", "--interval", "1",
                 *options)


@contextlib.contextmanager
def task_worker():
    """The task worker, in a process of its own beside the server, stopped with it (and
    by the system if this process dies without stopping it)."""
    import signal
    import subprocess

    process = subprocess.Popen(  # noqa: S603  our own command, no shell
        [sys.executable, "-m", "smeaton.cli", "worker"], preexec_fn=_stop_with_parent)
    click.echo(f"Started the task worker (process {process.pid}).")
    try:
        yield process
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


def _stop_with_parent() -> None:
    """In the worker's process, before it starts: Linux ends it when its parent ends."""
    import ctypes
    import signal

    with contextlib.suppress(OSError):  # not Linux: the server stops it when it stops
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args):
    """Run one of Django's management commands, e.g. ``smeaton manage migrate``."""
    setup_django()
    from django.core.management import execute_from_command_line

    execute_from_command_line(["smeaton manage", *args])


@main.group()
def published():
    """DfE's published statistics for every LA: the benchmarks on the scorecard."""


@published.command("load")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--shipped", is_flag=True,
              help="Load the extract of DfE's files that ships with Smeaton.")
def published_load(paths: tuple[Path, ...], shipped: bool):
    """Load published files (EES CSV or LAIT), all or none: a bad file changes nothing.

    Each file is recognised by its columns, so a newer release of a file Smeaton knows
    loads the same way. A value already held for the same indicator, LA and year is
    replaced by the newer file's.
    """
    if not paths and not shipped:
        raise click.UsageError("Name the files to load, or use --shipped.")
    setup_django()
    from smeaton.analytics.published.sources import PublishedFileError
    from smeaton.web.performance import loading

    try:
        loaded = loading.load_files(
            [*paths, *(loading.SHIPPED if shipped else [])])
    except PublishedFileError as problem:
        raise Stopped(str(problem)) from None
    except Exception as error:  # a fault in Smeaton, not in a file: said in one line
        raise crashed(error, "Nothing was changed") from None
    for item in loaded:
        click.echo(item)


store_option = click.option(
    "--store", "store_dir", type=click.Path(file_okay=False, path_type=Path),
    help="The analytic store. Default: the data folder in the Smeaton home (SMEATON_HOME, "
         "or ~/.smeaton).")


class Stopped(click.ClickException):
    """A load refused, or stopped by an error: exit status 2 (1 is for rows rejected)."""

    exit_code = 2


def crashed(error: Exception, outcome: str) -> Stopped:
    """An error Smeaton did not expect, said in one line; its traceback is kept in a file
    only the account that runs Smeaton can read, for a bug report."""
    import tempfile
    import traceback

    from smeaton.analytics.problems import cut, one_line

    kept = ""
    try:
        folder = config.home().reports
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor, name = tempfile.mkstemp(prefix="crash-", suffix=".txt", dir=folder)
        with os.fdopen(descriptor, "w") as file:
            file.write("".join(traceback.format_exception(error)))
        kept = f" Its traceback is in {name}."
    except Exception:  # noqa: S110 -- the message says what it can without the file
        pass
    return Stopped(f"{outcome}: Smeaton stopped on an error it did not expect "
                   f"({type(error).__name__}: {one_line(cut(str(error), 200))}). "
                   f"This is a fault in Smeaton: please report it.{kept}")


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@store_option
@click.option("--la", "la_code", help="The three-digit LA code, for files that do not say "
                                      "(SSDA903 files never do). Without it, or a folder "
                                      "named for the LA, the council's (SMEATON_LA_CODE).")
@click.option("--year", type=click.IntRange(2000, 2100),
              help="The collection year (ending 31 March), for files that do not say.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write problems.csv and problems.json. Default: the reports "
                   "folder in the Smeaton home.")
@click.option("--allow-empty", is_flag=True,
              help="Store a return that has no rows (a header and nothing else), replacing "
                   "the one held. Without it, such a return is refused.")
def ingest(paths: tuple[Path, ...], store_dir: Path | None, la_code: str | None,
           year: int | None, report_dir: Path | None, allow_empty: bool):
    """Read, check, pseudonymise and store statutory returns: SSDA903 (CSV or XML), CIN
    census XML and attendance CSV, in any mix of files and folders.

    The batch is stored whole or not at all. Exit status: 0 when everything was stored
    cleanly, 1 when some rows or fields were rejected (the rest is stored), 2 when
    nothing was stored (a file or the batch was refused, or Smeaton failed).
    """
    from smeaton.analytics import reports
    from smeaton.analytics.ingest import ingest as load
    from smeaton.analytics.privacy import KeyProblem
    from smeaton.analytics.problems import BatchRefused

    if la_code is not None and not (la_code.isdigit() and len(la_code) == 3):
        raise click.BadParameter("use the three-digit DfE LA code, e.g. 879",
                                 param_hint="--la")
    home = config.home()
    council_la_code = config.la_code()
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise Stopped("No such file or folder: " + ", ".join(missing))
    bars = ProgressBars()
    try:
        result = load(list(paths), store_dir or home.store, la_code=la_code, year=year,
                      council_la_code=council_la_code, progress=bars.for_file,
                      allow_empty=allow_empty)
    except BatchRefused as refused:
        bars.finish()
        raise Stopped("Nothing was stored:\n  " + "\n  ".join(
            str(problem) for problem in refused.problems)) from None
    except KeyProblem as problem:
        raise Stopped(str(problem)) from None
    except Exception as error:  # a fault in Smeaton, not in the files: said in one line
        bars.finish()
        raise crashed(error, "Nothing was stored") from None
    bars.finish()
    folder = report_dir or home.reports / result.load_id
    try:
        written = reports.write(result, folder)
    except OSError as error:
        raise Stopped(f"Load {result.load_id} was stored, but its reports could not "
                            f"be written to {folder}: {error.strerror}") from None
    click.echo(reports.summary(result, written))
    sys.exit(1 if result.rejected else 0)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--la", "la_code", help="The three-digit LA code, for files that do not say.")
@click.option("--year", type=click.IntRange(2000, 2100),
              help="The collection year (ending 31 March), for files that do not say.")
@click.option("--previous", "previous", multiple=True, type=click.Path(
    exists=True, path_type=Path), help="The previous year's return (files or a folder), "
    "for the rules that compare with it, when the batch does not hold it. Repeatable.")
@click.option("--report", "report_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write problems.csv, problems.xlsx and problems.json. Default: "
                   "the reports folder in the Smeaton home.")
def validate(paths: tuple[Path, ...], la_code: str | None, year: int | None,
             previous: tuple[Path, ...], report_dir: Path | None):
    """Check returns as DfE will (every cell, every DfE validation rule) and store
    nothing: for a return before it goes to DfE.

    Exit status: 0 when no errors were found (queries and warnings may be), 1 when
    some were, 2 when a file could not be read.
    """
    from smeaton.analytics import reports
    from smeaton.analytics.problems import ERROR, BatchRefused
    from smeaton.analytics.validate import validate as check

    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        raise Stopped("No such file or folder: " + ", ".join(missing))
    bars = ProgressBars()
    try:
        result = check(list(paths), la_code=la_code, year=year,
                       council_la_code=config.la_code(), previous=list(previous),
                       progress=bars.for_file)
    except BatchRefused as refused:
        bars.finish()
        raise Stopped("Nothing was checked:\n  " + "\n  ".join(
            str(problem) for problem in refused.problems)) from None
    except Exception as error:
        bars.finish()
        raise crashed(error, "Nothing was checked") from None
    bars.finish()
    folder = report_dir or config.home().reports / result.load_id
    try:
        written = reports.write(result, folder)
    except OSError as error:
        raise Stopped(f"The report could not be written to {folder}: "
                      f"{error.strerror}") from None
    click.echo(reports.summary(result, written))
    sys.exit(1 if any(problem.severity == ERROR for problem in result.problems) else 0)


@main.command()
@click.option("--la", "la_code", required=True,
              help="The three-digit DfE LA code, or 'all' for every English LA.")
@click.option("--year", type=click.IntRange(2010, 2100), required=True,
              help="The last collection year (ending 31 March) to write.")
@click.option("--years", type=click.IntRange(1, 20), default=6, show_default=True,
              help="How many years of returns, ending with --year.")
@click.option("--seed", type=int, default=1, show_default=True,
              help="The same seed writes the same children.")
@click.option("--errors", type=click.FloatRange(0, 1), default=0.0, show_default=True,
              help="The share of rows to give a realistic fault, each listed in the LA's "
                   "faults.tsv.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              required=True, help="The folder to write into: one folder per LA and year.")
def synth(la_code: str, year: int, years: int, seed: int, errors: float, out_dir: Path):
    """Write synthetic child-level returns for an LA, calibrated to its published
    figures: no real child's data. See docs/synthetic-data.md."""
    from smeaton.analytics import parallel
    from smeaton.analytics.synth import authorities, synthesise

    codes = authorities() if la_code == "all" else [la_code]
    if la_code != "all" and la_code not in authorities():
        raise click.BadParameter(f"{la_code} is not the code of a current English LA "
                                 "(for example 879, Plymouth), nor 'all'",
                                 param_hint="--la")
    count = len(codes)
    # LAs are independent: one process per processor writes them.
    runner = parallel.ordered_map if count > 1 else map
    for written in runner(synthesise, codes, [year] * count, [years] * count,
                          [seed] * count, [out_dir] * count, [errors] * count):
        faults = f", {len(written.injected):,} faults" if errors else ""
        judged = sum(check.judged for check in written.checks)
        click.echo(f"{written.la_code}: {len(written.files)} files in {written.folder}"
                   f"{faults}; {judged - len(written.misses)} of {judged} published figures "
                   "within tolerance")
        for check in written.misses:
            click.echo(f"  {check.year} {check.figure}: {check.synthetic:.1f} against "
                       f"{check.published:.1f} published (tolerance {check.tolerance:.1f})")


@main.command()
@store_option
@click.option("--la", "la_code", help="One LA, by its three-digit code. Default: every LA "
                                      "in the store.")
@click.option("--year", type=click.IntRange(2000, 2100),
              help="The reporting year: the 12 months to 31 March of this year.")
@click.option("--period-end", type=click.DateTime(["%Y-%m-%d"]),
              help="The 12 months ending on this day (YYYY-MM-DD).")
@click.option("--monthly", nargs=2, type=click.DateTime(["%Y-%m-%d", "%Y-%m"]),
              metavar="FROM TO",
              help="The 12 months ending at each month end from FROM to TO (YYYY-MM).")
@click.option("--measure", "slugs", multiple=True, metavar="SLUG",
              help="Only this indicator, by its slug (again for more). Default: every "
                   "indicator Smeaton computes.")
@click.option("--totals-only", is_flag=True,
              help="Only each measure's total, without its breakdowns: faster.")
@click.option("--publish", is_flag=True,
              help="Suppress small numbers for publication (1 to 4, and the next smallest "
                   "where one alone would show).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .csv or .parquet.")
@click.option("--list", "list_only", is_flag=True,
              help="List the indicators Smeaton computes and stop.")
def measures(store_dir: Path | None, la_code: str | None, year: int | None,
             period_end, monthly, slugs: tuple[str, ...], totals_only: bool,
             publish: bool, out_file: Path | None, list_only: bool):
    """Compute the plan's measures from the stored child-level returns: one tidy row per
    measure, LA, period and breakdown value, with the rows each measure left out. See
    docs/measures.md."""
    from smeaton.analytics import measures as engine
    from smeaton.analytics.indicators import BY_SLUG, COMPUTED

    if list_only:
        for indicator in COMPUTED:
            click.echo(f"{indicator.slug:28} {indicator.unit:20} {indicator.title}")
        return
    if la_code is not None and not (la_code.isdigit() and len(la_code) == 3):
        raise click.BadParameter("use the three-digit DfE LA code, e.g. 879",
                                 param_hint="--la")
    unknown = [slug for slug in slugs if not (slug in BY_SLUG and BY_SLUG[slug].computed)]
    if unknown:
        raise click.BadParameter(f"no measure {', '.join(unknown)} (smeaton measures --list "
                                 "lists them)", param_hint="--measure")
    periods = _periods(engine, year, period_end, monthly)
    if out_file is None or out_file.suffix.lower() not in engine.FORMATS:
        raise click.BadParameter("give the file to write, ending .csv or .parquet",
                                 param_hint="--out")
    store = store_dir or config.home().store
    if not (store / "store.json").exists():
        raise click.ClickException(f"{store} is not an analytic store: load returns into it "
                                   "with smeaton ingest first")
    chosen = [BY_SLUG[slug] for slug in slugs] or COMPUTED
    rows = engine.compute(store, periods, la_code=la_code, measures=chosen,
                          breakdowns=not totals_only)
    if not rows:
        raise click.ClickException("No stored return covers the period asked"
                                   + (f" for LA {la_code}" if la_code else "")
                                   + ": nothing was written")
    if publish:
        rows = engine.suppress(rows)
    engine.write(engine.to_arrow(rows, published=publish), out_file)
    measures_done = len({row["measure_id"] for row in rows})
    las = len({row["la_code"] for row in rows})
    click.echo(f"{_count(len(rows), 'row')} for {_count(measures_done, 'measure')}, "
               f"{_count(las, 'LA')} and {_count(len(periods), 'period')} written to "
               f"{out_file}")


def _count(number: int, thing: str) -> str:
    return f"{number:,} {thing}{'' if number == 1 else 's'}"


def _periods(engine, year, period_end, monthly) -> list:
    asked = [option for option, value in (("--year", year), ("--period-end", period_end),
                                          ("--monthly", monthly)) if value]
    if len(asked) != 1:
        raise click.UsageError("give one of --year, --period-end or --monthly")
    if year:
        return [engine.reporting_year(year)]
    if period_end:
        return [engine.Period(period_end.date())]
    first, last = (moment.date() for moment in monthly)
    if last < first:
        raise click.BadParameter("TO is before FROM", param_hint="--monthly")
    return engine.month_ends(first, last)


class ProgressBars:
    """A progress bar for each long file, on the terminal only."""

    LONG = 5_000_000  # bytes

    def __init__(self):
        self.bar = None

    def for_file(self, path: Path):
        self.finish()
        size = path.stat().st_size
        if size < self.LONG or not sys.stderr.isatty():
            return None
        self.bar = click.progressbar(length=size, label=f"Reading {path.name}",
                                     file=sys.stderr)
        self.bar.__enter__()
        done = [0]

        def update(position: int) -> None:
            self.bar.update(position - done[0])
            done[0] = position

        return update

    def finish(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)
            self.bar = None


def check_port_free(host: str, port: int) -> None:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as problem:
            raise click.ClickException(
                f"Cannot serve on {host}:{port}: {problem.strerror}. Is Smeaton already "
                "running there? Stop it, or choose another port with --port."
            ) from None


def serve_wsgi(host: str, port: int, workers: int) -> None:
    """Serve the web app with gunicorn, in this process, until interrupted."""
    from gunicorn.app.base import BaseApplication

    check_port_free(host, port)
    from smeaton.web.wsgi import application

    class Server(BaseApplication):
        def load_config(self):
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", workers)
            self.cfg.set("threads", 4)
            self.cfg.set("accesslog", "-")
            self.cfg.set("proc_name", "smeaton")

        def load(self):
            return application

    click.echo(f"Serving Smeaton on http://{host}:{port} (press Ctrl+C to stop)")
    sys.argv = sys.argv[:1]  # gunicorn reads the command line too; it has nothing for it
    Server().run()


if __name__ == "__main__":
    main()
