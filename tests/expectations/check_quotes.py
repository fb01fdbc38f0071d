"""Check the gold-standard expectations in tests/expectations/*.yml against the source texts.

For every file: the shape is the agreed one; every quote is a verbatim substring of
data/interim/text/<source_id>.txt; an event's date_text lies inside its quote; a figure's quote
contains its number as written; every quote whose span the evaluator uses (events, figures)
occurs exactly once, so that text.find() locates the intended passage, and lies outside page
furniture and the ignored duplicate paragraph; surface forms and names occur in the text.

Run: .venv/bin/python tests/expectations/check_quotes.py   (exit code 1 on any problem)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from helpers import schemas

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
TEXT_DIR = ROOT / "data" / "interim" / "text"

TOP_KEYS = ["source_id", "events", "figures", "organizations", "people", "cooperation"]
EVENT_KEYS = {"date_text", "date_start", "date_end", "date_precision", "inferred", "event_type", "actors", "quote"}
FIGURE_KEYS = {"value", "unit", "measure", "period", "quote"}
ORG_KEYS = {"name", "acronym", "org_type", "pakistan_relationship", "surface_forms"}
PERSON_KEYS = {"name", "surface_forms", "role"}
COOP_KEYS = {"area", "quote"}

# Types come from the project's schemas: one list for the extractor and the annotations.
EVENT_TYPES = set(schemas.EVENT_TYPES)
ORG_TYPES = set(schemas.ORG_TYPES)
# The areas are the codebook's: one list for the extractor and the annotations.
AREAS = {
    row["area"]
    for row in yaml.safe_load((ROOT / "data" / "codebook" / "cooperation_areas.yml").read_text(encoding="utf-8"))
}
PRECISIONS = {"day": 3, "month": 2, "year": 1}
ISO = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

# Passages that produce no rows: page furniture and, in hunter-2021, the first (ignored)
# occurrence of the repeated paragraph. Each is given by its exact text; its first occurrence
# is the ignored span.
IGNORED = {
    "hunter-2021": [
        "Pakistan’s designation as an MNNA must also be set in the context of Pakistan’s larger "
        "cooperation with NATO and the United Nations (UN), which predates 2004.\n\nThough",
        "Leave a Comment",
        "Welcome! Login in to your account",
        "Remember me Lost your password?",
        "Lost Password",
    ],
    "abbas-2017": [
        "The Article appeared in Daily Times, February 26, 2017.",
        "Disclaimer: Views expressed are of the writer and are not necessarily reflective of IPRI policy",
        "Post a Reply",
        "Your email address will not be published. Required fields are marked *",
    ],
    "nato-2010": [
        "Last updated: 27-Oct-2010 17:39",
    ],
}

WORDS = {
    1: ["one", "once"],
    2: ["two", "twice"],
    3: ["three", "thrice"],
    4: ["four"],
    5: ["five"],
    6: ["six"],
    7: ["seven"],
    8: ["eight"],
    9: ["nine"],
    10: ["ten"],
}


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


SCALES = [
    (1, [""]),
    (1e3, ["thousand", "k"]),
    (1e6, ["million", "mn", "m"]),
    (1e9, ["billion", "bn", "b"]),
    (1e12, ["trillion", "tn"]),
]


def _numerals(v: float) -> list[str]:
    """Ways a plain number may be written: 80000, 80,000, 10th, two, 123.1 ..."""
    if float(v).is_integer():
        n = int(v)
        return [f"{n:,}", str(n), ordinal(n), *WORDS.get(n, [])]
    text = f"{v:.6f}".rstrip("0").rstrip(".")
    whole, frac = text.split(".")
    return [f"{int(whole):,}.{frac}", text]


def number_patterns(value) -> list[str]:
    """Regexes for the value as written, directly or with a scale word ("$123.1 billion")."""
    v = float(value)
    patterns = []
    for scale, words in SCALES:
        scaled = v / scale
        if scale > 1 and (abs(scaled) < 1 or abs(scaled * 1000 - round(scaled * 1000)) > 1e-6):
            continue
        scaled = round(scaled, 3)
        for form in _numerals(scaled):
            num = rf"(?<![\w.,]){re.escape(form)}(?![\w]|[.,]\d)" if scale == 1 else rf"(?<![\w.,]){re.escape(form)}"
            if scale == 1:
                patterns.append(num)
            else:
                patterns.append(num + r"\s*(?:" + "|".join(words) + r")\b")
    return patterns


def contains_number(quote: str, value) -> bool:
    return any(re.search(p, quote, flags=re.I) for p in number_patterns(value))


def ignored_spans(sid: str, text: str) -> list[tuple[int, int]]:
    spans = []
    for passage in IGNORED.get(sid, []):
        i = text.find(passage)
        if i < 0:
            raise AssertionError(f"{sid}: ignored passage not found: {passage[:60]!r}")
        spans.append((i, i + len(passage)))
    return spans


def check_file(path: Path) -> list[str]:
    problems: list[str] = []

    def fail(msg: str) -> None:
        problems.append(f"{path.name}: {msg}")

    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if list(data) != TOP_KEYS:
        fail(f"top-level keys {list(data)} != {TOP_KEYS}")
    sid = data["source_id"]
    if path.stem != sid:
        fail(f"file name does not match source_id {sid!r}")
    text = (TEXT_DIR / f"{sid}.txt").read_text(encoding="utf-8")
    spans = ignored_spans(sid, text)

    def locate(quote: str, where: str, unique: bool) -> None:
        if not isinstance(quote, str) or not quote:
            fail(f"{where}: empty or non-string quote")
            return
        if quote not in text:
            fail(f"{where}: quote not in text: {quote!r}")
            return
        if unique and text.count(quote) != 1:
            fail(f"{where}: quote occurs {text.count(quote)} times (span ambiguous): {quote!r}")
        i = text.find(quote)
        j = i + len(quote)
        for s, t in spans:
            if i < t and s < j:
                fail(f"{where}: first occurrence lies in an ignored passage: {quote!r}")

    for k, ev in enumerate(data.get("events") or []):
        where = f"events[{k}]"
        if set(ev) != EVENT_KEYS:
            fail(f"{where}: keys {sorted(ev)}")
            continue
        locate(ev["quote"], where, unique=True)
        if not isinstance(ev["date_text"], str) or ev["date_text"] not in ev["quote"]:
            fail(f"{where}: date_text {ev['date_text']!r} not in quote")
        if not ISO.match(str(ev["date_start"])):
            fail(f"{where}: bad date_start {ev['date_start']!r}")
        if ev["date_end"] != "" and not ISO.match(str(ev["date_end"])):
            fail(f"{where}: bad date_end {ev['date_end']!r}")
        if ev["date_end"] and str(ev["date_end"]) < str(ev["date_start"]):
            fail(f"{where}: date_end before date_start")
        if ev["date_precision"] not in PRECISIONS:
            fail(f"{where}: bad date_precision {ev['date_precision']!r}")
        elif str(ev["date_start"]).count("-") + 1 != PRECISIONS[ev["date_precision"]]:
            fail(f"{where}: date_precision {ev['date_precision']} does not fit {ev['date_start']}")
        if not isinstance(ev["inferred"], bool):
            fail(f"{where}: inferred must be a boolean")
        if ev["date_text"] == "" and not ev["inferred"]:
            fail(f"{where}: a date not stated in the quote must be inferred")
        if ev["event_type"] not in EVENT_TYPES:
            fail(f"{where}: bad event_type {ev['event_type']!r}")
        # empty where the sentence names no party to the event (saadia-2022's 9/11 denial)
        if not isinstance(ev["actors"], list):
            fail(f"{where}: actors must be a list")

    for k, fig in enumerate(data.get("figures") or []):
        where = f"figures[{k}]"
        if set(fig) != FIGURE_KEYS:
            fail(f"{where}: keys {sorted(fig)}")
            continue
        if not isinstance(fig["value"], (int, float)) or isinstance(fig["value"], bool):
            fail(f"{where}: value must be a number")
            continue
        locate(fig["quote"], where, unique=True)
        if not contains_number(fig["quote"], fig["value"]):
            fail(f"{where}: quote does not contain {fig['value']} as written: {fig['quote']!r}")
        for key in ("unit", "measure"):
            if not fig[key]:
                fail(f"{where}: empty {key}")

    names = set()
    for k, org in enumerate(data.get("organizations") or []):
        where = f"organizations[{k}]"
        if set(org) != ORG_KEYS:
            fail(f"{where}: keys {sorted(org)}")
            continue
        if org["name"] in names:
            fail(f"{where}: duplicate organisation {org['name']!r}")
        names.add(org["name"])
        if org["org_type"] not in ORG_TYPES:
            fail(f"{where}: bad org_type {org['org_type']!r}")
        if not org["surface_forms"]:
            fail(f"{where}: no surface forms")
        for form in org["surface_forms"]:
            if form not in text:
                fail(f"{where}: surface form not in text: {form!r}")
        if org["acronym"] and org["acronym"] not in text:
            print(f"note: {path.name} {where}: acronym {org['acronym']!r} not used in the text")

    for k, person in enumerate(data.get("people") or []):
        where = f"people[{k}]"
        if set(person) != PERSON_KEYS:
            fail(f"{where}: keys {sorted(person)}")
            continue
        for form in person["surface_forms"]:
            if form not in text:
                fail(f"{where}: surface form not in text: {form!r}")

    areas = set()
    for k, co in enumerate(data.get("cooperation") or []):
        where = f"cooperation[{k}]"
        if set(co) != COOP_KEYS:
            fail(f"{where}: keys {sorted(co)}")
            continue
        if co["area"] not in AREAS and not str(co["area"]).startswith("other: "):
            fail(f"{where}: bad area {co['area']!r}")
        if co["area"] in areas:
            fail(f"{where}: duplicate area {co['area']!r}")
        areas.add(co["area"])
        locate(co["quote"], where, unique=False)

    return problems


def main() -> int:
    files = sorted(HERE.glob("*.yml"))
    if not files:
        print("no expectation files found")
        return 1
    problems = [p for f in files for p in check_file(f)]
    for p in problems:
        print(p)
    for f in files:
        d = yaml.safe_load(f.read_text(encoding="utf-8"))
        counts = ", ".join(f"{t}={len(d.get(t) or [])}" for t in TOP_KEYS[1:])
        print(f"{d['source_id']}: {counts}")
    print("OK" if not problems else f"{len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
