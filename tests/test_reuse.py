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


def test_accounts_join_a_publisher_s_pages_and_unmarked_repeats_but_not_marked_quotations():
    sources = pd.DataFrame({
        "source_id": ["abbas", "hunter", "nato-2010", "nato-rel", "saadia"],
        "published": ["2017", "2021", "2010", "2022", "2022"],
        "publisher": ["IPRI", "", "NATO", " nato ", ""],  # case and spaces aside
    })  # fmt: skip
    shared = pd.DataFrame({
        "source_a": ["abbas", "hunter"],
        "source_b": ["nato-2010", "nato-rel"],
        "relation": ["repeats", "quotes"],
    })  # fmt: skip
    account_of = reuse.accounts(sources, shared)
    assert account_of["abbas"] == account_of["nato-2010"] == account_of["nato-rel"] == "nato-2010"
    assert account_of["hunter"] == "hunter" and account_of["saadia"] == "saadia"
    assert [
        reuse.n_accounts(ids.split(";"), account_of) for ids in ("abbas;nato-2010;nato-rel", "abbas;hunter", "saadia")
    ] == [
        1,
        2,
        1,
    ]


def test_the_timeline_counts_accounts_beside_sources():
    events = pd.DataFrame({
        "event_id": ["e1", "e2", "e3"],
        "source_id": ["abbas", "nato-2010", "hunter"],
        "date_start": ["2005-10"] * 3,
        "date_end": [""] * 3,
        "date_precision": ["month"] * 3,
        "event_type": ["aid/relief"] * 3,
        "actors": ["NATO;Pakistan"] * 3,
        "description": ["NATO airlifted relief supplies to Pakistan after the earthquake"] * 3,
    })  # fmt: skip
    row = timeline.build_timeline(events, [[0, 1, 2]], {"abbas": "nato-2010", "nato-2010": "nato-2010"}).iloc[0]
    assert (row["n_sources"], row["n_accounts"]) == (3, 2)


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


def test_the_real_corpus_earthquake_airlift_is_three_sources_but_one_account(real_tables):
    t = real_tables["timeline"]
    quake = t[t["description"].str.contains("airlift")].iloc[0]
    assert (quake["n_sources"], quake["n_accounts"]) == (3, 1)
    jioc = t[t["description"].str.contains("JIOC")].iloc[0]
    assert (jioc["n_sources"], jioc["n_accounts"]) == (3, 2)


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
    assert reuse.accounts(sources, by_pair) == reuse.accounts(sources, shared)
    empty = reuse.shared_wording_by_pair(shared.iloc[:0], passages)
    assert empty.empty and list(empty.columns) == schemas.TABLES["shared_wording_by_pair"].columns
