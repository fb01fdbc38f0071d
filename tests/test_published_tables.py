"""A step's inputs read when first used, let go, and read again: cells of a notebook can
run again in JupyterLab after the step has freed its inputs. And the list of files a
step wrote, as its last cell shows it and the runner reads it."""

import shutil
from pathlib import Path

import pandas as pd
import pytest

from helpers import io
from helpers.errors import InputError

STEPS = {"notebooks/10_ingest.py": ["sources", "passages"], "notebooks/20_extract.py": ["events"]}


@pytest.fixture
def tables_dir(fixture_build, tmp_path):
    shutil.copytree(fixture_build / "reports/tables", tmp_path / "tables")
    shutil.copytree(fixture_build / "data/interim/text", tmp_path / "text")
    return tmp_path / "tables"


def test_a_table_is_read_once_and_again_after_release(tables_dir):
    tables = io.PublishedTables(tables_dir, STEPS, texts_dir=tables_dir.parent / "text")
    events = tables["events"]
    assert tables["events"] is events
    assert set(tables.texts) == set(tables["sources"]["source_id"])
    tables.release()
    (tables_dir / "events.csv").write_text((tables_dir / "events.csv").read_text().splitlines()[0] + "\n")
    assert tables["events"].empty and len(events) > 0
    assert list(tables.read_all()["table"]) == ["sources", "passages", "events"]


def test_a_missing_table_names_the_step_that_writes_it(tables_dir):
    (tables_dir / "events.csv").unlink()
    tables = io.PublishedTables(tables_dir, STEPS)
    with pytest.raises(InputError, match=r"events\.csv.*Run notebooks/20_extract\.py first"):
        tables.read_all()


def test_a_table_the_step_does_not_name_is_refused_without_reading(tables_dir):
    tables = io.PublishedTables(tables_dir, STEPS)
    assert "timeline" not in tables and "events" in tables
    with pytest.raises(KeyError, match="'timeline' is not among the tables this step reads"):
        tables["timeline"]


# --------------------------------------------------------------- what a step wrote


def test_written_files_are_listed_in_full_for_the_runner_and_by_folder_for_readers(tmp_path):
    texts = [tmp_path / "data/interim/text" / f"doc-{n:04d}.txt" for n in range(40)]
    written = io.WrittenFiles.of([*texts, tmp_path / "reports/tables/sources.csv"], tmp_path)
    assert written[0] == "data/interim/text/doc-0000.txt" and len(written) == 41
    shown = written._repr_mimebundle_()
    assert shown[io.WrittenFiles.MIME] == {"files": list(written)}
    assert shown["text/plain"].splitlines() == [
        "Wrote 41 files:",
        "  data/interim/text/: 40 files",
        "  reports/tables/: sources.csv",
    ]
    assert io.WrittenFiles.of([Path("/elsewhere/x.csv")], tmp_path) == ["/elsewhere/x.csv"]
    few = io.WrittenFiles(written[-2:])
    assert few.summary().splitlines()[1:] == ["  data/interim/text/doc-0039.txt", "  reports/tables/sources.csv"]


def test_the_runner_reads_the_written_files_from_an_executed_notebook(tmp_path):
    import nbformat
    from IPython.core.formatters import DisplayFormatter

    from helpers import pipeline

    written = io.WrittenFiles(["reports/briefing.html", "reports/briefing.pdf"])
    data, _ = DisplayFormatter().format(written)  # as the kernel shows the last cell's value
    assert data["text/plain"] == written.summary()
    nb = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell("1", outputs=[nbformat.v4.new_output("execute_result", {"text/plain": "1"})]),
            nbformat.v4.new_code_cell("written", outputs=[nbformat.v4.new_output("execute_result", data)]),
            nbformat.v4.new_code_cell(""),  # an empty cell left after it, as Lab leaves one
        ]
    )
    nbformat.validate(nb)
    nbformat.write(nb, tmp_path / "step.ipynb")
    assert pipeline.reported_outputs(tmp_path / "step.ipynb") == list(written)
    del nb.cells[1]
    nbformat.write(nb, tmp_path / "step.ipynb")
    assert pipeline.reported_outputs(tmp_path / "step.ipynb") == []


def test_a_table_as_its_step_wrote_it_is_not_validated_again_and_one_changed_since_is(fixture_build, monkeypatch):
    """The step that wrote a table validated it; a later step reads it with its types only,
    unless the table is newer than that step's list of what it wrote (a hand edit, a cell
    run in JupyterLab), when it is checked again."""
    import os

    from helpers import paths, schemas

    monkeypatch.setattr(paths, "ROOT", fixture_build)
    monkeypatch.setattr(paths, "BUILD_DIR", fixture_build / "build")
    steps = {"notebooks/10_ingest.py": ["sources", "passages"], "notebooks/20_extract.py": ["events", "figures"]}
    tables = io.PublishedTables(fixture_build / "reports/tables", steps)
    checked = []
    real_validate = schemas.validate
    monkeypatch.setattr(schemas, "validate", lambda name, df: checked.append(name) or real_validate(name, df))
    names = ["sources", "passages", "events", "figures"]
    assert all(tables.written_by_the_build(name) for name in names)
    fast = {name: tables[name] for name in names}
    assert checked == []
    for name in names:  # the same frame as a full check gives
        pd.testing.assert_frame_equal(fast[name], io.read_table(name, tables.tables_dir, "x"))

    events = fixture_build / "reports/tables/events.csv"
    listed = fixture_build / "build/executed/20_extract.outputs"
    later = listed.stat().st_mtime_ns + 1_000_000_000
    os.utime(events, ns=(later, later))
    try:
        checked.clear()
        tables.release()
        assert not tables.written_by_the_build("events") and tables.written_by_the_build("figures")
        tables["events"], tables["figures"]
        assert checked == ["events"]
    finally:
        os.utime(events, ns=(listed.stat().st_mtime_ns, listed.stat().st_mtime_ns))


def test_every_published_table_reads_back_the_same_checked_or_not(fixture_build):
    from helpers import schemas

    tables_dir = fixture_build / "reports/tables"
    names = [n for n in schemas.TABLES if (tables_dir / f"{n}.csv").exists()]
    assert len(names) >= 10
    for name in names:
        pd.testing.assert_frame_equal(io.read_written_table(name, tables_dir), io.read_table(name, tables_dir, "x"))
