"""Forest plots of pooled proportions, laid out as `meta::forest` and metafor's `forest()` lay them
out: a row per study (label, events, total, its proportion and 95% CI as numbers, its weight), the
pooled diamond, the prediction interval and a heterogeneity line (I², τ², Q and its p-value), with
one panel per disease, each with its own diamond (diseases are never pooled together). A single
study is its own estimate and CI, labelled "1 study", never a diamond.

`forest_rows` lays the rows out as data (tested alone); `forest_svg` draws them with matplotlib.
This module draws what it is given and reads no warehouse: `warehouse.report` gathers the pools
and uses it, never the other way round."""

from __future__ import annotations

import base64
import io
import re
from dataclasses import dataclass

# The drawing's settings, in inches and points: legible at 100% zoom in the report (an SVG inch is
# 96 CSS pixels, so the figure is 960 px wide and its text 13 px).
FIGURE_WIDTH = 10.0
ROW_HEIGHT = 0.27
AXIS_SPACE = 0.75  # below the last row: the axis, its ticks and its label
FONT_SIZE = 10.0
LABEL_CHARS = 34  # a longer study label is cut with "…" (the tables under the plot give it whole) ...
LABEL_GAP = 0.6  # ... and, drawn, cut further until it ends this many font sizes before its Events number
FILE_LABEL_CHARS = 24  # a study known only by its file name: the name without its extension, cut to this
# a file name, in a folder or not, and what follows it in a label ("review.txt ref. 40")
FILE_NAME = re.compile(r"^(?:.*/)?([^/]+?)\.(?:txt|html?|pdf|xml|nxml)((?: ref\. \S+)?)$", re.IGNORECASE)
# Column positions, as fractions of the figure width; the plot takes PLOT_LEFT..PLOT_RIGHT.
COLUMNS = {"label": 0.012, "events": 0.300, "total": 0.365, "estimate": 0.695, "weight": 0.985}
PLOT_LEFT, PLOT_RIGHT = 0.395, 0.665
SQUARE_POINTS = (4.0, 14.0)  # side of a study's square at weight 0% and 100% (area grows with weight)
STUDY_COLOR, DIAMOND_COLOR, INTERVAL_COLOR = "#555555", "#1f4e79", "#b03a2e"


@dataclass(frozen=True)
class Row:
    """One line of a forest plot: `kind` is header, disease, study, pooled, single, prediction or
    heterogeneity; `estimate`, `low` and `high` are in percent where the row draws an interval."""

    kind: str
    label: str
    events: str = ""
    total: str = ""
    estimate_text: str = ""
    weight: str = ""
    estimate: float | None = None
    low: float | None = None
    high: float | None = None
    weight_pct: float | None = None


def ci_text(estimate: float | None, low: float | None, high: float | None) -> str:
    """ "27.7 [19.2; 38.2]", as meta prints a proportion (here in percent) and its interval."""
    if estimate is None:
        return f"[{low:.1f}; {high:.1f}]" if low is not None and high is not None else ""
    return f"{estimate:.1f} [{low:.1f}; {high:.1f}]"


def p_text(p: float | None) -> str:
    if p is None:
        return "p not estimable"
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}" if p < 0.1 else f"p = {p:.2f}"


def heterogeneity_text(pooled: dict) -> str:
    """ "Heterogeneity: I² = 85%, τ² = 0.424, Q = 20.14 (df = 3), p < 0.001"."""
    return (f"Heterogeneity: I² = {pooled['i2_pct']:.0f}%, τ² = {pooled['tau2']:.3g}, "
            f"Q = {pooled['q']:.2f} (df = {pooled['k'] - 1}), {p_text(pooled.get('q_pval'))}")


def display_label(label: str) -> str:
    """A study as the report names it: its label ("Liang 2010"); a document that names no author
    is labelled by its file name, shown without folder or extension and cut to FILE_LABEL_CHARS
    ("b08_dukespace_remestemc…", "000_815d253af521f5ed ref. 40"); a cohort several documents
    report keeps each part ("A + B")."""
    parts = []
    for part in label.split(" + "):
        name = FILE_NAME.search(part.strip())
        if name:
            stem = name.group(1)
            part = (stem if len(stem) <= FILE_LABEL_CHARS else stem[:FILE_LABEL_CHARS - 1] + "…") + name.group(2)
        parts.append(part)
    return " + ".join(parts)


def study_labels(studies: list[dict]) -> list[str]:
    """The labels of one pool's studies (rows of v_pooled_studies), as the plot and the tables show
    them: `display_label` of the study label (else of its documents), told apart where alike."""
    return distinct_labels([display_label(s.get("study_label") or s["documents"]) for s in studies])


def distinct_labels(labels: list[str]) -> list[str]:
    """Labels that name two studies of one panel alike are told apart as citations are:
    "Wang 2014a", "Wang 2014b" (or "(2)" after a label not ending in a year)."""
    seen: dict[str, int] = {}
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
    count: dict[str, int] = {}
    out = []
    for label in labels:
        if seen[label] == 1:
            out.append(label)
            continue
        count[label] = count.get(label, 0) + 1
        suffix = "abcdefghijklmnopqrstuvwxyz"[(count[label] - 1) % 26]
        out.append(f"{label}{suffix}" if re.search(r"(?:19|20)\d\d$", label) else f"{label} ({count[label]})")
    return out


def _short(label: str) -> str:
    return label if len(label) <= LABEL_CHARS else label[:LABEL_CHARS - 1] + "…"


def panel_rows(pooled: dict, studies: list[dict], with_heading: bool) -> list[Row]:
    """One disease's rows: its studies, then its pooled diamond, prediction interval and
    heterogeneity, or, for one study, the line saying it is that study's own estimate."""
    rows = [Row("disease", pooled.get("disease") or "disease not stated")] if with_heading else []
    for label, s in zip(study_labels(studies), studies, strict=True):
        rows.append(Row("study", _short(label), str(s["events"]), str(s["n"]),
                        ci_text(s["pct"], s["study_low_pct"], s["study_high_pct"]), f"{s['weight_pct']:.1f}%",
                        s["pct"], s["study_low_pct"], s["study_high_pct"], s["weight_pct"]))
    if pooled["k"] == 1:
        rows.append(Row("single", "1 study: its own estimate, not pooled"))
        return rows
    rows.append(Row("pooled", "Random effects model", str(pooled["events"]), str(pooled["n_total"]),
                    ci_text(pooled["pooled_pct"], pooled["ci_low_pct"], pooled["ci_high_pct"]), "100.0%",
                    pooled["pooled_pct"], pooled["ci_low_pct"], pooled["ci_high_pct"]))
    if pooled.get("pi_low_pct") is not None:
        rows.append(Row("prediction", "Prediction interval", estimate_text=ci_text(None, pooled["pi_low_pct"],
                        pooled["pi_high_pct"]), low=pooled["pi_low_pct"], high=pooled["pi_high_pct"]))
    else:
        rows.append(Row("prediction", "Prediction interval", estimate_text="needs k ≥ 3"))
    rows.append(Row("heterogeneity", heterogeneity_text(pooled)))
    return rows


def forest_rows(panels: list[tuple[dict, list[dict]]]) -> list[Row]:
    """The rows of one plot: a header, then a panel per disease (`panels`: each pooled row of
    v_pooled_proportions with its studies from v_pooled_studies)."""
    rows = [Row("header", "Study", "Events", "Total", "Proportion, % [95% CI]", "Weight")]
    for pooled, studies in panels:
        rows.extend(panel_rows(pooled, studies, with_heading=True))
    return rows


def forest_svg(panels: list[tuple[dict, list[dict]]]) -> str:
    """The forest plot of `panels` as an SVG data URI."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    rows = forest_rows(panels)
    fig = draw(rows, plt)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue().encode()).decode()


def draw(rows: list[Row], plt):
    """A matplotlib figure of `rows`, top to bottom: row i on the line y = -i."""
    from matplotlib.transforms import blended_transform_factory

    height = AXIS_SPACE + ROW_HEIGHT * (len(rows) + 0.6)
    fig = plt.figure(figsize=(FIGURE_WIDTH, height))
    bottom = AXIS_SPACE / height
    ax = fig.add_axes((PLOT_LEFT, bottom, PLOT_RIGHT - PLOT_LEFT, 1 - bottom - 0.1 * ROW_HEIGHT / height))
    ax.set_ylim(-len(rows) + 0.5, 0.6)
    ax.set_xlim(0, 100)
    text = blended_transform_factory(fig.transFigure, ax.transData)
    for y, row in zip(range(0, -len(rows), -1), rows, strict=True):
        _draw_row(ax, text, y, row)
    _draw_reference_lines(ax, rows)
    ax.set_xticks(range(0, 101, 20))
    ax.tick_params(axis="x", labelsize=FONT_SIZE)
    ax.set_xlabel("Proportion, %  (studies: 95% Wilson CI; pooled: random effects, logit)", fontsize=FONT_SIZE - 1)
    ax.set_yticks([])
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return fig


def _draw_row(ax, text, y: int, row: Row) -> None:
    from matplotlib.patches import Polygon

    bold = row.kind in ("header", "disease", "pooled")
    style = {"fontsize": FONT_SIZE, "va": "center", "transform": text, "fontweight": "bold" if bold else "normal"}
    italic = {"fontstyle": "italic", "color": "#333333"} if row.kind in ("heterogeneity", "single") else {}
    label = ax.text(COLUMNS["label"], y, row.label, ha="left", **style, **italic)
    numbers = {column: ax.text(COLUMNS[column], y, value, ha="right", **style)
               for column, value in (("events", row.events), ("total", row.total), ("weight", row.weight))}
    if row.events:
        fit_before(label, numbers["events"])
    ax.text(COLUMNS["estimate"], y, row.estimate_text, ha="left", **style,
            **({"color": "#666666"} if row.kind == "prediction" and row.low is None else {}))
    if row.kind == "header":
        ax.plot([COLUMNS["label"], COLUMNS["weight"]], [y - 0.5, y - 0.5], transform=text, color="#222222",
                linewidth=0.8, clip_on=False)
    elif row.kind == "study":
        ax.plot([row.low, row.high], [y, y], color="#111111", linewidth=1.1, solid_capstyle="butt", clip_on=False)
        side = SQUARE_POINTS[0] + (SQUARE_POINTS[1] - SQUARE_POINTS[0]) * ((row.weight_pct or 0) / 100) ** 0.5
        ax.plot(row.estimate, y, marker="s", markersize=side, color=STUDY_COLOR, markeredgewidth=0, clip_on=False)
    elif row.kind == "pooled":
        ax.add_patch(Polygon([(row.low, y), (row.estimate, y + 0.34), (row.high, y), (row.estimate, y - 0.34)],
                             closed=True, facecolor=DIAMOND_COLOR, edgecolor=DIAMOND_COLOR))
    elif row.kind == "prediction" and row.low is not None:
        ax.add_patch(Polygon([(row.low, y - 0.12), (row.high, y - 0.12), (row.high, y + 0.12), (row.low, y + 0.12)],
                             closed=True, facecolor=INTERVAL_COLOR, edgecolor=INTERVAL_COLOR))


def fit_before(label, right_neighbour) -> None:
    """Cuts a drawn label, with "…", until it ends LABEL_GAP font sizes before the left edge of
    the text to its right (the Events number), as measured in the figure, font metrics included."""
    renderer = label.figure.canvas.get_renderer()
    gap = LABEL_GAP * FONT_SIZE * label.figure.dpi / 72
    limit = right_neighbour.get_window_extent(renderer).x0 - gap
    full = label.get_text()
    keep = len(full)
    while keep > 1 and label.get_window_extent(renderer).x1 > limit:
        keep -= 1
        label.set_text(full[:keep].rstrip(" …") + "…")


def _draw_reference_lines(ax, rows: list[Row]) -> None:
    """A dotted line through each panel's pooled estimate, over that panel's rows only."""
    top = None
    for y, row in zip(range(0, -len(rows), -1), rows, strict=True):
        if row.kind == "disease":
            top = y
        elif row.kind == "pooled" and top is not None:
            ax.plot([row.estimate, row.estimate], [top - 0.5, y], color=DIAMOND_COLOR, linewidth=0.8,
                    linestyle=(0, (2, 2)))


def forest_png(panels: list[tuple[dict, list[dict]]], path) -> None:
    """The forest plot of `panels` as a PNG at 96 dpi: the size a browser shows the SVG at 100%."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt

    fig = draw(forest_rows(panels), plt)
    fig.savefig(path, dpi=96)
    plt.close(fig)
