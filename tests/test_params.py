import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import params
from helpers.errors import InputError


def test_defaults_fill_in():
    assert params.validate({}) == {"focus": "all", "period_start": "", "period_end": "", "title": ""}


def test_unknown_focus_lists_the_allowed_values():
    with pytest.raises(InputError) as err:
        params.validate({"focus": "nat0"})
    message = str(err.value)
    assert "FOCUS='nat0'" in message
    for value in params.BY_NAME["focus"].allowed:
        assert value in message


def test_unknown_parameter_is_named():
    with pytest.raises(InputError) as err:
        params.validate({"fokus": "un"})
    assert "'fokus'" in str(err.value)


@pytest.mark.parametrize("bad", ["2005-13-01x", "May 2005", "05"])
def test_period_must_be_iso(bad):
    with pytest.raises(InputError):
        params.validate({"period_start": bad})


@pytest.mark.parametrize("bad", ["2021-13", "2021-00", "2021-02-30", "2021-04-31", "0000"])
def test_period_must_be_on_the_calendar(bad):
    # month 13 once passed the check and stopped 90_briefing halfway through the build
    with pytest.raises(InputError, match="is not a date") as err:
        params.validate({"period_end": bad})
    assert "PERIOD_END" in str(err.value) and "01 to 12" in str(err.value)


@pytest.mark.parametrize("good", ["2024-02-29", "2021-12", "1947", ""])
def test_real_dates_pass(good):
    assert params.validate({"period_start": good})["period_start"] == good


def test_period_must_not_be_reversed():
    with pytest.raises(InputError):
        params.validate({"period_start": "2010", "period_end": "2005"})


def test_suffix_and_help_come_from_the_same_definition():
    assert params.output_suffix("all") == "" and params.output_suffix("un") == "-un"
    help_text = "\n".join(params.help_lines())
    for p in params.PARAMETERS:
        assert p.make_var in help_text


def test_command_line_check_exits_non_zero_on_bad_value(capsys):
    assert params.main(["check", "--focus", "everything"]) == 2
    assert "Allowed values" in capsys.readouterr().err


def test_stamp_is_rewritten_only_when_values_change(tmp_path):
    stamp = tmp_path / "params.json"
    assert params.main(["stamp", "--out", str(stamp), "--focus", "un"]) == 0
    first = stamp.stat().st_mtime_ns
    assert not params.write_if_changed(stamp, stamp.read_text())
    assert stamp.stat().st_mtime_ns == first


def test_command_line_check_reads_make_variables_from_the_environment(monkeypatch, capsys):
    monkeypatch.setenv("FOCUS", "bogus")
    assert params.main(["check"]) == 2
    assert "FOCUS='bogus'" in capsys.readouterr().err
    monkeypatch.setenv("FOCUS", "un")
    assert params.main(["check"]) == 0


# --------------------------------------------------------------- on make's command line

REPO = Path(__file__).resolve().parents[1]


def _make(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"}
    return subprocess.run(
        ["make", "-n", "--no-print-directory", *args], cwd=REPO, env=env, capture_output=True, text=True
    )


@pytest.mark.parametrize("typo, hint", [("FOCU=un", ""), ("focus=un", "did you mean FOCUS?")])
def test_a_variable_nothing_reads_stops_make_naming_it(typo, hint):
    """Ignored, a typo would build the default briefing without a word."""
    result = _make("help", typo)
    assert result.returncode != 0
    assert f"{typo.split('=')[0]} is not a variable this project reads" in result.stderr and hint in result.stderr


def test_a_make_that_runs_this_one_passes_its_own_variables_unjudged():
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "MFLAGS"} | {"MAKELEVEL": "1"}
    result = subprocess.run(
        ["make", "-n", "--no-print-directory", "help", "PREFIX=/opt"], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert _make("help", "PYTEST_ADDOPTS=-k contents").returncode == 0  # for the tests' own runner


def test_a_value_with_spaces_and_equals_signs_is_one_variable():
    result = _make("help", "TITLE=Pakistan and the UN: x=y, a b", "FILE=my copy.txt")
    assert result.returncode == 0, result.stderr


def test_the_makefile_knows_every_run_parameter():
    line = next(ln for ln in (REPO / "Makefile").read_text().splitlines() if ln.startswith("RUN_PARAMETERS :="))
    assert line.split(":=")[1].split() == [p.make_var for p in params.PARAMETERS]


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"FOCUS": "un"},
        {"PERIOD_START": "2017"},
        {"FOCUS": "regional", "PERIOD_START": "2017-06", "PERIOD_END": "2024"},
        {"PERIOD_END": "2001-09-11"},
        {"FOCUS": " un ", "PERIOD_START": "2017 "},  # spaces around a value: read without them, by both
    ],
)
def test_a_period_briefing_has_a_name_of_its_own_and_make_names_it_alike(given):
    """`make report PERIOD_START=2017` had written over reports/briefing.html, the whole
    briefing, with no word (newcomer's review)."""
    values = params.validate({p.name: given.get(p.make_var) for p in params.PARAMETERS})
    suffix = params.suffix_of(values)
    assert (suffix == "") == (values["focus"] == "all" and not values["period_start"] and not values["period_end"])
    printed = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "Makefile", "--eval", "print-suffix: ; @echo '[$(SUFFIX)]'",
         "print-suffix", *(f"{k}={v}" for k, v in given.items())],
        cwd=REPO, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k not in {p.make_var for p in params.PARAMETERS}},
    )  # fmt: skip
    assert printed.stdout.strip() == f"[{suffix}]"


def test_an_empty_focus_is_the_default_one():
    """'make report FOCUS=' failed as 'not an allowed value', and make's outputs had been
    named 'briefing-.html'."""
    assert params.validate({"focus": ""})["focus"] == "all"
    printed = subprocess.run(
        ["make", "-s", "--no-print-directory", "-f", "Makefile", "--eval", "p: ; @echo '[$(SUFFIX)]'", "p", "FOCUS="],
        cwd=REPO, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k != "FOCUS"},
    )  # fmt: skip
    assert printed.stdout.strip() == "[]"


def test_an_unknown_executor_stops_the_build_before_any_work(tmp_path):
    """'make report EXECUTOR=bogus' said 'Up to date' when no step needed running; it was
    refused only once a step ran."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")} | {"EXECUTOR": "bogus"}
    env["PYTHONPATH"] = str(REPO / "src")
    out = subprocess.run(
        [sys.executable, "-m", "helpers.params", "stamp", "--out", str(tmp_path / "p.json")],
        env=env, capture_output=True, text=True,
    )  # fmt: skip
    assert out.returncode == 2 and "EXECUTOR: unknown value 'bogus'" in out.stderr
    assert not (tmp_path / "p.json").exists()
    env["EXECUTOR"] = "processes:2"
    subprocess.run(
        [sys.executable, "-m", "helpers.params", "stamp", "--out", str(tmp_path / "p.json")], env=env, check=True
    )


@pytest.mark.parametrize(
    "given",
    [
        {},
        {"focus": "un", "period_start": "2017"},
        {"period_end": "2001-09-11", "title": "Pakistan's UN years: x=y, (a) $b"},
    ],
)
def test_the_command_method_gives_builds_the_same_parameters_through_a_shell_and_make(given):
    """The Method section tells an analyst how to rebuild a briefing; the command, pasted
    into a shell, must hand make the very values the briefing was built with."""
    values = params.validate(given)
    command = params.make_command(values)
    assert command.startswith("make report")
    show = "$(info " + "|".join(f"[$({p.make_var})]" for p in params.PARAMETERS) + ")"
    printed = subprocess.run(
        f"make -s --no-print-directory -f Makefile --eval {shlex.quote(show)} --eval 'p: ; @:' p"
        + command.removeprefix("make report"),
        shell=True, cwd=REPO, capture_output=True, text=True, check=True,
        env={k: v for k, v in os.environ.items() if not k.startswith("MAKE") and k not in {p.make_var for p in params.PARAMETERS}},
    )  # fmt: skip
    shown = {p.name: v for p, v in zip(params.PARAMETERS, printed.stdout.strip()[1:-1].split("]|["), strict=True)}
    assert params.validate(shown) == values
    assert len(shlex.split(command)) == 2 + sum(
        v != p.default for p, v in zip(params.PARAMETERS, values.values(), strict=True)
    )


def test_the_command_that_rebuilds_a_briefing_can_be_run_as_printed():
    """A title with an apostrophe had printed TITLE='Pakistan's role', which no shell runs."""
    values = {"focus": "un", "period_start": "", "period_end": "2020", "title": "Pakistan's role, $5 bn"}
    command = params.make_command(values)
    assert shlex.split(command) == ["make", "report", "FOCUS=un", "PERIOD_END=2020", "TITLE=Pakistan's role, $$5 bn"]
    assert params.make_command({"focus": "all", "period_start": "", "period_end": "", "title": ""}) == ("make report")
