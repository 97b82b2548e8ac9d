from flows import progress


def test_no_bar_without_a_terminal(capsys):
    with progress.progress(1000) as advance:
        advance(500)
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == ""


def test_no_bar_in_ci(monkeypatch):
    monkeypatch.setattr(progress.sys.stderr, "isatty", lambda: True, raising=False)
    monkeypatch.setenv("CI", "true")
    assert progress.wanted() is False
    monkeypatch.delenv("CI")
    assert progress.wanted() is True
