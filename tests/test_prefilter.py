"""The regex gates (helpers/prefilter.py): a gate may let through a text its pattern does
not match, never the reverse. If it did, the extraction would silently lose rows."""

from __future__ import annotations

import os
import pickle
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from helpers import dates, entities, extract, figures, io, prefilter, segment

REPO = Path(__file__).resolve().parents[1]
SCALE = int(os.environ.get("PROPERTY_SCALE", "1"))


def test_a_literal_phrase_is_needed_whole():
    assert prefilter.gate(r"\bsince independence\b", re.I).needs == ("since independence",)
    assert prefilter.gate(r"\b(?:post-)?9/11\b", re.I).needs == ("9/11",)  # the optional part is not needed


def test_a_month_name_needs_one_of_twelve_stems():
    _, kind = dates._COMPILED[1]
    month_day_year = dates._COMPILED[1][0]
    assert kind == "day"
    assert month_day_year.needs == ("apr", "aug", "dec", "feb", "jan", "jul", "jun", "mar", "may", "nov", "oct", "sep")
    assert month_day_year.folded


def test_a_repeated_character_joins_what_stands_on_either_side():
    assert prefilter.gate(r"(?P<name>x)[ ]+\((?P<role>[A-Z])").needs == (" (",)
    assert prefilter.gate(r"a+b").needs == ("ab",)
    assert prefilter.gate(r"ab?c").needs == ("a",)  # 'b' may be missing: 'ac' must not be required


def test_what_cannot_be_read_gates_nothing():
    anything = prefilter.gate(r"\w+\s\d")
    assert anything.needs == ()
    assert anything.may_match("") and anything.may_match("no digits at all")


def test_case_is_folded_as_the_regex_folds_it():
    """Under IGNORECASE 'ſ' is an 's', 'ı' and 'İ' an 'i', the Kelvin sign a 'k'."""
    month = next(g for g, kind in dates._COMPILED if kind == "month")  # by its kind: forms come and go
    for text in ("AUGUST 2005", "Auguſt 2005", "In MARCH 2005"):
        assert month.pattern.search(text) and month.may_match(text), text
    assert prefilter.gate(r"kilo", re.I).may_match("\u212ailo")
    assert prefilter.gate(r"nisi", re.I).may_match("NİSı")
    assert not prefilter.gate(r"July").may_match("july")  # case kept when the pattern keeps it


def test_the_fold_covers_every_character_ignorecase_takes_for_an_ascii_letter():
    """The cue prefilter looks for a cue's folded letters in the folded text: it may skip a
    text only if re.IGNORECASE could not match there, so every character that the regex
    equates with an ASCII letter must fold to that letter (and keep the offsets)."""
    import re
    import string

    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    for cp in range(0x110000):
        c = chr(cp)
        if not 0xD800 <= cp <= 0xDFFF and ascii_letter.fullmatch(c):
            folded = c.translate(prefilter.FOLD)
            assert folded in string.ascii_lowercase and re.fullmatch(folded, c, re.IGNORECASE), hex(cp)
    for text in ("Augu\u017ft", "\u0130stanbul, 5 \u212a", "PEACEKEEPING", "d\u0131\u017f"):
        assert len(prefilter.fold(text)) == len(text) and prefilter.fold(text) == text.translate(prefilter.FOLD)


def _gates() -> list[prefilter.Gate]:
    named = dates.compile_named_dates(io.load_yaml_codebook(REPO / "data" / "codebook" / "named_dates.yml"))
    found = [g for g, _ in dates._COMPILED] + [n.pattern for n in named] + [dates._RELATIVE]
    found += [g for g, _, _ in extract._RELATIONSHIP_CUES]
    found += [
        v for mod in (entities, extract, figures, segment) for v in vars(mod).values() if isinstance(v, prefilter.Gate)
    ]
    return found


GATES = _gates()
# Words the patterns are made of, and look-alikes, so that generated texts often come close
# to a match and sometimes make one.
_VOCABULARY = sorted(
    {s for g in GATES for s in g.needs if s.strip()}
    | {"January", "Sept.", "30", "2007", "1979", "-89", "Pakistan", "Ban Ki-moon", "(NATO)", "Council", "the", "of"}
    | {"Auguſt", "İN", "\u212a", "Mr.", "Secretary-General", ",", "(", ")", "is", "a member", "SINCE", "9/11"}
)
_TEXTS = st.lists(
    st.one_of(st.sampled_from(_VOCABULARY), st.text(alphabet="aAsSiIſıİ \u212a-–(),.0129", max_size=4)),
    max_size=12,
).map(lambda parts: "".join(p + (" " if i % 3 else "") for i, p in enumerate(parts)))


@settings(max_examples=300 * SCALE, deadline=None, database=None, derandomize=SCALE == 1)
@given(text=_TEXTS, which=st.integers(min_value=0, max_value=len(GATES) - 1))
def test_a_gate_never_stops_a_text_its_pattern_matches(text, which):
    g = GATES[which]
    if g.pattern.search(text):
        assert g.may_match(text), (g.pattern.pattern, g.needs, text)
        assert not g.ruled_out(prefilter.folded_needs_in(prefilter.fold(text))), (g.pattern.pattern, g.needs, text)


def test_every_match_in_the_fixture_corpus_passes_its_gate():
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in (REPO / "data" / "sources").glob("*.txt")]
    assert texts
    matched = 0
    for g in GATES:
        for text in texts:
            for line in text.splitlines():
                if g.pattern.search(line):
                    matched += 1
                    assert g.may_match(line), (g.pattern.pattern, line)
                    assert not g.ruled_out(prefilter.folded_needs_in(prefilter.fold(line))), (g.pattern.pattern, line)
    assert matched > 50  # the corpus exercises the gates


def test_a_case_blind_gate_is_ruled_out_by_the_shared_scan_and_a_cased_one_never():
    month = prefilter.gate(r"\b(?:March|April)\s+2005\b", re.IGNORECASE)
    cased = prefilter.gate(r"\bMarch\s+2005\b")
    without, with_month = (prefilter.folded_needs_in(prefilter.fold(t)) for t in ("in 2005", "in MARCH 2005"))
    assert month.ruled_out(without) and not month.ruled_out(with_month)
    assert not cased.ruled_out(without)  # its needs are not in the case-blind scan: it is asked itself


def test_a_gate_made_after_a_text_was_scanned_still_sees_its_strings_there():
    text = "The Quuxfrobnicator Treaty was signed."
    first = prefilter.gate(r"\bsigned\b", re.IGNORECASE)
    assert first.may_match(text)  # the shared scan has now seen this text
    later = prefilter.gate(r"\bquuxfrobnicator\b", re.IGNORECASE)
    assert later.may_match(text) and not later.may_match("The Treaty was signed.")


def test_a_gate_unpickled_in_another_process_joins_that_process_scan():
    """Codebook gates (named dates) are made in the build's process and sent to workers."""
    made = prefilter.gate(r"\bsince the zorblax accord\b", re.IGNORECASE)
    probe = (
        "import pickle, sys\n"
        "g = pickle.loads(sys.stdin.buffer.read())\n"
        "print(g.may_match('Since the Zorblax Accord of 1999'), g.may_match('Since the accord'))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", probe], input=pickle.dumps(made), capture_output=True, timeout=120, check=True
    )
    assert out.stdout.decode().split() == ["True", "False"]


def test_a_match_starts_with_one_of_its_leads():
    assert prefilter.gate(r"\b(?:post-)?9/11\b", re.I).leads == ("9/11", "post-9/11")
    assert prefilter.gate(r"\bnot a member|\bnon-member", re.I).leads == ("non-member", "not a member")
    assert prefilter.gate(r"(?<![\w$])(?:19|20)\d{2}").leads == ("19", "20")
    assert prefilter.gate(r"\bis (?:currently )?a member", re.I).leads == ("is a member", "is currently a member")
    assert prefilter.gate(r"(?:Jan|January)\w*").leads == ("Jan",)  # where 'January' starts, 'Jan' does
    assert prefilter.gate(r"x?\d+y").leads == ()  # it may start with a digit
    assert prefilter.gate(r"\w+ and").leads == ()


def _found(matches):
    return [(m.span(), m.groups()) for m in matches]


@settings(max_examples=300 * SCALE, deadline=None, database=None, derandomize=SCALE == 1)
@given(text=_TEXTS, which=st.integers(min_value=0, max_value=len(GATES) - 1))
def test_a_gate_finds_what_its_pattern_finds(text, which):
    """Tried only where a lead stands, a pattern finds what a scan of the whole text finds."""
    g = GATES[which]
    assert _found(g.finditer(text)) == _found(g.pattern.finditer(text)), (g.pattern.pattern, g.leads, text)


# Pieces of patterns (choices, optional and repeated parts, look-arounds, classes) joined at
# random, to put the reading of where a match starts to the test on patterns nobody wrote.
_PATTERN_PIECES = ["a", "ab", "K", "s", "\\b", "(?<!a)", "(?<=b)", "(?=a)", "(?!b)", "(?:a|b)", "(?:ab|a)", "(?:x|)",
                   "(?:ab)?", "a?", "b*", "a+", "(?:b|ba)+", "[ab]", "\\d", "1", "19", "(b)", "(?:s)??", "."]  # fmt: skip
_PATTERN_TEXTS = st.lists(st.sampled_from(["a", "b", "ab", "aab", "ba", "bba", "s", "S", "ſ", "k", "\u212a", "1", "19",
                                             "x", " "]), max_size=10).map("".join)  # fmt: skip


@settings(max_examples=600 * SCALE, deadline=None, database=None, derandomize=SCALE == 1)
@given(
    pieces=st.lists(st.sampled_from(_PATTERN_PIECES), min_size=1, max_size=5),
    flags=st.sampled_from([0, re.IGNORECASE]),
    texts=st.lists(_PATTERN_TEXTS, min_size=1, max_size=4),
)
@example(pieces=["a+", "b"], flags=0, texts=["aab"])  # a repeat's lead is its first round's
@example(pieces=["(?:x|)", "a?", "b"], flags=0, texts=["xb b ab"])  # optional parts, and skipped ones
@example(pieces=["s", "K"], flags=re.IGNORECASE, texts=["ſ\u212a"])
def test_any_pattern_tried_where_its_leads_stand_finds_what_a_whole_scan_finds(pieces, flags, texts):
    g = prefilter.gate("".join(pieces), flags)
    for text in texts + ["".join(texts), " ".join(texts)]:
        assert _found(g.finditer(text)) == _found(g.pattern.finditer(text)), (g.pattern.pattern, g.leads, text)


@pytest.mark.parametrize(
    "text",
    [
        "Auguſt 2005", "since 1999 and ſince 2001", "\u212aarachi, 2005", "İN 2005", "x2005 2005x 2005",
        "1919201920", "twenty-two, Twenty two", "tenth ten tenth", "non-member not a member", "9/119/11",
        "first-largest first largest", "MAY 2005 may 5, 2005", "between 2001 and 2005",
    ],
)  # fmt: skip
def test_gates_find_what_their_patterns_find_at_the_edges(text):
    """Leads at the text's ends, overlapping ones, and letters the regex folds ('ſ', 'İ', 'K')."""
    for g in GATES:
        assert _found(g.finditer(text)) == _found(g.pattern.finditer(text)), (g.pattern.pattern, text)
        assert _found(g.finditer(text[3:])) == _found(g.pattern.finditer(text[3:])), (g.pattern.pattern, text)


def test_a_string_finder_finds_every_place_overlaps_included_and_survives_pickling():
    finder = prefilter.StringFinder(["he", "she", "hers", "é"])
    sent = pickle.loads(pickle.dumps(finder))  # as a worker process receives it
    for f in (finder, sent):
        # offsets count characters, not bytes ('é' is one)
        assert sorted(f.places("é ushers")) == [(0, 4, 6), (1, 3, 6), (2, 4, 8), (3, 0, 1)]
        assert sorted(f.found("é ushers")) == ["he", "hers", "she", "é"]


def test_a_string_finder_rebuilt_after_a_long_read_finds_the_same_places(monkeypatch):
    text = "é ushers, she said: hers, he"
    quick = prefilter.StringFinder(["he", "she", "hers", "é"])  # a short read: the first automaton
    monkeypatch.setattr(prefilter.StringFinder, "_READ_BEFORE_REBUILD", 20)
    rebuilt = prefilter.StringFinder(["he", "she", "hers", "é"])
    first = rebuilt._automaton
    found = sorted(rebuilt.places(text))  # 28 characters: past the 20, so read by the rebuilt one
    assert rebuilt._automaton is not first
    assert rebuilt.places(text) == quick.places(text) and len(found) == 9  # in the same order
    assert rebuilt.found(text) == quick.found(text)


def test_a_text_without_any_gates_needs_rules_out_each_gate_and_one_that_needs_nothing_rules_out_none():
    folded = [g for g in GATES if g.folded and g.needs]
    needs = prefilter.needs_of_any(folded)
    assert needs is not None and len(folded) > 5
    assert all(g.ruled_out(frozenset()) for g in folded)
    one_need = frozenset(sorted(folded[0].needs)[:1])
    assert not one_need.isdisjoint(needs) and not folded[0].ruled_out(one_need)
    assert prefilter.needs_of_any([*folded, prefilter.gate(r"\w+")]) is None


def test_run_start_reads_back_as_the_reversed_text_does():
    run = re.compile(r"[\w’'\- ]*")
    text = "x, " + "Word " * 100 + "Council (HRC); and, the North Atlantic Treaty Organization"
    backwards = text[::-1]
    for at in range(len(text) + 1):
        assert prefilter.run_start(text, at, run) == len(text) - run.match(backwards, len(text) - at).end()
