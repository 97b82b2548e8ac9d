import pytest

from extractors.findings import timepoints
from extractors.tables.arms import disease_code, registry_id, route_codes
from extractors.tables.segment import cell_codes, split_citation
from extractors.vocabulary import lexicon

LEGEND = {"I.V": "intravenous", "I.A": "interatrial", "hUC": "human umbilical cord", "IS": "insulin-secreting"}


@pytest.mark.parametrize(("text", "code"), [
    ("SLE", "SLE"), ("Refractory lupus nephritis", "SLE"), ("SLE-IV active proliferative nephritis", "SLE"),
    ("Persistently active SLE", "SLE"), ("Lupus nephritis", "SLE"), ("RA", "RA"), ("rheumatoid arthritis", "RA"),
    ("T1DM", "T1DM"), ("Type 1 diabetes", "T1DM"), ("type 2 diabetes mellitus", "T2DM"), ("MS", "MS"),
    ("Progressive multiple sclerosis", "MS"), ("IBD", "IBD"), ("Crohn's disease", "IBD"),
    ("Ulcerative colitis", "IBD"), ("Perianal fistula", "IBD"), ("SS", "SS"), ("Sjögren's syndrome", "SS"),
    ("Systemic sclerosis", "SSc"), ("SSc", "SSc"), ("Steroid-refractory GVHD", "GVHD"),
    ("Ankylosing spondylitis", "AS"), ("Myasthenia gravis", "OTHER"), ("Unknown", None),
])
def test_disease(text, code):
    assert disease_code(text, lexicon("disease")) == code


@pytest.mark.parametrize(("text", "codes"), [
    ("BMMSCs (Autologous)", ["BM"]), ("UC-MSCs\nBMMSCs", ["BM", "UC"]), ("ADMSCs", ["AD"]), ("hUC-MSC with IFN-γ", ["UC"]),
    ("AD-ASC + Vit D", ["AD"]), ("IS-AD-MSC + autologous BM-HSC", ["AD", "BM"]), ("WJ-MSC", ["UC"]),
    ("Wharton's jelly MSCs", ["UC"]), ("Placenta-MSC", ["PL"]), ("MSC-NP", []), ("bone marrow-derived MSCs", ["BM"]),
    ("adipose tissue-derived stromal cells", ["AD"]), ("umbilical cord MSCs", ["UC"]), ("Dental pulp stem cells", ["OTHER"]),
])
def test_cell_source(text, codes):
    assert cell_codes(text, lexicon("cell_source")) == codes


@pytest.mark.parametrize(("text", "joined"), [
    ("I.V", "intravenous"), ("I.T & I.V", "intrathecal+intravenous"), ("Intra-articular knee", "intra-articular"),
    ("I.L", "intralesional"), ("I.A", "intra-arterial"), ("1 × 106/kg;\nintravenous infusion", "intravenous"),
    ("Intranasal injection (1 × 108), lymph node injection (1 × 108), intravenous transfusions",
     "intralymphatic+intranasal+intravenous"),
    ("infusion", "intravenous"), ("intrathecally", "intrathecal"), ("subcutaneous", "subcutaneous"),
    ("intraportal", "other"), ("", None),
])
def test_route(text, joined):
    assert route_codes(text, lexicon("route").with_legend(LEGEND)) == joined


def test_legend_adds_only_what_names_a_code():
    routes = lexicon("route").with_legend(LEGEND)
    assert routes.abbrev_code("I.A") == "intra-arterial"  # "interatrial" names no route: the default stays
    assert routes.abbrev_code("I.V") == "intravenous"
    assert lexicon("route").with_legend({"I.X": "intranasal", "Q": "something"}).abbrev_code("I.X") == "intranasal"


@pytest.mark.parametrize(("text", "expected"), [
    ("SLE53", ("SLE", "53")), ("Lupus nephritis54", ("Lupus nephritis", "54")), ("SLE", ("SLE", None)),
    ("SLE-IV active proliferative nephritis55", ("SLE-IV active proliferative nephritis", "55")),
    ("T1DM", ("T1DM", None)), ("Type 1", ("Type 1", None)),
])
def test_glued_citation(text, expected):
    assert split_citation(text) == expected


@pytest.mark.parametrize(("text", "months"), [
    ("at 1\u2009year", [12.0]), ("at 2 years", [24.0]), ("The 5 year follow-up", [60.0]), ("At 12-month follow-up", [12.0]),
    ("at week 24", [5.54]), ("6 months", [6.0]), ("at baseline", [0.0]), ("in the year following transplantation", [12.0]),
    ("During 4 years’ follow up", [48.0]), ("after 3 and 5 years", [36.0, 60.0]), ("day 28", [0.92]), ("no time here", []),
])
def test_timepoints(text, months):
    assert [t[2] for t in timepoints(text)] == months


def test_numbers_listed_before_a_timepoint_are_timepoints_marked_as_listed():
    """"at 3 and 5 years": the 3 shares the unit; it times a list of values, never one value alone."""
    assert [(t.months, t.listed) for t in timepoints("OS was 90% and 80% at 3 and 5 years")] == [(36.0, True),
                                                                                               (60.0, False)]
    assert [(t.months, t.listed) for t in timepoints("relapse between 6 and 12 months")] == [(12.0, False)]


@pytest.mark.parametrize(("text", "expected"), [
    ("NCT02983311", "NCT02983311"),
    ("NCT 04411122", "NCT04411122"),  # a space after the prefix
    ("bNCT 03388211", "NCT03388211"),  # a footnote letter glued on
    ("05120034", "NCT05120034"),  # bare digits under an "NCT number" header
    ("EudraCT 2012-001234-56", "EudraCT2012-001234-56"),
    ("ANCT00000000", None),
    ("NR", None),
])
def test_registry_id(text, expected):
    assert registry_id(text) == expected
