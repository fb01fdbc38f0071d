"""The whole pipeline on the fixture corpus: what a reader and an analyst get."""

import os
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import STEPS, run_step
from pypdf import PdfReader

EXTERNAL = re.compile(
    r"""(?:src|href|action|poster|data)\s*=\s*["']?\s*(?:https?:|//|ftp:)|url\(\s*["']?\s*(?:https?:|//)|@import""",
    re.I,
)


def test_outputs_are_written(fixture_build):
    for rel in [
        "reports/briefing.html",
        "reports/briefing.pdf",
        "reports/tables/sources.csv",
        "reports/tables/passages.csv",
        "reports/figures/corpus_size.svg",
        "reports/figures/corpus_size.png",
        "reports/tables/events.csv",
        "reports/tables/figures.csv",
        "reports/tables/organizations.csv",
        "reports/tables/people.csv",
        "reports/tables/cooperation.csv",
        "reports/tables/mentions.csv",
        "reports/tables/tables.xlsx",
        "reports/tables/timeline.csv",
        "reports/tables/discrepancies.csv",
        "reports/tables/source_comparison.csv",
        "reports/tables/positions.csv",
        "reports/figures/timeline.svg",
        "reports/figures/corroboration.svg",
        "reports/figures/cooperation_heatmap.svg",
        "reports/figures/co_mentions.svg",
        "reports/tables/datapackage.json",
        "data/interim/text/alpha.txt",
        "data/interim/text/bravo-note.txt",
        "build/executed/10_ingest.ipynb",
        "build/executed/90_briefing.ipynb",
    ]:
        assert (fixture_build / rel).is_file(), rel


def test_every_passage_offset_slices_its_text(fixture_build):
    passages = pd.read_csv(fixture_build / "reports/tables/passages.csv", keep_default_na=False)
    for source_id, rows in passages.groupby("source_id"):
        text = (fixture_build / f"data/interim/text/{source_id}.txt").read_text(encoding="utf-8")
        for _, r in rows.iterrows():
            assert text[r.start_char : r.end_char] == r.text, r.passage_id


def test_ingest_flags_boilerplate_duplicates_and_garbled_tokens(fixture_build):
    p = pd.read_csv(fixture_build / "reports/tables/passages.csv", keep_default_na=False).set_index("passage_id")
    alpha = p[p.source_id == "alpha"]
    assert set(alpha.boilerplate_rule) >= {"comment_form", "login_prompt"}
    assert (alpha.duplicate_kind == "exact").sum() == 1
    assert "Afghani2stan" in " ".join(alpha.garbled_tokens)
    assert p.loc[p.boilerplate_rule != "", "usable"].astype(str).eq("False").all()


def test_sources_table_records_hash_encoding_and_metadata_from_the_file(fixture_build):
    s = pd.read_csv(fixture_build / "reports/tables/sources.csv", keep_default_na=False).set_index("source_id")
    assert s.loc["bravo-note", "encoding"] == "cp1252"
    assert s.loc["bravo-note", "title"] == "Regional bodies – a “short” note"
    assert s.loc["bravo-note", "published"] == "2020-02-03"
    assert "from the file" in s.loc["bravo-note", "evidence"]
    assert s.loc["alpha", "title"] == "Pakistan and the Alliance: A Test Article"
    assert all(len(h) == 64 for h in s.sha256)
    raw = (fixture_build / "data/sources/alpha.txt").read_bytes()
    import hashlib

    assert s.loc["alpha", "sha256"] == hashlib.sha256(raw).hexdigest()


def test_every_format_is_read_with_its_metadata(fixture_build):
    s = pd.read_csv(fixture_build / "reports/tables/sources.csv", keep_default_na=False).set_index("source_id")
    assert dict(s["format"]) == {
        "alpha": "txt", "bravo-note": "txt", "charlie-page": "html",
        "delta-note": "md", "echo-report": "pdf", "foxtrot-latin1": "txt",
    }  # fmt: skip
    assert (s.loc["charlie-page", "author"], s.loc["charlie-page", "published"]) == ("Ayesha Rahman", "2019-06-14")
    assert s.loc["charlie-page", "publisher"] == "The Example Review"
    assert s.loc["delta-note", "published"] == "2018-03-05" and "front matter" in s.loc["delta-note", "evidence"]
    assert s.loc["echo-report", "title"] == "Pakistan in the United Nations System"
    text = {sid: (fixture_build / f"data/interim/text/{sid}.txt").read_text(encoding="utf-8") for sid in s.index}
    for furniture in ("cookie", "RELATED-ARTICLE", "READER-COMMENT", "FOOTER-TEXT", "TRACKING-SCRIPT", "Subscribe"):
        assert furniture not in text["charlie-page"], furniture
    assert "Pakistan Policy Review" not in text["echo-report"] and "Page 1 of" not in text["echo-report"]
    assert "independence" in text["echo-report"] and "‐\n" not in text["echo-report"]
    assert "**" not in text["delta-note"] and "](" not in text["delta-note"]
    assert "délégation" in text["foxtrot-latin1"] and "\r" not in text["foxtrot-latin1"]


def test_source_text_that_looks_like_markup_stays_text(fixture_build):
    """A title and passages holding a literal <script> reach the briefing escaped."""
    html = (fixture_build / "reports/briefing.html").read_text(encoding="utf-8")
    assert "Notes on the OIC &lt;script&gt;" in html
    assert "<script>alert" not in html and 'alert("title")</script>' not in html


def test_html_is_self_contained(fixture_build):
    html = (fixture_build / "reports/briefing.html").read_text(encoding="utf-8")
    assert "<script src" not in html.lower()
    assert not EXTERNAL.search(html), EXTERNAL.search(html)
    assert "require.js" not in html and "mathjax" not in html.lower()
    assert "<img" in html and "data:image/svg+xml;base64," in html
    assert "In&nbsp;[" not in html and "jp-InputArea" not in html  # no code cells


def test_html_check_would_catch_an_external_reference():
    for bad in [
        '<script src="https://cdn.example/x.js">',
        '<link href="//fonts.example/css">',
        "<style>@import 'x.css'</style>",
        '<div style="background:url(https://x/y.png)">',
    ]:
        assert EXTERNAL.search(bad) or "<script src" in bad


def _pdf_text(path) -> str:
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in PdfReader(path).pages))


def test_pdf_contains_every_source_title_and_page_numbers(fixture_build):
    text = _pdf_text(fixture_build / "reports/briefing.pdf")
    sources = pd.read_csv(fixture_build / "reports/tables/sources.csv", keep_default_na=False)
    for title in sources.title:
        assert re.sub(r"\s+", " ", title) in text, title
    assert "Page 1 of" in text


def test_pdf_is_a4(fixture_build):
    box = PdfReader(fixture_build / "reports/briefing.pdf").pages[0].mediabox
    assert (round(float(box.width) * 25.4 / 72), round(float(box.height) * 25.4 / 72)) == (210, 297)


@pytest.fixture
def built_copy(fixture_build, tmp_path):
    root = tmp_path / "copy"
    shutil.copytree(fixture_build, root)
    return root


def test_a_broken_source_stops_the_build_and_keeps_the_last_report(built_copy):
    before = {p: (built_copy / p).read_bytes() for p in ["reports/briefing.html", "reports/tables/sources.csv"]}
    (built_copy / "data/sources/empty.txt").write_bytes(b"")
    with open(built_copy / "data/sources/sources.yml", "a", encoding="utf-8") as f:
        f.write("\n- id: empty\n  file: empty.txt\n")
    result = run_step(built_copy, "10_ingest")
    assert result.returncode != 0
    assert "empty.txt" in result.stderr and "the file is empty" in result.stderr
    assert "10_ingest failed in cell" in result.stderr
    for p, data in before.items():
        assert (built_copy / p).read_bytes() == data, p


def test_a_step_that_failed_is_not_kept_when_its_inputs_are_put_back(built_copy):
    """A failed step may have written some files before the cell that failed; with its
    inputs restored, it runs again rather than being kept as the last success left it."""
    codebook = built_copy / "data/codebook/positions.yml"
    good = codebook.read_bytes()
    codebook.write_text("positions: [unclosed\n", encoding="utf-8")
    failed = run_step(built_copy, "30_analyse", skip_unchanged=True)
    assert failed.returncode != 0 and "30_analyse failed in cell" in failed.stderr
    assert not (built_copy / "build/executed/30_analyse.inputs-sha256").exists()
    codebook.write_bytes(good)
    again = run_step(built_copy, "30_analyse", skip_unchanged=True)
    assert again.returncode == 0, again.stderr
    assert "30_analyse done in" in again.stdout


def test_a_step_whose_inputs_only_got_newer_times_is_not_run_again(built_copy):
    """Saving a notebook in JupyterLab without changing it (or a checkout that rewrites a
    file as it was) makes make call the step out of date; the runner keeps it, and the
    steps after it, when their inputs hold what they held at their last run."""
    executed = built_copy / "build/executed/30_analyse.ipynb"
    os.utime(executed, (1_000_000_000, 1_000_000_000))
    notebook = built_copy / "notebooks/30_analyse.py"
    notebook.write_text(notebook.read_text(encoding="utf-8"), encoding="utf-8")
    kept = run_step(built_copy, "30_analyse", "90_briefing", skip_unchanged=True)
    assert kept.returncode == 0, kept.stderr
    assert kept.stdout.count("not run again") == 2 and " done in " not in kept.stdout
    assert executed.stat().st_mtime > notebook.stat().st_mtime  # make now sees it current

    notebook.write_text(notebook.read_text(encoding="utf-8") + "\n# an analyst's note\n", encoding="utf-8")
    rerun = run_step(built_copy, "30_analyse", "90_briefing", skip_unchanged=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "30_analyse done in" in rerun.stdout
    # it wrote the same files, byte for byte, so the briefing made from them is kept
    assert "90_briefing: its inputs hold what they held" in rerun.stdout and "90_briefing done" not in rerun.stdout


def test_a_step_runs_again_when_what_the_steps_before_it_wrote_changed(built_copy):
    timeline = built_copy / "reports/tables/timeline.csv"
    rows = timeline.read_text(encoding="utf-8").splitlines(keepends=True)
    timeline.write_text("".join(rows[:-1]), encoding="utf-8")  # one event fewer
    rerun = run_step(built_copy, "90_briefing", skip_unchanged=True)
    assert rerun.returncode == 0, rerun.stderr
    assert "90_briefing done in" in rerun.stdout


def test_a_step_whose_output_was_deleted_runs_again(built_copy):
    """The runner keeps the files each step reported writing; with its inputs unchanged, a
    step still runs again when one of them is gone, and writes it anew."""
    assert "reports/briefing.pdf" in (built_copy / "build/executed/90_briefing.outputs").read_text().split()
    (built_copy / "reports/briefing.pdf").unlink()
    again = run_step(built_copy, "30_analyse", "90_briefing", skip_unchanged=True)
    assert again.returncode == 0, again.stderr
    assert "30_analyse: its inputs hold what they held" in again.stdout
    assert "90_briefing: reports/briefing.pdf that it wrote is gone; run again" in again.stdout
    assert "90_briefing done in" in again.stdout
    assert (built_copy / "reports/briefing.pdf").stat().st_size > 0


def test_an_unknown_parameter_value_stops_before_any_work(built_copy):
    before = (built_copy / "reports/briefing.html").read_bytes()
    result = run_step(built_copy, "90_briefing", FOCUS="everything")
    assert result.returncode == 2
    assert "FOCUS='everything'" in result.stderr and "nato" in result.stderr
    assert "==>" not in result.stdout  # no notebook started
    assert (built_copy / "reports/briefing.html").read_bytes() == before


def test_a_focus_writes_its_own_files(built_copy):
    result = run_step(built_copy, "90_briefing", FOCUS="un")
    assert result.returncode == 0, result.stderr
    assert (built_copy / "reports/briefing-un.html").is_file()
    assert (built_copy / "build/executed/90_briefing-un.ipynb").is_file()
    assert "focus = un" in (built_copy / "reports/briefing-un.html").read_text(encoding="utf-8")


def test_a_notebook_run_as_in_jupyterlab_gives_the_same_outputs(built_copy, tmp_path, monkeypatch):
    """Top to bottom with its defaults, from an unrelated working directory, no papermill."""
    import jupytext
    import nbclient

    tables = built_copy / "reports/tables"
    ingest_outputs = [tables / "sources.csv", tables / "passages.csv"]
    before = {p.name: p.read_bytes() for p in ingest_outputs}
    for p in ingest_outputs:
        p.unlink()
    monkeypatch.setenv("BRIEFING_ROOT", str(built_copy))
    nb = jupytext.read(built_copy / "notebooks/10_ingest.py")
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    assert {p.name: p.read_bytes() for p in ingest_outputs} == before


def _run_then_again(root, notebook, again, workdir):
    """Runs every cell of the notebook, as JupyterLab's Run All does, then the cells
    `again` picks, in the same kernel; returns the bytes of what it wrote each time."""
    import jupytext
    import nbclient

    nb = jupytext.read(root / f"notebooks/{notebook}.py")
    client = nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    outputs = {30: ["reports/tables/timeline.csv", "reports/tables/tables.xlsx"], 90: ["reports/briefing.html"]}
    written = outputs[int(notebook[:2])]
    with client.setup_kernel():
        for n, cell in enumerate(nb.cells):
            client.execute_cell(cell, n)
        first = {w: (root / w).read_bytes() for w in written}
        for n, cell in enumerate(nb.cells):
            if cell.cell_type == "code" and again(cell.source):
                client.execute_cell(cell, n)
    return first, {w: (root / w).read_bytes() for w in written}


def test_cells_run_again_in_jupyterlab_work_and_change_nothing(built_copy, tmp_path, monkeypatch):
    """After a whole run, an analyst runs cells again: the analysis after it has let its
    inputs go, and the briefing's parts, which replace themselves instead of repeating."""
    monkeypatch.setenv("BRIEFING_ROOT", str(built_copy))
    first, again = _run_then_again(built_copy, "30_analyse", lambda source: "PublishedTables(" not in source, tmp_path)
    assert again == first
    first, again = _run_then_again(
        built_copy, "90_briefing", lambda source: "briefing.part(" in source or "briefing.write(" in source, tmp_path
    )
    assert again == first
    assert again["reports/briefing.html"].count(b'id="timeline"') == 1


def test_each_notebook_header_names_every_report_file_it_writes(fixture_build):
    """The opening cell is where an analyst learns what a step makes: it names each
    table, workbook, package and report in `reports/` that the step's last cell reports
    writing (a table by its name, a file by its file name)."""
    import nbformat

    from helpers import pipeline

    for step in STEPS:
        nb = nbformat.read(fixture_build / f"build/executed/{step}.ipynb", as_version=4)
        header = next(c.source for c in nb.cells if c.cell_type == "markdown")
        written = pipeline.reported_outputs(fixture_build / f"build/executed/{step}.ipynb")
        in_reports = [Path(w) for w in written if w.startswith("reports/")]
        assert in_reports, step
        for path in in_reports:
            if path.parent.name == "figures":  # the charts are named as a set, by their folder
                assert "`reports/figures/`" in header, f"{step}'s header does not say it writes charts"
                continue
            named = f"`{path.stem}`" if path.suffix == ".csv" else f"`{path.name}`"
            assert named in header, f"{step}'s header does not name {named}"


def test_the_data_package_is_valid_frictionless(fixture_build):
    from frictionless import validate

    report = validate(fixture_build / "reports/tables/datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    names = {r.name for r in report.tasks}
    assert {
        "sources",
        "passages",
        "events",
        "figures",
        "organizations",
        "people",
        "cooperation",
        "timeline",
        "discrepancies",
        "source_comparison",
    } <= names


def test_the_workbook_has_a_sheet_per_table(fixture_build):
    book = pd.ExcelFile(fixture_build / "reports/tables/tables.xlsx")
    assert {"events", "figures", "organizations", "people", "cooperation"} <= set(book.sheet_names)
    events = pd.read_excel(book, "events")
    assert len(events) == len(pd.read_csv(fixture_build / "reports/tables/events.csv"))


def test_the_fixture_corpus_is_extracted(fixture_build):
    events = pd.read_csv(fixture_build / "reports/tables/events.csv", keep_default_na=False)
    figures = pd.read_csv(fixture_build / "reports/tables/figures.csv", keep_default_na=False)
    orgs = pd.read_csv(fixture_build / "reports/tables/organizations.csv", keep_default_na=False)
    assert {"1947", "2007-05", "2017"} <= set(events.date_start)
    assert 3500.0 in set(figures.value)
    assert {"United Nations", "Shanghai Cooperation Organisation"} <= set(orgs.name)
    # the exact repeat of the May 2007 paragraph gives no second row
    assert (events.date_start == "2007-05").sum() == 1


def test_the_fixture_corpus_is_compared(fixture_build):
    discrepancies = pd.read_csv(fixture_build / "reports/tables/discrepancies.csv", keep_default_na=False)
    assert "Afghani2stan" in set(discrepancies.value_a)
    comparison = pd.read_csv(fixture_build / "reports/tables/source_comparison.csv", keep_default_na=False)
    assert list(comparison.source_id) == [
        "alpha", "bravo-note", "charlie-page", "delta-note", "echo-report", "foxtrot-latin1",
    ]  # fmt: skip
    svg = (fixture_build / "reports/figures/timeline.svg").read_text(encoding="utf-8")
    assert "<svg" in svg and "Date" not in svg.split(">", 2)[1]  # no build timestamp in the file


def test_two_builds_of_the_same_inputs_are_identical(fixture_build, tmp_path):
    """Tables, charts and HTML byte for byte; the PDF's text (SOURCE_DATE_EPOCH is fixed)."""
    from conftest import STEPS, make_project

    again = make_project(tmp_path / "again")
    for step in STEPS:
        assert run_step(again, step).returncode == 0, step
    for folder in ("reports/tables", "reports/figures"):
        for path in sorted((fixture_build / folder).iterdir()):
            assert (again / folder / path.name).read_bytes() == path.read_bytes(), path.name
    assert (again / "reports/briefing.html").read_bytes() == (fixture_build / "reports/briefing.html").read_bytes()
    assert _pdf_text(again / "reports/briefing.pdf") == _pdf_text(fixture_build / "reports/briefing.pdf")


def test_a_corpus_that_dates_no_event_builds_and_says_so(tmp_path):
    """One short note with no date: the analysis had stopped on an empty timeline
    (KeyError), and the briefing's key findings would have been a heading over nothing."""
    from conftest import make_project, write_corpus

    note = (
        "Pakistan and the United Nations\n\nPakistan takes part in the work of the United Nations. Its diplomats "
        "speak in the General Assembly on many questions.\n"
    )
    entry = {"id": "note", "file": "note.txt", "title": "A short note", "published": "2020", "kind": "other"}
    corpus = write_corpus(tmp_path / "corpus", {"note.txt": note}, [entry])
    root = make_project(tmp_path / "p", corpus=corpus)
    for step in STEPS:
        result = run_step(root, step)
        assert result.returncode == 0, f"{step}:\n{result.stderr[-3000:]}"
    assert pd.read_csv(root / "reports/tables/timeline.csv").empty
    html = (root / "reports/briefing.html").read_text(encoding="utf-8")
    summary = re.search(r'<section id="summary">(.*?)</section>', html, re.S).group(1)
    assert (
        "No key finding: within this briefing's scope, the corpus's <span class=\"tally\">1</span> source dates no event"
        in summary
    )
    assert "<tbody></tbody>" not in html and "empty-table" in html  # no header over nothing
    assert "No source dates a NATO milestone" in html and "most connected names" not in html
    assert '<span class="tally">1</span> source, ' in html  # not "1 sources"
    assert (root / "reports/briefing.pdf").stat().st_size > 0
