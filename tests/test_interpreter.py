"""The choice of the Python that .venv is built on (helpers/interpreter.py)."""

import os
import sys
from pathlib import Path

from helpers import interpreter
from helpers.interpreter import Found


def test_a_statically_linked_311_is_preferred_to_one_found_first():
    shared = Found("/pyenv/python3.11", (3, 11), True, True)
    static = Found("/usr/bin/python3.11", (3, 11), True, False)
    assert interpreter.choose([shared, static]) == static


def test_another_version_or_one_without_venv_is_never_chosen():
    newer_static = Found("/opt/python3.12", (3, 12), True, False)
    no_venv = Found("/usr/bin/python3.11", (3, 11), False, False)
    shared = Found("/pyenv/python3.11", (3, 11), True, True)
    assert interpreter.choose([newer_static, no_venv, shared]) == shared
    assert interpreter.choose([newer_static, no_venv]) is None


def test_when_linking_cannot_be_told_the_first_usable_one_is_chosen():
    first = Found("/a/python3.11", (3, 11), True, None)
    second = Found("/b/python3.11", (3, 11), True, None)
    assert interpreter.choose([first, second]) == first


def test_the_probe_reads_the_running_interpreter(tmp_path):
    found = interpreter.probe(sys.executable)
    assert found is not None
    assert found.version == sys.version_info[:2]
    maps = Path("/proc/self/maps")
    if maps.exists():  # what this very process maps tells whether it is linked to libpython
        assert found.shared == ("libpython" in maps.read_text())
    broken = tmp_path / "python3.11"
    broken.write_text("#!/bin/sh\nexit 3\n")
    broken.chmod(0o755)
    assert interpreter.probe(str(broken)) is None


def test_candidates_come_from_path_each_file_once(tmp_path, monkeypatch):
    monkeypatch.setattr(interpreter, "KNOWN_PLACES", ())
    (tmp_path / "bin").mkdir()
    target = tmp_path / "bin" / "python3.11"
    target.write_text("#!/bin/sh\n")
    target.chmod(0o755)
    os.symlink(target, tmp_path / "bin" / "python3")  # the same file under two names
    assert interpreter.candidates(str(tmp_path / "bin")) == [str(target)]


def test_with_nothing_usable_it_falls_back_to_python3_and_says_why(monkeypatch, capsys):
    monkeypatch.setattr(interpreter, "candidates", lambda path_env=None: ["/opt/python3.12"])
    monkeypatch.setattr(interpreter, "probe", lambda path: Found(path, (3, 12), True, False))
    assert interpreter.main([]) == 0
    out, err = capsys.readouterr()
    assert out.strip() == "python3"
    assert "no Python 3.11 with venv" in err and "PYTHON3=" in err
