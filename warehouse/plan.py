"""Deciding what a run has to do, before any extraction: which documents are new, changed,
unchanged or gone, judged by the hash of their bytes and the extractor version."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from extractors.document import EXTRACTOR_VERSION
from warehouse.store import known_documents


@dataclass(frozen=True)
class SeedFile:
    source_file: str  # path relative to the seeds folder
    path: Path
    doc_id: str


@dataclass
class Plan:
    seen: list[SeedFile] = field(default_factory=list)
    new: list[SeedFile] = field(default_factory=list)
    changed: list[SeedFile] = field(default_factory=list)
    unchanged: list[SeedFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    retire_doc_ids: list[str] = field(default_factory=list)

    @property
    def to_extract(self) -> list[SeedFile]:
        return self.new + self.changed

    @property
    def has_work(self) -> bool:
        return bool(self.new or self.changed or self.removed)


def discover(seeds: Path) -> list[Path]:
    """Every file under the seeds folder, hidden ones aside, in a stable order."""
    if not seeds.is_dir():
        raise FileNotFoundError(f"no seeds folder at {seeds}")
    return sorted(p for p in seeds.rglob("*")
                  if p.is_file() and not any(part.startswith(".") for part in p.relative_to(seeds).parts))


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def make_plan(seeds: Path, db_path: Path) -> Plan:
    known = known_documents(db_path)
    plan = Plan()
    for path in discover(seeds):
        seed = SeedFile(path.relative_to(seeds).as_posix(), path, file_hash(path))
        plan.seen.append(seed)
        before = known.get(seed.source_file)
        if before is None:
            plan.new.append(seed)
        elif before != (seed.doc_id, EXTRACTOR_VERSION):
            plan.changed.append(seed)
            plan.retire_doc_ids.append(before[0])
        else:
            plan.unchanged.append(seed)
    on_disk = {s.source_file for s in plan.seen}
    for source_file, (doc_id, _) in sorted(known.items()):
        if source_file not in on_disk:
            plan.removed.append(source_file)
            plan.retire_doc_ids.append(doc_id)
    return plan
