"""The merge rule on pairs that must merge and pairs that must not."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import timeline


def event(eid, date_start, event_type, actors, quote, date_end="", date_text=None, source="s"):
    return {
        "event_id": eid, "source_id": source, "date_start": date_start, "date_end": date_end,
        "date_precision": {4: "year", 7: "month", 10: "day"}[len(date_start)],
        "date_text": date_text if date_text is not None else date_start, "date_inferred": False,
        "event_type": event_type, "actors": actors, "description": quote, "quote": quote,
    }  # fmt: skip


CORPUS = [
    event("a1", "2005", "aid/relief", "NATO;Pakistan", "NATO responded generously to the devastating earthquake"),
    event("b1", "2005-10", "aid/relief", "NATO;Pakistan", "After the earthquake NATO launched an airlift of supplies"),
    event("c1", "2007-01", "intelligence/operational cooperation", "ISAF;JIOC", "Opening of the JIOC at ISAF HQ"),
    event("d1", "2007", "intelligence/operational cooperation", "NATO;JIOC", "NATO and Pakistan established the JIOC"),
    event("e1", "2007-01", "visit", "NATO;Pakistan", "Visit to NATO by the Prime Minister of Pakistan"),
    event("f1", "2006-01", "aid/relief", "NATO;Pakistan", "End of NATO's earthquake relief operation"),
    event(
        "g1", "2006-02", "military operation", "NATO;Pakistan", "Following the end of the mission, dialogue intensified"
    ),
    event(
        "h1",
        "2005",
        "visit",
        "NATO;Pakistan",
        "NATO's Deputy Secretary General has visited Pakistan twice",
        date_text="since 2005",
    ),
    event("i1", "2005-03", "visit", "NATO;Pakistan;Minuto Rizzo", "Visit to Pakistan by Ambassador Minuto Rizzo"),
    event("j1", "2010", "aid/relief", "Pakistan", "support in response to severe flooding"),
    event("k1", "2011", "aid/relief", "Pakistan", "support in response to severe flooding"),
    event("l1", "2001", "visit", "Afghanistan", "the multilateral conference on Afghanistan in Bonn"),
    event("m1", "2001-09-11", "attack/incident", "Pakistan", "was not involved in the 9/11 attacks"),
    event("n1", "1947", "membership/designation", "UN", "Pakistan joined the UN"),
    event("o1", "1947", "other", "Pakistan", "Pakistan has adopted a security-centric foreign policy"),
]


@pytest.fixture(scope="module")
def rows():
    events = pd.DataFrame(CORPUS)
    return {e: i for i, ids in enumerate(timeline.build_timeline(events)["event_ids"]) for e in ids.split(";")}


@pytest.mark.parametrize("a, b", [("a1", "b1"), ("c1", "d1")])
def test_reports_of_one_event_merge(rows, a, b):
    assert rows[a] == rows[b]


@pytest.mark.parametrize(
    "a, b, why",
    [
        ("c1", "e1", "different events in the same month"),
        ("f1", "g1", "incompatible months: a discrepancy, not a merge"),
        ("h1", "i1", "an open range does not merge with a point in it"),
        ("j1", "k1", "same wording, different years"),
        ("l1", "m1", "same year, different type"),
        ("n1", "o1", "same year, nothing in common"),
        ("b1", "f1", "the relief started in 2005 and ended in 2006"),
    ],
)
def test_different_events_stay_apart(rows, a, b, why):
    assert rows[a] != rows[b], why


def test_a_merged_row_takes_the_most_precise_date_and_counts_sources():
    events = pd.DataFrame([
        event("x1", "2007", "visit", "NATO", "the Secretary General visited Pakistan", source="p"),
        event("x2", "2007-05", "visit", "NATO", "first visit by a NATO Secretary General to Pakistan", source="q"),
    ])  # fmt: skip
    t = timeline.build_timeline(events)
    assert len(t) == 1
    row = t.iloc[0]
    assert (row.date_start, row.date_precision, row.n_sources, row.source_ids) == ("2007-05", "month", 2, "p;q")


def test_dates_compatible_within_precision():
    a = event("a", "2005", "visit", "", "x")
    assert timeline.dates_compatible(a, event("b", "2005-10", "visit", "", "x"))
    assert not timeline.dates_compatible(
        event("c", "2006-01", "visit", "", "x"), event("d", "2006-02", "visit", "", "x")
    )
    assert timeline.dates_compatible(
        event("e", "1979", "visit", "", "x", date_end="1989"), event("f", "1985", "visit", "", "x")
    )


# ---------------------------------------------------------------- blocking changes nothing


def plain_group_events(events: pd.DataFrame) -> list[list[int]]:
    """The merge rule applied the plain way: every row against every member of every group."""
    wording = timeline.Wording(list(events["description"]))
    order = sorted(events.index, key=lambda i: (events.at[i, "date_start"], -len(events.at[i, "date_start"])))
    groups: list[list[int]] = []
    for i in order:
        row = events.loc[i]
        best, best_score = None, 0.0
        for g in groups:
            members = [events.loc[j] for j in g]
            if not all(timeline.dates_compatible(row, m) for m in members):
                continue
            scores = [
                wording.similarity(row["description"], m["description"]) + 1e-3
                for m in members
                if timeline.same_event(row, m, wording)
            ]
            if scores and max(scores) > best_score:
                best, best_score = g, max(scores)
        if best is None:
            groups.append([i])
        else:
            best.append(i)
    return groups


def test_blocked_grouping_equals_the_plain_rule_on_the_pairs_above():
    events = pd.DataFrame(CORPUS * 3)  # every report thrice: repeats must land together
    assert timeline.group_events(events) == plain_group_events(events)


DATES = ["2004", "2005", "2005-10", "2005-10-08", "2005-11", "2006", "2006-01", "2006-02"]
WORDS = ["earthquake", "relief", "airlift", "JIOC", "opening", "visit", "minister", "flooding", "summit", "transit"]


@st.composite
def random_events(draw):
    n = draw(st.integers(1, 30))
    rows = []
    for k in range(n):
        start = draw(st.sampled_from(DATES))
        end = draw(st.sampled_from(["", "", "", "2007", "2006-12"]))
        end = end if end > start else ""
        opened = draw(st.booleans()) and not end
        rows.append(
            event(
                f"e{k:02d}",
                start,
                draw(st.sampled_from(["visit", "aid/relief", "other", "intelligence/operational cooperation"])),
                ";".join(draw(st.lists(st.sampled_from(["Pakistan", "NATO", "ISAF", "UN"]), max_size=3, unique=True))),
                " ".join(draw(st.lists(st.sampled_from(WORDS), min_size=0, max_size=5))),
                date_end=end,
                date_text=f"since {start[:4]}" if opened else start,
                source=draw(st.sampled_from("pqr")),
            )
        )
    return pd.DataFrame(rows)


@settings(max_examples=150, deadline=None)
@given(random_events())
def test_blocked_grouping_equals_the_plain_rule(events):
    assert timeline.group_events(events) == plain_group_events(events)


def test_the_report_with_the_shortest_opening_sentence_speaks_for_a_row():
    """A milestone line quoted whole ('Opening of Joint Intelligence Operations Centre
    (JIOC) at ISAF HQ. The JIOC facilitates ...') had lost the row to a longer sentence
    once its description ran on."""
    line = {"event_id": "n-e015", "date_precision": "month",
            "description": "Opening of Joint Intelligence Operations Centre (JIOC) at ISAF HQ. The JIOC facilitates joint "
                           "intelligence operations between ISAF and the Pakistani and Afghan armies"}  # fmt: skip
    prose = {"event_id": "n-e004", "date_precision": "month",
             "description": "A joint Afghan, ISAF and Pakistani intelligence centre that was opened in Kabul improved "
                            "coordination"}  # fmt: skip
    assert timeline.speaking_report([prose, line])["event_id"] == "n-e015"
    vaguer = {**line, "event_id": "n-e001", "date_precision": "year"}
    assert timeline.speaking_report([vaguer, prose])["event_id"] == "n-e004"  # the most precise first


def test_a_report_whose_date_is_its_sentences_own_speaks_before_one_dated_in_a_relative_clause():
    """'Pakistan supported ISAF, which completed its mission in Afghanistan in 2014, by allowing
    for the transit of ISAF supplies' had dated Pakistan's support to 2014 in the timeline."""
    aside = event(
        "r-e002", "2014", "military operation", "Pakistan;ISAF", "Pakistan supported the International Security "
        "Assistance Force (ISAF), which completed its mission in Afghanistan in 2014, by allowing for the transit of "
        "ISAF supplies through Pakistan.", source="r",
    )  # fmt: skip
    own = event("h-e010", "2014", "military operation", "ISAF", "ISAF’s mission was completed in 2014 once the lead "
                "for security in Afghanistan was passed to the Afghan forces.", source="h")  # fmt: skip
    assert timeline.date_in_relative_clause(aside["quote"], "2014")
    assert not timeline.date_in_relative_clause(own["quote"], "2014")
    assert timeline.speaking_report([aside, own])["event_id"] == "h-e010"
    # a date after the clause has closed is the sentence's own again
    assert not timeline.date_in_relative_clause("NATO, which Pakistan supports, met in 2014.", "2014")


def test_what_came_before_a_date_is_listed_before_what_happened_in_it_or_since():
    """'cooperation ... which predates 2004' had followed 'an ally since 2004'."""
    events = pd.DataFrame([
        event("a1", "2004", "membership/designation", "Pakistan;US", "Pakistan has been an ally since 2004",
              date_text="since 2004"),
        event("b1", "2004", "membership/designation", "NATO;Pakistan;UN",
              "Its cooperation with NATO and the UN predates 2004", date_text="2004"),
        event("c1", "2003", "visit", "NATO;Pakistan", "A visit in 2003"),
    ])  # fmt: skip
    rows = timeline.build_timeline(events, [[0], [1], [2]])
    assert rows["event_ids"].tolist() == ["c1", "b1", "a1"]
    assert rows["timeline_id"].tolist() == ["t001", "t002", "t003"] and "_after_the_date" not in rows


def test_a_corpus_that_reports_no_event_has_an_empty_timeline_with_every_column():
    from helpers import schemas

    empty = timeline.build_timeline(pd.DataFrame([event("a1", "2004", "visit", "NATO", "x")]).iloc[:0], [])
    assert empty.empty and list(empty.columns) == schemas.TABLES["timeline"].columns
    schemas.validate("timeline", empty)  # the step writes it checked


def test_an_accounts_cell_reads_back_as_the_accounts_written():
    """The briefing reads the `accounts` column in two places; both read it by accounts_of."""
    accounts = [["abbas-2017", "nato-2010", "nato-relations"], ["hunter-2021"]]
    assert timeline.accounts_cell(accounts) == "abbas-2017+nato-2010+nato-relations;hunter-2021"
    assert timeline.accounts_of(timeline.accounts_cell(accounts)) == accounts
    assert timeline.accounts_of("") == []
