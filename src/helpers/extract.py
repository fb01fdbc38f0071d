"""The extraction step as pure functions: passages and codebooks in, tables out.

Every row keeps `source_id`, a verbatim `quote` and the `start_char`/`end_char` that
slice it out of data/interim/text/<source_id>.txt. Passages flagged at ingest
(boilerplate, repeats) and footnotes give no rows.

The work is split in two: `extract_document` reads one document and knows nothing of the
others, so it can run anywhere (helpers/executor.py decides where); `merge_documents`
numbers the rows and gathers organisations, people and mentions across the corpus."""

from __future__ import annotations

import contextlib
import functools
import operator
import re
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from helpers import dates, entities, figures, ingest, packed_columns, prefilter, segment
from helpers.executor import Executor, choose, collector_paused, imap_batches, start_ahead
from helpers.prefilter import fold

if TYPE_CHECKING:
    import pandas as pd

# pandas and the schemas are imported where the corpus tables are assembled, not at the
# top: a worker process that reads documents imports this module and needs neither
# (without them it starts at about 20 MB of memory, not 130 MB).

CONTENT_KINDS = ("paragraph", "list_item")
NAME_KINDS = ("paragraph", "list_item", "heading", "author_note")


@dataclass
class Codebooks:
    gazetteer: entities.Gazetteer
    event_types: list[dict]
    cooperation_areas: list[dict]
    named_dates: dates.NamedDates
    setbacks: list[dict]

    @classmethod
    def from_files(
        cls, gazetteer: Path, event_types: Path, cooperation_areas: Path, named_dates: Path, setbacks: Path
    ) -> Codebooks:
        """The codebooks read from their files and indexed for reading text (`build_indexes`)."""
        from helpers import io

        books = cls(
            entities.Gazetteer.from_codebook(io.load_gazetteer(gazetteer)),
            io.load_cue_codebook(event_types, "event_type"),
            io.load_cue_codebook(cooperation_areas, "area"),
            dates.compile_named_dates(io.load_yaml_codebook(named_dates)),
            io.load_cue_codebook(setbacks, "setback"),
        )
        books.build_indexes()
        return books

    def build_indexes(self) -> None:
        """The indexes the extraction reads text with (the gazetteer's automaton and
        lookups, the cues' automata), made now instead of at their first use in the
        extraction. They depend on the codebooks alone (about 1.2 ms for today's), so the
        extraction's time is the time it spends on the text: as for the regular expressions,
        compiled when their modules are imported. A copy sent to a worker process makes
        the automata again there (see Gazetteer.__getstate__ and StringFinder.__reduce__)."""
        self.gazetteer.build_indexes()
        _ = self.event_cues, self.cooperation_cues

    @functools.cached_property
    def event_cues(self) -> CueIndex:
        return CueIndex.of(self.event_types)

    @functools.cached_property
    def cooperation_cues(self) -> CooperationIndex:
        return CooperationIndex.of(self.cooperation_areas, self.setbacks)


@dataclass(frozen=True)
class CuePattern:
    """A codebook row's cues: as one case-blind pattern (the definition of a match), with
    the literal start of each cue (up to its first '*'), so that a text without any of them
    is never scanned, and, when every cue is ASCII text with at most a final '*', the cues
    as literals that `match_at` compares without the pattern. The pattern is compiled only
    when asked for: compiling the codebooks' rows was a tenth of a x1 extraction."""

    cues: tuple[str, ...]
    heads: tuple[str, ...] | None  # folded; None when a cue has no ASCII literal start
    literals: tuple[tuple[str, bool], ...] | None  # (folded text, ends in '*'), per cue in order

    @functools.cached_property
    def regex(self) -> re.Pattern | None:
        if not self.cues:
            return None
        parts = [re.escape(c).replace(r"\*", r"[\w\-]*") for c in self.cues]
        return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)

    def match_at(self, text: str, at: int, cue: int) -> tuple[int, int] | None:
        """The span of cue number `cue`, whose literal stands at `at` in fold(text) (offsets
        kept), if it matches there: as a whole word, or followed by any word ending when it
        ends in '*'. Tried in order over the cues that stand at `at` (CueIndex.matches), the
        first that matches gives the span `regex.match(text, at)` gives."""
        if at and prefilter.is_word_or_hyphen(text[at - 1]):
            return None
        literal, starred = self.literals[cue]
        end = at + len(literal)
        if starred:
            while end < len(text) and prefilter.is_word_or_hyphen(text[end]):
                end += 1
            return at, end
        if end == len(text) or not prefilter.is_word(text[end]):
            return at, end
        return None


def cue_pattern(cues: list[str]) -> CuePattern:
    return _compiled_cues(tuple(cues))


@functools.lru_cache(maxsize=1024)
def _compiled_cues(cues: tuple[str, ...]) -> CuePattern:
    """One per codebook row, made once."""
    if not cues:
        return CuePattern(cues, None, None)
    heads = [c.split("*")[0] for c in cues]
    if not all(h and h.isascii() for h in heads):
        return CuePattern(cues, None, None)
    # ASCII heads: lower() folds them as FOLD does, without translate's table made per call
    folded = tuple(h.lower() for h in heads)
    plain = all(c.count("*") == 0 or c.index("*") == len(c) - 1 for c in cues)
    literals = tuple((h, c.endswith("*")) for h, c in zip(folded, cues, strict=True)) if plain else None
    return CuePattern(cues, folded, literals)


@dataclass(frozen=True)
class CueIndex:
    """A codebook's rows (event types, cooperation areas) with their cues, and every row's
    cue heads in one Aho-Corasick automaton: one pass over a text says which rows may match
    in it and from where, instead of a str.find per head and row (sixty finds per sentence
    for the event types)."""

    rows: tuple[tuple[str, CuePattern], ...]  # (label, cues), in codebook order
    finder: prefilter.StringFinder | None  # the folded heads; None when no row has heads
    # per head, in the finder's order: the cues it heads, as (row, the cue's number in it)
    headed: tuple[tuple[tuple[int, int], ...], ...]
    always: tuple[int, ...]  # rows with a cue whose head is unknown: scanned from the start

    @classmethod
    def of(cls, rows: list[dict] | CueIndex, label: str = "event_type") -> CueIndex:
        """The index of codebook rows, each named by its `label` field; an index is
        returned as it is (the build passes Codebooks' own, made once)."""
        if isinstance(rows, CueIndex):
            return rows
        patterns = tuple((row[label], cue_pattern(row.get("cues") or [])) for row in rows)
        heads: dict[str, list[tuple[int, int]]] = defaultdict(list)
        always = []
        for order, (_, cues) in enumerate(patterns):
            if not cues.cues:
                continue
            if cues.heads is None:
                always.append(order)
            for cue, head in enumerate(cues.heads or ()):
                heads[head].append((order, cue))
        finder = prefilter.StringFinder(heads) if heads else None
        return cls(patterns, finder, tuple(map(tuple, heads.values())), tuple(always))

    def starts(self, folded: str) -> dict[int, list[tuple[int, int]] | None]:
        """Row -> (offset, cue) for every offset in the folded text where one of its cues'
        heads starts, in order, for the rows that may match at all; None for a row with a
        head it cannot tell. A literal cue is its head: match_at need not compare each of
        the row's cues with the text again to know which stand there."""
        found: dict[int, list[tuple[int, int]] | None] = dict.fromkeys(self.always)
        if self.finder is not None:
            headed = self.headed
            for head, start, _ in self.finder.places(folded):
                for order, cue in headed[head]:
                    found.setdefault(order, []).append((start, cue))
        for places in found.values():
            if places:
                places.sort()  # found by where they end: a longer head ending later starts earlier
        return found

    def matches(self, order: int, text: str, places: list[tuple[int, int]] | None) -> Iterator[tuple[int, int]]:
        """The spans of a row's cue matches in `text`, in order and not overlapping, as its
        pattern's finditer gives them. Tried only at `places` (from `starts`: where its
        cues' heads start, each place's cues in their order), since a match starts with a
        head."""
        cues = self.rows[order][1]
        if places is None or cues.literals is None:
            scan = (
                cues.regex.finditer(text)
                if places is None
                else prefilter.matches_at(cues.regex, text, [at for at, _ in places])
            )
            yield from (m.span() for m in scan)
            return
        end = 0
        for at, cue in places:
            if at >= end and (span := cues.match_at(text, at, cue)) is not None:
                yield span
                end = max(span[1], at + 1)


@dataclass(frozen=True)
class CooperationIndex:
    """The cooperation areas (data/codebook/cooperation_areas.yml) and the setbacks that an
    area's sentence may report (data/codebook/setbacks.yml), their cues in one CueIndex:
    the areas' rows, then the setbacks'. One pass over a document's sentences finds the
    heads of both, where the setbacks' had been looked for again in a second pass over the
    sentences that name an area."""

    cues: CueIndex
    areas: int  # the first `areas` rows of `cues` are the areas; the rest are the setbacks
    after_cue: frozenset[str]  # the setbacks that mark only the areas named after their cue

    @classmethod
    def of(cls, areas: list[dict] | CooperationIndex, setbacks: list[dict] | None = None) -> CooperationIndex:
        """The index of the two codebooks' rows; an index is returned as it is (the build
        passes Codebooks' own, made once)."""
        if isinstance(areas, CooperationIndex):
            return areas
        setbacks = setbacks or []
        rows = [{"label": r["area"], "cues": r.get("cues")} for r in areas]
        rows += [{"label": r["setback"], "cues": r.get("cues")} for r in setbacks]
        after_cue = frozenset(r["setback"] for r in setbacks if r.get("after_cue"))
        return cls(CueIndex.of(rows, label="label"), len(areas), after_cue)

    def setbacks_by_line(
        self, joined: str, line_starts: list[int], starts: dict[int, list[tuple[int, int]] | None]
    ) -> dict[int, list[tuple[int, str, bool]]]:
        """Line -> its setback cues as (start, label, marks only what follows), the labels in
        codebook order, for every line (a lookup asks only those that name an area).
        `starts`: self.cues.starts of the joined text's fold, the setbacks' heads among them."""
        found: dict[int, list[tuple[int, str, bool]]] = {}
        for order in range(self.areas, len(self.cues.rows)):
            if order not in starts:
                continue
            label = self.cues.rows[order][0]
            for start, _ in self.cues.matches(order, joined, starts[order]):
                found.setdefault(bisect_right(line_starts, start) - 1, []).append(
                    (start, label, label in self.after_cue)
                )
        return found


def _setback_at(cues: list[tuple[int, str, bool]], at: int) -> str:
    """The first setback whose cue marks an area named at `at`."""
    return next((label for start, label, after in cues if not after or start < at), "")


def classify_event(
    sentence: str,
    event_types: list[dict] | CueIndex,
    names_blanked: str = "",
    anchor: tuple[int, int] | None = None,
) -> str:
    """The type whose cue word stands nearest the date in the sentence ('completed its
    mission in 2014, by allowing the transit of supplies' is about the mission); ties go to
    the codebook's order. Cues are looked for outside names first (`names_blanked`: the
    sentence with its organisations' and wars' names blanked; 'Security Assistance Force'
    is no cue for aid), then inside them ('Opening of Joint Intelligence Operations Centre'
    is about intelligence)."""
    index = CueIndex.of(event_types)
    for text in (names_blanked, sentence) if names_blanked and names_blanked != sentence else (sentence,):
        best: tuple[int, int, str] | None = None
        folded = fold(text)
        for order, places in index.starts(folded).items():
            label = index.rows[order][0]
            for start, end in index.matches(order, text, places):
                distance = 0 if anchor is None else max(anchor[0] - end, start - anchor[1], 0)
                candidate = (distance, order, label)
                best = min(best, candidate) if best else candidate
        if best:
            return best[2]
    return "other"


class Passage(NamedTuple):
    """The columns of passages.parquet that extraction reads, one passage."""

    seq: int
    kind: str
    start_char: int
    end_char: int
    text: str
    usable: bool


PASSAGE_COLUMNS = Passage._fields


def passage_records(passages: pd.DataFrame | list[Passage]) -> list[Passage]:
    """A document's passages as plain records, in the frame's order: cheap to send to a
    worker and to loop over (no pandas row objects in the hot loops)."""
    if not isinstance(passages, list):  # a DataFrame
        columns = [passages[c].tolist() for c in PASSAGE_COLUMNS]
        return [Passage(*row) for row in zip(*columns, strict=True)]
    return list(passages)


Splitter = Callable[[str, int], list[segment.Sentence]]


class SentenceSplits:
    """One document's passages split into sentences once, for the events, figures,
    cooperation and relationships alike (each would otherwise split them again). Made per
    document, so nothing is kept from one document to the next."""

    def __init__(self) -> None:
        self._done: dict[tuple[int, str], list[segment.Sentence]] = {}
        self._spans: dict[tuple[int, int], list[segment.Sentence]] = {}

    def __call__(self, text: str, offset: int = 0) -> list[segment.Sentence]:
        key = (offset, text)
        found = self._done.get(key)
        if found is None:
            found = self._done[key] = segment.split_sentences(text, offset)
        return found

    def span(self, text: str, first: int, last: int) -> list[segment.Sentence]:
        """The sentences of text[first:last], by its offsets: every mention in a passage
        asks for the same one, and is spared cutting and hashing it again."""
        key = (first, last)
        found = self._spans.get(key)
        if found is None:
            found = self._spans[key] = self(text[first:last], first)
        return found


def _usable(passages: list[Passage], kinds: tuple[str, ...], by_seq: bool = True) -> list[Passage]:
    rows = [p for p in passages if bool(p.usable) and p.kind in kinds]
    return sorted(rows, key=lambda p: p.seq) if by_seq else rows


_NOT_SLUG = re.compile(r"[^a-z0-9]+")


@functools.lru_cache(maxsize=1 << 16)
def _slug(text: str) -> str:
    return _NOT_SLUG.sub("-", text.lower()).strip("-")


# "The author is a Research Fellow at ...": the role an author note gives.
_AUTHOR_ROLE = re.compile(r"(?:The author|.+?) is (?:a |an |the )?((?:[A-Z][\w\-]* ?)+?)(?= at| of| in|[.,])")


@dataclass
class SourceMentions:
    """What one source names, computed once and shared by the tables."""

    organizations: list[entities.Mention]
    people: list[entities.Mention]
    actors: list[entities.Mention]

    @functools.cached_property
    def _by_start(self) -> dict[str, tuple[list[int], list[entities.Mention]]]:
        ordered = {
            kind: sorted(getattr(self, kind), key=lambda m: m.start) for kind in ("organizations", "people", "actors")
        }
        return {kind: ([m.start for m in ms], ms) for kind, ms in ordered.items()}

    def inside(self, kind: str, start: int, end: int) -> list[entities.Mention]:
        """The mentions of `kind` that lie within [start, end), by position: a sentence
        looks up its names without a pass over the whole document's."""
        starts, ordered = self._by_start[kind]
        found = []
        for i in range(bisect_left(starts, start), len(ordered)):
            m = ordered[i]
            if m.start > end:
                break
            if m.end <= end:
                found.append(m)
        return found


def find_mentions(source_passages: pd.DataFrame | list[Passage], gazetteer: entities.Gazetteer) -> SourceMentions:
    defined: dict = {}
    orgs, people, actors = [], [], []
    rows = _usable(passage_records(source_passages), NAME_KINDS, by_seq=False)
    hits, words = gazetteer.scan([p.text for p in rows])
    for i, p in enumerate(rows):
        orgs += entities.find_organizations(p.text, gazetteer, p.start_char, defined, hits["organization"][i], words[i])
        people += entities.find_people(p.text, gazetteer, p.start_char, hits["person"][i], words[i])
        actors += entities.find_actors(p.text, gazetteer, p.start_char, hits["actor"][i])
    bylines = _bylines(rows, gazetteer)
    if bylines:  # 'By Dr. B. Shah, ...': one mention of the author, as the byline reads it
        spans = {(m.start, m.end) for m in bylines}
        people = [m for m in people if (m.start, m.end) not in spans] + bylines
    return SourceMentions(orgs, people, actors)


_NAME_ONLY = re.compile(entities._NAME)
# 'By Sara Malik, Research Analyst' (or 'By A. Khan and B. Shah'): the author's name, and
# their role in capitalised words after the comma, up to ' at', ' of', ' in' or the next
# comma (as an author note's is read): 'By Sara Malik, November 2024' gives none.
_BY_LINE = re.compile(
    rf"By[ ]+(?P<names>(?:(?:Mr|Ms|Mrs|Dr)\.[ ]+)?{entities._NAME}(?:,?[ ]+(?:and|&)[ ]+(?:(?:Mr|Ms|Mrs|Dr)\.[ ]+)?"
    rf"{entities._NAME})*)(?:,[ ]*(?:(?P<role>[A-Z][\w\-]*(?:[ ][A-Z][\w\-]*)*)(?=$|[ ](?:at|of|in)[ ]|[,;.]))?.*)?"
)
_AUTHOR_NAME = re.compile(rf"(?:(?:Mr|Ms|Mrs|Dr)\.[ ]+)?(?P<name>{entities._NAME})")
# 'By Staff Reporter', 'By Web Desk': a newsroom's byline names no person.
_NEWSROOM_WORDS = {"Staff", "Reporter", "Correspondent", "Desk", "Editor", "Editors", "News", "Newsroom", "Report",
                   "Bureau", "Team", "Agencies", "Agency"}  # fmt: skip


def _bylines(rows: list[Passage], gazetteer: entities.Gazetteer) -> list[entities.Mention]:
    """A heading that is only a name, followed by that person's note ('Mary Hunter' then
    'Mary Hunter is a ...', or 'Haleema Saadia' then 'The author is ...'); a 'By ...' line
    near the top (_by_line)."""
    found = []
    ordered = sorted(rows, key=lambda p: p.seq)
    for i, p in enumerate(ordered):
        if p.start_char < ingest.NEAR_TOP and p.text.startswith("By "):
            found += _by_line(p, gazetteer)
            continue
        if p.kind != "heading" or not _NAME_ONLY.fullmatch(p.text) or i + 1 >= len(ordered):
            continue
        nxt = ordered[i + 1].text
        if nxt.startswith((p.text, "The author", "Mr. " + p.text, "Ms. " + p.text, "Dr. " + p.text)):
            if not gazetteer.is_known_non_person(p.text):
                role = _AUTHOR_ROLE.match(nxt)
                found.append(
                    entities.Mention(
                        "person",
                        p.start_char,
                        p.end_char,
                        p.text,
                        p.text,
                        role=role.group(1).strip() if role else "author",
                        rule="byline",
                    )
                )
    return found


def _by_line(p: Passage, gazetteer: entities.Gazetteer) -> list[entities.Mention]:
    """The authors a byline under the title names ('By Sara Malik, Research Analyst'), each
    a person with the role after the comma ('author' if none is given). Read only near the
    top of a document (where ingest reads a byline too): a 'By ...' line further down is
    text."""
    line = _BY_LINE.fullmatch(p.text)
    if line is None:
        return []
    role = line.group("role") or ""
    # a date after the comma is no role ('By Sara Malik, Nov. 2024'), as ingest reads it
    if not role or role.split()[0] in entities.CALENDAR_WORDS or ingest.HAS_DATE.search(p.text, line.end("names")):
        role = "author"
    found = []
    for m in _AUTHOR_NAME.finditer(p.text, line.start("names"), line.end("names")):
        name = m.group("name")
        if not entities.is_person_name(name, gazetteer) or not _NEWSROOM_WORDS.isdisjoint(name.split()):
            continue
        start = p.start_char + m.start("name")
        canonical = entities.person_canonical(name, gazetteer)
        found.append(entities.Mention("person", start, start + len(name), name, canonical, role=role, rule="byline"))
    return found


def _actors_of(
    mentions: SourceMentions,
    start: int,
    end: int,
    date: tuple[int, int] | None = None,
    others: tuple = (),
    denied_from: int | None = None,
) -> str:
    """The actors named in start:end. Where the sentence dates other events too (`others`,
    spans like `date`), a name after its first date belongs to the date nearest it: the
    Security Council of 'absent in Bonn (2001 and 2011) and at the August 2021 meeting of
    the UN Security Council' is no actor of 2001. A name before the first date (the
    sentence's subject) is an actor of every event. A name before `denied_from`, where the
    sentence says its subject was not involved ('Pakistani state or even any Pakistani
    citizen was not directly or indirectly involved in the 9/11 attacks'), is no actor."""
    names: list[str] = []
    first = min(s for s, _ in (date, *others)) if date and others else end  # where the first date starts
    for m in sorted(
        mentions.inside("actors", start, end)
        + mentions.inside("organizations", start, end)
        + mentions.inside("people", start, end),
        key=lambda m: m.start,
    ):
        if m.start >= first and _distance(m, date) > min(_distance(m, o) for o in others):
            continue
        if denied_from is not None and m.end <= denied_from:
            continue
        name = m.acronym if m.kind == "organization" and m.acronym else m.canonical
        if name not in names:
            names.append(name)
    return ";".join(names)


def _distance(m, span: tuple[int, int]) -> int:
    """Characters between a mention and a span (0 when they overlap)."""
    return max(span[0] - m.end, m.start - span[1], 0)


_EMPTY_BRACKETS = re.compile(r"\(\s*\)")
_SPACE_BEFORE_PUNCTUATION = re.compile(r"\s+(?=[,.;:])")  # taken out: no group in a template to fill
# Whether _SPACE_BEFORE_PUNCTUATION has anything to take out: the scan jumps from mark to
# mark and looks back, where the pattern itself is tried at every character.
_MARK_AFTER_SPACE = re.compile(r"[,.;:](?<=\s.)")
_DOUBLE_PUNCTUATION = re.compile(r"([,;:])\s*([,;:.])")
# what is left before the statement once its date is out: marks, a bare preposition, or
# a news dateline's place ('ISLAMABAD, July 4, 2024 — Pakistan ...' leaves 'ISLAMABAD, —')
_DATELINE_PLACE = r"[A-Z][A-Z .'’\-]+,\s*"  # 'ISLAMABAD, ' before a news story's date
_LEADING_LEFTOVER = re.compile(rf"^[\s,;:–—\-]+|^(?:In|On|During|Since|By|From)\s*,\s*|^{_DATELINE_PLACE}[—–-]\s*")


_PREPOSITION_ENDING = re.compile(r"\b(?:in|on|during|since|by|from|of|until|as of)\s+$", re.IGNORECASE)
_LONGEST_PREPOSITION = len("during")
# A date text that is a phrase of its own ('since 2005', 'between 2005 and 2013', 'post-9/11').
_PHRASE_DATE = re.compile(r"(?:since|from|between|until|during|in|on|after|before)\b|post-", re.IGNORECASE)
_LETTER_NEXT = re.compile(r"\s*[^\W\d_]")
_DATELINE = re.compile(_DATELINE_PLACE)


def _without_date_phrase(sentence: str, date_text: str) -> str:
    """The sentence without the first time it says the date, with the preposition just
    before it ('in March 2005'), where the sentence reads on without it. A regex per date
    text would say the same, but a corpus has tens of thousands of date texts to compile."""
    at = sentence.find(date_text)
    if at < 0:
        return sentence
    end = at + len(date_text)
    if sentence.startswith(("’s", "'s"), end):
        return sentence  # 'During this year's meeting': the preposition is the meeting's ('During meeting')
    word_end = at  # a preposition ends where the white space before the date starts
    while word_end and sentence[word_end - 1].isspace():
        word_end -= 1
    preposition = _PREPOSITION_ENDING.search(sentence, max(0, word_end - _LONGEST_PREPOSITION), at)
    if not (
        preposition
        or _PHRASE_DATE.match(date_text)
        or not sentence[:word_end].strip()  # it opens the sentence: a milestone line
        or _DATELINE.fullmatch(sentence, 0, at)
        or sentence[word_end - 1] == "("
        or _LETTER_NEXT.match(sentence, end)  # it qualifies what follows: 'the 2005 earthquake'
    ):
        return sentence  # what a verb or a name takes ('predates 2004', 'the Act, 2002 (POTA)'): cut, it leaves a hole
    return sentence[: preposition.start() if preposition else at] + sentence[end:]


def _describe(sentence: str, date_text: str, alone: bool = True) -> str:
    """A short line for a table cell: the statement without its date phrase, capitalised.
    A sentence that dates other events too keeps its dates (see _event_row), and a long one
    is cut to the stretch where this row's date stands (segment.cut_around)."""
    text = sentence
    if date_text and alone:
        text = _without_date_phrase(text, date_text)
    text = _EMPTY_BRACKETS.sub("", text)
    # each substitution only where it finds something: a sub with a group in its template
    # costs a Python call into the re module even when nothing matches
    if _MARK_AFTER_SPACE.search(text):
        text = _SPACE_BEFORE_PUNCTUATION.sub("", text)
    if _DOUBLE_PUNCTUATION.search(text):
        text = _DOUBLE_PUNCTUATION.sub(r"\2", text)
    text = _LEADING_LEFTOVER.sub("", text)
    text = segment.without_footnote_mark(text)  # after the date is out: '… citizens since 2001 until 2017.3'
    text = " ".join(text.split()).strip(" ,;.") or sentence  # a sentence that is only a date ('March 2005.')
    if len(text) > 160 and alone:
        cut = segment.cut_at_word(text, 157)
        if len(cut) < len(text):  # not a text kept whole (segment.TAIL_SLACK)
            cut += segment.SHORTENED if cut[-1:] in ".!?”" else "…"  # 'treated. …', not 'treated.…'
        text = cut
    elif len(text) > 160:  # the stretch where this row's date stands ('… severe flooding in 2010 and 2011')
        text = segment.cut_around(text, date_text, 160)
    return text[:1].upper() + text[1:]


def extract_events(
    source: Mapping,
    source_passages: pd.DataFrame | list[Passage],
    mentions: SourceMentions,
    event_types: list[dict] | CueIndex,
    named: dates.NamedDates | None = None,
    split: Splitter = segment.split_sentences,
) -> list[dict]:
    """One row per dated statement. A milestone line with no date of its own, between
    two dated milestones, takes the date above it (flagged as inferred)."""
    rows = []
    published = source.get("published") or ""
    ordered = _usable(passage_records(source_passages), CONTENT_KINDS)
    led = _LeadingDates(ordered, published)
    for i, p in enumerate(ordered):
        sentences = split(p.text, p.start_char)
        found_in = [dates.find_dates(s.text, published, s.start, named) for s in sentences]
        found_any = any(found_in)
        whole_line = _milestone_line(p, sentences, found_in)
        if whole_line is not None and led[i] is None:
            whole_line = None  # a line of that shape is one milestone only when it opens with a date
        for sentence, found in zip(sentences, found_in, strict=True):
            if not found:
                continue
            if whole_line is not None:
                sentence = whole_line
            terms = {d for d in found if _TERM_AFTER.match(sentence.text, d.end - sentence.start)}
            # 'elected in June 2024 for the 2025-26 term': the term is no second event
            if terms and len(terms) < len(found):
                found = [d for d in found if d not in terms]
            for d in found:
                others = tuple((o.start, o.end) for o in found if o is not d)
                rows.append(_event_row(source, sentence, d, mentions, event_types, others))
        if not found_any and 0 < i < len(ordered) - 1 and led[i - 1] is not None and led[i + 1] is not None:
            above = led[i - 1]
            sentence = segment.Sentence(p.start_char, p.end_char, p.text)
            inherited = dates.DateMention(
                p.start_char, p.start_char, "", above.date_start, above.date_end, above.precision, True
            )
            rows.append(_event_row(source, sentence, inherited, mentions, event_types))
            led[i] = above
    return rows


_TERM_AFTER = re.compile(r"\s+(?:term|session|tenure|mandate)\b")
# a milestone line longer than this is a paragraph that happens to open with a date
MILESTONE_LINE = 300


def _milestone_line(p: Passage, sentences: list, found_in: list[list]) -> segment.Sentence | None:
    """The whole of a short line whose later sentences give no date of their own: when it
    opens with a date (the caller's test, made only for such a line), a milestone line ('May
    2007 First visit by a NATO Secretary General to Pakistan. NATO and Pakistan agree to
    hold regular high-level political exchanges.'), all of which is what happened then; its
    first sentence alone had dropped the agreement. `found_in`: each sentence's dates."""
    if len(sentences) < 2 or len(p.text) > MILESTONE_LINE or any(found_in[1:]):
        return None
    first, last = sentences[0], sentences[-1]
    return segment.Sentence(first.start, last.end, p.text[first.start - p.start_char : last.end - p.start_char])


class _LeadingDates:
    """The date each of a document's passages opens with (_leading_date), found when first
    read: only a short line of several sentences and the passages beside one without dates
    are asked for theirs (in x1, 5 of the 11 passages that open with a year)."""

    def __init__(self, passages: list[Passage], published: str) -> None:
        self._passages = passages
        self._published = published
        self._found: dict[int, dates.DateMention | None] = {}

    def __getitem__(self, i: int) -> dates.DateMention | None:
        if i not in self._found:
            self._found[i] = _leading_date(self._passages[i], self._published)
        return self._found[i]

    def __setitem__(self, i: int, date: dates.DateMention) -> None:
        self._found[i] = date


def _leading_date(p: Passage, published: str) -> dates.DateMention | None:
    """The date a milestone line opens with ('March 2005 Visit to ...'), if any."""
    found = dates.find_dates(p.text[:30], "", p.start_char)
    return found[0] if found and found[0].start == p.start_char and not found[0].inferred else None


def _without_names(sentence: segment.Sentence, mentions: SourceMentions) -> str:
    """The sentence with organisation names blanked: 'Security Assistance Force' is not
    a cue for aid, nor 'Joint Intelligence Operations Centre' for a military operation."""
    text, pieces, at = sentence.text, [], 0
    for m in mentions.inside("organizations", sentence.start, sentence.end):  # in order of start
        start, end = max(m.start - sentence.start, at), m.end - sentence.start
        if end > start:
            pieces += [text[at:start], " " * (end - start)]
            at = end
    return "".join(pieces) + text[at:] if pieces else text


# A war's name: one or two capitalised words or a year before 'War' ('the Iran-Iraq War',
# 'the 1971 War'; two at most, so that a headline's 'Visit During Kargil War' keeps its
# 'Visit'), or 'War on'/'War of' and what follows ('the War on Terror', 'War of 1971').
_WAR_NAME_WORD = r"(?:(?!The\b)[A-Z][\w’'\-–]*|\d{4})"
_WAR_OF = r"[ \u00a0]+(?:on|of)[ \u00a0]+(?:[A-Z][\w’'\-–]*|\d{4})"
_NAMED_WAR = re.compile(rf"\b(?:{_WAR_NAME_WORD}[ \u00a0]+){{1,2}}War\b(?:{_WAR_OF})?|\bWar{_WAR_OF}")


def _without_war_names(text: str) -> str:
    """The text with the names of wars blanked (their places kept): a war named as the
    setting of what a sentence reports is no cue that it reports a military operation
    ('playing a mediatory role in Iran-Iraq War during 1980s' reports mediation;
    'casualties ... as a result of the “War on Terror”' reports casualties). Where no other
    cue stands, classify_event's second look, at the whole sentence, finds it."""
    if "War" not in text:
        return text
    return _NAMED_WAR.sub(lambda m: " " * len(m.group(0)), text)


def _event_row(
    source, sentence, d: dates.DateMention, mentions: SourceMentions, event_types, others: tuple = ()
) -> dict:
    """`others`: the spans of the other dates its sentence gives events. A sentence that
    dates several keeps its dates in each description: cut out beside another ('Bonn
    (2001 and 2011)'), a date left 'Bonn ( and 2011)'."""
    return {
        "source_id": source["source_id"],
        "date_start": d.date_start,
        "date_end": d.date_end,
        "date_precision": d.precision,
        "date_text": d.text,
        "date_inferred": d.inferred,
        "event_type": classify_event(
            sentence.text,
            event_types,
            _without_war_names(_without_names(sentence, mentions)),
            (d.start - sentence.start, d.end - sentence.start),
        ),
        "actors": _actors_of(mentions, sentence.start, sentence.end, (d.start, d.end), others, _denied_from(sentence)),
        "description": _describe(sentence.text, d.text, alone=not others),
        "quote": sentence.text,
        "start_char": sentence.start,
        "end_char": sentence.end,
    }


# 'was not directly or indirectly involved in', 'had no role in': the subject before it took
# no part in the event. Gated: a sentence without 'involved', 'role' or 'part' is not scanned
# (the pattern opens with '\b', so the scan tries it at every character).
_NOT_INVOLVED = prefilter.gate(
    r"\b(?:was|were|is|are|has\s+been|have\s+been)\s+not\s+(?:\w+\s+){0,4}?involved\b|\bhad\s+no\s+(?:role|part)\b"
)


def _denied_from(sentence: segment.Sentence) -> int | None:
    """Where a sentence says its subject was not involved, as an offset of the document."""
    found = _NOT_INVOLVED.pattern.search(sentence.text) if _NOT_INVOLVED.may_match(sentence.text) else None
    return sentence.start + found.start() if found else None


# 'out of 140 countries': the whole a rank or share is taken from.
_WHOLE_BEFORE = re.compile(r"\bout\s+of\s+$")


def _state_of_figure(sentence: segment.Sentence, states: list, f: figures.FigureMention) -> str:
    """The state named nearest before a figure (whose figure it is, as far as the words
    tell); none for the whole a rank is out of ('10th out of 140 countries'), nor for the
    state a count of times is done to ('has visited Pakistan twice': the visits are the
    visitor's; a rank of the state it ranks stays its own)."""
    at = f.start - sentence.start
    if _WHOLE_BEFORE.search(sentence.text, max(0, at - 12), at):
        return ""
    state = next((m for m in reversed(states) if m.end <= f.start), None)
    if state is None:
        return ""
    before = state.start - sentence.start
    if f.unit == "times" and not sentence.text[state.end - sentence.start : at].strip():  # the state, then the count
        if _OBJECT_OF_VERB.search(sentence.text, max(0, before - 30), before):
            return ""
    return state.canonical


# 'has visited Pakistan twice': the state stands as the object of a verb just before it
_OBJECT_OF_VERB = re.compile(r"\b[a-z]+ed\s+$")


# Between a figure and a date: another predicate of the same subject ('received a waiver in
# 2008 and received full membership of three … regimes'): the date is the other's.
_ANOTHER_PREDICATE = re.compile(r"\band\s+(?:then\s+|later\s+)?[a-z]+ed\b")


def _figure_period(text: str, found_dates: list[dates.DateMention], f: figures.FigureMention, offset: int) -> str:
    """The dates of a figure's own predicate, as ISO periods joined by '; ': a date with
    another predicate between it and the figure is the other's. The words looked at are
    those between the date and the figure with its measure ('3500 tons of food and canned
    goods in 2005' keeps 2005)."""
    at, to = f.start - offset, f.end - offset
    if text.startswith(" " + f.measure, to):
        to += 1 + len(f.measure)
    return "; ".join(
        dates.period_of(d, text)
        for d in found_dates
        if not _ANOTHER_PREDICATE.search(text, *((d.end, at) if d.end <= at else (to, d.start)))
    )


def extract_figures(
    source: Mapping,
    source_passages: pd.DataFrame | list[Passage],
    split: Splitter = segment.split_sentences,
    mentions: SourceMentions | None = None,
) -> list[dict]:
    rows = []
    for p in _usable(passage_records(source_passages), CONTENT_KINDS):
        for sentence in split(p.text, p.start_char):
            if not figures.may_hold_figures(sentence.text):
                continue
            found_dates = dates.find_dates(sentence.text, "", 0)  # written dates only
            found = figures.find_figures(sentence.text, [(d.start, d.end) for d in found_dates], sentence.start)
            if not found:
                continue
            states = mentions.inside("actors", sentence.start, sentence.end) if mentions is not None else []
            for f in found:
                rows.append(
                    {
                        "source_id": source["source_id"],
                        "value": f.value,
                        "unit": f.unit,
                        "measure": f.measure,
                        "state": _state_of_figure(sentence, states, f),
                        "period": _figure_period(sentence.text, found_dates, f, sentence.start),
                        "quote": sentence.text,
                        "start_char": sentence.start,
                        "end_char": sentence.end,
                        "figure_text": f.text,
                        "figure_start": f.start,
                        "figure_end": f.end,
                    }
                )
    return rows


# Pakistan's relationship to a body, as a sentence naming both states it. A cue belongs to
# the organisation mentioned nearest to it, unless the cue names its body itself.
_RELATIONSHIP_CUES = (
    (prefilter.gate(r"\bnot (?:yet |now |currently )?(?:an? )?(?:\w+ )?member|\bnever (?:been |become |became )?"
                r"(?:an? )?(?:\w+ )?member|\bnon-member|\bnon-party|\bnot (?:a )?party to\b|\bnon-signatory", re.I),
     "non-member", ""),
    (prefilter.gate(r"\bformer member|\bwithdrew from|\bleft the\b", re.I), "former member", ""),
    (prefilter.gate(r"\bobserver", re.I), "observer", ""),
    (prefilter.gate(r"\bmajor non-NATO ally|\bMNNA\b", re.I), "major non-NATO ally (US designation)", "NATO"),
    # 'is also a member', 'Pakistan, a member of': a membership stated, not one sought
    # ('its bid to become a permanent member') or denied (the non-member cues above)
    (prefilter.gate(r"\bfull members?\b|\bmember states?\b|\b(?:is|was|has been|became|remains|as)\s+"
                r"(?:also\s+|currently\s+|now\s+|still\s+)?an?\s+(?:founding |full |(?:non-)?permanent )?member\b|"
                r",\s+an?\s+(?:founding |full )?member\b|"
                r"\bjoined|\bentrance into|\bmembership\b|\belected", re.I), "member", ""),
    (prefilter.gate(r"\bpartners? across the globe|\bin partnership with|\bpartner\b", re.I), "partner", ""),
    (prefilter.gate(r"\btroops\b|\bpeacekeep", re.I), "troop contributor", ""),
    (prefilter.gate(r"\bsupported\b|\bsupport for\b|\bparticipates in\b|\bparticipated in\b|"
                r"\bent(?:ering|ered) into\s+(?:the\s+)?(?-i:[A-Z])", re.I),  # into a name: 'entering into Chinese One Belt One Road'
     "supporter/participant", ""),
)  # fmt: skip
_RELATIONSHIP_NEEDS = prefilter.needs_of_any(gate for gate, _, _ in _RELATIONSHIP_CUES)
# "were observer states prior to becoming full members": a status held before, not now.
_PAST_BEFORE_CUE = re.compile(r"\b(?:was|were|had been|formerly|previously|once)\s+(?:an?\s+)?$", re.I)
_ENDED_AFTER_CUE = re.compile(
    r"^[\w\s]{0,20}?\b(?:(?:prior to|before)\s+(?:becoming|joining|being admitted)|until\s+it\s+(?:became|joined))\b",
    re.I,
)
# 'From Observer to Host', 'from observer to full member': a status left behind
_FROM_BEFORE_CUE = re.compile(r"\bfrom\s+(?:an?\s+)?$", re.I)
_TO_AFTER_CUE = re.compile(r"(?:\s+(?:state|status))?\s+to\b", re.I)
# '\bPakistan', written so that it opens with a letter: the regex engine then jumps from
# one 'P' to the next, where a pattern that opens with '\b' is tried at every character.
_PAKISTAN = re.compile(r"P(?<=\bP)akistan")
# what stands between two bodies of one list: 'SEATO and CENTO', 'the OIC and the SCO' (a
# comma before 'and the' starts a clause: 'the OIC, and the NATO Secretary General said')
_LIST_JOINT = re.compile(r"[\s,]*(?:\([A-Z][A-Za-z]*\))?[\s,]*(?:and|or)?\s*|\s+(?:and|or)\s+the\s+")
# A body's name that goes on into another name, quoted or not: the body names whose it is
# ('the NATO Secretary General', a person's title; 'the SCO "Peace Mission 2018" exercise'),
# and is neither a body listed with others nor what a cue beside it is about.
_NAME_GOES_ON = re.compile(r"[ ]+[\"“]?[A-Z][a-z]")
_ELECTED_TIMES = re.compile(r"\s+(\w+)\s+times\s+since\s+(?:[\w’']+\s+){0,4}?((?:19|20)\d{2})\b")
_SINCE_YEAR = re.compile(r"\b(?:since|in)\s+(?:its\s+)?(?:[\w’']+\s+){0,3}?((?:19|20)\d{2})\b")
# 'a non-permanent member in 2012-13': a term with its end, not a membership since 2012
_TERM_END = re.compile(r"(?:\s*[-–—]\s*((?:19|20)?\d{2})|\s+(?:to|until)\s+((?:19|20)\d{2}))\b(?![-–—/]\d)")


def relationships(
    text: str,
    mentions: list[entities.Mention],
    split: Splitter = segment.split_sentences,
    spans: PassageSpans | None = None,
) -> dict[int, list[str]]:
    """Index of an organisation mention -> the relationships its sentence states. A
    mention's sentence is split from its passage (`spans`; without them, its line)."""
    spans = spans or PassageSpans([])
    by_sentence: dict[tuple[int, int], list[int]] = defaultdict(list)
    names_pakistan: dict[tuple[int, int], bool] = {}  # a passage's answer, for all its mentions
    for i, m in enumerate(mentions):
        passage = spans.around(text, m.start, m.end)
        says = names_pakistan.get(passage)
        if says is None:
            says = names_pakistan[passage] = _PAKISTAN.search(text, *passage) is not None
        if not says:
            continue  # nor can its sentence name Pakistan: not split for nothing
        by_sentence[_sentence_in(text, m.start, m.end, passage, split)].append(i)
    found: dict[int, list[str]] = defaultdict(list)
    for (s, e), indices in by_sentence.items():
        sentence = text[s:e]
        if not _PAKISTAN.search(sentence):
            continue
        for tag, cue_start, _, names_body in _stated_relationships(sentence):
            at = s + cue_start
            candidates = [i for i in indices if not names_body or mentions[i].acronym == names_body]
            if not candidates:
                continue
            nearest = min(candidates, key=lambda i: min(abs(mentions[i].start - at), abs(mentions[i].end - at)))
            if _NAME_GOES_ON.match(text, mentions[nearest].end, e):
                continue  # 'troops joined the SCO "Peace Mission 2018" exercise': the exercise's, not the SCO's
            chain = [nearest] if names_body else _coordinated(text, mentions, indices, nearest)
            for i in chain:
                if tag not in found[i]:
                    found[i].append(tag)
    return found


# A quotation of a clause (four words or more: a scare-quoted “full member” is the source's
# own statement).
_QUOTED_CLAUSE = re.compile(r"“[^“”\s]+(?:\s+[^“”\s]+){3,}\s*”")
# Another state's membership: a name other than Pakistan's (written as a word, as states are,
# not an acronym as bodies are: 'the OIC’s member states') in the possessive, then the body's
# name, just before 'membership' ("India’s OIC membership").
_ANOTHERS_MEMBERSHIP = re.compile(
    r"\b(?!(?:Pakistan|Islamabad|Today|Its|Their)\b)[A-Z][a-z][\w\-]*[’']s\s+(?:[A-Z][\w\-]*\s+){1,4}$"
)


def _not_pakistans_membership(sentence: str, cue: re.Match, negated: list[tuple[int, int]]) -> bool:
    """Whether a membership cue states no membership of Pakistan's: denied ("not a member
    state"), the words of a quotation that does not name Pakistan (a charter's 'the
    legitimate causes of the Member States'), or another state's ("India’s OIC membership")."""
    at = cue.start()
    if any(a <= at < b + 12 for a, b in negated):
        return True
    if "“" in sentence and any(
        q.start() < at < q.end() and not _PAKISTAN.search(q.group(0)) for q in _QUOTED_CLAUSE.finditer(sentence)
    ):
        return True
    return cue.group(0).lower() == "membership" and bool(_ANOTHERS_MEMBERSHIP.search(sentence, max(0, at - 60), at))


def _stated_relationships(sentence: str) -> Iterator[tuple[str, int, int, str]]:
    """Each relationship a sentence's cues state: (the relationship, where its cue starts
    and ends, the body the cue names itself, else '')."""
    folded = fold(sentence)
    present = prefilter.folded_needs_in(folded)  # one look-up for the cues' gates
    if _RELATIONSHIP_NEEDS is not None and present.isdisjoint(_RELATIONSHIP_NEEDS):
        return  # no cue's gate lets the sentence through (most sentences): none asked in turn
    negation = _RELATIONSHIP_CUES[0][0]
    negated = [] if negation.ruled_out(present) else [m.span() for m in negation.finditer(sentence, folded)]
    for regex, label, names_body in _RELATIONSHIP_CUES:
        if regex.ruled_out(present):
            continue
        for cue in regex.finditer(sentence, folded):
            if label == "member" and _not_pakistans_membership(sentence, cue, negated):
                continue
            tag = label
            if label == "observer" and (
                _PAST_BEFORE_CUE.search(sentence, max(0, cue.start() - 20), cue.start())
                or _ENDED_AFTER_CUE.match(sentence[cue.end() : cue.end() + 60])
                or (
                    _FROM_BEFORE_CUE.search(sentence, max(0, cue.start() - 10), cue.start())
                    and _TO_AFTER_CUE.match(sentence, cue.end())
                )
            ):
                tag = "former observer"
            if label == "member" and cue.group(0).lower() == "elected":
                # "elected five times since its establishment in 2006": elections since
                # then, not a membership that long
                times = _ELECTED_TIMES.match(sentence, cue.end())
                tag = f"elected {times.group(1)} times since {times.group(2)}" if times else label
            elif label == "member":
                year = _SINCE_YEAR.search(sentence, cue.start(), min(len(sentence), cue.end() + 60))
                term = year and _TERM_END.match(sentence, year.end())
                if term:
                    end = term.group(1) or term.group(2)
                    end = end if len(end) == 4 else year.group(1)[:2] + end
                    tag = f"member ({year.group(1)}–{end})"
                elif year:
                    tag = f"member since {year.group(1)}"
                elif cue.group(0).lower() == "joined":
                    tag = "joined"  # 'Pakistan joined SEATO and CENTO': when, and whether it stayed, are not said
            yield tag, cue.start(), cue.end(), names_body


def speaking_body(source: Mapping, gazetteer: entities.Gazetteer) -> entities.Mention | None:
    """The body an official page speaks for: its publisher, when that names a body of the gazetteer.
    Such a page says 'Pakistan is one of ... "partners across the globe"' without naming
    itself, as its own voice."""
    publisher = source.get("publisher")
    if source.get("kind") != "official page" or not isinstance(publisher, str):
        return None
    known = [
        m for m in entities.find_organizations(publisher, gazetteer) if gazetteer.organization(m.canonical, m.acronym)
    ]
    return known[0] if known else None


def speaker_relationships(
    source: Mapping,
    source_passages: list[Passage],
    mentions: SourceMentions,
    speaker: entities.Mention | None,
    split: Splitter = segment.split_sentences,
) -> list[dict]:
    """The relationships an official page states of Pakistan and itself: a sentence that
    names Pakistan and nothing else it could be about, read as about the page's publisher.
    Only on a page that names its publisher (so the body is in the organisations table),
    and only where the sentence gives Pakistan a standing: Pakistan the subject of 'is',
    'has been', 'became'..., then a partner, member or observer with no object of its own
    ('one of ... "partners across the globe"'). 'Joined the talks', 'deployed troops',
    'urged member states', 'a member of the Commonwealth', 'a trading partner for Japan'
    are not said of the publisher, nor 'major non-NATO ally' on a UN page."""
    if speaker is None or not any(m.canonical == speaker.canonical for m in mentions.organizations):
        return []
    rows = []
    for p in _usable(source_passages, CONTENT_KINDS):
        if not _PAKISTAN.search(p.text):
            continue
        for sentence in split(p.text, p.start_char):
            if not _PAKISTAN.search(sentence.text) or _names_another(mentions, sentence.start, sentence.end):
                continue
            for tag, cue_start, cue_end, names_body in _stated_relationships(sentence.text):
                if names_body and names_body != speaker.acronym:
                    continue
                if not _gives_pakistan_a_standing(sentence.text, cue_start, cue_end):
                    continue
                rows.append(_relationship_row(speaker, tag, source["source_id"], sentence.text, sentence.start))
    return rows


def _relationship_row(body: entities.Mention, label: str, sid: str, quote: str, start: int) -> dict:
    return {
        "org_id": _org_id(body.acronym, body.canonical), "name": body.canonical, "relationship": label,
        "source_id": sid, "quote": quote, "start_char": start, "end_char": start + len(quote),
    }  # fmt: skip


# A standing is a noun: 'partners across the globe', 'a member', 'observer', 'ally' (not
# 'joined', 'elected', 'withdrew from', 'in partnership with', 'membership', 'troops').
_STANDING_NOUN = re.compile(r"\b(?:partners?|members?|observers?|ally|MNNA)\b", re.IGNORECASE)
# Pakistan the subject of a copula ('Pakistan is', 'Pakistan has been'), and between it and
# the cue no new clause ('Pakistan is landlocked and sent an observer').
_PAKISTAN_IS = re.compile(r"\bPakistan\s+(?:is|was|has\s+been|had\s+been|became|becomes|remains|remained)\b")
_NEW_CLAUSE = re.compile(r"\b(?:and|but|while|which|who|whose|that|where|when)\b|[;:]")
# 'a member of the Commonwealth', 'a trading partner for Japan', 'an observer in Kabul':
# the standing's own object, so not the publisher's. 'The Organization' or 'the Allies' on
# the publisher's page is the publisher ('a member of the Organization since 1947').
_OWN_OBJECT = re.compile(
    r"\s+(?:of|with|to|in|for|from|into|among|within|at)\s+(?!the\s+(?:Organi[sz]ation|Allies|Alliance)\b)"
)


def _gives_pakistan_a_standing(sentence: str, cue_start: int, cue_end: int) -> bool:
    if not _STANDING_NOUN.search(sentence, cue_start, cue_end):
        return False
    # the copula may open the cue itself ('became a member')
    subjects = [m for m in _PAKISTAN_IS.finditer(sentence, 0, cue_end) if m.start() < cue_start]
    if not subjects or _NEW_CLAUSE.search(sentence, min(subjects[-1].end(), cue_start), cue_start):
        return False
    return not _OWN_OBJECT.match(sentence, cue_end)


def _names_another(mentions: SourceMentions, start: int, end: int) -> bool:
    """Whether a sentence names a body or a state other than Pakistan."""
    return bool(mentions.inside("organizations", start, end)) or any(
        m.canonical != "Pakistan" for m in mentions.inside("actors", start, end)
    )


def _coordinated(text: str, mentions: list[entities.Mention], indices: list[int], first: int) -> list[int]:
    """'joined SEATO and CENTO': the mentions listed with the nearest one share its cue."""
    chain = [first]
    ordered = sorted(indices, key=lambda i: mentions[i].start)
    for i in ordered[ordered.index(first) + 1 :]:
        gap = text[mentions[chain[-1]].end : mentions[i].start]
        if _LIST_JOINT.fullmatch(gap) and not _NAME_GOES_ON.match(text, mentions[i].end):
            chain.append(i)
        elif not gap.strip(" ()"):
            continue
        else:
            break
    return chain


def extract_cooperation(
    source: Mapping,
    source_passages: pd.DataFrame | list[Passage],
    areas: list[dict] | CooperationIndex,
    split: Splitter = segment.split_sentences,
    setbacks: list[dict] | None = None,
) -> list[dict]:
    """Every sentence that names each area, in reading order, with the setback it reports
    (`setbacks`, data/codebook/setbacks.yml, when `areas` are the codebook's rows, not an
    index of both), if any: 'Pakistan closed ground communication lines for ISAF transit'
    names the area without reporting cooperation in it. The sentences are searched as one
    text, a line each: a cue never spans a line break, so each match lies in one sentence.
    The first sentence alone had been kept, and a focus whose body a later sentence names
    with the area (a focused briefing's test) never saw it."""
    rows = []
    sentences = [
        s for p in _usable(passage_records(source_passages), CONTENT_KINDS) for s in split(p.text, p.start_char)
    ]
    joined = "\n".join(s.text for s in sentences)
    line_starts, at = [], 0
    for s in sentences:
        line_starts.append(at)
        at += len(s.text) + 1
    index = CooperationIndex.of(areas, setbacks)
    # the sentences' folds, joined: the figures have folded each sentence already, where a
    # fold of the whole text lowered every character of it again. Offsets are kept, and a
    # character folds to an ASCII letter (all a cue head or literal holds) in either alike.
    folded = "\n".join([fold(s.text) for s in sentences])
    starts = index.cues.starts(folded)  # the areas' heads and the setbacks'
    named: list[tuple[str, int, int]] = []  # (area, sentence, where its cue starts), one a sentence
    for order in range(index.areas):
        if order not in starts:
            continue
        area = index.cues.rows[order][0]
        named_in = -1  # the sentence of the last match
        for found in index.cues.matches(order, joined, starts[order]):
            k = bisect_right(line_starts, found[0]) - 1
            if k != named_in:
                named_in = k
                named.append((area, k, found[0]))
    setback_cues = index.setbacks_by_line(joined, line_starts, starts) if named else {}
    for area, k, at in named:
        hit = sentences[k]
        rows.append(
            {
                "area": area,
                "setback": _setback_at(setback_cues[k], at) if k in setback_cues else "",
                "source_id": source["source_id"],
                "quote": hit.text,
                "start_char": hit.start,
                "end_char": hit.end,
            }
        )
    return rows


class PassageSpans:
    """Where a document's passages start and end, to find the one that holds an offset."""

    def __init__(self, passages: list[Passage]) -> None:
        self._spans = sorted((p.start_char, p.end_char) for p in passages)
        self._starts = [start for start, _ in self._spans]

    def around(self, text: str, start: int, end: int) -> tuple[int, int]:
        """The passage holding [start, end); the line, when no passage does."""
        k = bisect_right(self._starts, start) - 1
        if k >= 0 and start < self._spans[k][1]:
            return self._spans[k]
        line_end = text.find("\n", end)
        return text.rfind("\n", 0, start) + 1, len(text) if line_end < 0 else line_end


def _sentence_around(
    text: str, start: int, end: int, split: Splitter = segment.split_sentences, spans: PassageSpans | None = None
) -> tuple[int, int]:
    """The span of the sentence that holds [start, end), split from its passage as the
    events' and figures' sentences are (a list item's bullet is not part of it)."""
    return _sentence_in(text, start, end, (spans or PassageSpans([])).around(text, start, end), split)


def _sentence_in(
    text: str, start: int, end: int, passage: tuple[int, int], split: Splitter = segment.split_sentences
) -> tuple[int, int]:
    """_sentence_around, the passage (or line) that holds [start, end) being known."""
    first, last = passage
    sentences = split.span(text, first, last) if isinstance(split, SentenceSplits) else split(text[first:last], first)
    for sentence in sentences:
        if sentence.start <= start < sentence.end:
            return sentence.start, max(sentence.end, end)
    return first, last


@dataclass
class DocumentRows:
    """What one document gives before the merge: its rows (not yet numbered) and the
    mentions behind the corpus-wide organisation, people and mention tables."""

    source_id: str
    events: list[dict]
    figures: list[dict]
    cooperation: list[dict]
    relationships: list[dict]
    organizations: list[tuple[entities.Mention, list[str]]]  # each mention, with the relationships stated
    people: list[entities.Mention]
    states: list[entities.Mention]


def extract_document(
    source: Mapping, passages: pd.DataFrame | list[Passage], text: str, codebooks: Codebooks
) -> DocumentRows:
    """Everything one document says, from that document alone: `source` is its row of
    sources.parquet (a dict or Series with at least source_id and published), `passages`
    its rows of passages.parquet, `text` data/interim/text/<source_id>.txt. Pure, so it
    gives the same rows in this process, in a worker process or on a Dask worker."""
    sid = source["source_id"]
    dates.forget_sentences()  # what was kept for the sentences of the document before
    prefilter.forget_texts()
    records = passage_records(passages)
    split = SentenceSplits()
    mentions = find_mentions(records, codebooks.gazetteer)
    spans = PassageSpans(records)
    stated = relationships(text, mentions.organizations, split, spans)
    relationship_rows = []
    for i, m in enumerate(mentions.organizations):
        for label in stated.get(i, []):
            start, end = _sentence_around(text, m.start, m.end, split, spans)
            quote = text[start:end]
            start += len(quote) - len(quote.lstrip())
            relationship_rows.append(_relationship_row(m, label, sid, quote.strip(), start))
    speaker = speaking_body(source, codebooks.gazetteer)
    own = speaker_relationships(source, records, mentions, speaker, split)
    relationship_rows += own
    organizations = [(m, stated.get(i, [])) for i, m in enumerate(mentions.organizations)]
    if own:  # the page's own standing goes with its first mention of itself, as a stated one would
        first = next(i for i, m in enumerate(mentions.organizations) if m.canonical == speaker.canonical)
        labels = dict.fromkeys([*organizations[first][1], *(r["relationship"] for r in own)])
        organizations[first] = (organizations[first][0], list(labels))
    return DocumentRows(
        source_id=sid,
        events=extract_events(source, records, mentions, codebooks.event_cues, codebooks.named_dates, split),
        figures=extract_figures(source, records, split, mentions),
        cooperation=extract_cooperation(source, records, codebooks.cooperation_cues, split),
        relationships=relationship_rows,
        organizations=organizations,
        people=list(mentions.people),
        states=list(mentions.actors),
    )


# What extract_document reads of a source's row: all it is sent of it.
SOURCE_FIELDS = ("source_id", "published", "publisher", "kind")


class DocumentInput(NamedTuple):
    """What one document's extraction is sent: the fields of its source row it reads, its
    passages as spans of its text (seq, kind, start_char, end_char, usable) and the text.
    A passage's text is the slice of the document's text its offsets name (ingest writes
    it so), so it is cut where the document is read instead of being held and sent a
    second time."""

    source: dict
    spans: list[tuple[int, str, int, int, bool]]
    text: str

    def passages(self) -> list[Passage]:
        return [Passage(seq, kind, s, e, self.text[s:e], usable) for seq, kind, s, e, usable in self.spans]


def document_inputs(sources: pd.DataFrame, passages: pd.DataFrame, texts: dict[str, str]) -> list[DocumentInput]:
    """One DocumentInput per document, in source_id order. The passages are grouped in one
    pass over the frame, not filtered once per source."""
    fields = [f for f in SOURCE_FIELDS if f in sources.columns]
    rows = zip(*(sources[f].tolist() for f in fields), strict=True)  # whole columns: to_dict boxes each value
    ordered = [dict(zip(fields, row, strict=True)) for row in sorted(rows, key=operator.itemgetter(0))]
    by_source: dict[str, list] = {row["source_id"]: [] for row in ordered}
    span_fields = [f for f in PASSAGE_COLUMNS if f != "text"]
    columns = [passages[c].tolist() for c in ("source_id", *span_fields)]
    for sid, *span in zip(*columns, strict=True):
        if sid in by_source:
            by_source[sid].append(tuple(span))
    return [DocumentInput(row, by_source[row["source_id"]], texts[row["source_id"]]) for row in ordered]


def start_executor(sources: pd.DataFrame, executor: str | Executor | None = None) -> Executor:
    """Where extract_tables will read these sources (`executor`, else $EXECUTOR, else by the
    size of their text), started now: a step that calls this before it reads the texts
    and passages has its worker processes' fork server importing this module meanwhile
    (0.15-0.2 s that the extraction no longer waits for)."""
    runner = choose(executor, int(sources["n_chars"].sum()))
    start_ahead(runner, __name__)
    return runner


def extract_tables(
    sources: pd.DataFrame,
    passages: pd.DataFrame,
    texts: dict[str, str],
    codebooks: Codebooks,
    executor: str | Executor | None = None,
) -> dict[str, pd.DataFrame]:
    """The extraction tables for a corpus: `extract_document(source, passages, text,
    codebooks)` on each document, run where `executor` (else $EXECUTOR) says, in batches
    that are tabled where they are read (`extract_batch`), then joined. The tables are
    the same wherever the documents were read and however they were batched."""
    inputs = document_inputs(sources, passages, texts)
    chunks = imap_batches(extract_batch, inputs, codebooks, executor, sizes=[len(doc.text) for doc in inputs])
    with contextlib.closing(chunks), collector_paused():
        return join_chunks(chunks)


def extract_batch(docs: list[DocumentInput], codebooks: Codebooks) -> TableChunk:
    """A run of documents, in source_id order, read and made into table columns where it
    runs. A worker sends back compact columns instead of every row as Python objects:
    unpickling and merging those rows had been a sixth of the x1000 extraction's time,
    in the one process that cannot run in parallel."""
    tables = CorpusTables()
    for doc in docs:
        tables.add(extract_document(doc.source, doc.passages(), doc.text, codebooks))
    return tables.chunk()


def _extract_one(doc: DocumentInput, codebooks: Codebooks) -> DocumentRows:
    return extract_document(doc.source, doc.passages(), doc.text, codebooks)


def merge_documents(docs: Iterable[DocumentRows]) -> dict[str, pd.DataFrame]:
    """The corpus tables from the documents' rows, whatever order the documents come in."""
    tables = CorpusTables()
    for doc in sorted(docs, key=lambda d: d.source_id):
        tables.add(doc)
    return join_chunks([tables.chunk()])


# The tables a chunk carries as columns; organisations and people are gathered across
# chunks, since a body named in many sources is one row.
_ROW_TABLES = ("events", "figures", "cooperation", "relationships", "mentions")
_MENTION_COLUMNS = ("entity_kind", "entity_id", "name", "source_id", "quote", "start_char", "end_char", "rule")
_MENTION_START = operator.itemgetter(_MENTION_COLUMNS.index("start_char"))
# Getters of a Mention's fields (a tuple: read in C): its canonical name, and the fields the
# mentions table's quote, start_char, end_char and rule columns take, in that order
_CANONICAL = operator.itemgetter(entities.Mention._fields.index("canonical"))
_MENTION_QUOTE_TO_RULE = [
    operator.itemgetter(entities.Mention._fields.index(f)) for f in ("text", "start", "end", "rule")
]


@dataclass
class TableChunk:
    """The tables of a run of consecutive documents (in source_id order): each row table
    as columns (packed_columns.keep: sent to another process as flat buffers where it
    can), and the organisations and people they name, gathered over the run."""

    first_source: str
    last_source: str
    columns: dict[str, dict[str, Any]]
    organizations: dict[str, dict]
    people: dict[str, dict]


class CorpusTables:
    """The tables of a run of documents, built up one document at a time in source_id
    order: ids numbered per source in reading order, organisations and people gathered
    across sources. Each document's rows go into columns as it arrives, so the documents
    are not all held at once and no step looks back over the earlier ones."""

    def __init__(self) -> None:
        self._first_source: str | None = None
        self._last_source: str | None = None
        self._columns: dict[str, dict[str, list]] = {table: defaultdict(list) for table in _ROW_TABLES[:-1]}
        self._mentions: list[tuple] = []  # rows of the mentions table, in its order
        self._organizations: dict[str, dict] = {}
        self._people: dict[str, dict] = {}

    def add(self, doc: DocumentRows) -> None:
        sid = doc.source_id
        if self._last_source is not None and sid <= self._last_source:
            raise ValueError(f"documents must come in source_id order: {sid!r} came after {self._last_source!r}")
        self._first_source = self._first_source or sid
        self._last_source = sid
        for table, id_column, letter in (("events", "event_id", "e"), ("figures", "figure_id", "f")):
            rows = sorted(getattr(doc, table), key=lambda r: (r["start_char"], r["end_char"]))
            ids = [f"{sid}-{letter}{n:03d}" for n in range(1, len(rows) + 1)]
            _append_rows(self._columns[table], rows, {id_column: ids} if rows else {})
        _append_rows(self._columns["cooperation"], doc.cooperation)
        firsts = {}  # the first row of each relationship a source states
        for row in doc.relationships:
            firsts.setdefault((row["org_id"], row["relationship"]), row)
        _append_rows(self._columns["relationships"], list(firsts.values()))
        self._add_mentions(sid, doc)
        for m, stated in sorted(doc.organizations, key=lambda x: x[0].start):
            self._add_organization(sid, m, stated)
        for m in sorted(doc.people, key=lambda m: m.start):
            self._add_person(sid, m)

    def _add_mentions(self, sid: str, doc: DocumentRows) -> None:
        """The document's mentions as rows of the mentions table, in the table's order
        (source_id, start_char, entity_kind): the kinds' rows one after another, in that
        order, then sorted by start_char (a stable sort keeps the kinds' order at one
        place). Documents come in source_id order, so the run's rows need no sort of their
        own: sorting them all by a key of three had been half the cost of the rows."""
        orgs = [m for m, _ in doc.organizations]
        rows = []
        for kind, found, entity_ids in (
            ("organization", orgs, [_org_id(m.acronym, m.canonical) for m in orgs]),
            ("person", doc.people, map(_slug, map(_CANONICAL, doc.people))),
            ("state", doc.states, map(_slug, map(_CANONICAL, doc.states))),
        ):  # each row made of the mentions' fields in C, not a tuple display a mention at a time
            rows += zip(
                repeat(kind),
                entity_ids,
                map(_CANONICAL, found),
                repeat(sid),
                *(map(field, found) for field in _MENTION_QUOTE_TO_RULE),
            )
        rows.sort(key=_MENTION_START)
        self._mentions += rows

    def _add_organization(self, sid: str, m: entities.Mention, stated: list[str]) -> None:
        g = self._organizations.get(m.canonical)
        if g is None:
            g = self._organizations[m.canonical] = {
                "org_id": _org_id(m.acronym, m.canonical),
                "acronym": m.acronym,
                "name": m.canonical,
                "org_type": m.org_type,
                "relationships": {},
                "n_mentions": 0,
                "source_ids": [],
                "source_id": sid,
                "quote": m.text,
                "start_char": m.start,
                "end_char": m.end,
            }
        g["n_mentions"] += 1
        if not g["source_ids"] or g["source_ids"][-1] != sid:  # sources come in order
            g["source_ids"].append(sid)
        for r in stated:
            by = g["relationships"].setdefault(r, [])
            if not by or by[-1] != sid:
                by.append(sid)
        if not g["acronym"] and m.acronym:
            g["acronym"] = m.acronym

    def _add_person(self, sid: str, m: entities.Mention) -> None:
        g = self._people.get(m.canonical)
        if g is None:
            g = self._people[m.canonical] = {
                "person_id": _slug(m.canonical),
                "name": m.canonical,
                "variants": {},
                "role": m.role,
                "n_mentions": 0,
                "source_ids": [],
                "source_id": sid,
                "quote": m.text,
                "start_char": m.start,
                "end_char": m.end,
            }
        g["n_mentions"] += 1
        spellings = g["variants"].setdefault(sid, [])
        if m.text not in spellings:
            spellings.append(m.text)
        if not g["source_ids"] or g["source_ids"][-1] != sid:
            g["source_ids"].append(sid)
        g["role"] = _better_role(g["role"], m.role)

    def chunk(self) -> TableChunk:
        """The run's tables as a TableChunk, once: each column kept with its kind (packed
        if it is sent on)."""
        mentions = self._mentions
        columns = self._columns
        columns["mentions"] = (
            dict(zip(_MENTION_COLUMNS, map(list, zip(*mentions, strict=True)), strict=True)) if mentions else {}
        )
        self._columns, self._mentions = {}, []
        return TableChunk(
            self._first_source or "",
            self._last_source or "",
            {
                table: {name: packed_columns.keep(values) for name, values in cols.items()}
                for table, cols in columns.items()
            },
            self._organizations,
            self._people,
        )


def _better_role(role: str, new: str) -> str:
    """A person's role as their mentions come: the first one given, except that a title
    beats the bare 'author' of a byline."""
    return new if new and (not role or role == "author" and new != "author") else role


def join_chunks(chunks: Iterable[TableChunk]) -> dict[str, pd.DataFrame]:
    """The corpus tables from the chunks of consecutive runs of documents, in order."""
    parts: dict[str, dict[str, list]] = {table: defaultdict(list) for table in _ROW_TABLES}
    organizations: dict[str, dict] = {}
    people: dict[str, dict] = {}
    last = None
    for chunk in chunks:
        if not chunk.first_source:
            continue  # a run of no documents
        if last is not None and chunk.first_source <= last:
            raise ValueError(f"chunks must come in source_id order: {chunk.first_source!r} came after {last!r}")
        last = chunk.last_source
        for table, columns in chunk.columns.items():
            for name, values in columns.items():
                parts[table][name].append(values)
        _gather(organizations, chunk.organizations, _join_organization)
        _gather(people, chunk.people, _join_person)
    return {
        "events": _frame(parts["events"], "events"),
        "figures": _frame(parts["figures"], "figures"),
        "organizations": _organizations_table(organizations),
        "people": _people_table(people),
        "cooperation": _frame(parts["cooperation"], "cooperation"),
        "mentions": _frame(parts["mentions"], "mentions"),
        "relationships": _frame(parts["relationships"], "relationships"),
    }


def _gather(into: dict[str, dict], more: dict[str, dict], join_rest: Callable[[dict, dict], None]) -> None:
    """A later run's organisations or people into the earlier runs': the first mention
    stays the first, counts add up, sources follow on (no source is in two runs), and
    `join_rest` joins what else the kind keeps."""
    for name, g in more.items():
        have = into.setdefault(name, g)
        if have is g:
            continue
        have["n_mentions"] += g["n_mentions"]
        have["source_ids"] += g["source_ids"]
        join_rest(have, g)


def _join_organization(have: dict, g: dict) -> None:
    for r, sids in g["relationships"].items():
        have["relationships"].setdefault(r, []).extend(sids)
    have["acronym"] = have["acronym"] or g["acronym"]


def _join_person(have: dict, g: dict) -> None:
    have["variants"].update(g["variants"])
    have["role"] = _better_role(have["role"], g["role"])


def _organizations_table(organizations: dict[str, dict]) -> pd.DataFrame:
    rows = []
    for g in organizations.values():
        row = dict(g)
        relationships = row.pop("relationships")
        row["pakistan_relationship"] = "; ".join(f"{r} ({', '.join(s)})" for r, s in relationships.items())
        row["source_ids"] = ";".join(sorted(g["source_ids"]))
        rows.append(row)
    return _sorted_table(rows, "organizations", "org_id")


def _people_table(people: dict[str, dict]) -> pd.DataFrame:
    rows = []
    for g in people.values():
        row = dict(g)
        row["variants"] = "; ".join(f"{sid}: {' | '.join(v)}" for sid, v in g["variants"].items())
        row["source_ids"] = ";".join(sorted(g["source_ids"]))
        rows.append(row)
    return _sorted_table(rows, "people", "person_id")


def _sorted_table(rows: list[dict], table: str, key: str) -> pd.DataFrame:
    """A table of the schema's columns from rows, sorted by `key` (its id; ties keep their order)
    before the frame is made: sorting the frame took as long as making it."""
    from helpers import schemas

    columns = schemas.TABLES[table].columns
    rows = sorted(rows, key=operator.itemgetter(key))
    return _frame({c: [packed_columns.keep([r.get(c) for r in rows])] for c in columns} if rows else {}, table)


def _append_rows(columns: dict[str, list], rows: list[dict], first: dict[str, list] | None = None) -> None:
    """Rows (dicts with the same keys) onto the end of a table's columns."""
    for column, values in (first or {}).items():
        columns[column].extend(values)
    if rows:
        for key in rows[0]:
            columns[key].extend(map(operator.itemgetter(key), rows))


def _frame(parts: dict[str, list], table: str) -> pd.DataFrame:
    """A table from its columns, each in parts (one per chunk); with no rows at all, an
    empty frame with the table's schema columns (a corpus that names no figure still has
    a figures table)."""
    import pandas as pd

    from helpers import schemas

    if not parts:
        return pd.DataFrame(columns=schemas.TABLES[table].columns)
    return packed_columns.frame(parts)


def _org_id(acronym: str, name: str) -> str:
    return _slug(acronym or name)
