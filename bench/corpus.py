"""Realistic documents in bulk: variants of the seed layouts with other numbers, for benchmarks
and for tests that need many documents. The seeds' `.txt` files are the templates, read in any
encoding a run reads.

    python bench/corpus.py OUT_DIR N
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

from extractors.document import ExtractionError
from extractors.readers import decode

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


def seed_texts(folder: Path = SEEDS) -> list[str]:
    """The text of every `.txt` in the folder, decoded as a run decodes it (UTF-8, else the
    encoding the bytes suggest: a Latin-1 paper reads too); a file that cannot be read as text
    is left out, with a message."""
    texts = []
    for path in sorted(folder.glob("*.txt")):
        try:
            texts.append(decode(path.name, path.read_bytes()))
        except (ExtractionError, OSError) as err:
            print(f"corpus: {path} left out: {getattr(err, 'message', err)}", file=sys.stderr)
    if not texts:
        raise SystemExit(f"corpus: no readable .txt document in {folder} to vary")
    return texts


def document(index: int, rng: random.Random, seeds: list[str]) -> str:
    text = seeds[index % len(seeds)]
    if "Table" in text:
        lines = text.split("\n")
        return "\n".join(_vary_numbers(line, rng) for line in lines) + f"\n\nDocument {index}.\n"
    return _vary_abstract(text, rng) + f"\n\nDocument {index}.\n"


def write_corpus(target: Path, count: int, seed: int = 7, templates: Path = SEEDS) -> list[Path]:
    rng = random.Random(seed)
    seeds = seed_texts(templates)
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
