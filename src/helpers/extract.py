"""The extraction step as pure functions: passages and codebooks in, tables out.

Every row keeps `source_id`, a verbatim `quote` and the `start_char`/`end_char` that
slice it out of data/interim/text/<source_id>.txt. Passages flagged at ingest
(boilerplate, repeats) and footnotes give no rows."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from helpers import dates, entities, figures, schemas, segment

CONTENT_KINDS = ("paragraph", "list_item")
NAME_KINDS = ("paragraph", "list_item", "heading", "author_note")


@dataclass
class Codebooks:
    gazetteer: entities.Gazetteer
    event_types: list[dict]
    cooperation_areas: list[dict]
    named_dates: list[dates.NamedDate]

    @classmethod
    def from_files(cls, gazetteer: Path, event_types: Path, cooperation_areas: Path, named_dates: Path) -> Codebooks:
        from helpers import io

        return cls(
            entities.Gazetteer.from_codebook(io.load_gazetteer(gazetteer)),
            io.load_yaml_codebook(event_types),
            io.load_yaml_codebook(cooperation_areas),
            dates.compile_named_dates(io.load_yaml_codebook(named_dates)),
        )


def _cue_regex(cues: list[str]) -> re.Pattern | None:
    if not cues:
        return None
    parts = [re.escape(c).replace(r"\*", r"[\w\-]*") for c in cues]
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def classify_event(
    sentence: str, event_types: list[dict], names_blanked: str = "", anchor: tuple[int, int] | None = None
) -> str:
    """The type whose cue word stands nearest the date in the sentence ('completed its
    mission in 2014, by allowing the transit of supplies' is about the mission); ties go to
    the codebook's order. Cues are looked for outside organisation names first ('Security
    Assistance Force' is no cue for aid), then inside them ('Opening of Joint Intelligence
    Operations Centre' is about intelligence)."""
    for text in (names_blanked, sentence) if names_blanked else (sentence,):
        best: tuple[int, int, str] | None = None
        for order, row in enumerate(event_types):
            regex = _cue_regex(row.get("cues") or [])
            for m in regex.finditer(text) if regex else ():
                distance = 0 if anchor is None else max(anchor[0] - m.end(), m.start() - anchor[1], 0)
                candidate = (distance, order, row["event_type"])
                best = min(best, candidate) if best else candidate
        if best:
            return best[2]
    return "other"


def _usable(passages: pd.DataFrame, kinds: tuple[str, ...]) -> pd.DataFrame:
    usable = passages["usable"].astype(bool)
    return passages[usable & passages["kind"].isin(kinds)]


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


@dataclass
class SourceMentions:
    """What one source names, computed once and shared by the tables."""

    organizations: list[entities.Mention]
    people: list[entities.Mention]
    actors: list[entities.Mention]


def find_mentions(source_passages: pd.DataFrame, gazetteer: entities.Gazetteer) -> SourceMentions:
    defined: dict = {}
    orgs, people, actors = [], [], []
    rows = _usable(source_passages, NAME_KINDS)
    for _, p in rows.iterrows():
        orgs += entities.find_organizations(p.text, gazetteer, p.start_char, defined)
        people += entities.find_people(p.text, gazetteer, p.start_char)
        actors += entities.find_actors(p.text, gazetteer, p.start_char)
    people += _bylines(rows, gazetteer)
    return SourceMentions(orgs, people, actors)


def _bylines(rows: pd.DataFrame, gazetteer: entities.Gazetteer) -> list[entities.Mention]:
    """A heading that is only a name, followed by that person's note ('Mary Hunter' then
    'Mary Hunter is a ...', or 'Haleema Saadia' then 'The author is ...')."""
    found = []
    ordered = rows.sort_values("seq").reset_index(drop=True)
    for i, p in ordered.iterrows():
        if p.kind != "heading" or not re.fullmatch(entities._NAME, p.text) or i + 1 >= len(ordered):
            continue
        nxt = ordered.loc[i + 1, "text"]
        if nxt.startswith((p.text, "The author", "Mr. " + p.text, "Ms. " + p.text, "Dr. " + p.text)):
            if not gazetteer.is_known_non_person(p.text):
                role = re.match(
                    r"(?:The author|.+?) is (?:a |an |the )?((?:[A-Z][\w\-]* ?)+?)(?= at| of| in|[.,])", nxt
                )
                found.append(
                    entities.Mention(
                        "person",
                        p.start_char,
                        p.end_char,
                        p.text,
                        p.text,
                        role=role.group(1).strip() if role else "author",
                        rule="byline",
                    )
                )
    return found


def _in_span(mentions: list[entities.Mention], start: int, end: int) -> list[entities.Mention]:
    return [m for m in mentions if start <= m.start and m.end <= end]


def _actors_of(mentions: SourceMentions, start: int, end: int) -> str:
    names: list[str] = []
    for m in sorted(
        _in_span(mentions.actors, start, end)
        + _in_span(mentions.organizations, start, end)
        + _in_span(mentions.people, start, end),
        key=lambda m: m.start,
    ):
        name = m.acronym if m.kind == "organization" and m.acronym else m.canonical
        if name not in names:
            names.append(name)
    return ";".join(names)


def _describe(sentence: str, date_text: str) -> str:
    """A short line for a table cell: the statement without its date phrase, capitalised."""
    text = sentence
    if date_text:
        date_phrase = r"(?:\b(?:in|on|during|since|by|from|of|until|as of)\s+)?" + re.escape(date_text) + r"(?:’s|'s)?"
        text = re.sub(date_phrase, "", text, count=1)
    text = re.sub(r"\(\s*\)", "", text)
    text = re.sub(r"\s+([,.;:])", r"\1", text)
    text = re.sub(r"([,;:])\s*([,;:.])", r"\2", text)
    text = re.sub(r"^[\s,;:–\-]+|^(?:In|On|During|Since|By|From)\s*,\s*", "", text)
    text = re.sub(r"\s+", " ", text).strip(" ,;.")
    if len(text) > 160:
        text = text[:157].rsplit(" ", 1)[0] + "…"
    return text[:1].upper() + text[1:]


def extract_events(
    source: pd.Series,
    source_passages: pd.DataFrame,
    mentions: SourceMentions,
    event_types: list[dict],
    named: list[dates.NamedDate] | None = None,
) -> list[dict]:
    """One row per dated statement. A milestone line with no date of its own, between
    two dated milestones, takes the date above it (flagged as inferred)."""
    rows = []
    published = source.get("published") or ""
    ordered = [p for _, p in _usable(source_passages, CONTENT_KINDS).sort_values("seq").iterrows()]
    led = [_leading_date(p, published) for p in ordered]
    for i, p in enumerate(ordered):
        found_any = False
        for sentence in segment.split_sentences(p.text, p.start_char):
            for d in dates.find_dates(sentence.text, published, sentence.start, named):
                found_any = True
                rows.append(_event_row(source, sentence, d, mentions, event_types))
        inside_milestones = 0 < i < len(ordered) - 1 and led[i - 1] is not None and led[i + 1] is not None
        if not found_any and inside_milestones:
            above = led[i - 1]
            sentence = segment.Sentence(p.start_char, p.end_char, p.text)
            inherited = dates.DateMention(
                p.start_char, p.start_char, "", above.date_start, above.date_end, above.precision, True
            )
            rows.append(_event_row(source, sentence, inherited, mentions, event_types))
            led[i] = above
    return rows


def _leading_date(p: pd.Series, published: str) -> dates.DateMention | None:
    """The date a milestone line opens with ('March 2005 Visit to ...'), if any."""
    found = dates.find_dates(p.text[:30], "", p.start_char)
    return found[0] if found and found[0].start == p.start_char and not found[0].inferred else None


def _without_names(sentence: segment.Sentence, mentions: SourceMentions) -> str:
    """The sentence with organisation names blanked: 'Security Assistance Force' is not
    a cue for aid, nor 'Joint Intelligence Operations Centre' for a military operation."""
    chars = list(sentence.text)
    for m in _in_span(mentions.organizations, sentence.start, sentence.end):
        for i in range(m.start - sentence.start, m.end - sentence.start):
            chars[i] = " "
    return "".join(chars)


def _event_row(source, sentence, d: dates.DateMention, mentions: SourceMentions, event_types) -> dict:
    return {
        "source_id": source["source_id"],
        "date_start": d.date_start,
        "date_end": d.date_end,
        "date_precision": d.precision,
        "date_text": d.text,
        "date_inferred": d.inferred,
        "event_type": classify_event(
            sentence.text,
            event_types,
            _without_names(sentence, mentions),
            (d.start - sentence.start, d.end - sentence.start),
        ),
        "actors": _actors_of(mentions, sentence.start, sentence.end),
        "description": _describe(sentence.text, d.text),
        "quote": sentence.text,
        "start_char": sentence.start,
        "end_char": sentence.end,
    }


def extract_figures(source: pd.Series, source_passages: pd.DataFrame) -> list[dict]:
    rows = []
    for _, p in _usable(source_passages, CONTENT_KINDS).sort_values("seq").iterrows():
        for sentence in segment.split_sentences(p.text, p.start_char):
            found_dates = dates.find_dates(sentence.text, "", 0)
            spans = [(d.start, d.end) for d in found_dates]
            period = "; ".join(d.date_start + (f"/{d.date_end}" if d.date_end else "") for d in found_dates)
            for f in figures.find_figures(sentence.text, spans, sentence.start):
                rows.append(
                    {
                        "source_id": source["source_id"],
                        "value": f.value,
                        "unit": f.unit,
                        "measure": f.measure,
                        "period": period,
                        "quote": sentence.text,
                        "start_char": sentence.start,
                        "end_char": sentence.end,
                        "figure_text": f.text,
                        "figure_start": f.start,
                        "figure_end": f.end,
                    }
                )
    return rows


# Pakistan's relationship to a body, as a sentence naming both states it. A cue belongs to
# the organisation mentioned nearest to it, unless the cue names its body itself.
_RELATIONSHIP_CUES = (
    (re.compile(r"\bnot a member|\bnon-member|\bnon-party", re.I), "non-member", ""),
    (re.compile(r"\bformer member|\bwithdrew from|\bleft the\b", re.I), "former member", ""),
    (re.compile(r"\bobserver", re.I), "observer", ""),
    (re.compile(r"\bmajor non-NATO ally|\bMNNA\b", re.I), "major non-NATO ally (US designation)", "NATO"),
    (re.compile(r"\bfull members?\b|\bmember states?\b|\bis (?:currently )?a member|\bjoined|\bentrance into|"
                r"\bmembership\b|\belected", re.I), "member", ""),
    (re.compile(r"\bpartners? across the globe|\bin partnership with|\bpartner\b", re.I), "partner", ""),
    (re.compile(r"\btroops\b|\bpeacekeep", re.I), "troop contributor", ""),
    (re.compile(r"\bsupported\b|\bsupport for\b|\bparticipates in\b|\bparticipated in\b", re.I),
     "supporter/participant", ""),
)  # fmt: skip
_SINCE_YEAR = re.compile(r"\b(?:since|in)\s+(?:its\s+)?(?:[\w’']+\s+){0,3}?((?:19|20)\d{2})\b")


def relationships(text: str, mentions: list[entities.Mention]) -> dict[int, list[str]]:
    """Index of an organisation mention -> the relationships its sentence states."""
    by_sentence: dict[tuple[int, int], list[int]] = defaultdict(list)
    for i, m in enumerate(mentions):
        by_sentence[_sentence_around(text, m.start, m.end)].append(i)
    found: dict[int, list[str]] = defaultdict(list)
    for (s, e), indices in by_sentence.items():
        sentence = text[s:e]
        if not re.search(r"\bPakistan", sentence):
            continue
        negated = [m.span() for m in _RELATIONSHIP_CUES[0][0].finditer(sentence)]
        for regex, label, names_body in _RELATIONSHIP_CUES:
            for cue in regex.finditer(sentence):
                if label == "member" and any(a <= cue.start() < b + 12 for a, b in negated):
                    continue  # "not a member state"
                at = s + cue.start()
                candidates = [i for i in indices if not names_body or mentions[i].acronym == names_body]
                if not candidates:
                    continue
                nearest = min(candidates, key=lambda i: min(abs(mentions[i].start - at), abs(mentions[i].end - at)))
                tag = label
                if label == "member":
                    year = _SINCE_YEAR.search(sentence, cue.start(), min(len(sentence), cue.end() + 60))
                    tag = f"member since {year.group(1)}" if year else label
                chain = [nearest] if names_body else _coordinated(text, mentions, indices, nearest)
                for i in chain:
                    if tag not in found[i]:
                        found[i].append(tag)
    return found


def _coordinated(text: str, mentions: list[entities.Mention], indices: list[int], first: int) -> list[int]:
    """'joined SEATO and CENTO': the mentions listed with the nearest one share its cue."""
    chain = [first]
    ordered = sorted(indices, key=lambda i: mentions[i].start)
    for i in ordered[ordered.index(first) + 1 :]:
        gap = text[mentions[chain[-1]].end : mentions[i].start]
        if re.fullmatch(r"[\s,]*(?:\([A-Z][A-Za-z]*\))?[\s,]*(?:and|or)?\s*", gap):
            chain.append(i)
        elif not gap.strip(" ()"):
            continue
        else:
            break
    return chain


def extract_cooperation(source: pd.Series, source_passages: pd.DataFrame, areas: list[dict]) -> list[dict]:
    rows = []
    sentences = [
        s
        for _, p in _usable(source_passages, CONTENT_KINDS).sort_values("seq").iterrows()
        for s in segment.split_sentences(p.text, p.start_char)
    ]
    for area in areas:
        regex = _cue_regex(area.get("cues") or [])
        hit = next((s for s in sentences if regex and regex.search(s.text)), None) if regex else None
        if hit:
            rows.append(
                {
                    "area": area["area"],
                    "source_id": source["source_id"],
                    "quote": hit.text,
                    "start_char": hit.start,
                    "end_char": hit.end,
                }
            )
    return rows


def _sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the sentence that holds [start, end), split as everywhere else."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    for sentence in segment.split_sentences(text[line_start:line_end], line_start):
        if sentence.start <= start < sentence.end:
            return sentence.start, max(sentence.end, end)
    return line_start, line_end


def extract_tables(
    sources: pd.DataFrame, passages: pd.DataFrame, texts: dict[str, str], codebooks: Codebooks
) -> dict[str, pd.DataFrame]:
    events, figs, coop, org_mentions, person_mentions, state_mentions = [], [], [], [], [], []
    relationship_rows: list[dict] = []
    for _, source in sources.sort_values("source_id").iterrows():
        sid = source["source_id"]
        sp = passages[passages["source_id"] == sid]
        mentions = find_mentions(sp, codebooks.gazetteer)
        events += extract_events(source, sp, mentions, codebooks.event_types, codebooks.named_dates)
        figs += extract_figures(source, sp)
        coop += extract_cooperation(source, sp, codebooks.cooperation_areas)
        stated = relationships(texts[sid], mentions.organizations)
        for i, m in enumerate(mentions.organizations):
            org_mentions.append((sid, m, stated.get(i, [])))
            for label in stated.get(i, []):
                start, end = _sentence_around(texts[sid], m.start, m.end)
                quote = texts[sid][start:end]
                start += len(quote) - len(quote.lstrip())
                quote = quote.strip()
                relationship_rows.append({
                    "org_id": _org_id(m.acronym, m.canonical), "name": m.canonical, "relationship": label,
                    "source_id": sid, "quote": quote, "start_char": start, "end_char": start + len(quote),
                })  # fmt: skip
        for m in mentions.people:
            person_mentions.append((sid, m))
        state_mentions += [(sid, m) for m in mentions.actors]
    return {
        "events": _number(pd.DataFrame(events), "event_id", "e"),
        "figures": _number(pd.DataFrame(figs), "figure_id", "f"),
        "organizations": organizations_table(org_mentions),
        "people": people_table(person_mentions),
        "cooperation": pd.DataFrame(coop),
        "mentions": mentions_table(org_mentions, person_mentions, state_mentions),
        "relationships": pd.DataFrame(
            relationship_rows,
            columns=schemas.TABLES["relationships"].columns,
        ).drop_duplicates(["org_id", "relationship", "source_id"], ignore_index=True),
    }


def _number(df: pd.DataFrame, id_column: str, letter: str) -> pd.DataFrame:
    if df.empty:
        return df
    df = df.sort_values(["source_id", "start_char", "end_char"], kind="stable").reset_index(drop=True)
    counters: dict[str, int] = defaultdict(int)
    ids = []
    for sid in df["source_id"]:
        counters[sid] += 1
        ids.append(f"{sid}-{letter}{counters[sid]:03d}")
    df.insert(0, id_column, ids)
    return df


def _org_id(acronym: str, name: str) -> str:
    return _slug(acronym or name)


def organizations_table(org_mentions) -> pd.DataFrame:
    groups: dict[str, dict] = {}
    for sid, m, relationships in sorted(org_mentions, key=lambda x: (x[0], x[1].start)):
        key = m.canonical
        g = groups.setdefault(
            key,
            {
                "org_id": _org_id(m.acronym, m.canonical),
                "acronym": m.acronym,
                "name": m.canonical,
                "org_type": m.org_type,
                "relationships": {},
                "n_mentions": 0,
                "source_ids": [],
                "source_id": sid,
                "quote": m.text,
                "start_char": m.start,
                "end_char": m.end,
            },
        )
        g["n_mentions"] += 1
        if sid not in g["source_ids"]:
            g["source_ids"].append(sid)
        for r in relationships:
            g["relationships"].setdefault(r, [])
            if sid not in g["relationships"][r]:
                g["relationships"][r].append(sid)
        if not g["acronym"] and m.acronym:
            g["acronym"] = m.acronym
    rows = []
    for g in groups.values():
        rel = "; ".join(f"{r} ({', '.join(s)})" for r, s in g.pop("relationships").items())
        g["pakistan_relationship"] = rel
        g["source_ids"] = ";".join(sorted(g["source_ids"]))
        rows.append(g)
    return pd.DataFrame(rows, columns=schemas.TABLES["organizations"].columns).sort_values("org_id", ignore_index=True)


def people_table(person_mentions) -> pd.DataFrame:
    groups: dict[str, dict] = {}
    for sid, m in sorted(person_mentions, key=lambda x: (x[0], x[1].start)):
        g = groups.setdefault(
            m.canonical,
            {
                "person_id": _slug(m.canonical),
                "name": m.canonical,
                "variants": {},
                "role": m.role,
                "n_mentions": 0,
                "source_ids": [],
                "source_id": sid,
                "quote": m.text,
                "start_char": m.start,
                "end_char": m.end,
            },
        )
        g["n_mentions"] += 1
        g["variants"].setdefault(sid, [])
        if m.text not in g["variants"][sid]:
            g["variants"][sid].append(m.text)
        if sid not in g["source_ids"]:
            g["source_ids"].append(sid)
        if m.role and (not g["role"] or g["role"] == "author" and m.role != "author"):
            g["role"] = m.role  # a title beats the bare "author" of a byline
    rows = []
    for g in groups.values():
        g["variants"] = "; ".join(f"{sid}: {' | '.join(v)}" for sid, v in g["variants"].items())
        g["source_ids"] = ";".join(sorted(g["source_ids"]))
        rows.append(g)
    return pd.DataFrame(rows, columns=schemas.TABLES["people"].columns).sort_values("person_id", ignore_index=True)


def mentions_table(org_mentions, person_mentions, state_mentions=()) -> pd.DataFrame:
    def row(kind: str, entity_id: str, sid: str, m: entities.Mention) -> dict:
        return {
            "entity_kind": kind, "entity_id": entity_id, "name": m.canonical, "source_id": sid, "quote": m.text,
            "start_char": m.start, "end_char": m.end, "rule": m.rule,
        }  # fmt: skip

    rows = (
        [row("organization", _org_id(m.acronym, m.canonical), sid, m) for sid, m, _ in org_mentions]
        + [row("person", _slug(m.canonical), sid, m) for sid, m in person_mentions]
        + [row("state", _slug(m.canonical), sid, m) for sid, m in state_mentions]
    )
    return pd.DataFrame(rows).sort_values(["source_id", "start_char", "entity_kind"], ignore_index=True)
