"""The command line: bad options refused at once, by name, before any server starts; help for
every command; output that reads well and ends quietly."""

import importlib.util
import logging
import subprocess

import duckdb
import pytest

from flows.cli import _cron, main
from flows.pipeline import not_an_interrupt
from flows.wording import counted
from warehouse.report import months

from .conftest import EVIDENCE, ROOT

_spec = importlib.util.spec_from_file_location("dev", ROOT / "dev.py")
dev = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(dev)


@pytest.mark.parametrize(("argv", "message"), [
    (["serve", "--cron", "not a cron"], "argument --cron: not a cron schedule: 'not a cron'"),
    (["serve", "--cron", "61 * * * *"], "argument --cron: not a cron schedule"),
    (["serve", "--interval", "0"], "argument --interval: not a number of seconds above 0: '0'"),
    (["serve", "--interval", "hourly"], "argument --interval: not a number of seconds above 0"),
    (["run", "--runner", "spark"], "argument --runner"),
])
def test_bad_options_are_refused_by_name(argv, message, capsys):
    with pytest.raises(SystemExit) as exited:
        main(argv)
    assert exited.value.code == 2
    assert message in capsys.readouterr().err


def test_a_cron_schedule_is_kept_as_written():
    assert _cron("0 6 * * 1-5") == "0 6 * * 1-5"


def help_of(argv, capsys) -> str:
    with pytest.raises(SystemExit) as exited:
        main([*argv, "--help"])
    assert exited.value.code == 0
    return capsys.readouterr().out


def test_watch_help_names_runs(capsys):
    assert "--runs N" in help_of(["watch"], capsys)


@pytest.mark.parametrize("action", ["status", "stop", "prepare"])
def test_each_api_action_has_its_own_help(action, capsys):
    out = help_of(["api", action], capsys)
    assert out.startswith(f"usage: evidence api {action}") and f"evidence api {action}" in out


def test_an_api_action_is_required(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["api"])
    assert exited.value.code == 2 and "ACTION" in capsys.readouterr().err


@pytest.mark.parametrize(("n", "noun", "plural", "expected"), [
    (0, "sentence", None, "0 sentences"), (1, "sentence", None, "1 sentence"), (2, "paper", None, "2 papers"),
    (1, "file or row", "files or rows", "1 file or row"), (3, "file or row", "files or rows", "3 files or rows"),
])
def test_counts_agree_with_their_noun(n, noun, plural, expected):
    assert counted(n, noun, plural) == expected


@pytest.mark.parametrize(("value", "expected"), [(1.0, "1 month"), (12.0, "12 months"), (0.5, "0.5 months"),
                                                 (0.0, "0 months")])
def test_a_timepoint_reads_as_months(value, expected):
    assert months(value) == expected


def test_a_reader_that_goes_away_ends_the_output_quietly(tmp_path):
    """`evidence sql ... | head -1`: no BrokenPipeError traceback, the status of a SIGPIPE."""
    db = tmp_path / "evidence.duckdb"
    duckdb.connect(str(db)).close()
    sql = subprocess.Popen([EVIDENCE, "sql", "--csv", "--db", str(db), "SELECT * FROM range(200000)"],
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert sql.stdout.readline() == "range\n"
    sql.stdout.close()
    err = sql.stderr.read()
    assert sql.wait(timeout=60) == 141
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_prefects_lines_about_an_interrupted_run_are_left_out():
    def record(message: str) -> logging.LogRecord:
        return logging.LogRecord("prefect.flow_runs", logging.ERROR, __file__, 1, message, None, None)

    assert not not_an_interrupt(record("Crash detected! Execution was aborted by an interrupt signal."))
    assert not not_an_interrupt(record("Finished in state Crashed('Execution was aborted by an interrupt signal.')"))
    assert not not_an_interrupt(record("Crash detected! Execution was interrupted by an unexpected exception: "
                                       "CancelledError: Task run cancelled by the task runner"))
    assert not_an_interrupt(record("Finished in state Failed('Flow run encountered an exception.')"))


@pytest.mark.parametrize(("argv", "status"), [(["--help"], 0), (["-h"], 0), (["help"], 0), ([], 2), (["bogus"], 2)])
def test_dev_py_help(argv, status, capsys):
    assert dev.main(argv) == status
    captured = capsys.readouterr()
    assert "python3 dev.py test" in (captured.out if status == 0 else captured.err)
