"""The source registry, `data/sources/sources.yml`: what an analyst cites for each file.

The registry is the analyst's word; the file only fills what the registry leaves empty,
and every filled or inferred field carries an evidence note saying where it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from helpers import partial_dates, paths
from helpers.errors import InputError
from helpers.io import safe_yaml, yaml_error

REQUIRED = ("id", "file")
CITATION_FIELDS = (
    "title",
    "author",
    "author_affiliation",
    "publisher",
    "published",
    "published_precision",
    "kind",
    "url",
)
ALLOWED_FIELDS = set(REQUIRED) | set(CITATION_FIELDS) | {"evidence", "notes"}
KINDS = ("official page", "analysis", "opinion", "essay", "news", "report", "other")
PRECISIONS = ("day", "month", "year")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# Files in data/sources/ that are not sources.
NOT_SOURCES = {"sources.yml", "README.md", ".gitkeep"}


@dataclass
class SourceEntry:
    id: str
    file: str
    path: Path
    fields: dict[str, str | None] = field(default_factory=dict)
    evidence: dict[str, str] = field(default_factory=dict)

    def as_row(self) -> dict:
        row = {"source_id": self.id, "file": self.file}
        row.update({f: self.fields.get(f) for f in CITATION_FIELDS})
        row["inferred_fields"] = "; ".join(sorted(self.evidence))
        row["evidence"] = "; ".join(f"{k}: {v}" for k, v in sorted(self.evidence.items()))
        return row


def check_iso_partial(value: str, where: str) -> str:
    problem = partial_dates.calendar_problem(value)
    if problem is None:
        return value
    if not partial_dates.ISO_PARTIAL.fullmatch(value):
        raise InputError(
            where,
            f"{value!r} is not a date",
            "Write it as YYYY, YYYY-MM or YYYY-MM-DD (ISO 8601), in quotes.",
        )
    raise InputError(where, f"{value!r} is not a real date ({problem})", "Correct it.")


def load_registry(registry_path: Path, sources_dir: Path, check_unregistered: bool = True) -> list[SourceEntry]:
    """Parse and check the registry. Every problem is an InputError naming the entry
    and field, raised before anything is written."""
    where = str(registry_path)
    if not registry_path.exists():
        raise InputError(where, "the registry is missing", "Create it: see README, 'Adding a source'.")
    try:
        text = registry_path.read_text(encoding="utf-8")
        raw = safe_yaml(text)
    except yaml.YAMLError as exc:
        raise yaml_error(where, exc, text) from None
    if not isinstance(raw, list) or not raw:
        raise InputError(where, "must be a YAML list with one mapping per source", "See README.")

    entries: list[SourceEntry] = []
    seen_ids: dict[str, int] = {}
    seen_files: dict[str, str] = {}
    root = sources_dir.resolve()
    for n, item in enumerate(raw, start=1):
        named = f"source '{item['id']}' (entry {n})" if isinstance(item, dict) and item.get("id") else f"entry {n}"
        at = f"{where}, {named}"
        if not isinstance(item, dict):
            raise InputError(at, "is not a mapping", "Write each source as 'key: value' lines.")
        for key in REQUIRED:
            if not item.get(key):
                raise InputError(at, f"required field '{key}' is missing", f"Add '{key}:'.")
        sid = str(item["id"])
        at = f"{where}, source '{sid}'"
        unknown = sorted(set(item) - ALLOWED_FIELDS)
        if unknown:
            raise InputError(
                at, f"unknown field '{unknown[0]}'", f"Allowed fields: {', '.join(sorted(ALLOWED_FIELDS))}."
            )
        if not ID_PATTERN.fullmatch(sid):
            raise InputError(at, "id is not a slug", "Use lower-case words joined by '-', e.g. 'abbas-2017'.")
        if sid in seen_ids:
            raise InputError(at, f"duplicate id (also entry {seen_ids[sid]})", "Give each source its own id.")
        seen_ids[sid] = n
        file_name = str(item["file"])
        path = (sources_dir / file_name).resolve()
        if root not in path.parents:
            raise InputError(at, f"file '{file_name}' is outside {sources_dir}", "Put the file in data/sources/.")
        if not path.is_file():
            raise InputError(at, f"file '{file_name}' does not exist", f"Copy it into {sources_dir} or fix 'file:'.")
        if file_name in seen_files:
            raise InputError(at, f"file '{file_name}' is also registered as '{seen_files[file_name]}'", "Remove one.")
        seen_files[file_name] = sid

        fields = {f: (None if item.get(f) in (None, "") else str(item[f])) for f in CITATION_FIELDS}
        evidence = item.get("evidence") or {}
        if not isinstance(evidence, dict):
            raise InputError(at, "'evidence' must map a field name to a note", "e.g. evidence: {published: ...}")
        bad = sorted(set(evidence) - set(CITATION_FIELDS))
        if bad:
            raise InputError(at, f"evidence for unknown field '{bad[0]}'", "Use a citation field name.")
        if fields["published"]:
            check_iso_partial(fields["published"], f"{at}, field 'published'")
            implied = partial_dates.precision_of(fields["published"])
            if fields["published_precision"] and fields["published_precision"] != implied:
                raise InputError(
                    f"{at}, field 'published_precision'",
                    f"says {fields['published_precision']} but published is a {implied}",
                    "Make them agree (or drop published_precision: it is implied).",
                )
            fields["published_precision"] = implied
        if fields["kind"] and fields["kind"] not in KINDS:
            raise InputError(
                f"{at}, field 'kind'", f"{fields['kind']!r} is not a kind", f"Use one of: {', '.join(KINDS)}."
            )
        entries.append(SourceEntry(sid, file_name, path, fields, {k: str(v) for k, v in evidence.items()}))

    unregistered = sorted(
        p.name
        for p in sources_dir.iterdir()
        if p.is_file() and p.name not in NOT_SOURCES and not p.name.startswith(".") and p.name not in seen_files
    )
    if unregistered and check_unregistered:
        stray = sources_dir / unregistered[0]
        raise InputError(
            str(stray),
            "is in data/sources/ but not in sources.yml",
            f"Register it with `make add-source FILE={paths.as_typed(stray)}`, or add an entry"
            " to sources.yml by hand (see README, 'Adding a source')",
        )
    return entries


def fill_from_file(entry: SourceEntry, found: dict[str, tuple[str, str]], where: str = "") -> SourceEntry:
    """Fields the registry leaves empty take what the file says, with the evidence. A date
    the file states must be readable and a kind must be one of KINDS, like the registry's."""
    where = where or str(entry.path)
    for name, (value, evidence) in found.items():
        if entry.fields.get(name) or not value or name not in CITATION_FIELDS:
            continue
        if name == "published":
            value = file_date_to_iso(value, f"{where}, {evidence}")
        if name == "kind" and value not in KINDS:
            raise InputError(f"{where}, {evidence}", f"{value!r} is not a kind", f"Use one of: {', '.join(KINDS)}.")
        entry.fields[name] = value
        entry.evidence.setdefault(name, f"from the file: {evidence}")
    if entry.fields.get("published") and not entry.fields.get("published_precision"):
        entry.fields["published_precision"] = partial_dates.precision_of(entry.fields["published"])
    return entry


def file_date_to_iso(value: str, where: str) -> str:
    """A date as a file writes it ('2023-05-14', '2019-06-14T08:30:00+05:00', '14 May 2023',
    'May 2023') as an ISO date at its precision; anything else stops the build."""
    from helpers.ingest import parse_written_date

    value = str(value).strip()
    m = re.match(r"(\d{4}(?:-\d{2}(?:-\d{2})?)?)(?:[T ]\d{2}:\d{2}.*)?$", value)
    if m:
        return check_iso_partial(m.group(1), where)
    written = parse_written_date(value)
    if written:
        return written
    raise InputError(
        where,
        f"the date {value!r} cannot be read",
        "Write it as YYYY, YYYY-MM or YYYY-MM-DD, or give 'published' in sources.yml.",
    )
