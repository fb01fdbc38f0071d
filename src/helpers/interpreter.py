"""Which Python the project's .venv is built on, read with the standard library only (it
runs before any environment exists).

A machine may hold more than one CPython 3.11, and they are not equally fast. On ours,
`python3` on PATH is a pyenv build linked to a shared libpython and compiled without
profile-guided or link-time optimisation; Debian's /usr/bin/python3.11 is linked
statically and built with both. The same work ran 10-15% faster on Debian's (the
extraction, the PDF, the whole build) and 25-30% faster for plain Python loops. So
`make` builds .venv on a statically linked 3.11 when there is one, and falls back to the
first 3.11 found (else python3, as before). `make PYTHON3=/path/to/python` still chooses for itself.

    python -m helpers.interpreter            # prints the chosen interpreter's path
    python -m helpers.interpreter --explain  # and what was found
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass

# The version requirements.lock is compiled for (`make lock`: --python-version 3.11).
WANTED = (3, 11)
# Where a 3.11 may be besides PATH: the system's and a local build's usual places.
KNOWN_PLACES = ("/usr/bin/python3.11", "/usr/local/bin/python3.11")


@dataclass(frozen=True)
class Found:
    path: str
    version: tuple[int, int]
    can_venv: bool
    shared: bool | None  # None: could not tell

    @property
    def usable(self) -> bool:
        return self.version == WANTED and self.can_venv


def candidates(path_env: str | None = None) -> list[str]:
    """Every python3.11 (and python3) on PATH, then the known places; each file once."""
    search = os.environ.get("PATH", "") if path_env is None else path_env
    named = [shutil.which(name, path=search) for name in ("python3.11", "python3")]
    seen: dict[str, str] = {}
    for path in [*named, *KNOWN_PLACES]:
        if path and os.access(path, os.X_OK):
            seen.setdefault(os.path.realpath(path), path)
    return list(seen.values())


def libpython_shared() -> bool | None:
    """Whether this process has a libpython shared library mapped (Linux: /proc/self/maps;
    None where that cannot be read)."""
    try:
        with open("/proc/self/maps") as maps:
            return any("libpython" in line for line in maps)
    except OSError:
        return None


def _this_interpreter() -> dict:
    """What a candidate reports of itself when this file runs in it (`--probe`)."""
    try:
        import ensurepip  # noqa: F401  (Debian ships venv's pip apart: python3.11-venv)
        import venv  # noqa: F401

        can_venv = True
    except ImportError:
        can_venv = False
    return {"version": list(sys.version_info[:2]), "can_venv": can_venv, "shared": libpython_shared()}


def probe(path: str) -> Found | None:
    """What `path` is, or None when it does not run: this file, run in it."""
    try:
        out = subprocess.run([path, "-I", __file__, "--probe"], capture_output=True, text=True, timeout=30, check=True)
        info = json.loads(out.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    return Found(path, tuple(info["version"]), bool(info["can_venv"]), info["shared"])


def choose(found: list[Found]) -> Found | None:
    """The first statically linked usable interpreter, else the first usable one."""
    usable = [f for f in found if f.usable]
    static = [f for f in usable if f.shared is False]
    return (static or usable or [None])[0]


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if "--probe" in argv:
        print(json.dumps(_this_interpreter()))
        return 0
    looked_at = candidates()
    found = [f for f in map(probe, looked_at) if f is not None]
    chosen = choose(found)
    if "--explain" in argv:
        for f in found:
            linked = {True: "shared libpython", False: "static", None: "linking unknown"}[f.shared]
            mark = "*" if f == chosen else " "
            venv = "" if f.can_venv else ", no venv/ensurepip"
            print(f"{mark} {f.path}: {f.version[0]}.{f.version[1]}, {linked}{venv}", file=sys.stderr)
    if chosen is None:  # as before this module: the first python3, whatever its version
        wanted = ".".join(map(str, WANTED))
        print(
            f"warning: no Python {wanted} with venv found (looked at: {', '.join(looked_at) or 'nothing'}); "
            f"trying python3. requirements.lock is for {wanted}: install python{wanted} and python{wanted}-venv, "
            f"or run make with PYTHON3=/path/to/python{wanted}.",
            file=sys.stderr,
        )
        print("python3")
        return 0
    print(chosen.path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
