"""Prints what the build wrote, at the end of `make report`. Standard library only."""

from __future__ import annotations

import argparse
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
    return 0


if __name__ == "__main__":
    sys.exit(main())
