"""Runs notebook steps the way `make` does: jupytext .py -> .ipynb, papermill with the
run parameters the notebook declares, and the executed copy kept under build/ only when
every cell succeeded. A failure names the step and the cell and exits non-zero.

`make report` passes every out-of-date step to one `run`, so papermill, jupytext and
nbformat are imported once per build rather than once per step. Each step's kernel is
started while the step before it runs, and imports what the notebook imports there: on
a machine with two cores its start-up overlaps the previous step instead of following it.

make judges a step out of date by its inputs' times. With `--skip-unchanged` (as `make
report` runs it), a step whose inputs hold what they held at its last successful run is
not run again: saving a notebook in JupyterLab without changing it, or a checkout that
rewrites files as they were, re-runs nothing. A step whose outputs are no longer all there
runs again: the files its last cell reported writing are listed beside its executed
notebook, for the runner and for make (build/notebook-deps.mk reads the list)."""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from helpers import executor, notebook_deps, params, paths, startup
from helpers.errors import InputError


def run_parameters_from_env() -> dict[str, str]:
    """make exports FOCUS, PERIOD_START...; an unset variable means the default."""
    return params.validate({p.name: os.environ.get(p.make_var) for p in params.PARAMETERS})


def _cell_label(cell) -> str:
    """The cell's first line of code, marked as cut when the statement goes on."""
    code = [ln.strip() for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")]
    if not code:
        return ""
    first = code[0]
    return first[:80] + " …" if len(first) > 80 or len(code) > 1 else first


_ANSI = re.compile(r"\x1b\[[0-9;]*m")


def failed_line(notebook_py: Path, cell_source: str, traceback: list[str]) -> int | None:
    """The line of the .py an analyst edits where a failed cell's error arose: papermill
    counts the executed notebook's cells, its injected parameters and markdown among them,
    and 'cell 15' was hard to find (an analyst's review). The cell's first line, moved on by
    the line IPython's traceback gives within the cell ('Cell In[7], line 3')."""
    source = cell_source.strip()
    text = notebook_py.read_text(encoding="utf-8") if notebook_py.is_file() else ""
    at = text.find(source) if source else -1
    if at < 0:
        return None  # papermill's injected parameters: in no file
    line = text.count("\n", 0, at) + 1
    within = re.search(r"Cell In\[\d+\], line (\d+)", _ANSI.sub("", "\n".join(traceback)))
    return line + int(within.group(1)) - 1 if within else line


def _ipc_kernel_manager():
    """Kernels talk over local sockets instead of TCP: nothing listens on a port, and
    ipykernel has no reason to warn about unencrypted traffic."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    return IPCKernelManager


KERNEL_NAME = "python3"


def imported_modules(notebook_py: Path) -> list[str]:
    """The modules the notebook's top-level import statements name, in order: for
    `from helpers import io` both `helpers` and `helpers.io` (the latter may be a name,
    not a module; the warm-up skips what does not import)."""
    try:
        tree = ast.parse(notebook_py.read_text(encoding="utf-8"))
    except SyntaxError:  # a cell magic, say: the kernel then starts cold
        return []
    names: list[str] = []
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            names.append(node.module)
            names.extend(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    return list(dict.fromkeys(names))


def warm_up_code(modules: list[str]) -> str:
    """One line for the kernel to run as it starts: imports the modules into sys.modules
    without binding a name in the notebook's namespace, then the modules that the helper
    modules now loaded list in WARM_IMPORTS (those they import only inside their
    functions, which the step will reach), and so on for the helper modules those bring
    in (io lists helpers.schemas, which lists pandera). A module that fails to import is
    skipped; the notebook's own import then reports the error in its cell."""
    body = (
        "import importlib, sys\n"
        "from helpers import startup\n"
        "startup.without_iri_grammar()\n"
        "def warm(name):\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception:\n"
        "        pass\n"
        f"for name in {modules!r}:\n"
        "    warm(name)\n"
        "followed = set()\n"
        "while True:\n"
        "    helpers = [m for n, m in list(sys.modules.items()) if n.startswith('helpers.') and n not in followed]\n"
        "    if not helpers:\n"
        "        break\n"
        "    followed.update(m.__name__ for m in helpers)\n"
        "    for name in dict.fromkeys(e for m in helpers for e in getattr(m, 'WARM_IMPORTS', ())):\n"
        "        warm(name)\n"
    )
    return f"exec({body!r}, {{}})"


SOCKET_DIR_PREFIX = "briefing-kernel-"


def kernel_socket_dir(tmp: Path | None = None) -> str:
    """A new folder for one kernel's socket files, named after this runner's process id.
    A runner killed outright (SIGKILL, the machine's OOM killer) cannot remove its
    folders, so each new one first removes those whose runner is gone. (The sockets stay
    under the temporary folder: a socket path must be short, a project path may not be.)"""
    tmp = Path(tmp or tempfile.gettempdir())
    for folder in tmp.glob(f"{SOCKET_DIR_PREFIX}*-*"):
        owner = folder.name[len(SOCKET_DIR_PREFIX) :].split("-", 1)[0]
        if owner.isdigit() and not _process_alive(int(owner)):
            shutil.rmtree(folder, ignore_errors=True)
    return tempfile.mkdtemp(prefix=f"{SOCKET_DIR_PREFIX}{os.getpid()}-", dir=tmp)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process
        return True
    return True


class Kernel:
    """A kernel for one step, started ahead of it. It boots and runs the warm-up while
    the step before runs, and is shut down (killed: its outputs are in by then) after."""

    def __init__(self, notebook_py: Path):
        from jupyter_core.utils import run_sync

        # Two kernels may be alive at once: each gets its own socket files.
        self._socket_dir = kernel_socket_dir()
        self.manager = _ipc_kernel_manager()(kernel_name=KERNEL_NAME)
        self.manager.ip = os.path.join(self._socket_dir, "kernel")
        run_sync(self.manager.start_kernel)(
            cwd=str(paths.NOTEBOOKS_DIR),
            extra_arguments=[
                "--HistoryManager.hist_file=:memory:",
                f"--IPKernelApp.exec_lines={warm_up_code(imported_modules(notebook_py))}",
            ],
        )

    def shutdown(self) -> None:
        from jupyter_core.utils import run_sync

        try:
            run_sync(self.manager.shutdown_kernel)(now=True)
        finally:
            shutil.rmtree(self._socket_dir, ignore_errors=True)


def notebook_of(step: str) -> Path:
    notebook_py = paths.NOTEBOOKS_DIR / f"{step}.py"
    if not notebook_py.exists():
        raise InputError(str(notebook_py), "no such notebook", "Check the step name (see notebooks/).")
    return notebook_py


def run_step(step: str, run_values: dict[str, str], kernel: Kernel | None = None, digest: str | None = None) -> Path:
    """Runs one step in `kernel` (a fresh one if none is given), and shuts the kernel down.
    What its inputs held (`digest`, if already worked out before the step ran), and the
    files it wrote, are kept beside the executed notebook once it succeeded. The record of
    the last success goes first: a step that fails partway may have written some files,
    and must not be kept as it stands when its inputs are put back as they were."""
    notebook_py = notebook_of(step)  # the runner checked every step's name before taking a kernel
    kernel = kernel or Kernel(notebook_py)
    try:
        digest = digest or inputs_digest(step, run_values)
        executed_path(step, run_values).with_suffix(DIGEST_SUFFIX).unlink(missing_ok=True)
        final = _execute(step, notebook_py, run_values, kernel)
    finally:
        kernel.shutdown()
    from helpers.io import write_text

    list_outputs(final)
    write_text(final.with_suffix(DIGEST_SUFFIX), digest + "\n")
    return final


DIGEST_SUFFIX = ".inputs-sha256"


def reported_outputs(executed: Path) -> list[str]:
    """The files a step reports writing: the `io.WrittenFiles` shown last, as every
    notebook's "Save outputs" cell shows one (read from the executed notebook's JSON, so
    the runner needs no pandas). A notebook that shows none lists nothing."""
    cells = [c for c in json.loads(executed.read_text(encoding="utf-8"))["cells"] if c["cell_type"] == "code"]
    for cell in reversed(cells):  # an empty cell after the save cell shows nothing
        for output in reversed(cell.get("outputs", [])):
            listed = output.get("data", {}).get(notebook_deps.WRITTEN_FILES_MIME)
            if isinstance(listed, dict) and isinstance(listed.get("files"), list):
                return [str(p) for p in listed["files"]]
    return []


def list_outputs(executed: Path) -> None:
    """Keeps the list of the files a step reported writing beside its executed notebook."""
    from helpers.io import write_text

    write_text(notebook_deps.written_list_path(executed), "".join(f"{p}\n" for p in reported_outputs(executed)))


def missing_outputs(step: str, run_values: dict[str, str]) -> list[str]:
    """The files the step wrote at its last successful run that are no longer there."""
    return [p for p in notebook_deps.written_list(executed_path(step, run_values)) if not (paths.ROOT / p).exists()]


def executed_path(step: str, run_values: dict[str, str]) -> Path:
    """Where the step's executed notebook is kept: one per focus and period for a step that
    declares a run parameter, as build/notebook-deps.mk names it (notebook_deps.rules)."""
    declared = notebook_deps.parameter_values(notebook_of(step).read_text(encoding="utf-8"))
    suffix = params.suffix_of(run_values) if set(params.BY_NAME) & set(declared) else ""
    return paths.BUILD_DIR / "executed" / f"{step}{suffix}.ipynb"


def inputs_digest(step: str, run_values: dict[str, str]) -> str:
    """A hash of what the step's run depends on, by content: the files its make rule names,
    what the steps before it wrote, the locked environment, and the run parameters it
    declares."""
    notebook_py = notebook_of(step)
    declared = notebook_deps.parameter_values(notebook_py.read_text(encoding="utf-8"))
    files = notebook_deps.input_files(notebook_py, paths.ROOT)
    files += _written_before(step, run_values)
    files.append(notebook_deps.ROOT / "requirements.lock")
    digest = hashlib.sha256()
    for f in files:
        content = hashlib.sha256(f.read_bytes()).hexdigest() if f.is_file() else "missing"
        digest.update(f"{_within_project(f)}\0{content}\n".encode())
    digest.update(json.dumps({k: v for k, v in run_values.items() if k in declared}, sort_keys=True).encode())
    return digest.hexdigest()


def _written_before(step: str, run_values: dict[str, str]) -> list[Path]:
    """The files the steps before this one wrote, as each listed them at its last run: a
    step that ran again and wrote the same bytes (a comment edited in its notebook) leaves
    the steps after it as they were. A step with no list counts by its executed notebook."""
    steps = sorted(p.stem for p in paths.NOTEBOOKS_DIR.glob("[0-9][0-9]_*.py"))
    files: list[Path] = []
    for earlier in steps[: steps.index(step)] if step in steps else []:
        executed = executed_path(earlier, run_values)
        written = notebook_deps.written_list(executed)
        files += [paths.ROOT / p for p in written] if written else [executed]
    return files


def _within_project(path: Path) -> str:
    """The path from the project root (or the helpers' own), so a copy of a project is
    judged by its files' contents, not by where it sits."""
    for root in (paths.ROOT, notebook_deps.ROOT):
        if path.is_relative_to(root):
            return path.relative_to(root).as_posix()
    return str(path)


def recorded_digest(step: str, run_values: dict[str, str]) -> str | None:
    """What the step's inputs held at its last successful run; None without an executed
    notebook and its record."""
    final = executed_path(step, run_values)
    recorded = final.with_suffix(DIGEST_SUFFIX)
    if not (final.is_file() and recorded.is_file()):
        return None
    return recorded.read_text(encoding="utf-8").strip()


def holds_what_it_held(step: str, run_values: dict[str, str]) -> bool:
    """Whether the runner would keep the step as it is (`_keep`), without touching anything:
    its outputs all there, and its inputs holding what they held at its last run."""
    recorded = recorded_digest(step, run_values)
    return (
        recorded is not None and not missing_outputs(step, run_values) and recorded == inputs_digest(step, run_values)
    )


def unchanged_since_last_run(step: str, run_values: dict[str, str], digest: str) -> bool:
    """True when the step's executed notebook is there and its inputs hold what they held
    when it was made (`digest`: what they hold now); its time is then brought up to date,
    so make sees it current."""
    if recorded_digest(step, run_values) != digest:
        return False
    final = executed_path(step, run_values)
    if not notebook_deps.written_list_path(final).is_file():  # kept by a runner from before the lists
        list_outputs(final)
    os.utime(final)
    return True


def _execute(step: str, notebook_py: Path, run_values: dict[str, str], kernel: Kernel) -> Path:
    startup.without_iri_grammar()
    import jupytext
    import papermill
    from papermill.exceptions import PapermillExecutionError

    final = executed_path(step, run_values)
    executed_dir = final.parent
    input_dir = paths.BUILD_DIR / "notebooks"
    input_dir.mkdir(parents=True, exist_ok=True)
    executed_dir.mkdir(parents=True, exist_ok=True)
    input_nb = input_dir / f"{step}.ipynb"
    jupytext.write(jupytext.read(notebook_py), input_nb)

    declared = papermill.inspect_notebook(str(input_nb))
    injected = {k: v for k, v in run_values.items() if k in declared}
    failed = executed_dir / f"{final.stem}.failed.ipynb"
    tmp = executed_dir / f".{final.stem}.running.ipynb"

    shown = ", ".join(f"{k}={v!r}" for k, v in injected.items()) or "defaults"
    print(f"==> {step} ({shown})", flush=True)
    started = time.monotonic()
    try:
        papermill.execute_notebook(
            str(input_nb),
            str(tmp),
            parameters=injected,
            kernel_name=KERNEL_NAME,
            cwd=str(paths.NOTEBOOKS_DIR),
            progress_bar=sys.stderr.isatty(),
            log_output=False,
            # Written once at the end (or on a failure, with the error), not twice per cell:
            # each write of the whole notebook held up the next cell.
            request_save_on_cell_execute=False,
            km=kernel.manager,
        )
    except PapermillExecutionError as exc:
        tmp.replace(failed)
        if final.exists():  # the last good run's notebook, kept but older than anything: make runs the step again
            os.utime(final, (0, 0))
        import nbformat

        nb = nbformat.read(failed, as_version=4)
        cell = next(
            (
                c
                for c in nb.cells
                if c.cell_type == "code"
                and c.get("outputs")
                and any(o.get("output_type") == "error" for o in c.outputs)
            ),
            None,
        )
        line = failed_line(notebook_py, cell.source, exc.traceback or []) if cell is not None else None
        where = f"cell {exc.cell_index}"
        if line is not None:
            where += f" ({paths.as_typed(notebook_py)}, line {line})"
        where += f": {_cell_label(cell)}" if cell is not None else ""
        print(f"\nerror: {step} failed in {where}", file=sys.stderr)
        print(f"error: {exc.ename}: {exc.evalue}", file=sys.stderr)
        print(f"The executed notebook with the traceback: {failed.relative_to(paths.ROOT)}", file=sys.stderr)
        print(
            "Every file is replaced whole or not at all: the reports and tables are those of the last good "
            "build, except any file a cell before this one wrote. The step runs again at the next make report.",
            file=sys.stderr,
        )
        raise SystemExit(1) from None
    tmp.replace(final)
    failed.unlink(missing_ok=True)
    print(f"    {step} done in {time.monotonic() - started:.1f} s -> {final.relative_to(paths.ROOT)}", flush=True)
    return final


def run_steps(
    steps: list[str], notebooks: list[Path], run_values: dict[str, str], skip_unchanged: bool = False
) -> None:
    """The steps in order, each in a kernel started while the step before ran. With
    `skip_unchanged`, a step whose inputs (what the steps before it wrote among them) hold
    what they held at its last run is kept as it is, unless a file it wrote is gone."""
    startup.without_iri_grammar()
    waiting: dict[int, Kernel] = {}  # shut down at the end unless a step took it
    try:
        for i, step in enumerate(steps):
            digest = inputs_digest(step, run_values) if skip_unchanged else None
            if digest is not None and _keep(step, run_values, digest):
                if i in waiting:  # started in case the step before changed its inputs
                    waiting.pop(i).shutdown()
                continue
            if i not in waiting:
                waiting[i] = Kernel(notebooks[i])
            if i + 1 < len(steps):
                waiting[i + 1] = Kernel(notebooks[i + 1])
            run_step(step, run_values, kernel=waiting.pop(i), digest=digest)
    finally:
        for kernel in waiting.values():  # started for a step that a failure stopped
            kernel.shutdown()


def _keep(step: str, run_values: dict[str, str], digest: str) -> bool:
    """Whether the runner keeps the step as it is, saying why it keeps it or runs it."""
    gone = missing_outputs(step, run_values)
    if gone:
        more = f" and {len(gone) - 1} more" if len(gone) > 1 else ""
        print(f"==> {step}: {gone[0]}{more} that it wrote is gone; run again", flush=True)
        return False
    if not unchanged_since_last_run(step, run_values, digest):
        return False
    print(f"==> {step}: its inputs hold what they held at its last run; not run again", flush=True)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run notebook steps, in the order given; stops at the first that fails")
    run.add_argument("steps", nargs="+", metavar="step")
    run.add_argument(
        "--skip-unchanged",
        action="store_true",
        help="keep a step whose inputs hold what they held at its last successful run (make report)",
    )
    args = parser.parse_args(argv)
    try:
        values = run_parameters_from_env()
        executor.parse(os.environ.get(executor.ENV_VAR))  # a bad EXECUTOR stops here, not in a notebook
        startup.use_system_arrow_allocator()  # for the kernels started from here
        notebooks = [notebook_of(step) for step in args.steps]  # every name checked before any step runs
        run_steps(args.steps, notebooks, values, skip_unchanged=args.skip_unchanged)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
