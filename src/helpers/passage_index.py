"""Which passage of a source holds a given character: a report, a citation or a quote knows
its offsets in the source's text, not its passage."""

from __future__ import annotations

from bisect import bisect_right

import pandas as pd


class PassageIndex:
    """The passages of every source, by where they start. Built from whole columns, as
    plain lists: a frame per source had taken a second at x1000."""

    def __init__(self, passages: pd.DataFrame):
        spans: dict[str, list[tuple[int, int, str]]] = {}
        columns = ("source_id", "start_char", "end_char", "passage_id")
        for sid, start, end, pid in zip(*(passages[c].tolist() for c in columns), strict=True):
            spans.setdefault(sid, []).append((int(start), int(end), pid))
        self._spans = {sid: sorted(found) for sid, found in spans.items()}
        self._starts = {sid: [start for start, _, _ in found] for sid, found in self._spans.items()}

    def passage_of(self, source_id: str, offset: int) -> str:
        """The id of the passage that holds character `offset` of the source ('' if none does)."""
        at = bisect_right(self._starts.get(source_id, []), offset) - 1
        if at < 0:
            return ""
        _, end, pid = self._spans[source_id][at]
        return pid if offset < end else ""
