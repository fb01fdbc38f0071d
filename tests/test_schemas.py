import json
from pathlib import Path

import pandas as pd
import pytest

from helpers import io, schemas

REPO = Path(__file__).resolve().parents[1]


def event_row(**overrides):
    row = {
        "event_id": "s-e001",
        "source_id": "s",
        "date_start": "2005-03",
        "date_end": "",
        "date_precision": "month",
        "date_text": "March 2005",
        "date_inferred": False,
        "event_type": "visit/meeting",
        "actors": "NATO;Pakistan",
        "description": "Visit",
        "quote": "March 2005 Visit",
        "start_char": 0,
        "end_char": 16,
    }
    row.update(overrides)
    return row


def test_a_valid_table_passes_and_is_coerced():
    df = schemas.validate("events", pd.DataFrame([event_row()]))
    assert df["start_char"].dtype == "int64" and df["date_inferred"].dtype == bool


@pytest.mark.parametrize(
    "overrides, column",
    [
        ({"date_precision": "week"}, "date_precision"),
        ({"event_type": "party"}, "event_type"),
        ({"date_start": "March 2005"}, "date_start"),
        ({"date_end": "2005/06"}, "date_end"),
        ({"quote": ""}, "quote"),
        ({"start_char": -1}, "start_char"),
    ],
)
def test_a_violation_names_table_column_and_row(overrides, column):
    df = pd.DataFrame([event_row(), event_row(event_id="s-e002", **overrides)])
    with pytest.raises(schemas.SchemaViolation) as err:
        schemas.validate("events", df)
    message = str(err.value)
    assert "table 'events'" in message and f"column '{column}'" in message and "row 1" in message


def test_duplicate_ids_are_refused():
    with pytest.raises(schemas.SchemaViolation, match="event_id"):
        schemas.validate("events", pd.DataFrame([event_row(), event_row()]))


def test_an_unknown_column_is_refused():
    with pytest.raises(schemas.SchemaViolation):
        schemas.validate("events", pd.DataFrame([event_row(extra=1)]))


def test_quote_check_names_the_row():
    df = schemas.validate("events", pd.DataFrame([event_row()]))
    schemas.check_quotes("events", df, {"s": "March 2005 Visit to Pakistan"})
    with pytest.raises(schemas.SchemaViolation, match="row 0"):
        schemas.check_quotes("events", df, {"s": "May 2005 Visit to Pakistan."})


def test_quote_check_names_the_row_and_the_source_of_a_later_bad_row():
    rows = [event_row(), event_row(event_id="x-e002", source_id="t", start_char=6, end_char=10, quote="2005")]
    df = schemas.validate("events", pd.DataFrame(rows))
    texts = {"s": "March 2005 Visit to Pakistan", "t": "March 2005 Visit"}
    schemas.check_quotes("events", df, texts)
    with pytest.raises(schemas.SchemaViolation, match=r"row 1: .*t\.txt at 6:10"):
        schemas.check_quotes("events", df, texts | {"t": "March 2006 Visit"})
    with pytest.raises(schemas.SchemaViolation, match="row 1"):
        schemas.check_quotes("events", df, {"s": texts["s"]})  # a source with no text


def test_two_sided_quotes_are_checked_on_both_sides_and_side_b_may_name_no_source():
    df = pd.DataFrame({
        "source_a": ["s", "s"], "start_a": [0, 6], "end_a": [5, 10], "quote_a": ["March", "2005"],
        "source_b": ["t", ""], "start_b": [0, 0], "end_b": [4, 0], "quote_b": ["Visit", ""],
    })  # fmt: skip
    texts = {"s": "March 2005", "t": "Visit to Pakistan"}
    with pytest.raises(schemas.SchemaViolation, match="column 'quote_b', row 0"):
        schemas.check_two_sided_quotes("discrepancies", df, texts)
    df.loc[0, "end_b"] = 5
    schemas.check_two_sided_quotes("discrepancies", df, texts)
    df.loc[1, "quote_a"] = "2006"
    with pytest.raises(schemas.SchemaViolation, match="column 'quote_a', row 1"):
        schemas.check_two_sided_quotes("discrepancies", df, texts)


def test_a_violation_writes_nothing(tmp_path):
    good = pd.DataFrame([event_row()])
    bad = pd.DataFrame([event_row(event_type="party")])
    with pytest.raises(schemas.SchemaViolation):
        io.write_published_tables({"events": good, "figures": bad}, tmp_path, {"s": "March 2005 Visit"})
    assert list(tmp_path.iterdir()) == []


def test_datapackage_describes_every_column_of_every_table():
    package = schemas.datapackage(list(schemas.TABLES), "build")
    for resource in package["resources"]:
        table = schemas.TABLES[resource["name"]]
        assert [f["name"] for f in resource["schema"]["fields"]] == table.columns
        assert all(f["description"] for f in resource["schema"]["fields"])
    json.dumps(package)


def test_readme_data_dictionary_lists_every_column():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for name, table in schemas.TABLES.items():
        assert f"`{name}.csv`" in readme, name
        for column in table.columns:
            assert f"`{column}`" in readme, (name, column)


def test_readme_data_dictionary_is_the_generated_one():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("<!-- data-dictionary:start")[1].split("-->", 1)[1].split("<!-- data-dictionary:end -->")[0]
    assert block.strip() == schemas.data_dictionary_markdown(list(schemas.TABLES)).strip()


def test_a_written_table_reads_back_as_validate_types_it(tmp_path):
    """The workbook reads each table back without validating it again: same values, same types."""
    rows = [event_row(), event_row(event_id="s-e002", date_inferred=True, date_end="2006")]
    io.write_published_tables({"events": pd.DataFrame(rows)}, tmp_path, {"s": "March 2005 Visit"})
    fast = io.read_written_table("events", tmp_path)
    checked = io.read_table("events", tmp_path, "the test")
    pd.testing.assert_frame_equal(fast, checked)
    assert fast["date_inferred"].tolist() == [False, True] and fast["start_char"].dtype == "int64"


def test_a_table_longer_than_an_excel_sheet_goes_on_in_further_sheets(tmp_path, monkeypatch):
    """Excel opens at most 1,048,576 rows a sheet: the rest of a long table is not cut but
    continued, each sheet with the header (the limit is made small here)."""
    monkeypatch.setattr(io, "EXCEL_ROW_LIMIT", 3)  # a header and two rows a sheet
    tables = {"events": pd.DataFrame({"a": [1, 2, 3, 4, 5]}), "figures": pd.DataFrame({"b": []})}
    io._write_workbook(tmp_path / "t.xlsx", {name: (lambda df=df: df) for name, df in tables.items()})
    book = pd.ExcelFile(tmp_path / "t.xlsx")
    assert book.sheet_names == ["events", "events (2)", "events (3)", "figures"]
    parts = [pd.read_excel(book, name) for name in book.sheet_names[:3]]
    assert [p["a"].tolist() for p in parts] == [[1, 2], [3, 4], [5]]
    assert pd.read_excel(book, "figures").columns.tolist() == ["b"]
