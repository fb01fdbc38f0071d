"""Which passage holds a character of a source."""

import pandas as pd

from helpers.passage_index import PassageIndex


def test_the_passage_that_holds_an_offset_and_none_for_a_gap_or_an_unknown_source():
    passages = pd.DataFrame({
        "passage_id": ["s.p002", "s.p001", "t.p001"],  # in any order
        "source_id": ["s", "s", "t"],
        "start_char": [12, 0, 0],
        "end_char": [30, 10, 5],
    })  # fmt: skip
    index = PassageIndex(passages)
    assert [index.passage_of("s", at) for at in (0, 9, 12, 29)] == ["s.p001", "s.p001", "s.p002", "s.p002"]
    assert index.passage_of("s", 10) == index.passage_of("s", 11) == ""  # between passages
    assert index.passage_of("s", 30) == "" and index.passage_of("t", 4) == "t.p001"
    assert index.passage_of("u", 0) == ""
