"""Reading and writing at the edges. Every write goes to a temporary file in the same
folder and is renamed into place, so a failed build never leaves half a table or
destroys the last good one."""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from pathlib import Path

import pandas as pd
import yaml

from helpers import notebook_deps
from helpers.errors import InputError

# The writers validate each table through helpers.schemas, imported where they do; the
# build's kernels import it ahead (pipeline.py), and through it pandera. pandas imports
# pyarrow's parquet and dataset modules the first time a table is read (30 ms): ahead too.
WARM_IMPORTS = ("helpers.schemas", "pyarrow.parquet", "pyarrow.dataset")


@contextlib.contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it over `target` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o644)
        tmp_path.replace(target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


def write_text(target: Path, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8", newline="\n")
    return Path(target)


def write_bytes(target: Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def write_csv(df: pd.DataFrame, target: Path) -> Path:
    """UTF-8 CSV with LF line endings, byte-identical for identical frames."""
    with atomic_path(target) as tmp:
        df.to_csv(tmp, index=False, encoding="utf-8", lineterminator="\n")
    return Path(target)


def write_parquet(df: pd.DataFrame, target: Path) -> Path:
    with atomic_path(target) as tmp:
        df.to_parquet(tmp, index=False)
    return Path(target)


class WrittenFiles(list):
    """What a step wrote, as paths from the project root: the last cell of each notebook
    shows one. The runner reads the full list from the executed notebook (under MIME) and
    keeps it, so that a file deleted later makes the step run again; readers see the
    files, by folder when there are many (a x1000 corpus has thousands of texts)."""

    MIME = notebook_deps.WRITTEN_FILES_MIME
    LISTED_IN_FULL = 30

    @classmethod
    def of(cls, written: list[Path], root: Path) -> WrittenFiles:
        """Each path from `root` (as the notebooks name them: root / parameter); a path
        outside it stays as it is."""
        return cls(Path(p).relative_to(root).as_posix() if Path(p).is_relative_to(root) else str(p) for p in written)

    def summary(self) -> str:
        if len(self) <= self.LISTED_IN_FULL:
            return "\n".join([f"Wrote {len(self)} files:", *(f"  {p}" for p in self)])
        folders: dict[str, list[str]] = {}
        for p in self:
            folder, _, name = p.rpartition("/")
            folders.setdefault(folder, []).append(name)
        lines = [f"Wrote {len(self)} files:"]
        for folder, names in folders.items():
            lines.append(f"  {folder}/: " + (", ".join(names) if len(names) <= 3 else f"{len(names)} files"))
        return "\n".join(lines)

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        return {"text/plain": self.summary(), self.MIME: {"files": list(self)}}

    def _repr_pretty_(self, printer, cycle: bool) -> None:
        # IPython prints a list subclass as a list, over the bundle's text, unless it says otherwise.
        printer.text(self.summary())


def read_parquet(path: Path, produced_by: str) -> pd.DataFrame:
    if not Path(path).exists():
        raise InputError(str(path), "is missing", f"Run {produced_by} first (make report runs it).")
    return pd.read_parquet(path)


class _SafeLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """The safe loader, libyaml's when present (a registry of thousands of sources parses
    in a fraction of a second instead of seconds), else PyYAML's own; an unquoted date
    that is not on the calendar ('published: 2024-13-04') stays its text, for the checks
    that name the file and field, instead of stopping the load with a bare ValueError."""


def _timestamp_or_text(loader, node):
    try:
        return loader.construct_yaml_timestamp(node)
    except ValueError:
        return loader.construct_scalar(node)


_SafeLoader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp_or_text)


def safe_yaml(text: str):
    """YAML read with the safe loader (see _SafeLoader)."""
    return yaml.load(text, Loader=_SafeLoader)


# The YAML mistakes an analyst makes most, and what to do about each.
_YAML_FIXES = (
    ("mapping values are not allowed", "A value that holds ': ' (a title such as 'Pakistan: Six Decades') must be in "
     "quotes: title: \"Pakistan: Six Decades\"."),
    ("tab character", "Indent with spaces, not tabs."),
    ("end of stream", "A quotation mark or bracket opened there is not closed."),
)  # fmt: skip


def yaml_error(where: str, exc: yaml.YAMLError, text: str, first_line: int = 1, what: str = "") -> InputError:
    """The parser's complaint as the analyst's file has it: the line and its text (not
    '"<unicode string>", line 83, column 33'), with the fix for the usual mistakes.
    first_line: the file's line that `text` starts on (front matter starts on the second)."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    if "end of stream" in problem and getattr(exc, "context_mark", None):
        mark = exc.context_mark  # where the unclosed quotation or bracket opened
    if mark is None:
        return InputError(where, f"{what}is not valid YAML ({problem})", "Fix the syntax.")
    line = mark.line + first_line
    shown = text.splitlines()[mark.line].strip() if mark.line < len(text.splitlines()) else ""
    at = f"line {line}" + (f": {shown!r}" if shown else "")
    fix = next((f for cue, f in _YAML_FIXES if cue in problem), "Fix the syntax there.")
    return InputError(where, f"{what}is not valid YAML at {at} ({problem})", fix)


def _load_yaml(path: Path, what: str):
    """Curated YAML, read with the safe loader; a missing or malformed file names itself."""
    if not Path(path).exists():
        raise InputError(str(path), f"the {what} is missing", "Restore it from git.")
    try:
        text = Path(path).read_text(encoding="utf-8")
        return safe_yaml(text)
    except yaml.YAMLError as exc:
        raise yaml_error(str(path), exc, text) from None


def load_yaml_codebook(path: Path) -> list[dict]:
    """A codebook is a YAML list of mappings."""
    rows = _load_yaml(path, "codebook")
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise InputError(str(path), "must be a YAML list of mappings", "See the other codebooks for the shape.")
    return rows


def load_cue_codebook(path: Path, label: str) -> list[dict]:
    """A codebook whose rows are each named by `label` and found by their `cues` (event
    types, areas of cooperation, setbacks): a row without them would stop the extraction
    with a KeyError that named neither the file nor the row."""
    rows = load_yaml_codebook(path)
    for n, row in enumerate(rows, start=1):
        if not isinstance(row.get(label), str) or not row[label].strip():
            raise InputError(f"{path}, row {n}", f"has no '{label}:'", f"Give every row a '{label}:' name.")
        cues = row.get("cues", [])
        if not isinstance(cues, list) or not all(isinstance(c, str) and c.strip() for c in cues):
            raise InputError(
                f"{path}, row {n} ({row[label]})",
                "has 'cues:' that are not a list of phrases",
                'Write them as ["a phrase", "another"].',
            )
    return rows


def load_gazetteer(path: Path) -> dict:
    """The gazetteer is a mapping of sections (organizations, people, ...) to lists."""
    raw = _load_yaml(path, "gazetteer")
    if not isinstance(raw, dict) or not all(isinstance(v, list) for v in raw.values()):
        raise InputError(str(path), "must map section names to lists", "See the existing sections.")
    for section, rows in raw.items():
        for n, row in enumerate(rows, start=1):
            if not isinstance(row, dict) or not row.get("name") and not row.get("acronym"):
                raise InputError(f"{path}, {section} row {n}", "has no name", "Give every row a 'name:'.")
    return raw


def write_published_tables(tables: dict[str, pd.DataFrame], tables_dir: Path, texts: dict[str, str]) -> list[Path]:
    """Validate every table first (schema, then quote offsets), so that a violation writes
    nothing; then write each as UTF-8 CSV."""
    from helpers import schemas

    checked = {}
    for name, df in tables.items():
        checked[name] = schemas.validate(name, df)
        if "quote" in df.columns:
            schemas.check_quotes(name, checked[name], texts)
        if "quote_a" in df.columns:
            schemas.check_two_sided_quotes(name, checked[name], texts)
    return [write_csv(df, Path(tables_dir) / f"{name}.csv") for name, df in checked.items()]


def read_table(name: str, tables_dir: Path, produced_by: str) -> pd.DataFrame:
    """A published table read back with its schema's types (empty cells stay '')."""
    from helpers import schemas

    path = Path(tables_dir) / f"{name}.csv"
    if not path.exists():
        raise InputError(str(path), "is missing", f"Run {produced_by} first (make report runs it).")
    df = _read_csv_as_text(path)
    for f in schemas.TABLES[name].fields:
        if f.type == "boolean" and f.name in df:
            df[f.name] = df[f.name].map({"True": True, "False": False})
    return schemas.validate(name, df)


class PublishedTables(Mapping):
    """The published tables a step reads, by name, and the sources' texts: each read when
    first used, then kept. `release()` lets them all go, so a step can free a large
    corpus's inputs before its heaviest work, and a cell run again afterwards in JupyterLab
    still finds them: they are read anew.

    `produced_by` maps each step to the tables it writes, for the message when one is
    missing. A table is checked against its schema as it is read, unless it is as the
    build left it: listed by its step's last successful run (build/executed/<step>.outputs)
    and not changed since that list was written. Its step validated it before writing it,
    and checking it again in every later step took a quarter to a half second a step."""

    def __init__(self, tables_dir: Path, produced_by: dict[str, list[str]], texts_dir: Path | None = None):
        self.tables_dir = Path(tables_dir)
        self.texts_dir = texts_dir
        self._step = {name: step for step, names in produced_by.items() for name in names}
        self._read: dict[str, pd.DataFrame] = {}
        self._texts: dict[str, str] | None = None

    def __getitem__(self, name: str) -> pd.DataFrame:
        if name not in self._step:
            raise KeyError(f"{name!r} is not among the tables this step reads ({', '.join(self._step)})")
        if name not in self._read:
            if self.written_by_the_build(name):
                self._read[name] = read_written_table(name, self.tables_dir)
            else:
                self._read[name] = read_table(name, self.tables_dir, self._step[name])
        return self._read[name]

    def written_by_the_build(self, name: str) -> bool:
        """Whether the table is the one its step wrote, and validated, at its last successful
        run: in that run's list of written files, and no newer than the list (a table
        written since, by hand or by a cell run in JupyterLab, is checked)."""
        from helpers import paths

        table = (self.tables_dir / f"{name}.csv").resolve()
        executed = paths.BUILD_DIR / "executed" / f"{Path(self._step[name]).stem}.ipynb"
        if not (table.is_file() and table.is_relative_to(paths.ROOT)):
            return False
        if table.relative_to(paths.ROOT).as_posix() not in notebook_deps.written_list(executed):
            return False
        return table.stat().st_mtime_ns <= notebook_deps.written_list_path(executed).stat().st_mtime_ns

    def __contains__(self, name) -> bool:
        return name in self._step

    def __iter__(self) -> Iterator[str]:
        return iter(self._step)

    def __len__(self) -> int:
        return len(self._step)

    @property
    def texts(self) -> dict[str, str]:
        """Each source's text (data/interim/text/<source_id>.txt), by source id."""
        if self._texts is None:
            if self.texts_dir is None:
                raise ValueError("PublishedTables was given no texts_dir")
            self._texts = read_texts(self.texts_dir, self["sources"]["source_id"])
        return self._texts

    def read_all(self) -> pd.DataFrame:
        """Reads every table now, so a missing or invalid one stops the step here and not
        cells later; the rows of each, and the step that wrote it."""
        return pd.DataFrame(
            {"table": list(self), "rows": [len(self[n]) for n in self], "written by": [self._step[n] for n in self]}
        )

    def release(self) -> None:
        self._read.clear()
        self._texts = None


def read_written_table(name: str, tables_dir: Path) -> pd.DataFrame:
    """A table the build has written, with its schema's types but not validated again:
    every step validates its tables before it writes them (write_published_tables, write_corpus)."""
    from helpers import schemas

    return schemas.typed(name, _read_csv_as_text(Path(tables_dir) / f"{name}.csv"))


def _read_csv_as_text(path: Path) -> pd.DataFrame:
    """Every cell as the text the CSV holds (an empty cell stays '')."""
    return pd.read_csv(path, keep_default_na=False, dtype=str)


def write_data_package(tables_dir: Path, build_id: str) -> list[Path]:
    """One workbook with a sheet per published table, and a Frictionless datapackage.json
    describing every column: the whole set, whichever step wrote each table."""
    import json

    from helpers import schemas

    tables_dir = Path(tables_dir)
    names = [n for n in schemas.TABLES if (tables_dir / f"{n}.csv").exists()]
    with atomic_path(tables_dir / "tables.xlsx") as tmp:
        _write_workbook(tmp, {name: lambda name=name: read_written_table(name, tables_dir) for name in names})
    package = json.dumps(schemas.datapackage(names, build_id), indent=2, ensure_ascii=False) + "\n"
    return [tables_dir / "tables.xlsx", write_text(tables_dir / "datapackage.json", package)]


EXCEL_CELL_LIMIT = 32767  # characters Excel holds in a cell; the CSV keeps the whole text
EXCEL_ROW_LIMIT = 1_048_576  # rows Excel opens in a sheet, the header included


def _write_workbook(path: Path, sheets: dict) -> None:
    """A sheet per table, streamed row by row (openpyxl's write-only mode), so a large
    corpus's tables never sit in memory as cell objects; each table is read only when its
    sheet is written. Cells hold what pandas' to_excel wrote: the header, then the values.
    A table longer than Excel opens in one sheet (the mentions of some 10,000 documents)
    goes on in 'mentions (2)', 'mentions (3)'..., each with the header: Excel would
    otherwise refuse or cut the file."""
    import math

    import openpyxl

    def value(v):
        if isinstance(v, float) and math.isnan(v):
            return None
        return v[:EXCEL_CELL_LIMIT] if isinstance(v, str) else v

    per_sheet = EXCEL_ROW_LIMIT - 1
    book = openpyxl.Workbook(write_only=True)
    for name, load in sheets.items():
        df = load()
        header = list(df.columns)
        sheet, filled, part = None, per_sheet, 0
        for row in zip(*(df[c].tolist() for c in header), strict=True):  # lists: Arrow columns iterate slowly
            if filled == per_sheet:
                part += 1
                sheet, filled = book.create_sheet(name if part == 1 else f"{name} ({part})"), 0
                sheet.append(header)
            sheet.append([value(v) for v in row])
            filled += 1
        if sheet is None:  # no rows: the header alone
            book.create_sheet(name).append(header)
        del df
    _save_stamped(book, path)


def read_texts(text_dir: Path, source_ids) -> dict[str, str]:
    texts = {}
    for sid in source_ids:
        path = Path(text_dir) / f"{sid}.txt"
        if not path.exists():
            raise InputError(str(path), "is missing", "Run notebooks/10_ingest.py first (make report runs it).")
        texts[sid] = path.read_text(encoding="utf-8")
    return texts


def _build_datetime():
    """The build's date as a timestamp: SOURCE_DATE_EPOCH when set, else today at midnight UTC."""
    import datetime as dt

    from helpers.buildinfo import build_date

    return dt.datetime.combine(build_date(), dt.time())


def _save_stamped(book, path: Path) -> None:
    """The workbook saved with the build's date as its 'created' and 'modified' and as the
    time of every zip entry, so that two builds of the same inputs give the same bytes.
    openpyxl's own save stamps the time of saving; re-zipping the file afterwards to fix
    that took 10 s at x1000. This is openpyxl's save_workbook with our zip file."""
    import zipfile

    from openpyxl.writer.excel import ExcelWriter

    class StampedZip(zipfile.ZipFile):
        def writestr(self, entry, data, compress_type=None, compresslevel=None):
            if not isinstance(entry, zipfile.ZipInfo):
                entry = zipfile.ZipInfo(entry, date_time=stamp)
                entry.compress_type, entry.external_attr = self.compression, 0o600 << 16
            super().writestr(entry, data, compress_type, compresslevel)

        def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
            entry = zipfile.ZipInfo.from_file(filename, arcname)
            entry.date_time, entry.compress_type = stamp, self.compression
            with open(filename, "rb") as src, self.open(entry, "w") as dest:
                shutil.copyfileobj(src, dest, 1 << 20)

    built = _build_datetime()
    stamp = built.timetuple()[:6]
    book.properties.created = book.properties.modified = built
    with StampedZip(path, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(book, archive).save()
