"""The `evidence` command line: a thin layer over the flow and the warehouse."""

from __future__ import annotations

import argparse
import atexit
import csv
import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from flows.wording import counted

if TYPE_CHECKING:
    from warehouse.plan import Plan

SERVE_PID = "EVIDENCE_SERVE_PID"  # set by `evidence serve`; the flow-run processes it starts inherit it

if os.environ.get(SERVE_PID) == str(os.getppid()):
    # A flow-run process of `evidence serve` (multiprocessing imports this module in it first).
    # A terminal's Ctrl-C reaches every process in its foreground group, but stopping is serve's
    # to do: it cancels the run, which this process and its readers must not die of before.
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)

DEFAULT_SEEDS = Path("seeds")
DEFAULT_DB = Path("warehouse") / "evidence.duckdb"
SHOWN_REJECTS = 20
API_ACTIONS = {
    "status": "show whether the local Prefect API server is running, its address and where its state is",
    "stop": "stop the local Prefect API server (the next run or watch starts it again)",
    "prepare": "create the local Prefect API's database now (Prefect's migrations), ahead of the first run",
}

EXAMPLES = """examples:
  evidence run                                   # load seeds/ into warehouse/evidence.duckdb
  evidence run --seeds ~/papers --db /tmp/e.duckdb
  evidence run --runner dask=tcp://10.0.0.5:8786   # extraction on a Dask cluster
  evidence sql "SELECT disease, count(*) FROM trial_arms GROUP BY ALL"
  evidence sql --csv "SELECT * FROM v_pooled_proportions" > pooled.csv
  evidence watch                                 # a run whenever seeds/ changes
  evidence serve --cron "0 6 * * *"              # a scheduled Prefect deployment
  evidence report --out report.html              # forest plots and evidence tables in one file
  evidence export --format meta pools.csv        # every pool's studies, for meta::metaprop in R
"""


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        status = args.func(args)
        sys.stdout.flush()  # a closed pipe shows here, not in the interpreter's last flush
    except BrokenPipeError:
        return _reader_gone()
    return status


def _reader_gone() -> int:
    """The reader of the output went away (`evidence sql ... | head -1`): stop quietly, as Unix
    tools do, with the status of a process that SIGPIPE ended (128 + 13)."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # what is still buffered goes nowhere at exit
    except (OSError, ValueError):
        pass
    return 141


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="evidence", description="Evidence warehouse: stem-cell trials for autoimmune disease, from papers to SQL.",
        epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    run = commands.add_parser(
        "run", help="extract new or changed documents and load them (one Prefect flow run)",
        description="One Prefect flow run: new or changed documents in the seeds folder are extracted, "
                    "validated and loaded; removed ones are retired. Exit 0 when the run completed, "
                    "rejected rows included.",
        epilog="example:\n  evidence run --seeds seeds --db warehouse/evidence.duckdb",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _locations(run)
    run.add_argument("--wait", type=float, default=0.0, metavar="SECONDS",
                     help="if another run is writing the warehouse, wait this long for it (default: exit at once)")
    run.add_argument("--runner", default="threads", metavar="RUNNER", type=_runner,
                     help="where extraction runs: threads (default: this machine's cores), dask (a local Dask "
                          "cluster, a worker per core) or dask=tcp://HOST:PORT (an existing Dask cluster)")
    run.set_defaults(func=cmd_run)

    watch = commands.add_parser(
        "watch", help="run the flow whenever a document arrives, changes or leaves the seeds folder",
        description="Watches the seeds folder and runs the flow once the changes have settled "
                    "(files still being copied are waited for; files arriving together make one run). "
                    "A run that fails is reported and the watch goes on. Ctrl-C stops.",
        epilog="example:\n  evidence watch --seeds seeds", formatter_class=argparse.RawDescriptionHelpFormatter)
    _locations(watch)
    watch.add_argument("--runs", type=_positive, default=None, metavar="N",
                       help="stop after N runs (default: watch until Ctrl-C)")
    watch.set_defaults(func=cmd_watch)

    serve = commands.add_parser(
        "serve", help="serve the flow as a Prefect deployment on a schedule",
        description="Serves the flow as a Prefect deployment named 'evidence' with a cron or interval "
                    "schedule. Uses the Prefect server at PREFECT_API_URL when set, else starts a local one. "
                    "Ctrl-C stops.",
        epilog='examples:\n  evidence serve --cron "0 6 * * *"\n  evidence serve --interval 3600',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    _locations(serve)
    when = serve.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", type=_cron, help='a cron schedule, e.g. "0 6 * * *" (06:00 every day)')
    when.add_argument("--interval", type=_seconds, metavar="S", help="seconds between runs")
    serve.set_defaults(func=cmd_serve)

    report = commands.add_parser(
        "report", help="write one self-contained HTML report: forest plots, evidence tables, provenance",
        description="Writes one HTML file that opens without a network: a forest plot per pooled outcome, "
                    "tables of arms by disease and cell source, every number's source, and the run history.",
        epilog="example:\n  evidence report --out report.html", formatter_class=argparse.RawDescriptionHelpFormatter)
    report.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})")
    report.add_argument("--out", type=Path, default=Path("warehouse") / "report.html",
                        help="where to write the report (default: warehouse/report.html)")
    report.add_argument("--study-ci", choices=["clopper-pearson", "wilson"], default="clopper-pearson",
                        help="each study's own 95%% interval: Clopper–Pearson, as R's meta prints it (the default), "
                             "or Wilson")
    report.set_defaults(func=cmd_report)

    export = commands.add_parser(
        "export", help="write every pool's studies to CSV or Parquet, to re-run the pools in R",
        description="Writes one row per study of each pooled proportion (v_export_meta): studlab, event, n, disease, "
                    "measure, timepoint, pool, source_file, evidence_text and the pool's other keys, the columns R's "
                    "meta::metaprop(event, n, studlab) takes. The format follows the file's extension: .csv or .parquet.",
        epilog="example:\n  evidence export --format meta pools.csv\n"
               "then, in R:\n"
               '  d <- read.csv("pools.csv")\n'
               '  meta::metaprop(event, n, studlab, data = subset(d, pool == "SLE, complete_remission, MSCT, 12 months"),\n'
               '                 sm = "PLOGIT", method = "Inverse", method.tau = "DL")',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    export.add_argument("file", type=Path, metavar="FILE", help="where to write: FILE.csv or FILE.parquet")
    export.add_argument("--format", choices=["meta"], default="meta",
                        help="meta: a row per study of each pool, for meta::metaprop and metafor::escalc (the default)")
    export.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})")
    export.set_defaults(func=cmd_export)

    sql = commands.add_parser(
        "sql", help="run read-only SQL against the warehouse and print the result",
        description="Ad hoc SQL on a read-only connection, printed as a table.",
        epilog='example:\n  evidence sql "SELECT measure, k, pooled_pct FROM v_pooled_proportions"',
        formatter_class=argparse.RawDescriptionHelpFormatter)
    sql.add_argument("query", help="one SQL statement")
    sql.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})")
    form = sql.add_mutually_exclusive_group()
    form.add_argument("--csv", action="store_true", help="print CSV")
    form.add_argument("--json", action="store_true", help="print JSON records")
    sql.set_defaults(func=cmd_sql)

    _explainer(commands, "tables", cmd_tables, "review_table.txt",
               "show how the tables of documents were read: column roles, row cells, arms",
               "For each document: every table found, the role each column was given (from its header and from "
               "what its cells hold), each row's cells and the arms read from them, the lines no row took, and a "
               "row an excerpt cut off. Nothing is loaded.")
    _explainer(commands, "findings", cmd_findings, "abstract.txt",
               "show how the findings of documents were read, sentence by sentence",
               "For each document, in text order: each sentence that gave findings, each finding's measure, value, "
               "arm, timepoint (as written), value kind, population and disease with the words they came from; and "
               "each sentence with numbers that gave none, and why. Nothing is loaded.")
    _explainer(commands, "sections", cmd_sections, "paper.pdf",
               "show the sections of documents (abstract, methods, results, ...) and which give findings",
               "Reads each file as a run would and prints its sections: kind, lines, heading, and whether findings "
               "are read from it (the abstract and the results are; introduction, methods, discussion and the "
               "reference list are not). Nothing is loaded.")

    api = commands.add_parser(
        "api", help="show, stop or prepare the local Prefect API server that run and watch share",
        description="run and watch start a local Prefect API server in the background the first time and reuse "
                    "it (it stops by itself after 30 idle minutes). status shows where it is; stop stops it; "
                    "prepare creates its database ahead of the first run (set-up does this).",
        epilog="examples:\n  evidence api status\n  evidence api stop\n  evidence api prepare",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = api.add_subparsers(dest="action", required=True, metavar="ACTION")
    for action, summary in API_ACTIONS.items():
        actions.add_parser(action, help=summary, description=summary[0].upper() + summary[1:] + ".",
                           epilog=f"example:\n  evidence api {action}",
                           formatter_class=argparse.RawDescriptionHelpFormatter)
    api.set_defaults(func=cmd_api)

    return parser


def _version() -> str:
    """The installed package's version (pyproject.toml's), or "unknown" when run from a bare checkout."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("evidence")
    except PackageNotFoundError:
        return "unknown"


def _locations(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seeds", type=Path, default=DEFAULT_SEEDS, help=f"documents folder (default: {DEFAULT_SEEDS})")
    parser.add_argument("--db", type=Path, default=DEFAULT_DB, help=f"warehouse file (default: {DEFAULT_DB})")


def _runner(spec: str) -> str:
    from flows.runners import parse_runner

    try:
        parse_runner(spec)
    except ValueError as bad:
        raise argparse.ArgumentTypeError(str(bad)) from None
    return spec


def _cron(expression: str) -> str:
    """Checked as Prefect's schedule checks it, before its server is started for nothing."""
    from prefect.client.schemas.schedules import CronSchedule
    from pydantic import ValidationError

    try:
        CronSchedule(cron=expression)
    except ValidationError as bad:
        raise argparse.ArgumentTypeError(f"not a cron schedule: {expression!r} "
                                         f"({bad.errors()[0]['msg'].removeprefix('Value error, ')})") from None
    return expression


def _positive(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"not a whole number above 0: {text!r}")
    return number


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not seconds > 0:
        raise argparse.ArgumentTypeError(f"not a number of seconds above 0: {text!r}")
    return seconds


def _no_seeds(args: argparse.Namespace, command: str) -> bool:
    if args.seeds.is_dir():
        return False
    print(f"evidence {command}: no seeds folder at {args.seeds}", file=sys.stderr)
    return True


def _prefect_api(scheduling: bool = False) -> None:
    """A Prefect API for this command: the user's (PREFECT_API_URL), the shared local one (run
    and watch), or one of its own (serve, which needs the scheduler; or EVIDENCE_SHARED_API=0),
    started now so it comes up while the pipeline is imported, and let go at exit after
    Prefect's own exit hooks have sent the last logs and events."""
    from flows.server import LocalApi, SharedApi

    shared = not scheduling and os.environ.get("EVIDENCE_SHARED_API", "1") != "0"
    api = SharedApi() if shared else LocalApi(scheduling)
    api.start()
    atexit.register(api.stop)
    import flows.pipeline  # noqa: F401 - the import the server start overlaps

    api.wait()


def cmd_run(args: argparse.Namespace) -> int:
    started = time.monotonic()
    if _no_seeds(args, "run"):
        return 2
    from warehouse.store import writer_active

    if args.wait == 0 and writer_active(args.db):  # say so at once, before Prefect starts
        print(f"evidence run: another run is writing {args.db}; wait for it to finish or pass --wait SECONDS",
              file=sys.stderr)
        return 3
    from warehouse.runs import record_if_unchanged
    from warehouse.store import WarehouseBusy

    before = _file_state(args.db)
    try:
        summary, plan = record_if_unchanged(args.seeds, args.db, args.wait)  # nothing to do: no Prefect start-up
        if summary is None:
            summary = _flow_run(args, plan)
    except WarehouseBusy as busy:
        print(f"evidence run: {busy}", file=sys.stderr)
        return 3
    except KeyboardInterrupt:
        print(f"\nevidence run: {_interrupted(args.db, before)}", file=sys.stderr)
        return 130
    print_summary(summary, args.db, time.monotonic() - started)
    return 0


def _file_state(path: Path) -> tuple[int, int, int] | None:
    try:
        info = path.stat()
    except FileNotFoundError:
        return None
    return info.st_ino, info.st_mtime_ns, info.st_size


def _interrupted(db: Path, before: tuple[int, int, int] | None) -> str:
    """What an interrupted run did to the warehouse: nothing, or, interrupted after its load was
    swapped in, all of it."""
    if _file_state(db) == before:
        return f"interrupted; {db} is as it was before the run"
    return f"interrupted after the run had loaded {db} in full (its row is in the runs table)"


def _flow_run(args: argparse.Namespace, plan: Plan) -> dict:
    """The Prefect flow run. With the default runner the documents the plan names start being
    read at once, on the cores that would otherwise wait for Prefect to import and start."""
    from flows import reading

    if args.runner == "threads":
        reading.read_ahead(plan.to_extract)
    try:
        _prefect_api()
        from flows.pipeline import evidence_run, run_here, task_runner

        flow = evidence_run if args.runner == "threads" else evidence_run.with_options(
            task_runner=task_runner(args.runner))
        return run_here(flow, seeds=args.seeds, db=args.db, wait_seconds=args.wait)
    finally:
        reading.stop_reading_ahead()


def cmd_watch(args: argparse.Namespace) -> int:
    if _no_seeds(args, "watch"):
        return 2
    _prefect_api()
    from flows.pipeline import evidence_run, no_heartbeat, run_here
    from flows.watch import watch_seeds
    from warehouse.plan import make_plan

    def run(why: str) -> None:
        started, before = time.monotonic(), _file_state(args.db)
        print(f"\n{why}: running", flush=True)
        try:
            summary = run_here(evidence_run, seeds=args.seeds, db=args.db, wait_seconds=600)
        except Exception as err:  # noqa: BLE001 - a failed run is reported; the watch goes on
            print(f"evidence watch: the run failed: {err}", file=sys.stderr, flush=True)
            return
        except KeyboardInterrupt:
            print(f"\nevidence watch: the run under way was {_interrupted(args.db, before)}", file=sys.stderr,
                  flush=True)
            raise
        print_summary(summary, args.db, time.monotonic() - started)

    def has_work() -> bool:
        try:
            return make_plan(args.seeds, args.db).has_work
        except Exception:  # noqa: BLE001 - a run then says what is wrong, and the watch goes on
            return True

    def on_ready() -> None:
        # what changed while nothing watched, judged with the watcher already running and before
        # saying so: a file that lands after "watching" is the watcher's, never the start-up run's
        pending = has_work()
        print(f"watching {args.seeds} (Ctrl-C stops)", flush=True)
        if pending:
            run(f"{args.seeds} changed since the last run")

    def on_change(paths: list[Path]) -> bool:
        # events for files a run already loaded (they landed while it planned), or for bytes that
        # did not change, leave nothing to do: no flow run then
        if not has_work():
            print(f"\n{counted(len(paths), 'change')} in {args.seeds}: nothing to do "
                  "(no document is new, changed or removed)", flush=True)
            return False
        run(f"{counted(len(paths), 'change')} in {args.seeds}")
        return True

    try:
        with no_heartbeat():  # once for every run of the watch
            watch_seeds(args.seeds, on_change, stop_after=args.runs, on_ready=on_ready)
    except KeyboardInterrupt:
        print("\nstopped watching", flush=True)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    if _no_seeds(args, "serve"):
        return 2
    _prefect_api(scheduling=True)
    import asyncio

    from flows.pipeline import evidence_run
    from flows.serving import DEPLOYMENT, serve

    schedule = {"cron": args.cron} if args.cron else {"interval": args.interval}
    when = f"cron {args.cron!r}" if args.cron else f"every {args.interval:g} s"
    print(f"serving deployment '{evidence_run.name}/{DEPLOYMENT}' ({when}) at {os.environ['PREFECT_API_URL']}: "
          f"{args.seeds} -> {args.db}; Ctrl-C stops", flush=True)
    os.environ[SERVE_PID] = str(os.getpid())
    asyncio.run(serve(evidence_run, {"seeds": str(args.seeds.resolve()), "db": str(args.db.resolve())}, schedule))
    print("stopped serving", flush=True)
    return 0


def cmd_api(args: argparse.Namespace) -> int:
    from flows.server import prepare_shared, running_shared, state_dir, stop_shared

    if args.action == "prepare":
        done = prepare_shared()
        if done.returncode != 0:
            print(f"evidence api prepare: Prefect's database migrations failed:\n{done.stdout}{done.stderr}",
                  file=sys.stderr)
            return 1
        print(f"the local Prefect API's database is ready in {state_dir()}")
        return 0
    if args.action == "stop":
        pid = stop_shared()
        print(f"stopped the local Prefect API (pid {pid})" if pid else "no local Prefect API is running")
        return 0
    state = running_shared()
    if state:
        print(f"local Prefect API at {state['url']} (pid {state['pid']}); state in {state_dir()}")
    else:
        print("no local Prefect API is running; the next run starts one")
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from warehouse.report import write_report

    try:
        out = write_report(args.db, args.out, args.study_ci)
    except FileNotFoundError as missing:
        print(f"evidence report: {missing}", file=sys.stderr)
        return 2
    print(f"report written to {out} ({out.stat().st_size / 1024:.0f} KB)")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from warehouse.export import ExportError, export

    try:
        done = export(args.db, args.file, args.format)
    except (FileNotFoundError, ExportError) as failed:
        print(f"evidence export: {failed}", file=sys.stderr)
        return 2
    print(f"exported {counted(done.rows, 'study', 'studies')} of {counted(done.pools, 'pool')} to {done.path}")
    return 0


def _rejects_held(db: Path) -> int | None:
    """How many rejects the warehouse holds after the run (None when it cannot be read now)."""
    import duckdb

    from warehouse.store import connect_read_only

    try:
        with connect_read_only(db) as con:
            return con.execute("SELECT count(*) FROM rejects").fetchone()[0]
    except (FileNotFoundError, duckdb.Error):
        return None


def _listed(reasons: list[str]) -> list[str]:
    more = [f"           ... and {len(reasons) - SHOWN_REJECTS} more"] if len(reasons) > SHOWN_REJECTS else []
    return [f"           - {reason}" for reason in reasons[:SHOWN_REJECTS]] + more


def print_summary(summary: dict, db: Path, wall: float) -> None:
    rejected = summary.get("rejected", [])
    # sentences that state numbers but give no finding are kept for review, not failures: counted apart
    unread = sum(stage == "findings" for stage, _ in rejected)
    # papers on another subject were read and set aside, not failures either: listed apart
    other_subject = [reason for stage, reason in rejected if stage == "topic"]
    failed = [reason for stage, reason in rejected if stage not in ("findings", "topic")]
    held = _rejects_held(db)
    lines = [
        "",
        f"documents  {summary['docs_seen']} seen: {summary['docs_new']} new, {summary['docs_changed']} changed, "
        f"{summary['docs_unchanged']} unchanged, {summary['docs_removed']} removed",
        f"loaded     {counted(summary['arms_loaded'], 'trial arm')}, {counted(summary['findings_loaded'], 'finding')}",
        f"rejected   {counted(len(failed), 'file or row', 'files or rows')} that could not be read or failed their "
        "checks" + (f"; {counted(unread, 'sentence')} with numbers but no finding" if unread else ""),
        *_listed(failed),
        *([f"off topic  {counted(len(other_subject), 'paper')} on another subject, not loaded",
           *_listed(other_subject)] if other_subject else []),
        f"rejects    {len(rejected)} added by this run" + (f", {held} in the warehouse" if held is not None else "")
        + " (see: evidence sql \"SELECT stage, errors FROM rejects\")",
        f"warehouse  {db}",
        f"run        {summary['run_id']}: " + (f"Prefect flow run {summary['flow_run_id']}" if summary.get("flow_run_id")
                                                else "nothing to do, recorded without starting Prefect"),
        f"time       {wall:.1f} s",
    ]
    print("\n".join(lines))


def _explainer(commands, name: str, func, example: str, summary: str, description: str) -> None:
    """A command that reads files as a run would and says what it saw, loading nothing."""
    parser = commands.add_parser(name, help=summary, description=description,
                                 epilog=f"example:\n  evidence {name} seeds/{example}",
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE")
    parser.set_defaults(func=func)


def cmd_tables(args: argparse.Namespace) -> int:
    from extractors.explain import explain_tables

    return _explain("tables", args.files, explain_tables)


def cmd_findings(args: argparse.Namespace) -> int:
    from extractors.explain import explain_findings

    return _explain("findings", args.files, explain_findings)


def cmd_sections(args: argparse.Namespace) -> int:
    from extractors.explain import explain_sections

    return _explain("sections", args.files, explain_sections)


def _explain(command: str, files: list[Path], explain) -> int:
    from extractors.document import ExtractionError
    from extractors.readers import read

    status = 0
    for path in files:
        try:
            print(explain(read(path, path.name)))
        except (ExtractionError, OSError) as err:
            print(f"evidence {command}: {err}", file=sys.stderr)
            status = 1
    return status


def cmd_sql(args: argparse.Namespace) -> int:
    import duckdb

    from warehouse.store import connect_read_only

    try:
        con = connect_read_only(args.db)
    except FileNotFoundError as missing:
        print(f"evidence sql: {missing}", file=sys.stderr)
        return 2
    try:
        result = con.sql(args.query)
        if result is None:
            return 0
        columns, rows = result.columns, result.fetchall()
    except duckdb.Error as err:
        print(f"evidence sql: {err}", file=sys.stderr)
        return 1
    finally:
        con.close()
    if args.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")  # as the DuckDB CLI and Unix tools end lines
        writer.writerow(columns)
        writer.writerows(rows)
    elif args.json:
        print(json.dumps([dict(zip(columns, row, strict=True)) for row in rows], default=str, ensure_ascii=False))
    else:
        print_table(columns, rows)
    return 0


def print_table(columns: list[str], rows: list[tuple]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table()
    for column in columns:
        table.add_column(column, overflow="fold")
    for row in rows:
        table.add_row(*["" if value is None else str(value) for value in row])
    Console(width=None if sys.stdout.isatty() else 100_000).print(table)
    print(counted(len(rows), "row"))


if __name__ == "__main__":
    sys.exit(main())
