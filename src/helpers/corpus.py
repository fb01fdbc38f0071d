"""The ingest step as one call: registry + raw files -> texts, `sources` and `passages`.

Everything is checked before anything is written: a bad file stops the build with the
file named, and the previous outputs stay as they were."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import formats, ingest, registry, schemas


@dataclass
class Corpus:
    texts: dict[str, str]
    sources: pd.DataFrame
    passages: pd.DataFrame


def ingest_corpus(registry_path: Path, sources_dir: Path, boilerplate_codebook: list[dict]) -> Corpus:
    entries = registry.load_registry(Path(registry_path), Path(sources_dir))
    rules = ingest.compile_boilerplate_rules(boilerplate_codebook)

    texts: dict[str, str] = {}
    decoded: dict[str, formats.SourceDocument] = {}
    digests: dict[str, str] = {}
    for entry in entries:
        raw = entry.path.read_bytes()
        digests[entry.id] = ingest.sha256_of(raw)
        decoded[entry.id] = formats.read_source(raw, entry.path)
        texts[entry.id] = ingest.normalise_text(decoded[entry.id].text)
        # What the file's format states (front matter, <meta>, PDF properties) comes before
        # what the text suggests (a first line, a dateline).
        registry.fill_from_file(entry, decoded[entry.id].metadata, str(entry.path))
        registry.fill_from_file(entry, ingest.metadata_from_text(texts[entry.id]), str(entry.path))

    vocabulary = ingest.corpus_vocabulary(list(texts.values()))
    passage_rows, source_rows = [], []
    for entry in entries:
        text = texts[entry.id]
        passages = ingest.split_passages(entry.id, text)
        duplicates = ingest.find_duplicates(passages)
        n_flagged = 0
        for p in passages:
            rule = ingest.match_boilerplate(p.text, rules)
            dup_kind, dup_of = duplicates.get(p.passage_id, ("", ""))
            garbled = ingest.find_garbled_tokens(p.text, vocabulary)
            usable = not rule and not dup_kind
            n_flagged += not usable
            passage_rows.append(
                {
                    "passage_id": p.passage_id,
                    "source_id": p.source_id,
                    "seq": p.seq,
                    "kind": p.kind,
                    "start_char": p.start_char,
                    "end_char": p.end_char,
                    "n_words": len(p.text.split()),
                    "boilerplate_rule": rule,
                    "duplicate_kind": dup_kind,
                    "duplicate_of": dup_of,
                    "garbled_tokens": "; ".join(garbled),
                    "usable": usable,
                    "text": p.text,
                }
            )
        row = entry.as_row()
        row.update(
            sha256=digests[entry.id],
            format=decoded[entry.id].format,
            encoding=decoded[entry.id].encoding,
            n_chars=len(text),
            n_words=len(text.split()),
            n_passages=len(passages),
            n_flagged=n_flagged,
        )
        source_rows.append(row)

    sources = pd.DataFrame(source_rows, columns=schemas.TABLES["sources"].columns).sort_values(
        "source_id", ignore_index=True
    )
    passages_df = pd.DataFrame(passage_rows, columns=schemas.TABLES["passages"].columns).sort_values(
        ["source_id", "seq"], ignore_index=True
    )
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
