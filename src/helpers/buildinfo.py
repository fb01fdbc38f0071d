"""Who built what from which inputs: the date, the commit and a hash of the inputs.
Shown in the briefing's title block and recorded as the datapackage version."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from helpers import paths


def build_date() -> dt.date:
    """SOURCE_DATE_EPOCH when set (reproducible builds), else today (UTC)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.datetime.now(tz=dt.UTC).date()


def inputs_digest(files: list[Path], root: Path) -> str:
    """One hash over every input file's name and bytes: two builds with the same
    digest read the same inputs."""
    h = hashlib.sha256()
    for f in sorted(Path(p) for p in files):
        h.update(str(f.relative_to(root)).encode())
        h.update(hashlib.sha256(f.read_bytes()).digest())
    return h.hexdigest()[:12]


def git_commit(root: Path) -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--short=10", "HEAD"],
            capture_output=True,
            text=True,
            timeout=5,
            check=True,
        )
        return out.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "no-commit"


@dataclass(frozen=True)
class BuildInfo:
    date: dt.date
    commit: str
    inputs: str

    @property
    def identifier(self) -> str:
        return f"{self.commit}/{self.inputs}"


def build_info(input_dirs: list[Path]) -> BuildInfo:
    files = [p for d in input_dirs for p in Path(d).rglob("*") if p.is_file() and not p.name.startswith(".")]
    return BuildInfo(build_date(), git_commit(paths.ROOT), inputs_digest(files, paths.ROOT))
