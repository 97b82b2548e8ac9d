"""The benchmark's corpus is made from whatever `.txt` papers the seeds folder holds, in any
encoding a run reads; a file no run could read is left out with a message, never a crash."""

import shutil

from bench.corpus import seed_texts, write_corpus

from .conftest import SEEDS

LATIN_1 = "Réponse complète chez 12 patients traités par CSM (lupus érythémateux disséminé), à 12 mois.\n"


def test_a_latin_1_paper_in_the_seeds_is_read_as_a_run_reads_it(tmp_path, capsys):
    templates = tmp_path / "seeds"
    templates.mkdir()
    shutil.copy(sorted(SEEDS.glob("*.txt"))[0], templates / "a_seed.txt")
    (templates / "b_latin1.txt").write_bytes(LATIN_1.encode("latin-1"))
    (templates / "c_binary.txt").write_bytes(b"\x00\x01\x02 not text")
    (templates / "d_empty.txt").write_bytes(b"")

    texts = seed_texts(templates)
    assert len(texts) == 2 and texts[1] == LATIN_1
    err = capsys.readouterr().err
    assert "c_binary.txt left out: the file is binary" in err and "d_empty.txt left out: the file is empty" in err

    written = write_corpus(tmp_path / "corpus", 4, templates=templates)
    assert [p.name for p in written] == [f"doc_{k:05d}.txt" for k in range(4)]
    assert all(p.read_text(encoding="utf-8") for p in written)
    assert "Réponse complète" in written[1].read_text(encoding="utf-8")
