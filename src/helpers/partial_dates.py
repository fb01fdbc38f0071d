"""Partial ISO dates ('2005', '2005-03', '2005-03-14'), as the registry's `published` and
the run's PERIOD_START/PERIOD_END are written.

Standard library only: `make` checks the run parameters with the system python before
anything is built."""

from __future__ import annotations

import datetime
import re

ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def calendar_problem(value: str) -> str | None:
    """Why `value` is no partial ISO date on the calendar ('month must be in 1..12'), or
    None when it is one. The pattern alone lets through month 13 and 30 February."""
    m = ISO_PARTIAL.fullmatch(value)
    if not m:
        return "not written YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = (int(g) if g else 1 for g in m.groups())
    try:
        datetime.date(year, month, day)
    except ValueError as exc:
        return str(exc)
    return None


def precision_of(value: str) -> str:
    """'year', 'month' or 'day', by how much of the date is written."""
    m = ISO_PARTIAL.fullmatch(value)
    if not m:
        raise ValueError(value)
    return "day" if m.group(3) else "month" if m.group(2) else "year"
