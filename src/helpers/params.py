"""The run parameters: one typed definition that feeds validation, `make help`, the
papermill injection and the run parameters the briefing's Method gives, with the
command that rebuilds it.

Standard library only: `make` runs this module with the system python to check the
parameters before it builds anything.
"""

from __future__ import annotations

import argparse
import json
import os
import shlex
import sys
from dataclasses import dataclass
from pathlib import Path

from helpers import partial_dates
from helpers.errors import InputError


@dataclass(frozen=True)
class Parameter:
    name: str
    default: str
    help: str
    allowed: tuple[str, ...] = ()
    partial_date: bool = False  # YYYY, YYYY-MM or YYYY-MM-DD on the calendar, or empty

    @property
    def make_var(self) -> str:
        return self.name.upper()


PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "focus",
        "all",
        "which relationships the briefing covers",
        allowed=("all", "nato", "un", "afghanistan", "regional"),
    ),
    Parameter(
        "period_start",
        "",
        "earliest date covered, YYYY[-MM[-DD]] (empty: no limit)",
        partial_date=True,
    ),
    Parameter(
        "period_end",
        "",
        "latest date covered, YYYY[-MM[-DD]] (empty: no limit)",
        partial_date=True,
    ),
    Parameter("title", "", "the briefing's title (empty: the standard title)"),
)

BY_NAME = {p.name: p for p in PARAMETERS}


def validate(values: dict[str, str]) -> dict[str, str]:
    """Every parameter with its default filled in; an unknown name or value is an
    InputError that lists what is allowed."""
    unknown = sorted(set(values) - set(BY_NAME))
    if unknown:
        raise InputError(
            f"parameter {unknown[0]!r}",
            "is not a parameter of this report",
            f"Use one of: {', '.join(BY_NAME)}.",
        )
    out = {}
    for p in PARAMETERS:
        value = values.get(p.name)
        value = str(value).strip() if value is not None else ""
        value = value or p.default  # 'make report FOCUS=' is the default focus, as no FOCUS is
        if p.allowed and value not in p.allowed:
            raise InputError(
                f"parameter {p.name} ({p.make_var}={value!r})",
                "is not an allowed value",
                f"Allowed values: {', '.join(p.allowed)}.",
            )
        if p.partial_date and value and partial_dates.calendar_problem(value):
            raise InputError(
                f"parameter {p.name} ({p.make_var}={value!r})",
                "is not a date",
                "Write it as YYYY, YYYY-MM or YYYY-MM-DD (a month from 01 to 12, a day that month has), "
                "or leave it empty.",
            )
        out[p.name] = value
    if out["period_start"] and out["period_end"] and out["period_start"] > out["period_end"]:
        raise InputError(
            "parameters period_start/period_end",
            f"the period starts ({out['period_start']}) after it ends ({out['period_end']})",
            "Swap the two values.",
        )
    return out


def output_suffix(focus: str, period_start: str = "", period_end: str = "") -> str:
    """`briefing.html` for the whole picture, `briefing-un.html` for a focus, and
    `briefing-un-from-2017-to-2024.html` for a period: a briefing on a period had replaced
    the whole briefing of its focus, under the same name (newcomer's review). The
    Makefile's SUFFIX says the same (a test keeps the two equal)."""
    return (
        ("" if focus == "all" else f"-{focus}")
        + (f"-from-{period_start}" if period_start else "")
        + (f"-to-{period_end}" if period_end else "")
    )


def suffix_of(values: dict[str, str]) -> str:
    """output_suffix of a run's parameters."""
    return output_suffix(values["focus"], values.get("period_start", ""), values.get("period_end", ""))


def describe(values: dict[str, str]) -> str:
    """The run parameters as the briefing's Method gives them."""
    return "; ".join(f"{k} = {v or '(none)'}" for k, v in values.items())


def make_command(values: dict[str, str]) -> str:
    """The `make` command that builds the same briefing: only what differs from the
    defaults, quoted for a shell (a title has spaces) and for make, which would read a
    '$' in a value as a reference to a variable."""
    changed = [p for p in PARAMETERS if values.get(p.name, p.default) != p.default]
    words = (f"{p.make_var}={shlex.quote(values[p.name].replace('$', '$$'))}" for p in changed)
    return " ".join(["make report", *words])


def help_lines() -> list[str]:
    lines = []
    for p in PARAMETERS:
        allowed = f" [{'|'.join(p.allowed)}]" if p.allowed else ""
        default = p.default or "(empty)"
        lines.append(f"  {p.make_var:<14} {p.help}{allowed}; default {default}")
    return lines


def write_if_changed(path: Path, text: str) -> bool:
    """Make compares timestamps: rewriting an identical stamp would rebuild for nothing."""
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("help", help="print the parameters for `make help`")
    sub.add_parser("focuses", help="print the allowed focuses, for `make briefs` and the notes of `make report`")
    for name in ("check", "stamp"):
        cmd = sub.add_parser(name)
        for p in PARAMETERS:
            cmd.add_argument(f"--{p.name.replace('_', '-')}", dest=p.name, default=None)
        if name == "stamp":
            cmd.add_argument("--out", required=True)
    args = parser.parse_args(argv)
    if args.command == "help":
        print("\n".join(help_lines()))
        return 0
    if args.command == "focuses":
        print(*BY_NAME["focus"].allowed)
        return 0
    # make exports FOCUS, PERIOD_START...: a flag wins, then the environment, then the default.
    given = {
        p.name: getattr(args, p.name) if getattr(args, p.name) is not None else os.environ.get(p.make_var)
        for p in PARAMETERS
    }
    try:
        values = validate(given)
        if os.environ.get("EXECUTOR"):  # where the extraction runs: checked before any work too
            from helpers import executor

            executor.parse(os.environ["EXECUTOR"])
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if args.command == "stamp":
        write_if_changed(Path(args.out), json.dumps(values, indent=1, sort_keys=True) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
