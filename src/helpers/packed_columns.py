"""Table columns packed to cross from a worker process to the one that builds the tables.

A worker sends each column of its batch as a few flat buffers rather than one Python
object per value: unpickling and merging every row had been a sixth of the x1000
extraction's time, in the one process that cannot run in parallel. The packing uses the
standard library only. A worker that imported pyarrow to do it paid 0.2 s for pyarrow and
0.5 s more for pandas, which pyarrow imports the first time it builds an array (to check
whether its input is a pandas object): 0.7 s per worker, most of a x100 extraction's fixed
cost. Arrow and numpy come in where the pieces are joined, in the process that has pandas
already. A column is packed only when it is sent: one made and joined in the same process
(a serial extraction) is kept as its values (`keep`), which Arrow reads directly.
"""

from __future__ import annotations

import functools
from array import array
from itertools import accumulate, chain
from typing import TYPE_CHECKING, Any, NamedTuple

if TYPE_CHECKING:
    from collections.abc import Iterable

    import pandas as pd

# The packed kinds, each with the numpy dtype pandas gives such a column.
_NUMBER_CODES = {"int64": "q", "float64": "d"}


class Packed(NamedTuple):
    """A column of one kind, no value missing: `kind` is str, int64, float64 or bool.
    Strings are their UTF-8 bytes end to end in `data`, with `offsets` (n + 1 of them)
    where each starts and the last ends; numbers and booleans are `data` alone."""

    kind: str
    data: bytes | array
    offsets: array | None = None

    @property
    def n_values(self) -> int:
        return len(self.offsets) - 1 if self.offsets is not None else len(self.data)


class Kept(NamedTuple):
    """A column of one kind (as `pack` would make it) kept as its values while it stays in
    the process that made it: packing is for crossing to another process, and a serial
    extraction's columns never do (packing them, then reading the buffers back, was a
    fortieth of a x1 extraction). Pickled, it goes as `pack` makes it (and so does a copy,
    `copy.copy` or `deepcopy` going through the same `__reduce__`)."""

    kind: str
    values: list

    @property
    def n_values(self) -> int:
        return len(self.values)

    def __reduce__(self):
        packed = pack(self.values)
        return (Packed._make, (tuple(packed),)) if isinstance(packed, Packed) else (list, (packed,))


def keep(values: list) -> Kept | list:
    """A column as `pack` would make it, but kept as its values until it is pickled."""
    kind = _kind_of(values)
    return Kept(kind, values) if kind else values


def _kind_of(values: list) -> str | None:
    """The kind `pack` gives a column of these values, as far as their types tell (a lone
    surrogate, or an int beyond int64, shows only when the column is made: see _UNPACKABLE_ERRORS)."""
    if not values:
        return None
    kinds = set(map(type, values))
    if kinds == {str}:
        return "str"
    if kinds == {bool}:
        return "bool"
    if kinds == {int}:
        return "int64"
    if kinds <= {int, float}:  # pandas makes a column of ints and floats all float
        return "float64"
    return None


# What making a kept column can raise where `pack` would have left the values as a list
# (a lone surrogate; an int beyond int64, or beyond a float): the column is then made as
# pandas makes it of the values.
_UNPACKABLE_ERRORS = (UnicodeEncodeError, OverflowError)


def pack(values: list) -> Packed | list:
    """A column as a Packed when its values are all strings, all booleans, all integers
    (within int64) or all numbers with a float among them; any other column (a missing
    value, mixed kinds) as it is, for pandas to read as it would."""
    kind = _kind_of(values)
    try:
        if kind == "str":
            joined = "".join(values)
            data = joined.encode("utf-8")
            # all ASCII (a byte a character): the lengths are the strings' own
            lengths = map(len, values) if len(data) == len(joined) else map(len, map(str.encode, values))
            return Packed("str", data, array("q", chain((0,), accumulate(lengths))))
        if kind is not None:
            return Packed(kind, _number_buffer(kind, values))
    except _UNPACKABLE_ERRORS:  # a lone surrogate; an int beyond int64 (or beyond a float)
        return values
    return values


def unpack(piece: Packed | Kept | list) -> list:
    """A piece's values as Python objects again."""
    if isinstance(piece, Kept):
        return piece.values
    if not isinstance(piece, Packed):
        return piece
    if piece.kind == "str":
        data, offsets = piece.data, piece.offsets
        return [data[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:], strict=True)]
    if piece.kind == "bool":
        return [bool(b) for b in piece.data]
    return list(piece.data)


def frame(columns: dict[str, list]) -> pd.DataFrame:
    """A table from each column's pieces, as pandas would make it from the values in one
    list. When every column is packed or kept with its kind, the frame is put together
    from its columns as they are, in blocks as pandas keeps them (a string column each,
    one for each kind of number): pandas' constructor checks and wraps each column it is
    given, and pyarrow's conversion hands back numbers that are read-only views (an
    analyst could not set a cell) and needed a copy; for the extraction's small tables
    either took longer than the values themselves. `create_dataframe_from_blocks` is the public entry pandas
    keeps for this (pyarrow's own conversion uses it)."""
    import pandas as pd

    columns = {name: _alike(pieces) for name, pieces in columns.items()}
    kinds = {name: _one_kind(pieces) for name, pieces in columns.items()}
    if kinds and None not in kinds.values():
        import numpy as np
        from pandas.api.internals import create_dataframe_from_blocks

        try:
            strings = _string_columns({name: pieces for name, pieces in columns.items() if kinds[name] == "str"})
            blocks, numbers = [], {}
            for i, (name, pieces) in enumerate(columns.items()):
                if name in strings:
                    blocks.append((strings[name], np.array([i])))
                else:
                    numbers.setdefault(kinds[name], []).append((i, pieces))
            blocks += [
                (_numpy_block(kind, of_kind), np.array([i for i, _ in of_kind])) for kind, of_kind in numbers.items()
            ]
        except _UNPACKABLE_ERRORS:
            pass  # a kept column that would not have packed: the table is pandas' to make, as then
        else:
            n_rows = sum(p.n_values for p in next(iter(columns.values())))
            return create_dataframe_from_blocks(blocks, pd.RangeIndex(n_rows), _labels(list(columns)))
    return pd.DataFrame({name: join(pieces) for name, pieces in columns.items()})


def _labels(names: list[str]) -> pd.Index:
    """A frame's column labels as pandas makes them of its names (str dtype, as
    DataFrame(dict) gives), over an Arrow array of them: pd.Index(names) first works out
    what the names are, which took longer than the rest of making the Index."""
    import pandas as pd
    import pyarrow as pa

    return pd.Index(_string_column(pa.array(names, type=pa.large_string())))


def _string_columns(columns: dict[str, list[Packed | Kept]]) -> dict[str, Any]:
    """A table's string columns as pandas makes them. The kept ones (made in this process)
    are read by Arrow in one array, each column a slice of it: a call of pa.array cost as
    much as a small column's strings, and a serial x1 extraction made 48 columns."""
    import pyarrow as pa

    # a column's pieces are alike; chain joins the kept ones' values without a step of Python each
    kept = [p.values for pieces in columns.values() for p in pieces if isinstance(p, Kept)]
    whole = pa.array(list(chain.from_iterable(kept)), type=pa.large_string()) if kept else None
    made, at = {}, 0
    for name, pieces in columns.items():
        if isinstance(pieces[0], Kept):
            n = sum(len(p.values) for p in pieces)
            made[name] = _string_column(whole.slice(at, n))
            at += n
        else:
            made[name] = _string_column(_string_array(pieces))
    return made


def join(pieces: list) -> Any:
    """One column from its pieces (each a Packed, a Kept or a list), as pandas would make it from
    the values in one list: pieces of one kind become one contiguous array (strings an
    Arrow-backed string column, numbers and booleans a numpy array), so the frame, and
    its parquet bytes, do not depend on where the rows were cut; anything else a list."""
    pieces = _alike(pieces)
    kind = _one_kind(pieces)
    if kind is not None:
        try:
            return _string_column(_string_array(pieces)) if kind == "str" else _numpy_column(kind, pieces)
        except _UNPACKABLE_ERRORS:
            pass  # a kept column that would not have packed
    return [v for p in pieces for v in unpack(p)]


def _string_column(strings: Any) -> Any:
    """An Arrow large_string array as the column pandas makes of its strings: str dtype over it."""
    import pandas as pd
    import pyarrow as pa

    return pd.arrays.ArrowStringArray(pa.chunked_array([strings]), dtype=_str_dtype())


def string_column(values: Iterable[str], n: int) -> Any:
    """n strings, given one at a time, as the column pandas makes of a list of them: each
    is copied into the Arrow array as it comes, so no list of them is held in between
    (shared wording at x1000: half a million quotes)."""
    import pandas as pd
    import pyarrow as pa

    values = iter(values)
    whole = pa.array(values, type=pa.large_string(), size=n)  # `size` bounds the array: it stops there
    if len(whole) != n or next(values, None) is not None:
        raise ValueError(f"string_column was told of {n} strings and given {'fewer' if len(whole) < n else 'more'}")
    return pd.arrays.ArrowStringArray(pa.chunked_array([whole]), dtype=_str_dtype())


@functools.cache
def _str_dtype() -> Any:
    """The dtype pandas gives a column of strings (Arrow-backed, NaN for missing); looked
    up once, as the lookup took as long as making the column."""
    import pandas as pd

    return pd.api.types.pandas_dtype("str")


def _alike(pieces: list) -> list:
    """A column's pieces all kept or all packed: where some were packed (sent by a worker),
    the kept ones are packed too (a kept piece `pack` leaves as a list stays a list)."""
    if len(pieces) > 1 and {Packed, Kept} <= set(map(type, pieces)):
        return [pack(p.values) if isinstance(p, Kept) else p for p in pieces]
    return pieces


def _one_kind(pieces: list) -> str | None:
    """The kind all the pieces were packed or kept as; None when one is a plain list or they differ."""
    kinds = {p.kind if isinstance(p, (Packed, Kept)) else None for p in pieces}
    return kinds.pop() if len(kinds) == 1 else None


def _numpy_column(kind: str, pieces: list[Packed | Kept]) -> Any:
    """Numbers or booleans end to end, over a buffer of their own, so writable as pandas'
    own columns are."""
    import numpy as np

    if kind == "bool":
        return np.frombuffer(bytearray().join(_data(p) for p in pieces), dtype=np.bool_)
    data = array(_NUMBER_CODES[kind])
    for p in pieces:
        data.extend(_data(p))
    return np.frombuffer(data, dtype=np.dtype(kind))


def _numpy_block(kind: str, columns: list[tuple[int, list[Packed | Kept]]]) -> Any:
    """A table's columns of one kind of number (or booleans) as one block over one buffer,
    a row each (blocks are column-major), as pandas keeps them: pandas checks and wraps
    each block, and the extraction's tables had 20 blocks of numbers where 9 do."""
    return _numpy_column(kind, [p for _, pieces in columns for p in pieces]).reshape(len(columns), -1)


def _data(piece: Packed | Kept) -> bytes | array:
    """A number or boolean piece's values as a flat buffer."""
    return piece.data if isinstance(piece, Packed) else _number_buffer(piece.kind, piece.values)


def _number_buffer(kind: str, values: list) -> bytes | array:
    """Booleans as bytes, numbers as an array of C numbers (OverflowError for an int beyond int64, or beyond a float)."""
    return bytes(values) if kind == "bool" else array(_NUMBER_CODES[kind], values)


def _string_array(pieces: list[Packed | Kept]) -> Any:
    """Strings as one large_string Arrow array (each piece's offsets shifted by the bytes
    before it), which pandas reads as the string column the rest of the build expects."""
    import numpy as np
    import pyarrow as pa

    if isinstance(pieces[0], Kept):  # made in this process (pieces are alike): Arrow reads the strings itself
        return pa.array([v for p in pieces for v in p.values], type=pa.large_string())
    if len(pieces) == 1:  # one worker's run of documents: its offsets as they are
        offsets, data = np.frombuffer(pieces[0].offsets, np.int64), pieces[0].data
    else:
        starts = np.cumsum([0] + [p.offsets[-1] for p in pieces[:-1]], dtype=np.int64)
        offsets = np.concatenate(
            [np.zeros(1, np.int64)]
            + [np.frombuffer(p.offsets, np.int64)[1:] + s for p, s in zip(pieces, starts, strict=True)]
        )
        data = b"".join(p.data for p in pieces)
    whole = pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))
    whole.validate(full=True)  # offsets in order and within the data, every string UTF-8
    return whole
