"""One chart style for the whole report, and deterministic SVG/PNG output.

Charts are returned as figures; `save_chart` writes them with fixed metadata and a
fixed SVG id salt, so two builds of the same data give identical files."""

from __future__ import annotations

import base64
import html
import io as _io
import math
import re
from collections.abc import Container
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.patches  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

PALETTE = ["#1f4e79", "#c0504d", "#4f8a3c", "#8064a2", "#d98c1f", "#4aacc6", "#7f7f7f"]
# Text stays text in the SVG ("svg.fonttype": "none"): the page's renderer sets it in the
# font, instead of parsing a path per glyph (WeasyPrint drew the charts 2x faster). The
# family is written as "'DejaVu Sans', sans-serif", so a browser without DejaVu picks its
# own sans-serif; nothing is fetched. matplotlib escapes the text, as it does any SVG text.
STYLE = {
    "font.family": ["sans-serif"],
    "font.sans-serif": ["DejaVu Sans"],
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
    "svg.fonttype": "none",
}
_SVG_META = {"Date": None, "Creator": None}
_PNG_META = {"Software": None}


# The published table each chart is drawn from, by the chart's name.
DRAWN_FROM = {
    "timeline": "timeline",
    "corroboration": "timeline",
    "cooperation_heatmap": "cooperation",
    "co_mentions": "mentions",
    "corpus_size": "passages",
}


@dataclass
class Chart:
    """A figure plus what a reader needs without seeing it."""

    name: str
    figure: plt.Figure
    title: str
    caption: str
    alt: str
    data: pd.DataFrame
    svg: bytes | None = field(default=None, repr=False)  # as saved or put on the page, once drawn

    @property
    def drawn_from(self) -> str:
        """The published table the chart's data comes from (reports/tables/<it>.csv)."""
        return DRAWN_FROM[self.name]

    def svg_text(self) -> bytes:
        if self.svg is None:
            self.svg = svg_bytes(self.figure)
        return self.svg

    def html(self) -> str:
        """The chart as the page shows it: the SVG as a data URI (no file to lose, vector
        in the PDF), with its title and caption. The image sits in a box of its own, which
        scrolls sideways where a phone shows the chart at its drawn size (briefing.css)."""
        data = base64.b64encode(self.svg_text()).decode("ascii")
        return (
            f'<figure><div class="chart-scroll">'
            f'<img src="data:image/svg+xml;base64,{data}" alt="{html.escape(self.alt)}"></div>'
            f"<figcaption><strong>{html.escape(self.title)}.</strong> {html.escape(self.caption)}</figcaption></figure>"
        )

    def _repr_html_(self) -> str:
        # The Agg backend (no display of its own, the same files from every build) leaves
        # a figure with nothing but its text repr in a notebook; the chart shows itself.
        return self.html()

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        # Where no image is shown (a terminal, a notebook read as text), what a reader
        # without the chart gets: its title, caption and alt text.
        printer.text(f"Chart {self.name!r}: {self.title}.\n{self.caption}\n{self.alt}")


@dataclass
class Gallery:
    """Several charts shown together as one cell's output."""

    charts: list[Chart]

    def _repr_html_(self) -> str:
        return "".join(chart.html() for chart in self.charts)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        printer.text("\n\n".join(f"Chart {c.name!r}: {c.title}.\n{c.caption}" for c in self.charts))


def apply_style() -> None:
    plt.rcParams.update(STYLE)


def tight_bbox(fig: plt.Figure):
    """The box `bbox_inches="tight"` crops to, measured once: a save with "tight" draws the
    figure once without output just to measure it, so an SVG and a PNG drew it four times."""
    screen_dpi = fig.dpi
    fig.set_dpi(plt.rcParams["savefig.dpi"])  # measured as the PNG is drawn: the same box as before
    try:
        fig.draw_without_rendering()
        box = fig.get_tightbbox(fig.canvas.get_renderer())
    finally:
        fig.set_dpi(screen_dpi)
    return box.padded(plt.rcParams["savefig.pad_inches"])


def svg_bytes(fig: plt.Figure, bbox=None) -> bytes:
    buf = _io.BytesIO()
    fig.savefig(buf, format="svg", metadata=_SVG_META, bbox_inches="tight" if bbox is None else bbox)
    return presentation_attributes(buf.getvalue())


_STYLE_ATTRIBUTE = re.compile(rb' style="([^"]*)"')
# matplotlib's one style rule, for every element; its two properties are inherited
_GLOBAL_RULE = b'<style type="text/css">*{stroke-linejoin: round; stroke-linecap: butt}</style>'
_ROOT = b"<svg "
_TAG = re.compile(rb"<[^<>]+>")


def presentation_attributes(svg: bytes) -> bytes:
    """matplotlib's SVG with each element's style="fill: ...; stroke: ..." written as
    attributes (fill="..." stroke="..."), and its one style rule as attributes of the
    root, which every element inherits. It draws the same (the PDF pages are identical
    pixel for pixel), and WeasyPrint, which parses each style attribute and matches the
    rule against each element, prints the charts faster. An SVG not in that form is
    returned as it is."""
    if svg.count(_GLOBAL_RULE) != 1 or _ROOT not in svg:
        return svg

    def as_attributes(m: re.Match) -> bytes:
        declarations = [d.split(b":", 1) for d in m.group(1).split(b";") if d.strip()]
        if any(len(d) != 2 for d in declarations):
            return m.group(0)
        return b"".join(b" " + k.strip() + b'="' + v.strip() + b'"' for k, v in declarations)

    svg = svg.replace(_GLOBAL_RULE, b"").replace(_ROOT, b'<svg stroke-linejoin="round" stroke-linecap="butt" ', 1)
    # only inside tags: a label's text (escaped, so holding no '<') is left as it is
    return _TAG.sub(lambda tag: _STYLE_ATTRIBUTE.sub(as_attributes, tag.group(0)), svg)


def reuse_saved(chart: Chart, saved_in: Path | None) -> Chart:
    """The chart, with the SVG the analysis saved for it in `saved_in` when it drew this
    same chart (same function, same tables: a briefing of the whole corpus), so the page
    uses that file instead of drawing the figure again. With `saved_in` None, or no file
    there, the chart is drawn when first shown."""
    if saved_in is not None:
        saved = Path(saved_in) / f"{chart.name}.svg"
        if saved.is_file():
            chart.svg = saved.read_bytes()
    return chart


def save_chart(chart: Chart, figures_dir: Path) -> list[Path]:
    """The chart as SVG (for pages) and PNG (for slides and documents), both cropped to the
    one box measured for them."""
    from helpers.io import write_bytes

    bbox = tight_bbox(chart.figure)
    png = _io.BytesIO()
    chart.figure.savefig(png, format="png", metadata=_PNG_META, bbox_inches=bbox)
    chart.svg = svg_bytes(chart.figure, bbox)
    return [
        write_bytes(Path(figures_dir) / f"{chart.name}.svg", chart.svg),
        write_bytes(Path(figures_dir) / f"{chart.name}.png", png.getvalue()),
    ]


def corpus_size_chart(sources: pd.DataFrame, passages: pd.DataFrame, max_bars: int = 40) -> Chart:
    """Words per source, split into text the tables use and text flagged at ingest; beyond
    `max_bars` sources, how many sources have each length (corpus_size_histogram)."""
    apply_style()
    words = passages.assign(status=passages["usable"].map({True: "used", False: "flagged"}))
    data = (
        words.pivot_table(index="source_id", columns="status", values="n_words", aggfunc="sum", fill_value=0)
        .reindex(columns=["used", "flagged"], fill_value=0)
        .reindex(sources["source_id"])
        .astype(int)
    )
    if len(data) > max_bars:
        return corpus_size_histogram(data)
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
            # passages' words: the text outside any passage (a few words of a title line, say)
            # is in the corpus table's count of each source's words, not here
            f"The sources' passages hold {total:,} words; {biggest} is the longest source. "
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


def corpus_size_histogram(words: pd.DataFrame, bins: int = 20) -> Chart:
    """How many sources have each length (words used plus flagged, per source), for a
    corpus with too many sources for a bar each; `words` has a row per source."""
    apply_style()
    per_source = words.sum(axis=1)
    counts, edges = pd.cut(per_source, bins=bins, retbins=True, include_lowest=True)
    histogram = per_source.groupby(counts, observed=False).size()
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    ax.bar(edges[:-1], histogram.values, width=edges[1:] - edges[:-1], align="edge", color=PALETTE[0])
    ax.set_xlabel("words in the source")
    ax.set_ylabel("sources")
    ax.grid(axis="x", visible=False)
    title = "Size of the sources"
    ax.set_title(title, loc="left")
    total, flagged = int(words.to_numpy().sum()), int(words["flagged"].sum())
    data = pd.DataFrame({
        "words from": [f"{int(a):,}" for a in edges[:-1]],
        "words to": [f"{int(b):,}" for b in edges[1:]],
        "sources": histogram.values.astype(int),
    })  # fmt: skip
    return Chart(
        name="corpus_size",
        figure=fig,
        title=title,
        caption=(
            f"The passages of the {len(words):,} sources hold {total:,} words; {per_source.idxmax()} is the longest "
            "source "
            f"({int(per_source.max()):,} words). {flagged:,} words are page furniture or repeats and are left out "
            "of the tables."
        ),
        alt=(
            "Histogram of words per source: "
            + "; ".join(f"{r['words from']}–{r['words to']} words: {r['sources']} sources" for _, r in data.iterrows())
        ),
        data=data,
    )


TYPE_ORDER = [
    "membership/designation", "diplomatic statement", "visit/meeting", "agreement", "training",
    "intelligence/operational cooperation", "military operation", "aid/relief", "attack/incident",
    "publication", "other",
]  # fmt: skip


def _year(date: str) -> float:
    y = int(date[:4])
    m = int(date[5:7]) if len(date) >= 7 else 7
    return y + (m - 0.5) / 12


def timeline_chart(timeline: pd.DataFrame, max_marks: int = 150) -> Chart:
    """Every real-world event at its date, by type; the more sources report it, the larger
    and darker its mark, and multi-source events name their sources. Beyond `max_marks`
    events, one mark per year and type instead (timeline_by_year_chart)."""
    if len(timeline) > max_marks:
        return timeline_by_year_chart(timeline)
    if timeline.empty:
        data = timeline[["timeline_id", "date_start", "event_type", "n_sources", "source_ids", "description"]]
        return _no_events_chart("timeline", "Events in the sources, by type and year", data)
    apply_style()
    types = [t for t in TYPE_ORDER if t in set(timeline["event_type"])]
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * len(types) + 1.6))
    colours = {1: PALETTE[6], 2: PALETTE[0], 3: PALETTE[1]}
    years = [_year(d) for d in timeline["date_start"]] + [_year(d) for d in timeline["date_end"] if d]
    # a label reads to the right of its mark, or to its left in the last quarter of the axis,
    # so that it stays over the plot
    right_quarter = min(years, default=0) + 0.75 * (max(years, default=0) - min(years, default=0))
    for _, r in timeline.iterrows():
        x, y = _year(r["date_start"]), types.index(r["event_type"])
        n = int(r["n_sources"])
        ax.scatter(x, y, s=30 + 40 * (n - 1), color=colours.get(min(n, 3)), zorder=3, edgecolor="white", linewidth=0.5)
        if r["date_end"]:
            ax.plot([x, _year(r["date_end"])], [y, y], color=colours.get(min(n, 3)), linewidth=1.2, alpha=0.6)
        if n > 1:
            leftwards = x > right_quarter
            ax.annotate(
                r["source_ids"].replace(";", ", "),
                (x, y),
                xytext=(-4 if leftwards else 4, 6),
                textcoords="offset points",
                fontsize=6,
                color=PALETTE[0],
                ha="right" if leftwards else "left",
            )
    ax.set_yticks(range(len(types)), types)
    _whole_years(ax)
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
        + (
            f"{len(multi)} {'is' if len(multi) == 1 else 'are'} reported by more than one source "
            "(labelled with their sources)."
            if len(multi)
            else "none is reported by more than one source."
        ),
        "Scatter chart of events by year and type. Multi-source events: "
        + "; ".join(f"{r.date_start} {r.event_type} ({r.source_ids.replace(';', ', ')})" for r in multi.itertuples()),
        data,
    )


def _whole_years(ax) -> None:
    """Ticks on whole years, written as years: over a short period matplotlib picks
    half years ('2002.5'), and within one year it has no whole year to tick, so the axis
    is widened to the years its marks fall in."""
    from matplotlib.ticker import MaxNLocator, StrMethodFormatter

    low, high = ax.get_xlim()
    if high - low < 2:
        ax.set_xlim(math.floor(low), max(math.ceil(high), math.floor(low) + 1))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.xaxis.set_major_formatter(StrMethodFormatter("{x:.0f}"))


def timeline_by_year_chart(timeline: pd.DataFrame) -> Chart:
    """Events counted by year and type: one mark per cell, its area by the number of
    events, darker when some of them are reported by several sources. For a timeline too
    long to draw event by event."""
    apply_style()
    types = [t for t in TYPE_ORDER if t in set(timeline["event_type"])]
    cells = (
        timeline.assign(year=timeline["date_start"].str[:4].astype(int), multi=timeline["n_sources"] > 1)
        .groupby(["year", "event_type"], sort=True)
        .agg(events=("timeline_id", "size"), corroborated=("multi", "sum"))
        .reset_index()
    )
    fig, ax = plt.subplots(figsize=(7.2, 0.42 * len(types) + 1.6))
    biggest = max(int(cells["events"].max()), 1)
    colour = [PALETTE[0] if c else PALETTE[6] for c in cells["corroborated"]]
    ax.scatter(
        cells["year"],
        [types.index(t) for t in cells["event_type"]],
        s=8 + 110 * cells["events"] / biggest,  # area by count; at most about a year wide
        color=colour,
        alpha=0.85,
        zorder=3,
        edgecolor="white",
        linewidth=0.5,
    )
    ax.set_yticks(range(len(types)), types)
    _whole_years(ax)
    ax.set_xlabel("year")
    ax.set_ylabel("event type")
    title = "Events in the sources, by type and year"
    ax.set_title(title, loc="left")
    ax.scatter([], [], s=60, color=PALETTE[6], label="all from one source each")
    ax.scatter([], [], s=60, color=PALETTE[0], label="some reported by several sources")
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.22), ncol=2, frameon=False, fontsize=8)
    data = cells.rename(columns={"event_type": "event type", "corroborated": "reported by several sources"})
    data = data.sort_values(["events", "year"], ascending=[False, True], ignore_index=True)
    return Chart(
        "timeline",
        fig,
        title,
        f"{len(timeline)} events from {timeline['date_start'].min()[:4]} to {timeline['date_start'].max()[:4]}, "
        f"counted by year and type: the larger the mark, the more events (at most {biggest} in one year and type). "
        f"{int((timeline['n_sources'] > 1).sum())} events are reported by more than one source.",
        "Chart of events counted by year and type. Busiest: "
        + "; ".join(f"{r.year} {r.event_type}: {r.events} events" for r in cells.nlargest(12, "events").itertuples()),
        data,
    )


def _sources_bins(counts: pd.Series, max_bars: int) -> pd.Series:
    """Events by number of reporting sources, in ranges (1, 2, 3, 4-5, 6-10, ...) when
    there are more distinct numbers than bars."""
    if len(counts) <= max_bars:
        return counts.set_axis([str(i) for i in counts.index])
    edges = [1, 2, 3, 4, 6, 11, 21, 51, 101, 201, 501, 1001]
    top = int(counts.index.max())
    edges = [e for e in edges if e <= top] + [top + 1]
    labels = [str(lo) if hi - lo == 1 else f"{lo}–{hi - 1}" for lo, hi in zip(edges, edges[1:], strict=False)]
    binned = pd.cut(counts.index, edges, right=False, labels=labels)
    return counts.groupby(binned, observed=False).sum().astype(int)


NO_EVENTS = "No event in the sources falls in this selection."


def _no_events_chart(name: str, title: str, data: pd.DataFrame, why: str = NO_EVENTS) -> Chart:
    """A chart of a selection (a period, a focus) no event falls in, or of events that
    give it nothing to draw (`why`): it says so, where drawing the axes would raise."""
    apply_style()
    fig, ax = plt.subplots(figsize=(5.2, 1.2))
    ax.set_axis_off()
    ax.text(0.5, 0.5, why, ha="center", va="center", fontsize=9, transform=ax.transAxes)
    ax.set_title(title, loc="left")
    return Chart(name, fig, title, why, f"{title}: empty. {why}", data)


def corroboration_chart(timeline: pd.DataFrame) -> Chart:
    if timeline.empty:
        no_rows = pd.DataFrame({"sources reporting": pd.Series(dtype=str), "events": pd.Series(dtype=int)})
        return _no_events_chart("corroboration", "How many events rest on one source", no_rows)
    apply_style()
    counts = _sources_bins(timeline["n_sources"].value_counts().sort_index(), max_bars=12)
    fig, ax = plt.subplots(figsize=(5.2, 2.8))
    ax.bar(list(counts.index), counts.values, color=PALETTE[0])
    if any("–" in str(label) for label in counts.index):  # ranges: room for their labels
        ax.set_xticks(range(len(counts)), list(counts.index), rotation=35, ha="right")
    for i, v in enumerate(counts.values):
        ax.text(i, v, str(v), ha="center", va="bottom", fontsize=8)
    ax.set_xlabel("number of sources reporting the event")
    ax.set_ylabel("events")
    ax.grid(axis="x", visible=False)
    title = "How many events rest on one source"
    ax.set_title(title, loc="left")
    single = int((timeline["n_sources"] == 1).sum())
    data = counts.rename_axis("sources reporting").reset_index(name="events")
    several = len(timeline) - single
    caption = f"{single} of {len(timeline)} events rest on a single source; {several} are reported by two or more"
    independent = int((timeline["n_accounts"] > 1).sum())
    if independent < several:  # 'corroborated' had counted NATO's two pages and a column that repeats one as three
        caption += f", {independent} of them by two or more independent accounts (see Shared wording)"
    return Chart(
        "corroboration",
        fig,
        title,
        caption + ".",
        "Bar chart of events by number of sources: " + "; ".join(f"{a} source(s): {b} events" for a, b in data.values),
        data,
    )


def cooperation_heatmap(cooperation: pd.DataFrame, source_ids: list[str], max_sources: int = 40) -> Chart:
    """A grid of areas by source; beyond `max_sources` sources, bars of how many sources
    name each area (cooperation_counts_chart)."""
    if len(source_ids) > max_sources:
        return cooperation_counts_chart(cooperation, len(source_ids))
    apply_style()
    # a cell is 1 where the source names the area, in however many sentences
    matrix = (pd.crosstab(cooperation["area"], cooperation["source_id"]) > 0).astype(int)
    matrix = matrix.reindex(columns=source_ids, fill_value=0)
    matrix = matrix.loc[matrix.sum(axis=1).sort_values(ascending=False).index]
    setback_only = _named_only_for_setbacks(cooperation).reindex_like(matrix).fillna(False).astype(bool)
    fig, ax = plt.subplots(figsize=(6.4, 0.28 * len(matrix) + 1.6))
    # pcolormesh, not imshow: cells stay vector shapes in the SVG and the PDF
    shades = ["#f3f5f8", "#a9bfd6", PALETTE[0]]  # not named; named only for a setback; named
    ax.pcolormesh(
        (matrix.values > 0) * 2.0 - setback_only.values,
        cmap=matplotlib.colors.ListedColormap(shades),
        edgecolors="white",
        linewidth=1.0,
        vmin=0,
        vmax=2,
    )
    if setback_only.values.any():
        keys = [matplotlib.patches.Patch(color=shades[2], label="named"),
                matplotlib.patches.Patch(color=shades[1], label="named only to report a setback")]  # fmt: skip
        below = -0.95 / (0.28 * max(len(matrix), 1))  # under the source names: about an inch, the rows' height apart
        ax.legend(handles=keys, loc="upper center", bbox_to_anchor=(0.5, below), ncol=2, frameon=False, fontsize=8)
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
    most = (
        f"Most widely named: {', '.join(shared)} ({int(widest.max())} of {len(source_ids)} sources)."
        if len(matrix)
        else "No source names an area of cooperation here."  # a focus none of the areas concern
    )
    setbacks = (
        " A light cell: the source names the area only to report a setback (held back, closed, without result)."
        if setback_only.values.any()
        else ""
    )
    return Chart(
        "cooperation_heatmap",
        fig,
        title,
        f"A filled cell means the source names the area.{setbacks} {most}",
        "Grid of areas by source. "
        + "; ".join(
            f"{area}: "
            + ", ".join(
                c + (" (a setback only)" if setback_only.at[area, c] else "") for c in source_ids if matrix.at[area, c]
            )
            for area in matrix.index
        ),
        data,
    )


def _named_only_for_setbacks(cooperation: pd.DataFrame) -> pd.DataFrame:
    """Area by source: True where every sentence of the source that names the area reports
    a setback: abbas-2017's logistics and refugees, named only as closed or held back, had
    been filled in as cooperation (a reader's review)."""
    if "setback" not in cooperation.columns or cooperation.empty:
        return pd.DataFrame(dtype=bool)
    cooperative = cooperation["setback"].fillna("").eq("")
    return ~pd.crosstab(cooperation["area"], cooperation["source_id"], values=cooperative, aggfunc="any").fillna(
        True
    ).astype(bool)


def cooperation_counts_chart(cooperation: pd.DataFrame, n_sources: int) -> Chart:
    """How many sources name each area of cooperation: the heatmap's row sums, for a corpus
    with too many sources to draw one column each."""
    apply_style()
    counts = cooperation.groupby("area")["source_id"].nunique().sort_values(ascending=False, kind="mergesort")
    fig, ax = plt.subplots(figsize=(6.4, 0.28 * len(counts) + 1.4))
    ax.barh(list(counts.index), counts.values, color=PALETTE[0])
    ax.invert_yaxis()
    ax.set_xlabel("sources naming the area")
    ax.set_ylabel("area of cooperation")
    ax.grid(axis="y", visible=False)
    title = "Areas of cooperation named by each source"
    ax.set_title(title, loc="left")
    data = counts.rename_axis("area").reset_index(name="sources")
    top = data.iloc[0] if len(data) else None
    return Chart(
        "cooperation_heatmap",
        fig,
        title,
        f"How many of the {n_sources} sources name each area."
        + (f" Most widely named: {top.area} ({top.sources} sources)." if top is not None else ""),
        "Bar chart of sources per area of cooperation: " + "; ".join(f"{a}: {n}" for a, n in data.values),
        data,
    )


def co_mention_network(events: pd.DataFrame, top: int = 18) -> Chart:
    """Who is named together in the same dated statement: organisations, states and people."""
    import itertools

    apply_style()
    pairs: dict[tuple[str, str], int] = {}
    for actors in events["actors"]:
        names = sorted({a for a in str(actors).split(";") if a})
        for a, b in itertools.combinations(names, 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    if not pairs:  # 'The 0 most connected names' over an empty circle
        no_pairs = pd.DataFrame(
            {c: pd.Series(dtype=t) for c, t in (("name_a", str), ("name_b", str), ("statements", int))}
        )
        why = NO_EVENTS if events.empty else "No dated statement names two parties together."
        return _no_events_chart("co_mentions", "Who is named together in dated statements", no_pairs, why)
    degree: dict[str, int] = {}
    for (a, b), w in pairs.items():
        degree[a] = degree.get(a, 0) + w
        degree[b] = degree.get(b, 0) + w
    nodes = most_connected_linked(degree, pairs, top)
    pos = hub_and_circle(nodes)
    fig, ax = plt.subplots(figsize=(6.4, 6.0))
    edges = [(a, b, w) for (a, b), w in pairs.items() if a in pos and b in pos]
    # a larger corpus counts more: widths and sizes are scaled so the strongest stay drawable
    width_scale = min(1.0, 25 / max((w for _, _, w in edges), default=1))
    size_scale = min(1.0, 80 / max((degree[n] for n in nodes), default=1))
    for a, b, w in edges:
        ax.plot(
            [pos[a][0], pos[b][0]],
            [pos[a][1], pos[b][1]],
            color=PALETTE[0],
            alpha=0.25,
            linewidth=0.6 + 0.8 * w * width_scale,
        )
    for n in nodes:
        x, y = pos[n]
        area = 40 + 12 * degree[n] * size_scale  # points squared: the marker is sqrt(area) across
        ax.scatter(x, y, s=area, color=PALETTE[1], zorder=3, edgecolor="white")
        clear = math.sqrt(area) / 2 + 3  # the label starts beyond the marker's edge, outwards
        if (x, y) == (0.0, 0.0):  # the hub: its label below it, clear of the spokes above
            ax.annotate(n, (x, y), xytext=(0, -clear - 4), textcoords="offset points", fontsize=7, ha="center")
            continue
        ax.annotate(
            n,
            (x, y),
            xytext=(clear * x, clear * y),
            textcoords="offset points",
            fontsize=7,
            ha="left" if x >= 0 else "right",
            va="center",
        )
    ax.set_xlim(-1.6, 1.6)
    ax.set_ylim(-1.3, 1.3)
    ax.set_xlabel(
        "(the most connected name in the centre"
        + (", the others on a circle: " if len(nodes) > 1 else ": ")
        + "position carries no meaning)"
    )
    ax.set_ylabel("")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.spines[["left", "bottom"]].set_visible(False)  # no axes: a circle has no scale
    ax.grid(False)
    title = "Who is named together in dated statements"
    ax.set_title(title, loc="left")
    data = pd.DataFrame(sorted(edges, key=lambda e: -e[2]), columns=["name_a", "name_b", "statements"])
    caption = (
        f"The {len(nodes)} most connected names, each named together with a better-connected one; a line joins two "
        "names stated together, thicker when more often. " + _strongest_ties(data)
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


def most_connected_linked(degree: dict[str, int], pairs: Container[tuple[str, str]], top: int) -> list[str]:
    """The `top` names with most ties (`degree`), taken in that order, leaving out a name
    none of those taken before it is tied to: ranked on ties alone, Bosnia and Herzegovina
    was drawn for its ties to two names too little connected to be drawn, and had no line."""
    taken: list[str] = []
    for name in sorted(degree, key=lambda n: (-degree[n], n)):
        if len(taken) == top:
            break
        if not taken or any((name, t) in pairs or (t, name) in pairs for t in taken):
            taken.append(name)
    return taken


def hub_and_circle(nodes: list[str]) -> dict[str, tuple[float, float]]:
    """Where each name is drawn: the first (the most connected) in the centre, the rest
    evenly on a circle around it. The hub is tied to most of the others: on the circle, its
    lines crossed the figure as chords, and those to the names beside it were stubs under
    the markers; from the centre each is a spoke of the same length."""
    if not nodes:
        return {}
    hub, rest = nodes[0], nodes[1:]
    around = {
        n: (math.cos(2 * math.pi * i / len(rest)), math.sin(2 * math.pi * i / len(rest))) for i, n in enumerate(rest)
    }
    return {hub: (0.0, 0.0), **around}


def _strongest_ties(pairs: pd.DataFrame, named: int = 3) -> str:
    """Every pair tied for the most statements, the first `named` by name: the caption had
    named one of two equal pairs 'the strongest tie'."""
    if pairs.empty:
        return ""
    most = int(pairs["statements"].max())
    tied = [f"{r.name_a}–{r.name_b}" for r in pairs[pairs["statements"] == most].itertuples()]
    times = f"{most} statement{'' if most == 1 else 's'}"
    if len(tied) == 1:
        return f"The strongest tie is {tied[0]} ({times})."
    from helpers.segment import and_list

    listed = tied[:named] + ([f"{len(tied) - named} more"] if len(tied) > named else [])
    return f"The strongest ties are {and_list(listed)} ({times} each)."
