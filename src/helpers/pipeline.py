"""Runs notebook steps the way `make` does: jupytext .py -> .ipynb, papermill with the
run parameters the notebook declares, and the executed copy kept under build/ only when
every cell succeeded. A failure names the step and the cell and exits non-zero.

`make report` passes every out-of-date step to one `run`, so papermill, jupytext and
nbformat are imported once per build rather than once per step."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from helpers import params, paths, startup
from helpers.errors import InputError


def run_parameters_from_env() -> dict[str, str]:
    """make exports FOCUS, PERIOD_START...; an unset variable means the default."""
    return params.validate({p.name: os.environ.get(p.make_var) for p in params.PARAMETERS})


def _cell_label(cell) -> str:
    first = next((ln for ln in cell.source.splitlines() if ln.strip() and not ln.startswith("#")), "")
    return first.strip()[:80]


def _ipc_kernel_manager():
    """Kernels talk over local sockets instead of TCP: nothing listens on a port, and
    ipykernel has no reason to warn about unencrypted traffic."""
    from jupyter_client.manager import AsyncKernelManager
    from traitlets import CaselessStrEnum

    class IPCKernelManager(AsyncKernelManager):
        transport = CaselessStrEnum(["tcp", "ipc"], default_value="ipc", config=True)

    return IPCKernelManager


def notebook_of(step: str) -> Path:
    notebook_py = paths.NOTEBOOKS_DIR / f"{step}.py"
    if not notebook_py.exists():
        raise InputError(str(notebook_py), "no such notebook", "Check the step name (see notebooks/).")
    return notebook_py


def run_step(step: str, run_values: dict[str, str], executed_dir: Path | None = None) -> Path:
    startup.without_iri_grammar()
    import jupytext
    import papermill
    from papermill.exceptions import PapermillExecutionError

    notebook_py = notebook_of(step)
    executed_dir = Path(executed_dir or paths.BUILD_DIR / "executed")
    input_dir = paths.BUILD_DIR / "notebooks"
    input_dir.mkdir(parents=True, exist_ok=True)
    executed_dir.mkdir(parents=True, exist_ok=True)
    input_nb = input_dir / f"{step}.ipynb"
    jupytext.write(jupytext.read(notebook_py), input_nb)

    declared = papermill.inspect_notebook(str(input_nb))
    injected = {k: v for k, v in run_values.items() if k in declared}
    suffix = params.output_suffix(run_values["focus"]) if "focus" in declared else ""
    final = executed_dir / f"{step}{suffix}.ipynb"
    failed = executed_dir / f"{step}{suffix}.failed.ipynb"
    tmp = executed_dir / f".{step}{suffix}.running.ipynb"

    shown = ", ".join(f"{k}={v!r}" for k, v in injected.items()) or "defaults"
    print(f"==> {step} ({shown})", flush=True)
    started = time.monotonic()
    try:
        papermill.execute_notebook(
            str(input_nb),
            str(tmp),
            parameters=injected,
            kernel_name="python3",
            cwd=str(paths.NOTEBOOKS_DIR),
            progress_bar=sys.stderr.isatty(),
            log_output=False,
            kernel_manager_class=_ipc_kernel_manager(),
        )
    except PapermillExecutionError as exc:
        tmp.replace(failed)
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
        where = f"cell {exc.cell_index}" + (f" ({_cell_label(cell)})" if cell is not None else "")
        print(f"\nerror: {step} failed in {where}", file=sys.stderr)
        print(f"error: {exc.ename}: {exc.evalue}", file=sys.stderr)
        print(f"The executed notebook with the traceback: {failed.relative_to(paths.ROOT)}", file=sys.stderr)
        print("The last good reports and tables are untouched.", file=sys.stderr)
        raise SystemExit(1) from None
    tmp.replace(final)
    failed.unlink(missing_ok=True)
    print(f"    {step} done in {time.monotonic() - started:.1f} s -> {final.relative_to(paths.ROOT)}", flush=True)
    return final


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="run notebook steps, in the order given; stops at the first that fails")
    run.add_argument("steps", nargs="+", metavar="step")
    args = parser.parse_args(argv)
    try:
        values = run_parameters_from_env()
        for step in args.steps:  # every name checked before any step runs
            notebook_of(step)
        for step in args.steps:
            run_step(step, values)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
