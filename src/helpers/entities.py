"""Organisations, people and state actors named in the text.

Names come from general rules first ("Full Name (ACR)" definitions, a title before a
name, a capitalised phrase ending in an organisation word such as Council or Commission,
an acronym the document defined) and from the gazetteer in data/codebook/gazetteer.yml,
which also gives canonical names, variants and types. A new source on the same subject
is read without editing code: what the gazetteer lacks, the rules still find."""

from __future__ import annotations

import calendar
import functools
import operator
import re
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

from rapidfuzz import fuzz, process

from helpers import prefilter

ORG_HEADS = (
    "Organisation",
    "Organization",
    "Council",
    "Commission",
    "Force",
    "Forces",
    "Group",
    "Regime",
    "Arrangement",
    "Treaty",
    "Centre",
    "Center",
    "Institute",
    "University",
    "Programme",
    "Program",
    "Office",
    "Agency",
    "Alliance",
    "Association",
    "Conference",
    "Committee",
    "Assembly",
    "Mission",
    "Structure",
    "College",
    "School",
    "Ministry",
    "Forum",
    "Troika",
    "Machinery",
    "Union",
    "Bank",
    "Fund",
    "Court",
    "Secretariat",
    "Army",
    "Navy",
    "Charter",
)
# A capitalised word that opens a sentence is not a first name ("While Afghanistan is ...").
_NOT_NAME_WORDS = {
    "While", "When", "Where", "As", "If", "Since", "Though", "Although", "After", "Before", "During", "Under",
    "The", "This", "That", "These", "Those", "In", "On", "At", "By", "For", "From", "With", "Without", "Its",
    "Their", "His", "Her", "Our", "Both", "Each", "Every", "Why", "How", "What", "Which", "Perhaps", "Thus",
}  # fmt: skip
# Capitalised words that are a month or a day, not part of a name or a role ('In March Interior
# Minister ...', 'By Sara Malik, November 2024').
CALENDAR_WORDS = frozenset({*calendar.month_name[1:], *calendar.day_name})
ORG_TYPE_BY_HEAD = {
    "Treaty": "treaty",
    "Charter": "treaty",
    "Regime": "export-control regime",
    "Arrangement": "export-control regime",
    "University": "university",
    "College": "university",
    "School": "other",
    "Institute": "think tank",
    "Mission": "military operation",
    "Force": "military operation",
    "Forces": "military operation",
    "Ministry": "government body",
    "Programme": "programme",
    "Program": "programme",
    "Forum": "forum",
    "Commission": "forum",
    "Troika": "forum",
}
_CONNECTORS = r"(?:of|for|on|and|the|in|to|de|du)"
_LEADING_CONNECTORS = re.compile(rf"^(?:{_CONNECTORS}[ ]+)+")
_CAP = r"[A-Z][\w’'\-]*"
_ACRONYM_IN_BRACKETS = r"\((?:the\s+)?(?P<acr>[A-Z][A-Za-z&]{1,9})\)"  # how a definition ends
_DEFINITION = prefilter.gate(
    rf"(?P<name>{_CAP}(?:[ \-]+(?:{_CAP}|{_CONNECTORS})){{0,14}}?),?(?: \d{{4}})?\s+{_ACRONYM_IN_BRACKETS}"
)
_HEADED = prefilter.gate(
    rf"\b(?:(?:Operation|Op\.)[ ]+{_CAP}(?:[ ]+{_CAP}){{0,3}}"
    rf"|Group of (?:\d+|[A-Z][a-z]+)(?: and [A-Z][a-z]+)?"
    rf"|{_CAP}(?:[ ]+(?:{_CAP}|{_CONNECTORS})){{0,7}}[ ]+(?:{'|'.join(ORG_HEADS)})"
    rf"(?:[ ]+(?:for|of|on)[ ]+(?:the[ ]+)?{_CAP}(?:[ ]+(?:and[ ]+)?{_CAP}){{0,3}})?)\b"
)
# Weaker organisation words name a body only in a longer capitalised name:
# "Regional Cooperation for Development", not "Regional Cooperation".
_WEAK_HEADED = prefilter.gate(
    rf"\b{_CAP}(?:[ ]+(?:{_CAP}|of|for|on)){{1,6}}[ ]+(?:Development|Cooperation|Partnership|Initiative)\b"
)
# What a capitalised name and the spaces between its words are made of (the organisation
# word patterns match nothing else, but for the '.' of 'Op.'): a pattern needs scanning only
# in a run of these that holds one of its words.
_NAME_RUN = re.compile(r"[\w’'\- ]*")
# A definition's name, then its comma, year and space before '(': what stands between a
# definition's start and its bracket.
_BEFORE_BRACKET = re.compile(r"[\w’'\- ,\s]*")
_DEFINITION_TAIL = re.compile(_ACRONYM_IN_BRACKETS)
_TITLES = (
    r"Prime Minister|President|Vice President|Foreign Minister|Defence Minister|General|Lieutenant General|"
    r"Major General|Admiral|Ambassador|Secretary[- ]General|Secretary of State|Chairman|Senator|Mr\.|Ms\.|Mrs\.|"
    r"Dr\.|Professor|Prof\.|Permanent Representative|Special Representative|Envoy|Special Envoy|Commissioner|"
    r"Director[- ]General|Governor|Chief Justice|Army Chief|Spokesperson|Spokesman|"
    # a minister by portfolio ('External Affairs Minister'): the portfolio is read back
    # from the title (_role_before), not scanned for in every sentence; with neither it
    # nor a state before it, 'Minister' is no title ('the Minister Level Talks')
    r"Minister"
)
_UPPER, _LOWER = "A-ZÀ-ÖØ-Þ", "a-zß-öø-ÿ"  # accented names: António Guterres
# A name: a first name and one to three more words ('Sergei A. Ordzhonikidze'), or initials
# and a surname ('S. Jaishankar', 'A. Q. Khan', 'A.Q. Khan'). The first initial follows no
# letter, full stop or hyphen ('S.' of 'U.S.' is none: looked behind for once its full stop
# is found, not at every capital); initials that are a state's or a body's ('U.S. Army',
# 'U.N. Mission') are ruled out by is_person_name.
_NAME = (
    rf"[{_UPPER}](?:[{_LOWER}]+(?:[ ]+(?:[{_UPPER}]\.|[{_UPPER}][{_LOWER}]+|ul|bin|al|van|von|de)){{1,3}}"
    rf"|\.(?<![\w.’'\-][{_UPPER}]\.)(?:[ ]?[{_UPPER}]\.){{0,2}}[ ]+[{_UPPER}][{_LOWER}]+"
    rf"(?:[ ]+(?:[{_UPPER}][{_LOWER}]+|ul|bin|al|van|von|de)){{0,2}})"
)
_TITLED_NAME = prefilter.gate(rf"\b(?P<title>{_TITLES})\s+(?P<name>{_NAME})")
_ROLE_THEN_NAME = prefilter.gate(
    rf"(?P<role>(?:[A-Z][\w\-]*\s+){{0,3}}(?:Secretary[- ]General|Secretary of State|Prime Minister|President|"
    rf"Chairman|Minister|Ambassador|Representative|Envoy|Commissioner|Director[- ]General|Spokesperson)"
    rf"(?:\s+(?:of|to)\s+(?:the\s+)?[A-Z][\w ]+?)?),\s+(?P<name>{_NAME})\b"
)
# Where _ROLE_THEN_NAME's role can stand (before its comma), and its comma with what can follow.
_ROLE_RUN = re.compile(r"[\w\-\s]*")
_COMMA_THEN_NAME = re.compile(rf",(?=\s+{_NAME})[\s\w.]*")
# "Yousuf Raza Gilani (Prime Minister of Pakistan)": the role has words, not an acronym
_ROLE_IN_BRACKETS = r"\((?P<role>[A-Z][a-z]+[ ][^()]{3,60})\)"
_NAME_THEN_ROLE = prefilter.gate(rf"(?P<name>{_NAME})[ ]+{_ROLE_IN_BRACKETS}")
_NAME_THEN_ROLE_TAIL = re.compile(_ROLE_IN_BRACKETS)
_NAME_AND_SPACES = re.compile(r"[\w. ]*")  # what stands before _NAME_THEN_ROLE's bracket, _NAME_THEN_TITLE's comma
# "Ann Smith, UN Secretary-General": a name, then a comma that a title follows
_TITLE_AFTER_COMMA = (
    r",\s+(?P<role>(?:[A-Z][\w\-]*\s+){0,4}(?:Secretary[- ]General|Chief|Chairman|Minister|Ambassador)[\w ]*?)"
    r"(?=[.,;]|$)"
)
_NAME_THEN_TITLE = prefilter.gate(rf"(?P<name>{_NAME}){_TITLE_AFTER_COMMA}")
_NAME_THEN_TITLE_TAIL = re.compile(_TITLE_AFTER_COMMA)
_BYLINE = re.compile(
    rf"^(?:Mr\.|Ms\.|Dr\.)?[ ]*(?P<name>{_NAME})[ ]+is[ ]+(?:(?:a|an|the|currently)[ ]+)*"
    rf"(?P<role>(?:[A-Z][\w\-]*[ ]+)*?[A-Z][\w\-]*(?=[ ]+(?:\(|at|of|in)\b|[.,]))?"
)
_TITLE_WORDS = re.compile(rf"^(?:(?:{_TITLES})[ ]+)+")
# The case-sensitive name rules whose words (their gates' needs and leads) Gazetteer.scan
# finds in its pass over a document, for the rules to read instead of the shared scan of
# each passage (prefilter.Gate's `where`). None of the words holds a line break (the scan
# reads the passages joined by them), and each rule's gate reads its words from a scan.
_NAME_RULES = (_HEADED, _WEAK_HEADED, _TITLED_NAME, _ROLE_THEN_NAME, _NAME_THEN_TITLE)
_RULE_WORDS = frozenset(w for rule in _NAME_RULES for w in (*rule.needs, *rule.leads))
assert all(rule.scanned for rule in _NAME_RULES) and not any("\n" in w for w in _RULE_WORDS)
_LEADING_NOISE = re.compile(
    r"^(?:(?:The|the|A|An|In|As|Under|During|At|By|From|With|Opening|Start|End|First|Visit)[ ]+(?:of[ ]+)?"
    r"|(?:(?:Vice|Deputy|Assistant)[ ]+)?(?:Chief|Chairman|Head|Minister|Secretary|Director|President|Commander"
    r"|Members?)[ ]+of[ ]+(?:the[ ]+)?"
    r"|[\w\-]+(?:’s|'s)[ ]+|[\w]+-led[ ]+)+"
)
# Organisations outrank each other in this order when their spans overlap.
_RULE_RANK = {"definition": 0, "gazetteer": 1, "defined acronym": 2, "organisation word": 3}


class Mention(NamedTuple):
    """A name found in the text. A named tuple, not a dataclass: a corpus has hundreds of
    thousands of mentions, and worker processes send them back pickled; a tuple is made
    in one call where a frozen dataclass sets each field in turn (a fifth of the time the
    main process spent on the extraction's results at x1000)."""

    kind: str  # organization | person | actor
    start: int
    end: int
    text: str
    canonical: str
    acronym: str = ""
    org_type: str = ""
    role: str = ""
    rule: str = ""


# A Mention from all nine of its fields, in order, made in C: a call of Mention runs the
# named tuple's __new__, a Python function that fills in defaults and sorts out keywords,
# and made each of a document's hundreds of gazetteer finds at twice the cost.
_mention_from_fields = functools.partial(tuple.__new__, Mention)

KINDS = ("organization", "person", "actor")
Hit = tuple[int, int, dict]  # where a gazetteer form matched in a text, and its row


class DocumentScan(NamedTuple):
    """What one pass over a document's passages found (Gazetteer.scan)."""

    hits: dict[str, list[list[Hit]]]  # kind -> per passage, as Gazetteer.surface_hits gives them
    rule_words: list[prefilter.Where]  # per passage: where the name rules' words stand


@dataclass
class Gazetteer:
    organizations: list[dict]
    not_organizations: list[dict]
    people: list[dict]
    actors: list[dict]
    # kind -> (row, the form's text, whether 'the' must stand before it), longest form
    # first (the order in which overlapping finds are listed)
    _forms: dict[str, list[tuple[dict, str, bool]]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_codebook(cls, raw: dict) -> Gazetteer:
        g = cls(
            raw.get("organizations", []),
            raw.get("not_organizations", []),
            raw.get("people", []),
            raw.get("actors", []),
        )
        for kind, rows in (("organization", g.organizations), ("person", g.people), ("actor", g.actors)):
            forms = []
            for row in rows:
                surface = [row["name"], *row.get("variants", [])]
                if kind == "organization" and row.get("acronym"):
                    surface.append(row["acronym"])
                for s in surface:
                    # Case matters: 'the Alliance' is NATO, 'the alliance of the militaries' is not.
                    if s.lower().startswith("the "):  # "the Alliance": the article is context, not name
                        literal = s[4:]
                        before = r"\b[Tt]he "
                        pattern = rf"(?<={before}){re.escape(literal)}(?![\w-])"
                    else:
                        literal, before = s, ""
                        pattern = rf"(?<![\w-]){re.escape(s)}(?![\w-])"
                    forms.append((len(pattern), row, literal, bool(before)))
            forms.sort(key=lambda f: -f[0])  # longest first, as the patterns above are written
            g._forms[kind] = [(row, literal, article) for _, row, literal, article in forms]
        return g

    @property
    def former_names(self) -> dict[str, set[str]]:
        return {row["name"]: set(row.get("former_names", [])) for row in self.actors if row.get("former_names")}

    @property
    def non_org_acronyms(self) -> set[str]:
        return self._index.non_org_acronyms

    def build_indexes(self) -> None:
        """The lookups and the automaton, made now rather than at their first use (Codebooks.build_indexes)."""
        _ = self._index, self._finder

    @functools.cached_property
    def whole_word_organization_forms(self) -> frozenset[str]:
        """The organisation forms `scan` finds wherever they stand as whole words (all but
        those read only after 'the'), as whole_word_spans would."""
        return frozenset(literal for _, literal, article in self._forms.get("organization", ()) if not article)

    @functools.cached_property
    def _index(self) -> _GazetteerIndex:
        return _GazetteerIndex.of(self)

    def surface_hits(self, texts: list[str], kinds: tuple[str, ...] = KINDS) -> dict[str, list[list[Hit]]]:
        return self.scan(texts, kinds).hits

    def scan(self, texts: list[str], kinds: tuple[str, ...] = KINDS) -> DocumentScan:
        """Where each form of `kinds` occurs in each of `texts` (a document's passages), as
        (start, end, row) per text, forms longest first and each form's hits in reading
        order. A form matches as the pattern (?<![\\w-])FORM(?![\\w-]) would in each text
        alone ((?<=\\b[Tt]he )FORM(?![\\w-]) for 'the Alliance'), case and all, one match
        not overlapping the last. Every form is looked for at once, in one pass of an
        Aho-Corasick automaton over the texts joined by line breaks (no form holds one):
        the cost grows with the text, not with the number of forms times the text. The
        same pass finds where the name rules' words stand in each text (rule_words)."""
        joined = "\n".join(texts)
        starts, at = [], 0
        for t in texts:
            starts.append(at)
            at += len(t) + 1
        occurrences: dict[str, list[int]] = defaultdict(list)  # a form's or word's text -> where it starts
        literals = self._finder.strings
        for form, start, _ in self._finder.places(joined):
            occurrences[literals[form]].append(start)
        rule_words: list[prefilter.Where] = [{} for _ in texts]
        for word, found in occurrences.items():
            if word in _RULE_WORDS:
                for pos in found:  # in order, so each text's list is
                    k = bisect_right(starts, pos) - 1
                    rule_words[k].setdefault(word, []).append(pos - starts[k])
        hits: dict[str, list[list[Hit]]] = {kind: [[] for _ in texts] for kind in kinds}
        size = len(joined)
        for kind in kinds:
            per_text = hits[kind]
            for row, literal, article in self._forms.get(kind, ()):
                found = occurrences.get(literal)
                if found is None:
                    continue
                free_from = 0  # a match may not start inside the one before it
                for pos in found:
                    if pos < free_from:
                        continue
                    # What stands around a form is read in the joined text, inline (a call per
                    # occurrence cost more than the test): the line break between two texts is
                    # no [\w-] and no part of 'the ', as nothing beyond a text's ends is. \w is
                    # what the regex engine takes it for in a str pattern: isalnum() or '_'.
                    end = pos + len(literal)
                    if end < size and ((c := joined[end]).isalnum() or c == "_" or c == "-"):
                        continue  # (?![\w-])
                    if article:  # (?<=\b[Tt]he )
                        if pos < 4 or joined[pos - 4 : pos] not in ("the ", "The "):
                            continue
                        if pos > 4 and ((c := joined[pos - 5]).isalnum() or c == "_"):
                            continue
                    elif pos and ((c := joined[pos - 1]).isalnum() or c == "_" or c == "-"):
                        continue  # (?<![\w-])
                    k = bisect_right(starts, pos) - 1
                    per_text[k].append((pos - starts[k], end - starts[k], row))
                    free_from = end
        return DocumentScan(hits, rule_words)

    def hits_in(self, text: str, kind: str) -> list[Hit]:
        """surface_hits for one text and one kind."""
        return self.surface_hits([text], (kind,))[kind][0]

    @functools.cached_property
    def _finder(self) -> prefilter.StringFinder:
        """Every form's text and every rule word, once each, in one Aho-Corasick automaton."""
        literals = dict.fromkeys(literal for forms in self._forms.values() for _, literal, _ in forms)
        return prefilter.StringFinder([*literals, *sorted(_RULE_WORDS.difference(literals))])

    def __getstate__(self) -> dict:
        # Sent as its rows and forms: what it derives from them and caches (the automaton,
        # the index) is made again where it is used, not carried to every worker.
        cached = {name for name, value in vars(type(self)).items() if isinstance(value, functools.cached_property)}
        return {k: v for k, v in self.__dict__.items() if k not in cached}

    def organization(self, name: str = "", acronym: str = "") -> dict | None:
        """The gazetteer row for a name or acronym, allowing spelling variants: the first
        row whose acronym or one of whose names fits."""
        index = self._index
        by_acronym = index.org_by_acronym.get(acronym, len(self.organizations)) if acronym else len(self.organizations)
        by_name = index.org_by_name.get(_norm_name(name), len(self.organizations)) if name else len(self.organizations)
        first = min(by_acronym, by_name)
        return self.organizations[first] if first < len(self.organizations) else None

    def person(self, name: str) -> dict | None:
        """The first row one of whose names or variants has the same letters as `name` or a
        fuzz.ratio of 92 or more with it. The forms are scored in one call of rapidfuzz's
        process.extract (its score_cutoff keeps the same ones as '>= 92'), not one by one."""
        index = self._index
        cache = index.person_rows
        if name not in cache:
            forms = index.person_forms
            first = index.person_by_letters.get(_squash(name), len(forms))
            close = process.extract(name, forms[:first], scorer=fuzz.ratio, score_cutoff=92, limit=None)
            first = min([first, *(i for _, _, i in close)])
            cache[name] = index.person_form_rows[first] if first < len(forms) else None
        return cache[name]

    def is_actor(self, name: str) -> bool:
        return _norm_name(name) in self._index.actor_names

    def is_known_non_person(self, name: str) -> bool:
        return _norm_name(name) in self._index.non_person_names


@dataclass
class _GazetteerIndex:
    """Lookups prepared once per gazetteer, so that a name is checked by a dictionary
    lookup instead of a pass over every row and variant."""

    org_by_acronym: dict[str, int]  # acronym or variant -> first organisation row that lists it
    org_by_name: dict[str, int]  # normalised name or variant -> first organisation row
    actor_names: set[str]
    non_person_names: set[str]
    non_org_acronyms: set[str]
    person_rows: dict[str, dict | None]  # filled as names are looked up (the match is fuzzy)
    person_forms: list[str]  # every person's name and variants, in the gazetteer's order
    person_form_rows: list[dict]  # the row of each of person_forms
    person_by_letters: dict[str, int]  # a form's letters (_squash) -> the first of person_forms with them

    @classmethod
    def of(cls, g: Gazetteer) -> _GazetteerIndex:
        org_by_acronym: dict[str, int] = {}
        org_by_name: dict[str, int] = {}
        for i, row in enumerate(g.organizations):
            for form in (row.get("acronym"), *row.get("variants", [])):
                org_by_acronym.setdefault(form, i)
            for form in (row["name"], *row.get("variants", [])):
                org_by_name.setdefault(_norm_name(form), i)

        def names(rows):
            return {_norm_name(f) for row in rows for f in (row["name"], *row.get("variants", []))}

        person_forms, person_form_rows, person_by_letters = [], [], {}
        for row in g.people:
            for form in (row["name"], *row.get("variants", [])):
                person_by_letters.setdefault(_squash(form), len(person_forms))
                person_forms.append(form)
                person_form_rows.append(row)

        return cls(
            org_by_acronym,
            org_by_name,
            names(g.actors),
            names(g.organizations) | names(g.actors),
            {r["acronym"] for r in g.not_organizations},
            {},
            person_forms,
            person_form_rows,
            person_by_letters,
        )


_NOT_LETTERS = re.compile(r"[\W_]+")


def whole_word_spans(text: str, literal: str) -> Iterator[tuple[int, int]]:
    """The spans re.finditer('(?<![\\w-])LITERAL(?![\\w-])', text) gives, found with
    str.find: a pattern compiled for each acronym a document defines cost more than the
    scans it made."""
    if not literal:
        return
    at = text.find(literal)
    while at >= 0:
        end = at + len(literal)
        if (at == 0 or not prefilter.is_word_or_hyphen(text[at - 1])) and (
            end == len(text) or not prefilter.is_word_or_hyphen(text[end])
        ):
            yield at, end
            at = text.find(literal, end)
        else:
            at = text.find(literal, at + 1)


def _squash(name: str) -> str:
    return _NOT_LETTERS.sub("", name).lower()


_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)


@functools.lru_cache(maxsize=1 << 16)
def _norm_name(s: str) -> str:
    """The key two spellings of one name share: 'Organisation' and 'Organization', 'the UN'
    and 'UN', plural 'Forces'."""
    s = _LEADING_THE.sub("", s.strip())
    return _squash(s.replace("isation", "ization").replace("Centre", "Center")).rstrip("s")


_WORD_BREAK = re.compile(r"[\s\-]+")
_NOT_CAPITAL = re.compile(r"[^A-Z]")


def _initials_match(name: str, acronym: str) -> bool:
    """'North Atlantic Treaty Organisation' fits NATO, 'Southeast Asia Treaty Organization'
    fits SEATO (a letter may come from inside a word); 'Minister of Defence' does not fit UN."""
    words = [w for w in _WORD_BREAK.split(name) if w and w[0].isupper()]
    letters = _NOT_CAPITAL.sub("", acronym[:-1] if acronym.endswith("s") else acronym)
    if not words or not letters or words[0][0].upper() != letters[0]:
        return False
    return _letters_fit(letters, words, 1, 0, 1)


def _letters_fit(letters: str, words: list[str], li: int, wi: int, ci: int) -> bool:
    """Letters from li on, the current word being wi with its letters from ci on. A module
    function, not a closure: a closure that calls itself is a reference cycle, garbage
    that only the cycle collector frees (which the extraction's workers pause)."""
    if li == len(letters):
        return True
    if letters[li] in words[wi][ci:].upper() and _letters_fit(
        letters, words, li + 1, wi, words[wi].upper().index(letters[li], ci) + 1
    ):
        return True
    return any(
        w[0].upper() == letters[li] and _letters_fit(letters, words, li + 1, j, 1)
        for j, w in enumerate(words)
        if j > wi
    )


@functools.lru_cache(maxsize=4096)
def _trim_definition_name(name: str, acronym: str) -> str:
    """Drop leading words until the initials line up ('Perhaps the most ... North Atlantic')."""
    words = name.split()
    for i in range(len(words)):
        candidate = " ".join(words[i:])
        if words[i][0].isupper() and _initials_match(candidate, acronym):
            return candidate
    return ""


_TYPE_BY_HEAD = [(re.compile(rf"\b{head}\b"), kind) for head, kind in ORG_TYPE_BY_HEAD.items()]
_UN_NAME = re.compile(r"United Nations|\bUN\b")
_ANY_HEAD = re.compile(rf"\b(?:{'|'.join(ORG_HEADS)})\b")
_HEAD_THEN_AND = re.compile(rf"\b(?:{'|'.join(ORG_HEADS)})(?P<joint>[ ]+and[ ]+(?:the[ ]+)?)")
# a state named before the body, joined by 'and' ('Pakistan and the North Atlantic Treaty
# Organization') or set in it ('Pakistan in the Shanghai Cooperation Organisation', a title)
_STATE_BEFORE_BODY = re.compile(r"^(.+?)[ ]+(?:and|in|at|within)[ ]+(?:the[ ]+)?")
_ARTICLE_BEFORE = re.compile(r"\b(?:a|an)[ ]+$")


def _org_type_for(name: str) -> str:
    for head, kind in _TYPE_BY_HEAD:
        if head.search(name):
            return kind
    if name.startswith("Operation "):
        return "military operation"
    if _UN_NAME.search(name):
        return "un body"
    return "other"


def _looks_like_org(name: str) -> bool:
    return name.startswith("Operation ") or bool(_ANY_HEAD.search(name))


def _scan_at_tails(pattern: re.Pattern, text: str, tail: re.Pattern, before: re.Pattern) -> Iterator[re.Match]:
    """pattern.finditer(text), for a pattern whose every match is a stretch of `before`'s
    characters (a class like '[...]*' without the tail's first character) and then a tail
    that starts where `tail` matches, within what `tail` matches: a definition is a name
    and '(ACR)'. Only the stretches around such tails are scanned, not the text at every
    capital letter; each as the text's slice (pos, endpos), overlapping ones as one. What
    `tail` takes ends where the pattern cannot go on, and before no word character ('\\b'
    at a slice's end reads as in the text). It holds its first character once: no tail
    hides another."""
    window_start = window_end = -1
    for found in tail.finditer(text):
        start = prefilter.run_start(text, found.start(), before)
        end = found.end()
        if start < window_end:
            window_end = max(window_end, end)
            continue
        if window_end >= 0:
            yield from pattern.finditer(text, window_start, window_end)
        window_start, window_end = start, end
    if window_end >= 0:
        yield from pattern.finditer(text, window_start, window_end)


def _definitions(text: str) -> Iterator[re.Match]:
    """_DEFINITION's matches in `text`: the stretches before an '(ACR)' that hold only
    _BEFORE_BRACKET's characters."""
    if not _DEFINITION.may_match(text):
        return iter(())
    return _scan_at_tails(_DEFINITION.pattern, text, _DEFINITION_TAIL, _BEFORE_BRACKET)


def _roles_then_names(text: str, words: prefilter.Where) -> Iterator[re.Match]:
    """_ROLE_THEN_NAME's matches: a role ends at a comma that a name follows."""
    if not _ROLE_THEN_NAME.may_match(text, where=words):
        return iter(())
    return _scan_at_tails(_ROLE_THEN_NAME.pattern, text, _COMMA_THEN_NAME, _ROLE_RUN)


def _names_then_roles(text: str) -> Iterator[re.Match]:
    """_NAME_THEN_ROLE's matches: a name stands before a role in brackets."""
    if not _NAME_THEN_ROLE.may_match(text):
        return iter(())
    return _scan_at_tails(_NAME_THEN_ROLE.pattern, text, _NAME_THEN_ROLE_TAIL, _NAME_AND_SPACES)


def _names_then_titles(text: str, words: prefilter.Where) -> Iterator[re.Match]:
    """_NAME_THEN_TITLE's matches: a name stands before a comma that a title follows."""
    if not _NAME_THEN_TITLE.may_match(text, where=words):
        return iter(())
    return _scan_at_tails(_NAME_THEN_TITLE.pattern, text, _NAME_THEN_TITLE_TAIL, _NAME_AND_SPACES)


def _headed(text: str, words: prefilter.Where) -> Iterator[re.Match]:
    """_HEADED's matches in `text`: its runs of name characters that hold an organisation
    word (all of the text when an 'Op.' stands in it)."""
    return _HEADED.finditer(text, where=words) if "Op." in text else _HEADED.finditer_in_runs(text, _NAME_RUN, words)


def find_organizations(
    text: str,
    gazetteer: Gazetteer,
    offset: int = 0,
    defined: dict | None = None,
    hits: list[Hit] | None = None,
    words: prefilter.Where | None = None,
) -> list[Mention]:
    """Organisation mentions in `text`. `defined` carries the acronyms a document defined
    earlier ("Joint Intelligence Operations Centre (JIOC)", then "the JIOC") across calls;
    `hits` are the gazetteer's organisation forms in `text` and `words` where the rules'
    words stand, when the caller found them for a whole document at once (Gazetteer.scan)."""
    if hits is None or words is None:
        hits, words = _scanned_alone(text, gazetteer, "organization", hits, words)
    defined = {} if defined is None else defined
    found: list[Mention] = []
    for m in _definitions(text):
        acronym = m.group("acr")
        if acronym in gazetteer.non_org_acronyms:
            continue
        name = _trim_definition_name(m.group("name"), acronym)
        if not name:  # an acronym from another language (MONUSCO): take the capitalised name whole
            name = _LEADING_NOISE.sub("", m.group("name"))
            name = _LEADING_CONNECTORS.sub("", name) if _looks_like_org(name) else ""
        before = m.group("name")[: len(m.group("name")) - len(name)].split()
        if name and before and gazetteer.organization(name=f"{before[-1]} {name}"):
            name = f"{before[-1]} {name}"  # 'UN Human Rights Council (HRC)': the initials skip 'UN'
        row = gazetteer.organization(name=name, acronym=acronym)
        if row:
            canonical, acr, kind = row["name"], row.get("acronym") or acronym, row["org_type"]
        elif name and _looks_like_org(name):
            canonical, acr, kind = name, acronym, _org_type_for(name)
        else:
            continue
        defined[acronym] = (canonical, acr, kind)
        start = m.start() + m.group(0).index(name) if name else m.start("acr")
        found.append(
            Mention(
                "organization",
                offset + start,
                offset + m.end(),
                text[start : m.end()],
                canonical,
                acr,
                kind,
                rule="definition",
            )
        )
    found += [
        _mention_from_fields(
            ("organization", offset + start, offset + end, text[start:end], row["name"], row.get("acronym", ""),
             row["org_type"], "", "gazetteer")
        )
        for start, end, row in hits
    ]  # fmt: skip
    for acronym, (canonical, acr, kind) in defined.items():
        # An acronym the gazetteer lists (106 of x1's 106 finds) is in `hits` at each of
        # these places already; found again, it lost to the gazetteer's at _longest_first,
        # and a name found twice counted there as two names: a list, not a name.
        if acronym in gazetteer.whole_word_organization_forms:
            continue
        for start, end in whole_word_spans(text, acronym):
            found.append(
                Mention(
                    "organization",
                    offset + start,
                    offset + end,
                    acronym,
                    canonical,
                    acr,
                    kind,
                    rule="defined acronym",
                )
            )
    weak = [
        m
        for m in _WEAK_HEADED.finditer_in_runs(text, _NAME_RUN, words)
        if sum(w[0].isupper() for w in m.group(0).split()) >= 3
    ]
    if weak and _title_case(text):
        weak = []
    # A span another rule found already ('Shanghai Cooperation Organisation', a gazetteer
    # form) is not made a mention again: ranked last, an organisation word's would lose to
    # the other at _longest_first and rule out nothing there.
    taken = {(m.start, m.end) for m in found}
    for whole in [*_headed(text, words), *weak]:
        # "the Tripartite Commission and the Asian Development Bank" is two names
        for m in _split_at_heads(whole):
            name = _LEADING_NOISE.sub("", m.group(0))
            joined = _STATE_BEFORE_BODY.match(name)
            if joined and gazetteer.is_actor(joined.group(1)):
                name = name[joined.end() :]  # "Pakistan and the North Atlantic Treaty Organization"
            span = (offset + m.end() - len(name), offset + m.end())
            if span in taken:
                continue
            starts_with_head = name.split()[0] in ORG_HEADS and not name.startswith("Group of ")
            if len(name.split()) < 2 or starts_with_head or gazetteer.is_actor(name):
                continue
            if _ARTICLE_BEFORE.search(text[max(0, m.start() - 4) : m.start()]):
                continue  # "a Fact-Finding Mission": a kind of thing, not a named body
            row = gazetteer.organization(name=name)
            canonical, acr, kind = (
                (row["name"], row.get("acronym", ""), row["org_type"]) if row else (name, "", _org_type_for(name))
            )
            taken.add(span)
            found.append(Mention("organization", *span, name, canonical, acr, kind, rule="organisation word"))
    return _longest_first(found, _RULE_RANK)  # offsets added as found: the choice is the same


_LONG_WORD = re.compile(r"[A-Za-z][\w’'\-]{3,}")


def _title_case(text: str) -> bool:
    """A headline capitalises every word ('Pakistan Pledges Deeper Counter-Terrorism
    Cooperation'): there, capitals do not mark a name, and a weak organisation word at the
    end does not make one. Read up to the first word in small letters: in running text, one
    of the first few, where a list of every word had been made."""
    count = 0
    for word in _LONG_WORD.finditer(text):
        if not text[word.start()].isupper():
            return False
        count += 1
    return count >= 4


@dataclass(frozen=True)
class _Piece:
    """A part of a regex match, with the match-like accessors the caller uses."""

    text: str
    begin: int

    def group(self, _=0) -> str:
        return self.text

    def start(self) -> int:
        return self.begin

    def end(self) -> int:
        return self.begin + len(self.text)


def _split_at_heads(m: re.Match) -> list[re.Match | _Piece]:
    """The names a match holds, cut after each organisation word that ' and ' follows
    ("the Tripartite Commission and the Asian Development Bank"). A match without ' and '
    (most) is one name, returned as it is: no scan for a cut, no piece made."""
    if " and " not in m.group(0):
        return [m]
    pieces, at = [], 0
    for cut in _HEAD_THEN_AND.finditer(m.group(0)):
        pieces.append(_Piece(m.group(0)[at : cut.start("joint")], m.start() + at))
        at = cut.end()
    pieces.append(_Piece(m.group(0)[at:], m.start() + at))
    return pieces


def is_person_name(name: str, gazetteer: Gazetteer) -> bool:
    """Whether a name a rule found can be a person's: two words or more, the first no word
    that opens sentences ('While Afghanistan'), none a state's, no known non-person and no
    body ('Tripartite Commission'); initials not a state's or a body's ('U.S. Army', 'U.N.
    Mission')."""
    words = name.split()
    if (
        len(words) < 2
        or words[0] in _NOT_NAME_WORDS
        or any(gazetteer.is_actor(w) for w in words)
        or gazetteer.is_known_non_person(name)
        or _looks_like_org(name)
    ):
        return False
    if not words[0].endswith("."):
        return True
    letters = "".join(w for w in words if w.endswith(".")).replace(".", "")
    return len(letters) < 2 or not (gazetteer.is_actor(letters) or gazetteer.organization(acronym=letters))


# Capitalised words right before a title (up to four): a minister's portfolio ('External
# Affairs Minister') and the state whose office it is ('Indian', 'Pakistani President').
_WORDS_BEFORE = re.compile(r"(?:(?<![\w’'\-.])[A-Z][\w\-]*[ ]+){1,4}$")
# Capitalised words before 'Minister' that name no portfolio: a sentence's opening word, a
# month or a day ('In March Interior Minister ...').
_NOT_PORTFOLIO = _NOT_NAME_WORDS | CALENDAR_WORDS | {"Then", "Now", "And", "But"}


def _role_before(text: str, at: int, title: str, gazetteer: Gazetteer) -> str:
    """A title found at `at` with what stands before it and belongs to the role: the
    portfolio of a bare 'Minister' (words in small letters after a capital, read back
    until a word that names none), and a state's name or adjective before it all
    ('Indian External Affairs Minister S. Jaishankar', 'Pakistani President Pervez
    Musharraf'). A month ('December 2005 General ...') or a body ('NATO Ambassador', whose
    office NATO may not be) stays out. Called per title found, not per sentence."""
    run = _WORDS_BEFORE.search(text, max(0, at - 64), at)
    if run is None:
        return title
    kept: list[str] = []
    for word in reversed(run.group(0).split()):
        if gazetteer.is_actor(word):
            kept.append(word)
            break
        if title != "Minister" or word in _NOT_PORTFOLIO or not word[1:].islower():
            break
        kept.append(word)
    return " ".join([*reversed(kept), title])


# 'A.Q. Khan' is named as 'A. Q. Khan' is: one person, not two.
_INITIALS_RUN_TOGETHER = re.compile(rf"(?<=\b[{_UPPER}])\.(?=[{_UPPER}]\.)")


def person_canonical(name: str, gazetteer: Gazetteer) -> str:
    """The name a person found by a rule is listed under: the gazetteer's, or the name as
    written, its initials spaced ('A.Q. Khan' as 'A. Q. Khan')."""
    row = gazetteer.person(name)
    return row["name"] if row else _INITIALS_RUN_TOGETHER.sub(". ", name)


def _scanned_alone(
    text: str, gazetteer: Gazetteer, kind: str, hits: list[Hit] | None, words: prefilter.Where | None
) -> tuple[list[Hit], prefilter.Where]:
    """`hits` (the forms of `kind`) and `words` as given, those not given found in `text` scanned on its own."""
    scan = gazetteer.scan([text], (kind,))
    return scan.hits[kind][0] if hits is None else hits, scan.rule_words[0] if words is None else words


def find_people(
    text: str,
    gazetteer: Gazetteer,
    offset: int = 0,
    hits: list[Hit] | None = None,
    words: prefilter.Where | None = None,
) -> list[Mention]:
    """Person mentions in `text`; `hits` and `words` as find_organizations takes them."""
    if hits is None or words is None:
        hits, words = _scanned_alone(text, gazetteer, "person", hits, words)
    found = [
        _mention_from_fields(
            ("person", offset + start, offset + end, text[start:end], row["name"], "", "", row.get("role", ""),
             "gazetteer")
        )
        for start, end, row in hits
    ]  # fmt: skip
    rules = (
        (_TITLED_NAME.finditer(text, where=words), "title"),  # tried only where a title starts ('Vice President' too)
        (_roles_then_names(text, words), "apposition"),
        (_names_then_roles(text), "apposition"),
        (_names_then_titles(text, words), "apposition"),
        (_BYLINE.finditer(text), "byline"),
    )
    for matches, rule in rules:
        for m in matches:
            name = _TITLE_WORDS.sub("", m.group("name").strip())
            if not is_person_name(name, gazetteer):
                continue
            role = (m.groupdict().get("role") or m.groupdict().get("title") or "").strip()
            if role in ("Mr.", "Ms.", "Mrs.", "Dr."):
                role = ""
            elif rule == "title":
                role = _role_before(text, m.start("title"), role, gazetteer)
                if role == "Minister":
                    continue  # no portfolio, no state: 'the Minister Level Talks', 'Minister Counsellor'
            start = m.end("name") - len(name)
            found.append(
                Mention("person", offset + start, offset + start + len(name), name, person_canonical(name, gazetteer),
                        role=role, rule=rule)
            )  # fmt: skip
    return _longest_first(found)


# 'Greater Serbia' is an aim or a region, not the state acting (a line break or a no-break
# space may stand between the words).
_AIM_OR_REGION_BEFORE = re.compile(r"\bGreater\s+$")


def find_actors(text: str, gazetteer: Gazetteer, offset: int = 0, hits: list[Hit] | None = None) -> list[Mention]:
    if hits is None:
        hits = gazetteer.hits_in(text, "actor")
    greater = "Greater" in text  # else _AIM_OR_REGION_BEFORE, which needs it, is not searched for each hit
    found = [
        _mention_from_fields(
            ("actor", offset + start, offset + end, text[start:end], row["name"], "", "", "", "gazetteer")
        )
        for start, end, row in hits
        if not (greater and _AIM_OR_REGION_BEFORE.search(text, max(0, start - 12), start))
        and not text.startswith("$", end)  # 'US$' is a currency
    ]
    return _longest_first(found)


def _longest_first(mentions: list[Mention], rank: dict[str, int] | None = None) -> list[Mention]:
    """Overlapping mentions: the longest span wins, so that 'United Nations Organization
    Stabilization Mission' beats 'United Nations'. A span that cuts across a better-ranked
    one ('Rules of Procedure of the Conference' across 'Conference on Disarmament') is dropped first,
    and so is a span holding two better-found names: it is a list ('UN HRC and the
    Organization of ...'), not a name. Only mentions that overlap can rule each other
    out, so each run of overlapping spans is settled on its own."""
    if len(mentions) < 2:  # most passages: nothing to settle
        return mentions
    rank = rank or {}
    kept: list[Mention] = []
    run: list[Mention] = []
    reach = -1
    for m in sorted(mentions, key=_START):
        if m.start >= reach:  # overlaps nothing before it: the run before it is complete
            if len(run) > 1:
                kept += _settle_overlaps(run, rank)
            else:
                kept += run
            run = [m]
            reach = m.end
        else:
            run.append(m)
            if m.end > reach:
                reach = m.end
    kept += _settle_overlaps(run, rank) if len(run) > 1 else run
    return kept


_START = operator.itemgetter(1)  # a Mention's start, read in C (a sort key called per mention)


def _preference(m: Mention, rank: dict[str, int]) -> tuple:
    """Which of two overlapping spans stays: the longer, then the better ranked, then the
    one with a role, then the earlier."""
    return -(m.end - m.start), rank.get(m.rule, 0), not m.role, m.start


def _settle_overlaps(mentions: list[Mention], rank: dict[str, int]) -> list[Mention]:
    """_longest_first for one run of overlapping spans, in reading order."""
    if len(mentions) == 2:
        # Most runs (a gazetteer form and the same acronym defined, a form inside a longer
        # one): one of the two stays. The worse-ranked one is dropped first unless it holds
        # the better-ranked one; otherwise the preferred stays (the first on a tie).
        a, b = mentions
        rank_a, rank_b = rank.get(a.rule, 0), rank.get(b.rule, 0)
        if rank_a < rank_b and not (b.start <= a.start and a.end <= b.end):
            return [a]
        if rank_b < rank_a and not (a.start <= b.start and b.end <= a.end):
            return [b]
        return [b] if _preference(b, rank) < _preference(a, rank) else [a]
    return _settle_by_rule(mentions, rank)


def _settle_by_rule(mentions: list[Mention], rank: dict[str, int]) -> list[Mention]:
    """_settle_overlaps for a run of any length, by the rule as _longest_first states it."""
    ranks = [rank.get(m.rule, 0) for m in mentions]
    candidates = mentions
    if len(set(ranks)) > 1:  # only a better-ranked mention can drop a span
        candidates = []
        for m, r in zip(mentions, ranks, strict=True):
            inside, crossed = 0, False
            for k, rk in zip(mentions, ranks, strict=True):
                if rk >= r:
                    continue
                if m.start <= k.start and k.end <= m.end:
                    inside += 1
                elif m.start < k.end and k.start < m.end:
                    crossed = True
                    break
            if not crossed and inside < 2:
                candidates.append(m)
    kept: list[Mention] = []
    for m in sorted(candidates, key=lambda m: _preference(m, rank)):
        for k in kept:
            if m.start < k.end and k.start < m.end:
                break
        else:
            kept.append(m)
    return sorted(kept, key=_START)
