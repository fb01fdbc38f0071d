"""The runner and the make rules around it: which steps a rebuild runs, the kernels
started ahead of their steps, and a failure in the middle of a run."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from helpers import pipeline

REPO = Path(__file__).resolve().parents[1]
STEPS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.py"))


# --------------------------------------------------------------- which steps make runs


def _project_for_make(root: Path) -> Path:
    """The files make reads, with every step already built: executed notebooks newer than
    everything they depend on, the environment stamps older than both."""
    for rel in ("notebooks", "src/helpers", "data/sources", "data/codebook"):
        shutil.copytree(REPO / rel, root / rel, ignore=shutil.ignore_patterns("__pycache__"))
    for rel in ("Makefile", "requirements.lock", "pyproject.toml"):
        shutil.copy2(REPO / rel, root / rel)
    env_stamps = [root / ".venv/.installed", root / ".venv/.compiled"]
    for stamp in env_stamps:
        stamp.parent.mkdir(exist_ok=True)
        stamp.touch()
    (root / "build/executed").mkdir(parents=True)
    (root / "build/params.json").write_text("{}")
    executed = [root / f"build/executed/{step}.ipynb" for step in STEPS]
    for nb in executed:
        nb.write_text("{}")
    deps = subprocess.run(
        [sys.executable, "-m", "helpers.notebook_deps"], env=_env(root), capture_output=True, text=True, check=True
    )
    (root / "build/notebook-deps.mk").write_text(deps.stdout)
    inputs = [p for p in root.rglob("*") if p not in executed and p not in env_stamps and p != root / "build/executed"]
    for p in [*inputs, *env_stamps]:
        os.utime(p, (1_000_000_000, 1_000_000_000))
    os.utime(root / ".venv/.compiled", (1_000_000_100, 1_000_000_100))
    for i, nb in enumerate(executed):  # each step after the one before
        os.utime(nb, (1_100_000_000 + i, 1_100_000_000 + i))
    return root


def _env(root: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    return env | {"PYTHONPATH": str(root / "src"), "BRIEFING_ROOT": str(root)}


def stale_steps(root: Path) -> list[str]:
    """What `make report` would hand to the runner (the Makefile's STALE_STEPS)."""
    out = subprocess.run(
        ["make", "-s", "--no-print-directory", "-n", "-f", "Makefile", "-f", "build/notebook-deps.mk",
         "run-steps", "RUN_STEP="],
        cwd=root, env=_env(root), capture_output=True, text=True, check=True,
    )  # fmt: skip
    return out.stdout.split()


def _touch(path: Path) -> None:
    os.utime(path, (1_200_000_000, 1_200_000_000))


def test_a_rebuild_runs_the_steps_whose_inputs_changed_and_those_after(tmp_path):
    root = _project_for_make(tmp_path)
    assert stale_steps(root) == []
    _touch(root / "notebooks/90_briefing.py")
    assert stale_steps(root) == ["90_briefing"]
    _touch(root / "src/helpers/render.py")  # a helper only the briefing imports
    assert stale_steps(root) == ["90_briefing"]
    _touch(root / "src/helpers/timeline.py")
    assert stale_steps(root) == ["30_analyse", "90_briefing"]
    source = next(p for p in (root / "data/sources").iterdir() if p.name != "sources.yml")
    _touch(source)
    assert stale_steps(root) == STEPS


def test_a_source_deleted_or_moved_in_with_an_older_time_runs_every_step(tmp_path):
    """A deleted file has no time to compare, and a file moved into place keeps its own:
    the folder's time, which both change, is an input too."""
    root = _project_for_make(tmp_path)
    sources = root / "data/sources"
    source = next(p for p in sources.iterdir() if p.name != "sources.yml")
    kept = tmp_path / "kept.txt"
    source.rename(kept)
    assert stale_steps(root) == STEPS
    os.utime(sources, (1_000_000_000, 1_000_000_000))
    assert stale_steps(root) == []
    kept.rename(source)  # back, with the time it had before the build
    assert stale_steps(root) == STEPS


def test_a_source_whose_name_has_a_space_or_a_colon_is_one_input(tmp_path):
    """make splits words at spaces and reads a colon as a rule: the rules escape both, so
    the build reaches the ingest, whose registry check says what to do with the file."""
    root = _project_for_make(tmp_path)
    odd = root / "data/sources/NATO report: 2010 copy.txt"
    odd.write_text("text\n")
    for path in (odd, odd.parent):  # as if there before the build
        os.utime(path, (1_000_000_000, 1_000_000_000))
    deps = subprocess.run(
        [sys.executable, "-m", "helpers.notebook_deps"], env=_env(root), capture_output=True, text=True, check=True
    )
    (root / "build/notebook-deps.mk").write_text(deps.stdout)
    assert stale_steps(root) == []
    _touch(odd)
    assert stale_steps(root) == STEPS


def test_a_missing_executed_notebook_runs_that_step_and_the_later_ones(tmp_path):
    root = _project_for_make(tmp_path)
    (root / "build/executed/20_extract.ipynb").unlink()
    assert stale_steps(root) == STEPS[1:]


def test_a_deleted_output_runs_the_step_that_wrote_it_and_the_later_ones(tmp_path):
    """make reads the list of files each step wrote last (kept by the runner beside its
    executed notebook): one of them gone makes that step out of date, though no input
    changed; a step that has no list yet is judged by its inputs alone."""
    root = _project_for_make(tmp_path)
    tables = [root / f"reports/tables/{name}.csv" for name in ("events", "figures", "people")]
    tables[0].parent.mkdir(parents=True)
    for table in tables:
        table.write_text("id\n")
    listed = "".join(f"{t.relative_to(root)}\n" for t in tables)  # one a line, as the runner writes it
    (root / "build/executed/20_extract.outputs").write_text(listed)
    assert stale_steps(root) == []
    tables[1].unlink()
    assert stale_steps(root) == STEPS[1:]
    (root / "build/executed/20_extract.outputs").unlink()
    assert stale_steps(root) == []


def test_the_rules_are_written_again_when_a_step_is_renamed(tmp_path):
    """A rename keeps the notebook's time, so the rules look newer than every notebook;
    make compares the steps with those the rules were written for instead."""
    root = _project_for_make(tmp_path)

    def rules() -> str:
        subprocess.run(["make", "-s", "build/notebook-deps.mk"], cwd=root, env=_env(root), check=True)
        return (root / "build/notebook-deps.mk").read_text()

    assert "notebooks/90_briefing.py" in rules()
    os.rename(root / "notebooks/90_briefing.py", root / "notebooks/95_briefing.py")
    os.utime(root / "build/notebook-deps.mk")  # newer than any notebook, as after a build
    written = rules()
    assert "notebooks/95_briefing.py" in written and "notebooks/90_briefing.py" not in written


def test_make_n_report_runs_no_step(tmp_path):
    """`make -n report` prints what it would do; the runner never starts."""
    root = _project_for_make(tmp_path)
    _touch(root / "notebooks/10_ingest.py")
    out = subprocess.run(["make", "-n", "report"], cwd=root, env=_env(root), capture_output=True, text=True)
    assert "helpers.pipeline run" in out.stdout
    assert "==>" not in out.stdout + out.stderr


# --------------------------------------------------------------- warm kernels


def test_the_warm_up_names_the_notebooks_own_imports(tmp_path):
    nb = tmp_path / "nb.py"
    nb.write_text(
        '# %% [markdown]\n# # Title\n\n# %% tags=["parameters"]\nx = 1\n\n# %%\nimport pandas as pd\n'
        "from helpers import io, paths\nimport os.path\n\ndef f():\n    import json\n"
    )
    assert pipeline.imported_modules(nb) == ["pandas", "helpers", "helpers.io", "helpers.paths", "os.path"]
    nb.write_text("# %%\n%%time\nimport pandas\n")
    assert pipeline.imported_modules(nb) == []  # not Python: the kernel starts cold


def test_the_warm_up_imports_without_binding_names_and_skips_what_fails():
    code = pipeline.warm_up_code(["colorsys", "no_such_module_here", "helpers.schemas"])
    probe = (
        "import sys\nns = {}\n"
        f"exec({code!r}, ns)\n"
        "assert set(ns) == {'__builtins__'}, sorted(ns)\n"
        "print('colorsys' in sys.modules, 'helpers.schemas' in sys.modules, 'pandera' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]  # pandera: schemas lists it in WARM_IMPORTS


def test_the_warm_up_follows_warm_imports_through_the_helper_modules_they_bring_in():
    """20_extract imports helpers.io, whose writers validate through helpers.schemas: its
    kernel must warm pandera and the backends of a first validation too, which schemas lists."""
    code = pipeline.warm_up_code(["helpers.io"])
    probe = (
        f"import sys\nexec({code!r}, {{}})\n"
        "print(*(m in sys.modules for m in ('helpers.schemas', 'pandera', 'pandera.backends.pandas.builtin_checks')))\n"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "True", "True"]


# --------------------------------------------------------------- a run of several steps

HEADER = (REPO / "notebooks" / "10_ingest.py").read_text(encoding="utf-8").split("# %% [markdown]")[0]


def _notebook(root: Path, step: str, code: str) -> None:
    (root / "notebooks").mkdir(exist_ok=True)
    (root / "notebooks" / f"{step}.py").write_text(f'{HEADER}# %% tags=["parameters"]\nx = 1\n\n# %%\n{code}\n')


def _kernels_in(notebooks_dir: Path) -> list[psutil.Process]:
    found = []
    for proc in psutil.process_iter(["cmdline"]):
        try:
            if "ipykernel_launcher" in " ".join(proc.info["cmdline"] or []) and Path(proc.cwd()) == notebooks_dir:
                found.append(proc)
        except (psutil.NoSuchProcess, psutil.AccessDenied):
            continue
    return found


def test_a_failure_stops_the_run_keeps_the_good_steps_and_leaves_no_kernel(tmp_path):
    _notebook(tmp_path, "10_first", 'open("first.txt", "w").write("ran")')
    _notebook(tmp_path, "20_broken", 'raise ValueError("broken <on purpose>")')
    _notebook(tmp_path, "30_never", 'open("never.txt", "w").write("ran")')
    sockets = tmp_path / "tmp"  # where the runner makes each kernel's socket folder
    sockets.mkdir()
    env = dict(os.environ, BRIEFING_ROOT=str(tmp_path), TMPDIR=str(sockets))
    result = subprocess.run(
        [sys.executable, "-m", "helpers.pipeline", "run", "10_first", "20_broken", "30_never"],
        env=env, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 1
    assert "20_broken failed in cell 1" in result.stderr and "ValueError: broken <on purpose>" in result.stderr
    # where to look in the file an analyst edits: papermill's cell count includes cells no .py has
    py = (tmp_path / "notebooks/20_broken.py").read_text().splitlines()
    line = py.index('raise ValueError("broken <on purpose>")') + 1
    assert f"20_broken failed in cell 1 (notebooks/20_broken.py, line {line}): raise ValueError" in result.stderr
    executed = tmp_path / "build/executed"
    assert (executed / "10_first.ipynb").is_file() and (tmp_path / "notebooks/first.txt").is_file()
    assert (executed / "20_broken.failed.ipynb").is_file() and not (executed / "20_broken.ipynb").exists()
    assert not (executed / "30_never.ipynb").exists() and not (tmp_path / "notebooks/never.txt").exists()
    # the kernel started ahead for 30_never was shut down too, and its sockets removed
    assert _kernels_in(tmp_path / "notebooks") == [] and list(sockets.iterdir()) == []


def test_an_unknown_step_runs_nothing(tmp_path):
    _notebook(tmp_path, "10_first", 'open("first.txt", "w").write("ran")')
    env = dict(os.environ, BRIEFING_ROOT=str(tmp_path))
    result = subprocess.run(
        [sys.executable, "-m", "helpers.pipeline", "run", "10_first", "99_typo"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2 and "99_typo" in result.stderr
    assert not (tmp_path / "notebooks/first.txt").exists()


def test_a_kernel_socket_folder_left_by_a_killed_runner_is_removed_by_the_next(tmp_path):
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()  # a process id no process holds now
    left = tmp_path / f"{pipeline.SOCKET_DIR_PREFIX}{gone.pid}-abc123"
    (left / "kernel-1").mkdir(parents=True)
    running = tmp_path / f"{pipeline.SOCKET_DIR_PREFIX}{os.getppid()}-def456"  # its runner is alive
    running.mkdir()
    other = tmp_path / "briefing-kernel-notes"  # not named after a process: not ours to remove
    other.mkdir()

    made = Path(pipeline.kernel_socket_dir(tmp_path))

    assert not left.exists()
    assert running.exists() and other.exists()
    assert made.parent == tmp_path and made.name.startswith(f"{pipeline.SOCKET_DIR_PREFIX}{os.getpid()}-")


def test_a_briefing_of_another_focus_left_from_an_older_build_is_pointed_out(tmp_path):
    """`make report` rebuilt briefing.html and left briefing-nato.html as it was, from older
    inputs, without a word."""
    root = _project_for_make(tmp_path)
    (root / "reports").mkdir()
    for name in ("briefing.html", "briefing-nato.html", "briefing-un.html"):
        (root / f"reports/{name}").write_text("<html></html>")
    (root / "build/params-un.json").write_text("{}")
    un = root / "build/executed/90_briefing-un.ipynb"
    un.write_text("{}")
    os.utime(un, (1_200_000_000, 1_200_000_000))  # the UN briefing is up to date, NATO's never built here
    (root / ".venv/bin").mkdir()
    (root / ".venv/bin/python").symlink_to(sys.executable)  # the test's own interpreter
    for suffix in ("", "-un"):  # the parameters each was built with, stamped as make stamps them
        stamp = root / f"build/params{suffix}.json"
        focus = {"": "all", "-un": "un"}[suffix]
        subprocess.run([sys.executable, "-m", "helpers.params", "stamp", "--out", str(stamp)],
                       env=_env(root) | {"FOCUS": focus}, check=True)  # fmt: skip
        os.utime(stamp, (1_000_000_000, 1_000_000_000))
    out = subprocess.run(["make", "report"], cwd=root, env=_env(root), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert (
        "Note: reports/briefing-nato.html was built from older inputs; make report FOCUS=nato (or make briefs) "
        "brings it up to date." in out.stdout
    )
    assert "briefing-un.html" not in out.stdout and "reports/briefing.html was" not in out.stdout
    # A copy under a name that gives no focus: told it is not ours, never to run a focus
    # make report would refuse.
    (root / "reports/briefing-old.html").write_text("<html></html>")
    (root / "reports/briefing copy.html").write_text("<html></html>")
    out = subprocess.run(["make", "report"], cwd=root, env=_env(root), capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "Note: reports/briefing-old.html is not one of this project's briefings" in out.stdout
    assert "Note: reports/briefing copy.html is not one of this project's briefings" in out.stdout
    assert "FOCUS=old" not in out.stdout and "FOCUS= copy" not in out.stdout
    assert "Note: reports/briefing-nato.html was built from older inputs" in out.stdout


def test_a_briefing_whose_inputs_hold_the_same_bytes_is_not_called_older(tmp_path):
    """A source edited and put back had every other briefing called 'built from older
    inputs' by the files' times, and the advice for a period's briefing (make report
    FOCUS=regional, with no period) would have built another one."""
    root = _project_for_make(tmp_path)
    (root / "reports").mkdir()
    period = {"focus": "regional", "period_start": "2017", "period_end": "2024", "title": ""}
    for name in ("briefing.html", "briefing-regional-from-2017-to-2024.html"):
        (root / f"reports/{name}").write_text("<html></html>")
    built = root / "build/executed/90_briefing-regional-from-2017-to-2024.ipynb"
    built.write_text("{}")
    stamp = root / "build/params-regional-from-2017-to-2024.json"
    stamp.write_text(json.dumps(period))
    record = (  # each step's inputs as they are now, recorded as the runner records them
        "import json, sys; from helpers import pipeline; v = json.loads(sys.argv[1]);"
        "[pipeline.executed_path(s, v).with_suffix(pipeline.DIGEST_SUFFIX).write_text(pipeline.inputs_digest(s, v))"
        " for s in sys.argv[2:]]"
    )
    subprocess.run([sys.executable, "-c", record, json.dumps(period), *STEPS], env=_env(root), check=True)
    source = next((root / "data/sources").glob("*.txt"))
    os.utime(source)  # newer than every step: make's dry run lists them all

    def notes() -> str:
        dry = "MAKEFLAGS= make -s --no-print-directory -n -f Makefile -f build/notebook-deps.mk run-steps RUN_STEP="
        out = subprocess.run(
            [sys.executable, "-m", "helpers.other_briefings", "--stale-steps", dry],
            cwd=root, env=_env(root) | {"FOCUS": "all"}, capture_output=True, text=True, check=True,
        )  # fmt: skip
        return out.stdout

    assert "briefing-regional" not in notes()
    source.write_text(source.read_text(encoding="utf-8") + "\nA paragraph added.\n", encoding="utf-8")
    assert notes() == (
        "Note: reports/briefing-regional-from-2017-to-2024.html was built from older inputs; make report "
        "FOCUS=regional PERIOD_START=2017 PERIOD_END=2024 brings it up to date.\n"
    )


def test_the_kernels_build_arrow_tables_with_the_system_allocator(monkeypatch):
    """pyarrow's default allocator (mimalloc) had cost each step's first tables 8-14 ms and
    held more memory; the runner has the kernels it starts use the system's, unless the
    analyst's environment names one."""
    from helpers import startup

    seen = {}
    monkeypatch.setattr(pipeline, "run_steps", lambda *a, **k: seen.update(pool=os.environ.get(startup.ARROW_POOL_VAR)))
    monkeypatch.setenv(startup.ARROW_POOL_VAR, "unset below")  # recorded, so that the test leaves it as it was
    monkeypatch.delenv(startup.ARROW_POOL_VAR)
    assert pipeline.main(["run", "10_ingest"]) == 0 and seen["pool"] == "system"
    monkeypatch.setenv(startup.ARROW_POOL_VAR, "jemalloc")
    assert pipeline.main(["run", "10_ingest"]) == 0 and seen["pool"] == "jemalloc"


def _editable_install_of(root: Path, src: Path) -> None:
    """A .venv whose editable install of helpers points at `src`, as uv writes it."""
    site = root / ".venv/lib/python3.11/site-packages"
    site.mkdir(parents=True, exist_ok=True)
    (site / "__editable__.helpers-0.1.0.pth").write_text(f"{src}\n")
    os.utime(site / "__editable__.helpers-0.1.0.pth", (1_000_000_000, 1_000_000_000))


def _env_plan(root: Path) -> str:
    return subprocess.run(
        ["make", "--no-print-directory", "-n", "env"], cwd=root, env=_env(root), capture_output=True, text=True
    ).stdout


@pytest.mark.parametrize("installed_from", ["elsewhere", "own", "shared"])
def test_a_venv_copied_with_the_project_is_set_up_again_for_the_copy(tmp_path, installed_from):
    """`cp -a project copy` kept a .venv whose install of src/helpers (and whose scripts)
    pointed at the original: `make add-source` in the copy wrote into the original's
    data/sources/ (an analyst's review). A symlinked .venv is a deliberate share."""
    root = _project_for_make(tmp_path / "copy")
    (root / ".venv/.system-packages").touch()
    original = tmp_path / "original"
    if installed_from == "shared":
        original.mkdir()
        (root / ".venv").rename(original / ".venv")  # its stamps, as they were
        _editable_install_of(original, original / "src")
        (root / ".venv").symlink_to(original / ".venv")
    else:
        _editable_install_of(root, original / "src" if installed_from == "elsewhere" else root / "src")
    plan = _env_plan(root)
    if installed_from == "elsewhere":
        assert f".venv was set up for {original} (copied with the project?)" in plan
        assert "rm -rf" in plan and "! -name .system-packages" in plan and "Setting up .venv" in plan
    else:
        assert "set up for" not in plan and "rm -rf" not in plan and "Setting up" not in plan


def test_the_failed_line_is_the_cells_line_in_the_py_moved_on_by_the_tracebacks(tmp_path):
    notebook = tmp_path / "10_x.py"
    notebook.write_text('# %% tags=["parameters"]\nx = 1\n\n# %%\na = 1\nb = 2\nc = 1 / 0\n')
    traceback = ["\x1b[0;31mZeroDivisionError\x1b[0m", "Cell \x1b[0;32mIn[3], line 3\x1b[0m\n----> 3 c = 1 / 0"]
    assert pipeline.failed_line(notebook, "a = 1\nb = 2\nc = 1 / 0", traceback) == 7
    assert pipeline.failed_line(notebook, "a = 1\nb = 2\nc = 1 / 0", []) == 5  # no line in the traceback: the cell's
    assert pipeline.failed_line(notebook, "# Parameters\nx = 2\n", traceback) is None  # papermill's own cell
