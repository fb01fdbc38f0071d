"""The briefing's sections, composed from the tables. Our prose frames the facts; the
sources' words appear only as marked quotations; every factual sentence cites the passage
that states it, through a link to the evidence appendix.

Counts we compute ourselves (how many sources, how many events) are wrapped in
<span class="tally"> so the number check can tell them from the sources' figures.

The document stays readable however large the corpus (see `Limits`): a table longer than
`rows` prints its top rows and says how many the full table in reports/tables/ holds, a
claim cites a few passages and counts the rest, and the evidence appendix and the
bibliography hold only what the document cites. With the default limits the
five-source briefing prints every row."""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import pandas as pd

from helpers import dates, discrepancies, params, reuse, schemas, segment, timeline
from helpers.passage_index import PassageIndex
from helpers.render import Fragment, esc, html_table, kind_label, tally, text_of

SECTIONS = (
    ("summary", "Key findings", ("all", "nato", "un", "afghanistan", "regional")),
    ("timeline", "Timeline", ("all", "nato", "un", "afghanistan", "regional")),
    ("nato", "NATO", ()),  # a body's section: where a topic of it lists the focus (sections_for)
    ("un", "The UN", ()),
    ("regional", "Other bodies", ()),
    ("afghanistan", "Afghanistan's peace process", ()),
    ("figures", "Key figures", ("all", "nato", "un", "afghanistan", "regional")),
    ("disagreements", "Where the sources disagree", ("all", "nato", "un", "afghanistan", "regional")),
    ("comparison", "Source comparison and positions", ("all", "nato", "un", "afghanistan", "regional")),
    ("method", "Method and limits", ("all", "nato", "un", "afghanistan", "regional")),
    ("bibliography", "Bibliography", ("all", "nato", "un", "afghanistan", "regional")),
    ("evidence", "Appendix A. Evidence", ("all", "nato", "un", "afghanistan", "regional")),
    ("dictionary", "Appendix B. Data dictionary", ("all", "nato", "un", "afghanistan", "regional")),
)  # fmt: skip

# The actors that put an event in a focus (canonical names and acronyms as in events.actors).
FOCUS_ACTORS = {
    "nato": {"NATO", "ISAF", "JIOC", "NRF", "Tripartite Commission", "EADRCC", "SPS", "NATO HQ",
             "NATO School Oberammergau", "Resolute Support Mission", "Alessandro Minuto Rizzo",
             "Anders Fogh Rasmussen"},
    "un": {"UN", "HRC", "CD", "UNSC", "UNGA", "UNPROFOR", "UNODC", "UN Disarmament Machinery"},
    "afghanistan": {"Afghanistan", "ISAF", "JIOC", "Tripartite Commission", "Resolute Support Mission",
                    "Taliban", "Extended Troika", "TTP"},
    "regional": {"SCO", "RATS", "OIC", "SAARC", "ECO", "SEATO", "CENTO", "NSG", "AG", "MTCR", "WA", "NPT", "OBOR"},
}  # fmt: skip
# Their full names, as a quotation may give them without the acronym.
FOCUS_NAMES = {
    "nato": ("North Atlantic", "International Security Assistance Force"),
    "un": ("United Nations", "UN Security Council", "General Assembly", "Human Rights Council"),
    "afghanistan": ("Afghan", "Afghans"),
    "regional": ("Shanghai Cooperation", "Islamic Cooperation", "Islamic Conference", "Economic Cooperation",
                 "South Asian Association", "Southeast Asia Treaty", "Central Treaty", "Nuclear Suppliers"),
}  # fmt: skip


# The relationships that are a standing in a body, not a part taken in its work.
STANDING = re.compile(r"member|former member|observer|former observer|non-member|elected|joined")


@functools.cache
def _focus_words(focus: str) -> re.Pattern:
    """Whole names and acronyms: 'ECO' is not in 'ECOSOC', nor 'Security Council' in a
    'National Security Council' (the UN's is named with 'UN' or 'United Nations')."""
    words = sorted({*FOCUS_ACTORS[focus], *FOCUS_NAMES[focus]}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")


def pages_published_by(sources: pd.DataFrame, focus: str) -> list[str]:
    """The official pages whose publisher is a body of the focus (NATO's own pages)."""
    official = sources[sources["kind"] == "official page"]
    return [sid for sid, publisher in zip(official["source_id"], official["publisher"], strict=True)
            if isinstance(publisher, str) and about_focus([publisher], focus)]  # fmt: skip


def naming_focus(df: pd.DataFrame, focus: str, columns: tuple[str, ...] = ("quote",)) -> pd.Series:
    """Which rows' texts (`columns`: quotations, a body's name) name a body or state of the
    focus: every row for the whole corpus. The one test a focused briefing keeps its
    findings, figures and disagreements to."""
    if focus == "all":
        return pd.Series(True, index=df.index)
    named = [about_focus(texts, focus) for texts in zip(*(df[c] for c in columns), strict=True)]
    return pd.Series(named, index=df.index, dtype=bool)


def cooperation_about(inputs: BriefingInputs, focus: str) -> pd.DataFrame:
    """The rows of cooperation.csv about a focus: named in a sentence that names a body or
    state of it, or on its bodies' own pages. The NATO briefing's findings and its NATO
    table had counted 15 and 17 areas from two different tests."""
    return _rows_about(inputs, "cooperation", focus)


def _rows_about(inputs: BriefingInputs, table: str, focus: str) -> pd.DataFrame:
    """A table's rows whose quotation names a body or state of the focus, or that stand on
    its bodies' own pages."""
    rows = inputs.tables[table]
    if focus == "all":
        return rows
    own_pages = rows["source_id"].isin(pages_published_by(inputs.tables["sources"], focus))
    return rows[own_pages | naming_focus(rows, focus)]


def positions_about(positions: pd.DataFrame, focus: str) -> pd.DataFrame:
    """The positions on the questions about a focus: the question, or a passage of a
    position taken on it (its quote, or the passage naming the bodies it weighs), names it
    (a 'not addressed' row's passage is only the closest one). The findings kept to it; the
    positions table had listed every question. The UN briefing had left out the argument
    over multilateral diplomacy, which rests on the UN's forums, as no quote named the UN."""
    if focus == "all" or positions.empty:
        return positions
    taken = positions[positions["position"] != "not addressed"]
    other = _OTHER_BODY.get(focus)
    about = {
        q for q, group in taken.groupby("question")
        if about_focus([q, *group["quote"], *group["bodies_quote"]], focus)
        and not (other and about_focus([q], other) and not about_focus([q], focus))
    }  # fmt: skip
    return positions[positions["question"].isin(about)]


# A question that names NATO is NATO's, not the UN's, though a position's passage names the
# UN in passing ('cooperation with NATO and the United Nations (UN), which predates 2004').
_OTHER_BODY = {"un": "nato", "nato": "un"}


def about_focus(texts, focus: str) -> bool:
    """Whether any of the texts (quotations, a question) names a body or state of the focus:
    a key finding of a focused briefing keeps to it."""
    return focus == "all" or any(_focus_words(focus).search(str(t)) for t in texts)


@dataclass(frozen=True)
class Limits:
    """How much of a long table or list the briefing prints; the tables hold the rest.
    The defaults print the five-source briefing whole."""

    rows: int = 60  # a table up to this long prints whole ...
    top_rows: int = 20  # ... a longer one prints its top rows and says where the full table is
    items: int = 30  # a list up to this long prints whole ...
    top_items: int = 12  # ... a longer one prints its first items
    citations: int = 12  # passages one finding or statement cites; the rest are counted
    cell_citations: int = 6  # passages one table row or list item cites
    sources: int = 60  # a corpus with more sources than this cites less per claim:
    large_citations: int = 6
    large_cell_citations: int = 3
    account_names: int = 8  # sources named for one account (shared wording); the rest are counted
    large_account_names: int = 1

    def for_corpus(self, n_sources: int) -> Limits:
        """These limits, with the smaller citation counts when the corpus is large."""
        if n_sources <= self.sources:
            return self
        return replace(
            self,
            citations=self.large_citations,
            cell_citations=self.large_cell_citations,
            account_names=self.large_account_names,
        )

    def table_length(self, n: int) -> int:
        """How many of a table's n rows the briefing prints."""
        return n if n <= self.rows else self.top_rows

    def shorten(self, df: pd.DataFrame, by: list[str], ascending: list[bool], kind: str = "rows") -> pd.DataFrame:
        """All of `df` when it fits, else its top rows by `by` (a stable sort): `top_rows`
        of a table (kind 'rows'), `top_items` of a list (kind 'items')."""
        whole, top = (self.rows, self.top_rows) if kind == "rows" else (self.items, self.top_items)
        if len(df) <= whole:
            return df
        return df.sort_values(by, ascending=ascending, kind="mergesort").head(top)


def plural(n: int, one: str, many: str) -> str:
    return f"{tally(n)} {one if n == 1 else many}"


def src(source_id: str) -> str:
    """A source named in our prose: its id links to its bibliography entry (Evidence.src
    also records the link, so the bibliography lists the source)."""
    return f'<cite class="src"><a href="#src-{esc(source_id)}">{esc(source_id)}</a></cite>'


def table_link(name: str) -> str:
    """A link to a published table, relative to the briefing (reports/)."""
    return f'<a href="tables/{esc(name)}.csv"><code>reports/tables/{esc(name)}.csv</code></a>'


def shown_of(n_shown: int, n_all: int, what: str, table: str, n_rows: int) -> str:
    """The sentence under a shortened table or list: how much it shows, and the published
    table (of n_rows rows) that holds the rest."""
    if n_shown >= n_all:
        return ""
    return (
        f'<p class="note shortened">Shown: {tally(n_shown)} of {tally(n_all)} {esc(what)}. All '
        f"{tally(n_rows)} rows of the table are in {table_link(table)}.</p>"
    )


QUOTE_LIMIT = 220  # characters of a quoted sentence, beyond which it is shortened


def quoted(text: str, limit: int = QUOTE_LIMIT) -> str:
    """A marked quotation of the source's words, shortened at a word boundary. A footnote's
    number at its end is left out: it is the source's apparatus, not its words."""
    return quoted_around(text, "", limit)


def _closed(piece: str) -> str:
    """A shortened quotation with the quotation inside it that a cut left open closed after
    the ellipsis, or one the cut opened into begun before it ('“… stable Afghanistan.”'):
    the marks, not the words, are ours."""
    cut = segment.SHORTENED.strip()
    parts = piece.split(f" {cut} ")  # a cut in the middle: the opening words, then the stretch
    for i, part in enumerate(parts):
        opens, closes = part.count("“"), part.count("”")
        if opens > closes and (i < len(parts) - 1 or part.endswith(segment.SHORTENED)):
            parts[i] = part + "”" * (opens - closes)
        elif closes > opens and (i or part.startswith(cut + " ")):
            at = len(cut) + 1 if part.startswith(cut + " ") else 0
            parts[i] = part[:at] + "“" * (closes - opens) + part[at:]
    return f" {cut} ".join(parts)


def quoted_around(text: str, anchor: str, limit: int) -> str:
    """`quoted`, but a long sentence whose `anchor` (an event's date as written, or the words
    that put a sentence under its topic) a cut from its start would leave out is shortened
    around it instead (segment.cut_around)."""
    text = segment.without_footnote_mark(text.strip())
    shown = segment.cut_around(text, anchor, limit, whole_within=limit // 4)  # a sentence a little over: whole
    return f"<q>{esc(_closed(shown) if shown != text else shown)}</q>"


@dataclass
class Evidence:
    """Every cited passage, numbered in order of first citation, and every source the
    document links to (the bibliography lists those). A claim cites at most `max_citations`
    passages, one per source first; the others are counted."""

    sources: pd.DataFrame
    passages: pd.DataFrame
    texts: dict[str, str]
    max_citations: int = Limits.citations
    entries: list[dict] = field(default_factory=list)
    linked: set[str] = field(default_factory=set)
    _index: dict[tuple, int] = field(default_factory=dict)

    def cite(self, source_id: str, start: int, end: int) -> str:
        n = self._number(source_id, start, end)
        return f'<a class="cite" href="#ev-{n}" aria-label="evidence {n}, {esc(source_id)}">[{esc(source_id)}]</a>'

    def _number(self, source_id: str, start: int, end: int) -> int:
        """The passage's evidence number, given when it is first cited."""
        key = (source_id, int(start), int(end))
        if key not in self._index:
            self._index[key] = len(self.entries) + 1
            self.entries.append({"n": len(self.entries) + 1, "source_id": source_id, "start": int(start), "end": int(end),
                                 "quote": self.texts[source_id][int(start) : int(end)],
                                 "passage": self._passage_index.passage_of(source_id, int(start))})  # fmt: skip
            self.linked.add(source_id)
        return self._index[key]

    def src(self, source_id: str) -> str:
        self.linked.add(source_id)
        return src(source_id)

    def cite_rows(self, rows: pd.DataFrame, start="start_char", end="end_char", limit: int | None = None) -> str:
        """Citations of the distinct passages of `rows`; beyond `limit` (max_citations by
        default), one passage per source first, and the rest counted. Several passages of
        one source are one bracket, '[nato-2010: 2, 3]', each number linking to its
        evidence: the same label again and again read as a stutter."""
        limit = self.max_citations if limit is None else limit
        keys = list(dict.fromkeys(zip(rows["source_id"], rows[start], rows[end], strict=True)))
        chosen = keys if len(keys) <= limit else _spread_over_sources(keys, limit, self.linked)
        links = self.cite_passages(chosen)
        if len(chosen) < len(keys):
            links += f' <span class="more-cites">and {tally(len(keys) - len(chosen))} more passages</span>'
        return links

    def cite_passages(self, keys: list[tuple]) -> str:
        """Citations of passages given as (source_id, start, end), a source's together;
        a passage given twice is cited once."""
        by_source: dict[str, list[tuple]] = {}
        for key in dict.fromkeys((sid, int(start), int(end)) for sid, start, end in keys):
            by_source.setdefault(key[0], []).append(key)
        return " ".join(
            self.cite(*of_source[0]) if len(of_source) == 1 else self._cite_group(sid, of_source)
            for sid, of_source in by_source.items()
        )

    def _cite_group(self, source_id: str, keys: list[tuple]) -> str:
        """'[nato-2010: 2, 3]', the numbers in order whatever order the passages came in."""
        numbers = sorted(self._number(*k) for k in keys)
        sid = esc(source_id)
        inner = ", ".join(f'<a class="cite" href="#ev-{n}" aria-label="evidence {n}, {sid}">{n}</a>' for n in numbers)
        return f'<span class="cite-group"><span class="cite-label">[{sid}:</span> {inner}]</span>'

    @functools.cached_property
    def _passage_index(self) -> PassageIndex:
        return PassageIndex(self.passages)

    def appendix(self) -> str:
        items = "".join(
            f'<li id="ev-{e["n"]}"><span class="ev-head">[{e["n"]}] <a href="#src-{esc(e["source_id"])}">'
            f"{esc(e['source_id'])}</a>, passage {esc(e['passage'])}, characters {e['start']}–{e['end']}</span>"
            f"<blockquote>{_marks_raised(e['quote'])}</blockquote></li>"
            for e in self.entries
        )
        return (
            "<p>Every passage the briefing cites, numbered in the order first cited. A citation links to its entry: "
            "<em>[source-id]</em> to one passage of that source; where several passages of one source are cited at "
            "once, the bracket gives their numbers in this list, as in <em>[source-id: 3, 4]</em>. Each entry gives "
            "the passage id, whose row in <code>reports/tables/passages.csv</code> holds the whole passage, and the "
            "character offsets in the source's text as the build normalised it "
            "(<code>data/interim/text/&lt;source&gt;.txt</code>), counted as that table's <code>start_char</code> "
            "and <code>end_char</code> are. A raised number in a passage is the source's own footnote mark.</p>"
            f'<ol class="evidence">{items}</ol>'
        )


def _marks_raised(passage: str) -> str:
    """The passage, escaped, with its footnote numbers raised: set on the line, 'since 2001
    until 2017.3' read as a year '2017.3'. Only the mark is added; the characters are the
    source's."""
    out, at = [], 0
    for start, end in segment.footnote_marks(passage):
        out += [esc(passage[at:start]), f'<sup class="fn-mark">{esc(passage[start:end])}</sup>']
        at = end
    return "".join(out) + esc(passage[at:])


def _spread_over_sources(keys: list[tuple], limit: int, known: set[str] | frozenset = frozenset()) -> list[tuple]:
    """`limit` of the keys, the first of each source before a second of any, in their order;
    of more sources than the limit, those in `known` (already cited) first: the claim loses
    nothing, and in a large corpus the bibliography does not grow by sources one claim alone names."""
    firsts, seen = [], set()
    for k in keys:
        if k[0] not in seen:
            seen.add(k[0])
            firsts.append(k)
    firsts.sort(key=lambda k: k[0] not in known)  # stable: the order of the keys within each
    chosen = set(firsts[:limit])
    for k in keys:
        if len(chosen) >= limit:
            break
        chosen.add(k)
    return [k for k in keys if k in chosen]


@dataclass
class BriefingInputs:
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str]
    topics: list[dict]
    focus: str
    period_start: str
    period_end: str
    limits: Limits = field(default_factory=Limits)

    @functools.cached_property
    def publishers(self) -> dict[str, str]:
        """Each source's publisher key (reuse.publishers), for the notes that say why sources are one account."""
        return reuse.publishers(self.tables["sources"])

    @functools.cached_property
    def _event_rows(self) -> dict[str, int]:
        return {e: n for n, e in enumerate(self.tables["events"]["event_id"])}

    @functools.cached_property
    def _speaking(self) -> dict[str, dict]:
        return {}

    def speaking_report(self, timeline_row: pd.Series) -> dict:
        """The report that speaks for a timeline row (timeline.speaking_report), found once
        for its quotation and its date."""
        key = timeline_row["timeline_id"]
        if key not in self._speaking:
            self._speaking[key] = timeline.speaking_report(self.events_of(timeline_row["event_ids"]).to_dict("records"))
        return self._speaking[key]

    def events_of(self, event_ids: str) -> pd.DataFrame:
        """The rows of events.csv a timeline row merges, in table order."""
        rows = self._event_rows
        return self.tables["events"].iloc[sorted(rows[e] for e in str(event_ids).split(";") if e in rows)]

    @functools.cached_property
    def _topic_sentences(self) -> dict[str, pd.DataFrame]:
        return {}

    def topic_sentences(self, topic: dict) -> pd.DataFrame:
        """A topic's sentences (_topic_sentences), found once for its section and a finding."""
        key = topic["topic"]
        if key not in self._topic_sentences:
            self._topic_sentences[key] = _topic_sentences(self, topic)
        return self._topic_sentences[key]

    @functools.cached_property
    def topic_passages(self) -> list[tuple[str, str, int, str]]:
        """The usable paragraphs and list items in reading order, as (source_id, text,
        start_char, folded text): made once for all the topics, whose cues are then tried
        only on passages that hold their words (prefilter's gates)."""
        from helpers.prefilter import fold

        p = self.tables["passages"]
        p = p[p["usable"].astype(bool) & p["kind"].isin(["paragraph", "list_item"])].sort_values(["source_id", "seq"])
        columns = (p["source_id"].tolist(), p["text"].tolist(), p["start_char"].tolist())
        return [(sid, text, start, fold(text)) for sid, text, start in zip(*columns, strict=True)]


MAX_LABELS = 8  # wordings of one relationship listed; beyond, the most stated ones


def most_stated(values: pd.Series, limit: int = MAX_LABELS) -> list[str]:
    """The distinct values, sorted; beyond `limit`, the `limit` most often stated (then
    alphabetical), still sorted, and a last entry saying there are others."""
    labels = sorted(set(values))
    if len(labels) <= limit:
        return labels
    counts = values.value_counts()
    top = sorted(sorted(labels, key=lambda x: -counts[x])[:limit])
    return [*top, "and other wordings (relationships.csv has them all)"]


def status_labels(relationships: pd.Series) -> str:
    return ", ".join(status_list(relationships))


def status_list(relationships: pd.Series) -> list[str]:
    """The statuses held first ('member, elected five times since 2006': the other way
    round it read as two findings run together). 'member' is dropped when the same source
    set says 'member since 2006'."""
    if relationships.str.startswith("member since").any():
        relationships = relationships[relationships != "member"]
    labels = most_stated(relationships)
    return sorted(labels, key=lambda label: not _HELD.match(label))  # stable: each part keeps its order


def in_period(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Rows whose dates overlap [start, end]; an empty bound is no bound."""
    if df.empty or not (start or end):
        return df
    lo = dates.date_bounds(start)[0] if start else "0000-01-01"
    hi = dates.date_bounds(end)[1] if end else "9999-12-31"
    keep = [
        dates.date_bounds(s, e)[0] <= hi and lo <= dates.date_bounds(s, e)[1]
        for s, e in zip(df["date_start"], df["date_end"], strict=True)
    ]
    return df[keep]


def in_focus(df: pd.DataFrame, focus: str, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Events or timeline rows of a focus: an actor of it, or reported on a page one of its
    bodies publishes (`sources`), as its areas of cooperation are. NATO's own pages tell of
    'Alliance officials' and of support through its disaster centre in sentences that name
    no body of NATO's, and the NATO briefing had left those events out."""
    if focus == "all" or df.empty:
        return df
    wanted = FOCUS_ACTORS[focus]
    own = set(pages_published_by(sources, focus)) if sources is not None else set()
    reported_by = df["source_ids"] if "source_ids" in df else df["source_id"]
    keep = [
        bool(set(str(actors).split(";")) & wanted or own.intersection(str(ids).split(";")))
        for actors, ids in zip(df["actors"], reported_by, strict=True)
    ]
    return df[keep]


def sections_for(focus: str, topics: list[dict]) -> list[tuple[str, str]]:
    """The sections a focus shows: a body's section (NATO, the UN, the others) where one of
    its topics in briefing_topics.yml lists the focus. The lists had been written there
    and never read: the UN's Security Council topic, listed for Afghanistan, was not shown."""
    listed = {t["section"] for t in _topics_shown(topics, focus)}
    return [(anchor, title) for anchor, title, foci in SECTIONS if focus in foci or anchor in listed]


def _topics_shown(topics: list[dict], focus: str) -> list[dict]:
    return [t for t in topics if focus in t.get("focus", ())]


def shown_topics(inputs: BriefingInputs, section: str) -> list[dict]:
    return [t for t in _topics_shown(inputs.topics, inputs.focus) if t["section"] == section]


def table_of_contents(focus: str, topics: list[dict]) -> Fragment:
    items = "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in sections_for(focus, topics))
    return Fragment(f'<nav class="toc" aria-label="Contents"><h2 id="contents">Contents</h2><ol>{items}</ol></nav>')


def _events_of(inputs: BriefingInputs, timeline_row: pd.Series) -> pd.DataFrame:
    return inputs.events_of(timeline_row["event_ids"])


def _in_source_words(inputs: BriefingInputs, timeline_row: pd.Series, limit: int) -> str:
    """A timeline row's event as a quotation: the sentence of the report that speaks for
    the row (timeline.speaking_report). The row's description is that sentence with its
    date taken out, which reads well in a table of data but, edited, is no longer the
    source's words. A milestone line that opens with its date ('March 2005 Visit to
    Pakistan by ...') is quoted from the word after it: the date stands beside the quotation."""
    speaking = inputs.speaking_report(timeline_row)
    quote, date_text = speaking["quote"], speaking["date_text"]
    after = len(date_text) + 1
    if date_text and quote.startswith(date_text + " ") and quote[after : after + 1].isupper():
        return quoted(_first_sentence_if_cut(quote[after:], limit), limit)
    link = _LINKING_WORD.match(quote)
    if link and date_text not in link.group(0):
        shown = quoted_around(quote[link.end() :], date_text, limit - 2)
        return shown if shown.startswith("<q>… ") else shown.replace("<q>", "<q>… ", 1)
    return quoted_around(quote, date_text, limit)


# A word that ties a sentence to the one before it ('Consequently, the UN has celebrated …'):
# an event quoted alone is quoted from after it, the cut marked, as it had read as an answer
# to a question the briefing never asked.
_LINKING_WORD = re.compile(
    r"(?:Consequently|However|Thus|Therefore|Moreover|Hence|Furthermore|Additionally|Nonetheless|Nevertheless|"
    r"Meanwhile|Similarly|Likewise|Accordingly|Besides|Subsequently|In addition|In contrast|As a result),\s+(?=\w)"
)


def _first_sentence_if_cut(line: str, limit: int) -> str:
    """A milestone line too long to quote whole, as its first sentence and a mark that it goes
    on ('Opening of Joint Intelligence Operations Centre (JIOC) at ISAF HQ. …'), when that
    sentence fits: a cut inside the next one had ended '… between ISAF and the …'."""
    if len(line) <= limit:
        return line
    first = segment.first_sentence(line)
    return first + segment.SHORTENED if len(first) + len(segment.SHORTENED) <= limit and first != line else line


def period_label(period: str) -> str:
    """A figure's period for a reader: '2005-10' is October 2005, not 2005 to 2010."""
    return dates.period_label(period, _date_label)


def _milestone_date(inputs: BriefingInputs, row) -> str:
    """A timeline row's date as its speaking report words it: an open one keeps its 'since'
    or 'from' ('since 2005': the Deputy Secretary General's two visits are not of 2005 alone),
    'post-9/11' is 'after 11 September 2001', not that day, 'predates 2004' is 'before 2004',
    and one read against the publication date ('this year') is marked inferred."""
    label = _event_date_label(row)
    speaking = inputs.speaking_report(row)
    if speaking["date_inferred"] and dates.is_relative(str(speaking["date_text"])):
        return f"{label} (inferred)"  # 'this year', read against a publication date (README: relative phrases)
    end = row.get("date_end")
    if isinstance(end, str) and end:
        return label
    opening = dates.opening_word(str(speaking["date_text"])) or dates.closing_word(
        speaking["quote"], str(speaking["date_text"])
    )
    return f"{opening} {label}" if opening else label


def _event_date_label(row) -> str:
    """An event's date as a reader reads it: a range with both its ends ('1979–1989'; the
    milestones had shown its start alone, as if the event were that year's)."""
    start, end = row["date_start"], row.get("date_end")
    if not (isinstance(end, str) and end and end != start):
        return _date_label(start)
    if len(start) == len(end) == 10 and start[:7] == end[:7]:  # '15–16 October 2024', not the month twice
        return f"{int(start[8:])}–{_date_label(end)}"
    if len(start) == len(end) == 7 and start[:4] == end[:4]:  # 'March–May 2005'
        return f"{_date_label(start).split()[0]}–{_date_label(end)}"
    return f"{_date_label(start)}–{_date_label(end)}"


def _date_label(date: str) -> str:
    import calendar

    if len(date) == 10:
        return f"{int(date[8:])} {calendar.month_name[int(date[5:7])]} {date[:4]}"
    if len(date) == 7:
        return f"{calendar.month_name[int(date[5:7])]} {date[:4]}"
    return date


def _n_rows(inputs: BriefingInputs, table: str) -> int:
    return len(inputs.tables[table])


def timeline_rows(inputs: BriefingInputs) -> pd.DataFrame:
    t = inputs.tables["timeline"]
    if inputs.period_start or inputs.period_end:
        kept = in_period(t.assign(date_end=_ends_read(inputs, t)), inputs.period_start, inputs.period_end)
        t = t.loc[kept.index]
    return in_focus(t, inputs.focus, inputs.tables["sources"])


def _ends_read(inputs: BriefingInputs, rows: pd.DataFrame) -> list[str]:
    """Each row's end as a reader reads it: a date 'since 2005' runs until its source was
    published ('has visited Pakistan twice since 2005', of 2010, falls in 2008 too); read
    as its first year alone, it fell outside every later period. 'From 1994' may have
    ended at any time, and keeps its start."""
    published = dict(zip(inputs.tables["sources"]["source_id"], inputs.tables["sources"]["published"], strict=True))
    events = inputs.tables["events"]
    opens = {
        e for e, d in zip(events["event_id"], events["date_text"], strict=True) if dates.opening_word(d) == "since"
    }
    ends = []
    for _, row in rows.iterrows():
        end = row["date_end"]
        if not end and opens.intersection(str(row["event_ids"]).split(";")):
            speaking = inputs.speaking_report(row)
            if dates.opening_word(str(speaking["date_text"])) == "since":
                end = published.get(speaking["source_id"]) or ""
        ends.append(end)
    return ends


# ---------------------------------------------------------------- key findings


def _standing_findings(inputs: BriefingInputs, ev: Evidence) -> list[str]:
    """Pakistan's standing with NATO, with the UN and its own bodies (the Human Rights Council
    goes with the UN, not among CENTO and the SCO), and in the other bodies, as far as the
    focus covers each. In the UN briefing every standing it keeps is the UN system's."""
    rel, focus = inputs.tables["relationships"], inputs.focus
    statuses = standing_in_other_bodies(rel, focus)
    if focus == "all":
        orgs = inputs.tables["organizations"]
        in_un = statuses["org_id"].isin(set(orgs.loc[orgs["org_type"] == "un body", "org_id"]))
    else:
        in_un = pd.Series(focus == "un", index=statuses.index, dtype=bool)
    un_system = _standings(statuses[in_un], inputs, ev) if in_un.any() else ""
    nato, un = stated_about(rel[rel["org_id"] == "nato"], focus, "nato"), rel[rel["org_id"] == "un"]
    found = []
    if len(nato) and focus in ("all", "nato", "afghanistan"):
        scope = "" if focus in ("all", "nato") else f", in sentences that name {FOCUS_SUBJECTS[focus]},"
        found.append(_standing_with(f"NATO{scope}", nato, ev))
    if len(un) and focus in ("all", "un"):
        found.append(_standing_with("the UN", un, ev, f"; within the UN system, {un_system}" if un_system else ""))
    elif un_system:  # no standing with the UN itself to join
        found.append(f"Within the UN system, the sources record Pakistan as {un_system}.")
    others = {"all": "In other bodies", "regional": "Among regional and other bodies"}
    if focus in others and (~in_un).any():
        found.append(f"{others[focus]}, the sources record Pakistan as {_standings(statuses[~in_un], inputs, ev)}.")
    return found


def _standing_with(body: str, stated: pd.DataFrame, ev: Evidence, also: str = "") -> str:
    return (
        f"The sources describe Pakistan's standing with {body} as: "
        + "; ".join(esc(x) for x in most_stated(stated["relationship"]))
        + f" {ev.cite_rows(stated)}{also}."
    )


def _standings(statuses: pd.DataFrame, inputs: BriefingInputs, ev: Evidence) -> str:
    """Each body's standing, cited to the passages that state it (one citation per body
    left a status uncited when two sources gave two)."""
    return "; ".join(
        f"{esc(_standing_of(status_list(rows['relationship']), name))} "
        f"{ev.cite_rows(rows, limit=inputs.limits.cell_citations)}"
        for name, rows in statuses.groupby("name")
    )


_HELD = re.compile(r"(?:former )?(?:member|observer|non-member)\b")


def _standing_of(labels: list[str], body: str) -> str:
    """'member of the United Nations Human Rights Council (elected five times since 2006)':
    the statuses held, then what else is said. 'elected five times since 2006, member of
    the …' had read as two findings run together."""
    held = [label for label in labels if _HELD.match(label)]
    said = [label for label in labels if label not in held]
    if not held and said[0] == "joined":  # the source says Pakistan joined, not that it is a member
        return f"having joined the {body}" + (f" ({'; '.join(said[1:])})" if said[1:] else "")
    if not held:
        held, said = said[:1], said[1:]
    now = [label for label in held if not label.startswith("former ")]
    before = [label.removeprefix("former ") for label in held if label not in now]
    if [label for label in now if label not in before]:  # a status one source says was left, beside another held
        now = [label for label in now if label not in before]  # 'member and observer (formerly an observer)'
    if now and before:  # 'former observer and member of the SCO' read as if Pakistan had left it
        formerly = " and ".join(f"{'an' if b[0] in 'aeiou' else 'a'} {b}" for b in before)
        held = [f"{' and '.join(now)} (formerly {formerly})"]
    return f"{' and '.join(held)} of the {body}" + (f" ({'; '.join(said)})" if said else "")


def standing_in_other_bodies(relationships: pd.DataFrame, focus: str) -> pd.DataFrame:
    """Pakistan's standing (membership, observer status...) in every body but NATO and the
    UN, whose own findings come first, as the sources state it; for a focus, in the
    focus's bodies only. The part it takes in a body's work (partner, troops) is not a
    standing."""
    rel = relationships
    statuses = rel[~rel["org_id"].isin(["nato", "un"]) & rel["relationship"].str.match(STANDING)]
    if focus != "all":  # by acronym, or by name for a body that has none
        statuses = statuses[
            statuses["org_id"].str.upper().isin(FOCUS_ACTORS[focus]) | naming_focus(statuses, focus, ("name",))
        ]
    return statuses


def _most_named(counts: pd.Series, at_least: int = 3, at_most: int = 8) -> list[tuple[list[str], int]]:
    """The areas named by the most sources, grouped by how many, until `at_least` are named:
    'the most widely named' had listed three of six areas tied at three sources, as if the
    others were fewer. A tie too large to list whole is left out after the first group."""
    groups: list[tuple[list[str], int]] = []
    for n in sorted(set(counts), reverse=True):
        group = sorted(counts[counts == n].index)
        if groups and sum(len(g) for g, _ in groups) + len(group) > at_most:
            break
        groups.append((group, int(n)))
        if sum(len(g) for g, _ in groups) >= at_least:
            break
    return groups


def _setbacks_sentence(coop: pd.DataFrame, ev: Evidence, limit: int) -> str:
    """' Some sentences name an area to report a setback rather than cooperation: closed
    or suspended (logistics and transit [cite]); …': a sentence naming an area is counted
    as naming it, and the closure of ISAF's transit routes had read as one more sign of
    cooperation."""
    groups = _setback_groups(coop)
    if not groups:
        return ""
    parts = [
        f"{esc(setback)} ({esc(segment.and_list(list(dict.fromkeys(rows['area']))))} {ev.cite_rows(rows, limit=limit)})"
        for setback, rows in groups
    ]
    sentences = pd.concat([rows for _, rows in groups])[["source_id", "start_char"]].drop_duplicates()
    return (
        f" {'One sentence names' if len(sentences) == 1 else 'Some sentences name'} "
        f"an area to report a setback rather than cooperation: {'; '.join(parts)}."
    )


def _setback_groups(coop: pd.DataFrame) -> list[tuple[str, pd.DataFrame]]:
    """The rows of cooperation.csv that report a setback, by setback, in the table's order."""
    return list(coop[coop["setback"] != ""].groupby("setback", sort=False))


def _areas_counted(inputs: BriefingInputs) -> str:
    """What the finding's areas are named with: the NATO table counts NATO's alone, and the
    whole briefing's finding, counting every partner's, had seemed to contradict it."""
    if inputs.focus == "all":
        return ", with any partner (NATO's are listed in its section)"
    own_pages = ", or on pages they publish" if pages_published_by(inputs.tables["sources"], inputs.focus) else ""
    # the Afghanistan briefing's NATO table (NATO's areas) had given counter-terrorism one source, its finding three
    partner = ", with any partner" if inputs.focus != "nato" else ""
    return f" in sentences that name {FOCUS_SUBJECTS[inputs.focus]}{own_pages}{partner}"


# characters of an event's quotation in the timeline's table, its chart's data and NATO's
# milestones (at 140 the milestones had cut '56 countries, NGOs … Pakistan' from its verb)
MILESTONE_QUOTE = 160
# characters of an event's quotation in a finding: at 90, the quotation cut around its date
# had begun '… which completed its mission in Afghanistan in 2014', without ISAF, its subject
FINDING_QUOTE = 140


def key_findings(inputs: BriefingInputs, ev: Evidence) -> list[str]:
    """Five to eight findings, each computed from the tables and cited."""
    t = inputs.tables
    findings = []
    timeline = timeline_rows(inputs)
    corroborated = timeline[timeline["n_sources"] > 1].sort_values(
        ["n_accounts", "n_sources", "date_start"], ascending=[False, False, True], kind="mergesort"
    )
    if len(corroborated):
        parts = []
        top = corroborated.head(3)
        passed = _passed_over(corroborated, top)
        with_accounts = bool((top["n_accounts"] < top["n_sources"]).any()) or not passed.empty
        for _, row in top.iterrows():
            members = _events_of(inputs, row)
            parts.append(
                f"{_in_source_words(inputs, row, FINDING_QUOTE)} ({esc(_milestone_date(inputs, row))}, "
                f"{_attested(row, with_accounts)}) {ev.cite_rows(members, limit=inputs.limits.cell_citations)}"
            )
        n = len(corroborated)
        # 'The best attested:' over three of four had read as if the list were whole
        listed = {1: "It is: ", 2: "They are: ", 3: "They are: "}.get(n, f"The {tally(len(parts))} best attested: ")
        rest = f" The timeline marks all {tally(n)}." if n > len(parts) else ""
        findings.append(
            f"Of {plural(len(timeline), 'event', 'events')} {_events_in(inputs)}, {tally(n)} "
            f"{'is' if n == 1 else 'are'} reported by more than one source{_independently(corroborated)}. {listed}"
            + "; ".join(parts)
            + "."
            + "".join(
                f" Not among them, though in more sources: {_in_source_words(inputs, row, FINDING_QUOTE)} "
                f"({esc(_milestone_date(inputs, row))}, {_attested(row, True)}) "
                f"{ev.cite_rows(_events_of(inputs, row), limit=inputs.limits.cell_citations)}."
                for _, row in passed.iterrows()
            )
            + rest
            + _one_account_rule(pd.concat([top, passed]))
            + _shared_wording_elsewhere(inputs, ev, top)
        )
    elif len(timeline):  # a narrow focus or period: say so, and where its events begin
        first = timeline.sort_values("date_start").iloc[0]
        findings.append(
            f"Of {plural(len(timeline), 'event', 'events')} {_events_in(inputs)}, none is reported by more than one "
            f"source. The earliest: {_in_source_words(inputs, first, FINDING_QUOTE)} ({esc(_milestone_date(inputs, first))}) "
            f"{ev.cite_rows(_events_of(inputs, first), limit=inputs.limits.cell_citations)}."
        )
    findings += _standing_findings(inputs, ev)
    if inputs.focus == "afghanistan":  # the briefing's own subject, which its findings had left out
        findings += [_topic_finding(inputs, ev, t) for t in shown_topics(inputs, "afghanistan")]
    coop = cooperation_about(inputs, inputs.focus)
    if len(coop):
        counts = coop.groupby("area")["source_id"].nunique()
        groups = _most_named(counts)
        named = [a for group, _ in groups for a in group]
        firsts = coop[coop["area"].isin(named)].drop_duplicates("source_id")
        findings.append(
            f"The sources name {plural(len(counts), 'area', 'areas')} of cooperation{_areas_counted(inputs)}. "
            + (
                f"None is named by more than one source: {esc(segment.and_list(groups[0][0]))}"
                if groups[0][1] == 1  # 'the most widely named … (1 source each)' had said nothing
                else "The most widely named are "
                + "; then ".join(
                    f"{esc(segment.and_list(group))} ({plural(n, 'source', 'sources')}{' each' if len(group) > 1 else ''})"
                    for group, n in groups
                )
            )
            + f". {ev.cite_rows(firsts)}"
            + _setbacks_sentence(coop, ev, inputs.limits.cell_citations)
        )
    disc = t["discrepancies"]
    disc = disc[naming_focus(disc, inputs.focus, ("quote_a", "quote_b"))]
    fig = disc[disc["kind"] == "figure"]
    for _, d in fig.head(1).iterrows():
        findings.append(
            f"Figures for {esc(d['subject'])} differ: {esc(d['value_a'])} in {ev.src(d['source_a'])} and "
            f"{esc(d['value_b'])} in {ev.src(d['source_b'])}; {esc(d['note'])}. "
            + ev.cite_passages([(d["source_a"], d["start_a"], d["end_a"]), (d["source_b"], d["start_b"], d["end_b"])])
        )
    two_dates = disc[disc["kind"] == "date"]
    for _, d in two_dates.head(1).iterrows():
        findings.append(
            f"{'One source gives' if d['source_a'] == d['source_b'] else 'Two sources give'} two dates for one "
            f"milestone ({_milestone_named(d)}): {_note(d)}. "
            + ev.cite_passages([(d["source_a"], d["start_a"], d["end_a"]), (d["source_b"], d["start_b"], d["end_b"])])
        )
    pos = positions_about(t["positions"], inputs.focus)
    if len(pos):
        lines = []
        for question, group in pos.groupby("question"):
            taken = group[group["position"] != "not addressed"]
            if taken.empty:
                continue
            summary = ", ".join(f"{ev.src(r.source_id)}: {esc(r.position)}" for r in taken.itertuples())
            shared = agreed_position(list(taken["position"]))
            if shared:  # say so when they agree, as a list would hide it
                summary = f"all {tally(len(taken))} sources that address it are {esc(shared)} ({summary})"
            lines.append(f"<li>On {esc(question)}: {summary} {ev.cite_rows(taken)}</li>")
        if lines:  # a question a line: run together, four questions made one sentence of 120 words
            findings.append(
                'Where the sources take positions (the <a href="#comparison">comparison</a> quotes each):'
                f'<ul class="positions-found">{"".join(lines)}</ul>'
            )
    return [f for f in findings if f][:8]


def _attested(row, with_accounts: bool) -> str:
    """'3 sources', or '3 sources, 1 independent account' where the list counts accounts
    (reuse.Accounts): NATO's two pages and a column that repeats one of them had read as
    three witnesses of the 2005 airlift. Counted for every event of the list or none: an
    event without the count had read as uncounted."""
    said = plural(row["n_sources"], "source", "sources")
    if with_accounts:
        said += f", {plural(row['n_accounts'], 'independent account', 'independent accounts')}"
    return said


def _independently(corroborated: pd.DataFrame) -> str:
    """' (2 of them by more than one independent account)', where that is fewer."""
    n = int((corroborated["n_accounts"] > 1).sum())
    if n == len(corroborated):
        return ""
    return f" ({tally(n)} of {'it' if len(corroborated) == 1 else 'them'} by more than one independent account)"


def _passed_over(corroborated: pd.DataFrame, listed: pd.DataFrame, most: int = 2) -> pd.DataFrame:
    """Events left out of the best attested for counting fewer independent accounts, though
    in more sources than one listed: the 2005 earthquake, in three sources, had gone
    unnamed beside events in two (a reader's review)."""
    rest = corroborated.drop(listed.index)
    return rest[rest["n_sources"] > listed["n_sources"].min()].head(most)


def _shared_wording_elsewhere(inputs: BriefingInputs, ev: Evidence, listed: pd.DataFrame) -> str:
    """Sources counted as separate accounts of a listed event though they share wording in
    other passages: the caveat had stood only in Method, far from the count it qualifies
    (abbas-2017 repeats nato-2010 elsewhere, and both report the JIOC's opening)."""
    pairs = inputs.tables.get("shared_wording_by_pair")
    if pairs is None or pairs.empty:
        return ""
    apart = set()
    for accounts in listed["accounts"]:
        account_of = {s: n for n, account in enumerate(timeline.accounts_of(accounts)) for s in account}
        apart |= {
            (a, b)
            for a, b in zip(pairs["source_a"], pairs["source_b"], strict=True)
            if a in account_of and b in account_of and account_of[a] != account_of[b]
        }
    if not apart:
        return ""
    pairs_named = [f"{ev.src(a)} and {ev.src(b)}" for a, b in sorted(apart)]
    link = '(<a href="#shared-wording">Shared wording</a>)'
    if len(pairs_named) == 1:
        return (
            f" {pairs_named[0]} share wording elsewhere, so the count may overstate how independent their accounts "
            f"above are {link}."
        )
    return (
        f" Pairs that share wording elsewhere ({'; '.join(pairs_named)}): the count may overstate how independent "
        f"their accounts above are {link}."
    )


def _one_account_rule(listed: pd.DataFrame) -> str:
    """What 'independent account' means, where a listed event counts fewer accounts than sources."""
    if (listed["n_accounts"] == listed["n_sources"]).all():
        return ""
    return (
        " Sources count as one account of an event when one body published them, or when the passages that report "
        'it share wording (<a href="#shared-wording">Shared wording</a>).'
    )


def _topic_finding(inputs: BriefingInputs, ev: Evidence, topic: dict) -> str:
    """How many sources discuss a topic, and the sentence it was written for in its
    source's words ('3 sources discuss talks with the Taliban …; hunter-2021: “Pakistan
    has also not only helped to facilitate talks between the US and the Taliban …”')."""
    written_for = topic.get("quote", "")
    sentences = inputs.topic_sentences(topic)
    lead = sentences[sentences["quote"].str.contains(written_for, regex=False)] if written_for else sentences[:0]
    if lead.empty:
        return ""
    r = lead.iloc[0]
    title = topic["title"][:1].lower() + topic["title"][1:]
    n = sentences["source_id"].nunique()
    return (
        f"{plural(n, 'source discusses', 'sources discuss')} {esc(title)} "
        f"(see {esc(next(t for a, t, _ in SECTIONS if a == topic['section']))}); {ev.src(r.source_id)}: "
        f"{quoted(r.quote, FINDING_QUOTE)} {ev.cite(r.source_id, r.start_char, r.end_char)}."
    )


def agreed_position(positions: list[str]) -> str | None:
    """The position several sources share, word for word: 'favourable' and 'favourable
    (official)' are two (a page that describes a cooperation is not a paper that argues
    for it), and saying that all agree would take the difference away."""
    return positions[0] if len(positions) > 1 and len(set(positions)) == 1 else None


def findings_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    findings = key_findings(inputs, ev)
    if not findings:  # a heading over nothing had read as a build that broke
        n = len(inputs.tables["sources"])
        return _section(
            "summary",
            f"<p>No key finding: within this briefing's scope, the corpus's {plural(n, 'source', 'sources')} "
            f"{'dates' if n == 1 else 'date'} no event and {'states' if n == 1 else 'state'} no standing, area of "
            "cooperation, differing figure or position that the rules or the analysts' annotations find. The "
            'sections below say what each found; <a href="#method">Method and limits</a> says what the rules look '
            "for.</p>",
        )
    items = "".join(f"<li>{f}</li>" for f in findings)
    return _section("summary", f'<ul class="findings">{items}</ul>')


# ---------------------------------------------------------------- sections


def _section(anchor: str, body: str, intro: str = "") -> Fragment:
    title = next(t for a, t, _ in SECTIONS if a == anchor)
    return Fragment(f'<section id="{anchor}"><h2>{esc(title)}</h2>{intro}{body}</section>')


def _chart_block(chart, table_caption: str, limits: Limits, reword=None, raw_html_columns: tuple[str, ...] = ()) -> str:
    """The chart, and the data it draws under a toggle: all of it when it fits the
    briefing's limits, else its first rows and how many there are (it had stopped at 40
    rows without a word, five events short of the timeline its caption counted). `reword`,
    when given, turns the rows shown into what a reader reads."""
    if chart.data.empty:  # the chart says there is nothing to draw; no table of nothing under it
        return chart.html()
    data = chart.data.head(limits.table_length(len(chart.data)))
    if reword is not None:
        data = reword(data)
    table = html_table(data.astype(str), table_caption, raw_html_columns=raw_html_columns, css_class="data chart-data")
    if len(data) < len(chart.data):
        table += (
            f'<p class="note shortened">Shown: the first {tally(len(data))} of {tally(len(chart.data))} rows '
            f"of the chart's data, drawn from {table_link(chart.drawn_from)}.</p>"
        )
    return chart.html() + f'<details class="chart-data"><summary>Data behind the chart</summary>{table}</details>'


_IN_SOURCE_COLUMN = "event (as the source puts it)"


def _in_source_column(inputs: BriefingInputs, data: pd.DataFrame) -> pd.DataFrame:
    """The timeline chart's rows with each event in its source's words, as the milestones
    give it: the description, its date taken out, had read 'Bonn ( and 2011)' and spoke
    the source's words in the briefing's voice. A chart of years has no such column."""
    if "description" not in data.columns:
        return data
    rows = inputs.tables["timeline"].set_index("timeline_id", drop=False)
    quoted = [_in_source_words(inputs, rows.loc[t], MILESTONE_QUOTE) for t in data["timeline_id"]]
    return data.drop(columns="description").assign(**{_IN_SOURCE_COLUMN: quoted})


def _scope_words(inputs: BriefingInputs) -> str:
    """The period and focus a briefing keeps to, as words to end a sentence with."""
    parts = []
    if inputs.period_start or inputs.period_end:
        parts.append(f"{esc(inputs.period_start) or '…'} to {esc(inputs.period_end) or '…'}")
    if inputs.focus != "all":
        parts.append(FOCUS_NAMED[inputs.focus])
    return f" ({', '.join(parts)})" if parts else ""


# A focus as a reader names it ('focus un' had stood in the prose).
FOCUS_NAMED = {"nato": "NATO", "un": "the UN", "afghanistan": "Afghanistan", "regional": "other bodies"}


def scope_line(inputs: BriefingInputs) -> str:
    """The cover's plain words for the focus and period ('focus = un; period_start = 2017'
    had stood there, in the parameters' names). Not escaped: render.title_block does it."""
    bodies = FOCUS_NAMED.get(inputs.focus, "every body the sources name")
    start, end = inputs.period_start, inputs.period_end
    if start and end:
        period = f"{start} to {end}"
    elif start or end:
        period = f"from {start}" if start else f"up to {end}"
    else:
        period = "every date they give"
    return f"{bodies}; {period}."


def _events_in(inputs: BriefingInputs) -> str:
    """Where a finding's events are counted: a focused or dated briefing's are not all the
    sources' (its source table, below, counts every subject and year)."""
    return _scope_in(inputs).strip() or "in the sources"


def _scope_in(inputs: BriefingInputs) -> str:
    """' in this briefing's scope (2000 to …, the UN)', or nothing for the whole corpus."""
    scope = _scope_words(inputs)
    return f" in this briefing's scope{scope}" if scope else ""


def best_attested(timeline: pd.DataFrame, limits: Limits, kind: str = "rows") -> pd.DataFrame:
    """Every event when they fit, else those reported by the most sources (earliest first
    on a tie); in date order. (Ranked by independent accounts first, the x20 corpus's
    briefing had cited 75 sources, and its bibliography passed the 60 rows a table prints.)"""
    top = limits.shorten(timeline, ["n_sources", "date_start"], [False, True], kind)
    return top.sort_values("date_start", kind="mergesort")


def timeline_section(inputs: BriefingInputs, ev: Evidence, chart) -> Fragment:
    everything = timeline_rows(inputs)
    if everything.empty:  # a period or focus no event falls in: no chart to draw, no rows to list
        return _section(
            "timeline", "", f"<p>No source dates an event in this briefing's scope{_scope_words(inputs)}.</p>"
        )
    rows = best_attested(everything, inputs.limits)
    sentences = _by_speaking_sentence(inputs, rows)
    table = pd.DataFrame({
        "Date": [_dates_of(inputs, group) for group in sentences],
        "Type": [" / ".join(dict.fromkeys(r["event_type"] for r in group)) for group in sentences],
        "Event (as the source puts it)": [_in_source_words(inputs, group[0], MILESTONE_QUOTE) for group in sentences],
        "Sources": [_cite_group(inputs, ev, group) for group in sentences],
    })  # fmt: skip
    one_row_each = (
        f" A sentence that dates several events is one row of the table, with all its dates ({tally(len(sentences))} "
        f"rows for {tally(len(rows))} events)."
        if len(sentences) < len(rows)
        else ""
    )
    intro = (
        f"<p>The sources date {plural(len(everything), 'event', 'events')}{_scope_in(inputs)}. Reports of the "
        f"same event in several sources are merged into one row; the chart marks how many sources report each."
        f"{one_row_each}</p>"
    )
    caption = "Key milestones"
    if len(rows) < len(everything):
        caption = "Key milestones: the events reported by the most sources"
    body = (
        _chart_block(
            chart,
            "Events plotted in the timeline chart",
            inputs.limits,
            functools.partial(_in_source_column, inputs),
            raw_html_columns=(_IN_SOURCE_COLUMN,),
        )
        + html_table(
            table,
            caption,
            raw_html_columns=("Event (as the source puts it)", "Sources"),
            css_class="data",
            usage_note=True,
        )
        + shown_of(
            len(rows),
            len(everything),
            "events, those reported by the most sources",
            "timeline",
            _n_rows(inputs, "timeline"),
        )
    )
    return _section("timeline", body, intro)


def _topic_sentences(inputs: BriefingInputs, topic: dict) -> pd.DataFrame:
    """Sentences of usable passages that match a topic's cues, in reading order. A
    sentence matches only inside a passage that does, and a passage only if it holds one
    of the strings the cues need: at x1000, searching every passage for every topic's
    cues was a third of the briefing's time."""
    from helpers import prefilter, segment

    cue = prefilter.gate(topic["cues"], re.IGNORECASE)
    within = re.compile(topic["within"]) if topic.get("within") else None
    # in another focus's briefing (Afghanistan's NATO and UN topics), the paragraphs that
    # name that focus: a sentence alone had lost its context ('In result, Pakistan closed
    # ground communication lines' without the attack on Salala before it)
    elsewhere = inputs.focus not in ("all", topic["section"])
    rows = []
    for sid, text, start, folded in inputs.topic_passages:
        if not cue.may_match(text, folded) or not cue.pattern.search(text):
            continue
        if within and not within.search(text):
            continue
        if elsewhere and not about_focus([text], inputs.focus):
            continue
        for s in segment.split_sentences(text, start):
            if m := cue.pattern.search(s.text):
                rows.append(
                    {"source_id": sid, "quote": s.text, "start_char": s.start, "end_char": s.end, "cue": m.group(0)}
                )
    return pd.DataFrame(rows, columns=["source_id", "quote", "start_char", "end_char", "cue"])


def _status_lines(inputs: BriefingInputs, ev: Evidence, bodies: list[str], section: str) -> str:
    rel = inputs.tables["relationships"]
    rel = stated_about(rel[rel["org_id"].isin(bodies)], inputs.focus, section)
    if rel.empty:
        return ""
    items = "".join(
        f"<li><strong>{esc(name)}</strong>: {esc(status_labels(g['relationship']))} {ev.cite_rows(g)}</li>"
        for name, g in rel.groupby("name")
    )
    scope = "" if inputs.focus in ("all", section) else f", in sentences that name {FOCUS_SUBJECTS[inputs.focus]}"
    return f"<h3>Pakistan's standing as the sources state it{scope}</h3><ul>{items}</ul>"


def stated_about(relationships: pd.DataFrame, focus: str, section: str) -> pd.DataFrame:
    """The standings a briefing on `focus` shows in `section` (nato, un): all of them in the
    section's own briefing and the whole one, else those stated in a sentence that names
    the focus. The Afghanistan briefing had given NATO's science programme and its
    'partners across the globe' as Pakistan's standing, from sentences that never name
    Afghanistan, above areas of cooperation kept to those that do."""
    if focus in ("all", section):
        return relationships
    return relationships[naming_focus(relationships, focus)]


def _source_and_kind(inputs: BriefingInputs, ev: Evidence, source_id: str) -> str:
    """'saadia-2022 (essay)': a source named with its kind, as the bibliography gives it."""
    kind = text_of(inputs.tables["sources"].set_index("source_id")["kind"].get(source_id))
    return ev.src(source_id) + (f" ({esc(kind)})" if kind else "")


def _topic_blocks(inputs: BriefingInputs, ev: Evidence, topics: list[dict]) -> str:
    """A section's topics, each sentence quoted under the first of them it matches."""
    taken: set = set()
    return "".join(_topic_block(inputs, ev, t, taken=taken) for t in topics)


def _topic_block(inputs: BriefingInputs, ev: Evidence, topic: dict, limit: int = 4, taken: set | None = None) -> str:
    """A topic's sentences in the sources' words. `taken` holds the sentences (source,
    start) earlier topics of the section matched: a sentence belongs to the first topic
    whose cues it matches, and is not quoted under a later one (a sentence about the
    Conference on Disarmament that names the Security Council in passing is not the
    Council's), even where the first topic had no room to quote it."""
    matched = sentences = inputs.topic_sentences(topic)
    if taken is not None:
        keys = list(zip(sentences["source_id"], sentences["start_char"], strict=True))
        sentences = sentences[[k not in taken for k in keys]]
        taken.update(keys)
        if not matched.empty and sentences.empty:
            return (
                f"<h3>{esc(topic['title'])}</h3><p>What the sources say of this is quoted under the topics above.</p>"
            )
    if sentences.empty:
        return f"<h3>{esc(topic['title'])}</h3><p>None of the sources in this corpus discusses this.</p>"
    # counted over every sentence on it, those quoted above too: 'One source discusses this' had
    # hidden abbas-2017 on the OIC, quoted under SAARC above (reader review)
    n_sources = matched["source_id"].nunique()
    quoted_above = sorted(set(matched["source_id"]) - set(sentences["source_id"]))
    above = f" ({segment.and_list(_few_named(ev, quoted_above))} quoted under the topics above)" if quoted_above else ""
    shown = _topic_quotes(sentences, topic.get("quote", ""), limit, topic.get("story_quotes", ()))
    items = "".join(
        # shortened around the words that put it under this topic: cut from its start, the
        # SCO's sentence had ended '… and entrance into …' before it named the SCO (reader review)
        f"<li>{quoted_around(r.quote, r.cue, QUOTE_LIMIT)} {ev.cite(r.source_id, r.start_char, r.end_char)}</li>"
        for r in shown.itertuples()
    )
    rest = (
        f'<p class="note">Quoted: {tally(len(shown))} of the {tally(len(sentences))} sentences on this; the '
        f"passages that hold them are in {table_link('passages')}.</p>"
        if len(shown) < len(sentences)
        else ""
    )
    if n_sources == 1:  # named: 'one source' hid that three of the UN's topics rest on one essay (reader review)
        intro = (
            f"One source discusses this, {_source_and_kind(inputs, ev, sentences['source_id'].iloc[0])}; "
            "what it says, in its words:"
        )
    else:
        fewer = _fewer_accounts(inputs, ev, topic_accounts(inputs, matched), n_sources)
        intro = f"{plural(n_sources, 'source discusses', 'sources discuss')} this{above}{fewer}" + (
            ". What they say, in their words:" if fewer else "; what they say, in their words:"
        )
    return f'<h3>{esc(topic["title"])}</h3><p>{intro}</p><ul class="quotes">{items}</ul>{rest}'


def topic_accounts(inputs: BriefingInputs, sentences: pd.DataFrame) -> list[list[str]]:
    """The independent accounts among the sources of a topic's sentences, by the rule the
    timeline counts an event's by (reuse.Accounts): one publisher's pages are one account,
    and so are sources whose sentences on the topic share a run of words. abbas-2017's
    sentence on the Tripartite Commission repeats NATO's 2010 page word for word, and '2
    sources discuss this' had read as two witnesses (reader review). The runs are looked
    for among the topic's sentences alone: the briefing does not read every run of the
    corpus (127 MB at x1000)."""
    spans = sentences.assign(
        passage_id=[
            f"{sid}@{start}" for sid, start in zip(sentences["source_id"], sentences["start_char"], strict=True)
        ],
        seq=sentences["start_char"],
        usable=True,
    )
    sources = inputs.tables["sources"]
    sources = sources[sources["source_id"].isin(set(spans["source_id"]))]
    shared = reuse.shared_wording(sources, spans, inputs.texts)
    return reuse.Accounts(sources, spans, shared).of(zip(spans["source_id"], spans["start_char"], strict=True))


# A long list of pairs or events gives only the first few: each item names sources, which
# the bibliography would list (at x20, 24 more entries for twelve pairs).
FEW_SHOWN = 3


def _few_named(ev: Evidence, source_ids: list[str], most: int = FEW_SHOWN) -> list[str]:
    """The first `most` sources linked by name, the rest counted: every one named had
    listed a thousand sources in a topic's line at x1000, and in the bibliography after it."""
    names = [ev.src(sid) for sid in source_ids[:most]]
    if len(source_ids) > most:
        names.append(plural(len(source_ids) - most, "other source", "other sources"))
    return names


def _joined_by(account: list[str], publishers: dict[str, str]) -> str:
    """Why sources are one account: 'publisher' (one body published them all), 'both' (some
    share a publisher, the others wording) or 'wording'."""
    keys = Counter(publishers.get(sid, "") for sid in account)
    if len(keys) == 1 and "" not in keys:
        return "publisher"
    return "both" if any(n > 1 for key, n in keys.items() if key) else "wording"


def _fewer_accounts(inputs: BriefingInputs, ev: Evidence, accounts: list[list[str]], n_sources: int) -> str:
    """', as 1 independent account: abbas-2017 and nato-2010 share wording on it' where a
    topic's sources are fewer accounts; nothing where each is its own."""
    if len(accounts) == n_sources:
        return ""
    publishers = inputs.publishers
    joined = []
    why = {
        "publisher": "are one publisher's pages",
        "both": "are one publisher's pages or share wording on it",
        "wording": "share wording on it",
    }
    for account in (a for a in accounts if len(a) > 1):
        joined.append(f"{segment.and_list(_few_named(ev, account))} {why[_joined_by(account, publishers)]}")
    return (
        f", as {plural(len(accounts), 'independent account', 'independent accounts')}: {'; '.join(joined)} "
        '(<a href="#shared-wording">Shared wording</a>)'
    )


def _topic_quotes(sentences: pd.DataFrame, written_for: str, limit: int, story: Sequence[str] = ()) -> pd.DataFrame:
    """Up to `limit` sentences, in reading order: each source's first, then each one's
    second, so that every source that discusses the topic is heard, then more of any while
    there is room (two a source at most had quoted 2 of the 3 sentences of the one source on
    peacekeeping, leaving out 'Somalia and Cambodia'). The sentence the topic was written
    for (its codebook quote) is taken first. Taken in reading order alone, the first two of
    a source had left it out: the Conference on Disarmament's agenda items, peacekeeping
    since 1947. The sentences of its `story` (story_quotes) come next, once every source
    has been heard: how the 2010 proposal ended, what came before the OIC's shift."""
    first = told = pd.Series(False, index=sentences.index)
    if written_for:
        first = sentences["quote"].str.contains(written_for, regex=False)
        for line in story:
            told = told | (sentences["quote"].str.contains(line, regex=False) & ~first)
    heard = pd.concat([sentences[first], sentences[~first & ~told]])
    turns = heard.groupby("source_id", sort=False).cumcount().clip(upper=2)  # 0, 1: a source's first two
    ordered = pd.concat([sentences[told], heard])
    turn = [1] * int(told.sum()) + turns.tolist()  # its story, once every source's first is in
    chosen = ordered.iloc[sorted(range(len(ordered)), key=lambda i: (turn[i], i))].head(limit)
    return chosen.sort_values(["source_id", "start_char"])


def nato_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    """NATO's section: the standing and areas of cooperation (topic nato-cooperation), the
    milestones, the frictions (nato-frictions), each topic where briefing_topics.yml lists
    the focus."""
    shown = {t["topic"]: t for t in shown_topics(inputs, "nato")}
    body = ""
    if "nato-cooperation" in shown:
        body += _status_lines(inputs, ev, shown["nato-cooperation"]["bodies"], "nato") + _nato_cooperation(inputs, ev)
    body += _nato_milestones(inputs, ev)
    if "nato-frictions" in shown:
        body += _topic_block(inputs, ev, shown["nato-frictions"])
    others = [t for name, t in shown.items() if name not in ("nato-cooperation", "nato-frictions")]
    return _section("nato", body + "".join(_topic_block(inputs, ev, t) for t in others))


def _nato_cooperation(inputs: BriefingInputs, ev: Evidence) -> str:
    """The areas a source names in a sentence that names NATO or a body or mission of its,
    or on NATO's own pages, all of which are about NATO ('Its four main areas of
    cooperation': the Tripartite Commission's). The table had listed every area of
    Pakistan's cooperation with anyone, crediting a source that never discusses NATO with
    six. In another focus's briefing (Afghanistan's), only the areas a sentence names with
    that focus too: it had listed all of NATO's, its economic and scientific ones with
    them, below findings that counted the focus's."""
    coop = cooperation_about(inputs, "nato")
    caption = "Areas of cooperation the sources name with NATO, or on NATO's pages"
    if inputs.focus not in ("all", "nato"):
        coop = coop[naming_focus(coop, inputs.focus)]
        caption += f", in a sentence that names {FOCUS_SUBJECTS[inputs.focus]}"
    of_area = dict(iter(coop.groupby("area", sort=True)))
    areas = pd.DataFrame({"area": list(of_area), "n": [g["source_id"].nunique() for g in of_area.values()]})
    shown_areas = inputs.limits.shorten(areas, ["n", "area"], [False, True]).sort_values("area")
    rows = pd.DataFrame({
        "Area": shown_areas["area"].tolist(),
        "Sources": [plural(n, "source", "sources") for n in shown_areas["n"]],
        # a source's first sentence on the area: the count is of sources (cooperation.csv has every sentence)
        "Evidence": [ev.cite_rows(of_area[a].drop_duplicates("source_id"), limit=inputs.limits.cell_citations)
                     for a in shown_areas["area"]],
    })  # fmt: skip
    setbacks = [_setbacks_of(of_area[a], ev, inputs.limits.cell_citations) for a in shown_areas["area"]]
    if any(setbacks):  # what a sentence naming the area reports instead: 'closed or suspended'
        rows["Setback reported"] = setbacks
    return (
        "<h3>Areas of cooperation</h3>"
        + html_table(rows, caption, raw_html_columns=("Sources", "Evidence", "Setback reported"), css_class="data")
        + shown_of(
            len(shown_areas),
            len(areas),
            "areas, those the most sources name",
            "cooperation",
            _n_rows(inputs, "cooperation"),
        )
    )


def _setbacks_of(area_rows: pd.DataFrame, ev: Evidence, limit: int) -> str:
    """The setbacks the sentences naming one area report ('closed or suspended [cite]')."""
    return "; ".join(
        f"{esc(setback)} {ev.cite_rows(rows, limit=limit)}" for setback, rows in _setback_groups(area_rows)
    )


def _by_speaking_sentence(inputs: BriefingInputs, rows: pd.DataFrame) -> list[list[pd.Series]]:
    """Timeline rows grouped by the sentence that speaks for them, in the order of each
    group's first: a sentence that dates two events ('hosted by Bosnia and Herzegovina in
    2017 and Serbia in 2018') is quoted once, under both dates, not once under each."""
    groups: dict[tuple, list[pd.Series]] = {}
    for _, r in rows.iterrows():
        speaking = inputs.speaking_report(r)
        groups.setdefault((speaking["source_id"], speaking["start_char"]), []).append(r)
    return list(groups.values())


def _dates_of(inputs: BriefingInputs, group: list[pd.Series]) -> str:
    """The dates of a sentence's timeline rows, as a reader reads them ('2017 and 2018')."""
    return segment.and_list([_milestone_date(inputs, r) for r in group])


def _cite_group(inputs: BriefingInputs, ev: Evidence, group: list[pd.Series]) -> str:
    """Citations of every report merged into a sentence's timeline rows."""
    return ev.cite_rows(pd.concat([_events_of(inputs, r) for r in group]), limit=inputs.limits.cell_citations)


def _nato_milestones(inputs: BriefingInputs, ev: Evidence) -> str:
    """NATO's milestones; in the NATO briefing, whose timeline above holds the same events,
    a pointer to it (the list had repeated the table)."""
    if inputs.focus == "nato":
        return '<h3>Milestones</h3><p>NATO\'s milestones are those of the <a href="#timeline">timeline</a> above.</p>'
    all_milestones = in_focus(timeline_rows(inputs), "nato", inputs.tables["sources"])
    milestones = best_attested(all_milestones, inputs.limits, "items")
    if milestones.empty:  # a heading over nothing
        return "<h3>Milestones</h3><p>No source dates a NATO milestone in this briefing's scope.</p>"
    items = "".join(
        f"<li>{esc(_dates_of(inputs, group))}: {_in_source_words(inputs, group[0], MILESTONE_QUOTE)} "
        f"{_cite_group(inputs, ev, group)}</li>"
        for group in _by_speaking_sentence(inputs, milestones)
    )
    return f'<h3>Milestones</h3><ul class="milestones">{items}</ul>' + shown_of(
        len(milestones),
        len(all_milestones),
        "NATO milestones, those reported by the most sources",
        "timeline",
        _n_rows(inputs, "timeline"),
    )


def un_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    un_topics = shown_topics(inputs, "un")
    bodies = sorted({b for t in un_topics for b in t["bodies"]} | ({"un"} if inputs.focus in ("all", "un") else set()))
    return _section("un", _status_lines(inputs, ev, bodies, "un") + _topic_blocks(inputs, ev, un_topics))


def regional_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    topic = next(t for t in inputs.topics if t["topic"] == "other-bodies")
    orgs = inputs.tables["organizations"]
    orgs = orgs[orgs["org_id"].isin(topic["bodies"])].sort_values("name")
    rel = inputs.tables["relationships"]
    mentions = inputs.tables["mentions"]
    rows = []
    for _, o in orgs.iterrows():
        r = rel[rel["org_id"] == o["org_id"]]
        status = status_labels(r["relationship"]) if len(r) else "not stated"
        # with no status stated, where each source names the body: the first mention alone
        # had cited abbas-2017 beside the OIC, of which saadia-2022 says the most
        named_in = mentions[mentions["entity_id"] == o["org_id"]].drop_duplicates("source_id")
        rows.append({
            "Body": o["name"] + (f" ({o['acronym']})" if o["acronym"] else ""),
            "Type": o["org_type"],
            "Pakistan's status, as the sources state it": status,
            "Evidence": ev.cite_rows(r if len(r) else named_in, limit=inputs.limits.cell_citations),
        })  # fmt: skip
    # what the sources say of the bodies they discuss at length, as the UN's section does: the
    # table alone had said 'not stated' of the OIC, of which saadia-2022 tells a good deal
    topics = [t for t in shown_topics(inputs, "regional") if t["topic"] != "other-bodies"]
    body = (
        "<p>The other multilateral bodies the sources name, with Pakistan's status where a source states it. "
        '"Not stated" means the sources name the body without saying where Pakistan stands; its evidence '
        "is where each source first names it.</p>"
        + html_table(pd.DataFrame(rows), "Other bodies", raw_html_columns=("Evidence",), css_class="data")
        + _topic_blocks(inputs, ev, topics)
    )
    return _section("regional", body)


def afghanistan_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    """What the sources say of the talks with the Taliban and the Extended Troika: the
    Afghanistan briefing had not a word of the part two sources agree Pakistan played."""
    return _section("afghanistan", _topic_blocks(inputs, ev, shown_topics(inputs, "afghanistan")))


def body_sections(inputs: BriefingInputs, ev: Evidence) -> list[Fragment]:
    """The sections on each body (NATO, the UN, the others) and on Afghanistan's peace
    process that the focus shows."""
    by_anchor = {
        "nato": nato_section,
        "un": un_section,
        "regional": regional_section,
        "afghanistan": afghanistan_section,
    }
    return [by_anchor[a](inputs, ev) for a, _ in sections_for(inputs.focus, inputs.topics) if a in by_anchor]


# What a focused briefing's figures name, as the intro of its figures section says it.
FOCUS_SUBJECTS = {
    "nato": "NATO or a body or mission of its",
    "un": "the UN or a body of its",
    "afghanistan": "Afghanistan, the Afghans, the Taliban or a mission there",
    "regional": "a regional or other body",
}


def figures_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    """Every figure, or in a focused briefing those whose sentence names the focus (as its
    findings keep to it) or that its bodies' own pages give (NATO's page gives its relief
    figures in a sentence that does not name NATO; the NATO briefing had credited them to
    the one other source that gives them); figures.csv holds them all."""
    every = inputs.tables["figures"]
    counted = f"The sources give {plural(len(every), 'figure', 'figures')}"
    f = _rows_about(inputs, "figures", inputs.focus).sort_values(["source_id", "figure_id"])
    if inputs.focus != "all":
        subject = FOCUS_SUBJECTS[inputs.focus]
        if pages_published_by(inputs.tables["sources"], inputs.focus):
            subject += f", or on {FOCUS_NAMED[inputs.focus]}'s own pages"
        if f.empty:
            counted += f"; none of them stands in a sentence that names {subject} (figures.csv holds them all)"
            return _section("figures", "", f"<p>{counted}.</p>")
        counted += (
            f"; {tally(len(f))} of them {'stands in a sentence that names' if len(f) == 1 else 'stand in sentences that name'} "
            f"{subject}, and only those are listed here (figures.csv holds them all)"
        )
    intro = (
        f"<p>{counted}. Each is listed with its number as written "
        "and the word the sentence puts before it ('almost', 'more than'), with what it counts, the state the "
        "sentence names nearest before it (whose figure it is, as far as the words tell) and the period the "
        "same sentence states.</p>"
    )
    if len(f) > inputs.limits.rows:
        return _section("figures", _most_stated_figures(f, inputs, ev), intro)
    rows = pd.DataFrame({
        "Figure": [esc(discrepancies.as_stated(r)) for r in f.to_dict("records")],
        "What it counts": [counts_what(m, u) for m, u in zip(f["measure"], f["unit"], strict=True)],
        "State": f["state"].tolist(),
        "Period": [period_label(p) for p in f["period"]],
        "Source": [ev.cite(r.source_id, r.start_char, r.end_char) for r in f.itertuples()],
    })  # fmt: skip
    return _section(
        "figures",
        html_table(rows, "Figures in the sources", raw_html_columns=("Figure", "Source"), css_class="data"),
        intro,
    )


# A unit the figure's own words already state ('twice', 'three times'): 'visited Pakistan
# (times)' beside them read oddly.
_UNITS_THE_FIGURE_STATES = frozenset({"times"})


def counts_what(measure: str, unit: str) -> str:
    """What a figure counts, with its unit only where the words do not already hold it: a
    Unit column beside them had read 'people | people', 'patients | patients' (a reader's
    review); 'Pakistan lost (USD)' still needs it."""
    stem = unit.lower().removesuffix("s")
    if not unit or stem in measure.lower() or unit in _UNITS_THE_FIGURE_STATES:
        return measure
    return f"{measure} ({unit})" if measure else unit


def _most_stated_figures(f: pd.DataFrame, inputs: BriefingInputs, ev: Evidence) -> str:
    """A long figures table in brief: one row per value and unit, the values the most
    sources state first, each with its first statement's wording and period."""
    by_value = f.groupby(["value", "unit"], sort=False)
    stated = pd.DataFrame(
        {
            "n_sources": by_value["source_id"].nunique(),
            "first": by_value["figure_id"].first(),
        }
    ).reset_index()
    top = inputs.limits.shorten(stated, ["n_sources", "first"], [False, True])
    first = f.set_index("figure_id")
    rows_of = by_value.indices  # positions of each (value, unit), for the rows shown only
    rows = pd.DataFrame({
        "Figure": [esc(first.at[i, "figure_text"]) for i in top["first"]],
        "What it counts": [counts_what(first.at[i, "measure"], u) for i, u in zip(top["first"], top["unit"], strict=True)],
        "State": [first.at[i, "state"] for i in top["first"]],
        "Period": [period_label(first.at[i, "period"]) for i in top["first"]],
        "Sources": [plural(n, "source", "sources") for n in top["n_sources"]],
        "Evidence": [ev.cite_rows(f.iloc[rows_of[(v, u)]], limit=inputs.limits.cell_citations)
                     for v, u in zip(top["value"], top["unit"], strict=True)],
    })  # fmt: skip
    return html_table(
        rows,
        "Figures the most sources state (one row per value and unit)",
        raw_html_columns=("Figure", "Sources", "Evidence"),
        css_class="data",
    ) + shown_of(len(top), len(stated), "distinct figures, those the most sources state", "figures", len(f))


_KIND_EXPLAINED = {
    "figure": "The same measure with different values",
    "date": "The same event with different dates",
    "name_variant": "The same name spelled differently",
    "text_defect": "Defects in a source's text",
}


def _side(kind: str, value: str) -> str:
    """One side of a discrepancy: a date in words, a source's text as a quotation."""
    if kind == "date":
        return esc(_date_label(value))
    if kind in ("text_defect", "name_variant"):
        return f"<q>{esc(value)}</q>" if not re.fullmatch(r"[\w-]+\.p\d+", value) else f"<code>{esc(value)}</code>"
    return esc(value)


def _label(r) -> str:
    """What a discrepancy is about: for two dates of one milestone, the statement that names
    it ('End of NATO's earthquake relief operation in Pakistan'), quoted."""
    if r.kind == "text_defect":
        subject = (
            esc(re.sub(r"\s+(?:in\s+)?[\w-]+\.p\d+$", "", r.subject)) + f" (<code>{esc(r.subject.split()[-1])}</code>)"
        )
        return f"<strong>{subject}</strong>"
    if r.kind == "date":
        return f"<strong>{_milestone_named(r)}</strong>"
    return f"<strong>{esc(r.subject)}</strong>"


def _milestone_named(r) -> str:
    """The milestone two dates are given for, in the words of the statement that names it, as
    a marked quotation: shown as our prose, the source's words had read as the briefing's own.
    A subject that is not the passage's words as they stand (its date taken out mid-sentence)
    gives way to the passage itself."""
    words = r.subject.removesuffix("…")
    for quote in (r.quote_a, r.quote_b):
        if words and words in quote:
            return f"<q>{esc(words)}{segment.SHORTENED if words != r.subject else ''}</q>"
    return quoted(r.quote_a, 80)


def _note(r) -> str:
    note = esc(r.note)
    for iso in re.findall(r"\d{4}-\d{2}(?:-\d{2})?", r.note):
        note = note.replace(iso, esc(_date_label(iso)))
    return note


def disagreements_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    """Every difference the analysis found; in a focused briefing, the differences of figures,
    dates and names whose passages name the focus (as its findings keep to it; the UN
    briefing had listed the spellings of ISAF and the SCO), and the sources' defects of
    every source (they are about the texts, not a subject)."""
    whole = inputs.tables["discrepancies"]
    of_texts = whole["kind"] == "text_defect"
    d = whole[of_texts | naming_focus(whole, inputs.focus, ("quote_a", "quote_b"))]
    blocks = []
    for kind in ("figure", "date", "name_variant", "text_defect"):
        of_kind = d[d["kind"] == kind]
        if of_kind.empty:
            continue
        rows = of_kind if len(of_kind) <= inputs.limits.items else of_kind.head(inputs.limits.top_items)
        items = "".join(
            f"<li>{_label(r)}: {_side(r.kind, r.value_a)} {ev.cite(r.source_a, r.start_a, r.end_a)}"
            + (f" and {_side(r.kind, r.value_b)} {ev.cite(r.source_b, r.start_b, r.end_b)}" if r.source_b else "")
            + f" — {_note(r)}.</li>"
            for r in rows.itertuples()
        )
        blocks.append(
            f"<h3>{esc(_KIND_EXPLAINED[kind])}</h3><ul>{items}</ul>"
            + shown_of(len(rows), len(of_kind), "of this kind, the first in the table", "discrepancies", len(whole))
        )
    scope = (
        f" Here, the differences of figures, dates and names are those whose passages name "
        f"{FOCUS_SUBJECTS[inputs.focus]}."
        if inputs.focus != "all"
        else ""
    )
    intro = (
        "<p>Where the sources disagree or differ. A difference in figures is not always a contradiction: the "
        f"note says what each figure counts, over which period, and whether the two can both hold.{scope} Where "
        'the sources take different positions on the questions they argue about, <a href="#comparison">Positions</a> '
        "sets them side by side.</p>"
    )
    return _section("disagreements", "".join(blocks), intro)


def comparison_section(inputs: BriefingInputs, ev: Evidence, charts: list) -> Fragment:
    every_source = inputs.tables["source_comparison"]
    cov = inputs.limits.shorten(every_source, ["n_events", "source_id"], [False, True]).sort_index()
    for sid in cov["source_id"]:
        ev.linked.add(sid)
    table = pd.DataFrame({
        "Source": [f'<a href="#src-{esc(s)}">{esc(s)}</a>' for s in cov["source_id"]],
        "Kind": [kind_label(k) for k in cov["kind"]],
        "Period": [f"{a}–{b}" if a else "" for a, b in zip(cov["period_start"], cov["period_end"], strict=True)],
        "Events": [tally(n) for n in cov["n_events"]],
        "Figures": [tally(n) for n in cov["n_figures"]],
        "Bodies named": [tally(n) for n in cov["n_organizations"]],
        "Areas of cooperation": [tally(n) for n in cov["n_areas"]],
    })  # fmt: skip
    pos = positions_about(inputs.tables["positions"], inputs.focus)
    charts_html = "".join(_chart_block(c, f"Data: {c.title}", inputs.limits) for c in charts)
    body = (
        html_table(
            table,
            ("What each source covers" if len(cov) == len(every_source) else "What the sources with most events cover")
            + (", of every subject and year (not only this briefing's scope)" if _scope_words(inputs) else ""),
            raw_html_columns=("Source", "Events", "Figures", "Bodies named", "Areas of cooperation"),
            css_class="data",
        )
        + shown_of(
            len(cov),
            len(every_source),
            "sources, those with the most dated statements",
            "source_comparison",
            len(every_source),
        )
        + shared_wording_block(inputs, ev)
        + "<h3>Positions</h3><p>"
        + _positions_scope(inputs, pos)
        + " The positions are analysts' annotations (<code>data/codebook/positions.yml</code>), each resting on the passage shown. "
        "A source that <em>argues for</em> something makes the case for it; one that <em>describes</em> something "
        "<em>approvingly</em> presents what exists favourably without calling for more; on how far cooperation "
        "has gone, each source's own measure is given (<em>limited</em>, <em>significantly expanded</em>), and "
        "on when it began, each source's own dating; "
        "<em>(official)</em> marks a body's own page.</p>" + positions_tables(pos, ev) + charts_html
    )
    return _section("comparison", body)


_HOW_SHARED = {
    reuse.QUOTES: "{a} quotes, marked as a quotation, words that {b} also has",
    reuse.BOTH_QUOTE: "{a} and {b} both quote the same words",
    reuse.REPEATS: "{a} repeats wording of {b}, published earlier, without quotation marks",
    reuse.SHARES: "{a} and {b} share wording, unmarked in both, neither published first",
}
# a publisher's later page that has its earlier one's words: no one's words were taken
_SAME_PUBLISHER = "{a} reuses wording of {b}, an earlier page of the same publisher"


def shared_wording_block(inputs: BriefingInputs, ev: Evidence) -> str:
    """Which sources have which others' words (shared_wording_by_pair.csv), by pair, with how
    much of the source it is and its longest run quoted, both sides cited; then the sources
    that count as one account. A reader weighing 'three sources' needs to know when they
    are one."""
    pairs = inputs.tables["shared_wording_by_pair"]
    head = '<h3 id="shared-wording">Shared wording</h3>'
    if pairs.empty:
        return head + f"<p>No two sources share a run of {tally(reuse.MIN_WORDS)} or more words.</p>"
    shown = pairs if len(pairs) <= inputs.limits.items else pairs.head(FEW_SHOWN)
    publishers = inputs.publishers
    items = "".join(_shared_pair(ev, pair, publishers) for pair in shown.itertuples())
    n_runs = int(pairs["n_runs"].sum())
    in_all = (
        f" In all, {plural(n_runs, 'run', 'runs')} in {plural(len(pairs), 'pair', 'pairs')} of sources; those "
        "with the most runs:"
        if len(shown) < len(pairs)
        else ""
    )
    # about the texts, not a subject: the pairs of a focused briefing are the corpus's (reader review)
    whole = " The pairs are those of the whole corpus, whatever this briefing's focus." if inputs.focus != "all" else ""
    intro = (
        f"<p>Where two sources have the same words: runs of {tally(reuse.MIN_WORDS)} or more words in the same order "
        "(case and punctuation aside), each named by the source that quotes or repeats them, with how much of "
        f"its text they make (each run, both sides quoted, is in {table_link('shared_wording')}).{whole}{in_all}</p>"
    )
    return (
        head
        + intro
        + f"<ul>{items}</ul>"
        + shown_of(
            len(shown), len(pairs), "pairs of sources, those with the most runs", "shared_wording_by_pair", len(pairs)
        )
        + _accounts_note(inputs, ev, publishers)
    )


def _shared_pair(ev: Evidence, pair, publishers: dict[str, str]) -> str:
    """'abbas-2017 repeats wording of nato-2010, …: 5 runs in 3 passages (51 words, 6% of
    its text); the longest run: “…”' with both sides cited. The passages and the share say
    what a count of runs cannot (three of abbas-2017's five are one sentence rearranged)."""
    a, b = pair.source_a, pair.source_b
    one_publisher = pair.relation in reuse.UNMARKED and publishers.get(a) and publishers.get(a) == publishers.get(b)
    how = (_SAME_PUBLISHER if one_publisher else _HOW_SHARED[pair.relation]).format(a=ev.src(a), b=ev.src(b))
    share = round(100 * pair.n_words / max(pair.words_a, 1))
    extent = (
        f"{plural(pair.n_runs, 'run', 'runs')} in {plural(pair.n_passages, 'passage', 'passages')} "
        f"({plural(pair.n_words, 'word', 'words')}, {f'{tally(share)}%' if share >= 1 else 'under 1%'} of its text)"
    )
    return (
        f"<li>{how}: {extent}; the longest run: {quoted(pair.quote_b, 160)} "
        f"{ev.cite(a, pair.start_a, pair.end_a)} {ev.cite(b, pair.start_b, pair.end_b)}.</li>"
    )


def _accounts_note(inputs: BriefingInputs, ev: Evidence, publishers: dict[str, str]) -> str:
    """The events whose sources count as fewer accounts, which sources are one and why: a
    reader of '3 sources, 1 independent account' can see which three, and how."""
    merged = timeline_rows(inputs)
    fewer = merged[merged["n_accounts"] < merged["n_sources"]]
    if fewer.empty:
        return ""
    fewer = fewer.sort_values(["n_sources", "date_start"], ascending=[False, True], kind="mergesort")
    shown = fewer if len(fewer) <= inputs.limits.items else fewer.head(FEW_SHOWN)
    items = []
    for _, row in shown.iterrows():
        joined = [account for account in timeline.accounts_of(row["accounts"]) if len(account) > 1]
        items.append(
            f"<li>{_in_source_words(inputs, row, ACCOUNT_QUOTE)} ({esc(_milestone_date(inputs, row))}, "
            f"{plural(row['n_sources'], 'source', 'sources')}, "
            f"{plural(row['n_accounts'], 'independent account', 'independent accounts')}): "
            + "; ".join(_one_account(ev, account, publishers, inputs.limits.account_names) for account in joined)
            + f" {ev.cite_rows(_events_of(inputs, row), limit=inputs.limits.cell_citations)}.</li>"
        )
    return (
        "<p>Where this briefing counts independent accounts (the key findings, the corroboration chart's caption, and "
        "<code>n_accounts</code> in the timeline table), an event's sources count as one account when one body "
        f"published them, or when the passages that report the event share a run of {tally(reuse.MIN_WORDS)} or more "
        "words, marked as a quotation or not: one has the words from the other, or both from a third. Each event is "
        "judged by its own passages, so a source that repeats another on one event may still be a separate account "
        f"of the next. {'The event' if len(fewer) == 1 else 'Events'} with fewer independent accounts than sources:</p>"
        f"<ul>{''.join(items)}</ul>"
        + shown_of(len(shown), len(fewer), "such events, those with the most sources", "timeline", len(merged))
    )


ACCOUNT_QUOTE = 90


def _one_account(ev: Evidence, account: list[str], publishers: dict[str, str], most: int) -> str:
    """'abbas-2017, nato-2010 and nato-relations are one account (one publisher's pages, and
    wording shared in the passages that report it)'."""
    why = {
        "publisher": "one publisher",
        "both": "one publisher's pages, and wording shared in the passages that report it",
        "wording": "wording shared in the passages that report it",
    }[_joined_by(account, publishers)]
    return f"{segment.and_list(_few_named(ev, account, most))} are one account ({why})"


def positions_tables(positions: pd.DataFrame, ev: Evidence) -> str:
    """One table per question, in the order the annotations ask them, headed by the
    question: as one table with a column repeating the question, the rows wrapped in four
    narrow columns and the table ran to five printed pages."""
    tables = []
    for question, rows in positions.groupby("question", sort=False):
        table = pd.DataFrame({
            "Source": rows["source_id"].tolist(),
            "Position": rows["position"].tolist(),
            "In brief (our summary)": rows["summary"].tolist(),
            "Supporting passage": [_supporting_passage(r, ev) for r in rows.itertuples()],
        })  # fmt: skip
        tables.append(
            html_table(
                table, f"Positions on: {question}", raw_html_columns=("Supporting passage",), css_class="data positions"
            )
        )
    return "".join(tables)


def _supporting_passage(position, ev: Evidence) -> str:
    """The quote of a position, and the passage naming the bodies it weighs when there is one
    (the reason a briefing on one of them shows it)."""
    cell = f"{quoted(position.quote, 160)} {ev.cite(position.source_id, position.start_char, position.end_char)}"
    bodies = position.bodies_quote
    if bodies:
        start = ev.texts[position.source_id].find(bodies)  # comparison.positions_table checked it is there
        cell += (
            f" Of the bodies it weighs: {quoted(bodies, 160)} {ev.cite(position.source_id, start, start + len(bodies))}"
        )
    return cell


def _positions_scope(inputs: BriefingInputs, shown: pd.DataFrame) -> str:
    """Which questions the positions table answers: in a focused briefing, those about the
    focus (the UN briefing had listed the NATO question)."""
    every = inputs.tables["positions"]["question"].unique()
    if not len(every):
        return "No source in this corpus has a position annotation yet."
    asked = f"{plural(len(every), 'question', 'questions')} the corpus argues about"
    if inputs.focus == "all":
        return f"Where each source stands on the {asked}."
    subject = FOCUS_SUBJECTS[inputs.focus]
    if shown.empty:
        return f"None of the {asked} ({esc('; '.join(every))}) concerns {subject}; positions.csv holds them all."
    return f"Where each source stands on those of the {asked} that concern {subject} (positions.csv holds them all)."


def method_section(inputs: BriefingInputs, corpus_html: str = "", run: dict[str, str] | None = None) -> Fragment:
    """run: the build's parameters, given with the command that rebuilds the same briefing."""
    s = inputs.tables["sources"]
    p = inputs.tables["passages"]
    ev = inputs.tables["events"]
    flagged = int((~p["usable"].astype(bool)).sum())
    inferred = int(ev["date_inferred"].astype(bool).sum())
    body = (
        f"<p>The briefing is built from {plural(len(s), 'source', 'sources')} by notebooks that run in order: ingest "
        "(decode, normalise, split into passages, flag page furniture and repeats), extraction (dates, figures, "
        "organisations, people and areas of cooperation, by general rules and curated codebooks), analysis (one "
        "timeline, discrepancies, coverage) and this briefing. Every table row keeps the verbatim passage and the "
        "character offsets it came from.</p>"
        f"<p>Limits. {plural(flagged, 'passage was', 'passages were')} set aside as page furniture or repeats. "
        "Where this briefing counts an event's independent accounts, a publisher's pages count once, and so do "
        "sources whose passages reporting the event share a run of words "
        f'(<a href="#shared-wording">Shared wording</a>). The count sees only wording: a shared run shorter than '
        f"{tally(reuse.MIN_WORDS)} words (a copied figure, a paraphrase) goes unseen, so a source that retells "
        "another in its own words counts as a separate account: the count can overstate the number of independent "
        "accounts, never understate it; nor does it say whether what the sources report is so. "
        f"{plural(inferred, 'date was', 'dates were')} inferred (a relative date resolved against the publication "
        "date, a milestone line dated by the line above, or a phrase such as <q>9/11</q>). Publication dates marked † in the "
        "bibliography were read or worked out from the page, as its notes say. Positions are analysts' readings, not the tool's. The rules "
        "are measured against annotated expectations for each source (<code>make eval</code>); they can miss what "
        "no rule anticipates.</p>"
    )
    if run is not None:
        body += (
            f'<p class="meta build-parameters">Build. Run parameters: {esc(params.describe(run))}. '
            "The same briefing is rebuilt with "
            f"<code>{esc(params.make_command(run))}</code>.</p>"
        )
    return _section("method", body + corpus_html)


def dictionary_appendix(names: list[str]) -> Fragment:
    """Each table's columns, the tables one after another: kept each on a page of its own,
    the fifteen had filled nine pages, most of them half empty. A table that runs over a
    page repeats its header, and its heading stays with its first rows."""
    body = "".join(
        f'<div class="dictionary-table"><h3><code>{esc(n)}.csv</code></h3><p>{esc(schemas.TABLES[n].description)}</p>'
        + html_table(pd.DataFrame({"Column": [f.name for f in schemas.TABLES[n].fields],
                                   "Type": [f.type for f in schemas.TABLES[n].fields],
                                   "Meaning": [f.description for f in schemas.TABLES[n].fields]}),
                     f"Columns of {n}.csv") + "</div>"
        for n in names
    )  # fmt: skip
    return _section("dictionary", body, "<p>The tables behind the briefing, in <code>reports/tables/</code>.</p>")


def listed_sources(inputs: BriefingInputs, ev: Evidence) -> pd.DataFrame:
    """The sources the bibliography lists: all of them when they fit in a table, else those
    the document cites or links to (so every link to an entry lands)."""
    s = inputs.tables["sources"]
    return s if len(s) <= inputs.limits.rows else s[s["source_id"].isin(ev.linked)]


def bibliography_section(register_html: str, n_listed: int | None = None, n_sources: int | None = None) -> Fragment:
    """The register of `render.source_register`; when it lists only the cited sources
    (n_listed of n_sources), a sentence says so and where the others are."""
    note = ""
    if n_listed is not None and n_sources is not None and n_listed < n_sources:
        note = (
            f'<p class="note shortened">Listed: the {tally(n_listed)} sources this briefing cites, of the '
            f"{tally(n_sources)} in the corpus. Every source, with the same details, is in {table_link('sources')}.</p>"
        )
    return _section("bibliography", note + register_html)


def evidence_appendix(ev: Evidence) -> Fragment:
    return _section("evidence", ev.appendix())
