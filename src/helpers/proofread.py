"""Checks a reader relies on without seeing them: every number in our prose comes from a
source (the figures or events tables), every quotation is the sources' own words, and
every internal link lands somewhere."""

from __future__ import annotations

import itertools
import re
from html.parser import HTMLParser

import pandas as pd

from helpers import segment

_SKIP = {"q", "code", "cite", "table", "figcaption", "blockquote", "header", "nav", "script", "style", "details"}
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"


class _ProseText(HTMLParser):
    """Text of <p> and <li> outside quotations, code, tables, captions, citations, tallies, the
    bibliography (facts about the documents, not the subject) and the appendices."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.chunks: list[str] = []
        self.ids: set[str] = set()
        self.hrefs: list[str] = []

    def _skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        if tag == "a" and a.get("href", "").startswith("#"):
            self.hrefs.append(a["href"][1:])
        if tag in ("br", "img", "meta", "link", "input"):
            return
        classes = set((a.get("class") or "").split())
        skip = (
            tag in _SKIP
            or bool(classes & {"tally", "cite", "cite-group", "meta"})
            or a.get("id") in ("evidence", "dictionary", "bibliography")
        )
        self.stack.append((tag, skip))

    def handle_endtag(self, tag):
        while self.stack:
            t, _ = self.stack.pop()
            if t == tag:
                break

    def handle_data(self, data):
        if not self._skipping() and any(t in ("p", "li") for t, _ in self.stack):
            self.chunks.append(data)


def parse(html: str) -> _ProseText:
    parser = _ProseText()
    parser.feed(html)
    return parser


def numbers_in_prose(html: str) -> list[str]:
    text = " ".join(parse(html).chunks)
    # a day in a date is part of the date, and so are the days of a range ('15–16 October 2024')
    text = re.sub(rf"\b\d{{1,2}}(?:–\d{{1,2}})? ({_MONTHS}) (\d{{4}})\b", r"\1 \2", text)
    return re.findall(r"\d+(?:,\d{3})*(?:\.\d+)?", text)


def unsupported_numbers(html: str, figures: pd.DataFrame, events: pd.DataFrame) -> list[str]:
    """Numbers in our prose that no figure or event date in the tables supports."""
    known = {f"{v:g}" for v in figures["value"].astype(float)} | set(figures["figure_text"])
    for col in ("date_start", "date_end"):
        for d in events[col].astype(str):
            if d:
                known.add(d[:4])
    bad = []
    for n in numbers_in_prose(html):
        plain = n.replace(",", "")
        if n not in known and plain not in known and f"{float(plain):g}" not in known:
            bad.append(n)
    return bad


def broken_internal_links(html: str) -> list[str]:
    p = parse(html)
    return sorted({h for h in p.hrefs if h not in p.ids})


_QUOTATION = re.compile(r"<q\b[^>]*>(.*?)</q>", re.S)
_CUT = re.escape(segment.SHORTENED.strip())
_CUT_AT_END = re.compile(rf"\s*{_CUT}”*$")
_CUT_AT_START = re.compile(rf"^{_CUT}\s*“*")


def altered_quotations(html: str, source_texts: list[str]) -> list[str]:
    """The <q> quotations whose words stand in no source as they are (white space aside;
    a quotation shortened with ' …', opened with '… ' or cut in its middle is checked between the cuts,
    without the marks that close or open a quotation inside it the cut went into)."""
    from html import unescape

    sources = "\n".join(" ".join(t.split()) for t in source_texts)
    altered = []
    for marked in _QUOTATION.findall(html):
        words = " ".join(unescape(re.sub(r"<[^>]+>", "", marked)).split())
        words = _CUT_AT_END.sub("", _CUT_AT_START.sub("", words))
        if not _in_order(words.split(f" {segment.SHORTENED.strip()} "), sources):
            altered.append(words)
    return altered


def _in_order(pieces: list[str], text: str) -> bool:
    """Whether the pieces stand in `text` one after another (a quotation cut in its middle,
    'Pakistan’s absence was conspicuous … in the August 2021 meeting', is two)."""
    at = text.find(pieces[0])
    for before, piece in itertools.pairwise(pieces):
        if at < 0:
            return False
        at = text.find(piece, at + len(before))
    return at >= 0
