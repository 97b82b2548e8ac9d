"""Classes of review table whose rows were cut wrongly or not found, each in our own text:

1. single-space rows whose text columns have a kind of their own (a country, a trial phase, a time of
   follow-up): a number is never a country's or a phase's word, so the count after "South Korea II"
   is the count, in the strict reading as in the tolerant one;
2. column names made of a kind word and a vocabulary's term ("Type of SLE", "IBD type", "MSC source"),
   and column names with a word before their head ("Clinical phase", "Year published");
3. a glued table (cells run together, as journal pages print them) under a two-level header whose
   sub-column names repeat under each column that spans them, whose group's first cell (a disease,
   merged over the group's rows) is printed on the group's first record only;
4. one cell per line where cells wrap onto lines of their own ("Autologous" / "BM-MSC"), so records
   vary in length: records open with "Author; year [ref]" where the header says they do, and a column
   counting the controls never gives the treated arm's count.
"""

from __future__ import annotations

import pytest

from extractors.doses import find_doses, millions_cell
from extractors.extract import extract
from extractors.readers import read
from extractors.tables.headers import header_role, phrase_role, read_header, spanning_header
from extractors.tables.patterns import unglue
from extractors.tables.records import cited_therapy, group_label, repeated_names, start_of
from extractors.tables.segment import RowText, segment
from extractors.vocabulary import load

from .conftest import FIXTURES


def arms(name: str, fields: tuple[str, ...]) -> list[tuple]:
    path = FIXTURES / name
    return [tuple(getattr(a, f) for f in fields) for a in extract(read(path, name)).arms]


# ---------------------------------------------------------------- 1. text columns of a kind


def test_spaced_rows_give_the_count_after_a_two_word_country_and_a_phase():
    assert arms("tables4_spaced_kinds.txt", ("disease", "n_patients", "year")) == [
        ("SLE", 18, 2014), ("SLE", 9, 2016), ("SLE", 26, 2017), ("SLE", 40, 2019), ("SLE", 12, 2020)]


def test_a_number_is_no_word_of_a_country_or_a_phase_cell():
    header = read_header("Study Country Phase Patients Disease Age (y)")
    assert [c.role for c in header][:4] == ["study", "country", "phase", "patients"]
    row = RowText([(1, "Lind et al 2012 New Zealand II 35 SLE 37")], load())
    cells = segment(row, header).cells
    assert (cells["phase"], cells["patients"]) == ("II", "35")
    assert "Zealand" in cells["country"] and not any(ch.isdigit() for ch in cells["country"])


# ---------------------------------------------------------------- 2. column names


@pytest.mark.parametrize(("name", "role"), [
    ("IBD type", "disease"), ("Type of MS", "disease"), ("type of SLE", "disease"), ("Lupus subtype", "disease"),
    ("MSC type", "cell"), ("MSC source", "cell"), ("Donor type", "origin"),
    ("Year published", "year"), ("Clinical phase", "phase"), ("Follow-up duration", "follow_up"),
    ("Administration schedule", "administration"), ("Trial registration number", "registry"),
])
def test_a_column_name_names_its_role(name, role):
    assert phrase_role(name, False) == role


@pytest.mark.parametrize("name", ["Type of study", "Age type", "Cell count type of infusion"])
def test_a_kind_word_with_no_vocabulary_term_names_no_disease_or_cell_column(name):
    assert phrase_role(name, False) not in ("disease", "cell")


# ---------------------------------------------------------------- 3. glued, two-level header, group labels


def test_a_glued_table_with_group_labels_on_first_records_gives_every_arm():
    fields = ("disease", "n_patients", "cell_source", "route", "registry_id", "year", "reference")
    assert arms("tables4_glued_group_label.txt", fields) == [
        ("IBD", 24, "BM", "intravenous", "NCT01233960", 2015, "8"),
        ("IBD", 30, "AD", "intralesional", "EudraCT2014-001234-11", 2018, "9"),
        ("MS", 16, "BM", "intrathecal", None, 2016, "10"),
        ("MS", 20, "UC", "intravenous", "NCT02587715", 2019, "11"),
    ]


@pytest.mark.parametrize(("glued", "cut"), [
    ("[14]ChiCTR-IPR-15006789Brazil", "[14] ChiCTR-IPR-15006789 Brazil"),
    ("Italy30 (22/8)28 (20/8)UC-MSC", "Italy 30 (22/8) 28 (20/8) UC-MSC"),
    ("Patients (female/male)Treatment", "Patients (female/male) Treatment"),
    ("EudraCT2010-012345-22 trial", "EudraCT2010-012345-22 trial"),
    ("2 × 10(6)/kg", "2 × 10(6)/kg"),
])
def test_glued_cells_are_cut_where_their_kind_changes_and_registry_ids_stay_whole(glued, cut):
    assert unglue(glued) == cut


@pytest.mark.parametrize(("line", "repeated"), [
    ("MSC group Control group MSC group Control group", True),
    ("n % n %", True),
    ("Treated Placebo Treated Placebo Treated Placebo", True),
    ("MSC dose Route Patients", False),
    ("Week 12 Week 24 Week 12 Week 24", False),  # numbers: values or times, not names
])
def test_sub_column_names_repeat_under_each_spanning_column(line, repeated):
    assert repeated_names(line) is repeated


def test_a_disease_merged_over_its_group_opens_the_first_record_before_the_author():
    line = "Systemic sclerosisKarimi et al. 2013 [4]Iran12 (10/2)AD-MSC"
    assert group_label(line) == "Systemic sclerosis"
    assert start_of(line).kind == "author"
    assert group_label("Karimi et al. 2013 [4] Iran 12") is None


@pytest.mark.parametrize("text", ["12 MSC injection", "(43/10) MSC", "52 (40/12) 53 (43/10) MSC infusion"])
def test_a_small_count_before_the_therapy_name_is_no_dose(text):
    assert find_doses(text) == ()


@pytest.mark.parametrize(("text", "low"), [("2 × 10^6 MSCs", 2e6), ("5 million cells", 5e6), ("106 cells/kg", 1e6)])
def test_a_dose_in_cells_keeps_its_power(text, low):
    assert find_doses(text)[0][2].dose_min == low


# ---------------------------------------------------------------- 4. wrapped cells, records opening with an author


def test_records_open_with_their_authors_where_cells_wrap_and_the_controls_column_gives_no_count():
    fields = ("n_patients", "cell_source", "origin", "route", "dose_min", "year", "reference")
    assert arms("tables4_cells_wrapped_author_openers.txt", fields) == [
        (10, "BM", "autologous", "intravenous", 2e6, 2011, "31"),
        (16, "UC", "allogeneic", "intravenous", 1e6, 2014, "32"),
        (20, "AD", "autologous", "intralesional", 3e7, 2016, "33"),
        (None, "UC", "allogeneic", "intravenous", 1e6, 2019, "34"),  # two cohorts of an unsplit 12
        (None, "UC", "allogeneic", "intravenous", 2e6, 2019, "34"),
    ]


@pytest.mark.parametrize("opener", ["Okoro; 2011 [4]", "Lind-Berg; 2019", "Okoro, 2011"])
def test_an_author_and_year_parted_by_a_semicolon_open_a_record(opener):
    assert start_of(opener).kind == "author"


@pytest.mark.parametrize(("name", "counts_treated"), [
    ("Number of controls", False), ("Placebo (n)", False), ("Controls, n", False),
    ("Number treated", True), ("Patients", True),
])
def test_a_column_counting_the_controls_gives_no_count(name, counts_treated):
    assert (header_role(name) == "patients") is counts_treated


@pytest.mark.parametrize(("name", "role"), [("First author; year", "study"), ("Author, year", "study"),
                                            ("Country/region", "country"), ("Male/female", None)])
def test_two_names_in_one_column_name_take_the_first_ones_role(name, role):
    assert phrase_role(name, False) == role


# ---------------------------------------------------------------- 5. a header printed over lines


def test_a_header_over_lines_gives_sub_columns_in_place_of_the_column_spanning_them():
    lines = ["Condition Patients Observation period Stem cells", "Phase Ref.", "   Cell source Dose Outcome   "]
    columns, taken = spanning_header(lines)
    assert taken == 3
    assert [(c.header, c.role) for c in columns] == [
        ("Condition", "disease"), ("Patients", "patients"), ("Observation period", "follow_up"),
        ("Cell source", "cell"), ("Dose", "dose"), ("Outcome", "outcome"), ("Phase", "phase"), ("Ref.", "reference")]


def test_a_first_row_is_no_line_of_a_header_over_lines():
    assert spanning_header(["Condition Patients Stem cells Dose", "Lupus nephritis 20 UC-MSCs 1 × 106/kg"]) is None


def test_rows_under_a_header_over_lines_give_their_counts_and_references():
    fields = ("disease", "n_patients", "cell_source", "origin", "dose_min", "reference")
    assert arms("tables4_spanning_header.txt", fields) == [
        ("IBD", 14, "AD", "autologous", 3e7, "41"), ("SLE", 20, "UC", "allogeneic", 1e6, "42"),
        ("MS", 9, "BM", "autologous", 2e6, "43"), ("T1DM", 12, "BM", "autologous", None, "44")]


# ---------------------------------------------------------------- 6. "UC" by its context


@pytest.mark.parametrize(("text", "codes"), [
    ("Registered trials in the treatment of UC by MSCs", ["IBD"]),
    ("Forty UC patients received cells", ["IBD"]),
    ("Moderate to severe UC was treated", ["IBD"]),
    ("patients were treated with UC-MSCs", []),
    ("UC-MSC infusion, 1 × 106/kg", []),
])
def test_uc_names_ulcerative_colitis_only_where_its_context_says_so(text, codes):
    assert [m.code for m in load()["disease"].find(text)] == codes


# ---------------------------------------------------------------- 7. a registry listing of mixed diseases


def test_a_registry_listing_under_a_header_over_lines_gives_each_trial_with_its_references():
    fields = ("disease", "n_patients", "cell_source", "origin", "dose_min", "dose_max", "registry_id", "reference")
    assert arms("tables4_registry_header_over_lines.txt", fields) == [
        ("MS", None, "BM", "autologous", 1e6, 2e6, "NCT01111111", "31,32"),  # "31, 32" closes the record: cited, not counted
        ("SLE", None, "UC", "allogeneic", 1e6, 2e6, "NCT02222222", "33"),
        ("OTHER", None, "BM", "allogeneic", 1e7, 1e8, "NCT03333333", "34"),  # not immune-mediated: an OTHER arm
        ("IBD", None, "AD", "autologous", 3e7, 3e7, "NCT04444444", "35"),
        ("OTHER", None, "BM", "allogeneic", 2e6, 2e6, "NCT05555555", "36"),
    ]


def test_the_title_under_a_short_caption_is_the_tables_title():
    document = extract(read(FIXTURES / "tables4_registry_header_over_lines.txt", "registry.txt"))
    assert {a.table_title for a in document.arms} == {"Table 2. Completed trials of culture-expanded stromal cells."}


@pytest.mark.parametrize(("text", "low", "high"), [
    ("10/50/100 ×106 cells", 1e7, 1e8), ("1 & 2 ×106 cells/ kg", 1e6, 2e6), ("0.5/1.6/5 ×106 cells/kg", 5e5, 5e6)])
def test_dose_levels_parted_by_slashes_or_ampersands_share_the_power_after_them(text, low, high):
    dose = find_doses(text)[0][2]
    assert (dose.dose_min, dose.dose_max) == (low, high)


def test_an_excerpt_of_a_table_mixing_diseases_is_on_topic_where_immune_ones_are_a_third_at_least():
    from extractors.topic import off_topic

    rows = [f"NCT0{k}000000 Allo BM {disease} 1 × 106 cells/kg intravenous phase II open label study {k}"
            for k, disease in enumerate(["Multiple sclerosis", "Crohn's disease", "Myocardial infarction",
                                         "Critical limb ischemia", "Stroke", "Liver cirrhosis"])]
    text = "Table 1. Completed trials of mesenchymal stem cells.\n" + "\n".join(rows * 2)
    assert off_topic(text, "Completed trials of mesenchymal stem cells.") is None
    only_heart = text.replace("Multiple sclerosis", "Heart failure").replace("Crohn's disease", "Stroke")
    assert off_topic(only_heart, "Completed trials of mesenchymal stem cells.") is not None


# ---------------------------------------------------------------- 8. doses in millions written "M"; rows of T cells


def test_a_registry_listing_reads_millions_written_m_and_gives_no_arm_for_a_t_cell_therapy():
    fields = ("disease", "n_patients", "cell_source", "dose_min", "dose_max", "dose_unit", "registry_id", "year")
    assert arms("tables4_registry_millions.txt", fields) == [
        ("SLE", 24, "UC", 1e6, 2e6, "cells", "NCT02911111", 2016),
        ("SLE", 18, "BM", 5e5, 2e6, "cells", "NCT03022222", 2018),
        ("SLE", 10, None, 5e6, 5e6, "cells", "NCT04244444", 2020),  # the regulatory T cells of row 3 give none
    ]


@pytest.mark.parametrize(("cell", "low", "high"), [
    ("6-30M", 6e6, 3e7), ("3 M", 3e6, 3e6), ("0.7 M, 1.4 M, 2.8 M", 7e5, 2.8e6), ("5, 10 and 24 M", 5e6, 2.4e7),
    ("10-30 M cells (×4 doses)", 1e7, 3e7)])
def test_a_dose_cell_writing_millions_with_m(cell, low, high):
    dose = millions_cell(cell)
    assert (dose.dose_min, dose.dose_max, dose.unit) == (low, high, "cells")


@pytest.mark.parametrize("text", ["12 M follow-up", "Not mentioned", "M 12", "24 MSC"])
def test_m_that_is_no_dose_cell_is_no_millions(text):
    assert millions_cell(text) is None


def test_m_is_months_outside_a_dose_column():
    assert find_doses("Disease duration 3.5–11 M") == ()


# ---------------------------------------------------------------- 9. records a citation alone on its line closes


def test_records_closed_by_a_citation_on_its_own_line_open_under_the_heading_and_after_each_citation():
    fields = ("disease", "n_patients", "cell_source", "dose_min", "route", "registry_id", "reference", "line_start", "line_end")
    assert arms("tables4_closing_citations.txt", fields) == [
        ("SLE", None, "UC", 1e6, None, None, "41", 7, 11),
        ("SLE", 14, "BM", 2e6, None, None, "42", 12, 15),
        ("SLE", 6, "AD", 3e7, None, "NCT02633163", "43", 16, 19),  # "class IV" is no route
    ]


@pytest.mark.parametrize(("text", "routes"), [
    ("Lupus nephritis class IV", []), ("class III or IV LN", []), ("grade III–IV aGVHD, IV infusion", ["intravenous"]),
    ("IV infusion", ["intravenous"]), ("stage IV", [])])
def test_a_roman_numeral_after_class_grade_or_stage_is_no_route(text, routes):
    assert [m.code for m in load()["route"].find(text)] == routes


# ---------------------------------------------------------------- 10. rows with no count or dose; rows of animals or dishes


def test_rows_that_cite_their_study_and_name_the_cells_are_arms_with_no_count_or_dose():
    fields = ("disease", "n_patients", "cell_source", "origin", "dose_min", "year", "reference")
    assert arms("tables4_cited_rows_no_counts.txt", fields) == [
        ("T1DM", None, "BM", None, None, 2009, "12"),
        ("T1DM", None, "UC", "allogeneic", None, 2013, "13"),
        ("T1DM", None, "BM", "autologous", None, 2016, "14"),
    ]


def test_rows_of_mice_or_of_cells_in_coculture_give_no_arm_whatever_they_count():
    fields = ("disease", "cell_source", "dose_min", "route", "reference")
    assert arms("tables4_preclinical_rows.txt", fields) == [
        ("SS", "BM", 1e6, "intravenous", "21"), ("SS", "AD", 3e6, "intralesional", "24")]


@pytest.mark.parametrize(("row", "cited"), [
    ("Allogeneic UC-MSCs Two intravenous infusions Brennan et al. [13]", True),
    ("Skin wounds Autologous BMMSC + fibrin Okoye et al., 2007", True),
    ("Intravenous infusion Brennan et al. [13]", False),  # no cells named
    ("UC-MSCs two intravenous infusions", False),  # no study cited
])
def test_a_row_with_no_count_carries_an_arm_where_it_names_the_cells_and_cites_its_study(row, cited):
    assert cited_therapy(row) is cited


# ---------------------------------------------------------------- 11. a row's last cells printed as paragraphs


def test_rows_go_on_after_a_row_whose_last_cells_were_printed_as_paragraphs():
    fields = ("n_patients", "cell_source", "dose_min", "reference", "line_start", "line_end")
    assert arms("tables4_rows_after_paragraphs.txt", fields) == [
        (16, "UC", 1e6, "31", 6, 6), (10, "BM", 2e6, "32", 7, 13), (20, "AD", 5e6, "33", 14, 14), (30, "UC", 1e6, "34", 15, 15)]


def test_a_title_read_as_a_header_takes_no_abstract_paragraph_as_its_row():
    """Rows go on after paragraphs only where a row was read: under a title that reads as column
    names, the abstract below is prose, and gives its findings."""
    result = extract(read(FIXTURES / "title_over_abstract_paragraph.txt", "title.txt"))
    assert result.arms == []
    assert ("enrolled", 40.0) in [(f.measure, f.value) for f in result.findings]
    assert ("response", 24) in [(f.measure, f.numerator) for f in result.findings]


# ---------------------------------------------------------------- 12. a registry id glued to the next cell's digits


def test_a_registry_id_of_fixed_length_ends_where_its_digits_do():
    fields = ("disease", "n_patients", "registry_id")
    assert arms("tables4_registry_glued_ids.txt", fields) == [
        ("SLE", 40, "NCT03111111"), ("RA", 64, "NCT03222222"), ("T1DM", 15, "NCT03333333"), ("IBD", 82, "NCT03444444")]


@pytest.mark.parametrize(("glued", "cut"), [
    ("NCT0123456720121/2", "NCT01234567 20121/2"), ("ISRCTN1234567820", "ISRCTN12345678 20"),
    ("NCT01234567", "NCT01234567"), ("NCT 012345672015", "NCT 01234567 2015")])
def test_glued_digits_after_a_registry_id_are_cut_off(glued, cut):
    assert unglue(glued) == cut
