"""The CLI's answers to bad input: one line naming the option, exit code 2, nothing written."""

from __future__ import annotations

import subprocess
import sys

import pytest

BAD = [
    (["make", "   "], "idea"),
    (["make", "a storm", "--duration", "0"], "--duration"),
    (["make", "a storm", "--duration", "-5"], "--duration"),
    (["make", "a storm", "--duration", "99999"], "--duration"),
    (["make", "a storm", "--duration", "abc"], "--duration"),
    (["make", "a storm", "--aspect", "4:3"], "--aspect"),
    (["make", "a storm", "--resolution", "1280x720", "--aspect", "9:16"], "--resolution"),
    (["make", "a storm", "--fps", "0"], "--fps"),
    (["make", "a storm", "--backend", "nope"], "--backend"),
]


def filmcrew(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "filmcrew.cli", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.mark.parametrize(("args", "option"), BAD)
def test_bad_input_is_one_line_naming_the_option(tmp_path, args, option):
    out = tmp_path / "films"
    result = filmcrew(*args, "--out", str(out))
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("filmcrew: error:") and option in lines[0]
    assert not out.exists()  # nothing was written


def test_unknown_backend_lists_the_available_ones(tmp_path):
    result = filmcrew("make", "a storm", "--backend", "nope", "--out", str(tmp_path))
    assert "animatic" in result.stderr


def test_unwritable_output_folder(tmp_path):
    blocker = tmp_path / "file-not-folder"
    blocker.write_text("x")
    result = filmcrew("make", "a storm", "--out", str(blocker))
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [result.stderr.strip()]
    assert "--out" in result.stderr


def test_help_explains_every_option():
    result = filmcrew("make", "--help")
    assert result.returncode == 0
    for option in ("--duration", "--aspect", "--resolution", "--fps", "--out", "--lang", "--backend",
                   "--planner", "--model", "--base-url", "--seed"):
        assert option in result.stdout


def test_backends_lists_the_animatic():
    result = filmcrew("backends")
    assert result.returncode == 0
    assert "animatic" in result.stdout and "ready" in result.stdout
