"""Columns packed in a worker and joined where the tables are built
(helpers/packed_columns.py): the frame is the one pandas makes of the same values in one
list, however the rows were cut into pieces."""

from __future__ import annotations

import pickle

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from helpers import packed_columns


def _pieces(parts: list[list]) -> list:
    return [pickle.loads(pickle.dumps(packed_columns.pack(p))) for p in parts if p]


def _kept(parts: list[list]) -> list:
    return [packed_columns.keep(p) for p in parts if p]


def _mixed(parts: list[list]) -> list:
    """Kept and packed pieces by turns (as a join of chunks from here and from a worker would have)."""
    return [packed_columns.keep(p) if i % 2 else _pieces([p])[0] for i, p in enumerate(q for q in parts if q)]


def _column_made_both_ways(parts: list[list]) -> pd.DataFrame:
    """The column made both ways, from pieces packed (as sent by a worker), kept (made in
    this process) and both: joined on its own, and in a table beside a packed column
    (made through Arrow when it packed, by pandas when not); all must agree."""
    n = sum(map(len, parts))
    made = []
    for pieces in (_pieces(parts), _kept(parts), _mixed(parts)):
        alone = pd.DataFrame({"c": packed_columns.join(pieces)})
        beside = packed_columns.frame({"c": pieces, "n": [packed_columns.pack(list(range(n)))] if n else []})
        pd.testing.assert_frame_equal(beside[["c"]], alone)
        made.append(alone)
    for other in made[1:]:
        pd.testing.assert_frame_equal(other, made[0])
    return made[0]


@pytest.mark.parametrize(
    "parts",
    [
        [["a", "b"], ["c"]],
        [["Pakistan’s", "ſ", "😀 emoji"], ["", "naïve"]],  # several bytes a character; an empty string
        [["a"], [None, "b"]],  # a missing value: the column is not all strings
        [[1, 2], [3.5]],  # integers, then a float: pandas makes the whole column float
        [[1, 2.5], [3, 4.0]],  # ints and floats in each piece
        [[True], [False, True]],
        [[1, True]],  # a bool among ints is not an int column
        [[1, 2], ["x"]],
        [[], ["a"]],
        [[2**63], [1]],  # beyond int64: left for pandas
        [[10**400, 1.5]],  # beyond a float: left for pandas
    ],
)
def test_a_column_joined_from_packed_pieces_is_the_column_pandas_makes_of_the_values(parts):
    expected = pd.DataFrame({"c": [v for p in parts for v in p]})
    pd.testing.assert_frame_equal(_column_made_both_ways(parts), expected)


TEXT = st.text(st.characters(exclude_categories=["Cs"]))  # texts are read as UTF-8: no lone surrogate
VALUES = st.one_of(
    st.lists(TEXT, min_size=1),
    st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), min_size=1),
    st.lists(st.floats(allow_nan=False) | st.integers(-1000, 1000), min_size=1),
    st.lists(st.booleans(), min_size=1),
    st.lists(st.none() | TEXT | st.integers(), min_size=1),
)


@settings(max_examples=300, deadline=None)
@given(VALUES, st.lists(st.integers(0, 40), max_size=4))
def test_packing_is_invisible_in_the_frame_wherever_the_pieces_are_cut(values, cuts):
    cuts = sorted({min(c, len(values)) for c in cuts})
    parts = [values[a:b] for a, b in zip([0, *cuts], [*cuts, len(values)], strict=True)]
    pd.testing.assert_frame_equal(_column_made_both_ways(parts), pd.DataFrame({"c": values}))
    for part in parts:
        packed = packed_columns.pack(part)
        assert packed_columns.unpack(packed) == part
        assert getattr(packed, "n_values", len(packed)) == len(part)


TABLE = {
    "quote": ["Pakistan’s", "NATO", ""],
    "start_char": [0, 12, 40],
    "score": [0.5, 1, 2.25],
    "in_title": [True, False, True],
}


def _cut(values: dict[str, list]) -> dict[str, list]:
    return {name: [packed_columns.pack(v[:1]), packed_columns.pack(v[1:])] for name, v in values.items()}


def test_a_table_of_packed_columns_is_put_together_from_them_not_through_pandas_constructor(monkeypatch):
    def column_by_column(pieces):
        raise AssertionError("every column packed: the table should not be made column by column")

    monkeypatch.setattr(packed_columns, "join", column_by_column)
    made = packed_columns.frame(_cut(TABLE))
    pd.testing.assert_frame_equal(made, pd.DataFrame(TABLE))
    assert str(made["quote"].dtype) == "str" and made["start_char"].dtype == "int64"


def test_an_analyst_can_write_into_a_table_made_from_packed_columns():
    made = packed_columns.frame(_cut(TABLE | {"usable": [True, False, True]}))
    made.loc[0, "start_char"] = 99
    made.loc[1, "usable"] = True
    made.loc[2, "quote"] = "edited"
    assert made["start_char"].iloc[0] == 99 and made["usable"].all() and made["quote"].iloc[2] == "edited"


def test_one_column_that_did_not_pack_leaves_the_table_to_pandas():
    values = TABLE | {"role": ["minister", None, "author"]}
    pd.testing.assert_frame_equal(packed_columns.frame(_cut(values)), pd.DataFrame(values))


def test_a_kept_column_is_sent_as_pack_makes_it_and_kept_as_its_values_here():
    kept = packed_columns.keep(["NATO", "Pakistan’s"])
    assert kept == ("str", ["NATO", "Pakistan’s"]) and kept.n_values == 2
    assert pickle.loads(pickle.dumps(kept)) == packed_columns.pack(["NATO", "Pakistan’s"])
    assert pickle.loads(pickle.dumps(packed_columns.keep(["a", "\udc80"]))) == ["a", "\udc80"]  # as pack leaves it
    assert packed_columns.keep([1, None]) == [1, None]  # no kind: a list, as pack gives it


def test_a_table_of_kept_columns_is_put_together_from_them_and_can_be_written_into(monkeypatch):
    def column_by_column(pieces):
        raise AssertionError("every column kept with its kind: the table should not be made column by column")

    values = TABLE | {"usable": [True, False, True]}
    with monkeypatch.context() as m:
        m.setattr(packed_columns, "join", column_by_column)
        made = packed_columns.frame({name: [packed_columns.keep(v)] for name, v in values.items()})
    pd.testing.assert_frame_equal(made, pd.DataFrame(values))
    made.loc[0, "start_char"] = 99
    made.loc[1, "usable"] = True
    made.loc[2, "quote"] = "edited"
    assert made["start_char"].iloc[0] == 99 and made["usable"].all() and made["quote"].iloc[2] == "edited"


def test_strings_travel_as_two_buffers_not_an_object_each():
    packed = packed_columns.pack(["NATO", "Pakistan’s", "UN"])
    assert packed.kind == "str" and packed.n_values == 3
    assert packed.data == "NATOPakistan’sUN".encode()
    assert list(packed.offsets) == [0, 4, 16, 18]  # ’ is three bytes


def test_a_string_column_made_one_value_at_a_time_is_the_column_pandas_makes_of_the_list():
    values = ["w001", "Pakistan’s “common interest”", ""]
    made = pd.Series(packed_columns.string_column(iter(values), len(values)))
    assert made.dtype == pd.Series(values).dtype
    assert made.tolist() == values
    with pytest.raises(ValueError, match="given fewer"):  # not a short column
        packed_columns.string_column(iter(values), 4)
    with pytest.raises(ValueError, match="given more"):  # not a column cut short
        packed_columns.string_column(iter(values), 2)
