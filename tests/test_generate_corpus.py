"""The synthetic-corpus generator behind `make bench`: deterministic, really varied, and
a corpus the ingest accepts and the extraction reads."""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from helpers import registry

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import generate_corpus as gen  # noqa: E402

YEAR = re.compile(r"(?<![\w.,/])(?:19|20)\d\d(?!\w|[.,]\d)")


def _texts(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def corpus_x2(tmp_path_factory, annotated_corpus) -> Path:
    """Ten copies: each real source twice, with different variations."""
    out = tmp_path_factory.mktemp("x2")
    gen.generate_corpus(out, size=2, seed=7, sources_dir=annotated_corpus)
    return out


@pytest.fixture(scope="module")
def originals(annotated_corpus) -> dict[str, str]:
    entries = registry.load_registry(annotated_corpus / "sources.yml", annotated_corpus)
    return {e.id: e.path.read_text(encoding="utf-8") for e in entries}


def _copy_text(corpus: Path, copy_id: str) -> str:
    entry = next(e for e in registry.load_registry(corpus / "sources.yml", corpus) if e.id == copy_id)
    return entry.path.read_text(encoding="utf-8")


def test_same_seed_same_corpus_other_seed_other_corpus(tmp_path, corpus_x2, annotated_corpus):
    gen.generate_corpus(tmp_path / "again", size=2, seed=7, sources_dir=annotated_corpus)
    gen.generate_corpus(tmp_path / "other", size=2, seed=8, sources_dir=annotated_corpus)
    assert _texts(tmp_path / "again") == _texts(corpus_x2)
    other = _texts(tmp_path / "other")
    assert other.keys() == _texts(corpus_x2).keys()
    assert [n for n, data in other.items() if data != _texts(corpus_x2)[n]], "another seed changed nothing"


def test_registry_is_valid_and_counts_the_copies(corpus_x2, originals):
    entries = registry.load_registry(corpus_x2 / "sources.yml", corpus_x2)
    assert len(entries) == 2 * len(originals)
    assert len({e.id for e in entries}) == len(entries)
    assert {e.id.split("-", 1)[1] for e in entries} == set(originals)
    for e in entries:
        if e.fields["published"]:
            registry.check_iso_partial(e.fields["published"], e.id)


def test_years_move_by_one_shift_per_copy(corpus_x2, originals):
    for copy_id in ("s00002-abbas-2017", "s00004-nato-relations", "s00010-saadia-2022"):
        original = originals[copy_id.split("-", 1)[1]]
        before = [int(y) for y in YEAR.findall(original)]
        after = [int(y) for y in YEAR.findall(_copy_text(corpus_x2, copy_id))]
        assert len(before) == len(after) > 3
        shifts = {b - a for a, b in zip(before, after, strict=True)}
        assert len(shifts) == 1 and 0 not in shifts, (copy_id, shifts)


def test_dated_phrases_people_and_numbers_change(corpus_x2, originals):
    original = originals["abbas-2017"]
    copy = _copy_text(corpus_x2, "s00002-abbas-2017")
    for phrase in ("February 26, 2017", "Khurram Abbas", "3500 tons", "7600 people"):
        assert phrase in original
        assert phrase not in copy
    tons = re.search(r"almost (\d+) tons", copy)
    assert tons and int(tons.group(1)) != 3500
    author = registry.load_registry(corpus_x2 / "sources.yml", corpus_x2)[1].fields["author"]
    assert author != "Khurram Abbas" and author in copy
    # The organisations stay, so the gazetteer still finds them.
    assert copy.count("North Atlantic Treaty Organization (NATO)") == original.count(
        "North Atlantic Treaty Organization (NATO)"
    )


def test_two_copies_of_one_source_differ(corpus_x2):
    first, second = _copy_text(corpus_x2, "s00001-hunter-2021"), _copy_text(corpus_x2, "s00006-hunter-2021")
    assert first != second
    assert YEAR.findall(first) != YEAR.findall(second) or re.findall(r"\d+", first) != re.findall(r"\d+", second)


def test_published_moves_with_the_text(corpus_x2):
    entries = {e.id: e for e in registry.load_registry(corpus_x2 / "sources.yml", corpus_x2)}
    published = entries["s00005-saadia-2022"].fields["published"]
    year, month, day = (int(x) for x in published.split("-"))
    month_abbr = gen.MONTH_ABBREVIATIONS[month - 1]
    assert f"{month_abbr} {day}, {year} | Essays" in _copy_text(corpus_x2, "s00005-saadia-2022")


@pytest.mark.parametrize("seed", range(20))
def test_variation_keeps_dates_real_and_numbers_well_formed(seed):
    v = gen.Variation.draw(random.Random(seed), ["Imran Khan", "Mary Hunter"])
    assert sorted(v.month_map) == list(range(1, 13))
    assert all(1 <= v.day(d) <= 28 for d in range(1, 32))
    assert re.fullmatch(r"\d{1,3}(,\d{3})*", v.number("80,000", "", ""))
    assert re.fullmatch(r"\d+\.\d", v.number("123", ".1", ""))
    ordinal = v.number("46", "", "th")
    n = int(ordinal[:-2])
    assert ordinal.endswith("th" if n % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th"))
    assert v.person_names["Imran Khan"] != v.person_names["Mary Hunter"]


def test_protected_forms_keep_their_shape():
    """'9/11' is a named date and '17:39' a time; neither is a figure to scale."""
    template = gen.compile_template("after 9/11, at 17:39, and in the 1980s", gen.PersonPatterns.from_people({}))
    v = gen.Variation(year_shift=3, month_map=tuple(range(1, 13)), day_offset=0, number_factor=2.0, person_names={})
    assert gen.render(template, v) == "after 9/11, at 17:39, and in the 1980s"


def test_extraction_reads_a_synthetic_corpus(tmp_path):
    """The copies give the extraction real work: events, figures, organisations and people."""
    from helpers import corpus, extract, io

    out = tmp_path / "x1"
    gen.generate_corpus(out, size=1, seed=3)
    codebook = REPO / "data" / "codebook"
    ingested = corpus.ingest_corpus(out / "sources.yml", out, io.load_yaml_codebook(codebook / "boilerplate.yml"))
    codebooks = extract.Codebooks.from_files(
        codebook / "gazetteer.yml",
        codebook / "event_types.yml",
        codebook / "cooperation_areas.yml",
        codebook / "named_dates.yml",
        codebook / "setbacks.yml",
    )
    tables = extract.extract_tables(ingested.sources, ingested.passages, ingested.texts, codebooks)
    assert set(tables["events"]["source_id"]) == set(ingested.sources["source_id"])
    assert len(tables["figures"]) > 20
    assert {"NATO", "SCO", "UN"} <= set(tables["organizations"]["acronym"])
    assert len(tables["people"]) >= 5
