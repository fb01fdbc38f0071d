"""Chart files: text kept as text (escaped), deterministic bytes, one layout per figure."""

import re

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import charts


@pytest.fixture(autouse=True)
def _close_figures():
    """Each test's figures closed after it: pyplot keeps every figure open until told."""
    yield
    plt.close("all")


def _timeline(description: str = "an event") -> pd.DataFrame:
    return pd.DataFrame({
        "timeline_id": ["t001", "t002", "t003"],
        "date_start": ["2001-09", "2005", "2011-11-26"],
        "date_end": ["", "2007", ""],
        "event_type": ["visit/meeting", "agreement", "attack/incident"],
        "n_sources": [1, 2, 3],
        "n_accounts": [1, 2, 3],
        "source_ids": ["a", "a;b", "a;b;c"],
        "description": [description, "b", "c"],
    })  # fmt: skip


def test_svg_text_is_text_in_the_style_font_with_a_generic_fallback():
    svg = charts.svg_bytes(charts.timeline_chart(_timeline()).figure).decode("utf-8")
    assert "<text" in svg
    assert 'id="DejaVuSans-' not in svg  # no glyph outlines to parse again
    families = set(re.findall(r'font-family="([^"]+)"', svg))
    assert families == {"'DejaVu Sans', sans-serif"}


def test_svg_styles_become_presentation_attributes_and_labels_stay_as_written():
    """WeasyPrint prints attributes faster than style="..."; a label that reads like one is text, left alone."""
    label = 'a style="fill: red" b'
    events = pd.DataFrame({"actors": [f"{label};NATO", "NATO;Pakistan"]})
    svg = charts.svg_bytes(charts.co_mention_network(events).figure).decode("utf-8")
    tags = re.findall(r"<[^<>]+>", svg)
    assert not [t for t in tags if " style=" in t] and "<style" not in svg
    assert svg.count('stroke-linejoin="round" stroke-linecap="butt"') == 1  # the one rule, on the root
    assert re.search(r' fill="#[0-9a-f]{6}"', svg)
    assert 'style="fill: red"' in svg.replace("&quot;", '"')  # the label's text, unchanged


def test_an_svg_not_in_matplotlibs_form_is_left_as_it_is():
    odd = b'<svg xmlns="http://www.w3.org/2000/svg"><path style="fill: red"/></svg>'
    assert charts.presentation_attributes(odd) == odd


def test_svg_text_from_the_sources_is_escaped():
    events = pd.DataFrame({"actors": ['<script>alert("x")</script>;NATO', "NATO;Pakistan"]})
    svg = charts.svg_bytes(charts.co_mention_network(events).figure).decode("utf-8")
    assert "<script>" not in svg
    assert "&lt;script&gt;alert" in svg


def test_the_same_chart_gives_the_same_bytes(tmp_path):
    first = charts.save_chart(charts.timeline_chart(_timeline()), tmp_path / "one")
    second = charts.save_chart(charts.timeline_chart(_timeline()), tmp_path / "two")
    assert [p.name for p in first] == ["timeline.svg", "timeline.png"]
    for a, b in zip(first, second, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_the_page_embeds_the_saved_chart_only_when_told_it_is_the_same(tmp_path):
    svg, _ = charts.save_chart(charts.timeline_chart(_timeline()), tmp_path)
    svg.write_bytes(b"<svg>the analysis' file</svg>")
    reused = charts.reuse_saved(charts.timeline_chart(_timeline()), tmp_path)
    assert reused.svg_text() == b"<svg>the analysis' file</svg>"
    drawn = charts.reuse_saved(charts.timeline_chart(_timeline()), None).svg_text()
    assert drawn.startswith(b"<?xml") and b"<text" in drawn
    assert charts.reuse_saved(charts.timeline_chart(_timeline()), tmp_path / "no-such-folder").svg_text() == drawn


def test_a_chart_shows_itself_in_a_notebook_as_on_the_page():
    import base64

    chart = charts.timeline_chart(_timeline('<b onclick="x">an event</b>'))
    shown = chart._repr_html_()
    embedded = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)" alt="([^"]*)"', shown)
    assert embedded, shown[:200]
    assert base64.b64decode(embedded.group(1)) == chart.svg_text()
    assert f"<strong>{chart.title}.</strong>" in shown and "<b onclick" not in shown
    two = charts.Gallery([chart, charts.corroboration_chart(_timeline())])
    assert two._repr_html_().count("<figure>") == 2


def test_where_no_image_is_shown_a_chart_gives_its_title_caption_and_alt_text():
    from IPython.lib.pretty import pretty

    chart = charts.timeline_chart(_timeline())
    assert pretty(chart).splitlines() == [f"Chart 'timeline': {chart.title}.", chart.caption, chart.alt]
    two = pretty(charts.Gallery([chart, charts.corroboration_chart(_timeline())]))
    assert two.count("Chart '") == 2 and "Figure size" not in two


def test_both_files_are_cropped_to_the_box_measured_once(tmp_path):
    import re

    from PIL import Image

    chart = charts.timeline_chart(_timeline())
    svg, png = charts.save_chart(chart, tmp_path)
    width_pt, height_pt = map(float, re.search(rb'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg.read_bytes()).groups())
    width_px, height_px = Image.open(png).size
    dpi = charts.STYLE["savefig.dpi"]
    assert abs(width_px / dpi - width_pt / 72) < 0.02 and abs(height_px / dpi - height_pt / 72) < 0.02


def test_a_short_period_is_ticked_in_whole_years_and_a_lone_source_is_said_plainly():
    """A focus on a few years once gave ticks at '2002.5' and a caption counting '0'."""
    short = _timeline().assign(date_start=["2002-01", "2003-06", "2004-12"], date_end="", n_sources=1)
    chart = charts.timeline_chart(short)
    chart.figure.canvas.draw()
    labels = [t.get_text() for t in chart.figure.axes[0].get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"(19|20)\d\d", label) for label in labels), labels
    assert "none is reported by more than one source" in chart.caption
    many = pd.concat([short] * 60, ignore_index=True).assign(timeline_id=lambda d: [f"t{i}" for i in range(len(d))])
    by_year = charts.timeline_chart(many, max_marks=10)
    by_year.figure.canvas.draw()
    labels = [t.get_text() for t in by_year.figure.axes[0].get_xticklabels() if t.get_text()]
    assert labels and all(re.fullmatch(r"(19|20)\d\d", label) for label in labels), labels


def test_events_of_a_single_year_are_not_ticked_with_that_year_over_and_over():
    """make report PERIOD_START=2017 PERIOD_END=2020 FOCUS=nato drew '2018 2018 2018':
    a span shorter than a year has no whole years to tick, and fractions were rounded."""
    one_year = _timeline().assign(date_start=["2018-03", "2018-06", "2018-09"], date_end="", n_sources=1)
    chart = charts.timeline_chart(one_year)
    chart.figure.canvas.draw()
    labels = [t.get_text() for t in chart.figure.axes[0].get_xticklabels() if t.get_text()]
    assert "2018" in labels and len(labels) == len(set(labels)), labels
    low, high = chart.figure.axes[0].get_xlim()
    assert low <= 2018.2 and high >= 2018.7


def test_a_heatmap_of_no_areas_says_so():
    """A focus none of the areas concern gave the heatmap an empty table, and it raised."""
    chart = charts.cooperation_heatmap(pd.DataFrame(columns=["area", "source_id"]), ["a", "b"])
    assert "No source names an area of cooperation here." in chart.caption
    assert chart.svg_text().startswith(b"<?xml")


def test_a_heatmap_tells_an_area_named_only_for_a_setback_from_one_named_as_cooperation():
    """An area a source names only to report a setback ('closed', 'in vain') had been filled
    in as cooperation like the rest (a reader's review)."""
    coop = pd.DataFrame({
        "area": ["logistics", "logistics", "logistics", "training"],
        "source_id": ["a", "a", "b", "b"],
        "setback": ["closed or suspended", "closed or suspended", "", ""],
    })  # fmt: skip
    chart = charts.cooperation_heatmap(coop, ["a", "b"])
    assert "A light cell: the source names the area only to report a setback" in chart.caption
    assert "logistics: a (a setback only), b; training: b" in chart.alt
    labels = [t.get_text() for t in chart.figure.axes[0].get_legend().get_texts()]
    assert labels == ["named", "named only to report a setback"]
    # one sentence of cooperation is enough for the full shade; no setback, no key
    plain = charts.cooperation_heatmap(coop.assign(setback=["closed or suspended", "", "", ""]), ["a", "b"])
    assert "light cell" not in plain.caption and plain.figure.axes[0].get_legend() is None
    assert "(a setback only)" not in plain.alt


def test_charts_of_no_events_say_so_instead_of_raising():
    """A period no event falls in (make report PERIOD_START=1800 PERIOD_END=1801) stopped
    the briefing: the timeline chart read the first date of an empty table."""
    none = _timeline().iloc[0:0]
    for chart in (charts.timeline_chart(none), charts.corroboration_chart(none)):
        assert chart.caption == charts.NO_EVENTS and chart.data.empty
        assert chart.svg_text().startswith(b"<?xml") and b"No event in the sources" in chart.svg_text()
    assert list(charts.timeline_chart(none).data.columns) == list(charts.timeline_chart(_timeline()).data.columns)


def test_the_co_mention_caption_names_every_pair_tied_for_the_strongest():
    """Two pairs each named together twice: the caption named the first in the table as
    'the strongest tie', as if the other were weaker."""
    events = pd.DataFrame({"actors": ["NATO;Pakistan", "NATO;Pakistan", "Pakistan;UN", "Pakistan;UN", "SCO;UN"]})
    caption = charts.co_mention_network(events).caption
    assert "The strongest ties are NATO–Pakistan and Pakistan–UN (2 statements each)." in caption
    lone = charts.co_mention_network(events.iloc[[0, 1, 4]]).caption
    assert "The strongest tie is NATO–Pakistan (2 statements)." in lone
    once = charts.co_mention_network(events.iloc[[4]]).caption
    assert "The strongest tie is SCO–UN (1 statement)." in once


def test_a_network_with_no_two_names_together_says_so():
    """A one-note corpus drew an empty circle captioned 'The 0 most connected names'."""
    alone = pd.DataFrame({"actors": ["Pakistan", "NATO"]})
    chart = charts.co_mention_network(alone)
    assert chart.caption == "No dated statement names two parties together." and chart.data.empty
    assert charts.co_mention_network(alone.iloc[:0]).caption == charts.NO_EVENTS


def test_the_best_connected_name_is_drawn_in_the_centre_so_that_every_line_to_it_shows():
    """On a circle alone, the hub's lines crossed the figure as chords, and those to the
    names beside it were stubs under the markers."""
    events = pd.DataFrame({"actors": ["Pakistan;NATO", "Pakistan;UN", "Pakistan;Bosnia", "Pakistan;NATO;UN"]})
    chart = charts.co_mention_network(events)
    ax = chart.figure.axes[0]
    spokes = [line.get_xydata() for line in ax.get_lines() if (0.0, 0.0) in map(tuple, line.get_xydata())]
    assert len(spokes) == 3  # Pakistan to NATO, UN and Bosnia, each a line of the circle's radius
    assert all(abs(((b - a) ** 2).sum() ** 0.5 - 1) < 1e-9 for a, b in spokes)
    assert charts.hub_and_circle(["Pakistan"]) == {"Pakistan": (0.0, 0.0)}


def test_a_name_tied_only_to_names_too_little_connected_to_be_drawn_is_left_out():
    """Bosnia and Herzegovina was drawn for its ties to EADRCC and Serbia, which were not
    drawn, and stood alone with no line."""
    events = pd.DataFrame({
        "actors": ["Pakistan;NATO"] * 3 + ["Pakistan;UN"] * 2 + ["Bosnia;EADRCC;Serbia", "UN;India"],
    })  # fmt: skip
    chart = charts.co_mention_network(events, top=4)
    drawn = {t.get_text() for t in chart.figure.axes[0].texts}
    assert drawn == {"Pakistan", "NATO", "UN", "India"}  # Bosnia ranks 4th on ties, but none is drawn
    assert set(chart.data[["name_a", "name_b"]].stack()) == drawn
