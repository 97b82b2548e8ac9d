"""Whether a paper is about what the warehouse holds: a stem-cell therapy in an immune-mediated disease.

A folder of downloads mixes subjects. A paper on another subject gives one `topic` reject saying
what it is about instead, and no rows, so nothing of it reaches the pooled views:
- it names no cell therapy, or no immune-mediated disease;
- the cell therapy it studies is not a stem-cell therapy (CAR T cells, regulatory T cells,
  dendritic cells, NK cells);
- the disease it studies is not immune-mediated (heart failure, cirrhosis, stroke, knee
  osteoarthritis, spinal cord injury), whatever immune disease it names in passing;
- it is about transplants for a blood cancer, its only immune disease the GVHD they cause
  (mesenchymal stromal cells given for that GVHD are on topic: there GVHD is the disease treated).
What a paper studies is what its title names, else what its text names most. Short texts (an
excerpt of a table, a few lines) are judged by their rows, not here. The words are the
vocabulary's (`therapy`, `other_cell_therapy`, `other_disease`, `blood_cancer`, `disease`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Sequence
from functools import cache

from extractors.vocabulary import Lexicon, Mention, cell_therapy_lexicon, lexicon, load, therapy_mentions

TOPIC_MIN_WORDS = 150  # shorter texts are excerpts: too little to say what they are about
EXCERPT_MAX_WORDS = 600  # a text this short is an excerpt (a table, an abstract), not a whole paper
MIXED_TABLE_RATIO = 2  # in an excerpt, other diseases must outnumber the immune ones this many times over
MIXED_TABLE_ROWS = 2  # ... where the immune ones stand in this many rows at least (lines with numbers)
ELSEWHERE = ("other_cell_therapy", "other_disease", "blood_cancer")  # what papers on another subject study
STEM_CELL_THERAPIES = ("MSCT", "HSCT")


def off_topic(text: str, title: str | None, disease_mentions: Sequence[Mention] | None = None) -> str | None:
    """Why the paper is on another subject, or None when it is on topic (or too short to tell).
    `disease_mentions` are the text's, where the caller has them already."""
    if len(text.split()) < TOPIC_MIN_WORDS:
        return None
    found = lexicon("disease").scan(text) if disease_mentions is None else disease_mentions
    about = f"'{title}'" if title else "a paper with no title found"
    cells = cell_therapy_lexicon()
    if not (found and cells.pattern.search(text)):
        therapies = Counter(m.text.lower() for m in cells.scan(text))
        diseases = Counter(m.text for m in found)
        if not (therapies and diseases):
            named = "no cell therapy and no immune-mediated disease"
            if therapies:
                named = f"{_most(therapies)} but no immune-mediated disease"
            elif diseases:
                named = f"{_most(diseases)} but no stem-cell or other cell therapy"
            return f"off topic: {about} names {named}; it is not about cell therapy in an immune-mediated disease"
    studied = _studied_elsewhere(text, title or "", found)
    return f"off topic: {about} {studied}; it is not about stem-cell therapy in an immune-mediated disease" \
        if studied else None


def _studied_elsewhere(text: str, title: str, found: Sequence[Mention]) -> str | None:
    """What the paper studies instead of a stem-cell therapy in an immune-mediated disease, or None."""
    if not _elsewhere().pattern.search(text):  # as most papers read here: no other subject spelled out
        return None
    elsewhere = _elsewhere().scan(text)
    immune, elsewhere = _apart(list(found), list(elsewhere))
    in_title = _elsewhere().scan(title)
    title_immune, in_title = _apart(list(lexicon("disease").scan(title)), list(in_title))
    therapies, title_therapies = therapy_mentions(text), therapy_mentions(title)
    other_cells = _of(elsewhere, "other_cell_therapy")
    if other_cells and not title_therapies and (_of(in_title, "other_cell_therapy") or len(other_cells) > len(therapies)):
        return f"studies {_most(_names(other_cells))}, a cell therapy that is not a stem-cell therapy"
    other_diseases = _of(elsewhere, "other_disease")
    # an excerpt of a table of studies mixing diseases names each in a row of its own, not in passing
    table_rows = len(text.split()) <= EXCERPT_MAX_WORDS and len(_rows_naming(text, immune)) >= MIXED_TABLE_ROWS
    outnumbered = len(other_diseases) > len(immune) * (MIXED_TABLE_RATIO if table_rows else 1)
    if other_diseases and not title_immune and (_of(in_title, "other_disease") or outnumbered):
        return f"studies {_most(_names(other_diseases))}, not an immune-mediated disease"
    cancers = _of(elsewhere, "blood_cancer")
    gvhd = sum(m.code == "GVHD" for m in immune)
    if cancers and gvhd > len(immune) - gvhd and _studied_therapy(therapies, title_therapies) != "MSCT":
        return (f"is about transplantation for {_most(_names(cancers))}, its only immune disease the "
                f"graft-versus-host disease it causes ({gvhd}×)")
    return None


def _rows_naming(text: str, mentions: list[Mention]) -> set[int]:
    """The lines that name one of `mentions` and hold a number, as a table's rows do."""
    lines = text.split("\n")
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    found = {bisect_right(starts, m.start) - 1 for m in mentions}
    return {k for k in found if any(ch.isdigit() for ch in lines[k])}


def _studied_therapy(therapies: Sequence[Mention], title_therapies: Sequence[Mention]) -> str | None:
    """The stem-cell therapy a paper studies: the one its title names (MSCT where it names both: cells
    given for a transplant's complication), else the one its text names most."""
    named = {m.code for m in title_therapies} & set(STEM_CELL_THERAPIES)
    if named:
        return "MSCT" if "MSCT" in named else "HSCT"
    counts = Counter(m.code for m in therapies if m.code in STEM_CELL_THERAPIES)
    return max(STEM_CELL_THERAPIES, key=lambda code: counts[code]) if counts else None


def _apart(immune: list[Mention], elsewhere: list[Mention]) -> tuple[list[Mention], list[Mention]]:
    """The two kinds of mention where they overlap, the longer kept ("primary biliary cirrhosis" is
    immune, "cirrhosis" is not); of two as long, the other subject's ("osteoarthritis")."""
    def longer_than_any(m: Mention, others: list[Mention], ties: bool) -> bool:
        return all(not (o.start < m.end and m.start < o.end) or (m.end - m.start, ties) > (o.end - o.start, not ties)
                   for o in others)
    return ([m for m in immune if longer_than_any(m, elsewhere, False)],
            [m for m in elsewhere if longer_than_any(m, immune, True)])


def _of(mentions: Sequence[Mention], category: str) -> list[Mention]:
    return [m for m in mentions if m.code.startswith(f"{category}:")]


def _names(mentions: Sequence[Mention]) -> Counter:
    """How often each thing is named: by its vocabulary name where its entry has one ("CAR T cells" for
    "CAR-T" and "chimeric antigen receptor"), else as written (lower-cased, an abbreviation kept)."""
    lexicons = load()
    named = []
    for m in mentions:
        category, code = m.code.split(":", 1)
        text = " ".join(m.text.split())
        named.append(lexicons[category].info[code].get("name") or (text if text.isupper() else text.lower()))
    return Counter(named)


def _most(counts: Counter) -> str:
    return ", ".join(f"{' '.join(word.split())} ({n}×)" for word, n in counts.most_common(3))


@cache
def _elsewhere() -> Lexicon:
    """The words of what papers on another subject study, coded `<category>:<code>`."""
    lexicons = load()
    terms = {t: f"{c}:{code}" for c in ELSEWHERE for t, code in lexicons[c].terms.items()}
    abbrevs = {a: f"{c}:{code}" for c in ELSEWHERE for a, code in lexicons[c].abbrevs.items()}
    return Lexicon("elsewhere", terms, abbrevs)
