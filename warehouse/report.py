"""`evidence report`: one self-contained HTML file with forest plots, evidence tables,
provenance and the run history. Everything taken from documents is escaped (Jinja2 autoescape);
plots are SVG embedded as data URIs, so the file needs no network and runs no script."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from warehouse.forest import distinct_labels, forest_svg, p_text

TEMPLATES = Path(__file__).with_name("templates")
MEASURE_NAMES = {"complete_remission": "Complete remission", "partial_remission": "Partial remission",
                 "low_disease_activity": "Low disease activity", "response": "Response", "relapse": "Relapse",
                 "overall_survival": "Overall survival", "disease_free_survival": "Disease-free survival",
                 "treatment_related_mortality": "Treatment-related mortality",
                 "non_relapse_mortality": "Non-relapse mortality", "mortality": "Mortality"}


def rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    result = con.sql(sql)
    return [dict(zip(result.columns, row, strict=True)) for row in result.fetchall()]


POOL_KEY = ("disease", "measure", "measure_qualifier", "intervention", "timepoint_months")


def months(value: float) -> str:
    """ "1 month", "12 months", "0.5 months": a timepoint as a label."""
    return f"{value:g} {'month' if value == 1 else 'months'}"


def measure_name(row: dict) -> str:
    """ "Complete remission", or with its qualification: "Relapse (proteinuria)"."""
    measure = MEASURE_NAMES.get(row["measure"], row["measure"].replace("_", " ").capitalize())
    return f"{measure} ({row['measure_qualifier']})" if row.get("measure_qualifier") else measure


def pooled_title(row: dict) -> str:
    when = months(row["timepoint_months"]) if row["timepoint_months"] is not None else "timepoint not stated"
    return (f"{measure_name(row)} · {row['intervention'] or 'intervention not stated'} · {when}"
            f" · {row.get('disease') or 'disease not stated'}")


def _estimate(pct: float | None, k: int) -> str:
    return "none" if pct is None else f"{pct:.1f}% (k={k})"


def change_sentence(row: dict) -> str:
    """ "Complete remission at 12 months in SLE (MSCT): 27.7% (k=1) → 30.2% (k=2) after wang2014.txt"."""
    when = f" at {months(row['timepoint_months'])}" if row["timepoint_months"] is not None else ""
    why = [f"after {row['documents_added']}" if row["documents_added"] else "",
           f"without {row['documents_removed']}" if row["documents_removed"] else "",
           f"{row['documents_changed']} re-read" if row.get("documents_changed") else ""]
    return (f"{measure_name(row)}{when} in {row['disease'] or 'disease not stated'}"
            f" ({row['intervention'] or 'intervention not stated'}): "
            f"{_estimate(row['pooled_pct_before'], row['k_before'])} → {_estimate(row['pooled_pct_after'], row['k_after'])}"
            + "".join(f" {part}" for part in why if part))


def last_changes(con: duckdb.DuckDBPyConnection) -> dict:
    """The last run, and the pooled estimates changed by the last run that changed any."""
    last = rows(con, "SELECT run_id, started_at FROM runs ORDER BY started_at DESC LIMIT 1")
    changed = rows(con, "SELECT h.*, r.started_at FROM pooled_history AS h JOIN runs AS r USING (run_id)"
                        " WHERE h.run_id = (SELECT h2.run_id FROM pooled_history AS h2 JOIN runs AS r2 USING (run_id)"
                        " ORDER BY r2.started_at DESC LIMIT 1)"
                        " ORDER BY h.disease NULLS LAST, h.measure, h.measure_qualifier NULLS FIRST, h.timepoint_months")
    return {"last_run": last[0] if last else None, "run_id": changed[0]["run_id"] if changed else None,
            "started_at": changed[0]["started_at"] if changed else None,
            "sentences": [change_sentence(row) for row in changed]}


def outcome_title(row: dict) -> str:
    when = months(row["timepoint_months"]) if row["timepoint_months"] is not None else "timepoint not stated"
    return f"{measure_name(row)} · {row['intervention'] or 'intervention not stated'} · {when}"


def forest_figures(con: duckdb.DuckDBPyConnection, svg: bool = True) -> list[dict]:
    """One forest plot per measure (with its qualification), intervention and timepoint, with a
    panel per disease: each pooled row of v_pooled_proportions (k > 0) with its studies; `plot`
    is the drawing as an SVG data URI (not drawn with `svg` False)."""
    pooled = rows(con, "SELECT * FROM v_pooled_proportions WHERE k > 0")
    studies = rows(con, "SELECT * FROM v_pooled_studies ORDER BY study_label, documents")
    figures: dict[tuple, dict] = {}
    for row in pooled:
        row["title"] = pooled_title(row)
        row["studies"] = [s for s in studies if [s[c] for c in POOL_KEY] == [row[c] for c in POOL_KEY]]
        labels = distinct_labels([s["study_label"] or s["documents"] for s in row["studies"]])
        for study, label in zip(row["studies"], labels, strict=True):
            study["label"] = label  # as the plot shows it: "Wang 2013a", "Wang 2013b"
        key = tuple(row[c] for c in POOL_KEY if c != "disease")
        figures.setdefault(key, {"title": outcome_title(row), "panels": []})["panels"].append(row)
    for figure in figures.values():
        diseases = ", ".join(p.get("disease") or "disease not stated" for p in figure["panels"])
        figure["alt"] = f"{figure['title']} · {diseases}"
        figure["plot"] = forest_svg([(p, p["studies"]) for p in figure["panels"]]) if svg else None
    return list(figures.values())


def gather(con: duckdb.DuckDBPyConnection) -> dict:
    return {
        "counts": rows(con, "SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM trial_arms)"
                            " AS arms, (SELECT count(*) FROM findings) AS findings, (SELECT count(*) FROM v_studies)"
                            " AS studies, (SELECT count(*) FROM rejects) AS rejects")[0],
        "figures": forest_figures(con),
        "percent_only": rows(con, "SELECT * FROM v_pooled_proportions WHERE k = 0"),
        "changes": rows(con, "SELECT * FROM v_pooled_changes WHERE k > 0"),
        "by_source": rows(con, "SELECT * FROM v_patients_by_source"),
        "doses": rows(con, "SELECT * FROM v_dose_ranges"),
        "studies": rows(con, "SELECT * FROM v_studies ORDER BY disease, cell_source, n_patients DESC"),
        "arms": rows(con, "SELECT * FROM trial_arms ORDER BY source_file, row_no"),
        "findings": rows(con, "SELECT * FROM findings ORDER BY source_file, char_start"),
        "documents": rows(con, "SELECT source_file, study_label, format, title, doi, journal, year, loaded_at FROM documents"
                               " ORDER BY source_file"),
        "runs": rows(con, "SELECT * FROM runs ORDER BY started_at DESC"),
        "rejects": rows(con, "SELECT source_file, stage, errors FROM rejects ORDER BY source_file"),
        "checks": rows(con, "SELECT * FROM v_checks"),
        "last_changes": last_changes(con),
    }


def render(db_path: Path) -> str:
    from warehouse.store import connect_read_only

    with connect_read_only(db_path) as con:
        data = gather(con)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["num"] = lambda v, digits=1: "" if v is None else (f"{v:,.{digits}f}" if isinstance(v, float) else v)
    env.filters["dose"] = lambda v: "" if v is None else f"{v:.3g}"
    env.filters["p"] = lambda v: "" if v is None else p_text(v).removeprefix("p ").removeprefix("= ")
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return env.get_template("report.html.j2").render(db=str(db_path), generated=generated, **data)


def write_report(db_path: Path, out: Path) -> Path:
    """Renders first, so a missing warehouse (FileNotFoundError) leaves no folder or file behind."""
    html = render(db_path)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out
