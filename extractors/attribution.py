"""Whose result a finding is: the document's own study's, or one the document restates from
another (a cohort a review cites, a registry's data, another group's trial).

A restated finding is kept, with its sentence, and labelled (`findings.restated`); the pooled views
never take it, so a cohort enters a pool only through its own document. A finding is restated when
  1. the document is a review or a meta-analysis (`documents.design`): what it reports is its
     studies' results; or
  2. its sentence attributes the result to a cited source and does not claim it for the document's
     own study. Attribution is a citation ("Lee et al.", "[12]", "(Lee 2010)", "(Lee et al., 2010)"),
     a result "reported by" or "according to" someone, or another source's data as the subject
     ("the EBMT data showed", "CIBMTR registry data indicated"). A sentence that names the
     document's own study ("our", "we", "in this study") keeps its result, whatever it cites beside it.
"""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.document import Finding

REVIEW_DESIGNS = ("review", "meta-analysis")

ATTRIBUTED = re.compile(
    r"\bet\s+al\b"                                                           # Lee et al.
    r"|\[\s*\d{1,4}(?:\s*[,–-]\s*\d{1,4})*\s*\]"                            # [12], [3, 4], [5–7]
    r"|\(\s*[A-Z][\w'’-]+(?:\s+(?:et\s+al\.?|and\s+[A-Z][\w'’-]+))?,?\s+(?:19|20)\d\d[a-z]?\s*\)"  # (Lee 2010)
    r"|\b(?i:reported|described|published)\s+by\b"
    r"|\b(?i:according)\s+to\b"
    r"|\b[A-Z]{2,}\)?\s+(?:registry\s+)?data\s+(?:showed|demonstrated|reported|indicated|revealed|found|suggested)\b"
)
OWN_STUDY = re.compile(
    r"\b(?:our|we)\b|\b(?:this|the\s+present|the\s+current)\s+(?:study|trial|cohort|series|analysis)\b",
    re.IGNORECASE)


def restates(sentence: str) -> bool:
    """Whether a sentence reports another source's result, not the document's own study's."""
    return bool(ATTRIBUTED.search(sentence)) and not OWN_STUDY.search(sentence)


def with_attribution(findings: list[Finding], design: str | None) -> list[Finding]:
    """Each finding labelled `restated` when its document is a review or its sentence cites another source's result."""
    review = design in REVIEW_DESIGNS
    return [replace(f, restated=True) if review or restates(f.evidence_text) else f for f in findings]
