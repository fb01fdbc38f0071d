"""Where a clean build's time goes: kernel starts, imports, extraction, analysis, charts,
HTML and PDF (the breakdown in the README's "Performance" section).

Each notebook's code cells run in order in a fresh process (as in its kernel, without the
kernel), with CPU and wall time charged to the innermost phase running: an import, or
one of the helper functions listed in PHASES. The kernel starts and the runner are
measured apart, as papermill running the same number of empty notebooks in one runner
process, the way `make report` runs the steps.

    .venv/bin/python benchmarks/profile_build.py ROOT      # ROOT: a built copy of the project
    .venv/bin/python benchmarks/profile_build.py ROOT --json out.json

ROOT must hold a finished build (the steps read each other's outputs); each step is
re-run in place, so use a copy, never the shared tree. CPU seconds are the steadier
figure on a shared machine; wall seconds are shown beside them.
"""

from __future__ import annotations

import argparse
import builtins
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

STEPS = ("10_ingest", "20_extract", "30_analyse", "90_briefing")

# (module, attribute path, phase). Time inside one of these, less what nested phases
# took, is charged to the phase.
PHASES = [
    ("helpers.corpus", "ingest_corpus", "extraction"),
    ("helpers.extract", "extract_tables", "extraction"),
    ("helpers.reuse", "shared_wording", "analysis"),
    ("helpers.reuse", "shared_wording_by_pair", "analysis"),
    ("helpers.timeline", "group_events", "analysis"),
    ("helpers.timeline", "build_timeline", "analysis"),
    ("helpers.discrepancies", "find_discrepancies", "analysis"),
    ("helpers.comparison", "source_coverage", "analysis"),
    ("helpers.comparison", "positions_table", "analysis"),
    ("helpers.corpus", "write_corpus", "tables in/out"),
    ("helpers.io", "read_table", "tables in/out"),
    ("helpers.io", "read_parquet", "tables in/out"),
    ("helpers.io", "read_texts", "tables in/out"),
    ("helpers.io", "write_published_tables", "tables in/out"),
    ("helpers.io", "write_data_package", "tables in/out"),
    ("helpers.charts", "timeline_chart", "charts"),
    ("helpers.charts", "corroboration_chart", "charts"),
    ("helpers.charts", "cooperation_heatmap", "charts"),
    ("helpers.charts", "co_mention_network", "charts"),
    ("helpers.charts", "corpus_size_chart", "charts"),
    ("helpers.charts", "save_chart", "charts"),
    ("helpers.charts", "svg_bytes", "charts"),
    ("helpers.charts", "reuse_saved", "charts"),
    ("helpers.render", "Briefing.to_html", "HTML (nbconvert)"),
    ("weasyprint", "HTML.write_pdf", "PDF (WeasyPrint)"),
]


class Ledger:
    """CPU and wall seconds per phase, exclusive of nested phases."""

    def __init__(self):
        self.cpu: dict[str, float] = {}
        self.wall: dict[str, float] = {}
        self._stack: list[list] = []  # [phase, cpu at start, wall at start, nested cpu, nested wall]

    def enter(self, phase: str) -> None:
        self._stack.append([phase, time.process_time(), time.perf_counter(), 0.0, 0.0])

    def leave(self) -> None:
        phase, cpu0, wall0, nested_cpu, nested_wall = self._stack.pop()
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
        self.cpu[phase] = self.cpu.get(phase, 0.0) + cpu - nested_cpu
        self.wall[phase] = self.wall.get(phase, 0.0) + wall - nested_wall
        if self._stack:
            self._stack[-1][3] += cpu
            self._stack[-1][4] += wall


def _timed(ledger: Ledger, phase: str, fn):
    def wrapper(*args, **kwargs):
        ledger.enter(phase)
        try:
            return fn(*args, **kwargs)
        finally:
            ledger.leave()

    wrapper.__wrapped__ = fn
    return wrapper


def _install_hooks(ledger: Ledger) -> None:
    """Charge imports to 'imports', and wrap each PHASES function once its module loads."""
    real_import = builtins.__import__
    patched: set[tuple[str, str]] = set()

    def patch_loaded() -> None:
        for module, attr, phase in PHASES:
            if (module, attr) in patched or module not in sys.modules:
                continue
            owner = sys.modules[module]
            *path, name = attr.split(".")
            for part in path:
                owner = getattr(owner, part, None)
            if owner is None or not hasattr(owner, name):  # the module is still loading
                continue
            setattr(owner, name, _timed(ledger, phase, getattr(owner, name)))
            patched.add((module, attr))

    def loaded(name, globals_, fromlist, level) -> bool:
        """The import has nothing left to load (the common case inside hot functions,
        which must stay as cheap as without the hook)."""
        if level:
            package = (globals_ or {}).get("__package__") or ""
            base = package.rsplit(".", level - 1)[0] if level > 1 else package
            name = f"{base}.{name}" if name else base
        module = sys.modules.get(name)
        return module is not None and all(f == "*" or hasattr(module, f) for f in fromlist or ())

    def timed_import(name, globals=None, locals=None, fromlist=(), level=0):
        if loaded(name, globals, fromlist, level):
            return real_import(name, globals, locals, fromlist, level)
        n_modules = len(sys.modules)
        ledger.enter("imports")
        try:
            return real_import(name, globals, locals, fromlist, level)
        finally:
            ledger.leave()
            if len(sys.modules) != n_modules:
                patch_loaded()

    builtins.__import__ = timed_import


def code_cells(notebook_py: Path) -> list[str]:
    """The code cells of a py:percent notebook (read here, not with jupytext, so that
    nbformat's import is charged to the step that imports it)."""
    cells, current = [], None
    for line in notebook_py.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("# %%"):
            current = None if "[markdown]" in line else []
            if current is not None:
                cells.append(current)
        elif current is not None:
            current.append(line)
    return ["".join(c) for c in cells]


def profile_step(step: str, root: Path) -> dict:
    """Runs one notebook's code cells in this process; returns seconds per phase."""
    ledger = Ledger()
    _install_hooks(ledger)
    os.chdir(root / "notebooks")
    namespace: dict = {"__name__": "__main__"}
    for source in code_cells(root / "notebooks" / f"{step}.py"):
        ledger.enter("notebook code")
        try:
            exec(compile(source, f"{step}.py", "exec"), namespace)
        finally:
            ledger.leave()
    return {"cpu": ledger.cpu, "wall": ledger.wall}


EMPTY_NOTEBOOK = (
    "# ---\n# jupyter:\n#   kernelspec:\n#     display_name: Python 3 (ipykernel)\n"
    "#     language: python\n#     name: python3\n# ---\n\n"
    '# %% tags=["parameters"]\nx = 1\n\n# %%\nNone\n'
)


def kernel_starts(n: int) -> dict:
    """The runner and n kernel starts: papermill running n empty notebooks in one
    helpers.pipeline process, as `make report` runs a clean build."""
    with tempfile.TemporaryDirectory(prefix="profile-kernels-") as tmp:
        root = Path(tmp)
        (root / "notebooks").mkdir()
        names = [f"{i:02d}_empty" for i in range(n)]
        for name in names:
            (root / "notebooks" / f"{name}.py").write_text(EMPTY_NOTEBOOK)
        env = dict(os.environ, BRIEFING_ROOT=str(root))
        before, wall0 = os.times(), time.perf_counter()
        subprocess.run([sys.executable, "-m", "helpers.pipeline", "run", *names], env=env, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
        after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return {"cpu": cpu, "wall": time.perf_counter() - wall0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", type=Path)
    parser.add_argument("--step", help=argparse.SUPPRESS)  # the child process: one step
    parser.add_argument("--json", type=Path)
    args = parser.parse_args(argv)
    root = args.root.resolve()
    if args.step:
        json.dump(profile_step(args.step, root), sys.stdout)
        return 0

    env = dict(os.environ, BRIEFING_ROOT=str(root), PYTHONPATH=str(root / "src"))
    results = {"kernel starts and runner": kernel_starts(len(STEPS))}
    for step in STEPS:
        out = subprocess.run([sys.executable, __file__, str(root), "--step", step], env=env, check=True,
                             capture_output=True, text=True)  # fmt: skip
        results[step] = json.loads(out.stdout.splitlines()[-1])

    phases = sorted({p for s in STEPS for p in results[s]["cpu"]})
    print(f"{'':26s}" + "".join(f"{s:>13s}" for s in STEPS) + f"{'total':>13s}")
    print(f"{'(CPU s / wall s)':26s}")
    for phase in phases:
        cells = [(results[s]["cpu"].get(phase, 0.0), results[s]["wall"].get(phase, 0.0)) for s in STEPS]
        total = (sum(c for c, _ in cells), sum(w for _, w in cells))
        print(f"{phase:26s}" + "".join(f"{c:6.2f}/{w:6.2f}" for c, w in [*cells, total]))
    k = results["kernel starts and runner"]
    print(f"{'kernel starts and runner':26s}{'':52s}{k['cpu']:6.2f}/{k['wall']:6.2f}")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
