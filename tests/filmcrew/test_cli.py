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
    (["make", "a storm", "--gpus", "0,1"], "--gpus"),  # the animatic has no GPU workers
    (["make", "a storm", "--backend", "wan", "--gpus", "0,x"], "--gpus"),
    (["make", "a storm", "--backend", "wan", "--gpus", "0"], "--gpus"),  # no CUDA device here
    (["make", "a storm", "--backend", "wan", "--device", "cuda:3"], "--device"),
    (["make", "a storm", "--backend", "wan", "--device", "tpu"], "--device"),
    (["make", "a storm", "--backend", "ltx", "--memory", "lots"], "--memory"),
    (["make", "a storm", "--backend", "wan", "--render-model", "./no-such-folder"], "--render-model"),
    (["make", "a storm", "--backend", "cogvideox", "--steps", "0"], "--steps"),
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
    for name in ("animatic", "cogvideox", "hunyuan", "ltx", "wan"):
        assert name in result.stderr


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


def test_backends_lists_every_backend_and_what_it_lacks_here():
    result = filmcrew("backends")
    assert result.returncode == 0
    lines = result.stdout.splitlines()
    starts = {line.split()[0]: i for i, line in enumerate(lines) if line and not line.startswith(" ")}
    assert list(starts) == ["animatic", "cogvideox", "hunyuan", "ltx", "wan"]
    animatic = lines[starts["animatic"]:starts["animatic"] + 3]
    wan = lines[starts["wan"]:starts["wan"] + 3]
    assert "here: ready" in animatic[2]
    assert "Wan-AI/Wan2.1-T2V-1.3B-Diffusers" in wan[1]  # what it needs
    assert "a CUDA GPU" in wan[2] and "hf download" in wan[2]  # what is missing on this CPU machine


def test_backends_checks_the_configured_model_folder(tmp_path):
    from tests.support.tiny import wan

    folder = wan.build(tmp_path / "tiny-wan", "t2v")
    env = {**__import__("os").environ, "FILMCREW_BACKEND": "wan", "FILMCREW_RENDER_MODEL": str(folder)}
    result = subprocess.run([sys.executable, "-m", "filmcrew.cli", "backends"], capture_output=True, text=True,
                            env=env, timeout=120)
    wan_here = next(line for line in result.stdout.splitlines()[::-1] if "here:" in line)
    assert f"model {folder}" not in wan_here  # the folder is there
    assert "Wan-AI/Wan2.1-I2V-14B-480P-Diffusers" in wan_here  # the image-to-video model is not
