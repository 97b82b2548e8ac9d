"""The command line refuses bad options at once, naming the option, before any server starts."""

import pytest

from flows.cli import _cron, main


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
