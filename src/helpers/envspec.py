"""The pip list of environment.yml, read with the standard library only, so that `make
lock` can turn it into requirements.lock before any environment exists."""

from __future__ import annotations

import re
import sys
from pathlib import Path

_PIN = re.compile(r"^\s+-\s+([A-Za-z0-9_.\-\[\]]+)==([^\s#]+)")


def pinned_requirements(environment_yml: Path) -> dict[str, str]:
    """name -> version for each `- name==version` under `- pip:`."""
    pins: dict[str, str] = {}
    in_pip = False
    for line in Path(environment_yml).read_text(encoding="utf-8").splitlines():
        if re.match(r"^\s+-\s+pip:\s*$", line):
            in_pip = True
            continue
        if in_pip:
            m = _PIN.match(line)
            if m:
                pins[normalise_name(m.group(1))] = m.group(2)
            elif line.strip() and not line.strip().startswith("#"):
                in_pip = False
    return pins


def normalise_name(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_lock(lock: Path) -> dict[str, tuple[str, set[str]]]:
    """name -> (version, the packages or input files it is there for), from uv's output."""
    entries: dict[str, tuple[str, set[str]]] = {}
    current = None
    for line in Path(lock).read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-\[\]]+)==(\S+)", line)
        if m:
            current = normalise_name(m.group(1))
            entries[current] = (m.group(2), set())
            continue
        comment = re.match(r"^\s+#\s+(.*?)\s*$", line)
        if current and comment:
            reason = re.sub(r"^via\s*", "", comment.group(1))
            if reason:
                entries[current][1].add(reason)
    return entries


if __name__ == "__main__":
    for name, version in pinned_requirements(Path(sys.argv[1])).items():
        print(f"{name}=={version}")
