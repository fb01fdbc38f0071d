"""One timeline of real-world events from the per-source events.

Two event rows describe the same real-world event (and merge) when all four hold:
1. their dates are compatible within their precision: the periods they can mean overlap
   ('2005' and 'October 2005' do; 'January 2006' and 'February 2006' do not), and an
   open range ('since 2005') merges only with an open range from the same start;
2. their types are compatible: equal, or one of them 'other';
3. their actors overlap beyond Pakistan itself (or one of them names no one else);
4. their wording is similar: the content words they share (dates left out) carry enough
   weight, each word weighted by how rare it is among all the events; or, when both have the
   same specific type, they share a rare word that names the matter ('earthquake', 'JIOC').
Rows join a group when they match one member and are date-compatible with all of them."""

from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

from helpers.dates import date_bounds

HOME_ACTOR = "Pakistan"
SIMILARITY = 0.3
_STOPWORDS = set(
    """a an the and or of to in on at by for from with as is are was were be been being has have had that this
    which who whom its their his her it they them there than then also both after before during since until
    into over under about between through while when where what not no more most such other some any each all
    two first one new further its pakistan pakistani pakistan’s nato nato’s""".split()
)


def content_words(text: str) -> set[str]:
    words = re.findall(r"[a-z][a-z\-’']+", text.lower())
    return {w.rstrip("’'s") if w.endswith(("’s", "'s")) else w for w in words if len(w) > 2} - _STOPWORDS


# Words too common in this subject to identify an event on their own.
_GENERIC = set(
    """cooperation relations relationship support countries country international political military security
    mission operation operations officials official alliance dialogue regional multilateral exchanges level
    high-level visit visits engagement policy foreign government region forces war""".split()
)


class Wording:
    """Similarity of two statements: the weight of their shared content words over the
    weight of the shorter one, each word weighted by its inverse document frequency."""

    def __init__(self, texts: list[str]):
        n = max(len(texts), 1)
        df = Counter(w for t in texts for w in content_words(t))
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
        # "rare": in at most a fifth of the events (and never in just one place by chance: two).
        self.rare_idf = math.log((1 + n) / (1 + max(2, n // 5))) + 1

    def weight(self, words: set[str]) -> float:
        return sum(self.idf.get(w, 1.0) for w in words)

    def shares_rare_word(self, a: str, b: str) -> bool:
        shared = (content_words(a) & content_words(b)) - _GENERIC
        return any(self.idf.get(w, 0) >= self.rare_idf for w in shared)

    def similarity(self, a: str, b: str) -> float:
        wa, wb = content_words(a), content_words(b)
        if not wa or not wb:
            return 0.0
        return self.weight(wa & wb) / min(self.weight(wa), self.weight(wb))


def _is_open(row) -> bool:
    return not row["date_end"] and bool(re.match(r"(?:since|from)\b", str(row["date_text"]), re.I))


def dates_compatible(a, b) -> bool:
    if _is_open(a) or _is_open(b):
        return _is_open(a) and _is_open(b) and a["date_start"][:4] == b["date_start"][:4]
    a0, a1 = date_bounds(a["date_start"], a["date_end"])
    b0, b1 = date_bounds(b["date_start"], b["date_end"])
    return a0 <= b1 and b0 <= a1


def types_compatible(a, b) -> bool:
    return a["event_type"] == b["event_type"] or "other" in (a["event_type"], b["event_type"])


def _others(actors: str) -> set[str]:
    return {x for x in str(actors).split(";") if x and x != HOME_ACTOR}


def actors_overlap(a, b) -> bool:
    oa, ob = _others(a["actors"]), _others(b["actors"])
    return bool(oa & ob) or not oa or not ob


def same_event(a, b, wording: Wording) -> bool:
    """The merge rule (see the module docstring)."""
    if not (dates_compatible(a, b) and types_compatible(a, b) and actors_overlap(a, b)):
        return False
    if wording.similarity(a["description"], b["description"]) >= SIMILARITY:
        return True
    specific = a["event_type"] == b["event_type"] != "other"
    return specific and wording.shares_rare_word(a["description"], b["description"])


def group_events(events: pd.DataFrame) -> list[list[int]]:
    """Indices of `events`, grouped into real-world events: a row joins the group it is
    most similar to among those it matches, and must be date-compatible with every member."""
    wording = Wording(list(events["description"]))
    order = sorted(events.index, key=lambda i: (events.at[i, "date_start"], -len(events.at[i, "date_start"])))
    groups: list[list[int]] = []
    for i in order:
        row = events.loc[i]
        best, best_score = None, 0.0
        for g in groups:
            members = [events.loc[j] for j in g]
            if not all(dates_compatible(row, m) for m in members):
                continue
            scores = [
                wording.similarity(row["description"], m["description"]) + 1e-3
                for m in members
                if same_event(row, m, wording)
            ]
            if scores and max(scores) > best_score:
                best, best_score = g, max(scores)
        if best is None:
            groups.append([i])
        else:
            best.append(i)
    return groups


_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


def build_timeline(events: pd.DataFrame, groups: list[list[int]] | None = None) -> pd.DataFrame:
    """One row per real-world event, dated by its most precise report. `groups` (from
    group_events) may be passed in when the caller needs them too."""
    rows = []
    for members in groups if groups is not None else group_events(events):
        g = events.loc[members]
        # The most precise report speaks for the group; a garbled one ('Paki2000stan') only if it must.
        ranked = g.assign(
            _p=g["date_precision"].map(_PRECISION_RANK),
            _garbled=g["description"].str.contains(r"[^\W\d_]\d+[^\W\d_]", regex=True),
            _len=g["description"].str.len(),
        )
        best = ranked.sort_values(["_p", "_garbled", "_len"], ascending=[False, True, True]).iloc[0]
        actors = Counter(a for x in g["actors"] for a in str(x).split(";") if a)
        rows.append(
            {
                "date_start": best["date_start"],
                "date_end": g["date_end"].max() if (g["date_end"] != "").any() else "",
                "date_precision": best["date_precision"],
                "event_type": Counter(t for t in g["event_type"] if t != "other").most_common(1)[0][0]
                if (g["event_type"] != "other").any()
                else "other",
                "actors": ";".join(a for a, _ in actors.most_common()),
                "description": best["description"],
                "n_sources": g["source_id"].nunique(),
                "source_ids": ";".join(sorted(g["source_id"].unique())),
                "event_ids": ";".join(sorted(g["event_id"])),
            }
        )
    df = pd.DataFrame(rows).sort_values(["date_start", "event_ids"], ignore_index=True)
    df.insert(0, "timeline_id", [f"t{i:03d}" for i in range(1, len(df) + 1)])
    return df
