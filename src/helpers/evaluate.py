"""Precision and recall of the extracted tables against the annotated expectations in
tests/expectations/<source_id>.yml (what a careful reader lists in each source).

Matching rules, one gold row to at most one extracted row:
- events: same source, same date_start and date_end, and the quotes overlap in the text;
- figures: same source, same value, and the number lies inside the gold quote's span;
- organizations, people: same source and the same entity (acronym, canonical name, a
  spelling the source uses, or a near-identical name);
- cooperation: same source and area;
- timeline (tests/expectations/cross-source/timeline.yml): recall is the share of the
  expected merges found whole in one row; precision is the share of the pairs that must
  stay apart that do;
- discrepancies (cross-source/discrepancies.yml): the same kind and both values."""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml
from rapidfuzz import fuzz

from helpers import paths

TABLES = ("events", "figures", "organizations", "people", "cooperation")


@dataclass
class Score:
    table: str
    n_extracted: int
    n_expected: int
    true_positives_extracted: int
    true_positives_expected: int

    @property
    def precision(self) -> float:
        return self.true_positives_extracted / self.n_extracted if self.n_extracted else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives_expected / self.n_expected if self.n_expected else 1.0


def load_expectations(folder: Path) -> dict[str, dict]:
    out = {}
    for path in sorted(Path(folder).glob("*.yml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        out[data["source_id"]] = data
    return out


def _span(text: str, quote: str) -> tuple[int, int]:
    i = text.find(quote)
    return (i, i + len(quote)) if i >= 0 else (-1, -1)


def _norm(name: str) -> str:
    name = re.sub(r"^the\s+", "", str(name).strip(), flags=re.I)
    return re.sub(r"[\W_]+", "", name.replace("isation", "ization").replace("Centre", "Center")).lower()


def _match(expected: list, extracted: list, same) -> tuple[int, int]:
    """Greedy one-to-one matching; returns (matched extracted, matched expected)."""
    used: set[int] = set()
    hits = 0
    for g in expected:
        for i, e in enumerate(extracted):
            if i not in used and same(g, e):
                used.add(i)
                hits += 1
                break
    return hits, hits


def score_events(gold: dict[str, dict], events: pd.DataFrame, texts: dict[str, str]) -> Score:
    expected = [(sid, g, _span(texts[sid], g["quote"])) for sid, d in gold.items() for g in d.get("events") or []]
    extracted = [r for _, r in events.iterrows() if r["source_id"] in gold]

    def same(g, e):
        sid, row, (s, t) = g
        return (
            e["source_id"] == sid
            and str(row["date_start"]) == str(e["date_start"])
            and str(row.get("date_end") or "") == str(e["date_end"] or "")
            and e["start_char"] < t
            and s < e["end_char"]
        )

    tp, _ = _match(expected, extracted, same)
    return Score("events", len(extracted), len(expected), tp, tp)


def score_figures(gold: dict[str, dict], figures: pd.DataFrame, texts: dict[str, str]) -> Score:
    expected = [(sid, g, _span(texts[sid], g["quote"])) for sid, d in gold.items() for g in d.get("figures") or []]
    extracted = [r for _, r in figures.iterrows() if r["source_id"] in gold]

    def same(g, e):
        sid, row, (s, t) = g
        return (
            e["source_id"] == sid
            and abs(float(row["value"]) - float(e["value"])) <= 1e-6 * max(1.0, abs(float(row["value"])))
            and s <= e["figure_start"]
            and e["figure_end"] <= t
        )

    tp, _ = _match(expected, extracted, same)
    return Score("figures", len(extracted), len(expected), tp, tp)


def _entity_pairs(table: pd.DataFrame, mentions: pd.DataFrame, kind: str) -> list[tuple[str, dict]]:
    """(source, entity) pairs: an entity counts once in each source that names it."""
    pairs = []
    key = "org_id" if kind == "organization" else "person_id"
    for _, row in table.iterrows():
        spelled = mentions[(mentions["entity_kind"] == kind) & (mentions["entity_id"] == row[key])]
        for sid in str(row["source_ids"]).split(";"):
            forms = set(spelled.loc[spelled["source_id"] == sid, "quote"])
            pairs.append((sid, {"name": row["name"], "acronym": row.get("acronym", "") or "", "forms": forms}))
    return pairs


def _same_entity(g: dict, e: dict) -> bool:
    if g.get("acronym") and e.get("acronym") and g["acronym"] == e["acronym"]:
        return True
    gold_forms = {_norm(f) for f in [g["name"], *(g.get("surface_forms") or [])]}
    ext_forms = {_norm(f) for f in [e["name"], *e["forms"]]}
    if gold_forms & ext_forms:
        return True
    return fuzz.token_sort_ratio(g["name"], e["name"]) >= 92


def score_entities(gold: dict[str, dict], table: pd.DataFrame, mentions: pd.DataFrame, kind: str) -> Score:
    section = "organizations" if kind == "organization" else "people"
    expected = [(sid, g) for sid, d in gold.items() for g in d.get(section) or []]
    extracted = [(sid, e) for sid, e in _entity_pairs(table, mentions, kind) if sid in gold]
    tp_gold, _ = _match(expected, extracted, lambda g, e: g[0] == e[0] and _same_entity(g[1], e[1]))
    tp_ext, _ = _match(extracted, expected, lambda e, g: g[0] == e[0] and _same_entity(g[1], e[1]))
    return Score(section, len(extracted), len(expected), tp_ext, tp_gold)


def score_cooperation(gold: dict[str, dict], cooperation: pd.DataFrame) -> Score:
    expected = {(sid, g["area"]) for sid, d in gold.items() for g in d.get("cooperation") or []}
    extracted = {(r["source_id"], r["area"]) for _, r in cooperation.iterrows() if r["source_id"] in gold}
    tp = len(expected & extracted)
    return Score("cooperation", len(extracted), len(expected), tp, tp)


def score_all(gold: dict[str, dict], tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> list[Score]:
    return [
        score_events(gold, tables["events"], texts),
        score_figures(gold, tables["figures"], texts),
        score_entities(gold, tables["organizations"], tables["mentions"], "organization"),
        score_entities(gold, tables["people"], tables["mentions"], "person"),
        score_cooperation(gold, tables["cooperation"]),
    ]


def _event_at(events: pd.DataFrame, texts: dict[str, str], member: dict) -> str:
    """The event whose statement contains (or overlaps) the quoted fragment."""
    start = texts[member["source_id"]].find(member["quote"])
    end = start + len(member["quote"])
    hits = events[
        (events["source_id"] == member["source_id"]) & (events["start_char"] < end) & (start < events["end_char"])
    ]
    return hits["event_id"].iloc[0] if len(hits) and start >= 0 else ""


def score_timeline(gold: dict, timeline: pd.DataFrame, events: pd.DataFrame, texts: dict[str, str]) -> Score:
    row_of = {e: i for i, ids in enumerate(timeline["event_ids"]) for e in str(ids).split(";")}
    merged = 0
    for group in gold.get("merge", []):
        rows = {row_of.get(_event_at(events, texts, m), -1 - n) for n, m in enumerate(group["members"])}
        merged += len(rows) == 1
    apart = 0
    for item in gold.get("apart", []):
        a, b = (row_of.get(_event_at(events, texts, m), -1 - n) for n, m in enumerate(item["pair"]))
        apart += a != b
    n_merge, n_apart = len(gold.get("merge", [])), len(gold.get("apart", []))
    return Score("timeline", n_apart, n_merge, apart, merged)


def _value(v: str) -> str:
    """A value as the gold gives it: no trailing '(ACR)', no leading 'at least' or 'almost'
    (a figure's row keeps the word its sentence puts before it)."""
    from helpers.discrepancies import QUALIFIER_WORDS

    v = re.sub(r"\s*\([A-Z][A-Za-z&]*\)$", "", str(v).strip()).lower()
    return re.sub(rf"^(?:{QUALIFIER_WORDS})\s+", "", v)


def score_discrepancies(gold: list[dict], found: pd.DataFrame) -> Score:
    def same(g, r) -> bool:
        if g["kind"] != r["kind"]:
            return False
        values = [_value(v) for v in g["values"]]
        if g["kind"] == "text_defect":
            return any(v in _value(r["value_a"]) or v in r["quote_a"].lower() for v in values)
        return set(values) == {_value(r["value_a"]), _value(r["value_b"])}

    rows = [r for _, r in found.iterrows()]
    tp_gold, _ = _match(gold, rows, same)
    tp_rows, _ = _match(rows, gold, lambda r, g: same(g, r))
    return Score("discrepancies", len(rows), len(gold), tp_rows, tp_gold)


def score_cross_source(folder: Path, tables: dict[str, pd.DataFrame], texts: dict[str, str]) -> list[Score]:
    folder = Path(folder) / "cross-source"
    scores = []
    if (folder / "timeline.yml").exists() and "timeline" in tables:
        gold = yaml.safe_load((folder / "timeline.yml").read_text(encoding="utf-8"))
        scores.append(score_timeline(gold, tables["timeline"], tables["events"], texts))
    if (folder / "discrepancies.yml").exists() and "discrepancies" in tables:
        gold = yaml.safe_load((folder / "discrepancies.yml").read_text(encoding="utf-8"))
        scores.append(score_discrepancies(gold, tables["discrepancies"]))
    return scores


def report(scores: list[Score]) -> str:
    lines = [f"{'table':<15}{'extracted':>10}{'expected':>10}{'precision':>11}{'recall':>8}"]
    for s in scores:
        lines.append(f"{s.table:<15}{s.n_extracted:>10}{s.n_expected:>10}{s.precision:>11.3f}{s.recall:>8.3f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Precision and recall against tests/expectations/.")
    parser.add_argument("--tables", default=str(paths.TABLES_DIR))
    parser.add_argument("--expectations", default=str(paths.ROOT / "tests" / "expectations"))
    parser.add_argument("--texts", default=str(paths.TEXT_DIR))
    args = parser.parse_args(argv)
    gold = load_expectations(Path(args.expectations))
    tables = {
        name: pd.read_csv(Path(args.tables) / f"{name}.csv", keep_default_na=False)
        for name in (*TABLES, "mentions", "timeline", "discrepancies")
        if (Path(args.tables) / f"{name}.csv").exists()
    }
    texts = {sid: (Path(args.texts) / f"{sid}.txt").read_text(encoding="utf-8") for sid in gold}
    scores = score_all(gold, tables, texts) + score_cross_source(Path(args.expectations), tables, texts)
    print(report(scores))
    print("timeline: recall = expected merges found whole in one row; precision = pairs kept apart")
    return 0


if __name__ == "__main__":
    sys.exit(main())
