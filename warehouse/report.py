"""`evidence report`: one self-contained HTML file that opens with a summary of findings (one line
per pool, largest first), then the forest plots of pools of two or more studies, the single-study
estimates in one table, the evidence tables and the run history. Everything taken from documents
is escaped (Jinja2 autoescape); plots are SVG embedded as data URIs, so the file needs no network
and runs no script. This module gathers from the warehouse and uses `warehouse.forest` to draw."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import duckdb
from jinja2 import Environment, FileSystemLoader, select_autoescape

from warehouse.forest import display_label, forest_png, forest_svg, p_text, study_labels

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
SHOWN_CHANGES = 6  # sentences of "what the last run changed" shown before the rest fold away
SHOWN_RUNS = 5  # runs of the history shown before the rest fold away


def pool_key(con: duckdb.DuckDBPyConnection) -> tuple[str, ...]:
    """The columns that tell one pool from another: those v_pooled_proportions gives before `k`
    (its pooling keys, whatever they grow to) that v_pooled_studies repeats for each study."""
    pooled = [c for c, *_ in con.execute("DESCRIBE v_pooled_proportions").fetchall()]
    studies = {c for c, *_ in con.execute("DESCRIBE v_pooled_studies").fetchall()}
    key = tuple(c for c in pooled[:pooled.index("k")] if c in studies)
    return key if {"disease", "measure"} <= set(key) else POOL_KEY


def months(value: float) -> str:
    """ "1 month", "12 months", "0.5 months": a timepoint as a label."""
    return f"{value:g} {'month' if value == 1 else 'months'}"


def measure_name(row: dict) -> str:
    """ "Complete remission", with its qualification ("Relapse (proteinuria)") and the population its
    denominator counts when not all treated patients ("Relapse among responders")."""
    measure = MEASURE_NAMES.get(row["measure"], row["measure"].replace("_", " ").capitalize())
    qualified = f"{measure} ({row['measure_qualifier']})" if row.get("measure_qualifier") else measure
    return f"{qualified} among {row['population']}" if row.get("population") else qualified


def short_file(name: str | None, chars: int = 18) -> str:
    """A file name cut to fit a narrow cell, its folder and extension dropped: "a01_springermedizin…"."""
    if not name:
        return ""
    stem = Path(name).stem
    return stem if len(stem) <= chars else stem[:chars - 1] + "…"


def timepoint(row: dict) -> str:
    """ "12 months", or the time as the pool's view words it where it does ("day 28")."""
    worded = row.get("timepoint_label") or row.get("timepoint_text")
    if worded:
        return worded
    return months(row["timepoint_months"]) if row["timepoint_months"] is not None else "timepoint not stated"


def disease(row: dict) -> str:
    """ "SLE"; a disease outside the codes by its name ("myasthenia gravis")."""
    if row.get("disease") == "OTHER" and row.get("disease_name"):
        return row["disease_name"]
    return row.get("disease") or "disease not stated"


def pooled_title(row: dict) -> str:
    return f"{outcome_title(row)} · {disease(row)}"


def _estimate(row: dict, when: str) -> str:
    """A changed pool's estimate before or after the run: a pooled percentage, or a pooled mean change
    with its unit."""
    k = row[f"k_{when}"]
    if row.get("kind") == "mean_change":
        value = row.get(f"mean_change_{when}")
        return "none" if value is None else f"{value:+.2f} {row.get('unit') or ''}".rstrip() + f" (k={k})"
    pct = row[f"pooled_pct_{when}"]
    return "none" if pct is None else f"{pct:.1f}% (k={k})"


def change_sentence(row: dict) -> str:
    """ "Complete remission at 12 months in SLE (MSCT): 27.7% (k=1) → 30.2% (k=2) after wang2014.txt"."""
    when = f" at {months(row['timepoint_months'])}" if row["timepoint_months"] is not None else ""
    why = [f"after {row['documents_added']}" if row["documents_added"] else "",
           f"without {row['documents_removed']}" if row["documents_removed"] else "",
           f"{row['documents_changed']} re-read" if row.get("documents_changed") else ""]
    what = f"Change in {measure_name(row)}" if row.get("kind") == "mean_change" else measure_name(row)
    return (f"{what}{when} in {disease(row)}"
            f" ({row['intervention'] or 'intervention not stated'}): "
            f"{_estimate(row, 'before')} → {_estimate(row, 'after')}"
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
    return f"{measure_name(row)} · {row['intervention'] or 'intervention not stated'} · {timepoint(row)}"


def summary_order(row: dict) -> tuple:
    """Largest pool first (studies, then patients); then disease, measure, intervention, time."""
    return (-row["k"], -(row["n_total"] or 0), row["disease"] is None, row["disease"] or "", row["measure"],
            row["measure_qualifier"] or "", row["intervention"] or "", row["timepoint_months"] is None,
            row["timepoint_months"] or 0.0)


# Each study's own 95% interval: Clopper–Pearson, as R's `meta` prints it by default, or Wilson.
STUDY_INTERVALS = {"clopper-pearson": ("ci_low_pct", "ci_high_pct", "Clopper–Pearson"),
                   "wilson": ("wilson_low_pct", "wilson_high_pct", "Wilson")}


def pools(con: duckdb.DuckDBPyConnection, study_ci: str = "clopper-pearson") -> list[dict]:
    """Every pool with a study (rows of v_pooled_proportions, k > 0) in summary order, each with
    its `studies` (rows of v_pooled_studies, with the `label` the plot and the tables show and their
    own interval of `study_ci`'s kind as `study_low_pct`, `study_high_pct`), its `title` and the
    `anchor` the summary links to."""
    key = pool_key(con)
    low, high, _ = STUDY_INTERVALS[study_ci]
    studies: dict[tuple, list[dict]] = {}
    for study in rows(con, "SELECT * FROM v_pooled_studies ORDER BY study_label, documents"):
        study.update(study_low_pct=study[low], study_high_pct=study[high])
        studies.setdefault(tuple(study[c] for c in key), []).append(study)
    pooled = sorted(rows(con, "SELECT * FROM v_pooled_proportions WHERE k > 0"), key=summary_order)
    for number, row in enumerate(pooled, start=1):
        row.update(title=pooled_title(row), anchor=f"pool-{number}", when=timepoint(row),
                   outcome=measure_name(row), disease_label=disease(row),
                   studies=studies.get(tuple(row[c] for c in key), []))
        for study, label in zip(row["studies"], study_labels(row["studies"]), strict=True):
            study["label"] = label  # "Wang 2013a", "Wang 2013b"; a file name shortened
            study["full_label"] = study["study_label"] or study["documents"]
    return pooled


def forest_figures(con: duckdb.DuckDBPyConnection, svg: bool = True, min_k: int = 2,
                   pooled: list[dict] | None = None) -> list[dict]:
    """One forest plot per measure (with its qualification), intervention and timepoint, with a
    panel per disease: each pool of at least `min_k` studies (a single study is no forest: the
    report lists those in one table). Plots come in summary order (the largest pool's first);
    `plot` is the drawing as an SVG data URI (not drawn with `svg` False)."""
    key = pool_key(con)
    figures: dict[tuple, dict] = {}
    for row in pooled if pooled is not None else pools(con):
        if row["k"] < min_k:
            continue
        outcome = tuple(row[c] for c in key if c not in ("disease", "disease_name"))
        figures.setdefault(outcome, {"title": outcome_title(row), "panels": []})["panels"].append(row)
    for number, figure in enumerate(figures.values(), start=1):
        figure["panels"].sort(key=lambda p: (p["disease"] is None, disease(p)))
        figure["anchor"] = f"figure-{number}"
        for panel in figure["panels"]:
            panel["figure_anchor"] = figure["anchor"]  # where the summary links to
        figure["alt"] = f"{figure['title']} · {', '.join(disease(p) for p in figure['panels'])}"
        figure["plot"] = forest_svg([(p, p["studies"]) for p in figure["panels"]]) if svg else None
    return list(figures.values())


def save_pngs(db_path: Path, out_dir: Path) -> list[Path]:
    """Every forest plot of a warehouse as a PNG, to look at where no browser is at hand:
    `python -m warehouse.report --plots WAREHOUSE OUT_DIR`."""
    import re

    from warehouse.store import connect_read_only

    out_dir.mkdir(parents=True, exist_ok=True)
    with connect_read_only(db_path) as con:
        figures = forest_figures(con, svg=False)
    written = []
    for number, figure in enumerate(figures, start=1):
        path = out_dir / f"forest_{number:02d}_{re.sub(r'[^A-Za-z0-9]+', '_', figure['alt']).strip('_')}.png"
        forest_png([(p, p["studies"]) for p in figure["panels"]], path)
        written.append(path)
    return written


def gather(con: duckdb.DuckDBPyConnection, study_ci: str = "clopper-pearson") -> dict:
    pooled = pools(con, study_ci)
    return {
        "study_ci": STUDY_INTERVALS[study_ci][2],
        "counts": rows(con, "SELECT (SELECT count(*) FROM documents) AS documents, (SELECT count(*) FROM trial_arms)"
                            " AS arms, (SELECT count(*) FROM findings) AS findings, (SELECT count(*) FROM v_studies)"
                            " AS studies, (SELECT count(*) FROM rejects) AS rejects")[0],
        "pools": pooled,
        "figures": forest_figures(con, pooled=pooled),
        "singles": [row for row in pooled if row["k"] == 1],
        "percent_only": rows(con, "SELECT * FROM v_pooled_proportions WHERE k = 0"),
        "changes": rows(con, "SELECT * FROM v_pooled_changes WHERE k > 0"),
        "by_source": rows(con, "SELECT * FROM v_patients_by_source"),
        "doses": rows(con, "SELECT * FROM v_dose_ranges"),
        "studies": rows(con, "SELECT * FROM v_studies ORDER BY disease, cell_source, n_patients DESC"),
        "arms": rows(con, "SELECT * FROM trial_arms ORDER BY source_file, row_no"),
        "findings": rows(con, "SELECT * FROM findings ORDER BY source_file, char_start"),
        "documents": rows(con, "SELECT source_file, study_label, format, title, doi, journal, year, loaded_at FROM documents"
                               " ORDER BY source_file"),
        "runs": rows(con, "SELECT * FROM runs ORDER BY started_at DESC"),  # the latest SHOWN_RUNS open
        "rejects": rows(con, "SELECT source_file, stage, errors FROM rejects ORDER BY source_file"),
        "checks": rows(con, "SELECT * FROM v_checks"),
        "last_changes": last_changes(con),
    }


def render(db_path: Path, study_ci: str = "clopper-pearson") -> str:
    from warehouse.store import connect_read_only

    with connect_read_only(db_path) as con:
        data = gather(con, study_ci)
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(["html", "j2"]))
    env.filters["num"] = lambda v, digits=1: "" if v is None else (f"{v:,.{digits}f}" if isinstance(v, float) else v)
    env.filters["dose"] = lambda v: "" if v is None else f"{v:.3g}"
    env.filters["p"] = lambda v: "" if v is None else p_text(v).removeprefix("p ").removeprefix("= ")
    env.filters["ci"] = lambda v, low, high: "" if v is None else f"{v:.1f} [{low:.1f}; {high:.1f}]"
    env.filters["study"] = lambda v: display_label(v) if v else ""
    env.filters["file"] = short_file
    env.filters["stamp"] = lambda v, seconds=False: (v.strftime("%Y-%m-%d %H:%M" + (":%S" if seconds else ""))
                                                     if hasattr(v, "strftime") else v or "")
    generated = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return env.get_template("report.html.j2").render(db=str(db_path), generated=generated, shown_changes=SHOWN_CHANGES,
                                                     shown_runs=SHOWN_RUNS, **data)


def write_report(db_path: Path, out: Path, study_ci: str = "clopper-pearson") -> Path:
    """Renders first, so a missing warehouse (FileNotFoundError) leaves no folder or file behind."""
    html = render(db_path, study_ci)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(html, encoding="utf-8")
    return out


if __name__ == "__main__":
    import sys

    if len(sys.argv) != 4 or sys.argv[1] != "--plots":
        sys.exit("usage: python -m warehouse.report --plots WAREHOUSE OUT_DIR")
    for written_path in save_pngs(Path(sys.argv[2]), Path(sys.argv[3])):
        print(written_path)
