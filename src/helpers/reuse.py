"""Where one source repeats another's wording. Two sources that report an event are two
accounts of it only if neither took its account from the other: abbas-2017 repeats
whole clauses of NATO's 2010 page without saying so, and the briefing had counted the
two as corroborating each other. A long run of the same words in two sources is the sign
looked for, in the passages that report the event; a publisher's own pages are one
account too."""

from __future__ import annotations

import re
from array import array
from collections.abc import Iterable

import numpy as np
import pandas as pd

# Words in a run two sources must share: six-word stock phrases recur in unrelated texts
# ('security and stability in the region', shared by hunter-2021 and NATO's 2010 page),
# eight words in the same order by chance are rare.
MIN_WORDS = 8

_WORD = re.compile(r"\w+")
_HASH_BASE = np.uint64(1_000_003)

# How the source on side a stands to side b's words.
QUOTES = "quotes"  # side a marks them as a quotation (and so names where they come from)
BOTH_QUOTE = "both quote"  # each marks them as a quotation: a third text both quote
REPEATS = "repeats"  # side a, published later, repeats them unmarked
SHARES = "shares"  # unmarked in both, and neither was published first
RELATIONS = (QUOTES, BOTH_QUOTE, REPEATS, SHARES)
UNMARKED = (REPEATS, SHARES)  # relations in which neither side marks the words as a quotation


class _Words:
    """Every word of the usable passages, documents in reading order, as parallel arrays of
    a word's id, its start and its passage: four bytes each (array, then numpy), where
    lists of Python ints had held some 70 bytes a word, 500 MB at x1000."""

    def __init__(self, source_ids: list[str], passages: pd.DataFrame, texts: dict[str, str]):
        vocabulary: dict[str, int] = {}
        ids, starts, passage_index = array("i"), array("i"), array("i")
        self.passages: list[tuple[str, str, int]] = []  # (source_id, passage_id, passage start)
        order = {sid: i for i, sid in enumerate(source_ids)}
        spans = ["source_id", "passage_id", "seq", "start_char", "end_char"]  # not the text: it is cut from `texts`
        usable = passages.loc[passages["usable"].astype(bool), spans]
        usable = usable.assign(_order=usable["source_id"].map(order)).sort_values(["_order", "seq"], kind="mergesort")
        for sid, pid, start, end in zip(
            usable["source_id"], usable["passage_id"], usable["start_char"], usable["end_char"], strict=True
        ):
            text = texts[sid]
            n = len(self.passages)
            self.passages.append((sid, pid, int(start)))
            for m in _WORD.finditer(text, int(start), int(end)):
                ids.append(vocabulary.setdefault(m.group(0).lower(), len(vocabulary)))
                starts.append(m.start())
                passage_index.append(n)
        self.ids = np.frombuffer(ids, dtype=np.int32) if ids else np.empty(0, dtype=np.int32)
        self.starts = np.frombuffer(starts, dtype=np.int32) if starts else np.empty(0, dtype=np.int32)
        self.passage = np.frombuffer(passage_index, dtype=np.int32) if passage_index else np.empty(0, dtype=np.int32)
        source_of_passage = np.array([order[sid] for sid, _, _ in self.passages], dtype=np.int32)
        self.source = source_of_passage[self.passage] if len(self.passage) else self.passage
        self.texts = texts

    def end_of(self, word: int) -> int:
        """Where word number `word` ends in its source's text."""
        sid = self.passages[self.passage[word]][0]
        return _WORD.match(self.texts[sid], int(self.starts[word])).end()

    def gram_hashes(self, n: int) -> tuple[np.ndarray, np.ndarray]:
        """The hash of each run of `n` words that starts at a word and stays in its passage,
        and where those runs start."""
        count = len(self.ids) - n + 1
        if count <= 0:
            return np.empty(0, dtype=np.uint64), np.empty(0, dtype=np.int32)
        hashes = np.zeros(count, dtype=np.uint64)
        with np.errstate(over="ignore"):
            for k in range(n):  # in place: a corpus's worth of temporaries a word otherwise
                hashes *= _HASH_BASE
                hashes += self.ids[k : k + count].astype(np.uint64)
        at = np.flatnonzero(self.passage[:count] == self.passage[n - 1 :]).astype(np.int32)
        return hashes[at], at


# Runs of words sorted at once: the hashes are split by value into parts of about this many,
# each sorted alone (a run's first holder is in its own part), so that sorting a large
# corpus's runs holds a part's temporaries, not the whole corpus's.
_SORTED_AT_ONCE = 1_000_000


def _first_holders(hashes: np.ndarray, at: np.ndarray, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each run held by an earlier source, (where it stands, where it first stood):
    documents are in order, so the first holder is the earliest source."""
    parts = len(hashes) // _SORTED_AT_ONCE + 1
    found_at, found_first = [], []
    for part in range(parts):
        chosen = np.flatnonzero(hashes % np.uint64(parts) == np.uint64(part)) if parts > 1 else slice(None)
        a, f = _first_holders_of(hashes[chosen], at[chosen], source)
        found_at.append(a)
        found_first.append(f)
    pairs_at, pairs_first = np.concatenate(found_at), np.concatenate(found_first)
    keep = np.argsort(pairs_at, kind="stable")
    return pairs_at[keep], pairs_first[keep]


def _first_holders_of(hashes: np.ndarray, at: np.ndarray, source: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """_first_holders on one part of the runs. `at` ascends, and a stable sort keeps that
    order among equal hashes: a group's first member is its earliest."""
    order = np.argsort(hashes, kind="stable").astype(np.int32)
    sorted_hashes = hashes[order]
    new_group = np.ones(len(order), dtype=bool)
    np.not_equal(sorted_hashes[1:], sorted_hashes[:-1], out=new_group[1:])
    del sorted_hashes
    heads = np.flatnonzero(new_group)
    sizes = np.diff(heads, append=len(order))
    held_twice = sizes > 1
    members = at[order[np.repeat(held_twice, sizes)]]
    firsts = np.repeat(at[order[heads[held_twice]]], sizes[held_twice])
    later = source[members] != source[firsts]
    return members[later], firsts[later]


def _runs(pairs_at: np.ndarray, pairs_first: np.ndarray, words: _Words, n: int) -> list[tuple[int, int, int]]:
    """(first word on side a, first word on side b, words) of each maximal shared run: runs
    of n words that follow one another on both sides join. Each is checked word by word
    (a hash can collide)."""
    if not len(pairs_at):
        return []
    breaks = np.ones(len(pairs_at), dtype=bool)
    breaks[1:] = (pairs_at[1:] != pairs_at[:-1] + 1) | (pairs_first[1:] != pairs_first[:-1] + 1)
    heads = np.flatnonzero(breaks)
    tails = np.append(heads[1:], len(pairs_at)) - 1
    runs = []
    for h, t in zip(heads.tolist(), tails.tolist(), strict=True):
        a, b, length = int(pairs_at[h]), int(pairs_first[h]), int(pairs_at[t] - pairs_at[h]) + n
        if np.array_equal(words.ids[a : a + length], words.ids[b : b + length]):
            runs.append((a, b, length))
    return runs


def _inside_quotation(text: str, passage_start: int, last_word: int) -> bool:
    """Whether a quotation opened in the passage is still open at the run's last word: a
    run may begin before the opening mark ('a “common interest in promoting stability')."""
    before = text[passage_start:last_word]
    return before.count("“") > before.count("”") or before.count('"') % 2 == 1


def _in_publication_order(sources: pd.DataFrame) -> list[str]:
    """Source ids, earliest published first, undated last, by id on a tie."""
    published = sources["published"].fillna("").astype(str)
    ordered = sources.assign(_published=published, _undated=published == "").sort_values(
        ["_undated", "_published", "source_id"], kind="mergesort"
    )
    return ordered["source_id"].tolist()


def publishers(sources: pd.DataFrame) -> dict[str, str]:
    """Each source's publisher, case and spacing aside ('' when unknown): one account's key."""
    return {
        sid: " ".join(str(p).lower().split())
        for sid, p in zip(sources["source_id"], sources["publisher"].fillna(""), strict=True)
    }


def _publication_spans(sources: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """The first and last day each source's publication date can mean (dates.date_bounds),
    or none for an undated source: '2022' is neither before '2022-02-27' nor after it."""
    from helpers.dates import date_bounds  # here, not above: schemas imports this module, and the ingest needs no dates

    dated = zip(sources["source_id"], sources["published"].fillna("").astype(str), strict=True)
    return {sid: date_bounds(p) for sid, p in dated if p}


def _published_before(spans: dict[str, tuple[str, str]], a: str, b: str) -> bool:
    """Whether source a was surely published before source b."""
    return a in spans and b in spans and spans[a][1] < spans[b][0]


def shared_wording(
    sources: pd.DataFrame, passages: pd.DataFrame, texts: dict[str, str], min_words: int = MIN_WORDS
) -> pd.DataFrame:
    """Every run of at least `min_words` words (letters and digits, case aside, within a
    usable passage) that a source shares with an earlier one, in the columns of the
    shared_wording table. Each run is paired with the earliest source that holds it, so
    a corpus of near-copies gives a row per run, not per pair of sources. Side a is the
    source that quotes or repeats the words, side b the one it has them from."""
    spans = _publication_spans(sources)
    words = _Words(_in_publication_order(sources), passages, texts)
    hashes, at = words.gram_hashes(min_words)
    runs = _runs(*_first_holders(hashes, at, words.source), words, min_words)
    del hashes, at  # let go before the table is made: a large corpus's arrays take hundreds of MB
    # Each run's sides as C numbers (passage index, start, end), not tuples: at x1000 a
    # tuple per side held 120 MB, and its small objects kept the heap from shrinking after.
    found = {name: array("i") for name in ("passage_a", "start_a", "end_a", "passage_b", "start_b", "end_b", "n_words")}
    relations = array("b")
    for a, b, length in runs:
        sides = []
        for first in (a, b):
            index = int(words.passage[first])
            sid, _, passage_start = words.passages[index]
            start, end = int(words.starts[first]), words.end_of(first + length - 1)
            marked = _inside_quotation(texts[sid], passage_start, int(words.starts[first + length - 1]))
            sides.append((index, start, end, marked, sid))
        later, earlier = sides
        if earlier[3] and not later[3]:  # the earlier-dated page quotes the other: it had the words first
            later, earlier = earlier, later
        if later[3]:
            relation = BOTH_QUOTE if earlier[3] else QUOTES
        else:
            relation = REPEATS if _published_before(spans, earlier[4], later[4]) else SHARES
        for side, (index, start, end, _, _) in (("a", later), ("b", earlier)):
            found[f"passage_{side}"].append(index)
            found[f"start_{side}"].append(start)
            found[f"end_{side}"].append(end)
        found["n_words"].append(length)
        relations.append(RELATIONS.index(relation))
    held = words.passages
    del words, runs
    return _shared_wording_table(
        {name: np.frombuffer(values, dtype=np.int32) for name, values in found.items()},
        np.frombuffer(relations, dtype=np.int8),
        held,
        texts,
    )


def _shared_wording_table(
    found: dict[str, np.ndarray], relations: np.ndarray, held: list[tuple[str, str, int]], texts: dict[str, str]
) -> pd.DataFrame:
    """The table's columns, made one at a time, rows by side a's source and start. `held`
    gives each passage index's (source_id, passage_id, start)."""
    from helpers import schemas  # here, not above: schemas imports this module for its enums
    from helpers.packed_columns import string_column

    source_rank = {sid: i for i, sid in enumerate(sorted({sid for sid, _, _ in held}))}
    rank_a = np.array([source_rank[held[i][0]] for i in found["passage_a"].tolist()], dtype=np.int64)
    order = np.lexsort((found["start_a"], rank_a))
    n = len(order)
    # strings go into Arrow one at a time: lists of half a million quotes had set the step's peak
    columns: dict[str, object] = {"reuse_id": string_column((f"w{i:03d}" for i in range(1, n + 1)), n)}
    for side in ("a", "b"):
        index = found[f"passage_{side}"][order]
        starts, ends = found[f"start_{side}"][order], found[f"end_{side}"][order]
        columns[f"source_{side}"] = string_column((held[i][0] for i in index.tolist()), n)
        columns[f"passage_{side}"] = string_column((held[i][1] for i in index.tolist()), n)
        cuts = zip(index.tolist(), starts.tolist(), ends.tolist(), strict=True)
        columns[f"quote_{side}"] = string_column((texts[held[i][0]][start:end] for i, start, end in cuts), n)
        columns[f"start_{side}"] = starts.astype(np.int64)
        columns[f"end_{side}"] = ends.astype(np.int64)
    columns["n_words"] = found["n_words"][order].astype(np.int64)
    columns["relation"] = string_column((RELATIONS[r] for r in relations[order].tolist()), n)
    return pd.DataFrame({name: columns.pop(name) for name in schemas.TABLES["shared_wording"].columns})


def shared_wording_by_pair(shared: pd.DataFrame, passages: pd.DataFrame) -> pd.DataFrame:
    """One row per pair of sources and relation: how many runs, passages and words, how
    many words side a has in all, and the longest run, both sides quoted. The briefing reads
    this, not every run: at x1000 the runs fill 127 MB of CSV, the pairs a few hundred KB."""
    from helpers import schemas  # here, not above: schemas imports this module for its enums

    columns = schemas.TABLES["shared_wording_by_pair"].columns
    if shared.empty:
        return schemas.typed("shared_wording_by_pair", pd.DataFrame(columns=columns))
    words_of = passages[passages["usable"].astype(bool)].groupby("source_id")["n_words"].sum()
    keys = ["source_a", "relation", "source_b"]
    groups = shared.groupby(keys, sort=False)  # no sorted copy of the runs: at x1000 they are 150 MB
    by_pair = groups.agg(
        n_runs=("n_words", "size"), n_passages=("passage_a", "nunique"), n_words=("n_words", "sum")
    ).reset_index()
    longest = shared.loc[groups["n_words"].idxmax().to_numpy()]  # the first of the longest, in table order
    for column in ["quote_a", "start_a", "end_a", "quote_b", "start_b", "end_b"]:
        by_pair[column] = longest[column].to_numpy()
    by_pair.insert(6, "words_a", [int(words_of.get(a, 0)) for a in by_pair["source_a"]])
    by_pair = by_pair[columns].astype({c: "int64" for c in ("n_runs", "n_passages", "n_words", "words_a")})
    return by_pair.sort_values(["n_runs", "source_a", "source_b"], ascending=[False, True, True], ignore_index=True)


class _Joined:
    """Union-find over names: which names one chain of joins ties together."""

    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def root(self, name: str) -> str:
        self.parent.setdefault(name, name)
        while self.parent[name] != name:
            self.parent[name] = self.parent[self.parent[name]]
            name = self.parent[name]
        return name

    def join(self, a: str, b: str) -> None:
        ra, rb = self.root(a), self.root(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def passage_groups(shared: pd.DataFrame) -> dict[str, str]:
    """Each passage that has a run in common with another, mapped to one passage of its
    group: the passages tied by shared runs, directly or through others (a near-copy and
    its original's copy of a third page are one group)."""
    joined = _Joined()
    for a, b in zip(shared["passage_a"], shared["passage_b"], strict=True):
        joined.join(a, b)
    return {pid: joined.root(pid) for pid in list(joined.parent)}


class Accounts:
    """Which reports of one event are one account. Two sources report it as one when one
    body published them, or when the passages that report it share a run of words, marked
    as a quotation or not: the later report has its words from the earlier. Judged event
    by event, from the passages that report it: abbas-2017 repeats NATO's 2010 page on
    the 2005 airlift but tells of the JIOC in its own words, and a rule on whole sources
    had made it NATO's account of both."""

    def __init__(self, sources: pd.DataFrame, passages: pd.DataFrame, shared: pd.DataFrame):
        from helpers.passage_index import PassageIndex

        self.publisher = {sid: key for sid, key in publishers(sources).items() if key}
        self.group = passage_groups(shared)
        self.passages = PassageIndex(passages)

    def of(self, reports: Iterable[tuple[str, int]]) -> list[list[str]]:
        """The accounts among reports given as (source id, where the report starts), each as
        its sources in id order, the accounts in order of their first source."""
        joined = _Joined()
        sources = set()
        for sid, start in reports:
            sources.add(sid)
            joined.root(f"source:{sid}")
            if sid in self.publisher:
                joined.join(f"source:{sid}", f"publisher:{self.publisher[sid]}")
            passage = self.passages.passage_of(sid, int(start))
            if passage in self.group:
                joined.join(f"source:{sid}", f"wording:{self.group[passage]}")
        members: dict[str, list[str]] = {}
        for sid in sorted(sources):
            members.setdefault(joined.root(f"source:{sid}"), []).append(sid)
        return list(members.values())
