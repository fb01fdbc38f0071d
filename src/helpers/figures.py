"""Numbers that carry meaning: quantities, money, counts, ranks and shares.

Dates, footnote markers ('policy.1'), identifiers ('Rule 31', 'Article 370A',
'CD/PV.1163') and numbers inside names are not figures."""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator
from dataclasses import dataclass

from helpers import dates, prefilter
from helpers.dates import fold_case

WORD_NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "thirty": 30,
    "fifty": 50,
    "hundred": 100,
    "twice": 2,
    "thrice": 3,
}
ORDINAL_WORDS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# "fifth most populous", "sixth-largest", "third largest": a rank, not a sequence ("first visit").
_RANK_WORDS = prefilter.gate(
    rf"\b(?P<word>{'|'.join(ORDINAL_WORDS)})"
    r"(?:[ -](?:most|least)[ ][a-z]+|[ -](?:largest|biggest|smallest|highest|lowest|greatest|strongest))\b",
    re.IGNORECASE,
)
# "27-point plan", "seven-point plan", "15-member council": a count inside a compound.
_COMPOUND_UNITS = r"point|member|nation|country|party|seat|strong|man|person|state"
SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
# A number and what follows it; the currency before it is read off the text (`_numbers`),
# so that the scan jumps from digit to digit instead of trying a currency at every character.
# The first digit stands before the choice of forms ('\d{1,3},...' or '\d+'), each of which
# goes on as it did: the compiler gives a pattern that opens with a digit, not with a choice,
# that jump (trying every character had cost 3% of the extraction's instructions).
_NUMBER = re.compile(
    r"(?P<num>\d(?:\d{0,2}(?:,\d{3})+(?:\.\d+)?|\d*(?:\.\d+)?))"
    r"(?P<ord>st|nd|rd|th)?(?P<pct> ?%| percent\b| per cent\b)?(?: ?(?P<scale>billion|million|thousand|trillion|bn|Bn|m)\b)?"
)
_CURRENCIES = ("USD ", "US$", "USD", "$", "€", "£")  # longest first: of two before a number, the one starting first
_CURRENCY_ENDS = frozenset(c[-1] for c in _CURRENCIES)
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "twenty", "thirty", "fifty", "twice", "thrice")  # fmt: skip
_WORDS = prefilter.gate(
    rf"\b(?P<word>{'|'.join(_NUMBER_WORDS)})"
    r"(?P<times> times)?\b",
    re.IGNORECASE,
)
_NAME_BEFORE = re.compile(r"\b(?:Group|Club|Class) of\s*$")  # "Group of 77" is a name
_YEAR_LIKE = re.compile(r"(?:19|20)\d\d")
_NEXT_WORD = re.compile(r"\s+([A-Za-z’'\-]+)")


def _counts_after(after: str) -> bool:
    """Whether the word after a number says what it counts ('1999 soldiers')."""
    word = _NEXT_WORD.match(after)
    return word is not None and _countable(word.group(1))


_IDENTIFIER_BEFORE = re.compile(
    r"(?:Article|Rule|Resolution|No\.|Section|Chapter|para\.?|Paragraph|Plenary|PV\.)\s*$", re.I
)
# A plural noun (or one of these) after a number says what it counts.
_COUNTABLE_WORDS = ("people", "personnel", "staff", "police", "equipment", "aircraft", "percent")
_COUNTABLE = re.compile(rf"^(?:[a-z’'\-]+s|{'|'.join(_COUNTABLE_WORDS)})$", re.I)
_STOP_WORDS = ("and", "or", "to", "in", "on", "at", "by", "for", "from", "as", "which", "who", "that", "were", "was",
               "are", "is", "have", "has", "had", "since", "until", "during", "directly", "through", "with", "out",
               "while", "all", "around", "across", "throughout", "against", "among", "into", "after", "before")  # fmt: skip
_STOP = re.compile(rf"^(?:{'|'.join(_STOP_WORDS)})$", re.I)
_COUNTABLE_SET = frozenset(_COUNTABLE_WORDS)
_STOP_SET = frozenset(_STOP_WORDS)


# A word of ASCII letters is matched by the two patterns above as its lower() says (case
# is ignored, and ASCII letters fold as lower() folds them): a set look-up and a test of
# its end, where the pattern tried every word of its list in turn (some 4,000
# instructions a word, for up to a dozen words after each figure).
def _countable(word: str) -> bool:
    """Whether _COUNTABLE matches `word`."""
    if word.isascii() and word.isalpha():
        return (len(word) > 1 and word[-1] in "sS") or word.lower() in _COUNTABLE_SET
    return _COUNTABLE.match(word) is not None


def _stop(word: str) -> bool:
    """Whether _STOP matches `word`."""
    if word.isascii() and word.isalpha():
        return word.lower() in _STOP_SET
    return _STOP.match(word) is not None


# Quantities that only say "some": "one of", "one country", "the two organisations".
_NOT_A_COUNT_AFTER = re.compile(r"^(?:another|side|hand|way|day|such|time)\b", re.I)
# "the two organizations" points back to a count already made; "the first two decades" and
# "past few years" are time expressions.
_NOT_A_COUNT_BEFORE = re.compile(r"\b(?:the|these|those|first|last|next|past)\s+$", re.I)
# "46th meeting" names the meeting; it counts nothing.
_NAMING_ORDINAL_AFTER = re.compile(
    r"^\s*(?:meeting|session|plenary|summit|conference|anniversary|congress|edition|amendment)\b", re.I
)


# The checks made around each number, compiled once.
_COMPOUND = re.compile(rf"-(?:{_COMPOUND_UNITS})\b")
_TOKEN_CHAR_BEFORE = re.compile(r"[\w.”\"’)/\-]$")
_LETTER_AFTER = re.compile(r"[A-Za-z/\-]")
_DECIMAL_AFTER = re.compile(r"[.,]\d")
_CLAUSE_BREAK = re.compile(r"[,;:()“”]")
_WORD = re.compile(r"[A-Za-z’'\-]+")
_WORD_OR_MARK = re.compile(r"[A-Za-z’'\-]+|[,.;:()“”\"]")
_SENTENCE_END_BEFORE = re.compile(r"[.!?]\s*$")
# The longest word the '..._BEFORE' patterns end with ('Resolution', 'Group of'), and room.
_LONGEST_WORD_BEFORE = 16
# A verb of harm right before the number ('NATO's attack ... killing 24 soldiers'): what is
# counted is those it harmed, and the measure says so ('soldiers of Pakistan Army' had read
# as the army's strength; reader review).
_HARMED_BEFORE = re.compile(
    r"\b(kill|injur|wound)(?:ing|ed)\s+(?:(?:at least|more than|over|almost|nearly|about|some|around)\s+)?$", re.I
)
_HARMED = {"kill": "killed", "injur": "injured", "wound": "wounded"}


def _harmed(measure: str, text: str, start: int) -> str:
    """The measure, with 'killed' (or 'injured', 'wounded') when the verb before the number says so."""
    m = _HARMED_BEFORE.search(text, max(0, start - 40), start)
    return f"{measure} {_HARMED[m.group(1).lower()]}" if m and measure else measure


_OF_THEM_AFTER = re.compile(r"\s+of\s+(?:them|those|whom|which)\b")
_OF_AFTER = re.compile(r"\s+of\b")
_LEADING_OF = re.compile(r"^\s+of\s+")
_ANY_DIGIT = re.compile(r"\d")
_TIMES = re.compile(r"\s*times\b", re.IGNORECASE)  # the unit _unit_and_measure read as 'times'


@dataclass(frozen=True)
class FigureMention:
    start: int
    end: int
    text: str
    value: float
    unit: str
    measure: str


_NOT_NOUNS = {
    "was",
    "has",
    "is",
    "its",
    "this",
    "thus",
    "as",
    "us",
    "yes",
    "less",
    "unless",
    "across",
    "whereas",
    "perhaps",
    "always",
    "afterwards",
    "towards",
    "besides",
    "his",
    "hers",
    "ours",
    "theirs",
    "does",
    "goes",
    "various",
}


# A list of plural things the unit heads, ended by 'and' or 'or': ', NGOs and international
# organisations' (the measure of '56 countries, …' had been 'countries').
_PLURAL_ITEM = r"(?:[A-Za-z][\w’'\-]*\s+)?[A-Za-z][\w’'\-]*s\b"
_PLURAL_LIST = re.compile(rf",\s+(?:{_PLURAL_ITEM},\s+)*{_PLURAL_ITEM},?\s+(?:and|or)\s+{_PLURAL_ITEM}")


# A second plural noun joined to the unit: 'neighbours and partners have spoken'.
_AND_PLURAL = re.compile(r"(?:and|or)\s+([A-Za-z][\w’'\-]*s)\b(?!\s+of\b)")


def _unit_and_measure(after: str) -> tuple[str, str]:
    """What follows a number: 'tons of food and medical supplies' -> ('tons', that phrase)."""
    marks = list(itertools.islice(_WORD_OR_MARK.finditer(after), 9))  # not the whole rest
    unit, phrase, of_unit = "", [], False
    for mark in marks:
        w = mark.group()
        if w == "," and unit and phrase[-1].lower() == unit and (listed := _PLURAL_LIST.match(after, mark.start())):
            return unit, " ".join(phrase) + " ".join(listed.group().split())
        if unit and phrase[-1].lower() == unit and (paired := _AND_PLURAL.match(after, mark.start())):
            noun = paired.group(1)
            if _countable(noun) and noun.lower() not in _NOT_NOUNS and not _stop(noun):
                # 'neighbours and partners': both counted
                return unit, " ".join([*phrase, *paired.group().split()])
        # "regional and ideological alliances"; after the unit, within its "of": "tons of food
        # and medical supplies" (the measure had stopped at "tons of food")
        joins = w.lower() in ("and", "or") and phrase and (not unit or of_unit)
        of_unit = (of_unit or (unit and w.lower() == "of")) and not (unit and joins)  # one 'and' within it
        continues = w.lower() == "than" and phrase and phrase[-1].lower() == "more"
        if not w[0].isalpha() or (_stop(w) and not joins and not continues and (unit or not phrase)):
            break
        phrase.append(w)
        if not unit and _countable(w) and w.lower() not in _NOT_NOUNS and not w.endswith(("’s", "'s")):
            unit = w.lower()
    return unit, " ".join(phrase)


def _ends_with(pattern: re.Pattern, text: str, end: int) -> re.Match | None:
    """`pattern` (a word, then white space to its end: '...\\s*$') searched in text[:end]
    near its end only: the word must end where the trailing white space starts, so the
    positions before it need not be tried (a search of the whole slice tries them all)."""
    word_end = end
    while word_end and text[word_end - 1].isspace():
        word_end -= 1
    return pattern.search(text, max(0, word_end - _LONGEST_WORD_BEFORE), end)


def _clause_words_before(before: str) -> list[str]:
    """The words of the clause a figure stands in, up to the figure."""
    return _WORD.findall(_CLAUSE_BREAK.split(before)[-1])


# Auxiliaries between a subject and the verb of what was done so many times.
_AUXILIARIES = frozenset({"has", "have", "had", "was", "were", "been", "is", "are", "be"})
# Words a count's action does not end with ('was twice elected to the council' -> 'elected').
_TRAILING_FUNCTION_WORDS = frozenset({"the", "a", "an", "to", "of", "in", "on", "for", "by", "with", "and", "as", "at"})
# After a count of times, a comparison: 'seven times more', 'twice as large', 'twice the size'.
_RATIO_AFTER = re.compile(
    r"\s*(?:more|less|fewer|as|greater|larger|higher|lower|bigger|smaller|faster|slower|the|that|than|[a-z]+er\s+than)\b",
    re.IGNORECASE,
)


def _counted_action(before: str, after: str) -> str:
    """What was done 'twice' or 'five times', from the words around the count in its clause
    ('' when they do not say, or the count compares: 'seven times more'). The verb nearest
    before it and what follows the verb ('NATO officials visited Pakistan twice' -> 'visited
    Pakistan'); the verb after it when it stands between an auxiliary and its verb ('was
    twice elected'); else the words after the last auxiliary ('has met the president twice'
    -> 'met the president'). A verb is told by its '-ed': an irregular one ('won twice')
    without an auxiliary is not found, and the count then measures itself."""
    if _RATIO_AFTER.match(after):
        return ""
    words = _clause_words_before(before)
    if words and words[-1].lower() in _AUXILIARIES:
        following = _WORD.findall(_CLAUSE_BREAK.split(after)[0])[:3]
        while following and following[-1].lower() in _TRAILING_FUNCTION_WORDS:
            following.pop()
        return " ".join(following)
    verbs = [i for i, w in enumerate(words) if len(w) > 4 and w.endswith("ed") and w.islower()]
    if verbs:
        return " ".join(words[verbs[-1] :][:5])
    auxiliaries = [i for i, w in enumerate(words) if w.lower() in _AUXILIARIES]
    return " ".join(words[auxiliaries[-1] + 1 :][-4:]) if auxiliaries else ""


def _numbers(text: str) -> Iterator[tuple[int, str, re.Match]]:
    r"""Each number in `text` with its currency, as `(?P<cur>US\$|\$|USD ?|€|£)?` put in
    front of _NUMBER would match them: (start, currency or '', the number's match). A
    currency counts only where the last match ended before it, as in a scan of that pattern."""
    last_end = 0
    for m in _NUMBER.finditer(text):
        at = m.start()
        cur = ""
        if at > last_end and text[at - 1] in _CURRENCY_ENDS:
            cur = next((c for c in _CURRENCIES if at - len(c) >= last_end and text.startswith(c, at - len(c))), "")
        last_end = m.end()
        yield at - len(cur), cur, m


# Every string one of the word patterns needs (both are case-blind gates).
_WORD_NEEDS = prefilter.needs_of_any((_WORDS, _RANK_WORDS))


def may_hold_figures(text: str) -> bool:
    """Whether find_figures can find anything in `text`: a digit, or a word its word
    patterns' gates let through. Most sentences have neither, and a caller skips the
    dates it would have found for their figures."""
    return _ANY_DIGIT.search(text) is not None or _number_words_may_stand(fold_case(text))


def _number_words_may_stand(folded: str) -> bool:
    """Whether the word patterns' gates let `folded` through: one test of the shared scan's
    finds for both, where each gate made its own."""
    return _WORD_NEEDS is None or not prefilter.folded_needs_in(folded).isdisjoint(_WORD_NEEDS)


def find_figures(text: str, date_spans: list[tuple[int, int]], offset: int = 0) -> list[FigureMention]:
    """Figures in `text` (one sentence or passage), skipping spans already taken by dates."""
    found: list[FigureMention] = []
    for s, cur, m in _numbers(text) if _ANY_DIGIT.search(text) else ():
        e = m.end()
        if date_spans and any(s < de and ds < e for ds, de in date_spans):
            continue
        # `$` ends the text or stands before its last newline: the last two characters decide
        if s and not cur and _TOKEN_CHAR_BEFORE.search(text, max(0, s - 2), s):
            continue  # footnote marker ('policy.1'), inside a token ('Paki2000stan', 'CD/PV.1163')
        before, after = text[:s], text[e:]
        compound = _COMPOUND.match(after)
        if _LETTER_AFTER.match(after) and not m.group("ord") and not compound:
            continue  # '370A', '9/11', '1979-'
        if _DECIMAL_AFTER.match(after):
            continue
        if _ends_with(_IDENTIFIER_BEFORE, text, s) or _ends_with(_NAME_BEFORE, text, s):
            continue
        if not cur and _YEAR_LIKE.fullmatch(m.group(0)) and dates.ends_a_name(text, s) and not _counts_after(after):
            continue  # 'the SCO "Peace Mission 2018" exercise': a name's year ('NATO 1999 soldiers' counts soldiers)
        num = float(m.group("num").replace(",", ""))
        scale = SCALES.get((m.group("scale") or "").lower(), 1)
        value = num * scale
        if not math.isfinite(value):
            continue  # a run of hundreds of digits is no quantity (and no float holds it)
        if cur:
            unit = {"$": "USD", "US$": "USD", "€": "EUR", "£": "GBP"}.get(cur.strip(), "USD")
            measure = _unit_and_measure(after)[1]
        elif m.group("pct"):
            unit, measure = "percent", _unit_and_measure(after)[1]
        elif m.group("ord"):
            if _NAMING_ORDINAL_AFTER.match(after):
                continue
            unit, measure = "rank", _unit_and_measure(after)[1]
        elif compound:
            unit = compound.group(0)[1:] + "s"
            measure = text[s:].split(",")[0][: 40 + len(m.group(0))]
            measure = " ".join(measure.split()[:4])
        else:
            unit, measure = _unit_and_measure(after)
            if not unit:
                unit = "count"
            elif unit == "times":  # '2 times': what was done, as for 'twice'
                measure = _counted_action(before, after[_TIMES.match(after).end() :]) or measure
        if not measure:  # '$123.1 billion and more': say what was counted from the words before
            measure = " ".join(_clause_words_before(before)[-3:])
        found.append(FigureMention(s + offset, e + offset, text[s:e], value, unit, _harmed(measure, text, s)))
    # The word patterns run only when one of their words occurs, in any case (their gates,
    # as re.IGNORECASE matches): most sentences have none.
    folded = fold_case(text)
    words = _number_words_may_stand(folded)
    for m in _WORDS.finditer(text, folded) if words else ():
        s, e = m.start(), m.end()
        word = fold_case(m.group("word"))
        if text[s].isupper() and s > 0 and not _ends_with(_SENTENCE_END_BEFORE, text, s):
            continue  # 'One Belt One Road': part of a name
        after = text[e:]
        compound = _COMPOUND.match(after)
        if m.group("times") or word in ("twice", "thrice"):
            unit, measure = "times", _counted_action(text[:s], after) or text[s:e]
        elif compound:
            unit, measure = compound.group(0)[1:] + "s", " ".join(text[s:].split()[:3])
        elif _OF_THEM_AFTER.match(after):
            unit, measure = "count", " ".join(text[s:].split()[:4])  # "six of them Pakistani"
        else:
            if _NOT_A_COUNT_AFTER.match(after.strip()) or _ends_with(_NOT_A_COUNT_BEFORE, text, s):
                continue
            if word == "one" and _OF_AFTER.match(after):
                continue  # "one of a range of countries"
            unit, measure = _unit_and_measure(_LEADING_OF.sub(" ", after))
            if not unit:
                continue
        found.append(
            FigureMention(
                s + offset, e + offset, m.group(0), float(WORD_NUMBERS[word]), unit, _harmed(measure, text, s)
            )
        )
    for m in _RANK_WORDS.finditer(text, folded) if words else ():
        value = float(ORDINAL_WORDS[fold_case(m.group("word"))])
        found.append(FigureMention(m.start() + offset, m.end() + offset, m.group(0), value, "rank", m.group(0)))
    return sorted(found, key=lambda f: f.start) if len(found) > 1 else found
