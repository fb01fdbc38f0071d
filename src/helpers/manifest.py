"""Prints what the build wrote, at the end of `make report`. Standard library only."""

from __future__ import annotations

import argparse
import csv
import sys

from helpers import paths


def written_outputs(focus_suffix: str) -> list[str]:
    found = []
    for name in (f"briefing{focus_suffix}.html", f"briefing{focus_suffix}.pdf"):
        if (paths.REPORTS_DIR / name).exists():
            found.append(paths.REPORTS_DIR / name)
    for folder in (paths.TABLES_DIR, paths.FIGURES_DIR):
        if folder.is_dir():
            found.extend(sorted(p for p in folder.iterdir() if p.is_file() and not p.name.startswith(".")))
    return [str(p.relative_to(paths.ROOT)) for p in found]


def sources_without_kind() -> list[str]:
    """The sources whose registry entry leaves `kind` blank, as `make add-source` writes it
    for the analyst to fill in: the briefing then says 'not given', and the build had gone
    on without a word (an analyst's review). Read from sources.csv: no YAML here."""
    table = paths.TABLES_DIR / "sources.csv"
    if not table.is_file():
        return []
    with table.open(newline="", encoding="utf-8") as f:
        return [row["source_id"] for row in csv.DictReader(f) if not (row.get("kind") or "").strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--focus-suffix", default="")
    parser.add_argument("--ran", action="store_true", help="steps were run (else every step was up to date)")
    args = parser.parse_args(argv)
    outputs = written_outputs(args.focus_suffix)
    if not outputs:
        print("Nothing was written.")
        return 0
    print("The build's outputs:" if args.ran else "Up to date: no step needed running. The build's outputs:")
    for p in outputs:
        print(f"  {p}")
    blank = sources_without_kind()
    if blank:
        print(
            f"Note: data/sources/sources.yml gives no kind for {', '.join(blank)}; the briefing says 'not given'. "
            "Fill it in (the kinds are listed in README: Adding a source)."
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
