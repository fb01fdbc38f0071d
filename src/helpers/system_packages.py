"""What the project needs from the machine's own Debian packages, checked (and installed as
root with apt-get) by `make` before it builds or tests; standard library only, as it runs
before any environment exists. One place for every such package, for each purpose:

- `pdf`: WeasyPrint lays text out with Pango and finds the briefing's DejaVu typefaces
  through fontconfig: without them there is no PDF. It also subsets each font it embeds,
  with HarfBuzz's subsetter (libharfbuzz-subset) when the machine has one, else with
  fontTools in Python: 0.85 s of a 4 s PDF against 0.05 s, on the one step that runs while
  the other core is idle, and WeasyPrint warns that the fallback will go. The same PDF
  either way, so that one is asked for but not required.
- `browser-test`: the browser test drives Debian's Chromium, never a downloaded browser.

    python -m helpers.system_packages pdf            # what is missing, and the command to add it
    python -m helpers.system_packages --install pdf  # as root with apt-get: install what is missing
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
class SystemPackage:
    package: str  # Debian's package
    library: str = ""  # a shared library's name as ctypes.util.find_library takes it
    file_pattern: str = ""  # else a file it installs (a glob)
    required: bool = True
    why: str = ""

    def present(self) -> bool:
        if self.library:
            return ctypes.util.find_library(self.library) is not None
        return bool(glob.glob(self.file_pattern, recursive=True))


# purpose -> (what it is called in messages, the packages it needs)
NEEDS: dict[str, tuple[str, tuple[SystemPackage, ...]]] = {
    "pdf": (
        "the PDF",
        (
            SystemPackage("libpango-1.0-0", library="pango-1.0", why="WeasyPrint lays out the PDF's text with Pango"),
            SystemPackage("libpangoft2-1.0-0", library="pangoft2-1.0", why="Pango's fontconfig backend"),
            SystemPackage(
                "fonts-dejavu-core",
                file_pattern="/usr/share/fonts/**/DejaVuSerif.ttf",
                why="the briefing's typefaces (DejaVu Serif, Sans and Sans Mono)",
            ),
            SystemPackage(
                "libharfbuzz-subset0",
                library="harfbuzz-subset",
                required=False,
                why="subsets the PDF's fonts in C (0.05 s; fontTools in Python takes 0.85 s)",
            ),
        ),
    ),
    "browser-test": (
        "the browser test",
        (SystemPackage("chromium", file_pattern="/usr/bin/chromium", why="the browser test drives Debian's Chromium"),),
    ),
}


def missing(packages: tuple[SystemPackage, ...]) -> list[SystemPackage]:
    return [p for p in packages if not p.present()]


def can_install() -> bool:
    """Root, on a machine with apt-get (as on our machines and in CI)."""
    return os.geteuid() == 0 and shutil.which("apt-get") is not None


def _apt_install(packages: list[SystemPackage]) -> bool:
    """apt-get's own output only when it fails (debconf's notes otherwise)."""
    env = os.environ | {"DEBIAN_FRONTEND": "noninteractive"}
    for command in (["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *(p.package for p in packages)]):
        done = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            print(done.stdout[-2000:] + done.stderr[-2000:], file=sys.stderr)
            return False
    return True


def ensure(
    install: bool,
    packages: tuple[SystemPackage, ...],
    installer: Callable[[list[SystemPackage]], bool] = _apt_install,
    may_install: Callable[[], bool] = can_install,
    say: Callable[[str], None] = print,
    purpose: str = "the PDF",
) -> int:
    """0 when every required package is present (after installing what is missing, if
    asked and allowed); 1, with the command that adds them, when a required one is not.
    A missing optional package is a note, not an error."""
    absent = missing(packages)
    if absent and install and may_install():
        say(f"==> Installing {', '.join(p.package for p in absent)} (Debian) for {purpose}")
        if not installer(absent):
            say("    apt-get could not install them (no network or no package index?)")
        absent = missing(packages)
    hint = "sudo apt-get install " + " ".join(p.package for p in absent)
    for p in absent:
        say(f"    {'error' if p.required else 'note'}: {p.package} is missing: {p.why}")
    if any(p.required for p in absent):
        say(f"    Install it and run make again: {hint}")
        return 1
    if absent:
        say(f"    {purpose[0].upper() + purpose[1:]} is the same without it, only slower; to add it: {hint}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("purpose", choices=sorted(NEEDS), help="what the packages are needed for")
    parser.add_argument("--install", action="store_true", help="install what is missing (root and apt-get only)")
    args = parser.parse_args(argv)
    purpose, packages = NEEDS[args.purpose]
    return ensure(args.install, packages, purpose=purpose)


if __name__ == "__main__":
    sys.exit(main())
