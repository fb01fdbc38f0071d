import shutil
from pathlib import Path

import pytest

from helpers import registry
from helpers.errors import InputError

REPO = Path(__file__).resolve().parents[1]
GOOD = """
- id: alpha
  file: a.txt
  title: A
  published: "2021-06"
  kind: analysis
- id: beta
  file: b.txt
"""


@pytest.fixture
def sources_dir(tmp_path):
    d = tmp_path / "sources"
    d.mkdir()
    (d / "a.txt").write_text("Alpha\n\nText.\n", encoding="utf-8")
    (d / "b.txt").write_text("Beta\n\nText.\n", encoding="utf-8")
    return d


def write_registry(d: Path, text: str) -> Path:
    (d / "sources.yml").write_text(text, encoding="utf-8")
    return d / "sources.yml"


def test_the_project_registry_loads_and_covers_every_file():
    sources = REPO / "data" / "sources"
    entries = registry.load_registry(sources / "sources.yml", sources)
    files = {
        p.name for p in sources.iterdir() if p.is_file() and p.name not in registry.NOT_SOURCES and p.name[0] != "."
    }
    assert {e.file for e in entries} == files and len(entries) == len(files)
    for e in entries:
        assert e.fields["title"] and e.fields["published"] and e.fields["kind"]
        assert registry.ID_PATTERN.fullmatch(e.id)


def test_the_project_sources_are_byte_identical_to_the_shared_ones():
    shared = REPO.parent / "shared" / "sources"
    if not shared.is_dir():
        pytest.skip("../shared/sources is not beside this checkout")
    for f in shared.iterdir():
        assert (REPO / "data" / "sources" / f.name).read_bytes() == f.read_bytes(), f.name


def test_good_registry_precision_is_implied(sources_dir):
    entries = registry.load_registry(write_registry(sources_dir, GOOD), sources_dir)
    assert [e.id for e in entries] == ["alpha", "beta"]
    assert entries[0].fields["published_precision"] == "month"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("- id: alpha\n  file: missing.txt\n", "missing.txt' does not exist"),
        ("- id: alpha\n  file: a.txt\n- id: alpha\n  file: b.txt\n", "duplicate id"),
        ("- id: alpha\n  file: [a.txt\n", "not valid YAML"),
        ("- file: a.txt\n", "required field 'id'"),
        ("- id: alpha\n", "source 'alpha' (entry 1): required field 'file'"),  # named by its id, as elsewhere
        ('- id: alpha\n  file: a.txt\n  published: "26 Feb 2017"\n', "field 'published'"),
        ('- id: alpha\n  file: a.txt\n  published: "2017-02-30"\n', "not a real date"),
        ("- id: alpha\n  file: a.txt\n  published: 2017-13-26\n", "field 'published': '2017-13-26' is not a real date"),
        ("- id: alpha\n  file: ../outside.txt\n", "outside"),
        ("- id: Alpha Source\n  file: a.txt\n", "not a slug"),
        ("- id: alpha\n  file: a.txt\n  titel: typo\n", "unknown field 'titel'"),
        ("- id: alpha\n  file: a.txt\n  kind: blog post\n", "field 'kind'"),
        ("- id: alpha\n  file: a.txt\n  published: '2017'\n  published_precision: day\n", "published_precision"),
        ("{}", "YAML list"),
    ],
)
def test_bad_registry_is_refused_with_a_clear_message(sources_dir, text, expected):
    (sources_dir.parent / "outside.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as err:
        registry.load_registry(write_registry(sources_dir, text), sources_dir)
    assert expected in str(err.value)
    assert "sources.yml" in str(err.value) or "a.txt" in str(err.value) or "b.txt" in str(err.value)


@pytest.mark.parametrize(
    "text, where, fix",
    [
        ("- id: alpha\n  file: a.txt\n  title: Pakistan's Blue Helmets: Six Decades\n",
         "line 3: \"title: Pakistan's Blue Helmets: Six Decades\"", "must be in quotes"),
        ("- id: alpha\n\tfile: a.txt\n", "line 2", "not tabs"),
        ('- id: alpha\n  file: a.txt\n  title: "unclosed\n', "line 3: 'title: \"unclosed'", "not closed"),
    ],
)  # fmt: skip
def test_a_yaml_mistake_is_shown_at_its_line_with_the_usual_fix(sources_dir, text, where, fix):
    """An unquoted 'Title: Subtitle' had read 'mapping values are not allowed in this
    context in "<unicode string>", line 83, column 33. Fix the syntax.' (an analyst's review)."""
    with pytest.raises(InputError) as err:
        registry.load_registry(write_registry(sources_dir, text), sources_dir)
    message = str(err.value)
    assert "sources.yml: is not valid YAML at " + where in message and fix in message
    assert "<unicode string>" not in message


def test_a_file_missing_from_the_registry_is_named(sources_dir):
    with pytest.raises(InputError) as err:
        registry.load_registry(write_registry(sources_dir, "- id: alpha\n  file: a.txt\n"), sources_dir)
    assert "b.txt" in str(err.value) and "not in sources.yml" in str(err.value)


def test_the_suggested_command_names_the_file_from_the_project_root(tmp_path, monkeypatch):
    # the notebooks run in notebooks/; the command is typed in the project's root
    from helpers import paths

    monkeypatch.setattr(paths, "ROOT", tmp_path.resolve())
    sources_dir = tmp_path / "data" / "sources"
    sources_dir.mkdir(parents=True)
    for name in ("a.txt", "stray.txt"):
        (sources_dir / name).write_text("Some text.\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        registry.load_registry(write_registry(sources_dir, "- id: alpha\n  file: a.txt\n"), sources_dir)
    assert "`make add-source FILE=data/sources/stray.txt`" in str(err.value)
    monkeypatch.setattr(paths, "ROOT", (tmp_path / "elsewhere").resolve())  # sources outside the project
    with pytest.raises(InputError) as err:
        registry.load_registry(sources_dir / "sources.yml", sources_dir)
    assert f"`make add-source FILE={(sources_dir / 'stray.txt').resolve()}`" in str(err.value)


def test_the_file_fills_only_what_the_registry_leaves_empty(sources_dir):
    entry = registry.load_registry(write_registry(sources_dir, GOOD), sources_dir)[1]
    found = {"title": ("Beta from file", "first line"), "published": ("2020-02-03", "dateline 'Feb 3, 2020'")}
    registry.fill_from_file(entry, found)
    assert entry.fields["title"] == "Beta from file"
    assert entry.fields["published"] == "2020-02-03" and entry.fields["published_precision"] == "day"
    assert entry.evidence["published"].startswith("from the file: dateline")
    kept = registry.load_registry(write_registry(sources_dir, GOOD), sources_dir)[0]
    registry.fill_from_file(kept, found)
    assert kept.fields["title"] == "A" and "title" not in kept.evidence


def test_yaml_is_loaded_safely(sources_dir):
    text = "- id: alpha\n  file: a.txt\n  title: !!python/object/apply:os.system ['echo hacked']\n"
    with pytest.raises(InputError):
        registry.load_registry(write_registry(sources_dir, text), sources_dir)


def test_registry_copy_is_not_needed_to_validate(tmp_path):
    # The registry may sit anywhere; files resolve against the sources folder.
    d = tmp_path / "s"
    shutil.copytree(REPO / "tests" / "fixtures" / "corpus", d)
    assert [e.id for e in registry.load_registry(d / "sources.yml", d)][:2] == ["alpha", "bravo-note"]
