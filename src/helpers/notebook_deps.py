"""Writes the make rules that say what each notebook reads, from the notebooks themselves.

A step depends on its notebook, the helper modules it imports (and what they import),
the existing files and folders named in its `parameters` cell, and the step before it
(data flows one way). A notebook with a run parameter (focus, period...) gets one
executed copy per focus. A step whose outputs are not all there is out of date too: the
runner lists the files each step wrote beside its executed notebook, and the rules read
that list when make reads them. Standard library only: it runs before the environment
exists.
"""

from __future__ import annotations

import ast
import functools
import re
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HELPERS = ROOT / "src" / "helpers"
GENERATED = ("data/interim", "reports", "build")
OUTPUTS_SUFFIX = ".outputs"  # the list of what a step wrote, beside its executed notebook
# How a notebook's last cell hands that list to the runner (io.WrittenFiles shows it so).
WRITTEN_FILES_MIME = "application/vnd.briefing.written-files+json"


def written_list_path(executed: Path) -> Path:
    return executed.with_suffix(OUTPUTS_SUFFIX)


def written_list(executed: Path) -> list[str]:
    """The files (from the project root) a step wrote at its last successful run, as the
    runner keeps them beside its executed notebook; none when no list was kept."""
    listed = written_list_path(executed)
    return [p for p in listed.read_text(encoding="utf-8").splitlines() if p] if listed.is_file() else []


def parameters_cell(source: str) -> str:
    m = re.search(r'^# %%.*tags=\[[^\]]*"parameters"[^\]]*\].*\n((?:(?!# %%).*\n)*)', source, re.MULTILINE)
    return m.group(1) if m else ""


def parameter_values(source: str) -> dict[str, object]:
    """The parameters cell's plain values: constants, and lists of constants (a list of
    folders a step reads, say)."""
    plain = str | int | float | bool | None
    values = {}
    for node in ast.parse(parameters_cell(source)).body:
        if not isinstance(node, ast.Assign):
            continue
        try:
            value = ast.literal_eval(node.value)
        except (ValueError, TypeError):
            continue
        if isinstance(value, plain) or isinstance(value, list | tuple) and all(isinstance(v, plain) for v in value):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    values[target.id] = value
    return values


def _statements(body: list) -> Iterator[ast.stmt]:
    """Every statement, nested ones too (imports inside functions, ifs, trys): an import
    is a statement, so the expressions ast.walk would also visit can be skipped."""
    for node in body:
        yield node
        for name in ("body", "orelse", "finalbody", "handlers", "cases"):
            yield from _statements(getattr(node, name, None) or [])


def imported_helpers(source: str) -> set[str]:
    found = set()
    for node in _statements(ast.parse(source).body):
        if isinstance(node, ast.ImportFrom) and node.module:
            if node.module == "helpers":
                found.update(alias.name for alias in node.names)
            elif node.module.startswith("helpers."):
                found.add(node.module.split(".")[1])
        elif isinstance(node, ast.Import):
            found.update(a.name.split(".")[1] for a in node.names if a.name.startswith("helpers."))
    return {m for m in found if (HELPERS / f"{m}.py").exists()}


@functools.cache
def _helpers_imported_by(module: str) -> frozenset[str]:
    """Parsed once per run: most helpers are in several notebooks' closures."""
    return frozenset(imported_helpers((HELPERS / f"{module}.py").read_text(encoding="utf-8")))


def helper_closure(modules: set[str]) -> list[str]:
    seen: set[str] = set()
    todo = list(modules)
    while todo:
        mod = todo.pop()
        if mod in seen:
            continue
        seen.add(mod)
        todo.extend(_helpers_imported_by(mod) - seen)
    return sorted(f"src/helpers/{m}.py" for m in seen)


def _named_inputs(values: dict[str, object], root: Path) -> Iterator[tuple[str, bool]]:
    """(path, is it a folder) of each existing file or folder a parameters cell names,
    outside the folders the build writes; each path of a list counts."""
    named = [v for value in values.values() for v in (value if isinstance(value, list | tuple) else [value])]
    for value in dict.fromkeys(named):  # once each, in order
        if not isinstance(value, str) or not value or value.startswith(GENERATED):
            continue
        path = root / value
        if path.is_file():
            yield value, False
        elif path.is_dir():
            yield value, True


def input_paths(values: dict[str, object]) -> list[str]:
    """Each named input as make reads it: a folder as the files in it when make runs, and
    itself and the folders in it, whose times change when a file is deleted, renamed or
    moved in (a corrected download moved into place keeps its older time). A space or a
    colon in a file's name (a source saved as 'NATO report: 2010.pdf') is escaped, or make
    would take it for two files, or for a rule."""
    return [
        f"$(shell find {_for_make(v)} -not -name '.*' \\( -type f -o -type d \\) | sed 's/[ :]/\\\\&/g')"
        if folder
        else _for_make(v)
        for v, folder in _named_inputs(values, ROOT)
    ]


def _for_make(path: str) -> str:
    return re.sub(r"([ :])", r"\\\1", path)


def input_files(notebook: Path, root: Path) -> list[Path]:
    """The files the rules make a step depend on, each folder's files listed (the step
    before and the run parameters aside): for the runner, which checks whether their
    contents changed since the step last ran."""
    source = notebook.read_text(encoding="utf-8")
    files = [notebook, *(ROOT / h for h in helper_closure(imported_helpers(source)))]
    for value, folder in _named_inputs(parameter_values(source), root):
        if folder:
            files.extend(sorted(p for p in (root / value).rglob("*") if p.is_file() and not p.name.startswith(".")))
        else:
            files.append(root / value)
    return files


def rules(notebooks: list[Path], run_parameters: set[str]) -> str:
    lines = ["# Generated by src/helpers/notebook_deps.py: do not edit."]
    previous = ""
    for nb in notebooks:
        source = nb.read_text(encoding="utf-8")
        step = nb.stem
        values = parameter_values(source)
        parameterised = bool(run_parameters & set(values))
        name = f"{step}$(SUFFIX)" if parameterised else step
        target = f"$(EXECUTED)/{name}.ipynb"
        deps = [f"notebooks/{nb.name}", *helper_closure(imported_helpers(source)), *input_paths(values)]
        if previous:
            deps.append(previous)
        if parameterised:
            deps.append("$(PARAMS_STAMP)")
        listed, gone = _outputs_gone(name)
        lines.append(f"STEP_OF_{name} := {step}")
        lines.append(listed)
        lines.append(f"{target}: " + " ".join([*deps, gone]))
        previous = target
    lines.append(f"run-steps: {previous}")
    return "\n".join(lines) + "\n"


def _outputs_gone(name: str) -> tuple[str, str]:
    """A variable with the list of files the step wrote last, and a prerequisite that is
    the Makefile's phony `out-of-date` when one of them is missing. make reads
    the list itself: no process is started."""
    listed = f"OUTPUTS_OF_{name}"
    return (
        f"{listed} := $(strip $(file <$(EXECUTED)/{name}{OUTPUTS_SUFFIX}))",
        f"$(if $(filter-out $(wildcard $({listed})),$({listed})),out-of-date)",
    )


def main() -> int:
    sys.path.insert(0, str(ROOT / "src"))
    from helpers.params import BY_NAME

    notebooks = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.py"))
    sys.stdout.write(rules(notebooks, set(BY_NAME)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
