"""Cheap tests that let the extraction skip a regex on a text it cannot match.

Most of the extraction's time went into regex scans of sentences that hold nothing the
pattern needs: a month-name date form scanned at every character of a sentence without a
month. Every pattern is read once (by the standard library's own regex parser) for the
strings any match must contain: 'since independence' for `\\bsince independence\\b`, one
of 'jan', 'feb', ... for a month name. A text holding none of them is not scanned; `in` on
a short string costs far less than the scan. The strings are derived from the pattern,
never written by hand, so a gate can only skip texts the pattern would not match.

A text that passes is not scanned at every character either when every match starts with
one of a few strings (a gate's `leads`: 'since', 'from' or 'between' for a range): the
pattern is tried only where those stand. A pattern that opens with a look-behind, '\\b' or
a case-blind word gets no help from the regex compiler's own first-character skip."""

from __future__ import annotations

import functools
import re
import string
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

# re._parser is the parser re.compile itself uses (Python 3.11+; sre_parse before), so the
# reading below sees exactly what the regex engine runs.
from re import _constants as c
from re import _parser
from typing import Any

# The Aho-Corasick automata (StringFinder: the needs here, the gazetteer's forms in
# entities, the cue heads in extract) are built where first used; a step's kernel imports
# the module ahead.
WARM_IMPORTS = ("ahocorasick_rs",)

# Case folding that keeps every offset: ASCII capitals become small letters, and so do the
# four characters that re.IGNORECASE also takes for an ASCII letter (dotted and dotless I,
# long s, the Kelvin sign). What a case-blind pattern needs is ASCII (or has no case), so
# this is all a gate must fold; a cue's position found in the folded text is its position.
FOLD = str.maketrans(
    {**{c: c.lower() for c in string.ascii_uppercase}, "\u0130": "i", "\u0131": "i", "\u017f": "s", "\u212a": "k"}
)
_ZERO_WIDTH = (c.AT, c.ASSERT, c.ASSERT_NOT)
# Where strings stand in a text: each one found -> its starts, in order, overlaps included.
Where = dict[str, list[int]]


def is_word(char: str) -> bool:
    """Whether a str pattern's \\w takes `char` (the regex engine's own test: alphanumeric or '_')."""
    return char.isalnum() or char == "_"


def is_word_or_hyphen(char: str) -> bool:
    """Whether [\\w-] takes `char`: the edge of a name or cue, which a hyphen continues."""
    return char.isalnum() or char in "_-"


@functools.lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """`text` folded by FOLD, offsets kept. lower() does the same, faster, unless the text has
    a character lower() lengthens ('İ') or keeps although the regex folds it ('ſ', 'ı').
    The last 4096 texts' folds are kept (the extraction drops them between documents, with
    forget_texts): a sentence is folded for its dates, its figures and its relationship
    cues, and the one folded string is then found at once among the texts the shared scan
    has seen."""
    low = text.lower()
    if len(low) != len(text) or "ſ" in low or "ı" in low:
        return text.translate(FOLD)
    return low


@dataclass(frozen=True)
class Gate:
    """The strings a text must hold (one of `needs`) for `pattern` to match in it. Empty
    `needs` means nothing is known and every text is scanned."""

    pattern: re.Pattern
    needs: tuple[str, ...]
    folded: bool  # compare with fold(text): the pattern ignores case
    # A case-sensitive gate with several needs ('President', 'Prime Minister', ...): they
    # and its leads are found by the shared scan of such strings (_CASED_NEEDS), one pass
    # over a passage for the five gates a passage meets, each of which had run an
    # alternation of its own over it.
    scanned: bool = False
    # The strings one of which every match starts with (folded when `folded`), if known:
    # the pattern is then tried only where one of them stands, not at every character.
    # A case-blind pattern opens with no character the regex compiler could jump to.
    leads: tuple[str, ...] = ()
    lead_screen: re.Pattern | None = None  # the leads as one alternation (case-sensitive gates not scanned)

    def __post_init__(self) -> None:
        # The needs and leads as sets too, for the tests against a scan's found strings: a
        # set operation between two sets goes over the smaller (the few strings a sentence
        # holds), one with a tuple over every item of the tuple (a fifth of a gate's cost).
        object.__setattr__(self, "_need_set", frozenset(self.needs))
        object.__setattr__(self, "_lead_set", frozenset(self.leads))
        # A case-blind gate's leads that are not among its needs are not in the shared scan
        # (',', 'is', 'late' stand in most texts, each place one more string the scan
        # made): they are looked for only in the texts the gate lets through (lead_places).
        object.__setattr__(self, "_lead_needs", self._lead_set & self._need_set)
        object.__setattr__(self, "_unscanned_leads", tuple(sorted(self._lead_set - self._need_set)))

    def may_match(self, text: str, folded: str | None = None, where: Where | None = None) -> bool:
        """Whether the pattern can match in `text`. `where`, for a scanned gate: where the
        strings stand in `text`, when the caller found them in a pass of its own (entities:
        the gazetteer's pass over a document), instead of the shared scan."""
        if not self.needs:
            return True
        if self.scanned:
            return not (_CASED_NEEDS.found_in(text) if where is None else where).keys().isdisjoint(self._need_set)
        if self.folded:
            return not _FOLDED_NEEDS.found_in(folded if folded is not None else fold(text)).isdisjoint(self._need_set)
        return any(map(text.__contains__, self.needs))  # no generator frame: called per sentence

    def ruled_out(self, present: frozenset[str]) -> bool:
        """Whether a case-blind gate's pattern cannot match a text in whose folded form
        `folded_needs_in` found `present`: a caller with several such gates for one text
        asks once, and skips those whose needs are absent without a call into each."""
        return self.folded and bool(self.needs) and present.isdisjoint(self._need_set)

    def finditer(self, text: str, folded: str | None = None, where: Where | None = None):
        """pattern.finditer(text), on a text that may match. With leads, the pattern is
        tried only where a lead starts, in reading order (as finditer_from does): the
        first place it matches is the leftmost match. `where` as may_match takes it."""
        if not self.leads:
            return self.pattern.finditer(text) if self.may_match(text, folded, where) else iter(())
        if not self.folded:
            if self.scanned:
                return matches_at(self.pattern, text, self._cased_places(text, self._lead_set, where))
            return finditer_from(self.pattern, self.lead_screen, text)
        if folded is None:
            folded = fold(text)
        found = _FOLDED_NEEDS.found_in(folded)
        if found.isdisjoint(self._need_set):
            return iter(())
        return matches_at(self.pattern, text, self.lead_places(folded, found))

    def lead_places(self, folded: str, present: frozenset[str]) -> list[int]:
        """Where a case-blind gate's leads start in `folded`, in order (`present`: what the
        shared scan found in it): those among its needs as the scan found them, the others
        by a find in this text alone."""
        return places_in(folded, [*present.intersection(self._lead_needs), *self._unscanned_leads])

    def finditer_in_runs(self, text: str, run: re.Pattern, where: Where | None = None):
        """finditer for a pattern whose every match is made only of characters that `run`
        (a pattern like '[...]*') takes, none of them a case-blind need: only the maximal
        runs of such characters that hold one of the needs are scanned, not the whole
        text. Each run is scanned as the text's slice (pos, endpos), so a match is the one
        a scan of the whole text finds: no match crosses a run's end. `where` as may_match
        takes it."""
        if not self.needs or self.folded:
            yield from self.pattern.finditer(text)
            return
        if self.scanned:
            places = self._cased_places(text, self._need_set, where)
        else:
            places = _starts(re.compile(re.escape(self.needs[0])), text)
        end = 0
        for at in places:
            if at < end:
                continue  # inside the run just scanned
            start = run_start(text, at, run)
            end = max(run.match(text, at).end(), at + 1)
            yield from self.pattern.finditer(text, start, end)

    @staticmethod
    def _cased_places(text: str, strings: frozenset[str], where: Where | None) -> list[int]:
        """Where any of `strings` (a case-sensitive gate's own, in the shared scan or in
        `where`) starts in `text`, in order. The list may be the scan's own: read it only."""
        if where is None:
            where = _CASED_NEEDS.found_in(text)
        # over the few strings the text holds, not every string asked for (in the set's own C loop)
        present = strings.intersection(where)
        if len(present) <= 1:  # most texts: one of them or none, whose places need no sorting
            return where[next(iter(present))] if present else []
        return sorted({at for string in present for at in where[string]})

    def __reduce__(self):
        # Made again where it is unpickled (a worker process), so that its needs join that
        # process's shared scan.
        return gate, (self.pattern,)


def run_start(text: str, at: int, run: re.Pattern) -> int:
    """Where the stretch of `run`'s characters (a pattern like '[...]*') that ends at `at`
    starts: where `run` stops, reading back. Only a window before `at` is reversed, widened
    while the stretch fills it: a name's stretch is tens of characters, a passage hundreds,
    and reversing the whole text for each cost more than the scans it served."""
    width = 128
    while True:
        lo = max(0, at - width)
        backwards = text[lo:at][::-1]
        taken = run.match(backwards).end()
        if taken < len(backwards) or lo == 0:
            return at - taken
        width *= 4


def needs_of_any(gates: Iterable[Gate]) -> frozenset[str] | None:
    """Every string one of these case-blind gates needs: a text in whose folded form
    `folded_needs_in` found none of them rules out every gate at once (`Gate.ruled_out`
    each), so a caller with many gates for one text need not ask each in turn. None when
    one gate can let a text through without any string (not case-blind, or needing none)."""
    gates = list(gates)
    if not all(g.folded and g.needs for g in gates):
        return None
    return frozenset(need for g in gates for need in g.needs)


def places_in(text: str, strings: Iterable[str]) -> list[int]:
    """Where each of `strings` starts in `text`, in order."""
    places = []
    for lead in strings:
        at = text.find(lead)
        while at >= 0:
            places.append(at)
            at = text.find(lead, at + 1)
    places.sort()
    return places


def matches_at(pattern: re.Pattern, text: str, places: Iterable[int]):
    """pattern.finditer(text) for a pattern whose every match starts at one of `places`
    (in order): tried at each one not inside the last match. In reading order and
    non-overlapping, it finds what finditer finds: the first place where the pattern
    matches is the leftmost match."""
    end = 0
    for at in places:
        if at >= end and (m := pattern.match(text, at)) is not None:
            yield m
            end = max(m.end(), at + 1)


def finditer_from(pattern: re.Pattern, starts: re.Pattern, text: str):
    """pattern.finditer(text) for a pattern whose every match starts where `starts` can
    match: the pattern is tried only at those places, found by a search for `starts`,
    not at every character."""
    return matches_at(pattern, text, _starts(starts, text))


def _starts(starts: re.Pattern, text: str) -> Iterator[int]:
    """Every place where `starts` matches, one starting inside another included ('Vice
    President' holds 'President')."""
    hit = starts.search(text)
    while hit is not None:
        yield hit.start()
        hit = starts.search(text, hit.start() + 1)


class StringFinder:
    """Many strings found in one pass over a text (an Aho-Corasick automaton, Rust's
    `aho-corasick`): every place each one stands, overlaps included. Pickled as its strings
    and built again where it is unpickled (a worker process), as the automaton itself
    cannot be pickled.

    It starts as a contiguous NFA, quick to build, and is built again as a DFA once it has
    read `_READ_BEFORE_REBUILD` characters. Measured on our finders, the DFA costs 0.1-0.25
    ms more to build (1.3 ms for the gazetteer's 149 forms) and reads up to 4 ns a character
    faster (lower-case strings in folded text; capitalised ones in running text gain about
    0.5 ns): it repays its build after 33 thousand characters at the soonest, most after
    far more. A small corpus (x1 is 40 thousand characters) does not pay for it; a large
    one has it after a few documents. The two find the same places, in the same order.
    """

    _READ_BEFORE_REBUILD = 50_000

    def __init__(self, strings: Iterable[str]) -> None:
        import ahocorasick_rs

        self.strings = tuple(strings)
        self._automaton = self._built(ahocorasick_rs.Implementation.ContiguousNFA)
        self._to_read = self._READ_BEFORE_REBUILD  # None once rebuilt

    def __reduce__(self):
        return StringFinder, (self.strings,)

    def places(self, text: str) -> list[tuple[int, int, int]]:
        """(which string, its start, its end) for each place one stands, in order of end."""
        return self._automaton_for(text).find_matches_as_indexes(text, overlapping=True)

    def found(self, text: str) -> list[str]:
        """The strings at each place one stands."""
        return self._automaton_for(text).find_matches_as_strings(text, overlapping=True)

    def _automaton_for(self, text: str):
        """The automaton to read `text` with, counting its characters (and built again as a
        DFA once enough have been read)."""
        if self._to_read is not None:
            self._to_read -= len(text)
            if self._to_read < 0:
                import ahocorasick_rs

                self._automaton = self._built(ahocorasick_rs.Implementation.DFA)
                self._to_read = None
        return self._automaton

    def _built(self, implementation):
        import ahocorasick_rs

        return ahocorasick_rs.AhoCorasick(self.strings, implementation=implementation)


class NeedScan:
    """Many gates' strings looked for in a text in one Aho-Corasick pass, and what was
    found kept for the texts seen last (`read` says what is kept). A text is checked by
    several gates, by several callers, each of which had looked for its own strings:
    the case-blind ones with `in` per string (a tenth of the extraction's time), the
    case-sensitive ones with an alternation each (five over every passage)."""

    _KEEP = 4096  # texts remembered: more than one document's sentences (see forget)

    def __init__(self, read: Callable[[StringFinder, str], Any]) -> None:
        self._needs: set[str] = set()
        self._finder = None
        self._read = read
        self._seen: dict[str, Any] = {}

    def add(self, needs: tuple[str, ...]) -> None:
        if not self._needs.issuperset(needs):
            self._needs.update(needs)
            self._finder = None  # built again, with the new strings, when next asked
            self._seen.clear()

    def found_in(self, text: str) -> Any:
        found = self._seen.get(text)
        if found is None:
            finder = self._finder if self._finder is not None else self._build()
            found = self._read(finder, text)
            if len(self._seen) >= self._KEEP:
                self._seen.clear()
            self._seen[text] = found
        return found

    def forget(self) -> None:
        """Drop the texts seen so far: kept for the gates that check the same sentence
        within a document, not across documents (dates.forget_sentences says why)."""
        self._seen.clear()

    def _build(self) -> StringFinder:
        self._finder = StringFinder(sorted(self._needs))
        return self._finder


def _strings_found(finder: StringFinder, folded: str) -> frozenset[str]:
    return frozenset(finder.found(folded)) if folded else frozenset()


def _where_found(finder: StringFinder, text: str) -> dict[str, list[int]]:
    """Each string that stands in `text` -> where it starts, in order, overlaps included."""
    where: dict[str, list[int]] = {}
    if text:
        strings = finder.strings
        for which, start, _ in finder.places(text):  # one string's places come in order of start
            s = strings[which]
            if s in where:
                where[s].append(start)
            else:
                where[s] = [start]
    return where


# The case-blind gates' strings, in folded text: which of them it holds.
_FOLDED_NEEDS = NeedScan(_strings_found)
folded_needs_in = _FOLDED_NEEDS.found_in
# The strings of the case-sensitive gates with several of them (and those gates' leads):
# where each stands in the text.
_CASED_NEEDS = NeedScan(_where_found)


def forget_texts() -> None:
    """Drop what was kept for the texts of the document read last (NeedScan.forget)."""
    _FOLDED_NEEDS.forget()
    _CASED_NEEDS.forget()
    fold.cache_clear()


def gate(pattern: re.Pattern | str, flags: int = 0) -> Gate:
    """The gate of a pattern (compiled, or compiled here with `flags`)."""
    regex = re.compile(pattern, flags) if isinstance(pattern, str) else pattern
    ignorecase = bool(regex.flags & re.IGNORECASE)
    try:
        parsed = _parser.parse(regex.pattern, regex.flags)
        best = _best(_sequence_needs(list(parsed), ignorecase))
    except Exception:  # a construct this reading does not know: scan every text, as before
        best = None
    needs = tuple(sorted(best)) if best else ()
    try:
        leads = _leading(list(parsed), ignorecase) if needs else None
    except Exception:
        leads = None
    leads = tuple(sorted(_without_longer(leads))) if leads else ()
    # capitalised words only: the digits of a year ('19', '20') stand in most passages, and
    # two `in` tests find them sooner than the scan would list every place they stand
    scanned = not ignorecase and len(needs) > 1 and all(n[:1].isupper() for n in needs)
    lead_screen = _alternation(leads) if leads and not ignorecase and not scanned else None
    if ignorecase and needs:
        _FOLDED_NEEDS.add(needs)  # not the leads: Gate.lead_places finds those not among them
    if scanned:
        _CASED_NEEDS.add(needs + leads)
    return Gate(regex, needs, ignorecase, scanned, leads, lead_screen)


def _alternation(strings: tuple[str, ...]) -> re.Pattern:
    return re.compile("|".join(re.escape(s) for s in sorted(strings, key=len, reverse=True)))


def _without_longer(strings: frozenset[str]) -> frozenset[str]:
    """The strings that do not start with another: where a longer one starts, so does it."""
    return frozenset(s for s in strings if not any(o != s and s.startswith(o) for o in strings))


def _leading(items: list, ignorecase: bool) -> frozenset[str] | None:
    """The strings one of which every match of a sequence of parsed items starts with (its
    first literal characters, through groups and choices, or past an optional part); None
    if a match can start otherwise (a class, a repeat of unknown opening, the empty match)."""
    for k, (op, av) in enumerate(items):
        if op in _ZERO_WIDTH:
            continue  # '\\b', a look-behind: the match starts where the next item does
        if op is c.LITERAL:
            run = ""
            for next_op, next_av in items[k:]:
                ch = _char(next_av, ignorecase) if next_op is c.LITERAL else None
                if ch is None:
                    break
                run += ch
            if not run:
                return None
            # and what must follow: the parser takes 'no' out of 'not a|non-member'
            after = _leading(items[k + len(run) :], ignorecase)
            return frozenset(run + a for a in after) if after and len(after) <= 64 else frozenset({run})
        rest = items[k + 1 :]
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & re.IGNORECASE:
                return None
            return _leading(list(sub) + rest, ignorecase)
        if op is c.BRANCH:
            alternatives = [_leading(list(alt) + rest, ignorecase) for alt in av[1]]
            return None if None in alternatives else frozenset().union(*alternatives)
        if op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, high, sub = av
            # an optional part is followed by the rest; a repeat's own opening is all it says
            first = _leading(list(sub) + rest if high == 1 else list(sub), ignorecase)
            if first is None or low >= 1:
                return first
            after = _leading(rest, ignorecase)  # or the repeat is skipped
            return None if after is None else first | after
        return None
    return None  # the empty match


def _char(code: int, ignorecase: bool) -> str | None:
    """A literal character as it must appear in the (folded) text; None if folding cannot
    be trusted to keep it (a non-ASCII letter may match other letters when case is ignored)."""
    ch = chr(code)
    if not ignorecase:
        return ch
    if ch.isascii():
        return ch.lower()
    return None if ch.lower() != ch.upper() else ch


def _sequence_needs(items: list, ignorecase: bool) -> list[frozenset[str]]:
    """Every requirement a sequence of parsed items imposes: each a set of strings, one of
    which any match contains. Adjacent literal characters join into one string."""
    found: list[frozenset[str]] = []
    run = ""

    def close_run() -> None:
        nonlocal run
        if run:
            found.append(frozenset({run}))
        run = ""

    for op, av in items:
        if op is c.LITERAL:
            ch = _char(av, ignorecase)
            if ch is None:
                close_run()
            else:
                run += ch
            continue
        if op in _ZERO_WIDTH:
            continue  # consumes nothing: the literals on both sides stay adjacent in the match
        if op not in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            close_run()
        if op is c.SUBPATTERN:
            _group, add_flags, del_flags, sub = av
            if (add_flags | del_flags) & re.IGNORECASE:
                continue  # case rules change inside: claim nothing
            found += _sequence_needs(list(sub), ignorecase)
        elif op is c.BRANCH:
            alternatives = [_best(_sequence_needs(list(alt), ignorecase)) for alt in av[1]]
            if all(alternatives):
                found.append(frozenset().union(*alternatives))
        elif op in (c.MAX_REPEAT, c.MIN_REPEAT, c.POSSESSIVE_REPEAT):
            low, _high, sub = av
            sub = list(sub)
            single = _char(sub[0][1], ignorecase) if len(sub) == 1 and sub[0][0] is c.LITERAL else None
            if low >= 1 and single is not None:
                # ' +\(' holds ' (': the first repeat follows the run before, the last
                # stands before what comes next
                run += single
                close_run()
                run = single
            else:
                close_run()
                if low >= 1:
                    found += _sequence_needs(sub, ignorecase)
        elif op is c.IN:
            chars = [_char(v, ignorecase) if o is c.LITERAL else None for o, v in av]
            if chars and None not in chars:
                found.append(frozenset(chars))
        # anything else (classes, any character, back-references): no requirement
    close_run()
    return found


def _best(requirements: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective requirement: the longest shortest string, then the fewest strings.
    Strings that contain another of the same set are dropped (the shorter one decides)."""
    if not requirements:
        return None
    pruned = [frozenset(s for s in req if not any(o != s and o in s for o in req)) for req in requirements]
    return max(pruned, key=lambda req: (min(map(len, req)), -len(req)))
