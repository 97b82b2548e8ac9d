"""The tables and views are applied to a warehouse once per version of their SQL files: a run
on a warehouse that has them skips rebinding every view."""

import shutil

import duckdb

from warehouse import store


def views(con) -> set[str]:
    return {name for (name,) in con.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}


def test_the_sql_is_applied_again_only_when_its_files_change(tmp_path, monkeypatch):
    con = duckdb.connect(":memory:")
    store.apply_sql(con)
    assert "v_checks" in views(con)
    con.execute("DROP VIEW v_checks")
    store.apply_sql(con)  # the same files: nothing is applied
    assert "v_checks" not in views(con)

    copy = tmp_path / "sql"
    shutil.copytree(store.SQL_DIR, copy)
    with open(copy / "views" / "50_checks.sql", "a", encoding="utf-8") as edited:
        edited.write("\n-- an edit\n")
    monkeypatch.setattr(store, "SQL_DIR", copy)
    store.apply_sql(con)
    assert "v_checks" in views(con)
    assert con.execute("SELECT digest FROM sql_applied").fetchall() == [(store.sql_digest(store.sql_files()),)]
