"""`make add-source FILE=...`: put a new document into data/sources/ and register it.

The file is read first, exactly as the build will read it, so a file the build cannot use
is refused before anything is copied or registered. The new registry entry holds what
the file says about itself, each value with its evidence, for the analyst to check.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sys
from pathlib import Path

from helpers import formats, ingest, io, paths, registry
from helpers.errors import InputError


def _slug(text: str, words: int = 4) -> str:
    parts = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(parts[:words])


def propose_id(fields: dict[str, str], file_name: str, taken: set[str]) -> str:
    """'<author surname>-<year>' when the file names both, else the title's first words,
    else the file name; '-2', '-3'... when that id is taken."""
    author = (fields.get("author") or "").split(";")[0].strip()
    year = (fields.get("published") or "")[:4]
    if author and year:
        base = f"{_slug(author.split()[-1], 1)}-{year}"
    elif fields.get("title"):
        base = _slug(fields["title"]) + (f"-{year}" if year else "")
    else:
        base = _slug(Path(file_name).stem, 6)
    base = base.strip("-") or "source"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


# How an entry shows a kind the file did not state: the analyst's to fill in.
UNFILLED_KIND = f"  kind:  # one of: {', '.join(registry.KINDS)}"


def registry_entry(source_id: str, file_name: str, fields: dict[str, str], evidence: dict[str, str]) -> str:
    """A YAML block for sources.yml. Values are written as JSON strings, which YAML reads
    back exactly whatever they contain."""
    lines = [f"- id: {source_id}", f"  file: {json.dumps(file_name, ensure_ascii=False)}"]
    for name in registry.CITATION_FIELDS:
        if name == "published_precision":
            continue
        value = fields.get(name)
        if value:
            lines.append(f"  {name}: {json.dumps(value, ensure_ascii=False)}")
        elif name == "kind":
            lines.append(UNFILLED_KIND)
        else:
            lines.append(f"  {name}:")
    if evidence:
        lines.append("  evidence:")
        lines += [f"    {k}: {json.dumps(v, ensure_ascii=False)}" for k, v in sorted(evidence.items())]
    return "\n".join(lines) + "\n"


def add_source(file: Path, registry_path: Path, sources_dir: Path, source_id: str = "") -> tuple[str, str]:
    """Copy (if need be) and register one file; returns (id, the entry written)."""
    file = Path(file)
    if not file.is_file():
        raise InputError(str(file), "no such file", "Give the path of the document: make add-source FILE=path")
    if file.name in registry.NOT_SOURCES or file.name.startswith("."):
        raise InputError(str(file), "is not a source document", "Give the path of the document to add.")
    entries = (
        registry.load_registry(registry_path, sources_dir, check_unregistered=False) if registry_path.exists() else []
    )
    registered = {e.file: e.id for e in entries}
    if file.name in registered:
        raise InputError(str(file), f"is already registered as '{registered[file.name]}'", "Nothing to do.")
    data = file.read_bytes()
    if not data.strip():  # the build's own refusal speaks of a file already registered
        raise InputError(str(file), "the file is empty", "Add it once it holds the document's text.")
    document = formats.read_source(data, file)  # refuses what the build would refuse
    found = ingest.file_metadata(document.metadata, ingest.normalise_text(document.text))

    entry = registry.SourceEntry("new", file.name, sources_dir / file.name)
    registry.fill_from_file(entry, found, str(file))
    fields = {k: v for k, v in entry.fields.items() if v}
    taken = {e.id for e in entries}
    source_id = source_id or propose_id(fields, file.name, taken)
    if source_id in taken:
        raise InputError(f"id '{source_id}'", "is already the id of another source", "Choose another with ID=...")
    if not registry.ID_PATTERN.fullmatch(source_id):
        raise InputError(f"id '{source_id}'", "is not a slug", "Choose one of lower-case words joined by '-'.")

    target = Path(sources_dir) / file.name
    if target.exists() and target.resolve() != file.resolve() and target.read_bytes() != data:
        raise InputError(str(target), "a different file of that name is already there", "Rename the new file.")
    block = registry_entry(source_id, file.name, fields, entry.evidence)
    old = registry_path.read_text(encoding="utf-8") if registry_path.exists() else ""
    new = old.rstrip("\n") + ("\n\n" if old.strip() else "") + block
    copied = not target.exists()
    if copied:
        with io.atomic_path(target) as tmp:
            shutil.copyfile(file, tmp)
    try:
        io.write_text(registry_path, new)
        registry.load_registry(registry_path, sources_dir, check_unregistered=False)  # still loads as a whole
    except InputError:
        io.write_text(registry_path, old)
        if copied:
            target.unlink()
        raise
    return source_id, block


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("file", nargs="?", default="")
    parser.add_argument("--id", default="", help="the id to give the source (default: proposed from the file)")
    args = parser.parse_args(argv)
    if not args.file:
        print("error: name the file to add: make add-source FILE=path/to/document", file=sys.stderr)
        return 2
    try:
        source_id, block = add_source(Path(args.file), paths.REGISTRY, paths.SOURCES_DIR, args.id)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(f"Registered '{source_id}' in {paths.REGISTRY.relative_to(paths.ROOT)}:\n")
    print(block)
    unfilled = " (and fill in 'kind')" if UNFILLED_KIND in block.splitlines() else ""
    print(f"Check the fields above{unfilled}, then run: make report")
    return 0


if __name__ == "__main__":
    sys.exit(main())
