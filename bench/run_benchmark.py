"""Times `evidence run` on a generated corpus: a full run, an unchanged re-run, and one new
document arriving. Prints documents per second, the ratios and peak memory.

    .venv/bin/python bench/run_benchmark.py [N]      # N documents, default 2000
"""

from __future__ import annotations

import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import write_corpus  # noqa: E402

EVIDENCE = str(Path(sys.executable).with_name("evidence"))


def timed_run(seeds: Path, db: Path) -> tuple[float, int]:
    started = time.monotonic()
    done = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds), "--db", str(db)], capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"evidence run failed:\n{done.stderr[-3000:]}")
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return wall, peak_kb


def main(count: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        seeds, db = Path(tmp) / "seeds", Path(tmp) / "evidence.duckdb"
        write_corpus(seeds, count)
        full, peak = timed_run(seeds, db)
        unchanged, _ = timed_run(seeds, db)
        write_corpus(Path(tmp) / "one", 1, seed=99)
        (Path(tmp) / "one" / "doc_00000.txt").rename(seeds / "new_paper.txt")
        one_new, _ = timed_run(seeds, db)
    print(f"machine        {platform.machine()}, {platform.python_version()}, "
          f"{len(__import__('os').sched_getaffinity(0))} cores")
    print(f"documents      {count}")
    print(f"full run       {full:7.1f} s   {count / full:6.1f} documents/s")
    print(f"unchanged run  {unchanged:7.1f} s   {100 * unchanged / full:5.1f}% of the full run")
    print(f"one new paper  {one_new:7.1f} s   (from the run's start to its rows in the views)")
    print(f"peak memory    {peak / 1024:7.0f} MiB (largest process)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
