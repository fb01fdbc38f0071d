import pytest

from helpers import comparison
from helpers.errors import InputError

TEXTS = {"s": "Bilateral ties come first. Its engagement with the UN Disarmament Machinery has failed."}
ROW = {
    "source_id": "s",
    "question": "multilateral versus bilateral diplomacy",
    "position": "argues for bilateralism",
    "summary": "Bilateral ties first.",
    "quote": "Bilateral ties come first.",
}


def test_a_position_keeps_the_passage_naming_the_bodies_it_weighs():
    table = comparison.positions_table(
        [{**ROW, "bodies_quote": "the UN Disarmament Machinery"}, {**ROW, "source_id": "gone"}], TEXTS, "positions.yml"
    )
    assert table[["source_id", "bodies_quote", "start_char", "end_char"]].values.tolist() == [
        ["s", "the UN Disarmament Machinery", 0, 26]
    ]
    assert comparison.positions_table([ROW], TEXTS, "positions.yml")["bodies_quote"].tolist() == [""]


def test_a_bodies_quote_not_in_the_source_is_refused_naming_the_codebook_row():
    with pytest.raises(InputError, match=r"positions.yml, row 1: the bodies_quote is not in the source's text"):
        comparison.positions_table([{**ROW, "bodies_quote": "the UN Security Council"}], TEXTS, "positions.yml")


def test_a_position_cites_its_quote_where_a_usable_passage_holds_it():
    """hunter-2021 repeats a paragraph; the position cited the repeat, which the ingest sets
    aside (passage p007, 'contained' in p009), not the passage the tables read."""
    import pandas as pd

    text = "Cooperation predates 2004. Intro. Cooperation predates 2004. More."
    passages = pd.DataFrame({
        "source_id": ["s", "s"], "start_char": [0, 27], "end_char": [26, len(text)], "usable": [False, True],
    })  # fmt: skip
    row = {**ROW, "quote": "Cooperation predates 2004."}
    located = comparison.positions_table([row], {"s": text}, "positions.yml", passages)
    assert located[["start_char", "end_char"]].values.tolist() == [[34, 60]]
    assert comparison.positions_table([row], {"s": text}, "positions.yml")["start_char"].tolist() == [0]
