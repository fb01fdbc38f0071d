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


def run_step(root: Path, step: str, **env_overrides: str) -> subprocess.CompletedProcess:
    """One step as `make` runs it, with the network off: internet sockets fail in every
    process of the build (tests/netguard), and each attempt is logged to
    build/network-attempts.log in the project tree."""
    (root / "build").mkdir(parents=True, exist_ok=True)
    env = dict(os.environ, BRIEFING_ROOT=str(root), SOURCE_DATE_EPOCH="1700000000", **env_overrides)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(NETGUARD), env.get("PYTHONPATH", "")]))
    env["NETGUARD_LOG"] = str(root / "build" / "network-attempts.log")
    return subprocess.run(
        [*NETWORK_OFF, sys.executable, "-m", "helpers.pipeline", "run", step],
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
def real_build(tmp_path_factory) -> Path:
    """The whole pipeline on the five real sources, in a temporary tree."""
    root = make_project(tmp_path_factory.mktemp("real"), corpus=REPO / "data" / "sources")
    for step in STEPS:
        result = run_step(root, step)
        assert result.returncode == 0, f"{step}:\n{result.stderr}"
    return root
