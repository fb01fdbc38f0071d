"""The notes `make report` prints, after its build, on the other briefings in reports/:
those of another focus or period built from older inputs (each costs a briefing's run, so
it is pointed out, not rebuilt), and files named like a briefing that are not one of ours.

A briefing is out of date when make's dry run for its parameters lists a step to run and
that step's inputs no longer hold what they held at its last run (pipeline.inputs_digest).
By times alone, a source edited and put back had marked every other briefing as built
from older inputs, though their inputs held the same bytes (newcomer's review)."""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys

from helpers import params, paths
from helpers.errors import InputError

# briefing[-<focus>][-from-<date>][-to-<date>].html, as params.output_suffix names them
_NAME = re.compile(r"briefing(?:-(?P<focus>[a-z]+))?(?:-from-(?P<start>[\d-]+?))?(?:-to-(?P<end>[\d-]+))?\.html")


def run_values_of(name: str) -> dict[str, str] | None:
    """The focus and period a briefing's file name gives, with the title it was last built
    with (build/params<suffix>.json); None for a name that is not one of ours."""
    m = _NAME.fullmatch(name)
    if not m:
        return None
    given = {"focus": m["focus"] or "all", "period_start": m["start"] or "", "period_end": m["end"] or ""}
    try:
        values = params.validate(given)
    except InputError:  # an unknown focus, a period that is no date: not a name we give
        return None
    if params.suffix_of(values) != name.removeprefix("briefing").removesuffix(".html"):
        return None
    stamp = paths.BUILD_DIR / f"params{params.suffix_of(values)}.json"
    if stamp.is_file():
        try:
            values["title"] = str(json.loads(stamp.read_text(encoding="utf-8")).get("title", ""))
        except (ValueError, AttributeError):
            pass
    return values


def out_of_date(values: dict[str, str], stale_steps_command: str) -> bool:
    """Whether make's dry run for these parameters lists a step whose inputs changed."""
    env = os.environ | {p.make_var: values.get(p.name, p.default) for p in params.PARAMETERS}
    dry = subprocess.run(stale_steps_command, shell=True, env=env, capture_output=True, text=True, check=False)
    if dry.returncode != 0:  # no build record of these parameters
        return True
    steps = dry.stdout.split()
    if not steps:
        return False
    from helpers import pipeline

    return not all(pipeline.holds_what_it_held(step, values) for step in steps)


def notes(current: dict[str, str], stale_steps_command: str) -> list[str]:
    """A note for each briefing in reports/ other than the current one's that is not ours or
    is out of date, in name order."""
    found = []
    mine = f"briefing{params.suffix_of(current)}.html"
    for path in sorted(paths.REPORTS_DIR.glob("briefing*.html")):
        if path.name == mine:
            continue
        shown = path.relative_to(paths.ROOT).as_posix()
        values = run_values_of(path.name)
        if values is None:
            found.append(f"Note: {shown} is not one of this project's briefings: left as it is, unchecked.")
        elif out_of_date(values, stale_steps_command):
            rebuild = params.make_command(values)
            also = " (or make briefs)" if not (values["period_start"] or values["period_end"]) else ""
            found.append(f"Note: {shown} was built from older inputs; {rebuild}{also} brings it up to date.")
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--stale-steps", required=True, help="the Makefile's dry run that lists the steps to run")
    args = parser.parse_args(argv)
    from helpers import pipeline

    for line in notes(pipeline.run_parameters_from_env(), args.stale_steps):
        print(line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
