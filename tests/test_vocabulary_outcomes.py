"""The one vocabulary of therapies, comparators and outcomes (issue 20, classes 1 and 2)."""

import tomllib

import pytest

from extractors.vocabulary import (
    OTHER_MEASURE,
    UNNAMED_THERAPY,
    VOCABULARY_FILE,
    control_pattern,
    lexicon,
    measure_lexicon,
    names_treatment,
    therapy_mentions,
)

RAW = tomllib.loads(VOCABULARY_FILE.read_text(encoding="utf-8"))
CONTRACT_MEASURES = {"complete_remission", "partial_remission", "low_disease_activity", "response", "relapse",
                     "overall_survival", "disease_free_survival", "treatment_related_mortality",
                     "non_relapse_mortality", "mortality", "sledai", "proteinuria", "serum_albumin", "c3", "c4",
                     "anti_dsdna", "gfr", "enrolled", "follow_up", "serious_adverse_events"}
KINDS = {"event", "continuous", "count", "duration"}


# -- therapies ---------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "expected"), [
    ("a single local injection of darvadstrocel (Cx601)", [("MSCT", "darvadstrocel"), ("MSCT", "Cx601")]),
    ("remestemcel-L (Ryoncil, formerly Prochymal)", [("MSCT", "remestemcel-L"), ("MSCT", "Ryoncil"), ("MSCT", "Prochymal")]),
    ("TEMCELL, Stempeucel and Obnitix (MC0518)", [("MSCT", "TEMCELL"), ("MSCT", "Stempeucel"), ("MSCT", "Obnitix"),
                                                  ("MSCT", "MC0518")]),
    ("umbilical cord mesenchymal stem cells (UC-MSCs)", [("MSCT", "mesenchymal stem cells"), ("MSCT", "UC-MSCs")]),
    ("hUCMSCs and BMMSC-treated mice", [("MSCT", "hUCMSCs"), ("MSCT", "BMMSC-treated")]),
    ("expanded adipose-derived stem cells (eASCs) or SVF", [("MSCT", "adipose-derived stem cells"), ("MSCT", "eASCs"),
                                                          ("MSCT", "SVF")]),
    ("autologous stem cell transplantation (ASCT) after HDIT", [("HSCT", "autologous stem cell transplantation"),
                                                               ("HSCT", "ASCT"), ("HSCT", "HDIT")]),
    ("AHSCT, aHSCT and auto-HSCT", [("HSCT", "AHSCT"), ("HSCT", "aHSCT"), ("HSCT", "HSCT")]),
    ("allo-HCT; a bone marrow transplant (BMT)", [("HSCT", "HCT"), ("HSCT", "bone marrow transplant"), ("HSCT", "BMT")]),
    ("haematopoietic stem cell transplantation", [("HSCT", "haematopoietic stem cell transplantation")]),
    ("Hct was 35%", []),  # a haematocrit, not a transplant
    ("stem cell therapy in lupus", [(UNNAMED_THERAPY, "stem cell")]),
    ("mesenchymal stem/stromal cells", [("MSCT", "mesenchymal stem/stromal cells")]),
    ("CAR T cells and regulatory T cells", []),  # cell therapies, not stem-cell therapies
])
def test_therapy_mentions(text, expected):
    assert [(m.code, m.text) for m in therapy_mentions(text)] == expected


def test_a_mention_spans_its_words():
    (m,) = therapy_mentions("Patients received remestemcel-L twice weekly.")
    assert "Patients received remestemcel-L twice weekly."[m.start:m.end] == "remestemcel-L"


@pytest.mark.parametrize(("text", "control"), [
    ("placebo", True), ("controls", True), ("the placebo-treated arm", True), ("normal saline", True), ("sham", True),
    ("standard therapy", True), ("usual care", True), ("conventional treatment", True), ("vehicle", True),
    ("uncontrolled disease", False), ("MSC", False), ("cyclophosphamide", False),
])
def test_control_words(text, control):
    assert bool(control_pattern().search(text)) is control


@pytest.mark.parametrize(("text", "treated"), [
    ("the UC-MSC group", True), ("the aHSCT arm", True), ("the darvadstrocel group", True),
    ("to undergo transplantation", True), ("the infused patients", True), ("the study group", True),
    ("stem cells", True), ("to receive cyclophosphamide", False), ("the rituximab group", False),
])
def test_names_treatment(text, treated):
    assert names_treatment(text) is treated


def test_table_arms_read_the_same_therapy_names():
    """`trial_arm.cells` includes the therapies: a product name is a cell arm in a table too."""
    arms = lexicon("trial_arm")
    assert {m.code for m in arms.find("Darvadstrocel (n = 107)")} == {"cells"}
    assert {m.code for m in arms.find("HDIT group")} >= {"cells"}
    assert {m.code for m in arms.find("Usual care (n = 20)")} == {"control"}


def test_each_therapy_and_control_word_is_written_once():
    therapy_words = {w.lower() for entry in RAW["therapy"].values() for w in entry["terms"] + entry["abbrevs"]}
    other_cells = {w.lower() for entry in RAW["other_cell_therapy"].values() for w in entry["terms"] + entry["abbrevs"]}
    cells = RAW["trial_arm"]["cells"]
    assert not {w.lower() for w in cells["terms"] + cells["abbrevs"]} & (therapy_words | other_cells)
    assert not {w.lower() for w in RAW["trial_arm"]["control"]["terms"]} & {w.lower() for w in RAW["control"]["terms"]}


# -- outcomes ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "disease", "expected"), [
    # the longest name wins, across the contract's codes and the other outcomes
    ("the Crohn's disease activity index fell", "IBD", [("other:cdai", "Crohn's disease activity index")]),
    ("the annualised relapse rate fell", "MS", [("other:arr", "annualised relapse rate")]),
    ("EULAR Sjögren's syndrome disease activity index", "SS",
     [("other:essdai", "EULAR Sjögren's syndrome disease activity index")]),
    ("progression-free survival", "MS", [("disease_free_survival", "progression-free survival")]),
    ("event-free survival", "SSc", [("disease_free_survival", "event-free survival")]),
    ("serious adverse events", None, [("serious_adverse_events", "serious adverse events")]),
    # "disease activity index" alone is SLEDAI only in a lupus paper (or one whose disease is not known)
    ("the disease activity index fell", "SLE", [("sledai", "disease activity index")]),
    ("the disease activity index fell", None, [("sledai", "disease activity index")]),
    ("the disease activity index fell", "RA", []),
    ("the disease activity index fell", "IBD", []),
    # "CDAI" is the Crohn's index in a Crohn's paper, the clinical index in an RA paper
    ("CDAI below 150", "IBD", [("other:cdai", "CDAI")]),
    ("CDAI below 2.8", "RA", [("other:cdai_ra", "CDAI")]),
    ("clinical disease activity index", "RA", [("other:cdai_ra", "clinical disease activity index")]),
    # each disease's outcomes
    ("insulin independence", "T1DM", [("complete_remission", "insulin independence")]),
    ("HbA1c and fasting C-peptide", "T1DM", [("other:hba1c", "HbA1c"), ("other:c_peptide", "fasting C-peptide")]),
    ("EDSS and NEDA", "MS", [("other:edss", "EDSS"), ("other:neda", "NEDA")]),
    ("no evidence of disease activity", "MS", [("other:neda", "no evidence of disease activity")]),
    ("the mRSS and FVC", "SSc", [("other:mrss", "mRSS"), ("other:fvc", "FVC")]),
    ("modified Rodnan skin score", "SSc", [("other:mrss", "modified Rodnan skin score")]),
    ("combined remission and clinical remission", "IBD",
     [("complete_remission", "combined remission"), ("response", "clinical remission")]),
    ("fistula closure", "IBD", [("response", "fistula closure")]),
    ("overall response at day 28", "GVHD", [("response", "overall response")]),
    ("DAS28 and ACR50", "RA", [("other:das28", "DAS28"), ("response", "ACR50")]),
    ("an ACR 70 response", "RA", [("response", "ACR 70 response")]),
    ("platelet response", "OTHER", [("response", "platelet response")]),
    ("haemoglobin response", "OTHER", [("response", "haemoglobin response")]),
    ("PASI 75 and the PASI", "OTHER", [("response", "PASI 75"), ("other:pasi", "PASI")]),
    ("ESSDAI", "SS", [("other:essdai", "ESSDAI")]),
])
def test_measure_names(text, disease, expected):
    assert [(m.code, m.text) for m in measure_lexicon(disease).find(text)] == expected


@pytest.mark.parametrize(("code", "kind", "unit"), [
    ("other:edss", "continuous", "score"), ("other:arr", "continuous", "relapses/year"), ("other:neda", "event", None),
    ("other:hba1c", "continuous", "%"), ("other:c_peptide", "continuous", None), ("other:mrss", "continuous", "score"),
    ("other:fvc", "continuous", "%"), ("other:cdai", "continuous", "score"), ("other:das28", "continuous", "score"),
    ("other:pasi", "continuous", "score"), ("other:essdai", "continuous", "score"), ("other:esr", "continuous", "mm/h"),
    ("other:steroid_dose", "continuous", None), ("complete_remission", "event", None), ("response", "event", None),
    ("disease_free_survival", "event", None), ("sledai", "continuous", "score"), ("follow_up", "duration", "months"),
    ("enrolled", "count", "patients"),
])
def test_kind_and_unit(code, kind, unit):
    info = measure_lexicon().info[code]
    assert (info["kind"], info.get("unit")) == (kind, unit)


def test_every_outcome_is_coded_to_the_contract_or_named():
    diseases = set(lexicon("disease").codes)
    assert set(RAW["measure"]) == CONTRACT_MEASURES
    for key, entry in RAW["other_measure"].items():
        assert entry.get("name") and entry["kind"] in KINDS, key
        assert entry.get("disease", "OTHER") in diseases, key
    for entry in RAW["measure"].values():
        assert entry["kind"] in KINDS
    assert all(code.startswith(OTHER_MEASURE) or code in CONTRACT_MEASURES for code in measure_lexicon().info)
