"""One chart style for the whole report, and deterministic SVG/PNG output.

Charts are returned as figures; `save_chart` writes them with fixed metadata and a
fixed SVG id salt, so two builds of the same data give identical files."""

from __future__ import annotations

import io as _io
from dataclasses import dataclass
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

PALETTE = ["#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#d98c1f", "#4aacc6", "#7f7f7f"]
STYLE = {
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 11,
    "axes.titleweight": "bold",
    "axes.labelsize": 9,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
    "axes.grid": True,
    "grid.color": "#dddddd",
    "grid.linewidth": 0.6,
    "figure.dpi": 100,
    "savefig.dpi": 150,
    "savefig.bbox": "tight",
    "svg.hashsalt": "pakistan-multilateral-briefing",
    "svg.fonttype": "path",
}
_SVG_META = {"Date": None, "Creator": None}
_PNG_META = {"Software": None}


@dataclass
class Chart:
    """A figure plus what a reader needs without seeing it."""

    name: str
    figure: plt.Figure
    title: str
    caption: str
    alt: str
    data: pd.DataFrame


def apply_style() -> None:
    plt.rcParams.update(STYLE)


def svg_bytes(fig: plt.Figure) -> bytes:
    buf = _io.BytesIO()
    fig.savefig(buf, format="svg", metadata=_SVG_META)
    return buf.getvalue()


def save_chart(chart: Chart, figures_dir: Path) -> list[Path]:
    from helpers.io import write_bytes

    png = _io.BytesIO()
    chart.figure.savefig(png, format="png", metadata=_PNG_META)
    return [
        write_bytes(Path(figures_dir) / f"{chart.name}.svg", svg_bytes(chart.figure)),
        write_bytes(Path(figures_dir) / f"{chart.name}.png", png.getvalue()),
    ]


def corpus_size_chart(sources: pd.DataFrame, passages: pd.DataFrame) -> Chart:
    """Words per source, split into text the tables use and text flagged at ingest."""
    apply_style()
    words = passages.assign(status=passages["usable"].map({True: "used", False: "flagged"}))
    data = (
        words.pivot_table(index="source_id", columns="status", values="n_words", aggfunc="sum", fill_value=0)
        .reindex(columns=["used", "flagged"], fill_value=0)
        .reindex(sources["source_id"])
        .astype(int)
    )
    fig, ax = plt.subplots(figsize=(6.4, 0.45 * len(data) + 1.2))
    labels = list(data.index)
    ax.barh(labels, data["used"], color=PALETTE[0], label="used by the tables")
    ax.barh(labels, data["flagged"], left=data["used"], color=PALETTE[6], label="flagged (boilerplate, duplicate)")
    ax.invert_yaxis()
    ax.set_xlabel("words")
    ax.set_ylabel("source")
    ax.grid(axis="y", visible=False)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.18), ncol=2, frameon=False, fontsize=8)
    title = "Size of each source"
    ax.set_title(title, loc="left")
    total = int(data.to_numpy().sum())
    flagged = int(data["flagged"].sum())
    biggest = data.sum(axis=1).idxmax()
    table = data.reset_index().rename(columns={"source_id": "source", "used": "words used", "flagged": "words flagged"})
    return Chart(
        name="corpus_size",
        figure=fig,
        title=title,
        caption=(
            f"The corpus holds {total:,} words; {biggest} is the longest source. "
            f"{flagged:,} words are page furniture or repeats and are left out of the tables."
        ),
        alt=(
            "Horizontal bar chart of words per source. "
            + "; ".join(
                f"{r['source']}: {r['words used']} words used, {r['words flagged']} flagged"
                for _, r in table.iterrows()
            )
        ),
        data=table,
    )


TYPE_ORDER = [
    "membership/designation", "diplomatic statement", "visit", "agreement", "training",
    "intelligence/operational cooperation", "military operation", "aid/relief", "attack/incident",
    "publication", "other",
]  # fmt: skip


def _year(date: str) -> float:
    y = int(date[:4])
    m = int(date[5:7]) if len(date) >= 7 else 7
    return y + (m - 0.5) / 12


def timeline_chart(timeline: pd.DataFrame) -> Chart:
    """Every real-world event at its date, by type; the more sources report it, the larger
    and darker its mark, and multi-source events name their sources."""
    apply_style()
    types = [t for t in TYPE_ORDER if t in set(timeline["event_type"])]
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * len(types) + 1.6))
    colours = {1: PALETTE[6], 2: PALETTE[0], 3: PALETTE[1]}
    for _, r in timeline.iterrows():
        x, y = _year(r["date_start"]), types.index(r["event_type"])
        n = int(r["n_sources"])
        ax.scatter(x, y, s=30 + 40 * (n - 1), color=colours.get(min(n, 3)), zorder=3, edgecolor="white", linewidth=0.5)
        if r["date_end"]:
            ax.plot([x, _year(r["date_end"])], [y, y], color=colours.get(min(n, 3)), linewidth=1.2, alpha=0.6)
        if n > 1:
            ax.annotate(
                r["source_ids"].replace(";", ", "),
                (x, y),
                xytext=(4, 6),
                textcoords="offset points",
                fontsize=6,
                color=PALETTE[0],
            )
    ax.set_yticks(range(len(types)), types)
    ax.set_xlabel("year")
    ax.set_ylabel("event type")
    title = "Events in the sources, by type and year"
    ax.set_title(title, loc="left")
    for n, label in ((1, "one source"), (2, "two sources"), (3, "three or more")):
        ax.scatter([], [], s=30 + 40 * (n - 1), color=colours[n], label=label)
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=3, frameon=False, fontsize=8)
    multi = timeline[timeline["n_sources"] > 1]
    data = timeline[["timeline_id", "date_start", "event_type", "n_sources", "source_ids", "description"]]
    return Chart(
        "timeline",
        fig,
        title,
        f"{len(timeline)} events from {timeline['date_start'].min()[:4]} to {timeline['date_start'].max()[:4]}; "
        f"{len(multi)} are reported by more than one source (labelled with their sources).",
        "Scatter chart of events by year and type. Multi-source events: "
        + "; ".join(f"{r.date_start} {r.event_type} ({r.source_ids.replace(';', ', ')})" for r in multi.itertuples()),
        data,
    )


def corroboration_chart(timeline: pd.DataFrame) -> Chart:
    apply_style()
    counts = timeline["n_sources"].value_counts().sort_index()
    fig, ax = plt.subplots(figsize=(5.2, 2.8))
    ax.bar([str(i) for i in counts.index], counts.values, color=PALETTE[0])
    for i, v in enumerate(counts.values):
        ax.text(i, v, str(v), ha="center", va="bottom", fontsize=8)
    ax.set_xlabel("number of sources reporting the event")
    ax.set_ylabel("events")
    ax.grid(axis="x", visible=False)
    title = "How many events rest on one source"
    ax.set_title(title, loc="left")
    single = int(counts.get(1, 0))
    data = counts.rename_axis("sources reporting").reset_index(name="events")
    return Chart(
        "corroboration",
        fig,
        title,
        f"{single} of {len(timeline)} events rest on a single source; {len(timeline) - single} are corroborated by two or more.",
        "Bar chart of events by number of sources: " + "; ".join(f"{a} source(s): {b} events" for a, b in data.values),
        data,
    )


def cooperation_heatmap(cooperation: pd.DataFrame, source_ids: list[str]) -> Chart:
    apply_style()
    matrix = pd.crosstab(cooperation["area"], cooperation["source_id"]).reindex(columns=source_ids, fill_value=0)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    fig, ax = plt.subplots(figsize=(6.4, 0.28 * len(matrix) + 1.4))
    # pcolormesh, not imshow: cells stay vector shapes in the SVG and the PDF
    ax.pcolormesh(
        (matrix.values > 0).astype(float),
        cmap=matplotlib.colors.ListedColormap(["#f3f5f8", PALETTE[0]]),
        edgecolors="white",
        linewidth=1.0,
        vmin=0,
        vmax=1,
    )
    ax.invert_yaxis()
    ax.set_xticks([i + 0.5 for i in range(len(source_ids))], source_ids, rotation=30, ha="right")
    ax.set_yticks([i + 0.5 for i in range(len(matrix))], matrix.index)
    ax.set_xlabel("source")
    ax.set_ylabel("area of cooperation")
    ax.grid(False)
    title = "Areas of cooperation named by each source"
    ax.set_title(title, loc="left")
    widest = matrix.sum(axis=1)
    shared = list(widest[widest == widest.max()].index)
    data = matrix.reset_index()
    return Chart(
        "cooperation_heatmap",
        fig,
        title,
        f"A filled cell means the source names the area. Most widely named: {', '.join(shared)} "
        f"({int(widest.max())} of {len(source_ids)} sources).",
        "Grid of areas by source. "
        + "; ".join(f"{area}: {', '.join(c for c in source_ids if matrix.at[area, c])}" for area in matrix.index),
        data,
    )


def co_mention_network(events: pd.DataFrame, top: int = 18) -> Chart:
    """Who is named together in the same dated statement: organisations, states and people."""
    import itertools
    import math

    apply_style()
    pairs: dict[tuple[str, str], int] = {}
    for actors in events["actors"]:
        names = sorted({a for a in str(actors).split(";") if a})
        for a, b in itertools.combinations(names, 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    degree: dict[str, int] = {}
    for (a, b), w in pairs.items():
        degree[a] = degree.get(a, 0) + w
        degree[b] = degree.get(b, 0) + w
    nodes = sorted(degree, key=lambda n: (-degree[n], n))[:top]
    angle = {n: 2 * math.pi * i / max(len(nodes), 1) for i, n in enumerate(nodes)}
    pos = {n: (math.cos(a), math.sin(a)) for n, a in angle.items()}
    fig, ax = plt.subplots(figsize=(6.4, 6.0))
    edges = [(a, b, w) for (a, b), w in pairs.items() if a in pos and b in pos]
    for a, b, w in edges:
        ax.plot([pos[a][0], pos[b][0]], [pos[a][1], pos[b][1]], color=PALETTE[0], alpha=0.25, linewidth=0.6 + 0.8 * w)
    for n in nodes:
        x, y = pos[n]
        ax.scatter(x, y, s=40 + 12 * degree[n], color=PALETTE[1], zorder=3, edgecolor="white")
        ax.annotate(
            n,
            (x, y),
            xytext=(6 * x, 6 * y),
            textcoords="offset points",
            fontsize=7,
            ha="left" if x >= 0 else "right",
            va="center",
        )
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.3, 1.3)
    ax.set_xlabel("(circle layout: position carries no meaning)")
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    title = "Who is named together in dated statements"
    ax.set_title(title, loc="left")
    data = pd.DataFrame(sorted(edges, key=lambda e: -e[2]), columns=["name_a", "name_b", "statements"])
    strongest = data.iloc[0] if len(data) else None
    caption = (
        f"The {len(nodes)} most connected names; a line joins two names stated together, thicker when more often. "
        + (
            f"The strongest tie is {strongest.name_a}–{strongest.name_b} ({strongest.statements} statements)."
            if strongest is not None
            else ""
        )
    )
    return Chart(
        "co_mentions",
        fig,
        title,
        caption,
        "Network of names mentioned together: "
        + "; ".join(f"{r.name_a}–{r.name_b} ({r.statements})" for r in data.head(15).itertuples()),
        data,
    )
