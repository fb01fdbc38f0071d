"""The ingest step as one call: registry + raw files -> texts, `sources` and `passages`.

Everything is checked before anything is written: a bad file stops the build with the
file named, and the previous outputs stay as they were."""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import formats, ingest, registry, schemas
from helpers.errors import InputError
from helpers.executor import imap_ordered, map_ordered


@dataclass
class Corpus:
    texts: dict[str, str]
    sources: pd.DataFrame
    passages: pd.DataFrame


@dataclass
class ReadFile:
    """What one raw file gives, before the corpus-wide checks."""

    digest: str
    format: str
    encoding: str
    metadata: dict[str, tuple[str, str]]  # what the file's format states about it
    text: str
    passage_rows: list[dict]
    words: dict[str, int]


def read_file(item: tuple[str, str], rules: list[ingest.BoilerplateRule]) -> ReadFile:
    """One file, (source id, path) -> its normalised text and flagged passages. Pure, so
    it runs in a worker process or on a cluster as well as here."""
    source_id, path = item
    raw = Path(path).read_bytes()
    document = formats.read_source(raw, Path(path))
    text = ingest.normalise_text(document.text)
    if not text.strip():
        raise InputError(path, "has no visible text (only a byte-order mark, spaces or invisible characters)",
                         "Replace it with the document's text, or remove its entry.")  # fmt: skip
    passages = ingest.split_passages(source_id, text)
    duplicates = ingest.find_duplicates(passages)
    rows = []
    for p in passages:
        rule = ingest.match_boilerplate(p.text, rules)
        dup_kind, dup_of = duplicates.get(p.passage_id, ("", ""))
        rows.append({
            "passage_id": p.passage_id, "source_id": p.source_id, "seq": p.seq, "kind": p.kind,
            "start_char": p.start_char, "end_char": p.end_char, "n_words": ingest.count_words(p.text),
            "boilerplate_rule": rule, "duplicate_kind": dup_kind, "duplicate_of": dup_of,
            "garbled_tokens": "", "usable": not rule and not dup_kind, "text": p.text,
        })  # fmt: skip
    if not any(r["n_words"] for r in rows):
        raise InputError(path, "has no words, only marks such as bullets or dashes",
                         "Replace it with the document's text, or remove its entry.")  # fmt: skip
    words = ingest.corpus_vocabulary([text])
    return ReadFile(ingest.sha256_of(raw), document.format, document.encoding, document.metadata, text, rows, words)


def garbled_tokens_of(texts: list[str], vocabulary: dict[str, int]) -> list[str]:
    """The garbled tokens of each passage of one file; a split word is judged against the
    words of the whole corpus."""
    return ["; ".join(ingest.find_garbled_tokens(t, vocabulary)) for t in texts]


def ingest_corpus(
    registry_path: Path, sources_dir: Path, boilerplate_codebook: list[dict], executor: str | None = None
) -> Corpus:
    """Every file read and checked before anything is written. The per-file work runs
    where EXECUTOR says (helpers.executor): here for a small corpus, on the cores for a
    large one; the tables are the same either way."""
    entries = registry.load_registry(Path(registry_path), Path(sources_dir))
    rules = ingest.compile_boilerplate_rules(boilerplate_codebook)
    sizes = [e.path.stat().st_size for e in entries]
    vocabulary: Counter = Counter()
    read: list[ReadFile] = []
    files = imap_ordered(read_file, [(e.id, str(e.path)) for e in entries], rules, executor, sizes)
    with contextlib.closing(files):
        for entry, got in zip(entries, files, strict=True):
            vocabulary.update(got.words)
            got.words = {}  # merged: a file's own word counts, kept for every file, were most of the memory
            registry.fill_from_file(entry, ingest.file_metadata(got.metadata, got.text), str(entry.path))
            read.append(got)
    garbled = map_ordered(
        garbled_tokens_of, [[r["text"] for r in got.passage_rows] for got in read], dict(vocabulary), executor, sizes
    )

    passage_rows, source_rows = [], []
    for entry, got, tokens in zip(entries, read, garbled, strict=True):
        for row, found in zip(got.passage_rows, tokens, strict=True):
            row["garbled_tokens"] = found
        passage_rows += got.passage_rows
        row = entry.as_row()
        row.update(
            sha256=got.digest,
            format=got.format,
            encoding=got.encoding,
            n_chars=len(got.text),
            n_words=sum(r["n_words"] for r in got.passage_rows),
            n_passages=len(got.passage_rows),
            n_flagged=sum(not r["usable"] for r in got.passage_rows),
        )
        source_rows.append(row)

    sources = pd.DataFrame(source_rows, columns=schemas.TABLES["sources"].columns).sort_values(
        "source_id", ignore_index=True
    )
    passages_df = pd.DataFrame(passage_rows, columns=schemas.TABLES["passages"].columns).sort_values(
        ["source_id", "seq"], ignore_index=True
    )
    texts = {entry.id: got.text for entry, got in zip(entries, read, strict=True)}
    return Corpus(texts, sources, passages_df)


def write_corpus(corpus: Corpus, text_dir: Path, interim_dir: Path, tables_dir: Path) -> list[Path]:
    """Texts and interim parquet for the next steps; CSV copies for readers."""
    from helpers import io

    sources = schemas.validate("sources", corpus.sources)
    passages = schemas.validate("passages", corpus.passages)
    written = [io.write_text(Path(text_dir) / f"{sid}.txt", text) for sid, text in sorted(corpus.texts.items())]
    written.append(io.write_parquet(sources, Path(interim_dir) / "sources.parquet"))
    written.append(io.write_parquet(passages, Path(interim_dir) / "passages.parquet"))
    written.append(io.write_csv(sources, Path(tables_dir) / "sources.csv"))
    written.append(io.write_csv(passages, Path(tables_dir) / "passages.csv"))
    return written
