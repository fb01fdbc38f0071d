"""What each source covers, and where each stands on the questions the corpus argues about."""

from __future__ import annotations

import pandas as pd

from helpers import schemas
from helpers.errors import InputError


def source_coverage(
    sources: pd.DataFrame,
    events: pd.DataFrame,
    organizations: pd.DataFrame,
    cooperation: pd.DataFrame,
    figures: pd.DataFrame,
) -> pd.DataFrame:
    """One row per source: the bodies it names, its areas of cooperation, the period its
    dated statements span, and how many events and figures it gives. Each table is
    grouped by source once, so the work grows with the tables, not with sources x rows."""
    events_of = {sid: g for sid, g in events.groupby("source_id", sort=False)}
    areas_of = {
        sid: sorted(set(g)) for sid, g in cooperation.groupby("source_id", sort=False)["area"]
    }  # a row a sentence
    n_figures = figures["source_id"].value_counts()
    bodies_of: dict[str, list[str]] = {}
    for acronym, name, ids in zip(
        organizations["acronym"], organizations["name"], organizations["source_ids"], strict=True
    ):
        for sid in set(ids.split(";")):
            bodies_of.setdefault(sid, []).append(acronym if acronym else name)
    rows = []
    for s in sources.sort_values("source_id").to_dict("records"):
        sid = s["source_id"]
        ev = events_of.get(sid, events.iloc[:0])
        areas = areas_of.get(sid, [])
        ends = [e or st for st, e in zip(ev["date_start"], ev["date_end"], strict=True)]
        bodies = bodies_of.get(sid, [])
        rows.append({
            "source_id": sid,
            "kind": s["kind"],
            "published": s["published"],
            "period_start": min(ev["date_start"])[:4] if len(ev) else "",
            "period_end": max(ends)[:4] if len(ev) else "",
            "n_events": len(ev),
            "n_figures": int(n_figures.get(sid, 0)),
            "n_organizations": len(bodies),
            "organizations": "; ".join(sorted(bodies)),
            "n_areas": len(areas),
            "cooperation_areas": "; ".join(areas),
        })  # fmt: skip
    return pd.DataFrame(rows)


def positions_table(
    annotations: list[dict], texts: dict[str, str], codebook_path: str, passages: pd.DataFrame | None = None
) -> pd.DataFrame:
    """The analyst's position annotations, each quote located in its source's text: where
    it stands twice, in a usable passage of `passages` if one holds it (hunter-2021 repeats
    a paragraph, and the position had cited the repeat the ingest sets aside).
    Annotations of sources that are not in this corpus are left out (a corpus may be a subset)."""
    rows = []
    for n, a in enumerate(annotations, start=1):
        where = f"{codebook_path}, row {n}"
        for key in ("source_id", "question", "position", "summary", "quote"):
            if not a.get(key):
                raise InputError(
                    where, f"'{key}' is missing", "Every position needs source, question, label, summary, quote."
                )
        text = texts.get(a["source_id"])
        if text is None:
            continue
        start = _in_usable_passage(text, a["quote"], a["source_id"], passages)
        if start < 0:
            raise InputError(where, "the quote is not in the source's text", "Copy the passage verbatim.")
        bodies = a.get("bodies_quote") or ""
        if bodies and bodies not in text:
            raise InputError(where, "the bodies_quote is not in the source's text", "Copy the passage verbatim.")
        rows.append(
            {
                **{k: a[k] for k in ("source_id", "question", "position", "summary", "quote")},
                "start_char": start,
                "end_char": start + len(a["quote"]),
                "bodies_quote": bodies,
            }
        )
    return pd.DataFrame(rows, columns=schemas.TABLES["positions"].columns).sort_values(
        ["question", "source_id"], ignore_index=True
    )


def _in_usable_passage(text: str, quote: str, source_id: str, passages: pd.DataFrame | None) -> int:
    """Where `quote` first stands in `text` inside a usable passage of the source, else
    where it first stands (-1: nowhere)."""
    first = text.find(quote)
    if first < 0 or passages is None or text.find(quote, first + 1) < 0:
        return first  # nowhere, or once: no passage to choose
    usable = passages[(passages["source_id"] == source_id) & passages["usable"]]
    spans = list(zip(usable["start_char"], usable["end_char"], strict=True))
    at = first
    while at >= 0:
        if any(s <= at and at + len(quote) <= e for s, e in spans):
            return at
        at = text.find(quote, at + 1)
    return first
