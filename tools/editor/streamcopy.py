"""The fast path: a clip the film shows whole joins the film as it is, with no re-encode.

The concat demuxer copies every segment's packets behind one set of decoder headers, so a clip can
stand in for its own segment only when its stream is exactly what the editor would have written:
H.264 in an MP4 with one video track, at the film's size and a constant frame rate equal to the
film's, yuv420p, the film's MP4 track timescale, and the very ``avcC`` (SPS and PPS) bytes the editor's encoder writes for the film's
``VideoFormat``. The reference ``avcC`` is read from one black frame encoded with the film's
settings, once per format. Clips written by ``render.video.write_clip`` at the film's size, rate and
x264 preset qualify; anything else is re-encoded as before.
"""

from __future__ import annotations

import tempfile
import threading
from pathlib import Path

import numpy as np

from tools.editor.encode import VideoFormat, encode_frames
from tools.errors import MediaError
from tools.mp4 import read_tracks
from tools.probe import MediaInfo

_REFERENCE: dict[VideoFormat, bytes] = {}
_LOCK = threading.Lock()


def reference_config(fmt: VideoFormat) -> bytes:
    """The ``avcC`` payload (SPS and PPS) the editor's encoder writes for ``fmt``; cached per format.

    Raises:
        EditError: ffmpeg could not encode the reference frame.
    """
    key = VideoFormat(fmt.width, fmt.height, fmt.fps, fmt.crf, fmt.preset)  # threads change no header
    with _LOCK:
        if key not in _REFERENCE:
            with tempfile.TemporaryDirectory(prefix="filmcrew-avcc-") as folder:
                path = Path(folder) / "black.mp4"
                encode_frames([np.zeros((fmt.height, fmt.width, 3), np.uint8)], key, path)
                (track,) = read_tracks(path)
                _REFERENCE[key] = track.avc_config or b""
        return _REFERENCE[key]


def can_copy(path: Path, info: MediaInfo, fmt: VideoFormat) -> bool:
    """True when the clip's stream can join the film's segments by stream copy, untouched.

    Args:
        path: The clip.
        info: What ``tools.probe.probe`` read from it.
        fmt: The film's format.
    """
    if (info.video_codec, info.pix_fmt, info.audio_codec) != ("h264", "yuv420p", None):
        return False
    if (info.width, info.height, info.fps) != (fmt.width, fmt.height, fmt.fps):
        return False
    try:
        tracks = read_tracks(path)
    except MediaError:
        return False
    if len(tracks) != 1:
        return False
    (track,) = tracks
    return (track.handler == "vide" and track.codec == "avc1" and track.timescale == fmt.fps * 1000
            and track.sample_ticks == 1000 and track.samples == info.num_frames
            and track.avc_config is not None and track.avc_config == reference_config(fmt))
