"""Decode, normalise and split a source into passages, and flag what is not article text.

All offsets index into the normalised text written to `data/interim/text/<id>.txt`;
every later table quotes that text, so the text is fixed here once.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from helpers.errors import InputError

# ---------------------------------------------------------------- decoding


@dataclass(frozen=True)
class DecodedText:
    text: str
    encoding: str


def sha256_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def refuse_empty(data: bytes, where: str) -> None:
    """Every format starts here: a file of nothing but white space is no source."""
    if not data.strip():
        raise InputError(
            where,
            "the file is empty",
            "Replace it with the document's text, or remove it (and its entry in sources.yml).",
        )


def decode_source(data: bytes, where: str) -> DecodedText:
    """UTF-8 unless the bytes say otherwise. A BOM wins; then strict UTF-8; then the
    encoding charset-normalizer finds. Empty, binary and undecodable files stop here."""
    refuse_empty(data, where)
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return DecodedText(data[3:].decode("utf-8"), "utf-8-sig")
        except UnicodeDecodeError as exc:
            raise InputError(
                where, f"starts like UTF-8 but cannot be decoded ({exc.reason})", "Re-save it as UTF-8."
            ) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return DecodedText(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise InputError(
                where, f"starts like UTF-16 but cannot be decoded ({exc.reason})", "Re-save it as UTF-8."
            ) from None
    if b"\x00" in data[:4096]:
        raise InputError(
            where, "looks binary (it contains NUL bytes)", "Export the document as text, HTML, Markdown or PDF."
        )
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise InputError(where, "the text encoding could not be detected", "Re-save the file as UTF-8.")
    # On short English text the detector cannot tell the single-byte Latin code pages
    # apart (it may say cp1250 or cp850 for a Windows file). When the bytes are valid
    # cp1252, the code page of English Windows editors, that is the better guess.
    if _is_single_byte_latin(best.encoding):
        try:
            return DecodedText(data.decode("cp1252"), "cp1252")
        except UnicodeDecodeError:
            pass
    return DecodedText(str(best), best.encoding)


def _is_single_byte_latin(encoding: str) -> bool:
    return encoding.startswith(("cp125", "cp8", "cp7", "latin", "iso8859", "mac_")) and encoding not in (
        "cp1251",
        "cp1253",
        "cp1255",
        "cp1256",
        "iso8859_5",
        "iso8859_6",
        "iso8859_7",
        "iso8859_8",
        "cp866",
        "cp855",
        "mac_cyrillic",
        "mac_greek",
    )


# ---------------------------------------------------------------- normalising

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")


def normalise_text(text: str) -> str:
    """NFC, LF line endings, single spaces, no trailing blanks, at most one blank line.
    Quotes and dashes are kept as written: a quote must match the source."""
    text = _ZERO_WIDTH.sub("", text)  # first: a zero-width space may keep an accent from its letter
    text = unicodedata.normalize("NFC", text)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    out = "\n".join(lines)
    out = re.sub(r"\n{3,}", "\n\n", out)
    return out.strip("\n") + "\n"


_NOT_A_WORD = re.compile(r"(?<!\S)[^\w\s]+(?!\S)")  # a bullet, a dash or a bar standing alone


def count_words(text: str) -> int:
    """Words are what hold a letter or a digit: a list's bullets ('-') and a dash between
    spaces are no words (the sources' count took NATO's bullets for ten)."""
    return len(text.split()) - len(_NOT_A_WORD.findall(text))


# ---------------------------------------------------------------- passages


@dataclass
class Passage:
    passage_id: str
    source_id: str
    seq: int
    kind: str
    start_char: int
    end_char: int
    text: str


_LIST_ITEM = re.compile(r"^[-•*–]\s+")
_FOOTNOTE = re.compile(r"^(\d{1,3})(?!\d)\.?\s?[“\"A-Z]")
_NOTES_HEADING = re.compile(r"^(?:notes|endnotes|footnotes|references|sources)\s*:?$", re.IGNORECASE)
_CITATION_HINT = re.compile(r"https?://|\(\d{4}\)|, \d{4}[,.]|“[^”]+,”")


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Text wrapped at a fixed width (old e-mails, PDF text) has short lines that end
    mid-sentence; one-line-per-paragraph text does not."""
    long_lines = [ln for ln in lines if len(ln) > 40]
    if len(long_lines) < 5:
        return False
    unfinished = sum(1 for ln in long_lines if not ln.rstrip().endswith((".", ":", "?", "!", "”", '"')))
    widths = sorted(len(ln) for ln in long_lines)
    return widths[len(widths) * 9 // 10] <= 100 and unfinished / len(long_lines) > 0.5


def classify_passage(text: str) -> str:
    if _LIST_ITEM.match(text):
        return "list_item"
    if _FOOTNOTE.match(text) and _CITATION_HINT.search(text):
        return "footnote"
    ends_sentence = re.search(r"[.?!”][\d]{0,3}$", text) is not None  # "policy.1": a sentence + note marker
    if (
        len(text) <= 90
        and not ends_sentence
        and not text.endswith((".", "?\u201d", ".\u201d", ";", ",", ":"))
        and len(text.split()) <= 14
    ):
        return "heading"
    return "paragraph"


def split_passages(source_id: str, text: str) -> list[Passage]:
    """One passage per paragraph, with offsets into `text`. A paragraph is a line, or a
    blank-line block when the text is hard-wrapped."""
    spans: list[tuple[int, int]] = []
    lines = text.split("\n")
    if _is_hard_wrapped(lines):
        for m in re.finditer(r"[^\n](?:.|\n(?!\n))*", text):
            spans.append((m.start(), m.end()))
    else:
        for m in re.finditer(r"[^\n]+", text):
            spans.append((m.start(), m.end()))
    passages = []
    last_note = 0
    notes_begun = False  # after a "Notes" heading, "1. ..." is a note
    for seq, (start, end) in enumerate(spans, start=1):
        chunk = text[start:end]
        kind = classify_passage(chunk)
        marker = _LIST_ITEM.match(chunk) if kind == "list_item" else None
        if marker and marker.end() < len(chunk):
            # the passage is the item, not its bullet: a quote from it starts at its words
            start, chunk = start + marker.end(), chunk[marker.end() :]
        # Once the notes have begun, the next number in sequence is a note too, even
        # when it is a bare "9Conference on Disarmament." with no citation hint.
        number = _FOOTNOTE.match(chunk)
        if number and int(number.group(1)) == last_note + 1 and (last_note or notes_begun):
            kind = "footnote"
        notes_begun = notes_begun or (kind == "heading" and bool(_NOTES_HEADING.match(chunk)))
        if kind == "footnote" and number:
            last_note = int(number.group(1))
        passages.append(Passage(f"{source_id}.p{seq:03d}", source_id, seq, kind, start, end, chunk))
    return passages


# ---------------------------------------------------------------- flags


@dataclass(frozen=True)
class BoilerplateRule:
    rule: str
    pattern: re.Pattern
    why: str


def compile_boilerplate_rules(codebook: list[dict]) -> list[BoilerplateRule]:
    rules = []
    for row in codebook:
        rules.append(BoilerplateRule(row["rule"], re.compile(row["pattern"], re.IGNORECASE), row["why"]))
    return rules


def match_boilerplate(text: str, rules: list[BoilerplateRule]) -> str:
    """The name of the first rule that matches a passage, or ''. Rules are anchored
    patterns in data/codebook/boilerplate.yml."""
    for rule in rules:
        if rule.pattern.search(text):
            return rule.rule
    return ""


def find_duplicates(
    passages: list[Passage], min_chars: int = 40, near_ratio: float = 92.0
) -> dict[str, tuple[str, str]]:
    """Map passage id -> (kind, id of the passage it repeats), within one source.

    exact: a later passage equal to an earlier one. contained: a passage whose whole
    text is repeated inside a longer one (the shorter one is flagged). near: a later
    passage that differs from an earlier one only by a few characters."""
    from rapidfuzz import fuzz

    found: dict[str, tuple[str, str]] = {}
    # Notes repeat a citation legitimately ("Conference on Disarmament."), and headings
    # repeat by design; neither is a copy-paste slip.
    candidates = [p for p in passages if len(p.text) >= min_chars and p.kind not in ("heading", "footnote")]
    for i, a in enumerate(candidates):
        for b in candidates[i + 1 :]:
            if b.passage_id in found or a.passage_id in found:
                continue
            if a.text == b.text:
                found[b.passage_id] = ("exact", a.passage_id)
            elif len(a.text) < len(b.text) and a.text in b.text:
                found[a.passage_id] = ("contained", b.passage_id)
            elif len(b.text) < len(a.text) and b.text in a.text:
                found[b.passage_id] = ("contained", a.passage_id)
            elif _may_be_near(a.text, b.text, near_ratio) and fuzz.ratio(a.text, b.text, score_cutoff=near_ratio):
                found[b.passage_id] = ("near", a.passage_id)
    return found


def _may_be_near(a: str, b: str, near_ratio: float) -> bool:
    """fuzz.ratio is at most 200 * shorter / (both lengths): texts of very different
    lengths cannot be near repeats, and most pairs stop here."""
    return 200 * min(len(a), len(b)) / (len(a) + len(b)) >= near_ratio


_WORD = re.compile(r"[^\W\d_]+(?:[\d]+[^\W\d_]+)*", re.UNICODE)
_DIGITS_INSIDE = re.compile(r"\b[^\W\d_]{2,}\d+[^\W\d_]{2,}\b")
_SPLIT_CANDIDATE = re.compile(r"\b([A-Z][a-z]{1,})\s([a-z]{1,3})\b")
_LETTERS = re.compile(r"[^\W\d_]+")


def corpus_vocabulary(texts: list[str]) -> dict[str, int]:
    """Word counts over the corpus: a split name is recognised by the whole word
    appearing elsewhere."""
    from collections import Counter

    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(_LETTERS.findall(text))
    return dict(counts)


def find_garbled_tokens(text: str, vocabulary: dict[str, int]) -> list[str]:
    """Tokens an OCR or copy-paste slip broke: digits inside a word ('Paki2000stan'),
    or a capitalised word split by a space ('Minu to') whose joined form ('Minuto') is a
    word elsewhere in the corpus while the first half never stands alone."""
    found = [m.group(0) for m in _DIGITS_INSIDE.finditer(text)]
    for m in _SPLIT_CANDIDATE.finditer(text):
        head, tail = m.group(1), m.group(2)
        if vocabulary.get(head + tail, 0) > 0 and vocabulary.get(head, 0) <= 1:
            found.append(m.group(0))
    return found


# ---------------------------------------------------------------- metadata in the file

_MONTHS = "January February March April May June July August September October November December".split()
_MONTH_RE = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"


def parse_written_date(text: str) -> str | None:
    """'February 26, 2017', '27-Oct-2010', 'May 2023', 'May, 2023' as ISO at the precision written."""
    text = re.sub(r"\bSept\b", "Sep", text.strip()).replace(".", "")
    for fmt in ("%B %d, %Y", "%b %d, %Y", "%d %B %Y", "%d %b %Y", "%d-%b-%Y", "%B %d %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    for fmt in ("%B %Y", "%b %Y", "%B, %Y", "%b, %Y"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()[:7]
        except ValueError:
            continue
    return None


# a line that is a date written month, day, year, alone or before a bar ('Feb 27, 2022 | Essays')
_DATELINE = re.compile(rf"^({_MONTH_RE} \d{{1,2}}, \d{{4}})\s*(?:\||$)", re.MULTILINE)
# a line that is only a month and year, alone or before a bar ('November 2024', 'Nov, 2024 | Analysis'):
# read near the top only (_top), where a dateline stands; further down it heads a part of a chronology
_MONTH_YEAR_LINE = re.compile(rf"^({_MONTH_RE},?[ \t]+\d{{4}})[ \t]*(?:\||$)", re.MULTILINE)
# a news agency's dateline: the place in capitals, the date, a dash ('ISLAMABAD, July 4, 2024 —')
_NEWS_DATELINE = re.compile(rf"^[A-Z][A-Z .'’\-]+, ({_MONTH_RE} \d{{1,2}}, \d{{4}})\s*[—–-]", re.MULTILINE)
# a byline near the top: 'By Ayesha Rahman, Staff Correspondent', 'By A. Khan and B. Shah'; the
# names and what follows their comma (the author's role or employer) stay on the byline's line
_BYLINE = re.compile(
    r"^By[ \t]+((?:(?:Mr|Ms|Mrs|Dr)\.[ \t]*)?[A-Z][\w'’\-]*\.?(?:[ \t]+[A-Z][\w'’\-]*\.?){1,3}"
    r"(?:[ \t]+and[ \t]+[A-Z][\w'’\-]*\.?(?:[ \t]+[A-Z][\w'’\-]*\.?){1,3})*)[ \t]*(?:,(.*))?$",
    re.MULTILINE,
)
NEAR_TOP = 600  # characters from the top: a 'By ...' or month-and-year line further down is text
_PROSE_LINE = re.compile(r"^.{201,}$", re.MULTILINE)  # longer than a title: the article has begun
# what follows a byline's comma that is a date, not an affiliation ('By Sara Malik, November 2024')
HAS_DATE = re.compile(rf"\b\d{{4}}\b|\b{_MONTH_RE}[ \t]+\d{{1,2}}\b")
# in order of trust: the datelines (a full date before a month and year, which is read only
# near the top), then an update stamp, which says when the page last changed, not when it appeared
_DATE_PATTERNS = (
    (re.compile(rf"appeared in ([A-Z][\w .&]+?), ({_MONTH_RE} \d{{1,2}},? \d{{4}})"), "republication note", False),
    (_DATELINE, "dateline", False),
    (_NEWS_DATELINE, "news dateline", False),
    (_MONTH_YEAR_LINE, "dateline", True),
    (re.compile(r"Last updated:\s*(\d{1,2}-[A-Z][a-z]{2}-\d{4})"), "'Last updated' line", False),
)


def _top(text: str) -> str:
    """Where a byline's date stands: the lines above the article's first paragraph (a line
    longer than a title), within the first NEAR_TOP characters."""
    head = text[:NEAR_TOP]
    prose = _PROSE_LINE.search(head)
    return head[: prose.start()] if prose else head


def file_metadata(stated: dict[str, tuple[str, str]], text: str) -> dict[str, tuple[str, str]]:
    """What a file says about itself: its format's own metadata (front matter, <meta>, PDF
    properties) first, then what its normalised text suggests (a first line, a dateline)."""
    return {**metadata_from_text(text), **stated}


def metadata_from_text(text: str) -> dict[str, tuple[str, str]]:
    """What a plain-text file says about itself: field -> (value, where it was found)."""
    found: dict[str, tuple[str, str]] = {}
    # the first line, unless it is a dateline: a dateline above the headline is no title
    lines = (ln.strip() for ln in text.split("\n") if ln.strip())
    first, where = next(lines, ""), "first line"
    if _DATELINE.match(first) or _MONTH_YEAR_LINE.match(first):
        first, where = next(lines, ""), "first line after the dateline"
    if 0 < len(first) <= 200:
        found["title"] = (first, where)
    top = _top(text)
    for pattern, label, near_top in _DATE_PATTERNS:
        m = pattern.search(top if near_top else text)
        if not m:
            continue
        written = m.group(m.lastindex)
        iso = parse_written_date(written.replace(",", ", ").replace(",  ", ", "))
        if iso:
            found["published"] = (iso, f"{label} '{m.group(0).strip()}'" + (" near the top" if near_top else ""))
            if label == "republication note":
                found["publisher"] = (m.group(1).strip(), f"{label} '{m.group(0).strip()}'")
            break
    m = re.search(r"About the Author\s*\n+(?:Mr\.|Ms\.|Dr\.)?\s*([A-Z][a-z]+(?: [A-Z][a-z]+){1,3})\s*\n", text)
    if m:
        found["author"] = (m.group(1), "line after 'About the Author'")
    else:
        m = re.search(r"\n\n([A-Z][a-z]+(?: [A-Z][a-z]+){1,3})\n\n\1 is (?:a|an|the) ", text)
        if m:
            found["author"] = (m.group(1), "author bio at the end")
        elif m := _BYLINE.search(text[:NEAR_TOP]):
            names = re.sub(r"^(?:Mr|Ms|Mrs|Dr)\.\s*", "", m.group(1))  # the titles the extraction's byline reader drops
            found["author"] = ("; ".join(names.split(" and ")), f"byline '{m.group(0).strip()}'")
            # 'Staff Correspondent', 'Research Analyst': the byline's role is the affiliation it
            # states, as the registry's 'Assistant Research Officer, IPRI' is; a date is not
            role = (m.group(2) or "").strip().rstrip(" .,;:")
            if role and not HAS_DATE.search(role):
                found["author_affiliation"] = (role, f"byline '{m.group(0).strip()}'")
    return found
