"""Curated knowledge is checked like data: every quote a codebook row cites must be in
the source it names, verbatim (in the normalised text that all offsets index into)."""

from pathlib import Path

import pytest

from helpers import ingest, io, registry, schemas

REPO = Path(__file__).resolve().parents[1]
CODEBOOKS = sorted((REPO / "data" / "codebook").glob("*.yml"))


@pytest.fixture(scope="module")
def texts():
    entries = registry.load_registry(REPO / "data/sources/sources.yml", REPO / "data/sources")
    return {e.id: ingest.normalise_text(ingest.decode_source(e.path.read_bytes(), str(e.path)).text) for e in entries}


@pytest.mark.parametrize("path", CODEBOOKS, ids=lambda p: p.name)
def test_codebook_quotes_are_verbatim_in_their_source(path, texts):
    if path.name == "gazetteer.yml":
        rows = [row for section in io.load_gazetteer(path).values() for row in section]
    else:
        rows = io.load_yaml_codebook(path)
    assert rows
    for row in rows:
        for key in [k for k in row if k == "quote" or k.endswith(("_quote", "_quotes"))]:  # bodies_quote, story_quotes
            for quote in filter(None, [row[key]] if isinstance(row[key], str) else row[key]):
                assert row["source_id"] in texts, (path.name, row)
                assert quote in texts[row["source_id"]], (path.name, quote)


def test_event_types_codebook_and_schema_agree():
    types = {r["event_type"] for r in io.load_yaml_codebook(REPO / "data/codebook/event_types.yml")}
    assert types == set(schemas.EVENT_TYPES)
    assert {"visit/meeting", "agreement", "aid/relief", "membership/designation", "publication", "other"} <= types


def test_each_event_type_is_the_type_of_the_sentence_it_quotes():
    """The codebook's example of a diplomatic statement ('introduce new agenda items in the
    Conference on Disarmament') was typed 'other': no cue of its type stood in it."""
    from helpers import dates, extract

    rows = io.load_yaml_codebook(REPO / "data/codebook/event_types.yml")
    index = extract.CueIndex.of(rows)
    for row in rows:
        if row["quote"]:
            found = dates.find_dates(row["quote"])
            anchor = (found[0].start, found[0].end) if found else None
            assert extract.classify_event(row["quote"], index, row["quote"], anchor) == row["event_type"], row


def test_each_briefing_topic_finds_its_quote_and_no_acronym_inside_a_word():
    import re

    topics = io.load_yaml_codebook(REPO / "data/codebook/briefing_topics.yml")
    from helpers import params

    for topic in topics:
        assert set(topic["focus"]) <= set(params.BY_NAME["focus"].allowed), topic[
            "topic"
        ]  # a misspelt focus shows nothing
        cue = re.compile(topic["cues"], re.IGNORECASE)
        assert cue.search(topic["quote"]), topic["topic"]
        assert re.search(topic.get("within", ""), topic["quote"]), topic["topic"]  # its own quote is kept
        for line in topic.get("story_quotes", []):  # a sentence the cues miss is never quoted
            assert cue.search(line) and re.search(topic.get("within", ""), line), (topic["topic"], line)
        for word in ("second", "economic", "voice", "choice", "donator", "discovery"):
            assert not cue.search(f"A {word} thing."), (topic["topic"], word)
