"""Bad input stops the build with one clear message and leaves the last good outputs alone.

Each case breaks a copy of a good build the way an analyst might, runs the ingest step the
way `make report` does, and checks the exit code, the message (it names the file, field or
parameter) and that nothing under reports/ or data/interim/ changed."""

import hashlib
import shutil

import pytest
from conftest import run_step

REGISTRY = "data/sources/sources.yml"


def _append_entry(root, text):
    with open(root / REGISTRY, "a", encoding="utf-8") as f:
        f.write("\n" + text)


def empty_file(root):
    (root / "data/sources/empty.txt").write_bytes(b"")
    _append_entry(root, "- id: empty\n  file: empty.txt\n")
    return ["empty.txt", "the file is empty"]


def only_marks(root):
    (root / "data/sources/marks.txt").write_text("- – *\n\n| — |\n", encoding="utf-8")
    _append_entry(root, "- id: marks\n  file: marks.txt\n")
    return ["marks.txt", "has no words", "Replace it"]


def binary_file(root):
    (root / "data/sources/scan.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 40)
    _append_entry(root, "- id: scan\n  file: scan.txt\n")
    return ["scan.txt", "looks binary"]


def undecodable_text(root):
    (root / "data/sources/garbled.txt").write_bytes(bytes(range(0x80, 0x100)) * 10)
    _append_entry(root, "- id: garbled\n  file: garbled.txt\n")
    return ["garbled.txt", "encoding could not be detected", "UTF-8"]


def missing_file(root):
    _append_entry(root, "- id: ghost\n  file: ghost.txt\n")
    return ["source 'ghost'", "file 'ghost.txt' does not exist"]


def duplicate_id(root):
    shutil.copy(root / "data/sources/alpha.txt", root / "data/sources/alpha-copy.txt")
    _append_entry(root, "- id: alpha\n  file: alpha-copy.txt\n")
    return ["sources.yml", "source 'alpha'", "duplicate id"]


def malformed_yaml(root):
    _append_entry(root, "- id: broken\n  file: [alpha.txt\n")
    return ["sources.yml", "not valid YAML"]


def required_field_missing(root):
    shutil.copy(root / "data/sources/alpha.txt", root / "data/sources/nameless.txt")
    _append_entry(root, "- file: nameless.txt\n  title: No id\n")
    return ["sources.yml", "required field 'id' is missing"]


def unparsable_registry_date(root):
    shutil.copy(root / "data/sources/alpha.txt", root / "data/sources/late.txt")
    _append_entry(root, '- id: late\n  file: late.txt\n  published: "sometime in 2017"\n')
    return ["source 'late'", "field 'published'", "YYYY-MM-DD"]


def unparsable_file_date(root):
    (root / "data/sources/undated.md").write_text(
        "---\ntitle: A note\ndate: the spring after the election\n---\n\nPakistan joined the SCO in 2017.\n",
        encoding="utf-8",
    )
    _append_entry(root, "- id: undated\n  file: undated.md\n")
    return ["undated.md", "front matter 'date'", "cannot be read"]


def unknown_format(root):
    (root / "data/sources/memo.docx").write_bytes(b"PK\x03\x04 not really a docx")
    _append_entry(root, "- id: memo\n  file: memo.docx\n")
    return ["memo.docx", "does not read", ".pdf"]


CASES = [
    empty_file,
    only_marks,
    binary_file,
    undecodable_text,
    missing_file,
    duplicate_id,
    malformed_yaml,
    required_field_missing,
    unparsable_registry_date,
    unparsable_file_date,
    unknown_format,
]


def _snapshot(root):
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("reports", "data/interim")
        for p in sorted((root / folder).rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def good_build(fixture_build, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(fixture_build, root)
    return root


@pytest.mark.parametrize("breakage", CASES, ids=[c.__name__ for c in CASES])
def test_bad_input_stops_the_build_with_a_clear_message(good_build, breakage):
    before = _snapshot(good_build)
    expected = breakage(good_build)
    result = run_step(good_build, "10_ingest")
    assert result.returncode != 0
    message = next(line for line in result.stderr.splitlines() if line.startswith("error: InputError"))
    for phrase in expected:
        assert phrase in message, (phrase, message)
    assert _snapshot(good_build) == before


def test_an_unknown_parameter_value_stops_every_step_before_it_starts(good_build):
    before = _snapshot(good_build)
    for step in ("10_ingest", "90_briefing"):
        result = run_step(good_build, step, PERIOD_START="last spring")
        assert result.returncode == 2
        assert "PERIOD_START='last spring'" in result.stderr and "YYYY" in result.stderr
        assert "==>" not in result.stdout
    assert _snapshot(good_build) == before


def test_an_unknown_executor_stops_before_any_step_starts(good_build):
    before = _snapshot(good_build)
    result = run_step(good_build, "20_extract", EXECUTOR="threads")
    assert result.returncode == 2
    assert "EXECUTOR" in result.stderr and "'threads'" in result.stderr and "processes" in result.stderr
    assert "==>" not in result.stdout
    assert _snapshot(good_build) == before
