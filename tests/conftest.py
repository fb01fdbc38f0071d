"""Shared fixtures. The end-to-end build runs the real notebooks, through the same runner
`make` uses, on a small fixture corpus in a temporary project tree."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CORPUS = REPO / "tests" / "fixtures" / "corpus"
STEPS = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.py"))
EXPECTATIONS = REPO / "tests" / "expectations"


def copy_annotated_sources(dest: Path, sources: Path = REPO / "data" / "sources") -> Path:
    """The project's sources that tests/expectations annotates (the five real ones), with
    their registry entries, in `dest`: what the tests check of the real corpus stays the
    same when an analyst adds a source to data/sources/, registered or not yet."""
    import yaml

    from helpers import evaluate

    annotated = set(evaluate.load_expectations(EXPECTATIONS))
    text = (sources / "sources.yml").read_text(encoding="utf-8")
    entries = yaml.safe_load(text)
    missing = sorted(annotated - {e["id"] for e in entries})
    assert not missing, f"tests/expectations annotates sources that data/sources/sources.yml lacks: {missing}"
    kept = [e for e in entries if e["id"] in annotated]
    dest.mkdir(parents=True)
    for e in kept:
        shutil.copy2(sources / e["file"], dest / e["file"])
    if len(kept) < len(entries):
        text = yaml.safe_dump(kept, sort_keys=False, allow_unicode=True)
    (dest / "sources.yml").write_text(text, encoding="utf-8")  # as it is when nothing was left out
    return dest


@pytest.fixture(scope="session")
def annotated_corpus(tmp_path_factory) -> Path:
    """copy_annotated_sources, once per test session."""
    return copy_annotated_sources(tmp_path_factory.mktemp("annotated") / "sources")


def write_corpus(folder: Path, files: dict[str, str], entries: list[dict]) -> Path:
    """A small corpus written by a test: each file's text, and its registry entries."""
    import yaml

    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "sources.yml").write_text(yaml.safe_dump(entries, sort_keys=False), encoding="utf-8")
    return folder


def make_project(root: Path, corpus: Path = FIXTURE_CORPUS) -> Path:
    """A project tree with the repo's notebooks, codebooks and templates and the given corpus."""
    shutil.copytree(REPO / "notebooks", root / "notebooks")
    shutil.copytree(REPO / "data" / "codebook", root / "data" / "codebook")
    shutil.copytree(REPO / "src" / "helpers" / "templates", root / "src" / "helpers" / "templates")
    shutil.copytree(corpus, root / "data" / "sources")
    return root


NETGUARD = REPO / "tests" / "netguard"


def network_off_prefix() -> list[str]:
    """A new network namespace with no interfaces up, where the machine allows it (root,
    as in CI); the socket guard below works everywhere."""
    if shutil.which("unshare"):
        probe = subprocess.run(["unshare", "--net", "true"], capture_output=True)
        if probe.returncode == 0:
            return ["unshare", "--net", "--"]
    return []


NETWORK_OFF = network_off_prefix()


def run_step(
    root: Path, *steps: str, skip_unchanged: bool = False, **env_overrides: str
) -> subprocess.CompletedProcess:
    """One step as `make` runs it, with the network off: internet sockets fail in every
    process of the build (tests/netguard), and each attempt is logged to
    build/network-attempts.log in the project tree."""
    (root / "build").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, BRIEFING_ROOT=str(root), SOURCE_DATE_EPOCH="1700000000", **env_overrides)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), env.get("PYTHONPATH", "")]))
    env["NETGUARD_LOG"] = str(root / "build" / "network-attempts.log")
    return subprocess.run(
        [
            *NETWORK_OFF,
            sys.executable,
            "-m",
            "helpers.pipeline",
            "run",
            *steps,
            *(["--skip-unchanged"] if skip_unchanged else []),
        ],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory) -> Path:
    """The whole pipeline, every step in order, once per test session."""
    root = make_project(tmp_path_factory.mktemp("project"))
    for step in STEPS:
        result = run_step(root, step)
        assert result.returncode == 0, f"{step} failed:\n{result.stdout}\n{result.stderr}"
    return root


@pytest.fixture
def boilerplate_codebook():
    from helpers import io

    return io.load_yaml_codebook(REPO / "data" / "codebook" / "boilerplate.yml")


@pytest.fixture(scope="session")
def real_build(tmp_path_factory, annotated_corpus) -> Path:
    """The whole pipeline on the five real sources, in a temporary tree."""
    root = make_project(tmp_path_factory.mktemp("real"), corpus=annotated_corpus)
    for step in STEPS:
        result = run_step(root, step)
        assert result.returncode == 0, f"{step}:\n{result.stderr}"
    return root
