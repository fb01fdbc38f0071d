"""The briefing as a document: escaped HTML fragments, assembled into a notebook and
exported by nbconvert with our offline template, then printed to PDF by WeasyPrint.

Text from sources is data: every value that reaches HTML goes through `esc`.
The notebook composes the document the same way in papermill and in JupyterLab, so
both write the same files."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd

from helpers import paths, startup
from helpers.buildinfo import BuildInfo

TEMPLATE_NAME = "briefing"  # the folder under src/helpers/templates/
# Imported inside Briefing's methods, so that importing this module stays cheap; a
# build's kernel imports them ahead, while the step before runs (pipeline.py).
WARM_IMPORTS = ("nbconvert", "weasyprint")


def esc(value) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return html.escape(str(value), quote=True)


def tally(n) -> str:
    """A count we computed (not a figure from a source): marked so the number check skips it."""
    return f'<span class="tally">{esc(n)}</span>'


class Fragment(str):
    """A piece of finished HTML; displays as HTML in JupyterLab, and as its words where
    HTML is not shown (a terminal, the executed notebook read as text), not as markup."""

    SHOWN_LINES = 40

    def _repr_html_(self) -> str:
        return str(self)

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        lines = self.plain_text().splitlines()
        more = len(lines) - self.SHOWN_LINES
        printer.text("\n".join(lines[: self.SHOWN_LINES] + ([f"… ({more} more lines)"] if more > 0 else [])))

    def plain_text(self) -> str:
        """The text a reader sees, a line per block (paragraph, heading, row, item)."""
        reader = _TextOfHtml()
        reader.feed(self)
        reader.close()
        return "\n".join(" ".join(line.split()) for line in "".join(reader.pieces).splitlines() if line.strip())


class _TextOfHtml(HTMLParser):
    BLOCKS = frozenset(
        "address article aside blockquote br caption dd div dl dt figcaption figure footer h1 h2 h3 h4 h5 h6 "
        "header li nav ol p section table tr ul".split()
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in ("style", "script"):
            self._skipping += 1
        elif tag in self.BLOCKS:
            self.pieces.append("\n")
        elif tag in ("td", "th"):
            self.pieces.append(" | ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            self._skipping = max(0, self._skipping - 1)
        elif tag in self.BLOCKS:
            self.pieces.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.pieces.append(data.replace("\n", " "))


# ---------------------------------------------------------------- fragments


def title_block(title: str, build: BuildInfo, n_sources: int, scope: str) -> Fragment:
    """The cover says in words what the briefing covers (the standard title stays the same
    under any focus); the parameters themselves are in Method, for the analyst."""
    return Fragment(
        '<header class="title-block">'
        '<p class="kicker">Research briefing</p>'
        f'<h1 class="doc-title">{esc(title)}</h1>'
        f'<p class="meta">Built {esc(build.date.isoformat())} · build <code>{esc(build.identifier)}</code>'
        f" (commit/inputs) · {n_sources} sources</p>"
        f'<p class="meta scope">Scope: {esc(scope)}</p>'
        "</header>"
    )


def section(anchor: str, heading: str, *parts: str) -> Fragment:
    return Fragment(f'<section id="{esc(anchor)}"><h2>{esc(heading)}</h2>{"".join(parts)}</section>')


def paragraph(text: str) -> str:
    return f"<p>{esc(text)}</p>"


def html_table(
    df: pd.DataFrame,
    caption: str,
    numeric: tuple[str, ...] = (),
    footer: dict | None = None,
    raw_html_columns: tuple[str, ...] = (),
    row_ids: pd.Series | None = None,
    css_class: str = "",
    usage_note: bool = False,
) -> str:
    """A table whose cells are escaped, except columns the caller built as HTML. Its
    columns carry their print widths (see column_shares). A data table of more than
    FILTER_FROM_ROWS rows is marked for a filter box (tables.js). `usage_note` ends the caption,
    on screen only, with what the reader can do with it ('sortable', and the box if it has one:
    paper has no box to type in)."""
    if df.empty:  # a header over no rows had read as a table that failed to fill
        return f'<p class="note empty-table"><strong>{esc(caption)}</strong>: none in the sources.</p>'
    klass = f' class="{esc(css_class)}"' if css_class else ""
    filtered = "data" in css_class.split() and len(df) > FILTER_FROM_ROWS
    if filtered:
        klass += " data-filter"  # tables.js gives it a filter box
    head = "".join(f'<th scope="col"{" class=num" if c in numeric else ""}>{esc(c)}</th>' for c in df.columns)
    rows = []
    widths = [[CellWidth.of_text(str(c), HEADER_SCALE)] for c in df.columns]
    for i, (_, row) in enumerate(df.iterrows()):
        cells = []
        for k, c in enumerate(df.columns):
            value = row[c] if c in raw_html_columns else esc(row[c])
            widths[k].append(CellWidth.of_html(str(value)))
            cells.append(f"<td{' class=num' if c in numeric else ''}>{value}</td>")
        rid = f' id="{esc(row_ids.iloc[i])}"' if row_ids is not None else ""
        rows.append(f"<tr{rid}>{''.join(cells)}</tr>")
    foot = ""
    if footer:
        cells = [esc(footer.get(c, "")) for c in df.columns]
        numeric_at = [c in numeric for c in df.columns]
        foot = (
            "<tfoot><tr>"
            + "".join(f"<td{' class=num' if n else ''}>{v}</td>" for n, v in zip(numeric_at, cells, strict=True))
            + "</tr></tfoot>"
        )
        for k, v in enumerate(cells):
            widths[k].append(CellWidth.of_html(v))
    cols = "".join(f'<col style="--print-width: {share:.1f}%">' for share in column_shares(widths))
    usage = "sortable; type in the box to filter" if filtered else "sortable"
    note = f' <span class="screen-only">({usage})</span>' if usage_note else ""
    return (
        f'<div class="table-wrap"><table{klass}><caption>{esc(caption)}{note}</caption><colgroup>{cols}</colgroup>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>{foot}</table></div>"
    )


# On screen a table of more rows than this gets a box to filter them (tables.js); one of fewer
# is read at a glance (the positions' four five-row tables had four boxes in a row).
FILTER_FROM_ROWS = 10


# A print table's width in characters of its font (174 mm of A4 text width at 8.9 pt
# DejaVu Sans), and what a cell's padding takes of it.
PRINT_TABLE_CHARS = 100
CELL_PADDING_CHARS = 2
CITATION_SCALE = 0.72  # a.cite is set at 0.72em (briefing.css)
HEADER_SCALE = 1.1  # headers are bold
# The contents list the document's sections as they come, whichever cell added them (a
# section an analyst adds to the briefing notebook is listed too): each <section id> with
# its <h2>.
_SECTION_HEADING = re.compile(
    r"""<section\b[^>]*?\bid=["']([^"']+)["'][^>]*>(?:(?!</?section\b).)*?<h2[^>]*>(.*?)</h2>""", re.S
)
_CONTENTS_LIST = re.compile(r'(<nav class="toc"[^>]*>.*?<ol>)(.*?)(</ol>)', re.S)


def contents_items(fragments: list[str]) -> str:
    """Each section's heading, as text (a link inside an <h2> would nest one link in another)."""
    found = _SECTION_HEADING.findall("".join(fragments))
    return "".join(f'<li><a href="#{sid}">{_TAG.sub("", title)}</a></li>' for sid, title in found)


_CITATION = re.compile(r'<span class="cite-group">.*?\]</span>|<a class="cite"[^>]*>.*?</a>')
_TAG = re.compile(r"<[^>]*>")
# Where a line may break: at spaces, after a slash ('membership/ designation') and after a
# hyphen before a letter ('nato- relations', not 'saadia- 2022')
_BREAK = re.compile(r"\s+|(?<=/)|(?<=[-–])(?=[^\W\d_])")


def _units(run: str) -> float:
    """A run's width in average characters: capitals and digits are wider."""
    return sum(1.2 if ch.isupper() or ch.isdigit() else 1.0 for ch in run)


@dataclass(frozen=True)
class CellWidth:
    """How wide a cell is in characters: its longest unbreakable run, and all of it on one line."""

    narrowest: float
    widest: float

    @classmethod
    def of_text(cls, text: str, scale: float = 1.0) -> CellWidth:
        runs = [_units(r) for r in _BREAK.split(text)]
        return cls(max(runs, default=0) * scale, _units(text) * scale)

    @classmethod
    def of_html(cls, cell_html: str) -> CellWidth:
        """A cell built as HTML, by what a reader sees of it: its text without the tags,
        citations in their smaller type."""
        cites = [
            CellWidth.of_text(html.unescape(_TAG.sub("", c)), CITATION_SCALE) for c in _CITATION.findall(cell_html)
        ]
        rest = CellWidth.of_text(html.unescape(_TAG.sub("", _CITATION.sub(" ", cell_html))))
        return cls(max([rest.narrowest, *(c.narrowest for c in cites)]), rest.widest + sum(c.widest for c in cites))


def column_shares(columns: list[list[CellWidth]], width: float = PRINT_TABLE_CHARS) -> list[float]:
    """Each column's share of a printed table's width (percent), as automatic table
    layout would give it (CSS 2.1, 17.5.2.2): every column at least as wide as its
    longest unbreakable run, the room left shared in proportion to how much more its
    widest cell would take on one line. WeasyPrint measures every cell in its font to do
    this, and the PDF took a sixth longer; counting characters gives nearly the same
    columns, and the print stylesheet lays the tables out with them (table-layout: fixed)."""
    narrowest = [max((c.narrowest for c in cells), default=0) + CELL_PADDING_CHARS for cells in columns]
    widest = [max((c.widest for c in cells), default=0) + CELL_PADDING_CHARS for cells in columns]
    if sum(widest) <= width:
        chosen = widest
    elif sum(narrowest) >= width:
        chosen = narrowest
    else:
        room, wanted = width - sum(narrowest), sum(widest) - sum(narrowest)
        chosen = [n + room * (w - n) / wanted for n, w in zip(narrowest, widest, strict=True)]
    total = sum(chosen)
    return [100 * c / total for c in chosen]


def text_of(value) -> str:
    """'' for a missing value: pandas gives NaN or None where the registry is silent."""
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    return str(value).strip()


def _sentence(text: str) -> str:
    return f"{esc(text.rstrip('. '))}." if text else ""


def citation(row: pd.Series) -> str:
    """Author (date). “Title.” Affiliation. Publisher. As far as the registry knows."""
    author, publisher = text_of(row.get("author")), text_of(row.get("publisher"))
    who = author or publisher or "Unknown author"
    when = text_of(row.get("published")) or "n.d."
    title = text_of(row.get("title")) or text_of(row.get("file"))
    parts = [f"{esc(who)} ({esc(when)}). “{esc(title.rstrip('.'))}.”"]
    if author:
        parts.append(_sentence(text_of(row.get("author_affiliation"))))
        parts.append(_sentence(publisher))
    url = text_of(row.get("url"))
    if url:
        parts.append(f"<code>{esc(url)}</code>")
    return " ".join(p for p in parts if p)


def _published_label(row: pd.Series) -> str:
    """'2021 (year) †': the dagger marks a date with a note on how it was established."""
    published = text_of(row.get("published"))
    if not published:
        return "undated"
    noted = "published" in text_of(row.get("inferred_fields")).split("; ")
    return f"{published} ({text_of(row.get('published_precision'))}){' †' if noted else ''}"


def kind_label(kind) -> str:
    """A source's kind as a reader sees it: 'not given' rather than a blank cell."""
    return text_of(kind) or "not given"


def source_register(sources: pd.DataFrame) -> str:
    """The bibliography: a full citation per source, with how its details were established."""
    table = pd.DataFrame(
        {
            "Source": [f"<code>{esc(s)}</code>" for s in sources["source_id"]],
            "Citation": [citation(r) for _, r in sources.iterrows()],
            "Kind": [kind_label(k) for k in sources["kind"]],
            "Published": [_published_label(r) for _, r in sources.iterrows()],
        }
    )
    notes = "".join(
        f"<li><code>{esc(r['source_id'])}</code>: {esc(r['evidence'])}</li>"
        for _, r in sources.iterrows()
        if text_of(r.get("evidence"))
    )
    return "".join(
        [
            paragraph(
                "The briefing rests on these documents. Each is cited by its short id; "
                "a date marked † was read or worked out from the page itself, as the notes below explain."
            ),
            html_table(
                table,
                "Sources in the corpus",
                raw_html_columns=("Source", "Citation"),
                row_ids="src-" + sources["source_id"],
            ),
            f'<h3>How the citation details were established</h3><ul class="note">{notes}</ul>' if notes else "",
        ]
    )


def corpus_statistics(sources: pd.DataFrame, passages: pd.DataFrame, chart, max_rows: int | None = None) -> str:
    """How much text each source brings and how much was set aside, with its chart. With
    `max_rows`, a larger corpus shows its longest sources and first defects (the footer
    still counts every source; sources.csv and passages.csv hold them all)."""
    # Each passage flagged, then the flags summed per source (a Python function per source
    # and column took 3 s at x1000).
    flagged = pd.DataFrame({
        "source_id": passages["source_id"],
        "boilerplate": passages["boilerplate_rule"] != "",
        "duplicates": passages["duplicate_kind"] != "",
        "garbled": [sum(1 for t in x.split("; ") if t) for x in passages["garbled_tokens"].tolist()],
    })  # fmt: skip
    per_source = flagged.groupby("source_id").agg(
        passages=("source_id", "size"),
        boilerplate=("boilerplate", "sum"),
        duplicates=("duplicates", "sum"),
        garbled=("garbled", "sum"),
    )
    table = sources[["source_id", "n_words", "encoding", "sha256"]].merge(
        per_source, left_on="source_id", right_index=True
    )
    table["sha256"] = table["sha256"].str[:12] + "…"
    table = table.rename(
        columns={
            "source_id": "Source",
            "n_words": "Words",
            "passages": "Passages",
            "boilerplate": "Boilerplate",
            "duplicates": "Repeated",
            "garbled": "Garbled tokens",
            "encoding": "Encoding",
            "sha256": "SHA-256",
        }
    )[["Source", "Words", "Passages", "Boilerplate", "Repeated", "Garbled tokens", "Encoding", "SHA-256"]]
    numeric = ("Words", "Passages", "Boilerplate", "Repeated", "Garbled tokens")
    footer = {"Source": "All sources", **{c: f"{int(table[c].sum()):,}" for c in numeric}}
    n_sources = len(table)
    if max_rows is not None and n_sources > max_rows:
        table = table.nlargest(max_rows, "Words", keep="first")
    table["Words"] = table["Words"].map(lambda n: f"{n:,}")
    defects = passages[(passages["garbled_tokens"] != "") | (passages["duplicate_kind"] != "")]
    n_defects = len(defects)
    if max_rows is not None:
        defects = defects.head(max_rows)
    shortened = (
        f'<p class="note shortened">Shown: the {tally(len(table))} longest of the {tally(n_sources)} sources and '
        f"the first {tally(len(defects))} of the {tally(n_defects)} passages with defects; the footer counts every "
        'source. All are in <a href="tables/sources.csv"><code>reports/tables/sources.csv</code></a> and '
        '<a href="tables/passages.csv"><code>reports/tables/passages.csv</code></a>.</p>'
        if len(table) < n_sources or len(defects) < n_defects
        else ""
    )
    defect_items = "".join(
        f"<li><code>{esc(r['passage_id'])}</code>: "
        + (f'garbled <q class="defect">{esc(r["garbled_tokens"])}</q>' if r["garbled_tokens"] else "")
        + (
            f" repeats <code>{esc(r['duplicate_of'])}</code> ({esc(r['duplicate_kind'])})"
            if r["duplicate_kind"]
            else ""
        )
        + "</li>"
        for _, r in defects.iterrows()
    )
    return "<h3>The corpus</h3>" + "".join(
        [
            f"<p>{tally(len(sources))} {'source' if len(sources) == 1 else 'sources'}, "
            f"{tally(format(int(sources['n_words'].sum()), ','))} words in "
            f"{tally(len(passages))} passages. Page furniture (comment forms, login boxes, update stamps) and "
            "repeated paragraphs are flagged at ingest and kept out of every table; the counts below show how much.</p>",
            html_table(table, "Corpus statistics by source", numeric=numeric, footer=footer),
            chart.html(),
            f'<h3>Text defects found at ingest</h3><ul class="note">{defect_items}</ul>' if defect_items else "",
            shortened,
        ]
    )


# ---------------------------------------------------------------- the document


@dataclass
class Briefing:
    """The document: named parts in reading order, exported with the template in
    `template_dir` (a folder holding conf.json, index.html.j2 and briefing.css)."""

    title: str
    template_dir: Path = paths.TEMPLATES_DIR / TEMPLATE_NAME
    parts: dict[str, list[Fragment]] = field(default_factory=dict)

    def part(self, name: str, *fragments: str) -> Fragment:
        """Sets the part called `name` and returns it, for a notebook to show. Parts keep
        the order they were first set in; setting one again replaces it, so a cell run
        twice in JupyterLab does not put its part in the document twice."""
        self.parts[name] = [Fragment(f) for f in fragments]
        return Fragment("".join(fragments))

    def to_notebook(self):
        startup.without_iri_grammar()
        import nbformat

        nb = nbformat.v4.new_notebook()
        nb.metadata["title"] = self.title
        fragments = [str(f) for part in self.parts.values() for f in part]
        contents = contents_items(fragments)
        for frag in fragments:
            cell = nbformat.v4.new_code_cell(source="")
            frag = _CONTENTS_LIST.sub(lambda m: m.group(1) + contents + m.group(3), frag)
            cell.outputs = [nbformat.v4.new_output("display_data", data={"text/html": frag})]
            nb.cells.append(cell)
        return nb

    def to_html(self) -> str:
        startup.without_iri_grammar()
        from nbconvert import HTMLExporter

        template_dir = Path(self.template_dir)
        exporter = HTMLExporter(
            template_name=template_dir.name, extra_template_basedirs=[str(template_dir.parent)], exclude_input=True
        )
        css = (template_dir / "briefing.css").read_text(encoding="utf-8")
        js = (template_dir / "tables.js").read_text(encoding="utf-8")
        body, _ = exporter.from_notebook_node(
            self.to_notebook(), resources={"briefing_css": css, "briefing_js": js, "briefing_title": self.title}
        )
        return body

    def write(self, html_path: Path, pdf_path: Path) -> list[Path]:
        """HTML first, then the PDF from that same HTML; each renamed into place only
        when complete."""
        from weasyprint import HTML

        from helpers.io import atomic_path, write_text

        page = self.to_html()
        with atomic_path(Path(pdf_path)) as tmp:
            # no base: links to the tables (tables/<name>.csv) stay relative in the PDF, and a
            # reader resolves them beside the PDF wherever it is; resolved here, they named the
            # build machine's folder (file:///work/...; reader review). Everything the page
            # shows is inside it (styles, fonts, data: images), so nothing else needs a base.
            HTML(string=page, base_url=None).write_pdf(tmp)
        write_text(Path(html_path), page)
        return [Path(html_path), Path(pdf_path)]
