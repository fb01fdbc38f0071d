"""The briefing's sections, composed from the tables. Our prose frames the facts; the
sources' words appear only as marked quotations; every factual sentence cites the passage
that states it, through a link to the evidence appendix.

Counts we compute ourselves (how many sources, how many events) are wrapped in
<span class="tally"> so the number check can tell them from the sources' figures."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from helpers import schemas
from helpers.render import Fragment, esc, html_table, tally

SECTIONS = (
    ("summary", "Key findings", ("all", "nato", "un", "afghanistan", "regional")),
    ("timeline", "Timeline", ("all", "nato", "un", "afghanistan", "regional")),
    ("nato", "NATO", ("all", "nato", "afghanistan")),
    ("un", "The UN", ("all", "un")),
    ("regional", "Other bodies", ("all", "regional")),
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


def plural(n: int, one: str, many: str) -> str:
    return f"{tally(n)} {one if n == 1 else many}"


def src(source_id: str) -> str:
    """A source named in our prose: its id links to its bibliography entry."""
    return f'<cite class="src"><a href="#src-{esc(source_id)}">{esc(source_id)}</a></cite>'


def quoted(text: str, limit: int = 220) -> str:
    """A marked quotation of the source's words, shortened at a word boundary."""
    text = text.strip()
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + " …"
    return f"<q>{esc(text)}</q>"


@dataclass
class Evidence:
    """Every cited passage, numbered in order of first citation."""

    sources: pd.DataFrame
    passages: pd.DataFrame
    texts: dict[str, str]
    entries: list[dict] = field(default_factory=list)
    _index: dict[tuple, int] = field(default_factory=dict)

    def cite(self, source_id: str, start: int, end: int) -> str:
        key = (source_id, int(start), int(end))
        if key not in self._index:
            self._index[key] = len(self.entries) + 1
            self.entries.append({"n": len(self.entries) + 1, "source_id": source_id, "start": int(start), "end": int(end),
                                 "quote": self.texts[source_id][int(start) : int(end)],
                                 "passage": self._passage_of(source_id, int(start))})  # fmt: skip
        n = self._index[key]
        return f'<a class="cite" href="#ev-{n}" aria-label="evidence {n}, {esc(source_id)}">[{esc(source_id)}]</a>'

    def cite_rows(self, rows: pd.DataFrame, start="start_char", end="end_char") -> str:
        seen, links = set(), []
        for _, r in rows.iterrows():
            key = (r["source_id"], r[start], r[end])
            if key not in seen:
                seen.add(key)
                links.append(self.cite(r["source_id"], r[start], r[end]))
        return " ".join(links)

    def _passage_of(self, source_id: str, start: int) -> str:
        p = self.passages[(self.passages["source_id"] == source_id) & (self.passages["start_char"] <= start)
                          & (start < self.passages["end_char"])]  # fmt: skip
        return p["passage_id"].iloc[0] if len(p) else ""

    def appendix(self) -> str:
        items = "".join(
            f'<li id="ev-{e["n"]}"><span class="ev-head">[{e["n"]}] <a href="#src-{esc(e["source_id"])}">'
            f"{esc(e['source_id'])}</a>, passage {esc(e['passage'])}, characters {e['start']}–{e['end']}</span>"
            f"<blockquote>{esc(e['quote'])}</blockquote></li>"
            for e in self.entries
        )
        return (
            "<p>Every passage the briefing cites, in the order first cited. The position is the passage id and the "
            "character offsets in <code>data/interim/text/&lt;source&gt;.txt</code>.</p>"
            f'<ol class="evidence">{items}</ol>'
        )


@dataclass
class BriefingInputs:
    tables: dict[str, pd.DataFrame]
    texts: dict[str, str]
    topics: list[dict]
    focus: str
    period_start: str
    period_end: str


def status_labels(relationships: pd.Series) -> str:
    """'member' is dropped when the same source set says 'member since 2006'."""
    labels = sorted(set(relationships))
    if any(x.startswith("member since") for x in labels):
        labels = [x for x in labels if x != "member"]
    return ", ".join(labels)


def in_period(df: pd.DataFrame, start: str, end: str) -> pd.DataFrame:
    """Rows whose dates overlap [start, end]; an empty bound is no bound."""
    if df.empty or not (start or end):
        return df
    from helpers.dates import date_bounds

    lo = date_bounds(start)[0] if start else "0000-01-01"
    hi = date_bounds(end)[1] if end else "9999-12-31"
    keep = [
        date_bounds(s, e)[0] <= hi and lo <= date_bounds(s, e)[1]
        for s, e in zip(df["date_start"], df["date_end"], strict=True)
    ]
    return df[keep]


def in_focus(df: pd.DataFrame, focus: str, column: str = "actors") -> pd.DataFrame:
    if focus == "all" or df.empty:
        return df
    wanted = FOCUS_ACTORS[focus]
    return df[df[column].map(lambda a: bool(set(str(a).split(";")) & wanted))]


def sections_for(focus: str) -> list[tuple[str, str]]:
    return [(anchor, title) for anchor, title, foci in SECTIONS if focus in foci]


def table_of_contents(focus: str) -> Fragment:
    items = "".join(f'<li><a href="#{a}">{esc(t)}</a></li>' for a, t in sections_for(focus))
    return Fragment(f'<nav class="toc" aria-label="Contents"><h2 id="contents">Contents</h2><ol>{items}</ol></nav>')


def _events_of(inputs: BriefingInputs, timeline_row: pd.Series) -> pd.DataFrame:
    ids = str(timeline_row["event_ids"]).split(";")
    ev = inputs.tables["events"]
    return ev[ev["event_id"].isin(ids)]


def _date_label(date: str) -> str:
    import calendar

    if len(date) == 10:
        return f"{int(date[8:])} {calendar.month_name[int(date[5:7])]} {date[:4]}"
    if len(date) == 7:
        return f"{calendar.month_name[int(date[5:7])]} {date[:4]}"
    return date


def timeline_rows(inputs: BriefingInputs) -> pd.DataFrame:
    t = in_period(inputs.tables["timeline"], inputs.period_start, inputs.period_end)
    return in_focus(t, inputs.focus)


# ---------------------------------------------------------------- key findings


def key_findings(inputs: BriefingInputs, ev: Evidence) -> list[str]:
    """Five to eight findings, each computed from the tables and cited."""
    t = inputs.tables
    findings = []
    timeline = timeline_rows(inputs)
    corroborated = timeline[timeline["n_sources"] > 1].sort_values(["n_sources", "date_start"], ascending=[False, True])
    if len(corroborated):
        parts = []
        for _, row in corroborated.head(3).iterrows():
            members = _events_of(inputs, row)
            parts.append(
                f"{quoted(row['description'], 90)} ({esc(_date_label(row['date_start']))}, "
                f"{plural(row['n_sources'], 'source', 'sources')}) {ev.cite_rows(members)}"
            )
        findings.append(
            f"Of {plural(len(timeline), 'event', 'events')} in the sources, {tally(len(corroborated))} "
            f"{'is' if len(corroborated) == 1 else 'are'} reported by more than one source. The best attested: "
            + "; ".join(parts)
            + "."
        )
    rel = t["relationships"]
    nato = rel[rel["org_id"] == "nato"]
    if len(nato) and inputs.focus in ("all", "nato", "afghanistan"):
        labels = sorted(set(nato["relationship"]))
        findings.append(
            "The sources describe Pakistan's standing with NATO as: "
            + "; ".join(esc(x) for x in labels)
            + f". {ev.cite_rows(nato)}"
        )
    statuses = rel[rel["org_id"].isin(["sco", "oic", "seato", "cento", "hrc"])]
    if len(statuses) and inputs.focus in ("all", "regional", "un"):
        by_body = statuses.groupby("name")["relationship"].agg(status_labels)
        findings.append(
            "Beyond NATO, the sources record Pakistan as "
            + "; ".join(f"{esc(v)} of the {esc(k)}" for k, v in by_body.items())
            + f". {ev.cite_rows(statuses.drop_duplicates('org_id'))}"
        )
    coop = t["cooperation"]
    if len(coop):
        counts = coop.groupby("area")["source_id"].nunique().sort_values(ascending=False)
        top = counts.head(3)
        firsts = coop[coop["area"].isin(top.index)].drop_duplicates("source_id")
        findings.append(
            f"The sources name {plural(len(counts), 'area', 'areas')} of cooperation. The most widely named are "
            + ", ".join(f"{esc(a)} ({plural(n, 'source', 'sources')})" for a, n in top.items())
            + f". {ev.cite_rows(firsts)}"
        )
    disc = t["discrepancies"]
    fig = disc[disc["kind"] == "figure"]
    for _, d in fig.head(1).iterrows():
        findings.append(
            f"Figures for {esc(d['subject'])} differ: {esc(d['value_a'])} in {src(d['source_a'])} and "
            f"{esc(d['value_b'])} in {src(d['source_b'])}; {esc(d['note'])}. "
            f"{ev.cite(d['source_a'], d['start_a'], d['end_a'])} {ev.cite(d['source_b'], d['start_b'], d['end_b'])}"
        )
    dates = disc[disc["kind"] == "date"]
    for _, d in dates.head(1).iterrows():
        findings.append(
            f"One source gives two dates for the same milestone ({esc(d['note'])}). "
            f"{ev.cite(d['source_a'], d['start_a'], d['end_a'])} {ev.cite(d['source_b'], d['start_b'], d['end_b'])}"
        )
    pos = t["positions"]
    if len(pos):
        lines = []
        for question, group in pos.groupby("question"):
            taken = group[group["position"] != "not addressed"]
            summary = ", ".join(f"{src(r.source_id)}: {esc(r.position)}" for r in taken.itertuples())
            lines.append(f"on {esc(question)}, {summary} {ev.cite_rows(taken)}")
        findings.append("The sources take different positions: " + "; ".join(lines) + ".")
    return findings[:8]


def findings_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    items = "".join(f"<li>{f}</li>" for f in key_findings(inputs, ev))
    return _section("summary", f'<ul class="findings">{items}</ul>')


# ---------------------------------------------------------------- sections


def _section(anchor: str, body: str, intro: str = "") -> Fragment:
    title = next(t for a, t, _ in SECTIONS if a == anchor)
    return Fragment(f'<section id="{anchor}"><h2>{esc(title)}</h2>{intro}{body}</section>')


def _chart_block(chart, svg: bytes, table_caption: str) -> str:
    from helpers.render import figure

    data = chart.data.head(40)
    table = html_table(data.astype(str), table_caption, css_class="data chart-data")
    return (
        figure(svg, chart.alt, chart.caption, chart.title)
        + f'<details class="chart-data"><summary>Data behind the chart</summary>{table}</details>'
    )


def timeline_section(inputs: BriefingInputs, ev: Evidence, chart, svg: bytes) -> Fragment:
    rows = timeline_rows(inputs).sort_values("date_start")
    table = pd.DataFrame({
        "Date": [_date_label(d) for d in rows["date_start"]],
        "Type": rows["event_type"].tolist(),
        "Event (as the source puts it)": [quoted(d, 160) for d in rows["description"]],
        "Sources": [ev.cite_rows(_events_of(inputs, r)) for _, r in rows.iterrows()],
    })  # fmt: skip
    intro = (
        f"<p>The sources date {plural(len(rows), 'event', 'events')} in this briefing's scope. Reports of the same "
        "event in several sources are merged into one row; the chart marks how many sources report each.</p>"
    )
    body = _chart_block(chart, svg, "Events plotted in the timeline chart") + html_table(
        table,
        "Key milestones (sortable; type in the box to filter)",
        raw_html_columns=("Event (as the source puts it)", "Sources"),
        css_class="data",
    )
    return _section("timeline", body, intro)


def _topic_sentences(inputs: BriefingInputs, topic: dict) -> pd.DataFrame:
    """Sentences of usable passages that match a topic's cues, in reading order."""
    from helpers import segment

    p = inputs.tables["passages"]
    p = p[p["usable"].astype(bool) & p["kind"].isin(["paragraph", "list_item"])]
    rows = []
    cue = re.compile(topic["cues"], re.IGNORECASE)
    for _, passage in p.sort_values(["source_id", "seq"]).iterrows():
        for s in segment.split_sentences(passage["text"], passage["start_char"]):
            if cue.search(s.text):
                rows.append(
                    {"source_id": passage["source_id"], "quote": s.text, "start_char": s.start, "end_char": s.end}
                )
    return pd.DataFrame(rows, columns=["source_id", "quote", "start_char", "end_char"])


def _status_lines(inputs: BriefingInputs, ev: Evidence, bodies: list[str]) -> str:
    rel = inputs.tables["relationships"]
    rel = rel[rel["org_id"].isin(bodies)]
    if rel.empty:
        return ""
    items = "".join(
        f"<li><strong>{esc(name)}</strong>: {esc(status_labels(g['relationship']))} {ev.cite_rows(g)}</li>"
        for name, g in rel.groupby("name")
    )
    return f"<h3>Pakistan's standing as the sources state it</h3><ul>{items}</ul>"


def _topic_block(inputs: BriefingInputs, ev: Evidence, topic: dict, limit: int = 4) -> str:
    sentences = _topic_sentences(inputs, topic)
    if sentences.empty:
        return f"<h3>{esc(topic['title'])}</h3><p>None of the sources in this corpus discusses this.</p>"
    n_sources = sentences["source_id"].nunique()
    shown = sentences.groupby("source_id", sort=True).head(2).head(limit)
    items = "".join(
        f"<li>{quoted(r.quote)} {ev.cite(r.source_id, r.start_char, r.end_char)}</li>" for r in shown.itertuples()
    )
    return (
        f"<h3>{esc(topic['title'])}</h3><p>{plural(n_sources, 'source discusses', 'sources discuss')} this; "
        f'what they say, in their words:</p><ul class="quotes">{items}</ul>'
    )


def nato_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    topics = {t["topic"]: t for t in inputs.topics}
    coop = inputs.tables["cooperation"]
    by_area = coop.groupby("area", sort=True)
    rows = pd.DataFrame({
        "Area": list(by_area.groups),
        "Sources": [plural(g["source_id"].nunique(), "source", "sources") for _, g in by_area],
        "Evidence": [ev.cite_rows(g) for _, g in by_area],
    })  # fmt: skip
    milestones = in_focus(timeline_rows(inputs), "nato").sort_values("date_start")
    items = "".join(
        f"<li>{esc(_date_label(r['date_start']))}: {quoted(r['description'], 140)} {ev.cite_rows(_events_of(inputs, r))}</li>"
        for _, r in milestones.iterrows()
    )
    body = (
        _status_lines(inputs, ev, topics["nato-cooperation"]["bodies"])
        + "<h3>Areas of cooperation</h3>"
        + html_table(
            rows, "Areas of cooperation the sources name", raw_html_columns=("Sources", "Evidence"), css_class="data"
        )
        + f'<h3>Milestones</h3><ul class="milestones">{items}</ul>'
        + _topic_block(inputs, ev, topics["nato-frictions"])
    )
    return _section("nato", body)


def un_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    un_topics = [t for t in inputs.topics if t["section"] == "un"]
    bodies = sorted({b for t in un_topics for b in t["bodies"]} | {"un"})
    body = _status_lines(inputs, ev, bodies) + "".join(_topic_block(inputs, ev, t) for t in un_topics)
    return _section("un", body)


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
        first = mentions[(mentions["entity_id"] == o["org_id"])].head(1)
        rows.append({
            "Body": o["name"] + (f" ({o['acronym']})" if o["acronym"] else ""),
            "Type": o["org_type"],
            "Pakistan's status, as the sources state it": status,
            "Evidence": ev.cite_rows(r) if len(r) else ev.cite_rows(first),
        })  # fmt: skip
    body = (
        "<p>The other multilateral bodies the sources name, with Pakistan's status where a source states it. "
        '"Not stated" means the sources name the body without saying where Pakistan stands.</p>'
        + html_table(pd.DataFrame(rows), "Other bodies", raw_html_columns=("Evidence",), css_class="data")
    )
    return _section("regional", body)


def figures_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    f = inputs.tables["figures"].sort_values(["source_id", "figure_id"])
    rows = pd.DataFrame({
        "Figure": [esc(x) for x in f["figure_text"]],
        "Unit": f["unit"].tolist(),
        "What it counts": f["measure"].tolist(),
        "Period": f["period"].str.replace("/", "–").tolist(),
        "Source": [ev.cite(r.source_id, r.start_char, r.end_char) for r in f.itertuples()],
    })  # fmt: skip
    intro = (
        f"<p>The sources give {plural(len(f), 'figure', 'figures')}. Each is listed as written, with what it "
        "counts and the period the same sentence states.</p>"
    )
    return _section(
        "figures",
        html_table(rows, "Figures in the sources", raw_html_columns=("Figure", "Source"), css_class="data"),
        intro,
    )


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


def _subject(r) -> str:
    if r.kind == "text_defect":
        return esc(re.sub(r"\s+[\w-]+\.p\d+$", "", r.subject)) + f" (<code>{esc(r.subject.split()[-1])}</code>)"
    if r.kind == "date":
        return esc(r.subject.split(":")[0].capitalize())
    return esc(r.subject)


def _note(r) -> str:
    note = esc(r.note)
    for iso in re.findall(r"\d{4}-\d{2}(?:-\d{2})?", r.note):
        note = note.replace(iso, esc(_date_label(iso)))
    return note


def disagreements_section(inputs: BriefingInputs, ev: Evidence) -> Fragment:
    d = inputs.tables["discrepancies"]
    blocks = []
    for kind in ("figure", "date", "name_variant", "text_defect"):
        rows = d[d["kind"] == kind]
        if rows.empty:
            continue
        items = "".join(
            f"<li><strong>{_subject(r)}</strong>: {_side(r.kind, r.value_a)} {ev.cite(r.source_a, r.start_a, r.end_a)}"
            + (f" and {_side(r.kind, r.value_b)} {ev.cite(r.source_b, r.start_b, r.end_b)}" if r.source_b else "")
            + f" — {_note(r)}.</li>"
            for r in rows.itertuples()
        )
        blocks.append(f"<h3>{esc(_KIND_EXPLAINED[kind])}</h3><ul>{items}</ul>")
    intro = (
        "<p>Where the sources disagree or differ. A difference in figures is not always a contradiction: when "
        "the periods differ, the note says so.</p>"
    )
    return _section("disagreements", "".join(blocks), intro)


def comparison_section(inputs: BriefingInputs, ev: Evidence, charts_with_svg: list) -> Fragment:
    cov = inputs.tables["source_comparison"]
    table = pd.DataFrame({
        "Source": [f'<a href="#src-{esc(s)}">{esc(s)}</a>' for s in cov["source_id"]],
        "Kind": cov["kind"].tolist(),
        "Period": [f"{a}–{b}" if a else "" for a, b in zip(cov["period_start"], cov["period_end"], strict=True)],
        "Events": [tally(n) for n in cov["n_events"]],
        "Figures": [tally(n) for n in cov["n_figures"]],
        "Bodies named": [tally(n) for n in cov["n_organizations"]],
        "Areas of cooperation": [tally(n) for n in cov["n_areas"]],
    })  # fmt: skip
    pos = inputs.tables["positions"]
    prow = pd.DataFrame({
        "Source": pos["source_id"].tolist(),
        "Question": pos["question"].tolist(),
        "Position": pos["position"].tolist(),
        "In brief (our summary)": pos["summary"].tolist(),
        "Supporting passage": [f"{quoted(r.quote, 160)} {ev.cite(r.source_id, r.start_char, r.end_char)}" for r in pos.itertuples()],
    })  # fmt: skip
    charts_html = "".join(_chart_block(c, svg, f"Data: {c.title}") for c, svg in charts_with_svg)
    body = (
        html_table(
            table,
            "What each source covers",
            raw_html_columns=("Source", "Events", "Figures", "Bodies named", "Areas of cooperation"),
            css_class="data",
        )
        + "<h3>Positions</h3><p>Where each source stands on the two questions the corpus argues about. The positions "
        "are analysts' annotations (<code>data/codebook/positions.yml</code>), each resting on the passage shown.</p>"
        + html_table(prow, "Positions of the sources", raw_html_columns=("Supporting passage",), css_class="data")
        + charts_html
    )
    return _section("comparison", body)


def method_section(inputs: BriefingInputs, corpus_html: str = "") -> Fragment:
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
        f"{plural(inferred, 'date was', 'dates were')} inferred (a relative date resolved against the publication "
        "date, a milestone line dated by the line above, or a phrase such as <q>9/11</q>). Publication dates marked † in the "
        "bibliography were worked out from the page. Positions are analysts' readings, not the tool's. The rules "
        "are measured against annotated expectations for each source (<code>make eval</code>); they can miss what "
        "no rule anticipates.</p>"
    )
    return _section("method", body + corpus_html)


def dictionary_appendix(names: list[str]) -> Fragment:
    body = "".join(
        f'<div class="keep"><h3><code>{esc(n)}.csv</code></h3><p>{esc(schemas.TABLES[n].description)}</p>'
        + html_table(pd.DataFrame({"Column": [f.name for f in schemas.TABLES[n].fields],
                                   "Type": [f.type for f in schemas.TABLES[n].fields],
                                   "Meaning": [f.description for f in schemas.TABLES[n].fields]}),
                     f"Columns of {n}.csv") + "</div>"
        for n in names
    )  # fmt: skip
    return _section("dictionary", body, "<p>The tables behind the briefing, in <code>reports/tables/</code>.</p>")


def bibliography_section(register_html: str) -> Fragment:
    return _section("bibliography", register_html)


def evidence_appendix(ev: Evidence) -> Fragment:
    return _section("evidence", ev.appendix())
