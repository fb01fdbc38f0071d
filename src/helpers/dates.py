"""Date mentions in text, with their precision kept: 'March 2005' is a month, never
2005-03-01 pretending to be a day. Ranges keep both ends; relative forms ('this year')
are resolved against the source's publication date and flagged as inferred."""

from __future__ import annotations

import calendar
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import NamedTuple

from helpers import prefilter

MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
# re.IGNORECASE takes 'ſ' for 's' and 'ı', 'İ' for 'i', but lower() keeps them: a match is
# folded the same way before it is looked up ('Auguſt 2005' is August).
fold_case = prefilter.fold  # the lower-case form of a case-insensitive match, as the regex saw it


def _month(group: str = "month") -> str:
    """A month's name, captured as `group` (a range of days may name two months)."""
    return rf"(?P<{group}>January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"


_MONTH = _month()
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_QUALIFIER = r"(?:(?:early|mid|late|end of|beginning of)[\s-])?"
_FOUNDING = r"(?:establishment|creation|founding|inception|formation)"
# A bare number followed by one of these counts something: it is a figure, not a year.
_COUNTED = re.compile(
    r"\s+(?:tons|tonnes|people|patients|troops|soldiers|casualties|deaths|civilians|citizens|officers|"
    r"countries|members|men|women|km|kilometres|dollars|personnel)\b",
    re.IGNORECASE,
)


class DateMention(NamedTuple):
    """A date named in the text. A named tuple: a sentence's dates are made anew for
    every caller, at their offsets, and a tuple is made in one call."""

    start: int
    end: int
    text: str
    date_start: str
    date_end: str
    precision: str  # day | month | year
    inferred: bool = False


def _iso(year: int, month: int | None = None, day: int | None = None) -> str:
    if day:
        return f"{year:04d}-{month:02d}-{day:02d}"
    if month:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}"


def _valid_day(year: int, month: int, day: int) -> bool:
    return 1 <= month <= 12 and 1 <= day <= calendar.monthrange(year, month)[1]


def _two_digit_end(start_year: int, tail: str) -> int:
    if len(tail) == 4:
        return int(tail)
    century = start_year // 100 * 100
    end = century + int(tail)
    return end if end > start_year else end + 100


def _patterns():
    """(regex, builder) in priority order: longer, more precise forms first."""
    y2 = r"(?P<year2>(?:19|20)\d{2})"
    # A range of days is a day form with the range's other day written in it: its last day
    # after the first ('15-16 October 2024', '30 September – 2 October 2024', '15 to 16
    # October 2024', 'October 15–16, 2024'). An optional part after the first day, tried
    # only where a day stands, so that no sentence is scanned once more for ranges. A dash
    # between two days of one month has no space around it ('Chapter 3 – 15 March 2005' is
    # no range); 'and' joins a range's days only after 'between' (_day_range).
    spaced_dash, words = r"\s?[-–]\s?", r"\s+(?:to|and|until|till|through)\s+"
    day_then_month = (
        rf"(?:(?:\s+{_month('first_month')}(?:{spaced_dash}|{words})|[-–]|{words})"
        rf"(?P<last_day>\d{{1,2}})(?:st|nd|rd|th)?)?"
    )
    # A day that opens a form: two digits at most, after no letter or digit. Written as a digit
    # first, with the word boundary looked back at from after it (the same test as '\b'
    # before it), so that the regex engine skips to the text's digits instead of trying
    # the form at every character.
    opening_day = r"(?P<day>\d(?<!\w\d)\d?)"
    month_then_day = rf"(?:(?:{spaced_dash}|{words})(?:{_month('last_month')}\s+)?(?P<last_day>\d{{1,2}}))?"
    return [
        # 30 January 2007 / 19 January, 2010 / 15-16 October 2024
        (rf"{opening_day}(?:st|nd|rd|th)?{day_then_month}\s+{_MONTH},?\s+{_YEAR}\b", "day"),
        # February 26, 2017 / October 15-16, 2024
        (rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}){month_then_day},?\s+{_YEAR}\b", "day"),
        # 27-Oct-2010
        (rf"{opening_day}-{_MONTH}-{_YEAR}\b", "day"),
        # between 2005 and 2013 / from 2001 to 2017 / since 2001 until 2017
        (rf"\b(?:between|from|since)\s+{_YEAR}\s+(?:and|to|until|till|through)\s+{y2}\b", "range"),
        # 1979-89, 2010–2011
        (rf"(?<![\d,.$/]){_YEAR}\s?[-–]\s?(?P<tail>\d{{4}}|\d{{2}})\b(?![-–/]\d)", "range"),
        # the 1980s
        (r"\b(?P<decade>(?:19|20)\d0)s\b", "decade"),
        # since its establishment in 2006 / since the Council's creation in 2006: since that year
        (
            rf"\bsince\s+(?:its|their|the)\s+(?:[\w’']+\s+){{0,3}}?{_FOUNDING}(?:\s+of(?:\s+[\w’'()-]+){{1,6}}?)?\s+in\s+{_YEAR}\b",
            "open",
        ),  # also 'since the founding of the SCO in 2001'
        # since March 2005 / from 1994 / since early 2016
        (rf"\b(?:since|from)\s+{_QUALIFIER}(?:{_MONTH}\s+)?{_YEAR}\b", "open"),
        # March 2005 / early 2016 (month or qualified year)
        (rf"\b{_QUALIFIER}{_MONTH},?\s+{_YEAR}\b", "month"),
        # 2005
        (rf"(?<![\w$£€.,/-]){_YEAR}(?![\w%/-]|,\d|\.\d)", "year"),
    ]


# Each form with its gate (helpers/prefilter.py): a sentence without a month name is not
# scanned for the month forms, one without 'since' or 'from' not for the open ranges. All
# are case-blind. The year form reads no letters (each of its character tests takes the same
# characters either way), so case changes nothing in it; compiled case-blind, it is gated
# on the folded text as the range and decade forms are, and shares their places of '19'
# and '20' (_form_matches).
_COMPILED = [(prefilter.gate(p, re.IGNORECASE), kind) for p, kind in _patterns()]
# Every form in _COMPILED names a year in digits; a text without one needs none of them.
_ANY_YEAR = re.compile(r"(?:19|20)\d\d")


def _names_a_year(text: str) -> bool:
    """Whether `text` holds a year in digits (_ANY_YEAR). Two `in` tests rule out most
    sentences several times sooner than the scan, which stops at every '1' and '2'."""
    return ("19" in text or "20" in text) and _ANY_YEAR.search(text) is not None


# The strings every year in digits opens with: the year form's needs, so the shared scan
# (prefilter.folded_needs_in) looks for them in every text it reads. A caller that has the
# scan's finds for a text rules out most sentences with them, where `in` makes a pass over
# the text (and converts '19' for each one that holds a character past Latin-1: '’', '–').
_CENTURIES = frozenset(next(form.needs for form, kind in _COMPILED if kind == "year"))

# The month names' first three letters: the needs of the month forms, so the shared scan
# finds them. A day form writes a day beside one: after the name ('February 26') or before
# it ('30 January', '1st May', '27-Oct').
_MONTH_HEADS = frozenset(next(form.needs for form, kind in _COMPILED if kind == "month"))
_DAY_AFTER_MONTH = re.compile(r"[a-z]*\.?\s+\d\d?(?!\d)")  # the name's other letters, '.', spaces, a day
_ORDINALS = ("st", "nd", "rd", "th")


def _day_beside_a_month(folded: str, present: frozenset[str]) -> bool:
    """Whether a day stands beside a month name in `folded` (`present`: what the shared
    scan found in it), as in every match of the day forms. Most sentences that name a month
    give none ('in March 2005'; 'summary' and 'decision' hold a name's letters) and are not
    scanned for the three day forms, two of which try every digit of the text."""
    for at in prefilter.places_in(folded, present.intersection(_MONTH_HEADS)):
        if _DAY_AFTER_MONTH.match(folded, at + 3) or _day_before(folded, at):
            return True
    return False


def _day_before(folded: str, at: int) -> bool:
    """Whether a day ends just before `at` as the forms write it: a digit and '-', or a
    digit (and an ordinal's letters) and spaces. `\\d` and `\\s` are str.isdecimal and
    str.isspace, and folding changes neither."""
    if folded[at - 1 : at] == "-":
        return folded[at - 2 : at - 1].isdecimal()
    before = folded[:at].rstrip()
    if len(before) == at:
        return False  # no space before the name
    return before[-1:].isdecimal() or before[-2:] in _ORDINALS and before[-3:-2].isdecimal()


_RELATIVE = prefilter.gate(r"\b(this year|last year|next year|in recent days|this month)\b", re.IGNORECASE)


def is_relative(date_text: str) -> bool:
    """Whether a date text is one resolved against the publication date ('this year')."""
    return bool(_RELATIVE.pattern.search(date_text))


# A year that ends the name of a plan is its target, no date: "Vision 2030", "Agenda 2030".
# (A summit's or an exercise's year is when it took place: "the NATO Summit 2004"; see
# _without_name_years for such a year beside another date of the same year.)
_NAME_BEFORE_YEAR = re.compile(r"\b(?:Vision|Agenda|Plan|Strategy|Goals)\s+$")
# The capitalised word a year ends a name with ('Peace Mission 2018', 'Exercise Aman 2021',
# 'SCO Summit 2019'); a possessive ('Pakistan’s 2018 budget') ends no name.
_WORD_BEFORE_YEAR = re.compile(r"(?<![\w’'-])([A-Z][\w&-]*)[ \u00a0]+$")
# Capitalised words before a year that name nothing: a sentence's or a headline's first word
# ('In 2005', 'By 2030', 'The 2021 ranking', 'Relations After 2001'), or a season.
_NOT_A_NAME = frozenset(
    """a an the in on at by of for to from since until till before after during between through throughout
    and or but as circa around about early late mid end beginning spring summer autumn fall winter also then
    this that its their his her our year""".split()
) | frozenset(MONTHS)


_ISO_MONTH = re.compile(r"\d{4}-\d{2}")


def _month_of(m: re.Match, group: str = "month") -> int | None:
    name = m.groupdict().get(group)
    return MONTHS[fold_case(name).rstrip(".")] if name else None


def _build(m: re.Match, kind: str) -> DateMention | None:
    text = m.group(0)
    if kind == "decade":
        start = int(m.group("decade"))
        return DateMention(m.start(), m.end(), text, _iso(start), _iso(start + 9), "year")
    year = int(m.group("year"))
    month = _month_of(m)
    if kind == "day":
        day = int(m.group("day"))
        if m.groupdict().get("last_day"):
            return _day_range(m, year, month, day)
        if not _valid_day(year, month, day):
            return None
        return DateMention(m.start(), m.end(), text, _iso(year, month, day), "", "day")
    if kind == "range":
        tail = m.groupdict().get("tail") or ""
        end = int(m.group("year2")) if m.groupdict().get("year2") else _two_digit_end(year, tail)
        if len(tail) == 2 and end - year > 30:
            # '2010-05' is a month written the ISO way, not the years 2010 to 2105.
            if 1 <= int(tail) <= 12 and _ISO_MONTH.fullmatch(text):
                return DateMention(m.start(), m.end(), text, _iso(year, int(tail)), "", "month")
            return None
        if not year < end <= year + 100:
            return None
        return DateMention(m.start(), m.end(), text, _iso(year), _iso(end), "year")
    if kind in ("open", "month"):
        precision = "month" if month else "year"
        return DateMention(m.start(), m.end(), text, _iso(year, month), "", precision)
    if _NAME_BEFORE_YEAR.search(m.string, max(0, m.start() - 12), m.start()):
        return None
    return DateMention(m.start(), m.end(), text, _iso(year), "", "year")


_AND = re.compile(r"\sand\s", re.IGNORECASE)
# The word that opens a range of days, part of its date text as it is of a range of years
# ('from 2001 to 2017'): 'from 15 to 16 October 2024', 'between 15 and 16 October 2024'.
_OPENS_RANGE = re.compile(r"\b(?P<word>from|between)\s+$", re.IGNORECASE)


def _day_range(m: re.Match, year: int, month: int, day: int) -> DateMention | None:
    """A day form that names a range's last day too ('15-16 October 2024', 'October 15-16,
    2024'): a range of days, as 'between 2005 and 2013' is one of years (both ends, precision
    day). One that cannot be a range (its days out of order, or 'and' without 'between': 'on
    14 and 16 October' names two days) is read as before: the day beside the month and year
    ('16 October 2024'), or the year alone after 'October 14 and 16,'."""
    last_day = int(m.group("last_day"))
    if "first_month" in m.re.groupindex:  # '30 September – 2 October 2024': the month written is the last day's
        first, last = (_month_of(m, "first_month") or month, day), (month, last_day)
    else:
        first, last = (month, day), (_month_of(m, "last_month") or month, last_day)
    start = m.start()
    opening = _OPENS_RANGE.search(m.string, max(0, start - 12), start)
    between = opening is not None and fold_case(opening["word"]) == "between"
    joined = m.string[m.end("day") : m.start("last_day")]
    if first < last and _valid_day(year, *first) and _valid_day(year, *last) and (between or not _AND.search(joined)):
        if opening:
            start = opening.start()
        return DateMention(start, m.end(), m.string[start : m.end()], _iso(year, *first), _iso(year, *last), "day")
    if "first_month" not in m.re.groupindex:
        at, end = m.start("year"), m.end("year")
        return DateMention(at, end, m.string[at:end], _iso(year), "", "year")
    if not _valid_day(year, *last):
        return None
    at = m.start("last_day")
    return DateMention(at, m.end(), m.string[at : m.end()], _iso(year, *last), "", "day")


@dataclass(frozen=True)
class NamedDate:
    """A phrase that stands for a date ('9/11', 'since independence'), from the codebook."""

    pattern: prefilter.Gate
    date_start: str
    date_end: str
    precision: str


class NamedDates(tuple):
    """The codebook's named dates, with `needs`: the strings one of which a text holds when
    find_dates can find a date in it with them (their phrases', the relative forms' or a
    year's digits), None when one of them needs none. Most sentences hold none: one set test
    rules them out, not one for each named date and the relative forms."""

    needs: frozenset[str] | None

    def __new__(cls, named: Iterable[NamedDate] = ()) -> NamedDates:
        self = super().__new__(cls, named)
        phrases = prefilter.needs_of_any([*(nd.pattern for nd in self), _RELATIVE])
        self.needs = None if phrases is None else phrases | _CENTURIES
        return self


def compile_named_dates(codebook: list[dict]) -> NamedDates:
    return NamedDates(
        NamedDate(
            prefilter.gate(row["pattern"], re.IGNORECASE),
            str(row["date_start"]),
            str(row.get("date_end") or ""),
            row["precision"],
        )
        for row in codebook
    )


def find_dates(text: str, published: str = "", offset: int = 0, named: NamedDates | None = None) -> list[DateMention]:
    """Every date mention in `text`, non-overlapping, in reading order. Offsets are
    `offset` + position. `published` (ISO, partial) resolves relative forms; `named`
    phrases are dates by common knowledge and are flagged as inferred."""
    relative = isinstance(published, str) and published  # a missing date may arrive as NaN from a frame
    folded = None
    if named or relative:  # which of their phrases can stand here: one look-up in the shared scan
        folded = fold_case(text)
        present = prefilter.folded_needs_in(folded)
        if named and named.needs is not None and present.isdisjoint(named.needs):
            return []  # most sentences: no named phrase, no relative one, no year
        named = [nd for nd in named or () if not nd.pattern.ruled_out(present)]
        relative = relative and not _RELATIVE.ruled_out(present)
        # no year's digits: no written date, and no entry kept for the sentence
        settled = () if present.isdisjoint(_CENTURIES) else _settled_written_dates(text)
    else:
        settled = _settled_written_dates(text)
    if not named and not relative and not settled:
        return []  # most sentences: no phrase of the codebook's, no relative one, no written date
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for nd in named or ():
        for m in nd.pattern.finditer(text, folded):
            taken.append((m.start(), m.end()))
            found.append(DateMention(m.start(), m.end(), m.group(0), nd.date_start, nd.date_end, nd.precision, True))
    unsorted = bool(found)
    if found:  # a named date can displace a written one, and let a lesser form in
        found = _without_name_years(text, found + _written_dates(text, taken))
    else:
        found = list(settled)
        taken = [(d.start, d.end) for d in found]
    if relative:
        resolved = _relative_dates(text, folded, published, taken)
        found += resolved
        unsorted = unsorted or bool(resolved)
    if unsorted:
        found.sort(key=lambda d: d.start)
    if not offset:
        return found
    return [DateMention(d.start + offset, d.end + offset, *d[2:]) for d in found]


def _without_name_years(text: str, found: list[DateMention]) -> list[DateMention]:
    """`found` without the years that end a capitalised name beside another date of that
    year: 'In August 2018, Pakistani troops joined the SCO "Peace Mission 2018"
    counter-terrorism exercise' reports one event, of August 2018, and the name's 2018 had
    been a second. Alone, such a year is the date of what it names ('attended the SCO Summit
    2019 in Bishkek'). Only a sentence with two dates or more has anything to look at."""
    if len(found) < 2:
        return found
    names = [
        d
        for d in found
        if len(d.text) == 4  # a year written alone, the last of the forms
        and not d.inferred
        and ends_a_name(text, d.start)
    ]
    if not names:
        return found
    years = {d.date_start[:4] for d in found if d not in names and _within_one_year(d)}
    return [d for d in found if d not in names or d.date_start not in years]


def ends_a_name(text: str, at: int) -> bool:
    """Whether the year written at `at` ends a capitalised name ('Peace Mission 2018')."""
    word = _WORD_BEFORE_YEAR.search(text, max(0, at - 40), at)
    return word is not None and fold_case(word.group(1)) not in _NOT_A_NAME


def _within_one_year(d: DateMention) -> bool:
    """Whether a date is a time within its year: not one a period opens at ('since March
    2018' runs on), nor a range into another year."""
    if d.date_end:
        return d.date_end[:4] == d.date_start[:4]
    return not opening_word(d.text)


def forget_sentences() -> None:
    """Drop the written dates kept for the sentences read so far. They are kept so that a
    sentence's events and figures share them, within one document. A real corpus seldom
    repeats a sentence from one document to the next; the benchmark's synthetic copies of
    the sources do, and what was kept across them measured a speed (5% more) that no real
    corpus would see."""
    _settled_written_dates.cache_clear()


@functools.lru_cache(maxsize=4096)
def _settled_written_dates(text: str) -> tuple[DateMention, ...]:
    """The written dates of a text with no named date in it, in reading order: the same
    for a sentence read for its events and again for its figures (and for most sentences,
    none: every written form names a year)."""
    written = _written_dates(text, [])
    return tuple(_without_name_years(text, sorted(written, key=lambda d: d.start))) if written else ()


def _written_dates(text: str, taken: list[tuple[int, int]]) -> list[DateMention]:
    """What the forms find in `text`, in priority order, that overlaps neither `taken` nor
    one found before it (`taken` grows with each one kept). A match that overlaps is
    dropped before its date is made, where the date would stand where the match does (all
    but the day forms, whose dates may reach past or fall short of their match): most years
    stand in a month's, a range's or a period's date found before them."""
    if not _names_a_year(text):
        return []
    folded = fold_case(text)
    present = prefilter.folded_needs_in(folded)
    found = []
    lead_places: dict[tuple[str, ...], list[int]] = {}
    days = not present.isdisjoint(_MONTH_HEADS) and _day_beside_a_month(folded, present)
    for regex, kind in _COMPILED:
        if regex.ruled_out(present) or kind == "day" and not days:
            continue  # a year without a month name, or without "since" or "from", or a day, skips those forms here
        for m in _form_matches(regex, text, folded, present, lead_places):
            if kind != "day" and _overlaps(m.start(), m.end(), taken):
                continue
            if kind == "year" and _COUNTED.match(text, m.end()):
                continue
            mention = _build(m, kind)
            if mention is None or kind == "day" and _overlaps(mention.start, mention.end, taken):
                continue
            taken.append((mention.start, mention.end))
            found.append(mention)
    return found


def _overlaps(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < e and s < end for s, e in spans)


def _form_matches(
    form: prefilter.Gate, text: str, folded: str, present: frozenset[str], lead_places: dict[tuple[str, ...], list[int]]
) -> Iterator[re.Match]:
    """form.finditer(text, folded) for a form its gate lets through (`present`: the needs
    in `folded`, which the form's are among; every form is case-blind): a form with leads is
    tried only where one of them stands, as its gate tries it, at places found once per text
    for all the forms with those leads (`lead_places`): the range, decade and year forms all
    open with '19' or '20'."""
    if not form.leads:
        return form.pattern.finditer(text)  # the gate's own test is the one ruled_out just made
    places = lead_places.get(form.leads)
    if places is None:
        places = lead_places[form.leads] = form.lead_places(folded, present)
    return prefilter.matches_at(form.pattern, text, places)


def _relative_dates(text: str, folded: str, published: str, taken: list[tuple[int, int]]) -> list[DateMention]:
    year = int(published[:4])
    out = []
    for m in _RELATIVE.finditer(text, folded):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        phrase = fold_case(m.group(0))
        if phrase == "last year":
            out.append(DateMention(m.start(), m.end(), m.group(0), _iso(year - 1), "", "year", True))
        elif phrase == "next year":
            out.append(DateMention(m.start(), m.end(), m.group(0), _iso(year + 1), "", "year", True))
        elif phrase == "this month" and len(published) >= 7:
            out.append(DateMention(m.start(), m.end(), m.group(0), published[:7], "", "month", True))
        elif phrase in ("this year", "this month"):
            out.append(DateMention(m.start(), m.end(), m.group(0), _iso(year), "", "year", True))
        else:  # "in recent days": as of publication, at its precision
            precision = {4: "year", 7: "month", 10: "day"}[len(published)]
            out.append(DateMention(m.start(), m.end(), m.group(0), published, "", precision, True))
    return out


# A period's open end, as ISO 8601-2 writes one: 'since 2005' is '2005/..'.
OPEN_END = ".."
# 'since its HRC's establishment in 2006': the period opens at the date the words name
# (words, not numbers: 'since 2001 to 300 tons in 2005' does not open 2005).
_SINCE_BEFORE = re.compile(r"\bsince\s+(?:[^\W\d][\w’']*\s+){0,4}?(?:in\s+)?$", re.IGNORECASE)
# Words that make a date a period's end, its start left open: 'As of November 2021, UN HRC
# has mandated 34 Commissions' counts every commission until then, not those of that month.
_UP_TO_BEFORE = re.compile(r"\b(?:as of|as at|up to|until|till)\s+$", re.IGNORECASE)
# A date phrase that opens a period: 'since 2005', 'from 1994', 'post-9/11'.
_OPENS_PERIOD = re.compile(r"(?:since|from)\b|post-", re.IGNORECASE)


def opening_word(date_text: str) -> str:
    """The word a reader reads before an open date: 'since', 'from', or 'after' for
    'post-9/11'; '' when the date phrase does not open a period."""
    m = _OPENS_PERIOD.match(date_text)
    if not m:
        return ""
    word = m.group(0).lower()
    return "after" if word == "post-" else word


# A date the words before it make a period's far bound: 'cooperation ... which predates 2004'.
_CLOSES_PERIOD = re.compile(r"\b(?:predates|predated|predate|before|prior to)\s+$", re.IGNORECASE)


def closing_word(sentence: str, date_text: str) -> str:
    """'before' where `sentence` says its first `date_text` is what a thing came before
    ('predates 2004', 'prior to 2004'), else '': read as the date alone, the cooperation that
    predates 2004 showed as a milestone of 2004."""
    at = sentence.find(date_text) if date_text else -1
    return "before" if at > 0 and _CLOSES_PERIOD.search(sentence, max(0, at - 12), at) else ""


def period_of(d: DateMention, text: str) -> str:
    """A date mention of `text` as an ISO period: 'start/end', 'start/..' when it is open
    ('since 2005', 'from 1994', 'since its establishment in 2006'), '../end' when it is a
    period's end ('as of November 2021'), else 'start'. Read as its start alone, an open
    date said the two visits 'since 2005' were of 2005."""
    if d.date_end:
        return f"{d.date_start}/{d.date_end}"
    if opening_word(d.text) or _SINCE_BEFORE.search(text, max(0, d.start - 60), d.start):
        return f"{d.date_start}/{OPEN_END}"
    if _UP_TO_BEFORE.search(text, max(0, d.start - 12), d.start):
        return f"{OPEN_END}/{d.date_start}"
    return d.date_start


def period_label(period: str, label: Callable[[str], str] = str) -> str:
    """A period for a reader, each date worded by `label`: 'start–end', 'since start' when
    open, 'up to end' when only its end is known, parts joined by '; '."""
    parts = []
    for part in filter(None, period.split("; ")):
        first, _, last = part.partition("/")
        if last == OPEN_END:
            parts.append(f"since {label(first)}")
        elif first == OPEN_END:
            parts.append(f"up to {label(last)}")
        else:
            parts.append("–".join(label(d) for d in filter(None, (first, last))))
    return "; ".join(parts)


def date_bounds(date_start: str, date_end: str = "") -> tuple[str, str]:
    """The first and last day a (possibly partial) date or range can mean."""

    def first(d: str) -> str:
        return d + "-01-01"[len(d) - 4 :] if len(d) < 10 else d

    def last(d: str) -> str:
        if len(d) == 4:
            return f"{d}-12-31"
        if len(d) == 7:
            y, m = int(d[:4]), int(d[5:7])
            return f"{d}-{calendar.monthrange(y, m)[1]:02d}"
        return d

    return first(date_start), last(date_end or date_start)
