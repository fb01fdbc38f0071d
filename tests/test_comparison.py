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
