"""The ingest step as one call: the same corpus wherever the per-file work runs."""

import shutil
from pathlib import Path

import pytest
from conftest import write_corpus

from helpers import corpus, io
from helpers.errors import InputError

REPO = Path(__file__).resolve().parents[1]
BOILERPLATE = REPO / "data" / "codebook" / "boilerplate.yml"


def _ingest(folder: Path, executor: str) -> corpus.Corpus:
    return corpus.ingest_corpus(folder / "sources.yml", folder, io.load_yaml_codebook(BOILERPLATE), executor=executor)


def test_worker_processes_give_the_same_corpus_as_one_process():
    folder = REPO / "tests" / "fixtures" / "corpus"
    here, there = _ingest(folder, "serial"), _ingest(folder, "processes:2")
    assert here.texts == there.texts
    assert here.sources.equals(there.sources) and here.passages.equals(there.passages)
    assert set(here.sources["format"]) == {"txt", "md", "html", "pdf"}


def test_a_bad_file_read_in_a_worker_is_reported_whole(tmp_path):
    folder = tmp_path / "sources"
    shutil.copytree(REPO / "tests" / "fixtures" / "corpus", folder)
    (folder / "empty.txt").write_bytes(b"")
    with open(folder / "sources.yml", "a", encoding="utf-8") as f:
        f.write("\n- id: empty\n  file: empty.txt\n")
    with pytest.raises(InputError) as err:
        _ingest(folder, "processes:2")
    assert err.value.where.endswith("empty.txt") and "the file is empty" in str(err.value)


def test_a_sources_words_are_those_of_its_passages_and_a_bullet_is_no_word(tmp_path):
    """The briefing gave 6,176 words for the corpus and 6,166 for its passages: the
    sources' count took the list bullets ('-') of NATO's page for words."""
    text = (
        "Areas of cooperation\n\n- counter-terrorism and border security\n- disaster relief – 2005 and 2010\n"
        "\nA closing paragraph, with * and | marks.\n"
    )
    folder = write_corpus(
        tmp_path / "sources", {"list.txt": text}, [{"id": "list", "file": "list.txt", "title": "A list"}]
    )
    got = _ingest(folder, "serial")
    assert got.sources["n_words"].tolist() == [got.passages["n_words"].sum()] == [18]
