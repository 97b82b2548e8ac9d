"""Each seed against its hand-read gold file (tests/gold), field by field, with a readable diff.

The gold files are copies of the project's shared, hand-read gold; they are never regenerated
from the extractor's output. Matching and comparison use the scorer's own rules
(tests/score_extraction.py, a copy of the shared scorer): a gold value may list alternatives and
an "optional" gold row is neither required nor counted against the extractor.
"""

import json
from dataclasses import asdict

import pytest

from extractors.extract import extract
from extractors.readers import read

from . import score_extraction as scorer
from .conftest import GOLD, SEEDS

ARM_KEYS = [("n_patients", 3), ("dose_min", 2), ("reference", 2), ("registry_id", 1), ("disease", 1)]
FINDING_KEYS = [("measure", 3), ("timepoint_months", 2), ("value", 2), ("numerator", 1), ("denominator", 1),
                ("intervention", 1), ("sd", 1)]


def differences(gold_rows, got_rows, fields, keys, threshold, label):
    problems = []
    pairs = scorer.match(gold_rows, got_rows, keys, threshold)
    matched_gold = {g for g, _ in pairs}
    matched_got = {p for _, p in pairs}
    for g, p in pairs:
        for field in fields:
            if field.startswith("dose") and gold_rows[g].get("dose_any"):
                continue
            if not gold_rows[g].get("optional") and not scorer.same(gold_rows[g].get(field), got_rows[p].get(field)):
                problems.append(f"{label} {g + 1}: {field} should be {gold_rows[g].get(field)!r}, "
                                f"got {got_rows[p].get(field)!r}")
    for g, row in enumerate(gold_rows):
        if g not in matched_gold and not row.get("optional"):
            problems.append(f"{label} {g + 1} missing: {json.dumps(row, ensure_ascii=False)}")
    for p, row in enumerate(got_rows):
        if p not in matched_got:
            shown = {f: row.get(f) for f in fields}
            problems.append(f"extra {label}: {json.dumps(shown, ensure_ascii=False)}")
    return problems


@pytest.mark.parametrize("gold_file", sorted(GOLD.glob("*.json")), ids=lambda p: p.stem)
def test_seed_matches_gold(gold_file):
    gold = json.loads(gold_file.read_text(encoding="utf-8"))
    path = SEEDS / gold["source_file"]
    result = extract(read(path, path.name))
    arms = [asdict(a) for a in result.arms]
    findings = [asdict(f) for f in result.findings]
    problems = differences(gold["arms"], arms, scorer.ARM_FIELDS, ARM_KEYS, 3, "arm")
    problems += differences(gold["findings"], findings, scorer.FINDING_FIELDS, FINDING_KEYS, 5, "finding")
    assert not problems, f"{gold['source_file']} differs from its gold:\n  " + "\n  ".join(problems)
    if gold.get("doi"):
        assert result.document["doi"] == gold["doi"]
    if gold.get("year"):
        assert result.document["year"] == gold["year"]
