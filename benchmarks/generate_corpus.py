"""Synthetic corpora for the extraction benchmark: N varied copies of the real sources.

Each copy is one real source with its dates, person names and numbers varied, from a seed,
so the extraction does the same kind of work it does on the real corpus (dates to parse,
people to find, figures to read) without seeing the same strings over and over. The
organisations and states stay as they are, so the gazetteer still finds them.

Per copy, the variation is consistent: every year moves by the same shift, every month
name maps through one permutation, every day through one offset (kept within 1-28, so
each date stays a real date), every person through one new name, every number by one
factor. A source is parsed once into a template of literal text and slots; a copy is a
join of the template with that copy's values, which keeps x1000 (5000 files) to seconds.

    .venv/bin/python benchmarks/generate_corpus.py --size 100 --out /tmp/corpus-x100 --seed 0
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from helpers import io, partial_dates, paths, registry

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
MONTH_ABBREVIATIONS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
MONTH_NUMBER = {name: n for n, name in enumerate(MONTHS, start=1)} | {
    name: n for n, name in enumerate(MONTH_ABBREVIATIONS, start=1)
}
# Names for the people of the copies: none is an organisation, state or gazetteer person.
FIRST_NAMES = (
    "Amina", "Bilal", "Clara", "Dawood", "Elena", "Farid", "Greta", "Hamza", "Ines", "Javed",
    "Katrin", "Laila", "Marco", "Nadia", "Omar", "Petra", "Qasim", "Rosa", "Sami", "Tariq",
    "Ulla", "Viktor", "Wafa", "Yara", "Zainab", "Henrik", "Sofia", "Rehan", "Lucia", "Asad",
)  # fmt: skip
LAST_NAMES = (
    "Aziz", "Bergstrom", "Chaudhry", "Dimitrov", "Esposito", "Farooqi", "Gallagher", "Hashmi",
    "Iqbal", "Jansen", "Kowalski", "Lindqvist", "Mirza", "Novak", "Okafor", "Pereira", "Qureshi",
    "Rahman", "Sandoval", "Tahir", "Urquhart", "Valdez", "Wieland", "Yilmaz", "Zaidi", "Moretti",
    "Siddiqui", "Halvorsen", "Bhatti", "Castellano",
)  # fmt: skip

SOURCE_SHARE = 1  # copies of each real source per unit of size: x1 is the real corpus's size
YEAR = r"(?:1[89]\d\d|20\d\d)"
MONTH = "|".join(sorted(MONTH_NUMBER, key=len, reverse=True))
# Dates with a month name; their parts are slots of their own.
DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})([ -])({MONTH})\b([ ,-]+)({YEAR})\b")
MONTH_DAY_YEAR = re.compile(rf"\b({MONTH})\b( )(\d{{1,2}})(, ?)({YEAR})\b")
MONTH_YEAR = re.compile(rf"\b({MONTH})\b([ ,(]+)({YEAR})\b")
YEAR_RANGE = re.compile(rf"\b({YEAR})([-–])(\d\d)\b(?![-–/:.,]?\d)")
DECADE = re.compile(r"\b((?:1[89]|20)\d0)s\b")
BARE_YEAR = re.compile(rf"\b({YEAR})\b")
# A number in prose: not glued to a word ("9Conference", "370A"), not part of a date
# phrase "9/11", a time "17:39" or an identifier "CD/PV.1163" (those keep their form).
NUMBER = re.compile(r"(?<![\w./:\-])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?(st|nd|rd|th)?(?![\w/]|:\d)")


@dataclass(frozen=True)
class Variation:
    """Everything one copy changes, drawn from the seed and the copy's number."""

    year_shift: int
    month_map: tuple[int, ...]  # month n (1-12) becomes month_map[n - 1]
    day_offset: int
    number_factor: float
    person_names: dict[str, tuple[str, str]]  # original full name -> (new first, new last)

    @classmethod
    def draw(cls, rng: random.Random, people: list[str]) -> Variation:
        months = list(range(1, 13))
        rng.shuffle(months)
        firsts = rng.sample(FIRST_NAMES, k=min(len(people), len(FIRST_NAMES)))
        lasts = rng.sample(LAST_NAMES, k=min(len(people), len(LAST_NAMES)))
        return cls(
            year_shift=rng.choice([s for s in range(-8, 5) if s]),
            month_map=tuple(months),
            day_offset=rng.randrange(1, 28),
            number_factor=round(rng.uniform(0.5, 2.0), 3),
            person_names={p: (firsts[i % len(firsts)], lasts[i % len(lasts)]) for i, p in enumerate(people)},
        )

    def year(self, year: int) -> int:
        return year + self.year_shift

    def month(self, month: int) -> int:
        return self.month_map[month - 1]

    def day(self, day: int) -> int:
        return (min(day, 28) - 1 + self.day_offset) % 28 + 1

    def number(self, text: str, decimals: str, ordinal: str) -> str:
        value = float(text.replace(",", "") + decimals)
        scaled = value * self.number_factor
        if decimals:
            return f"{scaled:,.{len(decimals) - 1}f}" if "," in text else f"{scaled:.{len(decimals) - 1}f}"
        n = max(1, round(scaled)) if value >= 1 else round(scaled)
        if ordinal:
            return f"{n}{_ordinal_suffix(n)}"
        return f"{n:,}" if "," in text else str(n)


def _ordinal_suffix(n: int) -> str:
    if n % 100 in (11, 12, 13):
        return "th"
    return {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")


def _month_name(original: str, month: int) -> str:
    """The new month spelled the way the original was: in full or abbreviated."""
    return MONTHS[month - 1] if original in MONTHS else MONTH_ABBREVIATIONS[month - 1]


# A template is literal text and slots; a slot is a function of the variation.
Slot = Callable[[Variation], str]
Template = list[str | Slot]


def _year_slot(text: str) -> Slot:
    return lambda v: str(v.year(int(text)))


def _month_slot(text: str) -> Slot:
    return lambda v: _month_name(text, v.month(MONTH_NUMBER[text]))


def _day_slot(text: str) -> Slot:
    width = len(text) if text.startswith("0") else 1
    return lambda v: str(v.day(int(text))).zfill(width)


def _number_slot(text: str, decimals: str, ordinal: str) -> Slot:
    return lambda v: v.number(text, decimals, ordinal)


def _name_slot(person: str, part: str) -> Slot:
    if part == "full":
        return lambda v: " ".join(v.person_names[person])
    return lambda v: v.person_names[person][1]


def _range_end_slot(start: str, end: str) -> Slot:
    """'1979-89': the end keeps two digits and moves with the start."""
    return lambda v: f"{(v.year(int(start[:2] + end))) % 100:02d}"


def _decade_slot(text: str) -> Slot:
    """'the 1980s' names the decade the shifted years fall in."""
    return lambda v: f"{(v.year(int(text)) // 10) * 10}s"


@dataclass(frozen=True)
class PersonPatterns:
    """Spellings of the people to replace: full names (and variants that contain the
    first name) become the new full name; other variants and the surname alone become
    the new surname."""

    regex: re.Pattern | None
    spelling_to: dict[str, tuple[str, str]]  # spelling -> (person, "full" | "last")

    @classmethod
    def from_people(cls, people: dict[str, list[str]]) -> PersonPatterns:
        spelling_to: dict[str, tuple[str, str]] = {}
        for person, variants in people.items():
            first, *_, last = person.split()
            spelling_to.setdefault(last, (person, "last"))
            for spelling in [person, *variants]:
                spelling_to[spelling] = (person, "full" if spelling.startswith(first + " ") else "last")
        if not spelling_to:
            return cls(None, {})
        alternatives = "|".join(re.escape(s) for s in sorted(spelling_to, key=len, reverse=True))
        return cls(re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])"), spelling_to)


def _date_parts(match: re.Match, kinds: str) -> Template:
    """Slots for a date phrase whose groups are, in order, the kinds given (y year,
    m month, d day, - kept as written)."""
    slot_of = {"y": _year_slot, "m": _month_slot, "d": _day_slot}
    return [slot_of[k](g) if k in slot_of else g for k, g in zip(kinds, match.groups(), strict=True)]


_DATE_FORMS = ((DAY_MONTH_YEAR, "d-m-y"), (MONTH_DAY_YEAR, "m-d-y"), (MONTH_YEAR, "m-y"))
_SLOT_SCANNER = re.compile(
    "|".join(
        f"(?P<{name}>{regex.pattern})"
        for name, regex in [
            ("dmy", DAY_MONTH_YEAR),
            ("mdy", MONTH_DAY_YEAR),
            ("my", MONTH_YEAR),
            ("yrange", YEAR_RANGE),
            ("decade", DECADE),
            ("year", BARE_YEAR),
            ("number", NUMBER),
        ]
    )
)


def compile_template(text: str, persons: PersonPatterns) -> Template:
    """Split a text into literal pieces and slots for its dates, people and numbers."""
    template: Template = []
    # People first: a name is text, and a number never sits inside one.
    pieces: list[tuple[str, str | None]] = []
    last = 0
    for m in persons.regex.finditer(text) if persons.regex else ():
        pieces.append((text[last : m.start()], None))
        pieces.append((m.group(0), "person"))
        last = m.end()
    pieces.append((text[last:], None))

    for piece, kind in pieces:
        if kind == "person":
            template.append(_name_slot(*persons.spelling_to[piece]))
            continue
        last = 0
        for m in _SLOT_SCANNER.finditer(piece):
            template.append(piece[last : m.start()])
            template += _slots_for(m)
            last = m.end()
        template.append(piece[last:])
    return [t for t in template if t != ""]


def _slots_for(m: re.Match) -> Template:
    found = m.group(0)
    kind = m.lastgroup
    if kind in ("dmy", "mdy", "my"):
        regex, kinds = next(f for f in _DATE_FORMS if f[1].replace("-", "") == kind)
        return _date_parts(regex.fullmatch(found), kinds)
    if kind == "yrange":
        start, dash, end = YEAR_RANGE.fullmatch(found).groups()
        return [_year_slot(start), dash, _range_end_slot(start, end)]
    if kind == "decade":
        return [_decade_slot(found[:-1])]
    if kind == "year":
        return [_year_slot(found)]
    number, decimals, ordinal = NUMBER.fullmatch(found).groups()
    return [_number_slot(number, decimals or "", ordinal or "")]


def render(template: Template, variation: Variation) -> str:
    return "".join(t if isinstance(t, str) else t(variation) for t in template)


def vary_published(published: str, variation: Variation) -> str:
    """The registry's ISO date, moved the way the text's dates move."""
    m = partial_dates.ISO_PARTIAL.fullmatch(published)
    year, month, day = m.groups()
    out = f"{variation.year(int(year)):04d}"
    if month:
        out += f"-{variation.month(int(month)):02d}"
    if day:
        out += f"-{variation.day(int(day)):02d}"
    return out


def people_of(gazetteer: dict, entries: list[registry.SourceEntry]) -> dict[str, list[str]]:
    """The people to rename: the gazetteer's, with their variants, and the authors."""
    people = {row["name"]: list(row.get("variants") or []) for row in gazetteer.get("people", [])}
    for entry in entries:
        author = entry.fields.get("author")
        if author and len(author.split()) >= 2:
            people.setdefault(author, [])
    return {p: v for p, v in people.items() if len(p.split()) >= 2}


@dataclass
class RealSource:
    entry: registry.SourceEntry
    raw_item: dict
    template: Template


def load_real_sources(sources_dir: Path, gazetteer_path: Path) -> tuple[list[RealSource], list[str], PersonPatterns]:
    """The real registry and texts, each text compiled once into a template."""
    from helpers import ingest

    registry_path = sources_dir / "sources.yml"
    entries = registry.load_registry(registry_path, sources_dir)
    raw_items = {str(item["id"]): item for item in yaml.safe_load(registry_path.read_text(encoding="utf-8"))}
    people = people_of(io.load_gazetteer(gazetteer_path), entries)
    persons = PersonPatterns.from_people(people)
    real = []
    for entry in entries:
        text = ingest.decode_source(entry.path.read_bytes(), str(entry.path)).text
        real.append(RealSource(entry, raw_items[entry.id], compile_template(text, persons)))
    return real, sorted(people), persons


def _vary_field(value, variation: Variation, persons: PersonPatterns):
    if not isinstance(value, str) or not value:
        return value
    return render(compile_template(value, persons), variation)


def generate_corpus(
    out_dir: Path,
    size: float,
    seed: int = 0,
    sources_dir: Path = paths.SOURCES_DIR,
    gazetteer_path: Path = paths.CODEBOOK_DIR / "gazetteer.yml",
) -> list[dict]:
    """Write round(size x number of real sources) varied copies and their sources.yml
    into out_dir (which must be empty or missing); return the registry entries."""
    out_dir = Path(out_dir)
    if out_dir.exists() and any(out_dir.iterdir()):
        raise SystemExit(f"error: {out_dir} is not empty; give a new folder.")
    out_dir.mkdir(parents=True, exist_ok=True)
    real, people, persons = load_real_sources(Path(sources_dir), Path(gazetteer_path))
    n_copies = max(1, round(size * len(real) * SOURCE_SHARE))
    rng = random.Random(seed)
    entries = []
    for n in range(1, n_copies + 1):
        source = real[(n - 1) % len(real)]
        variation = Variation.draw(rng, people)
        copy_id = f"s{n:05d}-{source.entry.id}"
        file_name = f"s{n:05d}_{source.entry.file}"
        (out_dir / file_name).write_text(render(source.template, variation), encoding="utf-8", newline="")
        item = {k: v for k, v in source.raw_item.items() if k not in ("id", "file")}
        item = {"id": copy_id, "file": file_name, **item}
        for field in ("title", "author"):
            item[field] = _vary_field(item.get(field), variation, persons)
        if item.get("published"):
            item["published"] = vary_published(str(item["published"]), variation)
        if isinstance(item.get("evidence"), dict):
            item["evidence"] = {k: _vary_field(v, variation, persons) for k, v in item["evidence"].items()}
        entries.append(item)
    header = f"# Synthetic corpus: x{size:g} the real one, {n_copies} varied copies, seed {seed}.\n"
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    io.write_text(
        out_dir / "sources.yml",
        header + yaml.dump(entries, Dumper=dumper, allow_unicode=True, sort_keys=False, width=1000),
    )
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=float, default=1, help="multiple of the real corpus (1, 100, 1000)")
    parser.add_argument("--out", type=Path, required=True, help="a new folder for the copies and sources.yml")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args(argv)
    entries = generate_corpus(args.out, args.size, args.seed)
    total = sum((args.out / e["file"]).stat().st_size for e in entries)
    print(f"{len(entries)} sources, {total / 1e6:.1f} MB -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
