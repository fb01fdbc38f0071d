"""The build makes no network request: the end-to-end builds run with the network off."""

import os
import subprocess
import sys

import pytest
from conftest import NETGUARD, NETWORK_OFF


def test_the_guard_refuses_internet_sockets_and_logs_them(tmp_path):
    log = tmp_path / "attempts.log"
    env = dict(os.environ, PYTHONPATH=str(NETGUARD), NETGUARD_LOG=str(log))
    probe = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError as e:\n    print(e)"
    out = subprocess.run([sys.executable, "-c", probe], env=env, capture_output=True, text=True, check=True)
    assert "network disabled for this build" in out.stdout
    assert "192.0.2.1" in log.read_text(encoding="utf-8")


def test_the_namespace_has_no_network_where_the_machine_allows_one():
    if not NETWORK_OFF:
        pytest.skip("no network namespace for this user: the socket guard alone keeps the build offline")
    probe = "import socket\ntry:\n    socket.create_connection(('192.0.2.1', 80), timeout=1)\nexcept OSError as e:\n    print(e.errno)"
    out = subprocess.run([*NETWORK_OFF, sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "101"  # ENETUNREACH: no interface is up


def test_the_whole_build_ran_offline_and_asked_for_nothing(fixture_build):
    assert (fixture_build / "reports/briefing.pdf").is_file()
    log = fixture_build / "build/network-attempts.log"
    assert not log.exists() or log.read_text(encoding="utf-8") == "", log.read_text(encoding="utf-8")
