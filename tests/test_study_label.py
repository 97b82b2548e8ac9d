"""Study labels as people cite studies ("Wang 2014"): the first author read from metadata, tagged
fields, a citation or the author line under the title, never from a heading, affiliation or
sentence; and the label in the documents row, v_studies and the pooled views."""

import duckdb
import pytest

from extractors.document import Document
from extractors.extract import extract, extract_file
from extractors.metadata import first_author_of_line, study_label
from warehouse.store import apply_sql

from .conftest import SEEDS

AUTHOR_LINES = [
    # citation lines
    ("Moreno P, Ito K, Baptiste R. Clin Exp Gastroenterol 2018;11:41-49", "Moreno"),
    ("Kovacs E, Duarte L, Imai T, et al. Lupus Sci Med. 2014;1:e000031", "Kovacs"),
    ("Sun L. Stem cells and the treatment of SLE. Lupus 2010;19:1-4", "Sun"),
    ("Aguilar NH, Barrios I, Peña G, et al.", "Aguilar"),
    # Vancouver author lines, as PubMed prints them
    ("Liang J, Zhang H, Hua B, Wang H, Lu L, Shi S, Hou Y, Zeng X, Gilkeson GS, Sun L.", "Liang"),
    ("Okafor A, Lindqvist M, Brandt H, Ito K, Duarte L, Peña G, Moreau C, Haddad S, Nakamura Y, Walsh TJ, Kowalski RM, "
     "Evans W, Sato S, Abreu L", "Okafor"),
    ("Moreno P1, Ito K2", "Moreno"),
    ("Rojas-Villar M, Ibáñez T", "Rojas-Villar"),
    ("O'Brien M, Smith J", "O'Brien"),
    ("van der Berg AB, Smith J", "van der Berg"),
    # full names under a title, with affiliation marks, "and", degrees, a byline
    ("Pablo Moreno, Kenji Ito, Rose Baptiste", "Moreno"),
    ("Pablo Moreno1,2, Kenji Ito2*, Rose Baptiste3", "Moreno"),
    ("Pablo Moreno1, Kenji Ito2 and Rose Baptiste1", "Moreno"),
    ("Tomás Ibáñez1, Marta Rojas-Villar2*", "Ibáñez"),
    ("Lena Hartmann, MD, PhD, Omar Haddad, MD", "Hartmann"),
    ("By Jean-Marie Dupont and Pierre Martin", "Dupont"),
    ("J. S. Smith and A. B. Jones", "Smith"),
    ("Jan van der Berg, Maria de la Cruz", "van der Berg"),
    ("Kenji NAKAMURA, Wei CHEN", "Nakamura"),
    pytest.param("Kenji ITO, Wei CHEN", "Ito",
                 marks=pytest.mark.xfail(strict=True, reason="a surname in capitals of three letters or fewer ('ITO') is not "
                                                              "read as the surname")),
    ("  1. L Sun", "Sun"),  # a web page's author list item
    # not authors: headings, affiliations, titles, journal lines, sentences, site furniture
    ("Department of Medicine", None),
    ("Department of Rheumatology and Immunology, The Affiliated Drum Tower Hospital of Nanjing University Medical School,"
     " Nanjing, China.", None),
    ("Nanjing University Medical School, Nanjing", None),
    ("  1. Nanjing, China", None),
    ("Background", None),
    ("Abstract", None),
    ("Systemic Lupus Erythematosus", None),
    ("Lupus Nephritis, Systemic Sclerosis", None),
    ("Mesenchymal Stem Cells", None),
    ("Stem Cells, Gene Therapy", None),
    ("Research Article", None),
    ("Open Access", None),
    ("Ann Rheum Dis. 2010 Aug;69(8):1423-9.", None),
    ("Clinical Trial and Application of MSCs in Systemic Lupus Erythematosus.", None),
    ("MSCs Disease Patients Administration Outcome Adverse events Year", None),
    ("Received: 12 March 2014; Accepted: 2 May 2014", None),
    ("Keywords: Mesenchymal stem cells, Lupus nephritis", None),
    ("We studied fifteen patients, and found remission in most of them.", None),
    ("A total of 15 patients with persistently active SLE underwent MSCT.", None),
    ("Liang et al. showed that MSCT was safe.", None),
    ("(Ru B et al 2017)", None),
    ("Ahvie Herskowitz, MD, President of ACAM", None),
    ("Skip to main content", None),
    ("Brought to you by:", None),
    ("Table 1.", None),
    ("Follow Us", None),
]


@pytest.mark.parametrize(("line", "expected"), AUTHOR_LINES)
def test_first_author_of_a_line(line, expected):
    assert first_author_of_line(line) == expected


PDF_FRONT = """Clin Exp Gastroenterol. 2018;11(2):41-49.

Adipose Stromal Cell Infusion for Ulcerative Colitis: A Pilot Study

Pablo Moreno1, Kenji Ito2, Rose Baptiste1

1Department of Gastroenterology, Hospital Universitario del Sur, Valencia, Spain

Abstract
Background/Aims: Umbilical cord MSCs were given to 36 patients.
"""

MEDLINE = """PMID- 31234567
OWN - NLM
DP  - 2015 Nov 3
TI  - Bone marrow stromal cell infusion in refractory lupus nephritis: a two-centre
      pilot study.
FAU - Kovacs, Eszter
AU  - Kovacs E
FAU - Duarte, Luis
AU  - Duarte L
"""

RIS = """TY  - JOUR
A1  - Moreno, P.
A1  - Ito, K.
T1  - Mesenchymal stem cells for ulcerative colitis
PY  - 2018///
"""

RIS_AU = """TY  - JOUR
AU  - Ito, Kenji
TI  - Mesenchymal stem cells for ulcerative colitis
"""

AFTER_THE_ABSTRACT = """Mesenchymal stem cells in lupus: a narrative review

Abstract
Stem cells were given to patients with lupus.

References
Kovacs E, Duarte L, Imai T, et al. Lupus Sci Med. 2014;1:e000031
"""

CITE_AS = "\n".join(["Mesenchymal stem cells for colitis"] + ["Results were good in most patients."] * 50
                    + ["Cite this article as: Moreno P, Ito K, Baptiste R. Clin Exp Gastroenterol 2018;11:41-49"])

WEB_PAGE = """Systemic Lupus Erythematosus

Systemic lupus erythematosus (SLE) is an autoimmune disease that causes widespread inflammation.
“Treatment of SLE by UC-MSC can elevate serum albumin” (Ru B et al 2017)

Brought to you by:

Ahvie Herskowitz, MD, President of ACAM
"""


@pytest.mark.parametrize(("text", "meta", "year", "expected"), [
    (PDF_FRONT, {}, 2018, "Moreno 2018"),
    (MEDLINE, {}, None, "Kovacs 2015"),  # the year from the DP field
    (RIS, {}, None, "Moreno 2018"),
    (RIS_AU, {}, 2019, "Ito 2019"),
    (CITE_AS, {}, 2018, "Moreno 2018"),  # far below the front matter, but it says whose article it is
    (PDF_FRONT, {"first_author": "Ibáñez"}, 2016, "Ibáñez 2016"),  # the reader's metadata first
    (PDF_FRONT, {"first_author": "Moreno, Pablo"}, 2018, "Moreno 2018"),
    (PDF_FRONT, {"first_author": "De Souza"}, 2018, "De Souza 2018"),  # a surname of two words stays whole
    (PDF_FRONT, {}, None, "Moreno n.d."),  # an author without a stated year
    (AFTER_THE_ABSTRACT, {}, 2020, "review.txt"),  # a reference is another paper's authors
    (WEB_PAGE, {}, None, "review.txt"),
    ("", {}, 2014, "review.txt"),
])
def test_study_label(text, meta, year, expected):
    assert study_label(text, meta, year, "review.txt") == expected


def test_the_documents_row_carries_the_label():
    document = Document(source_file="moreno.txt", doc_id="0" * 64, format="txt",
                        text=PDF_FRONT + "Complete remission was 28% (10/36) at 12 months.\n")
    assert extract(document).document["study_label"] == "Moreno 2018"  # the year from the journal line
    with_meta = Document(source_file="ibanez.xml", doc_id="1" * 64, format="txt", text=PDF_FRONT,
                         meta={"first_author": "Ibáñez", "year": 2016})
    assert extract(with_meta).document["study_label"] == "Ibáñez 2016"


@pytest.mark.parametrize(("seed", "expected"), [
    ("003_9a8753b4000d7559.txt", "Liang 2010"),  # "Liang J, Zhang H, ..." under "Ann Rheum Dis. 2010 Aug"
    ("002_dc1f50bb40f2f6aa.txt", "Sun n.d."),  # "1. L Sun" under the title; no year stated
    ("000_815d253af521f5ed.txt", "000_815d253af521f5ed.txt"),  # a table excerpt: no author
    ("004_e02fedead94b3638.txt", "004_e02fedead94b3638.txt"),  # a clinic's web page
])
def test_seed_labels(seed, expected):
    assert extract_file(SEEDS / seed, seed).document["study_label"] == expected


def documents_warehouse(documents: list[tuple[str, str, str | None, str]]) -> duckdb.DuckDBPyConnection:
    """(doc_id, source_file, study_label, raw_text) rows in a fresh warehouse."""
    con = duckdb.connect(":memory:")
    apply_sql(con)
    con.executemany("INSERT INTO documents (doc_id, source_file, format, study_label, extractor_version, loaded_at,"
                    " raw_text) VALUES (?, ?, 'txt', ?, 'x', now(), ?)", documents)
    return con


def add_arm(con, arm_id, doc_id, source_file, line_start, **cells):
    row = {"arm_id": arm_id, "doc_id": doc_id, "source_file": source_file, "row_no": 1, "line_start": line_start,
           "line_end": line_start, "disease": "SLE", "cell_source": "UC", "dose_min": 1e6, "dose_unit": "cells/kg",
           **cells}
    con.execute(f"INSERT INTO trial_arms ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def test_v_studies_labels_a_study_as_its_reports_cite_it():
    review = "A review\n\nStudy Year Disease Patients\nIbáñez et al. (2016) Crohn's 118\nSLE 40 [45]\nSLE 64 [46]\n"
    con = documents_warehouse([("r", "review.txt", "Sun 2022", review),
                               ("o", "own.txt", "Kovacs 2014", "A trial\nSLE 64\n")])
    add_arm(con, "a1", "r", "review.txt", 4, n_patients=118, disease="IBD")  # the row's own citation
    add_arm(con, "a2", "r", "review.txt", 5, n_patients=40, reference="45")  # a numbered reference
    add_arm(con, "a3", "r", "review.txt", 6, n_patients=64, registry_id="NCT02983311", reference="46", row_no=2)
    add_arm(con, "a4", "o", "own.txt", 2, n_patients=64, registry_id="NCT02983311")  # the trial's own paper
    labels = dict(con.execute("SELECT n_patients, study_label FROM v_studies").fetchall())
    assert labels == {118: "Ibáñez 2016", 40: "Sun 2022 ref. 45", 64: "Kovacs 2014"}


def test_pooled_views_list_studies_by_label():
    con = documents_warehouse([("a", "a.txt", "Liang 2010", "x"), ("b", "b.txt", "Sun n.d.", "x"),
                               ("c", "c.txt", "Walsh 2014", "x")])
    rows = [("f1", "a", "a.txt", 23, 83), ("f2", "b", "b.txt", 23, 83), ("f3", "c", "c.txt", 12, 40)]
    con.executemany("INSERT INTO findings (finding_id, doc_id, source_file, intervention, disease, measure, timepoint_months,"
                    " unit, numerator, denominator, evidence_text, char_start, char_end)"
                    " VALUES (?, ?, ?, 'MSCT', 'SLE', 'relapse', 12, '%', ?, ?, 'text', 0, 4)", rows)
    studies = con.execute("SELECT studies FROM v_pooled_proportions").fetchone()[0]
    assert studies == "Liang 2010 + Sun n.d. (23/83); Walsh 2014 (12/40)"  # one cohort in two documents: one study
    labels = con.execute("SELECT study_label, documents FROM v_pooled_studies ORDER BY 1").fetchall()
    assert labels == [("Liang 2010 + Sun n.d.", "a.txt + b.txt"), ("Walsh 2014", "c.txt")]


def test_a_warehouse_made_before_the_column_gets_labels_from_its_text():
    con = duckdb.connect(":memory:")
    con.execute("CREATE TABLE documents (doc_id TEXT PRIMARY KEY, source_file TEXT NOT NULL, format TEXT NOT NULL,"
                " title TEXT, doi TEXT, journal TEXT, year INTEGER, extractor_version TEXT NOT NULL,"
                " loaded_at TIMESTAMP NOT NULL, raw_text TEXT NOT NULL)")
    con.execute("INSERT INTO documents VALUES ('a', 'moreno.txt', 'txt', NULL, NULL, NULL, 2018, 'x', now(), ?),"
                " ('b', 'page.txt', 'txt', NULL, NULL, NULL, NULL, 'x', now(), ?)", [PDF_FRONT, WEB_PAGE])
    apply_sql(con)
    labels = dict(con.execute("SELECT source_file, study_label FROM documents").fetchall())
    assert labels == {"moreno.txt": "Moreno 2018", "page.txt": "page.txt"}
