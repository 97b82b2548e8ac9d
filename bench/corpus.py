"""Realistic documents in bulk: variants of the seed layouts with other numbers, for benchmarks
and for tests that need many documents.

    python bench/corpus.py OUT_DIR N
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

SEEDS = Path(__file__).resolve().parent.parent / "seeds"


def _vary_numbers(line: str, rng: random.Random) -> str:
    """Patient counts, registry ids and citation numbers changed; layout and doses kept."""
    line = re.sub(r"NCT\d{8}", lambda m: f"NCT{rng.randrange(10**7, 10**8):08d}", line)
    line = re.sub(r"\[(\d+)\]", lambda m: f"[{rng.randrange(1, 300)}]", line)
    return re.sub(r"(?<=[A-Za-z)]) (\d{1,3}) (?=\d)", lambda m: f" {rng.randrange(3, 200)} ", line)


def _vary_abstract(text: str, rng: random.Random) -> str:
    def rate(m: re.Match[str]) -> str:
        n = rng.randrange(10, 120)
        k = rng.randrange(0, n + 1)
        return f"{round(100 * k / n)}% at {m.group(2)} ({k}/{n})"

    return re.sub(r"(\d+)% at (\S+ years?) \(\d+/\d+\)", rate, text)


def document(index: int, rng: random.Random, seeds: list[Path]) -> str:
    seed = seeds[index % len(seeds)]
    text = seed.read_text(encoding="utf-8")
    if "Table" in text:
        lines = text.split("\n")
        return "\n".join(_vary_numbers(line, rng) for line in lines) + f"\n\nDocument {index}.\n"
    return _vary_abstract(text, rng) + f"\n\nDocument {index}.\n"


def write_corpus(target: Path, count: int, seed: int = 7) -> list[Path]:
    rng = random.Random(seed)
    seeds = sorted(SEEDS.glob("*.txt"))
    target.mkdir(parents=True, exist_ok=True)
    paths = []
    for index in range(count):
        path = target / f"doc_{index:05d}.txt"
        path.write_text(document(index, rng, seeds), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    out, n = Path(sys.argv[1]), int(sys.argv[2])
    write_corpus(out, n)
    print(f"{n} documents in {out}")
