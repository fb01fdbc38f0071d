"""The extraction on the five real sources, scored against the annotated expectations in
tests/expectations/ (what a careful reader lists). Thresholds from the issue: recall >= 0.95
and precision >= 0.9 for events, figures, organisations and people."""

import importlib.util
from pathlib import Path

import pytest

from helpers import corpus, evaluate, extract, io, schemas

REPO = Path(__file__).resolve().parents[1]
CODEBOOK = REPO / "data" / "codebook"


def ingest_and_extract(sources_dir: Path):
    """The ingest and extraction steps in-process, as the notebooks run them."""
    c = corpus.ingest_corpus(
        sources_dir / "sources.yml", sources_dir, io.load_yaml_codebook(CODEBOOK / "boilerplate.yml")
    )
    codebooks = extract.Codebooks.from_files(
        CODEBOOK / "gazetteer.yml",
        CODEBOOK / "event_types.yml",
        CODEBOOK / "cooperation_areas.yml",
        CODEBOOK / "named_dates.yml",
        CODEBOOK / "setbacks.yml",
    )
    return c, extract.extract_tables(c.sources, c.passages, c.texts, codebooks)


@pytest.fixture(scope="module")
def built(annotated_corpus):
    return ingest_and_extract(annotated_corpus)


@pytest.fixture(scope="module")
def scores(built):
    c, tables = built
    gold = evaluate.load_expectations(REPO / "tests/expectations")
    assert set(gold) == set(c.texts), "the annotated corpus is the annotated sources, no more, no less"
    return {s.table: s for s in evaluate.score_all(gold, tables, c.texts)}


@pytest.mark.parametrize("table", ["events", "figures", "organizations", "people"])
def test_recall_and_precision_on_the_five_sources(scores, table):
    s = scores[table]
    assert s.recall >= 0.95, f"{table}: recall {s.recall:.3f}\n{evaluate.report(list(scores.values()))}"
    assert s.precision >= 0.9, f"{table}: precision {s.precision:.3f}\n{evaluate.report(list(scores.values()))}"


def test_every_row_of_every_table_slices_to_its_quote(built):
    c, tables = built
    for name, df in tables.items():
        assert len(df), name
        checked = schemas.validate(name, df)
        schemas.check_quotes(name, checked, c.texts)
        for _, row in checked.iterrows():
            assert c.texts[row.source_id][row.start_char : row.end_char] == row.quote


def test_flagged_passages_give_no_rows(built):
    c, tables = built
    flagged = c.passages[~c.passages["usable"].astype(bool)]
    for name in ("events", "figures", "cooperation"):
        for _, row in tables[name].iterrows():
            inside = flagged[
                (flagged.source_id == row.source_id)
                & (flagged.start_char <= row.start_char)
                & (row.end_char <= flagged.end_char)
            ]
            assert inside.empty, (name, row.quote)


def test_the_annotations_themselves_are_consistent(built, monkeypatch, tmp_path):
    c, _ = built
    for sid, text in c.texts.items():
        (tmp_path / f"{sid}.txt").write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("check_quotes", REPO / "tests/expectations/check_quotes.py")
    checker = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(checker)
    monkeypatch.setattr(checker, "TEXT_DIR", tmp_path)
    problems = [p for path in sorted((REPO / "tests/expectations").glob("*.yml")) for p in checker.check_file(path)]
    assert problems == []


def test_a_document_written_after_the_rules_is_read_as_well(tmp_path):
    """tests/heldout/: a document and its annotations written by someone who had not seen the
    extraction code. Measured blind first (events 1.00/1.00, figures 0.88/0.74, organisations
    1.00/0.72, people 1.00/0.67 precision/recall), then the general rules it exposed were fixed;
    it now guards against rules that only fit the five sources."""
    heldout = REPO / "tests/heldout"
    c, tables = ingest_and_extract(heldout / "sources")
    scores = evaluate.score_all(evaluate.load_expectations(heldout / "expectations"), tables, c.texts)
    for s in scores:
        if s.table in ("events", "figures", "organizations", "people"):
            assert s.recall >= 0.9 and s.precision >= 0.9, evaluate.report(scores)


def test_timeline_and_discrepancies_on_the_five_sources(built):
    """Every expected merge is one row, every pair that must stay apart does, and every
    discrepancy a careful reader finds is listed (tests/expectations/cross-source/)."""
    from helpers import discrepancies, entities, timeline

    c, tables = built
    tables = dict(tables, timeline=timeline.build_timeline(tables["events"]))
    tables["discrepancies"] = discrepancies.find_discrepancies(
        tables["events"],
        tables["figures"],
        tables["mentions"],
        c.passages,
        c.texts,
        io.load_yaml_codebook(CODEBOOK / "measures.yml"),
        entities.Gazetteer.from_codebook(io.load_gazetteer(CODEBOOK / "gazetteer.yml")).former_names,
    )
    scores = {s.table: s for s in evaluate.score_cross_source(REPO / "tests/expectations", tables, c.texts)}
    assert scores["timeline"].recall == 1.0 and scores["timeline"].precision == 1.0, evaluate.report(
        list(scores.values())
    )
    assert scores["discrepancies"].recall >= 0.95 and scores["discrepancies"].precision >= 0.9
    for _, row in tables["discrepancies"].iterrows():
        assert c.texts[row.source_a][row.start_a : row.end_a] == row.quote_a
