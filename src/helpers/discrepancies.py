"""Where the sources disagree or differ: name variants, figures, dates and text defects.

Each row names both sides with a verbatim quote and its offsets, so a reader can check it."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from itertools import combinations

import pandas as pd
from rapidfuzz import fuzz

from helpers import dates, schemas, segment, timeline
from helpers.dates import date_bounds


def _row(kind, subject, a: tuple, b: tuple, note: str) -> dict:
    """a and b: (value, source_id, quote, start, end); b may be empty."""
    value_b, source_b, quote_b, start_b, end_b = b if b else ("", "", "", -1, -1)
    return {
        "kind": kind, "subject": subject, "value_a": str(a[0]), "source_a": a[1], "quote_a": a[2],
        "start_a": a[3], "end_a": a[4], "value_b": str(value_b), "source_b": source_b, "quote_b": quote_b,
        "start_b": start_b, "end_b": end_b, "note": note,
    }  # fmt: skip


# ---------------------------------------------------------------- names


def _form(text: str) -> str:
    """The name as spelled, without an article, a possessive or a defined acronym."""
    return re.sub(r"^(?:the|The)\s+|(?:’s|'s)$|\s*\([A-Z][A-Za-z&]*\)$", "", text.strip())


def how_names_differ(a: str, b: str) -> str:
    """'' when the two forms are not spelling variants of one name (a short form, an acronym)."""
    if a == b or a.isupper() or b.isupper():
        return ""
    squash = lambda s: re.sub(r"[\s\-]+", "", s).lower()  # noqa: E731
    if squash(a) == squash(b):
        if a.replace("-", " ") == b.replace("-", " "):
            return "hyphenated differently"
        return "split by a space" if len(a.split()) != len(b.split()) else "spaced differently"
    if a.replace("isation", "ization") == b.replace("isation", "ization"):
        return "British and American spelling (-isation/-ization)"
    if a.rstrip("s") == b.rstrip("s"):
        return "singular and plural"
    ta, tb = set(a.lower().split()), set(b.lower().split())
    if ta <= tb or tb <= ta:
        return ""  # 'Human Rights Council' is a short form of 'UN Human Rights Council'
    if fuzz.ratio(a, b) >= 88:
        return "different form of the same name"
    return ""


def name_variants(mentions: pd.DataFrame, former_names: dict[str, set[str]] | None = None) -> list[dict]:
    """Spelling variants of one body or person; for states, a former name beside the current one.
    Each spelling is represented by its first mention (by source, then offset), so the pairs
    grow with the spellings of a name, not with its mentions."""
    former_names = former_names or {}
    keys = ["entity_kind", "entity_id"]
    names = mentions.groupby(keys, sort=True)["name"].first()
    firsts = (
        mentions.assign(_form=mentions["quote"].map(_form))
        .sort_values([*keys, "source_id", "start_char"], kind="mergesort")
        .drop_duplicates([*keys, "_form"])
    )
    rows = []
    for (kind, entity), group in firsts.groupby(keys, sort=True):
        if len(group) < 2:
            continue
        name = names[(kind, entity)]
        seen = dict(zip(group["_form"], group.to_dict("records"), strict=True))
        for (fa, ma), (fb, mb) in combinations(sorted(seen.items(), key=lambda item: item[0]), 2):
            if kind == "state":
                olds = former_names.get(name, set())
                how = "a former name beside the current one" if (fa in olds) != (fb in olds) else ""
            else:
                how = how_names_differ(fa, fb)
            if how:
                rows.append(
                    _row(
                        "name_variant",
                        name,
                        (fa, ma["source_id"], ma["quote"], ma["start_char"], ma["end_char"]),
                        (fb, mb["source_id"], mb["quote"], mb["start_char"], mb["end_char"]),
                        f"the same {ma['entity_kind'].replace('organization', 'body')}, {how}",
                    )
                )
    return rows


# ---------------------------------------------------------------- figures


def measure_of(figure: pd.Series, measures: list[dict]) -> str:
    """The first measure whose units and `context` fit the figure and whose `not_context`,
    when given, does not: 168 peacekeepers killed on UN missions had been compared with
    the war on terror's casualties (an analyst's review)."""
    for m in measures:
        if (
            figure["unit"] in m["units"]
            and re.search(m["context"], figure["quote"], re.IGNORECASE)
            and not (m.get("not_context") and re.search(m["not_context"], figure["quote"], re.IGNORECASE))
        ):
            return m["measure"]
    return ""


def _period_label(period: str, published: str = "") -> str:
    """As a note's clause words it: '2005–2013 within the years since 2001', and an
    open period's end when its source's publication closes it ('since 2005 as of 2010')."""
    label = dates.period_label(period) or "no period stated"
    if not label.startswith("since "):
        return label
    return f"the years {label}" + (f" as of {published[:4]}" if published and _is_open(period) else "")


def _is_open(period: str) -> bool:
    return ";" not in period and period.partition("/")[2] == dates.OPEN_END


# The words a sentence may put before a number; evaluate.py strips them from a value too.
QUALIFIER_WORDS = "at least|more than|over|almost|nearly|up to|about|around|some|approximately|roughly"
_QUALIFIER = re.compile(rf"\b({QUALIFIER_WORDS})\s+(?:US\$|\$|€|£)?$", re.IGNORECASE)
_LOWER_BOUNDS = {"at least", "more than", "over"}
_UPPER_BOUNDS = {"almost", "nearly", "up to"}


def qualifier(figure: dict) -> str:
    """The word the sentence puts before the number ('at least 80,000'): '' when none."""
    quote, text = str(figure["quote"]), str(figure["figure_text"])
    at = figure["figure_start"] - figure["start_char"] if "figure_start" in figure else quote.find(text)
    m = _QUALIFIER.search(quote, max(0, at - 20), max(0, at))
    return m.group(1).lower() if m else ""


def as_stated(figure: dict) -> str:
    """The number with the word its sentence puts before it: 'at least 80,000'."""
    return " ".join(filter(None, [qualifier(figure), str(figure["figure_text"])]))


def _window(period: str, published: str = "") -> tuple[str, str] | None:
    """The first and last day a period covers ('2005-10' is October 2005); None when there
    is none, or several ('2005-10; 2010'), which are not one window. An open period ('since
    2005') runs to its source's publication: 'twice since 2005' written in 2010 and 'three
    times since 2005' written in 2021 count different windows, not one."""
    if not period or ";" in period:
        return None
    first, _, last = period.partition("/")
    if last == dates.OPEN_END:
        return date_bounds(first)[0], date_bounds(published)[1] if published else "9999-12-31"
    if first == dates.OPEN_END:  # 'as of November 2021': every year until then
        return "0001-01-01", date_bounds(last)[1]
    return date_bounds(first)[0], date_bounds(last or first)[1]


def figure_note(a: dict, b: dict, published: Mapping[str, str] | None = None) -> str:
    """Why two values of one measure differ, as far as the sentences say: what each counts,
    over which period, and whether a value is a bound ('at least', 'almost'), in a reader's
    words ('window' and 'lower bound' had been jargon). Two periods, one inside the other,
    conflict only when the shorter has the larger count and neither value is a bound that
    allows it. `published` gives each source's publication date, which ends its open periods."""
    published = published or {}

    def window(f: dict) -> tuple[str, str] | None:
        return _window(f["period"], published.get(f["source_id"], ""))

    def label(f: dict) -> str:
        return _period_label(f["period"], published.get(f["source_id"], ""))

    parts = []
    if a["unit"] != b["unit"]:
        # '(casualties; citizens)' had left the reader to guess which figure counts which
        counts = f"the first counts {a['unit']}, the second {b['unit']}"
        parts.append(f"they count different things ({counts})")
    wa, wb = window(a), window(b)
    if a["period"] == b["period"] and wa == wb:
        parts.append("the same measure and period with different values")
    elif wa and wb and (wa[0] >= wb[0] and wa[1] <= wb[1] or wb[0] >= wa[0] and wb[1] <= wa[1]):
        inner, outer = (a, b) if wa[0] >= wb[0] and wa[1] <= wb[1] else (b, a)
        windows = f"{label(inner)} within {label(outer)}"
        inner_word, outer_word = qualifier(inner), qualifier(outer)
        if inner["value"] <= outer["value"]:
            parts.append(f"one period lies inside the other ({windows}), with the smaller count: no contradiction")
        elif outer_word in _LOWER_BOUNDS:
            parts.append(
                f"one period lies inside the other ({windows}), and the longer period's figure gives only a "
                f"floor ('{outer_word}'), so the two do not contradict each other"
            )
        elif inner_word in _UPPER_BOUNDS:
            parts.append(
                f"one period lies inside the other ({windows}), and the shorter period's figure gives only a "
                f"ceiling ('{inner_word}'), so the two do not contradict each other"
            )
        else:
            parts.append(f"the shorter period ({windows}) has the larger count: the figures conflict")
    else:
        parts.append(f"different periods ({label(a)} and {label(b)}): the figures count different years")
    return "; ".join(parts)


def figure_discrepancies(
    figures: pd.DataFrame, measures: list[dict], published: Mapping[str, str] | None = None
) -> list[dict]:
    """Figures of one measure that differ from the value most of its figures state (the
    first stated, on a tie): one row per other value and period, quoting the first passage
    that states it. With two figures this is their one pair; with many it grows with the
    values stated, not with the square of the figures. `published`: as figure_note."""
    rows = []
    measure_keys = [measure_of(f, measures) for f in figures.to_dict("records")]
    tagged = figures.assign(measure_key=measure_keys)
    for key, group in tagged[tagged["measure_key"] != ""].groupby("measure_key", sort=True):
        stated = group.sort_values("figure_id").to_dict("records")
        counts = Counter(f["value"] for f in stated)
        reference = max(stated, key=lambda f: counts[f["value"]])  # the first of the most stated
        a, reported = reference, set()
        for b in stated:
            if abs(a["value"] - b["value"]) < 1e-9 or (b["value"], b["period"]) in reported:
                continue
            reported.add((b["value"], b["period"]))
            rows.append(
                _row(
                    "figure",
                    key,
                    (as_stated(a), a["source_id"], a["quote"], a["start_char"], a["end_char"]),
                    (as_stated(b), b["source_id"], b["quote"], b["start_char"], b["end_char"]),
                    figure_note(a, b, published),
                )
            )
    return rows


# ---------------------------------------------------------------- dates

_MILESTONE = re.compile(r"\b(start|end|opening|launch|completion|closure|beginning)\b", re.IGNORECASE)


def _naming_the_milestone(word: str, a: dict, b: dict) -> dict:
    """Of two statements of one milestone, the one whose description opens with it ('End of
    NATO's earthquake relief operation in Pakistan'), else the first: the subject had been
    'Following the end of the mission, political dialogue … intensified', which is another matter."""
    opens = re.compile(rf"(?:the\s+)?{word}\b", re.IGNORECASE)
    return b if opens.match(b["description"]) and not opens.match(a["description"]) else a


def _subject_of(description: str, limit: int = 80) -> str:
    """A milestone's description as a subject: its first sentence (a milestone line's
    description goes on with what the line adds), cut between words (a cut mid-word read
    'between NATO and Pakistan i')."""
    description = segment.first_sentence(description).rstrip(".")
    if len(description) <= limit:
        return description
    cut = segment.cut_at_word(description, limit - 1)
    return cut if cut == description else cut.rstrip(" ,;:") + "…"


def date_discrepancies(events: pd.DataFrame, groups: list[list[int]], months: int = 12) -> list[dict]:
    """The same milestone of the same matter ('the end of the relief operation') dated
    differently: two events in different timeline groups that name the same milestone,
    share a rare word, and fall within `months` of each other without overlapping.

    Each statement is paired with the first later statement (in table order) that dates its
    milestone differently, once per pair of timeline events. Only statements naming the same
    milestone word within the window are compared."""
    wording = timeline.Wording(list(events["description"]))
    group_of = {i: n for n, g in enumerate(groups) for i in g}
    explicit = events[(events["date_text"] != "") & ~events["date_inferred"].astype(bool)]
    records = explicit.to_dict("records")
    milestones = [_MILESTONE.search(r["quote"]) for r in records]
    by_word: dict[str, list[int]] = {}
    for pos, m in enumerate(milestones):
        if m:
            by_word.setdefault(m.group(1).lower(), []).append(pos)
    index = list(explicit.index)
    later: dict[int, list[int]] = {}  # position -> later positions with its milestone word in the window
    for positions in by_word.values():
        when = sorted(positions, key=lambda pos: _month_number(records[pos]["date_start"]))
        months_of = [_month_number(records[pos]["date_start"]) for pos in when]
        lo = 0
        for hi, pos in enumerate(when):
            while months_of[hi] - months_of[lo] > months:
                lo += 1
            for other in when[lo:hi]:
                first, second = min(pos, other), max(pos, other)
                later.setdefault(first, []).append(second)
    rows, reported = [], set()
    for i in sorted(later):
        a = records[i]
        for j in sorted(later[i]):
            b = records[j]
            pair = frozenset((group_of[index[i]], group_of[index[j]]))
            if len(pair) == 1 or pair in reported or timeline.dates_compatible(a, b):
                continue
            if not timeline.actors_overlap(a, b) or _months_apart(a["date_start"], b["date_start"]) > months:
                continue
            if (
                not wording.shares_rare_word(a["description"], b["description"])
                and wording.similarity(a["description"], b["description"]) < timeline.SIMILARITY
            ):
                continue
            reported.add(pair)
            word = milestones[i].group(1).lower()
            rows.append(
                _row(
                    "date",
                    _subject_of(_naming_the_milestone(word, a, b)["description"]),
                    (a["date_start"], a["source_id"], a["quote"], a["start_char"], a["end_char"]),
                    (b["date_start"], b["source_id"], b["quote"], b["start_char"], b["end_char"]),
                    f"the same {word} dated {a['date_text']} in one passage and {b['date_text']} in the other",
                )
            )
            break
    return rows


def _month_number(date: str) -> int:
    """Months since year 0, mid-year for a bare year."""
    return int(date[:4]) * 12 + (int(date[5:7]) if len(date) >= 7 else 6)


def _months_apart(a: str, b: str) -> int:
    return abs(_month_number(a) - _month_number(b))


# ---------------------------------------------------------------- text defects


def text_defects(passages: pd.DataFrame, texts: dict[str, str]) -> list[dict]:
    """Garbled tokens, each with the first place the corpus spells the word right (sources
    in their order), and repeated paragraphs, each with the paragraph it repeats."""
    rows = []
    by_id = passages.set_index("passage_id")
    defective = passages[(passages["garbled_tokens"] != "") | (passages["duplicate_kind"] != "")]
    first_spelling = _FirstSpelling(texts)
    for p in defective.sort_values(["source_id", "seq"]).to_dict("records"):
        for token in [t for t in str(p["garbled_tokens"]).split("; ") if t]:
            at = p["start_char"] + p["text"].index(token)
            repaired = re.sub(r"\d+", "", token).replace(" ", "")
            where = first_spelling.find(repaired)
            b = (repaired, where[0], repaired, where[1], where[1] + len(repaired)) if where else ()
            how = "digits inside a word" if re.search(r"\d", token) else "a name split by a space"
            rows.append(
                _row(
                    "text_defect",
                    f"garbled token in {p['passage_id']}",
                    (token, p["source_id"], token, at, at + len(token)),
                    b,
                    how,
                )
            )
        if p["duplicate_kind"]:
            other = by_id.loc[p["duplicate_of"]]
            rows.append(
                _row(
                    "text_defect",
                    f"repeated paragraph {p['passage_id']}",
                    (p["passage_id"], p["source_id"], p["text"], p["start_char"], p["end_char"]),
                    (p["duplicate_of"], other["source_id"], other["text"], other["start_char"], other["end_char"]),
                    f"{p['duplicate_kind']} repeat of another paragraph of the same source",
                )
            )
    return rows


class _FirstSpelling:
    """Where a word first occurs as a whole word, reading the texts in order; each word
    is looked up once, and the search stops at the first text that has it."""

    def __init__(self, texts: dict[str, str]):
        self.texts = texts
        self._found: dict[str, tuple[str, int] | None] = {}

    def find(self, word: str) -> tuple[str, int] | None:
        if word not in self._found:
            pattern = re.compile(rf"\b{re.escape(word)}\b")
            hits = ((sid, pattern.search(text)) for sid, text in self.texts.items())
            self._found[word] = next(((sid, m.start()) for sid, m in hits if m), None)
        return self._found[word]


def find_discrepancies(
    events: pd.DataFrame,
    figures: pd.DataFrame,
    mentions: pd.DataFrame,
    passages: pd.DataFrame,
    texts: dict[str, str],
    measures: list[dict],
    former_names: dict[str, set[str]] | None = None,
    groups: list[list[int]] | None = None,
    published: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Every discrepancy; `groups` are the timeline's event groups, computed here if not given;
    `published`, each source's publication date, ends its open periods."""
    groups = groups if groups is not None else timeline.group_events(events)
    rows = (
        name_variants(mentions, former_names)
        + figure_discrepancies(figures, measures, published)
        + date_discrepancies(events, groups)
        + text_defects(passages, texts)
    )
    df = pd.DataFrame(rows, columns=schemas.TABLES["discrepancies"].columns[1:])
    df.insert(0, "discrepancy_id", [f"d{i:03d}" for i in range(1, len(df) + 1)])
    return df
