"""A step's inputs read when first used, let go, and read again: cells of a notebook can
run again in JupyterLab after the step has freed its inputs."""

import shutil

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
