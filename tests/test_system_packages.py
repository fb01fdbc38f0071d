"""What the project needs from the machine's Debian packages (helpers/system_packages.py)."""

from helpers import system_packages
from helpers.system_packages import SystemPackage

PRESENT = SystemPackage("libc6", library="c", why="everything")
ABSENT_REQUIRED = SystemPackage("libnot-there0", library="not-there-at-all", why="the layout")
ABSENT_OPTIONAL = SystemPackage("libfaster0", file_pattern="/nowhere/**/faster.so", required=False, why="speed")


def _ensure(libraries, install=True, may_install=True, installs=None):
    said, asked = [], []

    def installer(absent):
        asked.append([lib.package for lib in absent])
        return installs is not None and installs(absent)

    code = system_packages.ensure(
        install, libraries, installer=installer, may_install=lambda: may_install, say=said.append
    )
    return code, said, asked


def test_presence_is_read_off_the_machine():
    assert PRESENT.present()
    assert not ABSENT_REQUIRED.present()
    assert not ABSENT_OPTIONAL.present()
    assert system_packages.missing((PRESENT, ABSENT_REQUIRED, ABSENT_OPTIONAL)) == [ABSENT_REQUIRED, ABSENT_OPTIONAL]


def test_nothing_is_said_or_installed_when_everything_is_present():
    assert _ensure((PRESENT,)) == (0, [], [])


def test_a_missing_required_library_stops_make_with_the_command_that_adds_it():
    code, said, asked = _ensure((PRESENT, ABSENT_REQUIRED), may_install=False)
    assert code == 1
    assert asked == []  # not root: nothing tried
    assert any("libnot-there0 is missing: the layout" in line for line in said)
    assert said[-1].endswith("sudo apt-get install libnot-there0")


def test_a_missing_optional_library_is_a_note_and_the_build_goes_on():
    code, said, _ = _ensure((ABSENT_OPTIONAL,), may_install=False)
    assert code == 0
    assert any(line.strip().startswith("note: libfaster0 is missing") for line in said)


def test_as_root_only_what_is_missing_is_installed_and_checked_again():
    code, said, asked = _ensure((PRESENT, ABSENT_REQUIRED, ABSENT_OPTIONAL), installs=lambda absent: True)
    assert asked == [["libnot-there0", "libfaster0"]]
    assert code == 1  # the installer said yes, but the library is still not there: checked again, not trusted
    assert said[0] == "==> Installing libnot-there0, libfaster0 (Debian) for the PDF"


def test_a_failed_install_is_reported():
    code, said, _ = _ensure((ABSENT_OPTIONAL,), installs=lambda absent: False)
    assert code == 0
    assert any("apt-get could not install them" in line for line in said)


def test_this_machine_has_what_make_installs():
    """`make test` runs the check before the suite: the PDF's required libraries are here,
    and WeasyPrint has found HarfBuzz's subsetter rather than falling back to fontTools."""
    from weasyprint.text import ffi

    absent = [p.package for p in system_packages.missing(system_packages.NEEDS["pdf"][1])]
    fix = "`rm .venv/.system-packages && make test` as root, or `sudo apt-get install " + " ".join(absent) + "`"
    assert absent == [], f"missing {absent}: run {fix}"
    assert ffi.harfbuzz_subset is not None
