"""Times `evidence run` on a generated corpus: a full run, an unchanged re-run, and one new
document arriving. Prints documents per second, the ratios and peak memory.

    .venv/bin/python bench/run_benchmark.py [N] [--runner RUNNER]    # N documents, default 2000

Every run is the command as a user types it, timed from start to exit. The full run starts
with no Prefect API running (it starts the shared local one, as the first run after set-up
does: set-up has created the API's database, and so does the benchmark, untimed); the later
runs reuse it. For the new document the benchmark also polls the warehouse
and reports when the document's rows became visible, counted from the command's start and from
the start of the Prefect flow run. Last, with the default runner, `evidence watch` runs while
three more papers arrive one by one, and each is timed from landing in the folder to its rows
being visible: the warm path, where Prefect is imported once.

Machines of the same nominal size differ in speed, so the benchmark also times extraction alone
(the CPU-bound part) on one core, in this process, over a sample of the corpus: compare that
figure before comparing the others between machines.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import subprocess
import sys
import tempfile
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.corpus import write_corpus  # noqa: E402
from extractors.extract import extract_file  # noqa: E402
from flows.runners import usable_cores  # noqa: E402
from flows.server import prepare_shared, stop_shared  # noqa: E402

EVIDENCE = str(Path(sys.executable).with_name("evidence"))


def timed_run(seeds: Path, db: Path, runner: str) -> float:
    started = time.monotonic()
    done = subprocess.run([EVIDENCE, "run", "--seeds", str(seeds), "--db", str(db), "--runner", runner],
                          capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        raise SystemExit(f"evidence run failed:\n{done.stderr[-3000:]}")
    return wall


def visible(db: Path, source_file: str) -> bool:
    """Whether the document's arms are in the warehouse, and so in the views built on them."""
    try:
        with duckdb.connect(str(db), read_only=True) as con:
            return bool(con.execute("SELECT count(*) FROM v_arm_studies WHERE source_file = ?",
                                    [source_file]).fetchone()[0])
    except duckdb.Error:
        return False  # the file is being swapped in


def new_document_run(seeds: Path, db: Path, runner: str, name: str) -> tuple[float, float, float]:
    """(command wall time, seconds from command start to rows visible, from flow run start to visible)"""
    seen_at: list[datetime] = []

    def poll() -> None:
        while not seen_at:
            if visible(db, name):
                seen_at.append(datetime.now(UTC).replace(tzinfo=None))
            time.sleep(0.02)

    watcher = threading.Thread(target=poll, daemon=True)
    start = datetime.now(UTC).replace(tzinfo=None)
    watcher.start()
    wall = timed_run(seeds, db, runner)
    watcher.join(timeout=10)
    with duckdb.connect(str(db), read_only=True) as con:
        flow_started = con.execute("SELECT max(started_at) FROM runs").fetchone()[0]
    return wall, (seen_at[0] - start).total_seconds(), (seen_at[0] - flow_started).total_seconds()


def watched_arrivals(seeds: Path, db: Path, tmp: Path, count: int = 3) -> list[float]:
    """Seconds from a new document landing in the folder that `evidence watch` watches to its
    rows being visible, for `count` documents arriving one after another: the warm path, with
    Prefect imported once and the shared API up."""
    watch = subprocess.Popen([EVIDENCE, "watch", "--seeds", str(seeds), "--db", str(db), "--runs", str(count)],
                             stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for line in watch.stdout:
            if line.startswith("watching"):
                break
        else:
            raise SystemExit("evidence watch did not start")
        delays = []
        for k in range(count):
            (new,) = write_corpus(tmp / f"arriving{k}", 1, seed=200 + k)
            name = f"arrived_{k}.txt"
            landed = time.monotonic()
            (seeds / name).write_text(new.read_text(encoding="utf-8") + f"Arrival {k}.\n", encoding="utf-8")
            while not visible(db, name):
                if time.monotonic() - landed > 120:
                    raise SystemExit(f"{name} was not visible after 120 s under evidence watch")
                time.sleep(0.02)
            delays.append(time.monotonic() - landed)
            time.sleep(2)  # the watch prints its summary and waits again
        watch.wait(timeout=60)
        return delays
    finally:
        if watch.poll() is None:
            watch.terminate()
            watch.wait()


def extraction_ms(seeds: Path, sample: int = 200) -> float:
    """Milliseconds per document to extract the first `sample` documents on one core."""
    paths = sorted(seeds.glob("*.txt"))[:sample]
    started = time.perf_counter()
    for path in paths:
        extract_file(path, path.name)
    return 1000 * (time.perf_counter() - started) / len(paths)


def cpu_model() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            return next(line.split(":", 1)[1].strip() for line in info if line.startswith("model name"))
    except (OSError, StopIteration):
        return platform.processor() or "unknown CPU"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("count", type=int, nargs="?", default=2000)
    parser.add_argument("--runner", default="threads")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["EVIDENCE_STATE_DIR"] = str(Path(tmp) / "state")  # a Prefect API of the benchmark's own
        seeds, db = Path(tmp) / "seeds", Path(tmp) / "evidence.duckdb"
        write_corpus(seeds, args.count)
        prepared = prepare_shared()  # as set-up does: the API's database exists before the first run
        if prepared.returncode != 0:
            raise SystemExit(f"evidence api prepare failed:\n{prepared.stderr[-3000:]}")
        try:
            full = timed_run(seeds, db, args.runner)
            peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            unchanged = timed_run(seeds, db, args.runner)
            (new,) = write_corpus(Path(tmp) / "one", 1, seed=99)
            (seeds / "new_paper.txt").write_text(new.read_text(encoding="utf-8") + "A paper that arrived later.\n",
                                                 encoding="utf-8")
            one_wall, one_visible, one_from_flow = new_document_run(seeds, db, args.runner, "new_paper.txt")
            watched = watched_arrivals(seeds, db, Path(tmp)) if args.runner == "threads" else []
            per_doc = extraction_ms(seeds)
        finally:
            for directory in (Path(tmp) / "state").glob("evidence/*"):
                stop_shared(directory)
    print(f"machine        {platform.machine()}, Python {platform.python_version()}, {usable_cores()} cores, "
          f"runner {args.runner}")
    print(f"CPU            {cpu_model()}; extraction alone {per_doc:.1f} ms/document on one core")
    print(f"documents      {args.count}")
    print(f"full run       {full:7.1f} s   {args.count / full:6.1f} documents/s (Prefect API start included)")
    print(f"unchanged run  {unchanged:7.1f} s   {100 * unchanged / full:5.1f}% of the full run")
    print(f"one new paper  {one_wall:7.1f} s   command; its rows visible {one_visible:.1f} s after the command "
          f"started, {one_from_flow:.1f} s after the flow run started")
    if watched:
        print(f"under watch    {max(watched):7.1f} s   at most, from a new paper landing in the folder to its rows "
              f"visible ({', '.join(f'{d:.1f}' for d in watched)} s for {len(watched)} papers)")
    print(f"peak memory    {peak / 1024:7.0f} MiB (largest process)")


if __name__ == "__main__":
    main()
