"""The DuckDB warehouse: what it holds now, and publishing a run's changes atomically.

A run never writes the warehouse file that readers have open. It copies the file to a staging
file beside it, applies the run's changes there in one transaction, checkpoints, and renames
the staging file over the warehouse (an atomic rename on one filesystem). Readers see the last
complete state at every moment; a run killed at any point leaves at most a stale staging file,
which the next run discards. One writer at a time is enforced with a lock file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

SQL_DIR = Path(__file__).with_name("sql")
HISTORY_DIR = SQL_DIR / "history"  # what a run changed in the pooled estimates: run inside publish()
DEFAULT_DB = Path("warehouse") / "evidence.duckdb"


class WarehouseBusy(RuntimeError):
    """Another run holds the warehouse's write lock."""


@dataclass
class Changes:
    """What one run changes: rows to add, and the documents whose old rows go."""

    documents: pd.DataFrame
    trial_arms: pd.DataFrame
    findings: pd.DataFrame
    rejects: pd.DataFrame
    retire_doc_ids: list[str] = field(default_factory=list)
    retire_sources: list[str] = field(default_factory=list)  # their rejects go too

    def changes_documents(self) -> bool:
        """Whether any document's rows come or go (only then can a pooled estimate move)."""
        return bool(len(self.documents) or len(self.findings) or self.retire_doc_ids)


@contextmanager
def write_lock(db_path: Path, wait_seconds: float = 0.0) -> Iterator[None]:
    """Holds the warehouse's write lock; raises WarehouseBusy if another run keeps it too long."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock_path = db_path.with_name(db_path.name + ".lock")
    with open(lock_path, "a+") as handle:
        deadline = time.monotonic() + wait_seconds
        while True:
            try:
                # A POSIX record lock: held by this process only (worker processes forked while it
                # is held do not keep it) and released by the kernel if the process dies.
                fcntl.lockf(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError:
                if time.monotonic() >= deadline:
                    raise WarehouseBusy(
                        f"another run is writing {db_path} (lock {lock_path} is held); "
                        "wait for it to finish or pass --wait SECONDS"
                    ) from None
                time.sleep(0.2)
        try:
            yield
        finally:
            fcntl.lockf(handle, fcntl.LOCK_UN)


def writer_active(db_path: Path) -> bool:
    """Whether another process holds the write lock now (a cheap check before a run starts)."""
    try:
        with write_lock(db_path):
            return False
    except WarehouseBusy:
        return True


def connect_read_only(db_path: Path) -> duckdb.DuckDBPyConnection:
    if not db_path.exists():
        raise FileNotFoundError(f"no warehouse at {db_path}: run `evidence run` first")
    return duckdb.connect(str(db_path), read_only=True)


def known_documents(db_path: Path) -> dict[str, tuple[str, str]]:
    """source_file -> (doc_id, extractor_version) of every file the warehouse has an answer for:
    the documents it holds, and the files that gave no document but a reject decided by their
    bytes and the extractor alone: unreadable, off topic, the extractor failed, a copy of a
    loaded file, a document row that failed its checks. Such a reject's record carries the
    extractor version, so the file is not read again until its bytes or the extractor change."""
    if not db_path.exists():
        return {}
    with connect_read_only(db_path) as con:
        if not _has_table(con, "documents"):
            return {}
        rows = con.execute("SELECT source_file, doc_id, extractor_version FROM documents").fetchall()
        # the LIKE only narrows the rows to parse: the version is read from the record as JSON below
        whole_document = con.execute(
            "SELECT source_file, doc_id, record FROM rejects WHERE doc_id IS NOT NULL AND source_file IS NOT NULL "
            "AND record LIKE '%\"extractor_version\"%' ORDER BY rejected_at").fetchall()
    known = {src: (doc, ver) for src, doc, ver in rows}
    for src, doc, record in whole_document:
        version = _record_version(record)
        if version is not None:
            known.setdefault(src, (doc, version))
    return known


def _record_version(record: str | None) -> str | None:
    """The extractor version a reject's record names, if it is a whole document's reject."""
    try:
        parsed = json.loads(record or "")
    except ValueError:
        return None
    version = parsed.get("extractor_version") if isinstance(parsed, dict) else None
    return str(version) if version else None


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [name]).fetchone()[0])


def sql_files() -> list[Path]:
    """The tables' file, then every view file in name order."""
    return [SQL_DIR / "schema.sql", *sorted((SQL_DIR / "views").glob("*.sql"))]


def sql_digest(files: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in files:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def apply_sql(con: duckdb.DuckDBPyConnection) -> None:
    """Tables, then every view file in name order; each is idempotent. A warehouse that had
    exactly these files applied last (`sql_applied` holds their digest) is left as it is:
    rebinding every view costs a run with one new paper a few tenths of a second."""
    files = sql_files()
    digest = sql_digest(files)
    if _has_table(con, "sql_applied") and con.execute("SELECT digest FROM sql_applied").fetchall() == [(digest,)]:
        return
    con.execute(files[0].read_text())
    label_old_documents(con)
    for path in files[1:]:
        con.execute(path.read_text())
    con.execute("CREATE OR REPLACE TABLE sql_applied AS SELECT ? AS digest", [digest])


def label_old_documents(con: duckdb.DuckDBPyConnection) -> None:
    """Documents loaded before `study_label` existed get theirs from the text the warehouse keeps,
    as a new extraction would give it (the column itself is added by schema.sql)."""
    from extractors.metadata import study_label

    old = con.execute("SELECT doc_id, raw_text, year, source_file FROM documents WHERE study_label IS NULL").fetchall()
    if old:
        labels = [(study_label(text or "", {}, year, source), doc_id) for doc_id, text, year, source in old]
        con.executemany("UPDATE documents SET study_label = ? WHERE doc_id = ?", labels)


def publish(db_path: Path, changes: Changes, run: dict) -> None:
    """Applies `changes` and records `run` in one transaction, then swaps the warehouse file."""
    staging = db_path.with_name(db_path.name + ".staging")
    for stale in (staging, staging.with_name(staging.name + ".wal")):
        stale.unlink(missing_ok=True)
    if db_path.exists():
        shutil.copyfile(db_path, staging)
    con = duckdb.connect(str(staging))
    try:
        apply_sql(con)
        con.execute("BEGIN TRANSACTION")
        moves_pools = changes.changes_documents()
        if moves_pools:
            con.execute((HISTORY_DIR / "1_before.sql").read_text())
        _retire(con, changes)
        for table in ("documents", "trial_arms", "findings", "rejects"):
            frame = getattr(changes, table)
            if len(frame):
                con.register("incoming", frame)
                con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming")
                con.unregister("incoming")
        if moves_pools:
            record_pool_changes(con, changes, run)
        con.register("incoming", pd.DataFrame([run]))
        con.execute("INSERT INTO runs BY NAME SELECT * FROM incoming")
        con.unregister("incoming")
        con.execute("COMMIT")
        con.execute("CHECKPOINT")
    except BaseException:
        con.close()
        staging.unlink(missing_ok=True)
        raise
    con.close()
    _durable_replace(staging, db_path)


def record_pool_changes(con: duckdb.DuckDBPyConnection, changes: Changes, run: dict) -> None:
    """pooled_history rows for every pooled proportion and pooled mean change that differs from
    `pools_before` (taken by sql/history/1_before.sql earlier in the same transaction)."""
    reloaded = sorted(set(changes.documents["source_file"])) if len(changes.documents) else []
    params = {"run_id": run["run_id"], "changed_at": run.get("finished_at") or run["started_at"], "reloaded": reloaded}
    con.execute((HISTORY_DIR / "2_record.sql").read_text(), params)
    con.execute("DROP TABLE pools_before")


def _retire(con: duckdb.DuckDBPyConnection, changes: Changes) -> None:
    if changes.retire_doc_ids:
        ids = pd.DataFrame({"doc_id": changes.retire_doc_ids})
        con.register("retired", ids)
        for table in ("trial_arms", "findings", "rejects", "documents"):
            con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT doc_id FROM retired)")
        con.unregister("retired")
    if changes.retire_sources:
        con.register("retired_sources", pd.DataFrame({"source_file": changes.retire_sources}))
        con.execute("DELETE FROM rejects WHERE source_file IN (SELECT source_file FROM retired_sources)")
        con.unregister("retired_sources")


def _durable_replace(staging: Path, target: Path) -> None:
    with open(staging, "rb+") as handle:
        os.fsync(handle.fileno())
    os.replace(staging, target)
    directory = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def record_run_only(db_path: Path, run: dict) -> None:
    """A run that changed no document still leaves its row in `runs`."""
    empty = pd.DataFrame()
    publish(db_path, Changes(empty, empty, empty, empty), run)
