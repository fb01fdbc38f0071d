"""`make bench`: how long the build takes and how fast the extraction reads, on this machine.

Measures, each the median of several runs:

- builds, in a temporary copy of the project (the real tree is never cleaned, since
  others build in it): a clean full build (environment excluded), a no-op rebuild, a
  rebuild after one source changes and one after only the briefing notebook changes,
  with the steps each re-ran;
- the baseline for the clean build, run by turns with the clean builds: papermill running
  as many empty notebooks, a process each, against which the target 1.5 x baseline + 5 s
  (for the PDF) is stated; and, for comparison, the same notebooks in one runner process
  as `make report` runs its steps (see EmptyNotebooks);
- the ingest and the extraction on synthetic corpora (benchmarks/generate_corpus.py) at
  x1, x100 and x1000 the real corpus, each run in a fresh process so that its peak
  memory is its own: time, MB of text per second (total and per core), peak memory.

Writes reports/bench/results.csv (one row per measurement), machine.json and bench.svg/.png.

    .venv/bin/python benchmarks/bench.py            # everything (what `make bench` runs)
    .venv/bin/python benchmarks/bench.py --quick    # one run each (the no-op: five), x1 and x100 only
    .venv/bin/python benchmarks/bench.py --sizes 100,1000 --extract-runs 5 --skip-builds
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil

from helpers import interpreter, io, paths

BENCH_DIR = paths.REPORTS_DIR / "bench"
BENCH_SCRIPT = Path(__file__).resolve()
REPO = paths.PACKAGE_DIR.parents[1]
# What a copy of the project leaves out: the environment (linked, not copied), history,
# caches, and what the build makes (a clean build starts without it).
NOT_COPIED = {".git", ".venv", "build", "interim", "reports", "__pycache__", ".pytest_cache", ".ruff_cache",
              "node_modules", ".ipynb_checkpoints"}  # fmt: skip
STEP_LINE = re.compile(r"^==> (\d\d_\w+) \(", re.MULTILINE)
ALL_STEPS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.py"))

# The targets of issue 8, on a 2-core machine.
BUILD_FACTOR, PDF_ALLOWANCE_S = 1.5, 5.0
NOOP_LIMIT_S = 1.0
MB_PER_S_PER_CORE = 2.0
PEAK_LIMIT_MB = 1500.0
LINEARITY_SLACK = 1.25  # seconds per MB at the largest size may exceed the next size's by 25%
LINEARITY_FROM_SIZE = 100  # the smallest size linearity is judged from (x1 is mostly fixed costs)
MEMORY_TARGET_SIZE = 1000


@dataclass
class Row:
    """One line of results.csv."""

    name: str
    size: str
    runs: int
    median_s: float | None = None
    min_s: float | None = None
    max_s: float | None = None
    peak_rss_mb: float | None = None
    peak_pss_mb: float | None = None
    mb_per_s: float | None = None
    mb_per_s_per_core: float | None = None
    target: str = ""
    met: bool | None = None
    steps_rerun: str = ""
    executor: str = ""
    cores_used: int | None = None
    mb: float | None = None
    notes: str = ""

    @classmethod
    def timed(cls, name: str, size: str, seconds: list[float], **more) -> Row:
        return cls(name, size, len(seconds), statistics.median(seconds), min(seconds), max(seconds), **more)


# --- running things ---------------------------------------------------------------------


@dataclass
class Finished:
    seconds: float
    output: str
    max_rss_mb: float  # the largest single process of the run (make, a kernel...)


def _mb(maxrss_kib: int) -> float:
    """A high-water mark from getrusage/wait4 (KiB on Linux) in MB (10^6 bytes), as the rest."""
    return maxrss_kib * 1024 / 1e6


def run_timed(cmd: list[str], cwd: Path, env: dict[str, str]) -> Finished:
    """Wall time of a command, and its rusage from wait4 (this run's own, not the sum of
    every child this script has waited for)."""
    with tempfile.TemporaryFile(mode="w+") as log:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=log, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        log.seek(0)
        output = log.read()
    if proc.returncode != 0:
        tail = "\n".join(output.splitlines()[-30:])
        raise SystemExit(f"error: {' '.join(cmd)} failed in {cwd} (exit {proc.returncode}):\n{tail}")
    return Finished(seconds, output, _mb(usage.ru_maxrss))


def copy_project(dest: Path) -> Path:
    """The project without its build outputs, with the shared environment linked in."""

    def ignore(folder: str, names: list[str]) -> list[str]:
        return [n for n in names if n in NOT_COPIED and not (n == "reports" and Path(folder) != REPO)]

    shutil.copytree(REPO, dest, ignore=ignore, symlinks=True)
    (dest / ".venv").symlink_to(REPO / ".venv")
    return dest


def project_env(root: Path) -> dict[str, str]:
    """The copy's own helpers and paths (the editable install points at the real tree),
    and none of the flags of a `make bench` this runs under."""
    env = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEFILES")}
    return env | {"BRIEFING_ROOT": str(root), "PYTHONPATH": str(root / "src")}


def check_environment_current(root: Path) -> None:
    """The build must not (re)install the environment: it is shared and excluded."""
    result = subprocess.run(["make", "-q", "env"], cwd=root, env=project_env(root))
    if result.returncode != 0:
        raise SystemExit("error: the environment is not ready (`make -q env` says so); run `make env` first.")


def make_report(root: Path) -> Finished:
    return run_timed(["make", "--no-print-directory", "report"], root, project_env(root))


def steps_of(output: str) -> list[str]:
    return STEP_LINE.findall(output)


# --- builds -------------------------------------------------------------------------------


def bench_builds(root: Path, runs: int, noop_runs: int) -> tuple[list[Row], list[Row]]:
    """The baselines, then clean, no-op, one source changed, briefing changed, each with the
    steps it re-ran. Each clean build runs right after a run of each baseline, so that
    the build and its target see the same load: on a shared machine the same build varies by a fifth from one
    hour to the next, more than the margin the target leaves."""
    env = project_env(root)
    clean: list[Finished] = []
    with EmptyNotebooks() as baseline:
        for n in range(runs):
            baseline_s = baseline.run_once()
            run_timed(["make", "--no-print-directory", "clean"], root, env)
            clean.append(make_report(root))
            print(
                f"  baseline {n + 1}/{runs}: {baseline_s:.1f} s (one runner: {baseline.one_runner[-1]:.1f} s); "
                f"clean build {n + 1}/{runs}: {clean[-1].seconds:.1f} s",
                flush=True,
            )

    noop = [make_report(root) for _ in range(noop_runs)]
    print(f"  no-op rebuild: {statistics.median(f.seconds for f in noop):.2f} s", flush=True)

    registry_entries = _registry_files(root)
    one_source = rebuilds_after_edits(
        root, runs, f"data/sources/{registry_entries[0]}", "one source changed",
        lambda n: f"\n\nIn {2000 + n}, NATO and Pakistan held a round of staff talks (benchmark edit {n + 1}).\n",
    )  # fmt: skip
    # An edit that changes none of a step's outputs: the steps after it are kept.
    same_outputs = rebuilds_after_edits(
        root, runs, "notebooks/20_extract.py", "comment in the extraction notebook", _comment
    )
    briefing = rebuilds_after_edits(root, runs, "notebooks/90_briefing.py", "briefing notebook changed", _comment)

    rows = [
        _build_row("build_clean", clean, ALL_STEPS, "", None),
        _build_row("rebuild_noop", noop, [], f"< {NOOP_LIMIT_S:g} s, re-runs nothing", NOOP_LIMIT_S),
        _build_row("rebuild_one_source", one_source, ALL_STEPS, "re-runs the ingest and every step after", None),
        _build_row("rebuild_briefing_notebook", briefing, ["90_briefing"], "re-runs only 90_briefing", None),
        _build_row("rebuild_same_outputs", same_outputs, ["20_extract"], "re-runs only 20_extract", None),
    ]
    if any("==> " in f.output for f in noop):  # make should find nothing to do, without starting the runner
        rows[1].met = False
        rows[1].notes = "make handed steps to the runner, which kept them: make's own rules found them stale"
    rows[2].notes = f"appended a sentence to data/sources/{registry_entries[0]}"
    rows[3].notes = "appended a comment to notebooks/90_briefing.py"
    rows[4].notes = (
        "appended a comment to notebooks/20_extract.py: the step runs and writes the same files, so the "
        "steps after it are kept (not an issue-8 target; ours)"
    )
    baseline_rows = baseline.rows
    clean_build_target(rows[0], baseline_rows[0].median_s)
    return baseline_rows, rows


def rebuilds_after_edits(root: Path, runs: int, edited: str, label: str, addition) -> list[Finished]:
    """`make report` after each of `runs` edits, each appending `addition(n)` to the file."""
    rebuilt = []
    for n in range(runs):
        with (root / edited).open("a", encoding="utf-8") as f:
            f.write(addition(n))
        rebuilt.append(make_report(root))
        print(f"  {label} {n + 1}/{runs}: {rebuilt[-1].seconds:.1f} s", flush=True)
    return rebuilt


def _comment(n: int) -> str:
    return f"\n# benchmark edit {n + 1}\n"


def _registry_files(root: Path) -> list[str]:
    from helpers import registry

    sources_dir = root / "data" / "sources"
    return [e.file for e in registry.load_registry(sources_dir / "sources.yml", sources_dir)]


def _build_row(name: str, runs: list[Finished], expected_steps: list[str], target: str, limit: float | None) -> Row:
    steps = [steps_of(f.output) for f in runs]
    shown = sorted({" ".join(s) or "none" for s in steps})
    row = Row.timed(name, "x1", [f.seconds for f in runs], peak_rss_mb=round(max(f.max_rss_mb for f in runs), 1))
    row.steps_rerun = " | ".join(shown)
    row.target = target
    if target:
        right_steps = all(s == expected_steps for s in steps)
        row.met = right_steps and (limit is None or row.median_s < limit)
    return row


# A notebook that does nothing, with a parameters cell as ours have.
EMPTY_NOTEBOOK = """# ---
# jupyter:
#   jupytext:
#     formats: py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # Empty step {step}

# %% tags=["parameters"]
{parameters}

# %%
None
"""


class EmptyNotebooks:
    """The baseline: papermill running four empty notebooks through helpers.pipeline, each
    in a runner process of its own, as `papermill` run once per notebook would (and as
    `make build/executed/<step>.ipynb` runs one step): what a build of four notebooks
    pays before doing any work. The clean-build target is stated against it.

    Beside it, for comparison only, the same four in one runner process with each kernel
    started while the notebook before runs: how `make report` runs its steps. It costs
    about half as much (one papermill import, kernel starts overlapped), so it shows what
    the build spends beyond its own runner. Used as a context (the notebooks live in a
    temporary folder), one run at a time so that its runs alternate with the builds'."""

    def __enter__(self) -> EmptyNotebooks:
        self._tmp = tempfile.TemporaryDirectory(prefix="bench-baseline-")
        self.root = Path(self._tmp.name)
        (self.root / "notebooks").mkdir()
        for step in ALL_STEPS:
            parameters = 'focus = "all"\ntitle = ""' if step.startswith("90_") else 'input_dir = "data"'
            (self.root / "notebooks" / f"{step}.py").write_text(EMPTY_NOTEBOOK.format(step=step, parameters=parameters))
        self.env = project_env(self.root) | {"PYTHONPATH": str(REPO / "src")}
        self.totals: list[float] = []
        self.one_runner: list[float] = []
        return self

    def __exit__(self, *exc) -> None:
        self._tmp.cleanup()

    def run_once(self) -> float:
        """One run of each kind; returns the one the target is stated against."""
        run = [sys.executable, "-m", "helpers.pipeline", "run"]
        self.totals.append(sum(run_timed([*run, step], self.root, self.env).seconds for step in ALL_STEPS))
        self.one_runner.append(run_timed([*run, *ALL_STEPS], self.root, self.env).seconds)
        return self.totals[-1]

    @property
    def rows(self) -> list[Row]:
        """The baseline's row, then the one-runner comparison's (no target)."""
        row = Row.timed("baseline_empty_notebooks", f"{len(ALL_STEPS)} notebooks", self.totals)
        row.notes = (
            "papermill via helpers.pipeline, a runner process per notebook (as papermill run once per notebook); "
            "each run, then the one-runner comparison, just before a clean build; the clean-build target is "
            "stated against this row"
        )
        one = Row.timed("baseline_one_runner", f"{len(ALL_STEPS)} notebooks", self.one_runner)
        one.notes = (
            "for comparison, no target: the same empty notebooks in one runner process, each kernel started while "
            "the notebook before runs, as make report runs its steps"
        )
        return [row, one]


def clean_build_target(clean: Row, baseline_s: float) -> None:
    limit = BUILD_FACTOR * baseline_s + PDF_ALLOWANCE_S
    clean.target = f"<= {BUILD_FACTOR:g} x baseline + {PDF_ALLOWANCE_S:g} s = {limit:.1f} s"
    clean.met = clean.median_s <= limit and clean.steps_rerun == " ".join(ALL_STEPS)


# --- extraction -----------------------------------------------------------------------------


class PeakMemory:
    """The peak memory of this process and all its descendants (worker processes
    included), sampled on a thread, per phase: summed RSS, which counts pages shared by
    forked workers once per worker and so errs high, and summed PSS, which splits each
    shared page between the processes that map it (other programs' included, so on a
    busy machine it errs low). The truth lies between.

    RSS is read every `interval_s`; PSS only every `pss_every`-th time (so its peak may
    be missed by a little). Reading PSS makes the kernel walk every page of a process:
    6 ms a time at x1000, 0.6 s of CPU in a 10 s extraction, taken from the very workers
    being timed."""

    def __init__(self, interval_s: float = 0.1, pss_every: int = 10):
        self.interval_s = interval_s
        self.pss_every = pss_every
        self.rss: dict[str, float] = {}
        self.pss: dict[str, float] = {}
        self.phase = "start"
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._me = psutil.Process()

    def _tree(self, with_pss: bool) -> tuple[int, int | None]:
        rss, pss = 0, 0 if with_pss else None
        for proc in [self._me, *self._me.children(recursive=True)]:
            try:
                info = proc.memory_full_info() if with_pss else proc.memory_info()
            except (psutil.NoSuchProcess, psutil.AccessDenied):
                continue
            rss += info.rss
            if with_pss:
                pss += getattr(info, "pss", info.rss)  # PSS is Linux-only
        return rss, pss

    def _sample(self) -> None:
        n, pss_read_in = 0, None
        while not self._stop.is_set():
            phase = self.phase
            # PSS every pss_every-th time, and at once in a new phase: a phase shorter than
            # the PSS interval (an x1 extraction) had no PSS reading at all, and read as 0 MB
            with_pss = n % self.pss_every == 0 or phase != pss_read_in
            self._record(phase, with_pss)
            if with_pss:
                pss_read_in = phase
            n += 1
            self._stop.wait(self.interval_s)

    def _record(self, phase: str, with_pss: bool) -> None:
        rss, pss = self._tree(with_pss)
        self.rss[phase] = max(self.rss.get(phase, 0.0), rss / 1e6)
        if pss is not None:
            self.pss[phase] = max(self.pss.get(phase, 0.0), pss / 1e6)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def stop_sampling(self) -> None:
        """No more readings until the end: for work that runs in this process alone, whose
        peak its own high-water mark (getrusage) gives exactly. A reading walks /proc for
        children, and PSS every page: taken inside a x1 extraction of 25 ms, it had cost
        that run up to a third of its rate, by where the 0.1 s tick fell."""
        self._stop.set()
        self._thread.join()

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()
        self._record(self.phase, with_pss=True)  # the last phase, read once more as it ends


def warm_as_the_kernel_of(step: str) -> None:
    """Imports what the runner has a step's kernel import before the step runs, so that a
    worker times no import the step does not make."""
    from helpers import pipeline

    exec(pipeline.warm_up_code(pipeline.imported_modules(REPO / "notebooks" / f"{step}.py")), {})


def ingest_worker(corpus_dir: Path, codebook_dir: Path, interim_dir: Path) -> dict:
    """The ingest, in its own process as 10_ingest runs in its kernel (warmed as the runner
    warms it): the corpus read and checked (timed), then written as the step writes it, for
    the extraction (not timed)."""
    import resource

    from helpers import corpus

    warm_as_the_kernel_of("10_ingest")

    with PeakMemory() as memory:
        boilerplate = io.load_yaml_codebook(codebook_dir / "boilerplate.yml")
        memory.phase = "ingest"
        started = time.perf_counter()
        ingested = corpus.ingest_corpus(corpus_dir / "sources.yml", corpus_dir, boilerplate)
        ingest_s = time.perf_counter() - started
        memory.phase = "write"
        corpus.write_corpus(ingested, interim_dir / "text", interim_dir, interim_dir / "tables")
    own_peak_mb = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return {
        "ingest_s": ingest_s,
        "ingest_rss_mb": max([*memory.rss.values(), own_peak_mb]),
        "ingest_pss_mb": max(memory.pss.values(), default=0.0),
    }


def extract_worker(interim_dir: Path, codebook_dir: Path) -> dict:
    """The extraction, in a fresh process as 20_extract runs in its kernel: warmed as the
    runner warms that kernel (what the notebook imports, and the WARM_IMPORTS of the helpers
    it brings in), the ingest's outputs loaded, then the tables extracted (timed)."""
    import resource

    from helpers import extract

    warm_as_the_kernel_of("20_extract")

    with PeakMemory() as memory:
        loading = time.perf_counter()
        sources = io.read_parquet(interim_dir / "sources.parquet", "the ingest worker")
        runs_on = extract.start_executor(sources)  # as 20_extract: workers get ready while the rest loads
        passages = io.read_parquet(interim_dir / "passages.parquet", "the ingest worker")
        texts = io.read_texts(interim_dir / "text", sources["source_id"])
        reading_codebooks = time.perf_counter()
        codebooks = extract.Codebooks.from_files(
            codebook_dir / "gazetteer.yml",
            codebook_dir / "event_types.yml",
            codebook_dir / "cooperation_areas.yml",
            codebook_dir / "named_dates.yml",
            codebook_dir / "setbacks.yml",
        )
        codebooks_s = time.perf_counter() - reading_codebooks
        runner, cores = _executor_for(runs_on)
        if runs_on.kind == "serial":
            memory.stop_sampling()
        memory.phase = "extract"
        started = time.perf_counter()
        load_s = started - loading
        tables = extract.extract_tables(sources, passages, texts, codebooks, executor=runs_on)
        extract_s = time.perf_counter() - started
    # The sampler can miss a short peak of this process; its own high-water mark cannot.
    own_peak_mb = _mb(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
    return {
        "n_documents": len(texts),
        "mb": sum(len(t.encode("utf-8")) for t in texts.values()) / 1e6,
        "extract_s": extract_s,
        "load_s": load_s,
        "codebooks_s": codebooks_s,
        "extract_rss_mb": max(memory.rss.get("extract", 0.0), own_peak_mb),
        "extract_pss_mb": memory.pss.get("extract", 0.0),
        "executor": runner,
        "cores_used": cores,
        "rows": {name: len(df) for name, df in tables.items()},
    }


def _executor_for(chosen) -> tuple[str, int]:
    """What extract_tables runs on, and on how many cores."""
    from helpers import executor

    if chosen.kind == "processes":
        return str(chosen), min(chosen.workers, executor.available_cores())
    if chosen.kind == "dask":
        return str(chosen), executor.available_cores()  # the cluster's cores are not visible here
    return str(chosen), 1


def bench_extraction(sizes: list[float], runs_for, workdir: Path, seed: int) -> list[Row]:
    import generate_corpus

    rows: list[Row] = []
    for size in sizes:
        corpus_dir = workdir / f"corpus-x{size:g}"
        started = time.perf_counter()
        entries = generate_corpus.generate_corpus(corpus_dir, size, seed)
        generate_s = time.perf_counter() - started
        label = f"x{size:g}"
        results = []
        interim_dir = workdir / f"interim-x{size:g}"
        for n in range(runs_for(size)):
            shutil.rmtree(interim_dir, ignore_errors=True)
            ingested = _run_worker("ingest-worker", label, corpus_dir, paths.CODEBOOK_DIR, interim_dir)
            r = {**ingested, **_run_worker("extract-worker", label, interim_dir, paths.CODEBOOK_DIR)}
            r["peak_rss_mb"] = max(r["ingest_rss_mb"], r["extract_rss_mb"])
            r["peak_pss_mb"] = max(r["ingest_pss_mb"], r["extract_pss_mb"])
            results.append(r)
            rate = r["mb"] / r["extract_s"]
            print(
                f"  {label} run {n + 1}: {r['n_documents']} documents, {_amount(r['mb'])}: "
                f"ingest {r['ingest_s']:.2f} s (peak {r['ingest_rss_mb']:.0f} MB RSS), extract {r['extract_s']:.2f} s "
                f"({rate / r['cores_used']:.2f} MB/s per core, on {r['cores_used']}; "
                f"peak {r['extract_rss_mb']:.0f} MB RSS, {r['extract_pss_mb']:.0f} MB PSS)",
                flush=True,
            )
        rows += _extraction_rows(label, size, results, len(entries), generate_s)
        shutil.rmtree(corpus_dir)
        shutil.rmtree(interim_dir, ignore_errors=True)
    rows += _linearity_rows(rows)
    return rows


def _amount(mb: float) -> str:
    return f"{mb * 1000:.0f} KB" if mb < 1 else f"{mb:.1f} MB"


# A worker is started by `python -c`, as a kernel is by `python -m ipykernel_launcher`: the
# extraction's worker processes then import nothing of the main module. Started as a
# script, each would run this file again first, pandas included (0.6 s a worker).
WORKER_LAUNCH = "import sys; sys.path.insert(0, {folder!r}); import bench; bench.run_worker(sys.argv[1:])"


def _run_worker(command: str, label: str, *args: Path) -> dict:
    """One worker of this script in a fresh process (so that its peak memory is its own)."""
    from helpers import startup

    launch = WORKER_LAUNCH.format(folder=str(BENCH_SCRIPT.parent))
    env = dict(os.environ)
    startup.use_system_arrow_allocator(env)  # as the runner starts the step's kernel
    out = subprocess.run(
        [sys.executable, "-c", launch, command, *map(str, args)], capture_output=True, text=True, check=False, env=env
    )
    if out.returncode != 0:
        raise SystemExit(f"error: the {command} at {label} failed:\n{out.stderr[-3000:]}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def _extraction_rows(label: str, size: float, results: list[dict], n_docs: int, generate_s: float) -> list[Row]:
    mb = results[0]["mb"]
    executor, cores = results[0]["executor"], results[0]["cores_used"]
    ingest = Row.timed("ingest", label, [r["ingest_s"] for r in results], mb=round(mb, 3))
    ingest.peak_rss_mb = round(max(r["ingest_rss_mb"] for r in results), 1)
    ingest.peak_pss_mb = round(max(r["ingest_pss_mb"] for r in results), 1)
    ingest.mb_per_s = round(mb / ingest.median_s, 3)
    ingest.notes = f"{n_docs} documents; generated in {generate_s:.1f} s"
    extract = Row.timed("extract", label, [r["extract_s"] for r in results], mb=round(mb, 3))
    extract.peak_rss_mb = round(max(r["extract_rss_mb"] for r in results), 1)
    extract.peak_pss_mb = round(max(r["extract_pss_mb"] for r in results), 1)
    extract.mb_per_s = round(mb / extract.median_s, 3)
    extract.mb_per_s_per_core = round(extract.mb_per_s / cores, 3)
    extract.executor, extract.cores_used = executor, cores
    extract.target = f">= {MB_PER_S_PER_CORE:g} MB/s per core"
    extract.met = extract.mb_per_s_per_core >= MB_PER_S_PER_CORE
    extract.notes = (
        f"reading the inputs before it took {statistics.median(r['load_s'] for r in results):.2f} s (median; "
        "as in 20_extract, worker processes start getting ready meanwhile; of which reading the codebooks and "
        f"building their indexes {statistics.median(r['codebooks_s'] for r in results) * 1000:.1f} ms); rows: "
        + ", ".join(f"{k} {v}" for k, v in results[0]["rows"].items())
    )
    rows = [ingest, extract]
    if size == MEMORY_TARGET_SIZE:
        memory = Row("peak_memory", label, len(results), mb=round(mb, 3))
        memory.peak_rss_mb = round(max(r["peak_rss_mb"] for r in results), 1)
        memory.peak_pss_mb = round(max(r["peak_pss_mb"] for r in results), 1)
        memory.target = f"< {PEAK_LIMIT_MB:g} MB (summed RSS, an upper bound)"
        memory.met = memory.peak_rss_mb < PEAK_LIMIT_MB
        memory.executor, memory.cores_used = executor, cores
        memory.notes = (
            "the larger of the ingest's and the extraction's peaks, each in its own process as in the build "
            f"(ingest {max(r['ingest_rss_mb'] for r in results):.0f} MB, extraction "
            f"{max(r['extract_rss_mb'] for r in results):.0f} MB): the process and its workers, sampled every "
            "0.1 s; summed RSS counts shared pages once per process (high); summed PSS shares them out, also "
            "with other programs on the machine that map the same libraries (low)"
        )
        rows.append(memory)
    return rows


def _linearity_rows(rows: list[Row]) -> list[Row]:
    """Seconds per MB at the largest size against the next size down. Against x1, whose
    time is mostly fixed costs (setting up, not reading), any larger size reads faster
    per MB: the row is then written for information and judged only when both sizes are
    at least x100 (`make bench` runs x100 and x1000)."""
    extracts = sorted((r for r in rows if r.name == "extract"), key=lambda r: r.mb)
    if len(extracts) < 2:
        return []
    smaller, largest = extracts[-2], extracts[-1]
    per_mb_small, per_mb_large = smaller.median_s / smaller.mb, largest.median_s / largest.mb
    row = Row("extract_linearity", f"{smaller.size}->{largest.size}", min(smaller.runs, largest.runs))
    row.notes = f"s/MB {per_mb_small:.3f} at {smaller.size}, {per_mb_large:.3f} at {largest.size}"
    if float(smaller.size.lstrip("x")) < LINEARITY_FROM_SIZE:
        row.notes += f"; not judged: needs two sizes of at least x{LINEARITY_FROM_SIZE:g}"
        return [row]
    row.target = f"s/MB at {largest.size} <= {LINEARITY_SLACK:g} x s/MB at {smaller.size}"
    row.met = per_mb_large <= LINEARITY_SLACK * per_mb_small
    return [row]


# --- the machine, the files, the chart ----------------------------------------------------------


# The machine's own speed, so that benches on different machines can be compared: a fixed
# piece of pure Python (a loop, a regex scan, a dictionary of words), timed alone on one
# core and as two copies at once. The targets are stated for "a 2-core machine", but the
# same tree took 10 s at x1000 on one machine and 27-29 s on another; and on some machines
# the two cores slow each other down, which the per-core rate then pays.
REFERENCE_WORK = """
import re, time
started = time.process_time()
words = re.compile(r"[A-Z][a-z]+")
text = "In March 2005 the North Atlantic Council met Pakistan's Prime Minister. " * 40
seen = {}
for i in range(8000):
    for w in words.findall(text):
        seen[w] = seen.get(w, 0) + i
print(round(time.process_time() - started, 3))
"""


def reference_seconds(copies: int, runs: int = 3) -> float:
    """CPU seconds of REFERENCE_WORK with `copies` running at once: the slowest copy of
    the fastest run."""
    best = float("inf")
    for _ in range(runs):
        procs = [subprocess.Popen([sys.executable, "-c", REFERENCE_WORK], stdout=subprocess.PIPE, text=True)
                 for _ in range(copies)]  # fmt: skip
        best = min(best, max(float(p.communicate()[0]) for p in procs))
    return best


def describe_machine() -> dict:
    cpu = next(
        (ln.split(":", 1)[1].strip() for ln in Path("/proc/cpuinfo").read_text().splitlines() if ln.startswith("model name")),
        platform.processor(),
    ) if Path("/proc/cpuinfo").exists() else platform.processor()  # fmt: skip
    git = ["git", "--no-optional-locks", "-C", str(REPO)]
    commit = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run([*git, "status", "--porcelain"], capture_output=True, text=True)  # new files count too
    return {
        "cpu_model": cpu,
        "logical_cores": os.cpu_count(),
        "physical_cores": psutil.cpu_count(logical=False),
        "cores_available": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count(),
        "memory_gb": round(psutil.virtual_memory().total / 1e9, 2),
        "load_average_at_start": [round(x, 2) for x in os.getloadavg()],
        "python": platform.python_version(),
        # which build the environment runs on (helpers/interpreter.py: how it is chosen, and why)
        "python_base": os.path.realpath(getattr(sys, "_base_executable", sys.executable)),
        "python_libpython_shared": interpreter.libpython_shared(),
        "os": platform.platform(),
        "date": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "git_commit": commit,
        "git_uncommitted_changes": bool(dirty.stdout.strip()),
        "executor_env": os.environ.get("EXECUTOR", ""),
        "reference_work_s_alone": (alone := reference_seconds(1)),
        "reference_work_s_two_at_once": (both := reference_seconds(2)),
        "two_cores_speedup": round(2 * alone / both, 2),
    }


def write_results(rows: list[Row], machine: dict, out_dir: Path) -> list[Path]:
    import pandas as pd

    table = pd.DataFrame([asdict(r) for r in rows]).round(3)
    table["cores_used"] = table["cores_used"].astype("Int64")
    table["met"] = table["met"].astype("boolean")
    written = [
        io.write_csv(table, out_dir / "results.csv"),
        io.write_text(out_dir / "machine.json", json.dumps(machine, indent=2) + "\n"),
    ]
    return written + write_chart(table, out_dir)


def write_chart(table, out_dir: Path) -> list[Path]:
    """Three panels: build times against their targets, extraction throughput per core by
    corpus size, and peak memory by corpus size."""
    import matplotlib.pyplot as plt

    from helpers import charts

    charts.apply_style()
    fig, (builds_ax, speed_ax, memory_ax) = plt.subplots(1, 3, figsize=(13, 4))
    builds = table[table["name"].str.startswith(("build_", "rebuild_", "baseline_"))]
    if not builds.empty:
        builds_ax.barh(builds["name"], builds["median_s"], color=charts.PALETTE[0])
        builds_ax.errorbar(
            builds["median_s"], builds["name"], fmt="none", ecolor="#333333",
            xerr=[builds["median_s"] - builds["min_s"], builds["max_s"] - builds["median_s"]],
        )  # fmt: skip
        clean = builds[builds["name"] == "build_clean"]
        if not clean.empty and clean["target"].iloc[0]:
            limit = float(re.search(r"= ([\d.]+) s", clean["target"].iloc[0]).group(1))
            builds_ax.axvline(limit, color=charts.PALETTE[1], linestyle="--", label=f"clean-build target {limit:.1f} s")
            # on a white box: wherever it lands it may cover a bar
            builds_ax.legend(fontsize=8, loc="upper right", framealpha=0.95, edgecolor="none")
        builds_ax.invert_yaxis()
    builds_ax.set_xlabel("seconds (median; bars show min-max)")
    builds_ax.set_title("Builds", loc="left")

    extracts = table[table["name"] == "extract"]
    ingests = table[table["name"] == "ingest"]
    memory_target = f"target (judged at x{MEMORY_TARGET_SIZE}, on the larger)"
    for ax, lines, limit, label, target_label in (
        (speed_ax, [(extracts, "mb_per_s_per_core", "per core")], MB_PER_S_PER_CORE,
         "MB of text per second per core", "target"),
        (memory_ax, [(ingests, "peak_rss_mb", "ingest, summed RSS"), (extracts, "peak_rss_mb", "extraction, summed RSS"),
                     (extracts, "peak_pss_mb", "extraction, summed PSS")], PEAK_LIMIT_MB,
         "peak memory (MB)", memory_target),
    ):  # fmt: skip
        for n, (rows, column, name) in enumerate(lines):
            if rows.empty:
                continue
            ax.plot(rows["mb"], rows[column], marker="o", color=charts.PALETTE[n * 2], label=name)
            for _, r in rows.iterrows() if n == 0 else ():  # the sizes, once per panel
                ax.annotate(r["size"], (r["mb"], r[column]), textcoords="offset points", xytext=(4, 4), fontsize=8)
            ax.set_xscale("log")
            ax.margins(x=0.12)  # room for the last point's label
        ax.axhline(limit, color=charts.PALETTE[1], linestyle="--", label=target_label)
        ax.set_xlabel("corpus size (MB of text)")
        ax.set_ylabel(label)
        ax.legend(frameon=False, fontsize=8)
    speed_ax.set_title("Extraction throughput", loc="left")
    memory_ax.set_title("Ingest and extraction peak memory", loc="left")
    chart = charts.Chart("bench", fig, "Benchmarks", "", "build times, extraction speed and memory", table)
    written = charts.save_chart(chart, out_dir)
    plt.close(fig)
    return written


# --- the command ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="1,100,1000", help="corpus sizes, as multiples of the real one")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build measurement (no-op: at least 5)")
    parser.add_argument(
        "--extract-runs", type=int, default=3, help="runs of the extraction per size, from x10 to below x1000"
    )
    parser.add_argument(
        "--small-runs",
        type=int,
        default=9,
        help="runs of the extraction below x10 (a second each; its 20 ms vary by a tenth from one process to the next)",
    )
    parser.add_argument("--large-runs", type=int, default=2, help="runs of the extraction at x1000 and above")
    parser.add_argument("--quick", action="store_true", help="one run of everything, sizes 1 and 100")
    parser.add_argument("--skip-builds", action="store_true")
    parser.add_argument("--skip-extraction", action="store_true")
    parser.add_argument("--seed", type=int, default=0, help="seed of the synthetic corpora")
    parser.add_argument("--out", type=Path, default=BENCH_DIR)
    args = parser.parse_args(argv)
    if args.quick:
        args.runs = args.extract_runs = args.small_runs = args.large_runs = 1
        if args.sizes == parser.get_default("sizes"):
            args.sizes = "1,100"
    args.size_list = [float(s) for s in args.sizes.split(",") if s.strip()]
    return args


def runs_at(size: float, args: argparse.Namespace) -> int:
    """How many runs of the extraction a corpus size gets: more of the small ones, which
    are quick and whose median would otherwise move with one slow process."""
    if size < 10:
        return args.small_runs
    return args.large_runs if size >= 1000 else args.extract_runs


WORKERS = {"ingest-worker": ingest_worker, "extract-worker": extract_worker}


def run_worker(argv: list[str]) -> None:
    """`ingest-worker` or `extract-worker` and its folders: prints its figures as JSON."""
    command, *folders = argv
    print(json.dumps(WORKERS[command](*map(Path, folders))))


def main(argv: list[str] | None = None) -> int:
    if argv is None and sys.argv[1:2] and sys.argv[1] in WORKERS:
        run_worker(sys.argv[1:])
        return 0
    args = parse_args(argv)
    started = time.perf_counter()
    machine = describe_machine()
    rows: list[Row] = []
    with tempfile.TemporaryDirectory(prefix="bench-") as tmp:
        if not args.skip_builds:
            print("Builds, in a copy of the project:", flush=True)
            root = copy_project(Path(tmp) / "project")
            check_environment_current(root)
            print("Baseline (papermill on empty notebooks) and clean builds, by turns:", flush=True)
            baselines, build_rows = bench_builds(root, args.runs, max(args.runs, 5))
            rows += [*baselines, *build_rows]
            write_results(rows, machine, args.out)
        if not args.skip_extraction:
            print("Extraction on synthetic corpora:", flush=True)
            sys.path.insert(0, str(BENCH_SCRIPT.parent))
            rows += bench_extraction(args.size_list, lambda size: runs_at(size, args), Path(tmp), args.seed)
    machine["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    machine["bench_seconds"] = round(time.perf_counter() - started, 1)
    written = write_results(rows, machine, args.out)
    print(f"Done in {machine['bench_seconds']:.0f} s. Wrote:")
    for p in written:
        print(f"  {paths.as_typed(p)}")
    for r in rows:
        if r.target:
            print(f"  {r.name} {r.size}: {'met' if r.met else 'NOT met'} ({r.target})")
    print(
        f"This machine: the reference work took {machine['reference_work_s_alone']:.2f} s of CPU alone and "
        f"{machine['reference_work_s_two_at_once']:.2f} s as two copies at once (two cores did the work of "
        f"{machine['two_cores_speedup']:.2f}); see benchmarks/README.md"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
