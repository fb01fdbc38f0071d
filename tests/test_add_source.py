"""`make add-source FILE=...` copies a document in, registers it, and says what it found."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import add_source, registry
from helpers.errors import InputError

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "fixtures" / "corpus"


@pytest.fixture
def project(tmp_path):
    sources = tmp_path / "data" / "sources"
    sources.mkdir(parents=True)
    shutil.copy(CORPUS / "alpha.txt", sources)
    (sources / "sources.yml").write_text("# Registry\n- id: alpha\n  file: alpha.txt\n", encoding="utf-8")
    return tmp_path


def test_a_page_is_copied_and_registered_with_its_metadata(project):
    sources = project / "data" / "sources"
    sid, block = add_source.add_source(CORPUS / "charlie-page.html", sources / "sources.yml", sources)
    assert (
        sid == "rahman-2019"
        and (sources / "charlie-page.html").read_bytes() == (CORPUS / "charlie-page.html").read_bytes()
    )
    entries = {e.id: e for e in registry.load_registry(sources / "sources.yml", sources)}
    assert entries["rahman-2019"].fields["published"] == "2019-06-14"
    assert entries["rahman-2019"].evidence["author"].startswith("from the file:")
    assert (sources / "sources.yml").read_text(encoding="utf-8").startswith("# Registry\n")  # comments kept


def test_a_file_already_in_the_folder_is_registered_in_place_and_odd_titles_survive(project):
    sources = project / "data" / "sources"
    shutil.copy(CORPUS / "delta-note.md", sources)
    sid, _ = add_source.add_source(sources / "delta-note.md", sources / "sources.yml", sources)
    entry = next(e for e in registry.load_registry(sources / "sources.yml", sources) if e.id == sid)
    assert entry.fields["title"] == 'Notes on the OIC <script>alert("title")</script>'


def test_refusals_change_nothing(project, tmp_path):
    sources = project / "data" / "sources"
    before = (sources / "sources.yml").read_bytes()
    (tmp_path / "empty.txt").write_bytes(b"")
    for bad, problem in [(tmp_path / "empty.txt", "empty"), (tmp_path / "nope.txt", "no such file")]:
        with pytest.raises(InputError, match=problem):
            add_source.add_source(bad, sources / "sources.yml", sources)
    with pytest.raises(InputError, match="already registered as 'alpha'"):
        add_source.add_source(sources / "alpha.txt", sources / "sources.yml", sources)
    assert (sources / "sources.yml").read_bytes() == before
    assert sorted(p.name for p in sources.iterdir()) == ["alpha.txt", "sources.yml"]


def test_the_refusals_say_what_to_do_with_a_file_not_yet_added(project, tmp_path):
    sources = project / "data" / "sources"
    (tmp_path / "empty.txt").write_bytes(b"  \n")
    with pytest.raises(InputError) as err:
        add_source.add_source(tmp_path / "empty.txt", sources / "sources.yml", sources)
    assert "sources.yml" not in str(err.value)  # it has no entry to remove
    with pytest.raises(InputError, match="'alpha': is already the id of another source"):
        add_source.add_source(CORPUS / "delta-note.md", sources / "sources.yml", sources, "alpha")
    with pytest.raises(InputError, match="'Alpha One': is not a slug"):
        add_source.add_source(CORPUS / "delta-note.md", sources / "sources.yml", sources, "Alpha One")


def _add_text(project: Path, tmp_path: Path, name: str, text: str) -> tuple[str, str, Path]:
    """A text file written as an analyst would save it, added to the project: its id, the
    entry printed, and the sources folder."""
    (tmp_path / name).write_text(text, encoding="utf-8")
    sources = project / "data" / "sources"
    sid, block = add_source.add_source(tmp_path / name, sources / "sources.yml", sources)
    return sid, block, sources


def test_a_news_story_gives_its_byline_and_dateline(project, tmp_path):
    sid, block, _ = _add_text(
        project, tmp_path, "sco.txt",
        "Pakistan Pledges Deeper Counter-Terrorism Cooperation\n\nBy Ayesha Rahman, Staff Correspondent\n\n"
        "ISLAMABAD, July 4, 2024 — Pakistan pledged deeper cooperation with the SCO on Thursday.\n",
    )  # fmt: skip
    assert sid == "rahman-2024"
    assert "byline 'By Ayesha Rahman, Staff Correspondent'" in block and "news dateline" in block


def test_a_byline_and_a_month_and_year_give_the_id_affiliation_and_date(project, tmp_path):
    """A newcomer's source ('By Sara Malik, Research Analyst' over 'November 2024') was
    registered as 'pakistan-in-the-shanghai' with no date and no affiliation."""
    sid, _, sources = _add_text(
        project, tmp_path, "newcomer_sco_2024.txt",
        "Pakistan in the Shanghai Cooperation Organisation: From Observer to Host\n\n"
        "By Sara Malik, Research Analyst\n\nNovember 2024\n\n"
        "Pakistan was admitted as an observer to the Shanghai Cooperation Organisation (SCO) in July 2005.\n",
    )  # fmt: skip
    assert sid == "malik-2024"
    entry = {e.id: e for e in registry.load_registry(sources / "sources.yml", sources)}["malik-2024"]
    assert entry.fields["published"] == "2024-11" and entry.fields["author_affiliation"] == "Research Analyst"
    assert entry.evidence["published"] == "from the file: dateline 'November 2024' near the top"


def test_ids_are_proposed_from_author_and_year_and_kept_unique():
    assert add_source.propose_id({"author": "Haleema Saadia", "published": "2022-02"}, "x.txt", set()) == "saadia-2022"
    assert (
        add_source.propose_id({"author": "H Saadia", "published": "2022"}, "x.txt", {"saadia-2022"}) == "saadia-2022-2"
    )
    assert add_source.propose_id({}, "My Notes (final).md", set()) == "my-notes-final"


def test_the_command_prints_what_it_found(project):
    env = {"BRIEFING_ROOT": str(project), "PATH": "/usr/bin:/bin"}
    out = subprocess.run(
        [sys.executable, "-m", "helpers.add_source", str(CORPUS / "echo-report.pdf")],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 0, out.stderr
    assert "Registered 'pakistan-in-the-united'" in out.stdout and "Pakistan in the United Nations System" in out.stdout
    assert ("fill in 'kind'" in out.stdout) == ("kind:  # one of" in out.stdout)
    missing = subprocess.run([sys.executable, "-m", "helpers.add_source"], env=env, capture_output=True, text=True)
    assert missing.returncode == 2 and "make add-source FILE=" in missing.stderr
