"""The machine's own libraries the PDF is made with, from Debian's packages, checked (and
installed as root) by `make` before it builds; standard library only, as it runs before
any environment exists.

WeasyPrint lays text out with Pango and finds the briefing's DejaVu typefaces through
fontconfig: without them there is no PDF. It also subsets each font it embeds, with
HarfBuzz's subsetter (libharfbuzz-subset) when the machine has one, else with fontTools
in Python: 0.85 s of a 4 s PDF against 0.05 s, on the one step that runs while the other
core is idle, and WeasyPrint warns that the fallback will go. The same PDF either way, so
that one is asked for but not required.

    python -m helpers.system_libraries            # what is missing, and the command to add it
    python -m helpers.system_libraries --install  # as root with apt-get: install what is missing
"""

from __future__ import annotations

import argparse
import ctypes.util
import glob
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class SystemLibrary:
    package: str  # Debian's package
    library: str = ""  # a shared library's name as ctypes.util.find_library takes it
    file_pattern: str = ""  # else a file it installs (a glob)
    required: bool = True
    why: str = ""

    def present(self) -> bool:
        if self.library:
            return ctypes.util.find_library(self.library) is not None
        return bool(glob.glob(self.file_pattern, recursive=True))


LIBRARIES = (
    SystemLibrary("libpango-1.0-0", library="pango-1.0", why="WeasyPrint lays out the PDF's text with Pango"),
    SystemLibrary("libpangoft2-1.0-0", library="pangoft2-1.0", why="Pango's fontconfig backend"),
    SystemLibrary(
        "fonts-dejavu-core",
        file_pattern="/usr/share/fonts/**/DejaVuSerif.ttf",
        why="the briefing's typefaces (DejaVu Serif, Sans and Sans Mono)",
    ),
    SystemLibrary(
        "libharfbuzz-subset0",
        library="harfbuzz-subset",
        required=False,
        why="subsets the PDF's fonts in C (0.05 s; fontTools in Python takes 0.85 s)",
    ),
)


def missing(libraries: tuple[SystemLibrary, ...] = LIBRARIES) -> list[SystemLibrary]:
    return [lib for lib in libraries if not lib.present()]


def install_command(libraries: list[SystemLibrary]) -> list[str]:
    return ["apt-get", "install", *(lib.package for lib in libraries)]


def can_install() -> bool:
    """Root, on a machine with apt-get (as `make browser-deps` installs Chromium)."""
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def _apt_install(libraries: list[SystemLibrary]) -> bool:
    """apt-get's own output only when it fails (debconf's notes otherwise)."""
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    install = install_command(libraries)
    for command in (["apt-get", "update", "-qq"], [*install[:2], "-y", "-qq", *install[2:]]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stdout[-2000:] + done.stderr[-2000:], file=sys.stderr)
            return False
    return True


def ensure(
    install: bool,
    libraries: tuple[SystemLibrary, ...] = LIBRARIES,
    installer: Callable[[list[SystemLibrary]], bool] = _apt_install,
    may_install: Callable[[], bool] = can_install,
    say: Callable[[str], None] = print,
) -> int:
    """0 when every required library is present (after installing what is missing, if
    asked and allowed); 1, with the command that adds them, when a required one is not.
    A missing optional library is a note, not an error."""
    absent = missing(libraries)
    if absent and install and may_install():
        say(f"==> Installing {', '.join(lib.package for lib in absent)} (Debian) for the PDF")
        if not installer(absent):
            say("    apt-get could not install them (no network or no package index?)")
        absent = missing(libraries)
    hint = "sudo " + " ".join(install_command(absent)) if absent else ""
    for lib in absent:
        say(f"    {'error' if lib.required else 'note'}: {lib.package} is missing: {lib.why}")
    if any(lib.required for lib in absent):
        say(f"    Install it and run make again: {hint}")
        return 1
    if absent:
        say(f"    The PDF is the same without it, only slower; to add it: {hint}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--install", action="store_true", help="install what is missing (root and apt-get only)")
    return ensure(parser.parse_args(argv).install)


if __name__ == "__main__":
    sys.exit(main())
