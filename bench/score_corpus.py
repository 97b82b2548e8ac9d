#!/usr/bin/env python3
"""Extraction scores on a folder of documents with hand-read gold, without Prefect or the warehouse.

    python bench/score_corpus.py DOCS GOLD [--json] [--keep FILE.duckdb]

Extracts every document in DOCS with the same function a run uses, writes the arms and findings
into a scratch DuckDB file with the warehouse's column names, and runs the project's copy of the
shared scorer on it. Takes about a second where `evidence run` takes several, so it suits
measuring a change to an extractor many times over. The rows are the ones a run loads; the scores
can differ from a loaded warehouse's in the third decimal, because the scorer's greedy matching
breaks ties by row order, which the warehouse does not keep.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from extractors.extract import extract_file, to_rows  # noqa: E402

SCORER = ROOT / "tests" / "score_extraction.py"


def write_db(docs: Path, db: Path) -> None:
    tables: dict[str, list[dict]] = {"trial_arms": [], "findings": []}
    for path in sorted(p for p in docs.iterdir() if p.is_file()):
        rows = to_rows(extract_file(path, path.name))
        for table in tables:
            tables[table].extend(rows[table])
    con = duckdb.connect(str(db))
    for table, rows in tables.items():
        frame = pd.DataFrame(rows or [{"source_file": None}])
        con.register("frame", frame)
        con.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM frame")
        con.unregister("frame")
    con.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("docs", type=Path)
    parser.add_argument("gold", type=Path)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--keep", type=Path, help="keep the scratch warehouse at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "scores.duckdb"
        db.unlink(missing_ok=True)
        write_db(args.docs, db)
        extra = ["--json"] if args.json else []
        return subprocess.call([sys.executable, str(SCORER), "--db", str(db), "--gold", str(args.gold), *extra])


if __name__ == "__main__":
    sys.exit(main())
