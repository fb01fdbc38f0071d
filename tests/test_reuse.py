"""Shared wording between sources, and which sources count as one account."""

from __future__ import annotations

import pandas as pd
import pytest

from helpers import ingest, reuse, schemas, timeline

RUN = "NATO launched an airlift of urgently needed supplies and deployed engineers to the country"


def corpus(docs: dict[str, tuple[str, str, list[str]]]) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, str]]:
    """sources, passages and texts for {source_id: (published, publisher, paragraphs)}."""
    sources, passages, texts = [], [], {}
    for sid, (published, publisher, paragraphs) in docs.items():
        sources.append({"source_id": sid, "published": published, "publisher": publisher})
        text, at = "", 0
        for seq, paragraph in enumerate(paragraphs, start=1):
            passages.append({
                "passage_id": f"{sid}.p{seq:03d}",
                "source_id": sid,
                "seq": seq,
                "start_char": at,
                "end_char": at + len(paragraph),
                "usable": True,
                "text": paragraph,
                "n_words": ingest.count_words(paragraph),
            })  # fmt: skip
            text += paragraph + "\n\n"
            at = len(text)
        texts[sid] = text
    return pd.DataFrame(sources), pd.DataFrame(passages), texts


def test_a_later_source_repeating_a_run_unmarked_repeats_the_earlier_one():
    sources, passages, texts = corpus({
        "column-2017": ("2017-02-26", "A Daily", ["In 2005 " + RUN.replace("urgently needed", "urgently-needed") + "."]),
        "page-2010": ("2010-10-27", "NATO", ["After the earthquake, " + RUN + ". A massive air-bridge was set up."]),
    })  # fmt: skip
    shared = reuse.shared_wording(sources, passages, texts)
    assert len(shared) == 1
    row = shared.iloc[0]
    assert (row["source_a"], row["source_b"], row["relation"]) == ("column-2017", "page-2010", "repeats")
    assert row["n_words"] == len(RUN.split())
    assert row["quote_a"] == RUN.replace("urgently needed", "urgently-needed")  # punctuation aside
    assert texts["page-2010"][row["start_b"] : row["end_b"]] == row["quote_b"] == RUN
    schemas.validate("shared_wording", shared)
    schemas.check_two_sided_quotes("shared_wording", shared, texts)


def test_words_in_quotation_marks_are_a_quotation_even_in_the_earlier_dated_source():
    quoted = "a common interest in promoting stability in the region and in defeating extremism"
    sources, passages, texts = corpus({
        "essay-2021": ("2021", "", [f"As NATO has acknowledged, the two have a “{quoted}.”"]),
        "page-2022": ("2022", "NATO", [f"NATO and Pakistan have {quoted}."]),
    })  # fmt: skip
    row = reuse.shared_wording(sources, passages, texts).iloc[0]
    assert (row["source_a"], row["relation"], row["source_b"]) == ("essay-2021", "quotes", "page-2022")


def test_a_run_shorter_than_the_minimum_or_split_between_passages_is_not_shared():
    stock = "security and stability in the region"  # six words: a stock phrase
    sources, passages, texts = corpus({
        "a": ("2010", "", [f"They seek {stock} now.", "NATO launched an airlift of", "urgently needed supplies and deployed"]),
        "b": ("2012", "", [f"All want {stock} too.", "NATO launched an airlift of urgently needed supplies and deployed"]),
    })  # fmt: skip
    assert reuse.shared_wording(sources, passages, texts).empty
    assert len(reuse.shared_wording(sources, passages, texts, min_words=6)) == 1


def test_each_run_is_paired_with_the_earliest_source_that_holds_it():
    sources, passages, texts = corpus({
        "c": ("2015", "", [RUN]),
        "a": ("2005", "", [RUN]),
        "b": ("2010", "", [RUN]),
    })  # fmt: skip
    shared = reuse.shared_wording(sources, passages, texts)
    assert sorted(zip(shared["source_a"], shared["source_b"], strict=True)) == [("b", "a"), ("c", "a")]


def test_undated_or_same_year_sources_share_wording_without_a_direction():
    sources, passages, texts = corpus({"x": ("2022", "", [RUN]), "y": ("2022-02-27", "", [RUN])})
    assert reuse.shared_wording(sources, passages, texts)["relation"].tolist() == ["shares"]


JIOC = "a joint intelligence operations centre opened at ISAF headquarters in Kabul"


def accounts_corpus():
    """NATO's page; a later column repeating its airlift sentence but telling of the JIOC in
    its own words; NATO's later page; a paper quoting NATO on the JIOC; two copies of the
    airlift sentence."""
    return corpus({
        "nato-2010": ("2010", "NATO", [RUN + ".", "In January 2007 " + JIOC + "."]),
        "column": ("2017", "A Daily", ["In 2005 " + RUN + ".", "A milestone came in 2007, when the two set up the JIOC."]),
        "nato-rel": ("2022", " nato ", ["Pakistan allowed the transit of supplies, and the JIOC opened in 2007."]),
        "paper": ("2021", "", ["In 2007, as NATO put it, \u201c" + JIOC + ".\u201d"]),
        "copy-a": ("2023", "", ["After the quake " + RUN + "."]),
        "copy-b": ("2024", "", ["Then " + RUN + " as well."]),
    })  # fmt: skip


def test_accounts_are_judged_event_by_event_from_the_passages_that_report_it():
    sources, passages, texts = accounts_corpus()
    accounts = reuse.Accounts(sources, passages, reuse.shared_wording(sources, passages, texts))
    at = dict(zip(passages["passage_id"], passages["start_char"], strict=True))

    def of(*pids: str) -> list[list[str]]:
        return accounts.of((pid.split(".")[0], at[pid] + 3) for pid in pids)  # a report starts inside its passage

    # the airlift: the column repeats NATO's sentence unmarked; the JIOC: in its own words
    assert of("column.p001", "nato-2010.p001") == [["column", "nato-2010"]]
    assert of("column.p002", "nato-2010.p002") == [["column"], ["nato-2010"]]
    assert of("nato-2010.p002", "nato-rel.p001", "column.p002") == [["column"], ["nato-2010", "nato-rel"]]  # publisher
    assert of("paper.p001", "nato-2010.p002") == [["nato-2010", "paper"]]  # quoted, marked: NATO's words all the same
    assert of("copy-a.p001", "copy-b.p001") == [["copy-a", "copy-b"]]  # both from NATO's page, which is not among them
    assert of("paper.p001", "column.p002") == [["column"], ["paper"]]


def test_the_timeline_counts_accounts_beside_sources_and_names_them():
    sources, passages, texts = accounts_corpus()
    accounts = reuse.Accounts(sources, passages, reuse.shared_wording(sources, passages, texts))
    starts = passages.set_index("passage_id")["start_char"]
    events = pd.DataFrame({
        "event_id": ["e1", "e2", "e3"],
        "source_id": ["column", "nato-2010", "paper"],
        "date_start": ["2005-10"] * 3,
        "date_end": [""] * 3,
        "date_precision": ["month"] * 3,
        "event_type": ["aid/relief"] * 3,
        "actors": ["NATO;Pakistan"] * 3,
        "description": ["NATO airlifted relief supplies to Pakistan after the earthquake"] * 3,
        "start_char": [starts["column.p001"], starts["nato-2010.p001"], starts["paper.p001"]],
    })  # fmt: skip
    row = timeline.build_timeline(events, [[0, 1, 2]], accounts).iloc[0]
    assert (row["n_sources"], row["n_accounts"], row["accounts"]) == (3, 2, "column+nato-2010;paper")
    alone = timeline.build_timeline(events, [[0, 1, 2]]).iloc[0]
    assert (alone["n_accounts"], alone["accounts"]) == (3, "column;nato-2010;paper")


@pytest.fixture(scope="module")
def real_tables(real_build):
    read = lambda name: pd.read_csv(real_build / "reports" / "tables" / f"{name}.csv", keep_default_na=False)  # noqa: E731
    return {name: read(name) for name in ("shared_wording", "timeline")}


def test_the_real_corpus_abbas_repeats_nato_2010_and_hunter_quotes_nato_relations(real_tables):
    shared = real_tables["shared_wording"]
    pairs = shared.groupby(["source_a", "relation", "source_b"]).size().to_dict()
    assert pairs[("abbas-2017", "repeats", "nato-2010")] >= 5
    assert pairs[("hunter-2021", "quotes", "nato-relations")] == 1
    assert not shared["source_a"].eq("saadia-2022").any() and not shared["source_b"].eq("saadia-2022").any()
    tripartite = shared[shared["quote_a"].str.contains("Tripartite Commission")]
    assert tripartite["n_words"].tolist() == [14]


def test_the_real_corpus_earthquake_airlift_is_three_sources_but_one_account_and_the_jioc_three(real_tables):
    t = real_tables["timeline"]
    quake = t[t["description"].str.contains("airlift")].iloc[0]
    assert (quake["n_sources"], quake["n_accounts"]) == (3, 1)
    assert quake["accounts"] == "abbas-2017+nato-2010+nato-relations"
    # abbas-2017 tells of the JIOC and of the 2005 visit in its own words: an account of its own for each
    jioc = t[t["description"].str.contains("JIOC")].iloc[0]
    assert (jioc["n_sources"], jioc["n_accounts"], jioc["accounts"]) == (3, 3, "abbas-2017;hunter-2021;nato-2010")
    visit = t[t["description"].str.contains("Minuto Rizzo")].iloc[0]
    assert (visit["n_sources"], visit["n_accounts"]) == (2, 2)


def test_a_corpus_without_shared_wording_gives_an_empty_table_that_passes_its_checks():
    sources, passages, texts = corpus({"a": ("2010", "", ["One two three."]), "b": ("2011", "", ["Four five six."])})
    shared = reuse.shared_wording(sources, passages, texts)
    assert shared.empty and list(shared.columns) == schemas.TABLES["shared_wording"].columns
    schemas.check_two_sided_quotes("shared_wording", schemas.validate("shared_wording", shared), texts)


def test_the_table_by_pair_counts_runs_passages_and_words_and_quotes_the_longest_run():
    short = "NATO and Pakistan agreed to hold regular high level political talks"
    sources, passages, texts = corpus({
        "page-2010": ("2010", "NATO", [RUN + ".", short + "."]),
        "column-2017": ("2017", "", ["In 2005 " + RUN + ".", "Then " + short + ", it said."]),
    })  # fmt: skip
    shared = reuse.shared_wording(sources, passages, texts)
    by_pair = reuse.shared_wording_by_pair(shared, passages)
    assert len(by_pair) == 1
    pair = by_pair.iloc[0]
    assert (pair["source_a"], pair["relation"], pair["source_b"]) == ("column-2017", "repeats", "page-2010")
    assert (pair["n_runs"], pair["n_passages"]) == (2, 2)
    assert pair["n_words"] == len(RUN.split()) + len(short.split())
    assert pair["words_a"] == ingest.count_words(" ".join(passages[passages["source_id"] == "column-2017"]["text"]))
    assert pair["quote_a"] == RUN  # the longest run
    schemas.check_two_sided_quotes("shared_wording_by_pair", schemas.validate("shared_wording_by_pair", by_pair), texts)
    empty = reuse.shared_wording_by_pair(shared.iloc[:0], passages)
    assert empty.empty and list(empty.columns) == schemas.TABLES["shared_wording_by_pair"].columns
