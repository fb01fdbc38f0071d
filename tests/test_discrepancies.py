from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import discrepancies, timeline


@pytest.mark.parametrize(
    "a, b, how",
    [
        ("Alessandro Minu to Rizzo", "Alessandro Minuto Rizzo", "split by a space"),
        ("Tehreek-i-Taliban", "Tehreek i Taliban", "hyphenated differently"),
        ("North Atlantic Treaty Organisation", "North Atlantic Treaty Organization", "-isation/-ization"),
        ("International Security Assistance Force", "International Security Assistance Forces", "plural"),
        ("Pakistan Army", "Pakistani Army", "different form"),
    ],
)
def test_spelling_variants_are_named(a, b, how):
    assert how in discrepancies.how_names_differ(a, b)


@pytest.mark.parametrize(
    "a, b",
    [
        ("Human Rights Council", "UN Human Rights Council"),
        ("NATO", "North Atlantic Treaty Organization"),
        ("Conference on Disarmament", "UN Security Council"),
    ],
)
def test_short_forms_acronyms_and_other_names_are_not_variants(a, b):
    assert discrepancies.how_names_differ(a, b) == ""


MEASURES = [{"measure": "casualties", "units": ["casualties", "citizens"], "context": "casualt|lost"}]


def figure(fid, source, text, value, unit, period, quote):
    return {"figure_id": fid, "source_id": source, "figure_text": text, "value": value, "unit": unit,
            "period": period, "quote": quote, "start_char": 0, "end_char": len(quote)}  # fmt: skip


def test_figures_of_one_measure_with_different_periods_are_flagged_with_a_note():
    figures = pd.DataFrame([
        figure("a", "p", "80,000", 80000.0, "casualties", "2005/2013", "at least 80,000 casualties"),
        figure("b", "q", "60,000", 60000.0, "citizens", "2001/2017", "lost more than 60,000 citizens"),
        figure("c", "q", "3500", 3500.0, "tons", "", "3500 tons of supplies"),
    ])  # fmt: skip
    rows = discrepancies.figure_discrepancies(figures, MEASURES)
    assert len(rows) == 1
    assert {rows[0]["value_a"], rows[0]["value_b"]} == {"at least 80,000", "more than 60,000"}  # as the text says
    assert rows[0]["note"] == (
        "they count different things (the first counts casualties, the second citizens); one period lies inside the other "
        "(2005–2013 within 2001–2017), and the longer period's figure gives only a floor ('more than'), so the two do not "
        "contradict each other"
    )


@pytest.mark.parametrize(
    "b_period, b_quote, expected",
    [
        (
            "2001/2017",
            "60,000 casualties",
            "the shorter period (2005–2013 within 2001–2017) has the larger count",
        ),
        ("2001/2017", "90,000 casualties", "with the smaller count: no contradiction"),
        ("2014/2020", "60,000 casualties", "different periods (2005–2013 and 2014–2020)"),
        ("2005/2013", "60,000 casualties", "the same measure and period with different values"),
        ("2005-10; 2010", "60,000 casualties", "different periods"),  # several periods are no one window
        ("2005-10", "90,000 casualties", "the shorter period (2005-10 within 2005–2013) has the larger"),
        ("2001/..", "60,000 casualties", "the shorter period (2005–2013 within the years since 2001) has"),
        ("2014/..", "60,000 casualties", "different periods (2005–2013 and the years since 2014)"),
    ],
)
def test_a_figure_note_says_whether_two_values_can_both_hold(b_period, b_quote, expected):
    value = float(b_quote.split()[0].replace(",", ""))
    a = figure("a", "p", "80,000", 80000.0, "casualties", "2005/2013", "80,000 casualties")
    b = figure("b", "q", b_quote.split()[0], value, "casualties", b_period, b_quote)
    assert expected in discrepancies.figure_note(a, b)


def test_equal_figures_agree():
    figures = pd.DataFrame([
        figure("a", "p", "80,000", 80000.0, "casualties", "", "80,000 casualties"),
        figure("b", "q", "80,000", 80000.0, "casualties", "", "80,000 casualties"),
    ])  # fmt: skip
    assert discrepancies.figure_discrepancies(figures, MEASURES) == []


def test_text_defects_name_the_token_and_the_repair():
    texts = {"s": "Start of Paki2000stan relief.\nPakistan and NATO.\n"}
    passages = pd.DataFrame([
        {"passage_id": "s.p001", "source_id": "s", "seq": 1, "start_char": 0, "end_char": 29,
         "text": "Start of Paki2000stan relief.", "garbled_tokens": "Paki2000stan", "duplicate_kind": "", "duplicate_of": ""},
        {"passage_id": "s.p002", "source_id": "s", "seq": 2, "start_char": 30, "end_char": 48,
         "text": "Pakistan and NATO.", "garbled_tokens": "", "duplicate_kind": "", "duplicate_of": ""},
    ])  # fmt: skip
    rows = discrepancies.text_defects(passages, texts)
    assert [(r["value_a"], r["value_b"], r["note"]) for r in rows] == [
        ("Paki2000stan", "Pakistan", "digits inside a word")
    ]
    assert texts["s"][rows[0]["start_a"] : rows[0]["end_a"]] == "Paki2000stan"
    assert texts["s"][rows[0]["start_b"] : rows[0]["end_b"]] == "Pakistan"


def test_many_figures_of_one_measure_each_differ_from_the_most_stated_value_once():
    quote = "{} casualties"
    values = [80000.0, 60000.0, 80000.0, 70000.0, 60000.0, 80000.0]
    figures = pd.DataFrame([
        figure(f"f{k}", f"s{k}", f"{v:,.0f}", v, "casualties", "", quote.format(f"{v:,.0f}"))
        for k, v in enumerate(values)
    ])  # fmt: skip
    rows = discrepancies.figure_discrepancies(figures, MEASURES)
    # the reference is 80,000 (stated three times, first by f0); one row per other value
    assert [(r["source_a"], r["value_a"], r["source_b"], r["value_b"]) for r in rows] == [
        ("s0", "80,000", "s1", "60,000"),
        ("s0", "80,000", "s3", "70,000"),
    ]
    assert all(r["note"] == "the same measure and period with different values" for r in rows)


def test_a_value_stated_for_another_period_is_listed_again_with_its_period():
    figures = pd.DataFrame([
        figure("a", "p", "80,000", 80000.0, "casualties", "2005/2013", "at least 80,000 casualties"),
        figure("b", "q", "60,000", 60000.0, "casualties", "2001/2017", "60,000 casualties"),
        figure("c", "r", "60,000", 60000.0, "casualties", "", "60,000 casualties"),
        figure("d", "s", "60,000", 60000.0, "casualties", "", "60,000 casualties"),
    ])  # fmt: skip
    rows = discrepancies.figure_discrepancies(figures, MEASURES)
    # 60,000 is the most stated value; 80,000 differs from it once
    assert [(r["source_a"], r["source_b"]) for r in rows] == [("q", "p")]
    assert "2005–2013 within 2001–2017" in rows[0]["note"]


def dated(eid, date_start, quote, actors="NATO;Pakistan", source="s", event_type="aid/relief"):
    return {
        "event_id": eid, "source_id": source, "date_start": date_start, "date_end": "",
        "date_precision": {4: "year", 7: "month", 10: "day"}[len(date_start)], "date_text": date_start,
        "date_inferred": False, "event_type": event_type, "actors": actors, "description": quote,
        "quote": quote, "start_char": 0, "end_char": len(quote),
    }  # fmt: skip


def test_a_milestone_dated_differently_is_found_within_the_window_only():
    events = pd.DataFrame([
        dated("a", "2006-02", "the end of the earthquake relief mission", source="p"),
        dated("b", "2006-01", "the end of the earthquake relief operation", source="q"),
        dated("c", "2008-06", "the end of the earthquake relief operation", source="r"),  # 28 months later
        dated("d", "2006-03", "the start of the earthquake relief operation", source="r"),  # another milestone
    ])  # fmt: skip
    groups = [[i] for i in events.index]
    rows = discrepancies.date_discrepancies(events, groups)
    assert [(r["source_a"], r["value_a"], r["source_b"], r["value_b"]) for r in rows] == [
        ("p", "2006-02", "q", "2006-01")
    ]


def test_a_milestone_is_named_by_the_statement_that_opens_with_it():
    """The subject had been the other statement: 'Following the end of the mission, political
    dialogue between NATO and Pakistan intensified', which is about the dialogue."""
    events = pd.DataFrame([
        dated("a", "2006-02", "Following the end of the relief mission, political dialogue intensified", source="p"),
        dated("b", "2006-01", "End of NATO's earthquake relief operation in Pakistan", source="p"),
    ])  # fmt: skip
    (row,) = discrepancies.date_discrepancies(events, [[0], [1]])
    assert row["subject"] == "End of NATO's earthquake relief operation in Pakistan"
    assert (row["value_a"], row["value_b"]) == ("2006-02", "2006-01")


def test_a_long_milestone_subject_is_cut_between_words():
    long = "the end of the earthquake relief mission and then political dialogue between NATO and Pakistan intensified"
    events = pd.DataFrame([
        dated("a", "2006-02", long, source="p"),
        dated("b", "2006-01", "the end of the earthquake relief operation", source="q"),
    ])  # fmt: skip
    (row,) = discrepancies.date_discrepancies(events, [[0], [1]])
    subject = row["subject"]
    assert subject.endswith("…") and len(subject) <= 80
    assert long.startswith(subject[:-1]) and long[len(subject) - 1] == " "  # the cut falls before a space


def test_reports_of_one_timeline_event_give_one_date_discrepancy():
    events = pd.DataFrame(
        [dated(f"a{k}", "2006-02", "the end of the earthquake relief mission", source=f"p{k}") for k in range(5)]
        + [dated(f"b{k}", "2006-01", "the end of the earthquake relief operation", source=f"q{k}") for k in range(5)]
    )
    groups = [list(range(5)), list(range(5, 10))]
    rows = discrepancies.date_discrepancies(events, groups)
    assert len(rows) == 1 and (rows[0]["source_a"], rows[0]["source_b"]) == ("p0", "q0")


def plain_date_discrepancies(events, groups, months=12):
    """The date rule by scanning every later statement, for comparison with the windowed search."""
    from itertools import combinations

    wording = timeline.Wording(list(events["description"]))
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    explicit = events[(events["date_text"] != "") & ~events["date_inferred"].astype(bool)]
    found, done, reported = [], set(), set()
    for (i, a), (j, b) in combinations(explicit.iterrows(), 2):
        pair = frozenset((group_of[i], group_of[j]))
        if i in done or len(pair) == 1 or pair in reported or timeline.dates_compatible(a, b):
            continue
        ma, mb = discrepancies._MILESTONE.search(a["quote"]), discrepancies._MILESTONE.search(b["quote"])
        if not (ma and mb and ma.group(1).lower() == mb.group(1).lower()):
            continue
        if not timeline.actors_overlap(a, b) or discrepancies._months_apart(a["date_start"], b["date_start"]) > months:
            continue
        if (
            not wording.shares_rare_word(a["description"], b["description"])
            and wording.similarity(a["description"], b["description"]) < timeline.SIMILARITY
        ):
            continue
        done.add(i)
        reported.add(pair)
        found.append((a["event_id"], b["event_id"]))
    return found


@settings(max_examples=100, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.sampled_from(["2005", "2005-06", "2006-01", "2006-02", "2006-09", "2007-03", "2008"]),
            st.sampled_from(["end", "start", "End", "closure"]),
            st.sampled_from(["earthquake relief", "relief mission", "supply lines", "JIOC"]),
            st.sampled_from(["NATO;Pakistan", "ISAF", "UN", "Pakistan"]),
        ),
        max_size=25,
    ),
    st.integers(1, 4),
)
def test_windowed_date_search_equals_a_scan_of_every_later_statement(statements, group_size):
    events = pd.DataFrame(
        [dated(f"e{k:02d}", d, f"the {w} of the {m}", actors=a, source=f"s{k}") for k, (d, w, m, a) in
         enumerate(statements)]
    )  # fmt: skip
    groups = [list(range(k, min(k + group_size, len(events)))) for k in range(0, len(events), group_size)]
    rows = discrepancies.date_discrepancies(events, groups) if len(events) else []
    by_quote = {(e["source_id"], e["date_start"]): e["event_id"] for e in events.to_dict("records")}
    assert [(by_quote[(r["source_a"], r["value_a"])], by_quote[(r["source_b"], r["value_b"])]) for r in rows] == (
        plain_date_discrepancies(events, groups) if len(events) else []
    )


def test_a_garbled_word_is_looked_up_once_and_found_in_the_first_text_that_has_it():
    texts = {"s": "Paki2000stan relief.", "t": "Aid for Pakistan.", "u": "Pakistan again."}
    passages = pd.DataFrame([
        {"passage_id": "s.p001", "source_id": "s", "seq": 1, "start_char": 0, "end_char": 20,
         "text": "Paki2000stan relief.", "garbled_tokens": "Paki2000stan", "duplicate_kind": "", "duplicate_of": ""},
    ])  # fmt: skip
    rows = discrepancies.text_defects(passages, texts)
    assert [(r["source_b"], r["start_b"]) for r in rows] == [("t", 8)]


def test_the_bound_named_is_the_one_that_lets_both_values_hold():
    inner = figure("a", "p", "5000", 5000.0, "casualties", "2005/2013", "up to 5000 casualties")
    outer = figure("b", "q", "3000", 3000.0, "casualties", "2001/2017", "about 3000 casualties")
    assert "the shorter period's figure gives only a ceiling ('up to')" in discrepancies.figure_note(inner, outer)


def test_an_open_period_runs_to_its_sources_publication():
    """'since 2005' in a page of 2010 and in one of 2021 had been one window, to the year
    9999: their two counts read as the same period with different values."""
    early = figure("a", "p", "twice", 2.0, "visits", "2005/..", "twice since 2005")
    later = figure("b", "q", "three times", 3.0, "visits", "2005/..", "three times since 2005")
    published = {"p": "2010-10-27", "q": "2021"}
    note = discrepancies.figure_note(early, later, published)
    assert note == (
        "one period lies inside the other (the years since 2005 as of 2010 within the years since 2005 as of 2021), "
        "with the smaller count: no contradiction"
    )
    assert "the same measure and period" in discrepancies.figure_note(early, later, {"p": "2010", "q": "2010"})
    assert "the same measure and period" in discrepancies.figure_note(early, later)  # no dates known: as before
    swapped = discrepancies.figure_note({**early, "value": 4.0}, later, published)
    assert "the shorter period (the years since 2005 as of 2010 within" in swapped and "conflict" in swapped


def test_a_period_that_ends_at_a_date_covers_every_year_before_it():
    from helpers.discrepancies import _window

    assert _window("../2021-11") == ("0001-01-01", "2021-11-30")


def test_a_measure_leaves_out_a_figure_its_not_context_names():
    """168 peacekeepers killed on UN missions had been listed as disagreeing with the war on
    terror's 80,000 casualties (an analyst's review): measures.yml's not_context rules it out."""
    from helpers import io

    measures = io.load_yaml_codebook(Path(__file__).resolve().parents[1] / "data/codebook/measures.yml")
    war = figure("a", "p", "80,000", 80000.0, "casualties", "2005/2013", "at least 80,000 casualties in the war")
    peacekeepers = figure(
        "b", "q", "168", 168.0, "lives", "", "168 Pakistani peacekeepers lost their lives on UN missions"
    )
    soldiers = figure(
        "c", "q", "168", 168.0, "lives", "", "168 Pakistani soldiers lost their lives in the tribal areas"
    )
    assert discrepancies.measure_of(pd.Series(peacekeepers), measures) == ""
    assert (
        discrepancies.measure_of(pd.Series(soldiers), measures)
        == discrepancies.measure_of(pd.Series(war), measures)
        != ""
    )
