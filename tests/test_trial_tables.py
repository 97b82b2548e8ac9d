"""Trial tables of one study: a baseline or outcome table whose columns are the arms of one trial
gives its cell-therapy arms; a control arm gives none, and any other table gives nothing."""

import pytest

from extractors.document import Cell, Document, Grid
from extractors.extract import document_disease
from extractors.readers import read
from extractors.tables.columns import read_grid
from extractors.tables.layouts import text_grids
from extractors.tables.trial_tables import arm_kind, arm_label, describe, header_count, read_trial_table, trial_table_arms

from .conftest import FIXTURES

MSC_TEXT = ("Patients were randomised to mesenchymal stem cells (MSCs) or placebo. MSCs were given once; "
            "the MSC infusion was well tolerated.")


def document(text: str = MSC_TEXT, grids: tuple[Grid, ...] = ()) -> Document:
    return Document("trial.html", "d1", "html", text, grids)


def grid(header: list[str], rows: list[list[str]], title: str | None = None, legend: str | None = None) -> Grid:
    return Grid(tuple(header), tuple(tuple(Cell(c) for c in row) for row in rows),
                tuple(range(13, 13 + len(rows))), 12, title, legend, (11, 12 + len(rows)))


def arms_of(g: Grid, doc: Document | None = None, disease: str | None = None, first: int = 1):
    return trial_table_arms(doc or document(), g, first, disease)


BASELINE_ROWS = [["Age, years", "38.6 (24-52)", "36.9 (22-50)", "0.47"],
                 ["Female, n (%)", "30 (83)", "29 (81)", "0.76"],
                 ["Disease duration, years", "5 (1-12)", "6 (2-13)", "0.58"]]


def test_two_arms_cell_against_control_give_the_cell_arm_only():
    g = grid(["Parameter", "Cell therapy group (n=36)", "Standard care group (n=36)", "P"], BASELINE_ROWS,
             title="Table 2. Characteristics at entry of the patients with ulcerative colitis")
    (arm,) = arms_of(g, disease="MS", first=7)
    assert (arm.row_no, arm.n_patients, arm.cell_text, arm.line_start, arm.line_end) == (
        7, 36, "Cell therapy group", 12, 12)
    assert arm.disease == "IBD"  # the caption's disease, over the document's
    assert arm.table_title == g.title and (arm.doc_id, arm.source_file) == ("d1", "trial.html")
    assert (arm.dose_min, arm.dose_unit, arm.route, arm.origin, arm.cell_source) == (None, None, None, None, None)


def test_disease_falls_back_to_the_documents():
    g = grid(["", "MSC (N = 20)", "Placebo (N = 20)"], [["Age", "40", "41"]], title="Baseline characteristics")
    (arm,) = arms_of(g, disease="MS")
    assert (arm.disease, arm.n_patients, arm.cell_text) == ("MS", 20, "MSC")


def test_three_arms_with_two_dose_levels_give_two_arms_with_their_doses():
    g = grid(["Characteristic", "Allo-75M (N = 12) n (%)", "Allo-150M (N = 12) n (%)", "Placebo (N = 12) n (%)",
              "Total (N = 36) n (%)"],
             [["Male", "7 (58%)", "5 (42%)", "6 (50%)", "18 (50%)"], ["Age", "66.1 ± 7.0", "64.8 ± 6.2", "65.5 ± 5.7", "65.5"]],
             title="Participants at entry, by dose of donor mesenchymal stromal cells")
    arms = arms_of(g)
    assert [(a.cell_text, a.n_patients, a.dose_text, a.dose_min, a.dose_max, a.dose_unit, a.origin) for a in arms] == [
        ("Allo-75M", 12, "75M", 7.5e7, 7.5e7, "cells", "allogeneic"),
        ("Allo-150M", 12, "150M", 1.5e8, 1.5e8, "cells", "allogeneic")]
    assert [a.row_no for a in arms] == [1, 2]


def test_dose_levels_named_in_the_header_with_cells_and_a_route_row():
    g = grid(["Outcome", "UC-MSC 1 × 10^6/kg (n = 8)", "UC-MSC 2 × 10^6/kg (n = 9)", "Saline (n = 8)"],
             [["Remission, n (%)", "3 (38)", "5 (56)", "1 (13)"], ["Route", "Intrathecal", "Intrathecal", "Intrathecal"]])
    arms = arms_of(g)
    assert [(a.cell_source, a.dose_min, a.dose_unit, a.route, a.route_text) for a in arms] == [
        ("UC", 1e6, "cells/kg", "intrathecal", "Intrathecal"), ("UC", 2e6, "cells/kg", "intrathecal", "Intrathecal")]


def test_a_review_table_gives_no_arms_here():
    g = grid(["Study", "Disease", "MSC source", "Patients", "Dose"],
             [["Okoro 2012 [4]", "SLE", "BM-MSC", "17", "1 × 10^6/kg"],
              ["Brandt 2015 [7]", "SLE", "UC-MSC", "25", "2 × 10^6/kg"]])
    assert read_grid(g) is not None and read_grid(g).groups  # the review-table reader's
    assert arms_of(g) == []
    assert describe(document(), g).startswith("not a trial table")


def test_review_table_read_by_the_html_reader_gives_no_arms_here():
    doc = read(FIXTURES / "rowspan_dose_groups.html", "rowspan_dose_groups.html")
    (g,) = doc.grids
    assert trial_table_arms(doc, g, 1, None) == []


def test_a_table_of_lab_values_over_time_gives_none():
    g = grid(["Parameter", "Baseline", "3 months", "6 months"],
             [["C3, g/L", "0.52", "0.61", "0.70"], ["SLEDAI", "12.8", "8.1", "5.9"]],
             title="Laboratory values after MSC infusion")
    assert arms_of(g) == []
    assert "time" in describe(document(), g)


def test_time_columns_of_one_arm_are_no_arms():
    g = grid(["", "MSC baseline (n = 12)", "MSC 6 months (n = 12)"], [["EDSS", "5.5", "5.0"]])
    assert arms_of(g) == []


def test_columns_of_studies_are_no_arms():
    g = grid(["Characteristic", "Okoro et al. MSC (n = 17)", "Brandt 2015 MSC (n = 25)"], [["Age", "30", "32"]])
    assert arms_of(g) == []


def test_count_in_a_row_where_the_header_states_none():
    g = grid(["Variable", "AD-MSC", "Placebo", "P"],
             [["Number of patients", "12", "11", ""], ["Age, years", "61.3 ± 6.2", "63.0 ± 5.8", "0.49"]])
    (arm,) = arms_of(g)
    assert (arm.n_patients, arm.cell_source) == (12, "AD")


def test_the_dose_row_is_the_one_stating_cell_doses():
    g = grid(["", "MSC low (n = 6)", "MSC high (n = 6)", "Placebo (n = 6)"],
             [["Prednisone dose, mg/day", "10", "12", "11"], ["Cell dose (×10^6 cells/kg)", "1", "2", "-"]])
    assert [(a.dose_text, a.dose_min, a.dose_unit) for a in arms_of(g)] == [("1", 1e6, "cells/kg"), ("2", 2e6, "cells/kg")]
    g = grid(["", "Group 1 (n = 6)", "Group 2 (n = 6)", "Placebo (n = 6)"],
             [["Cell dose", "1 × 10^6 cells/kg", "2 × 10^6 cells/kg", "-"]])
    assert [a.dose_min for a in arms_of(g, document("Patients were randomised."))] == [1e6, 2e6]  # the dose row says cells


@pytest.mark.parametrize("label", ["n", "N", "Patients, n", "Number of patients", "No. of subjects", "Sample size"])
def test_count_rows_as_tables_label_them(label):
    g = grid(["", "BM-MSC", "Control"], [["Age", "50", "52"], [label, "n = 14", "13"]])
    assert [a.n_patients for a in arms_of(g)] == [14]


@pytest.mark.parametrize(("header", "n"), [
    ("Cell therapy group (n=36)", 36), ("MSC (N = 20)", 20), ("Treatment n = 30", 30), ("MSC [n: 12]", 12),
    ("UC-MSC (N=7)", 7), ("MSC group (n = 22/49)", 49), ("MSC (15 patients)", 15),
    ("Allo-75M (N = 12) n (%)", 12), ("Placebo N (%)", None), ("MSC group", None),
])
def test_header_count(header, n):
    assert header_count(header) == n


@pytest.mark.parametrize(("header", "label"), [
    ("Allo-75M (N = 12) n (%)", "Allo-75M"), ("Placebo (n = 9), mean ± SD", "Placebo"),
    ("Cell therapy group (n=36)*", "Cell therapy group"), ("Total (N = 36) n (%)", "Total"),
    ("Treatment arm Allo-75M (N = 12)", "Allo-75M"), ("Treatment group (n = 30)", "Treatment group"),
    ("Group A (n = 5)", "Group A"),
])
def test_arm_label(header, label):
    assert arm_label(header) == label


@pytest.mark.parametrize(("label", "kind"), [
    ("Placebo", "control"), ("Control group", "control"), ("Controls", "control"), ("Sham procedure", "control"),
    ("Normal saline", "control"), ("Vehicle", "control"), ("Standard therapy", "control"),
    ("Conventional treatment", "control"), ("Usual care", "control"), ("Standard of care", "control"),
    ("Non-MSC group", "control"), ("Without stem cells", "control"), ("Cyclophosphamide alone", "control"),
    ("Wait list", "control"), ("Untreated", "control"),
    ("MSC + conventional therapy", "cell"), ("UC-MSC group", "cell"), ("Stem cell group", "cell"),
    ("BM-MNC", "cell"), ("Autologous HSCT", "cell"), ("hUC-MSCs", "cell"),
    ("Treatment", "treated"), ("Allo-75M", "treated"), ("High dose", "treated"), ("Intervention group", "treated"),
    ("Group A", "other"), ("Tacrolimus", "other"), ("Group A: cyclophosphamide + G-CSF", "other"),
    ("Responders", "other"),
])
def test_arm_kind(label, kind):
    assert arm_kind(label)[0] == kind


@pytest.mark.parametrize("control", ["Placebo (n = 28)", "Control (n = 28)", "Sham (n = 28)", "Saline (n = 28)",
                                     "Standard therapy (n = 28)", "Conventional therapy (n = 28)"])
def test_a_treated_arm_of_a_document_about_cells_is_the_cell_arm(control):
    g = grid(["", "Treatment (n = 30)", control], [["Age", "44", "46"]])
    (arm,) = arms_of(g)
    assert (arm.cell_text, arm.n_patients) == ("Treatment", 30)


def test_a_treated_arm_of_a_document_about_something_else_is_not():
    g = grid(["", "Treatment (n = 30)", "Control (n = 28)"], [["Age", "44", "46"]])
    assert arms_of(g, document("Patients were randomised to tacrolimus or to placebo.")) == []
    titled = grid(["", "Treatment (n = 30)", "Control (n = 28)"], [["Age", "44", "46"]],
                  title="Characteristics of the patients given MSCs")
    assert len(arms_of(titled, document("Patients were randomised."))) == 1  # the caption says cells


def test_arms_of_other_regimens_and_groups_of_patients_give_none():
    conditioning = grid(["", "Bu-Cy (n = 20)", "Flu-Mel (n = 18)", "p value"], [["Age", "50", "52", "0.4"]])
    mobilisation = grid(["", "Group A: cyclophosphamide + G-CSF", "Group B: G-CSF alone"], [["CD34+ × 10^6/kg", "4.1", "2.2"]])
    responders = grid(["", "Responders (n = 12)", "Non-responders (n = 8)"], [["Age", "33", "36"]])
    for g in (conditioning, mobilisation, responders):
        assert arms_of(g) == []
    assert "no arm column names a cell therapy" in describe(document(), conditioning)


def test_a_column_of_no_arm_makes_the_table_none():
    g = grid(["Characteristic", "MSC (n = 10)", "Placebo (n = 10)", "Reference"], [["Age", "40", "42", "18-65"]])
    assert len(arms_of(g)) == 1  # a reference-range column is no arm
    g = grid(["Characteristic", "MSC (n = 10)", "Placebo (n = 10)", "Outcome"], [["Age", "40", "42", "good"]])
    assert arms_of(g) == []


def test_cell_arms_without_a_control_need_their_counts():
    counted = grid(["", "BM-MSC (n = 10)", "UC-MSC (n = 12)"], [["Age", "40", "42"]])
    assert [(a.cell_source, a.n_patients) for a in arms_of(counted)] == [("BM", 10), ("UC", 12)]
    uncounted = grid(["Marker", "BM-MSC", "UC-MSC"], [["CD73, %", "98", "97"], ["CD90, %", "99", "98"]])
    assert arms_of(uncounted) == []  # cells compared in the lab: no arms of a trial


def test_words_the_arms_share_stay_in_their_names():
    g = grid(["", "MSC low dose (n = 5)", "MSC high dose (n = 5)"], [["Age", "40", "42"]])
    assert [a.cell_text for a in arms_of(g)] == ["MSC low dose", "MSC high dose"]


def test_one_arm_column_is_no_trial_table():
    assert arms_of(grid(["Characteristic", "MSC group (n = 15)", "p"], [["Age", "40", ""]])) == []


def test_sub_columns_of_one_arm_give_one_arm():
    g = grid(["Event", "MSC (N = 10) Events", "MSC (N = 10) Patients", "Placebo (N = 10) Events", "Placebo (N = 10) Patients"],
             [["Headache", "2", "1", "1", "1"]])
    assert [(a.n_patients, a.cell_text) for a in arms_of(g)] == [(10, "MSC")]


def test_an_arm_another_table_of_the_trial_gave_is_not_given_again():
    baseline = grid(["Characteristic", "Treatment arm Allo-75M (N = 12)", "Allo-150M (N = 12)", "Placebo (N = 12)"],
                    [["Age", "66", "65", "66"]], title="Baseline characteristics")
    outcome = grid(["Outcome", "Allo-75M (N = 12)", "Allo-150M (N = 12)", "Placebo (N = 12)"],
                   [["Grip strength change, kg", "+4.1", "+2.6", "-0.8"]], title="Outcomes")
    first = arms_of(baseline)
    assert [a.dose_min for a in first] == [7.5e7, 1.5e8]
    assert trial_table_arms(document(), outcome, 3, None, first) == []
    assert len(trial_table_arms(document(), outcome, 3, None)) == 2
    events = grid(["Adverse event", "Allo-75M, n (%)", "Allo-150M, n (%)", "Placebo, n (%)"],
                  [["Fever", "1 (8)", "0", "1 (8)"]])
    assert trial_table_arms(document(), events, 3, None, first) == []  # no count here: the same arms
    other_trial = grid(["", "Allo-75M (N = 14)", "Placebo (N = 14)"], [["Age", "60", "61"]])
    assert [a.n_patients for a in trial_table_arms(document(), other_trial, 3, None, first)] == [14]


def test_describe_says_each_columns_kind():
    g = grid(["Parameter", "Cell therapy group (n=36)", "Standard care group (n=36)", "P"], BASELINE_ROWS)
    said = describe(document(), g)
    assert said.startswith("trial table")
    assert "'Cell therapy group (n=36)': cell (names cells, n=36)" in said
    assert "'Standard care group (n=36)': control" in said
    assert [c.kind for c in read_trial_table(document(), g).columns] == ["cell", "control"]


def extracted_arms(name: str):
    doc = read(FIXTURES / name, name)
    grids = list(doc.grids) or [t.grid for t in text_grids(doc.plain.split("\n"))]
    disease = document_disease(doc.plain)
    arms = [a for g in grids for a in trial_table_arms(doc, g, 1, disease)]
    return doc, grids, arms


def header_line_text(doc: Document, line: int) -> str:
    return doc.text.split("\n")[line - 1]


def test_fixture_html_two_arms():
    doc, (g,), (arm,) = extracted_arms("trial_table_two_arms.html")
    assert read_grid(g) is None  # no review-table columns: this reader's to read
    assert (arm.disease, arm.cell_source, arm.n_patients, arm.route, arm.dose_min) == ("SLE", "UC", 26, "intravenous", None)
    assert arm.line_start == arm.line_end == g.header_line
    assert header_line_text(doc, arm.line_start).startswith("Characteristic | UC-MSC group (n = 26)")
    assert arm.table_title.endswith("Baseline characteristics of the patients with lupus nephritis")


def test_fixture_html_dose_levels_under_a_two_row_header():
    doc, (g,), arms = extracted_arms("trial_table_dose_levels.html")
    assert [(a.n_patients, a.dose_min, a.dose_unit, a.cell_source, a.origin, a.route, a.disease) for a in arms] == [
        (9, 1e6, "cells/kg", "BM", "allogeneic", "intravenous", "IBD"),
        (10, 2e6, "cells/kg", "BM", "allogeneic", "intravenous", "IBD")]
    assert header_line_text(doc, arms[0].line_start) == " | ".join(g.header)


def test_fixture_text_count_and_dose_in_rows():
    _, _, (arm,) = extracted_arms("trial_table_n_row.txt")
    assert (arm.n_patients, arm.cell_source, arm.dose_min, arm.dose_unit, arm.line_start) == (12, "AD", 5e7, "cells", 8)


def test_fixture_text_lab_values_give_none():
    _, grids, arms = extracted_arms("trial_table_lab_values.txt")
    assert len(grids) == 1 and arms == []



def test_a_trial_table_of_a_journal_page_gives_its_cell_therapy_arms_in_a_run():
    """Wired into extraction: the arms reach `trial_arms` with the line of the table's header."""
    from extractors.extract import extract_file

    path = FIXTURES / "trial_table_dose_levels.html"
    extraction = extract_file(path, path.name)
    lines = extraction.document["raw_text"].split("\n")
    assert [(a.n_patients, a.dose_min, a.cell_source) for a in extraction.arms] == [(9, 1e6, "BM"), (10, 2e6, "BM")]
    assert all("Placebo" in lines[a.line_start - 1] for a in extraction.arms)
    assert not [r for r in extraction.rejects if r.stage == "table"]
