"""Whether a paper is about what the warehouse holds: a cell therapy in an immune-mediated disease.

A folder of downloads mixes subjects. A paper that names no cell therapy, or no immune-mediated
disease, is on another subject: it gives one `topic` reject saying what it does name, and no rows,
so nothing of it reaches the pooled views. Short texts (an excerpt of a table, a few lines) are
judged by their rows, not here.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from functools import cache

from extractors.vocabulary import Lexicon, Mention, lexicon

TOPIC_MIN_WORDS = 150  # shorter texts are excerpts: too little to say what they are about
CELL_THERAPY = "cells"  # the code of the arm vocabulary's cell-therapy words


def off_topic(text: str, title: str | None, disease_mentions: Sequence[Mention] | None = None) -> str | None:
    """Why the paper is on another subject, or None when it is on topic (or too short to tell).
    `disease_mentions` are the text's, where the caller has them already."""
    if len(text.split()) < TOPIC_MIN_WORDS:
        return None
    found = lexicon("disease").scan(text) if disease_mentions is None else disease_mentions
    cells = _cell_therapies()
    if found and cells.pattern.search(text):  # on topic, as most papers read here are: no need to count
        return None
    therapies = Counter(m.text.lower() for m in cells.scan(text))
    diseases = Counter(m.text for m in found)
    if therapies and diseases:
        return None
    named = "no cell therapy and no immune-mediated disease"
    if therapies:
        named = f"{_most(therapies)} but no immune-mediated disease"
    elif diseases:
        named = f"{_most(diseases)} but no stem-cell or other cell therapy"
    about = f"'{title}'" if title else "a paper with no title found"
    return f"off topic: {about} names {named}; it is not about cell therapy in an immune-mediated disease"


def _most(counts: Counter) -> str:
    return ", ".join(f"{' '.join(word.split())} ({n}×)" for word, n in counts.most_common(3))


@cache
def _cell_therapies() -> Lexicon:
    """The arm vocabulary's cell-therapy words alone: the rest ("group", "treatment") is everywhere."""
    arms = lexicon("trial_arm")
    return Lexicon("cell_therapy", {t: c for t, c in arms.terms.items() if c == CELL_THERAPY},
                   {a: c for a, c in arms.abbrevs.items() if c == CELL_THERAPY})
