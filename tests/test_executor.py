"""Where per-document work runs (helpers/executor.py): the choice from EXECUTOR, and the
same tables whether extraction runs here, in worker processes, on a Dask cluster or in
worker processes started from a Jupyter kernel."""

from __future__ import annotations

import gc
import operator
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path

import pandas as pd
import pytest

from helpers import corpus, executor, extract, io
from helpers.errors import InputError

REPO = Path(__file__).resolve().parents[1]
CODEBOOK = REPO / "data" / "codebook"


@pytest.mark.parametrize(
    "value, expected",
    [
        ("serial", executor.Executor("serial")),
        ("processes:3", executor.Executor("processes", 3)),
        (" processes:1 ", executor.Executor("processes", 1)),
        ("tcp://scheduler:8786", executor.Executor("dask", address="tcp://scheduler:8786")),
        ("tls://10.0.0.5:8786", executor.Executor("dask", address="tls://10.0.0.5:8786")),
        ("auto", None),
        ("", None),
        (None, None),
    ],
)
def test_executor_values(value, expected):
    assert executor.parse(value) == expected


def test_processes_means_one_worker_per_core(monkeypatch):
    monkeypatch.setattr(executor, "available_cores", lambda: 6)
    assert executor.parse("processes") == executor.Executor("processes", 6)


@pytest.mark.parametrize(
    "value", ["threads", "processes:0", "processes:two", "tcp://scheduler", "http://h:8786", "Serial"]
)
def test_an_unknown_executor_is_an_input_error_naming_the_variable_and_the_forms(value):
    with pytest.raises(InputError) as err:
        executor.parse(value)
    message = str(err.value)
    assert message.startswith("EXECUTOR") and repr(value.strip()) in message
    assert all(form in message for form in ("serial", "processes:N", "tcp://"))


def test_auto_runs_a_small_corpus_here_and_a_large_one_on_the_cores(monkeypatch):
    monkeypatch.delenv("EXECUTOR", raising=False)
    monkeypatch.setattr(executor, "available_cores", lambda: 2)
    assert executor.choose(work_size=42_000) == executor.Executor("serial")
    assert executor.choose(work_size=executor.AUTO_PARALLEL_SIZE) == executor.Executor("processes", 2)
    monkeypatch.setattr(executor, "available_cores", lambda: 1)
    assert executor.choose(work_size=10 * executor.AUTO_PARALLEL_SIZE) == executor.Executor("serial")


def test_the_environment_variable_chooses_unless_the_caller_does(monkeypatch):
    monkeypatch.setenv("EXECUTOR", "processes:3")
    assert executor.choose(work_size=1) == executor.Executor("processes", 3)
    assert executor.choose("serial", work_size=1) == executor.Executor("serial")
    monkeypatch.setenv("EXECUTOR", "gpu")
    with pytest.raises(InputError, match="EXECUTOR"):
        executor.choose(work_size=1)


def test_batches_keep_the_order_and_balance_the_sizes():
    items = list(range(10))
    batches = executor._batches(items, [5, 1, 1, 1, 1, 5, 1, 1, 1, 1], 3)
    assert [i for b in batches for i in b] == items
    assert len(batches) == 3 and all(batches)


def test_worker_processes_return_results_in_input_order():
    items = list(range(200))
    sizes = [1 + (i * 37) % 11 for i in items]  # uneven, so batches differ in length
    assert executor.map_ordered(operator.add, items, 1000, "processes:2", sizes) == [1000 + i for i in items]


def test_batches_come_back_whole_and_in_order_from_worker_processes():
    items = list(range(200))
    sizes = [1 + (i * 37) % 11 for i in items]
    # operator.concat(batch, []) is the batch itself, as the worker was given it
    batches = list(executor.imap_batches(operator.concat, items, [], "processes:2", sizes))
    assert [i for b in batches for i in b] == items
    assert len(batches) > 2 and all(batches)  # several per worker, each a contiguous run
    assert list(executor.imap_batches(operator.concat, items, [], "serial", sizes)) == [items]  # one batch here


def test_a_fork_server_started_ahead_makes_the_workers_and_nothing_starts_for_serial():
    """start_ahead starts the fork server while the caller goes on (a step reads its inputs
    meanwhile); the pool that follows takes its workers from that same server."""
    probe = textwrap.dedent(
        """
        import operator
        import time
        import psutil
        from helpers import executor

        def servers(expected=0):
            # A server just started may not have replaced this process's command line yet.
            for _ in range(50):
                found = [p.pid for p in psutil.Process().children() if "forkserver" in " ".join(p.cmdline())]
                if len(found) >= expected:
                    break
                time.sleep(0.1)
            return found

        executor.start_ahead(executor.Executor("serial"), "helpers.extract")
        print(len(servers()))
        executor.start_ahead(executor.Executor("processes", 2), "helpers.extract")
        ahead = servers(expected=1)
        print(len(ahead))
        print(executor.map_ordered(operator.add, [1, 2, 3], 10, "processes:2"))
        print(servers() == ahead)
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[:4] == ["0", "1", "[11, 12, 13]", "True"]


def test_a_script_without_a_main_guard_gets_a_clear_error(tmp_path):
    script = tmp_path / "unguarded.py"
    script.write_text(
        "import operator\nfrom helpers import executor\n"
        "print(executor.map_ordered(operator.add, [1, 2, 3], 1, 'processes:2'))\n"
    )
    result = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "if __name__ == '__main__':" in result.stderr and "EXECUTOR=serial" in result.stderr


def test_a_worker_reading_documents_imports_neither_pandas_nor_pyarrow():
    """Each worker imports helpers.extract and reads its batch of documents into packed
    columns; pandas and the schemas (about 110 MB per process) belong to the process that
    assembles the tables, and so does pyarrow, which imports pandas the first time it
    builds an array (0.7 s for each worker, at its start)."""
    probe = textwrap.dedent(
        f"""
        import sys
        from helpers import corpus, extract, io
        c = corpus.ingest_corpus({str(REPO / "data/sources/sources.yml")!r}, {str(REPO / "data/sources")!r},
                                 io.load_yaml_codebook({str(CODEBOOK / "boilerplate.yml")!r}))
        docs = extract.document_inputs(c.sources, c.passages, c.texts)
        books = [{str(CODEBOOK)!r} + "/" + name for name in
                 ("gazetteer.yml", "event_types.yml", "cooperation_areas.yml", "named_dates.yml", "setbacks.yml")]
        codebooks = extract.Codebooks.from_files(*books)
        for name in [m for m in sys.modules if m.split(".")[0] in ("pandas", "pyarrow", "pandera")]:
            del sys.modules[name]  # what the ingest loaded: a worker starts without them
        sys.modules.pop("helpers.schemas", None)
        chunk = extract.extract_batch(docs, codebooks)
        assert chunk.columns["mentions"], "the batch named nothing"
        print(sorted(m for m in ("pandas", "pyarrow", "pandera", "helpers.schemas") if m in sys.modules))
        """
    )
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


@pytest.fixture(scope="module")
def real_corpus():
    c = corpus.ingest_corpus(
        REPO / "data/sources/sources.yml", REPO / "data/sources", io.load_yaml_codebook(CODEBOOK / "boilerplate.yml")
    )
    codebooks = extract.Codebooks.from_files(
        CODEBOOK / "gazetteer.yml",
        CODEBOOK / "event_types.yml",
        CODEBOOK / "cooperation_areas.yml",
        CODEBOOK / "named_dates.yml",
        CODEBOOK / "setbacks.yml",
    )
    return c, codebooks


@pytest.fixture(scope="module")
def serial_tables(real_corpus):
    c, codebooks = real_corpus
    return extract.extract_tables(c.sources, c.passages, c.texts, codebooks, executor="serial")


def assert_same_tables(got: dict[str, pd.DataFrame], expected: dict[str, pd.DataFrame]) -> None:
    assert got.keys() == expected.keys()
    for name in expected:
        assert len(expected[name]) > 0, name
        pd.testing.assert_frame_equal(got[name], expected[name], obj=name)


def test_the_extraction_leaves_no_reference_cycles(real_corpus):
    """Workers pause the cycle collector over a batch (executor.collector_paused), which is
    safe only while a document's extraction makes no garbage that only it would free."""
    c, codebooks = real_corpus
    inputs = extract.document_inputs(c.sources, c.passages, c.texts)
    extract._extract_one(inputs[0], codebooks)  # caches and compiled patterns, made once
    gc.collect()
    with executor.collector_paused():
        assert not gc.isenabled()
        for doc in inputs:
            extract._extract_one(doc, codebooks)
        assert gc.collect() == 0  # the number of unreachable objects it had to find
    assert gc.isenabled()


def test_a_paused_collector_stays_off_if_it_was_off():
    gc.disable()
    try:
        with executor.collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_worker_processes_give_the_serial_tables(real_corpus, serial_tables):
    c, codebooks = real_corpus
    assert_same_tables(
        extract.extract_tables(c.sources, c.passages, c.texts, codebooks, executor="processes:2"), serial_tables
    )


def test_codebooks_used_here_still_go_to_a_worker_and_give_the_same_tables(real_corpus, serial_tables):
    """Codebooks whose automata the extraction built here are sent to a worker as their
    rows and strings (an automaton itself cannot be pickled), and read there the same."""
    c, codebooks = real_corpus
    assert "_finder" in vars(codebooks.gazetteer) and "event_cues" in vars(codebooks)  # built by serial_tables
    sent = pickle.loads(pickle.dumps(codebooks))
    assert "_finder" not in vars(sent.gazetteer)
    assert_same_tables(extract.extract_tables(c.sources, c.passages, c.texts, sent, executor="serial"), serial_tables)


def test_a_dask_cluster_gives_the_serial_tables(real_corpus, serial_tables, monkeypatch):
    distributed = pytest.importorskip("distributed")
    c, codebooks = real_corpus
    with distributed.LocalCluster(n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None) as cluster:
        monkeypatch.setenv("EXECUTOR", cluster.scheduler_address)  # as `EXECUTOR=tcp://... make report` gives it
        # Cut the corpus into one batch per document, so that both workers take part.
        monkeypatch.setattr(executor, "_batches", lambda items, sizes, n: [[item] for item in items])
        tables = extract.extract_tables(c.sources, c.passages, c.texts, codebooks)
    assert_same_tables(tables, serial_tables)


def test_an_unreachable_scheduler_is_an_input_error(monkeypatch):
    monkeypatch.setattr(executor, "DASK_CONNECT_TIMEOUT", "2s")
    with pytest.raises(InputError, match="no Dask scheduler answers"):
        executor.map_ordered(operator.add, [1, 2], 0, executor.Executor("dask", address="tcp://127.0.0.1:1"))


def test_worker_processes_start_from_a_jupyter_kernel(tmp_path):
    """A kernel has threads of its own: the pool must not fork it. The notebook extracts the
    real corpus in the kernel, serially and with two worker processes, and compares."""
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    code = textwrap.dedent(
        f"""
        import threading
        from pathlib import Path
        import pandas as pd
        from helpers import corpus, extract, io
        repo, codebook = Path({str(REPO)!r}), Path({str(CODEBOOK)!r})
        c = corpus.ingest_corpus(repo / "data/sources/sources.yml", repo / "data/sources",
                                 io.load_yaml_codebook(codebook / "boilerplate.yml"))
        codebooks = extract.Codebooks.from_files(*(codebook / f for f in
            ("gazetteer.yml", "event_types.yml", "cooperation_areas.yml", "named_dates.yml", "setbacks.yml")))
        serial = extract.extract_tables(c.sources, c.passages, c.texts, codebooks, executor="serial")
        runs_on = extract.start_executor(c.sources, "processes:2")  # as 20_extract starts it, ahead
        pooled = extract.extract_tables(c.sources, c.passages, c.texts, codebooks, executor=runs_on)
        for name in serial:
            pd.testing.assert_frame_equal(pooled[name], serial[name], obj=name)
        print("threads in the kernel:", threading.active_count(), "tables identical:", len(serial))
        """
    )
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
    nbclient.NotebookClient(
        nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    ).execute()
    printed = "".join(o.get("text", "") for o in nb.cells[0].outputs)
    threads = int(printed.split("threads in the kernel:")[1].split()[0])
    assert threads > 1, "the kernel should have threads of its own; otherwise this test proves nothing"
    assert "tables identical: 7" in printed
