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
