"""Sentences inside a passage, with offsets. Extraction quotes a sentence (or a clause of
one), so the split must not break at "Mr." or "U.S." or inside a quotation that closes
further on."""

from __future__ import annotations

import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "mr",
    "mrs",
    "ms",
    "dr",
    "prof",
    "gen",
    "lt",
    "col",
    "maj",
    "capt",
    "st",
    "no",
    "vs",
    "etc",
    "e.g",
    "i.e",
    "u.s",
    "u.k",
    "u.n",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
    "ed",
    "eds",
    "vol",
    "pp",
    "fig",
    "approx",
    "inc",
    "ltd",
    "co",
    "jr",
    "sr",
}
# The gap after a sentence's end mark starts with group 1: what closes the sentence after
# its mark (a quotation mark, a footnote's number), then white space. The mark is matched,
# not looked behind for, so that the regex engine can jump from one '.', '!' or '?' to the next.
_GAP_AFTER_MARK = r"([”\"’)]?\d{0,2})\s+(?=[“\"(‘]?[A-Z0-9])"
_BOUNDARY = re.compile(r"[.!?]" + _GAP_AFTER_MARK)
# The same at full stops alone, for a text with no '!' or '?' (most passages): a pattern
# that opens with one character is searched for it by a fast scan, where a class of three
# is tried at every character (the scan had been a quarter of the splitting's time).
_FULL_STOP_BOUNDARY = re.compile(r"\." + _GAP_AFTER_MARK)
# A full stop after an abbreviation or an initial ('Mr.', 'U.S.', 'A.'): the word before it
# (its letters and dots, the dots it ends with left out), whole, read in the text reversed:
# matched at the stop, it is one try, where a '$'-anchored search tries every position
# before it. ASCII letters, case-blind.
_ABBREVIATION_BEFORE_STOP = re.compile(
    r"\.+(?:" + "|".join(re.escape(a[::-1]) for a in sorted(_ABBREVIATIONS)) + r"|[a-z])(?![a-z.])",
    re.IGNORECASE | re.ASCII,
)
# The stop, the longest abbreviation and the character before it, which shows it whole.
_WORD_WINDOW = 2 + max(map(len, _ABBREVIATIONS))
_QUOTE_MARK = re.compile("[“”]")
_QUOTATION_REACH = 600  # how far on a quotation open at a full stop may close: further, it is a stray mark


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


SHORTENED = " …"  # how a quotation cut short ends (briefing.quoted)


# How far past the width a cut goes to close a quotation it would cut into.
QUOTATION_SLACK = 40
# How much of a text may stand past the width, at most two words, for it to be kept whole.
TAIL_SLACK = 25


def cut_at_word(text: str, width: int, tidy: bool = True) -> str:
    """The longest start of `text`, at most `width` characters, that ends with a whole
    word (a cut that falls just before a space keeps the word before it); a text with no
    space that soon is cut at `width`. A cut into a quotation that closes within
    QUOTATION_SLACK characters goes on to its end; one fewer than three words into a
    quotation that goes on further is made before the quotation instead, and one that
    leaves fewer than three words of a new sentence is made at the end of the one before.
    A text that goes on for no more than TAIL_SLACK characters (and a third of the width)
    and two words is kept whole
    ('OIC is still plagued with …' had left out what it is plagued with), and a cut that
    would split a name is made before it ('to remove Bosnian …', of 'Bosnian Muslims').
    Those two move the cut back: `tidy=False` leaves them out for a cut that must keep the
    words up to its width (cut_around's stretch, which ends with an event's date)."""
    if len(text) <= width:
        return text
    rest = text[width:]
    if len(rest) <= TAIL_SLACK and len(rest) < width // 3 and len(rest.split()) <= 2:
        return text
    head = text[:width].rstrip() if text[width].isspace() else text[:width].rsplit(" ", 1)[0]
    if tidy:
        head = _without_sentence_stub(_without_name_split(head, text[len(head) :]))
    opened = head.rfind("“")
    if opened <= head.rfind("”"):  # not inside a quotation
        return head
    closes = text.find("”", len(head), width + QUOTATION_SLACK)
    if closes > 0:  # a quotation that closes just past the width is kept to its end ('… have spoken with one voice”')
        return text[: closes + 1]
    if len(head[opened + 1 :].split()) < 3 and head[:opened].strip():
        return head[:opened].rstrip()  # two words into a quotation ('… Process, “mark the …”') say nothing of it
    return head


def _without_name_split(head: str, rest: str) -> str:
    """`head` without the capitalised words it ends with when the text goes on with another
    (the start of a name cut from its end), unless that leaves too little."""
    # the first letters of the word after the cut and of the head's last word, before the head is split into words
    if not rest.lstrip()[:1].isupper() or not head[head.rfind(" ") + 1 :][:1].isupper():
        return head
    words = head.split(" ")
    n = len(words)
    while n > 1 and words[n - 1][:1].isupper() and not words[n - 2].endswith((".", ":", ";", ",", "”")):
        n -= 1
    if words[n - 1][:1].isupper():  # the name starts the head, or follows a stop: cut before it
        n -= 1
    kept = " ".join(words[:n]).rstrip(" ,;:")
    return kept if len(kept.split()) >= 4 else head


def _without_sentence_stub(head: str) -> str:
    """`head` without the one or two words of a sentence it cut into ('… a strong, stable
    Afghanistan. The …' had closed the Prime Minister's quotation on 'The'), when a
    sentence stands before them."""
    tail = head.rsplit(None, 3)
    last_words = " ".join(tail[-3:-1])
    if len(tail) < 3 or "." not in last_words and "!" not in last_words and "?" not in last_words:
        return head  # no stop among the last words: the common case, without splitting
    sentences = split_sentences(head)
    if len(sentences) < 2 or len(sentences[-1].text.split()) >= 3:
        return head
    return head[: sentences[-2].end].rstrip()


def cut_around(text: str, anchor: str, limit: int, whole_within: int = 0) -> str:
    """`text` shortened to about `limit` characters at whole words, marked SHORTENED where
    cut; where a cut from the start would leave `anchor` (an event's date as written) out,
    the stretch around it, after the opening words of the main clause ('Pakistan’s absence
    was conspicuous … glaringly obvious in the August 2021 meeting of the UN Security
    Council': cut from the start, the row dated August 2021 had stopped at 'in the August
    …'; the stretch alone had lost whose absence it was), or the main clause alone where it
    holds the anchor ('… it is Pakistan that has had at least 80,000 casualties … between
    2005 and 2013'). The word that holds the anchor is kept whole, even past the limit.
    A text at most `whole_within` characters over the limit is kept whole rather than cut
    in its middle ('56 countries, NGOs and international … Pakistan in response to' had
    lost its verb in the briefing; the tables' short descriptions keep the default, 0)."""
    if len(text) <= limit:
        return text
    at = text.find(anchor) if anchor else -1
    head = cut_at_word(text, limit)
    word_end = text.find(" ", at + len(anchor)) if at >= 0 else -1
    word_end = len(text) if word_end < 0 else word_end
    if at < 0 or len(head) >= word_end:  # no anchor, or the anchor's word within the cut
        return head + (SHORTENED if len(head) < len(text) else "")  # kept whole within TAIL_SLACK
    width = max(limit - 2 * len(SHORTENED), 0)
    start, piece = _stretch_around(text, at, len(anchor), word_end, width)
    clause = _main_clause_start(text, at) if start else 0
    if clause and word_end - clause <= width:  # the main clause, from its start, holds the date
        piece = cut_at_word(text[clause:], width, tidy=False)
        return SHORTENED.strip() + " " + piece + (SHORTENED if clause + len(piece) < len(text) else "")
    lead = _without_trailing_small_words(cut_at_word(text[clause:], width // 3)) if start else ""
    if lead and " " in lead:  # the main clause's opening words, its subject as a rule, then the stretch
        opening = SHORTENED.strip() + " " if clause else ""
        narrower = width - len(opening) - len(lead) - len(SHORTENED) - 1
        later, rest = _stretch_around(text, at, len(anchor), word_end, narrower)
        if later > clause + len(lead) + 1 and len(rest) <= narrower:
            if len(text) <= limit + whole_within:
                return text
            ending = SHORTENED if later + len(rest) < len(text) else ""
            return opening + lead + SHORTENED + " " + rest + ending
    ending = SHORTENED if start + len(piece) < len(text) else ""
    opening = SHORTENED.strip() + " " if start else ""
    return opening + piece + ending


# Words that open a clause before the main one ('Though extremism has impacted the US
# strongly and violently, it is Pakistan that has had at least 80,000 casualties').
_SUBORDINATE_OPENERS = frozenset(
    "although as because before both besides despite following if since though through unlike when whereas while".split()
)


def _main_clause_start(text: str, before: int) -> int:
    """Where the main clause starts, after an opening subordinate or adverbial clause that
    ends in a comma before `before` (0 when the sentence opens with its main clause): kept
    from the sentence's start, the opening words had made the US the one with 80,000
    casualties."""
    first = text.split(" ", 1)[0].lower()
    comma = text.find(", ", 0, before)
    if first not in _SUBORDINATE_OPENERS or comma < 0:
        return 0
    return comma + 2


_SMALL_WORDS = frozenset("a an and at by for in of on or the to with".split())


def _without_trailing_small_words(words: str) -> str:
    """'Pakistan’s absence was conspicuous in' without its 'in': a cut after it reads as a gap."""
    kept = words.split(" ")
    while len(kept) > 1 and kept[-1].lower() in _SMALL_WORDS:
        kept.pop()
    return " ".join(kept).rstrip(",;:")


def _stretch_around(text: str, at: int, anchor_len: int, word_end: int, width: int) -> tuple[int, str]:
    """Where the stretch of `text` about `width` long around the anchor at `at` starts, and
    the stretch: a third of it after the anchor, whole words, the anchor's word whole."""
    width = max(width, 0)
    end = max(min(len(text), at + anchor_len + width // 3), word_end)
    start = max(0, min(end - width, at))
    if start:  # from the first whole word, never past the anchor's word
        space = text.rfind(" ", 0, at)
        first = text.find(" ", start, at)
        start = first + 1 if first >= 0 else space + 1
        end = max(min(end, start + width), word_end)  # moved back to its word: no longer than the width
    return start, cut_at_word(text[start:], end - start, tidy=False)


# a footnote's number after a sentence's last word and stop ('a security-centric foreign
# policy.1'), or after a year that ends it ('since 2001 until 2017.3')
_FOOTNOTE_MARK = re.compile(r"([^\W\d](?:[.!?][”\"’]?|[”\"’])|\b(?:19|20)\d\d[.!?][”\"’]?)\d{1,3}$")


def without_footnote_mark(sentence: str) -> str:
    """The sentence without the footnote number after its last word: the source's
    apparatus, not its words."""
    return _FOOTNOTE_MARK.sub(r"\1", sentence) if sentence[-1:].isdigit() else sentence


def footnote_marks(text: str) -> list[tuple[int, int]]:
    """Where the footnote numbers stand in `text`, as (start, end): after the last word of
    each of its sentences, by the rule `without_footnote_mark` drops them by."""
    marks = []
    for s in split_sentences(text):
        if s.text[-1:].isdigit() and (m := _FOOTNOTE_MARK.search(s.text)):
            marks.append((s.start + m.end(1), s.start + m.end()))
    return marks


def first_sentence(text: str) -> str:
    """The first sentence of `text` ('' for none), split as split_sentences splits."""
    sentences = split_sentences(text)
    return sentences[0].text if sentences else ""


def and_list(names: list[str]) -> str:
    """'A', 'A and B', 'A, B, and C': the last comma keeps apart names that hold an 'and'
    themselves ('political dialogue, and training and education')."""
    if len(names) < 2:
        return "".join(names)
    last = ", and " if len(names) > 2 or any(" and " in n for n in names) else " and "
    return ", ".join(names[:-1]) + last + names[-1]


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of `text`; offsets are `offset` + position, so they index the document."""
    sentences = []
    start = 0
    quoting = "“" in text
    boundaries = _BOUNDARY if "!" in text or "?" in text else _FULL_STOP_BOUNDARY
    for m in boundaries.finditer(text):
        if _after_abbreviation(text, start, m.start(1)):
            continue  # "Mr. Abbas", "Sergei A. Ordzhonikidze"
        end = m.end(1)
        if quoting and _inside_quotation(text, start, end):
            continue
        _add_trimmed(sentences, text[start:end], offset + start)
        start = m.end()
    _add_trimmed(sentences, text[start:], offset + start)
    return sentences


def _inside_quotation(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] leaves a quotation open that closes further on, before any
    other opens: the quoted words are one statement, quoted whole with the sentence
    that opens them ('… put it, “Pakistan is committed to … Afghanistan. The one country
    …”'). A mark that never closes nearby is a stray one and ends nothing."""
    piece = text[start:end]
    if piece.count("“") <= piece.count("”"):
        return False
    after = _QUOTE_MARK.search(text, end, end + _QUOTATION_REACH)
    return after is not None and after.group(0) == "”"


def _after_abbreviation(text: str, start: int, stop_end: int) -> bool:
    """Whether the mark that text[start:stop_end] ends with is a full stop after an
    abbreviation or an initial (_ABBREVIATION_BEFORE_STOP), read in the last characters
    (_WORD_WINDOW), or back to the start where stops stand before it ('a.....': they may
    run back past the window, with an initial behind them)."""
    window = text[max(start, stop_end - _WORD_WINDOW) : stop_end][::-1]
    if window.startswith(".."):
        window = text[start:stop_end][::-1]
    return _ABBREVIATION_BEFORE_STOP.match(window) is not None


def _add_trimmed(sentences: list[Sentence], piece: str, at: int) -> None:
    """The piece, at `at`, as a sentence without the white space around it, unless blank."""
    body = piece.strip()
    if body:
        lead = len(piece) - len(piece.lstrip())
        sentences.append(Sentence(at + lead, at + lead + len(body), body))
