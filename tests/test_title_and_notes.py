"""The therapy a title names is the prose's; a lone line is never a table; a table page's notes are no findings."""

from __future__ import annotations

from extractors.extract import extract
from extractors.readers import read

ABSTRACT = """{title}

Abstract
Objective: To assess the safety and efficacy of the treatment in refractory lupus.
Methods: Twenty patients with refractory disease were enrolled and followed for 12 months.
Results: At 12 months, 12 of 20 patients (60%) reached a major clinical response.
Conclusions: The treatment was safe and led to clinical improvement.
"""


def extracted(text: str, tmp_path, name: str = "paper.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return extract(read(path, name))


def findings_of(result):
    return [(f.measure, f.intervention, f.value, f.timepoint_months) for f in result.findings]


EXPECTED = [("enrolled", "MSCT", 20.0, None), ("response", "MSCT", 60.0, 12.0)]


def test_an_abstract_whose_title_alone_names_the_therapy_gives_its_findings(tmp_path):
    title = "Umbilical cord mesenchymal stem cells in refractory lupus: an open-label study"
    assert findings_of(extracted(ABSTRACT.format(title=title), tmp_path)) == EXPECTED


def test_a_title_split_into_columns_is_no_table(tmp_path):
    """A title whose words a scrape set apart with tabs or runs of spaces is one line: never a table."""
    title = "Umbilical cord\tmesenchymal stem cells\tin refractory lupus:  an open-label study"
    result = extracted(ABSTRACT.format(title=title), tmp_path)
    assert result.arms == []
    assert findings_of(result) == EXPECTED


TABLE_PAGE = """Table 2. Trials of stromal cells in lupus nephritis

Study | Cells | Patients | Dose | Route
Amadi 2015 [4] | UC-MSC | 14 | 1 × 106/kg | IV
Berg 2018 [5] | BM-MSC | 9 | 2 × 106/kg | IV
Chou 2020 [6] | UC-MSC | 22 | 1 × 106/kg | IV

a[4] proteinuria fell from 3.4 (±1.1) g/day at baseline to 1.2 (±0.7) g/day at 6 months; b[5] 5 of 9 in remission at 12 months.
"""


def test_the_notes_under_a_table_page_are_no_findings(tmp_path):
    result = extracted(TABLE_PAGE, tmp_path)
    assert [a.n_patients for a in result.arms] == [14, 9, 22]
    assert result.findings == []


ROWS_AS_SENTENCES = """Table 5. Outcomes of stem cell transplantation in lupus

Mesenchymal stem cell transplantation in 30 patients with refractory lupus gave complete remission in 12 of 30 (40%) at 12 months.
Autologous HSCT in 18 patients gave 5-year overall survival of 81%.
"""


def test_a_page_that_opens_with_a_table_caption_gives_no_findings(tmp_path):
    """A table page as journals serve one: its lines are the table's, read as a table or not, and the
    results they restate are no findings of this document."""
    result = extracted(ROWS_AS_SENTENCES, tmp_path)
    assert result.findings == []
