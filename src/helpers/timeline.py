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
from typing import TYPE_CHECKING

import pandas as pd

from helpers import schemas
from helpers.dates import closing_word, date_bounds, opening_word
from helpers.segment import first_sentence

if TYPE_CHECKING:
    from helpers.reuse import Accounts

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
    weight of the shorter one, each word weighted by its inverse document frequency.
    Each statement's words and weight are worked out once; weights are exact sums
    (math.fsum), so they do not depend on the order a set lists its words in."""

    def __init__(self, texts: list[str]):
        n = max(len(texts), 1)
        self._words: dict[str, frozenset[str]] = {}
        self._weights: dict[str, float] = {}
        df = Counter(w for t in texts for w in self.words(t))
        self.idf = {w: math.log((1 + n) / (1 + c)) + 1 for w, c in df.items()}
        # "rare": in at most a fifth of the events (and never in just one place by chance: two).
        self.rare_idf = math.log((1 + n) / (1 + max(2, n // 5))) + 1

    def words(self, text: str) -> frozenset[str]:
        if text not in self._words:
            self._words[text] = frozenset(content_words(text))
        return self._words[text]

    def weight(self, words) -> float:
        return math.fsum(self.idf.get(w, 1.0) for w in words)

    def _weight_of(self, text: str) -> float:
        if text not in self._weights:
            self._weights[text] = self.weight(self.words(text))
        return self._weights[text]

    def shares_rare_word(self, a: str, b: str) -> bool:
        shared = (self.words(a) & self.words(b)) - _GENERIC
        return any(self.idf.get(w, 0) >= self.rare_idf for w in shared)

    def similarity(self, a: str, b: str) -> float:
        wa, wb = self.words(a), self.words(b)
        if not wa or not wb:
            return 0.0
        return self.weight(wa & wb) / min(self._weight_of(a), self._weight_of(b))


def _is_open(row) -> bool:
    return not row["date_end"] and bool(opening_word(str(row["date_text"])))


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
    return dates_compatible(a, b) and _same_matter(a, b, wording)


def _same_matter(a, b, wording: Wording) -> bool:
    """Rules 2-4 of the merge rule: type, actors and wording."""
    if not (types_compatible(a, b) and actors_overlap(a, b)):
        return False
    if wording.similarity(a["description"], b["description"]) >= SIMILARITY:
        return True
    specific = a["event_type"] == b["event_type"] != "other"
    return specific and wording.shares_rare_word(a["description"], b["description"])


def group_events(events: pd.DataFrame) -> list[list[int]]:
    """Indices of `events`, grouped into real-world events: a row joins the group it is
    most similar to among those it matches, and must be date-compatible with every member.

    Rows are taken in date order and each is compared only with the groups that have a
    member in one of the years its date can mean (open ranges: the same start year) and
    that could pass the rule at all (a compatible type, an actor and a content word in
    common), so the work grows with the events per year, not with the square of the
    corpus. Members that agree in type, actors and wording are scored once, and the search
    stops at a perfect score (no later group could beat it). Candidates are tried in the
    order the groups were founded, so the result is the one a comparison with every group
    would give (tests/test_timeline.py holds the two to each other)."""
    wording = Wording(list(events["description"]))
    rows = events.to_dict("index")
    order = sorted(rows, key=lambda i: (rows[i]["date_start"], -len(rows[i]["date_start"])))
    groups: list[_Group] = []
    by_year: dict[tuple[bool, int], set[int]] = {}  # (open?, year) -> groups with a member there
    for i in order:
        row = rows[i]
        report = _Report(row, wording)
        best, best_score = None, 0.0
        for n in sorted({g for y in report.years for g in by_year.get((report.open, y), ())}):
            group = groups[n]
            if not (group.date_compatible(report) and group.may_match(report)):
                continue
            score = group.best_score(row, report, wording)
            if score > best_score:
                best, best_score = n, score
                if best_score >= _PERFECT:
                    break
        if best is None:
            best = len(groups)
            groups.append(_Group(report.open))
        groups[best].add(i, row, report)
        for y in report.years:
            by_year.setdefault((report.open, y), set()).add(best)
    return [g.indices for g in groups]


_PERFECT = 1.0 + 1e-3  # a score is the similarity (at most 1) plus 1e-3


def _score(a, a_report: _Report, b, b_others: set[str], wording: Wording) -> float:
    """same_event's verdict on two date-compatible rows as a score: 0 when they do not
    match, else their similarity + 1e-3 (so a match on a rare word alone still counts)."""
    if not (a["event_type"] == b["event_type"] or "other" in (a["event_type"], b["event_type"])):
        return 0.0
    if not (a_report.others & b_others or not a_report.others or not b_others):
        return 0.0
    similarity = wording.similarity(a["description"], b["description"])
    if similarity >= SIMILARITY:
        return similarity + 1e-3
    specific = a["event_type"] == b["event_type"] != "other"
    if specific and wording.shares_rare_word(a["description"], b["description"]):
        return similarity + 1e-3
    return 0.0


class _Report:
    """What the merge rule needs of a row, worked out once: the years its date can mean,
    its bounds, its type, the actors besides Pakistan and its content words."""

    __slots__ = ("open", "years", "first", "last", "event_type", "others", "words")

    def __init__(self, row, wording: Wording):
        self.open = _is_open(row)
        if self.open:
            year = int(row["date_start"][:4])
            self.years, self.first, self.last = range(year, year + 1), "", ""
        else:
            self.first, self.last = date_bounds(row["date_start"], row["date_end"])
            self.years = range(int(self.first[:4]), int(self.last[:4]) + 1)
        self.event_type = row["event_type"]
        self.others = _others(row["actors"])
        self.words = wording.words(row["description"])


class _Group:
    """A group under construction: its members, the span every member's date allows, what
    its members have between them (types, actors, words), and one member per distinct
    (type, actors, wording), which is all the rule looks at beyond dates."""

    def __init__(self, is_open: bool):
        self.open = is_open
        self.indices: list[int] = []
        self.latest_first, self.earliest_last = "", "9999-99-99"
        self.types: set[str] = set()
        self.others: set[str] = set()
        self.someone_alone = False  # a member names no one besides Pakistan
        self.words: set[str] = set()
        self._distinct: dict[tuple, dict] = {}

    def add(self, i: int, row, report: _Report) -> None:
        self.indices.append(i)
        self.latest_first = max(self.latest_first, report.first)
        self.earliest_last = min(self.earliest_last, report.last)
        self.types.add(report.event_type)
        self.others |= report.others
        self.someone_alone = self.someone_alone or not report.others
        self.words |= report.words
        self._distinct.setdefault((row["event_type"], str(row["actors"]), row["description"]), (row, report.others))

    def date_compatible(self, report: _Report) -> bool:
        """dates_compatible with every member: an open range meets the group of open ranges
        from its year; a closed period overlaps every member's period."""
        if report.open or self.open:
            return report.open and self.open  # the candidates come from the same start year
        return report.first <= self.earliest_last and self.latest_first <= report.last

    def may_match(self, report: _Report) -> bool:
        """False when no member can pass rules 2-4: none of a compatible type, none sharing
        an actor (when both name someone), or none sharing a content word."""
        if report.event_type != "other" and not ({report.event_type, "other"} & self.types):
            return False
        if report.others and not self.someone_alone and report.others.isdisjoint(self.others):
            return False
        return not report.words.isdisjoint(self.words)

    def best_score(self, row, report: _Report, wording: Wording) -> float:
        """The highest score of a member the row matches (0 when it matches none)."""
        best = 0.0
        for member, others in self._distinct.values():
            best = max(best, _score(row, report, member, others, wording))
            if best >= _PERFECT:
                break
        return best


_PRECISION_RANK = {"day": 3, "month": 2, "year": 1}


_GARBLED = re.compile(r"[^\W\d_]\d+[^\W\d_]")


# ', which completed its mission in Afghanistan in 2014': the date of a clause about
# something the sentence mentions, not of what the sentence reports
_RELATIVE_CLAUSE = re.compile(r",\s+(?:which|who|whose|where)\b[^,;]*$")


def date_in_relative_clause(quote: str, date_text: str) -> bool:
    """Whether the date stands in a relative clause set off by a comma."""
    at = quote.find(date_text) if date_text else -1
    return at > 0 and bool(_RELATIVE_CLAUSE.search(quote, 0, at))


def speaking_report(reports: list[dict]) -> dict:
    """The report that speaks for a timeline row (its date, precision and description):
    the most precise; a garbled one ('Paki2000stan') only if it must; then one whose date
    is its sentence's own, not a relative clause's ('ISAF's mission was completed in 2014'
    over 'Pakistan supported ISAF, which completed its mission … in 2014, by allowing for
    the transit', which had dated Pakistan's support to 2014); then the one whose first
    sentence is shortest (a milestone line's heading, 'Opening of Joint Intelligence
    Operations Centre (JIOC) at ISAF HQ.', though the line goes on); then the first by
    event id. The briefing quotes the same report's sentence."""
    return min(
        reports,
        key=lambda r: (
            -_PRECISION_RANK[r["date_precision"]],
            bool(_GARBLED.search(r["description"])),
            date_in_relative_clause(str(r.get("quote", "")), str(r.get("date_text", ""))),
            len(first_sentence(r["description"])),
            r["event_id"],
        ),
    )


def accounts_cell(accounts: list[list[str]]) -> str:
    """The timeline's `accounts` column: accounts ';'-separated, one account's sources '+'-joined."""
    return ";".join("+".join(account) for account in accounts)


def accounts_of(cell: str) -> list[list[str]]:
    """The accounts an `accounts` cell holds (accounts_cell read back)."""
    return [account.split("+") for account in str(cell).split(";") if account]


def build_timeline(
    events: pd.DataFrame, groups: list[list[int]] | None = None, accounts: Accounts | None = None
) -> pd.DataFrame:
    """One row per real-world event, dated by its most precise report. `groups` (from
    group_events) may be passed in when the caller needs them too. `accounts` says which
    reports of an event are one account; without it, each source is its own."""
    reports = events.to_dict("index")
    rows = []
    for members in groups if groups is not None else group_events(events):
        g = [reports[i] for i in members]
        best = speaking_report(g)
        actors = Counter(a for r in g for a in str(r["actors"]).split(";") if a)
        specific = Counter(r["event_type"] for r in g if r["event_type"] != "other")
        ends = [r["date_end"] for r in g if r["date_end"] != ""]
        sources = sorted({r["source_id"] for r in g})
        found = (
            accounts.of((r["source_id"], r["start_char"]) for r in g)
            if accounts is not None
            else [[sid] for sid in sources]
        )
        rows.append(
            {
                "date_start": best["date_start"],
                "date_end": max(ends) if ends else "",
                "date_precision": best["date_precision"],
                "event_type": specific.most_common(1)[0][0] if specific else "other",
                "actors": ";".join(a for a, _ in actors.most_common()),
                "description": best["description"],
                "n_sources": len(sources),
                "n_accounts": len(found),
                "source_ids": ";".join(sources),
                "accounts": accounts_cell(found),
                "event_ids": ";".join(sorted(r["event_id"] for r in g)),
                "_after_the_date": not closing_word(str(best.get("quote", "")), str(best.get("date_text", ""))),
            }
        )
    # what came before a date goes before what happened in it or since ('predates 2004' had
    # followed 'since 2004')
    columns = [*schemas.TABLES["timeline"].columns[1:], "_after_the_date"]  # all but the id, made below
    df = pd.DataFrame(rows, columns=columns)  # the columns named: a corpus may report no event at all
    df = df.sort_values(["date_start", "_after_the_date", "event_ids"], ignore_index=True)
    df = df.drop(columns="_after_the_date")
    df.insert(0, "timeline_id", [f"t{i:03d}" for i in range(1, len(df) + 1)])
    return df
