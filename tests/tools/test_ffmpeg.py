"""run_ffmpeg: failures carry ffmpeg's own explanation."""

from __future__ import annotations

import os

import pytest

from tools.errors import EditError, ToolError
from tools.ffmpeg import ffmpeg_exe, run_ffmpeg


def test_bundled_ffmpeg_is_executable():
    assert os.access(ffmpeg_exe(), os.X_OK)


def test_failure_raises_edit_error_with_stderr_tail(tmp_path):
    missing = tmp_path / "missing.mp4"
    with pytest.raises(EditError) as caught:
        run_ffmpeg(["-y", "-i", str(missing), str(tmp_path / "out.mp4")])
    assert isinstance(caught.value, ToolError)
    assert "missing.mp4" in str(caught.value) and "No such file" in str(caught.value)
