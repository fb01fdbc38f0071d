"""Text from sources is data: whatever it contains reaches the HTML as text, never markup."""

import re

import pandas as pd

from helpers import briefing, render

HOSTILE = "<script>alert('x')</script><img src=x onerror=alert(1)>"


def test_table_cells_are_escaped():
    html = render.html_table(pd.DataFrame({"a": [HOSTILE]}), HOSTILE)
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_quotations_and_evidence_are_escaped():
    texts = {"s": f"Before {HOSTILE} after."}
    passages = pd.DataFrame([{"passage_id": "s.p001", "source_id": "s", "start_char": 0, "end_char": len(texts["s"])}])
    ev = briefing.Evidence(pd.DataFrame(), passages, texts)
    link = ev.cite("s", 0, len(texts["s"]))
    html = link + ev.appendix() + briefing.quoted(texts["s"])
    assert "<script>" not in html and "<img" not in html
    assert 'href="#ev-1"' in html and 'id="ev-1"' in html


def test_citation_fields_are_escaped():
    row = pd.Series({"source_id": "s", "file": "f", "title": HOSTILE, "author": "A", "published": "2020"})
    assert "<script>" not in render.citation(row)


def test_the_fixture_page_does_not_execute_source_text(fixture_build):
    passages = (fixture_build / "reports/tables/passages.csv").read_text(encoding="utf-8")
    assert "<script>alert('x')</script>" in passages  # the fixture carries it as data
    html = (fixture_build / "reports/briefing.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html


def test_a_part_set_again_replaces_itself_in_its_place():
    doc = render.Briefing("Title")
    doc.part("opening", render.Fragment("<p>one</p>"), render.Fragment("<p>two</p>"))
    doc.part("middle", render.Fragment("<p>three</p>"))
    shown = doc.part("opening", render.Fragment("<p>one again</p>"))
    assert shown._repr_html_() == "<p>one again</p>"
    outputs = [c.outputs[0]["data"]["text/html"] for c in doc.to_notebook().cells]
    assert outputs == ["<p>one again</p>", "<p>three</p>"]


def test_a_fragment_shows_its_words_where_html_is_not_shown():
    """A terminal, or an executed notebook read as text, gets the text a reader sees: one
    line per block, cells apart, entities decoded, no markup (and no styles)."""
    from IPython.lib.pretty import pretty

    frag = render.Fragment(
        '<section id="x"><h2>Key &amp; milestones</h2><style>p{color:red}</style>'
        "<p>One\n  sentence.</p><table><tr><th>Date</th><th>Event</th></tr>"
        "<tr><td>2010</td><td>&lt;talks&gt;</td></tr></table></section>"
    )
    assert pretty(frag).splitlines() == ["Key & milestones", "One sentence.", "| Date | Event", "| 2010 | <talks>"]
    long = render.Fragment("".join(f"<p>line {n}</p>" for n in range(50)))
    shown = pretty(long).splitlines()
    assert len(shown) == render.Fragment.SHOWN_LINES + 1 and shown[-1] == "… (10 more lines)"
    assert long._repr_html_() == str(long)


def test_the_contents_list_every_section_in_document_order_whichever_cell_added_it():
    """A section an analyst adds in the briefing notebook is in the contents too."""
    doc = render.Briefing("T")
    doc.part(
        "opening", '<nav class="toc" aria-label="Contents"><h2 id="contents">Contents</h2><ol><li>old</li></ol></nav>'
    )
    doc.part("findings", '<section id="summary"><h2>Key findings</h2><p>…</p></section>')
    doc.part("mine", '<section id="sco-exercises"><h2>SCO exercises &amp; drills</h2><p>…</p></section>')
    doc.part("end", '<section id="evidence"><h2>Appendix A. Evidence</h2></section>')
    opening = doc.to_notebook().cells[0].outputs[0]["data"]["text/html"]
    assert re.findall(r'<li><a href="#([\w-]+)">(.*?)</a></li>', opening) == [
        ("summary", "Key findings"),
        ("sco-exercises", "SCO exercises &amp; drills"),
        ("evidence", "Appendix A. Evidence"),
    ]
    assert "<li>old</li>" not in opening


def test_a_source_without_a_kind_says_so_in_the_bibliography():
    sources = pd.DataFrame(
        {"source_id": ["a-2024", "b-2023"], "kind": ["", "news"], "title": ["A", "B"], "published": ["2024", ""]}
    )
    register = render.source_register(sources)
    assert re.findall(r"<td>(not given|news)</td>", register) == ["not given", "news"]


def test_the_contents_find_a_section_however_its_tag_and_heading_are_written():
    fragments = [
        '<section class="extra" id="mine"><p>Intro</p><h2>My <a href="#x">part</a></h2></section>',
        "<section id='other'><h2>Other</h2></section>",
    ]
    assert render.contents_items(fragments) == '<li><a href="#mine">My part</a></li><li><a href="#other">Other</a></li>'


def test_a_table_with_no_rows_is_a_line_saying_so():
    """A one-note corpus printed 'Areas of cooperation' as a header over nothing."""
    html = render.html_table(pd.DataFrame({"Area": [], "Sources": []}), "Areas <of> cooperation")
    assert html == '<p class="note empty-table"><strong>Areas &lt;of&gt; cooperation</strong>: none in the sources.</p>'
    assert "<table" in render.html_table(pd.DataFrame({"Area": ["training"]}), "Areas")


def test_only_a_table_of_more_rows_than_a_glance_takes_in_is_marked_for_a_filter_box():
    """tables.js gives a filter box to the tables marked data-filter: the positions' four
    five-row tables had each had one, four boxes in a row."""
    many = pd.DataFrame({"a": range(render.FILTER_FROM_ROWS + 1)})
    few = pd.DataFrame({"a": range(render.FILTER_FROM_ROWS)})
    assert '<table class="data" data-filter>' in render.html_table(many, "Many", css_class="data")
    assert "data-filter" not in render.html_table(few, "Few", css_class="data")
    # the caption's note on screen offers the box only where there is one
    assert "type in the box" in render.html_table(many, "Many", css_class="data", usage_note=True)
    assert "(sortable)" in render.html_table(few, "Few", css_class="data", usage_note=True)
