"""The bookkeeping of benchmarks/bench.py: which steps a build re-ran and whether a
measurement meets its target. The timings themselves are measured by `make bench`, not here."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "benchmarks"))

import bench  # noqa: E402

PIPELINE_OUTPUT = """==> 90_briefing (focus='all', period_start='', period_end='', title='')
    90_briefing done in 21.0 s -> build/executed/90_briefing.ipynb
Wrote:
  reports/briefing.html
"""


def _finished(seconds: float, output: str) -> bench.Finished:
    return bench.Finished(seconds, output, 100.0)


def test_steps_are_read_from_the_pipeline_lines():
    assert bench.steps_of(PIPELINE_OUTPUT) == ["90_briefing"]
    assert bench.steps_of("Wrote:\n  reports/briefing.html\n") == []


def test_a_rebuild_that_reruns_more_than_the_briefing_misses_its_target():
    ingest_too = "==> 10_ingest (defaults)\n" + PIPELINE_OUTPUT
    good = bench._build_row("b", [_finished(20, PIPELINE_OUTPUT)] * 3, ["90_briefing"], "only briefing", None)
    bad = bench._build_row("b", [_finished(20, PIPELINE_OUTPUT), _finished(20, ingest_too)], ["90_briefing"], "x", None)
    assert good.met and good.steps_rerun == "90_briefing"
    assert not bad.met and "10_ingest" in bad.steps_rerun


def test_noop_target_needs_both_nothing_rerun_and_under_a_second():
    quick = [_finished(0.4, "Wrote:\n"), _finished(0.5, "Wrote:\n"), _finished(0.6, "Wrote:\n")]
    slow = [_finished(1.4, "Wrote:\n")] * 3
    assert bench._build_row("n", quick, [], "t", bench.NOOP_LIMIT_S).met
    assert bench._build_row("n", quick, [], "t", bench.NOOP_LIMIT_S).median_s == 0.5
    assert not bench._build_row("n", slow, [], "t", bench.NOOP_LIMIT_S).met


def test_clean_build_target_is_one_and_a_half_baselines_plus_five_seconds():
    row = bench.Row.timed("build_clean", "x1", [30.0, 31.0, 29.0], steps_rerun=" ".join(bench.ALL_STEPS))
    bench.clean_build_target(row, baseline_s=20.0)
    assert "35.0 s" in row.target and row.met
    bench.clean_build_target(row, baseline_s=10.0)
    assert not row.met


def test_small_corpora_get_more_extraction_runs_and_quick_gets_one_of_each():
    args = bench.parse_args([])
    assert [bench.runs_at(size, args) for size in (1, 100, 1000)] == [9, 3, 2]
    args = bench.parse_args(["--small-runs", "4", "--extract-runs", "5"])
    assert [bench.runs_at(size, args) for size in (1, 9.9, 10, 5000)] == [4, 4, 5, 2]
    quick = bench.parse_args(["--quick"])
    assert [bench.runs_at(size, quick) for size in quick.size_list] == [1, 1]


def test_linearity_compares_seconds_per_mb_of_the_two_largest_sizes():
    rows = [
        bench.Row.timed("extract", "x1", [0.1], mb=0.04),
        bench.Row.timed("extract", "x100", [2.0], mb=4.0),
        bench.Row.timed("extract", "x1000", [30.0], mb=40.0),
    ]
    (row,) = bench._linearity_rows(rows)
    assert row.size == "x100->x1000" and not row.met  # 0.75 s/MB against 0.5 s/MB
    rows[-1] = bench.Row.timed("extract", "x1000", [22.0], mb=40.0)
    assert bench._linearity_rows(rows)[0].met


def test_linearity_against_x1_is_written_but_not_judged():
    # x1 is mostly fixed costs: any larger size reads faster per MB, so a "met" would say nothing
    rows = [bench.Row.timed("extract", "x1", [0.1], mb=0.04), bench.Row.timed("extract", "x100", [9.0], mb=4.0)]
    (row,) = bench._linearity_rows(rows)
    assert row.size == "x1->x100" and row.met is None and not row.target and "not judged" in row.notes


def test_a_phase_shorter_than_the_pss_interval_still_gets_a_pss_reading():
    import time

    with bench.PeakMemory(interval_s=0.01, pss_every=1000) as memory:
        time.sleep(0.05)
        memory.phase = "extract"  # over before the next periodic PSS reading
        time.sleep(0.03)
    assert memory.pss.get("extract", 0.0) > 0
    assert memory.rss["extract"] > 0


def test_stopped_sampling_reads_nothing_more_until_the_end_reading():
    """A x1 extraction runs with no sampler reading inside it (the reading costs the run
    it falls in); its phase still gets the reading taken as it ends."""
    import time

    with bench.PeakMemory(interval_s=0.002) as memory:
        time.sleep(0.02)
        memory.stop_sampling()
        phases = []
        memory._record = lambda phase, with_pss: phases.append((phase, with_pss))
        memory.phase = "extract"
        time.sleep(0.03)
        assert phases == []
    assert phases == [("extract", True)]
