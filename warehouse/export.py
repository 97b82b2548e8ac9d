"""`evidence export`: the studies of every pool as a file a reviewer takes to R: one row per study
of each pool (v_export_meta, warehouse/sql/views/60_export_meta.sql), as CSV or Parquet by the
file's extension, written by DuckDB's COPY."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

FORMATS = {".csv": "FORMAT csv, HEADER", ".parquet": "FORMAT parquet"}
VIEWS = {"meta": "v_export_meta"}  # --format: what is exported


class ExportError(Exception):
    """An export that cannot be written, said in words that name the file."""


@dataclass(frozen=True)
class Exported:
    path: Path
    rows: int
    pools: int


def copy_options(out: Path) -> str:
    options = FORMATS.get(out.suffix.lower())
    if options is None:
        raise ExportError(f"cannot write {out}: name the file .csv or .parquet (the format follows the extension)")
    if not out.parent.is_dir():
        raise ExportError(f"cannot write {out}: no folder {out.parent}")
    return options


def export(db_path: Path, out: Path, what: str = "meta") -> Exported:
    """Writes the rows of `what`'s view to `out` (CSV or Parquet by its extension)."""
    import duckdb

    from warehouse.store import connect_read_only

    options = copy_options(out)
    with connect_read_only(db_path) as con:
        if not con.execute("SELECT count(*) FROM duckdb_views() WHERE view_name = ?", [VIEWS[what]]).fetchone()[0]:
            raise ExportError(f"the warehouse {db_path} has no {VIEWS[what]} yet: `evidence run` once brings its views "
                              "up to date")
        target = str(out).replace("'", "''")
        try:
            con.execute(f"COPY (SELECT * FROM {VIEWS[what]}) TO '{target}' ({options})")
        except duckdb.Error as failed:
            raise ExportError(f"cannot write {out}: {failed}") from None
        rows, pools = con.execute(f"SELECT count(*), count(DISTINCT pool) FROM {VIEWS[what]}").fetchone()
    return Exported(out, rows, pools)
