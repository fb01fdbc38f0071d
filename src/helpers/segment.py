"""Sentences inside a passage, with offsets. Extraction quotes a sentence (or a clause of
one), so the split must not break at "Mr." or "U.S." or inside a quotation."""

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
_BOUNDARY = re.compile(r"(?<=[.!?])[”\"’)]?\d{0,2}\s+(?=[“\"(‘]?[A-Z0-9])")
_LAST_WORD = re.compile(r"([A-Za-z.]+)\.$")
_INITIAL = re.compile(r"[a-z]")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of `text`; offsets are `offset` + position, so they index the document."""
    sentences = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        before = text[start : m.start()]
        last_word = _LAST_WORD.search(before.rstrip('”"’)'))
        if last_word:
            word = last_word.group(1).lower().rstrip(".")
            if word in _ABBREVIATIONS or _INITIAL.fullmatch(word):
                continue  # "Mr. Abbas", "Sergei A. Ordzhonikidze"
        end = m.start() + len(m.group(0).rstrip())
        piece = text[start:end]
        if piece.strip():
            sentences.append(_trimmed(piece, offset + start))
        start = m.end()
    if text[start:].strip():
        sentences.append(_trimmed(text[start:], offset + start))
    return sentences


def _trimmed(piece: str, at: int) -> Sentence:
    lead = len(piece) - len(piece.lstrip())
    body = piece.strip()
    return Sentence(at + lead, at + lead + len(body), body)
