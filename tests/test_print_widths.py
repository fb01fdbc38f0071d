"""Printed tables take their column widths from the cells' text (render.column_shares),
so that WeasyPrint need not measure every cell; the columns must still fit what they hold."""

import re

import pandas as pd
import pytest

from helpers import render


def shares_of(html: str) -> list[float]:
    return [float(x) for x in re.findall(r"--print-width: ([\d.]+)%", html)]


def test_a_table_carries_one_print_width_per_column_summing_to_the_whole():
    df = pd.DataFrame({"Date": ["2005", "March 2005"], "Event": ["A visit.", "A long sentence " * 12]})
    shares = shares_of(render.html_table(df, "c"))
    assert len(shares) == 2 and abs(sum(shares) - 100) < 0.5
    assert shares[1] > 2 * shares[0]  # the long text gets the room


def test_no_column_is_narrower_than_its_longest_unbreakable_run():
    """'saadia-2022' cannot break at its hyphen (before a digit); 'membership/designation' can after the slash."""
    cells = [[render.CellWidth.of_text("saadia-2022")], [render.CellWidth.of_text("word " * 80)]]
    shares = render.column_shares(cells)
    assert shares[0] / 100 * render.PRINT_TABLE_CHARS >= len("saadia-2022")
    assert render.CellWidth.of_text("membership/designation").narrowest == len("designation")
    assert render.CellWidth.of_text("nato-relations").narrowest == len("relations")


def test_short_columns_keep_their_whole_text_on_one_line():
    cells = [[render.CellWidth.of_text("12")], [render.CellWidth.of_text("a name")]]
    shares = render.column_shares(cells)
    assert abs(shares[0] / shares[1] - (2 * 1.2 + 2) / (6 + 2)) < 1e-9  # as wide as they ask, scaled to the table


def test_a_cell_built_as_html_is_measured_by_its_visible_text_with_citations_smaller():
    cite = '<a class="cite" href="#ev-1" aria-label="evidence 1, s">[nato-relations]</a>'
    width = render.CellWidth.of_html(f"<q>NATO &amp; Pakistan</q> {cite}")
    expected = render.CellWidth.of_text("NATO & Pakistan ").widest + len("[nato-relations]") * render.CITATION_SCALE
    assert abs(width.widest - expected) <= 1  # the tags count for nothing, the citation at its smaller size
    assert width.narrowest == render.CellWidth.of_text("Pakistan").narrowest


@pytest.mark.parametrize("label", ["[nato-2010:", '<span class="cite-label">[nato-2010:</span>'])
def test_a_bracket_of_one_sources_passages_is_measured_as_one_citation(label):
    """With its label kept unbroken in a span of its own (as briefing.Evidence writes it) or not."""
    group = (
        f'<span class="cite-group">{label} <a class="cite" href="#ev-2" aria-label="evidence 2, nato-2010">2</a>, '
        '<a class="cite" href="#ev-3" aria-label="evidence 3, nato-2010">3</a>]</span>'
    )
    width = render.CellWidth.of_html(f"Aid {group}")
    expected = render.CellWidth.of_text("Aid ").widest + render.CellWidth.of_text("[nato-2010: 2, 3]").widest * 0.72
    assert abs(width.widest - expected) <= 1  # all of it in the citations' smaller type, tags not counted


def test_columns_that_cannot_all_fit_are_shared_by_their_longest_runs():
    words = ["x" * 60, "y" * 70]
    shares = render.column_shares([[render.CellWidth.of_text(w)] for w in words])
    assert abs(shares[0] / shares[1] - 62 / 72) < 1e-9
