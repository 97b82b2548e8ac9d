"""Table rows into trial arms: cell texts mapped to the warehouse's codes."""

from __future__ import annotations

import re
from dataclasses import replace

from extractors.document import TrialArm
from extractors.doses import NOT_STATED, Dose, find_doses, millions_cell, parse_dose
from extractors.tables.patterns import BARE_DOSE, LEADING_NUMBER, dose_counts, header_unit, labelled_doses
from extractors.tables.patterns import BARE_NCT as _BARE_NCT
from extractors.tables.patterns import YEAR_ANY as _YEAR
from extractors.tables.segment import REGISTRY_ID, RowGroup, cell_codes, split_citation
from extractors.vocabulary import Lexicon, cell_therapy_lexicon, legend_lexicons, lexicon

_INFUSION = re.compile(r"\b(?:infus|transfus)", re.IGNORECASE)


def codes_joined(codes: list[str]) -> str | None:
    return "+".join(sorted(set(codes))) if codes else None


def disease_code(text: str | None, lexicon: Lexicon) -> str | None:
    """The disease code of a cell ("Refractory lupus nephritis" -> SLE); OTHER when unnamed."""
    if not text or NOT_STATED.match(text.strip()):
        return None
    codes = [c for c in lexicon.codes_in(text) if c != "OTHER"] or lexicon.codes_in(text)
    return codes[0] if codes else "OTHER"


# Route abbreviations joined by a dot ("IV.IT"), unlike the dots inside one ("I.V").
_DOT_JOINED = re.compile(r"(?<=[A-Z]{2})\.(?=[A-Z]{2})")
_GLUED_FOOTNOTE = re.compile(r"(?<=[A-Za-z])\d{1,2}\b")  # "IV9": a footnote number glued to the cell


def route_codes(text: str | None, lexicon: Lexicon) -> str | None:
    """Routes named in a cell, joined by "+" ("I.T & I.V" -> intrathecal+intravenous); also two
    abbreviations joined by a dot ("IV.IT") and one with a footnote number glued on ("IV9")."""
    if not text:
        return None
    codes = lexicon.codes_in(text)
    if not codes:
        codes = lexicon.codes_in(_GLUED_FOOTNOTE.sub("", _DOT_JOINED.sub(" ", text)))
    if not codes and _INFUSION.search(text):
        codes = ["intravenous"]
    return codes_joined(codes)


def origin_code(text: str, lexicon: Lexicon) -> str | None:
    codes = lexicon.codes_in(text)
    return codes[0] if len(codes) == 1 else None




def registry_id(text: str | None) -> str | None:
    """The registry id a cell gives; a cell of eight bare digits is a ClinicalTrials.gov number
    whose "NCT" the table's header holds ("03299413" under "NCT Number")."""
    found = REGISTRY_ID.findall(text or "")
    if found:
        return found[0].replace(" ", "")
    bare = _BARE_NCT.match(text or "")
    return f"NCT{bare.group(1)}" if bare else None


_PATIENTS = re.compile(r"^\s*(?:n\s*=\s*)?(\d{1,5})\b", re.IGNORECASE)
_LINE_BREAK = re.compile(r"\s*\n\s*")


def patients(text: str | None) -> int | None:
    m = _PATIENTS.match(text or "")
    return int(m.group(1)) if m else None


# A count with its split by group in brackets: "156 (79 HSCT, 77 CYC)", "19 (10 vs. 9)", "40 (MSC 20/placebo 20)".
_SPLIT_COUNT = re.compile(r"^\s*(?:n\s*=\s*)?(\d{1,5})\s*\(([^()]*)\)")
_SPLIT_PARTS = re.compile(r"\s*(?:,|;|/|\bvs\.?|\bversus\b|\band\b)\s*", re.IGNORECASE)
_VERSUS = re.compile(r"\bvs\.?|\bversus\b", re.IGNORECASE)
_SPLIT_PART = re.compile(r"^(?:n\s*=\s*)?(\d{1,5})\s*(.*)$|^(.*?)\s*(?:n\s*=\s*|:\s*)?(\d{1,5})$", re.IGNORECASE)


def treated_patients(text: str | None) -> int | None:
    """The count of a patients cell, for the arm treated with cells where the cell splits it by group:
    the group the bracket names by its cell therapy ("156 (79 HSCT, 77 CYC)" gives 79), else the group
    that is no control ("(placebo 9, 10)"), else, unnamed groups set against each other ("10 vs. 9"),
    the first (the treated arm is listed first); unnamed groups parted otherwise ("24 (14/10)") may be
    the sexes. The parts must add up to the count; a split by anything else ("12 (6 SLE, 6 RA)")
    leaves the count whole."""
    total = patients(text)
    m = _SPLIT_COUNT.match(text or "")
    if total is None or not m:
        return total
    parts = []
    for piece in _SPLIT_PARTS.split(m.group(2).strip()):
        part = _SPLIT_PART.match(piece.strip())
        if not part:
            return total
        number, label = (part.group(1), part.group(2)) if part.group(1) else (part.group(4), part.group(3))
        parts.append((int(number), label.strip(" .:")))
    if len(parts) < 2 or sum(n for n, _ in parts) != total:
        return total
    therapy = [n for n, label in parts if label and (_STEM_WORDS.search(label) or cell_therapy_lexicon().find(label))]
    if therapy:
        return therapy[0]
    controls = lexicon("control")
    others = [n for n, label in parts if not (label and controls.find(label.lower()))]
    if len(others) == 1 and len(others) < len(parts):
        return others[0]
    unnamed_versus = not any(label for _, label in parts) and _VERSUS.search(m.group(2))
    return parts[0][0] if unnamed_versus else total  # "24 (14/10)" may split by sex


def year(text: str | None) -> int | None:
    """The year a cell gives, glued to a name too ("Bonab2012")."""
    m = _YEAR.search(text or "")
    return int(m.group(1)) if m else None


def reference(text: str | None) -> str | None:
    m = re.search(r"\d{1,4}(?:\s*[,–-]\s*\d{1,4})*", text or "")
    return re.sub(r"\s+", "", m.group(0)) if m else None


def _one_line(text: str | None) -> str | None:
    return _LINE_BREAK.sub(" ", text).strip() if text else None


# "IT(10), IT+IV(5)", "BM (6); UC (4)": sub-groups named by words, each with its patient count.
_SUBGROUP = re.compile(r"^\s*([A-Za-z][A-Za-z+/.\- ]*?)\s*\((\d{1,4})\)\s*$")
_SUBGROUP_ROLES = ("route", "cell", "origin", "disease")


def subgroups(cells: dict[str, str]) -> list[dict[str, str]]:
    """A row whose route, cell, origin or disease cell lists sub-groups with their counts ("IT(10),
    IT+IV(5)") as one row per sub-group, each with its own count; none when no cell does, or when the
    counts do not add up to the row's patient count."""
    for role in _SUBGROUP_ROLES:
        parts = re.split(r"\s*[,;]\s*", _one_line(cells.get(role)) or "")
        found = [m for m in map(_SUBGROUP.match, parts) if m]
        if len(parts) < 2 or len(found) < len(parts):
            continue
        total = patients(cells.get("patients"))
        if total is not None and total != sum(int(m.group(2)) for m in found):
            continue
        return [{**cells, role: m.group(1), "patients": m.group(2)} for m in found]
    return []


# A study of animals or of cells outside a body: no arm of patients.
PRECLINICAL = re.compile(r"\b(?:mice|mouse|murine|rats?|rabbits?|canine|dogs?|porcine|pigs?|sheep|monkeys?|primates?|"
                         r"in vitro|ex vivo|animal models?|xenografts?|cell lines?|preclinical|co-?cultur\w*)\b", re.IGNORECASE)
_PATIENT_WORDS = re.compile(r"\b(?:patients?|subjects|participants|volunteers)\b", re.IGNORECASE)


# A cell therapy that is no stem-cell therapy, as a row names it: T cells of any kind, lymphocytes,
# dendritic or NK cells, CAR T (the vocabulary's `other_cell_therapy`, and the plain names a table cell uses).
_OTHER_CELLS = re.compile(r"\b(?:T[- ]cells?|lymphocytes?|Tregs?)\b")
_STEM_WORDS = re.compile(r"MSC|[Ss]tem|[Ss]tromal|HSC|HCT|[Pp]rogenitor|CD34|[Mm]arrow|[Cc]ord|[Aa]dipose|SVF|ASC")


def other_cell_therapy(group: RowGroup) -> bool:
    """A row whose cells are not stem cells ("Autologous myelin reactive T cell", "Tregs"): no arm."""
    text = group.text or " ".join(group.cells.values())
    if _STEM_WORDS.search(text):
        return False
    return bool(_OTHER_CELLS.search(text) or lexicon("other_cell_therapy").find(text))


def preclinical(group: RowGroup) -> bool:
    """A row about animals or cells in a dish ("MRL/lpr mice", "in vitro", "coculture") that names no
    patients: its numbers count animals or weeks of age, not patients."""
    text = group.text or " ".join(group.cells.values())
    return bool(PRECLINICAL.search(text)) and not _PATIENT_WORDS.search(text)


def dose_groups(cells: dict[str, str]) -> list[dict[str, str]]:
    """A row whose dose cell lists groups by their labels ("group A: 1, group B: 3") as one row per
    group, each with its dose and no count of its own (the row's count is all of theirs)."""
    text = _one_line(cells.get("dose")) or ""
    doses = labelled_doses(text, [(s, e) for s, e, _ in find_doses(text)])
    return [{**{k: v for k, v in cells.items() if k != "patients"}, "dose": dose} for dose in doses]


# A dose column's header that says its cells count patients too: "Dose (n)", "Dose, n", "Dose (patients)".
_COUNTS_NAMED = re.compile(r"[(,/]\s*(?:n|no\.?|patients|number of patients)\s*\)?\s*$|\(n\)", re.IGNORECASE)
# A patients cell listing one count per dose group: "9/5", "9; 5", "4, 4 and 4".
_COUNT_LIST = re.compile(r"^\s*\d{1,4}(?:\s*(?:/|;|,|\band\b)\s*\d{1,4})+\s*$")


def dose_cohorts(cells: dict[str, str], counts_in_header: bool = False) -> list[dict[str, str]]:
    """A row of several dose groups, each with its own patients, as one row per group (a dose group is
    an arm): the count follows each dose in the dose cell ("1 × 10^6 (9); 3 × 10^6 (5)") or the patients
    cell lists one count per dose ("9/5"). Counts that do not add up to the row's stated total give
    none; so does a single dose, unless its count is written "n = 9" or the dose column's header says
    its cells count patients too (`counts_in_header`: "Dose (n)"), and the row states no other count."""
    text = _one_line(cells.get("dose")) or ""
    total = patients(cells.get("patients"))
    if counted := dose_counts(text):
        if len(counted) == 1 and (total is not None or not (counts_in_header or counted[0].labelled)):
            return []
        if total is not None and total != sum(int(c.count) for c in counted):
            return []
        return [{**cells, "dose": text[c.start:c.end].strip(), "patients": c.count} for c in counted]
    doses = find_doses(text)
    listed = _one_line(cells.get("patients")) or ""
    if len(doses) >= 2 and _COUNT_LIST.match(listed):
        numbers = re.findall(r"\d+", listed)
        if len(numbers) == len(doses):
            return [{**cells, "dose": text[start:end].strip(), "patients": n}
                    for (start, end, _), n in zip(doses, numbers, strict=True)]
    return []


class ArmBuilder:
    """Turns the row groups of one table into arms, with that table's legend applied."""

    def __init__(self, doc_id: str, source_file: str, legend: dict[str, str], title: str | None,
                 dose_header: str = "", context_disease: str | None = None):
        """`dose_header` is the dose column's header, whose unit ("×10^6 cells/kg") applies to
        bare numbers under it; `context_disease` is the document's disease, for a table whose
        rows and title name none."""
        self.doc_id, self.source_file, self.title = doc_id, source_file, title
        self.lex = legend_lexicons(legend)
        self.title_disease = context_disease
        if title:
            named = self.lex["disease"].codes_in(title)
            codes = [c for c in named if c != "OTHER"]
            # a title naming one disease of its own code; or naming only others (immune thrombocytopenia)
            self.title_disease = codes[0] if len(codes) == 1 else "OTHER" if named and not codes else context_disease
        self.header_unit = header_unit(dose_header)
        self.counts_in_dose = bool(_COUNTS_NAMED.search(dose_header))

    def arms(self, groups: list[RowGroup], first_row_no: int) -> list[TrialArm]:
        out: list[TrialArm] = []
        for group in groups:
            if preclinical(group) or other_cell_therapy(group):
                continue
            split = subgroups(group.cells) or dose_cohorts(group.cells, self.counts_in_dose) or dose_groups(group.cells)
            for cells in split or [group.cells]:
                out.append(self.arm(cells, group.line_start, group.line_end, first_row_no + len(out)))
            for stated, line in group.arms:
                cells = {**group.cells, **stated}
                if "patients" not in stated:
                    cells.pop("patients", None)  # a new dose group with no count of its own
                out.append(self.arm(cells, group.line_start, line, first_row_no + len(out)))
        return out

    def arm(self, cells: dict[str, str], line_start: int, line_end: int, row_no: int) -> TrialArm:
        disease_text, glued = split_citation(_one_line(cells.get("disease")) or "")
        cell_text = _one_line(cells.get("cell"))
        # a dose or a route the cells' cell states in its details where the row has no cell of its own for
        # them: "UCSCs (1 × 106 cells/kg, IV, 3 weekly)"
        details = cell_text if cell_text and "(" in cell_text else None
        dose_cell = cells.get("dose") or cells.get("administration") or (
            details if details and find_doses(details) else None)
        dose = self.dose(_one_line(dose_cell) or "") if dose_cell else None
        route_text = _one_line(cells.get("route") or cells.get("administration")) or (
            _parenthesised_all(details) if details else None)
        origin_text = " ".join(t for t in (cell_text, cells.get("origin")) if t)
        # a study or year cell carries the citation where no column does ("Cai, 2016 [8]", "2009[14]")
        ref = reference(cells.get("reference")) or glued or reference(_bracketed(cells.get("study"))) \
            or reference(_bracketed(cells.get("year"))) or _glued_to_year(cells.get("study"))
        return TrialArm(
            doc_id=self.doc_id,
            source_file=self.source_file,
            row_no=row_no,
            line_start=line_start,
            line_end=line_end,
            disease=self.disease(disease_text) or self.title_disease,
            disease_text=disease_text or None,
            cell_source=codes_joined(cell_codes(cell_text or "", self.lex["cell_source"])),
            cell_text=cell_text,
            origin=origin_code(origin_text, self.lex["origin"]),
            route=route_codes(route_text, self.lex["route"]),
            route_text=route_text,
            n_patients=treated_patients(cells.get("patients")),
            dose_text=dose.text if dose else _one_line(dose_cell),
            dose_min=dose.dose_min if dose else None,
            dose_max=dose.dose_max if dose else None,
            dose_unit=dose.unit if dose else None,
            outcome_text=_one_line(cells.get("outcome")),
            adverse_events=_one_line(cells.get("adverse_events")),
            registry_id=registry_id(cells.get("registry")),
            year=year(cells.get("year")) or year(_parenthesised(cells.get("study"))) or _study_year(cells.get("study")),
            reference=ref,
            table_title=self.title,
        )


    def disease(self, text: str) -> str | None:
        """A disease cell's code; an abbreviation that names a disease only as a whole cell ("UC")
        counts there."""
        code = disease_code(text, self.lex["disease"])
        if code == "OTHER":
            whole = text.strip(" .;,")
            return next((c for c, info in self.lex["disease"].info.items() if whole in info.get("cell_abbrevs", ())), code)
        return code

    def dose(self, text: str) -> Dose | None:
        """The dose a cell states, with the unit its column's header gives where the cell gives none."""
        scale, per = self.header_unit
        dose = parse_dose(text) or millions_cell(text)
        if dose is None and scale and (m := BARE_DOSE.fullmatch(text.strip()) or LEADING_NUMBER.match(text)):
            dose = parse_dose(f"{m.group(0)} × 10^{scale}{'/' + per if per else ''}")
            return replace(dose, text=text) if dose else None
        if dose is not None and per and dose.unit == "cells":
            return replace(dose, unit=f"cells/{per}")
        return dose


def _study_year(text: str | None) -> int | None:
    """"Yang, 2014", "Moreau 2016 [12]", "Wang et al. 2013": the year a study cell gives after its
    author (a citation number glued on, "20034545", leaves the year first)."""
    m = re.search(r"[A-Za-z.,)]\s*\(?((?:19|20)\d{2})(?![.\d]*\s*[×x])", _one_line(text) or "")
    return int(m.group(1)) if m else None


# "Burt 200345." / "Burt 20034545.": a citation number glued to the year of an author-year cell, written
# twice where the scraper kept both a superscript and its link.
_YEAR_GLUED_NUMBER = re.compile(r"^[A-Z][\w'’`-]+(?:\s+et\s+al\.?)?,?\s*(?:19|20)\d{2}(\d{1,6})[.,;*]?(?:\s|$)")


def _glued_to_year(text: str | None) -> str | None:
    m = _YEAR_GLUED_NUMBER.match(text or "")
    if not m:
        return None
    digits = m.group(1)
    half = len(digits) // 2
    if len(digits) % 2 == 0 and digits[:half] == digits[half:]:
        return digits[:half]
    return digits if len(digits) <= 3 else None


def _parenthesised(text: str | None) -> str | None:
    """"Panés et al. (2016)": the year an author-year cell gives."""
    m = re.search(r"\(((?:19|20)\d{2})[a-z]?\)", text or "")
    return m.group(1) if m else None


def _parenthesised_all(text: str) -> str | None:
    """The text of a cell's brackets, together."""
    return " ".join(re.findall(r"\(([^()]*)\)", text)) or None


def _bracketed(text: str | None) -> str | None:
    m = re.search(r"\[(\d{1,4}(?:\s*[,–-]\s*\d{1,4})*)\]", text or "")
    return m.group(1) if m else None
