"""environment.yml is the list; requirements.lock is what gets installed. They must agree."""

from pathlib import Path

import yaml

from helpers import envspec

REPO = Path(__file__).resolve().parents[1]


def lock_mismatches(pins: dict[str, str], lock: dict[str, tuple[str, set[str]]]) -> list[str]:
    problems = []
    for name, version in pins.items():
        if name not in lock:
            problems.append(f"{name} is in environment.yml but not in the lock")
        elif lock[name][0] != version:
            problems.append(f"{name}: environment.yml pins {version}, the lock {lock[name][0]}")
    for name, (_, via) in lock.items():
        direct = any(v.startswith("-r") or v.endswith("requirements.in") for v in via)
        if direct and name not in pins:
            problems.append(f"{name} is a direct requirement in the lock but not in environment.yml")
        if not via:
            problems.append(f"{name} is in the lock with no reason (no 'via')")
    return problems


def test_environment_yml_and_lock_agree():
    pins = envspec.pinned_requirements(REPO / "environment.yml")
    lock = envspec.parse_lock(REPO / "requirements.lock")
    assert pins, "no pinned pip packages found in environment.yml"
    assert lock_mismatches(pins, lock) == []


def test_the_check_catches_a_disagreement():
    lock = envspec.parse_lock(REPO / "requirements.lock")
    pins = dict(envspec.pinned_requirements(REPO / "environment.yml"))
    pins["pandas"] = "0.0.1"
    pins["not-a-real-package"] = "1.0"
    problems = lock_mismatches(pins, lock)
    assert any("pandas" in p for p in problems) and any("not-a-real-package" in p for p in problems)
    del pins["not-a-real-package"], pins["pandas"]
    assert any("pandas is a direct requirement" in p for p in lock_mismatches(pins, lock))


def test_the_stdlib_reader_agrees_with_a_real_yaml_parser():
    env = yaml.safe_load((REPO / "environment.yml").read_text(encoding="utf-8"))
    pip_list = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    parsed = dict(item.split("==") for item in pip_list)
    assert {envspec.normalise_name(k): v for k, v in parsed.items()} == envspec.pinned_requirements(
        REPO / "environment.yml"
    )
    assert "python=3.11" in env["dependencies"]


def test_every_dependency_says_why_it_is_there():
    lines = (REPO / "environment.yml").read_text(encoding="utf-8").splitlines()
    for line in lines:
        if "==" in line:
            assert "#" in line and len(line.split("#", 1)[1].strip()) > 10, line
