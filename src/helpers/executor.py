"""Where per-document work runs: in this process, in worker processes on this machine, or
on a Dask cluster. The work is the same pure function wherever it runs, and the results
come back in the order of the inputs, so the tables never depend on the choice.

`EXECUTOR` (an environment variable, or the `executor=` argument) chooses:

    auto           (the default) serial for a small corpus, processes for a large one
    serial         in this process
    processes      one worker process per core on this machine
    processes:N    N worker processes
    tcp://host:port, tls://host:port
                   the Dask scheduler at that address (its workers need this package)
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
import re
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any

from helpers.errors import InputError

ENV_VAR = "EXECUTOR"
ALLOWED = "auto, serial, processes, processes:N (N worker processes), or a Dask scheduler address such as tcp://scheduler:8786"
# Below this much work (characters of text), starting worker processes costs more than
# they save: the five real sources (42 000 characters) run in this process.
AUTO_PARALLEL_SIZE = 2_000_000
# Work goes out in contiguous batches, several per worker, so that one slow batch does not
# hold up the end and no worker waits for a message per document. Sixteen rather than
# four: the x1000 extraction took as long and peaked 150 MB lower (fewer rows in flight).
BATCHES_PER_WORKER = 16
# How long to wait for a Dask scheduler to answer before saying it does not.
DASK_CONNECT_TIMEOUT = "30s"
_DASK_ADDRESS = re.compile(r"(?:tcp|tls)://[^\s/:]+:\d+")


@dataclass(frozen=True)
class Executor:
    kind: str  # serial | processes | dask
    workers: int = 1
    address: str = ""

    def __str__(self) -> str:
        if self.kind == "processes":
            return f"processes ({self.workers} workers on this machine)"
        if self.kind == "dask":
            return f"Dask cluster at {self.address}"
        return "serial (this process)"


def available_cores() -> int:
    """Cores this process may use (the affinity mask, not the machine's count)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def parse(value: str | None) -> Executor | None:
    """An EXECUTOR value as an Executor; None for auto (unset or empty included)."""
    text = (value or "").strip()
    if text in ("", "auto"):
        return None
    if text == "serial":
        return Executor("serial")
    if text == "processes":
        return Executor("processes", available_cores())
    if m := re.fullmatch(r"processes:(\d+)", text):
        if int(m.group(1)) >= 1:
            return Executor("processes", int(m.group(1)))
    if _DASK_ADDRESS.fullmatch(text):
        return Executor("dask", address=text)
    raise InputError(ENV_VAR, f"unknown value {text!r}", f"Use one of: {ALLOWED}.")


def choose(value: str | Executor | None = None, work_size: int = 0) -> Executor:
    """The executor for `work_size` characters of work: `value`, else $EXECUTOR; auto
    runs here unless the work is large enough to pay for starting processes."""
    if isinstance(value, Executor):
        return value
    chosen = parse(os.environ.get(ENV_VAR) if value is None else value)
    if chosen is not None:
        return chosen
    cores = available_cores()
    return Executor("processes", cores) if cores > 1 and work_size >= AUTO_PARALLEL_SIZE else Executor("serial")


def start_ahead(runner: Executor, preload: str) -> None:
    """Start what `runner` runs on before the work is ready, so that it gets going while
    the caller reads its inputs: for worker processes, the fork server, which imports
    `preload` (the work's module) in the background. The workers come from that server
    when the work starts. For this process or a cluster, there is nothing to start."""
    if runner.kind != "processes" or "forkserver" not in multiprocessing.get_all_start_methods():
        return
    from multiprocessing import forkserver

    _process_context(preload)
    forkserver.ensure_running()


def map_ordered(
    func: Callable[[Any, Any], Any],
    items: Sequence,
    shared: Any = None,
    executor: str | Executor | None = None,
    sizes: Sequence[int] | None = None,
) -> list:
    """[func(item, shared) for item in items], run where `executor` says (see choose).
    `shared` (codebooks, say) goes to each worker once, not once per item; `sizes` (one
    per item, e.g. characters of text) balance the batches. `func` must be importable
    (a module-level function), so that a worker process or a Dask worker can load it."""
    return list(imap_ordered(func, items, shared, executor, sizes))


def imap_ordered(
    func: Callable[[Any, Any], Any],
    items: Sequence,
    shared: Any = None,
    executor: str | Executor | None = None,
    sizes: Sequence[int] | None = None,
) -> Iterator:
    """map_ordered, one result at a time in the order of `items`, so that the caller can
    use and drop each result before the later ones arrive."""
    sizes = list(sizes) if sizes is not None else [1] * len(items)
    runner = choose(executor, sum(sizes))
    if runner.kind == "serial" or len(items) <= 1:
        for item in items:
            yield func(item, shared)
        return
    batches = imap_batches(_each_item, items, (func, shared), runner, sizes, preload=func.__module__)
    with contextlib.closing(batches):
        for results in batches:
            yield from results


def imap_batches(
    func: Callable[[list, Any], Any],
    items: Sequence,
    shared: Any = None,
    executor: str | Executor | None = None,
    sizes: Sequence[int] | None = None,
    preload: str = "",
) -> Iterator:
    """func(batch, shared) for each batch of `items` (contiguous runs of about equal total
    size, in order), one result at a time in that order, run where `executor` says. For
    work whose results are cheaper to send combined than one item at a time (a batch's
    rows as columns). In this process, a batch holds about a million units of `sizes`.
    A worker process imports `preload` (else func's module) once, before it starts."""
    sizes = list(sizes) if sizes is not None else [1] * len(items)
    runner = choose(executor, sum(sizes))
    batches = _batches(items, sizes, runner.workers * BATCHES_PER_WORKER if runner.kind == "processes" else 0)
    if runner.kind == "serial" or (runner.kind == "processes" and len(batches) <= 1):
        for batch in batches:
            yield func(batch, shared)
        return
    if runner.kind == "processes":
        results = _run_processes(func, batches, shared, min(runner.workers, len(batches)), preload or func.__module__)
    else:
        results = _run_dask(func, batches, shared, runner.address)
    try:
        yield from results
    finally:  # stop the workers as soon as the caller stops, not when this is collected
        results.close()


def _each_item(batch: list, task: tuple[Callable, Any]) -> list:
    func, shared = task
    return [func(item, shared) for item in batch]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector off for a bulk of objects that hold no reference cycles
    (a batch's rows, the results unpickled and merged from the workers). Made faster
    than anything is freed, they set the collector off again and again, each time
    scanning the objects kept so far: it took 0.27 of the 0.32 s it took to unpickle the
    x100 extraction's results. Reference counting frees them all the same, and
    tests/test_executor.py checks the extraction leaves no cycles behind."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _batches(items: Sequence, sizes: list[int], n_batches: int) -> list[list]:
    """Contiguous runs of items of about equal total size (so the order is kept)."""
    if n_batches <= 0:  # here, or a cluster's cores we cannot see: about 1 MB of text each
        n_batches = max(1, sum(sizes) // 1_000_000)
    target = max(1, sum(sizes) / n_batches)
    batches, current, filled = [], [], 0
    for item, size in zip(items, sizes, strict=True):
        current.append(item)
        filled += size
        if filled >= target:
            batches.append(current)
            current, filled = [], 0
    if current:
        batches.append(current)
    return batches


# What a worker process was given at start-up: the function and the shared argument.
_WORKER_TASK: tuple[Callable, Any] | None = None


def _start_worker(func: Callable, shared: Any) -> None:
    global _WORKER_TASK
    _WORKER_TASK = (func, shared)


def _run_batch_in_worker(batch: list) -> Any:
    """A batch in one of our worker processes, which runs nothing else: the collector can
    pause (garbage with cycles, if a function made any, would wait for the batch's end).
    A Dask worker runs other tasks beside ours, so there the function runs as it is."""
    func, shared = _WORKER_TASK
    with collector_paused():
        return func(batch, shared)


def _process_context(preload: str) -> multiprocessing.context.BaseContext:
    """Workers come from a fork server, never forked from the caller: a Jupyter kernel
    has threads (heartbeat, output) whose locks a fork would copy mid-use. The server
    imports the work's module once, so each worker starts without re-importing pandas."""
    if "forkserver" not in multiprocessing.get_all_start_methods():
        return multiprocessing.get_context("spawn")
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload([preload])
    return context


def _run_processes(func: Callable, batches: list[list], shared: Any, workers: int, preload: str) -> Iterator:
    pool = ProcessPoolExecutor(
        max_workers=workers,
        mp_context=_process_context(preload),
        initializer=_start_worker,
        initargs=(func, shared),
    )
    try:
        yield from pool.map(_run_batch_in_worker, batches)
    except BrokenProcessPool as exc:
        raise RuntimeError(
            f"{ENV_VAR}: a worker process died ({exc}). A script that starts worker processes needs its "
            "work under `if __name__ == '__main__':` (each worker imports the script); or set EXECUTOR=serial."
        ) from exc
    finally:  # on an error here or in the caller, the batches not yet started are dropped
        pool.shutdown(wait=True, cancel_futures=True)


def _run_dask(func: Callable, batches: list[list], shared: Any, address: str) -> Iterator:
    from distributed import Client

    try:
        client = Client(address, set_as_default=False, timeout=DASK_CONNECT_TIMEOUT)
    except (OSError, TimeoutError) as exc:
        raise InputError(
            f"{ENV_VAR}={address}", f"no Dask scheduler answers there ({exc})", "Start the cluster or unset EXECUTOR."
        ) from None
    with client:
        shared_on_cluster = client.scatter(shared, broadcast=True, hash=False)
        batches_on_cluster = client.scatter(batches, hash=False)
        futures = [client.submit(func, b, shared_on_cluster, pure=False) for b in batches_on_cluster]
        del batches_on_cluster  # each batch's data stays on the cluster only until its task has run
        for future in futures:
            yield future.result()
            future.release()
